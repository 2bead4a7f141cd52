//! Event data, the payload of an `event` message ([`EventData`]).

use chrono::{DateTime, Utc};
use client_core::Error;
use serde::{Serialize, Serializer};

use super::{MessageData, PROFILE_CHANNEL_TYPES, check_extra};
use crate::models::{Props, Utm};

/// Event data (`domain: event`, `action: track`; "事件数据本体"). Hand-written rather than the
/// generated `MessagesRequestEvent` (which requires `eventDate`): see the [module docs](super).
///
/// A free-form field named like a typed member ([`EventData::TYPED_MEMBERS`]) is refused before
/// sending, so the body never holds the same member twice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventData {
    /// `event`: the event type ("事件类型"), e.g. `WECHAT_WXA__HIDE`.
    pub event: String,
    /// `eventDate`: when the event happened ("事件发生时间", epoch milliseconds).
    #[serde(serialize_with = "opt_millis", skip_serializing_if = "Option::is_none")]
    pub event_date: Option<DateTime<Utc>>,
    /// `utm`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utm: Option<Utm>,
    /// `props`: custom event properties ("事件自定义属性").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub props: Option<Props>,
    /// Any other member of `data`.
    #[serde(flatten)]
    pub extra: Props,
}

impl EventData {
    /// The members of `data` written from the typed fields: a free-form [`field`](Self::field)
    /// of one of these names is refused before sending.
    pub const TYPED_MEMBERS: &'static [&'static str] = &["event", "eventDate", "utm", "props"];

    /// An event of type `event`.
    pub fn new(event: impl Into<String>) -> Self {
        Self {
            event: event.into(),
            event_date: None,
            utm: None,
            props: None,
            extra: Props::new(),
        }
    }

    /// Sets `eventDate`.
    pub fn event_date(mut self, at: impl Into<DateTime<Utc>>) -> Self {
        self.event_date = Some(at.into());
        self
    }

    /// Sets `utm`.
    pub fn utm(mut self, v: impl Into<Utm>) -> Self {
        self.utm = Some(v.into());
        self
    }

    /// Sets one custom property in `props`.
    pub fn prop(mut self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.props
            .get_or_insert_with(Props::new)
            .insert(name.into(), value.into());
        self
    }

    /// Sets any other member of `data`. A name in [`TYPED_MEMBERS`](Self::TYPED_MEMBERS) makes
    /// the batch fail before sending: use the typed setter.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }
}

impl MessageData for EventData {
    fn domain(&self) -> &str {
        "event"
    }
    fn channel_types() -> &'static [&'static str] {
        PROFILE_CHANNEL_TYPES
    }
    fn action(&self) -> &str {
        "track"
    }
    fn validate(&self, index: usize) -> client_core::Result<()> {
        if self.event.trim().is_empty() {
            return Err(Error::invalid_input(
                format!("messages[{index}].data.event"),
                "is required",
            ));
        }
        check_extra(&self.extra, Self::TYPED_MEMBERS, "EventData", index)
    }
}

fn opt_millis<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(at) => s.serialize_i64(at.timestamp_millis()),
        None => s.serialize_none(),
    }
}
