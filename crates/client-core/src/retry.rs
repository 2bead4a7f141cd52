//! When to retry, how long to wait, and how much retrying a client may do in total.
//!
//! The rules, applied by [`classify`] to every failed attempt:
//!
//! 1. A request whose body cannot be replayed (a one-shot stream) is never retried.
//! 2. A request that spends a single-use credential (a refresh token, an authorization code) is
//!    never sent again once it may have reached the server, whatever the answer (429 and 503
//!    included): the credential may already be spent.
//! 3. A connection failure before the request was sent is always retried.
//! 4. A vendor code the catalogue marks non-retryable is never retried — even under HTTP 500,
//!    which Linkflow uses for validation errors. A code marked retryable is retried when the
//!    operation is safe to repeat.
//! 5. HTTP 429 and 503 are retried (the server did not act), honouring `Retry-After`.
//! 6. HTTP 500, 502, 504, read timeouts, a response cut short (a `200` whose JSON ends early) and
//!    other failures after sending are retried only when the operation is safe to repeat: reads
//!    (even over POST), and writes that carry an idempotency key which stays the same on every
//!    attempt. On a write the error says the write may have been applied.
//! 7. Anything else (4xx, redirects, decode errors, signature errors, a body over the size cap,
//!    credentials that could not be obtained, …) is final.
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
/// A response cut short on an operation that is not safe to repeat.
pub const CUT_SHORT_WRITE: &str =
    "the response was cut short, so the write may have been applied; it is not safe to repeat";
/// A single-use credential that may have been spent.
pub const SINGLE_USE_SPENT: &str = "the request spends a single-use credential and may have reached the server; sending it again could spend it twice";

/// What the retry rules need to know about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestTraits {
    /// The operation is safe to repeat (a read, or a write with an idempotency key).
    pub safe_to_repeat: bool,
    /// The body can be sent again.
    pub replayable: bool,
    /// The request spends a single-use credential (a refresh token, an authorization code).
    pub single_use: bool,
}

impl RequestTraits {
    /// A replayable request, safe to repeat or not, spending no single-use credential.
    pub fn new(safe_to_repeat: bool) -> Self {
        Self {
            safe_to_repeat,
            replayable: true,
            single_use: false,
        }
    }
}

/// Applies the retry rules (see the module docs) to one failed attempt.
///
/// `reached_server` says whether the failed attempt may have reached the server (its bytes
/// started to go out); a connection that failed, or a failure before sending, did not.
pub fn classify(error: &Error, request: RequestTraits, reached_server: bool) -> Decision {
    let retryable_kind = match error.kind() {
        ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Transport | ErrorKind::Api => true,
        ErrorKind::Decode => error.is_incomplete(),
        _ => false,
    };
    if !retryable_kind {
        return Decision::Stop(None);
    }
    if !request.replayable {
        return Decision::Stop(Some(NOT_REPLAYABLE));
    }
    if request.single_use && reached_server {
        return Decision::Stop(Some(SINGLE_USE_SPENT));
    }
    let if_safe = |note| {
        if request.safe_to_repeat {
            Decision::Retry
        } else {
            Decision::Stop(Some(note))
        }
    };
    match error.kind() {
        ErrorKind::Connect => Decision::Retry,
        ErrorKind::Decode => if_safe(CUT_SHORT_WRITE),
        ErrorKind::Timeout | ErrorKind::Transport => if_safe(NOT_SAFE_TO_REPEAT),
        _ => {
            if let Some(entry) = error.code_entry() {
                return match entry.retryable {
                    Retryable::No => Decision::Stop(Some(CODE_NOT_RETRYABLE)),
                    Retryable::IfSafe => if_safe(NOT_SAFE_TO_REPEAT),
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
                ) => if_safe(NOT_SAFE_TO_REPEAT),
                _ => Decision::Stop(None),
            }
        }
    }
}

/// Reads `Retry-After` (delta-seconds or an HTTP date) relative to `now`.
///
/// Never fails on what a server sends: more digits than fit in a `u64` read as the longest
/// wait (which the retry policy then refuses), a date in the past as zero, and a negative
/// number, garbage or non-ASCII as no `Retry-After` at all.
pub fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    parse_retry_after_value(value, now)
}

