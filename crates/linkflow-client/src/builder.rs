//! [`ClientBuilder`]: builds a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use client_core::transport::TransportBuilder;

use crate::auth::{LinkflowAuth, TokenEndpoint};
use crate::*;

/// The Redis store for `app_key`'s token at `url` (`LINKFLOW_REDIS_URL`).
#[cfg(feature = "redis")]
pub(crate) fn redis_store(
    url: &str,
    app_key: &str,
) -> client_core::Result<client_core::store::RedisStore> {
    client_core::store::RedisStore::builder(url.to_owned(), "linkflow", app_key).build()
}

/// Without the `redis` feature a Redis URL is a configuration error.
#[cfg(not(feature = "redis"))]
pub(crate) fn redis_store(
    _url: &str,
    _app_key: &str,
) -> client_core::Result<client_core::store::MemoryStore> {
    Err(Error::config(format!(
        "`{ENV_REDIS_URL}` is set, but linkflow-client was built without its `redis` feature"
    )))
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
