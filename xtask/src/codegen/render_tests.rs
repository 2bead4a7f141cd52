//! Renders a vendor crate's fixture tests, `tests/it/models.rs`: one test per fixture, each a
//! call to `client_core::fixture_json::round_trip` (the exact JSON comparison lives in
//! client-core, feature `testing`, which every vendor crate enables for its tests).
//!
//! The tests are integration tests, so they name each generated type by a public path: where
//! the crate declares `pub mod generated;` in `src/models/mod.rs`, `<crate>::models::generated`;
//! where the module is private (`mod generated;`), `<crate>::models`, at which the crate
//! re-exports by name every generated type its fixture tests use ([`ModelsPath`]).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::infer::Model;
use super::manifest::Manifest;
use super::render_models::HEADER;

/// Where the fixture tests find the generated types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelsPath {
    /// `<crate>::models::generated` (the crate declares `pub mod generated;`).
    Generated,
    /// `<crate>::models` (the module is private; the crate re-exports the types by name).
    Models,
}

impl ModelsPath {
    /// Reads where the vendor crate declares its generated module (`src/models/mod.rs`, or
    /// `src/models.rs`).
    pub fn of_crate(root: &Path, manifest: &Manifest) -> Result<Self> {
        let src = root.join("crates").join(&manifest.krate).join("src");
        for file in [src.join("models").join("mod.rs"), src.join("models.rs")] {
            if !file.is_file() {
                continue;
            }
            let text =
                std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
            return Self::declared_in(&text)
                .with_context(|| format!("{}: no `mod generated;`", file.display()));
        }
        bail!(
            "crate `{}` has no src/models/mod.rs or src/models.rs to hold `mod generated;`",
            manifest.krate
        )
    }

    /// From the text of the file declaring the module: `pub mod generated;` is public,
    /// `mod generated;` (or `pub(crate)`, `pub(super)`) is not; attributes before it on the same
    /// line are allowed. `None` when the file does not declare it.
    pub fn declared_in(text: &str) -> Option<Self> {
        text.lines().find_map(|line| {
            let code = line.split("//").next().unwrap_or_default();
            let before = code.trim().strip_suffix("mod generated;")?;
            let before = before.trim_end();
            let public = before == "pub" || before.ends_with(" pub") || before.ends_with("]pub");
            let private = before.is_empty() || before.ends_with(']') || before.ends_with(')');
            if public {
                Some(Self::Generated)
            } else if private {
                Some(Self::Models)
            } else {
                None
            }
        })
    }

    /// The module path, for the crate named `krate` (underscored).
    fn module(self, krate: &str) -> String {
        match self {
            Self::Generated => format!("{krate}::models::generated"),
            Self::Models => format!("{krate}::models"),
        }
    }
}

/// `tests/it/models.rs`, naming the generated types through `path`.
pub fn render(manifest: &Manifest, model: &Model, path: ModelsPath) -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push('\n');
    out.push_str(
        "//! Decodes every fixture in this crate's `fixtures/` into its generated model, snapshots\n\
         //! the typed value, and checks that encoding it gives the fixture's JSON back (`null` and\n\
         //! an absent member count as the same; numbers compare by exact decimal value).\n",
    );
    let _ = writeln!(
        out,
        "//!\n//! Generated from `fixtures/{}/manifest.toml`.",
        manifest.vendor
    );
    out.push_str("\nuse client_core::fixture_json::round_trip;\n");
    let krate = manifest.krate.replace('-', "_");
    let module = path.module(&krate);
    if model.examples.iter().any(|e| e.ty.named().is_some()) {
        let _ = writeln!(out, "use {module} as m;");
    }
    for example in &model.examples {
        let operation = manifest
            .operations
            .iter()
            .find(|o| o.name == example.operation);
        let test_name = example
            .file
            .trim_end_matches(".json")
            .replace(['.', '-'], "_");
        out.push('\n');
        if let Some(operation) = operation {
            let _ = writeln!(
                out,
                "// {} {} — {} ({})",
                operation.method,
                operation.path,
                operation.doc,
                example.role.as_str()
            );
            if let Some(notes) = &operation.notes {
                let _ = writeln!(out, "// Note: {notes}");
            }
        }
        let _ = writeln!(out, "#[test]\nfn {test_name}() {{");
        let _ = writeln!(
            out,
            "    let value: {} = round_trip(\n        include_str!(\"../../fixtures/{}\"),\n        {:?},\n    );",
            example.ty.rust_qualified("m", &krate),
            example.file,
            example.payload
        );
        out.push_str("    insta::assert_debug_snapshot!(value);\n}\n");
    }
    out
}
