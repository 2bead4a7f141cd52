//! `cargo xtask test`: the whole test suite on a fresh machine.
//!
//! Some client-core tests (the `redis` feature's) start their own `redis-server` from `PATH`.
//! This command installs it when it is missing — Debian's `redis-server` package through
//! `apt-get`, as root or with `sudo` — or stops with a message naming what to install, then runs
//! `cargo test --workspace --all-features` with any extra arguments passed on.

use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context as _, Result};

/// The binary the Redis tests start.
const REDIS_SERVER: &str = "redis-server";

/// Runs the suite.
pub fn run(args: &[String]) -> Result<ExitCode> {
    ensure_redis_server()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["test", "--workspace", "--all-features"])
        .args(args)
        .status()
        .context("running cargo test")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn ensure_redis_server() -> Result<()> {
    if have(REDIS_SERVER, "--version") {
        return Ok(());
    }
    if !have("apt-get", "--version") {
        anyhow::bail!(
            "`{REDIS_SERVER}` is not on PATH and this is not a Debian-like system: install Redis \
             (e.g. `brew install redis`, `dnf install redis`) so that `{REDIS_SERVER}` is on PATH, \
             then run `cargo xtask test` again"
        );
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let sudo: &[&str] = if is_root { &[] } else { &["sudo"] };
    eprintln!(
        "xtask test: installing Debian's `{REDIS_SERVER}` package (the Redis store tests need it)"
    );
    for step in [
        &["apt-get", "update", "-qq"][..],
        &["apt-get", "install", "-y", "-qq", REDIS_SERVER][..],
    ] {
        let mut command = Command::new(sudo.first().copied().unwrap_or(step[0]));
        if sudo.is_empty() {
            command.args(&step[1..]);
        } else {
            command.args(step);
        }
        let status = command
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .with_context(|| format!("running {}", step.join(" ")))?;
        if !status.success() {
            anyhow::bail!(
                "`{}` failed; install the `{REDIS_SERVER}` package by hand and run again",
                step.join(" ")
            );
        }
    }
    if !have(REDIS_SERVER, "--version") {
        anyhow::bail!("`{REDIS_SERVER}` is still not on PATH after installing the package");
    }
    Ok(())
}
