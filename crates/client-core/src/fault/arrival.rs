//! The server's log: every request that arrived, on which origin, and what was done with it.

/// Which of the server's two origins a request reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The server the client was configured with.
    Main,
    /// The other origin redirects point to; nothing should ever arrive here with a credential.
    Other,
}

/// One request as it arrived.
#[derive(Clone, PartialEq, Eq)]
pub struct Arrival {
    /// Which origin it reached.
    pub origin: Origin,
    /// 1-based position among all requests the server received (both origins).
    pub seq: u64,
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query, if any (raw, still percent-encoded).
    pub query: Option<String>,
    /// Header names (lower-case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, with any chunked framing removed.
    pub body: Vec<u8>,
    /// The name of the fault applied to it, if any.
    pub fault: Option<&'static str>,
    /// Whether it was passed to the normal responder (for a write: applied).
    pub forwarded: bool,
}

impl Arrival {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether `needle` occurs anywhere in what arrived: path, query, header names and values,
    /// body (also once percent-decoded, so a form-encoded secret is found).
    pub fn contains(&self, needle: &str) -> bool {
        let decoded = |text: &[u8]| -> String {
            url::form_urlencoded::parse(text)
                .map(|(k, v)| format!("{k}={v}&"))
                .collect()
        };
        self.path.contains(needle)
            || self.query.as_deref().is_some_and(|q| q.contains(needle))
            || self
                .query
                .as_deref()
                .is_some_and(|q| decoded(q.as_bytes()).contains(needle))
            || self
                .headers
                .iter()
                .any(|(n, v)| n.contains(needle) || v.contains(needle))
            || super::wire::find(&self.body, needle.as_bytes()).is_some()
            || decoded(&self.body).contains(needle)
    }

    /// The names of the query parameters, form fields and headers it carried (lower-case).
    pub fn parameter_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.headers.iter().map(|(n, _)| n.clone()).collect();
        if let Some(query) = &self.query {
            names.extend(
                url::form_urlencoded::parse(query.as_bytes()).map(|(k, _)| k.to_lowercase()),
            );
        }
        if self
            .header("content-type")
            .is_some_and(|t| t.contains("x-www-form-urlencoded"))
        {
            names.extend(url::form_urlencoded::parse(&self.body).map(|(k, _)| k.to_lowercase()));
        }
        if let Ok(serde_json::Value::Object(members)) =
            serde_json::from_slice::<serde_json::Value>(&self.body)
        {
            names.extend(members.keys().map(|k| k.to_lowercase()));
        }
        names
    }
}

/// Prints method, path and origin only: an arrival holds credentials in clear.
impl std::fmt::Debug for Arrival {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arrival")
            .field("origin", &self.origin)
            .field("seq", &self.seq)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("fault", &self.fault)
            .field("forwarded", &self.forwarded)
            .finish_non_exhaustive()
    }
}
