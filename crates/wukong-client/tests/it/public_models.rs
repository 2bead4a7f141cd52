//! One type per public model name (issue 17): no generated model shares a name with a
//! hand-written one, the generated module is private, and its models are reachable by name at
//! `models::` for the fixture tests and the fuzz targets but hidden from the docs: none of them is
//! part of the API (the client reads leads into the hand-written `Lead` / `LeadList`, and the
//! token body and the batch import body are its own business).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use wukong_client::models::{Lead, Potential};

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn models_dir() -> PathBuf {
    src_dir().join("models")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("source dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The names of the types `source` defines: `struct`, `enum`, `trait` and `type` items (any
/// visibility, including the handlers of `client_core::handler!`), and the crate's
/// `id_newtype!` invocations.
fn defined_types(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut lines = source.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line.starts_with("//") {
            continue;
        }
        if line.starts_with("id_newtype!(") {
            // The name is the first line of the invocation that is not a doc comment or an
            // attribute.
            let name = lines
                .by_ref()
                .find(|l| !l.starts_with("///") && !l.starts_with("#["))
                .expect("a type name in the macro invocation");
            names.insert(name.trim().to_owned());
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            if matches!(*word, "struct" | "enum" | "trait" | "type")
                && words[..i].iter().all(|w| w.starts_with("pub"))
                && let Some(name) = words.get(i + 1)
            {
                // `$name` in a macro definition is no name.
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        }
    }
    names
}

fn generated_types() -> BTreeSet<String> {
    defined_types(&std::fs::read_to_string(models_dir().join("generated.rs")).expect("generated"))
}

/// The `pub use generated::{…};` items of `models/mod.rs`: whether each is `#[doc(hidden)]`, and
/// the names it re-exports.
fn generated_reexports(mod_rs: &str) -> Vec<(bool, Vec<String>)> {
    let lines: Vec<&str> = mod_rs.lines().map(str::trim).collect();
    let mut items = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("pub use generated::") else {
            continue;
        };
        let hidden = lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.starts_with("///") || l.starts_with("#["))
            .any(|l| *l == "#[doc(hidden)]");
        let mut text = rest.to_owned();
        for next in &lines[i + 1..] {
            if text.contains(';') {
                break;
            }
            text.push_str(next);
        }
        let names = text
            .split(['{', '}', ',', ';'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        items.push((hidden, names));
    }
    items
}

#[test]
fn no_model_name_is_both_generated_and_hand_written() {
    let generated = generated_types();
    assert!(generated.contains("Potential") && generated.contains("TokenResponse"));
    let mut hand_written = BTreeSet::new();
    for file in rust_files(&src_dir()) {
        if file.ends_with("models/generated.rs") {
            continue;
        }
        hand_written.extend(defined_types(
            &std::fs::read_to_string(&file).expect("source"),
        ));
    }
    // Each way the crate defines a type is seen: plain, `id_newtype!` and `client_core::handler!`.
    for name in ["Lead", "LeadList", "WkUid", "CompanyId", "Client", "Leads"] {
        assert!(hand_written.contains(name), "the scan missed {name}");
    }
    let twins: Vec<&String> = generated.intersection(&hand_written).collect();
    assert!(
        twins.is_empty(),
        "generated and hand-written at once (rename one in fixtures/wukong/manifest.toml, or \
         name the hand-written type in its [external] table): {twins:?}"
    );
}

#[test]
fn the_generated_module_is_private() {
    // The compile-time check is the `compile_fail` example in the `models` docs; this one says
    // which line to look at.
    let text = std::fs::read_to_string(models_dir().join("mod.rs")).expect("mod.rs");
    let declarations: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.ends_with("mod generated;"))
        .collect();
    assert_eq!(declarations, ["mod generated;"]);
}

#[test]
fn every_generated_model_is_reexported_by_name_and_hidden() {
    let text = std::fs::read_to_string(models_dir().join("mod.rs")).expect("mod.rs");
    let mut hidden = BTreeSet::new();
    for (is_hidden, names) in generated_reexports(&text) {
        for name in names {
            assert!(is_hidden, "{name} is not part of the API: #[doc(hidden)]");
            assert!(hidden.insert(name.clone()), "{name} is re-exported twice");
        }
    }
    assert_eq!(
        hidden,
        generated_types(),
        "re-export every generated model by name"
    );
}

#[test]
fn leads_are_the_hand_written_lead_not_the_wire_potential() {
    // What an undocumented server may send: a number for a text field, a time in no known form,
    // a member nobody documented.
    let body = r#"{"name": "张三", "mobile": 13800138000, "create_at": "昨天", "level": "A"}"#;
    let lead: Lead = serde_json::from_str(body).unwrap();
    assert_eq!(lead.mobile.as_deref(), Some("13800138000"));
    assert_eq!(lead.create_at, None);
    assert_eq!(lead.extra["level"], "A");
    // The generated wire shape is strict where the hand-written one is tolerant.
    assert!(serde_json::from_str::<Potential>(body).is_err());
}
