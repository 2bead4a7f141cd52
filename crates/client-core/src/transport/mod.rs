//! The shared HTTP transport: one path from a [`Request`] to a decoded value, for every vendor.
//!
//! ```text
//! Request ──► for each attempt:
//!               OutgoingRequest (fresh copy) ─► concurrency cap, rate limit
//!               ─► Vendor::authorize (token / signature) ─► send (reqwest, pooled) ─► read whole body
//!               ─► Vendor::interpret (envelope, vendor error, response signature)
//!             on a stale-token error: invalidate credentials, replay once
//!             on other failures: retry::classify ─► backoff / Retry-After ─► next attempt
//!         ──► Payload::decode::<T>()
//! ```
//!
//! The whole operation, waits included, runs under one timeout. Dropping the future returned by
//! [`Transport::execute`] cancels it: an attempt in flight is abandoned and its connection closed.
//! For a write this means the server may or may not have acted, exactly as with a timeout; writes
//! that carry an idempotency key can be re-sent safely with the same key.

mod outgoing;
mod request;
mod response;
mod vendor;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use http::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use tracing::Instrument as _;
use url::Url;

pub use outgoing::OutgoingRequest;
pub use request::{Body, MultipartFactory, Request, RequestOptions};
pub use response::{Payload, RawResponse};
pub use vendor::Vendor;

use crate::error::{Error, Result};
use crate::redact;
use crate::retry::{self, Decision, RetryBudget, RetryPolicy};

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole operation, retries and waits included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default cap on requests in flight per client.
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 256;

/// Response headers that carry a request id, in the order they are looked for.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-trace-id", "request-id", "x-b3-traceid"];

/// Builds a [`Transport`]. Keeps the first configuration error until [`TransportBuilder::build`].
#[derive(Debug, Clone)]
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
        }
    }

    /// The base URL (`https://host[:port][/prefix]`). `http://` is allowed and warned about once.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses the caller's `reqwest::Client` (proxies, custom roots, a shared pool). Its own
    /// connect timeout then applies instead of [`TransportBuilder::connect_timeout`].
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

    /// Client-side rate limit, in requests per second (`None`: no limit).
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

    /// Applies every field of `settings`: timeouts, retry policy, concurrency cap and rate
    /// limit. The caller's `reqwest::Client` is applied only when `settings` holds one, so a
    /// client set earlier with [`TransportBuilder::http_client`] is kept otherwise.
    pub fn settings(mut self, settings: &TransportSettings) -> Self {
        self.timeout = settings.timeout;
        self.connect_timeout = settings.connect_timeout;
        self.attempt_timeout = settings.attempt_timeout;
        self.retry = settings.retry.clone();
        self.max_concurrent = settings.max_concurrent_requests;
        self.rate_limit = settings.rate_limit;
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
        let http = match self.http {
            Some(client) => client,
            None => {
                ensure_crypto_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .pool_idle_timeout(Duration::from_secs(90))
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
                semaphore: self.max_concurrent.map(|n| Semaphore::new(n.max(1))),
                rate: self
                    .rate_limit
                    .map(|n| RateLimiter::direct(Quota::per_second(n))),
                retry: self.retry,
                budget: self.budget,
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
    /// default) builds one.
    pub http_client: Option<reqwest::Client>,
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
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "caller's"),
            )
            .finish()
    }
}

/// Installs rustls' `ring` provider as the process default when none is installed (the
/// workspace builds reqwest without its default provider; see `docs/architecture.md`).
fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another installer is fine: some provider is then installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Checks a base URL: http(s), a host, no credentials, no query or fragment.
pub fn validate_base_url(raw: &str) -> Result<Url> {
    let url = Url::parse(raw.trim())
        .map_err(|e| Error::config(format!("the base URL `{raw}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "the base URL `{raw}` must start with https:// or http://"
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::config(format!("the base URL `{raw}` has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config("the base URL must not carry credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "the base URL `{raw}` must not have a query or fragment"
        )));
    }
    Ok(url)
}

/// The shared transport: a pooled HTTP client plus one vendor's hooks. Cheap to clone.
pub struct Transport<V> {
    inner: Arc<Shared<V>>,
}

impl<V> Clone for Transport<V> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<V> std::fmt::Debug for Transport<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_str)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

