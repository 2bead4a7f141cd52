//! A token store in Redis, shared by replicas on several hosts, with a fenced distributed lock.

use std::fmt;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};
use secrecy::zeroize::Zeroize;
use secrecy::{ExposeSecret, SecretString};

use super::codec::{decode, encode};
use super::{LockedStore, StoreLock, Stored, TokenStore};
use crate::error::{Error, Result};
use crate::token::Token;

/// The default first part of every key: `cn-clients:<vendor>:<app>:token`.
pub const DEFAULT_KEY_PREFIX: &str = "cn-clients";

/// The default expiry of the refresh lock. Longer than the cache's default refresh timeout
/// ([`DEFAULT_REFRESH_TIMEOUT`](crate::token::DEFAULT_REFRESH_TIMEOUT)); a live holder extends it
/// every third of it while it works, so only a dead (or paused) holder's lock expires.
pub const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(30);

/// How long [`lock`](TokenStore::lock) waits by default: longer than the lock's expiry, so a
/// waiter outlives a holder that died.
const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(45);

/// How long a stored token without a refresh token outlives its expiry in Redis.
const KEEP_ACCESS_ONLY: Duration = Duration::from_secs(10 * 60);

/// How long a stored token with a refresh token outlives its access token's expiry in Redis (the
/// refresh token lives longer than the access token; its own lifetime is not known).
const KEEP_WITH_REFRESH: Duration = Duration::from_secs(30 * 24 * 3600);

/// The longest pause between two tries to take a held lock.
const MAX_LOCK_PAUSE: Duration = Duration::from_millis(200);

/// Saves only while `owner` holds the lock: `KEYS = [lock, token, doubt]`,
/// `ARGV = [owner, token bytes, expiry in ms]`. 1 when saved, 0 when the lock was lost.
static SAVE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            redis.call('DEL', KEYS[3])
            return 1
          end
          return 0",
    )
});

/// Clears only while `owner` holds the lock: `KEYS = [lock, token, doubt]`, `ARGV = [owner]`.
static CLEAR: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('DEL', KEYS[2], KEYS[3])
            return 1
          end
          return 0",
    )
});

/// Marks the refresh in doubt only while `owner` holds the lock: `KEYS = [lock, doubt]`,
/// `ARGV = [owner]`.
static MARK_IN_DOUBT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('SET', KEYS[2], ARGV[1])
            return 1
          end
          return 0",
    )
});

/// Extends the lock only while `owner` holds it: `KEYS = [lock]`, `ARGV = [owner, ttl in ms]`.
static EXTEND: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('PEXPIRE', KEYS[1], ARGV[2])
          end
          return 0",
    )
});

/// Releases the lock only if `owner` holds it (compare and delete): `KEYS = [lock]`,
/// `ARGV = [owner]`.
static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
          end
          return 0",
    )
});

/// Keeps one token in Redis for replicas on several hosts, with a fenced distributed refresh
/// lock (feature `redis`).
///
/// * **Keys**: `<prefix>:<vendor>:<app>:token` (the token, JSON as in a
///   `FileStore` (feature `file-store`)), `…:lock` (the refresh lock) and `…:in-doubt`, so one Redis
///   serves several vendors and apps. The prefix defaults to [`DEFAULT_KEY_PREFIX`]. A stored
///   token expires in Redis a little after its own expiry (ten minutes; thirty days when it
///   carries a refresh token, whose own lifetime is not known).
/// * **Lock**: one `SET lock <random owner> NX PX <ttl>`; released by a compare-and-delete
///   script, so a holder never releases another's lock. The expiry ([`DEFAULT_LOCK_TTL`]) is
///   longer than the refresh timeout and a live holder extends it every third of it. Waiters
///   retry with a bounded backoff (up to 200 ms) and then adopt the token the holder saved.
/// * **Fencing**: a save, a clear and the in-doubt mark are scripts that check the owner in the
///   same atomic step as the write: a holder that lost its lock (paused past the expiry, cut off
///   by a partition) writes nothing and gets an error.
/// * **Connection**: the `redis` crate's connection manager (reconnects on its own; made on first
///   use, so building a store never fails because Redis is down). `redis://` and `rediss://`
///   (TLS) URLs, with the user, password and database in the URL. Failures are
///   [`is_store_unavailable`](Error::is_store_unavailable) errors with the cause; neither
///   `Debug` nor any error shows the password.
/// * Redis Cluster and Sentinel are not supported.
///
/// ```no_run
/// # async fn demo() -> client_core::Result<()> {
/// use client_core::store::RedisStore;
/// let store = RedisStore::builder("redis://:secret@10.0.0.5:6379/2", "wukong", "app-42").build()?;
/// # drop(store); Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    shared: Arc<Shared>,
}

