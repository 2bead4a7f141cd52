//! The shared HTTP transport: one path from a [`Request`] to a decoded value, for every vendor.
//!
//! ```text
//! Request ──► under the whole-operation timeout, for each attempt:
//!               OutgoingRequest (fresh copy) ─► concurrency cap, rate limit
//!               ─► Vendor::authorize (token / signature) ─► send (reqwest, pooled, no redirects)
//!               ─► read the body, up to the size cap ─► a 3xx: Vendor::interpret_redirect or a
//!                  redirect error ─► Vendor::interpret (envelope, vendor error, signature)
//!               ─► decode into the caller's type
//!             a failed attempt goes through three steps (see `retry_loop.rs`):
//!               classify  (stale token? credentials unobtainable? retry::classify)
//!               decide    (attempt cap, Retry-After cap, max_elapsed, time left, budget)
//!               wait      (the backoff or the server's Retry-After) ─► next attempt
//! ```
//!
//! Dropping the future returned by [`Transport::execute`] cancels it: an attempt in flight is
//! abandoned and its connection closed. For a write this means the server may or may not have
//! acted, exactly as with a timeout; writes that carry an idempotency key can be re-sent safely
//! with the same key.
//!
//! Redirects are never followed (see [`TransportBuilder::http_client`] for a caller's client): a
//! 3xx answer is shown to the vendor's [`Vendor::interpret_redirect`] hook (Wukong's OAuth code
//! arrives in a `Location`), and is otherwise an error naming the status and the target host.

mod attempt;
mod builder;
mod events;
pub mod metrics;
mod outgoing;
mod request;
mod response;
mod retry_loop;
mod setters;
mod vendor;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

#[cfg(feature = "rate-limit")]
use governor::DefaultDirectRateLimiter;
use http::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use tracing::Instrument as _;
use url::Url;

pub use builder::{TransportBuilder, TransportSettings, validate_base_url};
pub use events::{AttemptFields, CoreEvents, TransportEvents};
pub use outgoing::OutgoingRequest;
pub use request::{Body, MultipartFactory, Request, RequestOptions};
pub use response::{Payload, RawResponse};
pub use retry_loop::{PAST_MAX_ELAPSED, RETRY_AFTER_TOO_LONG, WAIT_DOES_NOT_FIT};
pub use vendor::Vendor;

use crate::error::{Error, Result};
use crate::retry::{RetryBudget, RetryPolicy};
use retry_loop::Progress;

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole operation, retries and waits included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default cap on requests in flight per client.
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 256;
/// Default cap on the bytes of one response body (64 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

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
    #[cfg(feature = "rate-limit")]
    rate: Option<DefaultDirectRateLimiter>,
    retry: RetryPolicy,
    budget: RetryBudget,
    max_response_bytes: u64,
    warned_plain_http: AtomicBool,
    events: Arc<dyn TransportEvents>,
    log_personal_data: bool,
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
    ///
    /// Decoding is part of the attempt: a `200` whose JSON is cut short is retried like a `502`
    /// when the request is safe to repeat (see [`crate::retry`]).
    pub async fn execute<T: DeserializeOwned + Send>(&self, request: Request) -> Result<T> {
        self.execute_with(request, |payload| payload.decode::<T>())
            .await
    }

    /// Sends `request` and returns the undecoded payload.
    pub async fn execute_payload(&self, request: Request) -> Result<Payload> {
        self.execute_with(request, Ok).await
    }

    /// Sends `request` and turns each attempt's payload into `T` with `decode`; a decode error
    /// that says the body was cut short ([`Error::is_incomplete`]) is retried like a `502`.
    pub async fn execute_with<T, D>(&self, request: Request, decode: D) -> Result<T>
    where
        T: Send,
        D: Fn(Payload) -> Result<T> + Sync,
    {
        // The loop below is compiled once per vendor, not once per result type: it sees the
        // decoder through `dyn`, and the value comes back through `slot` (build cost: see
        // docs/performance.md).
        let mut slot: Option<T> = None;
        let outcome = {
            let mut decode_into = |payload: Payload| -> Result<()> {
                slot = Some(decode(payload)?);
                Ok(())
            };
            self.execute_erased(request, &mut decode_into).await
        };
        // `run` returns `Ok` only after `decode_into` stored a value.
        outcome.and_then(|()| {
            slot.ok_or_else(|| Error::decode(".", "the response was accepted but not decoded", &[]))
        })
    }

    /// [`Transport::execute_with`] without the result type: `decode` stores the value.
    async fn execute_erased(
        &self,
        request: Request,
        decode: &mut (dyn FnMut(Payload) -> Result<()> + Send),
    ) -> Result<()> {
        let timeout = request.options.timeout.unwrap_or(self.inner.timeout);
        let operation = request.operation;
        let progress = Progress::default();
        let started = Instant::now();
        let deadline = started.checked_add(timeout);
        let events = &self.inner.events;
        let span = events.operation_span(self.inner.vendor.name(), operation);
        let run = self.run(&request, deadline, &progress, decode);
        let result = match tokio::time::timeout(timeout, run.instrument(span.clone())).await {
            Ok(result) => result,
            Err(_) => Err(Error::timeout(format!(
                "the operation did not finish within {} ms",
                timeout.as_millis()
            ))
            .with_operation(operation)
            .with_attempts(progress.reached())),
        };
        span.record("attempts", progress.reached());
        span.record(
            "latency_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
        metrics::operation_finished(
            self.inner.vendor.name(),
            operation,
            result.as_ref().map(|_| ()),
            started.elapsed(),
        );
        if let Err(error) = &result {
            if let Some(status) = error.status() {
                span.record("status", status.as_u16());
            }
            if let Some(code) = error.vendor_code() {
                span.record("vendor_code", code.as_str());
            }
            span.in_scope(|| events.operation_failed(error));
        } else {
            span.record("status", "ok");
        }
        result
    }
}

/// A header name from a static string, for vendor hooks.
pub fn header_name(name: &'static str) -> HeaderName {
    HeaderName::from_static(name)
}
