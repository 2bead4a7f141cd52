//! [`transport_setters!`](crate::transport_setters): the transport setters of every vendor
//! client builder, written once.

/// Writes the transport setters of a vendor client builder that holds a
/// [`TransportSettings`](crate::transport::TransportSettings) in the field named by the
/// argument: `timeout`, `connect_timeout`, `attempt_timeout`, `retry_policy`,
/// `max_concurrent_requests`, `rate_limit`, `max_response_bytes`, `log_personal_data` and
/// `http_client`. `rate_limit` is written under `#[cfg(feature = "rate-limit")]`, which is
/// evaluated in the invoking crate: a vendor crate declares a `rate-limit` feature that turns on
/// client-core's. Invoke it inside the builder's `impl` block, so the setters are inherent
/// methods (no trait to import) with the same names, argument types and documentation in
/// every vendor crate:
///
/// ```
/// use client_core::transport::TransportSettings;
///
/// /// A vendor's client builder.
/// #[derive(Default)]
/// pub struct ClientBuilder {
///     transport: TransportSettings,
/// }
///
/// impl ClientBuilder {
///     client_core::transport_setters!(transport);
/// }
///
/// let builder = ClientBuilder::default()
///     .timeout(std::time::Duration::from_secs(5))
///     .max_concurrent_requests(8);
/// assert_eq!(builder.transport.timeout.as_secs(), 5);
/// assert_eq!(builder.transport.max_concurrent_requests, Some(8));
/// ```
#[macro_export]
macro_rules! transport_setters {
    ($field:ident) => {
        /// Time allowed for a whole operation, retries and waits included (default 60 s). A
        /// call can shorten or lengthen it with its `RequestOptions`.
        pub fn timeout(
            mut self,
            timeout: impl ::core::convert::Into<::std::time::Duration>,
        ) -> Self {
            self.$field.timeout = timeout.into();
            self
        }

        /// Time allowed to open a connection (default 10 s); ignored when a caller's HTTP
        /// client is set, whose own connect timeout applies.
        pub fn connect_timeout(
            mut self,
            timeout: impl ::core::convert::Into<::std::time::Duration>,
        ) -> Self {
            self.$field.connect_timeout = timeout.into();
            self
        }

        /// Time allowed for one attempt, so a hung attempt is abandoned and retried within the
        /// operation's timeout (`None`, the default: no per-attempt limit).
        pub fn attempt_timeout(
            mut self,
            timeout: impl ::core::convert::Into<::core::option::Option<::std::time::Duration>>,
        ) -> Self {
            self.$field.attempt_timeout = timeout.into();
            self
        }

        /// The default retry policy of every call (`RetryPolicy::none()` turns retries off);
        /// a call can override it with its `RequestOptions`.
        pub fn retry_policy(
            mut self,
            policy: impl ::core::convert::Into<$crate::retry::RetryPolicy>,
        ) -> Self {
            self.$field.retry = policy.into();
            self
        }

        /// Cap on requests in flight from this client and its clones (default 256; `None`: no
        /// cap). Accepts a plain number: `.max_concurrent_requests(8)`.
        pub fn max_concurrent_requests(
            mut self,
            max: impl ::core::convert::Into<::core::option::Option<usize>>,
        ) -> Self {
            self.$field.max_concurrent_requests = max.into();
            self
        }

        /// Client-side rate limit in requests per second, shared by clones (default `None`:
        /// no limit). Exists with the crate's `rate-limit` feature.
        #[cfg(feature = "rate-limit")]
        pub fn rate_limit(
            mut self,
            per_second: impl ::core::convert::Into<::core::option::Option<::core::num::NonZeroU32>>,
        ) -> Self {
            self.$field.rate_limit = per_second.into();
            self
        }

        /// The most bytes of a response body read before the call fails with
        /// `Error::is_response_too_large` (default 64 MiB).
        pub fn max_response_bytes(mut self, max: u64) -> Self {
            self.$field.max_response_bytes = max;
            self
        }

        /// Shows each attempt's concrete path and query values, which may hold personal data
        /// (phone numbers, e-mails, names), in a TRACE event `request details`. Off by
        /// default; turn it on only where such logs are allowed (see `docs/observability.md`).
        pub fn log_personal_data(mut self, on: bool) -> Self {
            self.$field.log_personal_data = on;
            self
        }

        /// Uses the caller's `reqwest::Client` (proxies, custom roots, a shared pool).
        ///
        /// **Build it with `.redirect(reqwest::redirect::Policy::none())`**: a client that
        /// follows redirects sends the vendor's credentials to whatever host a `Location`
        /// names. The call then fails with `Error::is_redirect`, but the credentials have left.
        pub fn http_client(
            mut self,
            client: impl ::core::convert::Into<$crate::__private::reqwest::Client>,
        ) -> Self {
            self.$field.http_client = ::core::option::Option::Some(client.into());
            self
        }
    };
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::transport::{
        DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_RESPONSE_BYTES,
        DEFAULT_TIMEOUT, TransportSettings,
    };

    #[derive(Default)]
    struct Builder {
        settings: TransportSettings,
    }

    impl Builder {
        crate::transport_setters!(settings);
    }

    /// The setters' doc comments state these defaults in words (a macro's docs cannot link to
    /// the constants from a vendor crate); this keeps the words true.
    #[test]
    fn documented_defaults_are_the_constants() {
        assert_eq!(DEFAULT_TIMEOUT, Duration::from_secs(60));
        assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
        assert_eq!(DEFAULT_MAX_CONCURRENT_REQUESTS, 256);
        assert_eq!(DEFAULT_MAX_RESPONSE_BYTES, 64 * 1024 * 1024);
    }

    #[test]
    fn every_setter_writes_its_field() {
        crate::transport::builder::ensure_crypto_provider();
        let b = Builder::default()
            .timeout(Duration::from_secs(3))
            .connect_timeout(Duration::from_secs(2))
            .attempt_timeout(Duration::from_millis(700))
            .retry_policy(crate::retry::RetryPolicy::none())
            .max_concurrent_requests(None)
            .max_response_bytes(1024)
            .log_personal_data(true)
            .http_client(reqwest::Client::new());
        let s = &b.settings;
        assert_eq!(s.timeout, Duration::from_secs(3));
        assert_eq!(s.connect_timeout, Duration::from_secs(2));
        assert_eq!(s.attempt_timeout, Some(Duration::from_millis(700)));
        assert_eq!(s.retry.max_attempts, 1);
        assert_eq!(s.max_concurrent_requests, None);
        assert_eq!(s.max_response_bytes, 1024);
        assert!(s.log_personal_data);
        assert!(s.http_client.is_some());
    }

    #[cfg(feature = "rate-limit")]
    #[test]
    fn the_rate_limit_setter_takes_a_limit_or_none() {
        let b = Builder::default().rate_limit(std::num::NonZeroU32::new(5));
        assert_eq!(b.settings.rate_limit.map(|r| r.get()), Some(5));
        let b = b.rate_limit(None);
        assert_eq!(b.settings.rate_limit, None);
    }
}
