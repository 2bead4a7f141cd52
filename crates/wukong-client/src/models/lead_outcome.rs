//! [`LeadOutcome`]: what happened to one lead of a batch import (§2.3).

use client_core::code::VendorCode;

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
