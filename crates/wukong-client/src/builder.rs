//! [`ClientBuilder`]: credentials, token storage, import chunking and the transport settings.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_core::token::TokenCache;
use client_core::transport::TransportBuilder;
use secrecy::SecretString;

use crate::api::leads::{DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE};
use crate::auth::{AppCredentials, OAuthVendor, WukongFetcher, WukongVendor};
use crate::client::Inner;
use crate::{
    Client, Clock, DEFAULT_BASE_URL, Error, Result, SystemClock, TokenStore, TransportSettings,
};

/// Builds a [`Client`]. Keeps the first error until [`build`](Self::build).
///
/// **Retries.** The retry policy ([`retry_policy`](Self::retry_policy), or a call's
/// `with_options`) applies in full to the reads (§2.1 `list`, §2.2 `potential`). Imports (§2.3,
/// each chunk of a batch) and token requests (§1.1 code, §1.2 exchange, §1.3 refresh) are never
/// repeated after they may have reached the server: an import is retried only after a failure to
/// connect or an answer saying the server did not act (HTTP 429 or 503 without a vendor code),
/// a token request only after a failure to connect (a code or a refresh token is single-use).
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
    /// [`ManualClock`](crate::ManualClock)).
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

client_core::transport_events! {
    /// This crate's transport spans and events, under its own `tracing` target (see
    /// `client_core::transport::TransportEvents`).
    struct TransportEvents;
}

#[cfg(all(test, not(feature = "file-store")))]
mod without_file_store {
    /// Without the `file-store` feature a token file is a configuration error at `build`, naming
    /// the feature, never a silent in-memory store (`.ci/run` runs this with no default features).
    #[test]
    fn a_token_file_needs_the_feature() {
        let err = crate::Client::builder()
            .appid("app")
            .appsecret("secret")
            .token_file("/tmp/wukong-token.json")
            .build()
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("a token file needs wukong-client's `file-store` feature (on by default)")
        );
    }
}
