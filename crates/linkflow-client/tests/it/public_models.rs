//! One type per public model name (issue 17): no generated model shares a name with a
//! hand-written one, the generated module is private, and the names that once had a generated
//! twin (`EventData`, `ContactData`, `Message`, `MessageData`, `Report`, `Chart`, `Dashboard`,
//! `DashboardReport`) are the hand-written types.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use linkflow_client::models::{
    Chart, ChartType, ContactData, Dashboard, DashboardReport, EventData, Message, MessageData,
    ProfileMessage, Report, ReportId, ReportResult,
};

fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/models")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("models dir") {
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
/// visibility), and the crate's `id_newtype!` / `string_enum!` invocations.
fn defined_types(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut lines = source.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line.starts_with("//") {
            continue;
        }
        if line.starts_with("id_newtype!(") || line.starts_with("string_enum!(") {
            // The name is the first line of the invocation that is not a doc comment or an
            // attribute: `Name` or `Name {`.
            let name = lines
                .by_ref()
                .find(|l| !l.starts_with("///") && !l.starts_with("#["))
                .expect("a type name in the macro invocation");
            names.insert(name.trim_end_matches('{').trim().to_owned());
            continue;
        }
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
                names.insert(name);
            }
        }
    }
    names
}

#[test]
fn no_model_name_is_both_generated_and_hand_written() {
    let dir = models_dir();
    let generated =
        defined_types(&std::fs::read_to_string(dir.join("generated.rs")).expect("generated.rs"));
    assert!(generated.contains("Contact") && generated.contains("MessagesRequest"));
    let mut hand_written = BTreeSet::new();
    for file in rust_files(&dir) {
        if file.ends_with("generated.rs") {
            continue;
        }
        hand_written.extend(defined_types(
            &std::fs::read_to_string(&file).expect("source"),
        ));
    }
    for name in [
        "ContactId",
        "IdentityType",
        "Report",
        "ContactData",
        "MessageData",
    ] {
        assert!(hand_written.contains(name), "the scan missed {name}");
    }
    let twins: Vec<&String> = generated.intersection(&hand_written).collect();
    assert!(
        twins.is_empty(),
        "generated and hand-written at once (rename one in fixtures/linkflow/manifest.toml, or \
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
fn the_names_that_had_a_generated_twin_are_the_hand_written_types() {
    // Each line uses what only the hand-written type has: it would not compile if the name
    // resolved to a generated model.
    let event = EventData::new("SIGN_UP");
    assert_eq!(event.event_date, None);
    let contact = ContactData::new().field("city", "Shanghai");
    assert_eq!(contact.extra["city"], "Shanghai");
    let message: Message<ProfileMessage> = Message::new(ProfileMessage::Event(event));
    fn payload_domain<D: MessageData>(data: &D) -> &str {
        data.domain()
    }
    assert_eq!(payload_domain(&message.data), "event");

    let report: Report = serde_json::from_str(r#"{"status": 0, "result": {"rows": 1}}"#).unwrap();
    assert!(report.is_computing());
    assert!(matches!(report.result, ReportResult::Json(_)));
    let chart: Chart = serde_json::from_str(r#"{"type": "PIE", "display": "饼图"}"#).unwrap();
    assert_eq!(chart.kind, Some(ChartType::Pie));
    let dashboard: Dashboard = serde_json::from_str(
        r#"{"kanBanName": "y01", "reports": [{"id": 404, "reportName": "r"}]}"#,
    )
    .unwrap();
    assert_eq!(dashboard.name, "y01");
    let first: &DashboardReport = &dashboard.reports[0];
    assert_eq!((first.id, first.report_name.as_str()), (ReportId(404), "r"));
}
