//! Document section "订单" (orders): "获取订单列表", `GET /open/orders`, in its two documented
//! modes, each also a stream:
//!
//! * cursor mode ("传入lastMaxId为游标模式"): `?lastMaxId=…`, the `id` of the previous batch's
//!   last order (0 the first time) — [`Orders::cursor`];
//! * page mode ("传入startTime,endTime,page为分页模式"): `?startTime=…&endTime=…&page=…`, orders
//!   whose update time is in `[startTime, endTime)`, pages from 1 to at most 100 —
//!   [`Orders::window`].

use client_core::Error;
use client_core::paging::{Page, Paging};
use client_core::time::{SendLayout, VendorTime};
use client_core::transport::Request;
use futures::StreamExt as _;

use crate::models::{Order, OrderRecordId};
use crate::{Client, RequestOptions};

/// `GET /open/orders`.
pub const LIST_ORDERS: &str = "GET /open/orders";

/// Page mode: the first page ("最小从1开始").
pub const FIRST_ORDER_PAGE: u32 = 1;
/// Page mode: the last page allowed ("不超过100页"; beyond it the server answers `B00093`).
pub const MAX_ORDER_PAGE: u32 = 100;

/// What a page-mode listing that reaches page 100 should do instead.
const WINDOW_LIMIT_HINT: &str = "the document allows at most 100 pages (`page` ≤ 100) for one \
     time window; split [startTime, endTime) into narrower windows and list each, or use the \
     cursor mode (`lastMaxId`), which has no page limit";

/// A stream of orders (`Result<Order>`), fetched one page at a time.
pub type OrderStream = client_core::paging::ItemStream<Order>;

client_core::handler! {
    /// Handler of the area "订单" (`client.orders()`).
    pub struct Orders => Client;
}

impl Client {
    /// Orders ("订单"): the order listing in cursor and page mode.
    pub fn orders(&self) -> Orders<'_> {
        Orders::new(self)
    }
}

impl<'a> Orders<'a> {
    /// "获取订单列表" in cursor mode: `GET /open/orders?lastMaxId=…` (from 0).
    pub fn cursor(&self) -> OrdersCursor<'a> {
        OrdersCursor {
            client: self.client,
            last_max_id: OrderRecordId(0),
            options: self.options.clone(),
        }
    }

    /// "获取订单列表" in page mode: `GET /open/orders?startTime=…&endTime=…&page=…` — orders
    /// updated at or after `start` and before `end` (sent as `yyyy-MM-dd HH:mm:ss` in UTC+8,
    /// converted from any other zone; a date without a time is refused, as the document takes
    /// only `yyyy-MM-dd HH:mm:ss` here), page 1 unless set.
    pub fn window(
        &self,
        start: impl Into<VendorTime>,
        end: impl Into<VendorTime>,
    ) -> OrdersWindow<'a> {
        OrdersWindow {
            client: self.client,
            start: start.into(),
            end: end.into(),
            page: FIRST_ORDER_PAGE,
            options: self.options.clone(),
        }
    }
}

/// `GET /open/orders?lastMaxId=…` (cursor mode).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct OrdersCursor<'a> {
    client: &'a Client,
    last_max_id: OrderRecordId,
    options: RequestOptions,
}

impl OrdersCursor<'_> {
    /// `lastMaxId`: the `id` of the previous batch's last order (0, the default, the first
    /// time).
    pub fn last_max_id(mut self, id: impl Into<OrderRecordId>) -> Self {
        self.last_max_id = id.into();
        self
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for this listing (every batch of its stream), replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    fn request(last_max_id: OrderRecordId, options: &RequestOptions) -> Request {
        Request::get(LIST_ORDERS, "/open/orders")
            .query("lastMaxId", last_max_id)
            .options(options.clone())
    }

    /// One batch.
    pub async fn send(self) -> client_core::Result<Vec<Order>> {
        self.client
            .execute(Self::request(self.last_max_id, &self.options))
            .await
    }

    /// Every order after [`last_max_id`](Self::last_max_id), passing each batch's last `id` as
    /// the next `lastMaxId`; ends at an empty batch. Holds one batch in memory.
    pub fn stream(self) -> OrderStream {
        let client = self.client.clone();
        let options = self.options;
        // The batch size is the server's: no short-page rule, only the empty batch ends it.
        Paging::new(0)
            .stop_on_short_page(false)
            .by_last_id(
                Some(self.last_max_id),
                |o: &Order| o.id,
                move |req| {
                    let client = client.clone();
                    let request = Self::request(req.last_id.unwrap_or(OrderRecordId(0)), &options);
                    async move { client.execute(request).await.map(Page::new) }
                },
            )
            .items()
            .boxed()
    }
}

