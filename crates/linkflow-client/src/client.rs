//! [`Client`]: the Linkflow client and its handlers' entry points.

use std::fmt;
use std::sync::Arc;

use client_core::env_vars::EnvVars;
use client_core::token::TokenCache;
use client_core::transport::{Request, Transport};
use serde::de::DeserializeOwned;

use crate::auth::LinkflowAuth;
use crate::*;

/// A Linkflow client. Cheap to clone; clones share the token, the HTTP pool and the limits.
#[derive(Clone)]
pub struct Client {
    pub(crate) transport: Transport<LinkflowAuth>,
    pub(crate) tokens: TokenCache,
    pub(crate) config: Arc<Config>,
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
            builder = builder.token_store(crate::builder::redis_store(&url, &key)?);
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
