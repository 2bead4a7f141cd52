//! The Redis store against a real `redis-server` (one per test): fenced distributed lock,
//! in-doubt mark, outages, and several processes sharing one token.

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use client_core::Error;
use client_core::store::{RedisStore, TokenStore};
use client_core::token::{
    StoreOutagePolicy, Token, TokenCache, TokenFetcher, TokenRequest, fetcher_fn,
};
use secrecy::ExposeSecret;

use client_core::store::RedisServer;

fn access(token: &Token) -> String {
    token.access().expose_secret().to_owned()
}

fn refresh(token: &Token) -> Option<String> {
    token.refresh().map(|r| r.expose_secret().to_owned())
}

fn store(server: &RedisServer) -> RedisStore {
    RedisStore::builder(server.url(), "wukong", "app-1")
        .build()
        .unwrap()
}

fn hours(n: i64) -> chrono::Duration {
    chrono::Duration::hours(n)
}

/// A fetcher counting its calls, issuing tokens without refresh token (Linkflow-style).
fn counting() -> (Arc<AtomicU32>, impl TokenFetcher) {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            Ok(Token::expiring_in(
                format!("t{n}"),
                request.now,
                Duration::from_secs(7200),
            ))
        }
    });
    (calls, fetcher)
}

// ----- the store ----------------------------------------------------------------------------

#[tokio::test]
async fn redis_store_round_trips_keys_by_vendor_and_app_and_expires_tokens() {
    let server = RedisServer::start().unwrap();
    let store = store(&server);
    assert!(store.load().await.unwrap().is_none());
    let token = Token::new("a-1", Utc::now() + hours(2))
        .with_obtained_at(Utc::now())
        .with_refresh("r-1");
    store.replace(&token).await.unwrap();
    let back = store.load().await.unwrap().unwrap();
    assert_eq!(
        (access(&back), refresh(&back)),
        ("a-1".into(), Some("r-1".into()))
    );
    assert_eq!(back.expires_at(), token.expires_at());
    assert_eq!(back.obtained_at(), token.obtained_at());
    assert_eq!(store.token_key(), "cn-clients:wukong:app-1:token");

    // Another app and another prefix see nothing.
    let other = RedisStore::builder(server.url(), "wukong", "app-2")
        .build()
        .unwrap();
    assert!(other.load().await.unwrap().is_none());
    let prefixed = RedisStore::builder(server.url(), "wukong", "app-1")
        .key_prefix("staging")
        .build()
        .unwrap();
    assert!(prefixed.load().await.unwrap().is_none());

    // The key expires a little after the token (30 days for a refresh token).
    let pttl = server
        .integer(&format!("PTTL {}", store.token_key()))
        .unwrap();
    assert!(
        pttl > 2 * 3600 * 1000 && pttl <= (2 * 3600 + 30 * 24 * 3600) * 1000,
        "{pttl}"
    );
    store.clear().await.unwrap();
    assert!(store.load().await.unwrap().is_none());
}

#[tokio::test]
async fn the_redis_lock_is_exclusive_fenced_and_never_released_by_another_owner() {
    let server = RedisServer::start().unwrap();
    let a = store(&server);
    let b = RedisStore::builder(server.url(), "wukong", "app-1")
        .lock_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let mut held = a.lock().await.unwrap();
    let error = b.lock().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        error.to_string().contains("cn-clients:wukong:app-1:lock"),
        "{error}"
    );

    // A's lock expires while A is paused (simulated by deleting the key, as the expiry would).
    server.command(&format!("DEL {}", a.lock_key())).unwrap();
    let mut newer = b.lock().await.unwrap();
    let newer_token = Token::new("newer", Utc::now() + hours(2)).with_refresh("r-new");
    newer.save(&newer_token).await.unwrap();

    // A wakes up: its fenced save writes nothing and says why.
    let older = Token::new("older", Utc::now() + hours(2)).with_refresh("r-old");
    let error = held.save(&older).await.unwrap_err();
    assert!(error.is_store_unavailable(), "{error:?}");
    assert!(
        error.to_string().contains("expired or was taken over"),
        "{error}"
    );
    assert!(
        held.mark_in_doubt()
            .await
            .unwrap_err()
            .is_store_unavailable()
    );
    assert!(held.clear().await.unwrap_err().is_store_unavailable());
    assert_eq!(access(&a.load().await.unwrap().unwrap()), "newer");

    // A's release is a compare-and-delete: B's lock survives it.
    held.release().await.unwrap();
    assert!(server.get(a.lock_key()).is_some(), "A released B's lock");
    newer.release().await.unwrap();
    assert!(server.get(a.lock_key()).is_none());
}

