//! [`NewLead`]: one lead to import (§2.3), checked before it is sent.

use client_core::Error;
use serde::Serialize;

use super::contact_format::{is_email, is_mobile};

/// One lead to import (数据API §2.3 加入悟空潜客): `name`, `mobile`, `email`, `wechat`, `qq`.
///
/// At least one contact field (`mobile`, `email`, `wechat`, `qq`) is required; see
/// [`NewLead::validate`].
///
/// ```
/// use wukong_client::models::NewLead;
/// let lead = NewLead::new().name("张三").mobile("13800138000");
/// assert!(lead.validate().is_ok());
/// assert!(NewLead::new().name("only a name").validate().is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NewLead {
    /// Name (`name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Mainland China mobile number, 11 digits starting with 1 (`mobile`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// E-mail address (`email`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// WeChat id (`wechat`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wechat: Option<String>,
    /// QQ number (`qq`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qq: Option<String>,
}

/// Longest text accepted in one lead field (a guard against pasting whole documents; the vendor
/// documents no limit).
pub const MAX_FIELD_CHARS: usize = 256;

impl NewLead {
    /// An empty lead; set at least one contact field.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the mobile number.
    pub fn mobile(mut self, mobile: impl Into<String>) -> Self {
        self.mobile = Some(mobile.into());
        self
    }

    /// Sets the e-mail address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets the WeChat id.
    pub fn wechat(mut self, wechat: impl Into<String>) -> Self {
        self.wechat = Some(wechat.into());
        self
    }

    /// Sets the QQ number.
    pub fn qq(mut self, qq: impl Into<String>) -> Self {
        self.qq = Some(qq.into());
        self
    }

    /// Checks the lead before it is sent: at least one contact field; `mobile` is 11 digits
    /// starting with 1 (an optional `+86`/`86` prefix is allowed); `email` looks like
    /// `local@domain.tld`; `qq` is 5–11 digits; no field is blank or longer than
    /// [`MAX_FIELD_CHARS`].
    pub fn validate(&self) -> Result<(), Error> {
        self.validate_at("")
    }

    /// [`NewLead::validate`], naming fields as `{prefix}{field}` (e.g. `data[3].mobile`).
    pub(crate) fn validate_at(&self, prefix: &str) -> Result<(), Error> {
        let field = |name: &str| format!("{prefix}{name}");
        for (name, value) in [
            ("name", &self.name),
            ("mobile", &self.mobile),
            ("email", &self.email),
            ("wechat", &self.wechat),
            ("qq", &self.qq),
        ] {
            if let Some(v) = value {
                if v.trim().is_empty() {
                    return Err(Error::invalid_input(
                        field(name),
                        "must not be blank when set",
                    ));
                }
                if v.chars().count() > MAX_FIELD_CHARS {
                    return Err(Error::invalid_input(
                        field(name),
                        format!("must be at most {MAX_FIELD_CHARS} characters"),
                    ));
                }
            }
        }
        if self.mobile.is_none()
            && self.email.is_none()
            && self.wechat.is_none()
            && self.qq.is_none()
        {
            return Err(Error::invalid_input(
                field("mobile"),
                "a lead needs at least one contact field (mobile, email, wechat or qq)",
            ));
        }
        if let Some(m) = &self.mobile
            && !is_mobile(m)
        {
            return Err(Error::invalid_input(
                field("mobile"),
                "must be a mainland China mobile number: 11 digits starting with 1 (optionally +86)",
            ));
        }
        if let Some(e) = &self.email
            && !is_email(e)
        {
            return Err(Error::invalid_input(
                field("email"),
                "must be an e-mail address like name@example.com",
            ));
        }
        if let Some(q) = &self.qq {
            let q = q.trim();
            if !(5..=11).contains(&q.len())
                || !q.bytes().all(|b| b.is_ascii_digit())
                || q.starts_with('0')
            {
                return Err(Error::invalid_input(
                    field("qq"),
                    "must be a QQ number: 5 to 11 digits, not starting with 0",
                ));
            }
        }
        Ok(())
    }
}
