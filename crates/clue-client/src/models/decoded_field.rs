//! [`DecodedField`]: one `fields[]` entry of a clue decoded by its `type`, never failing.

use rust_decimal::Decimal;

use super::value_text::{ids, json_strings, parse_date, parse_datetime};
use super::{FieldType, FieldValue};

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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

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
}
