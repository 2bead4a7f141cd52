//! The files codegen owns in a vendor crate, and writing or checking them.
//!
//! Owned: `src/models/generated.rs`, `tests/it/models.rs`, `tests/it/models_support.rs`, and the
//! whole `fixtures/` directory of the crate (copies of the workspace fixtures, so that the packaged
//! crate's tests and sandbox need nothing outside it).

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

/// Everything codegen writes for one vendor.
#[derive(Debug)]
pub struct Plan {
    /// The files.
    pub files: Vec<Output>,
    /// A directory codegen owns entirely: files in it that are not in `files` are stale.
    pub owned_dir: PathBuf,
}

/// Lists the vendor crate's generated files and fixture copies.
pub fn plan(
    root: &Path,
    manifest: &Manifest,
    model: &Model,
    fixtures: &Path,
    models: String,
    tests: String,
    support: String,
) -> Result<Plan> {
    let krate = Path::new("crates").join(&manifest.krate);
    if !root.join(&krate).join("Cargo.toml").is_file() {
        bail!(
            "crate `{}` (from fixtures/{}/manifest.toml) does not exist",
            krate.display(),
            manifest.vendor
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
            path: krate.join("tests/it/models_support.rs"),
            content: support.into_bytes(),
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
    Ok(Plan { files, owned_dir })
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
    let dir = root.join(&plan.owned_dir);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let planned: BTreeSet<&Path> = plan.files.iter().map(|f| f.path.as_path()).collect();
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| dir.display().to_string())? {
        let path = plan.owned_dir.join(entry?.file_name());
        if !planned.contains(path.as_path()) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}