struct Shared {
    client: redis::Client,
    manager: tokio::sync::OnceCell<ConnectionManager>,
    target: String,
    token_key: String,
    lock_key: String,
    doubt_key: String,
    lock_ttl: Duration,
    lock_timeout: Duration,
    response_timeout: Duration,
}

/// Builds a [`RedisStore`].
pub struct RedisStoreBuilder {
    url: SecretString,
    vendor: String,
    app: String,
    prefix: String,
    lock_ttl: Duration,
    lock_timeout: Duration,
    response_timeout: Duration,
}

impl RedisStoreBuilder {
    /// The first part of every key (default [`DEFAULT_KEY_PREFIX`]).
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The lock's expiry (default [`DEFAULT_LOCK_TTL`]); keep it longer than the cache's refresh
    /// timeout. A holder that dies blocks refreshes this long at most.
    pub fn lock_ttl(mut self, ttl: Duration) -> Self {
        self.lock_ttl = ttl;
        self
    }

    /// How long [`lock`](TokenStore::lock) waits for another holder (default 45 s); then a
    /// timeout error.
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// How long one Redis command (and one connection attempt) may take (default 2 s).
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// The store. Nothing is connected yet; a URL that is not a Redis URL is a configuration
    /// error (whose text never shows the password).
    pub fn build(self) -> Result<RedisStore> {
        let client = redis::Client::open(self.url.expose_secret()).map_err(|e| {
            Error::config(format!(
                "the Redis URL {} is not valid ({:?})",
                redacted(self.url.expose_secret()),
                e.kind()
            ))
        })?;
        if self.lock_ttl < Duration::from_millis(10) {
            return Err(Error::config(
                "the Redis lock expiry must be at least 10 ms",
            ));
        }
        let info = client.get_connection_info();
        let target = format!(
            "{}://{}/{}",
            match info.addr() {
                redis::ConnectionAddr::TcpTls { .. } => "rediss",
                redis::ConnectionAddr::Unix(_) => "redis+unix",
                _ => "redis",
            },
            info.addr(),
            info.redis_settings().db()
        );
        let base = format!("{}:{}:{}", self.prefix, self.vendor, self.app);
        Ok(RedisStore {
            shared: Arc::new(Shared {
                client,
                manager: tokio::sync::OnceCell::new(),
                target,
                token_key: format!("{base}:token"),
                lock_key: format!("{base}:lock"),
                doubt_key: format!("{base}:in-doubt"),
                lock_ttl: self.lock_ttl,
                lock_timeout: self.lock_timeout,
                response_timeout: self.response_timeout,
            }),
        })
    }
}

impl fmt::Debug for RedisStoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStoreBuilder")
            .field("url", &redacted(self.url.expose_secret()))
            .field("vendor", &self.vendor)
            .field("app", &self.app)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// A URL for messages: scheme, host, port and path, without user, password or query.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            let mut shown = format!("{}://{}", u.scheme(), u.host_str().unwrap_or(""));
            if let Some(port) = u.port() {
                shown.push_str(&format!(":{port}"));
            }
            shown.push_str(u.path());
            shown
        }
        Err(_) => "(unparsable URL)".to_owned(),
    }
}

impl RedisStore {
    /// Starts building a store at `url` for `vendor`'s token of `app` (both become part of the
    /// keys).
    pub fn builder(
        url: impl Into<SecretString>,
        vendor: impl Into<String>,
        app: impl Into<String>,
    ) -> RedisStoreBuilder {
        RedisStoreBuilder {
            url: url.into(),
            vendor: vendor.into(),
            app: app.into(),
            prefix: DEFAULT_KEY_PREFIX.to_owned(),
            lock_ttl: DEFAULT_LOCK_TTL,
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
            response_timeout: Duration::from_secs(2),
        }
    }

