//! Typed client for the 探马 Tanma SCRM clue (线索&待分配) API with signed requests
//! (`tanma-clue.md` and the Tanma part of the vendor-docs README).
//!
//! One [`Client`] per Tanma application (appId + appKey). Every request is a `POST` with a JSON
//! body, signed right before each attempt over the exact body bytes (see [`auth`] for the recipe,
//! how to switch it, and the push-signature check). Operations are grouped by the document's
//! areas:
//!
//! | document area | handler | operations |
//! |---|---|---|
//! | 线索&待分配 | [`Client::clues`] | `POST /api/v3/clue/get`, `POST /api/v3/clue/list-by-create-time-asc`, `POST /api/v3/clue/list-follow-up` |
//! | 客户设置 (字段) | [`Client::customer_fields`] | `POST /api/v2/customer/list-fields` |
//!
//! Every operation is a read, so every one is retried on transient failures although it is a
//! `POST`. Both list operations also exist as streams that follow `nextCursor`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use futures::TryStreamExt as _;
//! use clue_client::Client;
//! use clue_client::client_core::time::VendorTime;
//! use clue_client::models::FieldCatalog;
//!
//! // TANMA_BASE_URL, TANMA_APP_ID and TANMA_APP_KEY.
//! let client = Client::from_env()?;
//!
//! // The tenant's field definitions, to name fields and label select values.
//! let catalog = FieldCatalog::new(client.customer_fields().list().await?);
//!
//! // Every clue created in May 2021 (UTC+8), fetched page by page as the stream is read.
//! let since = VendorTime::parse("2021-05-01 00:00:00")?;
//! let before = VendorTime::parse("2021-06-01 00:00:00")?;
//! let mut clues = client.clues().list_by_create_time_asc(since, before).size(100).stream();
//! while let Some(clue) = clues.try_next().await? {
//!     for field in catalog.resolve(&clue) {
//!         println!("{}: {:?}", field.display_name(), field.display_value());
//!     }
//! }
//!
//! // One clue, its phone numbers typed.
//! let clue = client.clues().get(410983932389440).await?;
//! println!("{:?}", clue.field("mobile").and_then(|f| f.value));
//! # Ok(()) }
//! ```
//!
//! Errors are [`Error`]. A response whose `code` is not `0` is an API error
//! (`is_api()`) carrying the code (`vendor_code()`) and the vendor's `message`
//! (`vendor_message()`); Tanma documents no codes, so none has a catalogue entry.

pub mod api;
pub mod auth;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use client_core::transport::{Request, Transport, TransportBuilder};
use secrecy::SecretString;
use serde::de::DeserializeOwned;

pub use auth::{Credentials, SignInput, SignRecipe};
pub use client_core;
use client_core::env_vars::EnvVars;
/// The error type, the configuration types the builder takes, the stream type of list
/// operations, clocks and token stores: everything a user needs without adding `client-core`.
pub use client_core::sdk::*;

/// `use clue_client::prelude::*;` brings the client, the error and result types, and the
/// stream methods (`try_next`, `try_collect`, …) into scope.
pub mod prelude {
    pub use client_core::sdk::prelude::*;

    pub use crate::{Client, ClientBuilder, Config};
}

use auth::TanmaAuth;

/// Environment variable holding the base URL (required: the document gives only paths).
pub const ENV_BASE_URL: &str = "TANMA_BASE_URL";
/// Environment variable holding the application's appId.
pub const ENV_APP_ID: &str = "TANMA_APP_ID";
/// Environment variable holding the application's appKey (a secret).
pub const ENV_APP_KEY: &str = "TANMA_APP_KEY";

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("clue-client/", env!("CARGO_PKG_VERSION"));

