//! Typed client for the 悟空数据 Wukong Data open API (`open.wukongdata.com`): the OAuth code
//! flow with a persisted, single-flight token, and the three data APIs.
//!
//! | `wukong.md` section | Operation | Method |
//! |---|---|---|
//! | 1.1 获取授权码 | `POST /oauth/code` | [`client.oauth().request_code(redirect_uri)`](api::oauth::OAuth::request_code), then [`auth::code_from_redirect`] |
//! | 1.2 获取access_token | `POST /oauth/token` (`code`) | [`client.oauth().exchange_code(code)`](api::oauth::OAuth::exchange_code) |
//! | 1.3 刷新access_token | `POST /oauth/token` (`refresh_token`) | automatic; [`client.oauth().refresh()`](api::oauth::OAuth::refresh) to force |
//! | 2.1 获取潜客列表 | `POST /openv1/list` | [`client.leads().list()`](api::leads::Leads::list) |
//! | 2.2 获取悟空潜客 | `POST /openv1/potential` | [`client.leads().potential()`](api::leads::Leads::potential) |
//! | 2.3 加入悟空潜客 | `POST /importv1/potential` | [`client.leads().import(lead)`](api::leads::Leads::import), [`client.leads().import_batch(leads)`](api::leads::Leads::import_batch) |
//!
//! **Tokens.** The access token (2 hours) is cached and refreshed before it expires, one refresh
//! at a time however many tasks ask. With a token store — [`ClientBuilder::token_file`] for a
//! file that survives restarts and is locked across processes — the access and refresh tokens
//! are saved after every exchange and refresh, and a restarted process resumes from the saved
//! refresh token without a new authorisation code. A refused refresh token is
//! [`Error::is_reauthorization_required`]: send a person through `/oauth/code` again. An access
//! token the server calls stale (see [`codes`]) is refreshed and the request replayed once.
//!
//! **Responses** are not documented by Wukong: the envelope is read tolerantly
//! (`code`/`errcode`, `msg`/`errmsg`/`message`, `data`), and every result keeps its raw JSON
//! ([`ApiResponse::raw_json`]).
//!
//! ```no_run
//! use wukong_client::{Client, models::NewLead};
//!
//! # async fn run() -> Result<(), wukong_client::Error> {
//! let client = Client::builder()
//!     .appid("wk-app-id")
//!     .appsecret("wk-app-secret")
//!     .token_file("/var/lib/myapp/wukong-token.json")
//!     .build()?;
//!
//! // Once: ask for a code, then exchange what arrives at the redirect URI.
//! if client.oauth().ensure_token().await.is_err() {
//!     client.oauth().request_code("https://app.example.com/wukong/callback").await?;
//!     // … the user's browser lands on https://app.example.com/wukong/callback?code=… …
//!     client.oauth().exchange_redirect("https://app.example.com/wukong/callback?code=AbC").await?;
//! }
//!
//! let leads = client.leads().list().wk_uid("10086").send().await?;
//! for lead in &leads.data().leads {
//!     println!("{:?} {:?}", lead.name, lead.mobile);
//! }
//!
//! let report = client
//!     .leads()
//!     .import_batch([
//!         NewLead::new().name("张三").mobile("13800138000"),
//!         NewLead::new().name("李四").email("lisi@example.com"),
//!     ])
//!     .wk_uid("10086")
//!     .send()
//!     .await?;
//! assert!(report.is_complete());
//! # Ok(()) }
//! ```
//!
//! **Per-call options.** Every handler ([`Client::oauth`], [`Client::leads`]) and every request
//! builder it returns has `with_options`: a timeout, retry policy or response size cap for the
//! calls made through it, carried into each chunk of a batch import. A builder's options replace
//! its handler's. Retries follow [`ClientBuilder`]'s rules (reads only, unless the server did not
//! act).
//!
//! ```no_run
//! # async fn run(client: wukong_client::Client) -> wukong_client::Result<()> {
//! use std::time::Duration;
//! use wukong_client::{RequestOptions, RetryPolicy};
//!
//! let quick = RequestOptions::default()
//!     .with_timeout(Duration::from_secs(5))
//!     .with_retry(RetryPolicy::none());
//! let leads = client.leads().with_options(quick).list().wk_uid("10086").send().await?;
//! # Ok(()) }
//! ```
//!
//! Feature `testing` adds [`testing::Sandbox`], a loopback Wukong with short-lived codes and
//! tokens and rotating refresh tokens.

pub mod api;
pub mod auth;
mod builder;
mod client;
pub mod codes;
mod config;
pub mod env;
mod envelope;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;

pub use builder::ClientBuilder;
pub use client::Client;
/// The error type, the configuration types the builder takes, the stream type of list
/// operations, clocks and token stores: everything a user needs without adding `client-core`.
pub use client_core::sdk::*;
pub use config::Config;
pub use models::ApiResponse;

/// `use wukong_client::prelude::*;` brings the client, the error and result types, and the
/// stream methods (`try_next`, `try_collect`, …) into scope.
pub mod prelude {
    pub use client_core::sdk::prelude::*;

    pub use crate::{Client, ClientBuilder, Config};
}

/// The documented base URL (plain http in `wukong.md`; the transport warns once about it).
pub const DEFAULT_BASE_URL: &str = "http://open.wukongdata.com";
