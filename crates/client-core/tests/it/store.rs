//! Token stores: memory, atomic file, cross-store and cross-process refresh under the lock.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use client_core::Error;
use client_core::store::{FileStore, MemoryStore, TokenStore, update};
use client_core::token::{Token, TokenCache, TokenFetcher, TokenRequest, fetcher_fn};
use secrecy::ExposeSecret;

fn access(token: &Token) -> String {
    token.access().expose_secret().to_owned()
}

fn refresh(token: &Token) -> Option<String> {
    token.refresh().map(|r| r.expose_secret().to_owned())
}

fn expired_token(refresh: &str) -> Token {
    let long_ago: DateTime<Utc> = "2020-01-01T02:00:00Z".parse().unwrap();
    Token::new("old-access", long_ago)
        .with_obtained_at("2020-01-01T00:00:00Z".parse().unwrap())
        .with_refresh(refresh.to_owned())
}

/// A vendor whose refresh tokens are single-use: each refresh spends the current one and
/// issues the next. Spending a refresh token twice is the bug the lock prevents.
#[derive(Clone)]
struct SingleUseVendor {
    valid_refresh: Arc<std::sync::Mutex<String>>,
    refreshes: Arc<AtomicU32>,
    delay: Duration,
}

impl SingleUseVendor {
    fn new(first_refresh: &str, delay: Duration) -> Self {
        Self {
            valid_refresh: Arc::new(std::sync::Mutex::new(first_refresh.to_owned())),
            refreshes: Arc::new(AtomicU32::new(0)),
            delay,
        }
    }

    fn fetcher(&self) -> impl TokenFetcher {
        let vendor = self.clone();
        fetcher_fn(move |request: TokenRequest| {
            let vendor = vendor.clone();
            async move {
                let presented = request
                    .refresh_token()
                    .map(|r| r.expose_secret().to_owned());
                tokio::time::sleep(vendor.delay).await; // widen the race window
                let n = vendor.refreshes.fetch_add(1, Ordering::SeqCst) + 1;
                let mut valid = vendor.valid_refresh.lock().unwrap();
                if presented.as_deref() != Some(valid.as_str()) {
                    return Err(Error::reauthorization_required(
                        "refresh token already used",
                    ));
                }
                *valid = format!("refresh-{n}");
                Ok(Token::expiring_in(
                    format!("access-{n}"),
                    request.now,
                    Duration::from_secs(7200),
                )
                .with_refresh(format!("refresh-{n}")))
            }
        })
    }
}

// ----- memory ---------------------------------------------------------------------------------

#[tokio::test]
async fn memory_store_round_trips_and_clones_share() {
    let store = MemoryStore::new();
    assert!(store.load().await.unwrap().is_none());
    let other = store.clone();
    store.replace(&expired_token("r")).await.unwrap();
    assert_eq!(
        refresh(&other.load().await.unwrap().unwrap()).as_deref(),
        Some("r")
    );
    other.clear().await.unwrap();
    assert!(store.load().await.unwrap().is_none());
}

#[tokio::test]
async fn memory_store_lock_is_exclusive() {
    let store = MemoryStore::new();
    let held = store.lock().await.unwrap();
    let other = store.clone();
    let waiting = tokio::spawn(async move { other.lock().await.map(|_| ()) });
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(!waiting.is_finished());
    drop(held);
    waiting.await.unwrap().unwrap();
}

#[tokio::test]
async fn update_runs_read_refresh_write_under_the_lock() {
    let store = MemoryStore::with_token(expired_token("r0"));
    let saved = update(&store, |current| async move {
        assert_eq!(refresh(current.as_ref().unwrap()).as_deref(), Some("r0"));
        Ok(Some(Token::new(
            "new",
            Utc::now() + chrono::Duration::hours(1),
        )))
    })
    .await
    .unwrap();
    assert_eq!(access(&saved.unwrap()), "new");
    let kept = update(&store, |_| async { Ok(None) }).await.unwrap();
    assert_eq!(access(&kept.unwrap()), "new");
}

// ----- file -----------------------------------------------------------------------------------

