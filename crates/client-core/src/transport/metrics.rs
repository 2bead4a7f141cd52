//! Metrics through the `metrics` facade (feature `metrics`): install any recorder
//! (`metrics-exporter-prometheus`, …) and the transport reports, labelled by `vendor` and
//! `operation` (the path template, never a concrete path):
//!
//! | name | kind | labels | what |
//! |---|---|---|---|
//! | `vendor_client_operations_total` | counter | vendor, operation, outcome | calls, by outcome (`ok`, or the error kind: `api`, `timeout`, …) |
//! | `vendor_client_attempts_total` | counter | vendor, operation | attempts that may have reached the server |
//! | `vendor_client_retries_total` | counter | vendor, operation, reason | retries, by reason (`429`, `503`, `timeout`, `connect`, `cut_short`, `stale_token`, …) |
//! | `vendor_client_operation_duration_seconds` | histogram | vendor, operation | whole calls, waits included |
//! | `vendor_client_attempt_duration_seconds` | histogram | vendor, operation | one attempt, send to last body byte |
//! | `vendor_client_token_refreshes_total` | counter | cache, outcome | token fetches by a `TokenCache` (`ok`, `error`) |
//!
//! Without the feature every function here is empty and inlined away.

use std::time::Duration;

use crate::error::{Error, ErrorKind};

/// The metric `vendor_client_operations_total`.
pub const OPERATIONS: &str = "vendor_client_operations_total";
/// The metric `vendor_client_attempts_total`.
pub const ATTEMPTS: &str = "vendor_client_attempts_total";
/// The metric `vendor_client_retries_total`.
pub const RETRIES: &str = "vendor_client_retries_total";
/// The metric `vendor_client_operation_duration_seconds`.
pub const OPERATION_DURATION: &str = "vendor_client_operation_duration_seconds";
/// The metric `vendor_client_attempt_duration_seconds`.
pub const ATTEMPT_DURATION: &str = "vendor_client_attempt_duration_seconds";
/// The metric `vendor_client_token_refreshes_total`.
pub const TOKEN_REFRESHES: &str = "vendor_client_token_refreshes_total";

/// Every metric this module reports.
pub const ALL: &[&str] = &[
    OPERATIONS,
    ATTEMPTS,
    RETRIES,
    OPERATION_DURATION,
    ATTEMPT_DURATION,
    TOKEN_REFRESHES,
];

/// A call ended.
#[inline]
pub(crate) fn operation_finished(
    vendor: &'static str,
    operation: &'static str,
    outcome: Result<(), &Error>,
    elapsed: Duration,
) {
    #[cfg(feature = "metrics")]
    {
        let outcome = match outcome {
            Ok(()) => "ok",
            Err(e) => kind_label(e.kind()),
        };
        metrics::counter!(
            OPERATIONS,
            "vendor" => vendor, "operation" => operation, "outcome" => outcome
        )
        .increment(1);
        metrics::histogram!(
            OPERATION_DURATION,
            "vendor" => vendor, "operation" => operation
        )
        .record(elapsed.as_secs_f64());
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (vendor, operation, outcome, elapsed);
}

/// An attempt that may have reached the server ended.
#[inline]
pub(crate) fn attempt_finished(vendor: &'static str, operation: &'static str, elapsed: Duration) {
    #[cfg(feature = "metrics")]
    {
        metrics::counter!(
            ATTEMPTS,
            "vendor" => vendor, "operation" => operation
        )
        .increment(1);
        metrics::histogram!(
            ATTEMPT_DURATION,
            "vendor" => vendor, "operation" => operation
        )
        .record(elapsed.as_secs_f64());
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (vendor, operation, elapsed);
}

/// The transport retries (or replays with fresh credentials) after `error`.
#[inline]
pub(crate) fn retrying(vendor: &'static str, operation: &'static str, reason: &'static str) {
    #[cfg(feature = "metrics")]
    metrics::counter!(
        RETRIES,
        "vendor" => vendor, "operation" => operation, "reason" => reason
    )
    .increment(1);
    #[cfg(not(feature = "metrics"))]
    let _ = (vendor, operation, reason);
}

/// A token cache fetched a token (`ok`) or failed to (`error`).
#[inline]
pub(crate) fn token_refreshed(cache: &str, ok: bool) {
    #[cfg(feature = "metrics")]
    metrics::counter!(
        TOKEN_REFRESHES,
        "cache" => cache.to_owned(), "outcome" => if ok { "ok" } else { "error" }
    )
    .increment(1);
    #[cfg(not(feature = "metrics"))]
    let _ = (cache, ok);
}

/// Why a retry happens, as a label.
pub(crate) fn retry_reason(error: &Error) -> &'static str {
    match error.kind() {
        ErrorKind::Connect => "connect",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Decode => "cut_short",
        ErrorKind::Transport => "transport",
        _ => match error.status().map(|s| s.as_u16()) {
            Some(429) => "429",
            Some(500) => "500",
            Some(502) => "502",
            Some(503) => "503",
            Some(504) => "504",
            _ if error.vendor_code().is_some() => "vendor_code",
            _ => "other",
        },
    }
}

#[cfg(feature = "metrics")]
fn kind_label(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidInput => "invalid_input",
        ErrorKind::Config => "config",
        ErrorKind::Connect => "connect",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Transport => "transport",
        ErrorKind::Api => "api",
        ErrorKind::Decode => "decode",
        ErrorKind::Auth => "auth",
        ErrorKind::ReauthorizationRequired => "reauthorization_required",
        ErrorKind::Signature => "signature",
        ErrorKind::Limit => "limit",
        ErrorKind::Io => "io",
        ErrorKind::Redirect => "redirect",
        ErrorKind::ResponseTooLarge => "response_too_large",
        ErrorKind::StoreUnavailable => "store_unavailable",
    }
}
