//! Issue 13, point 5: one canary secret, used as app secret, access token, refresh token, sign
//! key and member token, driven through every error path of the transport and the token cache
//! with every log at TRACE captured. The canary appears in no `Display`, `Debug`, source chain
//! or log line.
//!
//! Its own test binary: it installs a process-wide TRACE subscriber.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::error::Error as _;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use client_core::backoff::{Backoff, Jitter};
use client_core::retry::RetryPolicy;
use client_core::token::{Token, TokenCache, fetcher_fn};
use client_core::transport::{
    OutgoingRequest, Request, Transport, TransportBuilder, Vendor, header_name,
};
use client_core::{Error, Result};
use httpmock::prelude::*;
use secrecy::ExposeSecret;

const CANARY: &str = "canary-0d5e1b77";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A vendor like Linkflow and Tanma at once: a cached token header, an app secret header, a
/// sign parameter and a member token in the body.
struct CanaryVendor {
    cache: TokenCache,
}

#[async_trait]
impl Vendor for CanaryVendor {
    fn name(&self) -> &'static str {
        "canary"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> Result<()> {
        let token = self.cache.token().await?;
        request.set_secret_header(
            header_name("x-openapi-token"),
            token.access().expose_secret(),
        )?;
        request.set_secret_header(header_name("x-openapi-secret"), CANARY)?;
        request.set_query("sign", CANARY);
        request.set_credential_generation(token.generation());
        Ok(())
    }

    fn is_token_error(&self, error: &Error) -> bool {
        error.status() == Some(http::StatusCode::UNAUTHORIZED)
    }

    fn invalidate_credentials(&self, generation: Option<u64>) {
        if let Some(g) = generation {
            self.cache.invalidate_if(g);
        }
    }
}

/// The token endpoint's transport needs no credentials of its own.
struct Plain;

#[async_trait]
impl Vendor for Plain {
    fn name(&self) -> &'static str {
        "canary-token"
    }
    async fn authorize(&self, _request: &mut OutgoingRequest) -> Result<()> {
        Ok(())
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(2)
        .with_backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(2),
        ))
        .with_jitter(Jitter::seeded(3))
}

fn client(api: &str, token: &str) -> Transport<CanaryVendor> {
    let token_transport = TransportBuilder::new("canary/1")
        .base_url(token)
        .timeout(Duration::from_millis(600))
        .retry_policy(policy())
        .build(Plain)
        .unwrap();
    let cache = TokenCache::builder(fetcher_fn(move |request| {
        let t = token_transport.clone();
        async move {
            #[derive(serde::Deserialize)]
            struct Answer {
                token: String,
                refresh: String,
            }
            let answer: Answer = t
                .execute(
                    Request::post("POST /token", "/token")
                        .form([("app_secret", CANARY), ("refresh_token", CANARY)])
                        .spends_single_use_credential()
                        .secret_response(),
                )
                .await?;
            Ok(
                Token::expiring_in(answer.token, request.now, Duration::from_secs(3600))
                    .with_refresh(answer.refresh),
            )
        }
    }))
    .retry_after_failure(Duration::from_millis(1))
    .build();
    TransportBuilder::new("canary/1")
        .base_url(api)
        .timeout(Duration::from_millis(600))
        .retry_policy(policy())
        .build(CanaryVendor { cache })
        .unwrap()
}

fn all_text(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}");
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!("\n{s}\n{s:?}"));
        source = s.source();
    }
    text
}

async fn good_token_endpoint() -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/token");
            then.status(200)
                .body(format!(r#"{{"token":"{CANARY}","refresh":"{CANARY}"}}"#));
        })
        .await;
    server
}

/// The process-wide capture of every log line at TRACE (installed once for all tests here).
fn captured() -> Captured {
    static CAPTURED: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let sink = captured.clone();
            use tracing_subscriber::layer::SubscriberExt as _;
            // Everything at TRACE, but the mock server's own logs (it logs the requests it
            // receives, which is the server's doing, not the client's).
            let targets = tracing_subscriber::filter::Targets::new()
                .with_default(tracing::Level::TRACE)
                .with_target("httpmock", tracing::level_filters::LevelFilter::OFF);
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(move || sink.clone())
                .with_ansi(false);
            tracing::subscriber::set_global_default(
                tracing_subscriber::registry()
                    .with(tracing_subscriber::Layer::with_filter(layer, targets)),
            )
            .unwrap();
            captured
        })
        .clone()
}

mod observability {
    //! Issue 17, point 11: spans per operation and attempt, events under the vendor crate's
    //! target, no personal data at DEBUG and above.

    use std::sync::Arc;

    use client_core::transport::{Request, TransportBuilder};
    use httpmock::prelude::*;

    client_core::transport_events! {
        /// Events under this module's target, as a vendor crate's would be.
        struct VendorEvents;
    }

