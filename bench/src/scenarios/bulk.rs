//! Scenario 4, bulk fan-out: `client.contacts().bulk(10,000 ids).concurrency(8)` against a
//! server that adds 10 ms to every `GET /open/contacts_bulk` call. The client splits the ids into
//! 100 calls of 100; the ideal wall time is 100 calls / 8 in flight × 10 ms = 125 ms.
//!
//! Target: median wall time ≤ 1.5 × ideal.

use std::sync::atomic::Ordering;
use std::time::Instant;

use linkflow_client::models::ContactId;

use crate::raw::RawLinkflow;
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
    let rounds = if options.quick { 3 } else { 7 };
    let raw = RawLinkflow::connect(&server.base_url).await?;
    let work_alone = median(&walls(&client, &raw, server, 0, rounds).await?.0);
    let (walls, raw_walls) = walls(&client, &raw, server, DELAY_MS, rounds).await?;
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
    report.info(
        scenario,
        "hand-written reqwest fan-out, same calls (median, interleaved)",
        median(&raw_walls),
        "ms",
    );
    report.info(
        scenario,
        "wall time with no server delay (the work alone)",
        work_alone,
        "ms",
    );
    Ok(())
}

/// Wall times (ms) of `rounds` bulk fetches with the server adding `delay_ms` per call, after
/// one warm-up fetch: the client's, and hand-written code's (interleaved with the client's).
async fn walls(
    client: &linkflow_client::Client,
    raw: &RawLinkflow,
    server: &Server,
    delay_ms: u64,
    rounds: usize,
) -> Result<(Vec<f64>, Vec<f64>), BoxError> {
    let state = &server.state;
    state.bulk_delay_ms.store(delay_ms, Ordering::SeqCst);
    let ids: Vec<i64> = (1..=IDS).collect();
    let (mut walls, mut raw_walls) = (Vec::new(), Vec::new());
    for round in 0..=rounds {
        let calls_before = state.bulk_calls.load(Ordering::SeqCst);
        let started = Instant::now();
        let result = client
            .contacts()
            .bulk(ids.iter().copied().map(ContactId))
            .concurrency(CONCURRENCY)
            .send()
            .await;
        let wall = started.elapsed().as_secs_f64() * 1e3;
        let calls = state.bulk_calls.load(Ordering::SeqCst) - calls_before;
        let ok = matches!(&result, Ok(r) if r.contacts.len() == IDS as usize && r.is_complete());
        if !ok || calls != 100 {
            state.bulk_delay_ms.store(0, Ordering::SeqCst);
            let what = match result {
                Ok(r) => format!("{} contacts, {} missing", r.contacts.len(), r.missing.len()),
                Err(e) => e.to_string(),
            };
            return Err(format!("bulk fetch in {calls} calls: {what}").into());
        }
        drop(result);
        let started = Instant::now();
        let contacts = raw.bulk(&ids, CONCURRENCY).await?;
        let raw_wall = started.elapsed().as_secs_f64() * 1e3;
        if contacts.len() != ids.len() {
            return Err("the hand-written fan-out lost contacts".into());
        }
        drop(contacts);
        if std::env::var_os("BENCH_VERBOSE").is_some() {
            eprintln!(
                "    delay {delay_ms} ms, round {round}: client {wall:.1} ms, hand-written {raw_wall:.1} ms"
            );
        }
        if round > 0 {
            walls.push(wall);
            raw_walls.push(raw_wall);
        }
    }
    state.bulk_delay_ms.store(0, Ordering::SeqCst);
    Ok((walls, raw_walls))
}
