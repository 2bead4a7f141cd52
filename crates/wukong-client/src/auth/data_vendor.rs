//! The hooks of the data APIs' transport (§2): the access token from the cache, written into
//! every attempt; a stale token invalidated so the request is replayed once.

use async_trait::async_trait;
use client_core::Error;
use client_core::token::TokenCache;
use client_core::transport::{OutgoingRequest, Payload, RawResponse, Vendor};
use secrecy::ExposeSecret;

use crate::codes::{self, is_oauth_operation};
use crate::envelope;

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
