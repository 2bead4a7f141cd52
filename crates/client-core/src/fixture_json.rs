//! Exact JSON comparison for fixture tests (feature `testing`).
//!
//! The generated fixture tests of every vendor crate (`tests/it/models.rs`, written by
//! `cargo xtask codegen`, see `docs/codegen.md`) decode a fixture's payload into its model,
//! encode the value again and check that the JSON survived: [`round_trip`]. The comparison,
//! [`same_json`], is by value and exact without serde_json's `arbitrary_precision`:
//!
//! * numbers compare by exact decimal value, from their text: `100.240` equals `100.24` and
//!   `1e2` equals `100`, while `11111111111111112001` differs from `11111111111111112000` (no
//!   `f64` on the way);
//! * an object member that is `null` counts as absent;
//! * so does an empty array or object on one side only: a response model decodes an absent list
//!   as empty and writes it back as `[]`;
//! * everything else must be equal: strings are not numbers (`"1"` is not `1`), arrays keep their
//!   order and length.
//!
//! ```
//! use client_core::fixture_json::{round_trip, same_json};
//!
//! #[derive(Debug, serde::Serialize, serde::Deserialize)]
//! struct Order {
//!     #[serde(rename = "orderId")]
//!     order_id: u64,
//!     #[serde(default)]
//!     lines: Vec<String>,
//! }
//!
//! let fixture = r#"{"code": 0, "data": {"orderId": 7, "note": null}}"#;
//! let order: Order = round_trip(fixture, "/data");
//! assert_eq!(order.order_id, 7);
//!
//! assert!(same_json(r#"{"total": 100.240}"#, r#"{"total": 100.24, "lines": []}"#).is_ok());
//! assert!(same_json(r#"{"total": "100.24"}"#, r#"{"total": 100.24}"#).is_err());
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// The member [`with_unknown_members`] adds to every object.
pub const UNKNOWN_MEMBER: &str = r#""x-unknown-member":{"nested":[1,"two",null]}"#;

/// Why a fixture did not survive [`try_round_trip`], why a pointer did not resolve, or where two
/// JSON texts differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureError {
    message: String,
}

impl FixtureError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The explanation, naming the JSON path where there is one (`/data/0/id`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FixtureError {}

/// Decodes the payload at `pointer` (`""` for the whole fixture, `"/data"` for an envelope's
/// `data`) into `T`, checks that an unknown member in every object is ignored and that encoding
/// the value gives the same JSON back ([`same_json`]), and returns the value.
///
/// This is a test assertion: see [`try_round_trip`] for the same check as a `Result`.
///
/// # Panics
///
/// When [`try_round_trip`] returns an error, with its message.
#[track_caller]
pub fn round_trip<T: DeserializeOwned + Serialize>(fixture: &str, pointer: &str) -> T {
    match try_round_trip(fixture, pointer) {
        Ok(value) => value,
        Err(error) => panic!("{error}"),
    }
}

/// [`round_trip`] without the panic: the decoded value, or what went wrong (the pointer does not
/// resolve, the payload does not decode or its copy with unknown members does not, the value does not
/// encode, or the encoded JSON differs from the payload, and where).
///
/// # Errors
///
/// Every failure above, as a [`FixtureError`] that quotes the JSON involved.
pub fn try_round_trip<T: DeserializeOwned + Serialize>(
    fixture: &str,
    pointer: &str,
) -> Result<T, FixtureError> {
    let payload = payload(fixture, pointer)?;
    let value: T = serde_json::from_str(&payload)
        .map_err(|e| FixtureError::new(format!("the fixture does not decode: {e}\n{payload}")))?;
    let noisy = with_unknown_members(&payload);
    if let Err(e) = serde_json::from_str::<T>(&noisy) {
        return Err(FixtureError::new(format!(
            "an unknown member breaks decoding: {e}\n{noisy}"
        )));
    }
    let encoded = serde_json::to_string(&value)
        .map_err(|e| FixtureError::new(format!("the decoded value does not encode: {e}")))?;
    same_json(&payload, &encoded).map_err(|difference| {
        FixtureError::new(format!(
            "the round trip changed the JSON (left: the fixture, right: encoded): {difference}\n\
             fixture: {payload}\nencoded: {encoded}"
        ))
    })?;
    Ok(value)
}

/// The exact text of the member at a JSON pointer of the form `/a/b` (`""`: the whole text,
/// trimmed). Only object members are followed; the text of the member is returned as written,
/// so `1.50` stays `1.50`.
///
/// # Errors
///
/// When the text above a key is not a JSON object, or the object has no such member.
pub fn payload(fixture: &str, pointer: &str) -> Result<String, FixtureError> {
    let mut text = fixture.trim().to_owned();
    for key in pointer.split('/').skip(1) {
        let members: BTreeMap<String, Box<RawValue>> =
            serde_json::from_str(&text).map_err(|e| {
                FixtureError::new(format!("`{pointer}`: not an object above `{key}`: {e}"))
            })?;
        let Some(member) = members.get(key) else {
            return Err(FixtureError::new(format!("`{pointer}`: no member `{key}`")));
        };
        text = member.get().to_owned();
    }
    Ok(text)
}

/// The same JSON text with [`UNKNOWN_MEMBER`] added at the start of every object (text inside
/// strings is left alone), to prove that decoding ignores members a model does not know.
pub fn with_unknown_members(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut chars = text.chars().peekable();
    let (mut in_string, mut escaped) = (false, false);
    while let Some(c) = chars.next() {
        out.push(c);
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => {
                out.push_str(UNKNOWN_MEMBER);
                if chars.clone().find(|c| !c.is_whitespace()) != Some('}') {
                    out.push(',');
                }
            }
            _ => {}
        }
    }
    out
}

