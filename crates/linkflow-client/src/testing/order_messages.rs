//! Sandbox rules of "创建/更新订单" (`POST /open/messages/orders`).
//!
//! The batch is checked as the document describes it: `channelKey`, `identities` and `messages`
//! required; `channelType` `UDC`, `YOUZAN` or `YOUZANSELF`; `domain` `salesOrder` — or the
//! table's `salesOrders`, both accepted — with `action` `set`; `orderId` and `orderDate`
//! required, and `saleChannel` and `orderStatus` when the order is new (`B00002`). The whole batch
//! is checked before anything is stored.
//!
//! The buyer is the contact holding any of the identities (or a new one, bound to all of them).
//! An order is stored by `orderId` (created, or updated with the members sent) and then listed
//! by `GET /open/orders`: `orderOuterStatus` keeps the status as sent, and for `YOUZAN` /
//! `YOUZANSELF` batches `orderStatus` is the system code from the document's YouZan mapping. A
//! `request_id` seen before is acknowledged without being applied again.

use client_core::time::{SendLayout, VendorTime};
use serde_json::{Map, Value, json};

use super::{Reply, Routes, Sandbox, SandboxRequest, SandboxState};
use crate::api::order_messages as ops;
use crate::models::{YouzanOrderStatus, is_sales_order_domain, youzan_to_system};

/// What the order-message route remembers.
#[derive(Debug, Default)]
pub(crate) struct OrderMessagesState {
    /// Every `request_id` received, in order (repeats included).
    pub(crate) request_ids: Vec<String>,
    /// The `domain` of every message received, in order.
    pub(crate) domains: Vec<String>,
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::SEND_ORDERS, |state, req| {
        apply(state, req).unwrap_or_else(|r| r)
    });
}

fn bad(what: impl Into<String>) -> Reply {
    Reply::error(500, "B00010", format!("参数不合法: {}", what.into()))
}

fn missing(what: &str) -> Reply {
    Reply::error(500, "B00002", format!("必填参数为空: {what}"))
}

fn text<'a>(map: &'a Map<String, Value>, name: &str) -> &'a str {
    map.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn apply(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let body: Map<String, Value> = req.json()?;
    if text(&body, "channelKey").trim().is_empty() {
        return Err(missing("channelKey"));
    }
    let channel_type = match body.get("channelType") {
        None => "UDC",
        Some(t) => t
            .as_str()
            .filter(|t| ops::ORDER_CHANNEL_TYPES.contains(t))
            .ok_or_else(|| bad("channelType"))?,
    };
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
        return Err(missing("identities"));
    }
    let messages = body
        .get("messages")
        .and_then(Value::as_array)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| missing("messages"))?;
    let mut orders = Vec::with_capacity(messages.len());
    for m in messages {
        let domain = m["domain"].as_str().unwrap_or_default();
        if !is_sales_order_domain(domain) || m["action"].as_str() != Some("set") {
            return Err(bad("domain/action"));
        }
        if !m["ts"].is_i64() && !m["ts"].is_string() {
            return Err(bad("ts"));
        }
        let data = m["data"].as_object().ok_or_else(|| bad("data"))?;
        let order_id = text(data, "orderId");
        if order_id.trim().is_empty() {
            return Err(missing("orderId"));
        }
        if text(data, "orderDate").is_empty() {
            return Err(missing("orderDate"));
        }
        // Every `DateTime` member must be exactly `yyyy-MM-dd HH:mm:ss` (the server's B00010).
        for field in ORDER_TIMES {
            check_time(data, field)?;
        }
        for line in data
            .get("lines")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
        {
            for field in LINE_TIMES {
                check_time(line, field)?;
            }
        }
        let known = state.orders.find(order_id).is_some()
            || orders
                .iter()
                .any(|(_, d): &(String, &Map<String, Value>)| text(d, "orderId") == order_id);
        if !known {
            for field in ["saleChannel", "orderStatus"] {
                if text(data, field).trim().is_empty() {
                    return Err(missing(field));
                }
            }
        }
        for line in data
            .get("lines")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if line["lineId"].as_str().is_none_or(|l| l.trim().is_empty()) {
                return Err(missing("lineId"));
            }
        }
        orders.push((domain.to_owned(), data));
    }

    let request_id = text(&body, "request_id").to_owned();
    let repeat = !request_id.is_empty() && state.order_messages.request_ids.contains(&request_id);
    state.order_messages.request_ids.push(request_id);
    state
        .order_messages
        .domains
        .extend(orders.iter().map(|(d, _)| d.clone()));
    if repeat {
        return Ok(Reply::empty());
    }

    let contacts = &mut state.contacts;
    let contact = identities
        .iter()
        .find_map(|(kind, id)| contacts.find_by_identity(kind, id))
        .unwrap_or_else(|| contacts.create());
    for (kind, id) in &identities {
        contacts.bind(contact, kind, id);
    }
    let youzan = channel_type != "UDC";
    for (_, data) in orders {
        store(state, contact, youzan, data);
    }
    Ok(Reply::empty())
}

