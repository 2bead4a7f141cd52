//! [`Config`]: the settings of a [`Client`](crate::Client), apart from the credentials.

use std::num::NonZeroU32;
use std::time::Duration;

use crate::auth::{NewStyleService, PathStyle, SigningMode, Verification};
use crate::{DEFAULT_STREAM_PAGE_SIZE, RetryPolicy};

/// The settings of a [`Client`](crate::Client), apart from the credentials.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The account's API base URL (required; `http://hn216.api.okayapi.com` in the document is a
    /// temporary test host).
    pub base_url: Option<String>,
    /// The app name: the `<app>` of `SVIP.<app>.<Method>` (required).
    pub app: Option<String>,
    /// Which path style requests use.
    pub path_style: PathStyle,
    /// With the new path style: whether `s` is sent and signed.
    pub new_style_service: NewStyleService,
    /// How requests are signed.
    pub signing: SigningMode,
    /// Whether the response signature `_auth` is verified.
    pub verification: Verification,
    /// When `_auth` is verified: the most `_t` may differ from the local clock (`None`: not
    /// checked, the default).
    pub max_clock_skew: Option<Duration>,
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
    /// Items per page for streams whose parameters set no `perpage`.
    pub stream_page_size: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: None,
            app: None,
            path_style: PathStyle::default(),
            new_style_service: NewStyleService::default(),
            signing: SigningMode::default(),
            verification: Verification::default(),
            max_clock_skew: None,
            timeout: client_core::transport::DEFAULT_TIMEOUT,
            connect_timeout: client_core::transport::DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_concurrent_requests: Some(client_core::transport::DEFAULT_MAX_CONCURRENT_REQUESTS),
            rate_limit: None,
            stream_page_size: DEFAULT_STREAM_PAGE_SIZE,
        }
    }
}
