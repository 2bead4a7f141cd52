//! Scenario 2, token single flight: 10,000 concurrent calls on a cold Linkflow client (its
//! default cap of 256 requests in flight) must cause exactly one `GET /token`; then, with the
//! token expiring in the middle of another 10,000 calls, exactly one more.
//!
//! The expiry is made to happen, not waited for: when half the calls have completed, the
//! server's clock and the client's (a `ManualClock`) both jump past the token's expiry. Calls
//! already authorised get 401 from the server and are replayed once; calls authorising after the
//! jump find the cached token expired. Either way one refresh must serve them all.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use client_core::clock::ManualClock;

use crate::report::Report;
use crate::server::{self, Server};
use crate::{BoxError, Options};

/// Calls per phase.
const CALLS: usize = 10_000;
/// The client's cap on requests in flight.
const CAP: usize = 256;

/// Spawns `CALLS` calls at once; `at_half` runs once when half of them have completed.
async fn burst(
    client: &linkflow_client::Client,
    at_half: Option<Box<dyn Fn() + Send + Sync>>,
) -> Result<Duration, BoxError> {
    let started = Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    let at_half = Arc::new(at_half);
    let mut tasks = Vec::with_capacity(CALLS);
    for i in 0..CALLS {
        let client = client.clone();
        let done = done.clone();
        let at_half = at_half.clone();
        tasks.push(tokio::spawn(async move {
            let identities = client.contacts().identities(i as i64 + 1).await?;
            if identities.len() != 1 {
                return Err::<(), BoxError>("expected one identity".into());
            }
            if done.fetch_add(1, Ordering::AcqRel) + 1 == CALLS / 2
                && let Some(f) = at_half.as_ref()
            {
                f();
            }
            Ok(())
        }));
    }
    let mut failures = 0usize;
    let mut first = None;
    for task in tasks {
        if let Err(e) = task.await? {
            failures += 1;
            first.get_or_insert(e);
        }
    }
    if let Some(e) = first {
        return Err(format!("{failures} of {CALLS} calls failed; the first: {e}").into());
    }
    Ok(started.elapsed())
}

/// Runs the scenario.
pub async fn run(server: &Server, _options: &Options, report: &mut Report) -> Result<(), BoxError> {
    eprintln!("scenario 2: token single flight");
    let state = &server.state;
    let lifetime = 7_200i64;
    state.token_lifetime_secs.store(lifetime, Ordering::Relaxed);
    let clock = ManualClock::starting_now();
    let client = linkflow_client::Client::builder()
        .credentials(server::LINKFLOW_KEY, server::LINKFLOW_SECRET)
        .base_url(server.base_url.clone())
        .max_concurrent_requests(Some(CAP))
        .clock(clock.clone())
        .build()?;
    let scenario = "2 single flight (Linkflow)";

    let tokens_before = state.token_requests.load(Ordering::SeqCst);
    let elapsed = burst(&client, None).await?;
    let cold = state.token_requests.load(Ordering::SeqCst) - tokens_before;
    report.check(
        scenario,
        &format!("token requests for {CALLS} concurrent calls on a cold client (cap {CAP})"),
        cold as f64,
        "",
        "= 1",
        cold == 1,
    );
    report.info(
        scenario,
        "wall time of those calls",
        elapsed.as_secs_f64() * 1e3,
        "ms",
    );

    let tokens_before = state.token_requests.load(Ordering::SeqCst);
    let rejected_before = state.rejected_tokens.load(Ordering::SeqCst);
    let jump = lifetime + 60;
    let server_state = server.state.clone();
    let jump_clock = clock.clone();
    let elapsed = burst(
        &client,
        Some(Box::new(move || {
            // The server first, so a token fetched after the client's jump is valid there.
            server_state
                .clock_offset_secs
                .fetch_add(jump, Ordering::SeqCst);
            jump_clock.advance(Duration::from_secs(jump.unsigned_abs()));
        })),
    )
    .await?;
    let refreshes = state.token_requests.load(Ordering::SeqCst) - tokens_before;
    let rejected = state.rejected_tokens.load(Ordering::SeqCst) - rejected_before;
    report.check(
        scenario,
        &format!(
            "token requests when the token expires after {} of {CALLS} calls",
            CALLS / 2
        ),
        refreshes as f64,
        "",
        "= 1",
        refreshes == 1,
    );
    report.info(
        scenario,
        "calls sent with the expired token and replayed (401)",
        rejected as f64,
        "calls",
    );
    report.info(
        scenario,
        "wall time of those calls",
        elapsed.as_secs_f64() * 1e3,
        "ms",
    );
    state.clock_offset_secs.store(0, Ordering::SeqCst);
    Ok(())
}
