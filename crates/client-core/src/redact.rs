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

/// A URL as it may be shown in an error or a log: any user information (`user:password@`)
/// becomes `***@`. Works on text that does not parse as a URL too.
pub fn url_for_display(raw: &str) -> String {
    let raw = raw.trim();
    let (scheme, rest) = match raw.find("://") {
        Some(at) => raw.split_at(at + 3),
        None => ("", raw),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => {
            let host = authority.get(at + 1..).unwrap_or("");
            format!("{scheme}{REDACTED}@{host}{tail}")
        }
        None => raw.to_owned(),
    }
}

/// Renders header names and values for `Debug` output: a value is shown only when the header
/// is neither marked sensitive nor named like a secret.
pub fn headers_for_debug(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if value.is_sensitive() || is_sensitive(name.as_str()) {
                REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), shown)
        })
        .collect()
}

/// Query parameters whose values say how a listing is walked or which method is called, never
/// who it is about: their values are shown at DEBUG.
const CONTROL_PARAMETERS: &[&str] = &[
    "page",
    "size",
    "perpage",
    "per_page",
    "pagesize",
    "page_size",
    "pageno",
    "page_no",
    "limit",
    "offset",
    "lastmaxid",
    "s",
    "service",
    "_t",
    "timestamp",
    "sort",
    "order",
];

/// Renders a query for logs at DEBUG: secret values are `***`, the values of paging and
/// control parameters are shown, every other value (which may be a phone number, an e-mail or
/// a name) is `…`.
pub fn query_for_debug_log<'a, I>(pairs: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        let lower = name.to_ascii_lowercase();
        let shown = if is_sensitive(name) {
            REDACTED
        } else if CONTROL_PARAMETERS.contains(&lower.as_str()) {
            value
        } else {
            "…"
        };
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
    fn user_information_never_shows() {
        for raw in [
            "ftp://svc:hunter2@example.com/x",
            "https://svc:hunter2@example.com",
            "svc:hunter2@example.com/path?q=1",
            "https://a@b:hunter2@example.com:8443/p",
            "  https://:hunter2@h  ",
        ] {
            let shown = url_for_display(raw);
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("***@"), "{shown}");
        }
        assert_eq!(
            url_for_display("https://api.example.com/v1?x=@"),
            "https://api.example.com/v1?x=@"
        );
        assert_eq!(
            url_for_display("ftp://svc:hunter2@example.com/x"),
            "ftp://***@example.com/x"
        );
    }

    #[test]
    fn debug_logs_show_control_values_only() {
        let q = query_for_debug_log([
            ("page", "2"),
            ("mobile", "13800138000"),
            ("email", "a@b.cn"),
            ("access_token", "abc"),
        ]);
        assert_eq!(q, "page=2&mobile=…&email=…&access_token=***");
    }

    #[test]
    fn redacts_values_not_names() {
        let q = query_for_log([("page", "2"), ("access_token", "abc"), ("sign", "F00")]);
        assert_eq!(q, "page=2&access_token=***&sign=***");
    }
}
