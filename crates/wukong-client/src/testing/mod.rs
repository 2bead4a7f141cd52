//! A Wukong sandbox (feature `testing`): a loopback 悟空数据 on client-core's sandbox base, for
//! downstream tests and the examples.
//!
//! Rules (the vendor documents no responses; the sandbox answers in the envelope this crate
//! assumes, `{"code", "msg", "data"}`, with the codes of [`crate::codes`]):
//!
//! * `POST /oauth/code` checks `appid` and an absolute `redirect_uri`, issues a single-use code
//!   living [`SandboxBuilder::code_lifetime`], answers with the documented redirect
//!   (`302 Location: <redirect_uri>?code=…`; [`SandboxBuilder::code_in_json`] answers in JSON
//!   instead) and records that redirect ([`Sandbox::last_redirect`]);
//! * `POST /oauth/token` answers the bare `{access_token, expires_in, refresh_token}` of the
//!   fixtures. It checks `appid`/`appsecret` (`40013`/`40125`); with `code`: an unknown or
//!   used code is `40029`, an expired one `42003`; with `refresh_token`: an unknown one — including
//!   one already used, because every refresh **rotates** the refresh token — is `40030`, an expired
//!   one `42002`. Tokens live [`SandboxBuilder::access_lifetime`] /
//!   [`SandboxBuilder::refresh_lifetime`];
//! * the data APIs require a live `access_token` (form field, or JSON member for the batch
//!   import): missing `41001`, unknown `40014`, expired `42001` (`access_token expired`);
//! * `/openv1/list` returns every lead, `/openv1/potential` only those Wukong found (seeded), both
//!   filtered by `wk_uid`, `company_id`, `create_at`, `create_at_start`, `create_at_end`, in the
//!   shape of the crate's fixtures (`{"code": 0, "msg": "success", "data": [lead, …]}`);
//! * `/importv1/potential` takes one lead (form) or a batch (JSON `data`), rejects a lead without
//!   a contact field (`40035`), and stores the leads (visible to `/openv1/list`).
//!
//! Time comes from a [`Clock`](crate::Clock): share a [`ManualClock`](crate::ManualClock) between
//! the sandbox and the client to test expiry without sleeping.
//!
//! ```
//! # async fn demo() -> wukong_client::Result<()> {
//! use wukong_client::testing::Sandbox;
//!
//! let sandbox = Sandbox::start()?;
//! let client = sandbox.client_builder().build()?;
//! client.oauth().request_code("https://app.example.com/cb").await?;
//! client.oauth().exchange_redirect(&sandbox.last_redirect().unwrap_or_default()).await?;
//! let leads = client.leads().list().send().await?;
//! assert!(!leads.data().leads.is_empty());
//! # Ok(()) }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
//! ```
//!
//! | file | what |
//! |---|---|
//! | `builder.rs` | [`SandboxBuilder`] |
//! | `sandbox.rs` | [`Sandbox`] |
//! | `sandbox_lead.rs` | [`SandboxLead`] |
//! | `state.rs` | [`State`]: codes, tokens and leads |
//! | `oauth_routes.rs` | `/oauth/code`, `/oauth/token` and the access-token check |
//! | `lead_routes.rs` | `/openv1/list`, `/openv1/potential`, `/importv1/potential` |

mod builder;
mod lead_routes;
mod oauth_routes;
mod sandbox;
mod sandbox_lead;
mod state;

pub use builder::SandboxBuilder;
pub use sandbox::Sandbox;
pub use sandbox_lead::SandboxLead;
pub use state::State;

use client_core::sandbox::SandboxResponse;
use serde_json::json;

/// The `appid` the sandbox accepts by default.
pub const APPID: &str = "sandbox-appid";
/// The `appsecret` the sandbox accepts by default.
pub const APPSECRET: &str = "sandbox-appsecret";

/// An answer in the envelope this crate assumes, with an error `code` and `msg`.
fn error(code: i64, msg: &str) -> SandboxResponse {
    SandboxResponse::json(200, &json!({ "code": code, "msg": msg }))
}
