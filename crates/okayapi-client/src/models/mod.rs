//! Data types of the vendor API.
//!
//! * [`generated`] is produced by `cargo xtask codegen` from `fixtures/okayapi/`: the response
//!   types of the 15 methods (their `data` member) come from there and are re-exported here.
//! * [`params`] holds the hand-written request parameters of the 15 methods: typed values,
//!   required parameters in `new`, documented ranges checked before sending, and the
//!   "字符串JSON格式" parameters (`atUsers`, `text`, `content`) as typed values sent as JSON text.
//! * This module holds the hand-written value types: the documented code lists as enums with an
//!   `Other(String)` fallback, and the JSON-text parameter types.

pub mod generated;
mod param_value;
pub mod params;

use std::fmt;

use client_core::number_or_string::NumberOrString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use generated::{
    NrdadanCase, NrdadanCaseList, ProductProcure, ProductProcureList, PromptStep, PromptStepList,
    PtjdCase, PtjdCaseList, RecordId, ReportPrompt, ReportPromptList, SaleCase, SaleCaseList,
    SavedVarData, UseRecord, UseRecordStatistics, VarData, VarDataList,
};
pub use param_value::IntoParam;
pub use params::*;

use crate::method::ListResponse;

/// Defines a documented code list: an enum with the documented values and `Other(String)` for
/// anything else; written and read as the code's text (numbers are read too).
macro_rules! code_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $( $(#[doc = $vdoc:literal])* $variant:ident = $code:literal ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[doc = $vdoc])* $variant, )*
            /// A value the document does not list, kept as it was given.
            Other(String),
        }

        impl $name {
            /// The value as sent (`"1"`, `"text"`, …).
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $code, )*
                    Self::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $code => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $code => Self::$variant, )*
                    _ => Self::Other(value),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(CodeVisitor).map(Self::from)
            }
        }
    };
}

/// Reads a code as text, from a string or a number.
struct CodeVisitor;

impl serde::de::Visitor<'_> for CodeVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a code (string or number)")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

code_enum! {
    /// `assistant_type` (AAndyUseRecordStatistics): "助手类型:1内容产品售卖、2平台合作客户、3内容打单方案、4内容客户案例".
    pub enum AssistantType {
        /// 1 内容产品售卖 (content product sales).
        ContentProductSales = "1",
        /// 2 平台合作客户 (platform partner customers).
        PlatformPartner = "2",
        /// 3 内容打单方案 (content deal plans).
        ContentDealPlan = "3",
        /// 4 内容客户案例 (content customer cases).
        ContentCustomerCase = "4",
    }
}

code_enum! {
    /// `conversation_type` / `conversationType`: "会话类型:1单聊、2群聊".
    pub enum ConversationType {
        /// 1 单聊 (one-to-one chat).
        Single = "1",
        /// 2 群聊 (group chat).
        Group = "2",
    }
}

code_enum! {
    /// `msgtype` of the DingTalk robot callback methods: "消息类型".
    pub enum MessageType {
        /// text 文本消息.
        Text = "text",
        /// richText 富文本消息.
        RichText = "richText",
        /// picture 图片消息.
        Picture = "picture",
        /// audio 语音消息.
        Audio = "audio",
        /// video 视频消息.
        Video = "video",
        /// file 文件消息.
        File = "file",
    }
}

code_enum! {
    /// `customType` (AReceiveMsg): "自定义类型".
    pub enum CustomType {
        /// 1 图片 (picture).
        Picture = "1",
        /// 2 报告 (report).
        Report = "2",
        /// 3 打单 (deal plan).
        DealPlan = "3",
        /// 4 客户案例 (customer case).
        CustomerCase = "4",
        /// 5 运营活动设计 (campaign design).
        CampaignDesign = "5",
        /// 6 使用次数统计 (usage statistics).
        UsageStatistics = "6",
        /// 7 平台竞对切换案例 (competitor switch cases).
        CompetitorSwitchCase = "7",
        /// rcfz 人才发展 (talent development).
        TalentDevelopment = "rcfz",
        /// hyps 会议评审 (meeting review).
        MeetingReview = "hyps",
    }
}

code_enum! {
    /// `modelType` (AReceiveMsg): "模型类型:trigger、openapi".
    pub enum ModelType {
        /// trigger.
        Trigger = "trigger",
        /// openapi.
        OpenApi = "openapi",
    }
}

code_enum! {
    /// `input_type` (AJdyyReportData): "输入类型,1-kng,2-...".
    pub enum InputType {
        /// 1 kng.
        Kng = "1",
    }
}

