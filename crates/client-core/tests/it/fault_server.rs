//! The fault server itself (feature `testing`): each fault seen from a raw TCP client (the exact
//! bytes that come back, or the reset), the rules' matching, forwarding with replacement, the
//! log of arrivals on both origins, the log capture, and the fault matrix's invariant checks
//! failing on a vendor that breaks them.

use std::time::{Duration, Instant};

use client_core::fault::matrix::{self, CellContext, Column, MatrixVendor, TokenEndpoint};
use client_core::fault::{
    Fault, FaultServer, LogCapture, Origin, Responder, RetryAfter, Rule, WireResponse,
};
use futures::future::BoxFuture;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ITEMS: &str = r#"{"items":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}"#;

fn canned() -> Responder {
    Responder::canned()
        .route("GET", "/items", WireResponse::json(200, ITEMS))
        .route("POST", "/items", WireResponse::json(201, r#"{"id":3}"#))
}

fn server() -> FaultServer {
    FaultServer::start(canned()).unwrap()
}

fn authority(base_url: &str) -> &str {
    base_url.trim_start_matches("http://")
}

/// Sends `raw` to `base_url` and reads until EOF, an error, or `limit`; returns the bytes and
/// the error that ended the read, if any.
async fn exchange(
    base_url: &str,
    raw: &str,
    limit: Duration,
) -> (Vec<u8>, Option<std::io::ErrorKind>) {
    let mut stream = TcpStream::connect(authority(base_url)).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut chunk = [0_u8; 8192];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) => return None,
                Ok(n) => got.extend_from_slice(&chunk[..n]),
                Err(e) => return Some(e.kind()),
            }
        }
    })
    .await;
    match read {
        Ok(error) => (got, error),
        Err(_) => (got, Some(std::io::ErrorKind::TimedOut)),
    }
}

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nhost: x\r\nx-token: T1\r\n\r\n")
}

fn post(path: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn body_of(bytes: &[u8]) -> &[u8] {
    let at = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    &bytes[at + 4..]
}

const SHORT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn without_a_rule_the_responder_answers_and_the_arrival_is_logged() {
    let server = server();
    let (got, error) = exchange(server.base_url(), &get("/items?page=2"), SHORT).await;
    assert_eq!(error, None);
    assert_eq!(
        text(&got),
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{ITEMS}",
            ITEMS.len()
        )
    );
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 1);
    let arrival = &arrivals[0];
    assert_eq!(
        (
            arrival.origin,
            arrival.seq,
            arrival.method.as_str(),
            arrival.path.as_str()
        ),
        (Origin::Main, 1, "GET", "/items")
    );
    assert_eq!(arrival.query.as_deref(), Some("page=2"));
    assert_eq!(arrival.header("X-Token"), Some("T1"));
    assert_eq!((arrival.fault, arrival.forwarded), (None, true));
    // An arrival's Debug never prints headers or body (they hold credentials).
    assert!(!format!("{arrival:?}").contains("T1"));
}

#[tokio::test]
async fn a_rule_hits_only_the_nth_matching_request() {
    let server = server();
    server.set_rules([Rule::path("/items", Fault::Html200).on_method("GET").nth(2)]);
    let (first, _) = exchange(server.base_url(), &get("/items"), SHORT).await;
    let (other_method, _) = exchange(server.base_url(), &post("/items", "a=1"), SHORT).await;
    let (second, _) = exchange(server.base_url(), &get("/items"), SHORT).await;
    let (third, _) = exchange(server.base_url(), &get("/items"), SHORT).await;
    assert!(text(&first).ends_with(ITEMS));
    assert!(text(&other_method).starts_with("HTTP/1.1 201 "));
    assert!(text(&second).starts_with("HTTP/1.1 200 OK\r\ncontent-type: text/html"));
    assert!(text(&second).contains("<html>"));
    assert!(text(&third).ends_with(ITEMS));
    let faults: Vec<_> = server.arrivals().iter().map(|a| a.fault).collect();
    assert_eq!(faults, [None, None, Some("HTML 200"), None]);
}