#[tokio::test]
async fn file_store_round_trips_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path().join("nested/token.json"));
    assert!(store.load().await.unwrap().is_none());
    let token = Token::expiring_in("a-1", Utc::now(), Duration::from_secs(60)).with_refresh("r-1");
    store.replace(&token).await.unwrap();
    let back = store.load().await.unwrap().unwrap();
    assert_eq!(access(&back), "a-1");
    assert_eq!(refresh(&back).as_deref(), Some("r-1"));
    assert_eq!(back.expires_at(), token.expires_at());
    assert_eq!(back.obtained_at(), token.obtained_at());

    // The file holds the secrets (that is its purpose); Debug of the store never does.
    let text = std::fs::read_to_string(store.path()).unwrap();
    assert!(text.contains("\"access_token\": \"a-1\""), "{text}");
    let debug = format!("{store:?}");
    assert!(!debug.contains("a-1") && !debug.contains("r-1"), "{debug}");

    store.clear().await.unwrap();
    assert!(store.load().await.unwrap().is_none());
    store.clear().await.unwrap();
}

#[cfg(unix)]
#[tokio::test]
async fn file_store_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path().join("token.json"));
    // Even when an older file was world-readable, the rewrite is owner-only.
    std::fs::write(store.path(), "{}").unwrap();
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    store.replace(&expired_token("r")).await.unwrap();
    let _lock = store.lock().await.unwrap();
    for path in [store.path(), store.lock_path()] {
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
}

#[tokio::test]
async fn a_crash_mid_write_leaves_the_old_token_readable() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path().join("token.json"));
    store.replace(&expired_token("the-old-one")).await.unwrap();

    // A writer that died after writing part of its temporary file, before the rename.
    std::fs::write(
        dir.path().join(".token.json.4242.0.tmp"),
        br#"{"version":1,"access_tok"#,
    )
    .unwrap();
    let token = store.load().await.unwrap().unwrap();
    assert_eq!(refresh(&token).as_deref(), Some("the-old-one"));

    // And the next save still works next to the debris.
    store.replace(&expired_token("the-new-one")).await.unwrap();
    assert_eq!(
        refresh(&store.load().await.unwrap().unwrap()).as_deref(),
        Some("the-new-one")
    );
}

#[tokio::test]
async fn a_failed_write_keeps_the_old_token() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.json");
    let store = FileStore::new(&path);
    store.replace(&expired_token("kept")).await.unwrap();
    // Make the directory refuse new files: the temporary file cannot be created, so the write
    // fails before anything replaces the token. (Skipped when running as root, which ignores
    // permissions.)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        let probe = std::fs::File::create(dir.path().join("probe"));
        if probe.is_err() {
            let error = store.replace(&expired_token("lost")).await.unwrap_err();
            assert!(error.is_io(), "{error:?}");
            assert!(error.to_string().contains("token.json"), "{error}");
        }
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    assert_eq!(
        refresh(&store.load().await.unwrap().unwrap()).as_deref(),
        Some("kept")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_never_see_a_half_written_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.json");
    let writer = FileStore::new(&path);
    writer
        .replace(&expired_token(&"x".repeat(4096)))
        .await
        .unwrap();
    let reader = FileStore::new(&path);
    let reading = tokio::spawn(async move {
        for _ in 0..300 {
            let token = reader
                .load()
                .await
                .unwrap()
                .expect("a whole token every time");
            assert_eq!(refresh(&token).map(|r| r.len()), Some(4096));
        }
    });
    for i in 0..300 {
        let fill = char::from(b'a' + (i % 26) as u8);
        writer
            .replace(&expired_token(&fill.to_string().repeat(4096)))
            .await
            .unwrap();
    }
    reading.await.unwrap();
}

#[tokio::test]
async fn a_corrupt_file_reads_as_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path().join("token.json"));
    std::fs::write(store.path(), "not json at all").unwrap();
    assert!(store.load().await.unwrap().is_none());
    std::fs::write(
        store.path(),
        r#"{"version":99,"access_token":"a","expires_at":"2020-01-01T00:00:00Z"}"#,
    )
    .unwrap();
    assert!(store.load().await.unwrap().is_none());
}

#[tokio::test]
async fn the_file_lock_times_out_readably() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.json");
    let first = FileStore::new(&path);
    let _held = first.lock().await.unwrap();
    let second = FileStore::new(&path).with_lock_timeout(Duration::from_millis(50));
    let error = second.lock().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("token.json.lock"), "{error}");
}

// ----- with the cache -------------------------------------------------------------------------

