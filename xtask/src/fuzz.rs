//! `cargo xtask fuzz [TARGET...] [--time SECS] [--no-cmin] [--debug-assertions]`: runs the
//! cargo-fuzz targets of `fuzz/` on the nightly toolchain, one at a time under `nice -n 19`.
//!
//! The binaries are optimised without debug assertions (`cargo fuzz -O`) by default: faster
//! executions, and one instrumented build shared by `run` and `cmin`. `--debug-assertions`
//! builds them with overflow checks instead (a second, separate build). The stable replay of
//! the corpus (`cargo test -p fuzz-targets`) always runs with overflow checks.
//!
//! For each target: libFuzzer reads the committed corpus (`fuzz/corpus/<target>/`, where it adds
//! what finds new coverage) and the seeds made from `fixtures/` (`fuzz/seeds/<target>/`, written
//! by the `fuzz-seeds` binary of `fuzz/targets`, not committed), runs for `--time` seconds
//! (default 60), and the corpus is then minimised with `cargo fuzz cmin`. The last libFuzzer
//! status line of each run (executions, coverage, features, corpus) is printed at the end, and
//! the full log is kept in `fuzz/logs/<target>.log`. A crash is saved by libFuzzer under
//! `fuzz/artifacts/<target>/` and makes the command fail.
//!
//! Nightly and cargo-fuzz are required; when either is missing the command says so and what to
//! install, and exits with status 2. xtask depends on no workspace crate: the target names are
//! the files of `fuzz/fuzz_targets/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context as _, Result, bail};

/// Default seconds per target.
const DEFAULT_SECS: u64 = 60;

