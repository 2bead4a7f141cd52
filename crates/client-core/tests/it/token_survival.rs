//! Issue 13, points 6–15: single-use credentials survive failing stores, skewed clocks, dead
//! runtimes, hung token endpoints and callers that give up; the grace path never hands back a
//! rejected token. Each test names its point.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use client_core::Error;
use client_core::clock::ManualClock;
use client_core::store::{FileStore, LockedStore, MemoryStore, StoreLock, Stored, TokenStore};
use client_core::token::{Token, TokenCache, TokenFetcher, TokenRequest, fetcher_fn};
use futures::FutureExt;
use secrecy::ExposeSecret;
use tokio::sync::Notify;

fn start() -> DateTime<Utc> {
    "2024-05-20T00:00:00Z".parse().unwrap()
}

fn mins(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn access(token: &Token) -> String {
    token.access().expose_secret().to_owned()
}

fn refresh(token: &Token) -> Option<String> {
    token.refresh().map(|r| r.expose_secret().to_owned())
}

/// A vendor whose refresh tokens can be spent once; logs every refresh token presented.
#[derive(Clone, Default)]
struct Rotating {
    valid: Arc<std::sync::Mutex<String>>,
    presented: Arc<std::sync::Mutex<Vec<Option<String>>>>,
}

impl Rotating {
    fn new(first: &str) -> Self {
        let vendor = Self::default();
        *vendor.valid.lock().unwrap() = first.to_owned();
        vendor
    }

    fn presented(&self) -> Vec<Option<String>> {
        self.presented.lock().unwrap().clone()
    }

    fn fetcher(&self) -> impl TokenFetcher {
        let vendor = self.clone();
        fetcher_fn(move |request: TokenRequest| {
            let vendor = vendor.clone();
            async move {
                let presented = request
                    .refresh_token()
                    .map(|r| r.expose_secret().to_owned());
                let mut log = vendor.presented.lock().unwrap();
                log.push(presented.clone());
                let n = log.len();
                let mut valid = vendor.valid.lock().unwrap();
                if presented.as_deref() != Some(valid.as_str()) {
                    return Err(Error::reauthorization_required(
                        "refresh token already used",
                    ));
                }
                *valid = format!("refresh-{n}");
                Ok(
                    Token::expiring_in(format!("access-{n}"), request.now, mins(120))
                        .with_refresh(format!("refresh-{n}")),
                )
            }
        })
    }
}

/// A store around another whose saves fail while `failing` is set, and wait for `gate` first
/// when one is given.
#[derive(Debug, Clone)]
struct Flaky<S> {
    inner: S,
    failing: Arc<AtomicBool>,
    gate: Option<Arc<Notify>>,
    saving: Arc<Notify>,
}

impl<S: TokenStore + Clone> Flaky<S> {
    fn new(inner: S) -> Self {
        Self {
            inner,
            failing: Arc::new(AtomicBool::new(false)),
            gate: None,
            saving: Arc::new(Notify::new()),
        }
    }

    fn gated(mut self, gate: Arc<Notify>) -> Self {
        self.gate = Some(gate);
        self
    }
}

#[async_trait]
impl<S: TokenStore + Clone> TokenStore for Flaky<S> {
    async fn load(&self) -> client_core::Result<Option<Token>> {
        self.inner.load().await
    }

    async fn lock(&self) -> client_core::Result<StoreLock> {
        let lock = self.inner.lock().await?;
        Ok(StoreLock::new(FlakyLock {
            lock: Some(lock),
            failing: Arc::clone(&self.failing),
            gate: self.gate.clone(),
            saving: Arc::clone(&self.saving),
        }))
    }
}

struct FlakyLock {
    lock: Option<StoreLock>,
    failing: Arc<AtomicBool>,
    gate: Option<Arc<Notify>>,
    saving: Arc<Notify>,
}

impl FlakyLock {
    fn lock(&mut self) -> &mut StoreLock {
        self.lock.as_mut().unwrap()
    }
}

#[async_trait]
impl LockedStore for FlakyLock {
    async fn load(&mut self) -> client_core::Result<Stored> {
        self.lock().load().await
    }

    async fn save(&mut self, token: &Token) -> client_core::Result<()> {
        self.saving.notify_one();
        if let Some(gate) = &self.gate {
            gate.notified().await;
        }
        if self.failing.load(Ordering::SeqCst) {
            return Err(Error::io(
                "could not write token file",
                std::io::Error::other("disk full"),
            ));
        }
        self.lock().save(token).await
    }

    async fn clear(&mut self) -> client_core::Result<()> {
        self.lock().clear().await
    }

    async fn mark_in_doubt(&mut self) -> client_core::Result<()> {
        self.lock().mark_in_doubt().await
    }

    async fn release(mut self: Box<Self>) -> client_core::Result<()> {
        match self.lock.take() {
            Some(lock) => lock.release().await,
            None => Ok(()),
        }
    }
}

fn expired(refresh: &str) -> Token {
    Token::new("old-access", start() - chrono::Duration::hours(1))
        .with_obtained_at(start() - chrono::Duration::hours(3))
        .with_refresh(refresh.to_owned())
}

// ----- point 6 ------------------------------------------------------------------------------

#[tokio::test]
async fn p6_a_failed_save_presents_the_newest_refresh_token_and_saves_it_under_the_next_lock() {
    let clock = ManualClock::new(start());
    let vendor = Rotating::new("r0");
    let store = Flaky::new(MemoryStore::with_token(expired("r0")));
    let cache = TokenCache::builder(vendor.fetcher())
        .clock(clock.clone())
        .store(store.clone())
        .build();

    store.failing.store(true, Ordering::SeqCst);
    assert_eq!(access(&cache.token().await.unwrap()), "access-1");
    // The save failed: the store still holds the spent r0.
    assert_eq!(
        refresh(&store.load().await.unwrap().unwrap()).as_deref(),
        Some("r0")
    );

    store.failing.store(false, Ordering::SeqCst);
    cache.invalidate();
    assert_eq!(access(&cache.token().await.unwrap()), "access-2");
    assert_eq!(
        vendor.presented(),
        vec![Some("r0".to_owned()), Some("refresh-1".to_owned())],
        "the second refresh presents the unsaved newest refresh token, not the store's spent one"
    );
    let saved = store.load().await.unwrap().unwrap();
    assert_eq!(
        (access(&saved), refresh(&saved)),
        ("access-2".into(), Some("refresh-2".into()))
    );
}

#[tokio::test]
async fn p6_an_unsaved_token_is_saved_under_the_next_lock_before_its_refresh_token_is_spent() {
    let clock = ManualClock::new(start());
    let vendor = Rotating::new("r0");
    let memory = MemoryStore::with_token(expired("r0"));
    let gate = Arc::new(Notify::new());
    let store = Flaky::new(memory.clone()).gated(Arc::clone(&gate));
    let cache = TokenCache::builder(vendor.fetcher())
        .clock(clock.clone())
        .store(store.clone())
        .build();
    store.failing.store(true, Ordering::SeqCst);
    gate.notify_one(); // let the first (failing) save through
    cache.token().await.unwrap();
    store.failing.store(false, Ordering::SeqCst);
    assert_eq!(
        refresh(&memory.load().await.unwrap().unwrap()).as_deref(),
        Some("r0")
    );

    // The next lock saves the unsaved token first, before the refresh spends its refresh token.
    cache.invalidate();
    let refreshing = tokio::spawn({
        let cache = cache.clone();
        async move { cache.token().await }
    });
    store.saving.notified().await; // the retry of the unsaved token
    gate.notify_one();
    store.saving.notified().await; // the save of the refreshed token
    assert_eq!(
        refresh(&memory.load().await.unwrap().unwrap()).as_deref(),
        Some("refresh-1")
    );
    assert_eq!(
        vendor.presented().len(),
        2,
        "the fetch ran after the retried save"
    );
    gate.notify_one();
    assert_eq!(access(&refreshing.await.unwrap().unwrap()), "access-2");
    assert_eq!(
        refresh(&memory.load().await.unwrap().unwrap()).as_deref(),
        Some("refresh-2")
    );
}

// ----- point 7 ------------------------------------------------------------------------------

#[tokio::test]
async fn p7_stale_temp_files_of_a_dead_process_with_our_pid_never_block_a_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.json");
    let pid = std::process::id();
    // The container restarted with the same pid; the dead process left its temp files behind.
    for n in 0..2_000 {
        std::fs::write(
            dir.path().join(format!(".token.json.{pid}.{n}.tmp")),
            b"{\"ver",
        )
        .unwrap();
    }
    let store = FileStore::new(&path);
    store.replace(&expired("kept")).await.unwrap();
    assert_eq!(
        refresh(&store.load().await.unwrap().unwrap()).as_deref(),
        Some("kept")
    );
    // The save under the lock also swept the debris.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

// ----- point 8 ------------------------------------------------------------------------------

#[tokio::test]
async fn p8_set_token_with_a_failing_store_installs_first_reports_and_keeps_the_token() {
    let clock = ManualClock::new(start());
    let vendor = Rotating::new("r-from-code");
    let memory = MemoryStore::new();
    let store = Flaky::new(memory.clone());
    store.failing.store(true, Ordering::SeqCst);
    let cache = TokenCache::builder(vendor.fetcher())
        .clock(clock.clone())
        .store(store.clone())
        .build();

    let from_code =
        Token::expiring_in("a-from-code", start(), mins(120)).with_refresh("r-from-code");
    let error = cache.set_token(from_code).await.unwrap_err();
    assert!(error.is_io(), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("from-code"));
    // Installed anyway: no fetch, and the token is served.
    assert_eq!(access(&cache.token().await.unwrap()), "a-from-code");
    assert!(vendor.presented().is_empty());
    assert!(memory.load().await.unwrap().is_none());

    // The store recovers: the next refresh saves it under the lock, then presents its refresh
    // token.
    store.failing.store(false, Ordering::SeqCst);
    cache.invalidate();
    assert_eq!(access(&cache.token().await.unwrap()), "access-1");
    assert_eq!(vendor.presented(), vec![Some("r-from-code".to_owned())]);
    assert_eq!(
        refresh(&memory.load().await.unwrap().unwrap()).as_deref(),
        Some("refresh-1")
    );
}

// ----- point 9 ------------------------------------------------------------------------------

#[tokio::test]
async fn p9_a_token_expired_on_arrival_is_saved_fails_naming_clock_skew_and_backs_off() {
    let clock = ManualClock::new(start());
    let presented = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&presented);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        let mut log = log.lock().unwrap();
        log.push(
            request
                .refresh_token()
                .map(|r| r.expose_secret().to_owned()),
        );
        let n = log.len();
        // The vendor's clock is two hours behind: every token arrives expired.
        let expires_at = request.now - chrono::Duration::hours(1);
        async move {
            Ok(Token::new(format!("late-{n}"), expires_at).with_refresh(format!("rotated-{n}")))
        }
    });
    let store = MemoryStore::with_token(expired("r0"));
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .retry_after_failure(Duration::from_secs(30))
        .store(store.clone())
        .build();

    let error = cache.token().await.unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    assert!(error.to_string().contains("clock skew"), "{error}");
    // The rotated refresh token inside the expired token is kept.
    assert_eq!(
        refresh(&store.load().await.unwrap().unwrap()).as_deref(),
        Some("rotated-1")
    );

    // No refresh storm: callers within the back-off get the error without a new fetch.
    for _ in 0..20 {
        assert!(cache.token().await.unwrap_err().is_auth());
    }
    clock.advance(Duration::from_secs(29));
    assert!(cache.token().await.unwrap_err().is_auth());
    assert_eq!(presented.lock().unwrap().len(), 1);

    clock.advance(Duration::from_secs(1));
    assert!(cache.token().await.is_err());
    assert_eq!(
        *presented.lock().unwrap(),
        vec![Some("r0".to_owned()), Some("rotated-1".to_owned())]
    );
}

