//! Where cargo puts build outputs: `CARGO_TARGET_DIR` or the `build.target-dir` setting when
//! set, else `<workspace>/target`, as `cargo metadata` reports it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result};

/// The target directory of the workspace at `root`.
pub fn target_dir(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        anyhow::bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("reading cargo metadata's output")?;
    let dir = meta
        .get("target_directory")
        .and_then(serde_json::Value::as_str)
        .context("cargo metadata gave no target_directory")?;
    Ok(PathBuf::from(dir))
}
