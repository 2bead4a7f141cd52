//! Building a [`Transport`]: the builder, the settings a vendor builder collects, and the checks
//! on a base URL.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

#[cfg(feature = "rate-limit")]
use governor::{Quota, RateLimiter};
use http::HeaderValue;
use tokio::sync::Semaphore;
use url::Url;

#[cfg(doc)]
use super::RequestOptions;
use super::TransportEvents;
use super::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT, Shared, Transport, Vendor,
};
use crate::error::{Error, Result};
use crate::redact;
use crate::retry::{RetryBudget, RetryPolicy};

/// Builds a [`Transport`]. Keeps the first configuration error until [`TransportBuilder::build`].
#[derive(Clone)]
pub struct TransportBuilder {
    user_agent: String,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    timeout: Duration,
    attempt_timeout: Option<Duration>,
    max_concurrent: Option<usize>,
    rate_limit: Option<NonZeroU32>,
    retry: RetryPolicy,
    budget: RetryBudget,
    max_response_bytes: u64,
    events: Option<Arc<dyn TransportEvents>>,
    log_personal_data: bool,
}

impl fmt::Debug for TransportBuilder {
    /// The base URL is shown without any user information it may (wrongly) carry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportBuilder")
            .field("user_agent", &self.user_agent)
            .field(
                "base_url",
                &self.base_url.as_deref().map(redact::url_for_display),
            )
            .field("http_client", &self.http.as_ref().map(|_| "caller's"))
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_concurrent", &self.max_concurrent)
            .field("rate_limit", &self.rate_limit)
            .field("retry", &self.retry)
            .field("budget", &self.budget)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("log_personal_data", &self.log_personal_data)
            .finish_non_exhaustive()
    }
}

impl TransportBuilder {
    /// A builder whose requests send `User-Agent: <user_agent>` (e.g. `linkflow-client/0.1.0`).
    pub fn new(user_agent: impl Into<String>) -> Self {
        Self {
            user_agent: user_agent.into(),
            base_url: None,
            http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            attempt_timeout: None,
            max_concurrent: Some(DEFAULT_MAX_CONCURRENT_REQUESTS),
            rate_limit: None,
            retry: RetryPolicy::default(),
            budget: RetryBudget::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            events: None,
            log_personal_data: false,
        }
    }

    /// The spans and events of this transport, usually a vendor crate's
    /// [`transport_events!`](crate::transport_events) struct so they carry its target
    /// (default: [`CoreEvents`](super::CoreEvents), under `client_core`).
    pub fn events(mut self, events: Arc<dyn TransportEvents>) -> Self {
        self.events = Some(events);
        self
    }

    /// Emits a TRACE event `request details` with each attempt's concrete path and query values
    /// (secrets still `***`), which may hold personal data (phone numbers, e-mails, names). Off
    /// by default; turn it on only where such logs are allowed.
    pub fn log_personal_data(mut self, on: bool) -> Self {
        self.log_personal_data = on;
        self
    }

    /// The base URL (`https://host[:port][/prefix]`). `http://` is allowed and warned about once.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses the caller's `reqwest::Client` (proxies, custom roots, a shared pool). Its own
    /// connect timeout then applies instead of [`TransportBuilder::connect_timeout`].
    ///
    /// **Build it with `.redirect(reqwest::redirect::Policy::none())`.** A client that follows
    /// redirects sends the vendor's credential headers (and, on 307/308, a form body holding a
    /// token) to whatever host a `Location` names. The transport cannot stop a redirect such a
    /// client follows; it notices it afterwards and fails the call with
    /// [`Error::is_redirect`], but by then the credentials have left.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole operation, retries and waits included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed for one attempt (so a hung attempt can be retried); off by default.
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Cap on requests in flight (`None`: no cap).
    pub fn max_concurrent_requests(mut self, max: Option<usize>) -> Self {
        self.max_concurrent = max;
        self
    }

    /// Client-side rate limit, in requests per second (`None`: no limit). Needs the
    /// `rate-limit` feature: without it, [`TransportBuilder::build`] refuses a limit.
    pub fn rate_limit(mut self, per_second: Option<NonZeroU32>) -> Self {
        self.rate_limit = per_second;
        self
    }

