//! [`ChunkOutcome`]: what happened to one chunk's request of a batch import (§2.3).

use client_core::Error;

use super::api_response::ApiResponse;

/// What happened to one chunk's request.
///
/// The chunk outcome is about the request; what happened to each of its leads is in
/// [`ChunkReport::lead_outcomes`](super::ChunkReport::lead_outcomes) — an accepted chunk's answer may still refuse some leads.
#[derive(Debug)]
#[non_exhaustive]
pub enum ChunkOutcome {
    /// The server answered with a success code. The reply is kept for its raw JSON; its
    /// per-lead answer, if any, is read into [`ChunkReport::lead_outcomes`](super::ChunkReport::lead_outcomes).
    Accepted(ApiResponse<serde_json::Value>),
    /// The server answered with an error code (or a 4xx, 429, 503). The error carries the
    /// vendor's code and message. Its leads are rejected unless the answer's per-lead part says
    /// otherwise (see [`ChunkReport::lead_outcomes`](super::ChunkReport::lead_outcomes)).
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
