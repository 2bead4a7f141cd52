//! Ids that a vendor sends as a JSON number in one place and as a string in another.
//!
//! Tanma's field definitions have `"id": 429` next to `"id": "customer_stage"`, and its select
//! values refer to item ids `0`, `1`, `2` as text; Wukong documents no response at all, so its
//! ids and `expires_in` may come either way. [`NumberOrString`] reads both, compares by text
//! (`429` equals `"429"`), and writes back the form it was read in, so decoding and re-encoding a
//! payload never changes it.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An integer or a string from JSON, kept as text plus the form it came in. An integral float
/// (`7200.0`) reads as the integer; fractions, booleans, objects and `null` are errors.
///
/// ```
/// use client_core::number_or_string::NumberOrString;
/// let id: NumberOrString = serde_json::from_str("429")?;
/// assert_eq!(id, "429");
/// assert_eq!(id.as_i64(), Some(429));
/// assert_eq!(serde_json::to_string(&id)?, "429");
/// let name: NumberOrString = serde_json::from_str(r#""customer_stage""#)?;
/// assert_eq!(name.as_str(), "customer_stage");
/// assert_eq!(name.as_i64(), None);
/// assert_eq!(serde_json::to_string(&name)?, r#""customer_stage""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct NumberOrString {
    text: String,
    number: bool,
}

impl NumberOrString {
    /// The value as text (`"429"` for the number 429).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether it was (or will be) written as a JSON number.
    pub fn is_number(&self) -> bool {
        self.number
    }

    /// The value as an `i64`, when the text is one (whatever form it came in).
    pub fn as_i64(&self) -> Option<i64> {
        self.text.trim().parse().ok()
    }

    /// The value as a `u64`, when the text is one (whatever form it came in).
    pub fn as_u64(&self) -> Option<u64> {
        self.text.trim().parse().ok()
    }

    /// The text, taken.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl fmt::Debug for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.number {
            f.write_str(&self.text)
        } else {
            fmt::Debug::fmt(&self.text, f)
        }
    }
}

impl fmt::Display for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Equal when the texts are: `429` equals `"429"`.
impl PartialEq for NumberOrString {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for NumberOrString {}

impl Hash for NumberOrString {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialOrd for NumberOrString {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By text.
impl Ord for NumberOrString {
    fn cmp(&self, other: &Self) -> Ordering {
        self.text.cmp(&other.text)
    }
}

impl PartialEq<str> for NumberOrString {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for NumberOrString {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl From<i64> for NumberOrString {
    fn from(value: i64) -> Self {
        Self {
            text: value.to_string(),
            number: true,
        }
    }
}

impl From<u64> for NumberOrString {
    fn from(value: u64) -> Self {
        Self {
            text: value.to_string(),
            number: true,
        }
    }
}

impl From<i32> for NumberOrString {
    fn from(value: i32) -> Self {
        Self::from(i64::from(value))
    }
}

impl From<&str> for NumberOrString {
    fn from(value: &str) -> Self {
        Self {
            text: value.to_owned(),
            number: false,
        }
    }
}

impl From<String> for NumberOrString {
    fn from(value: String) -> Self {
        Self {
            text: value,
            number: false,
        }
    }
}

impl Serialize for NumberOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.number {
            if let Ok(n) = self.text.parse::<i64>() {
                return serializer.serialize_i64(n);
            }
            if let Ok(n) = self.text.parse::<u64>() {
                return serializer.serialize_u64(n);
            }
        }
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for NumberOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NumberOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(NumberOrString::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(NumberOrString::from(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                // `7200.0`: an integer written as a float (exact below 2^53).
                const EXACT: f64 = 9_007_199_254_740_992.0;
                if v.fract() == 0.0 && v.abs() <= EXACT {
                    #[allow(clippy::cast_possible_truncation)]
                    return Ok(NumberOrString::from(v as i64));
                }
                Err(E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(NumberOrString::from(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(NumberOrString::from(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms_and_writes_them_back() {
        for text in [
            "429",
            "0",
            "-7",
            "18446744073709551615",
            r#""429""#,
            r#""name""#,
        ] {
            let value: NumberOrString = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), text);
        }
        assert!(serde_json::from_str::<NumberOrString>("1.5").is_err());
        let integral: NumberOrString = serde_json::from_str("7200.0").unwrap();
        assert_eq!(
            (integral.as_u64(), integral.is_number()),
            (Some(7200), true)
        );
        assert!(serde_json::from_str::<NumberOrString>("null").is_err());
    }

    #[test]
    fn compares_by_text() {
        let number: NumberOrString = serde_json::from_str("429").unwrap();
        let text: NumberOrString = serde_json::from_str(r#""429""#).unwrap();
        assert_eq!(number, text);
        assert!(number.is_number() && !text.is_number());
        assert_eq!(text.as_u64(), Some(429));
        assert_eq!(format!("{number:?} {text:?} {text}"), r#"429 "429" 429"#);
        let set: std::collections::HashSet<_> = [number, text].into_iter().collect();
        assert_eq!(set.len(), 1);
    }
}
