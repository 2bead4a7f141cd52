//! The fault matrix (issue 15): a read, a write and a token refresh of Wukong through every
//! fault of `client_core::fault::matrix::cases`, on the fault server forwarding to the sandbox.
//! Wukong has no paged listing (the lists come whole), so there is no stream column. Each cell
//! first authorises directly on the sandbox (code exchange); its client then starts with that
//! token in its store — valid for the read and the write, expired (refresh token still good) for
//! the token refresh, which refreshes and then reads. The canary is the app secret and the
//! tokens of the expired-token answer. The table is `docs/reliability.md` § Fault matrix.

use std::path::Path;

use client_core::fault::matrix::{self, CellContext, Column, MatrixVendor, TokenEndpoint};
use client_core::fault::{Responder, WireResponse};
use client_core::store::{MemoryStore, TokenStore as _};
use client_core::token::Token;
use futures::future::BoxFuture;
use secrecy::ExposeSecret as _;
use wukong_client::models::NewLead;
use wukong_client::testing::{APPID, Sandbox};

const CANARY: &str = "CANARY-wk-9c4d2e7a18";

struct Wukong;

impl MatrixVendor for Wukong {
    type Upstream = Sandbox;

    fn name(&self) -> &'static str {
        "wukong"
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column {
                name: "read",
                method: "POST",
                path: "/openv1/list",
                write: false,
                stream: false,
                single_use: false,
                max_requests: 8,
            },
            Column {
                name: "write",
                method: "POST",
                path: "/importv1/potential",
                write: true,
                stream: false,
                single_use: false,
                max_requests: 8,
            },
            Column {
                name: "token refresh",
                method: "POST",
                path: "/oauth/token",
                write: false,
                stream: false,
                single_use: true,
                max_requests: 8,
            },
        ]
    }

    fn token(&self) -> Option<TokenEndpoint> {
        Some(TokenEndpoint {
            method: "POST",
            path: "/oauth/token",
            expired: WireResponse::json(
                200,
                format!(
                    r#"{{"access_token": "{CANARY}", "expires_in": 0, "refresh_token": "{CANARY}"}}"#
                ),
            ),
            revoked: WireResponse::json(
                200,
                r#"{"code": 40014, "msg": "invalid access_token", "data": null}"#,
            ),
        })
    }

    fn credential_names(&self) -> Vec<&'static str> {
        vec!["access_token", "appsecret", "refresh_token", "code"]
    }

    fn start_upstream(&self, canary: &str) -> client_core::Result<(Sandbox, Responder)> {
        let sandbox = Sandbox::builder().credentials(APPID, canary).start()?;
        let responder = Responder::forward_to(sandbox.base_url());
        Ok((sandbox, responder))
    }

    fn run<'a>(
        &'a self,
        sandbox: &'a Sandbox,
        cell: &'a CellContext<'a>,
    ) -> BoxFuture<'a, client_core::Result<String>> {
        Box::pin(async move {
            // Authorise directly on the sandbox, outside the fault server.
            let issued = MemoryStore::new();
            let setup = sandbox
                .client_builder()
                .token_store(issued.clone())
                .build()?;
            setup.oauth().exchange_code(sandbox.issue_code()).await?;
            let token = issued
                .load()
                .await?
                .ok_or_else(|| client_core::Error::config("the exchange stored no token"))?;
            let refresh = token
                .refresh()
                .map(|r| r.expose_secret().to_owned())
                .unwrap_or_default();
            let token = if cell.column.name == "token refresh" {
                let long_ago = chrono::Utc::now() - chrono::TimeDelta::minutes(10);
                Token::expiring_in(
                    token.access().expose_secret().to_owned(),
                    long_ago,
                    std::time::Duration::from_secs(120),
                )
                .with_refresh(refresh)
            } else {
                token
            };
            let client = sandbox
                .client_builder()
                .base_url(cell.base_url)
                .appsecret(cell.canary.to_owned())
                .token_store(MemoryStore::with_token(token))
                .timeout(cell.timeout)
                .build()?;
            if cell.column.name == "write" {
                let answer = client
                    .leads()
                    .import(NewLead::new().wechat("fault-matrix"))
                    .wk_uid("10010")
                    .send()
                    .await?;
                Ok(format!("imported: {}", answer.data()))
            } else {
                let answer = client.leads().list().send().await?;
                let ids: Vec<String> = answer
                    .data()
                    .leads
                    .iter()
                    .map(|l| l.id.clone().unwrap_or_default())
                    .collect();
                Ok(format!("{} leads: {}", ids.len(), ids.join(",")))
            }
        })
    }
}

#[test]
fn wukong_fault_matrix() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/reliability.md");
    runtime.block_on(matrix::run_and_check(&Wukong, CANARY, &doc));
}
