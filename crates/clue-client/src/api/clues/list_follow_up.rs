//! `POST /api/v3/clue/list-follow-up`: [`ListFollowUp`], one page or a stream.

use client_core::paging::{Page, PageRequest, Paging};
use client_core::transport::{Request, RequestOptions};
use futures::StreamExt as _;
use serde::Serialize;

#[cfg(doc)]
use super::Clues;
use super::checks::{check_cursor, check_customer_id, check_size};
use super::{FollowUpStream, LIST_FOLLOW_UP};
use crate::Client;
use crate::models::{CustomerId, FollowUpPage};

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
    options: RequestOptions,
}

impl ListFollowUp {
    pub(super) fn new(client: Client, customer_id: CustomerId, options: RequestOptions) -> Self {
        Self {
            client,
            customer_id,
            size: None,
            cursor: None,
            kind: None,
            options,
        }
    }

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

    /// Per-call overrides (timeout, retry policy, response size cap) for this request and, for
    /// [`stream`](Self::stream), for each page request; they replace those set on the handler
    /// ([`Clues::with_options`](super::Clues::with_options)).
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
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
            .safe_to_repeat(true)
            .options(self.options.clone());
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
