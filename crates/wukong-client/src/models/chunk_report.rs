//! [`ChunkReport`]: one chunk of a batch import (§2.3), its leads and their outcomes.

use std::ops::Range;

use super::chunk_outcome::ChunkOutcome;
use super::lead_outcome::LeadOutcome;

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
