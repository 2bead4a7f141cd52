//! Document section "群组" (groups): query, create, rename, delete, a contact's groups, a group's
//! members (with a stream), adding and removing members.

use client_core::Error;
use client_core::paging::{Page, Paging};
use client_core::time::{SendLayout, VendorTime};
use client_core::transport::Request;
use futures::StreamExt as _;
use serde::Serialize;
use serde::de::IgnoredAny;

use crate::Client;
use crate::models::generated::NewGroup;
use crate::models::{
    ContactId, Group, GroupContactsResult, GroupId, GroupMember, GroupType, MemberId,
};

/// `GET /open/groups`.
pub const LIST_GROUPS: &str = "GET /open/groups";
/// `POST /open/groups`.
pub const CREATE_GROUP: &str = "POST /open/groups";
/// `POST /open/groups/{id}`.
pub const RENAME_GROUP: &str = "POST /open/groups/{id}";
/// `DELETE /open/groups/{id}`.
pub const DELETE_GROUP: &str = "DELETE /open/groups/{id}";
/// `GET /open/contacts/{contactId}/groups`.
pub const CONTACT_GROUPS: &str = "GET /open/contacts/{contactId}/groups";
/// `GET /open/groups/{groupId}/contacts`.
pub const GROUP_MEMBERS: &str = "GET /open/groups/{groupId}/contacts";
/// `POST /open/groups/{groupId}/contacts`.
pub const ADD_GROUP_CONTACTS: &str = "POST /open/groups/{groupId}/contacts";
/// `DELETE /open/groups/{groupId}/contacts`.
pub const REMOVE_GROUP_CONTACTS: &str = "DELETE /open/groups/{groupId}/contacts";

/// `GET /open/groups/{groupId}/contacts`: most members per page ("最大值:500").
pub const MAX_MEMBER_PAGE: u32 = 500;

/// Handler of the area "群组" (`client.groups()`).
#[derive(Debug, Clone, Copy)]
pub struct Groups<'a> {
    client: &'a Client,
}

impl Client {
    /// Groups ("群组").
    pub fn groups(&self) -> Groups<'_> {
        Groups { client: self }
    }
}

impl<'a> Groups<'a> {
    /// "查询群组": `GET /open/groups` with optional filters.
    pub fn list(&self) -> ListGroups<'a> {
        ListGroups {
            client: self.client,
            id: None,
            name: None,
            group_type: None,
            last_updated: None,
            ext1: None,
            ext2: None,
        }
    }

    /// "创建群组": `POST /open/groups` with `{"name", "groupType": "static", "ext1"?, "ext2"?}`
    /// (the document says `static` is the only type that can be set).
    ///
    /// Not retried after an ambiguous failure (a repeat would answer `B00001`, "already
    /// exists").
    pub fn create(&self, name: impl Into<String>) -> CreateGroup<'a> {
        CreateGroup {
            client: self.client,
            name: name.into(),
            ext1: None,
            ext2: None,
        }
    }

    /// "修改群组名": `POST /open/groups/{id}` with the JSON body `{"name": "…"}` (the document
    /// lists `name` under "Request Parameters" without an example; create's "Request
    /// Parameters" are a JSON body, so rename's are too).
    ///
    /// Errors: 404 `B00008` (no such group), 420 `B01102` (the name is taken).
    pub async fn rename(
        &self,
        id: impl Into<GroupId>,
        name: impl Into<String>,
    ) -> client_core::Result<()> {
        #[derive(Serialize)]
        struct Body<'b> {
            name: &'b str,
        }
        let name = name.into();
        check_name(&name)?;
        let id = id.into();
        let request = Request::post(RENAME_GROUP, format!("/open/groups/{id}"))
            .json(&Body { name: &name })?;
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }

    /// "删除群组": `DELETE /open/groups/{id}`.
    ///
    /// Errors: 404 `B00008` (no such group — also what a retried delete that had succeeded
    /// answers).
    pub async fn delete(&self, id: impl Into<GroupId>) -> client_core::Result<()> {
        let id = id.into();
        let request = Request::delete(DELETE_GROUP, format!("/open/groups/{id}"));
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }

    /// "查询联系人的群组": `GET /open/contacts/{contactId}/groups` (optionally `?groupType=`).
    pub fn of_contact(&self, contact_id: impl Into<ContactId>) -> ContactGroups<'a> {
        ContactGroups {
            client: self.client,
            contact_id: contact_id.into(),
            group_type: None,
        }
    }

    /// "查询群组联系人": `GET /open/groups/{groupId}/contacts` (memberId cursor, size ≤ 500).
    pub fn members(&self, group_id: impl Into<GroupId>) -> GroupMembers<'a> {
        GroupMembers {
            client: self.client,
            group_id: group_id.into(),
            member_id: None,
            size: None,
        }
    }

    /// "添加群组联系人": `POST /open/groups/{groupId}/contacts` with the JSON array of contact
    /// ids as the body (as the document's example shows). Adding is idempotent (adding a member
    /// again leaves the group unchanged), so it is retried like a read.
    ///
    /// Errors: 400 `B00031` (too many contacts), 404 `B00008` (no such group).
    pub async fn add_contacts(
        &self,
        group_id: impl Into<GroupId>,
        contact_ids: impl IntoIterator<Item = impl Into<ContactId>>,
    ) -> client_core::Result<GroupContactsResult> {
        let ids = contact_id_list(contact_ids)?;
        let group_id = group_id.into();
        let request = Request::post(
            ADD_GROUP_CONTACTS,
            format!("/open/groups/{group_id}/contacts"),
        )
        .json(&ids)?
        .safe_to_repeat(true);
        self.client.execute(request).await
    }

    /// "删除群组联系人": `DELETE /open/groups/{groupId}/contacts` with the JSON array of contact
    /// ids as the body.
    ///
    /// Errors: 400 `B00031` (too many contacts), 404 `B00008` (no such group).
    pub async fn remove_contacts(
        &self,
        group_id: impl Into<GroupId>,
        contact_ids: impl IntoIterator<Item = impl Into<ContactId>>,
    ) -> client_core::Result<GroupContactsResult> {
        let ids = contact_id_list(contact_ids)?;
        let group_id = group_id.into();
        let request = Request::delete(
            REMOVE_GROUP_CONTACTS,
            format!("/open/groups/{group_id}/contacts"),
        )
        .json(&ids)?;
        self.client.execute(request).await
    }
}