    /// The key holding the token.
    pub fn token_key(&self) -> &str {
        &self.shared.token_key
    }

    /// The key holding the refresh lock.
    pub fn lock_key(&self) -> &str {
        &self.shared.lock_key
    }
}

impl Shared {
    async fn connection(&self) -> Result<ConnectionManager> {
        let manager = self
            .manager
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(self.response_timeout))
                    .set_response_timeout(Some(self.response_timeout))
                    .set_number_of_retries(2)
                    .set_max_delay(Duration::from_millis(500));
                ConnectionManager::new_lazy_with_config(self.client.clone(), config)
            })
            .await
            .map_err(|e| self.unavailable("connect to", e))?;
        Ok(manager.clone())
    }

    fn unavailable(&self, what: &str, error: redis::RedisError) -> Error {
        Error::store_unavailable(format!(
            "could not {what} the Redis token store at {}",
            self.target
        ))
        .with_source(error)
    }

    fn lost(&self, what: &str) -> Error {
        Error::store_unavailable(format!(
            "the Redis refresh lock {} expired or was taken over before the {what}; nothing was \
             written (a newer holder may have saved a newer token)",
            self.lock_key
        ))
    }

    fn decode(&self, bytes: Option<Vec<u8>>) -> Option<Token> {
        let mut bytes = bytes?;
        let token = decode(&bytes);
        bytes.zeroize();
        match token {
            Ok(token) => Some(token),
            Err(e) => {
                tracing::warn!(key = %self.token_key, error = %e, "ignoring a Redis value that does not hold a token");
                None
            }
        }
    }

    async fn release(&self, owner: &str) -> Result<()> {
        let mut conn = self.connection().await?;
        RELEASE
            .key(&self.lock_key)
            .arg(owner)
            .invoke_async::<i64>(&mut conn)
            .await
            .map(|_| ())
            .map_err(|e| self.unavailable("release the lock in", e))
    }
}

#[async_trait]
impl TokenStore for RedisStore {
    async fn load(&self) -> Result<Option<Token>> {
        let shared = &self.shared;
        let mut conn = shared.connection().await?;
        let bytes: Option<Vec<u8>> = conn
            .get(&shared.token_key)
            .await
            .map_err(|e| shared.unavailable("read", e))?;
        Ok(shared.decode(bytes))
    }

    async fn lock(&self) -> Result<StoreLock> {
        let shared = &self.shared;
        let owner = uuid::Uuid::new_v4().simple().to_string();
        let ttl_ms = u64::try_from(shared.lock_ttl.as_millis()).unwrap_or(u64::MAX);
        let deadline = tokio::time::Instant::now() + shared.lock_timeout;
        let mut pause = Duration::from_millis(5);
        let mut conn = shared.connection().await?;
        loop {
            let taken: Option<String> = redis::cmd("SET")
                .arg(&shared.lock_key)
                .arg(&owner)
                .arg("NX")
                .arg("PX")
                .arg(ttl_ms)
                .query_async(&mut conn)
                .await
                .map_err(|e| shared.unavailable("take the lock in", e))?;
            if taken.is_some() {
                let extender = tokio::spawn(extend(Arc::clone(shared), owner.clone(), ttl_ms));
                return Ok(StoreLock::new(RedisLock {
                    shared: Arc::clone(shared),
                    owner,
                    extender: extender.abort_handle(),
                    released: false,
                }));
            }
            let now = tokio::time::Instant::now();
            if now >= deadline {
                return Err(Error::timeout(format!(
                    "could not take the Redis refresh lock {} within {:?}: another replica holds it",
                    shared.lock_key, shared.lock_timeout
                )));
            }
            let jitter = Duration::from_millis(rand::random::<u64>() % 5);
            tokio::time::sleep((pause + jitter).min(deadline - now)).await;
            pause = pause.saturating_mul(2).min(MAX_LOCK_PAUSE);
        }
    }
}

