//! Sandbox rules of "维度表数据上传" (`POST /open/dim/{dimensionId}/data`).
//!
//! Seed: table `color` (primary key `id`, the columns of the document's example) and table
//! `no_key` (no primary key: `B01201`). Rows are upserted by their key; an unknown alias is
//! `B00043`, a row without the key `B01205`, more than [`MAX_DIMENSION_ROWS`] rows `B01206`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{Reply, Routes, Sandbox, SandboxRequest, SandboxState};
use crate::api::dimensions as ops;

/// Most rows one upload accepts here (the document names no number).
pub(crate) const MAX_DIMENSION_ROWS: usize = 1_000;

/// A dimension table.
#[derive(Debug, Clone, Default)]
pub(crate) struct DimensionTable {
    pub(crate) key: Option<String>,
    pub(crate) rows: BTreeMap<String, Map<String, Value>>,
}

/// The dimension tables.
#[derive(Debug, Default)]
pub(crate) struct DimensionsState {
    pub(crate) tables: BTreeMap<String, DimensionTable>,
}

pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let tables = &mut state.dimensions.tables;
    tables.insert(
        "color".into(),
        DimensionTable {
            key: Some("id".into()),
            rows: BTreeMap::new(),
        },
    );
    tables.insert("no_key".into(), DimensionTable::default());
    Ok(())
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::UPLOAD_DIMENSION_ROWS, |state, req| {
        upload(state, req).unwrap_or_else(|r| r)
    });
}

fn upload(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let alias = req.param("dimensionId").unwrap_or_default();
    let table = state
        .dimensions
        .tables
        .get_mut(alias)
        .ok_or_else(|| Reply::error(500, "B00043", format!("维度表不存在: {alias}")))?;
    let rows: Vec<Map<String, Value>> = req.json()?;
    if rows.len() > MAX_DIMENSION_ROWS {
        return Err(Reply::error(500, "B01206", "上传数量超过限制"));
    }
    let key = table
        .key
        .clone()
        .ok_or_else(|| Reply::error(500, "B01201", format!("维度表无主键: {alias}")))?;
    let mut keyed = Vec::with_capacity(rows.len());
    for row in rows {
        let id = match row.get(&key) {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(Reply::error(
                    500,
                    "B01205",
                    format!("数据结点不包含主键列: {key}"),
                ));
            }
        };
        keyed.push((id, row));
    }
    for (id, row) in keyed {
        let stored = table.rows.entry(id).or_default();
        for (column, value) in row {
            stored.insert(column, value);
        }
    }
    Ok(Reply::empty())
}

impl Sandbox {
    /// The rows of dimension table `alias`, by primary key.
    pub fn dimension_rows(&self, alias: &str) -> Vec<Map<String, Value>> {
        self.with_state(|s| {
            s.dimensions
                .tables
                .get(alias)
                .map(|t| t.rows.values().cloned().collect())
                .unwrap_or_default()
        })
    }
}