/// Compares two JSON texts by value with the rules of the [module](self) (exact numbers, `null`
/// and empty collections as absent members).
///
/// # Errors
///
/// When either text is not JSON, or they differ: the error names the first JSON path where they
/// do (`/lines/0/price`).
pub fn same_json(left: &str, right: &str) -> Result<(), FixtureError> {
    let left = Exact::parse(left).map_err(|e| FixtureError::new(format!("left side: {e}")))?;
    let right = Exact::parse(right).map_err(|e| FixtureError::new(format!("right side: {e}")))?;
    compare(&left, &right, "").map_err(FixtureError::new)
}

/// A JSON value with numbers kept as exact decimals and `null` members dropped.
#[derive(Debug, PartialEq)]
enum Exact {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Exact>),
    Object(BTreeMap<String, Exact>),
}

impl Exact {
    fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let text = text.trim();
        Ok(match text.as_bytes().first() {
            Some(b'{') => {
                let members: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text)?;
                let mut object = BTreeMap::new();
                for (key, raw) in members {
                    let value = Exact::parse(raw.get())?;
                    if value != Exact::Null {
                        object.insert(key, value);
                    }
                }
                Exact::Object(object)
            }
            Some(b'[') => {
                let items: Vec<Box<RawValue>> = serde_json::from_str(text)?;
                let items = items.iter().map(|raw| Exact::parse(raw.get()));
                Exact::Array(items.collect::<Result<_, _>>()?)
            }
            Some(b'"') => Exact::String(serde_json::from_str(text)?),
            Some(b't' | b'f') => Exact::Bool(serde_json::from_str(text)?),
            Some(b'n') => {
                serde_json::from_str::<()>(text)?;
                Exact::Null
            }
            _ => {
                // serde_json validates the JSON number grammar; the value is read from the text.
                serde_json::from_str::<&RawValue>(text)?;
                Exact::Number(Number::parse(text))
            }
        })
    }

    /// The value for a difference message: scalars as written, collections by kind and size.
    fn describe(&self) -> String {
        match self {
            Exact::Null => "null".to_owned(),
            Exact::Bool(b) => b.to_string(),
            Exact::Number(n) => n.text.clone(),
            Exact::String(s) => format!("{s:?}"),
            Exact::Array(items) => format!("an array of {}", items.len()),
            Exact::Object(members) => format!("an object of {} members", members.len()),
        }
    }

    fn is_empty_collection(&self) -> bool {
        match self {
            Exact::Array(items) => items.is_empty(),
            Exact::Object(members) => members.is_empty(),
            _ => false,
        }
    }
}

/// A JSON number as `±digits × 10^exponent`, with no leading or trailing zeros in `digits`
/// (zero: no digits, not negative), so equal values have equal fields whatever their text.
struct Number {
    negative: bool,
    digits: String,
    exponent: i128,
    text: String,
}

