//! The client's access token: obtained with `GET /token`, cached, refreshed before its
//! `expiration`, and invalidated when the server rejects it.
//!
//! INTERIM: a minimal holder until `client_core::token::TokenCache` lands; the public surface of
//! this module (`header`, `invalidate`) stays the same when it switches over.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use client_core::Error;
use client_core::transport::Transport;
use http::HeaderValue;
use secrecy::ExposeSecret;

use crate::auth::{TokenEndpoint, fetch_token};

/// Default margin before `expiration` at which the token is refreshed (never more than half the
/// token's lifetime).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

#[derive(Clone)]
struct Current {
    value: HeaderValue,
    refresh_at: DateTime<Utc>,
    generation: u64,
}

/// Holds the current token as a ready-made (sensitive) header value.
pub(crate) struct TokenHolder {
    endpoint: Transport<TokenEndpoint>,
    margin: Duration,
    current: RwLock<Option<Current>>,
    refreshing: tokio::sync::Mutex<()>,
    generations: AtomicU64,
}

impl TokenHolder {
    pub(crate) fn new(endpoint: Transport<TokenEndpoint>, margin: Duration) -> Self {
        Self {
            endpoint,
            margin,
            current: RwLock::new(None),
            refreshing: tokio::sync::Mutex::new(()),
            generations: AtomicU64::new(0),
        }
    }

    fn fresh(&self) -> Option<Current> {
        let guard = self.current.read().unwrap_or_else(PoisonError::into_inner);
        guard
            .as_ref()
            .filter(|c| Utc::now() < c.refresh_at)
            .cloned()
    }

    /// The token header value and its generation, fetching a token when none is fresh.
    pub(crate) async fn header(&self) -> client_core::Result<(HeaderValue, u64)> {
        if let Some(c) = self.fresh() {
            return Ok((c.value, c.generation));
        }
        let _single_flight = self.refreshing.lock().await;
        if let Some(c) = self.fresh() {
            return Ok((c.value, c.generation));
        }
        let started = Utc::now();
        let (token, expiration) = fetch_token(&self.endpoint).await?;
        let expires_at = expiration.to_utc();
        let lifetime = expires_at.signed_duration_since(started);
        let margin = TimeDelta::from_std(self.margin)
            .unwrap_or(TimeDelta::MAX)
            .min(lifetime / 2);
        let mut value = HeaderValue::from_str(token.expose_secret())
            .map_err(|_| Error::auth("`GET /token` answered a token that is not header text"))?;
        value.set_sensitive(true);
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        let current = Current {
            value,
            refresh_at: expires_at - margin.max(TimeDelta::zero()),
            generation,
        };
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(current.clone());
        Ok((current.value, current.generation))
    }

    /// Drops the cached token if it is still the one of `generation` (or unconditionally when
    /// `generation` is `None`).
    pub(crate) fn invalidate(&self, generation: Option<u64>) {
        let mut guard = self.current.write().unwrap_or_else(PoisonError::into_inner);
        if generation.is_none() || guard.as_ref().map(|c| c.generation) == generation {
            *guard = None;
        }
    }
}
