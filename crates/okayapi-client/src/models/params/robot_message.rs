//! [`RobotMessage`]: the fields of a DingTalk robot callback, shared by the three robot methods.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::models::{AtUser, ConversationType, MessageText, MessageType};

/// The fields of a DingTalk robot callback ("接收来自群里@机器人的消息回调"), shared by
/// ACpsReceiveSearch, AReceiveMsg and ARjkhSaleCaseReceiveSearch (flattened into each).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RobotMessage {
    /// senderPlatform: 消息发送平台.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_platform: Option<String>,
    /// conversationId: 会话ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// atUsers: 被@人的信息 (sent as JSON text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_users: Option<Vec<AtUser>>,
    /// chatbotCorpId: 加密的机器人所在的企业corpId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chatbot_corp_id: Option<String>,
    /// chatbotUserId: 加密的机器人ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chatbot_user_id: Option<String>,
    /// msgId: 加密的消息ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_id: Option<String>,
    /// senderNick: 发送者昵称.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_nick: Option<String>,
    /// isAdmin: 是否为管理员 (sent as `true` / `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_admin: Option<bool>,
    /// senderStaffId: 企业内部群中@该机器人的成员 userId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_staff_id: Option<String>,
    /// createAt: 消息的时间戳 (sent as epoch milliseconds).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::form::millis_opt"
    )]
    pub create_at: Option<DateTime<Utc>>,
    /// senderCorpId: 企业内部群的发送者当前群的企业corpId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_corp_id: Option<String>,
    /// conversationType: 会话类型 (1 单聊, 2 群聊).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_type: Option<ConversationType>,
    /// senderId: 加密的发送者ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_id: Option<String>,
    /// conversationTitle: 群聊时才有的会话标题.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_title: Option<String>,
    /// isInAtList: 是否在@列表中 (sent as `true` / `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_in_at_list: Option<bool>,
    /// sessionWebhook: 当前会话的Webhook地址.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_webhook: Option<String>,
    /// text: 消息文本 (sent as JSON text, `{"content": …}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<MessageText>,
    /// msgtype: 消息类型.
    #[serde(rename = "msgtype", skip_serializing_if = "Option::is_none")]
    pub msgtype: Option<MessageType>,
    /// robotCode: 机器人编码.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robot_code: Option<String>,
    /// sessionWebhookExpiredTime: 当前会话的Webhook地址过期时间 (sent as epoch milliseconds).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::form::millis_opt"
    )]
    pub session_webhook_expired_time: Option<DateTime<Utc>>,
}

impl RobotMessage {
    /// An empty callback (every field optional, as documented).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `atUsers` (被@人的信息).
    pub fn at_users(mut self, users: impl IntoIterator<Item = AtUser>) -> Self {
        self.at_users = Some(users.into_iter().collect());
        self
    }
}

setters!(RobotMessage {
    /// Sets `senderPlatform` (消息发送平台).
    sender_platform: String,
    /// Sets `conversationId` (会话ID).
    conversation_id: String,
    /// Sets `chatbotCorpId` (加密的机器人所在的企业corpId).
    chatbot_corp_id: String,
    /// Sets `chatbotUserId` (加密的机器人ID).
    chatbot_user_id: String,
    /// Sets `msgId` (加密的消息ID).
    msg_id: String,
    /// Sets `senderNick` (发送者昵称).
    sender_nick: String,
    /// Sets `isAdmin` (是否为管理员).
    is_admin: bool,
    /// Sets `senderStaffId` (成员 userId).
    sender_staff_id: String,
    /// Sets `createAt` (消息的时间戳).
    create_at: DateTime<Utc>,
    /// Sets `senderCorpId` (发送者当前群的企业corpId).
    sender_corp_id: String,
    /// Sets `conversationType` (会话类型).
    conversation_type: ConversationType,
    /// Sets `senderId` (加密的发送者ID).
    sender_id: String,
    /// Sets `conversationTitle` (群聊时才有的会话标题).
    conversation_title: String,
    /// Sets `isInAtList` (是否在@列表中).
    is_in_at_list: bool,
    /// Sets `sessionWebhook` (当前会话的Webhook地址).
    session_webhook: String,
    /// Sets `text` (消息文本; sent as JSON text).
    text: MessageText,
    /// Sets `msgtype` (消息类型).
    msgtype: MessageType,
    /// Sets `robotCode` (机器人编码).
    robot_code: String,
    /// Sets `sessionWebhookExpiredTime` (Webhook地址过期时间).
    session_webhook_expired_time: DateTime<Utc>,
});
