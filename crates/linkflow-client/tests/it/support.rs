//! Shared helpers: a mock `GET /token` route and a client for a mock server.
#![allow(dead_code)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::time::Duration;

use client_core::backoff::{Backoff, Jitter};
use client_core::retry::RetryPolicy;
use httpmock::Mock;
use httpmock::prelude::*;
use linkflow_client::{Client, ClientBuilder};

/// The App Key the tests use.
pub const APP_KEY: &str = "test-app-key";
/// The App Secret the tests use.
pub const APP_SECRET: &str = "test-app-secret";
/// The token the mock `GET /token` issues.
pub const TOKEN: &str = "Mi03Y2IxNjNkMC05YWFjLTQ5NmYtOWE3OS01NjU3ZWRjMmQwNzk=";

/// An `expiration` far in the future, as Linkflow writes it (UTC+8 local time).
pub const FAR_EXPIRATION: &str = "2099-09-04 09:30:23";

/// Mocks `GET /token` (checking the key and secret headers), answering [`TOKEN`].
pub fn mock_token(server: &MockServer) -> Mock<'_> {
    mock_token_with(server, TOKEN, FAR_EXPIRATION)
}

/// Mocks `GET /token` answering `token` valid until `expiration`.
pub fn mock_token_with<'a>(server: &'a MockServer, token: &str, expiration: &str) -> Mock<'a> {
    let body = serde_json::json!({ "expiration": expiration, "token": token });
    server.mock(|when, then| {
        when.method(GET)
            .path("/token")
            .header("x-openapi-key", APP_KEY)
            .header("x-openapi-secret", APP_SECRET);
        then.status(200)
            .header("content-type", "application/json")
            .json_body(body);
    })
}

/// A retry policy with tiny, deterministic delays.
pub fn fast_retry(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(5),
        ))
        .with_jitter(Jitter::None)
}

/// A builder pointed at `server` with the test credentials and fast retries.
pub fn builder_for(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .credentials(APP_KEY, APP_SECRET)
        .retry_policy(fast_retry(3))
        .timeout(Duration::from_secs(10))
}

/// A client for `server` (test credentials, fast retries).
pub fn client_for(server: &MockServer) -> Client {
    builder_for(server).build().expect("client builds")
}

/// The vendor's error body.
pub fn error_body(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "domain": "linkflow", "code": code, "message": message })
}
