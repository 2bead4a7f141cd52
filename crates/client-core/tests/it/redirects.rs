//! Issue 13, point 1: redirects are never followed; a 3xx is a typed error naming the status
//! and the target host, or the vendor reads it itself.

use std::sync::atomic::Ordering;

use bytes::Bytes;
use client_core::transport::{
    OutgoingRequest, Payload, RawResponse, Request, TransportBuilder, Vendor,
};
use client_core::{Error, Result};
use httpmock::prelude::*;

use crate::support::{CANARY, CountingVendor, fast_retries};

#[tokio::test]
async fn a_redirect_to_another_host_is_an_error_and_no_credential_reaches_it() {
    let evil = MockServer::start_async().await;
    let catch_all = evil
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let server = MockServer::start_async().await;
    for (status, path) in [(302, "/found"), (307, "/temporary"), (308, "/permanent")] {
        let location = format!("{}/steal?code={CANARY}", evil.base_url());
        server
            .mock_async(|when, then| {
                when.path(path);
                then.status(status).header("location", location);
            })
            .await;
    }
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .retry_policy(fast_retries())
        .build(CountingVendor::default())
        .unwrap();
    for (status, path) in [(302u16, "/found"), (307, "/temporary"), (308, "/permanent")] {
        let err = t
            .execute::<serde_json::Value>(
                Request::post("POST /x", path)
                    .form([("access_token", CANARY), ("name", "a")])
                    .safe_to_repeat(true),
            )
            .await
            .unwrap_err();
        assert!(err.is_redirect(), "{err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let text = format!("{err} {err:?}");
        assert!(text.contains("127.0.0.1"), "names the target host: {text}");
        assert!(!text.contains("steal"), "no path: {text}");
        assert!(!text.contains(CANARY), "no query: {text}");
        assert_eq!(err.attempts(), 1, "a redirect is final: {err:?}");
    }
    assert_eq!(
        catch_all.calls_async().await,
        0,
        "nothing reached the other host"
    );
}

/// A vendor whose documented flow is a redirect: reads `code` from the `Location`.
#[derive(Default)]
struct CodeInLocation;

#[async_trait::async_trait]
impl Vendor for CodeInLocation {
    fn name(&self) -> &'static str {
        "code"
    }

    async fn authorize(&self, _request: &mut OutgoingRequest) -> Result<()> {
        Ok(())
    }

    fn interpret_redirect(
        &self,
        _operation: &'static str,
        response: &RawResponse,
    ) -> Option<Result<Payload>> {
        let location = response.headers.get("location")?.to_str().ok()?;
        let url = url::Url::parse(location).ok()?;
        let code = url.query_pairs().find(|(k, _)| k == "code")?.1.into_owned();
        Some(
            serde_json::to_vec(&code)
                .map(|v| Payload::new(Bytes::from(v)))
                .map_err(|e| Error::decode("", e, b"")),
        )
    }
}

#[tokio::test]
async fn a_vendor_reads_the_code_from_a_302_without_following_it() {
    let callback = MockServer::start_async().await;
    let cb = callback
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("<html>callback</html>");
        })
        .await;
    let server = MockServer::start_async().await;
    let location = format!("{}/cb?code=abc123&state=s", callback.base_url());
    let issued = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth/code");
            then.status(302).header("location", location);
        })
        .await;
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .build(CodeInLocation)
        .unwrap();
    let code: String = t
        .execute(Request::post("POST /oauth/code", "/oauth/code").form([("appid", "a")]))
        .await
        .unwrap();
    assert_eq!(code, "abc123");
    issued.assert_calls_async(1).await;
    assert_eq!(cb.calls_async().await, 0, "the callback was not followed");
}

#[tokio::test]
async fn a_callers_client_that_follows_redirects_is_caught() {
    let other = MockServer::start_async().await;
    other
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let server = MockServer::start_async().await;
    let location = format!("{}/elsewhere", other.base_url());
    server
        .mock_async(|when, then| {
            when.path("/r");
            then.status(302).header("location", location);
        })
        .await;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .http_client(reqwest::Client::new())
        .build(CountingVendor::default())
        .unwrap();
    let err = t
        .execute::<serde_json::Value>(Request::get("GET /r", "/r"))
        .await
        .unwrap_err();
    assert!(err.is_redirect(), "{err:?}");
    assert!(err.to_string().contains("Policy::none()"), "{err}");
    assert_eq!(
        t.vendor().authorized.load(Ordering::SeqCst),
        1,
        "not retried"
    );
}
