//! §1.2 利用授权码获取access_token: exchanging an authorisation code for a token.

use client_core::Error;
use client_core::clock::Clock;
use client_core::token::Token;
use client_core::transport::{Request, RequestOptions, Transport};
use secrecy::{ExposeSecret, SecretString};

use super::token_response::token_from;
use super::{AppCredentials, OAuthVendor, OP_TOKEN};
use crate::codes;

/// Exchanges an authorisation code (§1.2) for a token obtained at the clock's `now`, with the
/// caller's per-call `options`.
pub(crate) async fn exchange(
    credentials: &AppCredentials,
    oauth: &Transport<OAuthVendor>,
    clock: &dyn Clock,
    code: &SecretString,
    options: RequestOptions,
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
        .secret_response()
        .options(options);
    let payload = oauth
        .execute_payload(req)
        .await
        .map_err(|e| codes::refusal_to_reauthorization(e, "authorisation code"))?;
    token_from(payload, now, None)
}
