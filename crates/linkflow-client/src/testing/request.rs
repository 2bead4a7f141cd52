//! One request as a route handler sees it ([`SandboxRequest`]).

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;

use super::Reply;

/// One request as a route handler sees it.
#[derive(Debug)]
pub struct SandboxRequest {
    /// The method.
    pub method: Method,
    /// The path (no query).
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// The path parameters matched by the route template (`{id}` → value).
    pub params: Vec<(&'static str, String)>,
}

impl SandboxRequest {
    /// A query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A path parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header, as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON, or the vendor's "invalid parameter" answer (HTTP 500 `B00010`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Reply> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Reply::error(500, "B00010", format!("参数不合法: {e}")))
    }

    /// A numeric path parameter, or `B00010`.
    pub fn param_i64(&self, name: &str) -> Result<i64, Reply> {
        self.param(name)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| Reply::error(500, "B00010", format!("参数不合法: {name}")))
    }

    /// An optional numeric query parameter, or `B00010` when it is not a number.
    pub fn query_i64(&self, name: &str) -> Result<Option<i64>, Reply> {
        match self.query(name) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| Reply::error(500, "B00010", format!("参数不合法: {name}"))),
        }
    }
}
