//! A message of `POST /open/messages`: contact data or an event ([`ProfileMessage`]).

use serde::{Serialize, Serializer};

use super::{ContactData, EventData, MessageData, PROFILE_CHANNEL_TYPES};

/// A message of `POST /open/messages`: contact data or an event ("根据内部的domain字段区分").
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileMessage {
    /// `domain: contact`, `action: set`.
    Contact(ContactData),
    /// `domain: event`, `action: track`.
    Event(EventData),
}

impl Serialize for ProfileMessage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Contact(c) => c.serialize(s),
            Self::Event(e) => e.serialize(s),
        }
    }
}

impl MessageData for ProfileMessage {
    fn channel_types() -> &'static [&'static str] {
        PROFILE_CHANNEL_TYPES
    }
    fn domain(&self) -> &str {
        match self {
            Self::Contact(c) => c.domain(),
            Self::Event(e) => e.domain(),
        }
    }
    fn action(&self) -> &str {
        match self {
            Self::Contact(c) => c.action(),
            Self::Event(e) => e.action(),
        }
    }
    fn validate(&self, index: usize) -> client_core::Result<()> {
        match self {
            Self::Contact(c) => c.validate(index),
            Self::Event(e) => e.validate(index),
        }
    }
}

impl From<ContactData> for ProfileMessage {
    fn from(v: ContactData) -> Self {
        Self::Contact(v)
    }
}

impl From<EventData> for ProfileMessage {
    fn from(v: EventData) -> Self {
        Self::Event(v)
    }
}
