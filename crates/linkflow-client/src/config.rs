//! [`Config`]: the settings of a [`Client`].

use std::num::NonZeroU32;
use std::time::Duration;

use crate::*;

/// The settings of a [`Client`] (everything but the credentials).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The base URL (default [`DEFAULT_BASE_URL`]).
    pub base_url: String,
    /// Whole-operation timeout (retries and waits included).
    pub timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// The default retry policy.
    pub retry: RetryPolicy,
    /// Cap on requests in flight (`None`: no cap).
    pub max_concurrent_requests: Option<usize>,
    /// Client-side rate limit in requests per second (`None`: no limit).
    pub rate_limit: Option<NonZeroU32>,
    /// How long before `expiration` the token is refreshed (at most half its lifetime).
    pub token_refresh_margin: Duration,
    /// `GET /open/contacts_bulk` calls in flight when fetching more than 100 ids.
    pub bulk_concurrency: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: client_core::transport::DEFAULT_TIMEOUT,
            connect_timeout: client_core::transport::DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_concurrent_requests: Some(client_core::transport::DEFAULT_MAX_CONCURRENT_REQUESTS),
            rate_limit: None,
            token_refresh_margin: DEFAULT_REFRESH_MARGIN,
            bulk_concurrency: DEFAULT_BULK_CONCURRENCY,
        }
    }
}