#[tokio::test]
async fn a_live_holder_extends_its_lock_while_it_works() {
    let server = RedisServer::start().unwrap();
    let a = RedisStore::builder(server.url(), "wukong", "app-1")
        .lock_ttl(Duration::from_millis(300))
        .build()
        .unwrap();
    let b = RedisStore::builder(server.url(), "wukong", "app-1")
        .lock_timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let mut held = a.lock().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_000)).await; // > 3 × the expiry
    assert!(b.lock().await.unwrap_err().is_timeout());
    held.save(&Token::new("still-mine", Utc::now() + hours(1)))
        .await
        .unwrap();
    drop(held); // released in the background
    let deadline = Instant::now() + Duration::from_secs(2);
    while server.get(a.lock_key()).is_some() {
        assert!(
            Instant::now() < deadline,
            "a dropped guard must release its lock"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn the_redis_password_never_reaches_debug_or_errors() {
    let server = RedisServer::start().unwrap();
    server
        .command("CONFIG SET requirepass hunter2-canary")
        .unwrap();
    let url = format!("redis://:hunter2-canary@127.0.0.1:{}/0", server.port());
    let good = RedisStore::builder(url.clone(), "v", "a").build().unwrap();
    good.replace(&Token::new("x", Utc::now() + hours(1)))
        .await
        .unwrap();
    let wrong = format!(
        "redis://:hunter2-canary-wrong@127.0.0.1:{}/0",
        server.port()
    );
    let bad = RedisStore::builder(wrong.clone(), "v", "a")
        .build()
        .unwrap();
    let error = bad.load().await.unwrap_err();
    assert!(error.is_store_unavailable(), "{error:?}");
    let down = RedisStore::builder("redis://:hunter2-canary@127.0.0.1:1/0", "v", "a")
        .build()
        .unwrap();
    let down_error = down.load().await.unwrap_err();
    let invalid = RedisStore::builder("redis://:hunter2-canary@[::1/0", "v", "a")
        .build()
        .unwrap_err();
    assert!(invalid.is_config());
    let builder = RedisStore::builder(url, "v", "a");
    let mut text = format!(
        "{good:?} {bad:?} {down:?} {builder:?} {error} {error:?} {down_error} {down_error:?} {invalid} {invalid:?}"
    );
    for e in [&error, &down_error] {
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(&format!(" {s} {s:?}"));
            source = s.source();
        }
    }
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("127.0.0.1"), "{text}");
}

// ----- with the cache -----------------------------------------------------------------------

#[tokio::test]
async fn the_hot_path_never_touches_redis_and_a_late_replica_adopts_without_fetching() {
    let server = RedisServer::start().unwrap();
    let (calls, fetcher) = counting();
    let cache = TokenCache::builder(fetcher).store(store(&server)).build();
    cache.token().await.unwrap();
    let before = server.commands_processed().unwrap();
    for _ in 0..10_000 {
        cache.token().await.unwrap();
    }
    // Only the INFO command that read the counter.
    assert_eq!(server.commands_processed().unwrap() - before, 1);

    let (late_calls, late_fetcher) = counting();
    let late = TokenCache::builder(late_fetcher)
        .store(store(&server))
        .build();
    assert_eq!(access(&late.token().await.unwrap()), "t1");
    assert_eq!(
        (
            calls.load(Ordering::SeqCst),
            late_calls.load(Ordering::SeqCst)
        ),
        (1, 0)
    );
}

#[tokio::test]
async fn redis_restarted_mid_run_fails_typed_while_down_and_recovers_without_restart() {
    let mut server = RedisServer::start().unwrap();
    let (calls, fetcher) = counting();
    let cache = TokenCache::builder(fetcher).store(store(&server)).build();
    let first = cache.token().await.unwrap();

    server.stop();
    // A valid token keeps serving: the hot path does not need Redis.
    assert_eq!(access(&cache.token().await.unwrap()), "t1");
    // A refresh needs the lock: typed error with the cause.
    cache.invalidate_if(first.generation());
    let error = cache.token().await.unwrap_err();
    assert!(error.is_store_unavailable(), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "no refresh without the lock (policy Fail)"
    );

    server.restart().unwrap(); // empty: no persistence
    assert_eq!(access(&cache.token().await.unwrap()), "t2");
    assert_eq!(access(&store(&server).load().await.unwrap().unwrap()), "t2");
}

