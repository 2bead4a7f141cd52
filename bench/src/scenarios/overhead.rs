//! Scenario 1, per-call overhead: a page of 200 records served from memory, called N times by
//! hand-written reqwest code and by the client, at concurrency 1 and 64. Both sides run in this
//! process, interleaved round by round (the order alternating), and the figures are medians.
//!
//! Target: client throughput ≥ 0.95 × hand-written at concurrency 64, ≥ 0.90 × at 1.

use std::future::Future;
use std::time::Instant;

use okayapi_client::models::UseRecordStatisticsParams;

use crate::raw::{RawLinkflow, RawOkayApi};
use crate::report::Report;
use crate::server::{self, Server};
use crate::stats::{median, process_cpu_ns};
use crate::{BoxError, Options};

/// One side of the comparison: makes one call and returns how many records it decoded.
pub trait Side: Clone + Send + Sync + 'static {
    /// One call.
    fn call(&self) -> impl Future<Output = Result<usize, BoxError>> + Send;
}

#[derive(Clone)]
struct LinkflowRaw(RawLinkflow);

impl Side for LinkflowRaw {
    async fn call(&self) -> Result<usize, BoxError> {
        Ok(self.0.list_contacts().await?.len())
    }
}

#[derive(Clone)]
struct LinkflowClient(linkflow_client::Client);

impl Side for LinkflowClient {
    async fn call(&self) -> Result<usize, BoxError> {
        Ok(self
            .0
            .contacts()
            .list()
            .page(0)
            .size(200)
            .send()
            .await?
            .len())
    }
}

#[derive(Clone)]
struct OkayRaw(RawOkayApi);

impl Side for OkayRaw {
    async fn call(&self) -> Result<usize, BoxError> {
        Ok(self.0.use_records().await?.items.len())
    }
}

#[derive(Clone)]
struct OkayClient(okayapi_client::Client);

impl Side for OkayClient {
    async fn call(&self) -> Result<usize, BoxError> {
        let params = UseRecordStatisticsParams::new().page(1u32).perpage(200u32);
        let answer = self.0.usage().statistics(params).await?;
        Ok(answer.items.len())
    }
}

/// One measured run: calls per second, and CPU microseconds per call (the whole process:
/// client, server and runtime).
struct Run {
    per_sec: f64,
    cpu_us_per_call: f64,
}

/// Makes `calls` calls from `concurrency` tasks (each calling in a loop).
async fn throughput<S: Side>(side: &S, calls: usize, concurrency: usize) -> Result<Run, BoxError> {
    let cpu_before = process_cpu_ns().unwrap_or(0);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(concurrency);
    for worker in 0..concurrency {
        let n = calls / concurrency + usize::from(worker < calls % concurrency);
        let side = side.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..n {
                let records = side.call().await?;
                if records != server::PAGE {
                    return Err(format!("expected {} records, got {records}", server::PAGE).into());
                }
            }
            Ok::<_, BoxError>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = process_cpu_ns().unwrap_or(0).saturating_sub(cpu_before);
    Ok(Run {
        per_sec: calls as f64 / secs,
        cpu_us_per_call: cpu as f64 / 1e3 / calls as f64,
    })
}

/// Runs both sides `rounds` times at `concurrency`, interleaved (the order alternating), and
/// reports the medians; the target is on the median of the per-round ratios.
async fn compare<A: Side, B: Side>(
    report: &mut Report,
    scenario: &str,
    (raw, client): (&A, &B),
    client_name: &str,
    concurrency: usize,
    options: &Options,
) -> Result<(), BoxError> {
    let (calls, rounds) = match (options.quick, concurrency) {
        (true, 1) => (100, 5),
        (true, _) => (300, 5),
        (false, 1) => (300, 21),
        (false, _) => (800, 21),
    };
    let verbose = std::env::var_os("BENCH_VERBOSE").is_some();
    // Warm-up: open the connections of both pools, fault in the code paths.
    throughput(raw, calls / 2 + concurrency, concurrency).await?;
    throughput(client, calls / 2 + concurrency, concurrency).await?;
    let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut cpu_a, mut cpu_b, mut cpu_ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (ra, rb) = if round % 2 == 0 {
            let ra = throughput(raw, calls, concurrency).await?;
            (ra, throughput(client, calls, concurrency).await?)
        } else {
            let rb = throughput(client, calls, concurrency).await?;
            (throughput(raw, calls, concurrency).await?, rb)
        };
        if verbose {
            eprintln!(
                "    round {round}: hand-written {:.0}/s {:.0} µs CPU/call, client {:.0}/s {:.0} µs CPU/call, ratio {:.3}",
                ra.per_sec,
                ra.cpu_us_per_call,
                rb.per_sec,
                rb.cpu_us_per_call,
                rb.per_sec / ra.per_sec
            );
        }
        a.push(ra.per_sec);
        b.push(rb.per_sec);
        ratios.push(rb.per_sec / ra.per_sec);
        cpu_a.push(ra.cpu_us_per_call);
        cpu_b.push(rb.cpu_us_per_call);
        cpu_ratios.push(rb.cpu_us_per_call / ra.cpu_us_per_call);
    }
    let target = if concurrency == 1 { 0.90 } else { 0.95 };
    let ratio = median(&ratios);
    let scenario = format!("{scenario}, c={concurrency}");
    report.info(&scenario, "hand-written reqwest", median(&a), "calls/s");
    report.info(&scenario, client_name, median(&b), "calls/s");
    report.check(
        &scenario,
        &format!("{client_name} / hand-written throughput (median of {rounds} paired rounds of {calls} calls)"),
        ratio,
        "×",
        &format!("≥ {target:.2}"),
        ratio >= target,
    );
    report.info(
        &scenario,
        "CPU per call, hand-written (process: client + server)",
        median(&cpu_a),
        "µs",
    );
    report.info(
        &scenario,
        &format!("CPU per call, {client_name}"),
        median(&cpu_b),
        "µs",
    );
    report.info(
        &scenario,
        "CPU per call, client / hand-written (median ratio)",
        median(&cpu_ratios),
        "×",
    );
    Ok(())
}

