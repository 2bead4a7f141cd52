//! [`Client`]: the handle every operation starts from.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use client_core::token::TokenCache;
use client_core::transport::Transport;
use secrecy::SecretString;

use crate::api::leads::Leads;
use crate::api::oauth::OAuth;
use crate::auth::{AppCredentials, OAuthVendor, WukongVendor};
use crate::{ClientBuilder, Clock, Config, Result, TokenStore};

/// A 悟空数据 Wukong Data client. Cheap to clone; clones share the token cache and connections.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// What clones of a [`Client`] share.
pub(crate) struct Inner {
    pub(crate) transport: Transport<WukongVendor>,
    pub(crate) oauth: Transport<OAuthVendor>,
    pub(crate) credentials: AppCredentials,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) store: Option<Arc<dyn TokenStore>>,
    pub(crate) refused: Arc<Mutex<Option<SecretString>>>,
    pub(crate) chunk_size: usize,
}

impl Inner {
    /// Forgets a refused refresh token (after a new code was exchanged).
    pub(crate) fn forget_refused(&self) {
        *self.refused.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.transport.base_url().as_str())
            .field("credentials", &self.inner.credentials)
            .field("store", &self.inner.store)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    client_core::env_constructors!(
        ClientBuilder,
        "`WUKONG_APPID`, `WUKONG_APPSECRET` (required), `WUKONG_BASE_URL`, `WUKONG_TOKEN_FILE` and `WUKONG_REDIS_URL` (optional; see `Config::from_env`)"
    );

    fn builder_from(vars: client_core::env_vars::EnvVars<'_>) -> Result<ClientBuilder> {
        Ok(Config::from_env_vars(vars)?.into_builder())
    }

    /// 一、认证&授权 (§1.1–1.3).
    pub fn oauth(&self) -> OAuth<'_> {
        OAuth::new(self)
    }

    /// 二、数据API (§2.1–2.3).
    pub fn leads(&self) -> Leads<'_> {
        Leads::new(self)
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &url::Url {
        self.inner.transport.base_url()
    }

    pub(crate) fn transport(&self) -> &Transport<WukongVendor> {
        &self.inner.transport
    }

    pub(crate) fn cache(&self) -> &TokenCache {
        &self.inner.transport.vendor().cache
    }
}
