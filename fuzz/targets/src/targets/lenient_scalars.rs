//! `lenient_scalars`: the serde helpers every generated model uses (`lenient_time`,
//! `lenient_i64`, `null_as_default`).
//!
//! Invariants: a decoded value written back in its canonical form (the time's text, the integer)
//! decodes to the same value; blank text and `null` are absent.

use client_core::serde_helpers::{lenient_i64, lenient_time, null_as_default};
use client_core::time::VendorTime;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Fields {
    #[serde(default, deserialize_with = "lenient_time")]
    at: Option<VendorTime>,
    #[serde(default, deserialize_with = "lenient_i64")]
    n: Option<i64>,
    #[serde(default, deserialize_with = "null_as_default")]
    list: Vec<i64>,
}

/// Runs the target on one input: a JSON object with members `at`, `n` and `list`, or one value
/// tried as each member.
pub fn run(data: &[u8]) {
    check(data);
    if let Ok(text) = std::str::from_utf8(data) {
        for member in ["at", "n", "list"] {
            check(format!("{{\"{member}\":{text}}}").as_bytes());
        }
    }
}

fn check(json: &[u8]) {
    let Ok(fields) = serde_json::from_slice::<Fields>(json) else {
        return;
    };
    let value = serde_json::json!({
        "at": fields.at.as_ref().map(VendorTime::as_str),
        "n": fields.n,
        "list": fields.list,
    });
    let again = serde_json::from_value::<Fields>(value.clone());
    let again = again.ok();
    assert_eq!(
        again.as_ref().map(|f| &f.at),
        Some(&fields.at),
        "time via {value}"
    );
    assert_eq!(
        again.as_ref().map(|f| f.n),
        Some(fields.n),
        "int via {value}"
    );
    assert_eq!(again.as_ref().map(|f| &f.list), Some(&fields.list));
    if let Some(at) = &fields.at {
        assert!(!at.as_str().trim().is_empty(), "blank text is absent");
    }
}

/// Seeds: blank, null and valid members.
pub fn seeds() -> Vec<Vec<u8>> {
    [
        r#"{"at":"2022-10-28 10:33:45","n":"12","list":[1,2]}"#,
        r#"{"at":"","n":"","list":null}"#,
        r#"{"at":"  ","n":" 34 "}"#,
        r#"{"at":null,"n":null}"#,
        "\"2024-05-20\"",
        "\"-7\"",
        "null",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}