    /// The default retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The retry budget (shared by clones of the transport).
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.budget = budget;
        self
    }

    /// The most bytes of a response body read before the read is stopped with
    /// [`Error::is_response_too_large`] (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a request can
    /// override it with [`RequestOptions::with_max_response_bytes`].
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Applies every field of `settings`: timeouts, retry policy, concurrency cap, rate limit
    /// and response size cap. The caller's `reqwest::Client` is applied only when `settings` holds one, so a
    /// client set earlier with [`TransportBuilder::http_client`] is kept otherwise.
    pub fn settings(mut self, settings: &TransportSettings) -> Self {
        self.timeout = settings.timeout;
        self.connect_timeout = settings.connect_timeout;
        self.attempt_timeout = settings.attempt_timeout;
        self.retry = settings.retry.clone();
        self.max_concurrent = settings.max_concurrent_requests;
        self.rate_limit = settings.rate_limit;
        self.max_response_bytes = settings.max_response_bytes;
        self.log_personal_data = settings.log_personal_data;
        if let Some(http) = &settings.http_client {
            self.http = Some(http.clone());
        }
        self
    }

    /// Builds the transport around `vendor`.
    pub fn build<V: Vendor>(self, vendor: V) -> Result<Transport<V>> {
        let raw = self
            .base_url
            .ok_or_else(|| Error::config("a base URL is required"))?;
        let base = validate_base_url(&raw)?;
        #[cfg(not(feature = "rate-limit"))]
        if self.rate_limit.is_some() {
            return Err(Error::config(
                "a client-side rate limit needs client-core's `rate-limit` feature (the vendor \
                 crate's `rate-limit` feature turns it on)",
            ));
        }
        let semaphore = match self.max_concurrent {
            Some(n) if n > Semaphore::MAX_PERMITS => {
                return Err(Error::config(format!(
                    "max_concurrent_requests ({n}) is above the largest supported cap ({})",
                    Semaphore::MAX_PERMITS
                )));
            }
            Some(n) => Some(Semaphore::new(n.max(1))),
            None => None,
        };
        let http = match self.http {
            Some(client) => client,
            None => {
                ensure_crypto_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .pool_idle_timeout(Duration::from_secs(90))
                    // Never follow redirects: a followed redirect carries the credential
                    // headers (and a 307/308 the body) to the host the `Location` names.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?
            }
        };
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::config("the user agent is not valid header text"))?;
        let base_str = base.as_str().trim_end_matches('/').to_owned();
        Ok(Transport {
            inner: Arc::new(Shared {
                vendor,
                http,
                base,
                base_str,
                user_agent,
                timeout: self.timeout,
                attempt_timeout: self.attempt_timeout,
                semaphore,
                #[cfg(feature = "rate-limit")]
                rate: self
                    .rate_limit
                    .map(|n| RateLimiter::direct(Quota::per_second(n))),
                retry: self.retry,
                budget: self.budget,
                max_response_bytes: self.max_response_bytes,
                events: self.events.unwrap_or_else(|| Arc::new(super::CoreEvents)),
                log_personal_data: self.log_personal_data,
                warned_plain_http: AtomicBool::new(false),
            }),
        })
    }
}

/// The caller-tunable transport settings a vendor client builder collects before building its
/// transport(s): hold one of these, let each public setter write one field, and hand it to
/// [`TransportBuilder::settings`]. `Default` gives the transport's documented defaults.
#[derive(Clone)]
#[non_exhaustive]
pub struct TransportSettings {
    /// Time allowed for a whole operation, retries and waits included (default
    /// [`DEFAULT_TIMEOUT`]).
    pub timeout: Duration,
    /// Time allowed to open a connection (default [`DEFAULT_CONNECT_TIMEOUT`]); ignored when
    /// [`TransportSettings::http_client`] is set, whose own connect timeout applies.
    pub connect_timeout: Duration,
    /// Time allowed for one attempt, so a hung attempt can be retried (default `None`: off).
    pub attempt_timeout: Option<Duration>,
    /// The default retry policy (default [`RetryPolicy::default`]).
    pub retry: RetryPolicy,
    /// Cap on requests in flight (default `Some(`[`DEFAULT_MAX_CONCURRENT_REQUESTS`]`)`;
    /// `None`: no cap).
    pub max_concurrent_requests: Option<usize>,
    /// Client-side rate limit in requests per second (default `None`: no limit).
    pub rate_limit: Option<NonZeroU32>,
    /// The caller's `reqwest::Client` (proxies, custom roots, a shared pool); `None` (the
    /// default) builds one. See [`TransportBuilder::http_client`]: it must not follow
    /// redirects.
    pub http_client: Option<reqwest::Client>,
    /// The most bytes of a response body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub max_response_bytes: u64,
    /// Whether a TRACE event shows each attempt's concrete path and query values, which may
    /// hold personal data (default `false`; see [`TransportBuilder::log_personal_data`]).
    pub log_personal_data: bool,
}

impl Default for TransportSettings {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: None,
            retry: RetryPolicy::default(),
            max_concurrent_requests: Some(DEFAULT_MAX_CONCURRENT_REQUESTS),
            rate_limit: None,
            http_client: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            log_personal_data: false,
        }
    }
}