#[tokio::test]
async fn a_cache_loads_a_stored_token_instead_of_fetching_and_saves_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.json");
    let valid =
        Token::expiring_in("persisted", Utc::now(), Duration::from_secs(7200)).with_refresh("r");
    FileStore::new(&path).replace(&valid).await.unwrap();

    let vendor = SingleUseVendor::new("r", Duration::ZERO);
    let cache = TokenCache::builder(vendor.fetcher())
        .store(FileStore::new(&path))
        .build();
    assert_eq!(access(&cache.token().await.unwrap()), "persisted");
    assert_eq!(vendor.refreshes.load(Ordering::SeqCst), 0);

    // Rejected by the server: the stored copy is the same stale token, so it is refreshed
    // (with the stored refresh token) and the new one saved.
    cache.invalidate();
    assert_eq!(access(&cache.token().await.unwrap()), "access-1");
    assert_eq!(vendor.refreshes.load(Ordering::SeqCst), 1);
    let saved = FileStore::new(&path).load().await.unwrap().unwrap();
    assert_eq!(
        (access(&saved), refresh(&saved)),
        ("access-1".into(), Some("refresh-1".into()))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_file_refresh_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.json");
    FileStore::new(&path)
        .replace(&expired_token("refresh-0"))
        .await
        .unwrap();

    let vendor = SingleUseVendor::new("refresh-0", Duration::from_millis(100));
    let a = TokenCache::builder(vendor.fetcher())
        .store(FileStore::new(&path))
        .build();
    let b = TokenCache::builder(vendor.fetcher())
        .store(FileStore::new(&path))
        .build();
    let (ta, tb) = tokio::join!(a.token(), b.token());
    let (ta, tb) = (ta.unwrap(), tb.unwrap());
    assert_eq!(vendor.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(access(&ta), "access-1");
    assert_eq!(access(&tb), "access-1");
}

/// Set in the environment of a child process started by `two_processes_refresh_once`.
const CHILD_ENV: &str = "CLIENT_CORE_IT_TOKEN_CHILD";

/// Run by `two_processes_refresh_once` in child processes; does nothing in a normal test run.
#[tokio::test]
async fn child_process_refresh() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    // The "vendor" is shared through files: the valid refresh token and a log of refreshes.
    let fetcher = {
        let dir = dir.clone();
        fetcher_fn(move |request: TokenRequest| {
            let dir = dir.clone();
            async move {
                let presented = request
                    .refresh_token()
                    .map(|r| r.expose_secret().to_owned());
                tokio::time::sleep(Duration::from_millis(200)).await;
                let valid = std::fs::read_to_string(dir.join("vendor-valid-refresh")).unwrap();
                let pid = std::process::id();
                append(&dir.join("vendor-log"), &format!("{pid} {presented:?}\n"));
                if presented.as_deref() != Some(valid.trim()) {
                    return Err(Error::reauthorization_required(
                        "refresh token already used",
                    ));
                }
                std::fs::write(dir.join("vendor-valid-refresh"), format!("refresh-{pid}")).unwrap();
                Ok(Token::expiring_in(
                    format!("access-{pid}"),
                    request.now,
                    Duration::from_secs(7200),
                )
                .with_refresh(format!("refresh-{pid}")))
            }
        })
    };
    let cache = TokenCache::builder(fetcher)
        .store(FileStore::new(dir.join("token.json")))
        .build();
    let token = cache.token().await.unwrap();
    append(&dir.join("results"), &format!("{}\n", access(&token)));
}

fn append(path: &Path, line: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    file.write_all(line.as_bytes()).unwrap();
}

#[tokio::test]
async fn two_processes_refresh_once() {
    let dir = tempfile::tempdir().unwrap();
    FileStore::new(dir.path().join("token.json"))
        .replace(&expired_token("refresh-0"))
        .await
        .unwrap();
    std::fs::write(dir.path().join("vendor-valid-refresh"), "refresh-0").unwrap();

    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "store::child_process_refresh",
                    "--test-threads=1",
                    "--quiet",
                ])
                .env(CHILD_ENV, dir.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
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
    let log = std::fs::read_to_string(dir.path().join("vendor-log")).unwrap();
    assert_eq!(log.lines().count(), 1, "refreshes: {log}");
    let results = std::fs::read_to_string(dir.path().join("results")).unwrap();
    let results: Vec<&str> = results.lines().collect();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0], results[1],
        "both processes use the one new token"
    );
}
