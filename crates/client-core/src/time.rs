//! Vendor timestamps: China Standard Time (UTC+8) wall-clock text such as `2022-10-28 10:33:45`.
//!
//! The documents of every vendor in this workspace write times as `yyyy-MM-dd HH:mm:ss` without a
//! zone, meaning local time in China (UTC+8, no daylight saving). Some fields also use a bare date
//! (`2024-05-20`) or ISO-8601 (`2022-09-15T03:20:13.000Z`). [`VendorTime`] parses all three into a
//! zoned [`DateTime`] and writes back **the exact text it was read from**, so decoding and
//! re-encoding a vendor payload never changes it.
//!
//! Times the client **sends** are another matter: a vendor field takes one layout, so a request
//! builder turns the caller's [`VendorTime`] into that layout with [`VendorTime::to_sent`]
//! (converted to UTC+8 when the caller's value carries another zone; a date-only value kept as a
//! date where the field takes one, refused as invalid input where it does not). The sandboxes
//! check what they receive with [`SendLayout::parse_exact`].

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeParseError {
    text: String,
}

impl std::fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a vendor timestamp (expected `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd` or RFC 3339)",
            self.text
        )
    }
}

impl std::error::Error for TimeParseError {}

impl VendorTime {
    /// Parses any of the accepted forms (see [`TimeFormat`]), keeping the text as given.
    pub fn parse(text: &str) -> Result<Self, TimeParseError> {
        let trimmed = text.trim();
        let err = || TimeParseError {
            text: text.to_owned(),
        };
        // The vendors write four-digit years; chrono's `%Y` would also take a sign or a fifth
        // digit (`-2022-09-15`, `12022-…`), whose RFC 3339 form then does not parse back.
        if !starts_with_four_digit_year(trimmed) {
            return Err(err());
        }
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

/// The layouts a vendor field accepts when the client sends a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SendLayout {
    /// Only `yyyy-MM-dd HH:mm:ss` in UTC+8 (a document's `DateTime`, or a field whose format
    /// is written out as `yyyy-MM-dd HH:mm:ss`): a date-only value is refused.
    DateTime,
    /// `yyyy-MM-dd HH:mm:ss` in UTC+8, or `yyyy-MM-dd` for a value given as a date (a
    /// document's `Date`, or a field whose example is a bare date).
    DateOrDateTime,
}

impl SendLayout {
    /// Reads `text` only if it is exactly in this layout (`yyyy-MM-dd HH:mm:ss`, or also
    /// `yyyy-MM-dd` for [`SendLayout::DateOrDateTime`]), as a vendor server would: no
    /// surrounding blanks, no zone, no other form. For sandboxes checking what a client sent.
    pub fn parse_exact(self, text: &str) -> Result<VendorTime, TimeParseError> {
        let err = || TimeParseError {
            text: text.to_owned(),
        };
        let is_date = text.len() == 10 && NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
        if parse_local_date_time(text).is_some() || (is_date && self == Self::DateOrDateTime) {
            let parsed = VendorTime::parse(text)?;
            // The layouts above read back to the same text; anything else is refused.
            if parsed.sent_text() == text {
                return Ok(parsed);
            }
        }
        Err(err())
    }
}

/// A time the client was asked to send cannot be written in the field's layout.
fn date_only_refused(field: &str, text: &str) -> crate::Error {
    crate::Error::invalid_input(
        field,
        format!(
            "`{}` is a date without a time; this field takes `yyyy-MM-dd HH:mm:ss` (UTC+8)",
            text.trim()
        ),
    )
}

impl VendorTime {
    /// This time as the vendor field `field` takes it, in `layout`: `yyyy-MM-dd HH:mm:ss` in
    /// UTC+8 (a value written with another offset, e.g. RFC 3339 `2024-01-02T03:04:05Z`, is
    /// converted to UTC+8 and loses any fraction of a second), or `yyyy-MM-dd` for a date-only
    /// value where `layout` allows a date.
    ///
    /// The result's text ([`VendorTime::as_str`]) is what goes on the wire; a value already in
    /// the layout is returned with the same text.
    ///
    /// # Errors
    ///
    /// An [`is_invalid_input`](crate::Error::is_invalid_input) error naming `field` for a
    /// date-only value when `layout` is [`SendLayout::DateTime`] (sending midnight would invent
    /// a time the caller never gave).
    ///
    /// ```
    /// use client_core::time::{SendLayout, VendorTime};
    /// let t: VendorTime = "2024-01-02T03:04:05+00:00".parse()?;
    /// assert_eq!(t.to_sent("payDate", SendLayout::DateTime)?.as_str(), "2024-01-02 11:04:05");
    /// let d: VendorTime = "2024-01-02".parse()?;
    /// assert_eq!(d.to_sent("lastUpdated", SendLayout::DateOrDateTime)?.as_str(), "2024-01-02");
    /// assert!(d.to_sent("payDate", SendLayout::DateTime).unwrap_err().is_invalid_input());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_sent(&self, field: &str, layout: SendLayout) -> crate::Result<VendorTime> {
        match (self.format, layout) {
            (TimeFormat::Date, SendLayout::DateTime) => Err(date_only_refused(field, &self.text)),
            (TimeFormat::Date, SendLayout::DateOrDateTime) => {
                let text = self.sent_text();
                Ok(Self {
                    instant: self.instant,
                    format: TimeFormat::Date,
                    text: text.into(),
                })
            }
            (TimeFormat::LocalDateTime | TimeFormat::Rfc3339, _) => {
                Ok(Self::from_instant(&self.instant))
            }
        }
    }

