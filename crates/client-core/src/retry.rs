//! When to retry, how long to wait, and how much retrying a client may do in total.
//!
//! The rules, applied by [`classify`] to every failed attempt:
//!
//! 1. A request whose body cannot be replayed (a one-shot stream) is never retried.
//! 2. A connection failure before the request was sent is always retried.
//! 3. A vendor code the catalogue marks non-retryable is never retried — even under HTTP 500,
//!    which Linkflow uses for validation errors. A code marked retryable is retried when the
//!    operation is safe to repeat.
//! 4. HTTP 429 and 503 are retried (the server did not act), honouring `Retry-After`.
//! 5. HTTP 500, 502, 504, read timeouts and other failures after sending are retried only when
//!    the operation is safe to repeat: reads (even over POST), and writes that carry an
//!    idempotency key which stays the same on every attempt.
//! 6. Anything else (4xx, decode errors, signature errors, …) is final.
//!
//! Retries are bounded three ways: [`RetryPolicy::max_attempts`], [`RetryPolicy::max_elapsed`]
//! (a cap on the whole operation, waits included), and a shared [`RetryBudget`] (a token bucket
//! that empties during an outage so a fleet of clients does not multiply the load).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

use crate::backoff::{Backoff, Jitter};
use crate::catalogue::Retryable;
use crate::error::{Error, ErrorKind};

/// How a request is retried. Set per client, and override per request.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retries).
    pub max_attempts: u32,
    /// Delay between attempts.
    pub backoff: Backoff,
    /// A cap on the time spent retrying (from the first attempt); `None` for no cap beyond the
    /// operation timeout.
    pub max_elapsed: Option<Duration>,
    /// The longest `Retry-After` honoured; longer ones end the retries (the error carries it).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            backoff: Backoff::new(Duration::from_millis(200), Duration::from_secs(5)),
            max_elapsed: Some(Duration::from_secs(30)),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the number of attempts (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff.
    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// Sets the jitter of the backoff (e.g. [`Jitter::seeded`] in tests).
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.backoff.jitter = jitter;
        self
    }

    /// Sets the cap on total retry time.
    pub fn with_max_elapsed(mut self, max: Option<Duration>) -> Self {
        self.max_elapsed = max;
        self
    }

    /// Sets the longest `Retry-After` honoured.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Try again (after the backoff, or the server's `Retry-After` when it sent one).
    Retry,
    /// Stop; the note says why when a rule (rather than the error's nature) decided.
    Stop(Option<&'static str>),
}

/// Why a request body cannot be sent twice.
pub const NOT_REPLAYABLE: &str = "the request body is a one-shot stream and cannot be replayed";
/// A vendor code documented as non-retryable.
pub const CODE_NOT_RETRYABLE: &str = "the vendor code is not retryable";
/// An ambiguous failure on an operation that is not safe to repeat.
pub const NOT_SAFE_TO_REPEAT: &str =
    "the request may have reached the server and the operation is not safe to repeat";

/// Applies the retry rules (see the module docs) to one failed attempt.
///
/// `safe` says whether the operation is safe to repeat; `replayable` whether its body can be
/// sent again.
pub fn classify(error: &Error, safe: bool, replayable: bool) -> Decision {
    let retryable_kind = matches!(
        error.kind(),
        ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Transport | ErrorKind::Api
    );
    if !retryable_kind {
        return Decision::Stop(None);
    }
    if !replayable {
        return Decision::Stop(Some(NOT_REPLAYABLE));
    }
    let if_safe = || {
        if safe {
            Decision::Retry
        } else {
            Decision::Stop(Some(NOT_SAFE_TO_REPEAT))
        }
    };
    match error.kind() {
        ErrorKind::Connect => Decision::Retry,
        ErrorKind::Timeout | ErrorKind::Transport => if_safe(),
        _ => {
            if let Some(entry) = error.code_entry() {
                return match entry.retryable {
                    Retryable::No => Decision::Stop(Some(CODE_NOT_RETRYABLE)),
                    Retryable::IfSafe => if_safe(),
                };
            }
            match error.status() {
                Some(StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE) => {
                    Decision::Retry
                }
                Some(
                    StatusCode::INTERNAL_SERVER_ERROR
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::GATEWAY_TIMEOUT,
                ) => if_safe(),
                _ => Decision::Stop(None),
            }
        }
    }
}

/// Reads `Retry-After` (delta-seconds or an HTTP date) relative to `now`.
pub fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::from(date.with_timezone(&chrono::Utc));
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A token bucket shared by every request of a client: each retry withdraws tokens, each
/// success puts one back. When it is empty, failures are returned without retrying.
#[derive(Debug, Clone)]
pub struct RetryBudget {
    inner: Arc<BudgetInner>,
}

#[derive(Debug)]
struct BudgetInner {
    capacity: u32,
    retry_cost: u32,
    timeout_cost: u32,
    tokens: AtomicU32,
}

/// Why a retry was refused by the budget.
pub const BUDGET_EXHAUSTED: &str =
    "the client's retry budget is exhausted (too many recent failures)";

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(500, 5, 10)
    }
}

impl RetryBudget {
    /// A bucket of `capacity` tokens; a retry costs `retry_cost`, one after a timeout
    /// `timeout_cost`.
    pub fn new(capacity: u32, retry_cost: u32, timeout_cost: u32) -> Self {
        Self {
            inner: Arc::new(BudgetInner {
                capacity,
                retry_cost,
                timeout_cost,
                tokens: AtomicU32::new(capacity),
            }),
        }
    }

