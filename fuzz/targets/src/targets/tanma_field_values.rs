//! `tanma_field_values`: Tanma's `valueAsText` decoded by field type (`DecodedField::decode`).
//!
//! Invariants: decoding never fails and keeps the text; a decoded number's text decodes to the
//! same number; a date's `yyyy-MM-dd` decodes to the same date; a date-time's instant written as
//! RFC 3339 decodes to the same instant; text stays text.

use clue_client::models::{DecodedField, FieldValue};

/// The type codes the first byte picks from: the eight documented types and unknown ones.
const CODES: &[i64] = &[1, 2, 3, 4, 5, 6, 7, 8, 0, 9, -1, i64::MAX];

/// Runs the target on one input: a type selector byte, then the text (a second byte of 0 means
/// `valueAsText` is `null`).
pub fn run(data: &[u8]) {
    let Some((selector, rest)) = crate::support::split_selector(data) else {
        return;
    };
    let code = CODES
        .get(usize::from(selector) % CODES.len())
        .copied()
        .unwrap_or(1);
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let text = (text != "\0").then_some(text);
    let decoded = DecodedField::decode("f", code, text);
    assert_eq!(decoded.raw.as_deref(), text, "the text is kept");
    assert_eq!(decoded.kind.code(), code, "the type code is kept");
    if text.is_none() {
        assert_eq!(decoded.value, None);
    }
    let again = |t: &str| DecodedField::decode("f", code, Some(t)).value;
    match &decoded.value {
        Some(FieldValue::Number(n)) => {
            assert_eq!(again(&n.to_string()), Some(FieldValue::Number(*n)), "{n}");
        }
        Some(FieldValue::Date(d)) => {
            let t = d.format("%Y-%m-%d").to_string();
            assert_eq!(again(&t), Some(FieldValue::Date(*d)), "`{t}`");
        }
        // Finding F1 (fixed): an epoch value past year 9999 decoded, and its RFC 3339 text
        // (`+14544-…`) did not decode back.
        Some(FieldValue::DateTime(at)) => {
            let t = at.instant().to_rfc3339();
            match again(&t) {
                Some(FieldValue::DateTime(back)) => {
                    assert_eq!(back.instant(), at.instant(), "`{t}`");
                }
                other => panic!("`{t}` re-decoded as {other:?}"),
            }
        }
        Some(FieldValue::Text(t)) => assert_eq!(Some(t.as_str()), text),
        Some(FieldValue::Invalid { text: t, .. }) => assert_eq!(Some(t.as_str()), text),
        _ => {}
    }
    if let Some(value) = &decoded.value {
        let _ = format!("{value} {value:?}");
        let _ = value.item_ids();
    }
}

/// Seeds: the values of the clue fixtures under each type, and documented forms.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut texts: Vec<String> = [
        "396823724189760",
        "[\"1\",\"2\"]",
        "1,2,3",
        "2024-05-20",
        "2024/05/20",
        "20240520",
        "2022-10-28 10:33:45",
        "2022-10-28 10:33",
        "2022-09-15T03:20:13.000Z",
        "1662000000",
        "1662000000000",
        "12.50",
        "-3",
        "1e3",
        "[\"145678388\"]",
        "145678388",
        "\u{0}",
        "",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for body in crate::support::fixtures("clue", ".response.json") {
        collect_texts(
            &serde_json::from_slice(&body).unwrap_or_default(),
            &mut texts,
        );
    }
    let mut out = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        out.push(crate::support::prefixed(
            &[(i % CODES.len()) as u8],
            text.as_bytes(),
        ));
        out.push(crate::support::prefixed(
            &[((i + 3) % CODES.len()) as u8],
            text.as_bytes(),
        ));
    }
    out
}

fn collect_texts(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(t)) = map.get("valueAsText") {
                out.push(t.clone());
            }
            map.values().for_each(|v| collect_texts(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_texts(v, out)),
        _ => {}
    }
}
