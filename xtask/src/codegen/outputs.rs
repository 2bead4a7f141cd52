//! The files codegen owns in a vendor crate, and writing or checking them.
//!
//! Owned: `src/models/generated.rs`, `tests/it/models.rs`, and the whole `fixtures/` directory of
//! the crate (copies of the workspace fixtures, so that the packaged crate's tests and sandbox need
//! nothing outside it). The fixture tests compare JSON with `client_core::fixture_json`, so the
//! crate's `[dev-dependencies]` must enable client-core's `testing` feature; [`plan`] checks it.
//! Files codegen used to write ([`RETIRED`]) are stale wherever they still exist.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::infer::Model;
use super::manifest::Manifest;
use super::render_models::HEADER;

/// A file codegen writes, relative to the workspace root.
#[derive(Debug)]
pub struct Output {
    /// Path relative to the workspace root.
    pub path: PathBuf,
    /// Exact content.
    pub content: Vec<u8>,
}

/// Files, relative to a vendor crate, that codegen once wrote and no longer does: stale if present
/// (`tests/it/models_support.rs` was a copy of the JSON comparison now in
/// `client_core::fixture_json`).
pub const RETIRED: &[&str] = &["tests/it/models_support.rs"];

/// Everything codegen writes for one vendor.
#[derive(Debug)]
pub struct Plan {
    /// The files.
    pub files: Vec<Output>,
    /// A directory codegen owns entirely: files in it that are not in `files` are stale.
    pub owned_dir: PathBuf,
    /// Files codegen no longer writes ([`RETIRED`] in this crate): stale wherever they exist.
    pub retired: Vec<PathBuf>,
}

/// Lists the vendor crate's generated files and fixture copies.
pub fn plan(
    root: &Path,
    manifest: &Manifest,
    model: &Model,
    fixtures: &Path,
    models: String,
    tests: String,
) -> Result<Plan> {
    let krate = Path::new("crates").join(&manifest.krate);
    let cargo_toml = root.join(&krate).join("Cargo.toml");
    if !cargo_toml.is_file() {
        bail!(
            "crate `{}` (from fixtures/{}/manifest.toml) does not exist",
            krate.display(),
            manifest.vendor
        );
    }
    let cargo_text =
        std::fs::read_to_string(&cargo_toml).with_context(|| cargo_toml.display().to_string())?;
    if !tests_enable_core_testing(&cargo_text).with_context(|| cargo_toml.display().to_string())? {
        bail!(
            "{}: the generated fixture tests use `client_core::fixture_json`; add \
             `client-core = {{ workspace = true, features = [\"testing\"] }}` to [dev-dependencies]",
            krate.join("Cargo.toml").display()
        );
    }
    let referenced: BTreeSet<&str> = model.examples.iter().map(|e| e.file.as_str()).collect();
    let mut unreferenced = Vec::new();
    for entry in std::fs::read_dir(fixtures).with_context(|| fixtures.display().to_string())? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !referenced.contains(name.as_str()) {
            unreferenced.push(name);
        }
    }
    if !unreferenced.is_empty() {
        unreferenced.sort();
        bail!(
            "fixtures/{}: not in the manifest: {}",
            manifest.vendor,
            unreferenced.join(", ")
        );
    }
    let owned_dir = krate.join("fixtures");
    let mut files = vec![
        Output {
            path: krate.join("src/models/generated.rs"),
            content: models.into_bytes(),
        },
        Output {
            path: krate.join("tests/it/models.rs"),
            content: tests.into_bytes(),
        },
        Output {
            path: owned_dir.join("README.md"),
            content: readme(manifest).into_bytes(),
        },
    ];
    for file in referenced {
        let source = fixtures.join(file);
        let content = std::fs::read(&source).with_context(|| source.display().to_string())?;
        files.push(Output {
            path: owned_dir.join(file),
            content,
        });
    }
    let retired = RETIRED.iter().map(|file| krate.join(file)).collect();
    Ok(Plan {
        files,
        owned_dir,
        retired,
    })
}

/// Whether a crate's `Cargo.toml` enables client-core's `testing` feature for its tests: in
/// `[dev-dependencies]`, or in `[dependencies]` itself.
pub fn tests_enable_core_testing(cargo_toml: &str) -> Result<bool> {
    let document: toml::Table = toml::from_str(cargo_toml)?;
    let enables = |section: &str| {
        document
            .get(section)
            .and_then(|deps| deps.get("client-core"))
            .and_then(|dep| dep.get("features"))
            .and_then(toml::Value::as_array)
            .is_some_and(|features| features.iter().any(|f| f.as_str() == Some("testing")))
    };
    Ok(enables("dev-dependencies") || enables("dependencies"))
}

fn readme(manifest: &Manifest) -> String {
    format!(
        "<!-- {} -->\n# Fixtures (copies)\n\n\
         Copies of `fixtures/{}/` at the workspace root, written by `cargo xtask codegen` so that \
         this crate's\ntests and sandbox work from the packaged crate. Edit the originals and \
         regenerate; see\n`docs/codegen.md`.\n",
        HEADER.trim_start_matches("// "),
        manifest.vendor
    )
}

/// Writes the files that differ and removes stale ones; returns what changed.
pub fn write(root: &Path, plan: &Plan) -> Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for file in &plan.files {
        let path = root.join(&file.path);
        if std::fs::read(&path).ok().as_deref() == Some(file.content.as_slice()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
        }
        std::fs::write(&path, &file.content).with_context(|| path.display().to_string())?;
        changed.push(file.path.clone());
    }
    for stale in stale_files(root, plan)? {
        std::fs::remove_file(root.join(&stale)).with_context(|| stale.display().to_string())?;
        changed.push(stale);
    }
    Ok(changed)
}

/// What differs between the disk and the plan, one line per file.
pub fn check(root: &Path, plan: &Plan) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for file in &plan.files {
        match std::fs::read(root.join(&file.path)) {
            Ok(content) if content == file.content => {}
            Ok(_) => problems.push(format!(
                "{}: differs from what the fixtures produce",
                file.path.display()
            )),
            Err(_) => problems.push(format!("{}: missing", file.path.display())),
        }
    }
    for stale in stale_files(root, plan)? {
        problems.push(format!("{}: stale (no longer produced)", stale.display()));
    }
    Ok(problems)
}

fn stale_files(root: &Path, plan: &Plan) -> Result<Vec<PathBuf>> {
    let mut stale: Vec<PathBuf> = plan
        .retired
        .iter()
        .filter(|path| root.join(path).is_file())
        .cloned()
        .collect();
    let dir = root.join(&plan.owned_dir);
    if !dir.is_dir() {
        return Ok(stale);
    }
    let planned: BTreeSet<&Path> = plan.files.iter().map(|f| f.path.as_path()).collect();
    for entry in std::fs::read_dir(&dir).with_context(|| dir.display().to_string())? {
        let path = plan.owned_dir.join(entry?.file_name());
        if !planned.contains(path.as_path()) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}
