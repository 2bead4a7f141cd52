//! Where tokens are kept between refreshes: in memory, in a file that survives restarts, or (with
//! the `redis` feature) in Redis, shared by replicas on several hosts.
//!
//! A [`TokenStore`] reads one [`Token`] and hands out an exclusive [`lock`](TokenStore::lock).
//! Every write goes through the lock's guard, a [`StoreLock`]: the guard reads the stored token,
//! saves a new one, clears it, and marks a refresh *in doubt*. A save is **fenced**: it succeeds
//! only while the guard still holds the lock, so a holder that lost its lock (a paused process
//! whose distributed lock expired) can never overwrite the token a newer holder saved.
//!
//! The [`TokenCache`](crate::token::TokenCache) runs every refresh as *lock → read → maybe fetch →
//! save* when it is built with a store, so two caches — or two processes, or two hosts — sharing
//! one store never both spend a single-use refresh token: the second one, once it holds the lock,
//! reads the token the first one saved and uses it instead of refreshing.
//!
//! * [`MemoryStore`]: shares tokens between clients in one process.
//! * `FileStore` (feature `file-store`): a JSON file written atomically with owner-only
//!   permissions, locked across processes of one host with an advisory lock on a sibling
//!   `.lock` file.
//! * `RedisStore` (feature `redis`): one Redis shared by replicas on several hosts, with a
//!   distributed lock that expires when its holder dies.

#[cfg(any(feature = "file-store", feature = "redis"))]
mod codec;
#[cfg(feature = "file-store")]
mod file;
mod memory;
#[cfg(feature = "redis")]
mod redis;
#[cfg(all(feature = "redis", feature = "testing"))]
mod redis_server;

use std::fmt;
use std::future::Future;

use async_trait::async_trait;

use crate::error::Result;
use crate::token::Token;

#[cfg(feature = "file-store")]
pub use file::{DEFAULT_LOCK_TIMEOUT, FileStore};
pub use memory::MemoryStore;
#[cfg(feature = "redis")]
pub use redis::{DEFAULT_KEY_PREFIX, DEFAULT_LOCK_TTL, RedisStore, RedisStoreBuilder};
#[cfg(all(feature = "redis", feature = "testing"))]
pub use redis_server::RedisServer;

/// Storage for one token, with an exclusive lock through which every write goes.
///
/// * [`load`](TokenStore::load) reads without the lock (a cache adopting a token that another
///   holder saved). Stores make a save atomic, so a `load` never sees a half-written token.
/// * [`lock`](TokenStore::lock) waits for the exclusive lock and returns its guard; reads, saves
///   and clears under the lock go through the guard, and saves are fenced (see [`StoreLock`]).
///
/// `Debug` implementations must not print the token, nor any credential of the store itself.
#[async_trait]
pub trait TokenStore: Send + Sync + fmt::Debug + 'static {
    /// The stored token, or `None` when there is none. A store whose content cannot be read as a
    /// token (a corrupt file) logs a warning and returns `None`; I/O failures are errors.
    async fn load(&self) -> Result<Option<Token>>;

    /// Takes the store's exclusive lock, waiting for other holders (other tasks, and for a
    /// `FileStore` other processes, for a Redis store other hosts). Released when the guard is
    /// [released](StoreLock::release) or dropped.
    async fn lock(&self) -> Result<StoreLock>;

    /// Saves `token` under the lock (lock, save, release): for seeding a store by hand.
    async fn replace(&self, token: &Token) -> Result<()> {
        let mut lock = self.lock().await?;
        lock.save(token).await?;
        lock.release().await
    }

    /// Removes the stored token under the lock (e.g. after the vendor revoked the refresh token).
    async fn clear(&self) -> Result<()> {
        let mut lock = self.lock().await?;
        lock.clear().await?;
        lock.release().await
    }
}

/// What a [`StoreLock`] reads: the token and whether a refresh of it is in doubt.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Stored {
    /// The stored token, if any.
    pub token: Option<Token>,
    /// A previous holder marked a refresh as started ([`StoreLock::mark_in_doubt`]) and never
    /// saved its result: its request may have reached the vendor, so a single-use refresh token
    /// in [`token`](Self::token) may already be spent.
    pub in_doubt: bool,
}

