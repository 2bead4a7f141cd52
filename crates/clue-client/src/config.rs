//! [`Config`]: the settings of a client (everything but the credentials).

use std::num::NonZeroU32;
use std::time::Duration;

use crate::{DEFAULT_PAGE_SIZE, RetryPolicy, SignRecipe};

/// The settings of a [`Client`](crate::Client) (everything but the credentials).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The base URL (required; the document gives only relative paths).
    pub base_url: Option<String>,
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
    /// How the `sign` header is computed (default [`SignRecipe::AppIdTimestampBodyAppKey`]).
    pub sign_recipe: SignRecipe,
    /// Whether the `appKey` header is sent (default `true`, as the document lists it).
    pub send_app_key_header: bool,
    /// Page size of the streams when none is set on the request.
    pub page_size: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: None,
            timeout: client_core::transport::DEFAULT_TIMEOUT,
            connect_timeout: client_core::transport::DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_concurrent_requests: Some(client_core::transport::DEFAULT_MAX_CONCURRENT_REQUESTS),
            rate_limit: None,
            sign_recipe: SignRecipe::default(),
            send_app_key_header: true,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}