/// Reads one `Retry-After` value; see [`parse_retry_after`].
pub fn parse_retry_after_value(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
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

    fn c(error: &Error, safe: bool, replayable: bool) -> Decision {
        let traits = RequestTraits {
            safe_to_repeat: safe,
            replayable,
            single_use: false,
        };
        classify(error, traits, true)
    }

    fn api(status: u16) -> Error {
        Error::api(StatusCode::from_u16(status).ok(), "failed")
    }

    #[test]
    fn connect_failures_always_retry() {
        let e = Error::connect(std::io::Error::other("refused"));
        assert_eq!(
            classify(&e, RequestTraits::new(false), false),
            Decision::Retry
        );
    }

    #[test]
    fn one_shot_bodies_never_retry() {
        let e = Error::connect(std::io::Error::other("refused"));
        assert_eq!(c(&e, true, false), Decision::Stop(Some(NOT_REPLAYABLE)));
    }

    #[test]
    fn throttling_retries_even_for_writes() {
        assert_eq!(c(&api(429), false, true), Decision::Retry);
        assert_eq!(c(&api(503), false, true), Decision::Retry);
    }

    #[test]
    fn server_errors_retry_only_when_safe() {
        for status in [500, 502, 504] {
            assert_eq!(c(&api(status), true, true), Decision::Retry);
            assert_eq!(
                c(&api(status), false, true),
                Decision::Stop(Some(NOT_SAFE_TO_REPEAT))
            );
        }
        let timeout = Error::timeout("read timed out");
        assert_eq!(c(&timeout, true, true), Decision::Retry);
        assert_eq!(
            c(&timeout, false, true),
            Decision::Stop(Some(NOT_SAFE_TO_REPEAT))
        );
    }

    #[test]
    fn non_retryable_vendor_code_wins_over_500() {
        let code = VendorCode::new("B00010");
        let e = api(500).with_code(code.clone(), LINKFLOW.lookup(&code, None));
        assert_eq!(c(&e, true, true), Decision::Stop(Some(CODE_NOT_RETRYABLE)));
    }

    #[test]
    fn retryable_vendor_code_retries_when_safe() {
        let code = VendorCode::new("T00001");
        let e = api(400).with_code(code.clone(), TEST_CATALOGUE.lookup(&code, None));
        assert_eq!(c(&e, true, true), Decision::Retry);
        assert_eq!(c(&e, false, true), Decision::Stop(Some(NOT_SAFE_TO_REPEAT)));
    }

    #[test]
    fn client_errors_and_decode_errors_are_final() {
        assert_eq!(c(&api(400), true, true), Decision::Stop(None));
        assert_eq!(c(&api(404), true, true), Decision::Stop(None));
        let e = Error::invalid_input("size", "too big");
        assert_eq!(c(&e, true, true), Decision::Stop(None));
        assert_eq!(
            c(&Error::signature("bad"), true, true),
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
    fn single_use_credentials_are_never_sent_twice_once_they_may_have_arrived() {
        let once = RequestTraits {
            single_use: true,
            ..RequestTraits::new(true)
        };
        for e in [
            api(429),
            api(503),
            api(502),
            Error::timeout("read timed out"),
        ] {
            assert_eq!(
                classify(&e, once, true),
                Decision::Stop(Some(SINGLE_USE_SPENT)),
                "{e}"
            );
        }
        // A connection that failed never delivered the credential: retrying is safe.
        let refused = Error::connect(std::io::Error::other("refused"));
        assert_eq!(classify(&refused, once, false), Decision::Retry);
    }

    #[test]
    fn a_cut_short_json_body_is_retried_like_a_502_only_when_safe() {
        let cut =
            serde_json::from_str::<serde_json::Value>(r#"{"items":[1,2"#).expect_err("truncated");
        let e = Error::decode("", cut, br#"{"items":[1,2"#);
        assert!(e.is_incomplete());
        assert_eq!(c(&e, true, true), Decision::Retry);
        assert_eq!(c(&e, false, true), Decision::Stop(Some(CUT_SHORT_WRITE)));
        // A complete body of the wrong shape is final.
        let wrong = serde_json::from_str::<u8>(r#""x""#).expect_err("wrong type");
        let e = Error::decode("", wrong, br#""x""#);
        assert!(!e.is_incomplete());
        assert_eq!(c(&e, true, true), Decision::Stop(None));
    }

    #[test]
    fn redirects_and_oversized_bodies_are_final() {
        let e = Error::redirect(StatusCode::FOUND, Some("evil.example"));
        assert_eq!(c(&e, true, true), Decision::Stop(None));
        assert_eq!(
            c(&Error::response_too_large(10), true, true),
            Decision::Stop(None)
        );
    }

    #[test]
    fn hostile_retry_after_values_never_panic() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(
            parse_retry_after_value("18446744073709551615", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after_value("99999999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse_retry_after_value("-5", now), None);
        assert_eq!(parse_retry_after_value("", now), None);
        assert_eq!(parse_retry_after_value("1e3", now), None);
        assert_eq!(
            parse_retry_after_value("Fri, 31 Dec 9999 23:59:59 GMT", now).map(|d| d.as_secs() > 0),
            Some(true)
        );
        let mut h = HeaderMap::new();
        h.insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
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