/// `GET /open/orders?startTime=…&endTime=…&page=…` (page mode).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct OrdersWindow<'a> {
    client: &'a Client,
    start: VendorTime,
    end: VendorTime,
    page: u32,
    options: RequestOptions,
}

impl OrdersWindow<'_> {
    /// `page`: 1 to 100 (default 1). For [`stream`](Self::stream): the first page.
    pub fn page(mut self, page: u32) -> Self {
        self.page = page;
        self
    }

    fn check(&self) -> client_core::Result<()> {
        if !(FIRST_ORDER_PAGE..=MAX_ORDER_PAGE).contains(&self.page) {
            return Err(Error::invalid_input(
                "page",
                format!(
                    "must be {FIRST_ORDER_PAGE} to {MAX_ORDER_PAGE} (\"最小从1开始,不超过100页\"), not {}",
                    self.page
                ),
            ));
        }
        if self.start >= self.end {
            return Err(Error::invalid_input(
                "startTime",
                format!(
                    "must be before endTime ({} is not before {}; the window is [startTime, endTime))",
                    self.start, self.end
                ),
            ));
        }
        Ok(())
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for this listing (every page of its stream), replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    fn request(start: &str, end: &str, page: u64, options: &RequestOptions) -> Request {
        Request::get(LIST_ORDERS, "/open/orders")
            .query("startTime", start)
            .query("endTime", end)
            .query("page", page)
            .options(options.clone())
    }

    /// `startTime` and `endTime` as sent ("yyyy-MM-dd HH:mm:ss格式").
    fn texts(&self) -> client_core::Result<(String, String)> {
        let text = |t: &VendorTime, field: &str| {
            t.to_sent(field, SendLayout::DateTime)
                .map(|t| t.as_str().to_owned())
        };
        Ok((text(&self.start, "startTime")?, text(&self.end, "endTime")?))
    }

    /// One page. Refused before sending when `page` is not 1 to 100 or the window is empty.
    ///
    /// Errors: 500 `B00093` (page above the maximum).
    pub async fn send(self) -> client_core::Result<Vec<Order>> {
        self.check()?;
        let (start, end) = self.texts()?;
        self.client
            .execute(Self::request(
                &start,
                &end,
                u64::from(self.page),
                &self.options,
            ))
            .await
    }

    /// Every order of the window from [`page`](Self::page) on; ends at an empty page, or with
    /// an [`Error::is_limit`] error when page 100 was not the end (the error says to narrow the
    /// window). A server `B00093` inside the stream becomes the same limit error.
    pub fn stream(self) -> OrderStream {
        let (start, end) = match self.check().and_then(|()| self.texts()) {
            Ok(texts) => texts,
            Err(e) => return futures::stream::once(async move { Err(e) }).boxed(),
        };
        let client = self.client.clone();
        let pages_left = u64::from(MAX_ORDER_PAGE - self.page + 1);
        let options = self.options;
        // The page size is the server's: only an empty page ends the listing.
        Paging::new(0)
            .first_page(u64::from(self.page))
            .stop_on_short_page(false)
            .max_pages(pages_left)
            .on_limit(WINDOW_LIMIT_HINT)
            .by_page_number(move |req| {
                let client = client.clone();
                let request = Self::request(&start, &end, req.number, &options);
                async move {
                    client
                        .execute::<Vec<Order>>(request)
                        .await
                        .map(Page::new)
                        .map_err(|e| {
                            if e.vendor_code().is_some_and(|c| c == "B00093") {
                                Error::limit(format!(
                                    "the server refused the page (B00093, above the maximum page); {WINDOW_LIMIT_HINT}"
                                ))
                                .with_source(e)
                            } else {
                                e
                            }
                        })
                }
            })
            .items()
            .boxed()
    }
}