    /// A budget that never runs out.
    pub fn unlimited() -> Self {
        Self::new(u32::MAX, 0, 0)
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.inner.tokens.load(Ordering::Relaxed)
    }

    /// Takes the cost of retrying after `error`; `false` when the bucket cannot pay.
    pub fn try_withdraw(&self, error: &Error) -> bool {
        let cost = if error.is_timeout() {
            self.inner.timeout_cost
        } else {
            self.inner.retry_cost
        };
        self.inner
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// Returns one token after a success.
    pub fn deposit(&self) {
        let cap = self.inner.capacity;
        // Skip the write entirely in the common full-bucket case: no contention on success.
        if self.inner.tokens.load(Ordering::Relaxed) >= cap {
            return;
        }
        let _ = self
            .inner
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                (t < cap).then(|| t + 1)
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Catalogue, CodeEntry, LINKFLOW};
    use crate::code::VendorCode;

    static TEST_ENTRIES: &[CodeEntry] = &[CodeEntry {
        code: "T00001",
        operation: None,
        http_status: Some(500),
        meaning_zh: "临时故障",
        meaning_en: "transient failure",
        retryable: Retryable::IfSafe,
    }];
    static TEST_CATALOGUE: Catalogue = Catalogue::new("test", TEST_ENTRIES);

    fn api(status: u16) -> Error {
        Error::api(StatusCode::from_u16(status).ok(), "failed")
    }

    #[test]
    fn connect_failures_always_retry() {
        let e = Error::connect(std::io::Error::other("refused"));
        assert_eq!(classify(&e, false, true), Decision::Retry);
    }

    #[test]
    fn one_shot_bodies_never_retry() {
        let e = Error::connect(std::io::Error::other("refused"));
        assert_eq!(
            classify(&e, true, false),
            Decision::Stop(Some(NOT_REPLAYABLE))
        );
    }

    #[test]
    fn throttling_retries_even_for_writes() {
        assert_eq!(classify(&api(429), false, true), Decision::Retry);
        assert_eq!(classify(&api(503), false, true), Decision::Retry);
    }

    #[test]
    fn server_errors_retry_only_when_safe() {
        for status in [500, 502, 504] {
            assert_eq!(classify(&api(status), true, true), Decision::Retry);
            assert_eq!(
                classify(&api(status), false, true),
                Decision::Stop(Some(NOT_SAFE_TO_REPEAT))
            );
        }
        let timeout = Error::timeout("read timed out");
        assert_eq!(classify(&timeout, true, true), Decision::Retry);
        assert_eq!(
            classify(&timeout, false, true),
            Decision::Stop(Some(NOT_SAFE_TO_REPEAT))
        );
    }

    #[test]
    fn non_retryable_vendor_code_wins_over_500() {
        let code = VendorCode::new("B00010");
        let e = api(500).with_code(code.clone(), LINKFLOW.lookup(&code, None));
        assert_eq!(
            classify(&e, true, true),
            Decision::Stop(Some(CODE_NOT_RETRYABLE))
        );
    }

    #[test]
    fn retryable_vendor_code_retries_when_safe() {
        let code = VendorCode::new("T00001");
        let e = api(400).with_code(code.clone(), TEST_CATALOGUE.lookup(&code, None));
        assert_eq!(classify(&e, true, true), Decision::Retry);
        assert_eq!(
            classify(&e, false, true),
            Decision::Stop(Some(NOT_SAFE_TO_REPEAT))
        );
    }

    #[test]
    fn client_errors_and_decode_errors_are_final() {
        assert_eq!(classify(&api(400), true, true), Decision::Stop(None));
        assert_eq!(classify(&api(404), true, true), Decision::Stop(None));
        let e = Error::invalid_input("size", "too big");
        assert_eq!(classify(&e, true, true), Decision::Stop(None));
        assert_eq!(
            classify(&Error::signature("bad"), true, true),
            Decision::Stop(None)
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, "7".parse().unwrap());
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after(&h, now), Some(Duration::from_secs(7)));
        // 2001-09-09T01:46:40Z is 1_000_000_000; ten seconds later:
        h.insert(
            http::header::RETRY_AFTER,
            "Sun, 09 Sep 2001 01:46:50 GMT".parse().unwrap(),
        );
        assert_eq!(parse_retry_after(&h, now), Some(Duration::from_secs(10)));
        h.insert(
            http::header::RETRY_AFTER,
            "Sun, 09 Sep 2001 01:46:30 GMT".parse().unwrap(),
        );
        assert_eq!(parse_retry_after(&h, now), Some(Duration::ZERO));
        h.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(parse_retry_after(&h, now), None);
    }

    #[test]
    fn budget_drains_and_refills() {
        let budget = RetryBudget::new(10, 5, 10);
        let e = api(503);
        assert!(budget.try_withdraw(&e));
        assert!(budget.try_withdraw(&e));
        assert!(!budget.try_withdraw(&e));
        assert!(!budget.try_withdraw(&Error::timeout("t")));
        for _ in 0..20 {
            budget.deposit();
        }
        assert_eq!(budget.available(), 10);
        assert!(budget.try_withdraw(&Error::timeout("t")));
        assert_eq!(budget.available(), 0);
    }
}
