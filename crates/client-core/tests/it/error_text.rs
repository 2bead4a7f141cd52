//! Issue 13, points 2-4: no error text carries response bytes; Debug of requests redacts
//! secrets; a rejected base URL is quoted without its user information.

use std::error::Error as _;
use std::time::Duration;

use client_core::Error;
use client_core::transport::{Request, TransportBuilder, header_name};
use httpmock::prelude::*;

use crate::support::{CANARY, CountingVendor, fast_retries};

/// Everything an error can show: Display, Debug and the text of its source chain.
pub fn all_text(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}");
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!("\n{s}\n{s:?}"));
        source = s.source();
    }
    text
}

#[tokio::test]
async fn a_token_response_in_a_new_format_never_reaches_the_error_text() {
    let server = MockServer::start_async().await;
    let body = format!(r#"{{"token":{{"value":"{CANARY}"}},"expiration":"{CANARY}"}}"#);
    server
        .mock_async(|when, then| {
            when.path("/token");
            then.status(200).body(body);
        })
        .await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct TokenAnswer {
        token: String,
        expiration: String,
    }
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .build(CountingVendor::default())
        .unwrap();
    let err = t
        .execute::<TokenAnswer>(Request::get("GET /token", "/token"))
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.decode_path(), Some("token"));
    let text = all_text(&err);
    assert!(!text.contains(CANARY), "{text}");
    assert!(
        text.contains("invalid type: map, expected a string"),
        "{text}"
    );
    // The body stays reachable for whoever asks for it explicitly …
    assert!(String::from_utf8_lossy(err.body().unwrap()).contains(CANARY));

    // … except on a request marked as carrying credentials in its response.
    let err = t
        .execute::<TokenAnswer>(Request::get("GET /token", "/token").secret_response())
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.body(), None);
    assert!(!all_text(&err).contains(CANARY));
}

#[tokio::test]
async fn a_secret_response_keeps_no_body_on_errors() {
    let server = MockServer::start_async().await;
    let body = format!(r#"{{"message":"bad key","refresh":"{CANARY}"}}"#);
    server
        .mock_async(|when, then| {
            when.path("/token");
            then.status(400).body(body);
        })
        .await;
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .retry_policy(fast_retries())
        .build(CountingVendor::default())
        .unwrap();
    let err = t
        .execute::<()>(Request::post("POST /token", "/token").secret_response())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.body(), None);
    assert_eq!(err.vendor_message(), Some("bad key"));
    assert!(!all_text(&err).contains(CANARY));
}

#[test]
fn debug_of_requests_and_builders_redacts_secrets() {
    let request = Request::post("POST /x", "/x")
        .query("access_token", CANARY)
        .query("page", 3)
        .header(
            header_name("x-openapi-secret"),
            http::HeaderValue::from_static(CANARY),
        )
        .form([("appsecret", CANARY)]);
    let shown = format!("{request:?}");
    assert!(!shown.contains(CANARY), "{shown}");
    assert!(shown.contains("page=3"), "{shown}");

    let builder = TransportBuilder::new("t/1")
        .base_url(format!("https://svc:{CANARY}@api.example.com"))
        .timeout(Duration::from_secs(1));
    let shown = format!("{builder:?}");
    assert!(!shown.contains(CANARY), "{shown}");
    assert!(shown.contains("api.example.com"), "{shown}");
}

#[test]
fn rejected_base_urls_are_quoted_without_user_information() {
    for raw in [
        format!("ftp://svc:{CANARY}@example.com/x"),
        format!("https://svc:{CANARY}@example.com"),
        format!("svc:{CANARY}@example.com"),
        format!("https://svc:{CANARY}@example.com/?q=1"),
        format!("https://svc:{CANARY}@"),
    ] {
        let err = TransportBuilder::new("t/1")
            .base_url(raw.clone())
            .build(CountingVendor::default())
            .unwrap_err();
        assert!(err.is_config(), "{raw}: {err:?}");
        let text = all_text(&err);
        assert!(!text.contains(CANARY), "{text}");
    }
    let err = TransportBuilder::new("t/1")
        .base_url("api.example.com/v1")
        .build(CountingVendor::default())
        .unwrap_err();
    assert!(
        err.to_string().contains("https://"),
        "says what to try: {err}"
    );
}
