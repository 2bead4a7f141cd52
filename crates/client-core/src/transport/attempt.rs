//! One attempt: take a slot, authorize, send, read the body up to its cap, see redirects, and
//! let the vendor interpret the answer.

use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use http::HeaderValue;
use tracing::Instrument as _;
use url::Url;

use super::metrics;
use super::retry_loop::Progress;
use super::{AttemptFields, Body, OutgoingRequest, Payload, RawResponse, Transport, Vendor};
use crate::error::{Error, Result};
use crate::redact;
use crate::retry;

/// Response headers that carry a request id, in the order they are looked for.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-trace-id", "request-id", "x-b3-traceid"];

/// Where an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// Before sending: building the URL or the body. Nothing was sent.
    Prepare,
    /// The vendor's `authorize` could not obtain or apply credentials. Nothing was sent; a token
    /// fetch behind it has already made its own attempts.
    Authorize,
    /// Sending or reading the answer.
    Exchange,
}

/// A failed attempt.
pub(super) struct Failure {
    pub(super) error: Error,
    pub(super) stage: Stage,
    /// Whether the request may have reached the server.
    pub(super) reached: bool,
}

impl Failure {
    fn before_sending(error: Error, stage: Stage) -> Self {
        Self {
            error,
            stage,
            reached: false,
        }
    }

    fn exchanged(error: Error, reached: bool) -> Self {
        Self {
            error,
            stage: Stage::Exchange,
            reached,
        }
    }
}

impl<V: Vendor> Transport<V> {
    /// Runs one attempt of `out`, reading at most `max_bytes` of the body.
    pub(super) async fn attempt(
        &self,
        out: &mut OutgoingRequest,
        max_bytes: u64,
        progress: &Progress,
    ) -> std::result::Result<Payload, Failure> {
        let inner = &*self.inner;
        // Wait for a slot (and the rate limit) first, then authorize: the token or signature is
        // taken right before sending, not before a wait behind the cap. Otherwise every request
        // queued behind the cap when the token expires goes out stale and is rejected (10,000
        // calls, token expiring halfway: ~4,900 rejected requests before, at most the cap
        // after; `cargo xtask bench`, scenario 2). A vendor whose `authorize` sends requests
        // (a token fetch) must send them through another transport, as Linkflow and Wukong do,
        // or it could wait on the slots its own callers hold.
        let _permit = match &inner.semaphore {
            Some(sem) => sem.acquire().await.ok(),
            None => None,
        };
        #[cfg(feature = "rate-limit")]
        if let Some(rate) = &inner.rate {
            rate.until_ready().await;
        }
        inner
            .vendor
            .authorize(out)
            .await
            .map_err(|e| Failure::before_sending(e, Stage::Authorize))?;
        if inner.base.scheme() == "http" && !inner.warned_plain_http.swap(true, Ordering::Relaxed) {
            inner.events.plain_http(&inner.base_str);
        }

        let url = self
            .url_for(out)
            .map_err(|e| Failure::before_sending(e, Stage::Prepare))?;
        let builder = self
            .request_builder(out, url.clone())
            .await
            .map_err(|e| Failure::before_sending(e, Stage::Prepare))?;

        let pairs = || out.query.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let span = inner.events.attempt_span(AttemptFields {
            vendor: inner.vendor.name(),
            operation: out.operation,
            method: out.method.as_str(),
            attempt: out.attempt,
            query: &redact::query_for_debug_log(pairs()),
        });
        if inner.log_personal_data {
            span.in_scope(|| {
                inner
                    .events
                    .request_details(&out.path, &redact::query_for_log(pairs()))
            });
        }
        let started = Instant::now();
        // From here the request may reach the server.
        progress.sent();
        let exchanged = self
            .exchange(builder, &url, out.operation, max_bytes)
            .instrument(span.clone())
            .await;
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("latency_ms", latency);
        let raw = match exchanged {
            Ok(raw) => {
                metrics::attempt_finished(inner.vendor.name(), out.operation, started.elapsed());
                raw
            }
            Err(e) => {
                let reached = !e.is_connect();
                if reached {
                    metrics::attempt_finished(
                        inner.vendor.name(),
                        out.operation,
                        started.elapsed(),
                    );
                } else {
                    progress.never_arrived();
                }
                span.in_scope(|| inner.events.attempt_failed(&e));
                return Err(Failure::exchanged(e, reached));
            }
        };
        span.record("status", raw.status.as_u16());
        span.in_scope(|| inner.events.response_received());

        let status = raw.status;
        let retry_after = retry::parse_retry_after(&raw.headers, SystemTime::now());
        let request_id = REQUEST_ID_HEADERS.iter().find_map(|h| {
            raw.headers
                .get(*h)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        });
        let interpreted = if status.is_redirection() {
            match inner.vendor.interpret_redirect(out.operation, &raw) {
                Some(result) => result,
                None => Err(Error::redirect(
                    status,
                    location_host(&raw, &url).as_deref(),
                )),
            }
        } else {
            inner.vendor.interpret(out.operation, raw)
        };
        interpreted.map_err(|mut e| {
            e = e.or_status(status);
            if let Some(after) = retry_after {
                e = e.with_retry_after(after);
            }
            if let (Some(id), None) = (request_id, e.request_id()) {
                e = e.with_request_id(id);
            }
            Failure::exchanged(e, true)
        })
    }

