//! `okayapi_envelope`: OkayAPI's `{ret, data, msg, _t, _auth}` envelope and `_auth` check as a
//! client call sees them (`call_raw` against a loopback server; the hook has no public seam).
//!
//! Invariants: a result only when the body is an object with `ret` 200, and then it is exactly
//! the JSON of `data`; when the body has a non-empty `_auth`, a result means `_auth` equals
//! md5(data text + `_t` + secret) (computed here independently); one request per call; no error
//! shows the secret.

use crate::support::{assert_no_canary, runtime, selector_of, split_selector, status_of};
use crate::targets::okayapi_harness::{expected_auth, if_present};

/// Runs the target on one input: a status selector byte, then the body.
pub fn run(data: &[u8]) {
    let Some((selector, body)) = split_selector(data) else {
        return;
    };
    let status = status_of(selector);
    let h = if_present();
    h.server.reply(status, body);
    let result = runtime().block_on(h.client.call_raw("AFuzz", ()));
    assert_eq!(h.server.received().len(), 1, "one request per call");
    match result {
        Ok(raw) => {
            // `serde_json::Value` refuses what the client's envelope scanner lets through in
            // places it does not use (a lone surrogate escape in `data`, invalid UTF-8 in an
            // unknown member's name): nothing to compare with then (noted in reliability.md).
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
                return;
            };
            let ret = value.get("ret");
            assert!(
                ret.is_some_and(
                    |r| r.as_i64() == Some(200) || r.as_str().is_some_and(|s| s.trim() == "200")
                ),
                "a result under ret {ret:?}"
            );
            let data = value
                .get("data")
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            let got: Option<serde_json::Value> = serde_json::from_str(raw.as_str()).ok();
            assert_eq!(got, Some(data), "the result is `data`");
            if let Some(auth) = value
                .get("_auth")
                .and_then(|a| a.as_str())
                .filter(|a| !a.is_empty())
            {
                let t = value.get("_t").map(|t| match t {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                let t = t.unwrap_or_default();
                let expected = expected_auth(raw.as_str().as_bytes(), t.as_bytes());
                assert!(
                    expected.eq_ignore_ascii_case(auth),
                    "accepted `_auth` {auth} but md5(data + _t + secret) is {expected}"
                );
            }
        }
        Err(error) => assert_no_canary(&error, body),
    }
}

/// Seeds: every OkayAPI response fixture (unsigned, and signed correctly) and error envelopes.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for body in crate::support::fixtures("okayapi", ".response.json") {
        out.push(crate::support::prefixed(&[0], &body));
        if let Ok(serde_json::Value::Object(mut map)) = serde_json::from_slice(&body) {
            let data = map
                .get("data")
                .map(|d| d.to_string())
                .unwrap_or_else(|| "null".into());
            map.insert("_t".into(), "1735689600".into());
            map.insert(
                "_auth".into(),
                expected_auth(data.as_bytes(), b"1735689600").into(),
            );
            let signed = serde_json::Value::Object(map).to_string();
            out.push(crate::support::prefixed(&[0], signed.as_bytes()));
        }
    }
    let errors: [&[u8]; 5] = [
        br#"{"ret":400,"data":{},"msg":"sign error"}"#,
        br#"{"ret":"200","data":[1],"msg":""}"#,
        br#"{"ret":200,"data":{"a":1},"msg":"","_t":"1","_auth":"00"}"#,
        br#"{"data":{}}"#,
        b"<html>502</html>",
    ];
    for status in [200u16, 500, 502] {
        for body in errors {
            out.push(crate::support::prefixed(&[selector_of(status)], body));
        }
    }
    out
}
