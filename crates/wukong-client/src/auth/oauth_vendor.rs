//! The hooks of the OAuth endpoints' own transport (§1): no access token, the tolerant envelope,
//! and the `Location` of `POST /oauth/code` read rather than followed.

use async_trait::async_trait;
use client_core::Error;
use client_core::transport::{OutgoingRequest, Payload, RawResponse, Vendor};

use super::OP_CODE;
use crate::envelope;

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
