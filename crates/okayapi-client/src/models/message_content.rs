//! [`MessageContent`]: AReceiveMsg's `content`.

use serde::{Deserialize, Serialize};

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
