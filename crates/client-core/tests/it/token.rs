//! Token cache: single flight, shared errors, margin rules, invalidation, grace on failure.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use client_core::Error;
use client_core::clock::ManualClock;
use client_core::store::{MemoryStore, TokenStore};
use client_core::token::{
    RefreshReason, Token, TokenCache, TokenFetcher, TokenRequest, fetcher_fn,
};
use futures::FutureExt;
use secrecy::ExposeSecret;
use tokio::sync::{Barrier, Notify};

fn start() -> DateTime<Utc> {
    "2024-05-20T00:00:00Z".parse().unwrap()
}

fn mins(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn access(token: &Token) -> String {
    token.access().expose_secret().to_owned()
}

/// A fetcher issuing `t1`, `t2`, … living `lifetime`, counting its calls.
fn counting(lifetime: Duration) -> (Arc<AtomicU32>, impl TokenFetcher) {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok(Token::expiring_in(format!("t{n}"), request.now, lifetime)) }
    });
    (calls, fetcher)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_callers_cause_one_fetch_and_all_get_its_token() {
    const CALLERS: usize = 1_000;
    let barrier = Arc::new(Barrier::new(CALLERS + 1));
    let calls = Arc::new(AtomicU32::new(0));
    let fetcher = {
        let (barrier, calls) = (Arc::clone(&barrier), Arc::clone(&calls));
        fetcher_fn(move |request: TokenRequest| {
            let (barrier, calls) = (Arc::clone(&barrier), Arc::clone(&calls));
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                // Hold the fetch until every caller is waiting on it.
                barrier.wait().await;
                Ok(Token::expiring_in(
                    "shared",
                    request.now,
                    Duration::from_secs(7200),
                ))
            }
        })
    };
    let cache = TokenCache::new(fetcher);

    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CALLERS {
        let (cache, barrier) = (cache.clone(), Arc::clone(&barrier));
        tasks.spawn(async move {
            let mut call = Box::pin(cache.token());
            // The first poll joins (or starts) the refresh; it cannot finish before the barrier.
            assert!((&mut call).now_or_never().is_none());
            barrier.wait().await;
            call.await
        });
    }
    let mut seen = 0;
    while let Some(joined) = tasks.join_next().await {
        let token = joined.unwrap().unwrap();
        assert_eq!(access(&token), "shared");
        assert_eq!(token.generation(), 1);
        seen += 1;
    }
    assert_eq!(seen, CALLERS);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(cache.refresh_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_fetch_wakes_every_waiter_with_the_error_and_the_next_call_retries() {
    const CALLERS: usize = 1_000;
    let barrier = Arc::new(Barrier::new(CALLERS + 1));
    let calls = Arc::new(AtomicU32::new(0));
    let fetcher = {
        let (barrier, calls) = (Arc::clone(&barrier), Arc::clone(&calls));
        fetcher_fn(move |request: TokenRequest| {
            let (barrier, calls) = (Arc::clone(&barrier), Arc::clone(&calls));
            async move {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    barrier.wait().await;
                    return Err(Error::reauthorization_required("refresh token revoked")
                        .with_source(std::io::Error::other("root cause")));
                }
                Ok(Token::expiring_in(
                    "second",
                    request.now,
                    Duration::from_secs(7200),
                ))
            }
        })
    };
    let cache = TokenCache::new(fetcher);

    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CALLERS {
        let (cache, barrier) = (cache.clone(), Arc::clone(&barrier));
        tasks.spawn(async move {
            let mut call = Box::pin(cache.token());
            assert!((&mut call).now_or_never().is_none());
            barrier.wait().await;
            call.await
        });
    }
    let mut failed = 0;
    while let Some(joined) = tasks.join_next().await {
        let error = joined.unwrap().unwrap_err();
        // Every waiter's copy keeps the kind, the message and the cause's text.
        assert!(error.is_reauthorization_required(), "{error:?}");
        assert!(error.to_string().contains("refresh token revoked"));
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("root cause"));
        failed += 1;
    }
    assert_eq!(failed, CALLERS);
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let token = cache.token().await.unwrap();
    assert_eq!(access(&token), "second");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_fresh_token_is_returned_without_awaiting() {
    let (calls, fetcher) = counting(Duration::from_secs(7200));
    let cache = TokenCache::builder(fetcher)
        .clock(ManualClock::new(start()))
        .build();
    cache.token().await.unwrap();
    for _ in 0..100 {
        let token = cache
            .token()
            .now_or_never()
            .expect("ready on first poll")
            .unwrap();
        assert_eq!(access(&token), "t1");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn refreshes_a_margin_before_expiry() {
    let clock = ManualClock::new(start());
    let (calls, fetcher) = counting(Duration::from_secs(2 * 3600));
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .margin(mins(5))
        .build();

    assert_eq!(access(&cache.token().await.unwrap()), "t1");
    clock.advance(mins(114) + Duration::from_secs(59)); // 1 h 54 min 59 s: still fresh
    assert_eq!(access(&cache.token().await.unwrap()), "t1");
    clock.advance(Duration::from_secs(1)); // 1 h 55 min: within the margin
    assert_eq!(access(&cache.token().await.unwrap()), "t2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_margin_is_at_most_half_the_lifetime() {
    let clock = ManualClock::new(start());
    // A four-minute token with a five-minute margin: refresh after two minutes, not every call.
    let (calls, fetcher) = counting(mins(4));
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .margin(mins(5))
        .build();

    assert_eq!(access(&cache.token().await.unwrap()), "t1");
    assert_eq!(access(&cache.token().await.unwrap()), "t1");
    clock.advance(Duration::from_secs(119));
    assert_eq!(access(&cache.token().await.unwrap()), "t1");
    clock.advance(Duration::from_secs(1));
    assert_eq!(access(&cache.token().await.unwrap()), "t2");
    assert_eq!(access(&cache.token().await.unwrap()), "t2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_absolute_expiry_without_start_is_measured_from_the_fetch() {
    // Linkflow sends only an absolute expiry: the cache stamps the fetch time as the start.
    let clock = ManualClock::new(start());
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        let expires_at = request.now + chrono::Duration::minutes(10);
        async move { Ok(Token::new("abs", expires_at)) }
    });
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .margin(mins(30))
        .build();
    let token = cache.token().await.unwrap();
    assert_eq!(token.obtained_at(), Some(start()));
    clock.advance(mins(5) - Duration::from_secs(1));
    cache.token().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(1));
    cache.token().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn invalidate_makes_the_next_call_refresh() {
    let (calls, fetcher) = counting(Duration::from_secs(7200));
    let cache = TokenCache::builder(fetcher)
        .clock(ManualClock::new(start()))
        .build();
    let first = cache.token().await.unwrap();
    cache.invalidate();
    let second = cache.token().await.unwrap();
    assert_eq!(
        (access(&first), access(&second)),
        ("t1".into(), "t2".into())
    );
    assert!(second.generation() > first.generation());
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn invalidate_if_only_invalidates_the_token_it_names() {
    let (calls, fetcher) = counting(Duration::from_secs(7200));
    let cache = TokenCache::builder(fetcher)
        .clock(ManualClock::new(start()))
        .build();
    let stale = cache.token().await.unwrap();

    // Fifty in-flight requests all fail on the same token.
    let invalidated = (0..50)
        .filter(|_| cache.invalidate_if(stale.generation()))
        .count();
    assert_eq!(invalidated, 1);
    let fresh = cache.token().await.unwrap();
    assert_eq!(access(&fresh), "t2");
    // Late failures on the old token do not throw away the new one.
    assert!(!cache.invalidate_if(stale.generation()));
    assert_eq!(access(&cache.token().await.unwrap()), "t2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_fetcher_gets_the_previous_token_and_the_reason() {
    let clock = ManualClock::new(start());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        let refresh = request
            .refresh_token()
            .map(|r| r.expose_secret().to_owned());
        log.lock().unwrap().push((request.reason, refresh));
        let n = log.lock().unwrap().len();
        async move {
            Ok(
                Token::expiring_in(format!("a{n}"), request.now, Duration::from_secs(7200))
                    .with_refresh(format!("r{n}")),
            )
        }
    });
    let cache = TokenCache::builder(fetcher).clock(clock.clone()).build();
    cache.token().await.unwrap();
    clock.advance(Duration::from_secs(7200));
    cache.token().await.unwrap();
    cache.invalidate();
    cache.token().await.unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (RefreshReason::Missing, None),
            (RefreshReason::Expiring, Some("r1".to_owned())),
            (RefreshReason::Invalidated, Some("r2".to_owned())),
        ]
    );
}

