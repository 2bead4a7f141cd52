//! Contact data, the payload of a `contact` message ([`ContactData`]).

use serde::Serialize;

use super::{MessageData, PROFILE_CHANNEL_TYPES, check_extra};
use crate::models::{Props, Utm};

/// Contact data (`domain: contact`, `action: set`; "联系人数据本体").
///
/// The documented fields are typed; any other field (including the tenant's own) can be set
/// with [`ContactData::field`]; custom properties go in [`ContactData::props`]. A free-form field
/// named like a typed member ([`ContactData::TYPED_MEMBERS`]) is refused before sending, so the
/// body never holds the same member twice. Hand-written
/// rather than the generated `MessagesRequestContact` (the example's four members only): see the
/// [module docs](super).
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
