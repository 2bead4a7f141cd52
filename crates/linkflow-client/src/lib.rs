//! Typed client for the Linkflow CDP open API (`linkflow.md`, "Linkflow开放接口指南").
//!
//! One [`Client`] per Private App. It obtains the access token with `GET /token` (App Key and
//! Secret in `X-OpenApi-Key` / `X-OpenApi-Secret`), caches it, refreshes it before its
//! `expiration` (a UTC+8 local time), and on HTTP 401/403 refreshes it and replays the request
//! once. Operations are grouped by the document's areas, one handler each:
//!
//! | handler | document area | operations |
//! |---|---|---|
//! | [`Client::messages`] | 联系人和事件 → 创建联系人和事件 | `POST /open/messages` |
//! | [`Client::identity`] | 查询联系人, 渠道账号, 企业微信二维码 | `GET /open/identity/contact`, `…/channel_identities`, `…/qrcodes` |
//! | [`Client::contacts`] | 联系人 | lists, cursor, ids, bulk, identities, tag values, unbind |
//! | [`Client::groups`] | 群组 | query, create, rename, delete, members |
//! | [`Client::tags`] | 标签 | tag metadata, value files (upload, calculate, export + waiter), tag values |
//! | [`Client::folders`] | 标签 → 获取标签目录列表 | `GET /open/folders` |
//! | [`Client::dimensions`] | 维度表 | `POST /open/dim/{dimensionId}/data` |
//! | [`Client::order_messages`] | 创建/更新订单 | `POST /open/messages/orders` |
//! | [`Client::orders`] | 订单 | `GET /open/orders` (cursor and page mode, streams) |
//! | [`Client::reports`] | 报表 | report result (+ waiter), dashboard definition |
//! | [`Client::short_urls`] | 短链接 | `POST /open/shorturl`, `POST /open/shorturl/distribute` |
//!
//! Every list also exists as a `Stream` that fetches one page at a time and stops at the end or
//! at the document's limit (with an error, never silently).
//!
//! # Per-call options
//!
//! Every operation takes per-call overrides of the client's timeout, retry policy and response
//! size cap ([`RequestOptions`]) through `with_options`, on its handler (for every operation
//! called through it) or on its request builder (replacing the handler's). They apply to every
//! request the operation sends: each page of a stream, each poll of a waiter, each call of
//! [`BulkGet`](api::contacts::BulkGet). The token request keeps the client's settings.
//!
//! ```no_run
//! # async fn demo(client: &linkflow_client::Client) -> linkflow_client::Result<()> {
//! use std::time::Duration;
//! use linkflow_client::{RequestOptions, RetryPolicy};
//!
//! // One attempt, at most 5 s, for this call only.
//! let once = RequestOptions::default()
//!     .with_retry(RetryPolicy::none())
//!     .with_timeout(Duration::from_secs(5));
//! let group = client.groups().create("VIP").with_options(once.clone()).send().await?;
//!
//! // Every operation called through this handler, every page of the stream included.
//! let contacts = client.contacts().with_options(once);
//! let first_page = contacts.list().size(50).send().await?;
//! # let _ = (group, first_page); Ok(()) }
//! ```
//!
//! ```no_run
//! # async fn demo() -> client_core::Result<()> {
//! use futures::TryStreamExt as _;
//! use linkflow_client::Client;
//! use linkflow_client::models::{ContactData, EventData, Identity, IdentityType};
//!
//! // LINKFLOW_APP_KEY, LINKFLOW_APP_SECRET and optionally LINKFLOW_BASE_URL.
//! let client = Client::from_env()?;
//!
//! // Create (or update) a contact and track an event. request_id and every message_id are
//! // generated UUIDs, identical on every retry.
//! let receipt = client
//!     .messages()
//!     .batch("udc_12SyQfFmg")
//!     .identity(Identity::new(IdentityType::Email, "email@163.com"))
//!     .contact(ContactData::new().name("peter pan").email("email@163.com"))
//!     .event(EventData::new("SIGN_UP").prop("plan", "free"))
//!     .send()
//!     .await?;
//! println!("sent request {}", receipt.request_id);
//!
//! // Find the contact by identity (a bare number, or None).
//! let Some(id) = client.identity().find_contact(IdentityType::Email, "email@163.com").await? else {
//!     return Ok(());
//! };
//!
//! // Walk every contact, one page of 200 at a time.
//! let mut contacts = client.contacts().cursor().stream();
//! while let Some(contact) = contacts.try_next().await? {
//!     println!("{} {:?}", contact.id, contact.name);
//! }
//!
//! // Put the contact in a new group and list the group.
//! let group = client.groups().create("VIP").send().await?;
//! client.groups().add_contacts(group.id, [id]).await?;
//! let members: Vec<_> = client.groups().members(group.id).stream().try_collect().await?;
//! println!("{} member(s)", members.len());
//!
//! // Documented errors come back typed.
//! match client.groups().delete(424242).await {
//!     Err(e) if e.vendor_code().is_some_and(|c| c == "B00008") => println!("no such group"),
//!     other => other?,
//! }
//! # Ok(()) }
//! ```
//!
//! Errors are [`Error`]: `is_api()`, `status()`, `vendor_code()` (e.g. `B00008`),
//! `code_entry()` (the documented meaning for the failing operation), `vendor_message()`, and
//! `is_invalid_input()` for documented limits checked before anything is sent. Feature `testing`
//! adds [`testing::Sandbox`], a loopback Linkflow for tests and examples. See
//! `docs/vendors/linkflow.md` for the limits enforced and the choices made where the document is
//! ambiguous.

pub mod api;
pub mod auth;
mod builder;
mod client;
mod config;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;
mod token;

pub use auth::Credentials;
pub use builder::ClientBuilder;
pub use client::Client;
pub use client_core;
/// The error type, the configuration types the builder takes, the stream type of list
/// operations, clocks and token stores: everything a user needs without adding `client-core`.
pub use client_core::sdk::*;
pub use config::Config;

/// `use linkflow_client::prelude::*;` brings the client, the error and result types, and the
/// stream methods (`try_next`, `try_collect`, …) into scope.
pub mod prelude {
    pub use client_core::sdk::prelude::*;

    pub use crate::{Client, ClientBuilder, Config};
}

pub use token::DEFAULT_REFRESH_MARGIN;

/// The document's host (`https://cdp-api.linkflowtech.com`). Tenants with their own domain set
/// [`ClientBuilder::base_url`].
pub const DEFAULT_BASE_URL: &str = "https://cdp-api.linkflowtech.com";

/// Environment variable holding the base URL (optional).
pub const ENV_BASE_URL: &str = "LINKFLOW_BASE_URL";
/// Environment variable holding the Private App's App Key.
pub const ENV_APP_KEY: &str = "LINKFLOW_APP_KEY";
/// Environment variable holding the Private App's App Secret.
pub const ENV_APP_SECRET: &str = "LINKFLOW_APP_SECRET";
/// Environment variable holding a Redis URL (optional; `redis` feature): replicas on several
/// hosts share one token through it (client-core's `RedisStore`).
pub const ENV_REDIS_URL: &str = "LINKFLOW_REDIS_URL";

/// Default number of `GET /open/contacts_bulk` calls in flight when fetching many ids.
pub const DEFAULT_BULK_CONCURRENCY: usize = 4;

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("linkflow-client/", env!("CARGO_PKG_VERSION"));

client_core::transport_events! {
    /// This crate's transport spans and events, under its own `tracing` target (see
    /// `client_core::transport::TransportEvents`).
    pub(crate) struct TransportEvents;
}
