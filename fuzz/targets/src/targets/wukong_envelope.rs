//! `wukong_envelope`: Wukong's tolerant envelope (`code`/`errcode`/`error`, `msg`/`errmsg`/…,
//! `data` or a bare body) and the token answer, through real client calls against a loopback
//! server (the envelope has no public pure seam): `oauth().exchange_code` and `leads().list()`.
//!
//! Invariants: a result only for a 2xx status; a listing keeps the exact body; the single-use
//! authorisation code is sent exactly once; a listing sends at most two requests (one replay
//! after a stale token); no error shows the app secret, the code or the access token.

use std::sync::OnceLock;

use client_core::retry::RetryPolicy;
use std::time::Duration;

use crate::loopback::Loopback;
use crate::support::{
    CANARY_SECRET, CANARY_TOKEN, assert_no_canary, runtime, selector_of, status_of,
};

struct Harness {
    oauth_server: Loopback,
    oauth_client: wukong_client::Client,
    data_server: Loopback,
    data_client: wukong_client::Client,
}

fn token_body() -> Vec<u8> {
    format!(
        r#"{{"code":0,"msg":"ok","data":{{"access_token":"{CANARY_TOKEN}","refresh_token":"{CANARY_TOKEN}-r","expires_in":7200}}}}"#
    )
    .into_bytes()
}

#[allow(clippy::expect_used)] // harness set-up: fixed, valid settings
fn build(server: &Loopback) -> wukong_client::Client {
    wukong_client::Client::builder()
        .appid("fuzz-app")
        .appsecret(CANARY_SECRET)
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a Wukong client")
}

#[allow(clippy::expect_used)] // harness set-up: the loopback server answers a valid token
fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let oauth_server = Loopback::start();
        let oauth_client = build(&oauth_server);
        let data_server = Loopback::start();
        // Every token request of the data client succeeds, so only the fuzzed body varies.
        data_server.fixed("/oauth/token", 200, &token_body());
        let data_client = build(&data_server);
        runtime()
            .block_on(data_client.oauth().exchange_code(CANARY_TOKEN))
            .expect("the set-up exchange");
        Harness {
            oauth_server,
            oauth_client,
            data_server,
            data_client,
        }
    })
}

/// Runs the target on one input: a status selector byte, an operation byte (even: exchange a
/// code, odd: list leads), then the body.
pub fn run(data: &[u8]) {
    let [selector, operation, body @ ..] = data else {
        return;
    };
    let status = status_of(*selector);
    let h = harness();
    if operation % 2 == 0 {
        h.oauth_server.reply(status, body);
        let result = runtime().block_on(h.oauth_client.oauth().exchange_code(CANARY_TOKEN));
        let sent = h.oauth_server.received();
        assert_eq!(sent.len(), 1, "a code is exchanged exactly once");
        let form = sent.first().map(|r| r.body.clone()).unwrap_or_default();
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(&form).into_owned().collect();
        assert!(
            pairs.contains(&("code".to_owned(), CANARY_TOKEN.to_owned())),
            "the code is sent: {pairs:?}"
        );
        match result {
            Ok(_) => assert!((200..300).contains(&status), "HTTP {status} gave a token"),
            Err(error) => assert_no_canary(&error, body),
        }
    } else {
        h.data_server.reply(status, body);
        let result = runtime().block_on(h.data_client.leads().list().wk_uid("20817").send());
        let sent = h.data_server.received();
        let data_requests = sent
            .iter()
            .filter(|r| !r.target.starts_with("/oauth/"))
            .count();
        assert!(
            (1..=2).contains(&data_requests),
            "{data_requests} listing requests for one call"
        );
        match result {
            Ok(response) => {
                assert!((200..300).contains(&status), "HTTP {status} gave a listing");
                assert_eq!(response.raw_json().as_bytes(), body, "raw_json is the body");
                let _ = format!("{response:?}");
            }
            Err(error) => assert_no_canary(&error, body),
        }
    }
}

/// Seeds: every Wukong response fixture for both operations, and error envelopes.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for body in crate::support::fixtures("wukong", ".response.json") {
        for op in [0u8, 1] {
            out.push(crate::support::prefixed(&[0, op], &body));
        }
    }
    let errors: [&[u8]; 5] = [
        br#"{"code":40001,"msg":"invalid credential"}"#,
        br#"{"errcode":"42001","errmsg":"access_token expired"}"#,
        br#"{"error":"invalid_grant","error_description":"expired"}"#,
        br#"{"code":0,"data":null}"#,
        b"not json",
    ];
    for status in [200u16, 400, 401, 500] {
        for body in errors {
            for op in [0u8, 1] {
                out.push(crate::support::prefixed(&[selector_of(status), op], body));
            }
        }
    }
    out
}
