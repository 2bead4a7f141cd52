//! The shared transport against a loopback mock server: requests as sent, decoding, retries,
//! token replay, timeouts, redaction.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use client_core::backoff::{Backoff, Jitter};
use client_core::catalogue::{Catalogue, CodeEntry, Retryable};
use client_core::code::VendorCode;
use client_core::retry::{self, RetryBudget, RetryPolicy};
use client_core::transport::{
    Body, OutgoingRequest, Payload, RawResponse, Request, RequestOptions, Transport,
    TransportBuilder, Vendor, header_name,
};
use client_core::{Error, Result};
use httpmock::prelude::*;
use serde::Deserialize;

static TEST_ENTRIES: &[CodeEntry] = &[
    CodeEntry {
        code: "B00010",
        operation: None,
        http_status: Some(500),
        meaning_zh: "参数不合法",
        meaning_en: "invalid parameter",
        retryable: Retryable::No,
    },
    CodeEntry {
        code: "T00001",
        operation: None,
        http_status: Some(500),
        meaning_zh: "临时故障",
        meaning_en: "transient failure",
        retryable: Retryable::IfSafe,
    },
];
static TEST_CATALOGUE: Catalogue = Catalogue::new("test", TEST_ENTRIES);

/// A vendor like Linkflow: a token header from a generation counter, `{code, message}` errors.
#[derive(Default)]
struct TestVendor {
    generation: AtomicU64,
    authorized: AtomicU64,
}

#[async_trait]
impl Vendor for TestVendor {
    fn name(&self) -> &'static str {
        "test"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> Result<()> {
        self.authorized.fetch_add(1, Ordering::SeqCst);
        let generation = self.generation.load(Ordering::SeqCst);
        request.set_secret_header(
            header_name("x-token"),
            &format!("secret-token-{generation}"),
        )?;
        request.set_credential_generation(generation);
        Ok(())
    }

    fn interpret(&self, operation: &'static str, response: RawResponse) -> Result<Payload> {
        if response.status.is_success() {
            return Ok(Payload::new(response.body));
        }
        #[derive(Deserialize)]
        struct VendorError {
            code: String,
            message: String,
        }
        match serde_json::from_slice::<VendorError>(&response.body) {
            Ok(v) => {
                let code = VendorCode::new(&v.code);
                let entry = TEST_CATALOGUE.lookup(&code, Some(operation));
                Err(Error::api(Some(response.status), "the vendor refused")
                    .with_code(code, entry)
                    .with_vendor_message(v.message)
                    .with_body(response.body))
            }
            Err(_) => Err(response.status_error()),
        }
    }

    fn is_token_error(&self, error: &Error) -> bool {
        error.status() == Some(http::StatusCode::UNAUTHORIZED)
    }

    fn invalidate_credentials(&self, generation: Option<u64>) {
        if let Some(g) = generation {
            let _ = self
                .generation
                .compare_exchange(g, g + 1, Ordering::SeqCst, Ordering::SeqCst);
        }
    }
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(5),
        ))
        .with_jitter(Jitter::seeded(1))
}

fn transport(server: &MockServer) -> Transport<TestVendor> {
    TransportBuilder::new("client-core-tests/1.0")
        .base_url(server.base_url())
        .retry_policy(fast_retries())
        .build(TestVendor::default())
        .unwrap()
}

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: u64,
    name: String,
}

#[tokio::test]
async fn get_sends_query_headers_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/open/items")
                .query_param("page", "0")
                .query_param("search", "张 三&x")
                .header("x-token", "secret-token-0")
                .header("user-agent", "client-core-tests/1.0")
                .header("accept", "application/json");
            then.status(200)
                .json_body(serde_json::json!([{"id": 1, "name": "a"}]));
        })
        .await;
    let items: Vec<Item> = transport(&server)
        .execute(
            Request::get("GET /open/items", "/open/items")
                .query("page", 0)
                .query("search", "张 三&x")
                .query_opt("groupId", None::<u64>),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(
        items,
        vec![Item {
            id: 1,
            name: "a".into()
        }]
    );
}