    /// Whether this value's text is already exactly what [`VendorTime::to_sent`] would send
    /// in `layout` (so a request can send it as it is).
    pub fn is_sent_form(&self, layout: SendLayout) -> bool {
        match (self.format, layout) {
            (TimeFormat::Date, SendLayout::DateTime) | (TimeFormat::Rfc3339, _) => false,
            (TimeFormat::Date | TimeFormat::LocalDateTime, _) => self.sent_text() == *self.text,
        }
    }

    /// The canonical text of this value in its own layout: `yyyy-MM-dd` for a date,
    /// `yyyy-MM-dd HH:mm:ss` in UTC+8 otherwise.
    fn sent_text(&self) -> String {
        let local = self.instant.with_timezone(&china_offset());
        match self.format {
            TimeFormat::Date => local.format("%Y-%m-%d").to_string(),
            TimeFormat::LocalDateTime | TimeFormat::Rfc3339 => {
                local.format("%Y-%m-%d %H:%M:%S").to_string()
            }
        }
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

/// Whether `text` starts with `dddd-` (a four-digit, unsigned year).
fn starts_with_four_digit_year(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() > 4 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_and_five_digit_years_are_refused() {
        // Fuzz finding F2: chrono's `%Y` takes these, and their RFC 3339 text does not parse back.
        for text in [
            "-2022-09-15",
            "+2022-09-15",
            "12022-09-15",
            "-2022-09-15 10:00:00",
            "202-09-15",
        ] {
            assert!(VendorTime::parse(text).is_err(), "{text}");
        }
        assert!(VendorTime::parse(" 2022-09-15 ").is_ok());
    }

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

    #[test]
    fn sent_times_are_written_in_the_fields_layout() {
        let sent = |text: &str, layout| {
            VendorTime::parse(text)
                .unwrap()
                .to_sent("orderDate", layout)
                .map(|t| t.as_str().to_owned())
        };
        use SendLayout::{DateOrDateTime, DateTime as Full};
        for layout in [Full, DateOrDateTime] {
            // Already in the layout: unchanged.
            assert_eq!(
                sent("2022-10-28 10:33:45", layout).unwrap(),
                "2022-10-28 10:33:45"
            );
            // Surrounding blanks are not sent.
            assert_eq!(
                sent(" 2022-10-28 10:33:45 ", layout).unwrap(),
                "2022-10-28 10:33:45"
            );
            // Another zone: converted to UTC+8 (crossing midnight), the fraction dropped.
            assert_eq!(
                sent("2024-01-02T20:04:05.900Z", layout).unwrap(),
                "2024-01-03 04:04:05"
            );
            assert_eq!(
                sent("2024-01-02T03:04:05+08:00", layout).unwrap(),
                "2024-01-02 03:04:05"
            );
            assert_eq!(
                sent("2024-01-02T03:04:05-05:00", layout).unwrap(),
                "2024-01-02 16:04:05"
            );
        }
        assert_eq!(sent("2024-01-02", DateOrDateTime).unwrap(), "2024-01-02");
        assert_eq!(sent(" 2024-01-02", DateOrDateTime).unwrap(), "2024-01-02");
        let err = sent("2024-01-02", Full).unwrap_err();
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("orderDate"));
        assert!(err.to_string().contains("2024-01-02"), "{err}");
        // A value made from an instant is already in the layout.
        let now = VendorTime::now();
        assert!(now.is_sent_form(Full));
        assert_eq!(now.to_sent("x", Full).unwrap().as_str(), now.as_str());
    }

    #[test]
    fn is_sent_form_says_whether_the_text_can_go_as_it_is() {
        let form = |text: &str, layout| VendorTime::parse(text).unwrap().is_sent_form(layout);
        assert!(form("2022-10-28 10:33:45", SendLayout::DateTime));
        assert!(!form("2022-10-28 10:33:45 ", SendLayout::DateTime));
        assert!(!form(
            "2022-10-28T10:33:45+08:00",
            SendLayout::DateOrDateTime
        ));
        assert!(form("2022-10-28", SendLayout::DateOrDateTime));
        assert!(!form("2022-10-28", SendLayout::DateTime));
    }

    #[test]
    fn parse_exact_accepts_only_the_layout() {
        let full = SendLayout::DateTime;
        let either = SendLayout::DateOrDateTime;
        assert_eq!(
            full.parse_exact("2022-10-28 10:33:45").unwrap().as_str(),
            "2022-10-28 10:33:45"
        );
        assert_eq!(
            either.parse_exact("2022-10-28").unwrap().format(),
            TimeFormat::Date
        );
        for text in [
            "2022-10-28",
            "2022-10-28T10:33:45+08:00",
            "2022-10-28T10:33:45Z",
            " 2022-10-28 10:33:45",
            "2022-10-28 10:33",
            "2022-13-28 10:33:45",
            "",
        ] {
            assert!(full.parse_exact(text).is_err(), "{text:?}");
        }
        for text in ["2022-1-28", "+202-01-01", "2022-10-28Z", " 2022-10-28"] {
            assert!(either.parse_exact(text).is_err(), "{text:?}");
        }
    }
}
