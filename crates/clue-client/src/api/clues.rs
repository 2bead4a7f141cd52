//! 线索&待分配: clue details, clues by creation time, and follow-up records.
//!
//! * `POST /api/v3/clue/get` — [`Clues::get`]
//! * `POST /api/v3/clue/list-by-create-time-asc` — [`Clues::list_by_create_time_asc`]
//!   ([`ListByCreateTime::send`] for one page, [`ListByCreateTime::stream`] for every clue)
//! * `POST /api/v3/clue/list-follow-up` — [`Clues::list_follow_up`]
//!   ([`ListFollowUp::send`], [`ListFollowUp::stream`])
//!
//! All three are reads: retried on transient failures although they are `POST`s.

use client_core::Error;
use client_core::paging::{Page, PageRequest, Paging};
use client_core::time::VendorTime;
use client_core::transport::Request;
use futures::StreamExt as _;
use serde::Serialize;

use crate::Client;
use crate::models::{Clue, CluePage, CustomerId, FollowUp, FollowUpPage};

/// The documented route of `clue/get`.
pub const GET: &str = "POST /api/v3/clue/get";
/// The documented route of `clue/list-by-create-time-asc`.
pub const LIST_BY_CREATE_TIME_ASC: &str = "POST /api/v3/clue/list-by-create-time-asc";
/// The documented route of `clue/list-follow-up`.
pub const LIST_FOLLOW_UP: &str = "POST /api/v3/clue/list-follow-up";

/// A stream of clues (see [`ListByCreateTime::stream`]).
pub type ClueStream = client_core::paging::ItemStream<Clue>;
/// A stream of follow-up records (see [`ListFollowUp::stream`]).
pub type FollowUpStream = client_core::paging::ItemStream<FollowUp>;

/// The 线索&待分配 handler ([`Client::clues`]).
#[derive(Debug, Clone, Copy)]
pub struct Clues<'a> {
    client: &'a Client,
}

fn check_customer_id(id: CustomerId) -> client_core::Result<()> {
    if id.0 <= 0 {
        return Err(Error::invalid_input(
            "customerId",
            format!("must be a positive id, got {}", id.0),
        ));
    }
    Ok(())
}

fn check_size(size: Option<u32>) -> client_core::Result<()> {
    if size == Some(0) {
        return Err(Error::invalid_input("size", "must be at least 1"));
    }
    Ok(())
}

fn check_cursor(cursor: Option<&str>) -> client_core::Result<()> {
    if cursor.is_some_and(|c| c.trim().is_empty()) {
        return Err(Error::invalid_input(
            "cursor",
            "must not be empty (leave it unset for the first page)",
        ));
    }
    Ok(())
}

impl<'a> Clues<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// `POST /api/v3/clue/get` (获取线索&待分配客户详情): one clue by `customerId`.
    ///
    /// Decode its field values with [`Clue::decoded_fields`] / [`Clue::field`]. A `data: null`
    /// answer (no such clue) is an [`Error::is_api`] error.
    pub async fn get(&self, customer_id: impl Into<CustomerId>) -> client_core::Result<Clue> {
        let customer_id = customer_id.into();
        check_customer_id(customer_id)?;
        #[derive(Serialize)]
        struct Body {
            #[serde(rename = "customerId")]
            customer_id: CustomerId,
        }
        let request = Request::post(GET, "/api/v3/clue/get")
            .json(&Body { customer_id })?
            .safe_to_repeat(true);
        let clue: Option<Clue> = self.client.execute(request).await?;
        clue.ok_or_else(|| {
            Error::api(
                None,
                format!("Tanma answered no clue (`data: null`) for customerId {customer_id}"),
            )
            .with_operation(GET)
        })
    }

    /// `POST /api/v3/clue/list-by-create-time-asc` (按创建时间列出线索&待分配客户): clues created
    /// in `[since, before)`, oldest first.
    ///
    /// The document types `since` and `before` as strings without a format; they are sent as
    /// the vendor's usual `yyyy-MM-dd HH:mm:ss` in UTC+8 (a `DateTime` in any zone converts).
    pub fn list_by_create_time_asc(
        &self,
        since: impl Into<VendorTime>,
        before: impl Into<VendorTime>,
    ) -> ListByCreateTime {
        ListByCreateTime {
            client: self.client.clone(),
            since: since.into(),
            before: before.into(),
            size: None,
            cursor: None,
            kind: None,
        }
    }

    /// `POST /api/v3/clue/list-follow-up` (列出线索&待分配客户跟进记录): the follow-up records of
    /// one clue.
    pub fn list_follow_up(&self, customer_id: impl Into<CustomerId>) -> ListFollowUp {
        ListFollowUp {
            client: self.client.clone(),
            customer_id: customer_id.into(),
            size: None,
            cursor: None,
            kind: None,
        }
    }
}

/// The body of `clue/list-by-create-time-asc`.
#[derive(Serialize)]
struct ListBody<'a> {
    since: &'a VendorTime,
    before: &'a VendorTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<&'a str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<i64>,
}

/// A `POST /api/v3/clue/list-by-create-time-asc` request (from
/// [`Clues::list_by_create_time_asc`]).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` or `stream` is called"]
pub struct ListByCreateTime {
    client: Client,
    since: VendorTime,
    before: VendorTime,
    size: Option<u32>,
    cursor: Option<String>,
    kind: Option<i64>,
}

