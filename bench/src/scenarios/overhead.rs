//! Scenario 1, per-call overhead: a page of 200 records served from memory, called N times by
//! hand-written reqwest code and by the client, at concurrency 1 and 64. Both sides run in this
//! process, interleaved round by round (the order alternating), and the figures are medians.
//!
//! Target: client throughput ≥ 0.95 × hand-written at concurrency 64, ≥ 0.90 × at 1.

use std::future::Future;
use std::time::Instant;

use crate::raw::RawLinkflow;
use crate::report::Report;
use crate::server::{self, Server};
use crate::stats::median;
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

/* OKAYAPI-START
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
        let answer = self
            .0
            .use_record_statistics()
            .page(1)
            .perpage(200)
            .send()
            .await?;
        Ok(answer.items.len())
    }
}

OKAYAPI-END */

/// Makes `calls` calls from `concurrency` tasks (each calling in a loop) and returns calls/s.
async fn throughput<S: Side>(side: &S, calls: usize, concurrency: usize) -> Result<f64, BoxError> {
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
    Ok(calls as f64 / started.elapsed().as_secs_f64())
}

/// Runs both sides `rounds` times at `concurrency`, interleaved, and reports the medians.
async fn compare<A: Side, B: Side>(
    report: &mut Report,
    scenario: &str,
    (raw, client): (&A, &B),
    client_name: &str,
    concurrency: usize,
    options: &Options,
) -> Result<(), BoxError> {
    let (calls, rounds) = match (options.quick, concurrency) {
        (true, 1) => (100, 3),
        (true, _) => (400, 3),
        (false, 1) => (600, 9),
        (false, _) => (2_000, 9),
    };
    // Warm-up: open the connections of both pools, fault in the code paths.
    throughput(raw, calls / 4 + concurrency, concurrency).await?;
    throughput(client, calls / 4 + concurrency, concurrency).await?;
    let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (ra, rb) = if round % 2 == 0 {
            let ra = throughput(raw, calls, concurrency).await?;
            (ra, throughput(client, calls, concurrency).await?)
        } else {
            let rb = throughput(client, calls, concurrency).await?;
            (throughput(raw, calls, concurrency).await?, rb)
        };
        a.push(ra);
        b.push(rb);
        ratios.push(rb / ra);
    }
    let target = if concurrency == 1 { 0.90 } else { 0.95 };
    let ratio = median(&ratios);
    let scenario = format!("{scenario}, c={concurrency}");
    report.info(&scenario, "hand-written reqwest", median(&a), "calls/s");
    report.info(&scenario, client_name, median(&b), "calls/s");
    report.check(
        &scenario,
        &format!(
            "{client_name} / hand-written (median of {rounds} paired rounds of {calls} calls)"
        ),
        ratio,
        "×",
        &format!("≥ {target:.2}"),
        ratio >= target,
    );
    Ok(())
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

    /* OKAYAPI-START
    let raw = OkayRaw(RawOkayApi::new(&server.base_url, server::OKAYAPI_METHOD)?);
    let client = OkayClient(
        okayapi_client::Client::builder()
            .base_url(server.base_url.clone())
            .app(server::OKAYAPI_APP)
            .credentials(server::OKAYAPI_KEY, server::OKAYAPI_SECRET)
            .build()?,
    );
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
    OKAYAPI-END */
    let bad = server
        .state
        .bad_signatures
        .load(std::sync::atomic::Ordering::Relaxed);
    if bad > 0 {
        return Err(format!("the server saw {bad} wrongly signed OkayAPI requests").into());
    }
    Ok(())
}
