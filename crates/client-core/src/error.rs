//! The one error type of every client in this workspace.
//!
//! [`Error`] is cheap to move (one boxed pointer) and answers questions rather than exposing an
//! enum to match on: [`Error::is_timeout`], [`Error::is_api`], [`Error::status`],
//! [`Error::vendor_code`], … New kinds can be added without breaking callers.
//!
//! What an error may contain, and where:
//!
//! * Its message (`Display`), `Debug` and `source()` chain never carry bytes of the response
//!   body: a decode failure names the serde path and the expected type, never the value found
//!   (see [`decode_cause`]). The vendor's own error message, parsed from an error envelope, is the
//!   one exception: it is shown (capped, control characters escaped) because it is usually the
//!   only explanation of an undocumented code. Servers do not echo credentials into it; the
//!   fault-matrix and canary tests check that no client path puts one there.
//! * The response body is reachable only through [`Error::body`], capped at
//!   [`MAX_BODY_IN_ERROR`] bytes, and is never kept for a request marked as carrying credentials
//!   in its response (token endpoints; see `Request::secret_response`).
//! * Request URLs are kept as path templates (the operation); a redirect names its target host
//!   only, never its path or query (a `Location` can carry an authorization code).
//! * Nothing the client sends (tokens, secrets, signatures) is ever stored.

use std::fmt;

use bytes::Bytes;
use http::StatusCode;

use crate::catalogue::CodeEntry;
use crate::code::VendorCode;

pub mod decode_cause;
pub(crate) mod examples;

/// A boxed error source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Most bytes of a response body an error keeps.
pub const MAX_BODY_IN_ERROR: usize = 8 * 1024;

/// Most characters of a vendor message shown in `Display` and `Debug`.
const MAX_VENDOR_MESSAGE_SHOWN: usize = 200;

/// What went wrong, broadly. Use the `is_*` queries on [`Error`] instead of matching on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input broke a documented rule; nothing was sent.
    InvalidInput,
    /// The client was configured wrongly (bad base URL, missing credential).
    Config,
    /// Connecting to the server failed; the request never left.
    Connect,
    /// A timeout: connect, per attempt, or the whole operation.
    Timeout,
    /// Any other transport failure after the request may have been sent.
    Transport,
    /// The server answered with an error (HTTP status or vendor code).
    Api,
    /// The response did not decode into the expected type.
    Decode,
    /// Obtaining or using credentials failed (token request rejected, 401/403).
    Auth,
    /// Stored credentials can no longer be refreshed: a person must authorise again.
    ReauthorizationRequired,
    /// A signature did not verify (a response signature, or the server rejected ours).
    Signature,
    /// A documented limit stops the operation (page × size cap, page 100, …).
    Limit,
    /// A local I/O failure (token file, upload file).
    Io,
    /// The server answered with a redirect (3xx). Redirects are never followed, so credentials
    /// never reach a host other than the configured one.
    Redirect,
    /// The response body was larger than the configured cap; the read was stopped.
    ResponseTooLarge,
    /// A shared token store (Redis) could not be reached, or its lock was lost.
    StoreUnavailable,
}

