//! 一、认证&授权 — how Wukong authenticates: the OAuth code flow, the token fetcher and the
//! [`Vendor`] hooks.
//!
//! 1. `POST /oauth/code` (`appid`, `redirect_uri`, §1.1) asks Wukong to deliver an authorisation
//!    code to the caller's redirect URI; [`code_from_redirect`] reads it from the redirect.
//! 2. `POST /oauth/token` (`appid`, `appsecret`, `code`, §1.2) exchanges the code for an
//!    `access_token` (2 hours) and a `refresh_token`.
//! 3. `POST /oauth/token` (`appid`, `appsecret`, `refresh_token`, §1.3) refreshes; the endpoint is
//!    rate-limited and a refresh may invalidate the previous refresh token.
//!
//! The access token lives in client-core's [`TokenCache`]: refreshed before expiry, one refresh
//! at a time, and — with a [`TokenStore`](crate::TokenStore) — saved after every
//! exchange and refresh under the store's lock, so a restarted process (or another one sharing a
//! [`FileStore`](crate::FileStore)) resumes from the saved refresh token.
//!
//! A refused refresh token is [`Error::reauthorization_required`]: a person must authorise the
//! app again. The refused token is remembered, so later calls fail at once instead of asking the
//! rate-limited endpoint again — until a new code is exchanged or another process saves a new
//! token in the shared store.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use client_core::Error;
use client_core::clock::Clock;
use client_core::number_or_string::NumberOrString;
use client_core::token::{Token, TokenCache, TokenFetcher, TokenRequest};
use client_core::transport::{OutgoingRequest, Payload, RawResponse, Request, Transport, Vendor};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use crate::codes::{self, is_oauth_operation};
use crate::envelope;
use crate::models::generated::TokenResponse;

/// The documented lifetime of an access token (§1.3: 2 hours), used when the token response
/// carries no `expires_in`.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// `POST /oauth/code` (§1.1).
pub const OP_CODE: &str = "POST /oauth/code";
/// `POST /oauth/token` (§1.2 exchange, §1.3 refresh).
pub const OP_TOKEN: &str = "POST /oauth/token";

/// The app's credentials (`appid`, `appsecret`). The secret never appears in `Debug`.
#[derive(Clone)]
pub(crate) struct AppCredentials {
    pub appid: String,
    pub appsecret: SecretString,
}

impl std::fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppCredentials")
            .field("appid", &self.appid)
            .field("appsecret", &"** redacted **")
            .finish()
    }
}

// ----- the OAuth endpoints' own transport ----------------------------------------------------

/// The hooks for the OAuth endpoints: no access token, the tolerant envelope.
#[derive(Debug, Default)]
pub(crate) struct OAuthVendor;

#[async_trait]
impl Vendor for OAuthVendor {
    fn name(&self) -> &'static str {
        "wukong-oauth"
    }

    async fn authorize(&self, _request: &mut OutgoingRequest) -> Result<(), Error> {
        Ok(())
    }

    fn interpret(&self, operation: &'static str, response: RawResponse) -> Result<Payload, Error> {
        envelope::interpret(operation, response)
    }

    /// `POST /oauth/code` delivers the code by redirecting to `redirect_uri`: the `Location` is
    /// read here, never followed (following it would turn the POST into a GET of the caller's
    /// callback page, and a callback host that is down would look like a connection failure).
    fn interpret_redirect(
        &self,
        operation: &'static str,
        response: &RawResponse,
    ) -> Option<Result<Payload, Error>> {
        if operation != OP_CODE {
            return None;
        }
        let location = response
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.trim().is_empty());
        Some(match location {
            Some(location) => Ok(Payload::from_redirect(location)),
            None => Err(Error::api(
                Some(response.status),
                "POST /oauth/code redirected without a readable Location",
            )),
        })
    }
}

/// Turns a token response into a [`Token`] obtained at `now`.
fn token_from(
    payload: Payload,
    now: chrono::DateTime<chrono::Utc>,
    previous_refresh: Option<&SecretString>,
) -> Result<Token, Error> {
    // The generated `TokenResponse` (in `data`, or the whole body): every member optional,
    // `expires_in` a number or a numeric string, and a `Debug` that redacts both tokens.
    let reply = envelope::decode::<TokenResponse>(payload)?;
    let body = reply.into_data();
    // The body is not kept: a token response whose format changed may hold a token elsewhere.
    let access = body
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::auth("the token response carries no access_token"))?;
    // Absent, or text that is not a number of seconds: the documented two hours.
    let lifetime = body
        .expires_in
        .as_ref()
        .and_then(NumberOrString::as_u64)
        .map_or(ACCESS_TOKEN_LIFETIME, Duration::from_secs);
    let token = Token::expiring_in(SecretString::from(access), now, lifetime);
    match (
        body.refresh_token.filter(|t| !t.is_empty()),
        previous_refresh,
    ) {
        (Some(new), _) => Ok(token.with_refresh(SecretString::from(new))),
        // No new refresh token: the previous one stays valid.
        (None, Some(old)) => Ok(token.with_refresh(old.clone())),
        (None, None) => Ok(token),
    }
}

