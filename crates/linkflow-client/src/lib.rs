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
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;
mod token;

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use client_core::token::TokenCache;
use client_core::transport::{Request, Transport, TransportBuilder};
use serde::de::DeserializeOwned;

pub use auth::Credentials;
pub use client_core;
use client_core::env_vars::EnvVars;
/// The error type, the configuration types the builder takes, the stream type of list
/// operations, clocks and token stores: everything a user needs without adding `client-core`.
pub use client_core::sdk::*;

/// `use linkflow_client::prelude::*;` brings the client, the error and result types, and the
/// stream methods (`try_next`, `try_collect`, …) into scope.
pub mod prelude {
    pub use client_core::sdk::prelude::*;

    pub use crate::{Client, ClientBuilder, Config};
}

use auth::{LinkflowAuth, TokenEndpoint};
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

/// The Redis store for `app_key`'s token at `url` (`LINKFLOW_REDIS_URL`).
#[cfg(feature = "redis")]
fn redis_store(url: &str, app_key: &str) -> client_core::Result<client_core::store::RedisStore> {
    client_core::store::RedisStore::builder(url.to_owned(), "linkflow", app_key).build()
}

/// Without the `redis` feature a Redis URL is a configuration error.
#[cfg(not(feature = "redis"))]
fn redis_store(_url: &str, _app_key: &str) -> client_core::Result<client_core::store::MemoryStore> {
    Err(Error::config(format!(
        "`{ENV_REDIS_URL}` is set, but linkflow-client was built without its `redis` feature"
    )))
}

/// Default number of `GET /open/contacts_bulk` calls in flight when fetching many ids.
pub const DEFAULT_BULK_CONCURRENCY: usize = 4;

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("linkflow-client/", env!("CARGO_PKG_VERSION"));

/// The settings of a [`Client`] (everything but the credentials).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The base URL (default [`DEFAULT_BASE_URL`]).
    pub base_url: String,
    /// Whole-operation timeout (retries and waits included).
    pub timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// The default retry policy.
    pub retry: RetryPolicy,
    /// Cap on requests in flight (`None`: no cap).
    pub max_concurrent_requests: Option<usize>,
    /// Client-side rate limit in requests per second (`None`: no limit).
    pub rate_limit: Option<NonZeroU32>,
    /// How long before `expiration` the token is refreshed (at most half its lifetime).
    pub token_refresh_margin: Duration,
    /// `GET /open/contacts_bulk` calls in flight when fetching more than 100 ids.
    pub bulk_concurrency: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: client_core::transport::DEFAULT_TIMEOUT,
            connect_timeout: client_core::transport::DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_concurrent_requests: Some(client_core::transport::DEFAULT_MAX_CONCURRENT_REQUESTS),
            rate_limit: None,
            token_refresh_margin: DEFAULT_REFRESH_MARGIN,
            bulk_concurrency: DEFAULT_BULK_CONCURRENCY,
        }
    }
}

/// Builds a [`Client`]. Keeps the first configuration error until [`ClientBuilder::build`].
#[derive(Clone, Default, Debug)]
pub struct ClientBuilder {
    config: Config,
    credentials: Option<Credentials>,
    transport: TransportSettings,
    clock: Option<Arc<dyn Clock>>,
    token_store: Option<Arc<dyn TokenStore>>,
}