#[tokio::test]
async fn json_form_and_delete_with_body_go_out_exactly() {
    let server = MockServer::start_async().await;
    let json = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/json")
                .header("content-type", "application/json")
                .body(r#"{"price":100.240,"n":[1,2]}"#);
            then.status(200).body("703941987164160");
        })
        .await;
    let form = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/form")
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("name", "中文 a&b=c/d+e")
                .form_urlencoded_tuple("page", "1");
            then.status(200).body("null");
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/groups/7/contacts")
                .json_body(serde_json::json!([17760, 17771]));
            then.status(200).body("");
        })
        .await;
    let t = transport(&server);
    let raw = Bytes::from_static(br#"{"price":100.240,"n":[1,2]}"#);
    let id: Option<u64> = t
        .execute(Request::post("POST /json", "/json").body(Body::Json(raw)))
        .await
        .unwrap();
    assert_eq!(id, Some(703941987164160));
    let none: Option<u64> = t
        .execute(
            Request::post("POST /form", "/form").form([("name", "中文 a&b=c/d+e"), ("page", "1")]),
        )
        .await
        .unwrap();
    assert_eq!(none, None);
    let (): () = t
        .execute(
            Request::delete("DELETE /groups/{groupId}/contacts", "/groups/7/contacts")
                .json(&[17760u64, 17771])
                .unwrap(),
        )
        .await
        .unwrap();
    json.assert_async().await;
    form.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn throttling_is_retried_even_for_writes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/w");
            then.status(503).body("busy");
        })
        .await;
    let err = transport(&server)
        .execute::<()>(Request::post("POST /w", "/w").json(&1).unwrap())
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.body(), Some(&b"busy"[..]));
}

#[tokio::test]
async fn server_errors_retry_reads_but_not_unkeyed_writes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/e");
            then.status(502);
        })
        .await;
    let t = transport(&server);
    let err = t
        .execute::<()>(Request::post("POST /e", "/e"))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(err.retry_note(), Some(retry::NOT_SAFE_TO_REPEAT));
    // A read over POST, declared safe, is retried.
    t.execute::<()>(Request::post("POST /e", "/e").safe_to_repeat(true))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 4);
    // A write carrying an idempotency key is retried too.
    t.execute::<()>(Request::post("POST /e", "/e").idempotency_key("k-1"))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 7);
    // And a caller can turn retries off per call.
    let opts = RequestOptions::default().with_retry(RetryPolicy::none());
    t.execute::<()>(Request::get("GET /e", "/e").options(opts))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 8);
}

#[tokio::test]
async fn vendor_codes_decide_over_http_500() {
    let server = MockServer::start_async().await;
    let validation = server
        .mock_async(|when, then| {
            when.path("/validation");
            then.status(500).json_body(
                serde_json::json!({"domain": "t", "code": "B_00010", "message": "参数不合法"}),
            );
        })
        .await;
    let transient = server
        .mock_async(|when, then| {
            when.path("/transient");
            then.status(400)
                .json_body(serde_json::json!({"code": "T00001", "message": "try later"}));
        })
        .await;
    let t = transport(&server);
    let err = t
        .execute::<()>(Request::get("GET /validation", "/validation"))
        .await
        .unwrap_err();
    assert_eq!(
        validation.calls_async().await,
        1,
        "a non-retryable code is final even under 500"
    );
    assert!(err.is_api());
    assert_eq!(err.vendor_code().map(VendorCode::as_str), Some("B00010"));
    assert_eq!(err.vendor_message(), Some("参数不合法"));
    assert_eq!(
        err.code_entry().map(|e| e.meaning_en),
        Some("invalid parameter")
    );
    assert_eq!(err.retry_note(), Some(retry::CODE_NOT_RETRYABLE));
    assert_eq!(err.operation(), Some("GET /validation"));

    t.execute::<()>(Request::get("GET /transient", "/transient"))
        .await
        .unwrap_err();
    assert_eq!(
        transient.calls_async().await,
        3,
        "a retryable code is retried when safe"
    );
    t.execute::<()>(Request::post("POST /transient", "/transient"))
        .await
        .unwrap_err();
    assert_eq!(
        transient.calls_async().await,
        4,
        "…and not when the write is unsafe"
    );
}

#[tokio::test]
async fn retry_after_is_honoured_and_clamped() {
    let server = MockServer::start_async().await;
    let short = server
        .mock_async(|when, then| {
            when.path("/short");
            then.status(429).header("retry-after", "0");
        })
        .await;
    let long = server
        .mock_async(|when, then| {
            when.path("/long");
            then.status(429).header("retry-after", "3600");
        })
        .await;
    let t = transport(&server);
    let err = t
        .execute::<()>(Request::get("GET /short", "/short"))
        .await
        .unwrap_err();
    assert_eq!(short.calls_async().await, 3);
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    let err = t
        .execute::<()>(Request::get("GET /long", "/long"))
        .await
        .unwrap_err();
    assert_eq!(long.calls_async().await, 1);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert!(err.retry_note().unwrap().contains("Retry-After"));
}

