//! What several targets share: the HTTP statuses a first input byte picks, a runtime for the
//! targets that call a client, the canary secrets, and the fixture files seeds are made of.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The statuses an envelope target's first byte picks from (`byte % len`). No 1xx, 204 or 304:
/// those have no body, and the body is what is being fuzzed.
pub const STATUSES: &[u16] = &[
    200, 200, 200, 201, 202, 400, 401, 403, 404, 409, 412, 420, 429, 500, 502, 503,
];

/// The status `selector` picks from [`STATUSES`].
pub fn status_of(selector: u8) -> u16 {
    let index = usize::from(selector) % STATUSES.len();
    STATUSES.get(index).copied().unwrap_or(200)
}

/// The byte that makes [`status_of`] pick `status` (for seeds); `0` (200) when not listed.
pub fn selector_of(status: u16) -> u8 {
    STATUSES
        .iter()
        .position(|s| *s == status)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(0)
}

/// Splits the first byte off: `(selector, rest)`; `None` for an empty input.
pub fn split_selector(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(first, rest)| (*first, rest))
}

/// A current-thread runtime shared by the targets that call a client (one per process).
#[allow(clippy::expect_used)] // harness set-up: nothing can run without it
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime")
    })
}

/// A secret that must never appear in an error's `Display` or `Debug` text.
pub const CANARY_SECRET: &str = "CANARY-secret-7f3a9c";

/// A second canary (a token or code the server or caller handed over).
pub const CANARY_TOKEN: &str = "CANARY-token-51d0e2";

/// Asserts that neither canary appears in the error's texts, unless the server sent it back in
/// the body (then the body holds it, and quoting the body is the error's job).
pub fn assert_no_canary(error: &client_core::Error, body: &[u8]) {
    let echoed = [CANARY_SECRET, CANARY_TOKEN]
        .iter()
        .any(|c| contains(body, c.as_bytes()));
    if echoed {
        return;
    }
    let display = error.to_string();
    let debug = format!("{error:?}");
    for canary in [CANARY_SECRET, CANARY_TOKEN] {
        assert!(
            !display.contains(canary) && !debug.contains(canary),
            "a secret leaked into an error: {display} / {debug}"
        );
    }
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The workspace's `fixtures/<vendor>` directory.
pub fn fixture_dir(vendor: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(vendor)
}

/// The bytes of every `*.json` fixture of `vendor` whose name ends with `suffix`
/// (`.response.json`, `.request.json` or `.json`), sorted by file name.
pub fn fixtures(vendor: &str, suffix: &str) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(fixture_dir(vendor)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

/// `prefix` followed by `body`.
pub fn prefixed(prefix: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(prefix.len() + body.len());
    out.extend_from_slice(prefix);
    out.extend_from_slice(body);
    out
}

static STRICT: AtomicBool = AtomicBool::new(false);

/// Whether the checks of open findings are on (`FUZZ_STRICT=1`, or [`set_strict`]). They are off
/// by default, so the replay stays green and fuzzing explores past a known defect until it is
/// fixed; `tests/findings.rs` (ignored) turns them on to replay `fuzz/findings/`.
pub fn strict() -> bool {
    static FROM_ENV: OnceLock<bool> = OnceLock::new();
    STRICT.load(Ordering::Relaxed)
        || *FROM_ENV.get_or_init(|| std::env::var("FUZZ_STRICT").is_ok_and(|v| v == "1"))
}

/// Turns the checks of open findings on for this process.
pub fn set_strict() {
    STRICT.store(true, Ordering::Relaxed);
}
