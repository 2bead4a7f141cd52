//! Round-trip support for the generated fixture tests: decode a fixture's payload, encode it
//! again, and compare the two JSON texts by value; and check that unknown members never break
//! decoding.
//!
//! The comparison is exact without serde_json's `arbitrary_precision`: every number is compared
//! through its decimal text (`100.240` equals `100.24`, a 20-digit integer stays exact), an
//! object member that is `null` counts as absent, and so does an empty array or object on one
//! side only (response models decode an absent list as empty and write it back as `[]`).

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// Decodes the payload at `pointer` (`""` for the whole fixture) into `T`, checks that encoding
/// it gives the same JSON value back and that an unknown member in every object is ignored, and
/// returns the value.
pub fn round_trip<T: DeserializeOwned + Serialize>(fixture: &str, pointer: &str) -> T {
    let payload = payload(fixture, pointer);
    let noisy = with_unknown_members(&payload);
    if let Err(e) = serde_json::from_str::<T>(&noisy) {
        panic!("an unknown member breaks decoding: {e}\n{noisy}");
    }
    let value: T = serde_json::from_str(&payload)
        .unwrap_or_else(|e| panic!("the fixture does not decode: {e}\n{payload}"));
    let encoded = serde_json::to_string(&value)
        .unwrap_or_else(|e| panic!("the decoded value does not encode: {e}"));
    if let Err(difference) = same_json(&payload, &encoded) {
        panic!(
            "the round trip changed the JSON: {difference}\nfixture: {payload}\nencoded: {encoded}"
        );
    }
    value
}

/// The exact text of the member at a JSON pointer of the form `/a/b` (`""`: all of it).
pub fn payload(fixture: &str, pointer: &str) -> String {
    let mut text = fixture.trim().to_owned();
    for key in pointer.split('/').skip(1) {
        let members: BTreeMap<String, Box<RawValue>> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("`{pointer}`: not an object above `{key}`: {e}"));
        let Some(member) = members.get(key) else {
            panic!("`{pointer}`: no member `{key}`");
        };
        text = member.get().to_owned();
    }
    text
}

/// The same JSON text with an unknown member added to every object.
pub fn with_unknown_members(text: &str) -> String {
    const MEMBER: &str = r#""x-unknown-member":{"nested":[1,"two",null]}"#;
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
                out.push_str(MEMBER);
                if chars.clone().find(|c| !c.is_whitespace()) != Some('}') {
                    out.push(',');
                }
            }
            _ => {}
        }
    }
    out
}

/// Compares two JSON texts by value; on a difference, says where.
pub fn same_json(left: &str, right: &str) -> Result<(), String> {
    let left = Exact::parse(left).map_err(|e| format!("left side: {e}"))?;
    let right = Exact::parse(right).map_err(|e| format!("right side: {e}"))?;
    compare(&left, &right, "")
}

/// A JSON value with numbers kept as normalised decimal text and `null` members dropped.
#[derive(Debug, PartialEq)]
enum Exact {
    Null,
    Bool(bool),
    Number(String),
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
                // Validate it as a JSON number, then compare by exact decimal value.
                serde_json::from_str::<&RawValue>(text)?;
                let normalised = Decimal::from_str(text)
                    .or_else(|_| Decimal::from_scientific(text))
                    .map(|d| d.normalize().to_string())
                    .unwrap_or_else(|_| text.to_owned());
                Exact::Number(normalised)
            }
        })
    }
}

impl Exact {
    fn is_empty_collection(&self) -> bool {
        match self {
            Exact::Array(items) => items.is_empty(),
            Exact::Object(members) => members.is_empty(),
            _ => false,
        }
    }
}

fn compare(left: &Exact, right: &Exact, path: &str) -> Result<(), String> {
    match (left, right) {
        (Exact::Object(l), Exact::Object(r)) => {
            for key in l.keys().chain(r.keys()) {
                let here = format!("{path}/{key}");
                match (l.get(key), r.get(key)) {
                    (Some(a), Some(b)) => compare(a, b, &here)?,
                    (Some(one), None) | (None, Some(one)) if one.is_empty_collection() => {}
                    (Some(_), None) => {
                        return Err(format!("`{here}` is missing after the round trip"));
                    }
                    (None, _) => return Err(format!("`{here}` appeared in the round trip")),
                }
            }
            Ok(())
        }
        (Exact::Array(l), Exact::Array(r)) if l.len() == r.len() => {
            for (index, (a, b)) in l.iter().zip(r).enumerate() {
                compare(a, b, &format!("{path}/{index}"))?;
            }
            Ok(())
        }
        (l, r) if l == r => Ok(()),
        (l, r) => Err(format!("at `{path}`: {l:?} became {r:?}")),
    }
}

#[test]
fn same_json_compares_numbers_by_value_and_ignores_nulls() {
    assert_eq!(
        same_json(r#"{"a": 100.240, "b": null}"#, r#"{"a":100.24}"#),
        Ok(())
    );
    assert_eq!(
        same_json("11111111111111112001", "11111111111111112001"),
        Ok(())
    );
    assert!(same_json("11111111111111112001", "11111111111111112000").is_err());
    assert!(same_json(r#"{"a": 0.000}"#, r#"{"a": 0.001}"#).is_err());
    assert!(same_json(r#"{"a": [1, 2]}"#, r#"{"a": [1]}"#).is_err());
    assert_eq!(same_json(r#"{"a": 1}"#, r#"{"a": 1, "b": [], "c": {}}"#), Ok(()));
    assert_eq!(same_json(r#"{"b": []}"#, r#"{}"#), Ok(()));
    assert!(same_json(r#"{"b": [1]}"#, r#"{}"#).is_err());
    assert!(same_json(r#"{"b": {"x": 1}}"#, r#"{}"#).is_err());
    assert!(same_json(r#"{"a": "1"}"#, r#"{"a": 1}"#).is_err());
    assert_eq!(
        payload(r#"{"ret": 200, "data": {"id": 1.50}}"#, "/data"),
        r#"{"id": 1.50}"#
    );
}

#[test]
fn unknown_members_go_into_every_object_but_not_into_strings() {
    let noisy = with_unknown_members(r#"[{"a": "{x}", "b": {}}]"#);
    let expected = r#"[{"x-unknown-member":{"nested":[1,"two",null]},"a": "{x}", "b": {"x-unknown-member":{"nested":[1,"two",null]}}}]"#;
    assert_eq!(noisy, expected);
}