#[tokio::test]
async fn p9_without_a_store_the_next_refresh_presents_the_rotated_refresh_token() {
    let clock = ManualClock::new(start());
    let presented = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&presented);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        let mut log = log.lock().unwrap();
        log.push(
            request
                .refresh_token()
                .map(|r| r.expose_secret().to_owned()),
        );
        let n = log.len();
        let expires_at = if n == 1 {
            request.now - chrono::Duration::minutes(1)
        } else {
            request.now + chrono::Duration::hours(2)
        };
        async move { Ok(Token::new(format!("a-{n}"), expires_at).with_refresh(format!("r-{n}"))) }
    });
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .retry_after_failure(Duration::from_secs(10))
        .build();
    assert!(cache.token().await.unwrap_err().is_auth());
    clock.advance(Duration::from_secs(10));
    assert_eq!(access(&cache.token().await.unwrap()), "a-2");
    assert_eq!(
        *presented.lock().unwrap(),
        vec![None, Some("r-1".to_owned())]
    );
}

// ----- point 10 -----------------------------------------------------------------------------

#[tokio::test]
async fn p10_a_stored_token_without_obtained_at_past_its_full_margin_is_not_adopted() {
    let clock = ManualClock::new(start());
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move { Ok(Token::expiring_in("fetched", request.now, mins(120))) }
    });
    // Four minutes left, start unknown (an older file): inside the five-minute margin.
    let store =
        MemoryStore::with_token(Token::new("stored", start() + chrono::Duration::minutes(4)));
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .margin(mins(5))
        .store(store.clone())
        .build();
    assert_eq!(access(&cache.token().await.unwrap()), "fetched");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let saved = store.load().await.unwrap().unwrap();
    assert_eq!(saved.obtained_at(), Some(start()));
}

