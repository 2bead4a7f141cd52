//! The payload of one message ([`MessageData`]): what contact data, events and sales orders have
//! in common.

use std::borrow::Cow;

use serde::Serialize;

/// The payload of one message: its `domain`, its `action` and its `data` object.
///
/// Implemented by [`ContactData`](super::ContactData) (`contact` / `set`), [`EventData`](super::EventData) (`event` / `track`),
/// [`ProfileMessage`](super::ProfileMessage) (either of them) and the orders area's sales order.
pub trait MessageData: Serialize + Clone {
    /// The `domain` member (`contact`, `event`, `salesOrder`, …).
    fn domain(&self) -> &str;
    /// The `action` member (`set` for contacts and orders, `track` for events).
    fn action(&self) -> &str;
    /// Checks the payload's documented rules before anything is sent. `index` is the message's
    /// position in the batch, for error messages.
    fn validate(&self, index: usize) -> client_core::Result<()> {
        let _ = index;
        Ok(())
    }
    /// The documented `channelType`s of the endpoint this payload is sent to: a batch whose
    /// `channelType` is another documented type is refused before sending (an undocumented one,
    /// [`ChannelType::Other`](super::ChannelType::Other), is sent as given).
    fn channel_types() -> &'static [&'static str];
    /// The payload as it is sent (called after [`validate`](Self::validate)): `self`, or a copy
    /// with members rewritten in the layout the document gives (a sales order's times as
    /// `yyyy-MM-dd HH:mm:ss` in UTC+8). A member that cannot be written so is an invalid-input
    /// error naming it, before anything is sent.
    fn to_sent(&self, index: usize) -> client_core::Result<Cow<'_, Self>> {
        let _ = index;
        Ok(Cow::Borrowed(self))
    }
}