impl ListByCreateTime {
    /// `size` (获取数量): clues per page, at least 1. Unset, [`send`](Self::send) sends none and
    /// [`stream`](Self::stream) asks for the client's page size. No maximum is documented.
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    /// `cursor` (游标): the `nextCursor` of the previous page; unset for the first page. For
    /// [`stream`](Self::stream), where to resume.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// `type` (类型): the clue type to list (the document's examples use `1`; its values are not
    /// documented). Unset, none is sent.
    pub fn kind(mut self, kind: impl Into<i64>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    fn validate(&self) -> client_core::Result<()> {
        if self.since >= self.before {
            return Err(Error::invalid_input(
                "since",
                format!(
                    "must be before `before` (the window is [since, before)): {} >= {}",
                    self.since, self.before
                ),
            ));
        }
        check_size(self.size)?;
        check_cursor(self.cursor.as_deref())
    }

    /// Fetches one page: `data.list` and `data.nextCursor`.
    pub async fn send(&self) -> client_core::Result<CluePage> {
        self.validate()?;
        let body = ListBody {
            since: &self.since,
            before: &self.before,
            size: self.size,
            cursor: self.cursor.as_deref(),
            kind: self.kind,
        };
        let request = Request::post(
            LIST_BY_CREATE_TIME_ASC,
            "/api/v3/clue/list-by-create-time-asc",
        )
        .json(&body)?
        .safe_to_repeat(true);
        let page: Option<CluePage> = self.client.execute(request).await?;
        Ok(page.unwrap_or_default())
    }

    /// Every clue of the window, oldest first: pages are fetched lazily, following `nextCursor`
    /// until it is absent, empty or blank (client-core's cursor paging; a repeated cursor ends
    /// the stream with an error instead of looping). At most one page is held in memory. A
    /// blank [`cursor`](Self::cursor) given by the caller is the caller's invalid input; a
    /// blank `nextCursor` from the server is the end of the listing.
    pub fn stream(self) -> ClueStream {
        let size = self.size.unwrap_or(self.client.config().page_size);
        let mut paging = Paging::new(size);
        if let Some(start) = self.cursor.clone() {
            paging = paging.start_cursor(start);
        }
        let base = self;
        paging
            .by_cursor(move |request: PageRequest| {
                let mut page_request = base.clone();
                page_request.size = Some(request.size);
                page_request.cursor = request.cursor;
                async move {
                    let page = page_request.send().await?;
                    Ok(Page::new(page.list).with_next_cursor(page.next_cursor))
                }
            })
            .items()
            .boxed()
    }
}

/// The body of `clue/list-follow-up`.
#[derive(Serialize)]
struct FollowUpBody<'a> {
    #[serde(rename = "customerId")]
    customer_id: CustomerId,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u32>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<&'a str>,
}

/// A `POST /api/v3/clue/list-follow-up` request (from [`Clues::list_follow_up`]).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` or `stream` is called"]
pub struct ListFollowUp {
    client: Client,
    customer_id: CustomerId,
    size: Option<u32>,
    cursor: Option<String>,
    kind: Option<i64>,
}

impl ListFollowUp {
    /// `size`: records per page, at least 1. Unset, [`send`](Self::send) sends none and
    /// [`stream`](Self::stream) asks for the client's page size. No maximum is documented.
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    /// `cursor`: the `nextCursor` of the previous page; unset for the first page.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// `type`: the follow-up type to list (values not documented). Unset, none is sent.
    pub fn kind(mut self, kind: impl Into<i64>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    fn validate(&self) -> client_core::Result<()> {
        check_customer_id(self.customer_id)?;
        check_size(self.size)?;
        check_cursor(self.cursor.as_deref())
    }

    /// Fetches one page: `data.list` and `data.nextCursor`.
    pub async fn send(&self) -> client_core::Result<FollowUpPage> {
        self.validate()?;
        let body = FollowUpBody {
            customer_id: self.customer_id,
            size: self.size,
            kind: self.kind,
            cursor: self.cursor.as_deref(),
        };
        let request = Request::post(LIST_FOLLOW_UP, "/api/v3/clue/list-follow-up")
            .json(&body)?
            .safe_to_repeat(true);
        let page: Option<FollowUpPage> = self.client.execute(request).await?;
        Ok(page.unwrap_or_default())
    }

    /// Every follow-up record of the clue: pages fetched lazily, following `nextCursor` until it
    /// is absent, empty or blank (an error if a cursor repeats). A blank `nextCursor` from the
    /// server ends the listing; it is never reported as the caller's invalid input.
    pub fn stream(self) -> FollowUpStream {
        let size = self.size.unwrap_or(self.client.config().page_size);
        let mut paging = Paging::new(size);
        if let Some(start) = self.cursor.clone() {
            paging = paging.start_cursor(start);
        }
        let base = self;
        paging
            .by_cursor(move |request: PageRequest| {
                let mut page_request = base.clone();
                page_request.size = Some(request.size);
                page_request.cursor = request.cursor;
                async move {
                    let page = page_request.send().await?;
                    Ok(Page::new(page.list).with_next_cursor(page.next_cursor))
                }
            })
            .items()
            .boxed()
    }
}
