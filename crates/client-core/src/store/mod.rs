//! Where tokens are kept between refreshes: in memory, or in a file that survives restarts.
//!
//! A [`TokenStore`] loads and saves one [`Token`] and offers an exclusive [`lock`](TokenStore::lock)
//! under which a caller runs *read → maybe refresh → write* (see [`update`]). The
//! [`TokenCache`](crate::token::TokenCache) does exactly that for every refresh when it is built
//! with a store, so two caches — or two processes — sharing one store never both spend a
//! single-use refresh token: the second one, once it holds the lock, reads the token the first one
//! saved and uses it instead of refreshing.
//!
//! * [`MemoryStore`]: shares tokens between clients in one process.
//! * [`FileStore`]: a JSON file written atomically with owner-only permissions, locked across
//!   processes with an advisory lock on a sibling `.lock` file.

mod file;
mod memory;

use std::fmt;
use std::future::Future;

use async_trait::async_trait;

use crate::error::Result;
use crate::token::Token;

pub use file::{DEFAULT_LOCK_TIMEOUT, FileStore};
pub use memory::MemoryStore;

/// Storage for one token.
///
/// `load` and `save` never take the lock themselves: a caller that must not race other writers
/// takes [`lock`](TokenStore::lock) first and holds it across its load, refresh and save. Stores
/// make `save` atomic, so a `load` never sees a half-written token even without the lock.
///
/// `Debug` implementations must not print the token.
#[async_trait]
pub trait TokenStore: Send + Sync + fmt::Debug + 'static {
    /// The stored token, or `None` when there is none. A store whose content cannot be read as a
    /// token (a corrupt file) logs a warning and returns `None`; I/O failures are errors.
    async fn load(&self) -> Result<Option<Token>>;

    /// Replaces the stored token, atomically.
    async fn save(&self, token: &Token) -> Result<()>;

    /// Removes the stored token (e.g. after the vendor revoked the refresh token).
    async fn clear(&self) -> Result<()>;

    /// Takes the store's exclusive lock, waiting for other holders (other tasks, and for a
    /// [`FileStore`] other processes). Released when the returned guard drops.
    async fn lock(&self) -> Result<StoreLock>;
}

/// Proof that a [`TokenStore`]'s exclusive lock is held; dropping it releases the lock.
#[must_use = "the lock is released as soon as this guard is dropped"]
pub struct StoreLock {
    _held: Box<dyn Send + Sync>,
}

impl StoreLock {
    /// Wraps whatever releases the lock when dropped (a mutex guard, a locked file).
    pub fn new(held: impl Send + Sync + 'static) -> Self {
        Self {
            _held: Box::new(held),
        }
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
    let _lock = store.lock().await?;
    let current = store.load().await?;
    match refresh(current.clone()).await? {
        Some(new) => {
            store.save(&new).await?;
            Ok(Some(new))
        }
        None => Ok(current),
    }
}