// ----- the token fetcher ------------------------------------------------------------------------

/// Obtains tokens from `POST /oauth/token`: refreshes with the stored refresh token (§1.3).
/// The first token comes from [`exchange_code`](crate::api::oauth::OAuth::exchange_code) (§1.2).
pub(crate) struct WukongFetcher {
    credentials: AppCredentials,
    oauth: Transport<OAuthVendor>,
    /// The last refresh token Wukong refused: not sent again.
    refused: Arc<Mutex<Option<SecretString>>>,
}

impl WukongFetcher {
    pub(crate) fn new(
        credentials: AppCredentials,
        oauth: Transport<OAuthVendor>,
        refused: Arc<Mutex<Option<SecretString>>>,
    ) -> Self {
        Self {
            credentials,
            oauth,
            refused,
        }
    }

    fn was_refused(&self, refresh: &SecretString) -> bool {
        let refused = self.refused.lock().unwrap_or_else(PoisonError::into_inner);
        refused.as_ref().is_some_and(|r| {
            let (a, b) = (
                r.expose_secret().as_bytes(),
                refresh.expose_secret().as_bytes(),
            );
            a.len() == b.len() && bool::from(a.ct_eq(b))
        })
    }
}

#[async_trait]
impl TokenFetcher for WukongFetcher {
    async fn fetch(&self, request: TokenRequest) -> Result<Token, Error> {
        let Some(refresh) = request.refresh_token().cloned() else {
            return Err(Error::reauthorization_required(
                "no Wukong authorisation yet: request a code (client.oauth().request_code(redirect_uri)), \
                 then exchange it (client.oauth().exchange_code(code))",
            ));
        };
        if self.was_refused(&refresh) {
            return Err(Error::reauthorization_required(
                "Wukong already refused the stored refresh token: the app must be authorised again \
                 (client.oauth().request_code, then exchange_code)",
            ));
        }
        let form = vec![
            ("appid".to_owned(), self.credentials.appid.clone()),
            (
                "appsecret".to_owned(),
                self.credentials.appsecret.expose_secret().to_owned(),
            ),
            (
                "refresh_token".to_owned(),
                refresh.expose_secret().to_owned(),
            ),
        ];
        // A refresh may rotate the refresh token: never repeat one that may have reached the
        // server, whatever the answer (429 and 503 included); a failure to connect is retried.
        // The response holds tokens: no error keeps its body.
        let req = Request::post(OP_TOKEN, "/oauth/token")
            .form(form)
            .safe_to_repeat(false)
            .spends_single_use_credential()
            .secret_response();
        let payload = match self.oauth.execute_payload(req).await {
            Ok(p) => p,
            Err(e) => {
                let e = codes::refusal_to_reauthorization(e, "refresh token");
                if e.is_reauthorization_required() {
                    *self.refused.lock().unwrap_or_else(PoisonError::into_inner) = Some(refresh);
                }
                return Err(e);
            }
        };
        token_from(payload, request.now, Some(&refresh))
    }
}

/// Exchanges an authorisation code (§1.2) for a token obtained at the clock's `now`.
pub(crate) async fn exchange(
    credentials: &AppCredentials,
    oauth: &Transport<OAuthVendor>,
    clock: &dyn Clock,
    code: &SecretString,
) -> Result<Token, Error> {
    if code.expose_secret().trim().is_empty() {
        return Err(Error::invalid_input("code", "must not be empty"));
    }
    let now = clock.now();
    let form = vec![
        ("appid".to_owned(), credentials.appid.clone()),
        (
            "appsecret".to_owned(),
            credentials.appsecret.expose_secret().to_owned(),
        ),
        ("code".to_owned(), code.expose_secret().trim().to_owned()),
    ];
    // A code is single-use: never repeat an exchange that may have reached the server.
    let req = Request::post(OP_TOKEN, "/oauth/token")
        .form(form)
        .safe_to_repeat(false)
        .spends_single_use_credential()
        .secret_response();
    let payload = oauth
        .execute_payload(req)
        .await
        .map_err(|e| codes::refusal_to_reauthorization(e, "authorisation code"))?;
    token_from(payload, now, None)
}

// ----- the data APIs' hooks -------------------------------------------------------------------

/// The hooks for the data APIs (§2): `access_token` from the cache, written as a form parameter
/// or, for the batch import, as a member of the JSON body; replaced on every attempt.
pub(crate) struct WukongVendor {
    pub(crate) cache: TokenCache,
}

impl std::fmt::Debug for WukongVendor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WukongVendor")
            .field("cache", &self.cache)
            .finish()
    }
}

#[async_trait]
impl Vendor for WukongVendor {
    fn name(&self) -> &'static str {
        "wukong"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> Result<(), Error> {
        if is_oauth_operation(request.operation()) {
            return Ok(());
        }
        let token = self.cache.token().await.map_err(codes::token_failure)?;
        request.set_credential_generation(token.generation());
        let access = token.access().expose_secret();
        if request.json_bytes().is_some() {
            request.set_json_field("access_token", serde_json::Value::String(access.to_owned()))
        } else {
            request.set_form_field("access_token", access)
        }
    }

