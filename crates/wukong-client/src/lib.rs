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
//! Feature `testing` adds [`testing::Sandbox`], a loopback Wukong with short-lived codes and
//! tokens and rotating refresh tokens.

pub mod api;
pub mod auth;
pub mod codes;
mod envelope;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use client_core::token::TokenCache;
use client_core::transport::{Transport, TransportBuilder};
use secrecy::SecretString;

use client_core::env_vars::EnvVars;
/// The error type, the configuration types the builder takes, the stream type of list
/// operations, clocks and token stores: everything a user needs without adding `client-core`.
pub use client_core::sdk::*;
pub use models::ApiResponse;

/// `use wukong_client::prelude::*;` brings the client, the error and result types, and the
/// stream methods (`try_next`, `try_collect`, …) into scope.
pub mod prelude {
    pub use client_core::sdk::prelude::*;

    pub use crate::{Client, ClientBuilder, Config};
}

use crate::api::leads::{DEFAULT_CHUNK_SIZE, Leads, MAX_CHUNK_SIZE};
use crate::api::oauth::OAuth;
use crate::auth::{AppCredentials, OAuthVendor, WukongFetcher, WukongVendor};

/// The documented base URL (plain http in `wukong.md`; the transport warns once about it).
pub const DEFAULT_BASE_URL: &str = "http://open.wukongdata.com";

/// The environment variables read by [`Config::from_env`].
pub mod env {
    /// Base URL (optional; default [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)).
    pub const BASE_URL: &str = "WUKONG_BASE_URL";
    /// The app id (`appid`, required).
    pub const APPID: &str = "WUKONG_APPID";
    /// The app secret (`appsecret`, required).
    pub const APPSECRET: &str = "WUKONG_APPSECRET";
    /// A token file (optional): tokens survive restarts.
    pub const TOKEN_FILE: &str = "WUKONG_TOKEN_FILE";
    /// A Redis URL (optional, `redis://` or `rediss://`; needs the `redis` feature): replicas on
    /// several hosts share one token and refresh it under a distributed lock. Takes precedence
    /// over [`TOKEN_FILE`].
    pub const REDIS_URL: &str = "WUKONG_REDIS_URL";
}

/// What a client needs: base URL, app credentials (§1.2 `appid`, `appsecret`), and where to keep
/// tokens. The secret never appears in `Debug`.
#[derive(Clone)]
#[non_exhaustive]
pub struct Config {
    /// The base URL; `None` for [`DEFAULT_BASE_URL`].
    pub base_url: Option<String>,
    /// The partner app id Wukong assigned (`appid`).
    pub appid: String,
    /// The app secret (`appsecret`).
    pub appsecret: SecretString,
    /// A token file (see [`ClientBuilder::token_file`]); `None` keeps tokens in memory only.
    pub token_file: Option<PathBuf>,
    /// A Redis URL (see [`env::REDIS_URL`]); it may hold a password, so it is a secret.
    pub redis_url: Option<SecretString>,
}

impl Config {
    /// A configuration with the default base URL and no token file.
    pub fn new(appid: impl Into<String>, appsecret: impl Into<SecretString>) -> Self {
        Self {
            base_url: None,
            appid: appid.into(),
            appsecret: appsecret.into(),
            token_file: None,
            redis_url: None,
        }
    }

    /// Reads `WUKONG_BASE_URL` (optional), `WUKONG_APPID`, `WUKONG_APPSECRET` (required),
    /// `WUKONG_TOKEN_FILE` and `WUKONG_REDIS_URL` (optional). A missing or empty required
    /// variable is [`Error::config`] naming it; so is `WUKONG_REDIS_URL` when the crate was built
    /// without the `redis` feature.
    pub fn from_env() -> Result<Self> {
        Self::from_env_vars(EnvVars::from_process())
    }

    /// [`Config::from_env`] over any lookup (e.g. a map in tests).
    pub fn from_lookup(lookup: impl FnMut(&str) -> Option<String>) -> Result<Self> {
        Self::from_env_vars(EnvVars::from_lookup(lookup))
    }