    const PHONE: &str = "13800138000";

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn spans_and_events_carry_the_vendor_target_and_no_personal_data() {
        let captured = super::captured();
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.path("/open/contacts/13800138000");
                then.status(404).body(r#"{"code":"B00008"}"#);
            })
            .await;
        for personal in [false, true] {
            let t = TransportBuilder::new("obs/1")
                .base_url(server.base_url())
                .events(Arc::new(VendorEvents))
                .log_personal_data(personal)
                .build(super::Plain)
                .unwrap();
            let _ = t
                .execute::<()>(
                    Request::get("GET /open/contacts/{id}", format!("/open/contacts/{PHONE}"))
                        .query("page", 2)
                        .query("mobile", PHONE),
                )
                .await;
        }
        let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
        let ours: Vec<&str> = logs
            .lines()
            .filter(|l| l.contains("canary::observability"))
            .collect();
        assert!(
            ours.iter().any(|l| l.contains(
                "operation{vendor=\"canary-token\" operation=\"GET /open/contacts/{id}\""
            ) && l.contains("http_attempt{")
                && l.contains("attempt=1")
                && l.contains("page=2")
                && l.contains("mobile=…")),
            "spans with their fields, under the vendor's target: {ours:#?}"
        );
        assert!(
            ours.iter()
                .any(|l| l.contains("operation failed") && l.contains("HTTP 404"))
        );
        for line in logs.lines() {
            let at_debug_or_above = ["DEBUG", " INFO", " WARN", "ERROR"]
                .iter()
                .any(|level| line.contains(level));
            if at_debug_or_above {
                assert!(
                    !line.contains(PHONE),
                    "personal data at DEBUG or above: {line}"
                );
            }
        }
        // Opted in: the TRACE event shows the concrete path and the query values.
        assert!(
            ours.iter()
                .any(|l| l.contains("TRACE") && l.contains("request details") && l.contains(PHONE)),
            "{ours:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_canary_appears_in_no_error_and_no_log_line() {
    let captured = captured();

    let mut errors: Vec<(String, Error)> = Vec::new();

    // --- the API's error paths, with a working token endpoint ---------------------------------
    let token = good_token_endpoint().await;
    let api = MockServer::start_async().await;
    let other = MockServer::start_async().await;
    let body = format!(r#"{{"id":"{CANARY}","detail":"{CANARY}"}}"#);
    for (path, status) in [
        ("/decode", 200),
        ("/client", 400),
        ("/server", 500),
        ("/auth", 401),
    ] {
        let body = body.clone();
        api.mock_async(|when, then| {
            when.path(path);
            then.status(status).body(body);
        })
        .await;
    }
    api.mock_async(|when, then| {
        when.path("/slow");
        then.status(200).body("{}").delay(Duration::from_secs(3));
    })
    .await;
    let location = format!("{}/cb?code={CANARY}&token={CANARY}", other.base_url());
    api.mock_async(|when, then| {
        when.path("/redirect");
        then.status(302).header("location", location);
    })
    .await;
    let c = client(&api.base_url(), &token.base_url());
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u64,
    }
    for path in [
        "/decode",
        "/client",
        "/server",
        "/auth",
        "/slow",
        "/redirect",
    ] {
        let member = format!(r#"{{"memberToken":"{CANARY}"}}"#);
        let err = c
            .execute::<Item>(
                Request::post("POST /op", path)
                    .query("access_token", CANARY)
                    .body(client_core::transport::Body::Json(member.into()))
                    .safe_to_repeat(true),
            )
            .await
            .unwrap_err();
        errors.push((format!("api {path}"), err));
    }

    // --- the token endpoint's error paths ------------------------------------------------------
    let token_body = format!(r#"{{"access":"{CANARY}","detail":"{CANARY}"}}"#);
    for (case, status) in [("decode", 200), ("client", 400), ("server", 503)] {
        let server = MockServer::start_async().await;
        let body = token_body.clone();
        server
            .mock_async(|when, then| {
                when.path("/token");
                then.status(status).body(body);
            })
            .await;
        let c = client(&api.base_url(), &server.base_url());
        let err = c
            .execute::<()>(Request::get("GET /x", "/client"))
            .await
            .unwrap_err();
        errors.push((format!("token {case}"), err));
    }
    let stalled = MockServer::start_async().await;
    stalled
        .mock_async(|when, then| {
            when.path("/token");
            then.status(200).body("{}").delay(Duration::from_secs(3));
        })
        .await;
    let redirecting = MockServer::start_async().await;
    let location = format!("{}/cb?access_token={CANARY}", other.base_url());
    redirecting
        .mock_async(|when, then| {
            when.path("/token");
            then.status(307).header("location", location);
        })
        .await;
    for (case, server) in [("timeout", &stalled), ("redirect", &redirecting)] {
        let c = client(&api.base_url(), &server.base_url());
        let err = c
            .execute::<()>(Request::get("GET /x", "/client"))
            .await
            .unwrap_err();
        errors.push((format!("token {case}"), err));
    }

    // --- invalid configuration -----------------------------------------------------------------
    for base in [
        format!("https://app:{CANARY}@api.example.com"),
        format!("ftp://app:{CANARY}@api.example.com"),
        format!("app:{CANARY}@api.example.com"),
    ] {
        let err = TransportBuilder::new("canary/1")
            .base_url(base)
            .build(Plain)
            .unwrap_err();
        errors.push(("config".into(), err));
    }

    assert!(errors.len() == 14, "every path ran: {}", errors.len());
    for (case, err) in &errors {
        let text = all_text(err);
        assert!(!text.contains(CANARY), "{case}: {text}");
        let duplicate = all_text(&err.duplicate());
        assert!(
            !duplicate.contains(CANARY),
            "{case} (duplicate): {duplicate}"
        );
    }
    // The kinds are what the paths promise.
    let kind = |case: &str| &errors.iter().find(|(c, _)| c == case).unwrap().1;
    assert!(kind("api /decode").is_decode());
    assert!(kind("api /slow").is_timeout());
    assert!(kind("api /redirect").is_redirect());
    assert!(kind("token redirect").is_redirect());
    assert_eq!(kind("api /server").status().map(|s| s.as_u16()), Some(500));

    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(
        logs.contains("http_attempt"),
        "the logs were captured: {logs}"
    );
    assert!(logs.contains("TRACE"), "at TRACE: {logs}");
    for line in logs.lines() {
        assert!(
            !line.contains(CANARY),
            "a log line carries the canary: {line}"
        );
    }
}