/// Runs the command.
pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut targets = Vec::new();
    let mut secs = DEFAULT_SECS;
    let mut cmin = true;
    let mut debug_assertions = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time" => {
                let value = args.next().context("`--time` needs a number of seconds")?;
                secs = value
                    .parse()
                    .with_context(|| format!("`--time {value}` is not a number of seconds"))?;
            }
            "--no-cmin" => cmin = false,
            "--debug-assertions" => debug_assertions = true,
            other if other.starts_with('-') => bail!("unknown option `{other}`"),
            name => targets.push(name.to_owned()),
        }
    }

    let root = workspace_root()?;
    let fuzz_dir = root.join("fuzz");
    let known = target_names(&fuzz_dir)?;
    for name in &targets {
        if !known.contains(name) {
            bail!("no fuzz target `{name}` (known: {})", known.join(", "));
        }
    }
    if targets.is_empty() {
        targets = known;
    }

    if !has_nightly() {
        eprintln!(
            "cargo xtask fuzz: the nightly toolchain is not installed, so the fuzz targets cannot \
             run here (libFuzzer's instrumentation needs nightly).\n  install it with: rustup \
             toolchain install nightly\n  the same targets run on stable as property tests: \
             cargo test -p fuzz-targets"
        );
        return Ok(ExitCode::from(2));
    }
    if !has_cargo_fuzz() {
        eprintln!(
            "cargo xtask fuzz: cargo-fuzz is not installed.\n  install it with: cargo install \
             cargo-fuzz\n  the same targets run on stable as property tests: cargo test -p \
             fuzz-targets"
        );
        return Ok(ExitCode::from(2));
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let seeds = fuzz_dir.join("seeds");
    let mut write_seeds = Command::new(&cargo);
    write_seeds
        .current_dir(&root)
        .args([
            "run",
            "--quiet",
            "-p",
            "fuzz-targets",
            "--bin",
            "fuzz-seeds",
            "--",
        ])
        .arg(&seeds)
        .args(&targets);
    let status = write_seeds.status().context("running fuzz-seeds")?;
    if !status.success() {
        bail!("writing the seeds failed ({status})");
    }

    let logs = fuzz_dir.join("logs");
    fs::create_dir_all(&logs).context("creating fuzz/logs")?;
    let mut summary = Vec::new();
    let mut crashed = Vec::new();
    for target in &targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        fs::create_dir_all(&corpus).with_context(|| format!("creating {}", corpus.display()))?;
        let log_path = logs.join(format!("{target}.log"));
        let log = fs::File::create(&log_path)
            .with_context(|| format!("creating {}", log_path.display()))?;
        eprintln!(
            "fuzzing {target} for {secs} s (log: {})",
            log_path.display()
        );
        let status = niced("cargo")
            .current_dir(&root)
            .args(["+nightly", "fuzz", "run", "--fuzz-dir"])
            .arg(&fuzz_dir)
            .arg(if debug_assertions {
                "--debug-assertions"
            } else {
                "-O"
            })
            .arg(target)
            .arg(&corpus)
            .arg(seeds.join(target))
            .arg("--")
            .arg(format!("-max_total_time={secs}"))
            .args(["-rss_limit_mb=4096", "-timeout=20", "-print_final_stats=1"])
            .stdout(Stdio::null())
            .stderr(log)
            .status()
            .with_context(|| format!("running cargo fuzz run {target}"))?;
        let text = fs::read_to_string(&log_path).unwrap_or_default();
        summary.push((target.clone(), last_status(&text), final_stats(&text)));
        if !status.success() {
            crashed.push(target.clone());
            continue;
        }
        if cmin {
            let status = niced("cargo")
                .current_dir(&root)
                .args(["+nightly", "fuzz", "cmin", "--fuzz-dir"])
                .arg(&fuzz_dir)
                // The same build flag as `run`, so cmin reuses its instrumented build instead
                // of making a second one (without it, cargo-fuzz rebuilds everything).
                .arg(if debug_assertions {
                    "--debug-assertions"
                } else {
                    "-O"
                })
                .arg(target)
                .arg(&corpus)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .with_context(|| format!("running cargo fuzz cmin {target}"))?;
            if !status.success() {
                eprintln!("warning: cargo fuzz cmin {target} failed ({status})");
            }
        }
    }

    println!("| target | last status line | runs | corpus files |");
    println!("|---|---|---|---|");
    for (target, status, stats) in &summary {
        let files = fs::read_dir(fuzz_dir.join("corpus").join(target))
            .map(|d| d.count())
            .unwrap_or(0);
        println!("| {target} | {status} | {stats} | {files} |");
    }
    if crashed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "crashes in: {} (inputs under fuzz/artifacts/<target>/, details in fuzz/logs/)",
            crashed.join(", ")
        );
        Ok(ExitCode::FAILURE)
    }
}

/// `nice -n 19 <program>` where `nice` exists, else the program itself.
fn niced(program: &str) -> Command {
    let nice = Command::new("nice")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if nice {
        let mut command = Command::new("nice");
        command.args(["-n", "19", program]);
        command
    } else {
        Command::new(program)
    }
}

fn has_nightly() -> bool {
    Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .is_ok_and(|o| {
            o.status.success()
                && String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.starts_with("nightly"))
        })
}

fn has_cargo_fuzz() -> bool {
    Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The names of `fuzz/fuzz_targets/*.rs`, sorted.
fn target_names(fuzz_dir: &Path) -> Result<Vec<String>> {
    let dir = fuzz_dir.join("fuzz_targets");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".rs"))
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The last libFuzzer status line (`#N … cov: … ft: … corp: …`).
fn last_status(log: &str) -> String {
    log.lines()
        .rev()
        .find(|l| l.starts_with('#') && l.contains("cov:"))
        .map_or_else(|| "(none)".to_owned(), |l| l.trim().to_owned())
}

/// `stat::number_of_executed_units` from `-print_final_stats`.
fn final_stats(log: &str) -> String {
    log.lines()
        .rev()
        .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
        .map_or_else(|| "?".to_owned(), |n| n.trim().to_owned())
}

/// The workspace root: the parent of xtask's manifest directory.
fn workspace_root() -> Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent directory")
}