    fn from_env_vars(mut vars: EnvVars<'_>) -> Result<Self> {
        let base_url = vars.optional(env::BASE_URL);
        let appid = vars.required(env::APPID);
        let appsecret = vars.required(env::APPSECRET);
        let token_file = vars.optional(env::TOKEN_FILE);
        let redis_url = vars.optional(env::REDIS_URL);
        if cfg!(not(feature = "redis")) && redis_url.is_some() {
            vars.invalid(
                env::REDIS_URL,
                "set, but wukong-client was built without its `redis` feature",
            );
        }
        vars.finish()?;
        let (Some(appid), Some(appsecret)) = (appid, appsecret) else {
            return Err(Error::config(format!(
                "`{}` and `{}` are required",
                env::APPID,
                env::APPSECRET
            )));
        };
        Ok(Self {
            base_url,
            appid,
            appsecret: SecretString::from(appsecret),
            token_file: token_file.map(PathBuf::from),
            redis_url: redis_url.map(SecretString::from),
        })
    }

    /// A [`ClientBuilder`] holding this configuration.
    pub fn into_builder(self) -> ClientBuilder {
        let mut builder = Client::builder()
            .appid(self.appid.clone())
            .appsecret(self.appsecret);
        if let Some(url) = self.base_url {
            builder = builder.base_url(url);
        }
        if let Some(file) = self.token_file {
            builder = builder.token_file(file);
        }
        if let Some(url) = self.redis_url {
            builder = builder.redis_store(url, &self.appid);
        }
        builder
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("appid", &self.appid)
            .field("appsecret", &"** redacted **")
            .field("token_file", &self.token_file)
            .field(
                "redis_url",
                &self.redis_url.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// Builds a [`Client`]. Keeps the first error until [`build`](Self::build).
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    appid: Option<String>,
    appsecret: Option<SecretString>,
    store: Option<Arc<dyn TokenStore>>,
    clock: Arc<dyn Clock>,
    refresh_margin: Duration,
    chunk_size: usize,
    transport: TransportSettings,
    error: Option<Error>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("appid", &self.appid)
            .field(
                "appsecret",
                &self.appsecret.as_ref().map(|_| "** redacted **"),
            )
            .field("store", &self.store)
            .field("refresh_margin", &self.refresh_margin)
            .field("chunk_size", &self.chunk_size)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            appid: None,
            appsecret: None,
            store: None,
            clock: Arc::new(SystemClock),
            refresh_margin: Duration::from_secs(5 * 60),
            chunk_size: DEFAULT_CHUNK_SIZE,
            transport: TransportSettings::default(),
            error: None,
        }
    }
}

