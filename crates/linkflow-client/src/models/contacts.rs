//! Types of the document area "联系人" (contacts): `GET /open/contacts`, `/open/contacts/cursor`,
//! `/open/contacts_bulk/ids`, `/open/contacts_bulk`, `POST /open/contacts/identities`,
//! `POST /open/contacts/tags`, `DELETE /open/contacts/identities/unbind`,
//! `GET /open/contacts/{id}/identities`.
//!
//! The wire models are the generated ones, re-exported by `models` ([`Contact`],
//! [`OpenId`](super::OpenId), [`ContactIdentities`](super::ContactIdentities),
//! [`ContactTag`](super::ContactTag), and the shared [`Identity`](super::Identity)): every attribute a real contact
//! may lack is optional, ids are [`ContactId`]s, lists default to empty, and
//! unknown fields are ignored. Hand-written here: the query filter [`AnonymousFilter`] and the
//! client-side result [`BulkContacts`].

use super::common::ContactId;
use super::generated::Contact;

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
/// calls of 100): the contacts in the caller's order, what the vendor did not return, and how
/// each call ended.
///
/// A call that failed (after its retries) does not throw the others away: its ids are in
/// [`failed`](Self::failed) with the typed error, and [`failed_ids`](Self::failed_ids) gives
/// them back to fetch again. (`BulkGet::fail_fast(true)` makes the first failure fail the whole
/// fetch instead.)
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct BulkContacts {
    /// The contacts found, in the order their ids were first given.
    pub contacts: Vec<Contact>,
    /// Ids the vendor did not return (unknown or deleted contacts), in the caller's order. Ids
    /// of a failed call are not here (nobody knows yet): they are in [`failed`](Self::failed).
    pub missing: Vec<ContactId>,
    /// Ids given more than once (fetched once; each repeat listed once here).
    pub duplicates: Vec<ContactId>,
    /// Every call made, in the order of their ids: the ids each asked for and how it ended.
    pub chunks: Vec<BulkChunk>,
}

impl BulkContacts {
    /// Whether every id given was fetched and found exactly once (no failed call, nothing
    /// missing, no duplicates).
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.duplicates.is_empty() && !self.has_failures()
    }

    /// Whether any call failed.
    pub fn has_failures(&self) -> bool {
        self.chunks.iter().any(BulkChunk::is_failed)
    }

    /// The calls that failed (after all their attempts), with their ids and typed errors.
    pub fn failed(&self) -> impl Iterator<Item = &BulkChunk> {
        self.chunks.iter().filter(|c| c.is_failed())
    }

    /// The ids of every failed call, in the caller's order: pass them to
    /// `contacts().bulk(..)` to fetch only what is left.
    pub fn failed_ids(&self) -> Vec<ContactId> {
        self.failed().flat_map(|c| c.ids.iter().copied()).collect()
    }

    /// The first failed call's error, if any.
    pub fn first_error(&self) -> Option<&client_core::Error> {
        self.chunks.iter().find_map(BulkChunk::error)
    }
}

/// One `GET /open/contacts_bulk` call of a bulk fetch: the ids it asked for and how it ended.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkChunk {
    /// The ids the call asked for (at most 100), in the caller's order.
    pub ids: Vec<ContactId>,
    /// `Ok(n)`: the call was answered, with `n` of these contacts; `Err`: its typed error after
    /// all its attempts (a transport, API or decode error).
    pub outcome: Result<usize, client_core::Error>,
}

impl BulkChunk {
    /// Whether the call failed.
    pub fn is_failed(&self) -> bool {
        self.outcome.is_err()
    }

    /// The call's error, if it failed.
    pub fn error(&self) -> Option<&client_core::Error> {
        self.outcome.as_ref().err()
    }
}
