//! The app's credentials and a logged-in member's session.

use std::fmt;

use secrecy::SecretString;

/// The app's credentials ("查看我的接口域名、app_key和app_secrect").
///
/// The document asks for an `app_key` of at least 32 characters; the client does not enforce it
/// (the public test vector uses a 22-character key, and the server is the judge).
#[derive(Clone)]
pub struct Credentials {
    pub(crate) app_key: String,
    pub(crate) app_secret: SecretString,
}

impl Credentials {
    /// The app key and app secret.
    pub fn new(app_key: impl Into<String>, app_secret: impl Into<SecretString>) -> Self {
        Self {
            app_key: app_key.into(),
            app_secret: app_secret.into(),
        }
    }

    /// The app key (not secret: it is sent with every request).
    pub fn app_key(&self) -> &str {
        &self.app_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("app_key", &self.app_key)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

/// A logged-in app member ("公共参数 uuid" + "token"): the two are always sent together.
#[derive(Clone)]
pub struct MemberSession {
    pub(crate) uuid: String,
    pub(crate) token: SecretString,
}

impl MemberSession {
    /// The member's `uuid` and session `token` (from the member login API).
    pub fn new(uuid: impl Into<String>, token: impl Into<SecretString>) -> Self {
        Self {
            uuid: uuid.into(),
            token: token.into(),
        }
    }

    /// The member's `uuid`.
    pub fn uuid(&self) -> &str {
        &self.uuid
    }
}

impl fmt::Debug for MemberSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemberSession")
            .field("uuid", &self.uuid)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::SigningMode;

    #[test]
    fn debug_redacts() {
        let text = format!(
            "{:?} {:?} {:?}",
            Credentials::new("key", SecretString::from("top-secret")),
            MemberSession::new("u1", SecretString::from("tok-secret")),
            SigningMode::Static(SecretString::from("static-secret"))
        );
        assert!(
            !text.contains("top-secret")
                && !text.contains("tok-secret")
                && !text.contains("static-secret")
        );
    }
}
