//! The seam between the shared transport and one vendor.

use async_trait::async_trait;

use super::outgoing::OutgoingRequest;
use super::response::{Payload, RawResponse};
use crate::error::{Error, Result};

/// What a vendor plugs into the shared [`Transport`](super::Transport).
///
/// * Linkflow: `authorize` puts the cached token in `X-OpenApi-Token`; `interpret` parses
///   `{domain, code, message}` errors; `is_token_error` recognises 401/403.
/// * Wukong: `authorize` writes `access_token` into the form or the JSON body.
/// * OkayAPI: `authorize` signs the form parameters; `interpret` unwraps `{ret, data, msg}` and
///   verifies `_auth` over the exact `data` bytes.
/// * Tanma: `authorize` signs `appId + timestamp + body + appKey` over the exact body bytes.
#[async_trait]
pub trait Vendor: Send + Sync + 'static {
    /// A short vendor name for logs (`"linkflow"`).
    fn name(&self) -> &'static str;

    /// Adds credentials to one attempt (called again for every attempt, after any refresh).
    ///
    /// It runs once the attempt holds its concurrency slot and has passed the rate limit, right
    /// before sending, so tokens and timestamps are current. Requests it sends itself (a token
    /// fetch) must go through another [`Transport`](super::Transport).
    async fn authorize(&self, request: &mut OutgoingRequest) -> Result<()>;

    /// Turns a raw response into the payload to decode, or into the vendor's error.
    ///
    /// The default accepts any 2xx body and turns other statuses into API errors.
    fn interpret(&self, operation: &'static str, response: RawResponse) -> Result<Payload> {
        let _ = operation;
        response.into_payload_if_success()
    }

    /// Sees a redirect (3xx) before it becomes an error. Redirects are never followed; a vendor
    /// whose documented flow *is* a redirect (Wukong's `POST /oauth/code` answers with the code
    /// in `Location`) reads what it needs here and returns `Some`. The default, `None`, turns
    /// the redirect into [`Error::redirect`](crate::Error::redirect).
    ///
    /// A `Location` may carry a credential: never log it or put it into error text.
    fn interpret_redirect(
        &self,
        operation: &'static str,
        response: &RawResponse,
    ) -> Option<Result<Payload>> {
        let _ = (operation, response);
        None
    }

    /// Whether `error` means the credentials used were stale. The transport then calls
    /// [`Vendor::invalidate_credentials`] and replays the request once.
    fn is_token_error(&self, error: &Error) -> bool {
        let _ = error;
        false
    }

    /// Drops cached credentials so the next `authorize` obtains fresh ones. `generation` is what
    /// the failed attempt's `authorize` recorded with
    /// [`OutgoingRequest::set_credential_generation`], so a vendor can invalidate only if its
    /// cache still holds that token (many requests failing on one stale token cause one refresh).
    fn invalidate_credentials(&self, generation: Option<u64>) {
        let _ = generation;
    }
}
