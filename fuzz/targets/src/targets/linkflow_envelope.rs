//! `linkflow_envelope`: Linkflow's `interpret` hook (bare JSON bodies; `{domain, code, message}`
//! error bodies under any failure status), reached through `Client::transport().vendor()`.
//!
//! Invariants: a 2xx body is the payload byte for byte; any other status is an error that keeps
//! the status and the body, is an auth error exactly for 401/403, carries the body's `code` and
//! `message` when the body has them, and never shows a secret.

use std::sync::OnceLock;

use bytes::Bytes;
use client_core::transport::{RawResponse, Vendor};
use http::{HeaderMap, StatusCode};

use crate::support::{CANARY_SECRET, assert_no_canary, selector_of, split_selector, status_of};

const OPERATION: &str = "GET /open/contacts/{id}";

#[allow(clippy::expect_used)] // harness set-up: fixed, valid settings
fn client() -> &'static linkflow_client::Client {
    static CLIENT: OnceLock<linkflow_client::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        linkflow_client::Client::builder()
            .credentials("fuzz-key", CANARY_SECRET)
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("a Linkflow client")
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
    match result {
        Ok(payload) => {
            assert!(status.is_success(), "HTTP {status} gave a payload");
            assert_eq!(payload.bytes().as_ref(), body, "the payload is the body");
            let _ = payload.decode::<serde_json::Value>();
        }
        Err(error) => {
            assert!(!status.is_success(), "HTTP {status} failed: {error}");
            assert_eq!(error.status(), Some(status), "{error}");
            assert_eq!(error.body(), Some(body), "the error keeps the body");
            let auth = matches!(status.as_u16(), 401 | 403);
            assert_eq!(error.is_auth(), auth, "{status}: {error}");
            assert_eq!(error.is_api(), !auth, "{status}: {error}");
            // A JSON object whose `code` is a non-blank string keeps it, whatever else the
            // body holds: other members of any type, repeated members (the last value counts,
            // as `Value` reads it; F3 was a repeated `message` losing the code).
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body)
                && let Some(code) = value.get("code").and_then(|c| c.as_str())
                && !code.trim().is_empty()
            {
                assert!(error.vendor_code().is_some(), "code `{code}` kept: {error}");
            }
            assert_no_canary(&error, body);
        }
    }
}

/// Seeds: every response fixture under 200, and error bodies under each failure status.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = crate::support::fixtures("linkflow", ".response.json")
        .iter()
        .map(|body| crate::support::prefixed(&[0], body))
        .collect();
    let errors: [&[u8]; 4] = [
        br#"{"domain":"linkflow","code":"B00008","message":"token expired"}"#,
        br#"{"code":"A00001","message":"bad request"}"#,
        b"<html>bad gateway</html>",
        b"",
    ];
    for status in [400u16, 401, 403, 404, 412, 420, 500, 502] {
        for body in errors {
            out.push(crate::support::prefixed(&[selector_of(status)], body));
        }
    }
    out
}
