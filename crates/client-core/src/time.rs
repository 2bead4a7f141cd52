//! Vendor timestamps: China Standard Time (UTC+8) wall-clock text such as `2022-10-28 10:33:45`.
//!
//! The documents of every vendor in this workspace write times as `yyyy-MM-dd HH:mm:ss` without a
//! zone, meaning local time in China (UTC+8, no daylight saving). Some fields also use a bare date
//! (`2024-05-20`) or ISO-8601 (`2022-09-15T03:20:13.000Z`). [`VendorTime`] parses all three into a
//! zoned [`DateTime`] and writes back **the exact text it was read from**, so decoding and
//! re-encoding a vendor payload never changes it.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The vendors' zone: China Standard Time, UTC+8, without daylight saving.
pub const CHINA_OFFSET: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    // Evaluated at compile time: 8 hours is within the ±24h range `east_opt` accepts.
    None => panic!("UTC+8 is a valid offset"),
};

/// The vendors' zone, [`CHINA_OFFSET`], as a function for use with `with_timezone`.
pub fn china_offset() -> FixedOffset {
    CHINA_OFFSET
}

/// The text layout a [`VendorTime`] was read from, and is written back in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeFormat {
    /// `yyyy-MM-dd HH:mm:ss`, local time in UTC+8 (the vendors' usual form).
    LocalDateTime,
    /// `yyyy-MM-dd`, midnight in UTC+8.
    Date,
    /// ISO-8601 / RFC 3339 with its own offset, e.g. `2022-09-15T03:20:13.000Z`.
    Rfc3339,
}

/// A vendor timestamp: a zoned instant plus the exact text it came from.
///
/// ```
/// use client_core::time::VendorTime;
/// let t: VendorTime = "2022-10-28 10:33:45".parse()?;
/// assert_eq!(t.instant().to_rfc3339(), "2022-10-28T10:33:45+08:00");
/// assert_eq!(t.to_string(), "2022-10-28 10:33:45");
/// # Ok::<(), client_core::time::TimeParseError>(())
/// ```
#[derive(Clone)]
pub struct VendorTime {
    instant: DateTime<FixedOffset>,
    format: TimeFormat,
    text: Box<str>,
}

/// The text is not a timestamp in any form the vendors use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a vendor timestamp (expected `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd` or RFC 3339)"
)]
pub struct TimeParseError {
    text: String,
}

impl VendorTime {
    /// Parses any of the accepted forms (see [`TimeFormat`]), keeping the text as given.
    pub fn parse(text: &str) -> Result<Self, TimeParseError> {
        let trimmed = text.trim();
        let err = || TimeParseError {
            text: text.to_owned(),
        };
        let (instant, format) = if let Some(naive) = parse_local_date_time(trimmed)
            .or_else(|| NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M:%S").ok())
        {
            let local = china_offset()
                .from_local_datetime(&naive)
                .single()
                .ok_or_else(err)?;
            (local, TimeFormat::LocalDateTime)
        } else if let Ok(date) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
            let naive = date.and_hms_opt(0, 0, 0).ok_or_else(err)?;
            let local = china_offset()
                .from_local_datetime(&naive)
                .single()
                .ok_or_else(err)?;
            (local, TimeFormat::Date)
        } else if let Ok(zoned) = DateTime::parse_from_rfc3339(trimmed) {
            (zoned, TimeFormat::Rfc3339)
        } else {
            return Err(err());
        };
        Ok(Self {
            instant,
            format,
            text: text.into(),
        })
    }

    /// A timestamp for `instant`, written as `yyyy-MM-dd HH:mm:ss` in UTC+8.
    pub fn from_instant<Tz: TimeZone>(instant: &DateTime<Tz>) -> Self {
        let local = instant.with_timezone(&china_offset());
        let text = local.format("%Y-%m-%d %H:%M:%S").to_string();
        Self {
            instant: local,
            format: TimeFormat::LocalDateTime,
            text: text.into(),
        }
    }

    /// The current time, in the vendors' layout.
    pub fn now() -> Self {
        Self::from_instant(&Utc::now())
    }

    /// The instant, with the offset it was written in (UTC+8 unless the text said otherwise).
    pub fn instant(&self) -> DateTime<FixedOffset> {
        self.instant
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.instant.with_timezone(&Utc)
    }

    /// The layout the text was in.
    pub fn format(&self) -> TimeFormat {
        self.format
    }

