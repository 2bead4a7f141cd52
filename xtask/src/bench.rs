//! `cargo xtask bench`: builds the `bench` package in release mode, measures the footprint of
//! each vendor crate (scenario 6: it is about cargo, so it lives here; the clean builds are in
//! `footprint.rs`), then runs the bench binary, which runs the other scenarios against its own
//! loopback server and prints one table with the footprint rows included. Results land in
//! `target/bench/` (`results.json`, `results.md`, `footprint.md`).
//!
//! ```text
//! cargo xtask bench [--skip-build-times] [--footprint-profile debug|release]
//!                   [--footprint-vendor CRATE]... [--quick] [--only 1,2,6] [--strict]
//! ```
//!
//! xtask depends on no workspace crate: the bench runs as a subprocess.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};

use crate::codegen::workspace_root;
use crate::footprint;

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
    let mut profiles = Vec::new();
    let mut vendors = Vec::new();
    let mut only: Option<Vec<u32>> = None;
    let mut forward: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--skip-build-times" => skip_build_times = true,
            "--footprint-profile" => {
                let value = it
                    .next()
                    .context("`--footprint-profile` needs debug or release")?;
                profiles.push(match value.as_str() {
                    "debug" => footprint::Profile::Debug,
                    "release" => footprint::Profile::Release,
                    other => bail!("`--footprint-profile {other}`: expected debug or release"),
                });
            }
            "--footprint-vendor" => {
                let value = it
                    .next()
                    .context("`--footprint-vendor` needs a crate name")?;
                if !VENDOR_CRATES.contains(&value.as_str()) {
                    bail!("`--footprint-vendor {value}`: expected one of {VENDOR_CRATES:?}");
                }
                vendors.push(value.clone());
            }
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

    let mut footprint_json = None;
    if only.as_ref().is_none_or(|o| o.contains(&6)) {
        if profiles.is_empty() {
            profiles = vec![footprint::Profile::Debug, footprint::Profile::Release];
        }
        if vendors.is_empty() {
            vendors = VENDOR_CRATES.iter().map(|v| (*v).to_owned()).collect();
        }
        let plan = footprint::Plan { profiles, vendors };
        let rows = footprint(&root, &out, skip_build_times, &plan)?;
        let path = out.join("footprint.json");
        std::fs::write(&path, serde_json::to_string_pretty(&rows)?)
            .with_context(|| format!("writing {}", path.display()))?;
        footprint_json = Some(path);
        if only.as_ref().is_some_and(|o| o.iter().all(|n| *n == 6)) {
            // Scenario 6 alone needs no bench binary: print its rows here.
            print_rows(&rows);
            return Ok(ExitCode::SUCCESS);
        }
    }

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
    if let Some(path) = footprint_json {
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

/// Prints footprint rows as a Markdown table (when scenario 6 runs alone).
fn print_rows(rows: &[Value]) {
    println!("| scenario | metric | value | target | pass |\n|---|---|---:|---|---|");
    for r in rows {
        let pass = match r["pass"].as_bool() {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "",
        };
        println!(
            "| {} | {} | {:.2} {} | {} | {pass} |",
            r["scenario"].as_str().unwrap_or(""),
            r["metric"].as_str().unwrap_or(""),
            r["value"].as_f64().unwrap_or(f64::NAN),
            r["unit"].as_str().unwrap_or(""),
            r["target"].as_str().unwrap_or(""),
        );
    }
}

fn print_usage() {
    eprintln!(
        "usage: cargo xtask bench [--skip-build-times] [--footprint-profile debug|release] \
         [--footprint-vendor CRATE]... [--quick] [--only 1,2,6] [--strict]"
    );
    eprintln!("  --skip-build-times  skip the clean builds of scenario 6 (about 30 minutes)");
    eprintln!("  --footprint-profile P  only this profile's clean builds (repeatable)");
    eprintln!("  --footprint-vendor C   only this vendor crate's clean builds (repeatable)");
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

/// Scenario 6: for each vendor crate, the crates in its normal dependency tree and proof that
/// no other vendor crate is among them; then (unless skipped) the clean builds of
/// [`footprint::measure`] against the bare-stack baseline.
fn footprint(
    root: &Path,
    out: &Path,
    skip_build_times: bool,
    plan: &footprint::Plan,
) -> Result<Vec<Value>> {
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
        eprintln!("  clean builds skipped (--skip-build-times)");
        return Ok(rows);
    }
    rows.extend(footprint::measure(root, out, plan)?);
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
