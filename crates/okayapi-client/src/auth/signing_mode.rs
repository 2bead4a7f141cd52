//! [`SigningMode`]: how requests are signed.

use std::fmt;

use secrecy::SecretString;

/// How requests are signed ("开启/关闭签名").
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum SigningMode {
    /// The dynamic MD5 signature over the sorted values plus the app secret (the default).
    #[default]
    Dynamic,
    /// No `sign` parameter, for APIs whose signing is switched off in the console.
    Unsigned,
    /// A fixed `sign` value configured in the console ("静态签名").
    Static(SecretString),
}

impl fmt::Debug for SigningMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningMode::Dynamic => f.write_str("Dynamic"),
            SigningMode::Unsigned => f.write_str("Unsigned"),
            SigningMode::Static(_) => f.write_str("Static([REDACTED])"),
        }
    }
}
