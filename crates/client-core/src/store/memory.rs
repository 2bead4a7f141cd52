//! An in-process token store.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;

use super::{StoreLock, TokenStore};
use crate::error::Result;
use crate::token::Token;

/// Keeps a token in memory; clones share the same token and lock.
///
/// Useful to share one token between several clients of one process, and in tests. Nothing
/// survives a restart: use a [`FileStore`](super::FileStore) for that.
#[derive(Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    token: Mutex<Option<Token>>,
    lock: Arc<tokio::sync::Mutex<()>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `token`.
    pub fn with_token(token: Token) -> Self {
        let store = Self::new();
        *store.slot() = Some(token);
        store
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Token>> {
        // A poisoned lock only means a panic elsewhere; the `Option<Token>` is always valid.
        self.inner
            .token
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl TokenStore for MemoryStore {
    async fn load(&self) -> Result<Option<Token>> {
        Ok(self.slot().clone())
    }

    async fn save(&self, token: &Token) -> Result<()> {
        *self.slot() = Some(token.clone());
        Ok(())
    }

    async fn clear(&self) -> Result<()> {
        *self.slot() = None;
        Ok(())
    }

    async fn lock(&self) -> Result<StoreLock> {
        let guard = Arc::clone(&self.inner.lock).lock_owned().await;
        Ok(StoreLock::new(guard))
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expires_at = self.slot().as_ref().map(Token::expires_at);
        f.debug_struct("MemoryStore")
            .field("token_expires_at", &expires_at)
            .finish()
    }
}