fn check_name(name: &str) -> client_core::Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid_input("name", "is required"));
    }
    Ok(())
}

fn contact_id_list(
    ids: impl IntoIterator<Item = impl Into<ContactId>>,
) -> client_core::Result<Vec<ContactId>> {
    let ids: Vec<ContactId> = ids.into_iter().map(Into::into).collect();
    if ids.is_empty() {
        return Err(Error::invalid_input(
            "contactIds",
            "at least one contact id is required",
        ));
    }
    Ok(ids)
}

/// `GET /open/groups` ("查询群组").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct ListGroups<'a> {
    client: &'a Client,
    id: Option<GroupId>,
    name: Option<String>,
    group_type: Option<GroupType>,
    last_updated: Option<VendorTime>,
    ext1: Option<String>,
    ext2: Option<String>,
}

impl ListGroups<'_> {
    /// `id`: only this group.
    pub fn id(mut self, id: impl Into<GroupId>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// `name`: a fuzzy match on the name ("模糊查询").
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// `groupType`: `static` or `dynamic`.
    pub fn group_type(mut self, group_type: impl Into<GroupType>) -> Self {
        self.group_type = Some(group_type.into());
        self
    }

    /// `lastUpdated`: only groups updated since ("最小更新时间", a `Date`). Sent as `yyyy-MM-dd`
    /// when given as a date, else as `yyyy-MM-dd HH:mm:ss` in UTC+8 (converted from any other
    /// zone).
    pub fn last_updated(mut self, at: impl Into<VendorTime>) -> Self {
        self.last_updated = Some(at.into());
        self
    }

    /// `ext1`: the WeChat appId.
    pub fn ext1(mut self, v: impl Into<String>) -> Self {
        self.ext1 = Some(v.into());
        self
    }

    /// `ext2`: the WeChat group (tag) id.
    pub fn ext2(mut self, v: impl Into<String>) -> Self {
        self.ext2 = Some(v.into());
        self
    }

    /// The matching groups.
    pub async fn send(self) -> client_core::Result<Vec<Group>> {
        let last_updated = self
            .last_updated
            .map(|t| t.to_sent("lastUpdated", SendLayout::DateOrDateTime))
            .transpose()?;
        let request = Request::get(LIST_GROUPS, "/open/groups")
            .query_opt("id", self.id)
            .query_opt("name", self.name)
            .query_opt("groupType", self.group_type)
            .query_opt("lastUpdated", last_updated.as_ref().map(VendorTime::as_str))
            .query_opt("ext1", self.ext1)
            .query_opt("ext2", self.ext2);
        self.client.execute(request).await
    }
}

