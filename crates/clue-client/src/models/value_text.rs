//! Reading the text of a field value (`valueAsText`): item id lists, JSON arrays, dates and
//! date-times in the forms tenants send.

use chrono::Datelike as _;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use client_core::time::{CHINA_OFFSET, VendorTime};

use super::ItemId;

/// Item ids from a JSON array (`["1","2"]`, `[1,2]`) or a comma-separated list (`1,2`).
pub(super) fn ids(text: &str) -> Result<Vec<ItemId>, String> {
    if text.starts_with('[') {
        json_strings(text).map(|v| v.into_iter().map(ItemId).collect())
    } else {
        Ok(text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(ItemId::from)
            .collect())
    }
}

/// The elements of a JSON array of strings or numbers, as text.
pub(super) fn json_strings(text: &str) -> Result<Vec<String>, String> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| format!("not a JSON array: {e}"))?;
    values
        .into_iter()
        .map(|v| match v {
            serde_json::Value::String(s) => Ok(s),
            serde_json::Value::Number(n) => Ok(n.to_string()),
            other => Err(format!("unexpected array element {other}")),
        })
        .collect()
}

/// An all-digit text as an epoch instant: 13+ digits are milliseconds, fewer are seconds.
fn epoch(text: &str) -> Option<DateTime<Utc>> {
    if text.len() < 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = text.parse().ok()?;
    let instant = if text.len() >= 12 {
        DateTime::<Utc>::from_timestamp_millis(n)
    } else {
        DateTime::<Utc>::from_timestamp(n, 0)
    }?;
    // Only years 1–9999, which RFC 3339 text (and so a round trip) can hold.
    (1..=9999).contains(&instant.year()).then_some(instant)
}

pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    for layout in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(text, layout) {
            return Some(d);
        }
    }
    if text.len() == 8
        && let Ok(d) = NaiveDate::parse_from_str(text, "%Y%m%d")
    {
        return Some(d);
    }
    if let Some(instant) = epoch(text) {
        return Some(instant.with_timezone(&CHINA_OFFSET).date_naive());
    }
    VendorTime::parse(text)
        .ok()
        .map(|t| t.instant().with_timezone(&CHINA_OFFSET).date_naive())
}

pub(super) fn parse_datetime(text: &str) -> Option<VendorTime> {
    if let Ok(t) = VendorTime::parse(text) {
        return Some(t);
    }
    if let Some(instant) = epoch(text) {
        return Some(VendorTime::from_instant(&instant));
    }
    for layout in ["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, layout) {
            return CHINA_OFFSET
                .from_local_datetime(&naive)
                .single()
                .map(|t| VendorTime::from_instant(&t));
        }
    }
    None
}