/// An error from a client of this workspace.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<StatusCode>,
    code: Option<VendorCode>,
    entry: Option<&'static CodeEntry>,
    vendor_message: Option<String>,
    request_id: Option<String>,
    body: Option<Bytes>,
    body_truncated: bool,
    field: Option<String>,
    path: Option<String>,
    operation: Option<&'static str>,
    attempts: u32,
    retry_note: Option<&'static str>,
    retry_after: Option<std::time::Duration>,
    incomplete: bool,
    source: Option<BoxError>,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                status: None,
                code: None,
                entry: None,
                vendor_message: None,
                request_id: None,
                body: None,
                body_truncated: false,
                field: None,
                path: None,
                operation: None,
                attempts: 0,
                retry_note: None,
                retry_after: None,
                incomplete: false,
                source: None,
            }),
        }
    }

    // ----- constructors -------------------------------------------------------------------

    /// The caller's value for `field` breaks `rule`; raised before anything is sent.
    pub fn invalid_input(field: impl Into<String>, rule: impl Into<String>) -> Self {
        let field = field.into();
        let rule = rule.into();
        let mut e = Self::new(
            ErrorKind::InvalidInput,
            format!("invalid `{field}`: {rule}"),
        );
        e.inner.field = Some(field);
        e
    }

    /// The client's configuration is unusable.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    /// A connection could not be made (the request was not sent).
    pub fn connect(source: impl Into<BoxError>) -> Self {
        Self::new(ErrorKind::Connect, "could not connect").with_source(source)
    }

    /// A timeout; `what` says which (e.g. "operation timed out after 30s").
    pub fn timeout(what: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, what)
    }

    /// A transport failure after the request may have reached the server.
    pub fn transport(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::new(ErrorKind::Transport, message).with_source(source)
    }

    /// An error answer from the server. Add details with the `with_*` methods.
    pub fn api(status: Option<StatusCode>, message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::Api, message);
        e.inner.status = status;
        e
    }

    /// The payload did not decode; `path` is the serde path of the failing field.
    ///
    /// A `serde_json::Error` source is replaced by a [`decode_cause::DecodeCause`] that keeps
    /// its category, position and the expected type, never the value found. `body` is kept for
    /// [`Error::body`] only; it never reaches the message.
    pub fn decode(path: impl Into<String>, source: impl Into<BoxError>, body: &[u8]) -> Self {
        let path = path.into();
        let source = decode_cause::sanitize(source.into());
        let incomplete = source
            .downcast_ref::<decode_cause::DecodeCause>()
            .is_some_and(decode_cause::DecodeCause::is_eof);
        let at = if path.is_empty() || path == "." {
            String::new()
        } else {
            format!(" at `{path}`")
        };
        let mut e = Self::new(
            ErrorKind::Decode,
            format!("could not decode the response{at}: {source}"),
        );
        e.inner.path = Some(path);
        e.inner.incomplete = incomplete;
        e.inner.source = Some(source);
        e.with_body(Bytes::copy_from_slice(body))
    }

    /// The server redirected (HTTP `status`) to `target_host` (`None` when the `Location` was
    /// missing or unreadable). Only the host is kept: a `Location` may carry a credential.
    pub fn redirect(status: StatusCode, target_host: Option<&str>) -> Self {
        let to = match target_host {
            Some(host) => format!(" to host `{host}`"),
            None => String::new(),
        };
        let mut e = Self::new(
            ErrorKind::Redirect,
            format!(
                "the server redirected{to}; redirects are not followed, so credentials stay with the configured host"
            ),
        );
        e.inner.status = Some(status);
        e
    }

    /// The caller's HTTP client followed a redirect to `target_host` (the transport's own client
    /// never does). Credentials may have reached that host.
    pub fn redirect_followed(target_host: Option<&str>) -> Self {
        let to = match target_host {
            Some(host) => format!(" to host `{host}`"),
            None => String::new(),
        };
        Self::new(
            ErrorKind::Redirect,
            format!(
                "the HTTP client followed a redirect{to}, so credentials may have reached it; build it with `redirect(reqwest::redirect::Policy::none())`"
            ),
        )
    }

    /// The response body passed `limit` bytes; the read was stopped there.
    pub fn response_too_large(limit: u64) -> Self {
        Self::new(
            ErrorKind::ResponseTooLarge,
            format!("the response body is larger than the {limit}-byte cap; the read was stopped"),
        )
    }

    /// Getting or using credentials failed.
    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Auth, message)
    }

    /// The refresh credential is expired or revoked: a person must authorise the app again.
    pub fn reauthorization_required(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ReauthorizationRequired, message)
    }

    /// A signature did not verify.
    pub fn signature(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Signature, message)
    }

    /// A documented limit stops the operation.
    pub fn limit(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Limit, message)
    }

    /// A local I/O failure while doing `context`.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::new(ErrorKind::Io, context).with_source(source)
    }

    /// A shared token store (Redis) could not be reached or answered unexpectedly; `context`
    /// says what was tried. Attach the cause with [`with_source`](Self::with_source).
    pub fn store_unavailable(context: impl Into<String>) -> Self {
        Self::new(ErrorKind::StoreUnavailable, context)
    }

    // ----- builders ----------------------------------------------------------------------

    /// Replaces the message (the first part of `Display`), keeping everything else.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.inner.message = message.into();
        self
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// Attaches the HTTP status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Attaches the vendor's error code and, if the catalogue knows it, its entry.
    pub fn with_code(mut self, code: VendorCode, entry: Option<&'static CodeEntry>) -> Self {
        self.inner.code = Some(code);
        self.inner.entry = entry;
        self
    }

    /// Attaches the vendor's own message, verbatim.
    pub fn with_vendor_message(mut self, message: impl Into<String>) -> Self {
        self.inner.vendor_message = Some(message.into());
        self
    }

    /// Attaches the request id the vendor sent back.
    pub fn with_request_id(mut self, id: impl Into<String>) -> Self {
        self.inner.request_id = Some(id.into());
        self
    }

    /// Attaches the raw response body, capped at [`MAX_BODY_IN_ERROR`] bytes.
    pub fn with_body(mut self, body: Bytes) -> Self {
        if body.len() > MAX_BODY_IN_ERROR {
            self.inner.body = Some(body.slice(..MAX_BODY_IN_ERROR));
            self.inner.body_truncated = true;
        } else {
            self.inner.body = Some(body);
            self.inner.body_truncated = false;
        }
        self
    }

    /// Records which operation (its path template) failed.
    pub fn with_operation(mut self, operation: &'static str) -> Self {
        self.inner.operation = Some(operation);
        self
    }

    /// Records how many attempts were made.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    /// Records why the error was not retried (e.g. "the body cannot be replayed").
    pub fn with_retry_note(mut self, note: &'static str) -> Self {
        self.inner.retry_note = Some(note);
        self
    }

    /// Records the server's `Retry-After` (already parsed and clamped).
    pub fn with_retry_after(mut self, after: std::time::Duration) -> Self {
        self.inner.retry_after = Some(after);
        self
    }

    /// Drops the response body (for responses that carry credentials). The vendor's message,
    /// parsed from an error envelope, is kept.
    pub fn without_body(mut self) -> Self {
        self.inner.body = None;
        self.inner.body_truncated = false;
        self
    }

    /// Marks the response as cut short (its body ended early), so the request may have been
    /// applied even though no complete answer arrived.
    pub fn with_incomplete(mut self) -> Self {
        self.inner.incomplete = true;
        self
    }

    /// Sets the HTTP status only if none was set.
    pub(crate) fn or_status(mut self, status: StatusCode) -> Self {
        self.inner.status.get_or_insert(status);
        self
    }

    /// Sets the operation only if none was set.
    pub(crate) fn or_operation(mut self, operation: &'static str) -> Self {
        self.inner.operation.get_or_insert(operation);
        self
    }

    // ----- queries -----------------------------------------------------------------------

    /// The broad kind of this error.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// A timeout (connect, attempt or whole operation).
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// The connection failed before the request was sent.
    pub fn is_connect(&self) -> bool {
        self.inner.kind == ErrorKind::Connect
    }

    /// Some other transport failure.
    pub fn is_transport(&self) -> bool {
        self.inner.kind == ErrorKind::Transport
    }

    /// The server answered with an error.
    pub fn is_api(&self) -> bool {
        self.inner.kind == ErrorKind::Api
    }

    /// The response did not decode.
    pub fn is_decode(&self) -> bool {
        self.inner.kind == ErrorKind::Decode
    }

    /// The caller's input broke a rule; nothing was sent.
    pub fn is_invalid_input(&self) -> bool {
        self.inner.kind == ErrorKind::InvalidInput
    }

    /// The client configuration is unusable.
    pub fn is_config(&self) -> bool {
        self.inner.kind == ErrorKind::Config
    }

    /// A credential problem: a rejected token request, HTTP 401/403, or re-authorisation needed.
    pub fn is_auth(&self) -> bool {
        matches!(
            self.inner.kind,
            ErrorKind::Auth | ErrorKind::ReauthorizationRequired
        ) || matches!(self.inner.status, Some(s) if s == StatusCode::UNAUTHORIZED || s == StatusCode::FORBIDDEN)
    }

    /// A person must authorise the app again (refresh token expired or revoked).
    pub fn is_reauthorization_required(&self) -> bool {
        self.inner.kind == ErrorKind::ReauthorizationRequired
    }

    /// A signature did not verify.
    pub fn is_signature(&self) -> bool {
        self.inner.kind == ErrorKind::Signature
    }

    /// A documented limit stopped the operation.
    pub fn is_limit(&self) -> bool {
        self.inner.kind == ErrorKind::Limit
    }

    /// A local I/O failure.
    pub fn is_io(&self) -> bool {
        self.inner.kind == ErrorKind::Io
    }

    /// The server redirected (3xx); the redirect was not followed.
    pub fn is_redirect(&self) -> bool {
        self.inner.kind == ErrorKind::Redirect
    }

    /// The response body was larger than the configured cap.
    pub fn is_response_too_large(&self) -> bool {
        self.inner.kind == ErrorKind::ResponseTooLarge
    }

    /// The response was cut short (its JSON ended early): the server may have acted on the
    /// request although no complete answer arrived.
    pub fn is_incomplete(&self) -> bool {
        self.inner.incomplete
    }

    /// The thing asked for does not exist: HTTP 404, or a vendor code documented as "not found"
    /// / "does not exist" (Linkflow's `B00008` under HTTP 404, `B01376` under 400; OkayAPI's
    /// `ret 404` under HTTP 200). Decided from the vendor code, its catalogue entry and the HTTP
    /// status together, the same way for every vendor: prefer it to `status() == Some(404)`.
    pub fn is_not_found(&self) -> bool {
        if self.inner.kind != ErrorKind::Api {
            return false;
        }
        match self.inner.entry {
            Some(entry) => entry.is_not_found(),
            None => self.inner.status == Some(StatusCode::NOT_FOUND),
        }
    }

    /// The server asked the client to slow down: HTTP 429, or a vendor code documented as a rate
    /// or frequency limit. `retry_after()` says how long it asked to wait, when it did.
    pub fn is_rate_limited(&self) -> bool {
        if self.inner.kind != ErrorKind::Api {
            return false;
        }
        self.inner.status == Some(StatusCode::TOO_MANY_REQUESTS)
            || self.inner.entry.is_some_and(CodeEntry::is_rate_limited)
    }

    /// Whether trying the same call again later may succeed: the transport's retry rules
    /// ([`crate::retry::classify`]) applied as if the call were safe to repeat. A call the
    /// transport already retried comes back with [`Error::attempts`] above 1; one it did not
    /// retry because it was a write says why in [`Error::retry_note`].
    pub fn is_retryable(&self) -> bool {
        let traits = crate::retry::RequestTraits::new(true);
        crate::retry::classify(self, traits, false) == crate::retry::Decision::Retry
    }

    /// A shared token store (Redis) could not be reached, or the refresh lock was lost before a
    /// save; see [`StoreOutagePolicy`](crate::token::StoreOutagePolicy).
    pub fn is_store_unavailable(&self) -> bool {
        self.inner.kind == ErrorKind::StoreUnavailable
    }

    /// The HTTP status of the response, if one came.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The vendor's error code, normalised (`B_01162` → `B01162`).
    pub fn vendor_code(&self) -> Option<&VendorCode> {
        self.inner.code.as_ref()
    }

    /// The catalogue entry for the vendor code, when it is documented.
    pub fn code_entry(&self) -> Option<&'static CodeEntry> {
        self.inner.entry
    }

    /// The vendor's message, verbatim.
    pub fn vendor_message(&self) -> Option<&str> {
        self.inner.vendor_message.as_deref()
    }

    /// The request id the vendor sent back, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The raw response body (at most [`MAX_BODY_IN_ERROR`] bytes).
    pub fn body(&self) -> Option<&[u8]> {
        self.inner.body.as_deref()
    }

    /// Whether [`Error::body`] was cut at [`MAX_BODY_IN_ERROR`].
    pub fn body_truncated(&self) -> bool {
        self.inner.body_truncated
    }

    /// For invalid input: the field that broke a rule.
    pub fn field(&self) -> Option<&str> {
        self.inner.field.as_deref()
    }

    /// For decode errors: the serde path of the failing field (e.g. `data.items[3].price`).
    pub fn decode_path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }

    /// The path template of the operation that failed.
    pub fn operation(&self) -> Option<&'static str> {
        self.inner.operation
    }

    /// How many attempts may have reached the server.
    ///
    /// An attempt counts from the moment its bytes start to go out, whether or not an answer
    /// came (a timeout or a reset after sending counts). An attempt that failed to connect, or
    /// failed before sending (invalid input, credentials that could not be obtained), does not.
    /// So `0` means the server has certainly not seen the request, and `≥ 1` that it may have.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The server's `Retry-After`, when it sent one (clamped by the retry policy).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.inner.retry_after
    }

    /// Why this error was not retried, when a rule said so.
    pub fn retry_note(&self) -> Option<&'static str> {
        self.inner.retry_note
    }

    // ----- sharing -----------------------------------------------------------------------

    /// A copy of this error for handing one failure to many waiters (e.g. every task waiting on
    /// one token refresh): kind, message, status, vendor code, body and all other details are
    /// kept, so `is_*` queries answer the same. A boxed source cannot be cloned, so the copy's
    /// source chain keeps the sources' messages as text.
    pub fn duplicate(&self) -> Self {
        let i = &self.inner;
        Self {
            inner: Box::new(Inner {
                kind: i.kind,
                message: i.message.clone(),
                status: i.status,
                code: i.code.clone(),
                entry: i.entry,
                vendor_message: i.vendor_message.clone(),
                request_id: i.request_id.clone(),
                body: i.body.clone(),
                body_truncated: i.body_truncated,
                field: i.field.clone(),
                path: i.path.clone(),
                operation: i.operation,
                attempts: i.attempts,
                retry_note: i.retry_note,
                retry_after: i.retry_after,
                incomplete: i.incomplete,
                source: i
                    .source
                    .as_deref()
                    .map(|s| Box::new(SourceText::of(s)) as BoxError),
            }),
        }
    }
}