/// Creates or updates one order from a message's `data`.
fn store(state: &mut SandboxState, contact: i64, youzan: bool, data: &Map<String, Value>) {
    let now = VendorTime::now().as_str().to_owned();
    let store = &mut state.orders;
    let order_id = text(data, "orderId").to_owned();
    let id = match store.find(&order_id) {
        Some(id) => id,
        None => {
            let id = store.allocate();
            store.orders.insert(
                id,
                json!({
                    "id": id, "tenantId": 1, "ver": 0, "props": {}, "dateCreated": now,
                    "contactId": contact, "channelId": 63, "lines": [],
                })
                .as_object()
                .cloned()
                .unwrap_or_default(),
            );
            id
        }
    };
    let mut new_lines = Vec::new();
    let Some(record) = store.orders.get_mut(&id) else {
        return;
    };
    for (key, value) in data {
        match key.as_str() {
            "lines" => {
                for line in value.as_array().into_iter().flatten() {
                    if let Some(line) = line.as_object() {
                        new_lines.push(line.clone());
                    }
                }
            }
            "orderStatus" => {
                let sent = value.as_str().unwrap_or_default();
                record.insert("orderOuterStatus".into(), json!(sent));
                let status = if youzan {
                    youzan_to_system(&YouzanOrderStatus::parse(sent))
                        .as_str()
                        .to_owned()
                } else {
                    sent.to_owned()
                };
                record.insert("orderStatus".into(), json!(status));
            }
            "id" | "dateCreated" | "lastUpdated" | "ver" | "tenantId" | "contactId" => {}
            _ => {
                record.insert(key.clone(), value.clone());
            }
        }
    }
    let ver = record.get("ver").and_then(Value::as_i64).unwrap_or(0) + 1;
    record.insert("ver".into(), json!(ver));
    record.insert("lastUpdated".into(), json!(now));
    if !new_lines.is_empty() {
        let mut lines = Vec::with_capacity(new_lines.len());
        for mut line in new_lines {
            let line_id = store.next_id;
            store.next_id += 1;
            line.insert("id".into(), json!(line_id));
            line.insert("orderId".into(), json!(order_id));
            line.insert("contactId".into(), json!(contact));
            line.insert("tenantId".into(), json!(1));
            line.insert("ver".into(), json!(1));
            line.insert("dateCreated".into(), json!(now));
            line.insert("lastUpdated".into(), json!(now));
            line.entry("props").or_insert_with(|| json!({}));
            lines.push(Value::Object(line));
        }
        if let Some(record) = store.orders.get_mut(&id) {
            record.insert("lines".into(), Value::Array(lines));
        }
    }
}

impl Sandbox {
    /// Every `request_id` `POST /open/messages/orders` received, in order (repeats included).
    pub fn order_message_request_ids(&self) -> Vec<String> {
        self.with_state(|s| s.order_messages.request_ids.clone())
    }

    /// The `domain` of every order message received, in order.
    pub fn order_message_domains(&self) -> Vec<String> {
        self.with_state(|s| s.order_messages.domains.clone())
    }
}

/// The `DateTime` members of an order head.
const ORDER_TIMES: [&str; 5] = [
    "payDate",
    "orderDate",
    "successDate",
    "cancelDate",
    "deliveryDate",
];
/// The `DateTime` members of an order line.
const LINE_TIMES: [&str; 2] = ["orderDate", "deliveryDate"];

/// A `DateTime` member, when present, is a string `yyyy-MM-dd HH:mm:ss` (as the vendor checks).
fn check_time(data: &Map<String, Value>, field: &str) -> Result<(), Reply> {
    match data.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(t)) if SendLayout::DateTime.parse_exact(t).is_ok() => Ok(()),
        Some(_) => Err(Reply::error(
            500,
            "B00010",
            format!("参数不合法: {field} must be yyyy-MM-dd HH:mm:ss"),
        )),
    }
}
