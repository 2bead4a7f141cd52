//! Per-call options (`with_options`) reach every request of every operation: the retry policy
//! (one request with `RetryPolicy::none()`, more without), the timeout (a delayed answer ends
//! the call early with `is_timeout()`), each page request of the streams, and a builder's
//! options replace its handler's.

use std::time::{Duration, Instant};

use clue_client::api::clues::Clues;
use clue_client::api::customer_fields::CustomerFields;
use clue_client::client_core::time::VendorTime;
use clue_client::prelude::*;
use clue_client::{Client, Error, RequestOptions, RetryPolicy};
use futures::FutureExt as _;
use futures::future::BoxFuture;
use httpmock::Method::POST;
use httpmock::{Mock, MockServer};
use serde_json::json;

use crate::support::{self, fast_retries};

type Call = for<'a> fn(&'a Client, Option<RequestOptions>) -> BoxFuture<'a, Result<(), Error>>;

fn clues(client: &Client, options: Option<RequestOptions>) -> Clues<'_> {
    match options {
        Some(options) => client.clues().with_options(options),
        None => client.clues(),
    }
}

fn customer_fields(client: &Client, options: Option<RequestOptions>) -> CustomerFields<'_> {
    match options {
        Some(options) => client.customer_fields().with_options(options),
        None => client.customer_fields(),
    }
}

fn since() -> VendorTime {
    VendorTime::parse("2021-05-01 00:00:00").unwrap()
}

fn before() -> VendorTime {
    VendorTime::parse("2021-06-01 00:00:00").unwrap()
}

/// Every public operation of the crate (each stream by its first page). Every one is a read, so
/// the default policy retries each of them. (`Client::verify_push` and `verify_push_fresh`
/// send no request.)
fn operations() -> Vec<(&'static str, Call)> {
    vec![
        ("clues.get", |c, o| {
            async move { clues(c, o).get(410983932389440).await.map(drop) }.boxed()
        }),
        ("clues.list_by_create_time_asc.send", |c, o| {
            async move {
                let request = clues(c, o).list_by_create_time_asc(since(), before());
                request.send().await.map(drop)
            }
            .boxed()
        }),
        ("clues.list_by_create_time_asc.stream", |c, o| {
            async move {
                let mut stream = clues(c, o)
                    .list_by_create_time_asc(since(), before())
                    .stream();
                stream.try_next().await.map(drop)
            }
            .boxed()
        }),
        ("clues.list_follow_up.send", |c, o| {
            async move {
                let request = clues(c, o).list_follow_up(410983932389440);
                request.send().await.map(drop)
            }
            .boxed()
        }),
        ("clues.list_follow_up.stream", |c, o| {
            async move {
                let mut stream = clues(c, o).list_follow_up(410983932389440).stream();
                stream.try_next().await.map(drop)
            }
            .boxed()
        }),
        ("customer_fields.list", |c, o| {
            async move { customer_fields(c, o).list().await.map(drop) }.boxed()
        }),
    ]
}

fn no_retries() -> RequestOptions {
    RequestOptions::default().with_retry(RetryPolicy::none())
}

/// A server answering every request with a bare 503 (retryable by the default policy).
fn unavailable(server: &MockServer) -> Mock<'_> {
    server.mock(|when, then| {
        when.method(POST);
        then.status(503).body("busy");
    })
}

#[tokio::test]
async fn every_operation_sends_one_request_without_retries_and_more_by_default() {
    let operations = operations();
    assert_eq!(operations.len(), 6);
    for (name, call) in operations {
        for (options, requests) in [(Some(no_retries()), 1), (None, 3)] {
            let server = MockServer::start_async().await;
            let answers = unavailable(&server);
            let client = support::client(&server);
            let e = call(&client, options).await.unwrap_err();
            assert_eq!(e.status().map(|s| s.as_u16()), Some(503), "{name}: {e}");
            assert_eq!(answers.calls(), requests, "{name}");
        }
    }
}