#[tokio::test]
async fn a_reset_before_the_status_line_sends_nothing_and_applies_nothing() {
    let server = server();
    server.set_rules([Rule::all(Fault::ResetBeforeStatus)]);
    let (got, error) = exchange(server.base_url(), &post("/items", "a=1"), SHORT).await;
    assert!(got.is_empty(), "{}", text(&got));
    assert_eq!(error, Some(std::io::ErrorKind::ConnectionReset));
    assert_eq!(server.applied("POST", "/items"), 0);
    assert_eq!(server.arrivals()[0].body, b"a=1");
}

#[tokio::test]
async fn a_reset_after_the_headers_applies_the_write_and_sends_the_head_only() {
    let server = server();
    server.set_rules([Rule::all(Fault::ResetAfterHeaders)]);
    let (got, error) = exchange(server.base_url(), &post("/items", "a=1"), SHORT).await;
    assert_eq!(error, Some(std::io::ErrorKind::ConnectionReset));
    assert!(text(&got).starts_with("HTTP/1.1 201 "));
    assert!(text(&got).ends_with("content-length: 8\r\nconnection: close\r\n\r\n"));
    assert_eq!(server.applied("POST", "/items"), 1);
}

#[tokio::test]
async fn a_reset_mid_body_sends_half_the_body() {
    let server = server();
    server.set_rules([Rule::all(Fault::ResetMidBody)]);
    let (got, error) = exchange(server.base_url(), &get("/items"), SHORT).await;
    assert_eq!(error, Some(std::io::ErrorKind::ConnectionReset));
    assert_eq!(body_of(&got), &ITEMS.as_bytes()[..ITEMS.len() / 2]);
}

#[tokio::test]
async fn a_longer_content_length_promises_bytes_that_never_come() {
    let server = server();
    server.set_rules([Rule::all(Fault::ContentLengthLonger { extra: 10 })]);
    let (got, error) = exchange(server.base_url(), &get("/items"), SHORT).await;
    assert_eq!(error, None, "a normal close");
    assert!(text(&got).contains(&format!("content-length: {}\r\n", ITEMS.len() + 10)));
    assert_eq!(body_of(&got), ITEMS.as_bytes());
}

#[tokio::test]
async fn slow_loris_headers_never_finish() {
    let server = server();
    server.set_rules([Rule::all(Fault::SlowLorisHeaders { every_ms: 20 })]);
    let (got, error) = exchange(
        server.base_url(),
        &get("/items"),
        Duration::from_millis(300),
    )
    .await;
    assert_eq!(error, Some(std::io::ErrorKind::TimedOut));
    let got = text(&got);
    assert!(
        got.starts_with("HTTP/1.1 200 OK\r\nx-slow-1: 1\r\nx-slow-2: 2\r\n"),
        "{got}"
    );
    assert!(!got.contains("\r\n\r\n"), "the head never ends");
}

#[tokio::test]
async fn a_stalled_body_stops_halfway_and_the_connection_stays_open() {
    let server = server();
    server.set_rules([Rule::all(Fault::StallBody)]);
    let (got, error) = exchange(
        server.base_url(),
        &get("/items"),
        Duration::from_millis(300),
    )
    .await;
    assert_eq!(error, Some(std::io::ErrorKind::TimedOut));
    assert!(text(&got).contains(&format!("content-length: {}\r\n", ITEMS.len())));
    assert_eq!(body_of(&got), &ITEMS.as_bytes()[..ITEMS.len() / 2]);
}

