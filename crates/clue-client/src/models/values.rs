//! Typed values of a clue's `fields[]` entries (`type` + `valueAsText`).

use std::fmt;
use std::str::FromStr;

use chrono::Datelike as _;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use client_core::time::{CHINA_OFFSET, VendorTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field's type code (`fields[].type` in `clue/get`, `type` in `list-fields`): 1 单行文本,
/// 2 单选, 3 日期, 4 数字/数值, 5 多行文本, 6 多选, 7 日期时间, 8 电话. Unknown codes are kept as
/// [`FieldType::Other`], never rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldType {
    /// 1 单行文本: single-line text.
    SingleLineText,
    /// 2 单选: single select; the value is an item id.
    SingleSelect,
    /// 3 日期: a date.
    Date,
    /// 4 数字: a number.
    Number,
    /// 5 多行文本: multi-line text.
    MultiLineText,
    /// 6 多选: multi select; the value is a list of item ids.
    MultiSelect,
    /// 7 日期时间: a date and time (UTC+8).
    DateTime,
    /// 8 电话: phone numbers; the value is a JSON array inside the string.
    Phone,
    /// A code this client does not know.
    Other(i64),
}

impl FieldType {
    /// The type for a code.
    pub fn from_code(code: i64) -> Self {
        match code {
            1 => Self::SingleLineText,
            2 => Self::SingleSelect,
            3 => Self::Date,
            4 => Self::Number,
            5 => Self::MultiLineText,
            6 => Self::MultiSelect,
            7 => Self::DateTime,
            8 => Self::Phone,
            other => Self::Other(other),
        }
    }

    /// The vendor's code.
    pub fn code(self) -> i64 {
        match self {
            Self::SingleLineText => 1,
            Self::SingleSelect => 2,
            Self::Date => 3,
            Self::Number => 4,
            Self::MultiLineText => 5,
            Self::MultiSelect => 6,
            Self::DateTime => 7,
            Self::Phone => 8,
            Self::Other(code) => code,
        }
    }

    /// Whether the value is an item id or ids (2, 6).
    pub fn is_select(self) -> bool {
        matches!(self, Self::SingleSelect | Self::MultiSelect)
    }
}

impl From<i64> for FieldType {
    fn from(value: i64) -> Self {
        Self::from_code(value)
    }
}

impl Serialize for FieldType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for FieldType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(Self::from_code)
    }
}

/// The id of a select field's item (`items[].id` in `list-fields`; the value of a select field
/// in a clue). Kept as text: the vendor sends it as a number in `list-fields` and as a string in
/// `valueAsText`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(pub String);

impl ItemId {
    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ItemId {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<String> for ItemId {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<i64> for ItemId {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

impl Serialize for ItemId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::fields::id_text(deserializer).map(Self)
    }
}

/// A field value decoded by its type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FieldValue {
    /// 1 单行文本 and 5 多行文本: the text as sent.
    Text(String),
    /// 2 单选: the chosen item's id (resolve its label with
    /// [`FieldCatalog`](super::FieldCatalog)).
    SingleSelect(ItemId),
    /// 6 多选: the chosen items' ids, in the order sent.
    MultiSelect(Vec<ItemId>),
    /// 3 日期: a calendar day in China (UTC+8).
    Date(NaiveDate),
    /// 7 日期时间: an instant in UTC+8.
    DateTime(VendorTime),
    /// 4 数字: an exact decimal.
    Number(Decimal),
    /// 8 电话: the phone numbers of the JSON array inside the string.
    Phone(Vec<String>),
    /// A type code this client does not know: the text as sent.
    Unknown(String),
    /// The text does not parse as its type: the text as sent, and why.
    Invalid {
        /// The text as sent.
        text: String,
        /// Why it did not parse.
        reason: String,
    },
}

impl FieldValue {
    /// Whether the text did not parse as its type.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid { .. })
    }

    /// The item ids of a select value (empty for other values).
    pub fn item_ids(&self) -> &[ItemId] {
        match self {
            Self::SingleSelect(id) => std::slice::from_ref(id),
            Self::MultiSelect(ids) => ids,
            _ => &[],
        }
    }
}

impl fmt::Display for FieldValue {
    /// A readable rendering (item ids for selects; use
    /// [`ResolvedField::display_value`](super::ResolvedField::display_value) for labels).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(t) | Self::Unknown(t) => f.write_str(t),
            Self::Invalid { text, .. } => f.write_str(text),
            Self::SingleSelect(id) => f.write_str(id.as_str()),
            Self::MultiSelect(ids) => {
                let ids: Vec<&str> = ids.iter().map(ItemId::as_str).collect();
                f.write_str(&ids.join(", "))
            }
            Self::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Self::DateTime(t) => write!(f, "{}", t.instant().format("%Y-%m-%d %H:%M:%S")),
            Self::Number(n) => write!(f, "{n}"),
            Self::Phone(p) => f.write_str(&p.join(", ")),
        }
    }
}

