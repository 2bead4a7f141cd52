//! `cargo xtask codegen [--check] [VENDOR...]`: fixtures → serde models, per vendor.
//!
//! For each `fixtures/<vendor>/manifest.toml` it infers the models from the fixtures
//! ([`infer`]), renders them ([`render_models`], [`render_tests`]), formats them with rustfmt,
//! and writes (or, with `--check`, compares) the crate's files ([`outputs`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

mod doc;
mod infer;
mod json;
mod manifest;
mod naming;
mod outputs;
mod render_models;
mod render_tests;
mod rustfmt;
#[cfg(test)]
mod tests;
mod ty;

use infer::Model;
use manifest::Manifest;
use outputs::Plan;

/// The vendors, in the order they are processed.
pub const VENDORS: &[&str] = &["clue", "linkflow", "okayapi", "wukong"];

/// Runs the command with its arguments.
pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut check = false;
    let mut vendors = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            vendor if VENDORS.contains(&vendor) => vendors.push(vendor),
            other => bail!("unknown argument `{other}` (expected --check or one of {VENDORS:?})"),
        }
    }
    if vendors.is_empty() {
        vendors = VENDORS.to_vec();
    }
    let root = workspace_root();
    let mut stale = Vec::new();
    for vendor in vendors {
        let generated = generate(&root, vendor)?;
        print_report(vendor, &generated);
        if check {
            stale.extend(outputs::check(&root, &generated.plan)?);
        } else {
            for path in outputs::write(&root, &generated.plan)? {
                let done = if root.join(&path).exists() {
                    "wrote"
                } else {
                    "removed"
                };
                println!("  {done} {}", path.display());
            }
        }
    }
    if stale.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("\nout of date (run `cargo xtask codegen` and commit the result):");
    for problem in &stale {
        eprintln!("  {problem}");
    }
    Ok(ExitCode::FAILURE)
}

/// What one vendor generates.
pub struct Generated {
    /// The inferred model.
    pub model: Model,
    /// Every file of the vendor crate that codegen owns, with its content.
    pub plan: Plan,
}

/// Infers, renders and formats one vendor's files (without touching the disk).
pub fn generate(root: &Path, vendor: &str) -> Result<Generated> {
    let dir = root.join("fixtures").join(vendor);
    let manifest = Manifest::load(&dir.join("manifest.toml"))?;
    if manifest.vendor != vendor {
        bail!("{}: `vendor` says `{}`", dir.display(), manifest.vendor);
    }
    let model = Model::build(&manifest, &dir).with_context(|| format!("vendor `{vendor}`"))?;
    let config = root.join("rustfmt.toml");
    let models = rustfmt::format(&render_models::render(&manifest, &model), &config)?;
    let path = render_tests::ModelsPath::of_crate(root, &manifest)?;
    let tests = rustfmt::format(&render_tests::render(&manifest, &model, path), &config)?;
    let plan = outputs::plan(root, &manifest, &model, &dir, models, tests)?;
    Ok(Generated { model, plan })
}

fn print_report(vendor: &str, generated: &Generated) {
    let model = &generated.model;
    let fallbacks = model.fallbacks();
    println!(
        "{vendor}: {} fixtures, {} types, {} undocumented fields, {} fields fell back to serde_json::Value",
        model.examples.len(),
        model.types.len(),
        model.undocumented().len(),
        fallbacks.len()
    );
    for fallback in fallbacks {
        println!("  Value fallback: {fallback}");
    }
    let undocumented = model.undocumented();
    if !undocumented.is_empty() {
        println!("  undocumented: {}", undocumented.join(", "));
    }
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .map_or_else(|| xtask.to_path_buf(), Path::to_path_buf)
}
