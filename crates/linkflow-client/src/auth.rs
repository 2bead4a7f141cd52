//! Linkflow authentication (document section "Private App" → "通过App Key和App Secret获取Access Token").
//!
//! * `GET /token` with `X-OpenApi-Key` / `X-OpenApi-Secret` answers `{expiration, token}`;
//!   `expiration` is an absolute local time in UTC+8 (`yyyy-MM-dd HH:mm:ss`).
//! * Every other operation carries the token in `X-OpenApi-Token`.
//! * Errors are `{domain, code, message}` under HTTP 400/404/412/420/500; the code is looked up in
//!   [`client_core::catalogue::LINKFLOW`] for the operation that failed.
//! * HTTP 401/403 (and an undocumented code whose message talks about the token) mean the token
//!   is stale: the transport invalidates it, fetches a new one and replays the request once.
//!
//! The token request goes through the shared transport like every other operation (same HTTP
//! pool, timeouts, retry policy and budget, tracing and redaction): it is a [`Request`] for
//! `GET /token` whose `authorize` adds the key and secret headers instead of the token.

use std::fmt;

use async_trait::async_trait;
use bytes::Bytes;
use client_core::Error;
use client_core::catalogue::LINKFLOW;
use client_core::code::VendorCode;
use client_core::time::VendorTime;
use client_core::transport::{OutgoingRequest, Payload, RawResponse, Request, Transport, Vendor};
use http::{HeaderName, StatusCode};
use secrecy::{ExposeSecret, SecretString};

use crate::models::Token;
use client_core::token::TokenCache;

/// Header carrying the access token on every operation but `GET /token`.
pub const TOKEN_HEADER: HeaderName = HeaderName::from_static("x-openapi-token");
/// Header carrying the App Key on `GET /token`.
pub const KEY_HEADER: HeaderName = HeaderName::from_static("x-openapi-key");
/// Header carrying the App Secret on `GET /token`.
pub const SECRET_HEADER: HeaderName = HeaderName::from_static("x-openapi-secret");

/// The token operation, as named in logs, errors and the code catalogue.
pub const TOKEN_OPERATION: &str = "GET /token";

/// The Private App's credentials ("创建私有App取得的App Key / App Secret").
#[derive(Clone)]
pub struct Credentials {
    pub(crate) app_key: SecretString,
    pub(crate) app_secret: SecretString,
}

impl Credentials {
    /// Credentials of a Private App.
    pub fn new(app_key: impl Into<String>, app_secret: impl Into<String>) -> Self {
        Self {
            app_key: SecretString::from(app_key.into()),
            app_secret: SecretString::from(app_secret.into()),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("app_key", &"** redacted **")
            .field("app_secret", &"** redacted **")
            .finish()
    }
}

/// Linkflow's error body: `{"domain": "linkflow", "code": "B00008", "message": "…"}`.
///
/// Hand-written rather than the generated `ErrorResponse`: an error is parsed from whatever body
/// came with a failure status (HTML from a proxy, an empty body, a body without `code`), so every
/// member is optional, a member of another type is ignored, and a repeated member keeps its last
/// value (as `serde_json::Value` reads it) instead of losing the whole body — a fuzz finding (F3,
/// `docs/reliability.md`): a repeated `message` used to drop the `code`.
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
}

impl ErrorBody {
    /// The body's `code` and `message` strings, or `None` when it is not a JSON object.
    fn parse(body: &[u8]) -> Option<Self> {
        let members =
            serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body).ok()?;
        let text = |name: &str| {
            members
                .get(name)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        Some(Self {
            code: text("code"),
            message: text("message"),
        })
    }
}

/// Turns a Linkflow response into its payload or its typed error.
pub(crate) fn interpret_response(
    operation: &'static str,
    response: RawResponse,
) -> client_core::Result<Payload> {
    let status = response.status;
    if status.is_success() {
        return Ok(Payload::new(response.body));
    }
    Err(error_from(operation, status, &response.body))
}

fn error_from(operation: &'static str, status: StatusCode, body: &Bytes) -> Error {
    let parsed = ErrorBody::parse(body);
    let auth = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
    let mut error = if auth {
        Error::auth(format!(
            "Linkflow rejected the credentials of `{operation}` (HTTP {})",
            status.as_u16()
        ))
        .with_status(status)
    } else {
        Error::api(
            Some(status),
            format!(
                "Linkflow answered HTTP {} to `{operation}`",
                status.as_u16()
            ),
        )
    };
    if let Some(parsed) = parsed {
        if let Some(code) = parsed.code.as_deref().filter(|c| !c.trim().is_empty()) {
            let code = VendorCode::new(code);
            let entry = LINKFLOW.lookup(&code, Some(operation));
            error = error.with_code(code, entry);
        }
        if let Some(message) = parsed.message {
            error = error.with_vendor_message(message);
        }
    }
    error.with_operation(operation).with_body(body.clone())
}

