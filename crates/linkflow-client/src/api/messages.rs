//! Document section "联系人和事件" → "创建联系人和事件": `POST /open/messages`.
//!
//! Also the shared plumbing of every message endpoint (`POST /open/messages/orders` uses
//! [`SendMessages`] with its own payload type).
//!
//! # Retries and the idempotency key
//!
//! The document names `request_id` as the key that keeps each request unique ("保证每个请求唯一")
//! but does not promise that the server drops a repeated one. The client generates a UUID v4
//! `request_id` (and one per `message_id`) unless given, serialises the batch **once**, and sends
//! the same bytes on every attempt. It therefore retries these writes after ambiguous failures
//! (timeouts, connection resets after sending, HTTP 500/502/504 without a documented code): a
//! repeat carries the same ids, which is what the key is for. A caller who cannot accept a
//! possible duplicate turns retries off for one call with [`SendMessages::no_retry`] (or
//! `with_options(RequestOptions::default().with_retry(RetryPolicy::none()))` on the builder or
//! the handler).

use chrono::Utc;
use client_core::retry::RetryPolicy;
use client_core::transport::{Body, Request};
use serde::de::IgnoredAny;

use crate::Client;
use crate::RequestOptions;
use crate::models::{
    ChannelType, ContactData, EventData, Identity, Message, MessageBatch, MessageData,
    MessageReceipt, ProfileMessage,
};

/// The operation `POST /open/messages`.
pub const SEND_MESSAGES: &str = "POST /open/messages";

client_core::handler! {
    /// Handler of the area "联系人和事件" (`client.messages()`).
    pub struct Messages => Client;
}

impl Client {
    /// Contacts and events: `POST /open/messages` ("创建联系人和事件").
    pub fn messages(&self) -> Messages<'_> {
        Messages::new(self)
    }
}

impl<'a> Messages<'a> {
    /// Starts a batch for the channel `channel_key` ("渠道的channel_id"); add identities and
    /// contact or event messages, then [`SendMessages::send`].
    pub fn batch(&self, channel_key: impl Into<String>) -> SendMessages<'a, ProfileMessage> {
        SendMessages::new(self.client, SEND_MESSAGES, "/open/messages", channel_key)
            .with_options(self.options.clone())
    }

    /// Sends a batch built separately.
    pub async fn send(
        &self,
        batch: &MessageBatch<ProfileMessage>,
    ) -> client_core::Result<MessageReceipt> {
        send_batch(
            self.client,
            SEND_MESSAGES,
            "/open/messages",
            batch,
            self.options.clone(),
        )
        .await
    }
}

/// Sends one message batch to `path` (`operation` names it). Validates and settles the ids
/// before any I/O; the body is serialised once and carries `request_id` as its idempotency key.
pub(crate) async fn send_batch<D: MessageData>(
    client: &Client,
    operation: &'static str,
    path: &'static str,
    batch: &MessageBatch<D>,
    options: RequestOptions,
) -> client_core::Result<MessageReceipt> {
    let prepared = batch.prepare(Utc::now())?;
    let request = Request::post(operation, path)
        .body(Body::Json(prepared.body))
        .idempotency_key(prepared.request_id.clone())
        .options(options);
    let _: IgnoredAny = client.execute(request).await?;
    Ok(MessageReceipt {
        request_id: prepared.request_id,
        message_ids: prepared.message_ids,
    })
}

/// Builds and sends one message batch (`POST /open/messages`, or `POST /open/messages/orders`
/// with the orders payload).
#[derive(Debug)]
#[must_use = "a batch does nothing until `send` is awaited"]
pub struct SendMessages<'a, D> {
    client: &'a Client,
    operation: &'static str,
    path: &'static str,
    batch: MessageBatch<D>,
    options: RequestOptions,
}

impl<'a, D: MessageData> SendMessages<'a, D> {
    /// A batch for `operation` at `path` (for the message endpoints of this crate).
    pub(crate) fn new(
        client: &'a Client,
        operation: &'static str,
        path: &'static str,
        channel_key: impl Into<String>,
    ) -> Self {
        Self {
            client,
            operation,
            path,
            batch: MessageBatch::new(channel_key),
            options: RequestOptions::default(),
        }
    }

    /// Sets `request_id` (default: a random UUID v4). It is sent unchanged on every retry.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.batch.request_id = Some(id.into());
        self
    }

    /// Sets `channelType` (the server's default is `UDC`).
    pub fn channel_type(mut self, channel_type: impl Into<ChannelType>) -> Self {
        self.batch.channel_type = Some(channel_type.into());
        self
    }

    /// Adds an identity ("身份识别"); at least one is required.
    pub fn identity(mut self, identity: impl Into<Identity>) -> Self {
        self.batch.identities.push(identity.into());
        self
    }

    /// Adds several identities.
    pub fn identities(mut self, identities: impl IntoIterator<Item = Identity>) -> Self {
        self.batch.identities.extend(identities);
        self
    }

    /// Adds a message (with its own `message_id` or `ts` if set).
    pub fn message(mut self, message: impl Into<Message<D>>) -> Self {
        self.batch.messages.push(message.into());
        self
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for this batch, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// Turns retries off for this batch, keeping its other options: at most one attempt (a
    /// token refresh still replays it once, since the server rejected it without acting).
    pub fn no_retry(mut self) -> Self {
        self.options = std::mem::take(&mut self.options).with_retry(RetryPolicy::none());
        self
    }

    /// The batch as built so far.
    pub fn batch(&self) -> &MessageBatch<D> {
        &self.batch
    }

    /// Validates, settles the ids, and sends. Returns the `request_id` and `message_id`s sent.
    pub async fn send(self) -> client_core::Result<MessageReceipt> {
        send_batch(
            self.client,
            self.operation,
            self.path,
            &self.batch,
            self.options,
        )
        .await
    }
}

impl SendMessages<'_, ProfileMessage> {
    /// Adds contact data (`domain: contact`, `action: set`).
    pub fn contact(self, data: ContactData) -> Self {
        self.message(Message::new(ProfileMessage::Contact(data)))
    }

    /// Adds an event (`domain: event`, `action: track`).
    pub fn event(self, data: EventData) -> Self {
        self.message(Message::new(ProfileMessage::Event(data)))
    }
}
