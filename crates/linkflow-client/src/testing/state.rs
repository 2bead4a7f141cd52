//! The state behind every route ([`SandboxState`]): one field per documented area.

use std::collections::HashMap;

use super::builder::Settings;
use super::{
    auth, contact_store, dimensions, groups, messages, order_messages, orders, reports, shorturls,
    tag_store,
};

/// The state behind every route. Each area keeps its own part in one field.
#[derive(Debug, Default)]
pub(crate) struct SandboxState {
    pub(crate) config: Settings,
    pub(crate) auth: auth::AuthState,
    pub(crate) contacts: contact_store::ContactsState,
    pub(crate) groups: groups::GroupsState,
    pub(crate) messages: messages::MessagesState,
    pub(crate) tags: tag_store::TagsState,
    pub(crate) dimensions: dimensions::DimensionsState,
    pub(crate) orders: orders::OrdersState,
    pub(crate) order_messages: order_messages::OrderMessagesState,
    pub(crate) reports: reports::ReportsState,
    pub(crate) shorturls: shorturls::ShortUrlsState,
    /// Requests answered, per operation (`"METHOD /path/{template}"`).
    pub(crate) counts: HashMap<&'static str, u64>,
}
