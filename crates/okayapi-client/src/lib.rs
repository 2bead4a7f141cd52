//! Typed client for OkayAPI / 果创云 YesApi custom API methods (`okayapi.md`), with MD5 request
//! signing and response-signature verification.
//!
//! One [`Client`] per app of an account: the account's API host, the app name (the
//! `Swxiryan0788_MyApi` of `/api/SVIP/Swxiryan0788_MyApi/<Method>`), its `app_key` and
//! `app_secret`. Every request is a form-encoded `POST`, signed right before it is sent
//! ([`auth`]); every answer is the envelope `{ret, data, msg, _t, _auth}`, whose `_auth` is
//! verified over the exact bytes of `data` before `data` is decoded.
//!
//! The document's 15 methods are grouped by area, one handler each ([`api`]):
//! [`Client::usage`], [`Client::process_data`], [`Client::robot`], [`Client::cases`],
//! [`Client::prompts`], [`Client::reports`]. Any other method is one [`Client::call`] away, and
//! another account's custom methods can be typed in one line ([`okayapi_method!`], see
//! [`method`]); [`Client::methods`] is the handler of both.
//!
//! Every handler takes per-call options with `with_options` (timeout, retry policy, response
//! size cap, as a [`RequestOptions`]); they apply to every request its operations send, each page
//! of a stream included, and carry into the [`Call`]s it creates ([`Call::with_options`] replaces
//! them for one call).
//!
//! The ids of the process-data table have one type each in every operation and model
//! ([`models::UserId`], [`models::VarDataId`]); numeric parameters take integer literals.
//!
//! ```no_run
//! # async fn demo() -> okayapi_client::Result<()> {
//! use std::time::Duration;
//!
//! use okayapi_client::models::{OperateType, SaveVarDataParams, UseRecordStatisticsParams, VarDatasParams};
//! use okayapi_client::prelude::*;
//!
//! // OKAYAPI_BASE_URL, OKAYAPI_APP, OKAYAPI_APP_KEY, OKAYAPI_APP_SECRET.
//! let client = Client::from_env()?;
//!
//! // A list method, page by page until `total`, as a stream of items.
//! let records: Vec<_> = client
//!     .usage()
//!     .statistics_stream(UseRecordStatisticsParams::new().perpage(100))
//!     .try_collect()
//!     .await?;
//! println!("{} usage records", records.len());
//!
//! // A write, then read it back by the same user id, with a per-call timeout.
//! let saved = client
//!     .process_data()
//!     .save(
//!         SaveVarDataParams::new()
//!             .user_id(10086)
//!             .user_name("王小明")
//!             .operate_type(OperateType::Create),
//!     )
//!     .await?;
//! println!("saved row {}", saved.id);
//! let rows = client
//!     .process_data()
//!     .with_options(RequestOptions::default().with_timeout(Duration::from_secs(5)))
//!     .get(VarDatasParams::new(10086))
//!     .await?;
//! println!("{} rows for user 10086", rows.datas.len());
//!
//! // Any method, by name, with any serialisable parameters.
//! let steps: serde_json::Value = client
//!     .call("ALieBiaoAndypromptsteps", serde_json::json!({ "version": "1.0" }))
//!     .await?;
//! println!("{steps}");
//! # Ok(()) }
//! ```
//!
//! Errors are [`Error`]: `is_invalid_input()` for a broken documented rule (nothing
//! was sent), `is_api()` with `vendor_code()` = `ret`, `code_entry()` (its documented meaning),
//! `vendor_message()` = `msg` and `body()`; `is_signature()` when the server rejected our signature
//! (`ret` 406) or the response's `_auth` did not verify.

pub mod api;
pub mod auth;
mod builder;
mod call;
mod client;
mod config;
mod decode;
mod form;
pub mod method;
pub mod models;
mod raw_data;
mod reserved;
mod routes;
mod stream;
#[cfg(feature = "testing")]
pub mod testing;

pub use auth::{Credentials, MemberSession, NewStyleService, PathStyle, SigningMode, Verification};
pub use builder::ClientBuilder;
pub use call::Call;
pub use client::Client;
pub use client_core;
/// The error type, the configuration types the builder takes, the stream type of list
/// operations, clocks and token stores: everything a user needs without adding `client-core`.
pub use client_core::sdk::*;
pub use config::Config;
pub use method::{ApiMethod, ListMethod, ListResponse};
pub use raw_data::RawData;

/// `use okayapi_client::prelude::*;` brings the client, the error and result types, and the
/// stream methods (`try_next`, `try_collect`, …) into scope.
pub mod prelude {
    pub use client_core::sdk::prelude::*;

    pub use crate::{Client, ClientBuilder, Config};
}

/// Environment variable holding the account's API base URL (e.g. `https://api.example.com`).
pub const ENV_BASE_URL: &str = "OKAYAPI_BASE_URL";
/// Environment variable holding the app name (`Swxiryan0788_MyApi` in the document).
pub const ENV_APP: &str = "OKAYAPI_APP";
/// Environment variable holding the `app_key`.
pub const ENV_APP_KEY: &str = "OKAYAPI_APP_KEY";
/// Environment variable holding the `app_secret`.
pub const ENV_APP_SECRET: &str = "OKAYAPI_APP_SECRET";

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("okayapi-client/", env!("CARGO_PKG_VERSION"));

/// Items per page a stream asks for when the parameters set no `perpage`.
pub const DEFAULT_STREAM_PAGE_SIZE: u32 = 100;

/// The operation name of calls made by name ([`Client::call`]).
pub const GENERIC_OPERATION: &str = "POST /api/SVIP/{app}/{method}";

client_core::transport_events! {
    /// This crate's transport spans and events, under its own `tracing` target (see
    /// `client_core::transport::TransportEvents`).
    struct TransportEvents;
}
