//! Per-call options (`with_options`, issue 17): every public operation honours the options set on
//! its handler or on its request builder, for every request it sends — each page of a stream,
//! each poll of a waiter, each call of a bulk fetch.
//!
//! The table [`operations`] lists every public operation of the crate. Each case runs against a
//! local server that answers every operation with HTTP 503 (retried by the client's policy, here
//! 3 attempts) and counts the requests that reached it: with retries turned off through
//! `with_options` exactly one arrives; without options more than one does.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeSet;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use client_core::backoff::{Backoff, Jitter};
use client_core::time::VendorTime;
use futures::future::BoxFuture;
use futures::{FutureExt as _, TryStreamExt as _};
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse, Mock};
use linkflow_client::models::{
    ContactData, EventData, Identity, IdentityType, Message, MessageBatch, ProfileMessage,
    SalesOrder, TagDataType, UploadMode,
};
use linkflow_client::{Client, RequestOptions, RetryPolicy};

use crate::support::*;

/// The attempts the test client's own policy makes (see `support::builder_for`).
const CLIENT_ATTEMPTS: usize = 3;

/// Where per-call options are set for one run of an operation.
#[derive(Debug, Clone)]
enum Level {
    /// Nowhere: the client's policy applies.
    Default,
    /// On the handler (`client.tags().with_options(…)`).
    Handler(RequestOptions),
    /// On the request builder (`….create(…).with_options(…)`).
    Builder(RequestOptions),
    /// Retries off on the handler, then the builder's own options replace them.
    Replaced(RequestOptions),
}

impl Level {
    /// `handler`, with the options this level sets on handlers.
    fn handler<H>(&self, handler: H, with: impl FnOnce(H, RequestOptions) -> H) -> H {
        match self {
            Self::Handler(options) => with(handler, options.clone()),
            Self::Replaced(_) => with(handler, no_retry()),
            Self::Default | Self::Builder(_) => handler,
        }
    }

    /// `builder`, with the options this level sets on request builders.
    fn builder<B>(&self, builder: B, with: impl FnOnce(B, RequestOptions) -> B) -> B {
        match self {
            Self::Builder(options) | Self::Replaced(options) => with(builder, options.clone()),
            Self::Default | Self::Handler(_) => builder,
        }
    }
}

/// The handler `$h` with the level's handler options.
macro_rules! h {
    ($level:expr, $h:expr) => {
        $level.handler($h, |h, o| h.with_options(o))
    };
}

/// The request builder `$b` with the level's builder options.
macro_rules! b {
    ($level:expr, $b:expr) => {
        $level.builder($b, |b, o| b.with_options(o))
    };
}

/// Retries off.
fn no_retry() -> RequestOptions {
    RequestOptions::default().with_retry(RetryPolicy::none())
}

type Call = Box<dyn Fn(Client, Level) -> BoxFuture<'static, client_core::Result<()>> + Send + Sync>;

/// One public operation.
struct Operation {
    name: &'static str,
    /// It returns a request builder, so options can also be set there (not only on its handler).
    builder: bool,
    /// Why the operation never sends a second request, whatever the options (then exactly one
    /// request arrives with or without them).
    never_retried: Option<&'static str>,
    call: Call,
}

