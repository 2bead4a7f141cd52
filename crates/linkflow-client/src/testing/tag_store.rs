//! The sandbox's tag store: tags with their value files and calculations, and export tasks;
//! seeded with the `tags_list` fixture and the tags of the `tags_value` example.

use std::collections::BTreeMap;

use client_core::time::VendorTime;
use serde_json::{Map, Value, json};

use super::SandboxState;

const TAGS: &str = include_str!("../../fixtures/tags_list.response.json");

/// A stored tag.
#[derive(Debug, Clone, Default)]
pub(crate) struct StoredTag {
    pub(crate) record: Map<String, Value>,
    /// The value files: (original file name, bytes).
    pub(crate) files: Vec<(String, usize)>,
    pub(crate) uploads: u32,
    /// Tag requests left before the running calculation ends (0: none running).
    pub(crate) calculating: u32,
}

impl StoredTag {
    pub(super) fn id(&self) -> i64 {
        self.record
            .get("tagId")
            .and_then(Value::as_i64)
            .unwrap_or_default()
    }

    pub(super) fn text(&self, field: &str) -> &str {
        self.record
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// An export task.
#[derive(Debug, Clone)]
pub(crate) struct ExportTask {
    pub(crate) tag_key: String,
    pub(crate) polls: u32,
    /// The failure this task ends in (`None`: `FINISH`).
    pub(crate) failure: Option<(String, String)>,
}

/// What the tag routes remember.
#[derive(Debug)]
pub(crate) struct TagsState {
    pub(crate) tags: BTreeMap<String, StoredTag>,
    pub(crate) next_id: i64,
    pub(crate) exports: BTreeMap<i64, ExportTask>,
    pub(crate) next_task: i64,
    /// The state (and message) new export tasks end in, when set.
    pub(crate) export_failure: Option<(String, String)>,
}

impl Default for TagsState {
    fn default() -> Self {
        Self {
            tags: BTreeMap::new(),
            next_id: 1_000,
            exports: BTreeMap::new(),
            next_task: 19_723_653_547_885,
            export_failure: None,
        }
    }
}

impl TagsState {
    pub(super) fn by_id(&self, id: i64) -> Option<&StoredTag> {
        self.tags.values().find(|t| t.id() == id)
    }

    /// One tag request happened: running calculations advance.
    pub(super) fn tick(&mut self) {
        for tag in self.tags.values_mut() {
            if tag.calculating > 0 {
                tag.calculating -= 1;
                if tag.calculating == 0 {
                    tag.record.insert(
                        "lastCalculateTime".into(),
                        json!(VendorTime::now().as_str()),
                    );
                }
            }
        }
    }
}

pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let listed: Vec<Map<String, Value>> = serde_json::from_str(TAGS)
        .map_err(|e| client_core::Error::config(format!("sandbox fixture: {e}")))?;
    let store = &mut state.tags;
    for record in listed {
        insert(store, record);
    }
    let created = "2017-11-30 19:37:12";
    for (id, key, name, kind, status) in [
        (382, "tag_382", "颜色偏好", "UPLOAD", "ACTIVE"),
        (383, "tag_383", "喜欢的颜色", "UPLOAD", "ACTIVE"),
        (384, "tag_inactive", "停用标签", "UPLOAD", "INACTIVE"),
        (385, "tag_rfm", "RFM", "RFM", "ACTIVE"),
    ] {
        let record = json!({
            "tagId": id, "tagKey": key, "tagName": name, "dataType": "text", "tagType": kind,
            "status": status, "dateCreated": created, "lastUpdated": created,
        });
        if let Value::Object(record) = record {
            insert(store, record);
        }
    }
    Ok(())
}

pub(super) fn insert(store: &mut TagsState, record: Map<String, Value>) {
    if let Some(key) = record.get("tagKey").and_then(Value::as_str) {
        store.tags.insert(
            key.to_owned(),
            StoredTag {
                record,
                ..StoredTag::default()
            },
        );
    }
}
