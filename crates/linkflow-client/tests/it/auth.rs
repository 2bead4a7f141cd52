//! "通过App Key和App Secret获取Access Token": token exchange, caching, proactive refresh,
//! refresh-and-replay on 401/403, error mapping, configuration.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use client_core::clock::ManualClock;
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use linkflow_client::Client;

use crate::support::*;

/// Mocks `GET /token` answering `tok-1`, `tok-2`, … in turn, valid until `expiration`.
fn rotating_tokens<'a>(
    server: &'a MockServer,
    expiration: &'static str,
) -> (httpmock::Mock<'a>, Arc<AtomicUsize>) {
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&issued);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/token")
            .header("x-openapi-key", APP_KEY)
            .header("x-openapi-secret", APP_SECRET);
        then.respond_with(move |_req: &HttpMockRequest| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            HttpMockResponse::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(format!(
                    r#"{{"expiration":"{expiration}","token":"tok-{n}"}}"#
                ))
                .build()
        });
    });
    (mock, issued)
}

fn groups_with_token<'a>(
    server: &'a MockServer,
    token: &str,
    status: u16,
    body: &str,
) -> httpmock::Mock<'a> {
    server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups")
            .header("x-openapi-token", token);
        then.status(status)
            .header("content-type", "application/json")
            .body(body);
    })
}

#[tokio::test]
async fn token_request_sends_key_secret_and_user_agent_and_is_cached() {
    let server = MockServer::start_async().await;
    let token = server.mock(|when, then| {
        when.method(GET)
            .path("/token")
            .header("x-openapi-key", APP_KEY)
            .header("x-openapi-secret", APP_SECRET)
            .header_missing("x-openapi-token")
            .header("accept", "application/json")
            .header_includes("user-agent", "linkflow-client/");
        then.status(200).json_body(serde_json::json!({
            "expiration": FAR_EXPIRATION, "token": TOKEN
        }));
    });
    let groups = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups")
            .header("x-openapi-token", TOKEN)
            .header_missing("x-openapi-key")
            .header_missing("x-openapi-secret");
        then.status(200).body("[]");
    });
    let client = client_for(&server);
    for _ in 0..3 {
        let groups = client.groups().list().send().await.expect("groups");
        assert!(groups.is_empty());
    }
    token.assert_calls(1);
    groups.assert_calls(3);
}

#[tokio::test]
async fn concurrent_first_calls_share_one_token_request() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let groups = groups_with_token(&server, TOKEN, 200, "[]");
    let client = client_for(&server);
    let calls = (0..32).map(|_| {
        let client = client.clone();
        async move { client.groups().list().send().await }
    });
    for result in futures::future::join_all(calls).await {
        result.expect("call succeeds");
    }
    token.assert_calls(1);
    groups.assert_calls(32);
}

#[tokio::test]
async fn token_is_refreshed_before_its_expiration() {
    let server = MockServer::start_async().await;
    // Expires 2030-01-01 10:00:00 in UTC+8 = 02:00:00 UTC.
    let (token, issued) = rotating_tokens(&server, "2030-01-01 10:00:00");
    let first = groups_with_token(&server, "tok-1", 200, "[]");
    let second = groups_with_token(&server, "tok-2", 200, "[]");
    let clock = ManualClock::new("2030-01-01T00:00:00Z".parse().expect("time"));
    let client = builder_for(&server)
        .clock(clock.clone())
        .token_refresh_margin(Duration::from_secs(600))
        .build()
        .expect("client");

    client.groups().list().send().await.expect("first call");
    // 1 h 49 min later: still before expiry − 10 min.
    clock.advance(Duration::from_secs(109 * 60));
    client.groups().list().send().await.expect("second call");
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    // 1 h 51 min: inside the margin, so the token is refreshed before use.
    clock.advance(Duration::from_secs(2 * 60));
    client.groups().list().send().await.expect("third call");
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    token.assert_calls(2);
    first.assert_calls(2);
    second.assert_calls(1);
}

