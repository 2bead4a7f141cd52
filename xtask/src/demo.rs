//! `cargo xtask demo`: runs every vendor's quickstart against its sandbox and reports.
//!
//! Each quickstart is a workspace example run as a subprocess (`cargo run --example`), so xtask
//! depends on no workspace crate. The examples use their vendor's loopback sandbox (feature
//! `testing`) unless given `--live`, which this command never passes.

use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context as _, Result};

/// The quickstarts, in the order they run: (vendor, package, example).
const QUICKSTARTS: &[(&str, &str, &str)] = &[
    ("Linkflow CDP", "linkflow-client", "linkflow_quickstart"),
    ("OkayAPI", "okayapi-client", "okayapi_quickstart"),
    ("Wukong Data", "wukong-client", "wukong_quickstart"),
    ("Tanma SCRM (clue)", "clue-client", "clue_quickstart"),
];

/// Runs the demo.
pub fn run(args: &[String]) -> Result<ExitCode> {
    if let Some(other) = args.first() {
        anyhow::bail!("`demo` takes no arguments (got `{other}`)");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());

    // Build every example first, in one cargo invocation with its progress shown, so the runs
    // below report only the examples' own time.
    println!("building the four quickstarts (the first build takes a few minutes)…");
    let mut build = Command::new(&cargo);
    build.args(["build", "--examples"]);
    let mut features = Vec::new();
    for (_, package, _) in QUICKSTARTS {
        build.args(["-p", package]);
        features.push(format!("{package}/testing"));
    }
    build.args(["--features", &features.join(",")]);
    let status = build
        .status()
        .context("running cargo build for the quickstarts")?;
    if !status.success() {
        anyhow::bail!("building the quickstarts failed");
    }

    let examples = crate::target_dir::target_dir(&crate::codegen::workspace_root())?
        .join("debug")
        .join("examples");
    let mut results = Vec::new();
    for (vendor, package, example) in QUICKSTARTS {
        println!("\n=== {vendor} ({package}, sandbox) ===");
        let exe = examples.join(format!("{example}{}", std::env::consts::EXE_SUFFIX));
        // The built example itself, so the time is the run's alone.
        let started = Instant::now();
        let status = Command::new(&exe)
            .stdin(Stdio::null())
            .status()
            .with_context(|| format!("running {}", exe.display()))?;
        results.push((*vendor, *package, status.success(), started.elapsed()));
    }

    println!("\n=== demo report ===");
    println!("{:<20} {:<18} {:>8}  result", "vendor", "crate", "time");
    let mut failed = 0;
    for (vendor, package, ok, elapsed) in &results {
        let result = if *ok { "ok" } else { "FAILED" };
        failed += usize::from(!ok);
        println!(
            "{vendor:<20} {package:<18} {:>7.2}s  {result}",
            elapsed.as_secs_f64()
        );
    }
    if failed > 0 {
        println!("{failed} of {} quickstarts failed", results.len());
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "all {} quickstarts ran against their sandboxes",
        results.len()
    );
    Ok(ExitCode::SUCCESS)
}
