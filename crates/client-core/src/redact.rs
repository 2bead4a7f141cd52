//! Redaction of secrets in what the clients log.
//!
//! Header and parameter names are matched case-insensitively against a list of fragments
//! (`token`, `secret`, `sign`, `key`, `auth`, `password`, `cookie`): a matching value is replaced
//! by `***` in every tracing field. Vendor hooks mark the headers they add as sensitive too.

use std::fmt::Write as _;

/// What a redacted value is written as.
pub const REDACTED: &str = "***";

const SENSITIVE_FRAGMENTS: &[&str] = &[
    "token", "secret", "sign", "key", "auth", "password", "passwd", "cookie", "session",
];

/// Whether a header or parameter called `name` carries a secret.
pub fn is_sensitive(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SENSITIVE_FRAGMENTS.iter().any(|f| lower.contains(f))
}

/// Renders `name=value&…` with sensitive values replaced by [`REDACTED`] (values are not
/// URL-encoded: this is for logs, not for sending).
pub fn query_for_log<'a, I>(pairs: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        let shown = if is_sensitive(name) { REDACTED } else { value };
        let _ = write!(out, "{name}={shown}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_vendor_secrets() {
        for name in [
            "X-OpenApi-Token",
            "X-OpenApi-Secret",
            "X-OpenApi-Key",
            "access_token",
            "refresh_token",
            "appsecret",
            "sign",
            "appKey",
            "app_key",
            "Authorization",
            "token",
        ] {
            assert!(is_sensitive(name), "{name}");
        }
        for name in ["page", "size", "lastMaxId", "appId", "s", "_t", "timestamp"] {
            assert!(!is_sensitive(name), "{name}");
        }
    }

    #[test]
    fn redacts_values_not_names() {
        let q = query_for_log([("page", "2"), ("access_token", "abc"), ("sign", "F00")]);
        assert_eq!(q, "page=2&access_token=***&sign=***");
    }
}