#[tokio::test]
async fn a_per_call_timeout_ends_every_operation_early() {
    for (name, call) in operations() {
        let server = MockServer::start_async().await;
        let slow = server.mock(|when, then| {
            when.method(POST);
            then.status(200)
                .delay(Duration::from_secs(5))
                .body(r#"{"code":0,"message":"ok","data":null}"#);
        });
        let client = support::client(&server);
        let options = RequestOptions::default().with_timeout(Duration::from_millis(200));
        let started = Instant::now();
        let e = call(&client, Some(options)).await.unwrap_err();
        let elapsed = started.elapsed();
        assert!(e.is_timeout(), "{name}: {e}");
        // The client-wide timeout is 60 s; the delay 5 s.
        assert!(elapsed < Duration::from_secs(3), "{name}: {elapsed:?}");
        assert!(slow.calls() >= 1, "{name}");
    }
}

/// A server whose first page (no `cursor` in the body) names a next page, and whose second
/// page (`"cursor":"c1"`) answers 503.
fn second_page_unavailable<'a>(
    server: &'a MockServer,
    path: &str,
    item: serde_json::Value,
) -> [Mock<'a>; 2] {
    let first = server.mock(|when, then| {
        when.method(POST).path(path).body_excludes("cursor");
        then.status(200).json_body(
            json!({"code": 0, "message": "ok", "data": {"list": [item], "nextCursor": "c1"}}),
        );
    });
    let second = server.mock(|when, then| {
        when.method(POST)
            .path(path)
            .body_includes(r#""cursor":"c1""#);
        then.status(503).body("busy");
    });
    [first, second]
}

#[tokio::test]
async fn handler_options_apply_to_the_second_page_of_each_stream() {
    type Stream = for<'a> fn(Clues<'a>) -> BoxFuture<'a, (Vec<u64>, Error)>;
    let streams: [(&str, &str, serde_json::Value, Stream); 2] = [
        (
            "list_by_create_time_asc",
            "/api/v3/clue/list-by-create-time-asc",
            json!({"customerId": 7}),
            |c| {
                async move {
                    let mut stream = c.list_by_create_time_asc(since(), before()).stream();
                    let mut ids = Vec::new();
                    loop {
                        match stream.try_next().await {
                            Ok(Some(clue)) => ids.push(clue.customer_id.unsigned_abs()),
                            Ok(None) => panic!("the stream ended without the second page"),
                            Err(e) => return (ids, e),
                        }
                    }
                }
                .boxed()
            },
        ),
        (
            "list_follow_up",
            "/api/v3/clue/list-follow-up",
            json!({"id": 7}),
            |c| {
                async move {
                    let mut stream = c.list_follow_up(410983932389440).stream();
                    let mut ids = Vec::new();
                    loop {
                        match stream.try_next().await {
                            Ok(Some(record)) => ids.push(record.id.unsigned_abs()),
                            Ok(None) => panic!("the stream ended without the second page"),
                            Err(e) => return (ids, e),
                        }
                    }
                }
                .boxed()
            },
        ),
    ];
    for (name, path, item, read) in streams {
        for (options, second_page_requests) in [(Some(no_retries()), 1), (None, 3)] {
            let server = MockServer::start_async().await;
            let [first, second] = second_page_unavailable(&server, path, item.clone());
            let client = support::client(&server);
            let (ids, e) = read(clues(&client, options)).await;
            assert_eq!(ids, vec![7], "{name}");
            assert_eq!(e.status().map(|s| s.as_u16()), Some(503), "{name}: {e}");
            first.assert_calls(1);
            assert_eq!(second.calls(), second_page_requests, "{name}");
        }
    }
}

#[tokio::test]
async fn a_builders_options_replace_its_handlers() {
    type Builder = for<'a> fn(Clues<'a>, RequestOptions) -> BoxFuture<'a, Result<(), Error>>;
    let builders: [(&str, Builder); 4] = [
        ("list_by_create_time_asc.send", |c, o| {
            async move {
                let request = c.list_by_create_time_asc(since(), before());
                request.with_options(o).send().await.map(drop)
            }
            .boxed()
        }),
        ("list_by_create_time_asc.stream", |c, o| {
            async move {
                let request = c.list_by_create_time_asc(since(), before());
                request.with_options(o).stream().try_next().await.map(drop)
            }
            .boxed()
        }),
        ("list_follow_up.send", |c, o| {
            async move {
                let request = c.list_follow_up(410983932389440);
                request.with_options(o).send().await.map(drop)
            }
            .boxed()
        }),
        ("list_follow_up.stream", |c, o| {
            async move {
                let request = c.list_follow_up(410983932389440);
                request.with_options(o).stream().try_next().await.map(drop)
            }
            .boxed()
        }),
    ];
    for (name, call) in builders {
        // The handler turns retries off; the builder turns them back on.
        let server = MockServer::start_async().await;
        let answers = unavailable(&server);
        let client = support::client(&server);
        let retries = RequestOptions::default().with_retry(fast_retries(2));
        call(client.clues().with_options(no_retries()), retries)
            .await
            .unwrap_err();
        assert_eq!(answers.calls(), 2, "{name}: the builder's policy");

        // The handler allows retries; the builder turns them off.
        let server = MockServer::start_async().await;
        let answers = unavailable(&server);
        let client = support::client(&server);
        let handler = client
            .clues()
            .with_options(RequestOptions::default().with_retry(fast_retries(3)));
        call(handler, no_retries()).await.unwrap_err();
        assert_eq!(answers.calls(), 1, "{name}: the builder's policy");
    }
}
