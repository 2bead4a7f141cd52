//! The token cache: proactive refresh, single flight, invalidation, optional store.

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use futures::FutureExt;
use futures::future::{BoxFuture, Shared};

use super::{CachedToken, RefreshReason, Token, TokenFetcher, TokenRequest};
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::store::TokenStore;

/// The default refresh margin: refresh this long before expiry (capped at half the lifetime).
pub const DEFAULT_MARGIN: Duration = Duration::from_secs(5 * 60);

/// The default wait before retrying after a failed *proactive* refresh (while the old token is
/// still valid).
pub const DEFAULT_RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// Hands out valid access tokens, refreshing them before they expire.
///
/// * **Proactive refresh.** A token is refreshed once `expires_at − margin` has passed, where the
///   margin is [`margin`](TokenCacheBuilder::margin) but never more than half the token's lifetime
///   (`expires_at − obtained_at`). A two-hour token with the default five-minute margin is
///   refreshed after 1 h 55 min; a four-minute token after two minutes, not on every call.
/// * **Single flight.** However many tasks ask at once, one refresh runs; the others wait for it
///   and all get its result. A failed refresh wakes every waiter with (a copy of) the error, and
///   the next call tries again. The refresh runs in its own Tokio task, so it completes (and a
///   rotated refresh token is saved) even if every caller gives up waiting.
/// * **Grace on failure.** If a *proactive* refresh fails while the current token is still valid
///   and not invalidated, the callers get the current token (a warning is logged) and the next
///   attempt waits [`retry_after_failure`](TokenCacheBuilder::retry_after_failure). Once the token
///   has expired, errors reach the callers.
/// * **Invalidation.** [`invalidate`](Self::invalidate) makes the next call refresh;
///   [`invalidate_if`](Self::invalidate_if) does so only if the cache still holds the token of that
///   generation, so many requests failing on one stale token cause one refresh.
/// * **Store.** With a [`TokenStore`], every refresh runs under the store's lock: the cache first
///   re-reads the store and adopts a valid token found there (saved by another cache or process)
///   instead of fetching; otherwise it fetches, passing the stored token (with its refresh token)
///   to the fetcher, and saves the result. The first call therefore loads a persisted token.
/// * **Cheap hot path.** While the token is fresh, [`token`](Self::token) takes a read lock, clones
///   an `Arc`, and reads the clock; it never awaits.
///
/// A `TokenCache` is cheap to clone; clones share the token. It must be used inside a Tokio
/// runtime: refreshes run in spawned tasks (outside a runtime, a refresh fails with a
/// configuration error).
///
/// ```
/// # async fn demo() -> client_core::Result<()> {
/// use std::time::Duration;
/// use secrecy::ExposeSecret;
/// use client_core::token::{fetcher_fn, Token, TokenCache};
///
/// let cache = TokenCache::builder(fetcher_fn(|request| async move {
///     Ok(Token::expiring_in("t-1", request.now, Duration::from_secs(7200)))
/// }))
/// .margin(Duration::from_secs(300))
/// .label("wukong")
/// .build();
///
/// let token = cache.token().await?;
/// assert_eq!(token.access().expose_secret(), "t-1");
/// // The server rejected it? Invalidate that generation only, then ask again.
/// cache.invalidate_if(token.generation());
/// # Ok(()) }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
/// ```
#[derive(Clone)]
pub struct TokenCache {
    inner: Arc<Inner>,
}

struct Inner {
    fetcher: Box<dyn TokenFetcher>,
    store: Option<Arc<dyn TokenStore>>,
    clock: Arc<dyn Clock>,
    margin: TimeDelta,
    retry_after_failure: TimeDelta,
    label: Cow<'static, str>,
    current: RwLock<Option<Arc<Entry>>>,
    flight: Mutex<Option<Flight>>,
    generations: AtomicU64,
    flights: AtomicU64,
}

/// The installed token and when to refresh it.
struct Entry {
    token: CachedToken,
    refresh_at: DateTime<Utc>,
    invalidated: bool,
}

type FlightResult = std::result::Result<CachedToken, Arc<Error>>;

struct Flight {
    id: u64,
    result: Shared<BoxFuture<'static, FlightResult>>,
}

/// Builds a [`TokenCache`].
pub struct TokenCacheBuilder {
    fetcher: Box<dyn TokenFetcher>,
    store: Option<Arc<dyn TokenStore>>,
    clock: Arc<dyn Clock>,
    margin: Duration,
    retry_after_failure: Duration,
    label: Cow<'static, str>,
}