#[tokio::test]
async fn a_redirect_points_to_the_other_origin_which_records_what_reaches_it() {
    let server = server();
    server.set_rules([Rule::all(Fault::RedirectToOtherOrigin { status: 307 })]);
    let (got, _) = exchange(
        server.base_url(),
        &post("/items?x=1", "access_token=AT"),
        SHORT,
    )
    .await;
    let location = format!("{}/items?x=1", server.other_base_url());
    assert!(text(&got).starts_with("HTTP/1.1 307 Temporary Redirect\r\n"));
    assert!(text(&got).contains(&format!("location: {location}\r\n")));
    assert_ne!(server.other_base_url(), server.base_url());
    assert_eq!(server.applied("POST", "/items"), 0);

    // A client that follows it: the other origin logs the request and its credential.
    let other = server.other_base_url().to_owned();
    let (answer, _) = exchange(&other, &post("/items?x=1", "access_token=AT"), SHORT).await;
    assert!(text(&answer).ends_with("\r\n\r\n{}"));
    let reached = server.arrivals_at(Origin::Other);
    assert_eq!(reached.len(), 1);
    assert!(reached[0].contains("AT"));
    assert!(
        reached[0]
            .parameter_names()
            .contains(&"access_token".to_owned())
    );
}

#[tokio::test]
async fn retry_after_is_sent_in_every_form() {
    let server = server();
    for (after, expected) in [
        (RetryAfter::Seconds(1), "1".to_owned()),
        (RetryAfter::Raw("-5".to_owned()), "-5".to_owned()),
        (
            RetryAfter::Raw(u64::MAX.to_string()),
            "18446744073709551615".to_owned(),
        ),
        (RetryAfter::Raw("soon".to_owned()), "soon".to_owned()),
    ] {
        server.set_rules([Rule::all(Fault::RetryAfter { status: 429, after })]);
        let (got, _) = exchange(server.base_url(), &get("/items"), SHORT).await;
        assert!(text(&got).starts_with("HTTP/1.1 429 Too Many Requests\r\n"));
        assert!(
            text(&got).contains(&format!("retry-after: {expected}\r\n")),
            "{}",
            text(&got)
        );
    }
    server.set_rules([Rule::all(Fault::RetryAfter {
        status: 503,
        after: RetryAfter::HttpDateIn(60),
    })]);
    let (got, _) = exchange(server.base_url(), &get("/items"), SHORT).await;
    let value = text(&got)
        .lines()
        .find_map(|l| l.strip_prefix("retry-after: ").map(str::to_owned))
        .unwrap();
    let at = chrono::DateTime::parse_from_rfc2822(&value.replace("GMT", "+0000")).unwrap();
    let ahead = at.signed_duration_since(chrono::Utc::now()).num_seconds();
    assert!((55..=60).contains(&ahead), "{value}: {ahead} s ahead");
}

#[tokio::test]
async fn a_500_after_applying_records_the_write() {
    let server = server();
    server.set_rules([Rule::path("/items", Fault::AppliedThen500).on_method("POST")]);
    let (got, _) = exchange(server.base_url(), &post("/items", "a=1"), SHORT).await;
    assert!(text(&got).starts_with("HTTP/1.1 500 "));
    assert_eq!(server.applied("POST", "/items"), 1);
    let _ = exchange(server.base_url(), &post("/items", "a=1"), SHORT).await;
    assert_eq!(
        server.applied("POST", "/items"),
        2,
        "the log counts every application"
    );
}

#[tokio::test]
async fn a_huge_body_is_streamed_to_its_announced_length() {
    let server = server();
    let bytes: u64 = 300 * 1024 * 1024;
    server.set_rules([Rule::all(Fault::HugeBody { bytes })]);
    let mut stream = TcpStream::connect(authority(server.base_url()))
        .await
        .unwrap();
    stream.write_all(get("/items").as_bytes()).await.unwrap();
    // Count the bytes without keeping them.
    let mut head = Vec::new();
    let mut body: u64 = 0;
    let mut first = Vec::new();
    let mut chunk = vec![0_u8; 256 * 1024];
    let started = Instant::now();
    loop {
        let n = stream.read(&mut chunk).await.unwrap();
        if n == 0 {
            break;
        }
        if body == 0 && !head.ends_with(b"\r\n\r\n") {
            head.extend_from_slice(&chunk[..n]);
            if let Some(at) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                let rest = head.split_off(at + 4);
                body = rest.len() as u64;
                first = rest;
            }
        } else {
            body += n as u64;
            if first.len() < 16 {
                first.extend_from_slice(&chunk[..n.min(16)]);
            }
        }
    }
    assert!(text(&head).contains(&format!("content-length: {bytes}\r\n")));
    assert_eq!(body, bytes);
    assert!(first.starts_with(b"{\"data\":\"aaaa"));
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[tokio::test]
async fn huge_headers_are_sent_before_a_small_body() {
    let server = server();
    server.set_rules([Rule::all(Fault::HugeHeaders {
        bytes: 4 * 1024 * 1024,
    })]);
    let (got, error) = exchange(server.base_url(), &get("/items"), Duration::from_secs(30)).await;
    assert_eq!(error, None);
    let head_len = got.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    assert!(head_len >= 4 * 1024 * 1024, "{head_len}");
    assert_eq!(body_of(&got), b"{}");
}

