//! Document section "联系人和事件" → "创建/更新订单": `POST /open/messages/orders`, sales orders
//! sent as messages (`domain: salesOrder`, `action: set`) for one identified person.
//!
//! The envelope, ids and retries are those of `POST /open/messages` (see
//! [`messages`](crate::api::messages)): `request_id` and every `message_id` are UUIDs unless
//! given, the same on every retry, and the batch is retried after ambiguous failures because
//! `request_id` is its uniqueness key; [`SendOrders::no_retry`] (or
//! [`with_options`](SendOrders::with_options)) turns that off for one call.
//!
//! `channelType` is `UDC` (the server's default), `YOUZAN` or `YOUZANSELF` here; the profile
//! channel types `TTMP` and `WECHAT_WXA` are refused before sending (an undocumented type goes
//! only as the explicit `ChannelType::Other`).

use crate::api::messages::SendMessages;
use crate::models::{ChannelType, Identity, Message, MessageBatch, MessageReceipt, SalesOrder};
use crate::{Client, RequestOptions};

/// `POST /open/messages/orders`.
pub const SEND_ORDERS: &str = "POST /open/messages/orders";

/// The channel types `POST /open/messages/orders` accepts ("UDC、YOUZAN、YOUZANSELF").
pub const ORDER_CHANNEL_TYPES: &[&str] = &["UDC", "YOUZAN", "YOUZANSELF"];

client_core::handler! {
    /// Handler of "创建/更新订单" (`client.order_messages()`).
    pub struct OrderMessages => Client;
}

impl Client {
    /// Sales orders ("创建/更新订单", `POST /open/messages/orders`).
    pub fn order_messages(&self) -> OrderMessages<'_> {
        OrderMessages::new(self)
    }
}

impl<'a> OrderMessages<'a> {
    /// Starts a batch of orders for the channel `channel_key` ("渠道的channel_id"); add
    /// identities and orders, then [`SendOrders::send`].
    pub fn batch(&self, channel_key: impl Into<String>) -> SendOrders<'a> {
        SendOrders {
            inner: SendMessages::new(
                self.client,
                SEND_ORDERS,
                "/open/messages/orders",
                channel_key,
            )
            .with_options(self.options.clone()),
        }
    }

    /// Sends a batch built separately.
    pub async fn send(
        &self,
        batch: &MessageBatch<SalesOrder>,
    ) -> client_core::Result<MessageReceipt> {
        crate::api::messages::send_batch(
            self.client,
            SEND_ORDERS,
            "/open/messages/orders",
            batch,
            self.options.clone(),
        )
        .await
    }
}

/// Builds and sends one batch of orders (`POST /open/messages/orders`).
#[derive(Debug)]
#[must_use = "a batch does nothing until `send` is awaited"]
pub struct SendOrders<'a> {
    inner: SendMessages<'a, SalesOrder>,
}

impl SendOrders<'_> {
    /// Sets `request_id` (default: a random UUID v4). It is sent unchanged on every retry.
    pub fn request_id(self, id: impl Into<String>) -> Self {
        Self {
            inner: self.inner.request_id(id),
        }
    }

    /// Sets `channelType`: `UDC` (the server's default), `YOUZAN` or `YOUZANSELF`.
    pub fn channel_type(self, channel_type: impl Into<ChannelType>) -> Self {
        Self {
            inner: self.inner.channel_type(channel_type),
        }
    }

    /// Adds an identity ("身份识别"); at least one is required.
    pub fn identity(self, identity: impl Into<Identity>) -> Self {
        Self {
            inner: self.inner.identity(identity),
        }
    }

    /// Adds several identities.
    pub fn identities(self, identities: impl IntoIterator<Item = Identity>) -> Self {
        Self {
            inner: self.inner.identities(identities),
        }
    }

    /// Adds an order (`domain: salesOrder`, `action: set`).
    pub fn order(self, order: SalesOrder) -> Self {
        self.message(Message::new(order))
    }

    /// Adds an order message with its own `message_id` or `ts`.
    pub fn message(self, message: impl Into<Message<SalesOrder>>) -> Self {
        Self {
            inner: self.inner.message(message),
        }
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for this batch, replacing
    /// those of the handler it came from.
    pub fn with_options(self, options: impl Into<RequestOptions>) -> Self {
        Self {
            inner: self.inner.with_options(options),
        }
    }

    /// Turns retries off for this batch, keeping its other options (a token refresh still
    /// replays it once).
    pub fn no_retry(self) -> Self {
        Self {
            inner: self.inner.no_retry(),
        }
    }

    /// The batch as built so far.
    pub fn batch(&self) -> &MessageBatch<SalesOrder> {
        self.inner.batch()
    }

    /// Validates (envelope, `orderId`, `lineId`s, channel type), settles the ids and sends.
    /// Returns the `request_id` and `message_id`s sent.
    pub async fn send(self) -> client_core::Result<MessageReceipt> {
        self.inner.send().await
    }
}
