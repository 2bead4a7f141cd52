//! [`AtUser`]: one entry of a robot callback's `atUsers`.

use serde::{Deserialize, Serialize};

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
