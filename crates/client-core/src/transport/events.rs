//! What the transport logs, and under which `tracing` target.
//!
//! Every operation runs in an `operation` span (fields `vendor`, `operation`, `attempts`,
//! `status`, `vendor_code`, `latency_ms`) and every attempt in an `http_attempt` span inside it
//! (`vendor`, `operation`, `method`, `attempt`, `query`, `status`, `latency_ms`). The spans and
//! the events in them (`response received`, `attempt failed`, `retrying`, …) are created by a
//! [`TransportEvents`] implementation, which a vendor crate generates with
//! [`transport_events!`](crate::transport_events): the macro expands in the vendor crate, so
//! its spans and events carry that crate's target and `RUST_LOG=linkflow_client=debug` shows
//! Linkflow's traffic alone. A transport built without one logs under `client_core`.
//!
//! **Never logged:** secrets (query values and headers named like secrets, and headers marked
//! sensitive, are `***`), bodies, response bytes, and — at DEBUG and above — personal data: the
//! `query` field shows the values of paging and control parameters only (`page=2&phone=…`), and
//! the operation's path template stands for the concrete path (which may hold an id). A TRACE
//! event `request details` with the concrete path and every non-secret query value is emitted
//! only when the caller turned it on with
//! [`TransportBuilder::log_personal_data`](super::TransportBuilder::log_personal_data).

use crate::error::Error;

/// The fields of one attempt, for [`TransportEvents::attempt_span`].
#[derive(Debug, Clone, Copy)]
pub struct AttemptFields<'a> {
    /// The vendor's short name.
    pub vendor: &'static str,
    /// The operation (`"METHOD /path/{template}"`).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'a str,
    /// The attempt's number, from 1.
    pub attempt: u32,
    /// The query as it may be logged at DEBUG (see the module docs).
    pub query: &'a str,
}

/// Creates the transport's spans and emits its events. Generate an implementation in a vendor
/// crate with [`transport_events!`](crate::transport_events), so they carry that crate's
/// target; [`CoreEvents`] logs under `client_core`.
pub trait TransportEvents: Send + Sync + 'static {
    /// The span of one operation (fields `attempts`, `status`, `vendor_code`, `latency_ms` are
    /// recorded when it ends).
    fn operation_span(&self, vendor: &'static str, operation: &'static str) -> tracing::Span;
    /// The span of one attempt (fields `status` and `latency_ms` are recorded when it ends).
    fn attempt_span(&self, fields: AttemptFields<'_>) -> tracing::Span;
    /// An answer arrived (inside the attempt span).
    fn response_received(&self);
    /// The attempt failed (inside the attempt span).
    fn attempt_failed(&self, error: &Error);
    /// The transport waits `delay_ms` before the next attempt.
    fn retrying(&self, attempt: u32, delay_ms: u64, error: &Error);
    /// A stale token: the credentials are refreshed and the request replayed once.
    fn replaying_with_fresh_credentials(&self);
    /// The operation failed, after all its attempts.
    fn operation_failed(&self, error: &Error);
    /// Credentials are about to go out over plain `http` (logged once per transport).
    fn plain_http(&self, base_url: &str);
    /// TRACE, opt-in: the concrete path and query of an attempt.
    fn request_details(&self, path: &str, query: &str);
}

/// Declares a unit struct implementing [`TransportEvents`] whose spans and events carry the
/// calling crate's target (`module_path!()` of where the macro is used).
///
/// ```
/// client_core::transport_events! {
///     /// Linkflow's transport events, under the `linkflow_client` target.
///     pub(crate) struct Events;
/// }
/// let builder = client_core::transport::TransportBuilder::new("x/1")
///     .events(std::sync::Arc::new(Events));
/// # drop(builder);
/// ```
#[macro_export]
macro_rules! transport_events {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $crate::transport::TransportEvents for $name {
            fn operation_span(
                &self,
                vendor: &'static str,
                operation: &'static str,
            ) -> $crate::__private::tracing::Span {
                $crate::__private::tracing::debug_span!(
                    "operation",
                    vendor,
                    operation,
                    attempts = $crate::__private::tracing::field::Empty,
                    status = $crate::__private::tracing::field::Empty,
                    vendor_code = $crate::__private::tracing::field::Empty,
                    latency_ms = $crate::__private::tracing::field::Empty,
                )
            }

            fn attempt_span(
                &self,
                fields: $crate::transport::AttemptFields<'_>,
            ) -> $crate::__private::tracing::Span {
                $crate::__private::tracing::debug_span!(
                    "http_attempt",
                    vendor = fields.vendor,
                    operation = fields.operation,
                    method = fields.method,
                    attempt = fields.attempt,
                    query = fields.query,
                    status = $crate::__private::tracing::field::Empty,
                    latency_ms = $crate::__private::tracing::field::Empty,
                )
            }

            fn response_received(&self) {
                $crate::__private::tracing::debug!("response received");
            }

            fn attempt_failed(&self, error: &$crate::Error) {
                $crate::__private::tracing::debug!(error = %error, "attempt failed");
            }

            fn retrying(&self, attempt: u32, delay_ms: u64, error: &$crate::Error) {
                $crate::__private::tracing::debug!(attempt, delay_ms, error = %error, "retrying");
            }

            fn replaying_with_fresh_credentials(&self) {
                $crate::__private::tracing::debug!(
                    "stale credentials: refreshing and replaying once"
                );
            }

            fn operation_failed(&self, error: &$crate::Error) {
                $crate::__private::tracing::debug!(error = %error, "operation failed");
            }

            fn plain_http(&self, base_url: &str) {
                $crate::__private::tracing::warn!(
                    base_url,
                    "credentials are being sent over plain http; use https where the vendor supports it"
                );
            }

            fn request_details(&self, path: &str, query: &str) {
                $crate::__private::tracing::trace!(path, query, "request details");
            }
        }
    };
}

crate::transport_events! {
    /// The events of a transport built without its own: under the `client_core` target.
    pub struct CoreEvents;
}