impl Number {
    /// Reads a number already validated as JSON (`-?int(.frac)?([eE][+-]?exp)?`).
    fn parse(text: &str) -> Self {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (&unsigned[..at], &unsigned[at + 1..]),
            None => (unsigned, "0"),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = format!("{int}{frac}");
        let significant = all_digits.trim_start_matches('0');
        let digits = significant.trim_end_matches('0');
        let trailing_zeros = significant.len() - digits.len();
        // An exponent too long for i128 is beyond any real fixture: keep it as text, so the
        // number only equals the same text.
        let Ok(written) = exponent.trim_start_matches('+').parse::<i128>() else {
            return Self {
                negative,
                digits: unsigned.to_owned(),
                exponent: i128::MIN,
                text: text.to_owned(),
            };
        };
        let scale = i128::try_from(frac.len()).unwrap_or(i128::MAX);
        let shift = i128::try_from(trailing_zeros).unwrap_or(i128::MAX);
        let zero = digits.is_empty();
        Self {
            negative: negative && !zero,
            digits: digits.to_owned(),
            exponent: if zero {
                0
            } else {
                written.saturating_sub(scale).saturating_add(shift)
            },
            text: text.to_owned(),
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        (self.negative, &self.digits, self.exponent)
            == (other.negative, &other.digits, other.exponent)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn compare(left: &Exact, right: &Exact, path: &str) -> Result<(), String> {
    match (left, right) {
        (Exact::Object(l), Exact::Object(r)) => {
            let keys: BTreeSet<&String> = l.keys().chain(r.keys()).collect();
            for key in keys {
                let here = format!("{path}/{key}");
                match (l.get(key), r.get(key)) {
                    (Some(a), Some(b)) => compare(a, b, &here)?,
                    (Some(one), None) | (None, Some(one)) if one.is_empty_collection() => {}
                    (Some(_), None) => return Err(format!("`{here}` is missing on the right")),
                    (None, _) => return Err(format!("`{here}` is only on the right")),
                }
            }
            Ok(())
        }
        (Exact::Array(l), Exact::Array(r)) => {
            if l.len() != r.len() {
                return Err(format!(
                    "at `{path}`: {} items on the left, {} on the right",
                    l.len(),
                    r.len()
                ));
            }
            for (index, (a, b)) in l.iter().zip(r).enumerate() {
                compare(a, b, &format!("{path}/{index}"))?;
            }
            Ok(())
        }
        (l, r) if l == r => Ok(()),
        (l, r) => Err(format!(
            "at `{path}`: {} on the left, {} on the right",
            l.describe(),
            r.describe()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_members_count_as_absent() {
        assert_eq!(same_json(r#"{"a": 1, "b": null}"#, r#"{"a": 1}"#), Ok(()));
        assert_eq!(same_json(r#"{"a": 1}"#, r#"{"a": 1, "b": null}"#), Ok(()));
        // Only members: a null item of an array is a value.
        assert!(same_json("[1, null]", "[1]").is_err());
        assert!(same_json(r#"{"a": null}"#, r#"{"a": 0}"#).is_err());
    }

    #[test]
    fn empty_collections_on_one_side_count_as_absent() {
        assert_eq!(
            same_json(r#"{"a": 1}"#, r#"{"a": 1, "b": [], "c": {}}"#),
            Ok(())
        );
        assert_eq!(same_json(r#"{"b": [], "c": {}}"#, "{}"), Ok(()));
        assert_eq!(same_json(r#"{"b": null}"#, r#"{"b": []}"#), Ok(()));
        assert!(same_json(r#"{"b": [1]}"#, "{}").is_err());
        assert!(same_json(r#"{"b": {"x": 1}}"#, "{}").is_err());
        // Present on both sides, an empty collection is still not another value.
        assert!(same_json(r#"{"b": []}"#, r#"{"b": {}}"#).is_err());
        assert!(same_json(r#"{"b": []}"#, r#"{"b": ""}"#).is_err());
    }

    #[test]
    fn numbers_compare_by_exact_decimal_value() {
        assert_eq!(same_json("100.240", "100.24"), Ok(()));
        assert_eq!(same_json("0.000", "0"), Ok(()));
        assert_eq!(same_json("-0", "0.0"), Ok(()));
        assert_eq!(same_json("1e2", "100"), Ok(()));
        assert_eq!(same_json("1.5E+1", "15.0"), Ok(()));
        assert_eq!(same_json("2500e-3", "2.5"), Ok(()));
        assert!(same_json("0.000", "0.001").is_err());
        assert!(same_json("-1", "1").is_err());
        assert!(same_json("100.24", "10.024").is_err());
    }

    #[test]
    fn large_numbers_stay_exact() {
        let big = "11111111111111112001";
        assert_eq!(same_json(big, big), Ok(()));
        // Both are the same f64: only an exact comparison tells them apart.
        assert_eq!(
            big.parse::<f64>().ok(),
            "11111111111111112000".parse::<f64>().ok()
        );
        assert!(same_json(big, "11111111111111112000").is_err());
        assert!(same_json(big, "1.1111111111111112e19").is_err());
        assert_eq!(same_json(big, "1.1111111111111112001e19"), Ok(()));
        // Beyond 28 significant digits as well (rust_decimal's limit).
        let long = "0.123456789012345678901234567890123456789";
        assert_eq!(same_json(long, &format!("{long}000")), Ok(()));
        assert!(same_json(long, "0.12345678901234567890123456789012345678").is_err());
    }

    #[test]
    fn strings_are_not_numbers_and_arrays_keep_order() {
        assert!(same_json(r#"{"a": "1"}"#, r#"{"a": 1}"#).is_err());
        assert!(same_json("[1, 2]", "[2, 1]").is_err());
        assert!(same_json(r#"{"a": [1, 2]}"#, r#"{"a": [1]}"#).is_err());
        assert!(same_json("true", "1").is_err());
        assert_eq!(
            same_json(r#"{"a": "1"}"#, r#"{"a": [1]}"#).map_err(|e| e.to_string()),
            Err(r#"at `/a`: "1" on the left, an array of 1 on the right"#.to_owned())
        );
        assert_eq!(
            same_json(r#"{"x": "张三", "y": true}"#, r#"{"y":true,"x":"张三"}"#),
            Ok(())
        );
    }

    #[test]
    fn differences_name_their_path() {
        let error = same_json(
            r#"{"lines": [{"price": 1.50}, {"price": 2}]}"#,
            r#"{"lines": [{"price": 1.5}, {"price": 3}]}"#,
        )
        .err()
        .map(|e| e.message().to_owned());
        assert_eq!(
            error.as_deref(),
            Some("at `/lines/1/price`: 2 on the left, 3 on the right")
        );
        let missing = same_json(r#"{"a": {"b": 1}}"#, r#"{"a": {}}"#).err();
        assert_eq!(
            missing.map(|e| e.to_string()).as_deref(),
            Some("`/a/b` is missing on the right")
        );
        let extra = same_json(r#"{"a": 1}"#, r#"{"a": 1, "z": 0}"#).err();
        assert_eq!(
            extra.map(|e| e.to_string()).as_deref(),
            Some("`/z` is only on the right")
        );
        assert!(same_json("{", "{}").is_err_and(|e| e.message().starts_with("left side:")));
    }

    #[test]
    fn payload_follows_a_pointer_and_keeps_the_exact_text() {
        let fixture = r#" {"ret": 200, "data": {"id": 1.50, "inner": {"n": 0.000}}} "#;
        assert_eq!(
            payload(fixture, "/data").as_deref(),
            Ok(r#"{"id": 1.50, "inner": {"n": 0.000}}"#)
        );
        assert_eq!(payload(fixture, "/data/inner/n").as_deref(), Ok("0.000"));
        assert_eq!(payload(fixture, "").as_deref(), Ok(fixture.trim()));
        assert!(
            payload(fixture, "/missing")
                .is_err_and(|e| e.message().contains("no member `missing`"))
        );
        assert!(
            payload(fixture, "/ret/x")
                .is_err_and(|e| e.message().contains("not an object above `x`"))
        );
    }

    #[test]
    fn unknown_members_go_into_every_object_but_not_into_strings() {
        let noisy = with_unknown_members(r#"[{"a": "{x}\"{", "b": {}}]"#);
        let expected =
            format!(r#"[{{{UNKNOWN_MEMBER},"a": "{{x}}\"{{", "b": {{{UNKNOWN_MEMBER}}}}}]"#);
        assert_eq!(noisy, expected);
        assert_eq!(same_json(&noisy, &noisy), Ok(()));
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Line {
        #[serde(with = "crate::decimal")]
        price: rust_decimal::Decimal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn round_trip_decodes_and_checks_the_json() {
        let fixture = r#"{"code": 0, "data": [{"price": 100.240, "note": null}]}"#;
        let lines: Vec<Line> = round_trip(fixture, "/data");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].price.to_string(), "100.240");
        assert_eq!(lines[0].tags, Vec::<String>::new());
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    struct Lossy {
        price: f64,
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        price: i64,
    }

    #[test]
    fn round_trip_reports_lost_precision_and_strict_models() {
        let lossy = try_round_trip::<Lossy>(r#"{"price": 11111111111111112001}"#, "");
        assert!(
            lossy
                .as_ref()
                .is_err_and(|e| e.message().contains("`/price`")),
            "{lossy:?}"
        );
        let strict = try_round_trip::<Strict>(r#"{"price": 1}"#, "");
        assert!(
            strict
                .as_ref()
                .is_err_and(|e| e.message().starts_with("an unknown member breaks decoding")),
            "{strict:?}"
        );
        assert!(try_round_trip::<Strict>(r#"{"price": 1}"#, "/data").is_err());
    }

    #[test]
    #[should_panic(expected = "the fixture does not decode")]
    fn round_trip_panics_with_the_reason() {
        let _: Line = round_trip(r#"{"tags": []}"#, "");
    }
}