#[tokio::test]
async fn redis_down_with_the_fetch_locally_policy_fetches_and_saves_once_it_is_back() {
    let mut server = RedisServer::start().unwrap();
    server.stop();
    let (calls, fetcher) = counting();
    let cache = TokenCache::builder(fetcher)
        .store(store(&server))
        .on_store_unavailable(StoreOutagePolicy::FetchLocally)
        .build();
    assert_eq!(access(&cache.token().await.unwrap()), "t1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    server.restart().unwrap();
    cache.invalidate();
    // The next lock saves the unsaved t1 first, then refreshes (it was invalidated).
    assert_eq!(access(&cache.token().await.unwrap()), "t2");
    assert_eq!(access(&store(&server).load().await.unwrap().unwrap()), "t2");
}

// ----- several processes --------------------------------------------------------------------

/// Set in the environment of child processes: `<test name> <redis port>`.
const CHILD_ENV: &str = "CLIENT_CORE_IT_REDIS_CHILD";

fn child_args() -> Option<(String, u16)> {
    let value = std::env::var(CHILD_ENV).ok()?;
    let (name, port) = value.split_once(' ')?;
    Some((name.to_owned(), port.parse().ok()?))
}

fn spawn_child(test: &str, port: u16) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            &format!("redis_store::{test}"),
            "--test-threads=1",
            "--quiet",
        ])
        .env(CHILD_ENV, format!("{test} {port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_ok(child: Child) {
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "child failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A vendor living in Redis (so every process sees it): single-use refresh tokens, a log of
/// the refresh tokens presented, a count of token requests. After rotating, it waits `hold`.
fn redis_vendor(port: u16, hold: Duration) -> impl TokenFetcher {
    fetcher_fn(move |request: TokenRequest| {
        let presented = request
            .refresh_token()
            .map_or_else(|| "none".to_owned(), |r| r.expose_secret().to_owned());
        async move {
            let vendor = RedisServer::attach(port);
            let n = vendor.integer("INCR vendor:fetches").unwrap();
            vendor
                .command(&format!("RPUSH vendor:presented {presented}"))
                .unwrap();
            let valid = vendor.get("vendor:valid");
            if valid.is_some() && valid.as_deref() != Some(presented.as_str()) {
                return Err(Error::reauthorization_required(
                    "refresh token already used",
                ));
            }
            let next = format!("refresh-{n}");
            vendor.command(&format!("SET vendor:valid {next}")).unwrap();
            tokio::time::sleep(hold).await;
            Ok(Token::expiring_in(
                format!("access-{n}"),
                request.now,
                Duration::from_secs(7200),
            )
            .with_refresh(next))
        }
    })
}

/// In a child: 50 tasks on a cold cache; prints the access tokens they got.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_fifty_tasks() {
    let Some((name, port)) = child_args() else {
        return;
    };
    if name != "child_fifty_tasks" {
        return;
    }
    let server = RedisServer::attach(port);
    let cache = TokenCache::builder(redis_vendor(port, Duration::from_millis(200)))
        .store(store(&server))
        .build();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let cache = cache.clone();
        tasks.spawn(async move { cache.token().await.map(|t| access(&t)) });
    }
    let mut seen = HashSet::new();
    while let Some(joined) = tasks.join_next().await {
        seen.insert(joined.unwrap().unwrap());
    }
    for token in seen {
        server.command(&format!("SADD results {token}")).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_processes_of_fifty_tasks_on_a_cold_cache_cause_one_token_request() {
    if child_args().is_some() {
        return;
    }
    let server = RedisServer::start().unwrap();
    let children: Vec<Child> = (0..8)
        .map(|_| spawn_child("child_fifty_tasks", server.port()))
        .collect();
    for child in children {
        wait_ok(child);
    }
    assert_eq!(
        server.get("vendor:fetches").as_deref(),
        Some("1"),
        "token requests"
    );
    assert_eq!(
        server.integer("SCARD results").unwrap(),
        1,
        "all 400 tasks got the one token"
    );
}

/// In a child: refreshes, and hangs after the vendor rotated (the parent kills it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_refresh_and_hang() {
    let Some((name, port)) = child_args() else {
        return;
    };
    if name != "child_refresh_and_hang" {
        return;
    }
    let server = RedisServer::attach(port);
    let store = RedisStore::builder(server.url(), "wukong", "app-1")
        .lock_ttl(Duration::from_millis(1_000))
        .build()
        .unwrap();
    let cache = TokenCache::builder(redis_vendor(port, Duration::from_secs(3_600)))
        .refresh_timeout(Duration::from_secs(3_600))
        .store(store)
        .build();
    let _ = cache.token().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_holder_killed_mid_refresh_is_taken_over_after_the_expiry_and_no_refresh_token_is_presented_twice()
 {
    if child_args().is_some() {
        return;
    }
    let server = RedisServer::start().unwrap();
    let seed = Token::new("a-0", Utc::now() - hours(1))
        .with_obtained_at(Utc::now() - hours(3))
        .with_refresh("refresh-0");
    store(&server).replace(&seed).await.unwrap();
    server.command("SET vendor:valid refresh-0").unwrap();

    let mut child = spawn_child("child_refresh_and_hang", server.port());
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.integer("LLEN vendor:presented").unwrap() < 1 {
        assert!(Instant::now() < deadline, "the child never refreshed");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.kill().unwrap(); // SIGKILL: no release, no save
    child.wait().unwrap();
    assert!(
        server.get("cn-clients:wukong:app-1:lock").is_some(),
        "the dead holder's lock is still there"
    );

    let began = Instant::now();
    let cache = TokenCache::builder(redis_vendor(server.port(), Duration::ZERO))
        .store(store(&server))
        .build();
    let error = cache.token().await.unwrap_err();
    assert!(error.is_reauthorization_required(), "{error:?}");
    assert!(
        began.elapsed() < Duration::from_secs(5),
        "taken over after the 1 s expiry"
    );
    assert_eq!(
        server.integer("LLEN vendor:presented").unwrap(),
        1,
        "refresh-0 was presented again"
    );

    // Linkflow-style tokens (no refresh token) are simply fetched by the next holder.
    let linkflow = RedisStore::builder(server.url(), "linkflow", "app-1")
        .build()
        .unwrap();
    linkflow
        .replace(&Token::new("old", Utc::now() - hours(1)))
        .await
        .unwrap();
    let mut lock = linkflow.lock().await.unwrap();
    lock.mark_in_doubt().await.unwrap();
    server
        .command(&format!("DEL {}", linkflow.lock_key()))
        .unwrap(); // it died
    drop(lock);
    let (calls, fetcher) = counting();
    let cache = TokenCache::builder(fetcher).store(linkflow).build();
    assert_eq!(access(&cache.token().await.unwrap()), "t1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

/// In a child: refreshes with a short lock expiry; the parent stops it (SIGSTOP) while the vendor
/// call is out, and continues it once another holder has saved a newer token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_refresh_paused() {
    let Some((name, port)) = child_args() else {
        return;
    };
    if name != "child_refresh_paused" {
        return;
    }
    let server = RedisServer::attach(port);
    let store = RedisStore::builder(server.url(), "wukong", "app-1")
        .lock_ttl(Duration::from_millis(500))
        .build()
        .unwrap();
    let cache = TokenCache::builder(redis_vendor(port, Duration::from_millis(300)))
        .store(store)
        .build();
    // Its save is fenced out; the token it got is still handed to its own callers.
    let token = cache.token().await.unwrap();
    server
        .command(&format!("SET child:got {}", access(&token)))
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_holder_paused_past_its_lock_expiry_cannot_overwrite_the_newer_token() {
    if child_args().is_some() {
        return;
    }
    let server = RedisServer::start().unwrap();
    let seed = Token::new("a-0", Utc::now() - hours(1))
        .with_obtained_at(Utc::now() - hours(3))
        .with_refresh("refresh-0");
    store(&server).replace(&seed).await.unwrap();

    let child = spawn_child("child_refresh_paused", server.port());
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.integer("LLEN vendor:presented").unwrap() < 1 {
        assert!(Instant::now() < deadline, "the child never refreshed");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let pid = child.id().to_string();
    let signal = |sig: &str| {
        let status = Command::new("kill").args([sig, &pid]).status().unwrap();
        assert!(status.success());
    };
    signal("-STOP"); // paused mid-refresh: no lock extension, no save
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(
        server.get("cn-clients:wukong:app-1:lock").is_none(),
        "the paused holder's lock expired"
    );

    // Another replica takes over; a person authorises again and the new token is saved.
    let cache = TokenCache::builder(redis_vendor(server.port(), Duration::ZERO))
        .store(store(&server))
        .build();
    assert!(
        cache
            .token()
            .await
            .unwrap_err()
            .is_reauthorization_required()
    );
    let newer = Token::expiring_in("authorised-again", Utc::now(), Duration::from_secs(7200))
        .with_refresh("refresh-from-code");
    cache.set_token(newer).await.unwrap();

    signal("-CONT");
    wait_ok(child);
    assert_eq!(server.get("child:got").as_deref(), Some("access-1"));
    let stored = store(&server).load().await.unwrap().unwrap();
    assert_eq!(
        access(&stored),
        "authorised-again",
        "the paused holder overwrote the newer token"
    );
}