fn op<F, Fut, T>(name: &'static str, builder: bool, call: F) -> Operation
where
    F: Fn(Client, Level) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = client_core::Result<T>> + Send + 'static,
{
    Operation {
        name,
        builder,
        never_retried: None,
        call: Box::new(move |client, level| call(client, level).map(|r| r.map(drop)).boxed()),
    }
}

/// A builder operation that never repeats its request (`why` says why).
fn once<F, Fut, T>(name: &'static str, why: &'static str, call: F) -> Operation
where
    F: Fn(Client, Level) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = client_core::Result<T>> + Send + 'static,
{
    Operation {
        never_retried: Some(why),
        ..op(name, true, call)
    }
}

fn email() -> Identity {
    Identity::new(IdentityType::Email, "email@163.com")
}

fn time(text: &str) -> VendorTime {
    VendorTime::parse(text).expect("time")
}

fn profile_batch() -> MessageBatch<ProfileMessage> {
    let mut batch = MessageBatch::new("udc_12SyQfFmg");
    batch.identities.push(email());
    batch
        .messages
        .push(Message::new(ProfileMessage::Event(EventData::new(
            "SIGN_UP",
        ))));
    batch
}

fn order_batch() -> MessageBatch<SalesOrder> {
    let mut batch = MessageBatch::new("udc_12SyQfFmg");
    batch.identities.push(email());
    batch.messages.push(Message::new(SalesOrder::new(
        "E20221028",
        time("2022-10-28 10:33:44"),
    )));
    batch
}

/// The first result of a stream (its first page's request).
async fn first<T>(stream: client_core::paging::ItemStream<T>) -> client_core::Result<()> {
    let mut stream = stream;
    stream.try_next().await.map(drop)
}

/// Every public operation of the crate. `file` is a small value file for the uploads.
fn operations(file: PathBuf) -> Vec<Operation> {
    let overwrite = file.clone();
    vec![
        // 联系人和事件
        op("messages().batch(…).send()", true, |c, l| async move {
            b!(l, h!(l, c.messages()).batch("udc_12SyQfFmg"))
                .identity(email())
                .contact(ContactData::new().name("peter pan"))
                .send()
                .await
        }),
        op("messages().send(&batch)", false, |c, l| async move {
            h!(l, c.messages()).send(&profile_batch()).await
        }),
        op(
            "order_messages().batch(…).send()",
            true,
            |c, l| async move {
                b!(l, h!(l, c.order_messages()).batch("udc_12SyQfFmg"))
                    .identity(email())
                    .order(SalesOrder::new("E20221028", time("2022-10-28 10:33:44")))
                    .send()
                    .await
            },
        ),
        op("order_messages().send(&batch)", false, |c, l| async move {
            h!(l, c.order_messages()).send(&order_batch()).await
        }),
        op("identity().find_contact(…)", false, |c, l| async move {
            h!(l, c.identity())
                .find_contact(IdentityType::Email, "email@163.com")
                .await
        }),
        op(
            "identity().channel_identities(…)",
            false,
            |c, l| async move {
                h!(l, c.identity())
                    .channel_identities(703_941_987_164_160)
                    .await
            },
        ),
        op(
            "identity().workwechat_qrcodes(…)",
            false,
            |c, l| async move {
                h!(l, c.identity())
                    .workwechat_qrcodes("ww0b8772cfc1ed757c")
                    .await
            },
        ),
        // 联系人
        op("contacts().list().send()", true, |c, l| async move {
            b!(l, h!(l, c.contacts()).list()).send().await
        }),
        op("contacts().list().stream()", true, |c, l| async move {
            first(b!(l, h!(l, c.contacts()).list()).stream()).await
        }),
        op("contacts().cursor().send()", true, |c, l| async move {
            b!(l, h!(l, c.contacts()).cursor()).send().await
        }),
        op("contacts().cursor().stream()", true, |c, l| async move {
            first(b!(l, h!(l, c.contacts()).cursor()).stream()).await
        }),
        op("contacts().ids().send()", true, |c, l| async move {
            b!(l, h!(l, c.contacts()).ids()).send().await
        }),
        op("contacts().ids().stream()", true, |c, l| async move {
            first(b!(l, h!(l, c.contacts()).ids()).stream()).await
        }),
        op("contacts().bulk(…).send()", true, |c, l| async move {
            // A call that fails is reported in the answer, not as an error: surface it.
            let fetched = b!(l, h!(l, c.contacts()).bulk([1, 3, 5])).send().await?;
            match fetched.chunks.into_iter().find_map(|c| c.outcome.err()) {
                Some(error) => Err(error),
                None => Ok(()),
            }
        }),
        op(
            "contacts().identities_by(…).send()",
            true,
            |c, l| async move {
                b!(l, h!(l, c.contacts()).identities_by(email()))
                    .send()
                    .await
            },
        ),
        op("contacts().identities(…)", false, |c, l| async move {
            h!(l, c.contacts()).identities(29).await
        }),
        op("contacts().tag_values(…)", false, |c, l| async move {
            h!(l, c.contacts()).tag_values(email()).await
        }),
        op(
            "contacts().unbind_identities(…)",
            false,
            |c, l| async move { h!(l, c.contacts()).unbind_identities(29, [email()]).await },
        ),
        // 群组
        op("groups().list().send()", true, |c, l| async move {
            b!(l, h!(l, c.groups()).list()).send().await
        }),
        op("groups().create(…).send()", true, |c, l| async move {
            b!(l, h!(l, c.groups()).create("VIP")).send().await
        }),
        op("groups().rename(…)", false, |c, l| async move {
            h!(l, c.groups()).rename(252, "VIP+").await
        }),
        op("groups().delete(…)", false, |c, l| async move {
            h!(l, c.groups()).delete(252).await
        }),
        op("groups().of_contact(…).send()", true, |c, l| async move {
            b!(l, h!(l, c.groups()).of_contact(29)).send().await
        }),
        op("groups().members(…).send()", true, |c, l| async move {
            b!(l, h!(l, c.groups()).members(252)).send().await
        }),
        op("groups().members(…).stream()", true, |c, l| async move {
            first(b!(l, h!(l, c.groups()).members(252)).stream()).await
        }),
        op("groups().add_contacts(…)", false, |c, l| async move {
            h!(l, c.groups()).add_contacts(252, [29]).await
        }),
        op("groups().remove_contacts(…)", false, |c, l| async move {
            h!(l, c.groups()).remove_contacts(252, [29]).await
        }),
        // 标签
        op("tags().create(…).send()", true, |c, l| async move {
            b!(
                l,
                h!(l, c.tags()).create("tag_vip", "VIP", TagDataType::Text, IdentityType::Email)
            )
            .send()
            .await
        }),
        op("tags().delete(…)", false, |c, l| async move {
            h!(l, c.tags()).delete("tag_vip").await
        }),
        op("tags().list().send()", true, |c, l| async move {
            b!(l, h!(l, c.tags()).list()).send().await
        }),
        op("tags().list().stream()", true, |c, l| async move {
            first(b!(l, h!(l, c.tags()).list()).stream()).await
        }),
        op(
            "tags().upload_file(…, Overwrite, …).send()",
            true,
            move |c, l| {
                let path = overwrite.clone();
                async move {
                    b!(
                        l,
                        h!(l, c.tags()).upload_file("tag_vip", UploadMode::Overwrite, path)
                    )
                    .send()
                    .await
                }
            },
        ),
        op(
            "tags().upload_file(…, Append, …).send()",
            true,
            move |c, l| {
                let path = file.clone();
                async move {
                    b!(
                        l,
                        h!(l, c.tags()).upload_file("tag_vip", UploadMode::Append, path)
                    )
                    .send()
                    .await
                }
            },
        ),
        once(
            "tags().upload_reader(…).send()",
            // The reader can be read once: the upload is never sent twice, not even after a
            // token refresh.
            "a reader upload cannot be replayed",
            |c, l| async move {
                b!(
                    l,
                    h!(l, c.tags()).upload_reader(
                        "tag_vip",
                        UploadMode::Append,
                        "values.csv",
                        &b"email@163.com,gold\n"[..]
                    )
                )
                .send()
                .await
            },
        ),
        op("tags().calculate(…)", false, |c, l| async move {
            h!(l, c.tags()).calculate("tag_vip").await
        }),
        op("tags().export(…).send()", true, |c, l| async move {
            b!(l, h!(l, c.tags()).export("tag_vip", IdentityType::Email))
                .send()
                .await
        }),
        op("tags().export(…).wait()", true, |c, l| async move {
            b!(l, h!(l, c.tags()).export("tag_vip", IdentityType::Email))
                .backoff(fast_polls())
                .wait()
                .await
        }),
        op("tags().export_state(…)", false, |c, l| async move {
            h!(l, c.tags()).export_state(19_723_653_547_885).await
        }),
        op(
            "tags().wait_for_export(…).send()",
            true,
            |c, l| async move {
                b!(l, h!(l, c.tags()).wait_for_export(19_723_653_547_885))
                    .backoff(fast_polls())
                    .send()
                    .await
            },
        ),
        op("tags().set_values(…).send()", true, |c, l| async move {
            b!(l, h!(l, c.tags()).set_values(email()))
                .set(382, "gold")
                .send()
                .await
        }),
        op("folders().list()", false, |c, l| async move {
            h!(l, c.folders()).list().await
        }),
        // 维度表
        op("dimensions().upload(…)", false, |c, l| async move {
            let mut row = serde_json::Map::new();
            row.insert("id".into(), 1.into());
            row.insert("name".into(), "gold".into());
            h!(l, c.dimensions()).upload("vip_levels", [row]).await
        }),
        // 订单
        op("orders().cursor().send()", true, |c, l| async move {
            b!(l, h!(l, c.orders()).cursor()).send().await
        }),
        op("orders().cursor().stream()", true, |c, l| async move {
            first(b!(l, h!(l, c.orders()).cursor()).stream()).await
        }),
        op("orders().window(…).send()", true, |c, l| async move {
            b!(l, h!(l, c.orders()).window(window_start(), window_end()))
                .send()
                .await
        }),
        op("orders().window(…).stream()", true, |c, l| async move {
            first(b!(l, h!(l, c.orders()).window(window_start(), window_end())).stream()).await
        }),
        // 报表
        op("reports().get(…)", false, |c, l| async move {
            h!(l, c.reports()).get(404).await
        }),
        op("reports().wait(…).send()", true, |c, l| async move {
            b!(l, h!(l, c.reports()).wait(404))
                .backoff(fast_polls())
                .send()
                .await
        }),
        op("reports().dashboard(…)", false, |c, l| async move {
            h!(l, c.reports()).dashboard(7).await
        }),
        // 短链接
        op("short_urls().create(…).send()", true, |c, l| async move {
            b!(
                l,
                h!(l, c.short_urls()).create("https://www.linkflowtech.com/")
            )
            .source("wechat")
            .send()
            .await
        }),
        op(
            "short_urls().distribute(…).send()",
            true,
            |c, l| async move {
                b!(
                    l,
                    h!(l, c.short_urls()).distribute("https://www.linkflowtech.com/", 29)
                )
                .send()
                .await
            },
        ),
    ]
}

fn window_start() -> VendorTime {
    time("2024-01-01 00:00:00")
}

fn window_end() -> VendorTime {
    time("2024-02-01 00:00:00")
}

/// Polls every millisecond, without jitter.
fn fast_polls() -> Backoff {
    Backoff::new(Duration::from_millis(1), Duration::from_millis(2)).with_jitter(Jitter::None)
}

fn value_file() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("values.csv"), "email@163.com,gold\n").expect("write");
    dir
}

