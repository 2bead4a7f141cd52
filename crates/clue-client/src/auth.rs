//! How Tanma authenticates: signed requests (开发指南 → 签名) and signed pushes (消息推送).
//!
//! # Requests
//!
//! Every request carries four headers (the document's "Header 参数" of every operation):
//!
//! | header | value |
//! |---|---|
//! | `appId` | the application's appId |
//! | `appKey` | the application's appKey (sent by default, as the document lists it; see [`ClientBuilder::send_app_key_header`](crate::ClientBuilder::send_app_key_header)) |
//! | `timestamp` | milliseconds since the Unix epoch, read from the client's [`Clock`] |
//! | `sign` | the signature computed by the [`SignRecipe`] |
//!
//! The signature is computed by [`TanmaAuth`] in the transport's `authorize` hook right before
//! each attempt, over the **exact body bytes** that go out, so a retry gets a fresh timestamp
//! and a fresh signature.
//!
//! The vendor only says the request signature is "like the push signature, except that the body
//! is part of it". The default recipe, [`SignRecipe::AppIdTimestampBodyAppKey`], is the likeliest
//! reading: `lowercase hex(SHA-256(appId + timestamp + body + appKey))`. If a tenant rejects it,
//! switch with [`ClientBuilder::sign_recipe`](crate::ClientBuilder::sign_recipe) to another
//! variant or to [`SignRecipe::custom`].
//!
//! HTTP header names are case-insensitive; they go out in lower case (`appid`, `appkey`).
//!
//! # Pushes
//!
//! Tanma signs the pushes it sends you with `lowercase hex(SHA-256(appId + version + timestamp +
//! appKey))`, body not included (confirmed with the vendor's own example). Check them with
//! [`verify_push_signature`] or [`Client::verify_push`](crate::Client::verify_push).

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use client_core::clock::Clock;
use client_core::code::VendorCode;
use client_core::signing::{sha256_parts_lower_hex, signatures_match};
use client_core::transport::{OutgoingRequest, Payload, RawResponse, Vendor, header_name};
use client_core::{Error, Result};
use http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::value::RawValue;

/// Header carrying the application's appId.
pub const HEADER_APP_ID: &str = "appid";
/// Header carrying the application's appKey (when enabled).
pub const HEADER_APP_KEY: &str = "appkey";
/// Header carrying the request time in milliseconds.
pub const HEADER_TIMESTAMP: &str = "timestamp";
/// Header carrying the signature.
pub const HEADER_SIGN: &str = "sign";

/// The application's credentials (开发指南: 应用 appId / appKey). The appKey is a secret: it is
/// kept in a [`SecretString`] and never printed.
#[derive(Clone)]
pub struct Credentials {
    app_id: String,
    app_key: SecretString,
}

impl Credentials {
    /// Credentials of the application `app_id` with secret `app_key`.
    pub fn new(app_id: impl Into<String>, app_key: impl Into<SecretString>) -> Self {
        Self {
            app_id: app_id.into(),
            app_key: app_key.into(),
        }
    }

    /// The appId.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The appKey (secret).
    pub fn app_key(&self) -> &SecretString {
        &self.app_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("app_id", &self.app_id)
            .field("app_key", &client_core::redact::REDACTED)
            .finish()
    }
}

/// What a request signature is computed from (开发指南 → 签名).
#[derive(Clone, Copy)]
pub struct SignInput<'a> {
    app_id: &'a str,
    timestamp: &'a str,
    body: &'a [u8],
    app_key: &'a SecretString,
}

impl<'a> SignInput<'a> {
    /// The inputs of one signature.
    pub fn new(
        app_id: &'a str,
        timestamp: &'a str,
        body: &'a [u8],
        app_key: &'a SecretString,
    ) -> Self {
        Self {
            app_id,
            timestamp,
            body,
            app_key,
        }
    }