#[tokio::test]
async fn p10_a_stored_token_without_obtained_at_is_adopted_once_and_refreshed_at_its_margin() {
    let clock = ManualClock::new(start());
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move { Ok(Token::expiring_in("fetched", request.now, mins(120))) }
    });
    let store = MemoryStore::with_token(Token::new(
        "stored",
        start() + chrono::Duration::minutes(60),
    ));
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .margin(mins(5))
        .store(store)
        .build();
    assert_eq!(access(&cache.token().await.unwrap()), "stored");
    clock.advance(mins(54) + Duration::from_secs(59));
    assert_eq!(access(&cache.token().await.unwrap()), "stored");
    clock.advance(Duration::from_secs(1)); // 55 min: the full margin, not half of what was left
    assert_eq!(access(&cache.token().await.unwrap()), "fetched");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn p10_set_token_saves_obtained_at() {
    let clock = ManualClock::new(start());
    let store = MemoryStore::new();
    let cache = TokenCache::builder(Rotating::new("x").fetcher())
        .clock(clock.clone())
        .store(store.clone())
        .build();
    cache
        .set_token(Token::new("by-hand", start() + chrono::Duration::hours(2)))
        .await
        .unwrap();
    assert_eq!(
        store.load().await.unwrap().unwrap().obtained_at(),
        Some(start())
    );
}

