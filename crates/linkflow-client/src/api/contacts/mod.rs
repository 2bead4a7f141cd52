//! Document section "联系人" (contacts): listing by page and by cursor, contact ids by update
//! time, contacts by id in bulk, identities, tag values, unbinding identities.

mod bulk;
mod cursor;
mod identities;
mod ids;
mod list;

use client_core::Error;
use client_core::transport::Request;
use serde::de::IgnoredAny;

pub use bulk::BulkGet;
pub use cursor::ContactsCursor;
pub use identities::FindIdentities;
pub use ids::ContactIds;
pub use list::ListContacts;

use crate::Client;
use crate::models::UnbindIdentitiesRequest;
use crate::models::{Contact, ContactId, ContactTag, Identity};
use ids::ContactIdsQuery;

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

client_core::handler! {
    /// Handler of the area "联系人" (`client.contacts()`).
    pub struct Contacts => Client;
}

impl Client {
    /// Contacts ("联系人"): lists, streams, bulk look-ups, identities, tag values.
    pub fn contacts(&self) -> Contacts<'_> {
        Contacts::new(self)
    }
}

impl<'a> Contacts<'a> {
    /// "获取联系人列表": `GET /open/contacts` (page from 0, size, groupId, search).
    pub fn list(&self) -> ListContacts<'a> {
        ListContacts {
            client: self.client,
            options: self.options.clone(),
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
            options: self.options.clone(),
            last_max_id: ContactId(0),
            size: None,
        }
    }

    /// "批量获取联系人ID": `GET /open/contacts_bulk/ids` (page, size, minUpdateTime,
    /// maxUpdateTime, anonymous).
    pub fn ids(&self) -> ContactIds<'a> {
        ContactIds {
            client: self.client,
            options: self.options.clone(),
            page: 0,
            size: DEFAULT_ID_PAGE_SIZE,
            query: ContactIdsQuery::default(),
        }
    }

    /// "批量获取联系人详情": `GET /open/contacts_bulk` for any number of ids (split into calls of
    /// 100, a bounded number in flight; results in the caller's order; duplicates, ids the
    /// vendor does not return and calls that failed are reported in [`BulkContacts`](crate::models::BulkContacts)).
    pub fn bulk(&self, ids: impl IntoIterator<Item = impl Into<ContactId>>) -> BulkGet<'a> {
        BulkGet {
            client: self.client,
            options: self.options.clone(),
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
            options: self.options.clone(),
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
        let request = Request::get(
            CONTACT_IDENTITIES,
            format!("/open/contacts/{id}/identities"),
        )
        .options(self.options.clone());
        self.client.execute(request).await
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
            .safe_to_repeat(true)
            .options(self.options.clone());
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
        let request = Request::delete(UNBIND_IDENTITIES, "/open/contacts/identities/unbind")
            .json(&body)?
            .options(self.options.clone());
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