/// Page size the streams ask for when none is set (the documents give no default or maximum).
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// The settings of a [`Client`] (everything but the credentials).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The base URL (required; the document gives only relative paths).
    pub base_url: Option<String>,
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
    /// How the `sign` header is computed (default [`SignRecipe::AppIdTimestampBodyAppKey`]).
    pub sign_recipe: SignRecipe,
    /// Whether the `appKey` header is sent (default `true`, as the document lists it).
    pub send_app_key_header: bool,
    /// Page size of the streams when none is set on the request.
    pub page_size: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: None,
            timeout: client_core::transport::DEFAULT_TIMEOUT,
            connect_timeout: client_core::transport::DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_concurrent_requests: Some(client_core::transport::DEFAULT_MAX_CONCURRENT_REQUESTS),
            rate_limit: None,
            sign_recipe: SignRecipe::default(),
            send_app_key_header: true,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// Builds a [`Client`]. Keeps the first configuration error until [`ClientBuilder::build`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    config: Config,
    credentials: Option<Credentials>,
    transport: TransportSettings,
    clock: Option<Arc<dyn Clock>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("credentials", &self.credentials)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with the default [`Config`], no base URL and no credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// The application's appId and appKey (开发指南: 应用 appId / appKey).
    pub fn credentials(
        mut self,
        app_id: impl Into<String>,
        app_key: impl Into<SecretString>,
    ) -> Self {
        self.credentials = Some(Credentials::new(app_id, app_key));
        self
    }

    /// The base URL, e.g. `https://<tenant host>` (required: the document gives only paths).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = Some(url.into());
        self
    }

    /// How the request signature is computed (see [`auth`]).
    pub fn sign_recipe(mut self, recipe: impl Into<SignRecipe>) -> Self {
        self.config.sign_recipe = recipe.into();
        self
    }

    /// Whether to send the `appKey` header (default `true`: every operation of the document lists
    /// it). Turn it off when the tenant accepts the signature alone, so the secret never travels.
    pub fn send_app_key_header(mut self, send: bool) -> Self {
        self.config.send_app_key_header = send;
        self
    }

    /// The time source of the `timestamp` header (tests use a
    /// [`ManualClock`] to make signatures exact).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    client_core::transport_setters!(transport);

    /// Page size of the streams when a request sets none (default [`DEFAULT_PAGE_SIZE`]).
    pub fn page_size(mut self, size: u32) -> Self {
        self.config.page_size = size;
        self
    }

    /// Builds the client. Fails when the credentials or the base URL are missing or unusable.
    pub fn build(self) -> client_core::Result<Client> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::config("Tanma needs the application's appId and appKey (`credentials`)")
        })?;
        client_core::required::Required::new("Tanma")
            .text("app_id", credentials.app_id())
            .secret("app_key", credentials.app_key())
            .finish()?;
        let mut config = self.config;
        // `Client::config` reports the transport settings the client was built with.
        config.timeout = self.transport.timeout;
        config.connect_timeout = self.transport.connect_timeout;
        config.retry = self.transport.retry.clone();
        config.max_concurrent_requests = self.transport.max_concurrent_requests;
        config.rate_limit = self.transport.rate_limit;
        let base_url = config.base_url.clone().ok_or_else(|| {
            Error::config(format!(
                "Tanma needs a base URL (`base_url` or `{ENV_BASE_URL}`): the document gives only paths"
            ))
        })?;
        if config.page_size == 0 {
            return Err(Error::config("the page size must be at least 1"));
        }
        let builder = TransportBuilder::new(USER_AGENT)
            .base_url(base_url)
            .settings(&self.transport)
            .events(std::sync::Arc::new(TransportEvents));
        let clock: Arc<dyn Clock> = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let transport = builder.build(TanmaAuth {
            credentials,
            recipe: config.sign_recipe.clone(),
            send_app_key: config.send_app_key_header,
            clock,
        })?;
        Ok(Client {
            transport,
            config: Arc::new(config),
        })
    }
}