#[tokio::test]
async fn a_failed_proactive_refresh_keeps_the_valid_token_until_it_expires() {
    let clock = ManualClock::new(start());
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            if n == 0 {
                Ok(Token::expiring_in("only", request.now, mins(60)))
            } else {
                Err(Error::auth("token endpoint down"))
            }
        }
    });
    let cache = TokenCache::builder(fetcher)
        .clock(clock.clone())
        .margin(mins(5))
        .retry_after_failure(Duration::from_secs(30))
        .build();
    cache.token().await.unwrap();

    clock.advance(mins(56)); // inside the margin: a refresh is attempted and fails
    assert_eq!(access(&cache.token().await.unwrap()), "only");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    clock.advance(Duration::from_secs(29)); // the retry waits
    assert_eq!(access(&cache.token().await.unwrap()), "only");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    clock.advance(Duration::from_secs(1));
    assert_eq!(access(&cache.token().await.unwrap()), "only");
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    clock.advance(mins(4)); // expired: now the error reaches the caller
    let error = cache.token().await.unwrap_err();
    assert!(error.is_auth(), "{error:?}");
}

#[tokio::test]
async fn an_invalidated_token_is_not_kept_when_the_refresh_fails() {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let fetcher = fetcher_fn(move |request: TokenRequest| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            if n == 0 {
                Ok(Token::expiring_in("rejected", request.now, mins(60)))
            } else {
                Err(Error::auth("denied"))
            }
        }
    });
    let cache = TokenCache::builder(fetcher)
        .clock(ManualClock::new(start()))
        .build();
    let token = cache.token().await.unwrap();
    cache.invalidate_if(token.generation());
    assert!(cache.token().await.unwrap_err().is_auth());
}