/// An OkayAPI client for the bench server (default settings: dynamic signing, `_auth` checked
/// when present).
fn okayapi_client(server: &Server) -> Result<okayapi_client::Client, BoxError> {
    Ok(okayapi_client::Client::builder()
        .base_url(server.base_url.clone())
        .app(server::OKAYAPI_APP)
        .credentials(server::OKAYAPI_KEY, server::OKAYAPI_SECRET)
        .build()?)
}

/// Runs the scenario for both vendors.
pub async fn run(server: &Server, options: &Options, report: &mut Report) -> Result<(), BoxError> {
    eprintln!("scenario 1: per-call overhead");
    let raw = LinkflowRaw(RawLinkflow::connect(&server.base_url).await?);
    let client = super::linkflow_client(server)?;
    client.token_cache().token().await?;
    let client = LinkflowClient(client);
    for concurrency in [64, 1] {
        compare(
            report,
            "1 overhead: Linkflow page of 200",
            (&raw, &client),
            "linkflow-client",
            concurrency,
            options,
        )
        .await?;
    }

    let raw = OkayRaw(RawOkayApi::new(&server.base_url, server::OKAYAPI_METHOD)?);
    let client = OkayClient(okayapi_client(server)?);
    for concurrency in [64, 1] {
        compare(
            report,
            "1 overhead: OkayAPI page of 200",
            (&raw, &client),
            "okayapi-client",
            concurrency,
            options,
        )
        .await?;
    }
    let bad = server
        .state
        .bad_signatures
        .load(std::sync::atomic::Ordering::Relaxed);
    if bad > 0 {
        return Err(format!("the server saw {bad} wrongly signed OkayAPI requests").into());
    }
    Ok(())
}

/// `bench profile <side> <calls>`: makes `calls` sequential calls of one side (after one
/// warm-up call) on a current-thread runtime, for instruction counts under
/// `valgrind --tool=callgrind`: run it with two call counts and divide the difference of the
/// totals by the difference of the counts to get the instructions of one call (the server's
/// included, which is the same for both sides). `side` is one of `linkflow-raw`,
/// `linkflow-client`, `okayapi-raw`, `okayapi-client`.
pub fn profile(args: &[String]) -> Result<(), BoxError> {
    let [side, calls] = args else {
        return Err("usage: bench profile <side> <calls>".into());
    };
    let calls: usize = calls.parse()?;
    let server = server::start()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match side.as_str() {
            "linkflow-raw" => {
                let side = LinkflowRaw(RawLinkflow::connect(&server.base_url).await?);
                throughput(&side, calls + 1, 1).await?;
            }
            "linkflow-client" => {
                let client = super::linkflow_client(&server)?;
                client.token_cache().token().await?;
                throughput(&LinkflowClient(client), calls + 1, 1).await?;
            }
            "okayapi-raw" => {
                let side = OkayRaw(RawOkayApi::new(&server.base_url, server::OKAYAPI_METHOD)?);
                throughput(&side, calls + 1, 1).await?;
            }
            "okayapi-client" => {
                throughput(&OkayClient(okayapi_client(&server)?), calls + 1, 1).await?;
            }
            "bulk" => {
                // `calls` bulk fetches of 10,000 ids (100 calls of 100 each, 8 in flight).
                let client = super::linkflow_client(&server)?;
                client.token_cache().token().await?;
                for _ in 0..calls {
                    let found = client
                        .contacts()
                        .bulk((1..=10_000).map(linkflow_client::models::ContactId))
                        .concurrency(8)
                        .send()
                        .await?;
                    std::hint::black_box(found);
                }
            }
            "decode" => {
                // The client's decode path alone, on `calls` pages of 200 contacts.
                let page = bytes::Bytes::from(server::contacts_page(1, server::PAGE));
                for _ in 0..calls {
                    let contacts: Vec<linkflow_client::models::Contact> =
                        client_core::transport::Payload::new(page.clone()).decode()?;
                    std::hint::black_box(contacts);
                }
            }
            other => return Err(format!("unknown side `{other}`").into()),
        }
        Ok::<_, BoxError>(())
    })
}
