//! Cursor paging of the list routes: the cursor is the last id of the previous page.

use client_core::sandbox::SandboxResponse;
use serde_json::{Value, json};

use super::responses::{fail, id_of, ok};
use super::{DEFAULT_SANDBOX_PAGE_SIZE, codes};

/// One page of `items` after `cursor` (the id of the last item of the previous page).
pub(super) fn page(
    items: Vec<&Value>,
    id_member: &str,
    cursor: Option<&str>,
    size: Option<usize>,
) -> SandboxResponse {
    let size = size.unwrap_or(DEFAULT_SANDBOX_PAGE_SIZE);
    if size == 0 {
        return fail(codes::BAD_REQUEST, "size must be at least 1");
    }
    let start = match cursor {
        None => 0,
        Some(c) => match items
            .iter()
            .position(|v| id_of(v, id_member).map(|id| id.to_string()).as_deref() == Some(c))
        {
            Some(i) => i + 1,
            None => return fail(codes::BAD_REQUEST, format!("unknown cursor `{c}`")),
        },
    };
    let end = (start + size).min(items.len());
    let list: Vec<Value> = items[start.min(end)..end]
        .iter()
        .map(|v| (*v).clone())
        .collect();
    let next = if end < items.len() {
        list.last()
            .and_then(|v| id_of(v, id_member))
            .map_or(Value::Null, |id| Value::String(id.to_string()))
    } else {
        Value::Null
    };
    ok(json!({ "list": list, "nextCursor": next }))
}
