//! "获取用户标签元数据列表": `GET /v1/tags`, one page or a stream ([`ListTags`]).

use client_core::Error;
use client_core::paging::{Page, Paging};
use client_core::transport::Request;
use futures::StreamExt as _;

use super::{LIST_TAGS, MAX_TAG_PAGE};
use crate::models::Tag;
use crate::{Client, RequestOptions};

/// `GET /v1/tags` ("获取用户标签元数据列表").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct ListTags<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) page: u32,
    pub(super) size: u32,
}

impl ListTags<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this listing (every page of its stream), replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `page`: from 0 (default 0). For [`stream`](Self::stream): the first page.
    pub fn page(mut self, page: u32) -> Self {
        self.page = page;
        self
    }

    /// `size`: tags per page, 1 to 200 (default 200).
    pub fn size(mut self, size: u32) -> Self {
        self.size = size;
        self
    }

    fn check(&self) -> client_core::Result<()> {
        if self.size == 0 || self.size > MAX_TAG_PAGE {
            return Err(Error::invalid_input(
                "size",
                format!("must be 1 to {MAX_TAG_PAGE} (\"每页条数,限制200条\")"),
            ));
        }
        Ok(())
    }

    fn request(page: u64, size: u32, options: &RequestOptions) -> Request {
        Request::get(LIST_TAGS, "/v1/tags")
            .query("size", size)
            .query("page", page)
            .options(options.clone())
    }

    /// One page. Errors: 500 `B00010` (invalid parameter).
    pub async fn send(self) -> client_core::Result<Vec<Tag>> {
        self.check()?;
        self.client
            .execute(Self::request(
                u64::from(self.page),
                self.size,
                &self.options,
            ))
            .await
    }

    /// Every tag from [`page`](Self::page) on, one page at a time; ends at an empty or short
    /// page.
    pub fn stream(self) -> client_core::paging::ItemStream<Tag> {
        if let Err(e) = self.check() {
            return futures::stream::once(async move { Err(e) }).boxed();
        }
        let client = self.client.clone();
        let options = self.options;
        Paging::new(self.size)
            .first_page(u64::from(self.page))
            .by_page_number(move |req| {
                let client = client.clone();
                let request = Self::request(req.number, req.size, &options);
                async move { client.execute(request).await.map(Page::new) }
            })
            .items()
            .boxed()
    }
}
