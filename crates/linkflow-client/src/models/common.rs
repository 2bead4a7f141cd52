//! Types shared by several areas: ids, identities, UTM parameters.

use serde::{Deserialize, Serialize};

id_newtype!(
    /// A contact's id ("联系人id", Java `Long`), e.g. `703941987164160`.
    ContactId
);

id_newtype!(
    /// A group's id ("群组id").
    GroupId
);

string_enum!(
    /// An identity type ("身份类型"). The document names these; tenants define their own too,
    /// which are kept as [`IdentityType::Other`].
    IdentityType {
        /// `phone`
        Phone => "phone",
        /// `mobilePhone`
        MobilePhone => "mobilePhone",
        /// `email`
        Email => "email",
        /// `idCard`
        IdCard => "idCard",
        /// `wechat.unionId`
        WechatUnionId => "wechat.unionId",
        /// `wechat.openId`
        WechatOpenId => "wechat.openId",
        /// `wxa.openId` (WeChat mini-program)
        WxaOpenId => "wxa.openId",
        /// `workwechat.externalUserId`
        WorkwechatExternalUserId => "workwechat.externalUserId",
        /// `externalId` (an identity of a custom connection; needs a channel id where it is used)
        ExternalId => "externalId",
    }
);

/// An identity ("身份识别"): `{"id": "…", "type": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identity {
    /// The identity value ("身份id").
    pub id: String,
    /// The identity type ("身份类型").
    #[serde(rename = "type")]
    pub kind: IdentityType,
}

impl Identity {
    /// An identity of `kind` with value `id`.
    pub fn new(kind: impl Into<IdentityType>, id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            kind: kind.into(),
        }
    }
}

/// UTM parameters (`utm`): source, campaign, medium, content, term. All optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utm {
    /// `utm.source` ("来源").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `utm.campaign` ("活动").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// `utm.medium` ("媒介").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    /// `utm.content` ("内容").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// `utm.term` ("关键字").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
}

impl Utm {
    /// Empty UTM parameters (`{}`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `source`.
    pub fn source(mut self, v: impl Into<String>) -> Self {
        self.source = Some(v.into());
        self
    }

    /// Sets `campaign`.
    pub fn campaign(mut self, v: impl Into<String>) -> Self {
        self.campaign = Some(v.into());
        self
    }

    /// Sets `medium`.
    pub fn medium(mut self, v: impl Into<String>) -> Self {
        self.medium = Some(v.into());
        self
    }

    /// Sets `content`.
    pub fn content(mut self, v: impl Into<String>) -> Self {
        self.content = Some(v.into());
        self
    }

    /// Sets `term`.
    pub fn term(mut self, v: impl Into<String>) -> Self {
        self.term = Some(v.into());
        self
    }
}

/// Free-form custom properties (`props`).
pub type Props = serde_json::Map<String, serde_json::Value>;
