//! What a sandbox handler sees of a request.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;

use super::SandboxResponse;

/// A request as a sandbox handler sees it: method, path, route parameters, query, headers and
/// the body bytes exactly as received.
pub struct SandboxRequest {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) raw_query: Option<String>,
    pub(super) query: Vec<(String, String)>,
    pub(super) params: Vec<(String, String)>,
    pub(super) route: Option<String>,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

impl SandboxRequest {
    pub(super) fn new(
        method: Method,
        path: String,
        raw_query: Option<String>,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let query = raw_query
            .as_deref()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Self {
            method,
            path,
            raw_query,
            query,
            params: Vec::new(),
            route: None,
            headers,
            body,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, as sent (not percent-decoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The pattern of the route that matched (e.g. `/open/groups/{groupId}/contacts`).
    pub fn route(&self) -> Option<&str> {
        self.route.as_deref()
    }

    /// A route parameter (`{name}` in the pattern), as sent (not percent-decoded).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// All route parameters, in pattern order.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The first value of query parameter `name`, decoded.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// All query parameters, decoded, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The query string as sent, without `?`.
    pub fn raw_query(&self) -> Option<&str> {
        self.raw_query.as_deref()
    }

    /// A header's value, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body bytes exactly as received (for signatures over the exact bytes).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as UTF-8 text, if it is.
    pub fn body_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    /// The body decoded as JSON; a body that does not decode becomes a readable `400` response
    /// for the handler to return (`let body: T = match request.json() { Ok(b) => b, Err(r) => return r };`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, SandboxResponse> {
        serde_json::from_slice(&self.body).map_err(|e| {
            SandboxResponse::text(
                400,
                format!("sandbox: the request body is not the expected JSON: {e}"),
            )
        })
    }

    /// The body decoded as `application/x-www-form-urlencoded` pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    /// The first value of form field `name` in the body, or of query parameter `name` (vendors
    /// that accept either, like Wukong's `access_token`).
    pub fn field(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(&self.body)
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.into_owned())
            .or_else(|| self.query(name).map(str::to_owned))
    }

    /// `METHOD path?query`, as shown in the 404 text.
    pub fn describe(&self) -> String {
        match &self.raw_query {
            Some(q) => format!("{} {}?{q}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

impl fmt::Debug for SandboxRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("route", &self.route)
            .field("params", &self.params)
            .field("query", &self.raw_query)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}
