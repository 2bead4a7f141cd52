//! `retry_after`: [`parse_retry_after`] on any header value (delta-seconds or an HTTP date).
//!
//! Invariants: plain digits give exactly that many seconds (more than a `u64` holds: the
//! longest wait, which the retry policy then refuses); a date gives at most the distance from
//! "now" to that date, and zero for a date in the past; nothing else gives a delay.

use std::time::{Duration, SystemTime};

use client_core::retry::parse_retry_after;
use http::{HeaderMap, HeaderValue, header::RETRY_AFTER};

/// "Now" for every run: 2025-01-01T00:00:00Z, so results do not depend on the clock.
const NOW_SECS: u64 = 1_735_689_600;

/// Runs the target on one input (the header value's bytes).
pub fn run(data: &[u8]) {
    let Ok(value) = HeaderValue::from_bytes(data) else {
        return;
    };
    let mut headers = HeaderMap::new();
    headers.insert(RETRY_AFTER, value);
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_SECS);
    let delay = parse_retry_after(&headers, now);
    let text = std::str::from_utf8(data).map(str::trim);
    match text {
        Ok(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            let expected = Some(Duration::from_secs(t.parse::<u64>().unwrap_or(u64::MAX)));
            assert_eq!(delay, expected, "delta-seconds `{t}`");
        }
        Ok(t) => {
            if let Some(delay) = delay {
                let date = chrono::DateTime::parse_from_rfc2822(t);
                assert!(
                    date.is_ok() || t.parse::<u64>().is_ok(),
                    "a delay from `{t}`"
                );
                if let Ok(date) = date {
                    let until = date.timestamp().saturating_sub(NOW_SECS as i64);
                    let until = u64::try_from(until).unwrap_or(0);
                    // `timestamp()` drops a leap second (`23:59:60`); the delay counts it.
                    assert!(
                        delay.as_secs() <= until.saturating_add(1),
                        "`{t}` gave {delay:?}, more than the {until} s to the date"
                    );
                }
            }
        }
        Err(_) => assert_eq!(delay, None, "non-UTF-8 header value"),
    }
}

/// Seeds: the forms servers send, and hostile ones.
pub fn seeds() -> Vec<Vec<u8>> {
    [
        "120",
        "0",
        "-5",
        "18446744073709551615",
        "99999999999999999999999",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Tue, 31 Dec 2099 23:59:59 +0000",
        "Mon, 01 Jan 0001 00:00:00 -2359",
        "soon",
        " 7 ",
        "1.5",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}