impl TokenCacheBuilder {
    /// Refresh this long before expiry, but never more than half the token's lifetime (default
    /// [`DEFAULT_MARGIN`], five minutes).
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// After a failed proactive refresh, keep using the still-valid token for this long before
    /// trying again (default [`DEFAULT_RETRY_AFTER_FAILURE`]).
    pub fn retry_after_failure(mut self, wait: Duration) -> Self {
        self.retry_after_failure = wait;
        self
    }

    /// Persists tokens in `store` (see [`TokenCache`] for how).
    pub fn store(self, store: impl TokenStore) -> Self {
        self.shared_store(Arc::new(store))
    }

    /// Persists tokens in a store shared with other owners.
    pub fn shared_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// Reads time from `clock` instead of the system clock (tests use a
    /// [`ManualClock`](crate::clock::ManualClock)).
    pub fn clock(self, clock: impl Clock) -> Self {
        self.shared_clock(Arc::new(clock))
    }

    /// Reads time from a shared clock.
    pub fn shared_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// A name for logs (e.g. the vendor, `"linkflow"`).
    pub fn label(mut self, label: impl Into<Cow<'static, str>>) -> Self {
        self.label = label.into();
        self
    }

    /// The cache. No token is fetched (and no store read) until the first call.
    pub fn build(self) -> TokenCache {
        TokenCache {
            inner: Arc::new(Inner {
                fetcher: self.fetcher,
                store: self.store,
                clock: self.clock,
                margin: TimeDelta::from_std(self.margin).unwrap_or(TimeDelta::MAX),
                retry_after_failure: TimeDelta::from_std(self.retry_after_failure)
                    .unwrap_or(TimeDelta::MAX),
                label: self.label,
                current: RwLock::new(None),
                flight: Mutex::new(None),
                generations: AtomicU64::new(0),
                flights: AtomicU64::new(0),
            }),
        }
    }
}

impl fmt::Debug for TokenCacheBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCacheBuilder")
            .field("label", &self.label)
            .field("margin", &self.margin)
            .field("store", &self.store)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    /// A cache with default settings around `fetcher`.
    pub fn new(fetcher: impl TokenFetcher) -> Self {
        Self::builder(fetcher).build()
    }

    /// Starts building a cache around `fetcher`.
    pub fn builder(fetcher: impl TokenFetcher) -> TokenCacheBuilder {
        TokenCacheBuilder {
            fetcher: Box::new(fetcher),
            store: None,
            clock: Arc::new(SystemClock),
            margin: DEFAULT_MARGIN,
            retry_after_failure: DEFAULT_RETRY_AFTER_FAILURE,
            label: Cow::Borrowed("token"),
        }
    }

    /// A valid token: the cached one while it is fresh, otherwise the result of the (single,
    /// shared) refresh.
    ///
    /// Errors are the fetcher's (or the store's); every task waiting on a failed refresh gets a
    /// copy with the same kind, so e.g.
    /// [`is_reauthorization_required`](Error::is_reauthorization_required) answers the same.
    pub async fn token(&self) -> Result<CachedToken> {
        if let Some(token) = self.inner.fresh(self.inner.clock.now()) {
            return Ok(token);
        }
        Inner::join_flight(&self.inner).await
    }

    /// The cached token without refreshing, fresh or not (`None` before the first fetch).
    pub fn cached(&self) -> Option<CachedToken> {
        self.inner.read().as_ref().map(|e| e.token.clone())
    }

    /// Makes the next [`token`](Self::token) call refresh, whatever token is cached.
    pub fn invalidate(&self) {
        let mut current = self.inner.write();
        let replacement = current
            .as_ref()
            .filter(|e| !e.invalidated)
            .map(|e| e.invalidated());
        if let Some(entry) = replacement {
            tracing::debug!(cache = %self.inner.label, generation = entry.token.generation, "token invalidated");
            *current = Some(Arc::new(entry));
        }
    }

    /// Makes the next call refresh only if the cache still holds the token of `generation`
    /// (from [`CachedToken::generation`]); returns whether it did. Requests that all failed on
    /// one stale token thus cause one refresh, not one each.
    pub fn invalidate_if(&self, generation: u64) -> bool {
        let mut current = self.inner.write();
        let replacement = current
            .as_ref()
            .filter(|e| e.token.generation == generation && !e.invalidated)
            .map(|e| e.invalidated());
        match replacement {
            Some(entry) => {
                *current = Some(Arc::new(entry));
                tracing::debug!(cache = %self.inner.label, generation, "token invalidated");
                true
            }
            None => false,
        }
    }

    /// Installs a token obtained elsewhere (e.g. from an OAuth authorization-code exchange),
    /// saving it to the store first, under its lock.
    pub async fn set_token(&self, token: Token) -> Result<CachedToken> {
        let now = self.inner.clock.now();
        if let Some(store) = &self.inner.store {
            let _lock = store.lock().await?;
            store.save(&token).await?;
        }
        self.inner.install(token, now)
    }

    /// How many refreshes (fetches or store reloads) this cache has started; for tests and
    /// metrics.
    pub fn refresh_count(&self) -> u64 {
        self.inner.flights.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let current = self.inner.read().clone();
        let mut d = f.debug_struct("TokenCache");
        d.field("label", &self.inner.label)
            .field("margin", &self.inner.margin);
        if let Some(e) = current {
            d.field("generation", &e.token.generation)
                .field("expires_at", &e.token.expires_at())
                .field("refresh_at", &e.refresh_at)
                .field("invalidated", &e.invalidated);
        }
        d.field("store", &self.inner.store)
            .field("clock", &self.inner.clock)
            .finish()
    }
}

