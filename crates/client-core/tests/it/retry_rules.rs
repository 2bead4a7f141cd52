//! Issue 13, points 11 and 16-22: the retry loop under hostile answers and callers.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use client_core::backoff::Backoff;
use client_core::retry::{self, RetryPolicy};
use client_core::transport::{Body, Request, RequestOptions, TransportBuilder};
use httpmock::prelude::*;

use client_core::fault::{Fault, FaultServer, Responder, Rule};

use crate::support::{CountingVendor, fast_retries};

#[tokio::test]
async fn a_token_error_on_a_one_shot_body_invalidates_the_token_before_returning() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/upload");
            then.status(401);
        })
        .await;
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .build(CountingVendor::default())
        .unwrap();
    let form = reqwest::multipart::Form::new().text("a", "b");
    let err = t
        .execute::<()>(Request::post("POST /upload", "/upload").body(Body::multipart_once(form)))
        .await
        .unwrap_err();
    assert_eq!(err.retry_note(), Some(retry::NOT_REPLAYABLE));
    assert_eq!(
        t.vendor().invalidated.load(Ordering::SeqCst),
        1,
        "the stale token is dropped even though the upload cannot be replayed"
    );
}

#[tokio::test]
async fn a_retry_after_longer_than_the_time_left_stops_at_once_with_the_429() {
    let server = MockServer::start_async().await;
    let throttled = server
        .mock_async(|when, then| {
            when.path("/busy");
            then.status(429)
                .header("retry-after", "5")
                .body(r#"{"message":"slow down"}"#);
        })
        .await;
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .timeout(Duration::from_secs(2))
        .retry_policy(fast_retries().with_max_retry_after(Duration::from_secs(60)))
        .build(CountingVendor::default())
        .unwrap();
    let started = Instant::now();
    let err = t
        .execute::<()>(Request::get("GET /busy", "/busy"))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "did not sleep into the deadline"
    );
    assert!(!err.is_timeout(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
    assert_eq!(err.vendor_message(), Some("slow down"));
    assert!(
        err.retry_note().is_some_and(|n| n.contains("timeout")),
        "{err:?}"
    );
    throttled.assert_calls_async(1).await;
}

#[tokio::test]
async fn huge_server_and_caller_values_never_panic() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/huge");
            then.status(503)
                .header("retry-after", "18446744073709551615");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/garbage");
            then.status(503).header("retry-after", "-5, or never");
        })
        .await;
    // A caller who allows any Retry-After, any elapsed time and an enormous backoff.
    let policy = RetryPolicy::default()
        .with_max_attempts(u32::MAX)
        .with_max_retry_after(Duration::MAX)
        .with_max_elapsed(Some(Duration::MAX))
        .with_backoff(Backoff::new(Duration::MAX, Duration::MAX));
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .timeout(Duration::from_secs(2))
        .retry_policy(policy.clone())
        .build(CountingVendor::default())
        .unwrap();
    for path in ["/huge", "/garbage"] {
        let err = tokio::time::timeout(
            Duration::from_secs(5),
            t.execute::<()>(Request::get("GET /x", path)),
        )
        .await
        .expect("ends at once")
        .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
        assert_eq!(
            err.retry_note(),
            Some(client_core::transport::WAIT_DOES_NOT_FIT)
        );
    }
    // With no operation timeout either, the client waits as told, and nothing overflows.
    let unbounded = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .timeout(Duration::MAX)
        .retry_policy(policy)
        .build(CountingVendor::default())
        .unwrap();
    for path in ["/huge", "/garbage"] {
        let waited = tokio::time::timeout(
            Duration::from_millis(300),
            unbounded.execute::<()>(Request::get("GET /x", path)),
        )
        .await;
        assert!(waited.is_err(), "still waiting, as the caller allowed");
    }
    let err = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .max_concurrent_requests(Some(usize::MAX))
        .build(CountingVendor::default())
        .unwrap_err();
    assert!(err.is_config(), "{err:?}");
}

#[tokio::test]
async fn a_timeout_after_sending_counts_the_attempt() {
    // The head never finishes: the request arrived, no answer does.
    let server = FaultServer::start(Responder::canned()).unwrap();
    server.set_rules([Rule::all(Fault::SlowLorisHeaders { every_ms: 100 })]);
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .timeout(Duration::from_millis(300))
        .build(CountingVendor::default())
        .unwrap();
    let err = t
        .execute::<serde_json::Value>(Request::post("POST /w", "/w").json(&1).unwrap())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.arrivals().len(), 1);
    assert_eq!(err.attempts(), 1, "the write may have reached the server");
}

