//! Serde helpers that the generated models of every vendor crate use.
//!
//! `cargo xtask codegen` writes `src/models/generated.rs` into each vendor crate; the fields it
//! generates refer to these helpers by path (for example
//! `#[serde(default, deserialize_with = "client_core::serde_helpers::null_as_default")]`) instead
//! of carrying a private copy in every crate. See `docs/codegen.md`.
//!
//! - [`null_as_default`]: `null` reads like an absent member (an empty list or map).
//! - [`lenient_time`]: an optional [`VendorTime`] where `null`, `""` and blank text mean absent.
//! - [`lenient_i64`]: an optional integer sent as a number or a numeric string.
//! - [`Redacted`]: what the hand-written `Debug` of a type with secret fields prints instead of
//!   the secret.

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::time::VendorTime;

/// Reads `null` as the type's default (an empty list or map), like an absent member.
///
/// Generated response models put it on array and map fields together with `#[serde(default)]`,
/// so an absent member and `null` both decode as empty.
///
/// # Errors
///
/// The deserializer's error when the value is neither `null` nor a valid `T`.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads an optional [`VendorTime`] where `null`, `""` and a blank string mean absent.
///
/// Used on the `lenient` time fields of generated models (manifest `lenient_scalars`), together
/// with `#[serde(default)]` so an absent member is `None` too.
///
/// # Errors
///
/// A custom error when the text is not blank and [`VendorTime::parse`] rejects it, or the
/// deserializer's error when the value is not a string or `null`.
pub fn lenient_time<'de, D>(deserializer: D) -> Result<Option<VendorTime>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<String>::deserialize(deserializer)? {
        Some(text) if !text.trim().is_empty() => VendorTime::parse(&text)
            .map(Some)
            .map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

/// Reads an optional integer sent as a number or a numeric string (`12` or `"12"`); `null`, `""`
/// and a blank string mean absent.
///
/// Used on the `lenient` integer fields of generated models (manifest `lenient_scalars`),
/// together with `#[serde(default)]` so an absent member is `None` too.
///
/// # Errors
///
/// A custom error when the text is not blank and is not an `i64` (surrounding blanks are
/// ignored), or the deserializer's error for any other kind of value.
pub fn lenient_i64<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Text(String),
    }
    match Option::<Raw>::deserialize(deserializer)? {
        Some(Raw::Int(value)) => Ok(Some(value)),
        Some(Raw::Text(text)) if !text.trim().is_empty() => text
            .trim()
            .parse()
            .map(Some)
            .map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

/// Stands for a secret in `Debug` output: prints `[REDACTED]`, never the value.
///
/// The generated `Debug` of a type with secret fields writes `&Redacted` for a secret field
/// (`Some([REDACTED])` via `.as_ref().map(|_| Redacted)` when optional), so logging a decoded
/// token body never leaks it.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Redacted;

impl Redacted {
    /// The text [`Redacted`]'s `Debug` prints.
    pub const MARKER: &'static str = "[REDACTED]";
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::MARKER)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Lists {
        #[serde(default, deserialize_with = "null_as_default")]
        items: Vec<u32>,
    }

    #[derive(Debug, Deserialize)]
    struct Times {
        #[serde(default, deserialize_with = "lenient_time")]
        at: Option<VendorTime>,
    }

    #[derive(Debug, Deserialize)]
    struct Ints {
        #[serde(default, deserialize_with = "lenient_i64")]
        n: Option<i64>,
    }

    fn lists(json: &str) -> serde_json::Result<Vec<u32>> {
        serde_json::from_str::<Lists>(json).map(|l| l.items)
    }

    fn times(json: &str) -> serde_json::Result<Option<VendorTime>> {
        serde_json::from_str::<Times>(json).map(|t| t.at)
    }

    fn ints(json: &str) -> serde_json::Result<Option<i64>> {
        serde_json::from_str::<Ints>(json).map(|i| i.n)
    }

    #[test]
    fn null_reads_as_default() {
        assert_eq!(lists(r#"{"items":null}"#).unwrap(), Vec::<u32>::new());
        assert_eq!(lists("{}").unwrap(), Vec::<u32>::new());
        assert_eq!(lists(r#"{"items":[1,2]}"#).unwrap(), vec![1, 2]);
        assert!(lists(r#"{"items":"x"}"#).is_err());
    }

    #[test]
    fn lenient_time_blank_empty_null_absent_are_none() {
        for json in [r#"{"at":""}"#, r#"{"at":"   "}"#, r#"{"at":null}"#, "{}"] {
            assert_eq!(times(json).unwrap(), None, "{json}");
        }
    }

    #[test]
    fn lenient_time_parses_valid_and_rejects_garbage() {
        let parsed = times(r#"{"at":"2022-10-28 10:33:45"}"#).unwrap();
        assert_eq!(
            parsed,
            Some(VendorTime::parse("2022-10-28 10:33:45").unwrap())
        );
        assert!(times(r#"{"at":"not a time"}"#).is_err());
        assert!(times(r#"{"at":12}"#).is_err());
    }

    #[test]
    fn lenient_i64_reads_numbers_and_numeric_strings() {
        assert_eq!(ints(r#"{"n":12}"#).unwrap(), Some(12));
        assert_eq!(ints(r#"{"n":-7}"#).unwrap(), Some(-7));
        assert_eq!(ints(r#"{"n":"12"}"#).unwrap(), Some(12));
        assert_eq!(ints(r#"{"n":" 34 "}"#).unwrap(), Some(34));
    }

    #[test]
    fn lenient_i64_blank_null_absent_are_none() {
        for json in [r#"{"n":""}"#, r#"{"n":"  "}"#, r#"{"n":null}"#, "{}"] {
            assert_eq!(ints(json).unwrap(), None, "{json}");
        }
    }

    #[test]
    fn lenient_i64_rejects_garbage() {
        assert!(ints(r#"{"n":"12a"}"#).is_err());
        assert!(ints(r#"{"n":1.5}"#).is_err());
        assert!(ints(r#"{"n":true}"#).is_err());
    }

    #[test]
    fn redacted_debug_never_shows_the_value() {
        struct Token {
            token: String,
            label: Option<String>,
        }
        impl fmt::Debug for Token {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let _ = &self.token;
                f.debug_struct("Token")
                    .field("token", &Redacted)
                    .field("label", &self.label.as_ref().map(|_| Redacted))
                    .finish()
            }
        }
        let token = Token {
            token: "s3cr3t-value".to_owned(),
            label: Some("also-secret".to_owned()),
        };
        let shown = format!("{token:?}");
        assert_eq!(format!("{Redacted:?}"), "[REDACTED]");
        assert_eq!(Redacted::MARKER, "[REDACTED]");
        assert!(shown.contains("[REDACTED]"), "{shown}");
        assert!(shown.contains("Some([REDACTED])"), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(!shown.contains("also-secret"), "{shown}");
    }
}
