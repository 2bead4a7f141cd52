//! Shared pieces of the hardening tests: a vendor that counts what it does and fast retries.
//! Answers httpmock cannot give (streamed bodies, stalls, resets) come from
//! `client_core::fault::FaultServer`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use client_core::backoff::{Backoff, Jitter};
use client_core::retry::RetryPolicy;
use client_core::transport::{OutgoingRequest, Payload, RawResponse, Vendor, header_name};
use client_core::{Error, Result};

/// The secret every hardening test sends, to look for it where it must not be.
pub const CANARY: &str = "canary-7f3a9c";

/// A vendor sending [`CANARY`] as a token header, with `{code, message}` errors and 401 as a
/// token error; counts its hooks.
#[derive(Default)]
pub struct CountingVendor {
    pub authorized: AtomicU64,
    pub invalidated: AtomicU64,
    /// When set, `authorize` fails with this status (a token endpoint that is down).
    pub authorize_fails_with: Option<u16>,
}

#[async_trait]
impl Vendor for CountingVendor {
    fn name(&self) -> &'static str {
        "counting"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> Result<()> {
        self.authorized.fetch_add(1, Ordering::SeqCst);
        if let Some(status) = self.authorize_fails_with {
            return Err(Error::api(
                http::StatusCode::from_u16(status).ok(),
                "the token endpoint failed",
            ));
        }
        request.set_secret_header(header_name("x-openapi-token"), CANARY)?;
        request.set_credential_generation(1);
        Ok(())
    }

    fn interpret(&self, _operation: &'static str, response: RawResponse) -> Result<Payload> {
        if response.status.is_success() {
            return Ok(Payload::new(response.body));
        }
        #[derive(serde::Deserialize)]
        struct VendorError {
            message: String,
        }
        let mut error = response.status_error();
        if let Ok(v) = serde_json::from_slice::<VendorError>(&response.body) {
            error = error.with_vendor_message(v.message);
        }
        Err(error)
    }

    fn is_token_error(&self, error: &Error) -> bool {
        error.status() == Some(http::StatusCode::UNAUTHORIZED)
    }

    fn invalidate_credentials(&self, _generation: Option<u64>) {
        self.invalidated.fetch_add(1, Ordering::SeqCst);
    }
}

/// Three attempts, millisecond waits.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(5),
        ))
        .with_jitter(Jitter::seeded(1))
}
