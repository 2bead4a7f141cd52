//! Types shared by several areas: ids, identities, UTM parameters.
//!
//! The id newtypes and [`IdentityType`] are hand-written (the generated models name them through
//! `[external]` in `fixtures/linkflow/manifest.toml`); [`Identity`] and [`Utm`] are the generated
//! types (re-exported by `models`), with their constructors here.

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

use super::generated::{Identity, Utm};

/// An identity ("身份识别", the generated [`Identity`]): `{"id": "…", "type": "…"}`, with
/// `dateCreated` when the server lists a contact's identities.
impl Identity {
    /// An identity of `kind` with value `id` (no `dateCreated`: what a request sends).
    pub fn new(kind: impl Into<IdentityType>, id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            kind: kind.into(),
            date_created: None,
        }
    }

    /// The same identity without its `dateCreated` (to send it back in a request).
    pub fn without_date(&self) -> Self {
        Self::new(self.kind.clone(), self.id.clone())
    }
}

/// Builders of the UTM parameters (`utm`, the generated [`Utm`]): source, campaign, medium,
/// content, term, all optional.
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