    /// The appId.
    pub fn app_id(&self) -> &'a str {
        self.app_id
    }

    /// The `timestamp` header's value (milliseconds since the Unix epoch, as text).
    pub fn timestamp(&self) -> &'a str {
        self.timestamp
    }

    /// The exact body bytes that are sent.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// The appKey (secret).
    pub fn app_key(&self) -> &'a SecretString {
        self.app_key
    }
}

impl fmt::Debug for SignInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInput")
            .field("app_id", &self.app_id)
            .field("timestamp", &self.timestamp)
            .field("body_len", &self.body.len())
            .field("app_key", &client_core::redact::REDACTED)
            .finish()
    }
}

/// A custom request-signature function: returns the `sign` header's value.
pub type CustomSigner = Arc<dyn Fn(&SignInput<'_>) -> String + Send + Sync>;

/// How the request signature (`sign` header) is computed (开发指南 → 签名).
///
/// The vendor's public material confirms only the push recipe; for requests it says "like the
/// push signature, with the body included". The default is the likeliest reading; the other
/// variants are the plausible alternatives, and [`SignRecipe::custom`] takes any function.
///
/// ```
/// use clue_client::auth::{SignInput, SignRecipe};
/// use secrecy::SecretString;
///
/// let key = SecretString::from("zc_test");
/// let input = SignInput::new("zc_test", "1596681164807", br#"{"customerId":8}"#, &key);
/// // sha256_hex("zc_test" + "1596681164807" + "{\"customerId\":8}" + "zc_test")
/// assert_eq!(SignRecipe::default().sign(&input).len(), 64);
///
/// // A tenant that signs differently:
/// let custom = SignRecipe::custom(|i: &SignInput<'_>| format!("{}-{}", i.app_id(), i.timestamp()));
/// assert_eq!(custom.sign(&input), "zc_test-1596681164807");
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum SignRecipe {
    /// `lowercase hex(SHA-256(appId + timestamp + body + appKey))` — the default.
    #[default]
    AppIdTimestampBodyAppKey,
    /// `lowercase hex(SHA-256(appId + body + timestamp + appKey))`.
    AppIdBodyTimestampAppKey,
    /// `lowercase hex(SHA-256(appId + timestamp + appKey))`: the body is not signed.
    AppIdTimestampAppKey,
    /// A caller-supplied function (see [`SignRecipe::custom`]).
    Custom(CustomSigner),
}

impl SignRecipe {
    /// A recipe computed by `sign` (it receives the appId, timestamp, exact body bytes and the
    /// appKey, and returns the `sign` header's value).
    pub fn custom<F>(sign: F) -> Self
    where
        F: Fn(&SignInput<'_>) -> String + Send + Sync + 'static,
    {
        Self::Custom(Arc::new(sign))
    }

    /// The signature of `input`.
    pub fn sign(&self, input: &SignInput<'_>) -> String {
        let app_id = input.app_id.as_bytes();
        let ts = input.timestamp.as_bytes();
        let key = input.app_key.expose_secret().as_bytes();
        match self {
            Self::AppIdTimestampBodyAppKey => {
                sha256_parts_lower_hex(&[app_id, ts, input.body, key])
            }
            Self::AppIdBodyTimestampAppKey => {
                sha256_parts_lower_hex(&[app_id, input.body, ts, key])
            }
            Self::AppIdTimestampAppKey => sha256_parts_lower_hex(&[app_id, ts, key]),
            Self::Custom(f) => f(input),
        }
    }
}

impl fmt::Debug for SignRecipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AppIdTimestampBodyAppKey => f.write_str("AppIdTimestampBodyAppKey"),
            Self::AppIdBodyTimestampAppKey => f.write_str("AppIdBodyTimestampAppKey"),
            Self::AppIdTimestampAppKey => f.write_str("AppIdTimestampAppKey"),
            Self::Custom(_) => f.write_str("Custom(..)"),
        }
    }
}

