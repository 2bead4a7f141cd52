//! Access tokens: the [`Token`] value, the [`TokenFetcher`] a vendor implements, and the
//! [`TokenCache`] that hands tokens out.
//!
//! A vendor crate implements [`TokenFetcher`] (Linkflow: `GET /token` with the app key and secret;
//! Wukong: `POST /oauth/token` with the previous token's refresh token) and builds a
//! [`TokenCache`] around it. The cache
//!
//! * refreshes **before** expiry, by a margin that is never more than half the token's lifetime;
//! * runs **one** refresh at a time, however many tasks ask (single flight): the others wait for
//!   it and share its result, success or error;
//! * can be invalidated when the server rejects a token, optionally only if it still holds that
//!   token ([`TokenCache::invalidate_if`]), so a burst of failures on one stale token causes one
//!   refresh;
//! * can persist tokens in a [`TokenStore`](crate::store::TokenStore) (for refresh tokens that
//!   must survive a restart or be shared between processes).
//!
//! Secrets are [`SecretString`]s: they never appear in `Debug` output, errors or logs.

mod cache;
mod store_outage;

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use crate::error::Result;
use crate::redact::REDACTED;

pub use cache::{
    DEFAULT_MARGIN, DEFAULT_REFRESH_TIMEOUT, DEFAULT_RETRY_AFTER_FAILURE, TokenCache,
    TokenCacheBuilder,
};
pub use store_outage::StoreOutagePolicy;

/// An access token with its wall-clock expiry and, for OAuth-style vendors, a refresh token.
///
/// Build one with [`Token::new`] (absolute expiry, as Linkflow sends it) or
/// [`Token::expiring_in`] (relative expiry, as OAuth's `expires_in`).
///
/// ```
/// use client_core::time::VendorTime;
/// use client_core::token::Token;
///
/// // Linkflow: `{"expiration": "2017-09-04 09:30:23", "token": "…"}`, local time in UTC+8.
/// let expiration: VendorTime = "2017-09-04 09:30:23".parse()?;
/// let token = Token::new("Mi03Y2Ix…", expiration.instant());
/// assert_eq!(token.expires_at().to_rfc3339(), "2017-09-04T01:30:23+00:00");
/// assert!(!format!("{token:?}").contains("Mi03"));
/// # Ok::<(), client_core::time::TimeParseError>(())
/// ```
#[derive(Clone)]
pub struct Token {
    access: SecretString,
    expires_at: DateTime<Utc>,
    refresh: Option<SecretString>,
    obtained_at: Option<DateTime<Utc>>,
}

impl Token {
    /// A token valid until `expires_at` (any zone; stored as UTC).
    pub fn new(access: impl Into<SecretString>, expires_at: impl Into<DateTime<Utc>>) -> Self {
        Self {
            access: access.into(),
            expires_at: expires_at.into(),
            refresh: None,
            obtained_at: None,
        }
    }

    /// A token obtained at `now` that lives `lifetime` (OAuth's `expires_in`). Records `now` as
    /// the time it was obtained.
    pub fn expiring_in(
        access: impl Into<SecretString>,
        now: DateTime<Utc>,
        lifetime: Duration,
    ) -> Self {
        let lifetime = TimeDelta::from_std(lifetime).unwrap_or(TimeDelta::MAX);
        let expires_at = now
            .checked_add_signed(lifetime)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        Self::new(access, expires_at).with_obtained_at(now)
    }

    /// Adds the refresh token that obtains the next access token.
    pub fn with_refresh(mut self, refresh: impl Into<SecretString>) -> Self {
        self.refresh = Some(refresh.into());
        self
    }

    /// Records when the token was obtained (the start of its lifetime). The [`TokenCache`] sets it
    /// to the time the fetch began when the fetcher leaves it unset.
    pub fn with_obtained_at(mut self, obtained_at: DateTime<Utc>) -> Self {
        self.obtained_at = Some(obtained_at);
        self
    }

    /// The access token. Call [`ExposeSecret::expose_secret`] only where it is sent.
    pub fn access(&self) -> &SecretString {
        &self.access
    }

    /// The refresh token, if the vendor issues one.
    pub fn refresh(&self) -> Option<&SecretString> {
        self.refresh.as_ref()
    }

    /// When the access token stops being valid (wall clock, UTC).
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// When the token was obtained, if known.
    pub fn obtained_at(&self) -> Option<DateTime<Utc>> {
        self.obtained_at
    }

    /// The whole lifetime (`expires_at − obtained_at`), if the start is known.
    pub fn lifetime(&self) -> Option<TimeDelta> {
        self.obtained_at
            .map(|start| self.expires_at.signed_duration_since(start))
    }

