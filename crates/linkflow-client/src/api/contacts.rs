//! Document section "联系人" (contacts): listing by page and by cursor, contact ids by update
//! time, contacts by id in bulk, identities, tag values, unbinding identities.

use std::collections::{HashMap, HashSet};

use client_core::Error;
use client_core::paging::{Page, Paging};
use client_core::time::{SendLayout, VendorTime};
use client_core::transport::Request;
use futures::StreamExt as _;
use serde::de::IgnoredAny;

use crate::Client;
use crate::models::generated::{IdentityQuery, UnbindIdentitiesRequest};
use crate::models::{
    AnonymousFilter, BulkChunk, BulkContacts, Contact, ContactId, ContactIdentities, ContactTag,
    GroupId, Identity, IdentityType,
};

/// `GET /open/contacts`.
pub const LIST_CONTACTS: &str = "GET /open/contacts";
/// `GET /open/contacts/cursor`.
pub const CONTACTS_CURSOR: &str = "GET /open/contacts/cursor";
/// `GET /open/contacts_bulk/ids`.
pub const CONTACT_IDS: &str = "GET /open/contacts_bulk/ids";
/// `GET /open/contacts_bulk`.
pub const CONTACTS_BULK: &str = "GET /open/contacts_bulk";
/// `POST /open/contacts/identities`.
pub const FIND_IDENTITIES: &str = "POST /open/contacts/identities";
/// `POST /open/contacts/tags`.
pub const CONTACT_TAG_VALUES: &str = "POST /open/contacts/tags";
/// `DELETE /open/contacts/identities/unbind`.
pub const UNBIND_IDENTITIES: &str = "DELETE /open/contacts/identities/unbind";
/// `GET /open/contacts/{id}/identities`.
pub const CONTACT_IDENTITIES: &str = "GET /open/contacts/{id}/identities";

/// The server's default page size of `GET /open/contacts` and `/open/contacts/cursor`.
pub const DEFAULT_PAGE_SIZE: u32 = 200;
/// `GET /open/contacts_bulk/ids`: the document's rule `page × size ≤ 10,000`.
pub const MAX_ID_DEPTH: u64 = 10_000;
/// The page size the contact-id stream uses unless told otherwise (divides 10,000).
pub const DEFAULT_ID_PAGE_SIZE: u32 = 1_000;
/// `GET /open/contacts_bulk`: at most 100 ids per call ("每次传入的id个数不能超过100个").
pub const MAX_BULK_IDS: usize = 100;

/// What a contact-id listing that reaches the 10,000 limit should do instead.
const ID_LIMIT_HINT: &str = "the document allows page × size ≤ 10,000 for one query; split the \
     listing into narrower update-time windows with `min_update_time` / `max_update_time` \
     (minUpdateTime / maxUpdateTime) and list each window";

/// Handler of the area "联系人" (`client.contacts()`).
#[derive(Debug, Clone, Copy)]
pub struct Contacts<'a> {
    client: &'a Client,
}

impl Client {
    /// Contacts ("联系人"): lists, streams, bulk look-ups, identities, tag values.
    pub fn contacts(&self) -> Contacts<'_> {
        Contacts { client: self }
    }
}

