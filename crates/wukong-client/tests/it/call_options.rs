//! Per-call options (`with_options`) reach every request of every operation: the retry policy
//! (one request with `RetryPolicy::none()`, more without), the timeout (a delayed answer ends
//! the call early with `is_timeout()`), each chunk of a batch import, and a builder's options
//! replace its handler's.

use std::time::{Duration, Instant};

use client_core::clock::ManualClock;
use client_core::store::MemoryStore;
use futures::FutureExt as _;
use futures::future::BoxFuture;
use httpmock::Method::POST;
use httpmock::{Mock, MockServer};
use wukong_client::api::leads::Leads;
use wukong_client::api::oauth::OAuth;
use wukong_client::models::{BatchImportReport, ChunkOutcome, NewLead};
use wukong_client::{Client, Error, RequestOptions, RetryPolicy};

use crate::support::{authorised, builder, fast_retries, t0, token};

/// What the client holds before the call.
#[derive(Debug, Clone, Copy)]
enum Holding {
    /// A valid access token (no token request before a data request).
    ValidToken,
    /// An expired access token and a valid refresh token (the call refreshes first).
    ExpiredToken,
}

/// A call of an operation through its handler (with the handler's options, if any).
type Call = for<'a> fn(&'a Client, Option<RequestOptions>) -> BoxFuture<'a, Result<(), Error>>;

/// One public operation: its name, what the client must hold, whether the client's default
/// retry policy repeats it after a 503, and a call through its handler (and builder).
struct Operation {
    name: &'static str,
    holding: Holding,
    retried_by_default: bool,
    call: Call,
}

fn leads(client: &Client, options: Option<RequestOptions>) -> Leads<'_> {
    match options {
        Some(options) => client.leads().with_options(options),
        None => client.leads(),
    }
}

fn oauth(client: &Client, options: Option<RequestOptions>) -> OAuth<'_> {
    match options {
        Some(options) => client.oauth().with_options(options),
        None => client.oauth(),
    }
}

/// A batch import's first failed chunk as the call's error (the call itself returns the report).
fn first_failure(report: BatchImportReport) -> Result<(), Error> {
    for chunk in report.chunks {
        match chunk.outcome {
            ChunkOutcome::Accepted(_) => {}
            ChunkOutcome::Rejected(e) | ChunkOutcome::Indeterminate(e) => return Err(e),
            other => panic!("a chunk was not sent: {other:?}"),
        }
    }
    Ok(())
}

fn lead(i: u32) -> NewLead {
    NewLead::new().mobile(format!("1380013800{i}"))
}

