//! [`MessageText`]: a robot callback's `text`.

use serde::{Deserialize, Serialize};

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