impl Entry {
    fn invalidated(&self) -> Entry {
        Entry {
            token: self.token.clone(),
            refresh_at: self.refresh_at,
            invalidated: true,
        }
    }

    fn is_fresh(&self, now: DateTime<Utc>) -> bool {
        !self.invalidated && now < self.refresh_at
    }
}

/// Clears the flight slot when the refresh task ends, even by panic or cancellation.
struct FlightDone {
    inner: Arc<Inner>,
    id: u64,
}

impl Drop for FlightDone {
    fn drop(&mut self) {
        let mut slot = self
            .inner
            .flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if slot.as_ref().is_some_and(|f| f.id == self.id) {
            *slot = None;
        }
    }
}

impl Inner {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Option<Arc<Entry>>> {
        // Poisoning cannot leave the `Option<Arc<Entry>>` half-written: recover.
        self.current.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Option<Arc<Entry>>> {
        self.current.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The hot path: the cached token if it is fresh at `now`.
    fn fresh(&self, now: DateTime<Utc>) -> Option<CachedToken> {
        match self.read().as_deref() {
            Some(entry) if entry.is_fresh(now) => Some(entry.token.clone()),
            _ => None,
        }
    }

    async fn join_flight(this: &Arc<Inner>) -> Result<CachedToken> {
        let result = {
            let mut slot = this.flight.lock().unwrap_or_else(PoisonError::into_inner);
            match slot.as_ref() {
                Some(flight) => flight.result.clone(),
                None => {
                    // A flight may have finished between our check and taking the slot: it
                    // installs its token before it clears the slot, so this check sees it.
                    if let Some(token) = this.fresh(this.clock.now()) {
                        return Ok(token);
                    }
                    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                        return Err(Error::config(
                            "TokenCache::token was called outside a Tokio runtime",
                        ));
                    };
                    let id = this.flights.fetch_add(1, Ordering::Relaxed) + 1;
                    let inner = Arc::clone(this);
                    let task = runtime.spawn(async move {
                        let done = FlightDone { inner, id };
                        done.inner.refresh().await.map_err(Arc::new)
                    });
                    let result = async move {
                        match task.await {
                            Ok(result) => result,
                            Err(join) => {
                                let what = if join.is_panic() {
                                    "panicked"
                                } else {
                                    "was cancelled"
                                };
                                Err(Arc::new(
                                    Error::auth(format!("the token refresh task {what}"))
                                        .with_source(join),
                                ))
                            }
                        }
                    }
                    .boxed()
                    .shared();
                    *slot = Some(Flight {
                        id,
                        result: result.clone(),
                    });
                    result
                }
            }
        };
        result.await.map_err(|e| e.duplicate())
    }

    /// One refresh (runs in the flight's task).
    async fn refresh(&self) -> Result<CachedToken> {
        let started = self.clock.now();
        let stale = self.read().clone();
        match self.refresh_from(stale.as_deref(), started).await {
            Ok(token) => Ok(token),
            Err(error) => match stale {
                Some(old) if !old.invalidated && !old.token.is_expired_at(started) => {
                    tracing::warn!(
                        cache = %self.label,
                        error = %error,
                        expires_at = %old.token.expires_at(),
                        "proactive token refresh failed; using the current token until it expires"
                    );
                    Ok(self.postpone(&old, started))
                }
                _ => Err(error),
            },
        }
    }