impl Stored {
    /// A read result.
    pub fn new(token: Option<Token>, in_doubt: bool) -> Self {
        Self { token, in_doubt }
    }
}

/// The operations a store offers while its lock is held; implemented by each store's guard.
///
/// Implementations release the lock when dropped (without awaiting, e.g. by spawning the release
/// of a distributed lock), and when [`release`](LockedStore::release) is awaited.
#[async_trait]
pub trait LockedStore: Send + Sync {
    /// Reads the stored token and its in-doubt mark.
    async fn load(&mut self) -> Result<Stored>;

    /// Replaces the stored token and removes the in-doubt mark, atomically and only while the
    /// lock is still held (fenced); a holder that lost its lock gets an error and writes nothing.
    async fn save(&mut self, token: &Token) -> Result<()>;

    /// Removes the stored token and the in-doubt mark (fenced like `save`).
    async fn clear(&mut self) -> Result<()>;

    /// Records that a refresh presenting the stored refresh token is about to be sent (fenced).
    async fn mark_in_doubt(&mut self) -> Result<()>;

    /// Releases the lock now.
    async fn release(self: Box<Self>) -> Result<()>;
}

/// The guard of a [`TokenStore`]'s exclusive lock: every read, save and clear under the lock goes
/// through it. Dropping it releases the lock.
#[must_use = "the lock is released as soon as this guard is dropped"]
pub struct StoreLock {
    held: Box<dyn LockedStore>,
}

impl StoreLock {
    /// Wraps a store's lock guard.
    pub fn new(held: impl LockedStore + 'static) -> Self {
        Self {
            held: Box::new(held),
        }
    }

    /// Reads the stored token and its in-doubt mark.
    pub async fn load(&mut self) -> Result<Stored> {
        self.held.load().await
    }

    /// Saves `token` (fenced: fails, writing nothing, when the lock was lost) and removes the
    /// in-doubt mark.
    pub async fn save(&mut self, token: &Token) -> Result<()> {
        self.held.save(token).await
    }

    /// Removes the stored token (fenced).
    pub async fn clear(&mut self) -> Result<()> {
        self.held.clear().await
    }

    /// Marks the refresh in doubt before a single-use refresh token is presented; the next
    /// successful [`save`](Self::save) removes the mark.
    pub async fn mark_in_doubt(&mut self) -> Result<()> {
        self.held.mark_in_doubt().await
    }

    /// Releases the lock and waits until it is released.
    pub async fn release(self) -> Result<()> {
        self.held.release().await
    }
}

impl fmt::Debug for StoreLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreLock")
    }
}

/// Runs *read → maybe refresh → write* under the store's exclusive lock.
///
/// `refresh` receives the stored token (read after the lock was taken, so it is the newest) and
/// returns `Some(new)` to save and return it, or `None` to keep the stored one. Returns the token
/// that is stored when the lock is released (`None` if there is none).
///
/// ```
/// # async fn demo() -> client_core::Result<()> {
/// use chrono::{Duration, Utc};
/// use client_core::store::{update, MemoryStore};
/// use client_core::token::Token;
///
/// let store = MemoryStore::new();
/// let token = update(&store, |current| async move {
///     match current {
///         Some(t) if !t.is_expired_at(Utc::now()) => Ok(None), // still good: keep it
///         _ => Ok(Some(Token::new("fresh", Utc::now() + Duration::hours(2)))),
///     }
/// })
/// .await?;
/// assert!(token.is_some());
/// # Ok(()) }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
/// ```
pub async fn update<S, F, Fut>(store: &S, refresh: F) -> Result<Option<Token>>
where
    S: TokenStore + ?Sized,
    F: FnOnce(Option<Token>) -> Fut,
    Fut: Future<Output = Result<Option<Token>>>,
{
    let mut lock = store.lock().await?;
    let current = lock.load().await?.token;
    let result = match refresh(current.clone()).await? {
        Some(new) => {
            lock.save(&new).await?;
            Some(new)
        }
        None => current,
    };
    lock.release().await?;
    Ok(result)
}
