//! [`ClientBuilder`]: credentials, base URL, signature settings and the transport settings.

use std::sync::Arc;

use client_core::transport::TransportBuilder;
use secrecy::SecretString;

use crate::auth::TanmaAuth;
use crate::{
    Client, Clock, Config, Credentials, ENV_BASE_URL, Error, SignRecipe, SystemClock,
    TransportSettings, USER_AGENT,
};

/// Builds a [`Client`]. Keeps the first configuration error until [`ClientBuilder::build`].
#[derive(Clone, Default, Debug)]
pub struct ClientBuilder {
    config: Config,
    credentials: Option<Credentials>,
    transport: TransportSettings,
    clock: Option<Arc<dyn Clock>>,
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

    /// How the request signature is computed (see [`auth`](crate::auth)).
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
    /// [`ManualClock`](crate::ManualClock) to make signatures exact).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    client_core::transport_setters!(transport);

    /// Page size of the streams when a request sets none (default [`DEFAULT_PAGE_SIZE`](crate::DEFAULT_PAGE_SIZE)).
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

client_core::transport_events! {
    /// This crate's transport spans and events, under its own `tracing` target (see
    /// `client_core::transport::TransportEvents`).
    struct TransportEvents;
}