impl<'a> Contacts<'a> {
    /// "获取联系人列表": `GET /open/contacts` (page from 0, size, groupId, search).
    pub fn list(&self) -> ListContacts<'a> {
        ListContacts {
            client: self.client,
            page: None,
            size: None,
            group_id: None,
            search: None,
        }
    }

    /// "游标方式获取联系人": `GET /open/contacts/cursor` (lastMaxId, size).
    pub fn cursor(&self) -> ContactsCursor<'a> {
        ContactsCursor {
            client: self.client,
            last_max_id: ContactId(0),
            size: None,
        }
    }

    /// "批量获取联系人ID": `GET /open/contacts_bulk/ids` (page, size, minUpdateTime,
    /// maxUpdateTime, anonymous).
    pub fn ids(&self) -> ContactIds<'a> {
        ContactIds {
            client: self.client,
            page: 0,
            size: DEFAULT_ID_PAGE_SIZE,
            query: ContactIdsQuery::default(),
        }
    }

    /// "批量获取联系人详情": `GET /open/contacts_bulk` for any number of ids (split into calls of
    /// 100, a bounded number in flight; results in the caller's order; duplicates, ids the
    /// vendor does not return and calls that failed are reported in [`BulkContacts`]).
    pub fn bulk(&self, ids: impl IntoIterator<Item = impl Into<ContactId>>) -> BulkGet<'a> {
        BulkGet {
            client: self.client,
            ids: ids.into_iter().map(Into::into).collect(),
            need_open_id: false,
            concurrency: None,
            fail_fast: false,
        }
    }

    /// "获取联系人所有的身份信息": `POST /open/contacts/identities` — the contact holding
    /// `identity` and its identities (optionally only some types).
    pub fn identities_by(&self, identity: impl Into<Identity>) -> FindIdentities<'a> {
        FindIdentities {
            client: self.client,
            identity: identity.into(),
            identity_types: None,
        }
    }

    /// "根据联系人ID查询身份": `GET /open/contacts/{id}/identities` — each identity with its
    /// `dateCreated` ([`Identity::without_date`] gives one to send back).
    ///
    /// Errors: HTTP 404 `B00008` (no such contact).
    pub async fn identities(
        &self,
        contact_id: impl Into<ContactId>,
    ) -> client_core::Result<Vec<Identity>> {
        let id = contact_id.into();
        self.client
            .execute(Request::get(
                CONTACT_IDENTITIES,
                format!("/open/contacts/{id}/identities"),
            ))
            .await
    }

    /// "获取联系人标签值": `POST /open/contacts/tags` with the contact's identity as the body.
    pub async fn tag_values(
        &self,
        identity: impl Into<Identity>,
    ) -> client_core::Result<Vec<ContactTag>> {
        let identity = identity.into();
        check_identity("identity", &identity)?;
        let request = Request::post(CONTACT_TAG_VALUES, "/open/contacts/tags")
            .json(&identity)?
            .safe_to_repeat(true);
        self.client.execute(request).await
    }

    /// "解绑用户身份": `DELETE /open/contacts/identities/unbind` with a JSON body
    /// `{contactId, identities}`. Only custom identities and `mobilePhone`, `wechat.unionId`,
    /// `wechat.openId`, `wxa.openId`, `workwechat.externalUserId` can be unbound.
    ///
    /// Errors: 404 `B00008` (no such contact), 500 `B01402` (the contact would keep no
    /// identity), `B01403` (unknown identity type), `B01404` (type cannot be unbound), `B01405`
    /// (no such identity value).
    pub async fn unbind_identities(
        &self,
        contact_id: impl Into<ContactId>,
        identities: impl IntoIterator<Item = Identity>,
    ) -> client_core::Result<()> {
        let identities: Vec<Identity> = identities.into_iter().collect();
        if identities.is_empty() {
            return Err(Error::invalid_input(
                "identities",
                "at least one identity is required",
            ));
        }
        for (i, identity) in identities.iter().enumerate() {
            check_identity(&format!("identities[{i}]"), identity)?;
        }
        let body = UnbindIdentitiesRequest {
            contact_id: contact_id.into(),
            identities,
        };
        let request =
            Request::delete(UNBIND_IDENTITIES, "/open/contacts/identities/unbind").json(&body)?;
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }
}

fn check_identity(field: &str, identity: &Identity) -> client_core::Result<()> {
    if identity.id.trim().is_empty() {
        return Err(Error::invalid_input(format!("{field}.id"), "is required"));
    }
    if identity.kind.as_str().trim().is_empty() {
        return Err(Error::invalid_input(format!("{field}.type"), "is required"));
    }
    Ok(())
}

fn check_size(size: u32) -> client_core::Result<()> {
    if size == 0 {
        return Err(Error::invalid_input("size", "must be at least 1"));
    }
    Ok(())
}

/// A stream of contacts (`Result<Contact>`), fetched one page at a time.
pub type ContactStream = client_core::paging::ItemStream<Contact>;

/// `GET /open/contacts` ("获取联系人列表").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct ListContacts<'a> {
    client: &'a Client,
    page: Option<u32>,
    size: Option<u32>,
    group_id: Option<GroupId>,
    search: Option<String>,
}

impl ListContacts<'_> {
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
        let request = Self::request(self.page, self.size, self.group_id, self.search.as_deref());
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
        Paging::new(size)
            .first_page(u64::from(self.page.unwrap_or(0)))
            .by_page_number(move |req| {
                let client = client.clone();
                let request = Self::request(
                    u32::try_from(req.number).ok(),
                    Some(req.size),
                    group_id,
                    search.as_deref(),
                );
                async move { client.execute(request).await.map(Page::new) }
            })
            .items()
            .boxed()
    }
}

/// `GET /open/contacts/cursor` ("游标方式获取联系人").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct ContactsCursor<'a> {
    client: &'a Client,
    last_max_id: ContactId,
    size: Option<u32>,
}