#[tokio::test]
async fn http_401_refreshes_the_token_and_replays_once() {
    let server = MockServer::start_async().await;
    let (token, _) = rotating_tokens(&server, FAR_EXPIRATION);
    let stale = groups_with_token(
        &server,
        "tok-1",
        401,
        r#"{"domain":"linkflow","code":"B00401","message":"token expired"}"#,
    );
    let fresh = groups_with_token(
        &server,
        "tok-2",
        200,
        r#"[{"id":47,"name":"618潜在客户","groupType":"static"}]"#,
    );
    let client = client_for(&server);
    let groups = client.groups().list().send().await.expect("replayed call");
    assert_eq!(groups.len(), 1);
    token.assert_calls(2);
    stale.assert_calls(1);
    fresh.assert_calls(1);
}

#[tokio::test]
async fn http_403_also_counts_as_a_stale_token() {
    let server = MockServer::start_async().await;
    let (token, _) = rotating_tokens(&server, FAR_EXPIRATION);
    let stale = groups_with_token(&server, "tok-1", 403, "");
    let fresh = groups_with_token(&server, "tok-2", 200, "[]");
    let client = client_for(&server);
    client.groups().list().send().await.expect("replayed call");
    token.assert_calls(2);
    stale.assert_calls(1);
    fresh.assert_calls(1);
}

#[tokio::test]
async fn a_second_401_is_an_auth_error_after_one_replay() {
    let server = MockServer::start_async().await;
    let (token, _) = rotating_tokens(&server, FAR_EXPIRATION);
    let rejected = server.mock(|when, then| {
        when.method(GET).path("/open/groups");
        then.status(401)
            .body(r#"{"domain":"linkflow","code":"B00401","message":"invalid token"}"#);
    });
    let client = client_for(&server);
    let err = client
        .groups()
        .list()
        .send()
        .await
        .expect_err("rejected twice");
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.vendor_message(), Some("invalid token"));
    assert_eq!(err.operation(), Some("GET /open/groups"));
    token.assert_calls(2);
    rejected.assert_calls(2);
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_error_without_replay() {
    let server = MockServer::start_async().await;
    let token = server.mock(|when, then| {
        when.method(GET).path("/token");
        then.status(401)
            .body(r#"{"domain":"linkflow","code":"B00401","message":"bad app key"}"#);
    });
    let groups = groups_with_token(&server, TOKEN, 200, "[]");
    let client = client_for(&server);
    let err = client.groups().list().send().await.expect_err("no token");
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.operation(), Some("GET /token"));
    assert_eq!(err.vendor_message(), Some("bad app key"));
    token.assert_calls(1);
    groups.assert_calls(0);
}

#[tokio::test]
async fn a_token_answer_in_a_new_shape_never_reaches_the_error() {
    let server = MockServer::start_async().await;
    let token = server.mock(|when, then| {
        when.method(GET).path("/token");
        then.status(200)
            .body(r#"{"expiration":"2030-01-01 00:00:00","token":{"value":"tok-NEW-SECRET"}}"#);
    });
    let client = client_for(&server);
    let err = client
        .groups()
        .list()
        .send()
        .await
        .expect_err("undecodable");
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.decode_path(), Some("token"));
    assert_eq!(err.body(), None, "a token answer's body is never kept");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("tok-NEW-SECRET"), "{text}");
    token.assert_calls(1);
}

#[tokio::test]
async fn documented_codes_are_typed_with_the_operation_meaning_and_message() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let delete = server.mock(|when, then| {
        when.method(DELETE)
            .path("/open/groups/999")
            .header("x-openapi-token", TOKEN);
        then.status(404)
            .json_body(error_body("B00008", "No [group] found with id [999]"));
    });
    let client = client_for(&server);
    let err = client.groups().delete(999).await.expect_err("not found");
    assert!(err.is_api());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00008"));
    let entry = err.code_entry().expect("documented");
    assert_eq!(entry.operation, Some("DELETE /open/groups/{id}"));
    assert!(entry.meaning_zh.contains("群组"), "{entry:?}");
    assert_eq!(err.vendor_message(), Some("No [group] found with id [999]"));
    assert!(err.body().is_some());
    // DELETE is safe to repeat, but a documented non-retryable code is final.
    delete.assert_calls(1);
}