impl std::fmt::Debug for TransportSettings {
    /// Shows whether a caller's HTTP client is set, not the client itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransportSettings")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("retry", &self.retry)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .field("rate_limit", &self.rate_limit)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("log_personal_data", &self.log_personal_data)
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "caller's"),
            )
            .finish()
    }
}

/// Installs rustls' `ring` provider as the process default when none is installed (the
/// workspace builds reqwest without its default provider; see `docs/architecture.md`).
pub(crate) fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another installer is fine: some provider is then installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Checks a base URL: http(s), a host, no credentials, no query or fragment.
///
/// Error messages quote the URL without its user information (`https://***@host/…`), so a
/// password put there by mistake never reaches an error or a log.
pub fn validate_base_url(raw: &str) -> Result<Url> {
    let shown = redact::url_for_display(raw);
    let url = Url::parse(raw.trim()).map_err(|e| {
        let hint = if raw.contains("://") {
            ""
        } else {
            " (it needs a scheme: try `https://` in front)"
        };
        Error::config(format!("the base URL `{shown}` is not a URL: {e}{hint}"))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "the base URL `{shown}` must start with https:// or http://"
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::config(format!("the base URL `{shown}` has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(format!(
            "the base URL `{shown}` must not carry credentials"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "the base URL `{shown}` must not have a query or fragment"
        )));
    }
    Ok(url)
}
#[cfg(test)]
mod settings_tests {
    use super::*;
    use crate::transport::{OutgoingRequest, TransportSettings};

    /// A vendor that adds nothing.
    struct NoAuth;

    #[async_trait::async_trait]
    impl Vendor for NoAuth {
        fn name(&self) -> &'static str {
            "none"
        }

        async fn authorize(&self, _request: &mut OutgoingRequest) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn default_settings_match_the_builder_defaults() {
        let from_settings = TransportBuilder::new("t/1").settings(&TransportSettings::default());
        let plain = TransportBuilder::new("t/1");
        assert_eq!(format!("{from_settings:?}"), format!("{plain:?}"));
    }

    #[test]
    fn settings_reach_the_transport() {
        let settings = TransportSettings {
            timeout: Duration::from_millis(1234),
            connect_timeout: Duration::from_millis(567),
            attempt_timeout: Some(Duration::from_millis(89)),
            retry: RetryPolicy::none(),
            max_concurrent_requests: Some(3),
            rate_limit: NonZeroU32::new(7),
            ..TransportSettings::default()
        };
        let builder = TransportBuilder::new("t/1")
            .base_url("http://127.0.0.1:9")
            .settings(&settings);
        assert_eq!(builder.timeout, Duration::from_millis(1234));
        assert_eq!(builder.connect_timeout, Duration::from_millis(567));
        assert_eq!(builder.attempt_timeout, Some(Duration::from_millis(89)));
        assert_eq!(
            format!("{:?}", builder.retry),
            format!("{:?}", RetryPolicy::none())
        );
        assert_eq!(builder.max_concurrent, Some(3));
        assert_eq!(builder.rate_limit, NonZeroU32::new(7));
        assert!(builder.http.is_none());

        let transport = builder.build(NoAuth);
        #[cfg(not(feature = "rate-limit"))]
        {
            let err = transport.expect_err("a rate limit without the `rate-limit` feature");
            assert!(err.is_config(), "{err:?}");
            assert!(err.to_string().contains("`rate-limit` feature"), "{err}");
        }
        #[cfg(feature = "rate-limit")]
        {
            let transport = transport.expect("transport");
            let shared = &transport.inner;
            assert_eq!(shared.timeout, Duration::from_millis(1234));
            assert_eq!(shared.attempt_timeout, Some(Duration::from_millis(89)));
            assert_eq!(
                shared.semaphore.as_ref().map(Semaphore::available_permits),
                Some(3)
            );
            assert!(shared.rate.is_some());
            assert_eq!(
                format!("{:?}", shared.retry),
                format!("{:?}", RetryPolicy::none())
            );
        }
    }

    #[test]
    fn the_callers_http_client_is_applied_only_when_set() {
        ensure_crypto_provider();
        let mut settings = TransportSettings::default();
        let kept = TransportBuilder::new("t/1")
            .http_client(reqwest::Client::new())
            .settings(&settings);
        assert!(kept.http.is_some());
        settings.http_client = Some(reqwest::Client::new());
        let set = TransportBuilder::new("t/1").settings(&settings);
        assert!(set.http.is_some());
        assert!(format!("{settings:?}").contains("caller's"));
    }
}
