//! `tanma_push`: Tanma push verification (`verify_push_signature`, `Client::verify_push`).
//!
//! Tanma signs a push as SHA-256(appId + version + timestamp + appKey) — the body is not signed,
//! so the signed "body" is the version and timestamp. Invariants: a push signed with the key
//! verifies (whatever the hex case and surrounding blanks); a push whose version, timestamp or
//! sign was modified is refused unless the signed text (the concatenation) is unchanged; the
//! client and the free function agree; an error never shows the key.

use std::sync::OnceLock;

use clue_client::auth::{push_signature, verify_push_signature};
use secrecy::SecretString;

use crate::support::{CANARY_SECRET, assert_no_canary};

const APP_ID: &str = "zc_test";

#[allow(clippy::expect_used)] // harness set-up: fixed, valid settings
fn client() -> &'static clue_client::Client {
    static CLIENT: OnceLock<clue_client::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        clue_client::Client::builder()
            .credentials(APP_ID, CANARY_SECRET)
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("a Tanma client")
    })
}

/// Runs the target on one input: `version \0 timestamp \0 modified-version \0
/// modified-timestamp \0 modified-sign` (missing parts are empty).
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let version = parts.next().unwrap_or_default();
    let timestamp = parts.next().unwrap_or_default();
    let other_version = parts.next().unwrap_or(version);
    let other_timestamp = parts.next().unwrap_or(timestamp);
    let other_sign = parts.next();
    let key = SecretString::from(CANARY_SECRET);
    let sign = push_signature(APP_ID, version, timestamp, &key);
    assert!(verify_push_signature(APP_ID, version, timestamp, &key, &sign).is_ok());
    let upper = format!("  {}\n", sign.to_ascii_uppercase());
    assert!(verify_push_signature(APP_ID, version, timestamp, &key, &upper).is_ok());
    assert!(client().verify_push(version, timestamp, &sign).is_ok());

    let same_text = format!("{version}{timestamp}") == format!("{other_version}{other_timestamp}");
    let moved = verify_push_signature(APP_ID, other_version, other_timestamp, &key, &sign);
    assert_eq!(
        moved.is_ok(),
        same_text,
        "modified version/timestamp accepted"
    );
    let via_client = client().verify_push(other_version, other_timestamp, &sign);
    assert_eq!(
        via_client.is_ok(),
        moved.is_ok(),
        "client and function agree"
    );
    if let Err(e) = &moved {
        assert!(e.is_signature(), "{e}");
        assert_no_canary(e, b"");
    }
    if let Some(received) = other_sign {
        let result = verify_push_signature(APP_ID, version, timestamp, &key, received);
        let same = received.trim().eq_ignore_ascii_case(&sign);
        assert_eq!(result.is_ok(), same, "sign `{received}` against `{sign}`");
    }
}

/// Seeds: the vendor's example and modified copies.
pub fn seeds() -> Vec<Vec<u8>> {
    [
        "1\u{0}1596681164807",
        "1\u{0}1596681164807\u{0}1\u{0}1596681164808",
        "1\u{0}1596681164807\u{0}11\u{0}596681164807",
        "1\u{0}1596681164807\u{0}1\u{0}1596681164807\u{0}317672b4685d9b8bafe1794390e31209aed5cef912683292fed94a69085919d3",
        "\u{0}",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}