impl ClientBuilder {
    /// The base URL (default [`DEFAULT_BASE_URL`], plain http as documented). A bare host
    /// (`open.wukongdata.com`) gets `https://`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        let url = url.into();
        let url = url.trim();
        self.base_url = Some(if url.contains("://") {
            url.to_owned()
        } else {
            format!("https://{url}")
        });
        self
    }

    /// The partner app id (`appid`, required).
    pub fn appid(mut self, appid: impl Into<String>) -> Self {
        self.appid = Some(appid.into());
        self
    }

    /// The app secret (`appsecret`, required).
    pub fn appsecret(mut self, secret: impl Into<SecretString>) -> Self {
        self.appsecret = Some(secret.into());
        self
    }

    /// Keeps tokens in a JSON file (client-core's `FileStore`: written atomically, owner-only,
    /// locked across processes), so a restarted process resumes without a new code. Needs the
    /// `file-store` feature (on by default); without it, [`build`](Self::build) fails with a
    /// configuration error.
    #[cfg_attr(feature = "file-store", allow(unused_mut))]
    pub fn token_file(mut self, path: impl Into<PathBuf>) -> Self {
        #[cfg(feature = "file-store")]
        {
            self.token_store(client_core::store::FileStore::new(path))
        }
        #[cfg(not(feature = "file-store"))]
        {
            let _ = path.into();
            self.error.get_or_insert(Error::config(
                "a token file needs wukong-client's `file-store` feature (on by default)",
            ));
            self
        }
    }

    /// Keeps tokens in Redis at `url` under keys named for Wukong and `appid`
    /// (client-core's `RedisStore`), so replicas on several hosts share one token and never
    /// spend one refresh token twice. Without the `redis` feature, [`build`](Self::build) fails
    /// with a configuration error.
    pub fn redis_store(mut self, url: impl Into<SecretString>, appid: &str) -> Self {
        #[cfg(feature = "redis")]
        match client_core::store::RedisStore::builder(url, "wukong", appid).build() {
            Ok(store) => return self.token_store(store),
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        #[cfg(not(feature = "redis"))]
        {
            let _ = (url.into(), appid);
            self.error.get_or_insert(Error::config(
                "a Redis token store needs wukong-client's `redis` feature",
            ));
        }
        self
    }

    /// Keeps tokens in `store` (any client-core [`TokenStore`]: memory, file, Redis).
    pub fn token_store(self, store: impl TokenStore) -> Self {
        self.shared_token_store(Arc::new(store))
    }

    /// Keeps tokens in a store shared with other clients.
    pub fn shared_token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// Refresh the access token this long before it expires (default 5 minutes; never more than
    /// half its lifetime).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Reads wall-clock time from `clock` (tests use a
    /// [`ManualClock`]).
    pub fn clock(self, clock: impl Clock) -> Self {
        self.shared_clock(Arc::new(clock))
    }

    /// Reads wall-clock time from a shared clock.
    pub fn shared_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Leads per batch-import request, 1 to [`MAX_CHUNK_SIZE`] (default [`DEFAULT_CHUNK_SIZE`]).
    pub fn import_chunk_size(mut self, size: usize) -> Self {
        if (1..=MAX_CHUNK_SIZE).contains(&size) {
            self.chunk_size = size;
        } else if self.error.is_none() {
            self.error = Some(Error::config(format!(
                "import_chunk_size must be between 1 and {MAX_CHUNK_SIZE}"
            )));
        }
        self
    }

    client_core::transport_setters!(transport);

    fn transport_builder(base_url: &str, settings: &TransportSettings) -> TransportBuilder {
        TransportBuilder::new(concat!("wukong-client/", env!("CARGO_PKG_VERSION")))
            .base_url(base_url)
            .settings(settings)
            .events(std::sync::Arc::new(TransportEvents))
    }

    /// Builds the client (no request is made, no token file read).
    pub fn build(self) -> Result<Client> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let appid = self
            .appid
            .clone()
            .ok_or_else(|| Error::config("appid is required"))?;
        let appsecret = self
            .appsecret
            .clone()
            .ok_or_else(|| Error::config("appsecret is required"))?;
        client_core::required::Required::new("Wukong")
            .text("appid", &appid)
            .secret("appsecret", &appsecret)
            .finish()?;
        let credentials = AppCredentials { appid, appsecret };
        let base_url = self
            .base_url
            .clone()
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());

        // Token requests are not rate limited; the caller's HTTP client (if any) is used.
        let mut oauth_settings = self.transport.clone();
        oauth_settings.rate_limit = None;
        let oauth = Self::transport_builder(&base_url, &oauth_settings).build(OAuthVendor)?;

        let refused = Arc::new(Mutex::new(None));
        let fetcher = WukongFetcher::new(credentials.clone(), oauth.clone(), Arc::clone(&refused));
        let mut cache = TokenCache::builder(fetcher)
            .margin(self.refresh_margin)
            .label("wukong")
            .shared_clock(Arc::clone(&self.clock));
        if let Some(store) = &self.store {
            cache = cache.shared_store(Arc::clone(store));
        }
        let cache = cache.build();

        // The data transport shares the OAuth transport's connection pool.
        let transport = Self::transport_builder(&base_url, &self.transport)
            .http_client(oauth.http_client().clone())
            .build(WukongVendor { cache })?;

        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                oauth,
                credentials,
                clock: self.clock,
                store: self.store,
                refused,
                chunk_size: self.chunk_size,
            }),
        })
    }
}

/// A 悟空数据 Wukong Data client. Cheap to clone; clones share the token cache and connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport<WukongVendor>,
    oauth: Transport<OAuthVendor>,
    credentials: AppCredentials,
    clock: Arc<dyn Clock>,
    store: Option<Arc<dyn TokenStore>>,
    refused: Arc<Mutex<Option<SecretString>>>,
    chunk_size: usize,
}

impl Inner {
    /// Forgets a refused refresh token (after a new code was exchanged).
    fn forget_refused(&self) {
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

    /// A client from `WUKONG_BASE_URL`, `WUKONG_APPID`, `WUKONG_APPSECRET` and
    /// `WUKONG_TOKEN_FILE` (see [`Config::from_env`]).
    pub fn from_env() -> Result<Self> {
        Self::builder_from_env()?.build()
    }

    /// A [`ClientBuilder`] filled from the environment (see [`Config::from_env`]), to adjust
    /// further before building. Every missing or invalid variable is named in one error.
    pub fn builder_from_env() -> Result<ClientBuilder> {
        Ok(Config::from_env()?.into_builder())
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

client_core::transport_events! {
    /// This crate's transport spans and events, under its own `tracing` target (see
    /// `client_core::transport::TransportEvents`).
    struct TransportEvents;
}
