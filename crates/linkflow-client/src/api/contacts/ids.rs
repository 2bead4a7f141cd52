//! "批量获取联系人ID": `GET /open/contacts_bulk/ids`, one page or a stream, within the
//! document's `page × size ≤ 10,000` ([`ContactIds`]).

use client_core::Error;
use client_core::paging::{Page, Paging};
use client_core::time::{SendLayout, VendorTime};
use client_core::transport::Request;
use futures::StreamExt as _;

use super::{CONTACT_IDS, ID_LIMIT_HINT, MAX_ID_DEPTH, check_size};
use crate::models::{AnonymousFilter, ContactId};
use crate::{Client, RequestOptions};

/// `GET /open/contacts_bulk/ids` ("批量获取联系人ID").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct ContactIds<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) page: u32,
    pub(super) size: u32,
    pub(super) query: ContactIdsQuery,
}

impl ContactIds<'_> {
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

    /// `size`: ids per page (default here 1,000). `page × size` must stay ≤ 10,000.
    pub fn size(mut self, size: u32) -> Self {
        self.size = size;
        self
    }

    /// `minUpdateTime`: only contacts updated at or after. Sent as `yyyy-MM-dd` when given as a
    /// date (the document's example `2018-01-01`), else as `yyyy-MM-dd HH:mm:ss` in UTC+8
    /// (converted from any other zone).
    pub fn min_update_time(mut self, at: impl Into<VendorTime>) -> Self {
        self.query.min_update_time = Some(at.into());
        self
    }

    /// `maxUpdateTime`: only contacts updated before; sent like
    /// [`min_update_time`](Self::min_update_time).
    pub fn max_update_time(mut self, at: impl Into<VendorTime>) -> Self {
        self.query.max_update_time = Some(at.into());
        self
    }

    /// `anonymous`: named (server default), anonymous or all contacts.
    pub fn anonymous(mut self, filter: AnonymousFilter) -> Self {
        self.query.anonymous = Some(filter);
        self
    }

    /// Checks the limits and writes the time filters in the layout they are sent in.
    fn checked(mut self) -> client_core::Result<Self> {
        self.query = self.query.into_sent()?;
        check_size(self.size)?;
        if u64::from(self.size) > MAX_ID_DEPTH {
            return Err(Error::invalid_input(
                "size",
                format!("must be at most {MAX_ID_DEPTH} (page × size ≤ 10,000)"),
            ));
        }
        let depth = u64::from(self.page) * u64::from(self.size);
        if depth > MAX_ID_DEPTH {
            return Err(Error::invalid_input(
                "page",
                format!(
                    "page × size = {} × {} = {depth} passes the documented limit of 10,000; {ID_LIMIT_HINT}",
                    self.page, self.size
                ),
            ));
        }
        Ok(self)
    }

    /// One page. Refused before sending when `page × size > 10,000`.
    ///
    /// Errors: HTTP 420 `B00030` (the server's own check of the same rule).
    pub async fn send(self) -> client_core::Result<Vec<ContactId>> {
        let this = self.checked()?;
        let request = this
            .query
            .request(u64::from(this.page), this.size)
            .options(this.options);
        this.client.execute(request).await
    }

    /// Every id from [`page`](Self::page) on; ends at an empty or short page, or with an
    /// [`Error::is_limit`] error (naming `minUpdateTime`/`maxUpdateTime` as the way on) where the
    /// next page would pass `page × size ≤ 10,000`.
    pub fn stream(self) -> client_core::paging::ItemStream<ContactId> {
        let this = match self.checked() {
            Ok(this) => this,
            Err(e) => return futures::stream::once(async move { Err(e) }).boxed(),
        };
        let size = this.size;
        let client = this.client.clone();
        let query = this.query;
        let options = this.options;
        // Paging counts depth as `index × size` and refuses a page when `depth + size` passes
        // the cap: a cap of 10,000 + size allows exactly the pages with `page × size ≤ 10,000`.
        let first = u64::from(this.page);
        Paging::new(size)
            .first_page(first)
            .max_items(MAX_ID_DEPTH + u64::from(size) - first * u64::from(size))
            .on_limit(ID_LIMIT_HINT)
            .by_page_number(move |req| {
                let client = client.clone();
                let request = query
                    .request(req.number, req.size)
                    .options(options.clone());
                async move {
                    client
                        .execute::<Vec<ContactId>>(request)
                        .await
                        .map(Page::new)
                        .map_err(|e| {
                            if e.vendor_code().is_some_and(|c| c == "B00030") {
                                Error::limit(format!(
                                    "the server refused the page (B00030, page × size > 10,000); {ID_LIMIT_HINT}"
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

/// The filters of a contact-id listing.
#[derive(Debug, Clone, Default)]
pub(super) struct ContactIdsQuery {
    pub(super) min_update_time: Option<VendorTime>,
    pub(super) max_update_time: Option<VendorTime>,
    pub(super) anonymous: Option<AnonymousFilter>,
}

impl ContactIdsQuery {
    /// The filters with their times in the layout the document gives (`datetime`, example
    /// `2018-01-01`: a date or `yyyy-MM-dd HH:mm:ss`, UTC+8).
    fn into_sent(self) -> client_core::Result<Self> {
        let sent = |t: Option<VendorTime>, field: &str| {
            t.map(|t| t.to_sent(field, SendLayout::DateOrDateTime))
                .transpose()
        };
        Ok(Self {
            min_update_time: sent(self.min_update_time, "minUpdateTime")?,
            max_update_time: sent(self.max_update_time, "maxUpdateTime")?,
            anonymous: self.anonymous,
        })
    }

    fn request(&self, page: u64, size: u32) -> Request {
        Request::get(CONTACT_IDS, "/open/contacts_bulk/ids")
            .query("page", page)
            .query("size", size)
            .query_opt(
                "minUpdateTime",
                self.min_update_time.as_ref().map(VendorTime::as_str),
            )
            .query_opt(
                "maxUpdateTime",
                self.max_update_time.as_ref().map(VendorTime::as_str),
            )
            .query_opt("anonymous", self.anonymous.map(AnonymousFilter::as_i32))
    }
}
