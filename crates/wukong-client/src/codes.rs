//! The error codes this client **assumes** for Wukong, and how it classifies errors.
//!
//! `wukong.md` documents no response and no error code. Wukong's OAuth flow (`appid`,
//! `appsecret`, `code`, `refresh_token`, a 2-hour `access_token` passed as a parameter) copies
//! WeChat's, so the client assumes WeChat-style numeric codes, plus OAuth 2.0's string `error`
//! values. Every entry below is an assumption, recorded in `docs/vendors/wukong.md`; codes the
//! server really sends and this table does not know are kept as they come
//! ([`Error::vendor_code`](crate::Error::vendor_code)) with the vendor's message.
//!
//! Classification:
//! * **stale access token** (one refresh and one replay, data APIs only): HTTP 401, a code in
//!   [`ACCESS_TOKEN_CODES`], or a message that names the access token as invalid or expired
//!   (`invalid access_token`, `access_token expired`, `access_token无效`, `token已过期`, …);
//! * **re-authorisation required** (token endpoint): any answer that refuses the code or the
//!   refresh token — every API error except rate limiting ([`BUSY_CODES`], HTTP 429) and server
//!   failures (HTTP 5xx).

use client_core::Error;
use client_core::catalogue::{Catalogue, CodeEntry, Retryable};
use client_core::code::VendorCode;
use http::StatusCode;

const fn assumed(
    code: &'static str,
    meaning_zh: &'static str,
    meaning_en: &'static str,
    retryable: Retryable,
) -> CodeEntry {
    CodeEntry {
        code,
        operation: None,
        http_status: None,
        meaning_zh,
        meaning_en,
        retryable,
    }
}

/// The Wukong codes this client assumes (none is documented; see the module docs).
pub static WUKONG: Catalogue = Catalogue::new("wukong", WUKONG_ENTRIES);

static WUKONG_ENTRIES: &[CodeEntry] = &[
    assumed(
        "-1",
        "系统繁忙(假定)",
        "system busy (assumed)",
        Retryable::IfSafe,
    ),
    assumed(
        "40001",
        "access_token无效(假定)",
        "invalid credential / access_token (assumed)",
        Retryable::No,
    ),
    assumed(
        "40013",
        "不合法的AppId(假定)",
        "invalid appid (assumed)",
        Retryable::No,
    ),
    assumed(
        "40014",
        "不合法的access_token(假定)",
        "invalid access_token (assumed)",
        Retryable::No,
    ),
    assumed(
        "40029",
        "不合法的code(假定)",
        "invalid authorization code (assumed)",
        Retryable::No,
    ),
    assumed(
        "40030",
        "不合法的refresh_token(假定)",
        "invalid refresh_token (assumed)",
        Retryable::No,
    ),
    assumed(
        "40125",
        "不合法的AppSecret(假定)",
        "invalid appsecret (assumed)",
        Retryable::No,
    ),
    assumed(
        "41001",
        "缺少access_token参数(假定)",
        "access_token missing (assumed)",
        Retryable::No,
    ),
    assumed(
        "41008",
        "缺少code参数(假定)",
        "code missing (assumed)",
        Retryable::No,
    ),
    assumed(
        "42001",
        "access_token超时(假定)",
        "access_token expired (assumed)",
        Retryable::No,
    ),
    assumed(
        "42002",
        "refresh_token超时(假定)",
        "refresh_token expired (assumed)",
        Retryable::No,
    ),
    assumed(
        "42003",
        "code超时(假定)",
        "authorization code expired (assumed)",
        Retryable::No,
    ),
    assumed(
        "45009",
        "接口调用超过限制(假定)",
        "call quota exceeded (assumed)",
        Retryable::IfSafe,
    ),
    assumed(
        "45011",
        "接口调用太频繁(假定)",
        "calls too frequent (assumed)",
        Retryable::IfSafe,
    ),
    assumed(
        "INVALID_TOKEN",
        "OAuth 2.0: access token 无效(假定)",
        "OAuth 2.0 invalid_token (assumed)",
        Retryable::No,
    ),
    assumed(
        "INVALID_GRANT",
        "OAuth 2.0: code 或 refresh_token 无效(假定)",
        "OAuth 2.0 invalid_grant: code or refresh token refused (assumed)",
        Retryable::No,
    ),
    assumed(
        "INVALID_CLIENT",
        "OAuth 2.0: appid/appsecret 无效(假定)",
        "OAuth 2.0 invalid_client (assumed)",
        Retryable::No,
    ),
];

/// Codes taken to mean "this access token is stale": refresh once and replay.
pub const ACCESS_TOKEN_CODES: &[&str] = &[
    "40001",
    "40014",
    "41001",
    "42001",
    "INVALID_TOKEN",
    "EXPIRED_TOKEN",
];

/// Codes taken to mean "rate limited or busy": not a verdict on the credentials.
pub const BUSY_CODES: &[&str] = &["-1", "45009", "45011"];

/// Whether a response code means success: absent, `0`, `200`, `ok` or `success`.
pub fn is_success_code(code: &VendorCode) -> bool {
    matches!(code.as_str(), "0" | "200" | "OK" | "SUCCESS")
}

/// Whether an operation is one of the OAuth endpoints (which take no access token).
pub fn is_oauth_operation(operation: &str) -> bool {
    operation.starts_with("POST /oauth/")
}