    /// Sends the request and reads the answer, the body up to `max_bytes`.
    async fn exchange(
        &self,
        builder: reqwest::RequestBuilder,
        url: &Url,
        operation: &'static str,
        max_bytes: u64,
    ) -> Result<RawResponse> {
        let response = builder.send().await.map_err(map_reqwest_error)?;
        if response.url().origin() != url.origin() || response.url().path() != url.path() {
            // A caller's client followed a redirect: the credentials have already left.
            return Err(
                Error::redirect_followed(response.url().host_str()).with_operation(operation)
            );
        }
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_body(response, max_bytes).await?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// A reqwest request for this attempt: method, URL, headers, body, attempt timeout.
    async fn request_builder(
        &self,
        out: &mut OutgoingRequest,
        url: Url,
    ) -> Result<reqwest::RequestBuilder> {
        let inner = &*self.inner;
        let mut builder = inner.http.request(out.method.clone(), url);
        let mut headers = std::mem::take(&mut out.headers);
        headers.insert(http::header::USER_AGENT, inner.user_agent.clone());
        headers
            .entry(http::header::ACCEPT)
            .or_insert(HeaderValue::from_static("application/json"));
        if let Some(t) = inner.attempt_timeout {
            builder = builder.timeout(t);
        }
        builder = match &out.body {
            Body::Empty => builder,
            Body::Json(bytes) => {
                headers.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                builder.body(bytes.clone())
            }
            Body::Form(pairs) => builder.form(pairs),
            Body::Raw {
                content_type,
                bytes,
            } => {
                headers.insert(http::header::CONTENT_TYPE, content_type.clone());
                builder.body(bytes.clone())
            }
            Body::Multipart { factory, .. } => builder.multipart(factory().await?),
        };
        Ok(builder.headers(headers))
    }

    fn url_for(&self, out: &OutgoingRequest) -> Result<Url> {
        let path = out.path.as_str();
        let joined = if path.starts_with('/') {
            format!("{}{}", self.inner.base_str, path)
        } else {
            format!("{}/{}", self.inner.base_str, path)
        };
        let mut url = Url::parse(&joined).map_err(|e| {
            Error::invalid_input("path", format!("`{path}` does not form a URL: {e}"))
        })?;
        if !out.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &out.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }
}

/// Reads the whole body, stopping with [`Error::response_too_large`] past `max_bytes` (checked
/// against `Content-Length` first, so an announced huge body is not read at all).
async fn read_body(mut response: reqwest::Response, max_bytes: u64) -> Result<Bytes> {
    if response.content_length().is_some_and(|len| len > max_bytes) {
        return Err(Error::response_too_large(max_bytes));
    }
    // Most bodies arrive in one chunk: keep it without copying.
    let mut first: Option<Bytes> = None;
    let mut rest: Option<BytesMut> = None;
    let mut total: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(map_reqwest_error)? {
        total = total.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        if total > max_bytes {
            return Err(Error::response_too_large(max_bytes));
        }
        match (&mut first, &mut rest) {
            (None, None) => first = Some(chunk),
            (Some(head), None) => {
                let mut buf = BytesMut::with_capacity(head.len().saturating_add(chunk.len()));
                buf.extend_from_slice(head);
                buf.extend_from_slice(&chunk);
                first = None;
                rest = Some(buf);
            }
            (_, Some(buf)) => buf.extend_from_slice(&chunk),
        }
    }
    Ok(match (first, rest) {
        (_, Some(buf)) => buf.freeze(),
        (Some(head), None) => head,
        (None, None) => Bytes::new(),
    })
}

/// The host a redirect points to (its `Location` resolved against the request URL); never the
/// path or query, which may carry a credential.
fn location_host(raw: &RawResponse, request_url: &Url) -> Option<String> {
    let location = raw.headers.get(http::header::LOCATION)?.to_str().ok()?;
    let target = request_url.join(location).ok()?;
    target.host_str().map(str::to_owned)
}

pub(super) fn map_reqwest_error(error: reqwest::Error) -> Error {
    // Keep the host (it is the configured base URL's), drop the URL: query strings may carry
    // credentials.
    let host = error.url().and_then(|u| {
        let host = u.host_str()?;
        Some(match u.port_or_known_default() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        })
    });
    let error = error.without_url();
    if error.is_connect() {
        let cause = root_cause(&error);
        let message = match host {
            Some(host) => format!("could not connect to {host}: {cause}"),
            None => format!("could not connect: {cause}"),
        };
        Error::connect(error).with_message(message)
    } else if error.is_timeout() {
        Error::timeout("the attempt timed out").with_source(error)
    } else if error.is_builder() {
        Error::invalid_input("request", error.to_string())
    } else if error.is_body() || error.is_decode() {
        Error::transport("the response body could not be read to its end", error).with_incomplete()
    } else {
        Error::transport("the request failed", error)
    }
}

/// The text of the innermost cause (`Connection refused (os error 111)`, `failed to lookup
/// address information: …`), which says what to fix.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}
