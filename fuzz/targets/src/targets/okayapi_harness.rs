//! The OkayAPI clients the `okayapi_*` targets call, each against its own loopback server: two
//! that check `_auth` when present (the default) and one that requires it.

use std::sync::OnceLock;
use std::time::Duration;

use client_core::retry::RetryPolicy;
use okayapi_client::Verification;

use crate::loopback::Loopback;
use crate::support::CANARY_SECRET;

/// The app name the clients use (`/api/SVIP/FuzzApp/<Method>`).
pub const APP: &str = "FuzzApp";

/// The app key the clients send.
pub const APP_KEY: &str = "fuzz-app-key";

/// A client and the server it talks to.
pub struct Harness {
    /// The loopback server.
    pub server: Loopback,
    /// The client.
    pub client: okayapi_client::Client,
}

#[allow(clippy::expect_used)] // harness set-up: fixed, valid settings
fn build(verification: Verification) -> Harness {
    let server = Loopback::start();
    let client = okayapi_client::Client::builder()
        .credentials(APP_KEY, CANARY_SECRET)
        .app(APP)
        .base_url(server.base_url())
        .verification(verification)
        .max_clock_skew(None)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an OkayAPI client");
    Harness { server, client }
}

/// The client that verifies `_auth` when the response has one.
pub fn if_present() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| build(Verification::IfPresent))
}

/// A client like [`if_present`] with its own server, for the form target (targets run in
/// parallel in the replay tests, so no two share a server).
pub fn for_forms() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| build(Verification::IfPresent))
}

/// The client that requires `_auth`.
pub fn required() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| build(Verification::Required))
}

/// `lower(hex(md5(data + t + secret)))`, computed here independently of the client.
pub fn expected_auth(data: &[u8], t: &[u8]) -> String {
    use md5::{Digest, Md5};
    let mut hasher = Md5::new();
    hasher.update(data);
    hasher.update(t);
    hasher.update(CANARY_SECRET.as_bytes());
    hex::encode(hasher.finalize())
}
