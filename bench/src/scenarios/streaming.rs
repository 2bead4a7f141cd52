//! Scenario 3, streaming memory: 100,000 and 1,000,000 contacts through the Linkflow cursor
//! stream (`GET /open/contacts/cursor`, pages of 200 generated on the fly by the server in this
//! process), each size in its own child process (this binary re-run as `stream-child`), which
//! reports its peak RSS (`VmHWM`).
//!
//! Targets: peak RSS ≤ 64 MB for both; the 1,000,000 run within 10% of the 100,000 run.

use std::process::Command;
use std::sync::atomic::Ordering;
use std::time::Instant;

use futures::TryStreamExt as _;
use serde::{Deserialize, Serialize};

use crate::report::Report;
use crate::server::{self, Server};
use crate::stats::peak_rss_bytes;
use crate::{BoxError, Options};

/// What a child reports on its stdout (one JSON line).
#[derive(Debug, Serialize, Deserialize)]
struct ChildReport {
    items: u64,
    secs: f64,
    peak_rss_bytes: u64,
    rss_before_stream_bytes: u64,
}

const MB: f64 = 1024.0 * 1024.0;

/// The child: streams every contact from `base_url` and checks there are `total`, in id order.
pub fn child(args: &[String]) -> Result<(), BoxError> {
    let [base_url, total] = args else {
        return Err("usage: bench stream-child <base_url> <total>".into());
    };
    let total: u64 = total.parse()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(async {
        let client = linkflow_client::Client::builder()
            .credentials(server::LINKFLOW_KEY, server::LINKFLOW_SECRET)
            .base_url(base_url.clone())
            .build()?;
        client.token_cache().token().await?;
        let rss_before_stream_bytes = peak_rss_bytes().unwrap_or(0);
        let started = Instant::now();
        let mut stream = client.contacts().cursor().size(200).stream();
        let mut items = 0u64;
        let mut last = 0i64;
        while let Some(contact) = stream.try_next().await? {
            if contact.id.get() <= last {
                return Err::<_, BoxError>(format!("id {} after {last}", contact.id).into());
            }
            last = contact.id.get();
            items += 1;
        }
        Ok(ChildReport {
            items,
            secs: started.elapsed().as_secs_f64(),
            peak_rss_bytes: peak_rss_bytes().ok_or("VmHWM is not available")?,
            rss_before_stream_bytes,
        })
    })?;
    if report.items != total {
        return Err(format!("streamed {} contacts, expected {total}", report.items).into());
    }
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

fn run_child(server: &Server, total: u64) -> Result<ChildReport, BoxError> {
    server.state.cursor_total.store(total, Ordering::SeqCst);
    let output = Command::new(std::env::current_exe()?)
        .args(["stream-child", &server.base_url, &total.to_string()])
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "the stream child for {total} contacts failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let line = String::from_utf8_lossy(&output.stdout);
    Ok(serde_json::from_str(line.trim())?)
}

/// Runs the scenario (outside the client runtime: it only waits for children).
pub fn run(server: &Server, options: &Options, report: &mut Report) -> Result<(), BoxError> {
    eprintln!("scenario 3: streaming memory");
    let (small, large) = if options.quick {
        (20_000, 200_000)
    } else {
        (100_000, 1_000_000)
    };
    let scenario = "3 streaming memory (Linkflow cursor)";
    let mut peaks = Vec::new();
    for total in [small, large] {
        let child = run_child(server, total)?;
        let peak = child.peak_rss_bytes as f64 / MB;
        report.check(
            scenario,
            &format!("peak RSS streaming {total} contacts (child process)"),
            peak,
            "MiB",
            "≤ 64 MiB",
            peak <= 64.0,
        );
        report.info(
            scenario,
            &format!("  of which before the stream started ({total} run)"),
            child.rss_before_stream_bytes as f64 / MB,
            "MiB",
        );
        report.info(
            scenario,
            &format!("contacts per second ({total} run)"),
            child.items as f64 / child.secs,
            "contacts/s",
        );
        peaks.push(peak);
    }
    let ratio = peaks[1] / peaks[0];
    report.check(
        scenario,
        &format!("peak RSS, {large} run / {small} run"),
        ratio,
        "×",
        "≤ 1.10",
        ratio <= 1.10,
    );
    Ok(())
}
