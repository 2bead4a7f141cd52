//! Types of the document area "联系人" (contacts): `GET /open/contacts`, `/open/contacts/cursor`,
//! `/open/contacts_bulk/ids`, `/open/contacts_bulk`, `POST /open/contacts/identities`,
//! `POST /open/contacts/tags`, `DELETE /open/contacts/identities/unbind`,
//! `GET /open/contacts/{id}/identities`.
//!
//! Hand-written rather than the generated `Contact`: real contacts often lack fields the
//! document's example happens to fill (`name`, `gender`, `utm`, `props`), so every attribute here
//! is optional, ids are [`ContactId`]s, and unknown fields are ignored.

use client_core::time::VendorTime;
use serde::{Deserialize, Serialize};

use super::common::{ContactId, Identity, IdentityType, Props, Utm};

/// A contact ("联系人"), as listed by `GET /open/contacts`, `/open/contacts/cursor` and
/// `/open/contacts_bulk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// `id`.
    pub id: ContactId,
    /// `anonymousId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_id: Option<String>,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `nickname`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// `gender` (`male`, `female`, `unknown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// `dateOfBirthday` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birthday: Option<VendorTime>,
    /// `avatar` (URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// `profilePhoto` (bulk endpoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_photo: Option<String>,
    /// `mobilePhone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    /// `homePhone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_phone: Option<String>,
    /// `email`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `country`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `state` (province).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// `street`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// `city`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// `postalCode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// `comments`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// `userName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `website`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// `company`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// `industry`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// `department`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// `idCard`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_card: Option<String>,
    /// `utm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm: Option<Utm>,
    /// `props`: custom contact properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub props: Option<Props>,
    /// `isAnonymous`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_anonymous: Option<bool>,
    /// `ver` (bulk endpoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ver: Option<i64>,
    /// `openIds` (bulk endpoint with `needOpenId=1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_ids: Option<Vec<OpenId>>,
    /// `dateCreated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<VendorTime>,
}

/// A channel account of a contact (`openIds[]` of `GET /open/contacts_bulk?needOpenId=1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenId {
    /// `channelId` (e.g. a WeChat appId).
    #[serde(default)]
    pub channel_id: Option<String>,
    /// `channelName`.
    #[serde(default)]
    pub channel_name: Option<String>,
    /// `openId`.
    #[serde(default)]
    pub open_id: Option<String>,
}

/// `anonymous` of `GET /open/contacts_bulk/ids`: which contacts to list (server default
/// [`AnonymousFilter::Named`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnonymousFilter {
    /// `-1`: all contacts ("全量").
    All,
    /// `0`: named contacts only ("实名", the default).
    Named,
    /// `1`: anonymous contacts only ("匿名").
    Anonymous,
}

impl AnonymousFilter {
    /// The wire value.
    pub fn as_i32(self) -> i32 {
        match self {
            Self::All => -1,
            Self::Named => 0,
            Self::Anonymous => 1,
        }
    }
}

/// An identity of a contact with its creation time (`GET /open/contacts/{id}/identities`,
/// `POST /open/contacts/identities`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactIdentity {
    /// `id`: the identity value.
    pub id: String,
    /// `type`: the identity type.
    #[serde(rename = "type")]
    pub kind: IdentityType,
    /// `dateCreated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<VendorTime>,
}

impl ContactIdentity {
    /// The identity without its timestamp.
    pub fn identity(&self) -> Identity {
        Identity::new(self.kind.clone(), self.id.clone())
    }
}

/// The answer of `POST /open/contacts/identities` ("获取联系人所有的身份信息").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactIdentities {
    /// `contactId`.
    pub contact_id: ContactId,
    /// `identities`.
    #[serde(default)]
    pub identities: Vec<ContactIdentity>,
}

/// A tag value of a contact (`POST /open/contacts/tags`, "获取联系人标签值").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactTagValue {
    /// `tagId`.
    pub tag_id: i64,
    /// `tagName`.
    #[serde(default)]
    pub tag_name: Option<String>,
    /// `tagKey`.
    #[serde(default)]
    pub tag_key: Option<String>,
    /// `value` (text, a number, … as the tag's data type says).
    #[serde(default)]
    pub value: serde_json::Value,
}

/// The result of fetching contacts by id in any number (`GET /open/contacts_bulk`, split into
/// calls of 100): the contacts in the caller's order, and what could not be returned.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct BulkContacts {
    /// The contacts found, in the order their ids were first given.
    pub contacts: Vec<Contact>,
    /// Ids the vendor did not return (unknown or deleted contacts), in the caller's order.
    pub missing: Vec<ContactId>,
    /// Ids given more than once (fetched once; each repeat listed once here).
    pub duplicates: Vec<ContactId>,
}

impl BulkContacts {
    /// Whether every id given was found exactly once.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.duplicates.is_empty()
    }
}
