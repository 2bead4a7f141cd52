//! Types of the document area "联系人" (contacts): `GET /open/contacts`, `/open/contacts/cursor`,
//! `/open/contacts_bulk/ids`, `/open/contacts_bulk`, `POST /open/contacts/identities`,
//! `POST /open/contacts/tags`, `DELETE /open/contacts/identities/unbind`,
//! `GET /open/contacts/{id}/identities`.
//!
//! The wire models are the generated ones ([`Contact`], [`OpenId`], [`ContactIdentities`],
//! [`ContactTag`], and the shared [`Identity`](super::Identity)): every attribute a real contact
//! may lack is optional, ids are [`ContactId`]s, lists default to empty, and
//! unknown fields are ignored. Hand-written here: the query filter [`AnonymousFilter`] and the
//! client-side result [`BulkContacts`].

use super::common::ContactId;

pub use super::generated::{Contact, ContactIdentities, ContactTag, OpenId};

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
