//! Types of the document area "群组" (groups).

use client_core::time::VendorTime;
use serde::{Deserialize, Serialize};

use super::common::{ContactId, GroupId};

id_newtype!(
    /// A group membership's id (`memberId`), the cursor of `GET /open/groups/{groupId}/contacts`.
    MemberId
);

string_enum!(
    /// `groupType`: `static` or `dynamic`.
    GroupType {
        /// `static`: members are added and removed explicitly.
        Static => "static",
        /// `dynamic`: members follow a rule.
        Dynamic => "dynamic",
    }
);

/// A group ("群组").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// `id`.
    pub id: GroupId,
    /// `name`.
    #[serde(default)]
    pub name: String,
    /// `groupType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_type: Option<GroupType>,
    /// `ext1` (a WeChat appId), when the server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext1: Option<String>,
    /// `ext2` (a WeChat tag id), when the server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext2: Option<String>,
    /// `dateCreated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<VendorTime>,
}

/// A member of a group (`GET /open/groups/{groupId}/contacts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMember {
    /// `memberId`: the membership's id (the listing's cursor).
    pub member_id: MemberId,
    /// `contactGroupId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_group_id: Option<GroupId>,
    /// `contact`: a summary of the contact.
    pub contact: MemberContact,
    /// `version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// `dateCreated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<VendorTime>,
}

/// The contact summary inside a [`GroupMember`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberContact {
    /// `id`.
    pub id: ContactId,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `mobilePhone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    /// `email`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The answer of adding contacts to, or removing them from, a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupContactsResult {
    /// `success`: the contacts added (or removed).
    #[serde(default)]
    pub success: Vec<ContactId>,
    /// `failure`: the contacts that could not be.
    #[serde(default)]
    pub failure: Vec<ContactId>,
    /// `group`.
    pub group: Group,
}
