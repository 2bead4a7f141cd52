//! Exact decimal (money) serde for JSON numbers, without `serde_json/arbitrary_precision`.
//!
//! Vendors send money as JSON numbers (`"totalPrice": 100.240`). Parsing those through `f64`
//! loses digits, and turning on serde_json's `arbitrary_precision` would change number handling for
//! every crate in a downstream build. Instead these helpers read the number's **exact text** through
//! [`serde_json::value::RawValue`] and parse it as a [`Decimal`]; on output they write the decimal's
//! text as a raw JSON number. Numeric strings (`"100.24"`) are accepted too.
//!
//! Use with `#[serde(with = "client_core::decimal")]`, or `client_core::decimal::option` for
//! `Option<Decimal>` fields (together with `#[serde(default)]`).
//!
//! With a non-JSON serde format (or a buffered one, such as an untagged enum), the value arrives
//! as an `f64` or a string; floats are converted through their shortest round-trip text, which is
//! exact for every value that has at most 15 significant digits.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde_json::value::RawValue;

const RAW_TOKEN: &str = "$serde_json::private::RawValue";

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number or numeric string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        // `{}` prints the shortest text that reads back as the same f64.
        parse_text(&v.to_string())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_text(v)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        // serde_json hands a RawValue over as a one-entry map keyed by its private token.
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::custom(
                "expected a number, found an empty object",
            ));
        };
        if key != RAW_TOKEN {
            return Err(de::Error::custom("expected a number, found an object"));
        }
        let raw: String = map.next_value()?;
        let text = raw.trim();
        let text = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        parse_text(text)
    }
}

fn parse_text<E: de::Error>(text: &str) -> Result<Decimal, E> {
    let text = text.trim();
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .map_err(|e| E::custom(format!("`{text}` is not an exact decimal: {e}")))
}

/// Reads a decimal from a JSON number (exact text) or a numeric string.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    // Asking for the RawValue token makes serde_json hand over the number's text untouched; other
    // deserializers ignore the name and call the visitor with what they have.
    deserializer.deserialize_newtype_struct(RAW_TOKEN, NewtypeVisitor)
}

struct NewtypeVisitor;

impl<'de> Visitor<'de> for NewtypeVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        DecimalVisitor.visit_i64(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        DecimalVisitor.visit_u64(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        DecimalVisitor.visit_f64(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        DecimalVisitor.visit_str(v)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Decimal, A::Error> {
        DecimalVisitor.visit_map(map)
    }
}

/// Writes the decimal as a JSON number with its exact digits (`100.240` stays `100.240`).
pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let raw = RawValue::from_string(value.to_string()).map_err(serde::ser::Error::custom)?;
    serde::Serialize::serialize(&raw, serializer)
}

/// The same, for `Option<Decimal>`; pair with `#[serde(default)]`.
pub mod option {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `None` as `null`, `Some` as an exact number.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    /// Reads `null` as `None`, a number or numeric string as `Some`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(deserialize_with = "super::deserialize")] Decimal);
        Ok(Option::<Wrapped>::deserialize(d)?.map(|Wrapped(v)| v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Order {
        #[serde(with = "super")]
        total: Decimal,
        #[serde(
            default,
            with = "super::option",
            skip_serializing_if = "Option::is_none"
        )]
        refund: Option<Decimal>,
    }

    #[test]
    fn keeps_exact_digits_both_ways() {
        let json = r#"{"total":100.240,"refund":0.000}"#;
        let order: Order = serde_json::from_str(json).unwrap();
        assert_eq!(order.total.to_string(), "100.240");
        assert_eq!(serde_json::to_string(&order).unwrap(), json);
    }

    #[test]
    fn more_digits_than_f64_holds() {
        let json = r#"{"total":12345678901234567.89}"#;
        let order: Order = serde_json::from_str(json).unwrap();
        assert_eq!(order.total.to_string(), "12345678901234567.89");
        assert_eq!(order.refund, None);
    }

    #[test]
    fn accepts_strings_null_and_values() {
        let order: Order = serde_json::from_str(r#"{"total":"50.12","refund":null}"#).unwrap();
        assert_eq!(order.total.to_string(), "50.12");
        assert_eq!(order.refund, None);
        let v = serde_json::json!({"total": 50.12, "refund": 3});
        let order: Order = serde_json::from_value(v).unwrap();
        assert_eq!(order.total.to_string(), "50.12");
        assert_eq!(order.refund, Some(Decimal::from(3)));
    }

    #[test]
    fn rejects_non_numbers() {
        assert!(serde_json::from_str::<Order>(r#"{"total":"abc"}"#).is_err());
        assert!(serde_json::from_str::<Order>(r#"{"total":true}"#).is_err());
    }
}
