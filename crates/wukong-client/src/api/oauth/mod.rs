//! 一、认证&授权: `POST /oauth/code` (§1.1), `POST /oauth/token` with a code (§1.2) and with a
//! refresh token (§1.3).
//!
//! | file | what |
//! |---|---|
//! | `mod.rs` | the [`OAuth`] handler and its operations |
//! | `access_token_info.rs` | [`AccessTokenInfo`] |
//! | `code_grant.rs` | [`CodeGrant`] |

mod access_token_info;
mod code_grant;

pub use access_token_info::AccessTokenInfo;
pub use code_grant::CodeGrant;

use client_core::Error;
use client_core::transport::Request;
use secrecy::SecretString;

use crate::Client;
use crate::auth::{self, OP_CODE};
use crate::envelope;

client_core::handler! {
    /// The OAuth operations (§1). Get one with [`Client::oauth`].
    pub struct OAuth => Client;
}

impl<'c> OAuth<'c> {
    /// §1.1 获取授权码 — `POST /oauth/code` with `appid` and `redirect_uri`: asks Wukong to deliver
    /// an authorisation code to `redirect_uri`.
    ///
    /// When Wukong answers with the redirect itself (`302 Location: <redirect_uri>?code=…`), the
    /// redirect is not followed: the code is read from its `Location` and returned
    /// ([`CodeGrant::Code`]); error parameters there (`error`, `errcode`, …) are an
    /// [`Error::is_auth`] error. A JSON answer is returned as [`CodeGrant::Sent`]: read the code
    /// where `redirect_uri` receives it, with
    /// [`code_from_redirect`](crate::auth::code_from_redirect). Then call
    /// [`exchange_code`](Self::exchange_code).
    ///
    /// `redirect_uri` must be an absolute `http(s)://` URL. Each request issues a single-use
    /// code, so it is sent once: never repeated after it may have reached the server (a failure
    /// to connect is retried).
    pub async fn request_code(&self, redirect_uri: impl Into<String>) -> Result<CodeGrant, Error> {
        let redirect_uri = redirect_uri.into();
        match url::Url::parse(redirect_uri.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
            _ => {
                return Err(Error::invalid_input(
                    "redirect_uri",
                    "must be an absolute http:// or https:// URL",
                ));
            }
        }
        let form = vec![
            (
                "appid".to_owned(),
                self.client.inner.credentials.appid.clone(),
            ),
            ("redirect_uri".to_owned(), redirect_uri.trim().to_owned()),
        ];
        let request = Request::post(OP_CODE, "/oauth/code")
            .form(form)
            .safe_to_repeat(false)
            .spends_single_use_credential()
            .secret_response()
            .options(self.options.clone());
        let payload = self.client.inner.oauth.execute_payload(request).await?;
        match payload.redirect_location() {
            Some(location) => code_in_location(location).map(CodeGrant::Code),
            None => envelope::decode(payload).map(CodeGrant::Sent),
        }
    }

    /// §1.2 利用授权码获取access_token — `POST /oauth/token` with `appid`, `appsecret` and `code`.
    ///
    /// The new access and refresh tokens are installed in the client's token cache and saved to
    /// its token store (under the store's lock). A refused code is
    /// [`Error::reauthorization_required`] (ask for a new code); the exchange is never repeated
    /// after it may have reached the server (a code is single-use).
    pub async fn exchange_code(
        &self,
        code: impl Into<SecretString>,
    ) -> Result<AccessTokenInfo, Error> {
        let code = code.into();
        let inner = &self.client.inner;
        let token = auth::exchange(
            &inner.credentials,
            &inner.oauth,
            inner.clock.as_ref(),
            &code,
            self.options.clone(),
        )
        .await?;
        let cached = self.client.cache().set_token(token).await?;
        inner.forget_refused();
        Ok(AccessTokenInfo::of(&cached))
    }

    /// [`code_from_redirect`](crate::auth::code_from_redirect) then
    /// [`exchange_code`](Self::exchange_code): pass the URL (or query string) Wukong redirected to.
    pub async fn exchange_redirect(&self, redirect: &str) -> Result<AccessTokenInfo, Error> {
        let code = auth::code_from_redirect(redirect)?;
        self.exchange_code(code).await
    }

    /// §1.3 刷新access_token — `POST /oauth/token` with `appid`, `appsecret` and `refresh_token`,
    /// now, whatever the current token's age (the client otherwise refreshes on its own shortly
    /// before expiry). Concurrent calls share one refresh. A refused refresh token is
    /// [`Error::reauthorization_required`].
    pub async fn refresh(&self) -> Result<AccessTokenInfo, Error> {
        let cache = self.client.cache();
        if cache.cached().is_none() {
            // Nothing in memory yet: a valid stored token is loaded first (so that the refresh
            // below replaces it); an expired or missing one makes this call refresh (or fail).
            let stored_is_valid = match &self.client.inner.store {
                Some(store) => store
                    .load()
                    .await?
                    .is_some_and(|t| !t.is_expired_at(self.client.inner.clock.now())),
                None => false,
            };
            let token = cache.token().await?;
            if !stored_is_valid {
                return Ok(AccessTokenInfo::of(&token));
            }
        }
        cache.invalidate();
        let token = cache.token().await?;
        Ok(AccessTokenInfo::of(&token))
    }

    /// A valid access token's details, refreshing (or loading the stored token) if needed.
    /// Fails with [`Error::reauthorization_required`] when there is no usable authorisation.
    pub async fn ensure_token(&self) -> Result<AccessTokenInfo, Error> {
        Ok(AccessTokenInfo::of(&self.client.cache().token().await?))
    }

    /// The cached access token's details without any request (`None` before the first token).
    pub fn cached_token(&self) -> Option<AccessTokenInfo> {
        self.client
            .cache()
            .cached()
            .as_ref()
            .map(AccessTokenInfo::of)
    }
}

/// The code (or the vendor's refusal) in the `Location` Wukong redirected to. What the server
/// sent is never blamed on the caller, and the location never reaches the error text.
fn code_in_location(location: &str) -> Result<SecretString, Error> {
    auth::code_from_redirect(location).map_err(|e| {
        if e.is_invalid_input() {
            Error::api(
                Some(http::StatusCode::FOUND),
                "POST /oauth/code redirected without a `code` parameter",
            )
            .with_operation(OP_CODE)
        } else {
            e.with_operation(OP_CODE)
        }
    })
}
