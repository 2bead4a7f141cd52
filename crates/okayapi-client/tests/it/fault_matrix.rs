//! The fault matrix (issue 15): a read, a write and a stream of OkayAPI through every fault of
//! `client_core::fault::matrix::cases`, on the fault server forwarding to the sandbox. OkayAPI
//! has no tokens (each request is signed with the app secret), so the token rows are n/a. The
//! canary is the app secret. The table is `docs/reliability.md` § Fault matrix.

use std::path::Path;

use client_core::fault::Responder;
use client_core::fault::matrix::{self, CellContext, Column, MatrixVendor, TokenEndpoint};
use futures::TryStreamExt as _;
use futures::future::BoxFuture;
use okayapi_client::models::{SaveVarDataParams, UseRecordStatisticsParams, VarDatasParams};
use okayapi_client::testing::{APP_KEY, Sandbox};
use secrecy::SecretString;
use serde_json::json;

const CANARY: &str = "CANARY-okay-5e0a93c1d4";

struct OkayApi;

impl MatrixVendor for OkayApi {
    type Upstream = Sandbox;

    fn name(&self) -> &'static str {
        "okayapi"
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column {
                name: "read",
                method: "POST",
                path: "/api/SVIP/Swxiryan0788_MyApi/AGetAndyVarDatas",
                write: false,
                stream: false,
                single_use: false,
                max_requests: 3,
            },
            Column {
                name: "write",
                method: "POST",
                path: "/api/SVIP/Swxiryan0788_MyApi/ASaveAndyVardDtas",
                write: true,
                stream: false,
                single_use: false,
                max_requests: 3,
            },
            Column {
                name: "stream",
                method: "POST",
                path: "/api/SVIP/Swxiryan0788_MyApi/AAndyUseRecordStatistics",
                write: false,
                stream: true,
                single_use: false,
                max_requests: 9,
            },
        ]
    }

    fn token(&self) -> Option<TokenEndpoint> {
        None
    }

    fn credential_names(&self) -> Vec<&'static str> {
        vec!["app_key", "sign", "token", "uuid"]
    }

    fn start_upstream(&self, canary: &str) -> client_core::Result<(Sandbox, Responder)> {
        let sandbox = Sandbox::builder()
            .credentials(APP_KEY, SecretString::from(canary.to_owned()))
            .start()?;
        let rows: Vec<_> = (0..25)
            .map(|i| {
                json!({
                    "assistant_type": "1", "dd_group_name": "群", "user_dd_nick": format!("用户{i}"),
                    "consult_content": "问", "conversation_type": "2",
                    "use_time": "2024-05-20 10:00:00", "use_date": "2024-05-20",
                    "assistant_name": "助手"
                })
            })
            .collect();
        sandbox.set_list("AAndyUseRecordStatistics", rows)?;
        let responder = Responder::forward_to(sandbox.base_url());
        Ok((sandbox, responder))
    }

    fn run<'a>(
        &'a self,
        sandbox: &'a Sandbox,
        cell: &'a CellContext<'a>,
    ) -> BoxFuture<'a, client_core::Result<String>> {
        Box::pin(async move {
            let client = sandbox
                .client_builder()
                .base_url(cell.base_url)
                .credentials(APP_KEY, SecretString::from(cell.canary.to_owned()))
                .timeout(cell.timeout)
                .build()?;
            match cell.column.name {
                "write" => {
                    let saved = client
                        .process_data()
                        .save(SaveVarDataParams::new().user_id(1))
                        .await?;
                    Ok(format!("saved {}", saved.id))
                }
                "stream" => {
                    let rows: Vec<_> = client
                        .usage()
                        .statistics_stream(UseRecordStatisticsParams::new().perpage(10u32))
                        .try_collect()
                        .await?;
                    let nicks: Vec<String> = rows
                        .iter()
                        .map(|r| r.user_dd_nick.clone().unwrap_or_default())
                        .collect();
                    Ok(format!("{} rows: {}", rows.len(), nicks.join(",")))
                }
                _ => {
                    let rows = client
                        .process_data()
                        .get(VarDatasParams::new(10086u64))
                        .await?;
                    let names: Vec<String> = rows
                        .datas
                        .iter()
                        .map(|r| r.user_name.clone().unwrap_or_default())
                        .collect();
                    Ok(format!("{} rows: {}", names.len(), names.join(",")))
                }
            }
        })
    }
}

#[test]
fn okayapi_fault_matrix() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/reliability.md");
    runtime.block_on(matrix::run_and_check(&OkayApi, CANARY, &doc));
}
