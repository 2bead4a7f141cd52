//! Sandbox rules of "获取订单列表" (`GET /open/orders`), and the order store that
//! `POST /open/messages/orders` writes to.
//!
//! Seed: the two orders of the `orders` fixture (ids 144357503180802 and 144357503180804).
//!
//! * Cursor mode (`lastMaxId`): orders with a larger `id`, in `id` order.
//! * Page mode (`startTime`, `endTime`, `page`): orders with `startTime ≤ lastUpdated < endTime`,
//!   in (`lastUpdated`, `id`) order; `page` from 1, above 100 is `B00093`.
//! * Batches hold [`Sandbox::set_orders_page_size`] orders (default 50).

use std::collections::BTreeMap;

use client_core::time::{SendLayout, VendorTime};
use serde_json::{Map, Value};

use super::{Reply, Routes, Sandbox, SandboxRequest, SandboxState};
use crate::api::orders as ops;

const ORDERS: &str = include_str!("../../fixtures/orders.response.json");

/// The order store.
#[derive(Debug)]
pub(crate) struct OrdersState {
    /// Orders by record id.
    pub(crate) orders: BTreeMap<i64, Map<String, Value>>,
    pub(crate) next_id: i64,
    pub(crate) page_size: usize,
}

impl Default for OrdersState {
    fn default() -> Self {
        Self {
            orders: BTreeMap::new(),
            next_id: 200_000_000_000_000,
            page_size: 50,
        }
    }
}

impl OrdersState {
    /// The record id of the order with number `order_id`.
    pub(crate) fn find(&self, order_id: &str) -> Option<i64> {
        self.orders
            .iter()
            .find(|(_, o)| o.get("orderId").and_then(Value::as_str) == Some(order_id))
            .map(|(id, _)| *id)
    }

    /// A new record id.
    pub(crate) fn allocate(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let orders: Vec<Map<String, Value>> = serde_json::from_str(ORDERS)
        .map_err(|e| client_core::Error::config(format!("sandbox fixture: {e}")))?;
    for order in orders {
        if let Some(id) = order.get("id").and_then(Value::as_i64) {
            state.orders.orders.insert(id, order);
        }
    }
    Ok(())
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::LIST_ORDERS, |state, req| {
        list(state, req).unwrap_or_else(|r| r)
    });
}

fn bad(what: &str) -> Reply {
    Reply::error(500, "B00010", format!("参数不合法: {what}"))
}

fn time_param(req: &SandboxRequest, name: &str) -> Result<Option<VendorTime>, Reply> {
    match req.query(name) {
        None | Some("") => Ok(None),
        // "yyyy-MM-dd HH:mm:ss格式"
        Some(text) => SendLayout::DateTime
            .parse_exact(text)
            .map(Some)
            .map_err(|_| bad(name)),
    }
}

fn updated(order: &Map<String, Value>) -> Option<VendorTime> {
    order
        .get("lastUpdated")
        .and_then(Value::as_str)
        .and_then(|t| VendorTime::parse(t).ok())
}

fn list(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let store = &state.orders;
    let size = store.page_size.max(1);
    if let Some(last) = req.query_i64("lastMaxId")? {
        let batch: Vec<&Map<String, Value>> = store
            .orders
            .range(last.saturating_add(1)..)
            .take(size)
            .map(|(_, o)| o)
            .collect();
        return Ok(Reply::json(&batch));
    }
    let start = time_param(req, "startTime")?;
    let end = time_param(req, "endTime")?;
    let (Some(start), Some(end)) = (start, end) else {
        return Err(Reply::error(
            500,
            "B00002",
            "必填参数为空: lastMaxId, or startTime and endTime",
        ));
    };
    let page = req.query_i64("page")?.unwrap_or(1);
    if page < 1 {
        return Err(bad("page"));
    }
    if page > i64::from(ops::MAX_ORDER_PAGE) {
        return Err(Reply::error(500, "B00093", "超过最大页数"));
    }
    let mut matching: Vec<(VendorTime, i64, &Map<String, Value>)> = store
        .orders
        .iter()
        .filter_map(|(id, o)| {
            let at = updated(o)?;
            (at >= start && at < end).then_some((at, *id, o))
        })
        .collect();
    matching.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let skip = usize::try_from(page - 1)
        .unwrap_or(usize::MAX)
        .saturating_mul(size);
    let batch: Vec<&Map<String, Value>> = matching
        .into_iter()
        .skip(skip)
        .take(size)
        .map(|(_, _, o)| o)
        .collect();
    Ok(Reply::json(&batch))
}

impl Sandbox {
    /// How many orders one `GET /open/orders` answers at most (default 50).
    pub fn set_orders_page_size(&self, size: usize) {
        self.with_state(|s| s.orders.page_size = size.max(1));
    }

    /// The stored order with number `order_id`, as `GET /open/orders` lists it.
    pub fn order(&self, order_id: &str) -> Option<Map<String, Value>> {
        self.with_state(|s| {
            let id = s.orders.find(order_id)?;
            s.orders.orders.get(&id).cloned()
        })
    }

    /// How many orders the sandbox holds.
    pub fn order_count(&self) -> usize {
        self.with_state(|s| s.orders.orders.len())
    }
}