/// Every request but `GET /token` answers HTTP 503.
fn unavailable(server: &MockServer) -> Mock<'_> {
    server.mock(|when, then| {
        when.path_prefix_not("/token");
        then.status(503);
    })
}

/// Runs `operation` at `level` against a fresh server that answers it 503; returns how many of
/// its requests arrived and the route the error names.
async fn requests_sent(
    operation: &Operation,
    level: Level,
) -> Result<(usize, Option<&'static str>), String> {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let failing = unavailable(&server);
    let client = client_for(&server);
    match (operation.call)(client, level.clone()).await {
        Ok(()) => Err(format!(
            "{} ({level:?}) succeeded against HTTP 503",
            operation.name
        )),
        Err(error) if error.status().map(|s| s.as_u16()) != Some(503) => Err(format!(
            "{} ({level:?}) failed with `{error}`, not the server's 503",
            operation.name
        )),
        Err(error) => Ok((failing.calls_async().await, error.operation())),
    }
}

#[tokio::test]
async fn with_retries_off_every_operation_sends_exactly_one_request() {
    let dir = value_file();
    let operations = operations(dir.path().join("values.csv"));
    let mut problems = Vec::new();
    let mut routes = BTreeSet::new();
    for operation in &operations {
        let mut levels = vec![Level::Handler(no_retry())];
        if operation.builder {
            levels.push(Level::Builder(no_retry()));
        }
        for level in levels {
            match requests_sent(operation, level.clone()).await {
                Ok((1, route)) => routes.extend(route),
                Ok((n, _)) => problems.push(format!(
                    "{} ({level:?}): {n} requests with retries off",
                    operation.name
                )),
                Err(problem) => problems.push(problem),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every route the crate defines is reached by some operation of the table: an operation
    // added without a table entry fails here.
    let missing: Vec<String> = crate_routes()
        .into_iter()
        .filter(|route| !routes.contains(route.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "routes no operation of the table reached: {missing:?}"
    );
}

/// The routes (`"METHOD /path"`) the crate's `api` modules define as constants.
fn crate_routes() -> BTreeSet<String> {
    fn scan(dir: &std::path::Path, routes: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("api dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                scan(&path, routes);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            for line in text.lines() {
                let Some(rest) = line.trim().strip_prefix("pub const ") else {
                    continue;
                };
                let Some((_, value)) = rest.split_once(": &str = \"") else {
                    continue;
                };
                let route = value.trim_end_matches("\";");
                if ["GET ", "POST ", "DELETE ", "PUT "]
                    .iter()
                    .any(|m| route.starts_with(m))
                {
                    routes.insert(route.to_owned());
                }
            }
        }
    }
    let mut routes = BTreeSet::new();
    scan(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api"),
        &mut routes,
    );
    assert!(routes.len() > 30, "{routes:?}");
    routes
}

#[tokio::test]
async fn without_options_every_operation_is_retried_by_the_client_policy() {
    let dir = value_file();
    let operations = operations(dir.path().join("values.csv"));
    let mut problems = Vec::new();
    for operation in &operations {
        let expected = match operation.never_retried {
            Some(_) => 1,
            None => CLIENT_ATTEMPTS,
        };
        match requests_sent(operation, Level::Default).await {
            Ok((n, _)) if n == expected => {}
            Ok((n, _)) => problems.push(format!(
                "{}: {n} requests without options, expected {expected}",
                operation.name
            )),
            Err(problem) => problems.push(problem),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn options_on_a_builder_replace_those_of_its_handler() {
    // The handler turns retries off; the builder's own (empty) options replace that, so the
    // client's policy applies again.
    let dir = value_file();
    let operations = operations(dir.path().join("values.csv"));
    let mut problems = Vec::new();
    for operation in operations.iter().filter(|o| o.builder) {
        let expected = match operation.never_retried {
            Some(_) => 1,
            None => CLIENT_ATTEMPTS,
        };
        match requests_sent(operation, Level::Replaced(RequestOptions::default())).await {
            Ok((n, _)) if n == expected => {}
            Ok((n, _)) => problems.push(format!(
                "{}: {n} requests, expected {expected}",
                operation.name
            )),
            Err(problem) => problems.push(problem),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn a_per_call_timeout_ends_every_operation_long_before_the_client_timeout() {
    // The server answers after 5 s; the client's own timeout is 10 s; the call's is 200 ms.
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.path_prefix_not("/token");
        then.status(200)
            .header("content-type", "application/json")
            .body("[]")
            .delay(Duration::from_secs(5));
    });
    let dir = value_file();
    let operations = operations(dir.path().join("values.csv"));
    let short = RequestOptions::default().with_timeout(Duration::from_millis(200));
    let mut runs = Vec::new();
    for operation in &operations {
        let mut levels = vec![Level::Handler(short.clone())];
        if operation.builder {
            levels.push(Level::Builder(short.clone()));
        }
        for level in levels {
            let client = client_for(&server);
            runs.push(async move {
                let started = Instant::now();
                let outcome = (operation.call)(client, level.clone()).await;
                (operation.name, level, outcome, started.elapsed())
            });
        }
    }
    let mut problems = Vec::new();
    for (name, level, outcome, elapsed) in futures::future::join_all(runs).await {
        match outcome {
            Err(e) if e.is_timeout() && elapsed < Duration::from_secs(2) => {}
            Err(e) => problems.push(format!(
                "{name} ({level:?}): `{e}` after {elapsed:?}, expected a timeout within 2 s"
            )),
            Ok(()) => problems.push(format!("{name} ({level:?}): succeeded")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ----- requests after the first: later pages, later polls, further bulk calls ----------------

/// An operation whose failing request is not its first one.
struct Later {
    name: &'static str,
    /// Mocks the answers the operation gets first and returns the mock of the request that
    /// fails (HTTP 503 every time).
    setup: for<'s> fn(&'s MockServer) -> Mock<'s>,
    /// Requests the failing mock receives before the one that fails (a waiter polls the same
    /// route: its first poll answers, later ones fail).
    answered_first: usize,
    /// Requests that fail with retries off (a bulk fetch sends one per call of 100 ids).
    failing_calls: usize,
    call: Call,
}

fn later<F, Fut, T>(
    name: &'static str,
    setup: for<'s> fn(&'s MockServer) -> Mock<'s>,
    call: F,
) -> Later
where
    F: Fn(Client, Level) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = client_core::Result<T>> + Send + 'static,
{
    Later {
        name,
        setup,
        answered_first: 0,
        failing_calls: 1,
        call: op(name, true, call).call,
    }
}

/// Mocks `GET $path` with `$query` answering `$body` (the first page), and returns the mock of
/// `GET $path` with `$next` answering 503 (the second page).
macro_rules! pages {
    ($server:expr, $path:expr, [$($query:expr),*], [$($next:expr),*], $body:expr) => {{
        $server.mock(|when, then| {
            when.method(GET).path($path)$(.query_param($query.0, $query.1))*;
            then.status(200)
                .header("content-type", "application/json")
                .body($body);
        });
        $server.mock(|when, then| {
            when.method(GET).path($path)$(.query_param($next.0, $next.1))*;
            then.status(503);
        })
    }};
}

fn contact_pages(s: &MockServer) -> Mock<'_> {
    pages!(
        s,
        "/open/contacts",
        [("page", "0")],
        [("page", "1")],
        r#"[{"id": 5}]"#
    )
}

fn cursor_pages(s: &MockServer) -> Mock<'_> {
    let path = "/open/contacts/cursor";
    pages!(
        s,
        path,
        [("lastMaxId", "0")],
        [("lastMaxId", "5")],
        r#"[{"id": 5}]"#
    )
}

fn id_pages(s: &MockServer) -> Mock<'_> {
    let path = "/open/contacts_bulk/ids";
    pages!(s, path, [("page", "0")], [("page", "1")], "[5]")
}

fn tag_pages(s: &MockServer) -> Mock<'_> {
    let body = r#"[{"tagId": 2, "tagKey": "tag_878", "tagName": "878"}]"#;
    pages!(s, "/v1/tags", [("page", "0")], [("page", "1")], body)
}

fn member_pages(s: &MockServer) -> Mock<'_> {
    s.mock(|when, then| {
        when.method(GET)
            .path("/open/groups/252/contacts")
            .query_param_missing("memberId");
        then.status(200)
            .header("content-type", "application/json")
            .body(r#"[{"contact": {"id": 17760}, "memberId": 9}]"#);
    });
    s.mock(|when, then| {
        when.method(GET)
            .path("/open/groups/252/contacts")
            .query_param("memberId", "9");
        then.status(503);
    })
}

fn order_cursor_pages(s: &MockServer) -> Mock<'_> {
    let body = r#"[{"id": 7, "orderId": "E1"}]"#;
    pages!(
        s,
        "/open/orders",
        [("lastMaxId", "0")],
        [("lastMaxId", "7")],
        body
    )
}

fn order_window_pages(s: &MockServer) -> Mock<'_> {
    let body = r#"[{"id": 7, "orderId": "E1"}]"#;
    pages!(s, "/open/orders", [("page", "1")], [("page", "2")], body)
}

/// Mocks `GET $path`: the first request answers `body`, every later one 503.
fn answers_once_then_unavailable<'s>(
    s: &'s MockServer,
    path: &str,
    body: &'static str,
) -> Mock<'s> {
    let seen = Arc::new(AtomicUsize::new(0));
    s.mock(|when, then| {
        when.method(GET).path(path);
        then.respond_with(move |_req: &HttpMockRequest| {
            if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                HttpMockResponse::builder()
                    .status(200)
                    .header("content-type", "application/json")
                    .body(body)
                    .build()
            } else {
                HttpMockResponse::builder().status(503).build()
            }
        });
    })
}

