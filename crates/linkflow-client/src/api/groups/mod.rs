//! Document section "群组" (groups): query, create, rename, delete, a contact's groups, a group's
//! members (with a stream), adding and removing members.

mod contact_groups;
mod create;
mod list;
mod members;

use client_core::Error;
use client_core::transport::Request;
use serde::Serialize;
use serde::de::IgnoredAny;

pub use contact_groups::ContactGroups;
pub use create::CreateGroup;
pub use list::ListGroups;
pub use members::GroupMembers;

use crate::Client;
use crate::models::{ContactId, GroupContactsResult, GroupId};

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

client_core::handler! {
    /// Handler of the area "群组" (`client.groups()`).
    pub struct Groups => Client;
}

impl Client {
    /// Groups ("群组").
    pub fn groups(&self) -> Groups<'_> {
        Groups::new(self)
    }
}

impl<'a> Groups<'a> {
    /// "查询群组": `GET /open/groups` with optional filters.
    pub fn list(&self) -> ListGroups<'a> {
        ListGroups {
            client: self.client,
            options: self.options.clone(),
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
            options: self.options.clone(),
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
            .json(&Body { name: &name })?
            .options(self.options.clone());
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }

    /// "删除群组": `DELETE /open/groups/{id}`.
    ///
    /// Errors: 404 `B00008` (no such group — also what a retried delete that had succeeded
    /// answers).
    pub async fn delete(&self, id: impl Into<GroupId>) -> client_core::Result<()> {
        let id = id.into();
        let request = Request::delete(DELETE_GROUP, format!("/open/groups/{id}"))
            .options(self.options.clone());
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }

    /// "查询联系人的群组": `GET /open/contacts/{contactId}/groups` (optionally `?groupType=`).
    pub fn of_contact(&self, contact_id: impl Into<ContactId>) -> ContactGroups<'a> {
        ContactGroups {
            client: self.client,
            options: self.options.clone(),
            contact_id: contact_id.into(),
            group_type: None,
        }
    }

    /// "查询群组联系人": `GET /open/groups/{groupId}/contacts` (memberId cursor, size ≤ 500).
    pub fn members(&self, group_id: impl Into<GroupId>) -> GroupMembers<'a> {
        GroupMembers {
            client: self.client,
            options: self.options.clone(),
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
        .safe_to_repeat(true)
        .options(self.options.clone());
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
        .json(&ids)?
        .options(self.options.clone());
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
