//! A route handler's answer ([`Reply`]): JSON, raw bytes, or the vendor's error body.

use bytes::Bytes;
use serde::Serialize;

/// A route handler's answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Bytes,
}

impl Reply {
    /// HTTP 200 with `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Self {
                status: 200,
                body: Bytes::from(body),
            },
            Err(e) => Self::error(500, "B99999", format!("sandbox: cannot serialise: {e}")),
        }
    }

    /// HTTP 200 with these exact JSON bytes (e.g. a fixture).
    pub fn raw(body: impl Into<Bytes>) -> Self {
        Self {
            status: 200,
            body: body.into(),
        }
    }

    /// HTTP 200 with an empty body.
    pub fn empty() -> Self {
        Self {
            status: 200,
            body: Bytes::new(),
        }
    }

    /// The vendor's error body `{domain, code, message}` under `status`.
    pub fn error(status: u16, code: &str, message: impl Into<String>) -> Self {
        let body = serde_json::json!({
            "domain": "linkflow",
            "code": code,
            "message": message.into(),
        });
        Self {
            status,
            body: Bytes::from(body.to_string()),
        }
    }
}
