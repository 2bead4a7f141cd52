//! The DingTalk robot callbacks: AReceiveMsg (接收来自群里@机器人的消息回调), ACpsReceiveSearch
//! (内容售卖案例想查就查) and ARjkhSaleCaseReceiveSearch (软件客户售卖案例查询).

use serde::Serialize;

use super::RobotMessage;
use crate::models::{CustomType, MessageContent, ModelType, RecordId};

/// ACpsReceiveSearch (内容售卖案例想查就查): a robot callback that looks up content sales cases;
/// answers the id of the record it stores, so it is not safe to repeat.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct CpsReceiveSearchParams(pub RobotMessage);

/// ARjkhSaleCaseReceiveSearch (软件客户售卖案例查询): a robot callback that looks up software sales
/// cases; answers the id of the record it stores, so it is not safe to repeat.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SaleCaseReceiveSearchParams(pub RobotMessage);

crate::okayapi_method!(CpsReceiveSearchParams => RecordId, "ACpsReceiveSearch", safe_to_repeat = false);
crate::okayapi_method!(SaleCaseReceiveSearchParams => RecordId, "ARjkhSaleCaseReceiveSearch", safe_to_repeat = false);

/// AReceiveMsg (接收来自群里@机器人的消息回调): stores a robot callback; the DingTalk fields plus
/// `customType`, `content` and `modelType`. Not safe to repeat.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct ReceiveMsgParams {
    /// The DingTalk callback fields.
    #[serde(flatten)]
    pub message: RobotMessage,
    /// customType: 自定义类型.
    #[serde(rename = "customType", skip_serializing_if = "Option::is_none")]
    pub custom_type: Option<CustomType>,
    /// content: 消息内容 (sent as JSON text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    /// modelType: 模型类型.
    #[serde(rename = "modelType", skip_serializing_if = "Option::is_none")]
    pub model_type: Option<ModelType>,
}

impl ReceiveMsgParams {
    /// The callback `message` with no extra fields.
    pub fn new(message: RobotMessage) -> Self {
        Self {
            message,
            ..Self::default()
        }
    }
}

setters!(ReceiveMsgParams {
    /// Sets `customType` (自定义类型).
    custom_type: CustomType,
    /// Sets `content` (消息内容; sent as JSON text).
    content: MessageContent,
    /// Sets `modelType` (模型类型).
    model_type: ModelType,
});

crate::okayapi_method!(ReceiveMsgParams => RecordId, "AReceiveMsg", safe_to_repeat = false);

impl From<RobotMessage> for CpsReceiveSearchParams {
    fn from(message: RobotMessage) -> Self {
        Self(message)
    }
}

impl From<RobotMessage> for SaleCaseReceiveSearchParams {
    fn from(message: RobotMessage) -> Self {
        Self(message)
    }
}

impl From<RobotMessage> for ReceiveMsgParams {
    fn from(message: RobotMessage) -> Self {
        Self::new(message)
    }
}