    /// The exact text this timestamp was read from (or rendered as).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// `yyyy-MM-dd HH:mm:ss` read by position: the vendors' usual layout, read in a fraction of the
/// time chrono's format-string parser takes (that parser was ~14% of decoding a Linkflow contact,
/// `cargo xtask bench`). `None` for anything else, which then goes to chrono.
fn parse_local_date_time(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?.and_hms_opt(
        number(11, 13)?,
        number(14, 16)?,
        number(17, 19)?,
    )
}

impl PartialEq for VendorTime {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}
impl Eq for VendorTime {}
impl PartialOrd for VendorTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for VendorTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant.cmp(&other.instant)
    }
}
impl std::hash::Hash for VendorTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.instant.hash(state);
    }
}

impl fmt::Debug for VendorTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VendorTime({:?})", &*self.text)
    }
}

impl fmt::Display for VendorTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for VendorTime {
    type Err = TimeParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for VendorTime {
    fn from(value: DateTime<Tz>) -> Self {
        Self::from_instant(&value)
    }
}

impl Serialize for VendorTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for VendorTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = VendorTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp such as \"2022-10-28 10:33:45\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<VendorTime, E> {
                VendorTime::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// Serde helpers for epoch-millisecond timestamps (`ts`, `eventDate`), as `DateTime<Utc>`.
pub mod epoch_millis {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the instant as integer milliseconds since the Unix epoch.
    pub fn serialize<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(value.timestamp_millis())
    }

    /// Reads integer milliseconds since the Unix epoch (a number or a numeric string).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Text(String),
        }
        let millis = match Raw::deserialize(d)? {
            Raw::Int(v) => v,
            Raw::Text(t) => t.trim().parse::<i64>().map_err(serde::de::Error::custom)?,
        };
        DateTime::<Utc>::from_timestamp_millis(millis)
            .ok_or_else(|| serde::de::Error::custom(format!("{millis} ms is out of range")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_positional_reader_agrees_with_chrono() {
        for text in [
            "2022-10-28 10:33:45",
            "2000-02-29 00:00:00",
            "1999-12-31 23:59:59",
            "0001-01-01 00:00:00",
        ] {
            assert_eq!(
                parse_local_date_time(text),
                NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok(),
                "{text}"
            );
        }
        // Not the fixed layout, or not a valid time: left to chrono (which may still accept it).
        for text in [
            "2022-02-30 10:33:45",
            "2022-10-28 24:00:00",
            "2022-10-28 10:33:60",
            "2022-1-28 10:33:45",
            "2022-10-28T10:33:45",
            "+022-10-28 10:33:45",
            "2022-10-28 10:33:4x",
        ] {
            assert_eq!(parse_local_date_time(text), None, "{text}");
        }
        let leap = VendorTime::parse("2016-12-31 23:59:60").map(|t| t.to_string());
        let chrono_leap = NaiveDateTime::parse_from_str("2016-12-31 23:59:60", "%Y-%m-%d %H:%M:%S")
            .ok()
            .map(|_| "2016-12-31 23:59:60".to_owned());
        assert_eq!(leap.ok(), chrono_leap);
    }

    #[test]
    fn round_trips_each_form_exactly() {
        for text in [
            "2022-10-28 10:33:45",
            "2024-05-20",
            "2022-09-15T03:20:13.000Z",
        ] {
            let json = format!("\"{text}\"");
            let t: VendorTime = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&t).unwrap(), json);
        }
    }

    #[test]
    fn local_text_is_utc_plus_eight() {
        let t = VendorTime::parse("2017-09-04 09:30:23").unwrap();
        assert_eq!(t.to_utc().to_rfc3339(), "2017-09-04T01:30:23+00:00");
        assert_eq!(t.format(), TimeFormat::LocalDateTime);
        let iso = VendorTime::parse("2022-09-15T03:20:13.000Z").unwrap();
        assert_eq!(iso.to_utc().to_rfc3339(), "2022-09-15T03:20:13+00:00");
        assert_eq!(
            VendorTime::from_instant(&iso.to_utc()).as_str(),
            "2022-09-15 11:20:13"
        );
    }

    #[test]
    fn rejects_garbage_with_the_text() {
        let err = VendorTime::parse("28/10/2022").unwrap_err();
        assert!(err.to_string().contains("28/10/2022"));
        assert!(serde_json::from_str::<VendorTime>("\"2022-13-01 00:00:00\"").is_err());
    }
}
