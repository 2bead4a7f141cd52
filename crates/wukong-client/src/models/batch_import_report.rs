//! [`BatchImportReport`]: the result of a batch import (数据API §2.3, batch form), per chunk and
//! per lead.

use super::chunk_report::ChunkReport;
use super::lead_outcome::LeadOutcome;

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
