//! Formats generated source with `rustfmt`, using the workspace's `rustfmt.toml`, so that the
//! files are what `cargo fmt` would leave them as.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// Formats `source` (edition 2024) with the config at `config`.
pub fn format(source: &str, config: &Path) -> Result<String> {
    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".to_owned());
    let mut child = Command::new(&rustfmt)
        .args(["--edition", "2024", "--emit", "stdout", "--config-path"])
        .arg(config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!("running `{rustfmt}` (install it with `rustup component add rustfmt`)")
        })?;
    let mut stdin = child.stdin.take().context("rustfmt has no stdin")?;
    let input = source.to_owned();
    // Write from another thread, so a full stdout pipe cannot block both sides.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut formatted = String::new();
    child
        .stdout
        .take()
        .context("rustfmt has no stdout")?
        .read_to_string(&mut formatted)?;
    let mut errors = String::new();
    child
        .stderr
        .take()
        .context("rustfmt has no stderr")?
        .read_to_string(&mut errors)?;
    let status = child.wait()?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writing to rustfmt panicked"))??;
    if !status.success() {
        bail!("rustfmt failed on generated code:\n{errors}\n--- source ---\n{source}");
    }
    Ok(formatted)
}
