//! A batch of messages for one channel and one person ([`MessageBatch`]), settled and serialised
//! once ([`PreparedBatch`]).

use chrono::{DateTime, Utc};
use client_core::Error;
use serde::Serialize;
use uuid::Uuid;

use super::message::WireMessage;
use super::{ChannelType, Message, MessageData};
use crate::models::Identity;

/// A batch of messages for one channel and one person (the request body of
/// `POST /open/messages` and `POST /open/messages/orders`).
#[derive(Debug, Clone, PartialEq)]
pub struct MessageBatch<D> {
    /// `request_id` ("保证每个请求唯一"); a UUID v4 is generated when `None`.
    pub request_id: Option<String>,
    /// `channelKey` ("渠道id", required).
    pub channel_key: String,
    /// `channelType` (default `UDC`, omitted when `None`).
    pub channel_type: Option<ChannelType>,
    /// `identities` (required, at least one).
    pub identities: Vec<Identity>,
    /// `messages` (required, at least one).
    pub messages: Vec<Message<D>>,
}

/// A batch ready to send: its settled ids and the exact JSON bytes.
#[derive(Debug, Clone)]
pub struct PreparedBatch {
    /// The `request_id` sent (generated or the caller's).
    pub request_id: String,
    /// Every `message_id` sent, in message order.
    pub message_ids: Vec<String>,
    /// The JSON body.
    pub body: bytes::Bytes,
}

impl<D: MessageData> MessageBatch<D> {
    /// An empty batch for the channel `channel_key`.
    pub fn new(channel_key: impl Into<String>) -> Self {
        Self {
            request_id: None,
            channel_key: channel_key.into(),
            channel_type: None,
            identities: Vec::new(),
            messages: Vec::new(),
        }
    }

    /// Checks the documented rules, settles `request_id`, every `message_id` and `ts`, and
    /// serialises the body once.
    pub fn prepare(&self, now: DateTime<Utc>) -> client_core::Result<PreparedBatch> {
        if self.channel_key.trim().is_empty() {
            return Err(Error::invalid_input("channelKey", "is required"));
        }
        if let Some(channel_type) = &self.channel_type {
            check_channel_type(channel_type, D::channel_types())?;
        }
        if self.identities.is_empty() {
            return Err(Error::invalid_input(
                "identities",
                "at least one identity is required",
            ));
        }
        for (i, identity) in self.identities.iter().enumerate() {
            if identity.id.trim().is_empty() {
                return Err(Error::invalid_input(
                    format!("identities[{i}].id"),
                    "is required",
                ));
            }
            if identity.kind.as_str().trim().is_empty() {
                return Err(Error::invalid_input(
                    format!("identities[{i}].type"),
                    "is required",
                ));
            }
        }
        if self.messages.is_empty() {
            return Err(Error::invalid_input(
                "messages",
                "at least one message is required",
            ));
        }
        let mut sent = Vec::with_capacity(self.messages.len());
        for (i, m) in self.messages.iter().enumerate() {
            m.data.validate(i)?;
            sent.push(m.data.to_sent(i)?);
        }
        let request_id = match &self.request_id {
            Some(id) if id.trim().is_empty() => {
                return Err(Error::invalid_input("request_id", "must not be blank"));
            }
            Some(id) => id.clone(),
            None => Uuid::new_v4().to_string(),
        };
        let message_ids: Vec<String> = self
            .messages
            .iter()
            .map(|m| {
                m.message_id
                    .clone()
                    .unwrap_or_else(|| Uuid::new_v4().to_string())
            })
            .collect();
        let now_ms = now.timestamp_millis();
        let wire: Vec<WireMessage<'_, D>> = self
            .messages
            .iter()
            .zip(&message_ids)
            .zip(&sent)
            .map(|((m, id), data)| WireMessage {
                message_id: id,
                ts: m.ts.map_or(now_ms, |t| t.timestamp_millis()),
                data: data.as_ref(),
            })
            .collect();
        let body = WireBatch {
            request_id: &request_id,
            channel_key: &self.channel_key,
            channel_type: self.channel_type.as_ref(),
            identities: &self.identities,
            messages: &wire,
        };
        let bytes = serde_json::to_vec(&body)
            .map_err(|e| Error::invalid_input("messages", format!("cannot be serialised: {e}")))?;
        Ok(PreparedBatch {
            request_id,
            message_ids,
            body: bytes::Bytes::from(bytes),
        })
    }
}

/// `channelType` is one of `allowed`, or an explicit undocumented type (not blank).
fn check_channel_type(channel_type: &ChannelType, allowed: &[&str]) -> client_core::Result<()> {
    match channel_type {
        ChannelType::Other(text) if text.trim().is_empty() => {
            Err(Error::invalid_input("channelType", "must not be blank"))
        }
        // The escape hatch: a type the document does not list, asked for explicitly.
        ChannelType::Other(_) => Ok(()),
        known if allowed.contains(&known.as_str()) => Ok(()),
        other => Err(Error::invalid_input(
            "channelType",
            format!(
                "`{other}` is not a channel type of this endpoint; the document lists {} \
                 (an undocumented type is sent only as `ChannelType::Other`)",
                allowed.join(", ")
            ),
        )),
    }
}

#[derive(Serialize)]
struct WireBatch<'a, D: MessageData> {
    request_id: &'a str,
    #[serde(rename = "channelKey")]
    channel_key: &'a str,
    #[serde(rename = "channelType", skip_serializing_if = "Option::is_none")]
    channel_type: Option<&'a ChannelType>,
    identities: &'a [Identity],
    messages: &'a [WireMessage<'a, D>],
}
