//! The documented code lists as enums, each with an `Other(String)` fallback that keeps a value
//! the document does not list: [`AssistantType`], [`ConversationType`], [`MessageType`],
//! [`CustomType`], [`ModelType`], [`InputType`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
}
