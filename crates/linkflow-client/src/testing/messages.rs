//! Sandbox rules of "创建联系人和事件" (`POST /open/messages`).
//!
//! The batch is checked as the document describes it (`channelKey`, `identities` and `messages`
//! required; `domain` `contact` with `action` `set`, `domain` `event` with `action` `track`;
//! `channelType` UDC, TTMP or WECHAT_WXA). The person is the contact holding any of the batch's
//! identities, or a new contact; every identity is bound to it, contact data is merged into it,
//! and events are recorded. A `request_id` seen before is acknowledged without being applied
//! again (the sandbox de-duplicates; the document does not promise the real server does).

use serde_json::{Map, Value};

use super::{Reply, Routes, SandboxRequest, SandboxState};
use crate::api::messages as ops;

const CHANNEL_TYPES: &[&str] = &["UDC", "TTMP", "WECHAT_WXA"];

/// What the message routes remember.
#[derive(Debug, Default)]
pub(crate) struct MessagesState {
    /// Every `request_id` received, in order (repeats included).
    pub(crate) request_ids: Vec<String>,
    /// Batches applied (repeats of a `request_id` are not).
    pub(crate) applied: u64,
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::SEND_MESSAGES, |state, req| {
        apply(state, req).unwrap_or_else(|r| r)
    });
}

#[allow(dead_code)]
pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let _ = state;
    Ok(())
}

fn bad(message: impl Into<String>) -> Reply {
    Reply::error(500, "B00010", format!("参数不合法: {}", message.into()))
}

fn apply(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let body: Map<String, Value> = req.json()?;
    let text = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or_default();
    if text("channelKey").is_empty() {
        return Err(Reply::error(500, "B00002", "必填参数为空: channelKey"));
    }
    if let Some(t) = body.get("channelType")
        && !t.as_str().is_some_and(|t| CHANNEL_TYPES.contains(&t))
    {
        return Err(bad("channelType"));
    }
    let identities: Vec<(String, String)> = body
        .get("identities")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|i| {
                    Some((i["type"].as_str()?.to_owned(), i["id"].as_str()?.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    if identities.is_empty() {
        return Err(Reply::error(500, "B00002", "必填参数为空: identities"));
    }
    let messages = body
        .get("messages")
        .and_then(Value::as_array)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| Reply::error(500, "B00002", "必填参数为空: messages"))?;
    for m in messages {
        match (m["domain"].as_str(), m["action"].as_str()) {
            (Some("contact"), Some("set")) | (Some("event"), Some("track")) => {}
            _ => return Err(bad("domain/action")),
        }
        if !m["ts"].is_i64() && !m["ts"].is_string() {
            return Err(bad("ts"));
        }
        if !m["data"].is_object() {
            return Err(bad("data"));
        }
    }
    let request_id = text("request_id").to_owned();
    let repeat = !request_id.is_empty() && state.messages.request_ids.contains(&request_id);
    state.messages.request_ids.push(request_id);
    if repeat {
        return Ok(Reply::empty());
    }
    state.messages.applied += 1;

    let store = &mut state.contacts;
    let contact = identities
        .iter()
        .find_map(|(kind, id)| store.find_by_identity(kind, id))
        .unwrap_or_else(|| store.create());
    for (kind, id) in &identities {
        store.bind(contact, kind, id);
    }
    let Some(stored) = store.contacts.get_mut(&contact) else {
        return Ok(Reply::empty());
    };
    for m in messages {
        let Some(data) = m["data"].as_object() else {
            continue;
        };
        if m["domain"] == "contact" {
            for (key, value) in data {
                match (key.as_str(), value) {
                    ("props", Value::Object(props)) => {
                        let target = stored
                            .record
                            .entry("props")
                            .or_insert_with(|| Value::Object(Map::new()));
                        if let Value::Object(target) = target {
                            for (k, v) in props {
                                target.insert(k.clone(), v.clone());
                            }
                        }
                    }
                    ("id" | "dateCreated" | "lastUpdated", _) => {}
                    _ => {
                        stored.record.insert(key.clone(), value.clone());
                    }
                }
            }
        } else {
            stored.events.push(m.clone());
        }
    }
    stored.record.insert(
        "lastUpdated".into(),
        Value::String(client_core::time::VendorTime::now().as_str().to_owned()),
    );
    Ok(Reply::empty())
}
