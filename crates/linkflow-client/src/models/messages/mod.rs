//! Message batches (document section "联系人和事件" → "创建联系人和事件", `POST /open/messages`;
//! also the envelope of "创建/更新订单", `POST /open/messages/orders`).
//!
//! Every batch has the same envelope:
//!
//! ```json
//! {"request_id": "…", "channelKey": "…", "channelType": "UDC",
//!  "identities": [{"id": "…", "type": "…"}],
//!  "messages": [{"message_id": "…", "domain": "…", "action": "…", "ts": 1663146117310, "data": {…}}]}
//! ```
//!
//! [`MessageBatch`] is generic over the message payload ([`MessageData`]): contacts and events
//! here ([`ProfileMessage`]), sales orders in the orders area. `request_id` and every
//! `message_id` are random UUIDs (v4) unless the caller sets them, and the batch is serialised
//! **once**, so every retry sends the same ids.
//!
//! # Why these stay hand-written
//!
//! The generated request models (`MessagesRequest`, `MessagesRequestMessage` and its payloads,
//! internal to the crate) describe the document's example exactly, and the fixture tests prove
//! they read and write it; the builder here is what a caller needs on top of that shape:
//!
//! * the batch is generic over its payload, so the orders area (`POST /open/messages/orders`)
//!   plugs its own sales order in; the generated message is a closed enum of the three generated
//!   payloads;
//! * `message_id`, `request_id` and `ts` are optional *to the caller* and settled once in
//!   [`MessageBatch::prepare`] (UUIDs, the send time), where the generated message requires `ts`;
//! * contact and event data take any member not typed ([`ContactData::field`], a flattened map;
//!   a name of a typed member is refused, so no member is sent twice), where the generated
//!   `MessagesRequestContact` has only the members of the example (`name`, `email`, `utm`,
//!   `props`), and an event's `eventDate` may be left out (the generated `MessagesRequestEvent`
//!   requires it, as every example sends it).
//!
//! The parts that are plain data are the generated types: [`Identity`](super::Identity) and [`Utm`](super::Utm).

mod batch;
mod channel_type;
mod contact_data;
mod event_data;
mod message;
mod message_data;
mod profile_message;
mod receipt;

use client_core::Error;

pub use batch::{MessageBatch, PreparedBatch};
pub use channel_type::{ChannelType, PROFILE_CHANNEL_TYPES};
pub use contact_data::ContactData;
pub use event_data::EventData;
pub use message::Message;
pub use message_data::MessageData;
pub use profile_message::ProfileMessage;
pub use receipt::MessageReceipt;

use super::common::Props;

/// No free-form member of `data` (`extra`, flattened beside the typed fields) repeats a typed
/// one: the body would hold the member twice, and which value the server keeps would be up to
/// its JSON parser. Refused rather than folded into the typed field, because the free-form value
/// is untyped (`eventDate` as text, `event` as `null` would pass around the typed rules).
fn check_extra(
    extra: &Props,
    typed: &[&str],
    type_name: &str,
    index: usize,
) -> client_core::Result<()> {
    match extra.keys().find(|key| typed.contains(&key.as_str())) {
        Some(key) => Err(Error::invalid_input(
            format!("messages[{index}].data.{key}"),
            format!(
                "`{key}` is a typed member of {type_name}: set it with its setter, not as a \
                 free-form field (the body would hold it twice)"
            ),
        )),
        None => Ok(()),
    }
}