impl ContactsCursor<'_> {
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
            .execute(Self::request(self.last_max_id, self.size))
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
        Paging::new(size)
            .by_last_id(
                Some(self.last_max_id),
                |c: &Contact| c.id,
                move |req| {
                    let client = client.clone();
                    let request =
                        Self::request(req.last_id.unwrap_or(ContactId(0)), Some(req.size));
                    async move { client.execute(request).await.map(Page::new) }
                },
            )
            .items()
            .boxed()
    }
}

/// `GET /open/contacts_bulk/ids` ("批量获取联系人ID").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct ContactIds<'a> {
    client: &'a Client,
    page: u32,
    size: u32,
    query: ContactIdsQuery,
}

impl ContactIds<'_> {
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
        let request = this.query.request(u64::from(this.page), this.size);
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
        // Paging counts depth as `index × size` and refuses a page when `depth + size` passes
        // the cap: a cap of 10,000 + size allows exactly the pages with `page × size ≤ 10,000`.
        let first = u64::from(this.page);
        Paging::new(size)
            .first_page(first)
            .max_items(MAX_ID_DEPTH + u64::from(size) - first * u64::from(size))
            .on_limit(ID_LIMIT_HINT)
            .by_page_number(move |req| {
                let client = client.clone();
                let request = query.request(req.number, req.size);
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
struct ContactIdsQuery {
    min_update_time: Option<VendorTime>,
    max_update_time: Option<VendorTime>,
    anonymous: Option<AnonymousFilter>,
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

/// `GET /open/contacts_bulk` for any number of ids ("批量获取联系人详情").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct BulkGet<'a> {
    client: &'a Client,
    ids: Vec<ContactId>,
    need_open_id: bool,
    concurrency: Option<usize>,
    fail_fast: bool,
}

impl BulkGet<'_> {
    /// `needOpenId=1`: include each contact's channel `openIds`.
    pub fn need_open_id(mut self, need: bool) -> Self {
        self.need_open_id = need;
        self
    }

    /// Calls in flight at once (default: the client's
    /// [`bulk_concurrency`](crate::ClientBuilder::bulk_concurrency)).
    pub fn concurrency(mut self, calls: usize) -> Self {
        self.concurrency = Some(calls.max(1));
        self
    }

    /// `true`: the first call that fails (after its retries) fails the whole fetch with its
    /// error, and the calls still in flight are dropped. `false` (the default): every call
    /// runs, and the failed ones are reported in [`BulkContacts::failed`] with their ids.
    pub fn fail_fast(mut self, fail_fast: bool) -> Self {
        self.fail_fast = fail_fast;
        self
    }

    /// Fetches every contact: ids are de-duplicated (repeats reported in
    /// [`BulkContacts::duplicates`]), split into calls of 100, sent a bounded number at a time,
    /// and the contacts returned in the order of the ids given; ids the vendor did not return are
    /// in [`BulkContacts::missing`]. A call that fails after its retries is reported in
    /// [`BulkContacts::failed`] (its ids and typed error) while the others' contacts are kept;
    /// with [`fail_fast(true)`](Self::fail_fast) it fails the whole fetch instead.
    ///
    /// # Errors
    ///
    /// Only with `fail_fast(true)`: the first failed call's error.
    pub async fn send(self) -> client_core::Result<BulkContacts> {
        let mut seen = HashSet::with_capacity(self.ids.len());
        let mut reported = HashSet::new();
        let mut unique = Vec::with_capacity(self.ids.len());
        let mut duplicates = Vec::new();
        for id in self.ids {
            if seen.insert(id) {
                unique.push(id);
            } else if reported.insert(id) {
                duplicates.push(id);
            }
        }
        drop(seen);
        if unique.is_empty() {
            return Ok(BulkContacts {
                duplicates,
                ..BulkContacts::default()
            });
        }
        let concurrency = self
            .concurrency
            .unwrap_or(self.client.config().bulk_concurrency)
            .max(1);
        let need_open_id = self.need_open_id;
        let chunks: Vec<&[ContactId]> = unique.chunks(MAX_BULK_IDS).collect();
        let mut outcomes: Vec<Option<client_core::Result<()>>> =
            chunks.iter().map(|_| None).collect();
        let mut found: HashMap<ContactId, Contact> = HashMap::with_capacity(unique.len());
        // Each call runs in its own task and frees its slot as soon as its response is read:
        // the next call goes out at once and the response is decoded here while the calls in
        // flight wait on the server (decoding 100 contacts takes about as long as a loopback
        // round trip, so decoding inside the slot would add it to every call). The order of
        // completion does not matter: results are put in the caller's order below. Dropping the
        // set (fail-fast, or the caller giving up) aborts the calls still in flight.
        let mut requests = chunks
            .iter()
            .enumerate()
            .map(|(index, chunk)| (index, bulk_request(chunk, need_open_id)));
        let mut calls = tokio::task::JoinSet::new();
        let mut task_chunk: HashMap<tokio::task::Id, usize> = HashMap::new();
        let spawn = |calls: &mut tokio::task::JoinSet<_>,
                     task_chunk: &mut HashMap<tokio::task::Id, usize>,
                     (index, request): (usize, Request)| {
            let transport = self.client.transport().clone();
            let handle =
                calls.spawn(async move { (index, transport.execute_payload(request).await) });
            task_chunk.insert(handle.id(), index);
        };
        for request in requests.by_ref().take(concurrency) {
            spawn(&mut calls, &mut task_chunk, request);
        }
        while let Some(joined) = calls.join_next_with_id().await {
            if let Some(request) = requests.next() {
                spawn(&mut calls, &mut task_chunk, request);
            }
            let (index, answer) = match joined {
                Ok((_, (index, answer))) => (index, answer),
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(e) => {
                    // Only the set aborts its tasks (when dropped), so this is not expected;
                    // the chunk is then reported as failed.
                    let Some(&index) = task_chunk.get(&e.id()) else {
                        continue;
                    };
                    let error =
                        Error::transport("a `GET /open/contacts_bulk` call was cancelled", e)
                            .with_operation(CONTACTS_BULK);
                    (index, Err(error))
                }
            };
            let outcome = answer.and_then(|payload| {
                payload
                    .decode::<Vec<Contact>>()
                    .map_err(|e| e.with_operation(CONTACTS_BULK))
            });
            let outcome = match outcome {
                Ok(page) => {
                    for contact in page {
                        found.entry(contact.id).or_insert(contact);
                    }
                    Ok(())
                }
                Err(e) if self.fail_fast => return Err(e),
                Err(e) => Err(e),
            };
            if let Some(slot) = outcomes.get_mut(index) {
                *slot = Some(outcome);
            }
        }
        let mut contacts = Vec::with_capacity(found.len());
        let mut missing = Vec::new();
        let mut report = Vec::with_capacity(chunks.len());
        for (chunk, outcome) in chunks.into_iter().zip(outcomes) {
            // Every chunk's task ends with an answer above; `None` would mean it never ran.
            let outcome = outcome.unwrap_or_else(|| {
                Err(
                    Error::transport("a `GET /open/contacts_bulk` call never ended", "no answer")
                        .with_operation(CONTACTS_BULK),
                )
            });
            let outcome = outcome.map(|()| {
                let before = contacts.len();
                for id in chunk {
                    match found.remove(id) {
                        Some(contact) => contacts.push(contact),
                        None => missing.push(*id),
                    }
                }
                contacts.len() - before
            });
            report.push(BulkChunk {
                ids: chunk.to_vec(),
                outcome,
            });
        }
        Ok(BulkContacts {
            contacts,
            missing,
            duplicates,
            chunks: report,
        })
    }
}

fn bulk_request(ids: &[ContactId], need_open_id: bool) -> Request {
    use std::fmt::Write as _;
    let mut joined = String::with_capacity(ids.len() * 16);
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            joined.push(',');
        }
        let _ = write!(joined, "{id}");
    }
    Request::get(CONTACTS_BULK, "/open/contacts_bulk")
        .query("ids", joined)
        .query_opt("needOpenId", need_open_id.then_some(1))
}

/// `POST /open/contacts/identities` ("获取联系人所有的身份信息").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct FindIdentities<'a> {
    client: &'a Client,
    identity: Identity,
    identity_types: Option<Vec<IdentityType>>,
}

impl FindIdentities<'_> {
    /// `identityTypes`: only identities of these types (default: all).
    pub fn identity_types(
        mut self,
        types: impl IntoIterator<Item = impl Into<IdentityType>>,
    ) -> Self {
        self.identity_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    /// Sends the look-up (a read over POST: retried like one).
    pub async fn send(self) -> client_core::Result<ContactIdentities> {
        check_identity("identity", &self.identity)?;
        let body = IdentityQuery {
            identity: self.identity,
            identity_types: self.identity_types,
        };
        let request = Request::post(FIND_IDENTITIES, "/open/contacts/identities")
            .json(&body)?
            .safe_to_repeat(true);
        self.client.execute(request).await
    }
}
