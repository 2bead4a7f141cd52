//! `number_or_string`: [`NumberOrString`], the ids that come as a number or a string.
//!
//! Invariants: decode → encode → decode gives an equal value in the same form and the same JSON
//! text; `as_i64`/`as_u64` agree with the text; a number's text is an integer.

use client_core::number_or_string::NumberOrString;

/// Runs the target on one input (a JSON value).
pub fn run(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<NumberOrString>(data) else {
        return;
    };
    let json = serde_json::to_string(&value).unwrap_or_default();
    let again = serde_json::from_str::<NumberOrString>(&json).ok();
    assert_eq!(again.as_ref(), Some(&value), "round trip via `{json}`");
    assert_eq!(
        again.as_ref().map(NumberOrString::is_number),
        Some(value.is_number()),
        "the form survives"
    );
    let json2 = again.map(|v| serde_json::to_string(&v).unwrap_or_default());
    assert_eq!(json2.as_deref(), Some(json.as_str()), "encoding is stable");
    if value.is_number() {
        assert!(
            value.as_i64().is_some() || value.as_u64().is_some(),
            "a number reads as an integer: {value:?}"
        );
        assert!(serde_json::from_str::<serde_json::Number>(&json).is_ok());
    }
    if let Some(n) = value.as_i64() {
        assert_eq!(value.as_str().trim().parse::<i64>().ok(), Some(n));
    }
    let _ = format!("{value:?} {value}");
}

/// Seeds: the shapes Tanma and Wukong send.
pub fn seeds() -> Vec<Vec<u8>> {
    [
        "429",
        "\"customer_stage\"",
        "\"429\"",
        "7200.0",
        "-1",
        "18446744073709551615",
        "-9223372036854775808",
        "1e3",
        "1.5",
        "\"\"",
        "null",
        "true",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}
