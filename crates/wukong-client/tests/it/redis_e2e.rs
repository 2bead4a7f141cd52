//! Wukong end to end with a Redis token store (features `testing` and `redis`): two clients in
//! two processes share one token through one Redis while the sandbox rotates refresh tokens
//! (each can be spent once); 1,000 calls, none rejected.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use client_core::store::{RedisServer, RedisStore, TokenStore};
use wukong_client::Client;
use wukong_client::testing::{APPID, APPSECRET, Sandbox};

/// `<base url> <redis url>` for a child process.
const CHILD_ENV: &str = "WUKONG_IT_REDIS_CHILD";

/// Calls per child process.
const CALLS: usize = 500;

/// In a child: 500 list calls through a client whose tokens live in Redis.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_list_calls() {
    let Ok(args) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (base_url, redis_url) = args.split_once(' ').unwrap();
    let client = Client::builder()
        .base_url(base_url)
        .appid(APPID)
        .appsecret(APPSECRET)
        .redis_store(redis_url.to_owned(), APPID)
        .build()
        .unwrap();
    for _ in 0..CALLS {
        let leads = client.leads().list().send().await.unwrap();
        assert_eq!(leads.data().leads.len(), 3);
        tokio::time::sleep(Duration::from_millis(6)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_rotating_tokens_through_redis_for_a_thousand_calls() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let redis = RedisServer::start().unwrap();
    // Two-second tokens: refreshed a second after they are issued (half their lifetime).
    let sandbox = Sandbox::builder()
        .access_lifetime(Duration::from_secs(2))
        .start()
        .unwrap();
    // One process completes the authorization-code flow once; the token lands in Redis.
    let first = sandbox
        .client_builder()
        .redis_store(redis.url(), APPID)
        .build()
        .unwrap();
    first
        .oauth()
        .exchange_code(sandbox.issue_code())
        .await
        .unwrap();
    assert_eq!(sandbox.token_requests(), 1);
    let stored = RedisStore::builder(redis.url(), "wukong", APPID)
        .build()
        .unwrap()
        .load()
        .await
        .unwrap();
    assert!(stored.is_some(), "the exchanged token is in Redis");

    let began = Instant::now();
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "redis_e2e::child_list_calls",
                    "--test-threads=1",
                    "--quiet",
                ])
                .env(CHILD_ENV, format!("{} {}", sandbox.base_url(), redis.url()))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "child failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let elapsed = began.elapsed();

    assert_eq!(sandbox.hits("/openv1/list"), 2 * CALLS as u64);
    assert_eq!(
        sandbox.rejected_tokens(),
        0,
        "no call used a rejected token"
    );
    // One refresh per token lifetime half, shared by both processes (a rotated refresh token
    // presented twice would have failed a child with 40030).
    let refreshes = sandbox.token_requests() - 1;
    let windows = elapsed.as_secs() + 1;
    eprintln!("1,000 calls in {elapsed:?}: {refreshes} refreshes, 0 rejected");
    assert!(
        refreshes >= 1 && refreshes <= windows + 1,
        "{refreshes} refreshes in {elapsed:?} (expected about one a second)"
    );
}

#[tokio::test]
async fn from_env_with_a_redis_url_keeps_tokens_in_redis_and_hides_the_password() {
    let redis = RedisServer::start().unwrap();
    let sandbox = Sandbox::start().unwrap();
    let url = redis
        .url()
        .replace("redis://", "redis://:not-a-real-password-canary@");
    redis
        .command("CONFIG SET requirepass not-a-real-password-canary")
        .unwrap();
    let vars = [
        ("WUKONG_BASE_URL", sandbox.base_url().to_owned()),
        ("WUKONG_APPID", APPID.to_owned()),
        ("WUKONG_APPSECRET", APPSECRET.to_owned()),
        ("WUKONG_REDIS_URL", url.clone()),
    ];
    let config = wukong_client::Config::from_lookup(|name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    })
    .unwrap();
    let builder = config.clone().into_builder();
    let printed = format!("{config:?} {builder:?}");
    assert!(!printed.contains("canary"), "{printed}");
    let client = builder.build().unwrap();
    client
        .oauth()
        .exchange_code(sandbox.issue_code())
        .await
        .unwrap();
    let stored = RedisStore::builder(url, "wukong", APPID)
        .build()
        .unwrap()
        .load()
        .await
        .unwrap();
    assert!(stored.is_some(), "the token went to Redis");
}
