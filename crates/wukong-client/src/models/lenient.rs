//! Tolerant readers for the undocumented response shapes: text that may come as a JSON number,
//! empty strings read as absent, timestamps that may be text or epoch numbers.

use std::fmt;

use client_core::time::VendorTime;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// Reads a JSON string or number as text.
pub(crate) struct TextOrNumber;

impl Visitor<'_> for TextOrNumber {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// `Option<String>` from a string, a number or null (empty strings become `None`).
pub(crate) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok((!v.is_empty()).then(|| v.to_owned()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
    }
    d.deserialize_option(V)
}

/// An optional id newtype from a string, a number, null or an empty string.
pub(crate) fn opt_id<'de, D: Deserializer<'de>, T: From<String>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(opt_text(d)?.map(T::from))
}

/// A vendor timestamp when the text is one; other values (epoch numbers, odd text) are left in
/// the raw JSON rather than failing the whole response.
pub(crate) fn lenient_time<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<VendorTime>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::String(text) => VendorTime::parse(&text).ok(),
        serde_json::Value::Number(n) => n.as_i64().and_then(epoch_to_time),
        _ => None,
    })
}

/// Epoch seconds (or milliseconds, when the number is that large) as a vendor time.
fn epoch_to_time(n: i64) -> Option<VendorTime> {
    let dt = if n > 100_000_000_000 {
        chrono::DateTime::from_timestamp_millis(n)?
    } else {
        chrono::DateTime::from_timestamp(n, 0)?
    };
    Some(VendorTime::from_instant(&dt))
}
