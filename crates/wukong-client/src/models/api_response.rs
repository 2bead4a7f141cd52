//! [`ApiResponse`]: a decoded Wukong response with its raw JSON.

use std::fmt;

use bytes::Bytes;
use client_core::code::VendorCode;

/// A decoded Wukong response: the tolerant envelope (`code`/`errcode`, `msg`/`errmsg`/`message`),
/// the typed `data`, and the raw JSON body it all came from.
///
/// The response shapes are not documented (`~~返回结果示例~~` in every section of `wukong.md`):
/// when the typed view misses something, [`ApiResponse::raw_json`] has the exact bytes.
#[derive(Clone)]
pub struct ApiResponse<T> {
    code: Option<VendorCode>,
    message: Option<String>,
    data: T,
    raw: Bytes,
}

impl<T> ApiResponse<T> {
    pub(crate) fn new(
        code: Option<VendorCode>,
        message: Option<String>,
        data: T,
        raw: Bytes,
    ) -> Self {
        Self {
            code,
            message,
            data,
            raw,
        }
    }

    /// The envelope's success code (`code` or `errcode`), when the server sent one.
    pub fn code(&self) -> Option<&VendorCode> {
        self.code.as_ref()
    }

    /// The envelope's message (`msg`, `errmsg` or `message`), when the server sent one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The typed data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// Takes the typed data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The whole response body, exactly as received.
    pub fn raw_json(&self) -> &str {
        // The body was parsed as JSON before this response was built, so it is UTF-8.
        std::str::from_utf8(&self.raw).unwrap_or_default()
    }

    /// The whole response body parsed as a JSON value.
    pub fn raw_value(&self) -> serde_json::Value {
        serde_json::from_slice(&self.raw).unwrap_or(serde_json::Value::Null)
    }
}

impl<T: fmt::Debug> fmt::Debug for ApiResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("data", &self.data)
            .field("raw_len", &self.raw.len())
            .finish()
    }
}