/// Extends the lock every third of its expiry while its holder works; stops once it is lost.
async fn extend(shared: Arc<Shared>, owner: String, ttl_ms: u64) {
    let every = Duration::from_millis((ttl_ms / 3).max(1));
    loop {
        tokio::time::sleep(every).await;
        let Ok(mut conn) = shared.connection().await else {
            continue;
        };
        match EXTEND
            .key(&shared.lock_key)
            .arg(&owner)
            .arg(ttl_ms)
            .invoke_async::<i64>(&mut conn)
            .await
        {
            Ok(0) => {
                tracing::warn!(key = %shared.lock_key, "the Redis refresh lock was lost while held");
                return;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(key = %shared.lock_key, error = %e, "could not extend the Redis refresh lock")
            }
        }
    }
}

/// The held Redis lock.
struct RedisLock {
    shared: Arc<Shared>,
    owner: String,
    extender: tokio::task::AbortHandle,
    released: bool,
}

impl RedisLock {
    async fn fenced(
        &self,
        script: &Script,
        keys: &[&str],
        args: &[&[u8]],
        what: &str,
    ) -> Result<()> {
        let shared = &self.shared;
        let mut conn = shared.connection().await?;
        let mut invocation = script.prepare_invoke();
        for key in keys {
            invocation.key(*key);
        }
        for arg in args {
            invocation.arg(*arg);
        }
        let done: i64 = invocation
            .invoke_async(&mut conn)
            .await
            .map_err(|e| shared.unavailable(what, e))?;
        if done == 1 {
            Ok(())
        } else {
            Err(shared.lost(what))
        }
    }
}

#[async_trait]
impl LockedStore for RedisLock {
    async fn load(&mut self) -> Result<Stored> {
        let shared = &self.shared;
        let mut conn = shared.connection().await?;
        let (bytes, doubt): (Option<Vec<u8>>, Option<String>) = redis::cmd("MGET")
            .arg(&shared.token_key)
            .arg(&shared.doubt_key)
            .query_async(&mut conn)
            .await
            .map_err(|e| shared.unavailable("read", e))?;
        Ok(Stored::new(shared.decode(bytes), doubt.is_some()))
    }

    async fn save(&mut self, token: &Token) -> Result<()> {
        let mut bytes = encode(token).map_err(|e| Error::io("could not encode the token", e))?;
        let keep = if token.refresh().is_some() {
            KEEP_WITH_REFRESH
        } else {
            KEEP_ACCESS_ONLY
        };
        let left = token
            .expires_at()
            .signed_duration_since(Utc::now())
            .to_std()
            .unwrap_or_default();
        let px = u64::try_from(left.saturating_add(keep).as_millis())
            .unwrap_or(u64::MAX)
            .max(1_000)
            .to_string();
        let shared = Arc::clone(&self.shared);
        let saved = self
            .fenced(
                &SAVE,
                &[&shared.lock_key, &shared.token_key, &shared.doubt_key],
                &[self.owner.as_bytes(), &bytes, px.as_bytes()],
                "save the token to",
            )
            .await;
        bytes.zeroize();
        saved
    }

    async fn clear(&mut self) -> Result<()> {
        let shared = Arc::clone(&self.shared);
        self.fenced(
            &CLEAR,
            &[&shared.lock_key, &shared.token_key, &shared.doubt_key],
            &[self.owner.as_bytes()],
            "clear the token in",
        )
        .await
    }

    async fn mark_in_doubt(&mut self) -> Result<()> {
        let shared = Arc::clone(&self.shared);
        self.fenced(
            &MARK_IN_DOUBT,
            &[&shared.lock_key, &shared.doubt_key],
            &[self.owner.as_bytes()],
            "mark the refresh in doubt in",
        )
        .await
    }

    async fn release(mut self: Box<Self>) -> Result<()> {
        self.extender.abort();
        self.released = true;
        self.shared.release(&self.owner).await
    }
}

impl Drop for RedisLock {
    fn drop(&mut self) {
        self.extender.abort();
        if self.released {
            return;
        }
        // Not released explicitly (the holder's task was cancelled): release in the background;
        // if that is impossible, the lock expires on its own.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (shared, owner) = (Arc::clone(&self.shared), std::mem::take(&mut self.owner));
            runtime.spawn(async move {
                let _ = shared.release(&owner).await;
            });
        }
    }
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("target", &self.shared.target)
            .field("token_key", &self.shared.token_key)
            .field("lock_ttl", &self.shared.lock_ttl)
            .finish_non_exhaustive()
    }
}
