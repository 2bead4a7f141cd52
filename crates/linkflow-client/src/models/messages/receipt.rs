//! What a sent batch carried ([`MessageReceipt`]).

/// What was sent: the batch's `request_id` and each `message_id` (generated or the caller's).
/// Keep them to correlate with the tenant's data, or to re-send the same batch.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessageReceipt {
    /// The `request_id` sent.
    pub request_id: String,
    /// The `message_id`s sent, in message order.
    pub message_ids: Vec<String>,
}