#[tokio::test]
async fn one_shot_bodies_are_never_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/upload");
            then.status(503);
        })
        .await;
    let t = transport(&server);
    let once = reqwest::multipart::Form::new().text("f", "v");
    let err = t
        .execute::<()>(Request::post("POST /upload", "/upload").body(Body::multipart_once(once)))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(err.retry_note(), Some(retry::NOT_REPLAYABLE));
    let replayable =
        Body::multipart(|| Box::pin(async { Ok(reqwest::multipart::Form::new().text("f", "v")) }));
    t.execute::<()>(Request::post("POST /upload", "/upload").body(replayable))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 4);
}

#[tokio::test]
async fn stale_token_is_refreshed_and_replayed_once() {
    let server = MockServer::start_async().await;
    let stale = server
        .mock_async(|when, then| {
            when.path("/me").header("x-token", "secret-token-0");
            then.status(401);
        })
        .await;
    let fresh = server
        .mock_async(|when, then| {
            when.path("/me").header("x-token", "secret-token-1");
            then.status(200).body("42");
        })
        .await;
    let t = transport(&server);
    let n: u32 = t.execute(Request::post("POST /me", "/me")).await.unwrap();
    assert_eq!(n, 42);
    assert_eq!(
        (stale.calls_async().await, fresh.calls_async().await),
        (1, 1)
    );

    // Two stale answers in a row: one replay only, then the error.
    let server = MockServer::start_async().await;
    let always = server
        .mock_async(|when, then| {
            when.path("/me");
            then.status(401);
        })
        .await;
    let err = transport(&server)
        .execute::<u32>(Request::get("GET /me", "/me"))
        .await
        .unwrap_err();
    assert_eq!(always.calls_async().await, 2);
    assert!(err.is_auth());
}

#[tokio::test]
async fn credentials_are_added_after_waiting_behind_the_cap() {
    let server = MockServer::start_async().await;
    let slow = server.mock(|when, then| {
        when.method(GET).path("/slow");
        then.status(200)
            .body("{}")
            .delay(Duration::from_millis(400));
    });
    // Only the token current when the queued request is actually sent is accepted.
    let queued = server.mock(|when, then| {
        when.method(GET)
            .path("/queued")
            .header("x-token", "secret-token-1");
        then.status(200).body("{}");
    });
    let transport = TransportBuilder::new("client-core-tests/1.0")
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::none())
        .max_concurrent_requests(Some(1))
        .build(TestVendor::default())
        .unwrap();
    let t = transport.clone();
    let first =
        tokio::spawn(async move { t.execute_payload(Request::get("GET /slow", "/slow")).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let t = transport.clone();
    let second = tokio::spawn(async move {
        t.execute_payload(Request::get("GET /queued", "/queued"))
            .await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The token changes while the second request waits for the only slot.
    transport.vendor().generation.store(1, Ordering::SeqCst);
    first.await.unwrap().unwrap();
    second.await.unwrap().unwrap();
    slow.assert_calls(1);
    queued.assert_calls(1);
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let t = TransportBuilder::new("t/1")
        .base_url(format!("http://{addr}"))
        .retry_policy(fast_retries())
        .build(TestVendor::default())
        .unwrap();
    let err = t
        .execute::<()>(Request::post("POST /w", "/w"))
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(
        t.vendor().authorized.load(Ordering::SeqCst),
        3,
        "connect failures retry even for unsafe writes"
    );
    assert_eq!(
        err.attempts(),
        0,
        "no attempt reached the server, so attempts() says nothing was sent"
    );
}

#[tokio::test]
async fn the_whole_operation_has_a_deadline() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/slow");
            then.status(200).body("1").delay(Duration::from_secs(5));
        })
        .await;
    let opts = RequestOptions::default().with_timeout(Duration::from_millis(100));
    let err = transport(&server)
        .execute::<u32>(Request::get("GET /slow", "/slow").options(opts))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.operation(), Some("GET /slow"));
}

#[tokio::test]
async fn an_empty_budget_stops_retry_storms() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/down");
            then.status(503);
        })
        .await;
    let t = TransportBuilder::new("t/1")
        .base_url(server.base_url())
        .retry_policy(fast_retries())
        .retry_budget(RetryBudget::new(5, 5, 10))
        .build(TestVendor::default())
        .unwrap();
    let err = t
        .execute::<()>(Request::get("GET /down", "/down"))
        .await
        .unwrap_err();
    assert_eq!(
        mock.calls_async().await,
        2,
        "one retry paid for, then the budget is empty"
    );
    assert_eq!(err.retry_note(), Some(retry::BUDGET_EXHAUSTED));
}