    /// Whether the access token has expired at `now`.
    pub fn is_expired_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }

    /// Whether `other` carries the same access token (compared in constant time).
    pub fn same_access(&self, other: &Token) -> bool {
        let (a, b) = (
            self.access.expose_secret().as_bytes(),
            other.access.expose_secret().as_bytes(),
        );
        a.len() == b.len() && bool::from(a.ct_eq(b))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access", &REDACTED)
            .field("expires_at", &self.expires_at)
            .field("refresh", &self.refresh.as_ref().map(|_| REDACTED))
            .field("obtained_at", &self.obtained_at)
            .finish()
    }
}

/// A token handed out by a [`TokenCache`], with the cache's generation number for it.
///
/// Dereferences to [`Token`]. Cheap to clone (an `Arc` and a number). Give the generation back to
/// [`TokenCache::invalidate_if`] when the server rejects the token.
#[derive(Clone)]
pub struct CachedToken {
    token: Arc<Token>,
    generation: u64,
}

impl CachedToken {
    /// The number the cache gave this token; it grows with every token the cache installs.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The shared token.
    pub fn token(&self) -> &Arc<Token> {
        &self.token
    }
}

impl Deref for CachedToken {
    type Target = Token;

    fn deref(&self) -> &Token {
        &self.token
    }
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken")
            .field("generation", &self.generation)
            .field("token", &self.token)
            .finish()
    }
}

/// Why the cache asks for a new token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefreshReason {
    /// The cache (and its store, if any) holds no token yet.
    Missing,
    /// The current token is within its refresh margin, or has expired.
    Expiring,
    /// The current token was invalidated (the server rejected it).
    Invalidated,
}

/// What a [`TokenFetcher`] is asked for.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TokenRequest {
    /// The token being replaced, if any: its refresh token obtains the next one. When a store is
    /// used, this is the token read from the store under its lock (the newest one).
    pub previous: Option<Token>,
    /// The cache's clock reading when the fetch began; use it for relative expiries
    /// ([`Token::expiring_in`]) so tests with a manual clock stay consistent.
    pub now: DateTime<Utc>,
    /// Why the token is fetched.
    pub reason: RefreshReason,
}

impl TokenRequest {
    /// A request (for calling a fetcher directly, e.g. in tests).
    pub fn new(previous: Option<Token>, now: DateTime<Utc>, reason: RefreshReason) -> Self {
        Self {
            previous,
            now,
            reason,
        }
    }

    /// The previous token's refresh token, if there is one.
    pub fn refresh_token(&self) -> Option<&SecretString> {
        self.previous.as_ref().and_then(Token::refresh)
    }
}

/// Obtains a new access token from the vendor.
///
/// Return [`Error::reauthorization_required`](crate::Error::reauthorization_required) when the
/// refresh token is expired or revoked and a person must authorise the app again.
#[async_trait]
pub trait TokenFetcher: Send + Sync + 'static {
    /// Fetches a new token. Called by one task at a time per cache (and, with a file store, per
    /// token file across processes).
    async fn fetch(&self, request: TokenRequest) -> Result<Token>;
}

#[async_trait]
impl<F: TokenFetcher + ?Sized> TokenFetcher for Arc<F> {
    async fn fetch(&self, request: TokenRequest) -> Result<Token> {
        (**self).fetch(request).await
    }
}

/// A [`TokenFetcher`] made from an async closure; see [`fetcher_fn`].
pub struct FnFetcher<F, Fut> {
    f: F,
    _future: PhantomData<fn() -> Fut>,
}

/// Makes a [`TokenFetcher`] from a closure taking the [`TokenRequest`].
///
/// ```
/// use std::time::Duration;
/// use client_core::token::{fetcher_fn, Token, TokenCache};
///
/// let cache = TokenCache::new(fetcher_fn(|request| async move {
///     // … call the vendor's token endpoint …
///     Ok(Token::expiring_in("new-token", request.now, Duration::from_secs(7200)))
/// }));
/// # drop(cache);
/// ```
pub fn fetcher_fn<F, Fut>(f: F) -> FnFetcher<F, Fut>
where
    F: Fn(TokenRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Token>> + Send + 'static,
{
    FnFetcher {
        f,
        _future: PhantomData,
    }
}

#[async_trait]
impl<F, Fut> TokenFetcher for FnFetcher<F, Fut>
where
    F: Fn(TokenRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Token>> + Send + 'static,
{
    async fn fetch(&self, request: TokenRequest) -> Result<Token> {
        (self.f)(request).await
    }
}

impl<F, Fut> fmt::Debug for FnFetcher<F, Fut> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnFetcher")
    }
}
