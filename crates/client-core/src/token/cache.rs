//! The token cache: proactive refresh, single flight, invalidation, optional store.

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use futures::FutureExt;
use futures::future::{BoxFuture, Shared};

use super::{CachedToken, RefreshReason, StoreOutagePolicy, Token, TokenFetcher, TokenRequest};
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::store::{StoreLock, TokenStore};

/// The default refresh margin: refresh this long before expiry (capped at half the lifetime).
pub const DEFAULT_MARGIN: Duration = Duration::from_secs(5 * 60);

/// The default wait before retrying after a failed *proactive* refresh (while the old token is
/// still valid), and after a token that arrived already expired.
pub const DEFAULT_RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// The default limit on one call of the [`TokenFetcher`]: well under a vendor client's default
/// operation timeout, so a token endpoint that never answers fails the callers typed
/// ([`Error::is_timeout`]) instead of holding them until their own deadline.
pub const DEFAULT_REFRESH_TIMEOUT: Duration = Duration::from_secs(15);

/// Hands out valid access tokens, refreshing them before they expire.
///
/// * **Proactive refresh.** A token is refreshed once `expires_at − margin` has passed, where the
///   margin is [`margin`](TokenCacheBuilder::margin) but never more than half the token's lifetime
///   (`expires_at − obtained_at`). A two-hour token with the default five-minute margin is
///   refreshed after 1 h 55 min; a four-minute token after two minutes, not on every call. A
///   token whose `obtained_at` is unknown (an old stored one) counts with the full margin.
/// * **Single flight.** However many tasks ask at once, one refresh runs; the others wait for it
///   and all get its result. A failed refresh wakes every waiter with (a copy of) the error, and
///   the next call tries again. The refresh runs in its own Tokio task, so it completes (and a
///   rotated refresh token is saved) even if every caller gives up waiting; a task that dies
///   without running (its runtime shut down) frees the slot, and the next call starts anew.
/// * **Refresh timeout.** One fetch may take at most
///   [`refresh_timeout`](TokenCacheBuilder::refresh_timeout) (default
///   [`DEFAULT_REFRESH_TIMEOUT`]); then the callers get a timeout error.
/// * **Grace on failure.** If a *proactive* refresh fails while the current token is still valid
///   and nobody invalidated it meanwhile, the callers get the current token (a warning is logged)
///   and the next attempt waits [`retry_after_failure`](TokenCacheBuilder::retry_after_failure).
///   A token that was invalidated is never handed out again.
/// * **Expired on arrival.** A token that is already expired when its fetch returns (a skewed
///   clock, an expiry read in the wrong zone) is still saved — its rotated refresh token is the
///   only valid one — and presented at the next refresh; the callers get an
///   [`is_auth`](Error::is_auth) error naming the likely clock skew, and the next refresh waits
///   `retry_after_failure`, so a skewed clock causes no refresh storm.
/// * **Invalidation.** [`invalidate`](Self::invalidate) makes the next call refresh;
///   [`invalidate_if`](Self::invalidate_if) does so only if the cache still holds the token of that
///   generation, so many requests failing on one stale token cause one refresh.
/// * **Store.** With a [`TokenStore`], a cache without a valid token first reads the store and
///   adopts a token found there whose refresh point has not passed (saved by another cache,
///   process or host). Otherwise it refreshes under the store's lock: it re-reads the store,
///   adopts a token saved meanwhile, or fetches — presenting the newest refresh token it knows —
///   and saves the result through the lock's fenced guard. A token whose save failed is kept,
///   presented at the next refresh and saved again under the next lock. Before presenting a
///   single-use refresh token it marks the refresh *in doubt* in the store; a holder that finds a
///   mark left by one that died mid-refresh fails with
///   [`is_reauthorization_required`](Error::is_reauthorization_required) instead of presenting
///   a refresh token that may be spent (unless refresh tokens are
///   [not single-use](TokenCacheBuilder::single_use_refresh_tokens)). When the store is
///   unavailable, [`StoreOutagePolicy`] decides.
/// * **Cheap hot path.** While the token is fresh, [`token`](Self::token) takes a read lock, clones
///   an `Arc`, and reads the clock; it never awaits and never touches the store.
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
    refresh_timeout: Duration,
    on_store_unavailable: StoreOutagePolicy,
    single_use_refresh_tokens: bool,
    label: Cow<'static, str>,
    current: RwLock<Option<Arc<Entry>>>,
    flight: Mutex<Option<Flight>>,
    newest: Mutex<Option<Newest>>,
    cooldown: Mutex<Option<Cooldown>>,
    generations: AtomicU64,
    flights: AtomicU64,
}