/// Every public operation of the crate that sends a request. (`OAuth::cached_token` sends none.)
fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "oauth.request_code (§1.1)",
            holding: Holding::ValidToken,
            // A code request issues a single-use code: never repeated after it may have reached
            // the server, whatever the policy.
            retried_by_default: false,
            call: |c, o| {
                async move {
                    oauth(c, o)
                        .request_code("https://app.example.com/cb")
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Operation {
            name: "oauth.exchange_code (§1.2)",
            holding: Holding::ValidToken,
            // A code is single-use: the exchange is never repeated after it may have reached the
            // server.
            retried_by_default: false,
            call: |c, o| async move { oauth(c, o).exchange_code("code-1").await.map(drop) }.boxed(),
        },
        Operation {
            name: "oauth.exchange_redirect (§1.2)",
            holding: Holding::ValidToken,
            // As exchange_code.
            retried_by_default: false,
            call: |c, o| {
                async move {
                    oauth(c, o)
                        .exchange_redirect("https://app.example.com/cb?code=code-1")
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Operation {
            name: "oauth.refresh (§1.3)",
            holding: Holding::ExpiredToken,
            // A refresh may rotate the refresh token: never repeated after it may have reached
            // the server. It goes through the shared token cache, whose token requests keep their
            // own handling (the handler's options do not apply).
            retried_by_default: false,
            call: |c, o| async move { oauth(c, o).refresh().await.map(drop) }.boxed(),
        },
        Operation {
            name: "oauth.ensure_token (§1.3)",
            holding: Holding::ExpiredToken,
            // As refresh.
            retried_by_default: false,
            call: |c, o| async move { oauth(c, o).ensure_token().await.map(drop) }.boxed(),
        },
        Operation {
            name: "leads.list (§2.1)",
            holding: Holding::ValidToken,
            retried_by_default: true,
            call: |c, o| {
                async move { leads(c, o).list().wk_uid("1").send().await.map(drop) }.boxed()
            },
        },
        Operation {
            name: "leads.potential (§2.2)",
            holding: Holding::ValidToken,
            retried_by_default: true,
            call: |c, o| async move { leads(c, o).potential().send().await.map(drop) }.boxed(),
        },
        Operation {
            name: "leads.import (§2.3)",
            holding: Holding::ValidToken,
            // Not safe to repeat, but a 503 says the server did not act: retried.
            retried_by_default: true,
            call: |c, o| async move { leads(c, o).import(lead(0)).send().await.map(drop) }.boxed(),
        },
        Operation {
            name: "leads.import_batch (§2.3)",
            holding: Holding::ValidToken,
            // As import, chunk by chunk.
            retried_by_default: true,
            call: |c, o| {
                async move {
                    let report = leads(c, o).import_batch([lead(0), lead(1)]).send().await?;
                    first_failure(report)
                }
                .boxed()
            },
        },
    ]
}

/// A client for `server` holding what `holding` says, with the test's fast default retries.
fn client_holding(server: &MockServer, holding: Holding) -> Client {
    match holding {
        Holding::ValidToken => authorised(server).0,
        Holding::ExpiredToken => {
            let clock = ManualClock::new(t0());
            let expired = token("AT-old", "RT1", t0() - chrono::TimeDelta::hours(3));
            builder(server, &clock)
                .token_store(MemoryStore::with_token(expired))
                .build()
                .unwrap()
        }
    }
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
    assert_eq!(operations.len(), 9);
    for op in &operations {
        let server = MockServer::start_async().await;
        let answers = unavailable(&server);
        let client = client_holding(&server, op.holding);
        let e = (op.call)(&client, Some(no_retries())).await.unwrap_err();
        assert_eq!(
            e.status().map(|s| s.as_u16()),
            Some(503),
            "{}: {e}",
            op.name
        );
        assert_eq!(answers.calls(), 1, "{} with RetryPolicy::none()", op.name);

        let server = MockServer::start_async().await;
        let answers = unavailable(&server);
        let client = client_holding(&server, op.holding);
        let e = (op.call)(&client, None).await.unwrap_err();
        assert_eq!(
            e.status().map(|s| s.as_u16()),
            Some(503),
            "{}: {e}",
            op.name
        );
        if op.retried_by_default {
            assert_eq!(answers.calls(), 3, "{} with the default policy", op.name);
        } else {
            assert_eq!(answers.calls(), 1, "{} is never repeated", op.name);
        }
    }
}

#[tokio::test]
async fn a_per_call_timeout_ends_every_operation_that_takes_options_early() {
    // `refresh` and `ensure_token` go through the shared token cache, whose requests keep the
    // client's settings: they are not in this table.
    let operations: Vec<Operation> = operations()
        .into_iter()
        .filter(|op| matches!(op.holding, Holding::ValidToken))
        .collect();
    assert_eq!(operations.len(), 7);
    for op in &operations {
        let server = MockServer::start_async().await;
        let slow = server.mock(|when, then| {
            when.method(POST);
            then.status(200)
                .delay(Duration::from_secs(5))
                .body(r#"{"code":0,"msg":"ok"}"#);
        });
        let client = client_holding(&server, op.holding);
        let options = RequestOptions::default().with_timeout(Duration::from_millis(200));
        let started = Instant::now();
        let e = (op.call)(&client, Some(options)).await.unwrap_err();
        let elapsed = started.elapsed();
        assert!(e.is_timeout(), "{}: {e}", op.name);
        // The client-wide timeout is 60 s; the delay 5 s.
        assert!(elapsed < Duration::from_secs(3), "{}: {elapsed:?}", op.name);
        assert!(slow.calls() >= 1, "{}", op.name);
    }
}

#[tokio::test]
async fn handler_options_apply_to_the_second_chunk_of_a_batch_import() {
    for (options, second_chunk_requests) in [(Some(no_retries()), 1), (None, 3)] {
        let server = MockServer::start_async().await;
        let first = server.mock(|when, then| {
            when.method(POST)
                .path("/importv1/potential")
                .body_includes("13800138000");
            then.status(200).body(r#"{"code":0,"msg":"success"}"#);
        });
        let second = server.mock(|when, then| {
            when.method(POST)
                .path("/importv1/potential")
                .body_includes("13800138001");
            then.status(503).body("busy");
        });
        let (client, _store, _clock) = authorised(&server);
        let report = leads(&client, options.clone())
            .import_batch([lead(0), lead(1)])
            .chunk_size(1)
            .send()
            .await
            .unwrap();
        assert!(matches!(
            report.chunks[0].outcome,
            ChunkOutcome::Accepted(_)
        ));
        let ChunkOutcome::Rejected(e) = &report.chunks[1].outcome else {
            panic!("{:?}", report.chunks[1].outcome);
        };
        assert_eq!(e.status().map(|s| s.as_u16()), Some(503));
        first.assert_calls(1);
        second.assert_calls(second_chunk_requests);
    }
}

#[tokio::test]
async fn a_builders_options_replace_its_handlers() {
    type Builder = for<'a> fn(Leads<'a>, RequestOptions) -> BoxFuture<'a, Result<(), Error>>;
    let builders: [(&str, Builder); 4] = [
        ("list", |l, o| {
            async move { l.list().with_options(o).send().await.map(drop) }.boxed()
        }),
        ("potential", |l, o| {
            async move { l.potential().with_options(o).send().await.map(drop) }.boxed()
        }),
        ("import", |l, o| {
            async move { l.import(lead(0)).with_options(o).send().await.map(drop) }.boxed()
        }),
        ("import_batch", |l, o| {
            async move { first_failure(l.import_batch([lead(0)]).with_options(o).send().await?) }
                .boxed()
        }),
    ];
    for (name, call) in builders {
        // The handler turns retries off; the builder turns them back on.
        let server = MockServer::start_async().await;
        let answers = unavailable(&server);
        let (client, _store, _clock) = authorised(&server);
        let retries = RequestOptions::default().with_retry(fast_retries().with_max_attempts(2));
        let handler = client.leads().with_options(no_retries());
        call(handler, retries).await.unwrap_err();
        assert_eq!(answers.calls(), 2, "{name}: the builder's policy");

        // The handler allows retries; the builder turns them off.
        let server = MockServer::start_async().await;
        let answers = unavailable(&server);
        let (client, _store, _clock) = authorised(&server);
        let handler = client
            .leads()
            .with_options(RequestOptions::default().with_retry(fast_retries()));
        call(handler, no_retries()).await.unwrap_err();
        assert_eq!(answers.calls(), 1, "{name}: the builder's policy");
    }
}