// ----- point 12 -----------------------------------------------------------------------------

#[test]
fn p12_a_refresh_task_dropped_unpolled_by_a_shut_down_runtime_does_not_wedge_the_cache() {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let cache = TokenCache::new(fetcher_fn(move |request: TokenRequest| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok(Token::expiring_in(format!("t{n}"), request.now, mins(120))) }
    }));

    let first = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    first.block_on(async {
        let mut call = Box::pin(cache.token());
        // Starts the flight; the current-thread runtime has not polled the task yet.
        assert!((&mut call).now_or_never().is_none());
    });
    drop(first); // shuts down: the unpolled refresh task is dropped

    let second = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let token = second.block_on(cache.token()).unwrap();
    assert_eq!(access(&token), "t1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

// ----- point 13 -----------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn p13_a_fetcher_that_never_returns_fails_typed_after_the_refresh_timeout() {
    let cache = TokenCache::builder(fetcher_fn(|_request: TokenRequest| {
        futures::future::pending::<client_core::Result<Token>>()
    }))
    .refresh_timeout(Duration::from_secs(3))
    .build();
    let began = tokio::time::Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(600), cache.token()).await;
    let error = outcome
        .expect("the refresh has its own timeout")
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("token refresh"), "{error}");
    assert_eq!(began.elapsed(), Duration::from_secs(3));
    // The default is well under a client's operation timeout.
    assert!(client_core::token::DEFAULT_REFRESH_TIMEOUT <= Duration::from_secs(15));
}

