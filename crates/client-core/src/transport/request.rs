//! What a vendor crate hands to the transport: one operation, described without I/O.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures::future::BoxFuture;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::redact;
use crate::retry::RetryPolicy;

/// Builds a multipart form for one attempt.
pub type MultipartFactory =
    Arc<dyn Fn() -> BoxFuture<'static, Result<reqwest::multipart::Form>> + Send + Sync>;

/// A request body, kept in a form that can be replayed (except [`Body::multipart_once`]).
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// JSON, already serialised: these exact bytes are sent (and signed, where a vendor signs).
    Json(Bytes),
    /// `application/x-www-form-urlencoded` parameters, encoded at send time.
    Form(Vec<(String, String)>),
    /// Raw bytes with a content type.
    Raw {
        /// The `Content-Type` header value.
        content_type: HeaderValue,
        /// The bytes.
        bytes: Bytes,
    },
    /// `multipart/form-data`, rebuilt by the factory for every attempt.
    Multipart {
        /// Builds the form.
        factory: MultipartFactory,
        /// Whether the factory can build the form more than once.
        replayable: bool,
    },
}

impl Body {
    /// Serialises `value` as JSON now. A value that cannot be serialised is the caller's error.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self> {
        serde_json::to_vec(value)
            .map(|v| Body::Json(Bytes::from(v)))
            .map_err(|e| Error::invalid_input("body", format!("cannot be serialised as JSON: {e}")))
    }

    /// A multipart form that can be rebuilt for every attempt (e.g. from a file path).
    pub fn multipart<F>(factory: F) -> Self
    where
        F: Fn() -> BoxFuture<'static, Result<reqwest::multipart::Form>> + Send + Sync + 'static,
    {
        Body::Multipart {
            factory: Arc::new(factory),
            replayable: true,
        }
    }

    /// A multipart form that can be sent only once (e.g. from a reader). Never retried.
    pub fn multipart_once(form: reqwest::multipart::Form) -> Self {
        let slot = Arc::new(Mutex::new(Some(form)));
        let factory: MultipartFactory = Arc::new(move || {
            let taken = slot.lock().ok().and_then(|mut s| s.take());
            Box::pin(async move {
                taken.ok_or_else(|| {
                    Error::invalid_input("body", "a one-shot multipart body was already sent")
                })
            })
        });
        Body::Multipart {
            factory,
            replayable: false,
        }
    }

    /// Whether the body can be sent more than once.
    pub fn is_replayable(&self) -> bool {
        match self {
            Body::Multipart { replayable, .. } => *replayable,
            _ => true,
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies may hold personal data and credentials: show only their shape.
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Json(b) => write!(f, "Json({} bytes)", b.len()),
            Body::Form(p) => write!(f, "Form({} fields)", p.len()),
            Body::Raw { bytes, .. } => write!(f, "Raw({} bytes)", bytes.len()),
            Body::Multipart { replayable, .. } => write!(f, "Multipart(replayable: {replayable})"),
        }
    }
}

/// Per-request overrides of the client's defaults.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// The whole-operation timeout for this request (all attempts and waits).
    pub timeout: Option<Duration>,
    /// The retry policy for this request.
    pub retry: Option<RetryPolicy>,
    /// The most bytes of the response body read for this request.
    pub max_response_bytes: Option<u64>,
}

impl RequestOptions {
    /// Overrides the whole-operation timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the retry policy (e.g. [`RetryPolicy::none`] to turn retries off).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Overrides the cap on the response body's size (e.g. for a large export).
    pub fn with_max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = Some(max);
        self
    }
}

/// One operation: method, path, query, headers, body, and whether it is safe to repeat.
///
/// `operation` is the documented route, `"METHOD /path/{template}"`: it names the operation in
/// logs, errors and the code catalogue without leaking ids or parameters.
///
/// Its `Debug` output redacts secret query values and sensitive headers, and shows only the
/// shape of the body.
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) operation: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) safe_to_repeat: bool,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) options: RequestOptions,
    pub(crate) single_use: bool,
    pub(crate) secret_response: bool,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("operation", &self.operation)
            .field("path", &self.path)
            .field(
                "query",
                &redact::query_for_log(self.query.iter().map(|(k, v)| (k.as_ref(), v.as_str()))),
            )
            .field("headers", &redact::headers_for_debug(&self.headers))
            .field("body", &self.body)
            .field("safe_to_repeat", &self.safe_to_repeat)
            .field("idempotency_key", &self.idempotency_key)
            .field("options", &self.options)
            .field("single_use", &self.single_use)
            .field("secret_response", &self.secret_response)
            .finish()
    }
}

impl Request {
    /// A request for `operation` (`"METHOD /path/{template}"`) at the concrete `path`.
    ///
    /// GET, HEAD, PUT, DELETE and OPTIONS start as safe to repeat; POST and PATCH do not —
    /// declare reads over POST with [`Request::safe_to_repeat`].
    pub fn new(method: Method, operation: &'static str, path: impl Into<String>) -> Self {
        let safe = method.is_idempotent();
        Self {
            method,
            operation,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            safe_to_repeat: safe,
            idempotency_key: None,
            options: RequestOptions::default(),
            single_use: false,
            secret_response: false,
        }
    }

    /// A GET.
    pub fn get(operation: &'static str, path: impl Into<String>) -> Self {
        Self::new(Method::GET, operation, path)
    }

    /// A POST.
    pub fn post(operation: &'static str, path: impl Into<String>) -> Self {
        Self::new(Method::POST, operation, path)
    }

    /// A DELETE.
    pub fn delete(operation: &'static str, path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, operation, path)
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: impl Into<Cow<'static, str>>, value: impl ToString) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Adds a query parameter when `value` is `Some`.
    pub fn query_opt(
        self,
        name: impl Into<Cow<'static, str>>,
        value: Option<impl ToString>,
    ) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// Sets a JSON body, serialised now.
    pub fn json<T: Serialize + ?Sized>(self, value: &T) -> Result<Self> {
        Ok(self.body(Body::json(value)?))
    }

    /// Sets a form body.
    pub fn form<K: Into<String>, V: Into<String>>(
        self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.body(Body::Form(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        ))
    }

    /// Declares whether the operation is safe to repeat (reads are, even over POST).
    pub fn safe_to_repeat(mut self, safe: bool) -> Self {
        self.safe_to_repeat = safe;
        self
    }

    /// Records the idempotency key a write carries (it must stay the same on every attempt,
    /// which it does: the request is built once). Marks the request safe to repeat.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self.safe_to_repeat = true;
        self
    }

    /// Declares that the request spends a single-use credential (a refresh token that rotates,
    /// an authorization code): once an attempt may have reached the server it is never sent
    /// again, whatever the answer (429 and 503 included). A connection that failed is retried.
    pub fn spends_single_use_credential(mut self) -> Self {
        self.single_use = true;
        self
    }

    /// Declares that the response carries credentials (a token endpoint): no error of this
    /// request keeps the response body, so a token whose response format changed never reaches
    /// an error, a log line or the caller. The vendor's message from an error envelope is kept.
    pub fn secret_response(mut self) -> Self {
        self.secret_response = true;
        self
    }

    /// Applies per-request overrides.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The operation (`"METHOD /path/{template}"`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The concrete path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }

    /// The body.
    pub fn body_ref(&self) -> &Body {
        &self.body
    }

    /// Whether the operation is safe to repeat.
    pub fn is_safe_to_repeat(&self) -> bool {
        self.safe_to_repeat
    }

    /// The per-request overrides.
    pub fn request_options(&self) -> &RequestOptions {
        &self.options
    }
}
