//! `vendor_time`: [`VendorTime::parse`], its serde form and `epoch_millis`.
//!
//! Invariants: a parsed time keeps its text exactly; re-parsing that text, or the instant written
//! as RFC 3339, gives an equal instant; a time rendered by `from_instant` parses back to the same
//! instant; the JSON form round-trips.

use chrono::{DateTime, SubsecRound, Utc};
use client_core::time::VendorTime;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Millis(#[serde(with = "client_core::time::epoch_millis")] DateTime<Utc>);

/// Runs the target on one input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(time) = VendorTime::parse(text) {
        assert_eq!(time.as_str(), text, "the text is kept as given");
        assert_eq!(time.to_string(), text);
        let again = VendorTime::parse(time.as_str());
        assert_eq!(again.as_ref().ok(), Some(&time), "re-parsing the text");
        // Finding F2 (fixed): a signed or 5-digit year (`-2022-09-15`) was accepted, and its
        // RFC 3339 text did not parse back.
        let rfc = time.instant().to_rfc3339();
        let from_rfc = VendorTime::parse(&rfc);
        assert_eq!(from_rfc.as_ref().ok(), Some(&time), "via RFC 3339 `{rfc}`");
        let rendered = VendorTime::from_instant(&time.instant());
        let back = VendorTime::parse(rendered.as_str()).map(|t| t.instant());
        assert_eq!(
            back.ok(),
            Some(time.instant().trunc_subsecs(0)),
            "`from_instant` text `{}` parses back to the instant (to the second)",
            rendered.as_str()
        );
        let json = serde_json::to_string(&time).unwrap_or_default();
        let decoded: Option<VendorTime> = serde_json::from_str(&json).ok();
        assert_eq!(decoded.as_ref().map(VendorTime::as_str), Some(text));
        assert_eq!(decoded, Some(time));
    }
    // The same text as a JSON value for the epoch-millisecond helper: number or numeric string.
    if let Ok(Millis(at)) = serde_json::from_str::<Millis>(text) {
        let json = serde_json::to_string(&Millis(at)).unwrap_or_default();
        let again = serde_json::from_str::<Millis>(&json).ok().map(|m| m.0);
        assert_eq!(again, Some(at), "epoch millis round trip via `{json}`");
    }
}

/// Seeds: the documented layouts and edge cases.
pub fn seeds() -> Vec<Vec<u8>> {
    [
        "2022-10-28 10:33:45",
        "2024-05-20",
        "2022-09-15T03:20:13.000Z",
        "2022-09-15T03:20:13+05:30",
        "2016-12-31 23:59:60",
        " 2022-10-28 10:33:45 ",
        "0000-01-01 00:00:00",
        "9999-12-31 23:59:59",
        "1662000000000",
        "\"1662000000000\"",
        "-8334632851200000",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}
