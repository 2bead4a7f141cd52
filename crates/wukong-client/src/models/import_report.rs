//! The report of a batch import (数据API §2.3, batch form): per chunk and per lead.

use std::ops::Range;

use client_core::Error;
use client_core::code::VendorCode;

use super::ApiResponse;

/// What happened to one chunk's request.
///
/// The chunk outcome is about the request; what happened to each of its leads is in
/// [`ChunkReport::lead_outcomes`] — an accepted chunk's answer may still refuse some leads.
#[derive(Debug)]
#[non_exhaustive]
pub enum ChunkOutcome {
    /// The server answered with a success code. The reply is kept for its raw JSON; its
    /// per-lead answer, if any, is read into [`ChunkReport::lead_outcomes`].
    Accepted(ApiResponse<serde_json::Value>),
    /// The server answered with an error code (or a 4xx, 429, 503). The error carries the
    /// vendor's code and message. Its leads are rejected unless the answer's per-lead part says
    /// otherwise (see [`ChunkReport::lead_outcomes`]).
    Rejected(Error),
    /// The request may have reached the server but no usable answer came (timeout, dropped
    /// connection, 5xx without a code, unreadable 2xx body): its leads **may or may not** have
    /// been imported. Check on Wukong before sending these leads again.
    Indeterminate(Error),
    /// The chunk was not sent (a failure that every chunk would meet — no authorisation, no
    /// connection — or [`fail_fast`](crate::api::leads::ImportBatch::fail_fast) stopped the
    /// batch): nothing of it was imported; it is safe to send again.
    NotSent(Option<Error>),
}

/// What happened to one lead of a batch import.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LeadOutcome {
    /// Imported: its chunk was accepted and the answer did not refuse it.
    Accepted,
    /// The server refused this lead: it was not imported.
    Rejected {
        /// The vendor's code for this lead (or for its chunk), if it gave one.
        code: Option<VendorCode>,
        /// The vendor's reason for this lead (or for its chunk), if it gave one.
        reason: Option<String>,
    },
    /// Its fate is not known: the chunk's request got no usable answer, or the answer was about
    /// the chunk's leads without saying which (counts only, a failure naming no lead). It may or
    /// may not have been imported.
    Unknown,
    /// Never sent: not imported, safe to send again.
    NotSent,
}

impl LeadOutcome {
    /// Whether the lead is certainly not imported, so sending it again cannot duplicate it.
    pub fn is_safe_to_resend(&self) -> bool {
        matches!(self, LeadOutcome::Rejected { .. } | LeadOutcome::NotSent)
    }
}

/// One chunk of a batch import: which leads it held (indices into the caller's list) and what
/// happened to it and to each of them.
#[derive(Debug)]
#[non_exhaustive]
pub struct ChunkReport {
    /// The chunk's position among the chunks, from 0.
    pub index: usize,
    /// The leads it held, as indices into the list given to the import.
    pub leads: Range<usize>,
    /// What happened to the request.
    pub outcome: ChunkOutcome,
    /// What happened to each of its leads, in the order of [`leads`](Self::leads): one entry
    /// per lead.
    pub lead_outcomes: Vec<LeadOutcome>,
}

/// The result of a batch import: one [`ChunkReport`] per chunk, in order. Every lead given to the
/// import is in exactly one chunk and has exactly one [`LeadOutcome`], so
/// `accepted_leads() + rejected_leads() + indeterminate_leads() + unsent_leads()` is the number
/// of leads given.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct BatchImportReport {
    /// The chunks, in the order they were (or would have been) sent.
    pub chunks: Vec<ChunkReport>,
}

impl BatchImportReport {
    /// Every lead's outcome, in the order the leads were given to the import.
    pub fn lead_outcomes(&self) -> impl Iterator<Item = &LeadOutcome> + '_ {
        self.chunks.iter().flat_map(|c| c.lead_outcomes.iter())
    }

    /// The outcome of the lead at `index` in the list given to the import.
    pub fn outcome_of(&self, index: usize) -> Option<&LeadOutcome> {
        self.chunks
            .iter()
            .find(|c| c.leads.contains(&index))
            .and_then(|c| c.lead_outcomes.get(index.checked_sub(c.leads.start)?))
    }

    /// Whether every lead was imported.
    pub fn is_complete(&self) -> bool {
        self.lead_outcomes()
            .all(|o| matches!(o, LeadOutcome::Accepted))
    }

    /// How many leads were imported.
    pub fn accepted_leads(&self) -> usize {
        self.count(|o| matches!(o, LeadOutcome::Accepted))
    }

    /// How many leads the server refused.
    pub fn rejected_leads(&self) -> usize {
        self.count(|o| matches!(o, LeadOutcome::Rejected { .. }))
    }

    /// How many leads have an unknown fate ([`LeadOutcome::Unknown`]).
    pub fn indeterminate_leads(&self) -> usize {
        self.count(|o| matches!(o, LeadOutcome::Unknown))
    }

    /// How many leads were never sent.
    pub fn unsent_leads(&self) -> usize {
        self.count(|o| matches!(o, LeadOutcome::NotSent))
    }

    /// The leads that are certainly not imported and safe to send again (rejected or not sent),
    /// as indices into the list given to the import, in order.
    pub fn safe_to_resend(&self) -> Vec<usize> {
        self.chunks
            .iter()
            .flat_map(|c| c.leads.clone().zip(c.lead_outcomes.iter()))
            .filter(|(_, o)| o.is_safe_to_resend())
            .map(|(i, _)| i)
            .collect()
    }

    fn count(&self, pick: impl Fn(&LeadOutcome) -> bool) -> usize {
        self.lead_outcomes().filter(|o| pick(o)).count()
    }
}