#[tokio::test]
async fn decode_errors_keep_the_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/items");
            then.status(200)
                .body(r#"[{"id": 1, "name": "a"}, {"id": "x", "name": "b"}]"#);
        })
        .await;
    let err = transport(&server)
        .execute::<Vec<Item>>(Request::get("GET /items", "/items"))
        .await
        .unwrap_err();
    assert!(err.is_decode());
    assert_eq!(err.decode_path(), Some("[1].id"));
    assert!(err.body().is_some());
}

#[test]
fn base_urls_are_validated() {
    for bad in [
        "ftp://x",
        "not a url",
        "https://user:pw@host",
        "https://h/?q=1",
        "http://",
    ] {
        let err = TransportBuilder::new("t/1")
            .base_url(bad)
            .build(TestVendor::default())
            .unwrap_err();
        assert!(err.is_config(), "{bad}: {err:?}");
    }
    let ok = TransportBuilder::new("t/1")
        .base_url("https://cdp-api.linkflowtech.com/")
        .build(TestVendor::default());
    assert!(ok.is_ok());
    assert!(
        TransportBuilder::new("t/1")
            .build(TestVendor::default())
            .unwrap_err()
            .is_config()
    );
}

#[tokio::test]
async fn base_path_prefix_is_kept() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/tenant/open/x");
            then.status(200).body("1");
        })
        .await;
    let t = TransportBuilder::new("t/1")
        .base_url(format!("{}/tenant/", server.base_url()))
        .build(TestVendor::default())
        .unwrap();
    let _: u32 = t
        .execute(Request::get("GET /open/x", "/open/x"))
        .await
        .unwrap();
    mock.assert_async().await;
}

/// Collects everything logged while a test runs.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_never_carry_secrets() {
    let captured = Captured::default();
    let sink = captured.clone();
    use tracing_subscriber::layer::SubscriberExt as _;
    // Only the client's own logs (and reqwest's stack below it); the mock server logs the
    // requests it receives, headers included, which is not the client's doing.
    let targets = tracing_subscriber::filter::Targets::new()
        .with_target("client_core", tracing::Level::DEBUG)
        .with_target("reqwest", tracing::Level::DEBUG)
        .with_target("hyper_util", tracing::Level::DEBUG);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(move || sink.clone())
        .with_ansi(false);
    let subscriber =
        tracing_subscriber::registry().with(tracing_subscriber::Layer::with_filter(layer, targets));
    // Global, not scoped: tracing caches per-callsite interest across threads, so a scoped
    // subscriber can miss events from callsites other tests touched first. Other tests' logs
    // landing here too is fine: none may carry a secret either.
    tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/q");
            then.status(500);
        })
        .await;
    let _ = transport(&server)
        .execute::<()>(
            Request::get("GET /q", "/q")
                .query("access_token", "tok-SECRET")
                .query("page", 2),
        )
        .await;
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("http_attempt"), "{logs}");
    assert!(logs.contains("access_token=***"), "{logs}");
    assert!(logs.contains("page=2"), "{logs}");
    assert!(logs.contains("status=500"), "{logs}");
    assert!(!logs.contains("tok-SECRET"), "{logs}");
    assert!(!logs.contains("secret-token-"), "{logs}");
}

/// The client-side rate limit spaces requests out: at 5 per second, the sixth to tenth of ten
/// calls made at once wait for the bucket to refill (about 200 ms each), so the ten take at least
/// 0.8 s, while without a limit they take a few milliseconds. Every call still succeeds.
#[cfg(feature = "rate-limit")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_spaces_requests_out() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/open/items");
            then.status(200).json_body(serde_json::json!([]));
        })
        .await;
    let limited = TransportBuilder::new("client-core-tests/1.0")
        .base_url(server.base_url())
        .rate_limit(std::num::NonZeroU32::new(5))
        .build(TestVendor::default())
        .unwrap();
    let started = std::time::Instant::now();
    let calls = (0..10).map(|_| {
        let t = limited.clone();
        async move {
            t.execute::<Vec<Item>>(Request::get("GET /open/items", "/open/items"))
                .await
        }
    });
    let results = futures::future::join_all(calls).await;
    let elapsed = started.elapsed();
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    mock.assert_calls_async(10).await;
    assert!(
        elapsed >= Duration::from_millis(800),
        "ten calls at 5/s took only {elapsed:?}"
    );
}
