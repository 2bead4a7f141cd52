//! Scenario 7, a token shared through Redis: 4 processes, 10,000 calls each, on a cold start
//! with one forced expiry, all sharing one `RedisStore` (one `redis-server` started for the
//! scenario). Checks the token requests (1 + 1), the Redis commands per call (< 0.01: the hot
//! path never touches Redis) and the throughput against 4 processes with in-memory tokens
//! (median of paired rounds, ≥ 0.95×).
//!
//! The expiry is forced as in scenario 2: once half of all calls have been served, the server's
//! clock jumps past the token's lifetime, so every process gets 401 on its token and refreshes —
//! through the store's lock, where all but the first adopt the token the first saved.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use client_core::store::{RedisServer, RedisStore};

use crate::report::Report;
use crate::server::{self, Server};
use crate::{BoxError, Options};

/// Processes per round.
const PROCESSES: usize = 4;
/// Calls per process.
const CALLS: usize = 10_000;
/// Token lifetime on the bench server.
const LIFETIME: i64 = 7_200;

/// `bench redis-child <base_url> <redis_url|memory> <calls>`: one process of the scenario;
/// prints `elapsed_ms <n>` for its calls.
pub fn child(args: &[String]) -> Result<(), BoxError> {
    let [base_url, store, calls] = args else {
        return Err("usage: bench redis-child <base_url> <redis_url|memory> <calls>".into());
    };
    let calls: usize = calls.parse()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut builder = linkflow_client::Client::builder()
            .credentials(server::LINKFLOW_KEY, server::LINKFLOW_SECRET)
            .base_url(base_url.clone());
        if store != "memory" {
            builder = builder.token_store(
                RedisStore::builder(store.clone(), "linkflow", server::LINKFLOW_KEY).build()?,
            );
        }
        let client = builder.build()?;
        let started = Instant::now();
        let mut tasks = Vec::with_capacity(calls);
        for i in 0..calls {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                client.contacts().identities(i as i64 + 1).await.map(|_| ())
            }));
        }
        for task in tasks {
            task.await??;
        }
        println!("elapsed_ms {}", started.elapsed().as_secs_f64() * 1e3);
        Ok::<(), BoxError>(())
    })
}

/// One round: `PROCESSES` children against `store`; the server's clock jumps once half the calls
/// have been served. Returns the calls per second (all calls / the slowest child's time).
fn round(server: &Server, store: &str) -> Result<f64, BoxError> {
    let state = Arc::clone(&server.state);
    state.clock_offset_secs.store(0, Ordering::SeqCst);
    let exe = std::env::current_exe()?;
    let requests_before = state.requests.load(Ordering::SeqCst);
    let mut children = Vec::with_capacity(PROCESSES);
    for _ in 0..PROCESSES {
        children.push(
            Command::new(&exe)
                .args(["redis-child", &server.base_url, store, &CALLS.to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()?,
        );
    }
    let half = u64::try_from(PROCESSES * CALLS / 2).unwrap_or(u64::MAX);
    let deadline = Instant::now() + Duration::from_secs(300);
    while state.requests.load(Ordering::SeqCst) - requests_before < half {
        if Instant::now() > deadline {
            return Err("the children did not reach half their calls in 300 s".into());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    state
        .clock_offset_secs
        .fetch_add(LIFETIME + 60, Ordering::SeqCst);
    let mut slowest: f64 = 0.0;
    for child in children {
        let output = child.wait_with_output()?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            return Err(format!(
                "redis-child failed: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        let ms: f64 = stdout
            .lines()
            .find_map(|l| l.strip_prefix("elapsed_ms "))
            .ok_or("redis-child printed no time")?
            .trim()
            .parse()?;
        slowest = slowest.max(ms);
    }
    state.clock_offset_secs.store(0, Ordering::SeqCst);
    Ok((PROCESSES * CALLS) as f64 / (slowest / 1e3))
}

/// Runs the scenario.
pub fn run(server: &Server, options: &Options, report: &mut Report) -> Result<(), BoxError> {
    eprintln!("scenario 7: one token for 4 processes through Redis");
    let scenario = "7 Redis token store";
    let redis = match RedisServer::start() {
        Ok(redis) => redis,
        Err(e) => {
            eprintln!("  skipped: {e}");
            report.check(scenario, "redis-server available", 0.0, "", "= 1", false);
            return Ok(());
        }
    };
    let state = &server.state;
    state.token_lifetime_secs.store(LIFETIME, Ordering::SeqCst);
    let rounds = if options.quick { 2 } else { 5 };
    let mut ratios = Vec::with_capacity(rounds);
    for n in 0..rounds {
        redis.command("FLUSHALL").ok_or("FLUSHALL failed")?;
        let tokens_before = state.token_requests.load(Ordering::SeqCst);
        let commands_before = redis.commands_processed().ok_or("INFO failed")?;
        let shared = round(server, &redis.url())?;
        let commands = redis.commands_processed().ok_or("INFO failed")? - commands_before - 1;
        let tokens = state.token_requests.load(Ordering::SeqCst) - tokens_before;
        let memory = round(server, "memory")?;
        eprintln!(
            "  round {}: {tokens} token requests, {commands} Redis commands, {shared:.0} vs {memory:.0} calls/s",
            n + 1
        );
        if n == 0 {
            let calls = (PROCESSES * CALLS) as f64;
            report.check(
                scenario,
                &format!("token requests, {PROCESSES} processes × {CALLS} calls, one expiry"),
                tokens as f64,
                "",
                "= 2",
                tokens == 2,
            );
            let per_call = commands as f64 / calls;
            report.check(
                scenario,
                "Redis commands per call",
                per_call,
                "",
                "< 0.01",
                per_call < 0.01,
            );
            report.info(scenario, "Redis commands in the round", commands as f64, "");
        }
        ratios.push(shared / memory);
    }
    let ratio = crate::stats::median(&ratios);
    report.check(
        scenario,
        &format!("throughput vs in-memory tokens (median of {rounds} paired rounds)"),
        ratio,
        "×",
        "≥ 0.95",
        ratio >= 0.95,
    );
    Ok(())
}
