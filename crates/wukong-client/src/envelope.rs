//! The tolerant response envelope: `code`/`errcode`, `msg`/`errmsg`/`message`, `data`.
//!
//! Wukong documents no response. The client accepts any of these shapes:
//!
//! * `{"code": 0, "msg": "ok", "data": …}` (and `errcode`/`errmsg`/`message` spellings);
//! * `{"errcode": 40001, "errmsg": "invalid credential"}` (WeChat style, no data);
//! * `{"access_token": …, "expires_in": 7200}` (bare body: the whole body is the data);
//! * `{"error": "invalid_grant", "error_description": …}` (OAuth 2.0 style errors).
//!
//! Success is an absent (or null) code, or `0`, `200`, `ok`, `success`. Anything else is an
//! [`Error::api`] carrying the code, the vendor's message and the body — even under HTTP 200.

use std::collections::HashMap;

use bytes::Bytes;
use client_core::Error;
use client_core::code::VendorCode;
use client_core::transport::{Payload, RawResponse};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::codes::{WUKONG, is_success_code};
use crate::models::ApiResponse;

const CODE_KEYS: &[&str] = &["code", "errcode", "err_code", "error_code"];
const MESSAGE_KEYS: &[&str] = &["msg", "errmsg", "message", "err_msg", "error_description"];

/// The envelope members of one body, borrowed from it.
pub(crate) struct Envelope<'a> {
    pub code: Option<VendorCode>,
    pub message: Option<String>,
    pub data: Option<&'a RawValue>,
}

impl<'a> Envelope<'a> {
    /// Reads the envelope of a JSON object body; `None` when the body is not a JSON object.
    pub fn parse(body: &'a [u8]) -> Option<Self> {
        let members: HashMap<String, &'a RawValue> = serde_json::from_slice(body).ok()?;
        let code = CODE_KEYS
            .iter()
            .find_map(|k| members.get(*k).and_then(|v| code_of(v)))
            .or_else(|| {
                // OAuth 2.0 error bodies: `{"error": "invalid_grant", …}`.
                members
                    .get("error")
                    .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
                    .filter(|s| !s.is_empty())
                    .map(|s| VendorCode::new(&s))
            });
        let message = MESSAGE_KEYS.iter().find_map(|k| {
            members
                .get(*k)
                .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
                .filter(|s| !s.is_empty())
        });
        let data = members.get("data").copied().filter(|v| v.get() != "null");
        Some(Self {
            code,
            message,
            data,
        })
    }

    /// Whether the code means success (no code at all counts as success).
    pub fn is_success(&self) -> bool {
        self.code.as_ref().is_none_or(is_success_code)
    }
}

/// A code from a JSON number or string; `null`, booleans and empty strings are no code.
fn code_of(value: &RawValue) -> Option<VendorCode> {
    match serde_json::from_str::<serde_json::Value>(value.get()).ok()? {
        serde_json::Value::Number(n) => Some(VendorCode::new(&n.to_string())),
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(VendorCode::new(&s)),
        _ => None,
    }
}

/// The `interpret` hook: a non-success code (under any status) or a non-2xx status is an error;
/// otherwise the whole body is the payload (decoded later by [`decode`], which keeps it raw).
pub(crate) fn interpret(operation: &'static str, response: RawResponse) -> Result<Payload, Error> {
    let envelope = Envelope::parse(&response.body);
    if let Some(env) = &envelope
        && !env.is_success()
    {
        let mut error = Error::api(Some(response.status), "Wukong answered with an error code");
        if let Some(code) = &env.code {
            error = error.with_code(code.clone(), WUKONG.lookup(code, Some(operation)));
        }
        if let Some(message) = &env.message {
            error = error.with_vendor_message(message.clone());
        }
        return Err(error.with_body(response.body.clone()));
    }
    if !response.status.is_success() {
        let mut error = response.status_error();
        if let Some(message) = envelope.and_then(|e| e.message) {
            error = error.with_vendor_message(message);
        }
        return Err(error);
    }
    Ok(Payload::new(response.body))
}

/// Decodes a successful body: the envelope, then `data` (or the whole body when there is no
/// `data` member) as `T`. The body must be JSON.
pub(crate) fn decode<T: DeserializeOwned>(payload: Payload) -> Result<ApiResponse<T>, Error> {
    let body: Bytes = payload.bytes().clone();
    if serde_json::from_slice::<&RawValue>(&body).is_err() {
        // Surfaces as a decode error carrying the body.
        let error = serde_json::from_slice::<serde_json::Value>(&body)
            .err()
            .map(|e| Error::decode("", e, &body))
            .unwrap_or_else(|| Error::decode("", "the body is not JSON", &body));
        return Err(error);
    }
    let (code, message, data_payload) = match Envelope::parse(&body) {
        Some(env) => {
            let data = match env.data {
                Some(raw) => Payload::slice_of(&body, raw.get()),
                None => Payload::new(body.clone()),
            };
            (env.code, env.message, data)
        }
        None => (None, None, Payload::new(body.clone())),
    };
    let data: T = data_payload.decode()?;
    Ok(ApiResponse::new(code, message, data, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, StatusCode};

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    #[test]
    fn spellings_of_code_and_message() {
        for body in [
            r#"{"code":40001,"msg":"invalid credential"}"#,
            r#"{"errcode":"40001","errmsg":"invalid credential"}"#,
            r#"{"code":"40001","message":"invalid credential","data":null}"#,
        ] {
            let e = interpret("POST /openv1/list", raw(200, body)).unwrap_err();
            assert!(e.is_api(), "{body}");
            assert_eq!(e.vendor_code().map(VendorCode::as_str), Some("40001"));
            assert_eq!(e.vendor_message(), Some("invalid credential"));
            assert_eq!(e.body(), Some(body.as_bytes()));
            assert!(e.code_entry().is_some());
        }
    }

    #[test]
    fn success_shapes() {
        for body in [
            r#"{"code":0,"data":[1]}"#,
            r#"{"errcode":"200","data":[1]}"#,
            r#"{"code":"ok","data":[1]}"#,
            r#"[1]"#,
        ] {
            let p = interpret("POST /openv1/list", raw(200, body)).unwrap();
            let r: ApiResponse<Vec<u8>> = decode(p).unwrap();
            assert_eq!(r.data(), &vec![1], "{body}");
            assert_eq!(r.raw_json(), body);
        }
    }

    #[test]
    fn oauth_error_and_bare_body() {
        let e = interpret(
            "POST /oauth/token",
            raw(
                400,
                r#"{"error":"invalid_grant","error_description":"expired"}"#,
            ),
        )
        .unwrap_err();
        assert_eq!(
            e.vendor_code().map(VendorCode::as_str),
            Some("INVALID_GRANT")
        );
        assert_eq!(e.status(), Some(StatusCode::BAD_REQUEST));
        let p = interpret(
            "POST /oauth/token",
            raw(200, r#"{"access_token":"a","expires_in":7200}"#),
        )
        .unwrap();
        let v: ApiResponse<serde_json::Value> = decode(p).unwrap();
        assert_eq!(v.data()["expires_in"], 7200);
    }

    #[test]
    fn non_json_and_http_errors() {
        let e = interpret("POST /openv1/list", raw(502, "<html>bad gateway</html>")).unwrap_err();
        assert_eq!(e.status(), Some(StatusCode::BAD_GATEWAY));
        let p = interpret("POST /openv1/list", raw(200, "")).unwrap();
        assert!(decode::<serde_json::Value>(p).unwrap_err().is_decode());
    }
}
