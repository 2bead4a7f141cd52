//! [`Client`]: the handle every operation starts from, and the push-signature checks.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use client_core::env_vars::EnvVars;
use client_core::transport::{Request, Transport};
use secrecy::SecretString;
use serde::de::DeserializeOwned;

use crate::auth::{self, TanmaAuth};
use crate::{ClientBuilder, Config, ENV_APP_ID, ENV_APP_KEY, ENV_BASE_URL, Error, api};

/// A Tanma clue API client. Cheap to clone; clones share the HTTP pool and the limits.
#[derive(Clone)]
pub struct Client {
    pub(crate) transport: Transport<TanmaAuth>,
    pub(crate) config: Arc<Config>,
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

    client_core::env_constructors!(
        ClientBuilder,
        "`TANMA_BASE_URL`, `TANMA_APP_ID` and `TANMA_APP_KEY`, all required"
    );

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
