//! `decimal`: money as `rust_decimal::Decimal` through `client_core::decimal` (a JSON number or
//! a numeric string).
//!
//! Invariants: a decoded amount encodes to a string that decodes to an equal amount with the
//! same text (scale kept); the optional form agrees with the plain one.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Amount(#[serde(with = "client_core::decimal")] Decimal);

#[derive(Debug, Serialize, Deserialize)]
struct MaybeAmount(#[serde(with = "client_core::decimal::option")] Option<Decimal>);

/// Runs the target on one input (a JSON value).
pub fn run(data: &[u8]) {
    let plain = serde_json::from_slice::<Amount>(data).ok();
    if let Some(Amount(value)) = &plain {
        let json = serde_json::to_string(&Amount(*value)).unwrap_or_default();
        let again = serde_json::from_str::<Amount>(&json).ok();
        let again = again.map(|a| a.0);
        assert_eq!(again, Some(*value), "round trip via `{json}`");
        assert_eq!(
            again.map(|d| d.to_string()),
            Some(value.to_string()),
            "the text (scale) survives"
        );
    }
    let optional = serde_json::from_slice::<MaybeAmount>(data).ok();
    if let Some(MaybeAmount(Some(value))) = &optional {
        assert_eq!(plain.as_ref().map(|a| a.0), Some(*value), "option agrees");
        let json = serde_json::to_string(&MaybeAmount(Some(*value))).unwrap_or_default();
        let again = serde_json::from_str::<MaybeAmount>(&json)
            .ok()
            .and_then(|a| a.0);
        assert_eq!(again, Some(*value));
    }
    if plain.is_some() {
        assert!(
            matches!(optional, Some(MaybeAmount(Some(_)))),
            "what the plain form reads, the optional form reads"
        );
    }
}

/// Seeds: numbers and numeric strings in the forms vendors send.
pub fn seeds() -> Vec<Vec<u8>> {
    [
        "50.12",
        "\"50.12\"",
        "0",
        "-3",
        "1e3",
        "\"1e3\"",
        "1.0000000000000000000000000001",
        "79228162514264337593543950335",
        "\" 12.50 \"",
        "null",
        "\"\"",
        "0.1",
        "12345678901234567890.123",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}