/// One `fields[]` entry of a clue, decoded: the field key, its type, the raw `valueAsText` and
/// the typed value.
///
/// `value` is `None` when `valueAsText` is `null` (or, for non-text types, blank or an empty
/// list). Decoding never fails: a text that does not parse becomes [`FieldValue::Invalid`], so
/// one bad value never fails the whole clue.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedField {
    /// The field key (`field`, e.g. `mobile`, `customer_stage`).
    pub field: String,
    /// The field's type (`type`).
    pub kind: FieldType,
    /// `valueAsText` exactly as sent.
    pub raw: Option<String>,
    /// The typed value; `None` when absent.
    pub value: Option<FieldValue>,
}

impl DecodedField {
    /// Decodes `value_as_text` as a value of type `code`.
    ///
    /// | type | accepted text | value |
    /// |---|---|---|
    /// | 1, 5 | anything | [`FieldValue::Text`] |
    /// | 2 | an id (`396823724189760`), or a one-element JSON array | [`FieldValue::SingleSelect`] |
    /// | 6 | a JSON array of ids, or ids separated by `,` | [`FieldValue::MultiSelect`] |
    /// | 3 | `yyyy-MM-dd`, `yyyy/MM/dd`, `yyyyMMdd`, `yyyy-MM-dd HH:mm:ss`, RFC 3339, epoch seconds or ms | [`FieldValue::Date`] (day in UTC+8) |
    /// | 7 | `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd HH:mm`, `yyyy-MM-dd`, RFC 3339, epoch seconds or ms | [`FieldValue::DateTime`] (UTC+8) |
    /// | 4 | a decimal (`12.50`, `-3`, `1e3`) | [`FieldValue::Number`] |
    /// | 8 | a JSON array of strings or numbers (`["145678388"]`), or one bare number | [`FieldValue::Phone`] |
    /// | other | anything | [`FieldValue::Unknown`] |
    ///
    /// ```
    /// use clue_client::models::{DecodedField, FieldValue};
    /// let d = DecodedField::decode("mobile", 8, Some("[\"145678388\"]"));
    /// assert_eq!(d.value, Some(FieldValue::Phone(vec!["145678388".into()])));
    /// let d = DecodedField::decode("birthday", 3, None);
    /// assert_eq!(d.value, None);
    /// ```
    pub fn decode(field: &str, code: i64, value_as_text: Option<&str>) -> Self {
        let kind = FieldType::from_code(code);
        let value = value_as_text.and_then(|text| decode_value(kind, text));
        Self {
            field: field.to_owned(),
            kind,
            raw: value_as_text.map(str::to_owned),
            value,
        }
    }

    /// Whether the value is present but did not parse.
    pub fn is_invalid(&self) -> bool {
        self.value.as_ref().is_some_and(FieldValue::is_invalid)
    }
}

fn invalid(text: &str, reason: impl Into<String>) -> Option<FieldValue> {
    Some(FieldValue::Invalid {
        text: text.to_owned(),
        reason: reason.into(),
    })
}

fn decode_value(kind: FieldType, text: &str) -> Option<FieldValue> {
    let trimmed = text.trim();
    match kind {
        FieldType::SingleLineText | FieldType::MultiLineText => {
            return Some(FieldValue::Text(text.to_owned()));
        }
        FieldType::Other(_) => return Some(FieldValue::Unknown(text.to_owned())),
        _ if trimmed.is_empty() => return None,
        _ => {}
    }
    match kind {
        FieldType::SingleSelect => match ids(trimmed) {
            Ok(ids) if ids.is_empty() => None,
            Ok(mut ids) if ids.len() == 1 => ids.pop().map(FieldValue::SingleSelect),
            Ok(ids) => invalid(
                text,
                format!("a single select holds {} item ids", ids.len()),
            ),
            Err(reason) => invalid(text, reason),
        },
        FieldType::MultiSelect => match ids(trimmed) {
            Ok(ids) if ids.is_empty() => None,
            Ok(ids) => Some(FieldValue::MultiSelect(ids)),
            Err(reason) => invalid(text, reason),
        },
        FieldType::Number => {
            match Decimal::from_str_exact(trimmed).or_else(|_| Decimal::from_scientific(trimmed)) {
                Ok(n) => Some(FieldValue::Number(n)),
                Err(e) => invalid(text, format!("not a decimal number: {e}")),
            }
        }
        FieldType::Date => match parse_date(trimmed) {
            Some(d) => Some(FieldValue::Date(d)),
            None => invalid(
                text,
                "not a date (expected yyyy-MM-dd or epoch milliseconds)",
            ),
        },
        FieldType::DateTime => match parse_datetime(trimmed) {
            Some(t) => Some(FieldValue::DateTime(t)),
            None => invalid(
                text,
                "not a date and time (expected yyyy-MM-dd HH:mm:ss or epoch milliseconds)",
            ),
        },
        FieldType::Phone => {
            if trimmed.starts_with('[') {
                match json_strings(trimmed) {
                    Ok(list) if list.is_empty() => None,
                    Ok(list) => Some(FieldValue::Phone(list)),
                    Err(reason) => invalid(text, reason),
                }
            } else if trimmed
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
            {
                Some(FieldValue::Phone(vec![trimmed.to_owned()]))
            } else {
                invalid(text, "not a JSON array of phone numbers")
            }
        }
        // Handled above.
        FieldType::SingleLineText | FieldType::MultiLineText | FieldType::Other(_) => None,
    }
}