impl ClientBuilder {
    /// A builder with the default [`Config`] and no credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// The Private App's App Key and App Secret ("创建Private App").
    pub fn credentials(
        mut self,
        app_key: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::new(app_key, app_secret));
        self
    }

    /// The base URL (default [`DEFAULT_BASE_URL`]; tenants with their own domain change it).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into();
        self
    }

    client_core::transport_setters!(transport);

    /// How long before `expiration` the token is refreshed (capped at half its lifetime).
    pub fn token_refresh_margin(mut self, margin: impl Into<Duration>) -> Self {
        self.config.token_refresh_margin = margin.into();
        self
    }

    /// `GET /open/contacts_bulk` calls in flight when fetching more than 100 ids (at least 1).
    pub fn bulk_concurrency(mut self, calls: usize) -> Self {
        self.config.bulk_concurrency = calls.max(1);
        self
    }

    /// Reads "now" from `clock` when deciding whether the token needs refreshing (tests use a
    /// [`ManualClock`]).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Keeps the token in `store` (e.g. a [`FileStore`] shared by
    /// several processes of one app, so they do not each fetch a token).
    pub fn token_store(mut self, store: impl TokenStore) -> Self {
        self.token_store = Some(Arc::new(store));
        self
    }

    /// Builds the client. Fails when the credentials are missing or the base URL is unusable.
    pub fn build(self) -> client_core::Result<Client> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::config("Linkflow needs the Private App's App Key and App Secret (`credentials`)")
        })?;
        client_core::required::Required::new("Linkflow")
            .secret("app_key", &credentials.app_key)
            .secret("app_secret", &credentials.app_secret)
            .finish()?;
        let mut config = self.config;
        // `Client::config` reports the transport settings the client was built with.
        config.timeout = self.transport.timeout;
        config.connect_timeout = self.transport.connect_timeout;
        config.retry = self.transport.retry.clone();
        config.max_concurrent_requests = self.transport.max_concurrent_requests;
        config.rate_limit = self.transport.rate_limit;
        let budget = RetryBudget::default();
        let builder = TransportBuilder::new(USER_AGENT)
            .base_url(config.base_url.clone())
            .settings(&self.transport)
            .events(std::sync::Arc::new(TransportEvents))
            .retry_budget(budget);
        let endpoint = builder.clone().build(TokenEndpoint { credentials })?;
        // One HTTP pool for the token endpoint and the operations.
        let builder = builder.http_client(endpoint.http_client().clone());
        let tokens = token::cache(
            endpoint,
            config.token_refresh_margin,
            self.clock,
            self.token_store,
        );
        let transport = builder.build(LinkflowAuth {
            tokens: tokens.clone(),
        })?;
        Ok(Client {
            transport,
            tokens,
            config: Arc::new(config),
        })
    }
}

/// A Linkflow client. Cheap to clone; clones share the token, the HTTP pool and the limits.
#[derive(Clone)]
pub struct Client {
    transport: Transport<LinkflowAuth>,
    tokens: TokenCache,
    config: Arc<Config>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.config.base_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client for the Private App `app_key` / `app_secret` on [`DEFAULT_BASE_URL`].
    pub fn new(
        app_key: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> client_core::Result<Self> {
        ClientBuilder::new()
            .credentials(app_key, app_secret)
            .build()
    }

    client_core::env_constructors!(
        ClientBuilder,
        "`LINKFLOW_APP_KEY`, `LINKFLOW_APP_SECRET` (required), `LINKFLOW_BASE_URL` (optional, default `DEFAULT_BASE_URL`) and `LINKFLOW_REDIS_URL` (optional; needs the `redis` feature, a configuration error without it)"
    );

    fn builder_from(mut vars: EnvVars<'_>) -> client_core::Result<ClientBuilder> {
        let key = vars.required(ENV_APP_KEY);
        let secret = vars.required(ENV_APP_SECRET);
        let base_url = vars.optional(ENV_BASE_URL);
        let redis_url = vars.optional(ENV_REDIS_URL);
        vars.finish()?;
        let (Some(key), Some(secret)) = (key, secret) else {
            return Err(Error::config(format!(
                "`{ENV_APP_KEY}` and `{ENV_APP_SECRET}` are required"
            )));
        };
        let mut builder = ClientBuilder::new().credentials(key.clone(), secret);
        if let Some(url) = base_url {
            builder = builder.base_url(url);
        }
        if let Some(url) = redis_url {
            builder = builder.token_store(redis_store(&url, &key)?);
        }
        Ok(builder)
    }

    /// The settings this client was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The token cache (e.g. to warm it with [`TokenCache::token`] before a burst of calls).
    pub fn token_cache(&self) -> &TokenCache {
        &self.tokens
    }

    /// The shared transport (for operations this crate does not wrap yet).
    pub fn transport(&self) -> &Transport<LinkflowAuth> {
        &self.transport
    }

    /// Sends `request` and decodes the answer.
    pub(crate) async fn execute<T: DeserializeOwned + Send>(
        &self,
        request: Request,
    ) -> client_core::Result<T> {
        self.transport.execute(request).await
    }
}

client_core::transport_events! {
    /// This crate's transport spans and events, under its own `tracing` target (see
    /// `client_core::transport::TransportEvents`).
    struct TransportEvents;
}
