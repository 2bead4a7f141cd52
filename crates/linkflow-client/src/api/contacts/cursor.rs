//! "游标方式获取联系人": `GET /open/contacts/cursor`, one page or a stream ([`ContactsCursor`]).

use client_core::paging::{Page, Paging};
use client_core::transport::Request;
use futures::StreamExt as _;

use super::{CONTACTS_CURSOR, ContactStream, DEFAULT_PAGE_SIZE, check_size};
use crate::models::{Contact, ContactId};
use crate::{Client, RequestOptions};

/// `GET /open/contacts/cursor` ("游标方式获取联系人").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct ContactsCursor<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) last_max_id: ContactId,
    pub(super) size: Option<u32>,
}

impl ContactsCursor<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this listing (every page of its stream), replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `lastMaxId`: the largest id of the previous page (0, the default, for the first page).
    pub fn last_max_id(mut self, id: impl Into<ContactId>) -> Self {
        self.last_max_id = id.into();
        self
    }

    /// `size`: contacts per page (server default 200).
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    fn request(last_max_id: ContactId, size: Option<u32>) -> Request {
        Request::get(CONTACTS_CURSOR, "/open/contacts/cursor")
            .query("lastMaxId", last_max_id)
            .query_opt("size", size)
    }

    /// One page.
    pub async fn send(self) -> client_core::Result<Vec<Contact>> {
        if let Some(size) = self.size {
            check_size(size)?;
        }
        self.client
            .execute(Self::request(self.last_max_id, self.size).options(self.options))
            .await
    }

    /// Every contact after [`last_max_id`](Self::last_max_id), in id order, passing each page's
    /// last id as the next `lastMaxId`; ends at an empty page. Holds one page in memory.
    pub fn stream(self) -> ContactStream {
        let size = self.size.unwrap_or(DEFAULT_PAGE_SIZE);
        if let Err(e) = check_size(size) {
            return futures::stream::once(async move { Err(e) }).boxed();
        }
        let client = self.client.clone();
        let options = self.options;
        Paging::new(size)
            .by_last_id(
                Some(self.last_max_id),
                |c: &Contact| c.id,
                move |req| {
                    let client = client.clone();
                    let request =
                        Self::request(req.last_id.unwrap_or(ContactId(0)), Some(req.size))
                            .options(options.clone());
                    async move { client.execute(request).await.map(Page::new) }
                },
            )
            .items()
            .boxed()
    }
}
