//! [`Credentials`]: the application's appId and appKey.

use std::fmt;

use secrecy::SecretString;

/// The application's credentials (开发指南: 应用 appId / appKey). The appKey is a secret: it is
/// kept in a [`SecretString`] and never printed.
#[derive(Clone)]
pub struct Credentials {
    app_id: String,
    app_key: SecretString,
}

impl Credentials {
    /// Credentials of the application `app_id` with secret `app_key`.
    pub fn new(app_id: impl Into<String>, app_key: impl Into<SecretString>) -> Self {
        Self {
            app_id: app_id.into(),
            app_key: app_key.into(),
        }
    }

    /// The appId.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The appKey (secret).
    pub fn app_key(&self) -> &SecretString {
        &self.app_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("app_id", &self.app_id)
            .field("app_key", &client_core::redact::REDACTED)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let c = Credentials::new("app", "very-secret-key");
        assert!(!format!("{c:?}").contains("very-secret-key"));
    }
}