// ----- point 14 -----------------------------------------------------------------------------

#[tokio::test]
async fn p14_the_grace_path_never_returns_a_generation_invalidated_during_the_refresh() {
    let clock = ManualClock::new(start());
    let gate = Arc::new(Notify::new());
    let calls = Arc::new(AtomicU32::new(0));
    let fetcher = {
        let (gate, calls) = (Arc::clone(&gate), Arc::clone(&calls));
        fetcher_fn(move |request: TokenRequest| {
            let (gate, n) = (Arc::clone(&gate), calls.fetch_add(1, Ordering::SeqCst));
            async move {
                if n == 0 {
                    return Ok(Token::expiring_in("t1", request.now, mins(60)));
                }
                gate.notified().await;
                Err(Error::auth("token endpoint down"))
            }
        })
    };
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .margin(mins(5))
        .build();
    let first = cache.token().await.unwrap();

    clock.advance(mins(56)); // proactive refresh due; t1 still valid
    let waiting = tokio::spawn({
        let cache = cache.clone();
        async move { cache.token().await }
    });
    while calls.load(Ordering::SeqCst) < 2 {
        tokio::task::yield_now().await;
    }
    // Meanwhile a request fails with 401 on t1: the waiter invalidates it.
    assert!(cache.invalidate_if(first.generation()));
    gate.notify_one();
    let outcome = waiting.await.unwrap();
    assert!(
        outcome.is_err(),
        "got the invalidated token back: {:?}",
        outcome.map(|t| t.generation())
    );
}

// ----- point 15 -----------------------------------------------------------------------------