struct Shared<V> {
    vendor: V,
    http: reqwest::Client,
    base: Url,
    base_str: String,
    user_agent: HeaderValue,
    timeout: Duration,
    attempt_timeout: Option<Duration>,
    semaphore: Option<Semaphore>,
    rate: Option<DefaultDirectRateLimiter>,
    retry: RetryPolicy,
    budget: RetryBudget,
    warned_plain_http: AtomicBool,
}

impl<V: Vendor> Transport<V> {
    /// The vendor hooks.
    pub fn vendor(&self) -> &V {
        &self.inner.vendor
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The underlying `reqwest::Client` (e.g. for a vendor's token request).
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The retry budget.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.inner.budget
    }

    /// Sends `request` and decodes the payload as `T`.
    pub async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        self.execute_payload(request).await?.decode()
    }

    /// Sends `request` and returns the undecoded payload.
    pub async fn execute_payload(&self, request: Request) -> Result<Payload> {
        let timeout = request.options.timeout.unwrap_or(self.inner.timeout);
        let operation = request.operation;
        match tokio::time::timeout(timeout, self.run(&request)).await {
            Ok(result) => result,
            Err(_) => Err(Error::timeout(format!(
                "the operation did not finish within {} ms",
                timeout.as_millis()
            ))
            .with_operation(operation)),
        }
    }

