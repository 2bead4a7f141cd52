//! Renders a vendor crate's fixture tests, `tests/it/models.rs`: one test per fixture, each a
//! call to `client_core::fixture_json::round_trip` (the exact JSON comparison lives in
//! client-core, feature `testing`, which every vendor crate enables for its tests).

use std::fmt::Write as _;

use super::infer::Model;
use super::manifest::Manifest;
use super::render_models::HEADER;

/// `tests/it/models.rs`.
pub fn render(manifest: &Manifest, model: &Model) -> String {
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
    let module = format!("{krate}::models::generated");
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
