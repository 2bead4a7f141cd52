//! The fault matrix (issue 15): a read and a stream of Tanma's clue API through every fault of
//! `client_core::fault::matrix::cases`, on the fault server forwarding to the sandbox. The API
//! documents no write and no tokens (each request is signed with the app key), so there is no
//! write column and the token rows are n/a. The canary is the app key (the signing key). The
//! table is `docs/reliability.md` § Fault matrix.

use std::path::Path;

use client_core::fault::Responder;
use client_core::fault::matrix::{self, CellContext, Column, MatrixVendor, TokenEndpoint};
use client_core::time::VendorTime;
use clue_client::testing::{APP_ID, Sandbox};
use futures::TryStreamExt as _;
use futures::future::BoxFuture;

const CANARY: &str = "CANARY-tanma-3b8e61f7a0";

struct Tanma;

fn at(text: &str) -> client_core::Result<VendorTime> {
    VendorTime::parse(text).map_err(|e| client_core::Error::invalid_input("time", e.to_string()))
}

impl MatrixVendor for Tanma {
    type Upstream = Sandbox;

    fn name(&self) -> &'static str {
        "clue"
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column {
                name: "read",
                method: "POST",
                path: "/api/v3/clue/get",
                write: false,
                stream: false,
                single_use: false,
                max_requests: 3,
            },
            Column {
                name: "stream",
                method: "POST",
                path: "/api/v3/clue/list-by-create-time-asc",
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
        vec!["appid", "appkey", "sign", "timestamp"]
    }

    fn start_upstream(&self, canary: &str) -> client_core::Result<(Sandbox, Responder)> {
        let sandbox = Sandbox::builder().credentials(APP_ID, canary).start()?;
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
                .credentials(APP_ID, cell.canary)
                .timeout(cell.timeout)
                .build()?;
            if cell.column.name == "stream" {
                let clues: Vec<_> = client
                    .clues()
                    .list_by_create_time_asc(at("2021-05-01 00:00:00")?, at("2021-06-01 00:00:00")?)
                    .size(5)
                    .stream()
                    .try_collect()
                    .await?;
                let ids: Vec<String> = clues.iter().map(|c| c.customer_id.to_string()).collect();
                Ok(format!("{} clues: {}", ids.len(), ids.join(",")))
            } else {
                let clue = client.clues().get(410983932389440_i64).await?;
                Ok(format!(
                    "clue {}: {:?}",
                    clue.customer_id,
                    clue.field("name").and_then(|f| f.raw)
                ))
            }
        })
    }
}

#[test]
fn clue_fault_matrix() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/reliability.md");
    runtime.block_on(matrix::run_and_check(&Tanma, CANARY, &doc));
}
