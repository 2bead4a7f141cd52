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
//! The generated request models ([`generated::MessagesRequest`](super::generated::MessagesRequest),
//! [`generated::Message`](super::generated::Message) and its payloads) describe the document's
//! example exactly, and the fixture tests prove they read and write it; the builder here is what
//! a caller needs on top of that shape:
//!
//! * the batch is generic over its payload, so the orders area (`POST /open/messages/orders`)
//!   plugs its own sales order in; the generated `Message` is a closed enum of the three
//!   generated payloads;
//! * `message_id`, `request_id` and `ts` are optional *to the caller* and settled once in
//!   [`MessageBatch::prepare`] (UUIDs, the send time), where the generated `Message` requires `ts`;
//! * contact and event data take any member not typed ([`ContactData::field`], a flattened map;
//!   a name of a typed member is refused, so no member is sent twice), where the
//!   generated `ContactData` has only the members of the example (`name`, `email`, `utm`,
//!   `props`), and an event's `eventDate` may be left out (the generated `EventData` requires it,
//!   as every example sends it).
//!
//! The parts that are plain data are the generated types: [`Identity`] and [`Utm`].

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use client_core::Error;
use serde::ser::SerializeStruct as _;
use serde::{Serialize, Serializer};
use uuid::Uuid;

use super::common::{Identity, Props, Utm};

string_enum!(
    /// A channel type (`channelType`, default `UDC`). `POST /open/messages` accepts `UDC`, `TTMP`
    /// and `WECHAT_WXA` ([`PROFILE_CHANNEL_TYPES`]); `POST /open/messages/orders` accepts `UDC`,
    /// `YOUZAN` and `YOUZANSELF` (`ORDER_CHANNEL_TYPES`). A documented type the endpoint does not
    /// list is refused before sending; an undocumented one is sent only as the explicit
    /// [`ChannelType::Other`] (the escape hatch).
    ChannelType {
        /// `UDC`: a custom channel ("自定义渠道").
        Udc => "UDC",
        /// `TTMP`: a ByteDance mini-program ("字节小程序").
        Ttmp => "TTMP",
        /// `WECHAT_WXA`: a WeChat mini-program ("微信小程序").
        WechatWxa => "WECHAT_WXA",
        /// `YOUZAN`: YouZan ("有赞"), for orders.
        Youzan => "YOUZAN",
        /// `YOUZANSELF`: self-built YouZan, for orders.
        YouzanSelf => "YOUZANSELF",
    }
);

/// The channel types `POST /open/messages` accepts for contacts and events ("可选值为UDC(自定义渠道)、
/// TTMP(字节小程序)、WECHAT_WXA(微信小程序)").
pub const PROFILE_CHANNEL_TYPES: &[&str] = &["UDC", "TTMP", "WECHAT_WXA"];

/// The payload of one message: its `domain`, its `action` and its `data` object.
///
/// Implemented by [`ContactData`] (`contact` / `set`), [`EventData`] (`event` / `track`),
/// [`ProfileMessage`] (either of them) and the orders area's sales order.
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
    /// [`ChannelType::Other`], is sent as given).
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
struct WireMessage<'a, D> {
    message_id: &'a str,
    ts: i64,
    data: &'a D,
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

/// Contact data (`domain: contact`, `action: set`; "联系人数据本体").
///
/// The documented fields are typed; any other field (including the tenant's own) can be set
/// with [`ContactData::field`]; custom properties go in [`ContactData::props`]. A free-form field
/// named like a typed member ([`ContactData::TYPED_MEMBERS`]) is refused before sending, so the
/// body never holds the same member twice. Hand-written
/// rather than the generated `ContactData` (the example's four members only): see the
/// [module docs](self).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactData {
    /// `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `nickname`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// `gender` (`male`, `female`, `unknown`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// `email`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `mobilePhone`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    /// `utm` (the document's example sends `{}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utm: Option<Utm>,
    /// `props`: custom contact properties ("联系人自定义属性").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub props: Option<Props>,
    /// Any other member of `data`.
    #[serde(flatten)]
    pub extra: Props,
}

impl ContactData {
    /// The members of `data` written from the typed fields: a free-form [`field`](Self::field)
    /// of one of these names is refused before sending.
    pub const TYPED_MEMBERS: &'static [&'static str] = &[
        "name",
        "nickname",
        "gender",
        "email",
        "mobilePhone",
        "utm",
        "props",
    ];

    /// Empty contact data.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name`.
    pub fn name(mut self, v: impl Into<String>) -> Self {
        self.name = Some(v.into());
        self
    }

    /// Sets `nickname`.
    pub fn nickname(mut self, v: impl Into<String>) -> Self {
        self.nickname = Some(v.into());
        self
    }

    /// Sets `gender`.
    pub fn gender(mut self, v: impl Into<String>) -> Self {
        self.gender = Some(v.into());
        self
    }

    /// Sets `email`.
    pub fn email(mut self, v: impl Into<String>) -> Self {
        self.email = Some(v.into());
        self
    }

    /// Sets `mobilePhone`.
    pub fn mobile_phone(mut self, v: impl Into<String>) -> Self {
        self.mobile_phone = Some(v.into());
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

    /// Sets any other member of `data` (e.g. `city`, `company`). A name in
    /// [`TYPED_MEMBERS`](Self::TYPED_MEMBERS) makes the batch fail before sending: use the typed
    /// setter.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }
}

impl MessageData for ContactData {
    fn domain(&self) -> &str {
        "contact"
    }
    fn channel_types() -> &'static [&'static str] {
        PROFILE_CHANNEL_TYPES
    }
    fn action(&self) -> &str {
        "set"
    }
    fn validate(&self, index: usize) -> client_core::Result<()> {
        check_extra(&self.extra, Self::TYPED_MEMBERS, "ContactData", index)
    }
}

/// Event data (`domain: event`, `action: track`; "事件数据本体"). Hand-written rather than the
/// generated `EventData` (which requires `eventDate`): see the [module docs](self).
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

fn opt_millis<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(at) => s.serialize_i64(at.timestamp_millis()),
        None => s.serialize_none(),
    }
}