/// Whether `message` names the access token as invalid or expired.
pub fn message_means_stale_token(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    if m.contains("refresh_token") || m.contains("refresh token") {
        return false;
    }
    // `access_token`, `access token`, `token`.
    let names_token = m.contains("token");
    let stale = [
        "invalid",
        "expired",
        "expire",
        "无效",
        "过期",
        "失效",
        "不合法",
        "非法",
        "错误",
    ]
    .iter()
    .any(|w| m.contains(w));
    names_token && stale
}

/// Whether `error`, from a data API, means the access token used was stale.
pub fn is_stale_access_token(error: &Error) -> bool {
    if !error.is_api() || error.operation().is_some_and(is_oauth_operation) {
        return false;
    }
    error.status() == Some(StatusCode::UNAUTHORIZED)
        || error
            .vendor_code()
            .is_some_and(|c| ACCESS_TOKEN_CODES.contains(&c.as_str()))
        || error
            .vendor_message()
            .is_some_and(message_means_stale_token)
}

/// Whether an error from the token endpoint is transient (rate limit, busy, server failure)
/// rather than a refusal of the code or refresh token.
pub fn is_transient(error: &Error) -> bool {
    !error.is_api()
        || error
            .vendor_code()
            .is_some_and(|c| BUSY_CODES.contains(&c.as_str()))
        || error
            .status()
            .is_some_and(|s| s == StatusCode::TOO_MANY_REQUESTS || s.is_server_error())
}

/// Turns the token endpoint's refusal of a code or refresh token into
/// [`Error::reauthorization_required`], keeping the vendor's code, message, status and body.
/// Transient errors are returned unchanged.
pub fn refusal_to_reauthorization(error: Error, what: &str) -> Error {
    if is_transient(&error) {
        return error;
    }
    carry_details(
        Error::reauthorization_required(format!(
            "Wukong refused the {what}: the app must be authorised again (POST /oauth/code, then exchange the new code)"
        )),
        error,
    )
}

/// Turns a failure to obtain an access token, met while authorising a data request, into
/// [`Error::auth`] (keeping the details), so the data request is not retried on top of the token
/// request (which has its own, stricter rules). Errors that already say what to do
/// (re-authorisation, configuration, input, auth) are returned unchanged.
pub fn token_failure(error: Error) -> Error {
    if error.is_auth() || error.is_config() || error.is_invalid_input() {
        return error;
    }
    let message = format!("could not obtain a Wukong access token: {error}");
    carry_details(Error::auth(message), error)
}

/// Copies the vendor code, message, status, body and operation of `from` onto `to`, with `from`
/// as the source.
fn carry_details(mut out: Error, from: Error) -> Error {
    if let Some(code) = from.vendor_code() {
        out = out.with_code(code.clone(), from.code_entry());
    }
    if let Some(message) = from.vendor_message() {
        out = out.with_vendor_message(message);
    }
    if let Some(status) = from.status() {
        out = out.with_status(status);
    }
    if let Some(body) = from.body() {
        out = out.with_body(bytes::Bytes::copy_from_slice(body));
    }
    if let Some(op) = from.operation() {
        out = out.with_operation(op);
    }
    out.with_source(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_token_messages() {
        for m in [
            "invalid access_token",
            "access_token expired",
            "access_token无效",
            "token已过期",
            "Token invalid",
        ] {
            assert!(message_means_stale_token(m), "{m}");
        }
        for m in ["invalid refresh_token", "mobile invalid", "ok", "系统繁忙"] {
            assert!(!message_means_stale_token(m), "{m}");
        }
    }

    #[test]
    fn stale_token_needs_a_data_operation() {
        let e = Error::api(Some(StatusCode::OK), "x")
            .with_code(VendorCode::new("42001"), None)
            .with_operation("POST /openv1/list");
        assert!(is_stale_access_token(&e));
        let e = Error::api(Some(StatusCode::OK), "x")
            .with_code(VendorCode::new("42001"), None)
            .with_operation("POST /oauth/token");
        assert!(!is_stale_access_token(&e));
    }

    #[test]
    fn refusal_becomes_reauthorization_but_busy_does_not() {
        let refused = Error::api(Some(StatusCode::OK), "x")
            .with_code(
                VendorCode::new("40030"),
                WUKONG.lookup(&VendorCode::new("40030"), None),
            )
            .with_vendor_message("invalid refresh_token");
        let e = refusal_to_reauthorization(refused, "refresh token");
        assert!(e.is_reauthorization_required());
        assert_eq!(e.vendor_code().map(VendorCode::as_str), Some("40030"));
        assert_eq!(e.vendor_message(), Some("invalid refresh_token"));

        let busy = Error::api(Some(StatusCode::OK), "x").with_code(VendorCode::new("45009"), None);
        assert!(!refusal_to_reauthorization(busy, "refresh token").is_reauthorization_required());
        let down = Error::api(Some(StatusCode::BAD_GATEWAY), "x");
        assert!(!refusal_to_reauthorization(down, "refresh token").is_reauthorization_required());
        let timeout = Error::timeout("t");
        assert!(
            !refusal_to_reauthorization(timeout, "refresh token").is_reauthorization_required()
        );
    }
}
