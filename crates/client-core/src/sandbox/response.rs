//! What a sandbox handler answers.

use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};
use serde::Serialize;

const JSON: &str = "application/json; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// A response computed by a sandbox handler: status, headers, body, and an optional delay.
///
/// Builders never panic: an invalid status or header turns the response into a `500` whose text
/// says what was wrong, so the test fails readably.
///
/// Small to move (one box), so `Result<(), SandboxResponse>` stays cheap in credential hooks.
#[derive(Debug, Clone)]
pub struct SandboxResponse {
    pub(super) parts: Box<Parts>,
}

#[derive(Debug, Clone)]
pub(super) struct Parts {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) delay: Duration,
}

impl SandboxResponse {
    /// An empty response with `status`.
    pub fn status(status: u16) -> Self {
        match StatusCode::from_u16(status) {
            Ok(status) => Self::from_parts(status, HeaderMap::new(), Bytes::new()),
            Err(_) => Self::invalid(format!("sandbox handler returned invalid status {status}")),
        }
    }

    /// JSON text as given (an embedded fixture, or text the handler built), with `status`.
    pub fn json_text(status: u16, json: impl Into<Bytes>) -> Self {
        Self::status(status).body(JSON, json.into())
    }

    /// `value` serialised as JSON, with `status`.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => Self::json_text(status, bytes),
            Err(e) => Self::invalid(format!("sandbox handler's JSON did not serialise: {e}")),
        }
    }

    /// Plain text with `status`.
    pub fn text(status: u16, text: impl Into<String>) -> Self {
        Self::status(status).body(TEXT, Bytes::from(text.into()))
    }

    /// Raw bytes with `status` and `content_type`.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        Self::status(status).body(content_type, body.into())
    }

    /// Adds (appends) a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if self.is_invalid() {
            return self;
        }
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => {
                self.parts.headers.append(name, value);
                self
            }
            _ => Self::invalid(format!("sandbox handler set an invalid header `{name}`")),
        }
    }

    /// Waits `delay` before answering (to exercise client timeouts). Only the connection being
    /// answered waits.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.parts.delay = delay;
        self
    }

    /// The status code.
    pub fn status_code(&self) -> StatusCode {
        self.parts.status
    }

    /// The body bytes.
    pub fn body_bytes(&self) -> &Bytes {
        &self.parts.body
    }

    fn body(mut self, content_type: &str, body: Bytes) -> Self {
        if self.is_invalid() {
            return self;
        }
        match HeaderValue::try_from(content_type) {
            Ok(value) => {
                self.parts.headers.insert(CONTENT_TYPE, value);
                self.parts.body = body;
                self
            }
            Err(_) => Self::invalid(format!(
                "sandbox handler set an invalid content type `{content_type}`"
            )),
        }
    }

    fn from_parts(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            parts: Box::new(Parts {
                status,
                headers,
                body,
                delay: Duration::ZERO,
            }),
        }
    }

    fn invalid(message: String) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(TEXT));
        headers.insert(INVALID, HeaderValue::from_static("1"));
        Self::from_parts(
            StatusCode::INTERNAL_SERVER_ERROR,
            headers,
            Bytes::from(message),
        )
    }

    fn is_invalid(&self) -> bool {
        self.parts.headers.contains_key(INVALID)
    }
}

/// Marks a response that replaced an invalid one, so later builder calls keep its message.
const INVALID: HeaderName = HeaderName::from_static("x-sandbox-invalid-response");
