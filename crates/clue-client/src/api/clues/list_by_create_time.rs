//! `POST /api/v3/clue/list-by-create-time-asc`: [`ListByCreateTime`], one page or a stream.

use client_core::Error;
use client_core::paging::{Page, PageRequest, Paging};
use client_core::time::VendorTime;
use client_core::transport::{Request, RequestOptions};
use futures::StreamExt as _;
use serde::Serialize;

#[cfg(doc)]
use super::Clues;
use super::checks::{check_cursor, check_size};
use super::{ClueStream, LIST_BY_CREATE_TIME_ASC};
use crate::Client;
use crate::models::CluePage;

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
    options: RequestOptions,
}

impl ListByCreateTime {
    pub(super) fn new(
        client: Client,
        since: VendorTime,
        before: VendorTime,
        options: RequestOptions,
    ) -> Self {
        Self {
            client,
            since,
            before,
            size: None,
            cursor: None,
            kind: None,
            options,
        }
    }

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

    /// Per-call overrides (timeout, retry policy, response size cap) for this request and, for
    /// [`stream`](Self::stream), for each page request; they replace those set on the handler
    /// ([`Clues::with_options`](super::Clues::with_options)).
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
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
        .safe_to_repeat(true)
        .options(self.options.clone());
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
