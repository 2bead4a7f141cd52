//! The fault matrix (issue 15): a read, a write, a stream and a token fetch of Linkflow through
//! every fault of `client_core::fault::matrix::cases`, on the fault server forwarding to the
//! sandbox. The canary is the App Secret (the fault server swaps it for the sandbox's) and the
//! token of the expired-token answer. The table is `docs/reliability.md` § Fault matrix.

use std::path::Path;

use client_core::fault::matrix::{self, CellContext, Column, MatrixVendor, TokenEndpoint};
use client_core::fault::{Responder, WireResponse};
use futures::TryStreamExt as _;
use futures::future::BoxFuture;
use linkflow_client::Client;
use linkflow_client::testing::{APP_KEY, APP_SECRET, Sandbox};

const CANARY: &str = "CANARY-lf-7d1f0c9e2b";

struct Linkflow;

impl MatrixVendor for Linkflow {
    type Upstream = Sandbox;

    fn name(&self) -> &'static str {
        "linkflow"
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column {
                name: "read",
                method: "GET",
                path: "/open/groups",
                write: false,
                stream: false,
                single_use: false,
                max_requests: 8,
            },
            Column {
                name: "write",
                method: "POST",
                path: "/open/groups",
                write: true,
                stream: false,
                single_use: false,
                max_requests: 8,
            },
            Column {
                name: "stream",
                method: "GET",
                path: "/open/contacts/cursor",
                write: false,
                stream: true,
                single_use: false,
                max_requests: 24,
            },
            Column {
                name: "token refresh",
                method: "GET",
                path: "/token",
                write: false,
                stream: false,
                single_use: false,
                max_requests: 8,
            },
        ]
    }

    fn token(&self) -> Option<TokenEndpoint> {
        Some(TokenEndpoint {
            method: "GET",
            path: "/token",
            expired: WireResponse::json(
                200,
                format!(r#"{{"expiration": "2001-01-01 08:00:00", "token": "{CANARY}"}}"#),
            ),
            revoked: WireResponse::json(
                401,
                r#"{"domain": "linkflow", "code": "B00401", "message": "invalid token"}"#,
            ),
        })
    }

    fn credential_names(&self) -> Vec<&'static str> {
        vec!["x-openapi-token", "x-openapi-key", "x-openapi-secret"]
    }

    fn start_upstream(&self, canary: &str) -> client_core::Result<(Sandbox, Responder)> {
        let sandbox = Sandbox::builder().start()?;
        let responder = Responder::forward_to(sandbox.base_url()).replacing(canary, APP_SECRET);
        Ok((sandbox, responder))
    }

    fn run<'a>(
        &'a self,
        _sandbox: &'a Sandbox,
        cell: &'a CellContext<'a>,
    ) -> BoxFuture<'a, client_core::Result<String>> {
        Box::pin(async move {
            let client = Client::builder()
                .base_url(cell.base_url)
                .credentials(APP_KEY, cell.canary)
                .timeout(cell.timeout)
                .build()?;
            match cell.column.name {
                "write" => {
                    let group = client.groups().create("fault matrix").send().await?;
                    Ok(format!("created {:?}", group.name))
                }
                "stream" => {
                    let contacts: Vec<_> = client
                        .contacts()
                        .cursor()
                        .size(2)
                        .stream()
                        .try_collect()
                        .await?;
                    let ids: Vec<String> = contacts.iter().map(|c| c.id.to_string()).collect();
                    Ok(format!("{} contacts: {}", ids.len(), ids.join(",")))
                }
                _ => {
                    let groups = client.groups().list().send().await?;
                    let ids: Vec<String> = groups.iter().map(|g| g.id.to_string()).collect();
                    Ok(format!("{} groups: {}", ids.len(), ids.join(",")))
                }
            }
        })
    }
}

#[test]
fn linkflow_fault_matrix() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/reliability.md");
    runtime.block_on(matrix::run_and_check(&Linkflow, CANARY, &doc));
}
