//! `tanma_envelope`: Tanma's `{code, message, data}` envelope through its `interpret` hook
//! (`Client::transport().vendor()`).
//!
//! Invariants: a payload only for a 2xx status and `code` 0, and then it is exactly the JSON of
//! `data` (`null` when absent); a non-zero code is an API error carrying that code; every error
//! keeps the status and never shows a secret.

use std::sync::OnceLock;

use bytes::Bytes;
use client_core::transport::{RawResponse, Vendor};
use http::{HeaderMap, StatusCode};

use crate::support::{CANARY_SECRET, assert_no_canary, selector_of, split_selector, status_of};

const OPERATION: &str = "POST /open/clue/get";

#[allow(clippy::expect_used)] // harness set-up: fixed, valid settings
fn client() -> &'static clue_client::Client {
    static CLIENT: OnceLock<clue_client::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        clue_client::Client::builder()
            .credentials("fuzz-app", CANARY_SECRET)
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("a Tanma client")
    })
}

/// Runs the target on one input: a status selector byte, then the body.
pub fn run(data: &[u8]) {
    let Some((selector, body)) = split_selector(data) else {
        return;
    };
    let status = StatusCode::from_u16(status_of(selector)).unwrap_or(StatusCode::OK);
    let response = RawResponse {
        status,
        headers: HeaderMap::new(),
        body: Bytes::copy_from_slice(body),
    };
    let result = client().transport().vendor().interpret(OPERATION, response);
    let parsed = serde_json::from_slice::<serde_json::Value>(body).ok();
    match result {
        Ok(payload) => {
            assert!(status.is_success(), "HTTP {status} gave a payload");
            // serde skips unknown members without checking them, so a body that `Value`
            // refuses (invalid UTF-8 inside an ignored member) can still give a payload
            // (noted in reliability.md): nothing to compare with then.
            let Some(value) = parsed else {
                return;
            };
            let code = value.get("code");
            assert!(
                code.is_some_and(|c| c.as_i64() == Some(0)
                    || c.as_str()
                        .is_some_and(|s| s.trim().parse::<i64>().ok() == Some(0))),
                "payload under code {code:?}"
            );
            let data = value
                .get("data")
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            let got = serde_json::from_slice::<serde_json::Value>(payload.bytes()).ok();
            assert_eq!(got, Some(data), "the payload is `data`");
        }
        Err(error) => {
            // A decode error under 2xx carries no status (OkayAPI's does; noted, not a defect).
            if let Some(kept) = error.status() {
                assert_eq!(kept, status, "{error}");
            }
            if let Some(code) = parsed
                .as_ref()
                .and_then(|v| v.get("code"))
                .and_then(serde_json::Value::as_i64)
                .filter(|c| *c != 0)
            {
                assert!(error.is_api() || error.is_decode(), "{error}");
                if error.is_api() {
                    assert_eq!(
                        error.vendor_code().and_then(|c| c.as_number()),
                        Some(code),
                        "{error}"
                    );
                }
            }
            assert_no_canary(&error, body);
        }
    }
}

/// Seeds: every response fixture under 200, and error envelopes under each status.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = crate::support::fixtures("clue", ".response.json")
        .iter()
        .map(|body| crate::support::prefixed(&[0], body))
        .collect();
    let bodies: [&[u8]; 5] = [
        br#"{"code":500,"message":"sign error","data":null}"#,
        br#"{"code":"0","message":"ok","data":{"a":1}}"#,
        br#"{"code":0,"message":"ok"}"#,
        br#"{"message":"no code"}"#,
        b"<html></html>",
    ];
    for status in [200u16, 400, 401, 500] {
        for body in bodies {
            out.push(crate::support::prefixed(&[selector_of(status)], body));
        }
    }
    out
}