    fn interpret(&self, operation: &'static str, response: RawResponse) -> Result<Payload, Error> {
        envelope::interpret(operation, response)
    }

    fn is_token_error(&self, error: &Error) -> bool {
        codes::is_stale_access_token(error)
    }

    fn invalidate_credentials(&self, generation: Option<u64>) {
        match generation {
            Some(g) => {
                self.cache.invalidate_if(g);
            }
            None => self.cache.invalidate(),
        }
    }
}

// ----- the redirect ---------------------------------------------------------------------------

/// Reads the authorisation code from the redirect Wukong sent to the caller's `redirect_uri`
/// (§1.1): a full URL (`https://app.example.com/cb?code=…&state=…`), a query string
/// (`?code=…` or `code=…`), or a fragment.
///
/// Errors: [`Error::auth`] carrying the vendor's code and message when the redirect holds an
/// error (`error`, `errcode`, `error_description`, `errmsg`); [`Error::invalid_input`] when it
/// has no `code`.
///
/// ```
/// use secrecy::ExposeSecret;
/// use wukong_client::auth::code_from_redirect;
///
/// let code = code_from_redirect("https://app.example.com/cb?code=AbC123&state=xyz")?;
/// assert_eq!(code.expose_secret(), "AbC123");
/// assert!(code_from_redirect("?error=access_denied").unwrap_err().is_auth());
/// assert!(code_from_redirect("state=xyz").unwrap_err().is_invalid_input());
/// # Ok::<(), client_core::Error>(())
/// ```
pub fn code_from_redirect(redirect: &str) -> Result<SecretString, Error> {
    let text = redirect.trim();
    let query = match url::Url::parse(text) {
        Ok(url) => {
            let mut q = url.query().unwrap_or_default().to_owned();
            if let Some(fragment) = url.fragment() {
                q.push('&');
                q.push_str(fragment);
            }
            q
        }
        Err(_) => {
            let after = text.split_once('?').map_or(text, |(_, q)| q);
            after.trim_start_matches('#').replace('#', "&")
        }
    };
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };

    let error_code = get("error").or_else(|| get("errcode").filter(|c| c != "0"));
    if let Some(code) = error_code {
        let message = get("error_description")
            .or_else(|| get("errmsg"))
            .or_else(|| get("msg"));
        let mut error = Error::auth(format!("the authorisation was not granted: {code}"))
            .with_code(client_core::code::VendorCode::new(&code), None);
        if let Some(m) = message {
            error = error.with_vendor_message(m);
        }
        return Err(error);
    }
    match get("code") {
        Some(code) => Ok(SecretString::from(code)),
        None => Err(Error::invalid_input(
            "redirect",
            "has no `code` parameter (expected the URL Wukong redirected to, or its query string)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bodies_decode_into_the_generated_type_and_never_show_in_debug() {
        let body: TokenResponse = serde_json::from_str(
            r#"{"access_token": "AT-secret", "refresh_token": "RT-secret", "expires_in": "7200"}"#,
        )
        .unwrap();
        assert_eq!(
            body.expires_in.as_ref().and_then(NumberOrString::as_u64),
            Some(7200)
        );
        let shown = format!("{body:?}");
        assert!(
            !shown.contains("AT-secret") && !shown.contains("RT-secret"),
            "{shown}"
        );
        assert!(
            shown.contains("[REDACTED]") && shown.contains("7200"),
            "{shown}"
        );
        let now = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        for (expires_in, seconds) in [
            ("7200", 7200),
            ("\"60\"", 60),
            ("7200.0", 7200),
            ("\"soon\"", 7200),
        ] {
            let text = format!(r#"{{"access_token": "a", "expires_in": {expires_in}}}"#);
            let token = token_from(Payload::new(text.into()), now, None).unwrap();
            let lifetime = token.expires_at() - now;
            assert_eq!(lifetime.num_seconds(), seconds, "{expires_in}");
        }
    }

    #[test]
    fn redirect_forms() {
        for r in [
            "https://app.example.com/cb?code=A%2BB&state=1",
            "http://localhost:8080/cb?state=1&code=A%2BB",
            "?code=A%2BB",
            "code=A%2BB&state=1",
            "/cb?code=A%2BB",
            "https://app.example.com/cb#code=A%2BB",
        ] {
            assert_eq!(code_from_redirect(r).unwrap().expose_secret(), "A+B", "{r}");
        }
    }

    #[test]
    fn redirect_errors() {
        let e =
            code_from_redirect("https://app.example.com/cb?errcode=40029&errmsg=invalid%20code")
                .unwrap_err();
        assert!(e.is_auth());
        assert_eq!(e.vendor_code().map(|c| c.as_str()), Some("40029"));
        assert_eq!(e.vendor_message(), Some("invalid code"));
        // An error wins even when a code is present.
        assert!(
            code_from_redirect("?code=x&error=access_denied")
                .unwrap_err()
                .is_auth()
        );
        let e = code_from_redirect("https://app.example.com/cb?code=").unwrap_err();
        assert_eq!(e.field(), Some("redirect"));
        assert!(code_from_redirect("").unwrap_err().is_invalid_input());
    }
}