/// The installed token and when to refresh it.
struct Entry {
    token: CachedToken,
    refresh_at: DateTime<Utc>,
    invalidated: bool,
}

/// The newest token this cache knows (its refresh token is the one to present), and whether it
/// is in the store.
struct Newest {
    token: Token,
    saved: bool,
}

/// After a token arrived already expired: no refresh before `until`; callers get `error`.
struct Cooldown {
    until: DateTime<Utc>,
    error: Arc<Error>,
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
    refresh_timeout: Duration,
    on_store_unavailable: StoreOutagePolicy,
    single_use_refresh_tokens: bool,
    label: Cow<'static, str>,
}

impl TokenCacheBuilder {
    /// Refresh this long before expiry, but never more than half the token's lifetime (default
    /// [`DEFAULT_MARGIN`], five minutes).
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// After a failed proactive refresh, or a token that arrived already expired, wait this long
    /// before trying again (default [`DEFAULT_RETRY_AFTER_FAILURE`]).
    pub fn retry_after_failure(mut self, wait: Duration) -> Self {
        self.retry_after_failure = wait;
        self
    }

    /// The longest one fetch may take before the callers get a timeout error (default
    /// [`DEFAULT_REFRESH_TIMEOUT`]). Keep it below the operation timeout of the client using the
    /// cache, and below a distributed store's lock expiry.
    pub fn refresh_timeout(mut self, timeout: Duration) -> Self {
        self.refresh_timeout = timeout;
        self
    }

    /// What to do when the store is unavailable (default [`StoreOutagePolicy::Fail`]).
    pub fn on_store_unavailable(mut self, policy: StoreOutagePolicy) -> Self {
        self.on_store_unavailable = policy;
        self
    }