/// The text of an error source and of its own sources, for [`Error::duplicate`].
#[derive(Debug)]
struct SourceText {
    text: String,
    next: Option<Box<SourceText>>,
}

impl SourceText {
    fn of(source: &(dyn std::error::Error + 'static)) -> Self {
        Self {
            text: source.to_string(),
            next: source.source().map(|s| Box::new(Self::of(s))),
        }
    }
}

impl fmt::Display for SourceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for SourceText {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.next
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// A vendor message as shown in `Display`/`Debug`: capped, control characters escaped.
fn shown_vendor_message(message: &str) -> String {
    let mut out = String::new();
    for (n, c) in message.chars().enumerate() {
        if n >= MAX_VENDOR_MESSAGE_SHOWN {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for Error {
    /// One line, each fact once: the message, then what it does not already say — the HTTP
    /// status (left out for a 2xx that carries a vendor code, as OkayAPI's `ret` answers do), the
    /// vendor code and its documented meaning, the vendor's message, the operation, the attempts
    /// and why it was not retried.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let said = i.message.as_str();
        f.write_str(said)?;
        if let Some(status) = i.status {
            let http = format!("HTTP {}", status.as_u16());
            let noise = status.is_success() && i.code.is_some();
            if !said.contains(&http) && !noise {
                write!(f, " ({http})")?;
            }
        }
        let meaning = i.entry.map(|e| e.meaning_en);
        if let Some(code) = &i.code {
            let code_said = said.contains(code.as_str());
            match meaning {
                Some(m) if said.contains(m) => {
                    if !code_said {
                        write!(f, " [{code}]")?;
                    }
                }
                Some(m) if code_said => write!(f, " ({m})")?,
                Some(m) => write!(f, " [{code}: {m}]")?,
                None if code_said => {}
                None => write!(f, " [{code}]")?,
            }
        }
        if let Some(msg) = &i.vendor_message {
            let msg = msg.trim();
            let repeated = msg.is_empty()
                || said.contains(msg)
                || meaning.is_some_and(|m| m.eq_ignore_ascii_case(msg));
            if !repeated {
                write!(f, ": {}", shown_vendor_message(msg))?;
            }
        }
        if let Some(op) = i.operation
            && !said.contains(op)
        {
            write!(f, " in {op}")?;
        }
        if let Some(after) = i.retry_after {
            write!(f, " (the server asked to wait {} s)", after.as_secs())?;
        }
        if i.attempts > 1 {
            write!(f, " after {} attempts", i.attempts)?;
        }
        if let Some(note) = i.retry_note {
            write!(f, "; not retried: {note}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &i.kind).field("message", &i.message);
        if let Some(s) = i.status {
            d.field("status", &s.as_u16());
        }
        if let Some(c) = &i.code {
            d.field("code", &c.as_str());
        }
        if let Some(m) = &i.vendor_message {
            d.field("vendor_message", &shown_vendor_message(m));
        }
        if let Some(r) = &i.request_id {
            d.field("request_id", r);
        }
        if let Some(op) = i.operation {
            d.field("operation", &op);
        }
        if let Some(src) = &i.source {
            d.field("source", src);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|s| &**s as &(dyn std::error::Error + 'static))
    }
}

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_small_and_thread_safe() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn invalid_input_names_field_and_rule() {
        let e = Error::invalid_input("size", "must be at most 500");
        assert!(e.is_invalid_input());
        assert_eq!(e.field(), Some("size"));
        assert_eq!(e.to_string(), "invalid `size`: must be at most 500");
    }

    #[test]
    fn body_is_capped() {
        let e = Error::api(Some(StatusCode::INTERNAL_SERVER_ERROR), "boom")
            .with_body(Bytes::from(vec![b'x'; MAX_BODY_IN_ERROR + 10]));
        assert_eq!(e.body().map(<[u8]>::len), Some(MAX_BODY_IN_ERROR));
        assert!(e.body_truncated());
        assert_eq!(e.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    }

    #[test]
    fn decode_keeps_path_and_snippet() {
        let body = br#"{"items":[{"price":"abc"}]}"#;
        let mut de = serde_json::Deserializer::from_slice(body);
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            price: u32,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Page {
            items: Vec<Item>,
        }
        let err = serde_path_to_error::deserialize::<_, Page>(&mut de).unwrap_err();
        let e = Error::decode(err.path().to_string(), err.into_inner(), body);
        assert!(e.is_decode());
        assert_eq!(e.decode_path(), Some("items[0].price"));
        assert!(e.to_string().contains("items[0].price"), "{e}");
        assert!(!e.to_string().contains("abc"), "{e}");
        assert!(!format!("{e:?}").contains("abc"), "{e:?}");
        assert!(e.to_string().contains("expected u32"), "{e}");
        assert_eq!(e.body(), Some(&body[..]));
    }

    #[test]
    fn display_says_each_fact_once() {
        let e = Error::api(
            Some(StatusCode::UNAUTHORIZED),
            "the server answered HTTP 401",
        )
        .with_operation("GET /x");
        assert_eq!(e.to_string(), "the server answered HTTP 401 in GET /x");
        let entry =
            crate::catalogue::OKAYAPI.lookup(&crate::catalogue::okayapi_lookup_key(404), None);
        let e = Error::api(Some(StatusCode::OK), "OkayAPI answered ret 404")
            .with_code(VendorCode::from_number(404), entry)
            .with_vendor_message("no such service (method name or app name wrong)")
            .with_operation("POST /?s=A");
        let text = e.to_string();
        assert!(!text.contains("HTTP 200"), "{text}");
        assert_eq!(text.matches("404").count(), 1, "{text}");
        assert_eq!(text.matches("no such service").count(), 1, "{text}");
        let e = Error::timeout("timed out in GET /x").with_operation("GET /x");
        assert_eq!(e.to_string(), "timed out in GET /x");
    }

    #[test]
    fn queries_read_code_entry_and_status_together() {
        let entry =
            crate::catalogue::OKAYAPI.lookup(&crate::catalogue::okayapi_lookup_key(404), None);
        let ret404 = Error::api(Some(StatusCode::OK), "ret 404")
            .with_code(VendorCode::from_number(404), entry);
        assert!(ret404.is_not_found() && ret404.status() == Some(StatusCode::OK));
        let code = VendorCode::new("B01376");
        let identity = Error::api(Some(StatusCode::BAD_REQUEST), "no identity")
            .with_code(code.clone(), crate::catalogue::LINKFLOW.lookup(&code, None));
        assert!(identity.is_not_found());
        assert!(!identity.is_retryable());
        let plain404 = Error::api(Some(StatusCode::NOT_FOUND), "HTTP 404");
        assert!(plain404.is_not_found());
        let throttled = Error::api(Some(StatusCode::TOO_MANY_REQUESTS), "HTTP 429");
        assert!(throttled.is_rate_limited() && throttled.is_retryable());
        assert!(!Error::invalid_input("a", "b").is_retryable());
        assert!(!Error::invalid_input("a", "b").is_not_found());
        assert!(Error::connect(std::io::Error::other("refused")).is_retryable());
    }

    #[test]
    fn status_401_counts_as_auth() {
        let e = Error::api(Some(StatusCode::UNAUTHORIZED), "unauthorised");
        assert!(e.is_auth() && e.is_api());
    }
}