#[tokio::test]
async fn an_already_expired_token_from_the_endpoint_is_an_error() {
    let fetcher = fetcher_fn(|request: TokenRequest| async move {
        // E.g. an expiry read in the wrong time zone.
        Ok(Token::new("late", request.now - chrono::Duration::hours(8)))
    });
    let cache = TokenCache::builder(fetcher)
        .clock(ManualClock::new(start()))
        .build();
    let error = cache.token().await.unwrap_err();
    assert!(error.is_auth());
    assert!(error.to_string().contains("time zone"), "{error}");
}

#[tokio::test]
async fn a_refresh_completes_even_if_its_caller_gives_up() {
    let gate = Arc::new(Notify::new());
    let calls = Arc::new(AtomicU32::new(0));
    let fetcher = {
        let (gate, calls) = (Arc::clone(&gate), Arc::clone(&calls));
        fetcher_fn(move |request: TokenRequest| {
            let (gate, calls) = (Arc::clone(&gate), Arc::clone(&calls));
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                gate.notified().await;
                Ok(Token::expiring_in("rotated", request.now, mins(60)).with_refresh("r-next"))
            }
        })
    };
    let store = MemoryStore::new();
    let cache = TokenCache::builder(fetcher).store(store.clone()).build();
    let mut call = Box::pin(cache.token());
    assert!((&mut call).now_or_never().is_none());
    drop(call); // the caller times out
    tokio::task::yield_now().await;
    gate.notify_one();
    for _ in 0..100 {
        if cache.cached().is_some() {
            break;
        }
        tokio::task::yield_now().await;
    }
    // The rotated refresh token was saved even though nobody waited for it.
    let saved = store.load().await.unwrap().unwrap();
    assert_eq!(
        saved
            .refresh()
            .map(|r| r.expose_secret().to_owned())
            .as_deref(),
        Some("r-next")
    );
    assert_eq!(access(&cache.token().await.unwrap()), "rotated");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn set_token_installs_and_saves() {
    let (calls, fetcher) = counting(mins(60));
    let store = MemoryStore::new();
    let cache = TokenCache::builder(fetcher).store(store.clone()).build();
    let now = Utc::now();
    cache
        .set_token(Token::expiring_in("from-oauth-code", now, mins(120)).with_refresh("r0"))
        .await
        .unwrap();
    assert_eq!(access(&cache.token().await.unwrap()), "from-oauth-code");
    assert_eq!(
        access(&store.load().await.unwrap().unwrap()),
        "from-oauth-code"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn secrets_never_appear_in_debug_output() {
    let (_calls, fetcher) = counting(mins(60));
    let cache = TokenCache::builder(fetcher)
        .store(MemoryStore::new())
        .label("linkflow")
        .build();
    let token = cache.token().await.unwrap();
    let plain = Token::new("s3cr3t-access", start()).with_refresh("s3cr3t-refresh");
    let printed = format!(
        "{cache:?} {token:?} {plain:?} {:?}",
        MemoryStore::with_token(plain.clone())
    );
    assert!(!printed.contains("s3cr3t"), "{printed}");
    assert!(!printed.contains("t1"), "{printed}");
    assert!(printed.contains("linkflow"));
}
