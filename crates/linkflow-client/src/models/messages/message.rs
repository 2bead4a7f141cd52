//! One message of a batch ([`Message`]) and its serialised form.

use chrono::{DateTime, Utc};
use serde::ser::SerializeStruct as _;
use serde::{Serialize, Serializer};

use super::MessageData;

/// One message of a batch: `{message_id, domain, action, ts, data}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Message<D> {
    /// `message_id` ("随机uuid"); a UUID v4 is generated when `None`.
    pub message_id: Option<String>,
    /// `ts` ("当前时间戳", epoch milliseconds); the time of sending when `None`.
    pub ts: Option<DateTime<Utc>>,
    /// `data`.
    pub data: D,
}

impl<D> Message<D> {
    /// A message carrying `data`, with a generated id and the current time.
    pub fn new(data: D) -> Self {
        Self {
            message_id: None,
            ts: None,
            data,
        }
    }

    /// Sets `message_id` (kept on every retry).
    pub fn message_id(mut self, id: impl Into<String>) -> Self {
        self.message_id = Some(id.into());
        self
    }

    /// Sets `ts`.
    pub fn ts(mut self, ts: impl Into<DateTime<Utc>>) -> Self {
        self.ts = Some(ts.into());
        self
    }
}

impl<D> From<D> for Message<D>
where
    D: MessageData,
{
    fn from(data: D) -> Self {
        Self::new(data)
    }
}

/// A message with its id and timestamp settled, as serialised.
pub(super) struct WireMessage<'a, D> {
    pub(super) message_id: &'a str,
    pub(super) ts: i64,
    pub(super) data: &'a D,
}

impl<D: MessageData> Serialize for WireMessage<'_, D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Message", 5)?;
        st.serialize_field("message_id", self.message_id)?;
        st.serialize_field("domain", self.data.domain())?;
        st.serialize_field("action", self.data.action())?;
        st.serialize_field("ts", &self.ts)?;
        st.serialize_field("data", self.data)?;
        st.end()
    }
}
