//! 开发指南 (signing) and 消息推送 (push signatures): the headers that go out, recomputed
//! independently (the expected hashes were computed outside this crate).

use std::time::Duration;

use client_core::clock::ManualClock;
use clue_client::auth::SignInput;
use clue_client::{Client, SignRecipe};
use httpmock::prelude::*;

use crate::support::{self, APP_ID, APP_KEY, CLUE_GET, TS};

/// sha256_hex("app-1" + "1716192000000" + `{"customerId":8}` + "key-1").
const SIGN_GET_8: &str = "a4a957a4759c4dd977ee270b79c3bf2db84c911a2875d6c034bbce3a3735206f";

#[tokio::test]
async fn signs_the_exact_body_with_the_default_recipe() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/get")
                .header("appId", APP_ID)
                .header("appKey", APP_KEY)
                .header("timestamp", TS)
                .header("sign", SIGN_GET_8)
                .header("content-type", "application/json")
                .body(r#"{"customerId":8}"#);
            then.status(200).body(CLUE_GET);
        })
        .await;
    let clue = support::client(&server).clues().get(8).await.unwrap();
    mock.assert_async().await;
    assert_eq!(clue.customer_id, 410_983_932_389_440);
}

#[tokio::test]
async fn the_app_key_header_can_be_turned_off() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/get")
                .header("appId", APP_ID)
                .header_missing("appKey")
                .header("timestamp", TS)
                .header("sign", SIGN_GET_8);
            then.status(200).body(CLUE_GET);
        })
        .await;
    let client = support::builder(&server)
        .send_app_key_header(false)
        .build()
        .unwrap();
    client.clues().get(8).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn the_recipe_is_replaceable() {
    let server = MockServer::start_async().await;
    // sha256_hex("app-1" + body + timestamp + "key-1")
    let alternative = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v3/clue/get").header(
                "sign",
                "9aeebdb6f8e464953f0d3e5368dd6ce93636f60b51a5f03b088f53e178c797e5",
            );
            then.status(200).body(CLUE_GET);
        })
        .await;
    let client = support::builder(&server)
        .sign_recipe(SignRecipe::AppIdBodyTimestampAppKey)
        .build()
        .unwrap();
    client.clues().get(8).await.unwrap();
    alternative.assert_async().await;

    let custom = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/get")
                .header("sign", "app-1|1716192000000|16");
            then.status(200).body(CLUE_GET);
        })
        .await;
    let client = support::builder(&server)
        .sign_recipe(SignRecipe::custom(|input: &SignInput<'_>| {
            format!(
                "{}|{}|{}",
                input.app_id(),
                input.timestamp(),
                input.body().len()
            )
        }))
        .build()
        .unwrap();
    client.clues().get(8).await.unwrap();
    custom.assert_async().await;
}

#[tokio::test]
async fn a_retry_gets_a_fresh_timestamp_and_signature() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/get")
                .header("timestamp", TS)
                .header("sign", SIGN_GET_8);
            then.status(503).body("busy");
        })
        .await;
    // One second later: sha256_hex("app-1" + "1716192001000" + body + "key-1").
    let second = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/get")
                .header("timestamp", "1716192001000")
                .header(
                    "sign",
                    "34105ad11a83fdfff0d2ce9f19f51d4c84cd6a1eda9c9890c820db53b71a74c4",
                )
                .body(r#"{"customerId":8}"#);
            then.status(200).body(CLUE_GET);
        })
        .await;
    let client = support::builder(&server)
        .clock(support::TickingClock::new(support::start()))
        .build()
        .unwrap();
    let clue = client.clues().get(8).await.unwrap();
    assert_eq!(clue.customer_id, 410_983_932_389_440);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
}

#[tokio::test]
async fn push_signatures_verify_in_constant_time_with_the_vendor_vector() {
    let sent = chrono::DateTime::from_timestamp_millis(1_596_681_164_807).unwrap();
    let client = Client::builder()
        .base_url("https://tanma.invalid")
        .credentials("zc_test", "zc_test")
        .clock(ManualClock::new(sent + chrono::TimeDelta::seconds(10)))
        .build()
        .unwrap();
    let vector = "317672b4685d9b8bafe1794390e31209aed5cef912683292fed94a69085919d3";
    client.verify_push("1", "1596681164807", vector).unwrap();
    client
        .verify_push("1", "1596681164807", &vector.to_uppercase())
        .unwrap();
    assert!(
        client
            .verify_push("2", "1596681164807", vector)
            .unwrap_err()
            .is_signature()
    );
    assert!(
        client
            .verify_push("1", "1596681164807", &vector[..63])
            .unwrap_err()
            .is_signature()
    );
    client
        .verify_push_fresh("1", "1596681164807", vector, Duration::from_secs(60))
        .unwrap();
    let stale = client
        .verify_push_fresh("1", "1596681164807", vector, Duration::from_secs(5))
        .unwrap_err();
    assert!(stale.is_signature(), "{stale}");
}

#[tokio::test]
async fn configuration_errors_come_before_any_request() {
    let missing_base = Client::builder().credentials(APP_ID, APP_KEY).build();
    assert!(missing_base.unwrap_err().is_config());
    let missing_credentials = Client::builder().base_url("https://tanma.invalid").build();
    assert!(missing_credentials.unwrap_err().is_config());
    let bad_url = Client::new("ftp://tanma.invalid", APP_ID, APP_KEY);
    assert!(bad_url.unwrap_err().is_config());
}

#[tokio::test]
async fn the_app_key_never_shows_in_debug_or_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v3/clue/get");
            then.status(200)
                .body(r#"{"code":1001,"message":"签名错误","data":null}"#);
        })
        .await;
    let builder = support::builder(&server);
    assert!(!format!("{builder:?}").contains(APP_KEY));
    let client = builder.build().unwrap();
    assert!(!format!("{client:?}").contains(APP_KEY));
    let error = client.clues().get(8).await.unwrap_err();
    assert!(!format!("{error} {error:?}").contains(APP_KEY));
}

#[test]
fn every_missing_variable_is_named_in_one_error() {
    let err = clue_client::Client::builder_from_vars(|_| None).expect_err("nothing set");
    assert!(err.is_config(), "{err:?}");
    let text = err.to_string();
    for name in ["TANMA_BASE_URL", "TANMA_APP_ID", "TANMA_APP_KEY"] {
        assert!(text.contains(&format!("`{name}` (not set)")), "{text}");
    }
}

#[test]
fn blank_credentials_given_in_code_are_refused_at_build() {
    let err = Client::builder()
        .credentials(" ", "")
        .base_url("https://tanma.example.com")
        .build()
        .expect_err("blank credentials");
    assert!(err.is_config(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Tanma credentials are blank: `app_id`, `app_key`"
    );
    let err = Client::builder()
        .credentials(APP_ID, "  ")
        .base_url("https://tanma.example.com")
        .build()
        .expect_err("blank key");
    assert_eq!(err.to_string(), "Tanma credential is blank: `app_key`");
}
