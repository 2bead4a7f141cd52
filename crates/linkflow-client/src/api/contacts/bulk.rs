//! "批量获取联系人详情": `GET /open/contacts_bulk` for any number of ids, in calls of 100
//! ([`BulkGet`]).

use std::collections::{HashMap, HashSet};

use client_core::Error;
use client_core::transport::Request;

use super::{CONTACTS_BULK, MAX_BULK_IDS};
use crate::models::{BulkChunk, BulkContacts, Contact, ContactId};
use crate::{Client, RequestOptions};

/// `GET /open/contacts_bulk` for any number of ids ("批量获取联系人详情").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct BulkGet<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) ids: Vec<ContactId>,
    pub(super) need_open_id: bool,
    pub(super) concurrency: Option<usize>,
    pub(super) fail_fast: bool,
}

impl BulkGet<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for every call of this fetch, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

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
        let mut requests = chunks.iter().enumerate().map(|(index, chunk)| {
            let request = bulk_request(chunk, need_open_id).options(self.options.clone());
            (index, request)
        });
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
