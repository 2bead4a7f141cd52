//! [`AccessTokenInfo`]: what the client knows about its access token, never the token.

use chrono::{DateTime, Utc};
use client_core::token::CachedToken;

/// What the client knows about its current access token — never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccessTokenInfo {
    /// When the access token expires (wall clock, UTC).
    pub expires_at: DateTime<Utc>,
    /// When it was obtained, if known.
    pub obtained_at: Option<DateTime<Utc>>,
    /// Whether a refresh token is held.
    pub has_refresh_token: bool,
    /// The cache's generation number for this token (grows with every new token).
    pub generation: u64,
}

impl AccessTokenInfo {
    pub(super) fn of(token: &CachedToken) -> Self {
        Self {
            expires_at: token.expires_at(),
            obtained_at: token.obtained_at(),
            has_refresh_token: token.refresh().is_some(),
            generation: token.generation(),
        }
    }
}
