//! `okayapi_form`: caller parameters → OkayAPI form fields → the wire, and the request
//! signature over them. The input is a JSON object passed to `Call::params`.
//!
//! Invariants: parameters the client refuses (its own names) are a typed `invalid_input` error
//! and nothing is sent; otherwise the form that arrives decodes to exactly the caller's fields
//! in order (text as given, integers and booleans as text, nested values as their JSON, `null`
//! left out), followed by `app_key` and `sign`, and `sign` is
//! `UPPER(md5(values sorted by name + secret))` over exactly the fields that arrived.

use crate::support::{CANARY_SECRET, assert_no_canary, runtime};
use crate::targets::okayapi_harness::{APP_KEY, for_forms};

const OK_BODY: &[u8] = br#"{"ret":200,"data":null,"msg":""}"#;

/// Runs the target on one input: a JSON object of parameters.
pub fn run(data: &[u8]) {
    let Ok(params) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(data)
    else {
        return;
    };
    let h = for_forms();
    h.server.reply(200, OK_BODY);
    let result = runtime().block_on(h.client.method("AFuzz").params(&params).send_raw());
    let sent = h.server.received();
    if let Err(error) = &result {
        assert_no_canary(error, b"");
        if error.is_invalid_input() {
            assert!(sent.is_empty(), "refused parameters were sent: {error}");
            return;
        }
        panic!("a call with parameters {params:?} failed: {error}");
    }
    assert_eq!(sent.len(), 1, "one request");
    let Some(request) = sent.first() else {
        return;
    };
    assert_eq!(request.target, "/api/SVIP/FuzzApp/AFuzz");
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect();
    let (fields, own) = pairs.split_at(pairs.len().saturating_sub(2));
    let expected: Vec<(&String, &serde_json::Value)> =
        params.iter().filter(|(_, v)| !v.is_null()).collect();
    assert_eq!(fields.len(), expected.len(), "fields sent: {pairs:?}");
    for ((name, text), (want_name, want)) in fields.iter().zip(&expected) {
        assert_eq!(name, *want_name);
        match want {
            serde_json::Value::String(s) => assert_eq!(text, s, "`{name}` as given"),
            serde_json::Value::Bool(b) => assert_eq!(text, &b.to_string()),
            serde_json::Value::Number(n) if n.is_f64() => {
                let sent = text.parse::<f64>().ok();
                assert_eq!(sent, n.as_f64(), "`{name}`: `{text}` for {n}");
            }
            serde_json::Value::Number(n) => assert_eq!(text, &n.to_string()),
            nested => {
                let back = serde_json::from_str::<serde_json::Value>(text).ok();
                assert_eq!(back.as_ref(), Some(*nested), "`{name}` as JSON text");
            }
        }
    }
    let app_key = own.first();
    assert_eq!(
        app_key,
        Some(&("app_key".to_owned(), APP_KEY.to_owned())),
        "{pairs:?}"
    );
    let sign = own.get(1);
    let signed: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| k != "sign")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let secret = secrecy::SecretString::from(CANARY_SECRET);
    let expected_sign = okayapi_client::auth::request_signature(signed, &secret);
    assert_eq!(sign, Some(&("sign".to_owned(), expected_sign)), "{pairs:?}");
    // (Unless the caller passed the secret's text as a parameter value: libFuzzer learns it
    // from this very comparison.)
    assert!(
        crate::support::contains(data, CANARY_SECRET.as_bytes())
            || !crate::support::contains(&request.body, CANARY_SECRET.as_bytes()),
        "the secret went on the wire"
    );
}

/// Seeds: the request fixtures of OkayAPI (their parameters), and awkward values.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = crate::support::fixtures("okayapi", ".request.json");
    for extra in [
        r#"{"a":"中文 &=+%/?#","b":1,"c":true,"d":null,"e":[1,{"x":"y"}],"f":-1.5}"#,
        r#"{"":"empty name","k":""}"#,
        r#"{"sign":"x"}"#,
        r#"{"app_key":"x","v":1}"#,
        r#"{"n":18446744073709551615,"m":-9223372036854775808,"f":1e300}"#,
    ] {
        out.push(extra.as_bytes().to_vec());
    }
    out
}
