//! `cargo xtask bench`: builds the `bench` package in release mode, measures the footprint of
//! each vendor crate (scenario 6: it is about cargo, so it lives here), then runs the bench
//! binary, which runs scenarios 1–5 against its own loopback server and prints one table with
//! the footprint rows included. Results land in `target/bench/` (`results.json`, `results.md`).
//!
//! ```text
//! cargo xtask bench [--skip-build-times] [--quick] [--only 1,2,6] [--strict]
//! ```
//!
//! xtask depends on no workspace crate: the bench runs as a subprocess.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};

use crate::codegen::workspace_root;

/// The vendor crates whose footprint is measured.
const VENDOR_CRATES: &[&str] = &[
    "linkflow-client",
    "okayapi-client",
    "wukong-client",
    "clue-client",
];

/// Runs `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut skip_build_times = false;
    let mut only: Option<Vec<u32>> = None;
    let mut forward: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--skip-build-times" => skip_build_times = true,
            "--quick" | "--strict" => forward.push(arg.clone()),
            "--only" => {
                let list = it.next().context("`--only` needs a list such as 1,3,6")?;
                let parsed = list
                    .split(',')
                    .map(|s| s.trim().parse::<u32>())
                    .collect::<Result<Vec<_>, _>>()
                    .with_context(|| format!("`--only {list}`: expected numbers 1-7"))?;
                forward.push("--only".into());
                forward.push(list.clone());
                only = Some(parsed);
            }
            "-h" | "--help" => {
                print_usage();
                return Ok(ExitCode::SUCCESS);
            }
            other => {
                print_usage();
                bail!("unknown argument `{other}`");
            }
        }
    }
    let root = workspace_root();
    let target = crate::target_dir::target_dir(&root)?;
    let out = target.join("bench");
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;

    eprintln!("bench: building the bench package (release)");
    let status = cargo(&root)
        .args(["build", "--release", "-p", "bench"])
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("`cargo build --release -p bench` failed");
    }

    let mut bench_args = forward;
    bench_args.push("--out".into());
    bench_args.push(out.display().to_string());
    if only.as_ref().is_none_or(|o| o.contains(&6)) {
        let rows = footprint(&root, &out, skip_build_times)?;
        let path = out.join("footprint.json");
        std::fs::write(&path, serde_json::to_string_pretty(&rows)?)
            .with_context(|| format!("writing {}", path.display()))?;
        bench_args.push("--footprint".into());
        bench_args.push(path.display().to_string());
    }

    let exe = target
        .join("release")
        .join(format!("bench{}", std::env::consts::EXE_SUFFIX));
    eprintln!("bench: running {}", exe.display());
    let status = Command::new(&exe)
        .args(&bench_args)
        .current_dir(&root)
        .status()
        .with_context(|| format!("running {}", exe.display()))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_usage() {
    eprintln!("usage: cargo xtask bench [--skip-build-times] [--quick] [--only 1,2,6] [--strict]");
    eprintln!("  --skip-build-times  skip the clean release build of each vendor crate (minutes)");
    eprintln!("  --quick             fewer rounds and calls (smoke figures)");
    eprintln!("  --only LIST         run only these scenarios (1-7)");
    eprintln!("  --strict            exit with status 1 when a target is missed");
}

/// `cargo`, as the one running xtask.
fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

/// A row of the bench table (the bench binary's `report::Row`).
fn row(metric: &str, value: f64, unit: &str, target: &str, pass: Option<bool>) -> Value {
    json!({
        "scenario": "6 footprint",
        "metric": metric,
        "value": value,
        "unit": unit,
        "target": target,
        "pass": pass,
    })
}

/// Scenario 6: for each vendor crate, the crates in its normal dependency tree, proof that no
/// other vendor crate is among them, and (unless skipped) its clean release build time.
fn footprint(root: &Path, out: &Path, skip_build_times: bool) -> Result<Vec<Value>> {
    eprintln!("scenario 6: footprint");
    let mut rows = Vec::new();
    for krate in VENDOR_CRATES {
        let tree = dependency_tree(root, krate)?;
        let others: Vec<&str> = VENDOR_CRATES
            .iter()
            .copied()
            .filter(|other| other != krate && tree.iter().any(|(name, _)| name == other))
            .collect();
        rows.push(row(
            &format!("{krate}: crates in its normal dependency tree (unique name+version, itself excluded)"),
            tree.len() as f64,
            "crates",
            "",
            None,
        ));
        rows.push(row(
            &format!(
                "{krate}: other vendor crates in that tree{}",
                if others.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", others.join(", "))
                }
            ),
            others.len() as f64,
            "",
            "= 0",
            Some(others.is_empty()),
        ));
        eprintln!(
            "  {krate}: {} crates, other vendor crates: {:?}",
            tree.len(),
            others
        );
    }
    if skip_build_times {
        eprintln!("  clean release build times skipped (--skip-build-times)");
        return Ok(rows);
    }
    for krate in VENDOR_CRATES {
        let secs = clean_build_secs(root, out, krate)?;
        eprintln!("  {krate}: clean release build {secs:.1} s");
        rows.push(row(
            &format!("{krate}: clean release build of the crate alone (wall time)"),
            secs,
            "s",
            "",
            None,
        ));
    }
    Ok(rows)
}

/// The unique packages (name, version) in `krate`'s normal dependency tree, itself excluded.
fn dependency_tree(root: &Path, krate: &str) -> Result<BTreeSet<(String, String)>> {
    let output = cargo(root)
        .args(["tree", "-p", krate, "-e", "normal", "--prefix", "none"])
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo tree")?;
    if !output.status.success() {
        bail!("`cargo tree -p {krate}` failed");
    }
    let text = String::from_utf8(output.stdout).context("cargo tree printed non-UTF-8")?;
    // Lines look like `name v1.2.3 (path) (*)`; count each name + version once.
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
        })
        .filter(|(name, _)| name != krate)
        .collect())
}

/// Builds `krate` alone in release mode into an empty target directory and times it.
fn clean_build_secs(root: &Path, out: &Path, krate: &str) -> Result<f64> {
    let dir: PathBuf = out.join("build-times").join(krate);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    eprintln!(
        "  building {krate} (release) into an empty {}",
        dir.display()
    );
    let started = Instant::now();
    let status = cargo(root)
        .args(["build", "--release", "--quiet", "-p", krate])
        .env("CARGO_TARGET_DIR", &dir)
        .status()
        .context("running cargo build")?;
    let secs = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("`cargo build --release -p {krate}` failed");
    }
    // The artefacts are of no further use; keep the disk free.
    let _ = std::fs::remove_dir_all(&dir);
    Ok(secs)
}
