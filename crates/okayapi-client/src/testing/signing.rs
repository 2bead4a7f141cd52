//! [`SandboxSigning`]: how the sandbox checks request signatures.

use std::fmt;

use secrecy::SecretString;

/// How the sandbox checks request signatures (the console's "开启/关闭签名").
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum SandboxSigning {
    /// The dynamic MD5 signature (the default).
    #[default]
    Dynamic,
    /// Signing switched off: `sign` is ignored.
    Off,
    /// A static sign: `sign` must equal this value.
    Static(SecretString),
}

impl fmt::Debug for SandboxSigning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SandboxSigning::Dynamic => f.write_str("Dynamic"),
            SandboxSigning::Off => f.write_str("Off"),
            SandboxSigning::Static(_) => f.write_str("Static([REDACTED])"),
        }
    }
}