/// `operate_type` (ASaveAndyVardDtas): "操作方式,1-创建,2-更新。默认为1创建。" Only 1 and 2 exist;
/// [`OperateType::try_from`] checks a raw number before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OperateType {
    /// 1 创建 (create; the server's default).
    #[default]
    Create,
    /// 2 更新 (update the row `id`).
    Update,
}

impl OperateType {
    /// The number sent.
    pub fn code(self) -> u8 {
        match self {
            OperateType::Create => 1,
            OperateType::Update => 2,
        }
    }
}

impl TryFrom<i64> for OperateType {
    type Error = client_core::Error;

    /// `1` or `2`; anything else is an invalid-input error (nothing is sent).
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(OperateType::Create),
            2 => Ok(OperateType::Update),
            other => Err(crate::Error::invalid_input(
                "operate_type",
                format!("must be 1 (create) or 2 (update), not {other}"),
            )),
        }
    }
}

impl Serialize for OperateType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.code())
    }
}

/// One entry of `atUsers` ("被@人的信息", sent as JSON text): `dingtalkId` is documented, `staffId`
/// is what DingTalk adds for members of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AtUser {
    /// dingtalkId: the encrypted id of the user mentioned.
    pub dingtalk_id: String,
    /// staffId: the user id inside the organisation, when DingTalk gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<String>,
}

impl AtUser {
    /// A mention of `dingtalk_id`.
    pub fn new(dingtalk_id: impl Into<String>) -> Self {
        Self {
            dingtalk_id: dingtalk_id.into(),
            staff_id: None,
        }
    }

    /// Sets `staffId`.
    pub fn staff_id(mut self, staff_id: impl Into<String>) -> Self {
        self.staff_id = Some(staff_id.into());
        self
    }
}

/// `text` ("消息文本", sent as JSON text): `content` is what the robot received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MessageText {
    /// content: 机器人接收的消息内容.
    pub content: String,
}

impl MessageText {
    /// A text message body.
    pub fn new(content: impl Into<String>) -> Self {
        Self {
            content: content.into(),
        }
    }
}

impl From<&str> for MessageText {
    fn from(content: &str) -> Self {
        Self::new(content)
    }
}

impl From<String> for MessageText {
    fn from(content: String) -> Self {
        Self::new(content)
    }
}

/// `content` (AReceiveMsg, "消息内容", sent as JSON text): for files, `downloadCode` and
/// `fileName`; other message types carry other members, kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MessageContent {
    /// downloadCode: exchanged for the file through DingTalk's download API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_code: Option<String>,
    /// fileName: 文件名.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Any other member (`duration`, `recognition`, `richText`, …), sent as given.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl MessageContent {
    /// A file message's content.
    pub fn file(download_code: impl Into<String>, file_name: impl Into<String>) -> Self {
        Self {
            download_code: Some(download_code.into()),
            file_name: Some(file_name.into()),
            extra: serde_json::Map::new(),
        }
    }

    /// Adds another member.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }
}

/// The page count's basis: `total` / `zong_shu`, sent as a number or as its text (`"12"`); absent,
/// negative or not a number means the server gave no total.
fn total_of(total: Option<&NumberOrString>) -> Option<u64> {
    total.and_then(NumberOrString::as_u64)
}

macro_rules! list_response {
    ($($list:ty => $item:ty, $items:ident);* $(;)?) => {
        $(
            impl ListResponse for $list {
                type Item = $item;
                fn into_page(self) -> (Vec<$item>, Option<u64>) {
                    let total = total_of(self.total.as_ref());
                    (self.$items, total)
                }
            }
        )*
    };
}

list_response! {
    UseRecordStatistics => UseRecord, items;
    NrdadanCaseList => NrdadanCase, list;
    PtjdCaseList => PtjdCase, list;
    ProductProcureList => ProductProcure, list;
    ReportPromptList => ReportPrompt, list;
    PromptStepList => PromptStep, list;
    SaleCaseList => SaleCase, list;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_enums_keep_unknown_values() {
        assert_eq!(AssistantType::from("3"), AssistantType::ContentDealPlan);
        assert_eq!(AssistantType::from("9").as_str(), "9");
        let t: ConversationType = serde_json::from_str("2").unwrap();
        assert_eq!(t, ConversationType::Group);
        let m: MessageType = serde_json::from_str("\"markdown\"").unwrap();
        assert_eq!(m, MessageType::Other("markdown".into()));
        assert_eq!(
            serde_json::to_string(&CustomType::TalentDevelopment).unwrap(),
            "\"rcfz\""
        );
    }

    #[test]
    fn operate_type_is_checked() {
        assert_eq!(OperateType::try_from(2).unwrap(), OperateType::Update);
        let err = OperateType::try_from(3).unwrap_err();
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("operate_type"));
    }
}
