//! [`SignInput`]: what a request signature is computed from.

use std::fmt;

use secrecy::SecretString;

/// What a request signature is computed from (开发指南 → 签名).
#[derive(Clone, Copy)]
pub struct SignInput<'a> {
    app_id: &'a str,
    timestamp: &'a str,
    body: &'a [u8],
    app_key: &'a SecretString,
}

impl<'a> SignInput<'a> {
    /// The inputs of one signature.
    pub fn new(
        app_id: &'a str,
        timestamp: &'a str,
        body: &'a [u8],
        app_key: &'a SecretString,
    ) -> Self {
        Self {
            app_id,
            timestamp,
            body,
            app_key,
        }
    }

    /// The appId.
    pub fn app_id(&self) -> &'a str {
        self.app_id
    }

    /// The `timestamp` header's value (milliseconds since the Unix epoch, as text).
    pub fn timestamp(&self) -> &'a str {
        self.timestamp
    }

    /// The exact body bytes that are sent.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// The appKey (secret).
    pub fn app_key(&self) -> &'a SecretString {
        self.app_key
    }
}

impl fmt::Debug for SignInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInput")
            .field("app_id", &self.app_id)
            .field("timestamp", &self.timestamp)
            .field("body_len", &self.body.len())
            .field("app_key", &client_core::redact::REDACTED)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let key = SecretString::from("very-secret-key");
        let input = SignInput::new("a", "1", b"{}", &key);
        assert!(!format!("{input:?}").contains("very-secret-key"));
    }
}
