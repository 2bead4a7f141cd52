//! §1.3 刷新access_token: the token cache's fetcher, which refreshes with the stored refresh
//! token and remembers one Wukong refused.

use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use client_core::Error;
use client_core::token::{Token, TokenFetcher, TokenRequest};
use client_core::transport::{Request, Transport};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use super::token_response::token_from;
use super::{AppCredentials, OAuthVendor, OP_TOKEN};
use crate::codes;

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