/// `POST /open/groups` ("创建群组").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct CreateGroup<'a> {
    client: &'a Client,
    name: String,
    ext1: Option<String>,
    ext2: Option<String>,
}

impl CreateGroup<'_> {
    /// `ext1`: the WeChat appId.
    pub fn ext1(mut self, v: impl Into<String>) -> Self {
        self.ext1 = Some(v.into());
        self
    }

    /// `ext2`: the WeChat group (tag) id.
    pub fn ext2(mut self, v: impl Into<String>) -> Self {
        self.ext2 = Some(v.into());
        self
    }

    /// Creates the group and returns it.
    ///
    /// Errors: 400 `B00001` (the group exists), 412 `B00157` (the group quota is reached).
    pub async fn send(self) -> client_core::Result<Group> {
        check_name(&self.name)?;
        let body = NewGroup {
            name: self.name,
            group_type: Some(GroupType::Static),
            ext1: self.ext1,
            ext2: self.ext2,
        };
        let request = Request::post(CREATE_GROUP, "/open/groups").json(&body)?;
        self.client.execute(request).await
    }
}

/// `GET /open/contacts/{contactId}/groups` ("查询联系人的群组").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct ContactGroups<'a> {
    client: &'a Client,
    contact_id: ContactId,
    group_type: Option<GroupType>,
}

impl ContactGroups<'_> {
    /// `groupType`: only groups of this type.
    pub fn group_type(mut self, group_type: impl Into<GroupType>) -> Self {
        self.group_type = Some(group_type.into());
        self
    }

    /// The contact's groups.
    ///
    /// Errors: 404 `B00008` (no such contact).
    pub async fn send(self) -> client_core::Result<Vec<Group>> {
        let id = self.contact_id;
        let request = Request::get(CONTACT_GROUPS, format!("/open/contacts/{id}/groups"))
            .query_opt("groupType", self.group_type);
        self.client.execute(request).await
    }
}

/// `GET /open/groups/{groupId}/contacts` ("查询群组联系人").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct GroupMembers<'a> {
    client: &'a Client,
    group_id: GroupId,
    member_id: Option<MemberId>,
    size: Option<u32>,
}

impl GroupMembers<'_> {
    /// `memberId`: start after this membership id (exclusive; server default 0).
    pub fn member_id(mut self, id: impl Into<MemberId>) -> Self {
        self.member_id = Some(id.into());
        self
    }

    /// `size`: members per page (server default and maximum 500).
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    fn check(size: u32) -> client_core::Result<()> {
        if size == 0 || size > MAX_MEMBER_PAGE {
            return Err(Error::invalid_input(
                "size",
                format!("must be between 1 and {MAX_MEMBER_PAGE}"),
            ));
        }
        Ok(())
    }

    fn request(group_id: GroupId, member_id: Option<MemberId>, size: Option<u32>) -> Request {
        Request::get(GROUP_MEMBERS, format!("/open/groups/{group_id}/contacts"))
            .query_opt("memberId", member_id)
            .query_opt("size", size)
    }

    /// One page.
    ///
    /// Errors: 400 `B00031` (size above 500), 404 `B00008` (no such group).
    pub async fn send(self) -> client_core::Result<Vec<GroupMember>> {
        if let Some(size) = self.size {
            Self::check(size)?;
        }
        self.client
            .execute(Self::request(self.group_id, self.member_id, self.size))
            .await
    }

    /// Every member after [`member_id`](Self::member_id), passing each page's last `memberId`
    /// as the next cursor; ends at an empty page.
    pub fn stream(self) -> client_core::paging::ItemStream<GroupMember> {
        let size = self.size.unwrap_or(MAX_MEMBER_PAGE);
        if let Err(e) = Self::check(size) {
            return futures::stream::once(async move { Err(e) }).boxed();
        }
        let client = self.client.clone();
        let group_id = self.group_id;
        Paging::new(size)
            .by_last_id(
                self.member_id,
                |m: &GroupMember| m.member_id,
                move |req| {
                    let client = client.clone();
                    let request = Self::request(group_id, req.last_id, Some(req.size));
                    async move { client.execute(request).await.map(Page::new) }
                },
            )
            .items()
            .boxed()
    }
}