#[tokio::test]
async fn validation_errors_under_http_500_are_not_retried() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let find = server.mock(|when, then| {
        when.method(GET).path("/open/identity/contact");
        then.status(500)
            .json_body(error_body("B00010", "参数不合法"));
    });
    let client = client_for(&server);
    let err = client
        .identity()
        .find_contact("idCard", "x")
        .await
        .expect_err("invalid");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00010"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    find.assert_calls(1);
}

#[tokio::test]
async fn undocumented_http_500_on_a_read_is_retried() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let groups = server.mock(|when, then| {
        when.method(GET).path("/open/groups");
        then.status(500).body("oops");
    });
    let client = client_for(&server);
    let err = client
        .groups()
        .list()
        .send()
        .await
        .expect_err("keeps failing");
    assert!(err.is_api());
    assert!(err.vendor_code().is_none());
    groups.assert_calls(3);
}

#[tokio::test]
async fn b_underscore_codes_are_normalised() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(GET).path("/open/groups");
        then.status(500)
            .json_body(error_body("B_01162", "标签不存在"));
    });
    let client = client_for(&server);
    let err = client.groups().list().send().await.expect_err("error");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01162"));
    assert!(err.code_entry().is_some());
}

#[test]
fn configuration_from_variables() {
    let vars = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let err = Client::builder_from_vars(vars(&[("LINKFLOW_APP_KEY", "k")])).expect_err("secret");
    assert!(err.is_config());
    assert!(err.to_string().contains("LINKFLOW_APP_SECRET"), "{err}");
    let err = Client::builder_from_vars(vars(&[("LINKFLOW_APP_SECRET", "s")])).expect_err("key");
    assert!(err.to_string().contains("LINKFLOW_APP_KEY"), "{err}");

    let builder = Client::builder_from_vars(vars(&[
        ("LINKFLOW_APP_KEY", "key-123"),
        ("LINKFLOW_APP_SECRET", "secret-456"),
    ]))
    .expect("builder");
    let client = builder.build().expect("client");
    assert_eq!(client.config().base_url, "https://cdp-api.linkflowtech.com");

    let client = Client::builder_from_vars(vars(&[
        ("LINKFLOW_APP_KEY", "key-123"),
        ("LINKFLOW_APP_SECRET", "secret-456"),
        ("LINKFLOW_BASE_URL", "https://cdp.example.com"),
    ]))
    .expect("builder")
    .build()
    .expect("client");
    assert_eq!(client.config().base_url, "https://cdp.example.com");
    let shown = format!(
        "{client:?} {:?}",
        Client::builder().credentials("key-123", "secret-456")
    );
    assert!(
        !shown.contains("key-123") && !shown.contains("secret-456"),
        "{shown}"
    );
}

#[test]
fn building_requires_credentials_and_a_usable_base_url() {
    let err = Client::builder().build().expect_err("no credentials");
    assert!(err.is_config());
    let err = Client::builder()
        .credentials("k", "s")
        .base_url("ftp://example.com")
        .build()
        .expect_err("bad scheme");
    assert!(err.is_config());
}

#[test]
fn every_missing_variable_is_named_in_one_error() {
    let err = Client::builder_from_vars(|_| None).expect_err("nothing set");
    assert!(err.is_config(), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("`LINKFLOW_APP_KEY` (not set)"), "{text}");
    assert!(text.contains("`LINKFLOW_APP_SECRET` (not set)"), "{text}");
}

#[test]
fn blank_credentials_given_in_code_are_refused_at_build() {
    let err = Client::builder()
        .credentials("", " \t")
        .build()
        .expect_err("blank credentials");
    assert!(err.is_config(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Linkflow credentials are blank: `app_key`, `app_secret`"
    );
    let err = Client::builder()
        .credentials("key-123", "")
        .build()
        .expect_err("blank secret");
    assert_eq!(
        err.to_string(),
        "Linkflow credential is blank: `app_secret`"
    );
}
