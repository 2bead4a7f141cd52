//! Shared helpers: a client pointed at a mock server, seeded tokens, a manual clock.

use std::time::Duration;

use chrono::{DateTime, Utc};
use client_core::backoff::{Backoff, Jitter};
use client_core::clock::ManualClock;
use client_core::retry::RetryPolicy;
use client_core::store::MemoryStore;
use client_core::token::Token;
use httpmock::MockServer;
use wukong_client::{Client, ClientBuilder};

pub const APPID: &str = "wk-app-1";
pub const APPSECRET: &str = "wk-secret-1";

/// A fixed start time for manual clocks.
pub fn t0() -> DateTime<Utc> {
    "2024-05-20T08:00:00Z".parse().unwrap()
}

/// Fast retries with no jitter.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(5),
        ))
        .with_jitter(Jitter::None)
}

/// A builder for `server` with the test credentials, fast retries and `clock`.
pub fn builder(server: &MockServer, clock: &ManualClock) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .appid(APPID)
        .appsecret(APPSECRET)
        .retry_policy(fast_retries())
        .clock(clock.clone())
}

/// A token obtained at `at`, living two hours, with a refresh token.
pub fn token(access: &str, refresh: &str, at: DateTime<Utc>) -> Token {
    Token::expiring_in(access, at, Duration::from_secs(7200)).with_refresh(refresh)
}

/// A client whose store already holds a valid `AT1`/`RT1` pair.
pub fn authorised(server: &MockServer) -> (Client, MemoryStore, ManualClock) {
    let clock = ManualClock::new(t0());
    let store = MemoryStore::with_token(token("AT1", "RT1", t0()));
    let client = builder(server, &clock)
        .token_store(store.clone())
        .build()
        .unwrap();
    (client, store, clock)
}

/// The form body reqwest sends for `pairs` (percent-encoded, in order).
pub fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// A matcher: the request's form body holds exactly the members of the JSON object `fixture`
/// (as text), in any order, and nothing else.
pub fn form_equals_fixture(
    fixture: &str,
) -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
    let expected: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(fixture).unwrap();
    let mut expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(k, v)| {
            (
                k,
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string()),
            )
        })
        .collect();
    expected.sort();
    move |request| {
        let mut got: Vec<(String, String)> = url::form_urlencoded::parse(request.body_ref())
            .into_owned()
            .collect();
        got.sort();
        got == expected
    }
}
