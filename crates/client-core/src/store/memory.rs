//! An in-process token store.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;

use super::{LockedStore, StoreLock, Stored, TokenStore};
use crate::error::Result;
use crate::token::Token;

/// Keeps a token in memory; clones share the same token and lock.
///
/// Useful to share one token between several clients of one process, and in tests. Nothing
/// survives a restart: use a `FileStore` (feature `file-store`) for that. Its lock is a Tokio mutex,
/// which a holder cannot lose, so its fenced saves never fail.
#[derive(Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    slot: Mutex<Slot>,
    lock: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Default)]
struct Slot {
    token: Option<Token>,
    in_doubt: bool,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `token`.
    pub fn with_token(token: Token) -> Self {
        let store = Self::new();
        store.inner.slot().token = Some(token);
        store
    }
}

impl Inner {
    fn slot(&self) -> std::sync::MutexGuard<'_, Slot> {
        // A poisoned lock only means a panic elsewhere; the slot is always valid.
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl TokenStore for MemoryStore {
    async fn load(&self) -> Result<Option<Token>> {
        Ok(self.inner.slot().token.clone())
    }

    async fn lock(&self) -> Result<StoreLock> {
        let guard = Arc::clone(&self.inner.lock).lock_owned().await;
        Ok(StoreLock::new(MemoryLock {
            inner: Arc::clone(&self.inner),
            _guard: guard,
        }))
    }
}

/// The held lock of a [`MemoryStore`].
struct MemoryLock {
    inner: Arc<Inner>,
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

#[async_trait]
impl LockedStore for MemoryLock {
    async fn load(&mut self) -> Result<Stored> {
        let slot = self.inner.slot();
        Ok(Stored::new(slot.token.clone(), slot.in_doubt))
    }

    async fn save(&mut self, token: &Token) -> Result<()> {
        let mut slot = self.inner.slot();
        slot.token = Some(token.clone());
        slot.in_doubt = false;
        Ok(())
    }

    async fn clear(&mut self) -> Result<()> {
        let mut slot = self.inner.slot();
        slot.token = None;
        slot.in_doubt = false;
        Ok(())
    }

    async fn mark_in_doubt(&mut self) -> Result<()> {
        self.inner.slot().in_doubt = true;
        Ok(())
    }

    async fn release(self: Box<Self>) -> Result<()> {
        Ok(())
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expires_at = self.inner.slot().token.as_ref().map(Token::expires_at);
        f.debug_struct("MemoryStore")
            .field("token_expires_at", &expires_at)
            .finish()
    }
}