/// The push signature (消息推送 → 签名): `lowercase hex(SHA-256(appId + version + timestamp +
/// appKey))`, body not included.
///
/// ```
/// use clue_client::auth::push_signature;
/// use secrecy::SecretString;
/// // The vendor's example.
/// let sign = push_signature("zc_test", "1", "1596681164807", &SecretString::from("zc_test"));
/// assert_eq!(sign, "317672b4685d9b8bafe1794390e31209aed5cef912683292fed94a69085919d3");
/// ```
pub fn push_signature(
    app_id: &str,
    version: &str,
    timestamp: &str,
    app_key: &SecretString,
) -> String {
    sha256_parts_lower_hex(&[
        app_id.as_bytes(),
        version.as_bytes(),
        timestamp.as_bytes(),
        app_key.expose_secret().as_bytes(),
    ])
}

/// Checks a push's `sign` (消息推送 → 签名) in constant time. Hex case is ignored.
///
/// Returns an [`Error::is_signature`] error when it does not match. This checks only the
/// signature; to refuse replays, also check the timestamp's age (see
/// [`Client::verify_push_fresh`](crate::Client::verify_push_fresh)).
pub fn verify_push_signature(
    app_id: &str,
    version: &str,
    timestamp: &str,
    app_key: &SecretString,
    received_sign: &str,
) -> Result<()> {
    let expected = push_signature(app_id, version, timestamp, app_key);
    if signatures_match(&expected, received_sign.trim()) {
        Ok(())
    } else {
        Err(Error::signature(
            "the push's `sign` does not match appId + version + timestamp + appKey",
        ))
    }
}

/// The Tanma hooks of the shared transport: signs every attempt and unwraps the
/// `{code, message, data}` envelope.
pub struct TanmaAuth {
    pub(crate) credentials: Credentials,
    pub(crate) recipe: SignRecipe,
    pub(crate) send_app_key: bool,
    pub(crate) clock: Arc<dyn Clock>,
}

impl fmt::Debug for TanmaAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TanmaAuth")
            .field("credentials", &self.credentials)
            .field("recipe", &self.recipe)
            .field("send_app_key", &self.send_app_key)
            .finish_non_exhaustive()
    }
}

impl TanmaAuth {
    /// The headers of one attempt: `(timestamp, sign)` for `body` at the clock's current time.
    pub(crate) fn sign_now(&self, body: &[u8]) -> (String, String) {
        let timestamp = self.clock.now().timestamp_millis().to_string();
        let sign = self.recipe.sign(&SignInput::new(
            &self.credentials.app_id,
            &timestamp,
            body,
            &self.credentials.app_key,
        ));
        (timestamp, sign)
    }
}

#[async_trait]
impl Vendor for TanmaAuth {
    fn name(&self) -> &'static str {
        "tanma"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> Result<()> {
        let (timestamp, sign) = {
            let body: &[u8] = request.json_bytes().map_or(&[], |b| b.as_ref());
            self.sign_now(body)
        };
        let app_id = HeaderValue::from_str(&self.credentials.app_id)
            .map_err(|_| Error::config("the appId is not valid header text"))?;
        request.set_header(header_name(HEADER_APP_ID), app_id);
        if self.send_app_key {
            request.set_secret_header(
                header_name(HEADER_APP_KEY),
                self.credentials.app_key.expose_secret(),
            )?;
        }
        let timestamp = HeaderValue::from_str(&timestamp)
            .map_err(|_| Error::config("the timestamp is not valid header text"))?;
        request.set_header(header_name(HEADER_TIMESTAMP), timestamp);
        // Not a secret, but derived from one: kept out of logs all the same.
        request.set_secret_header(header_name(HEADER_SIGN), &sign)?;
        Ok(())
    }

    fn interpret(&self, operation: &'static str, response: RawResponse) -> Result<Payload> {
        unwrap_envelope(operation, response)
    }
}

