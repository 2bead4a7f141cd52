//! Scenario 4, bulk fan-out: `client.contacts().bulk(10,000 ids).concurrency(8)` against a
//! server that adds 10 ms to every `GET /open/contacts_bulk` call. The client splits the ids into
//! 100 calls of 100; the ideal wall time is 100 calls / 8 in flight × 10 ms = 125 ms.
//!
//! Target: median wall time ≤ 1.5 × ideal.

use std::sync::atomic::Ordering;
use std::time::Instant;

use linkflow_client::models::ContactId;

use crate::report::Report;
use crate::server::Server;
use crate::stats::median;
use crate::{BoxError, Options};

const IDS: i64 = 10_000;
const CONCURRENCY: usize = 8;
const DELAY_MS: u64 = 10;

/// Runs the scenario.
pub async fn run(server: &Server, options: &Options, report: &mut Report) -> Result<(), BoxError> {
    eprintln!("scenario 4: bulk fan-out");
    let client = super::linkflow_client(server)?;
    client.token_cache().token().await?;
    let state = &server.state;
    state.bulk_delay_ms.store(DELAY_MS, Ordering::SeqCst);
    let rounds = if options.quick { 3 } else { 7 };
    let mut walls = Vec::new();
    // One warm-up round opens the connections.
    for round in 0..=rounds {
        let calls_before = state.bulk_calls.load(Ordering::SeqCst);
        let started = Instant::now();
        let result = client
            .contacts()
            .bulk((1..=IDS).map(ContactId))
            .concurrency(CONCURRENCY)
            .send()
            .await;
        let wall = started.elapsed().as_secs_f64() * 1e3;
        let result = result?;
        let calls = state.bulk_calls.load(Ordering::SeqCst) - calls_before;
        if result.contacts.len() != IDS as usize || !result.is_complete() || calls != 100 {
            state.bulk_delay_ms.store(0, Ordering::SeqCst);
            return Err(format!(
                "bulk returned {} contacts in {calls} calls (missing {})",
                result.contacts.len(),
                result.missing.len()
            )
            .into());
        }
        if round > 0 {
            walls.push(wall);
        }
    }
    state.bulk_delay_ms.store(0, Ordering::SeqCst);
    let ideal = 100.0 / CONCURRENCY as f64 * DELAY_MS as f64;
    let wall = median(&walls);
    let scenario = "4 bulk fan-out (Linkflow)";
    report.info(
        scenario,
        "ideal: 100 calls / 8 in flight × 10 ms",
        ideal,
        "ms",
    );
    report.check(
        scenario,
        &format!("wall time for {IDS} ids, concurrency {CONCURRENCY} (median of {rounds})"),
        wall,
        "ms",
        &format!("≤ {:.1} ms (1.5 × ideal)", 1.5 * ideal),
        wall <= 1.5 * ideal,
    );
    report.info(scenario, "wall time / ideal", wall / ideal, "×");
    Ok(())
}