#[tokio::test]
async fn invalid_utf8_goes_inside_the_real_answer() {
    let server = server();
    server.set_rules([Rule::all(Fault::InvalidUtf8)]);
    let (got, _) = exchange(server.base_url(), &get("/items"), SHORT).await;
    let body = body_of(&got);
    assert!(std::str::from_utf8(body).is_err());
    assert_eq!(
        body,
        [
            &br#"{"items":[{"id":1,"name":""#[..],
            &[0xFF, 0xFE],
            &br#"a"},{"id":2,"name":"b"}]}"#[..]
        ]
        .concat()
    );
    assert!(text(&got).contains(&format!("content-length: {}\r\n", ITEMS.len() + 2)));
}

#[tokio::test]
async fn deep_json_and_canned_answers() {
    let server = server();
    server.set_rules([
        Rule::path("/items", Fault::DeepJson { depth: 100_000 }).nth(1),
        Rule::path(
            "/items",
            Fault::Respond(WireResponse::json(401, r#"{"code":"B00401"}"#)),
        )
        .nth(2),
    ]);
    let (deep, _) = exchange(server.base_url(), &get("/items"), SHORT).await;
    assert_eq!(body_of(&deep), "[".repeat(100_000).as_bytes());
    let (canned, _) = exchange(server.base_url(), &get("/items"), SHORT).await;
    assert!(text(&canned).starts_with("HTTP/1.1 401 "));
    assert!(text(&canned).ends_with(r#"{"code":"B00401"}"#));
}

#[tokio::test]
async fn forwarding_replaces_the_canary_and_relays_the_answer() {
    let upstream = server();
    let front = FaultServer::start(
        Responder::forward_to(upstream.base_url()).replacing("CANARY", "real-secret"),
    )
    .unwrap();
    let raw = "POST /items?s=CANARY HTTP/1.1\r\nhost: x\r\nx-secret: CANARY\r\ntransfer-encoding: chunked\r\n\r\n4\r\nk=CA\r\n4\r\nNARY\r\n0\r\n\r\n";
    let (got, _) = exchange(front.base_url(), raw, SHORT).await;
    assert!(text(&got).starts_with("HTTP/1.1 201 "));
    assert!(text(&got).ends_with(r#"{"id":3}"#));
    let seen = &upstream.arrivals()[0];
    assert_eq!(seen.query.as_deref(), Some("s=real-secret"));
    assert_eq!(seen.header("x-secret"), Some("real-secret"));
    assert_eq!(
        seen.body, b"k=real-secret",
        "chunked framing is removed before forwarding"
    );
    assert_eq!(
        front.arrivals()[0].body,
        b"k=CANARY",
        "the front logs what the client sent"
    );
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_naming_it() {
    let gone = FaultServer::start(canned()).unwrap();
    let url = gone.base_url().to_owned();
    drop(gone);
    let front = FaultServer::start(Responder::forward_to(&url)).unwrap();
    let (got, _) = exchange(front.base_url(), &get("/items"), SHORT).await;
    assert!(text(&got).starts_with("HTTP/1.1 502 "), "{}", text(&got));
}

#[test]
fn the_log_capture_keeps_trace_lines_and_span_fields() {
    let capture = LogCapture::new();
    {
        let _guard = capture.install();
        let span = tracing::trace_span!("refresh", app = "a1");
        let _in = span.enter();
        tracing::trace!(secret = "S", "fetched");
    }
    let lines = capture.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], "span refresh: app=a1");
    assert!(lines[1].starts_with("TRACE ") && lines[1].ends_with("message=fetched secret=S"));
}

// ---------------------------------------------------------------------------------------------
// The matrix's checks bite: a vendor that breaks every invariant is reported for each.

struct Careless;

impl MatrixVendor for Careless {
    type Upstream = ();

    fn name(&self) -> &'static str {
        "careless"
    }

    fn columns(&self) -> Vec<Column> {
        vec![Column {
            name: "write",
            method: "POST",
            path: "/items",
            write: true,
            stream: false,
            single_use: true,
            max_requests: 2,
        }]
    }

    fn token(&self) -> Option<TokenEndpoint> {
        None
    }

    fn credential_names(&self) -> Vec<&'static str> {
        vec!["x-secret"]
    }

    fn start_upstream(&self, _canary: &str) -> client_core::Result<((), Responder)> {
        Ok(((), canned()))
    }

    /// Sends the write three times with the canary in a header, follows a redirect with it,
    /// logs the canary, sleeps past the deadline on a stall and puts the canary in its error.
    fn run<'a>(
        &'a self,
        _upstream: &'a (),
        cell: &'a CellContext<'a>,
    ) -> BoxFuture<'a, client_core::Result<String>> {
        Box::pin(async move {
            tracing::trace!(secret = cell.canary, "sending");
            let raw = format!(
                "POST /items HTTP/1.1\r\nhost: x\r\nx-secret: {}\r\ncontent-length: 0\r\n\r\n",
                cell.canary
            );
            let mut answers = Vec::new();
            for _ in 0..3 {
                let answer = text(
                    &exchange(cell.base_url, &raw, Duration::from_secs(10))
                        .await
                        .0,
                );
                if let Some(location) = answer.lines().find_map(|l| l.strip_prefix("location: ")) {
                    let other = location
                        .trim_start_matches("http://")
                        .split('/')
                        .next()
                        .unwrap();
                    let _ =
                        exchange(&format!("http://{other}"), &raw, Duration::from_secs(1)).await;
                }
                answers.push(answer);
            }
            if answers.iter().all(|a| a.starts_with("HTTP/1.1 201 ")) {
                Ok(answers.concat())
            } else {
                Err(client_core::Error::config(format!(
                    "failed with {}",
                    cell.canary
                )))
            }
        })
    }
}

#[tokio::test]
async fn the_matrix_reports_every_broken_invariant() {
    let cases: Vec<_> = matrix::cases()
        .into_iter()
        .filter(|c| {
            [
                "none",
                "body stalls",
                "302 to another origin",
                "500 after the write was applied",
            ]
            .contains(&c.name)
        })
        .collect();
    let report = matrix::run_cases(&Careless, "CANARY-test", cases).await;
    let failures = report.failures();
    let row = |name: &str| {
        failures
            .iter()
            .find(|f| f.starts_with(&format!("careless × {name} × write: ")))
            .cloned()
            .unwrap_or_else(|| panic!("no failure for {name}: {failures:#?}"))
    };
    let none = row("none");
    assert!(none.contains("the write was applied 3 times"), "{none}");
    assert!(
        none.contains("the single-use credential was sent 3 times"),
        "{none}"
    );
    assert!(none.contains("3 requests, more than the bound 2"), "{none}");
    assert!(
        none.contains("the canary is in a log line: TRACE "),
        "{none}"
    );
    assert!(
        !none.contains("CANARY-test"),
        "the report itself hides the canary: {none}"
    );
    let stall = row("body stalls");
    assert!(stall.contains("did not end within 2500 ms"), "{stall}");
    let redirect = row("302 to another origin");
    assert!(
        redirect.contains("the canary is in the error's text"),
        "{redirect}"
    );
    assert!(
        redirect.contains("a credential reached the other origin (POST /items; x-secret)"),
        "{redirect}"
    );
    let applied = row("500 after the write was applied");
    assert!(
        applied.contains("the write was applied 3 times"),
        "{applied}"
    );
    assert!(report.render().contains("| body stalls | Timeout |"));
}