/// Item ids from a JSON array (`["1","2"]`, `[1,2]`) or a comma-separated list (`1,2`).
fn ids(text: &str) -> Result<Vec<ItemId>, String> {
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
fn json_strings(text: &str) -> Result<Vec<String>, String> {
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

fn parse_date(text: &str) -> Option<NaiveDate> {
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

fn parse_datetime(text: &str) -> Option<VendorTime> {
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

impl FromStr for FieldType {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse::<i64>().map(Self::from_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(code: i64, text: &str) -> Option<FieldValue> {
        DecodedField::decode("f", code, Some(text)).value
    }

    #[test]
    fn epoch_values_past_year_9999_are_invalid() {
        // Fuzz finding F1: 450000000000000 ms is in year 16230, which RFC 3339 cannot write.
        assert!(value(7, "450000000000000").is_some_and(|v| v.is_invalid()));
        assert!(value(3, "450000000000000").is_some_and(|v| v.is_invalid()));
        assert!(value(7, "1700000000000").is_some_and(|v| !v.is_invalid()));
    }

    #[test]
    fn each_type() {
        assert_eq!(value(1, "u 诶IE"), Some(FieldValue::Text("u 诶IE".into())));
        assert_eq!(value(5, ""), Some(FieldValue::Text(String::new())));
        assert_eq!(
            value(2, "396823724189760"),
            Some(FieldValue::SingleSelect("396823724189760".into()))
        );
        assert_eq!(
            value(2, "[\"7\"]"),
            Some(FieldValue::SingleSelect("7".into()))
        );
        assert!(value(2, "[1,2]").is_some_and(|v| v.is_invalid()));
        assert_eq!(
            value(6, "[\"1\",2]"),
            Some(FieldValue::MultiSelect(vec!["1".into(), "2".into()]))
        );
        assert_eq!(
            value(6, "1, 2"),
            Some(FieldValue::MultiSelect(vec!["1".into(), "2".into()]))
        );
        assert_eq!(value(6, "[]"), None);
        assert_eq!(
            value(3, "2021-05-11"),
            Some(FieldValue::Date(
                NaiveDate::from_ymd_opt(2021, 5, 11).unwrap()
            ))
        );
        // 2021-05-10T16:30:00Z is already 05-11 in China.
        assert_eq!(
            value(3, "1620664200000"),
            Some(FieldValue::Date(
                NaiveDate::from_ymd_opt(2021, 5, 11).unwrap()
            ))
        );
        let Some(FieldValue::DateTime(t)) = value(7, "2021-05-11 15:15:48") else {
            panic!("datetime")
        };
        assert_eq!(t.to_utc().to_rfc3339(), "2021-05-11T07:15:48+00:00");
        let Some(FieldValue::DateTime(t)) = value(7, "1620717348000") else {
            panic!("epoch datetime")
        };
        assert_eq!(t.as_str(), "2021-05-11 15:15:48");
        let Some(FieldValue::DateTime(t)) = value(7, "2021-05-11 15:15") else {
            panic!("minutes")
        };
        assert_eq!(t.as_str(), "2021-05-11 15:15:00");
        assert_eq!(
            value(4, "12.50"),
            Some(FieldValue::Number(Decimal::new(1250, 2)))
        );
        assert_eq!(
            value(4, "1e3"),
            Some(FieldValue::Number(Decimal::from(1000)))
        );
        assert_eq!(
            value(8, "[\"145678388\"]"),
            Some(FieldValue::Phone(vec!["145678388".into()]))
        );
        assert_eq!(
            value(8, "13800138000"),
            Some(FieldValue::Phone(vec!["13800138000".into()]))
        );
        assert_eq!(value(99, "x"), Some(FieldValue::Unknown("x".into())));
    }

    #[test]
    fn blank_and_null_are_absent_except_for_text() {
        for code in [2, 3, 4, 6, 7, 8] {
            assert_eq!(value(code, "  "), None, "type {code}");
        }
        let d = DecodedField::decode("birthday", 3, None);
        assert_eq!((d.raw, d.value), (None, None));
    }

    #[test]
    fn malformed_values_are_kept() {
        for (code, text) in [
            (3, "yesterday"),
            (4, "12,5"),
            (7, "2021-13-45 99:00:00"),
            (8, "[\"1\""),
            (8, "call me"),
            (6, "[{}]"),
        ] {
            let d = DecodedField::decode("f", code, Some(text));
            assert!(d.is_invalid(), "{code} {text}: {d:?}");
            assert_eq!(d.raw.as_deref(), Some(text));
            let Some(FieldValue::Invalid { text: kept, .. }) = d.value else {
                unreachable!()
            };
            assert_eq!(kept, text);
        }
    }

    #[test]
    fn type_codes_round_trip() {
        for code in 0..12 {
            assert_eq!(FieldType::from_code(code).code(), code);
        }
        assert_eq!(FieldType::from_code(42), FieldType::Other(42));
    }
}
