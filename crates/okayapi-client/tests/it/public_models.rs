//! One type per public model name (issue 17): no generated model shares a name with a
//! hand-written one, the generated module is private, its models are reachable by name at
//! `models::` (the request bodies hidden from the docs, since the hand-written `params` replace
//! them), and `RobotMessage`, which once had a generated twin, is the hand-written parameters
//! (the generated wire form is `RobotMessageRequest`).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use okayapi_client::models::{AtUser, ConversationType, MessageText, RobotMessageRequest};

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
/// visibility, including those written inside the crate's `params!` and `code_enum!`
/// invocations), and the crate's `id_newtype!` invocations.
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
    assert!(generated.contains("RobotMessageRequest") && generated.contains("VarDataList"));
    let mut hand_written = BTreeSet::new();
    for file in rust_files(&src_dir()) {
        if file.ends_with("models/generated.rs") {
            continue;
        }
        hand_written.extend(defined_types(
            &std::fs::read_to_string(&file).expect("source"),
        ));
    }
    // Each way the crate defines a type is seen: plain, `params!`, `code_enum!`, `id_newtype!`
    // and `client_core::handler!`.
    for name in [
        "RobotMessage",
        "VarDatasParams",
        "ConversationType",
        "UserId",
        "Client",
        "Cases",
    ] {
        assert!(hand_written.contains(name), "the scan missed {name}");
    }
    let twins: Vec<&String> = generated.intersection(&hand_written).collect();
    assert!(
        twins.is_empty(),
        "generated and hand-written at once (rename one in fixtures/okayapi/manifest.toml, or \
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
    let reexports = generated_reexports(&text);
    let mut hidden = BTreeSet::new();
    let mut shown = BTreeSet::new();
    for (is_hidden, names) in reexports {
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
    assert_eq!(requests.len(), 12, "{requests:?}");
    assert_eq!(
        hidden, requests,
        "the generated request bodies (and only they) are #[doc(hidden)]"
    );
}

#[test]
fn robot_message_is_the_hand_written_parameters() {
    // Typed setters and typed fields: the generated wire form has `Option<String>` for each.
    let message = okayapi_client::models::RobotMessage::new()
        .conversation_type(ConversationType::Group)
        .is_admin(true)
        .text(MessageText::new("hi"))
        .at_users([AtUser::new("d1")]);
    assert_eq!(message.conversation_type, Some(ConversationType::Group));
    assert_eq!(message.is_admin, Some(true));
    assert_eq!(message.at_users.as_deref(), Some(&[AtUser::new("d1")][..]));
    let json = serde_json::to_value(&message).unwrap();
    assert_eq!(json["conversationType"], "2");
    assert_eq!(json["isAdmin"], true);
}

#[test]
fn the_generated_robot_message_is_robot_message_request() {
    // The wire form keeps the fixture's strings as they are: JSON inside a string.
    let wire: RobotMessageRequest =
        serde_json::from_str(include_str!("../../fixtures/receive_msg.request.json")).unwrap();
    let at_users = wire.at_users.expect("the fixture has atUsers");
    assert!(at_users.starts_with('['), "{at_users}");
    assert_eq!(wire.conversation_type.as_deref(), Some("2"));
}
