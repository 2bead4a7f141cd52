//! Who answers a request the fault server does not spoil: the vendor's sandbox (forwarding) or
//! canned answers per route.

use super::wire::{self, WireRequest, WireResponse};

/// The normal answer to a request, when no fault replaces it.
#[derive(Debug, Clone)]
pub enum Responder {
    /// Pass every request to the HTTP server at `addr` (`127.0.0.1:port`, e.g. a vendor
    /// sandbox) and relay its answer.
    Forward {
        /// `host:port`.
        addr: String,
        /// Text replaced in the forwarded request's query, header values and body (`from`,
        /// `to`): lets a test send a canary secret that the upstream knows under another value.
        replace: Vec<(String, String)>,
    },
    /// Answer from a table of `(method, path)` → response; anything else is a `404`.
    Canned(Vec<CannedRoute>),
}

/// One canned answer of [`Responder::Canned`].
#[derive(Debug, Clone)]
pub struct CannedRoute {
    /// The method (case-insensitive).
    pub method: String,
    /// The exact path.
    pub path: String,
    /// The answer.
    pub response: WireResponse,
}

impl Responder {
    /// Forwarding to the server whose base URL is `base_url` (`http://host:port`, any path
    /// ignored).
    pub fn forward_to(base_url: &str) -> Self {
        let authority = base_url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or_default();
        Self::Forward {
            addr: authority.to_owned(),
            replace: Vec::new(),
        }
    }

    /// Replaces `from` with `to` in every forwarded request's query, header values and body
    /// (ignored on a canned responder).
    #[must_use]
    pub fn replacing(mut self, from: &str, to: &str) -> Self {
        if let Self::Forward { replace, .. } = &mut self {
            replace.push((from.to_owned(), to.to_owned()));
        }
        self
    }

    /// No canned route yet (every request is a `404`).
    pub fn canned() -> Self {
        Self::Canned(Vec::new())
    }

    /// Adds a canned route (ignored on a forwarding responder).
    #[must_use]
    pub fn route(mut self, method: &str, path: &str, response: WireResponse) -> Self {
        if let Self::Canned(routes) = &mut self {
            routes.push(CannedRoute {
                method: method.to_ascii_uppercase(),
                path: path.to_owned(),
                response,
            });
        }
        self
    }

    /// The answer to `request`; an upstream failure is a `502` naming it.
    pub(crate) async fn respond(&self, request: &WireRequest) -> WireResponse {
        match self {
            Self::Forward { addr, replace } => {
                let mut request = request.clone();
                for (from, to) in replace {
                    request.target = request.target.replace(from.as_str(), to);
                    for (_, value) in &mut request.headers {
                        *value = value.replace(from.as_str(), to);
                    }
                    request.body = replace_bytes(&request.body, from.as_bytes(), to.as_bytes());
                }
                wire::forward(&request, addr).await.unwrap_or_else(|error| {
                    WireResponse::new(
                        502,
                        "text/plain",
                        format!("fault server: upstream: {error}"),
                    )
                })
            }
            Self::Canned(routes) => routes
                .iter()
                .find(|r| {
                    r.method.eq_ignore_ascii_case(&request.method) && r.path == request.path()
                })
                .map(|r| r.response.clone())
                .unwrap_or_else(|| {
                    WireResponse::new(
                        404,
                        "text/plain",
                        format!(
                            "fault server: no canned route for {} {}",
                            request.method,
                            request.path()
                        ),
                    )
                }),
        }
    }
}

/// `haystack` with every `from` replaced by `to`.
fn replace_bytes(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = wire::find(rest, from) {
        out.extend_from_slice(rest.get(..at).unwrap_or_default());
        out.extend_from_slice(to);
        rest = rest.get(at + from.len()..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    out
}
