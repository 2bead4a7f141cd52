//! The clue routes: `clue/get`, `clue/list-by-create-time-asc` and `clue/list-follow-up`.

use client_core::sandbox::{SandboxRequest, SandboxResponse};
use client_core::time::VendorTime;
use serde::Deserialize;
use serde_json::Value;

use super::page::page;
use super::responses::{body, fail, id_of, ok};
use super::{SandboxState, codes};

pub(super) fn clue_get(request: &SandboxRequest, state: &mut SandboxState) -> SandboxResponse {
    #[derive(Deserialize)]
    struct Body {
        #[serde(rename = "customerId")]
        customer_id: i64,
    }
    let b: Body = match body(request) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match state
        .clues
        .iter()
        .find(|c| id_of(c, "customerId") == Some(b.customer_id))
    {
        Some(clue) => ok(clue.clone()),
        None => fail(codes::NOT_FOUND, format!("no clue {}", b.customer_id)),
    }
}

pub(super) fn clue_list(request: &SandboxRequest, state: &mut SandboxState) -> SandboxResponse {
    #[derive(Deserialize)]
    struct Body {
        since: String,
        before: String,
        size: Option<usize>,
        cursor: Option<String>,
        #[serde(rename = "type")]
        kind: Option<i64>,
    }
    let b: Body = match body(request) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (Ok(since), Ok(before)) = (VendorTime::parse(&b.since), VendorTime::parse(&b.before))
    else {
        return fail(
            codes::BAD_REQUEST,
            "since and before must be yyyy-MM-dd HH:mm:ss",
        );
    };
    let created = |c: &Value| {
        c.get("createTime")
            .and_then(Value::as_str)
            .and_then(|t| VendorTime::parse(t).ok())
    };
    let mut items: Vec<&Value> = state
        .clues
        .iter()
        .filter(|c| created(c).is_some_and(|t| t >= since && t < before))
        .filter(|c| b.kind.is_none_or(|k| id_of(c, "type") == Some(k)))
        .collect();
    items.sort_by_key(|c| (created(c).map(|t| t.to_utc()), id_of(c, "customerId")));
    page(items, "customerId", b.cursor.as_deref(), b.size)
}

pub(super) fn follow_up_list(
    request: &SandboxRequest,
    state: &mut SandboxState,
) -> SandboxResponse {
    #[derive(Deserialize)]
    struct Body {
        #[serde(rename = "customerId")]
        customer_id: i64,
        size: Option<usize>,
        cursor: Option<String>,
        #[serde(rename = "type")]
        kind: Option<i64>,
    }
    let b: Body = match body(request) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if !state
        .clues
        .iter()
        .any(|c| id_of(c, "customerId") == Some(b.customer_id))
    {
        return fail(codes::NOT_FOUND, format!("no clue {}", b.customer_id));
    }
    let mut items: Vec<&Value> = state
        .follow_ups
        .get(&b.customer_id)
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    items.retain(|r| b.kind.is_none_or(|k| id_of(r, "type") == Some(k)));
    items.sort_by_key(|r| id_of(r, "id"));
    page(items, "id", b.cursor.as_deref(), b.size)
}