    async fn refresh_from(
        &self,
        stale: Option<&Entry>,
        started: DateTime<Utc>,
    ) -> Result<CachedToken> {
        let reason = match stale {
            None => RefreshReason::Missing,
            Some(e) if e.invalidated => RefreshReason::Invalidated,
            Some(_) => RefreshReason::Expiring,
        };
        let Some(store) = &self.store else {
            let previous = stale.map(|e| Token::clone(&e.token));
            return self
                .fetch(TokenRequest::new(previous, started, reason))
                .await;
        };

        let _lock = store.lock().await?;
        let stored = store.load().await?;
        let now = self.clock.now();
        if let Some(stored) = &stored {
            let is_rejected = stale.is_some_and(|e| e.invalidated && e.token.same_access(stored));
            if !is_rejected && now < self.refresh_at(stored, now) {
                tracing::debug!(cache = %self.label, "using the token found in the store");
                return self.install(stored.clone(), now);
            }
        }
        let reason = if stored.is_none() && stale.is_none() {
            RefreshReason::Missing
        } else {
            reason
        };
        let previous = stored.or_else(|| stale.map(|e| Token::clone(&e.token)));
        let token = self
            .fetch_token(TokenRequest::new(previous, started, reason))
            .await?;
        if let Err(error) = store.save(&token).await {
            // The token is already issued (and a single-use refresh token already spent), so
            // refusing to use it would only make things worse.
            tracing::error!(cache = %self.label, error = %error, "could not save the new token");
        }
        self.install(token, self.clock.now())
    }

    async fn fetch(&self, request: TokenRequest) -> Result<CachedToken> {
        let token = self.fetch_token(request).await?;
        self.install(token, self.clock.now())
    }

    async fn fetch_token(&self, request: TokenRequest) -> Result<Token> {
        let started = request.now;
        tracing::debug!(cache = %self.label, reason = ?request.reason, "fetching a token");
        let token = self.fetcher.fetch(request).await?;
        let token = if token.obtained_at().is_none() {
            token.with_obtained_at(started)
        } else {
            token
        };
        let now = self.clock.now();
        if token.is_expired_at(now) {
            return Err(Error::auth(format!(
                "the token endpoint returned a token that expires at {}, not after now ({now}); \
                 check the system clock and the expiry's time zone",
                token.expires_at()
            )));
        }
        Ok(token)
    }

    /// When `token` should be refreshed: `expires_at − min(margin, lifetime / 2)`.
    fn refresh_at(&self, token: &Token, now: DateTime<Utc>) -> DateTime<Utc> {
        let start = token.obtained_at().unwrap_or(now);
        let lifetime = token
            .expires_at()
            .signed_duration_since(start)
            .max(TimeDelta::zero());
        let margin = self.margin.min(lifetime / 2);
        token
            .expires_at()
            .checked_sub_signed(margin)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    fn install(&self, token: Token, now: DateTime<Utc>) -> Result<CachedToken> {
        if token.is_expired_at(now) {
            return Err(Error::auth(format!(
                "the token expired at {}, before it could be used",
                token.expires_at()
            )));
        }
        let token = if token.obtained_at().is_none() {
            token.with_obtained_at(now)
        } else {
            token
        };
        let refresh_at = self.refresh_at(&token, now);
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        let cached = CachedToken {
            token: Arc::new(token),
            generation,
        };
        tracing::debug!(
            cache = %self.label,
            generation,
            expires_at = %cached.expires_at(),
            refresh_at = %refresh_at,
            "token installed"
        );
        *self.write() = Some(Arc::new(Entry {
            token: cached.clone(),
            refresh_at,
            invalidated: false,
        }));
        Ok(cached)
    }

    /// Keeps `old` after a failed proactive refresh; the next attempt waits a while.
    fn postpone(&self, old: &Arc<Entry>, now: DateTime<Utc>) -> CachedToken {
        let retry_at = now
            .checked_add_signed(self.retry_after_failure)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
            .min(old.token.expires_at());
        let mut current = self.write();
        if current.as_ref().is_some_and(|c| Arc::ptr_eq(c, old)) {
            *current = Some(Arc::new(Entry {
                token: old.token.clone(),
                refresh_at: retry_at,
                invalidated: false,
            }));
        }
        old.token.clone()
    }
}