fn report_polls(s: &MockServer) -> Mock<'_> {
    answers_once_then_unavailable(s, "/open/report/404", r#"{"status": 0}"#)
}

fn export_polls(s: &MockServer) -> Mock<'_> {
    let path = "/v1/tags/tagkeys/export/19723653547885";
    answers_once_then_unavailable(
        s,
        path,
        r#"{"taskId": 19723653547885, "status": "INITIAL"}"#,
    )
}

fn export_then_polls(s: &MockServer) -> Mock<'_> {
    s.mock(|when, then| {
        when.method(POST).path("/v1/tags/tagkeys/tag_vip/export");
        then.status(200)
            .header("content-type", "application/json")
            .body(r#"{"taskId": 19723653547885, "status": "INITIAL"}"#);
    });
    export_polls(s)
}

fn bulk_calls(s: &MockServer) -> Mock<'_> {
    s.mock(|when, then| {
        when.method(GET).path("/open/contacts_bulk");
        then.status(503);
    })
}

fn later_requests() -> Vec<Later> {
    vec![
        later(
            "contacts().list().stream()",
            contact_pages,
            |c, l| async move {
                b!(l, h!(l, c.contacts()).list().size(1))
                    .stream()
                    .try_collect::<Vec<_>>()
                    .await
            },
        ),
        later(
            "contacts().cursor().stream()",
            cursor_pages,
            |c, l| async move {
                b!(l, h!(l, c.contacts()).cursor().size(1))
                    .stream()
                    .try_collect::<Vec<_>>()
                    .await
            },
        ),
        later("contacts().ids().stream()", id_pages, |c, l| async move {
            b!(l, h!(l, c.contacts()).ids().size(1))
                .stream()
                .try_collect::<Vec<_>>()
                .await
        }),
        later("tags().list().stream()", tag_pages, |c, l| async move {
            b!(l, h!(l, c.tags()).list().size(1))
                .stream()
                .try_collect::<Vec<_>>()
                .await
        }),
        later(
            "groups().members(…).stream()",
            member_pages,
            |c, l| async move {
                b!(l, h!(l, c.groups()).members(252).size(1))
                    .stream()
                    .try_collect::<Vec<_>>()
                    .await
            },
        ),
        later(
            "orders().cursor().stream()",
            order_cursor_pages,
            |c, l| async move {
                b!(l, h!(l, c.orders()).cursor())
                    .stream()
                    .try_collect::<Vec<_>>()
                    .await
            },
        ),
        later(
            "orders().window(…).stream()",
            order_window_pages,
            |c, l| async move {
                b!(l, h!(l, c.orders()).window(window_start(), window_end()))
                    .stream()
                    .try_collect::<Vec<_>>()
                    .await
            },
        ),
        Later {
            answered_first: 1,
            ..later(
                "reports().wait(…).send()",
                report_polls,
                |c, l| async move {
                    b!(l, h!(l, c.reports()).wait(404))
                        .backoff(fast_polls())
                        .send()
                        .await
                },
            )
        },
        Later {
            answered_first: 1,
            ..later(
                "tags().wait_for_export(…).send()",
                export_polls,
                |c, l| async move {
                    b!(l, h!(l, c.tags()).wait_for_export(19_723_653_547_885))
                        .backoff(fast_polls())
                        .send()
                        .await
                },
            )
        },
        Later {
            answered_first: 1,
            ..later(
                "tags().export(…).wait()",
                export_then_polls,
                |c, l| async move {
                    b!(l, h!(l, c.tags()).export("tag_vip", IdentityType::Email))
                        .backoff(fast_polls())
                        .wait()
                        .await
                },
            )
        },
        Later {
            // 150 ids: two calls of `GET /open/contacts_bulk` (100 + 50), each failing.
            failing_calls: 2,
            ..later("contacts().bulk(…).send()", bulk_calls, |c, l| async move {
                let fetched = b!(l, h!(l, c.contacts()).bulk(1_i64..=150)).send().await?;
                match fetched.chunks.into_iter().find_map(|c| c.outcome.err()) {
                    Some(error) => Err(error),
                    None => Ok(()),
                }
            })
        },
    ]
}

#[tokio::test]
async fn options_reach_later_pages_polls_and_bulk_calls() {
    let mut problems = Vec::new();
    for case in later_requests() {
        for level in [
            Level::Default,
            Level::Handler(no_retry()),
            Level::Builder(no_retry()),
        ] {
            let server = MockServer::start_async().await;
            mock_token(&server);
            let failing = (case.setup)(&server);
            let outcome = (case.call)(client_for(&server), level.clone()).await;
            let attempts = match level {
                Level::Default => CLIENT_ATTEMPTS,
                _ => 1,
            };
            let expected = case.answered_first + case.failing_calls * attempts;
            let hits = failing.calls_async().await;
            match outcome {
                Err(e) if e.status().map(|s| s.as_u16()) == Some(503) && hits == expected => {}
                Err(e) => problems.push(format!(
                    "{} ({level:?}): `{e}` after {hits} requests to the failing route, \
                     expected a 503 after {expected}",
                    case.name
                )),
                Ok(()) => problems.push(format!("{} ({level:?}): succeeded", case.name)),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
