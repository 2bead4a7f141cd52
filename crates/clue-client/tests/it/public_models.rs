//! One type per public model name (issue 17): no generated model shares a name with a
//! hand-written one, the generated module is private, and its models are reachable by name at
//! `models::`: the wire models the operations return as the API, the request bodies (which the
//! operations' builders write) hidden from the docs.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clue_client::models::{Clue, CustomerId, FieldValue};

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
/// visibility, including the handlers of `client_core::handler!`). The crate defines no macro
/// of its own that could define a type elsewhere, which the scan checks.
fn defined_types(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in source.lines().map(str::trim) {
        if line.starts_with("//") {
            continue;
        }
        assert!(
            !line.starts_with("macro_rules!"),
            "a macro of the crate may define types: teach this scan its invocations"
        );
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            if matches!(*word, "struct" | "enum" | "trait" | "type")
                && words[..i].iter().all(|w| w.starts_with("pub"))
                && let Some(name) = words.get(i + 1)
            {
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
    assert!(generated.contains("Clue") && generated.contains("ListFieldsRequest"));
    let mut hand_written = BTreeSet::new();
    for file in rust_files(&src_dir()) {
        if file.ends_with("models/generated.rs") {
            continue;
        }
        hand_written.extend(defined_types(
            &std::fs::read_to_string(&file).expect("source"),
        ));
    }
    // Plain items and the handlers of `client_core::handler!` (`pub struct Clues => Client;`).
    for name in ["CustomerId", "FieldType", "FieldCatalog", "Client", "Clues"] {
        assert!(hand_written.contains(name), "the scan missed {name}");
    }
    let twins: Vec<&String> = generated.intersection(&hand_written).collect();
    assert!(
        twins.is_empty(),
        "generated and hand-written at once (rename one in fixtures/clue/manifest.toml, or \
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
fn every_generated_model_is_reexported_by_name_and_only_the_request_bodies_are_hidden() {
    let text = std::fs::read_to_string(models_dir().join("mod.rs")).expect("mod.rs");
    let mut hidden = BTreeSet::new();
    let mut shown = BTreeSet::new();
    for (is_hidden, names) in generated_reexports(&text) {
        for name in names {
            let fresh = if is_hidden {
                hidden.insert(name.clone())
            } else {
                shown.insert(name.clone())
            };
            assert!(fresh, "{name} is re-exported twice");
        }
    }
    assert!(
        hidden.is_disjoint(&shown),
        "{:?}",
        hidden.intersection(&shown)
    );
    let generated = generated_types();
    let reexported: BTreeSet<String> = hidden.union(&shown).cloned().collect();
    assert_eq!(
        reexported, generated,
        "re-export every generated model by name"
    );
    let requests: BTreeSet<String> = generated
        .iter()
        .filter(|n| n.ends_with("Request"))
        .cloned()
        .collect();
    assert_eq!(requests.len(), 4, "{requests:?}");
    assert_eq!(
        hidden, requests,
        "the generated request bodies (and only they) are #[doc(hidden)]"
    );
}

#[test]
fn the_public_clue_is_the_generated_model_with_the_hand_written_helpers() {
    // One `Clue`: the wire model of `fixtures/clue/`, with `id` and the field decoding of
    // `models/clue.rs`.
    let clue: Clue = serde_json::from_str(
        r#"{"customerId": 42, "fields": [{"field": "age", "type": 4, "valueAsText": "31"}]}"#,
    )
    .unwrap();
    assert_eq!(clue.id(), CustomerId(42));
    let age = clue.field("age").expect("the age field");
    assert!(matches!(age.value, Some(FieldValue::Number(_))), "{age:?}");
}