#[tokio::test]
async fn credentials_that_cannot_be_obtained_are_not_retried_by_the_outer_loop() {
    let server = MockServer::start_async().await;
    let api = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let vendor = CountingVendor {
        authorize_fails_with: Some(503),
        ..CountingVendor::default()
    };
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .retry_policy(fast_retries())
        .build(vendor)
        .unwrap();
    let err = t
        .execute::<serde_json::Value>(Request::get("GET /x", "/x"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        t.vendor().authorized.load(Ordering::SeqCst),
        1,
        "the token fetch made its own attempts; the call adds none"
    );
    assert_eq!(err.attempts(), 0, "nothing was sent");
    api.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_single_use_credential_is_sent_once_whatever_the_answer() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for (path, status) in [("/a", 503), ("/b", 429), ("/c", 502)] {
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.path(path);
                    then.status(status).header("retry-after", "0");
                })
                .await,
        );
    }
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .retry_policy(fast_retries())
        .build(CountingVendor::default())
        .unwrap();
    for path in ["/a", "/b", "/c"] {
        let err = t
            .execute::<()>(
                Request::post("POST /oauth/token", path)
                    .form([("refresh_token", "once")])
                    .safe_to_repeat(true)
                    .spends_single_use_credential(),
            )
            .await
            .unwrap_err();
        assert_eq!(err.retry_note(), Some(retry::SINGLE_USE_SPENT), "{err:?}");
    }
    for m in mocks {
        m.assert_calls_async(1).await;
    }
    // A connection that failed never delivered it: that is retried.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let t = TransportBuilder::new("t/1")
        .base_url(format!("http://{addr}"))
        .retry_policy(fast_retries())
        .build(CountingVendor::default())
        .unwrap();
    let err = t
        .execute::<()>(Request::post("POST /oauth/token", "/t").spends_single_use_credential())
        .await
        .unwrap_err();
    assert!(err.is_connect());
    assert_eq!(t.vendor().authorized.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_cut_short_200_is_retried_when_safe_and_flagged_on_a_write() {
    let server = MockServer::start_async().await;
    let read = server
        .mock_async(|when, then| {
            when.method(GET).path("/items");
            then.status(200).body(r#"{"items":[1,2"#);
        })
        .await;
    let write = server
        .mock_async(|when, then| {
            when.method(POST).path("/items");
            then.status(200).body(r#"{"id":"#);
        })
        .await;
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .retry_policy(fast_retries())
        .build(CountingVendor::default())
        .unwrap();
    let err = t
        .execute::<serde_json::Value>(Request::get("GET /items", "/items"))
        .await
        .unwrap_err();
    assert!(err.is_decode() && err.is_incomplete(), "{err:?}");
    read.assert_calls_async(3).await;
    let err = t
        .execute::<serde_json::Value>(Request::post("POST /items", "/items").json(&1).unwrap())
        .await
        .unwrap_err();
    assert!(err.is_incomplete(), "{err:?}");
    assert_eq!(err.retry_note(), Some(retry::CUT_SHORT_WRITE));
    assert!(err.to_string().contains("may have been applied"), "{err}");
    write.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_body_over_the_cap_ends_the_read_with_a_typed_error() {
    // 4 MiB streamed in 64 KiB chunks, no Content-Length.
    let server = FaultServer::start(Responder::canned()).unwrap();
    server.set_rules([Rule::all(Fault::HugeChunkedBody {
        bytes: 4 * 1024 * 1024,
    })]);
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .max_response_bytes(1024 * 1024)
        .retry_policy(fast_retries())
        .build(CountingVendor::default())
        .unwrap();
    let err = t
        .execute::<serde_json::Value>(Request::get("GET /big", "/big"))
        .await
        .unwrap_err();
    assert!(err.is_response_too_large(), "{err:?}");
    assert_eq!(server.arrivals().len(), 1, "not retried");
    // A request may raise its own cap: the 4 MiB (`{"data":"aaa…"}`) is then read whole.
    let value = t
        .execute::<serde_json::Value>(
            Request::get("GET /big", "/big")
                .options(RequestOptions::default().with_max_response_bytes(8 * 1024 * 1024)),
        )
        .await
        .unwrap();
    assert_eq!(
        value["data"].as_str().map(str::len),
        Some(4 * 1024 * 1024 - r#"{"data":""}"#.len())
    );
    assert_eq!(server.arrivals().len(), 2);

    // An announced Content-Length over the cap is refused before reading.
    let announced = FaultServer::start(Responder::canned()).unwrap();
    announced.set_rules([Rule::all(Fault::HugeBody {
        bytes: 900_000_000_000,
    })]);
    let t = TransportBuilder::new("t/1")
        .base_url(announced.base_url())
        .build(CountingVendor::default())
        .unwrap();
    let err = t
        .execute::<serde_json::Value>(Request::get("GET /big", "/big"))
        .await
        .unwrap_err();
    assert!(err.is_response_too_large(), "{err:?}");
}
