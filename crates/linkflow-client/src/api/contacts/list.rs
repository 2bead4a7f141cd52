//! "获取联系人列表": `GET /open/contacts`, one page or a stream ([`ListContacts`]).

use client_core::paging::{Page, Paging};
use client_core::transport::Request;
use futures::StreamExt as _;

use super::{ContactStream, DEFAULT_PAGE_SIZE, LIST_CONTACTS, check_size};
use crate::models::{Contact, GroupId};
use crate::{Client, RequestOptions};

/// `GET /open/contacts` ("获取联系人列表").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct ListContacts<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) page: Option<u32>,
    pub(super) size: Option<u32>,
    pub(super) group_id: Option<GroupId>,
    pub(super) search: Option<String>,
}

impl ListContacts<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this listing (every page of its stream), replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `page`: the page, from 0 (server default 0). For [`stream`](Self::stream): the first page.
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// `size`: contacts per page (server default 200).
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    /// `groupId`: only members of this group (default: the group of all contacts).
    pub fn group_id(mut self, group_id: impl Into<GroupId>) -> Self {
        self.group_id = Some(group_id.into());
        self
    }

    /// `search`: a search keyword.
    pub fn search(mut self, keyword: impl Into<String>) -> Self {
        self.search = Some(keyword.into());
        self
    }

    fn request(
        page: Option<u32>,
        size: Option<u32>,
        group_id: Option<GroupId>,
        search: Option<&str>,
    ) -> Request {
        Request::get(LIST_CONTACTS, "/open/contacts")
            .query_opt("page", page)
            .query_opt("size", size)
            .query_opt("groupId", group_id)
            .query_opt("search", search)
    }

    /// One page.
    pub async fn send(self) -> client_core::Result<Vec<Contact>> {
        if let Some(size) = self.size {
            check_size(size)?;
        }
        let request = Self::request(self.page, self.size, self.group_id, self.search.as_deref())
            .options(self.options);
        self.client.execute(request).await
    }

    /// Every contact from [`page`](Self::page) on, one page of [`size`](Self::size) (default
    /// 200) at a time; ends at an empty or short page.
    pub fn stream(self) -> ContactStream {
        let size = self.size.unwrap_or(DEFAULT_PAGE_SIZE);
        if let Err(e) = check_size(size) {
            return futures::stream::once(async move { Err(e) }).boxed();
        }
        let client = self.client.clone();
        let group_id = self.group_id;
        let search = self.search;
        let options = self.options;
        Paging::new(size)
            .first_page(u64::from(self.page.unwrap_or(0)))
            .by_page_number(move |req| {
                let client = client.clone();
                let request = Self::request(
                    u32::try_from(req.number).ok(),
                    Some(req.size),
                    group_id,
                    search.as_deref(),
                )
                .options(options.clone());
                async move { client.execute(request).await.map(Page::new) }
            })
            .items()
            .boxed()
    }
}