/// A `code` as sent: a number, or (defensively) a numeric string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Code {
    Number(i64),
    Text(String),
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    code: Option<Code>,
    #[serde(default)]
    message: Option<String>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// Unwraps `{code, message, data}` (every operation's "返回响应"): `code == 0` yields `data`
/// (zero-copy); any other code is an API error with the vendor's code and message. Tanma
/// documents no error codes, so no catalogue entry is attached.
pub(crate) fn unwrap_envelope(operation: &'static str, response: RawResponse) -> Result<Payload> {
    let RawResponse { status, body, .. } = response;
    let envelope: Envelope<'_> = match serde_json::from_slice(&body) {
        Ok(envelope) => envelope,
        Err(e) if status.is_success() => return Err(Error::decode("", e, &body)),
        Err(_) => {
            return Err(Error::api(
                Some(status),
                format!("the server answered HTTP {}", status.as_u16()),
            )
            .with_body(body.clone()));
        }
    };
    let code = match envelope.code {
        Some(Code::Number(n)) => Some(VendorCode::from_number(n)),
        Some(Code::Text(t)) => Some(VendorCode::new(&t)),
        None => None,
    };
    match code {
        Some(code) if code.as_number() == Some(0) && status.is_success() => {
            Ok(match envelope.data {
                Some(data) => Payload::slice_of(&body, data.get()),
                None => Payload::new(bytes_null()),
            })
        }
        Some(code) if code.as_number() == Some(0) => Err(Error::api(
            Some(status),
            format!("the server answered HTTP {}", status.as_u16()),
        )
        .with_body(body.clone())),
        Some(code) => {
            let mut error = Error::api(Some(status), format!("Tanma answered code {code}"))
                .with_code(code, None)
                .with_operation(operation)
                .with_body(body.clone());
            if let Some(message) = envelope.message {
                error = error.with_vendor_message(message);
            }
            Err(error)
        }
        None => Err(Error::api(
            Some(status),
            "the response has no `code` member (expected {code, message, data})",
        )
        .with_body(body.clone())),
    }
}

fn bytes_null() -> bytes::Bytes {
    bytes::Bytes::from_static(b"null")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_vector() {
        let key = SecretString::from("zc_test");
        assert_eq!(
            push_signature("zc_test", "1", "1596681164807", &key),
            "317672b4685d9b8bafe1794390e31209aed5cef912683292fed94a69085919d3"
        );
        assert!(
            verify_push_signature(
                "zc_test",
                "1",
                "1596681164807",
                &key,
                "317672B4685D9B8BAFE1794390E31209AED5CEF912683292FED94A69085919D3"
            )
            .is_ok()
        );
        let err =
            verify_push_signature("zc_test", "1", "1596681164808", &key, "317672b4").unwrap_err();
        assert!(err.is_signature());
    }

    #[test]
    fn recipes_differ_in_order() {
        let key = SecretString::from("k");
        let input = SignInput::new("a", "1", b"{}", &key);
        assert_eq!(
            SignRecipe::AppIdTimestampBodyAppKey.sign(&input),
            client_core::signing::sha256_lower_hex(b"a1{}k")
        );
        assert_eq!(
            SignRecipe::AppIdBodyTimestampAppKey.sign(&input),
            client_core::signing::sha256_lower_hex(b"a{}1k")
        );
        assert_eq!(
            SignRecipe::AppIdTimestampAppKey.sign(&input),
            client_core::signing::sha256_lower_hex(b"a1k")
        );
    }

    #[test]
    fn debug_hides_the_key() {
        let c = Credentials::new("app", "very-secret-key");
        assert!(!format!("{c:?}").contains("very-secret-key"));
        let key = SecretString::from("very-secret-key");
        let input = SignInput::new("a", "1", b"{}", &key);
        assert!(!format!("{input:?}").contains("very-secret-key"));
    }
}
