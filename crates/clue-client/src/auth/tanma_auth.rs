//! [`TanmaAuth`]: the Tanma hooks of the shared transport, which sign every attempt and unwrap
//! the `{code, message, data}` envelope.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use client_core::clock::Clock;
use client_core::transport::{OutgoingRequest, Payload, RawResponse, Vendor, header_name};
use client_core::{Error, Result};
use http::HeaderValue;
use secrecy::ExposeSecret;

use super::{
    Credentials, HEADER_APP_ID, HEADER_APP_KEY, HEADER_SIGN, HEADER_TIMESTAMP, SignInput,
    SignRecipe,
};
use crate::envelope::unwrap_envelope;

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
            self.credentials.app_id(),
            &timestamp,
            body,
            self.credentials.app_key(),
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
        let app_id = HeaderValue::from_str(self.credentials.app_id())
            .map_err(|_| Error::config("the appId is not valid header text"))?;
        request.set_header(header_name(HEADER_APP_ID), app_id);
        if self.send_app_key {
            request.set_secret_header(
                header_name(HEADER_APP_KEY),
                self.credentials.app_key().expose_secret(),
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