/// Whether `error` says the token used was stale: HTTP 401/403, or an undocumented vendor code
/// whose message mentions the token.
pub(crate) fn is_stale_token(error: &Error) -> bool {
    if error.operation() == Some(TOKEN_OPERATION) {
        return false;
    }
    if matches!(
        error.status(),
        Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
    ) {
        return true;
    }
    let undocumented = error.vendor_code().is_some() && error.code_entry().is_none();
    undocumented
        && error
            .vendor_message()
            .is_some_and(|m| m.to_ascii_lowercase().contains("token"))
}

/// The vendor hooks of the token endpoint: adds the App Key and Secret headers.
pub(crate) struct TokenEndpoint {
    pub(crate) credentials: Credentials,
}

#[async_trait]
impl Vendor for TokenEndpoint {
    fn name(&self) -> &'static str {
        "linkflow"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> client_core::Result<()> {
        request.set_secret_header(KEY_HEADER, self.credentials.app_key.expose_secret())?;
        request.set_secret_header(SECRET_HEADER, self.credentials.app_secret.expose_secret())?;
        Ok(())
    }

    fn interpret(
        &self,
        operation: &'static str,
        response: RawResponse,
    ) -> client_core::Result<Payload> {
        interpret_response(operation, response)
    }
}

/// Fetches a token with `GET /token` through `transport`.
pub(crate) async fn fetch_token(
    transport: &Transport<TokenEndpoint>,
) -> client_core::Result<(SecretString, VendorTime)> {
    // The generated `Token` (`{expiration, token}`, both required): its `Debug` redacts the token.
    // The answer holds the token: no error of this request keeps its body.
    let answer: Token = transport
        .execute(Request::get(TOKEN_OPERATION, "/token").secret_response())
        .await?;
    if answer.token.is_empty() {
        return Err(
            Error::auth("`GET /token` answered an empty token").with_operation(TOKEN_OPERATION)
        );
    }
    Ok((SecretString::from(answer.token), answer.expiration))
}

/// The vendor hooks of every operation but `GET /token`: the token header, error parsing, and
/// stale-token detection.
pub struct LinkflowAuth {
    pub(crate) tokens: TokenCache,
}

impl fmt::Debug for LinkflowAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkflowAuth").finish_non_exhaustive()
    }
}

#[async_trait]
impl Vendor for LinkflowAuth {
    fn name(&self) -> &'static str {
        "linkflow"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> client_core::Result<()> {
        crate::token::authorize(&self.tokens, request).await
    }

    fn interpret(
        &self,
        operation: &'static str,
        response: RawResponse,
    ) -> client_core::Result<Payload> {
        interpret_response(operation, response)
    }

    fn is_token_error(&self, error: &Error) -> bool {
        is_stale_token(error)
    }

    fn invalidate_credentials(&self, generation: Option<u64>) {
        match generation {
            Some(generation) => {
                self.tokens.invalidate_if(generation);
            }
            None => self.tokens.invalidate(),
        }
    }
}

#[cfg(test)]
mod error_body_tests {
    use super::*;

    /// F3 (fuzzing): a repeated member (here `message`) made the whole error body unreadable,
    /// so the vendor code was lost.
    #[test]
    fn a_repeated_member_keeps_the_code_and_the_last_message() {
        let body = Bytes::from_static(
            br#"{"domain":"linkflow","message":"first","code":"B00008","message":"token expired"}"#,
        );
        let error = error_from("GET /open/contacts/{id}", StatusCode::BAD_REQUEST, &body);
        assert_eq!(error.vendor_code().map(|c| c.as_str()), Some("B00008"));
        assert!(error.to_string().contains("token expired"), "{error}");
        assert!(!error.to_string().contains("first"), "{error}");
    }

    #[test]
    fn members_of_other_types_are_ignored_not_fatal() {
        let body = Bytes::from_static(br#"{"code":"B00007","message":{"zh":"x"},"domain":7}"#);
        let error = error_from("GET /open/contacts/{id}", StatusCode::BAD_REQUEST, &body);
        assert_eq!(error.vendor_code().map(|c| c.as_str()), Some("B00007"));
        let html = Bytes::from_static(b"<html>502</html>");
        let error = error_from("GET /open/contacts/{id}", StatusCode::BAD_GATEWAY, &html);
        assert!(error.vendor_code().is_none());
        assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    }
}