#[tokio::test]
async fn p15_a_set_token_call_dropped_mid_save_still_saves_and_leaks_no_lock() {
    let gate = Arc::new(Notify::new());
    let memory = MemoryStore::new();
    let store = Flaky::new(memory.clone()).gated(Arc::clone(&gate));
    let cache = TokenCache::builder(Rotating::new("r").fetcher())
        .store(store.clone())
        .build();
    let mut call =
        Box::pin(cache.set_token(
            Token::expiring_in("from-code", Utc::now(), mins(120)).with_refresh("r-code"),
        ));
    tokio::select! {
        _ = &mut call => panic!("the save is gated"),
        () = store.saving.notified() => {}
    }
    drop(call); // the caller gives up while the lock is held and the save in progress
    gate.notify_one();
    tokio::time::timeout(Duration::from_secs(5), async {
        while memory.load().await.unwrap().is_none() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
    .await
    .expect("the save finished in its own task");
    // The lock is free, and the token is in use.
    let lock = tokio::time::timeout(Duration::from_secs(1), memory.lock())
        .await
        .expect("no lock leaked");
    drop(lock);
    assert_eq!(access(&cache.token().await.unwrap()), "from-code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p15_a_refresh_whose_caller_drops_mid_save_finishes_and_the_next_call_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.json");
    FileStore::new(&path).replace(&expired("r0")).await.unwrap();
    let gate = Arc::new(Notify::new());
    let store = Flaky::new(FileStore::new(&path)).gated(Arc::clone(&gate));
    let vendor = Rotating::new("r0");
    let cache = TokenCache::builder(vendor.fetcher())
        .store(store.clone())
        .build();

    let mut call = Box::pin(cache.token());
    tokio::select! {
        _ = &mut call => panic!("the save is gated"),
        () = store.saving.notified() => {}
    }
    drop(call);
    gate.notify_one();
    // The next call joins or follows the same refresh: no second fetch.
    assert_eq!(access(&cache.token().await.unwrap()), "access-1");
    assert_eq!(vendor.presented().len(), 1);
    let lock = tokio::time::timeout(
        Duration::from_secs(2),
        FileStore::new(&path)
            .with_lock_timeout(Duration::from_secs(1))
            .lock(),
    )
    .await
    .unwrap()
    .expect("no lock leaked");
    drop(lock);
    let saved = FileStore::new(&path).load().await.unwrap().unwrap();
    assert_eq!(refresh(&saved).as_deref(), Some("refresh-1"));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "partial files: {names:?}"
    );
}

// ----- in doubt (issue 16, point 4, for every store) ----------------------------------------

async fn leave_in_doubt(store: &dyn TokenStore) {
    // A holder marks its refresh in doubt, sends it, and dies before saving.
    let mut lock = store.lock().await.unwrap();
    lock.mark_in_doubt().await.unwrap();
    drop(lock);
}

#[tokio::test]
async fn a_refresh_left_in_doubt_requires_reauthorization_for_single_use_refresh_tokens() {
    let dir = tempfile::tempdir().unwrap();
    for store in [
        Arc::new(MemoryStore::with_token(expired("r0"))) as Arc<dyn TokenStore>,
        Arc::new(FileStore::new(dir.path().join("t.json"))),
    ] {
        store.replace(&expired("r0")).await.unwrap();
        leave_in_doubt(store.as_ref()).await;
        let vendor = Rotating::new("r0");
        let cache = TokenCache::builder(vendor.fetcher())
            .shared_store(Arc::clone(&store))
            .build();
        let error = cache.token().await.unwrap_err();
        assert!(error.is_reauthorization_required(), "{error:?}");
        assert!(
            vendor.presented().is_empty(),
            "the possibly spent refresh token was presented"
        );

        // A person authorises again: set_token saves and lifts the mark.
        cache
            .set_token(Token::expiring_in("a-new", Utc::now(), mins(1)).with_refresh("r0"))
            .await
            .unwrap();
        cache.invalidate();
        assert_eq!(access(&cache.token().await.unwrap()), "access-1");
        assert_eq!(vendor.presented(), vec![Some("r0".to_owned())]);
    }
}

#[tokio::test]
async fn a_refresh_left_in_doubt_is_simply_refetched_without_a_refresh_token() {
    // Linkflow-style: tokens are fetched with long-lived credentials and carry no refresh token.
    let store = MemoryStore::with_token(Token::new("old", start()));
    leave_in_doubt(&store).await;
    let cache = TokenCache::builder(fetcher_fn(|request: TokenRequest| async move {
        Ok(Token::expiring_in("fresh", request.now, mins(120)))
    }))
    .store(store.clone())
    .build();
    assert_eq!(access(&cache.token().await.unwrap()), "fresh");
    let mut lock = store.lock().await.unwrap();
    assert!(
        !lock.load().await.unwrap().in_doubt,
        "the save lifted the mark"
    );
}

#[tokio::test]
async fn a_refresh_the_vendor_answered_lifts_the_in_doubt_mark() {
    let store = MemoryStore::with_token(expired("r0"));
    let cache = TokenCache::builder(fetcher_fn(|_request: TokenRequest| async move {
        Err::<Token, _>(Error::api(Some(http::StatusCode::BAD_GATEWAY), "gateway"))
    }))
    .store(store.clone())
    .build();
    assert!(cache.token().await.unwrap_err().is_api());
    let mut lock = store.lock().await.unwrap();
    let stored = lock.load().await.unwrap();
    assert!(!stored.in_doubt);
    assert_eq!(refresh(&stored.token.unwrap()).as_deref(), Some("r0"));
}