    /// Whether a refresh token can be spent only once (default `true`, the safe choice). With
    /// `false`, a refresh left *in doubt* by a holder that died is simply retried.
    pub fn single_use_refresh_tokens(mut self, single_use: bool) -> Self {
        self.single_use_refresh_tokens = single_use;
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
                refresh_timeout: self.refresh_timeout,
                on_store_unavailable: self.on_store_unavailable,
                single_use_refresh_tokens: self.single_use_refresh_tokens,
                label: self.label,
                current: RwLock::new(None),
                flight: Mutex::new(None),
                newest: Mutex::new(None),
                cooldown: Mutex::new(None),
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
            .field("refresh_timeout", &self.refresh_timeout)
            .field("on_store_unavailable", &self.on_store_unavailable)
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
            refresh_timeout: DEFAULT_REFRESH_TIMEOUT,
            on_store_unavailable: StoreOutagePolicy::default(),
            single_use_refresh_tokens: true,
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

    /// Installs a token obtained elsewhere (e.g. from an OAuth authorization-code exchange) and
    /// saves it to the store under its lock (stamping `obtained_at` when it is unset).
    ///
    /// The token is installed **first**: if the save fails, the error is returned but the token
    /// stays in use ([`cached`](Self::cached) returns it), is presented at the next refresh and
    /// is saved again under the next lock, so a token from a single-use authorization code is
    /// never lost. The save runs in its own task: a caller that stops waiting cannot interrupt it.
    pub async fn set_token(&self, token: Token) -> Result<CachedToken> {
        let now = self.inner.clock.now();
        let token = if token.obtained_at().is_none() {
            token.with_obtained_at(now)
        } else {
            token
        };
        let cached = self.inner.install(token.clone(), now)?;
        self.inner.remember(token.clone(), false);
        *self.inner.cooldown() = None;
        let Some(store) = self.inner.store.clone() else {
            return Ok(cached);
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Err(Error::config(
                "TokenCache::set_token was called outside a Tokio runtime",
            ));
        };
        let inner = Arc::clone(&self.inner);
        let save = runtime.spawn(async move {
            let mut lock = store.lock().await?;
            lock.save(&token).await?;
            inner.mark_saved(&token);
            lock.release().await
        });
        let saved = match save.await {
            Ok(saved) => saved,
            Err(join) => Err(Error::io(
                "the task saving the token did not finish",
                std::io::Error::other(join),
            )),
        };
        match saved {
            Ok(()) => Ok(cached),
            Err(error) => {
                tracing::error!(
                    cache = %self.inner.label,
                    error = %error,
                    "the token is installed but could not be saved; it will be saved under the next lock"
                );
                Err(error)
            }
        }
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

/// Clears the flight slot when the refresh task ends — by completion, panic, cancellation, or
/// being dropped unpolled when its runtime shuts down (it is created before the task is spawned).
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

/// Whether the store's error lets the outage policy decide.
fn unavailable(error: &Error) -> bool {
    error.is_store_unavailable()
}

impl Inner {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Option<Arc<Entry>>> {
        // Poisoning cannot leave the `Option<Arc<Entry>>` half-written: recover.
        self.current.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Option<Arc<Entry>>> {
        self.current.write().unwrap_or_else(PoisonError::into_inner)
    }

    fn newest(&self) -> MutexGuard<'_, Option<Newest>> {
        self.newest.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn cooldown(&self) -> MutexGuard<'_, Option<Cooldown>> {
        self.cooldown.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The hot path: the cached token if it is fresh at `now`.
    fn fresh(&self, now: DateTime<Utc>) -> Option<CachedToken> {
        match self.read().as_deref() {
            Some(entry) if entry.is_fresh(now) => Some(entry.token.clone()),
            _ => None,
        }
    }

    async fn join_flight(this: &Arc<Inner>) -> Result<CachedToken> {
        let (result, start) = {
            let mut slot = this.flight.lock().unwrap_or_else(PoisonError::into_inner);
            match slot.as_ref() {
                Some(flight) => (flight.result.clone(), None),
                None => {
                    // A flight may have finished between our check and taking the slot: it
                    // installs its token before it clears the slot, so this check sees it.
                    let now = this.clock.now();
                    if let Some(token) = this.fresh(now) {
                        return Ok(token);
                    }
                    if let Some(cooldown) = this.cooldown().as_ref().filter(|c| now < c.until) {
                        return Err(cooldown.error.duplicate());
                    }
                    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                        return Err(Error::config(
                            "TokenCache::token was called outside a Tokio runtime",
                        ));
                    };
                    let id = this.flights.fetch_add(1, Ordering::Relaxed) + 1;
                    let (task_tx, task_rx) = tokio::sync::oneshot::channel();
                    let result = async move {
                        let Ok(task) = task_rx.await else {
                            return Err(Arc::new(Error::auth("the token refresh was not started")));
                        };
                        match task.await {
                            Ok(result) => result,
                            Err(join) => {
                                let join: tokio::task::JoinError = join;
                                let what = if join.is_panic() {
                                    "panicked"
                                } else {
                                    "was cancelled (its runtime shut down); the next call retries"
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
                    (result, Some((runtime, id, task_tx)))
                }
            }
        };
        if let Some((runtime, id, task_tx)) = start {
            // Spawned after the slot lock is released: a task dropped at once (its runtime is
            // shutting down) drops its `FlightDone`, which takes that lock to clear the slot.
            let done = FlightDone {
                inner: Arc::clone(this),
                id,
            };
            let task = runtime.spawn(async move {
                let done = done;
                done.inner.refresh().await.map_err(Arc::new)
            });
            let _ = task_tx.send(task);
        }
        result.await.map_err(|e| e.duplicate())
    }

    /// One refresh (runs in the flight's task).
    async fn refresh(&self) -> Result<CachedToken> {
        let started = self.clock.now();
        let stale = self.read().clone();
        match self.refresh_from(stale.as_deref(), started).await {
            Ok(token) => Ok(token),
            Err(error) => match stale {
                Some(old) if !old.invalidated && !old.token.is_expired_at(self.clock.now()) => {
                    self.grace(&old, error)
                }
                _ => Err(error),
            },
        }
    }

    /// After a failed proactive refresh: the still-valid token, unless it was invalidated (or
    /// replaced) while the refresh ran.
    fn grace(&self, old: &Arc<Entry>, error: Error) -> Result<CachedToken> {
        let now = self.clock.now();
        let mut current = self.write();
        match current.as_ref() {
            Some(c) if Arc::ptr_eq(c, old) => {
                tracing::warn!(
                    cache = %self.label,
                    error = %error,
                    expires_at = %old.token.expires_at(),
                    "proactive token refresh failed; using the current token until it expires"
                );
                let retry_at = now
                    .checked_add_signed(self.retry_after_failure)
                    .unwrap_or(DateTime::<Utc>::MAX_UTC)
                    .min(old.token.expires_at());
                *current = Some(Arc::new(Entry {
                    token: old.token.clone(),
                    refresh_at: retry_at,
                    invalidated: false,
                }));
                Ok(old.token.clone())
            }
            // Installed meanwhile (set_token): hand that one out.
            Some(c)
                if !c.invalidated
                    && c.token.generation != old.token.generation
                    && !c.token.is_expired_at(now) =>
            {
                Ok(c.token.clone())
            }
            _ => Err(error),
        }
    }

    fn reason(stale: Option<&Entry>) -> RefreshReason {
        match stale {
            None => RefreshReason::Missing,
            Some(e) if e.invalidated => RefreshReason::Invalidated,
            Some(_) => RefreshReason::Expiring,
        }
    }

    /// The token whose refresh token to present: the newest this cache knows, else the store's,
    /// else the cached one.
    fn previous(&self, stored: Option<Token>, stale: Option<&Entry>) -> Option<Token> {
        if let Some(newest) = self.newest().as_ref() {
            let store_is_newer = stored.as_ref().is_some_and(|s| is_newer(s, &newest.token));
            if !store_is_newer {
                return Some(newest.token.clone());
            }
        }
        stored.or_else(|| stale.map(|e| Token::clone(&e.token)))
    }

    async fn refresh_from(
        &self,
        stale: Option<&Entry>,
        started: DateTime<Utc>,
    ) -> Result<CachedToken> {
        let reason = Self::reason(stale);
        let Some(store) = &self.store else {
            let previous = self.previous(None, stale);
            let token = self
                .fetch_token(TokenRequest::new(previous, started, reason))
                .await?;
            self.remember(token.clone(), true);
            return self.accept(token);
        };

        // A cache without a valid token first adopts one another holder saved: one read, no lock.
        match store.load().await {
            Ok(Some(stored)) if self.adoptable(&stored, stale) => {
                tracing::debug!(cache = %self.label, "using the token found in the store");
                return self.install(stored, self.clock.now());
            }
            Ok(_) => {}
            Err(error) if unavailable(&error) => {
                return self.outage(error, stale, started, reason).await;
            }
            Err(error) => return Err(error),
        }

        let mut lock = match store.lock().await {
            Ok(lock) => lock,
            Err(error) if unavailable(&error) => {
                return self.outage(error, stale, started, reason).await;
            }
            Err(error) => return Err(error),
        };
        let result = self.refresh_locked(&mut lock, stale, started, reason).await;
        if let Err(error) = lock.release().await {
            tracing::warn!(cache = %self.label, error = %error, "could not release the store lock; it expires on its own");
        }
        result
    }

    async fn refresh_locked(
        &self,
        lock: &mut StoreLock,
        stale: Option<&Entry>,
        started: DateTime<Utc>,
        reason: RefreshReason,
    ) -> Result<CachedToken> {
        let stored = lock.load().await?;
        let mut in_doubt = stored.in_doubt;
        let mut stored_token = stored.token;

        // A token whose save failed earlier is saved now, unless the store holds a newer one.
        if let Some(unsaved) = self.unsaved() {
            let store_is_newer = stored_token.as_ref().is_some_and(|s| is_newer(s, &unsaved));
            if store_is_newer {
                self.forget(&unsaved);
            } else {
                match lock.save(&unsaved).await {
                    Ok(()) => {
                        self.mark_saved(&unsaved);
                        stored_token = Some(unsaved);
                        in_doubt = false;
                    }
                    Err(error) => {
                        tracing::warn!(cache = %self.label, error = %error, "still cannot save the newest token");
                    }
                }
            }
        }

        if let Some(stored) = stored_token.as_ref().filter(|s| self.adoptable(s, stale)) {
            tracing::debug!(cache = %self.label, "using the token found in the store");
            let stored = stored.clone();
            self.remember(stored.clone(), true);
            return self.install(stored, self.clock.now());
        }

        let reason = if stored_token.is_none() && stale.is_none() {
            RefreshReason::Missing
        } else {
            reason
        };
        let previous = self.previous(stored_token, stale);
        let presents_refresh = previous.as_ref().is_some_and(|p| p.refresh().is_some());
        if in_doubt && presents_refresh && self.single_use_refresh_tokens {
            return Err(Error::reauthorization_required(
                "a previous refresh was sent and its result never saved (its holder died or timed \
                 out), so the stored refresh token may already be spent; authorise the app again",
            ));
        }
        if presents_refresh {
            lock.mark_in_doubt().await?;
        }
        let fetched = self
            .fetch_token(TokenRequest::new(previous.clone(), started, reason))
            .await;
        let token = match fetched {
            Ok(token) => token,
            Err(error) => {
                // An answer (or no connection at all) means the refresh token was not spent.
                let answered = error.is_connect()
                    || error.is_api()
                    || error.is_auth()
                    || error.is_decode()
                    || error.is_invalid_input()
                    || error.is_config();
                let unspent = presents_refresh && answered && !error.is_reauthorization_required();
                if let Some(previous) = previous.as_ref().filter(|_| unspent) {
                    let _ = lock.save(previous).await;
                }
                return Err(error);
            }
        };
        let saved = match lock.save(&token).await {
            Ok(()) => true,
            Err(error) => {
                // The token is issued (and a single-use refresh token spent): keep it, present
                // it next time, and save it under the next lock.
                tracing::error!(cache = %self.label, error = %error, "could not save the new token; it will be saved under the next lock");
                false
            }
        };
        self.remember(token.clone(), saved);
        self.accept(token)
    }

    /// The store is unavailable: fail, or fetch without it, as the policy says.
    async fn outage(
        &self,
        error: Error,
        stale: Option<&Entry>,
        started: DateTime<Utc>,
        reason: RefreshReason,
    ) -> Result<CachedToken> {
        if self.on_store_unavailable != StoreOutagePolicy::FetchLocally {
            return Err(error);
        }
        tracing::warn!(cache = %self.label, error = %error, "the token store is unavailable; fetching a token without it");
        let previous = self.previous(None, stale);
        let token = self
            .fetch_token(TokenRequest::new(previous, started, reason))
            .await?;
        self.remember(token.clone(), false);
        self.accept(token)
    }

    /// Whether a stored token may be used instead of refreshing: its refresh point has not passed
    /// and it is neither the token the cache just invalidated nor older than the newest it knows.
    fn adoptable(&self, stored: &Token, stale: Option<&Entry>) -> bool {
        let is_rejected = stale.is_some_and(|e| e.invalidated && e.token.same_access(stored));
        let is_older = self
            .newest()
            .as_ref()
            .is_some_and(|n| is_newer(&n.token, stored));
        !is_rejected && !is_older && self.clock.now() < self.refresh_at(stored)
    }

    async fn fetch_token(&self, request: TokenRequest) -> Result<Token> {
        let started = request.now;
        tracing::debug!(cache = %self.label, reason = ?request.reason, "fetching a token");
        let fetched = tokio::time::timeout(self.refresh_timeout, self.fetcher.fetch(request)).await;
        crate::transport::metrics::token_refreshed(&self.label, matches!(fetched, Ok(Ok(_))));
        let token = match fetched {
            Ok(fetched) => fetched?,
            Err(_) => {
                return Err(Error::timeout(format!(
                    "the token refresh did not finish within {:?}",
                    self.refresh_timeout
                )));
            }
        };
        Ok(if token.obtained_at().is_none() {
            token.with_obtained_at(started)
        } else {
            token
        })
    }

    /// Installs a freshly fetched token, or — if it is already expired — starts the cool-down.
    fn accept(&self, token: Token) -> Result<CachedToken> {
        let now = self.clock.now();
        if !token.is_expired_at(now) {
            *self.cooldown() = None;
            return self.install(token, now);
        }
        let error = Error::auth(format!(
            "the token endpoint returned a token that expires at {}, not after now ({now}): \
             likely clock skew (check the system clock) or an expiry read in the wrong time \
             zone; the token was kept and the next refresh waits {}s",
            token.expires_at(),
            self.retry_after_failure.num_seconds()
        ));
        let until = now
            .checked_add_signed(self.retry_after_failure)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        *self.cooldown() = Some(Cooldown {
            until,
            error: Arc::new(error.duplicate()),
        });
        Err(error)
    }

    /// When `token` should be refreshed: `expires_at − min(margin, lifetime / 2)`, or
    /// `expires_at − margin` when its start is unknown.
    fn refresh_at(&self, token: &Token) -> DateTime<Utc> {
        let margin = match token.lifetime() {
            Some(lifetime) => self.margin.min(lifetime.max(TimeDelta::zero()) / 2),
            None => self.margin,
        };
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
        let refresh_at = self.refresh_at(&token);
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

    fn remember(&self, token: Token, saved: bool) {
        *self.newest() = Some(Newest { token, saved });
    }

    fn unsaved(&self) -> Option<Token> {
        self.newest()
            .as_ref()
            .filter(|n| !n.saved)
            .map(|n| n.token.clone())
    }

    fn mark_saved(&self, token: &Token) {
        if let Some(newest) = self
            .newest()
            .as_mut()
            .filter(|n| n.token.same_access(token))
        {
            newest.saved = true;
        }
    }

    fn forget(&self, token: &Token) {
        let mut newest = self.newest();
        if newest.as_ref().is_some_and(|n| n.token.same_access(token)) {
            *newest = None;
        }
    }
}

/// Whether `a` was obtained after `b` (unknown starts count as older).
fn is_newer(a: &Token, b: &Token) -> bool {
    match (a.obtained_at(), b.obtained_at()) {
        (Some(a), Some(b)) => a > b,
        (Some(_), None) => true,
        _ => false,
    }
}