    async fn run(&self, request: &Request) -> Result<Payload> {
        let policy = request.options.retry.as_ref().unwrap_or(&self.inner.retry);
        let replayable = request.body.is_replayable();
        let started = Instant::now();
        let mut attempt = 0u32;
        let mut retries = 0u32;
        let mut replayed_for_token = false;
        loop {
            attempt += 1;
            let mut outgoing = OutgoingRequest {
                method: request.method.clone(),
                operation: request.operation,
                path: request.path.clone(),
                query: request
                    .query
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
                headers: request.headers.clone(),
                body: request.body.clone(),
                attempt,
                idempotency_key: request.idempotency_key.clone(),
                credential_generation: None,
            };
            let error = match self.attempt(&mut outgoing).await {
                Ok(payload) => {
                    self.inner.budget.deposit();
                    return Ok(payload);
                }
                Err(e) => e.or_operation(request.operation).with_attempts(attempt),
            };
            if !replayed_for_token && self.inner.vendor.is_token_error(&error) {
                if !replayable {
                    return Err(error.with_retry_note(retry::NOT_REPLAYABLE));
                }
                replayed_for_token = true;
                self.inner
                    .vendor
                    .invalidate_credentials(outgoing.credential_generation);
                tracing::debug!(
                    operation = request.operation,
                    "stale credentials: refreshing and replaying once"
                );
                continue;
            }
            match retry::classify(&error, request.safe_to_repeat, replayable) {
                Decision::Stop(None) => return Err(error),
                Decision::Stop(Some(note)) => return Err(error.with_retry_note(note)),
                Decision::Retry => {}
            }
            retries += 1;
            if retries >= policy.max_attempts {
                return Err(error);
            }
            let delay = match error.retry_after() {
                Some(after) if after > policy.max_retry_after => {
                    return Err(error.with_retry_note(
                        "the server's Retry-After is longer than the policy allows",
                    ));
                }
                Some(after) => after,
                None => policy.backoff.delay(retries - 1),
            };
            if policy
                .max_elapsed
                .is_some_and(|max| started.elapsed() + delay > max)
            {
                return Err(error.with_retry_note("the retry time cap would be passed"));
            }
            if !self.inner.budget.try_withdraw(&error) {
                return Err(error.with_retry_note(retry::BUDGET_EXHAUSTED));
            }
            tracing::debug!(
                operation = request.operation,
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(&self, out: &mut OutgoingRequest) -> Result<Payload> {
        let inner = &*self.inner;
        // Wait for a slot (and the rate limit) first, then authorize: the token or signature is
        // taken right before sending, not before a wait behind the cap. Otherwise every request
        // queued behind the cap when the token expires goes out stale and is rejected (10,000
        // calls, token expiring halfway: ~4,900 rejected requests before, at most the cap
        // after; `cargo xtask bench`, scenario 2). A vendor whose `authorize` sends requests
        // (a token fetch) must send them through another transport, as Linkflow and Wukong do,
        // or it could wait on the slots its own callers hold.
        let _permit = match &inner.semaphore {
            Some(sem) => sem.acquire().await.ok(),
            None => None,
        };
        if let Some(rate) = &inner.rate {
            rate.until_ready().await;
        }
        inner.vendor.authorize(out).await?;
        if inner.base.scheme() == "http" && !inner.warned_plain_http.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                vendor = inner.vendor.name(),
                base_url = %inner.base_str,
                "credentials are being sent over plain http; use https where the vendor supports it"
            );
        }

        let url = self.url_for(out)?;
        let mut builder = inner.http.request(out.method.clone(), url);
        let mut headers = std::mem::take(&mut out.headers);
        headers.insert(http::header::USER_AGENT, inner.user_agent.clone());
        headers
            .entry(http::header::ACCEPT)
            .or_insert(HeaderValue::from_static("application/json"));
        if let Some(t) = inner.attempt_timeout {
            builder = builder.timeout(t);
        }
        builder = match &out.body {
            Body::Empty => builder,
            Body::Json(bytes) => {
                headers.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                builder.body(bytes.clone())
            }
            Body::Form(pairs) => builder.form(pairs),
            Body::Raw {
                content_type,
                bytes,
            } => {
                headers.insert(http::header::CONTENT_TYPE, content_type.clone());
                builder.body(bytes.clone())
            }
            Body::Multipart { factory, .. } => builder.multipart(factory().await?),
        };
        let builder = builder.headers(headers);

        let span = tracing::debug_span!(
            "http_attempt",
            vendor = inner.vendor.name(),
            method = %out.method,
            path = %out.path,
            query = %redact::query_for_log(out.query.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            attempt = out.attempt,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = async {
            let response = builder.send().await.map_err(map_reqwest_error)?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(map_reqwest_error)?;
            Ok::<_, Error>(RawResponse {
                status,
                headers,
                body,
            })
        }
        .instrument(span.clone())
        .await;
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("latency_ms", latency);
        let raw = match result {
            Ok(raw) => raw,
            Err(e) => {
                span.in_scope(|| tracing::debug!(error = %e, "attempt failed"));
                return Err(e);
            }
        };
        span.record("status", raw.status.as_u16());
        span.in_scope(|| tracing::debug!("response received"));

        let status = raw.status;
        let retry_after = retry::parse_retry_after(&raw.headers, SystemTime::now());
        let request_id = REQUEST_ID_HEADERS.iter().find_map(|h| {
            raw.headers
                .get(*h)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        });
        inner.vendor.interpret(out.operation, raw).map_err(|mut e| {
            e = e.or_status(status);
            if let Some(after) = retry_after {
                e = e.with_retry_after(after);
            }
            if let (Some(id), None) = (request_id, e.request_id()) {
                e = e.with_request_id(id);
            }
            e
        })
    }

    fn url_for(&self, out: &OutgoingRequest) -> Result<Url> {
        let path = out.path.as_str();
        let joined = if path.starts_with('/') {
            format!("{}{}", self.inner.base_str, path)
        } else {
            format!("{}/{}", self.inner.base_str, path)
        };
        let mut url = Url::parse(&joined).map_err(|e| {
            Error::invalid_input("path", format!("`{path}` does not form a URL: {e}"))
        })?;
        if !out.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &out.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }
}

fn map_reqwest_error(error: reqwest::Error) -> Error {
    // Drop the URL: query strings may carry credentials.
    let error = error.without_url();
    if error.is_connect() {
        Error::connect(error)
    } else if error.is_timeout() {
        Error::timeout("the attempt timed out").with_source(error)
    } else if error.is_builder() {
        Error::invalid_input("request", error.to_string())
    } else {
        Error::transport("the request failed", error)
    }
}

/// A header name from a static string, for vendor hooks.
pub fn header_name(name: &'static str) -> HeaderName {
    HeaderName::from_static(name)
}

#[cfg(test)]
mod settings_tests {
    use super::*;

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

        let transport = builder.build(NoAuth).expect("transport");
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

    #[test]
    fn the_callers_http_client_is_applied_only_when_set() {
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
