//! The push signature (消息推送 → 签名): computing and checking it.

use client_core::signing::{sha256_parts_lower_hex, signatures_match};
use client_core::{Error, Result};
use secrecy::{ExposeSecret, SecretString};

/// The push signature (消息推送 → 签名): `lowercase hex(SHA-256(appId + version + timestamp +
/// appKey))`, body not included.
///
/// ```
/// use clue_client::auth::push_signature;
/// use secrecy::SecretString;
/// // The vendor's example.
/// let sign = push_signature("zc_test", "1", "1596681164807", &SecretString::from("zc_test"));
/// assert_eq!(sign, "317672b4685d9b8bafe1794390e31209aed5cef912683292fed94a69085919d3");
/// ```
pub fn push_signature(
    app_id: &str,
    version: &str,
    timestamp: &str,
    app_key: &SecretString,
) -> String {
    sha256_parts_lower_hex(&[
        app_id.as_bytes(),
        version.as_bytes(),
        timestamp.as_bytes(),
        app_key.expose_secret().as_bytes(),
    ])
}

/// Checks a push's `sign` (消息推送 → 签名) in constant time. Hex case is ignored.
///
/// Returns an [`Error::is_signature`] error when it does not match. This checks only the
/// signature; to refuse replays, also check the timestamp's age (see
/// [`Client::verify_push_fresh`](crate::Client::verify_push_fresh)).
pub fn verify_push_signature(
    app_id: &str,
    version: &str,
    timestamp: &str,
    app_key: &SecretString,
    received_sign: &str,
) -> Result<()> {
    let expected = push_signature(app_id, version, timestamp, app_key);
    if signatures_match(&expected, received_sign.trim()) {
        Ok(())
    } else {
        Err(Error::signature(
            "the push's `sign` does not match appId + version + timestamp + appKey",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_vector() {
        let key = SecretString::from("zc_test");
        assert_eq!(
            push_signature("zc_test", "1", "1596681164807", &key),
            "317672b4685d9b8bafe1794390e31209aed5cef912683292fed94a69085919d3"
        );
        assert!(
            verify_push_signature(
                "zc_test",
                "1",
                "1596681164807",
                &key,
                "317672B4685D9B8BAFE1794390E31209AED5CEF912683292FED94A69085919D3"
            )
            .is_ok()
        );
        let err =
            verify_push_signature("zc_test", "1", "1596681164808", &key, "317672b4").unwrap_err();
        assert!(err.is_signature());
    }
}