/// A Tanma clue API client. Cheap to clone; clones share the HTTP pool and the limits.
#[derive(Clone)]
pub struct Client {
    transport: Transport<TanmaAuth>,
    config: Arc<Config>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.config.base_url)
            .field("app_id", &self.transport.vendor().credentials.app_id())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client for the application `app_id` / `app_key` at `base_url`, with default settings.
    pub fn new(
        base_url: impl Into<String>,
        app_id: impl Into<String>,
        app_key: impl Into<SecretString>,
    ) -> client_core::Result<Self> {
        ClientBuilder::new()
            .base_url(base_url)
            .credentials(app_id, app_key)
            .build()
    }

    /// A client from the environment: `TANMA_BASE_URL`, `TANMA_APP_ID` and `TANMA_APP_KEY`, all
    /// required.
    pub fn from_env() -> client_core::Result<Self> {
        Self::builder_from_env()?.build()
    }

    /// A [`ClientBuilder`] filled from the environment (see [`Client::from_env`]), to adjust
    /// further before building. Every missing or invalid variable is named in one error.
    pub fn builder_from_env() -> client_core::Result<ClientBuilder> {
        Self::builder_from(EnvVars::from_process())
    }

    /// A [`ClientBuilder`] filled from `lookup` (a variable name → its value), with the same
    /// rules as [`Client::from_env`]: blank values count as unset.
    pub fn builder_from_vars(
        lookup: impl FnMut(&str) -> Option<String>,
    ) -> client_core::Result<ClientBuilder> {
        Self::builder_from(EnvVars::from_lookup(lookup))
    }

    fn builder_from(mut vars: EnvVars<'_>) -> client_core::Result<ClientBuilder> {
        let base_url = vars.required(ENV_BASE_URL);
        let app_id = vars.required(ENV_APP_ID);
        let app_key = vars.required(ENV_APP_KEY);
        vars.finish()?;
        let (Some(base_url), Some(app_id), Some(app_key)) = (base_url, app_id, app_key) else {
            return Err(Error::config(format!(
                "`{ENV_BASE_URL}`, `{ENV_APP_ID}` and `{ENV_APP_KEY}` are required"
            )));
        };
        Ok(ClientBuilder::new()
            .base_url(base_url)
            .credentials(app_id, SecretString::from(app_key)))
    }

    /// The settings this client was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The shared transport (for operations this crate does not wrap yet).
    pub fn transport(&self) -> &Transport<TanmaAuth> {
        &self.transport
    }

    /// 线索&待分配: clue details, clues by creation time, follow-up records.
    pub fn clues(&self) -> api::clues::Clues<'_> {
        api::clues::Clues::new(self)
    }

    /// 客户设置: the tenant's customer data field definitions.
    pub fn customer_fields(&self) -> api::customer_fields::CustomerFields<'_> {
        api::customer_fields::CustomerFields::new(self)
    }

    /// Checks a push's signature (消息推送 → 签名) with this client's appId and appKey, in
    /// constant time. See [`auth::verify_push_signature`].
    pub fn verify_push(
        &self,
        version: &str,
        timestamp: &str,
        sign: &str,
    ) -> client_core::Result<()> {
        let c = &self.transport.vendor().credentials;
        auth::verify_push_signature(c.app_id(), version, timestamp, c.app_key(), sign)
    }

    /// Like [`Client::verify_push`], and also refuses a push whose `timestamp` (milliseconds) is
    /// further than `max_age` from this client's clock (a replayed or delayed push). Returns an
    /// [`Error::is_signature`](crate::Error::is_signature) error either way.
    pub fn verify_push_fresh(
        &self,
        version: &str,
        timestamp: &str,
        sign: &str,
        max_age: Duration,
    ) -> client_core::Result<()> {
        self.verify_push(version, timestamp, sign)?;
        let sent = timestamp
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(DateTime::<Utc>::from_timestamp_millis)
            .ok_or_else(|| Error::signature("the push's timestamp is not epoch milliseconds"))?;
        let now = self.transport.vendor().clock.now();
        let age = (now - sent).abs();
        let max = chrono::TimeDelta::from_std(max_age).unwrap_or(chrono::TimeDelta::MAX);
        if age > max {
            return Err(Error::signature(format!(
                "the push's timestamp is {} s away from now (at most {} s allowed)",
                age.num_seconds(),
                max_age.as_secs()
            )));
        }
        Ok(())
    }

    /// Sends `request` and decodes the answer's `data`.
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
