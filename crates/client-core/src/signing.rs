//! Signing building blocks: digests in the vendors' text forms, the "sorted values + secret"
//! recipe, and constant-time comparison for signatures a server sends.
//!
//! Vendor crates compose these into their recipes; nothing here knows a vendor's parameter names.
//! The digests are behind features, so a vendor compiles only the algorithm it signs with:
//! `md5` (OkayAPI, with the dependency-free `md5` crate; the bench and fuzz harnesses check it
//! against RustCrypto's `md-5`) and `sha256` (Tanma, with `ring`, already in every
//! build through rustls).

use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

#[cfg(feature = "md5")]
/// MD5 of `data` as upper-case hex (OkayAPI request signatures).
pub fn md5_upper_hex(data: &[u8]) -> String {
    hex::encode_upper(md5::compute(data).0)
}

#[cfg(feature = "md5")]
/// MD5 of `data` as lower-case hex (OkayAPI response `_auth`).
pub fn md5_lower_hex(data: &[u8]) -> String {
    hex::encode(md5::compute(data).0)
}

#[cfg(feature = "md5")]
/// MD5 over several parts, fed in order without copying them together.
pub fn md5_parts(parts: &[&[u8]]) -> [u8; 16] {
    let mut hasher = md5::Context::new();
    for part in parts {
        hasher.consume(part);
    }
    hasher.finalize().0
}

#[cfg(feature = "sha256")]
/// SHA-256 of `data` as lower-case hex (Tanma signatures). Computed by `ring`, which the TLS
/// stack already compiles, so the feature adds no crate to a build.
pub fn sha256_lower_hex(data: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, data))
}

#[cfg(feature = "sha256")]
/// SHA-256 over several parts, fed in order, as lower-case hex.
pub fn sha256_parts_lower_hex(parts: &[&[u8]]) -> String {
    let mut hasher = ring::digest::Context::new(&ring::digest::SHA256);
    for part in parts {
        hasher.update(part);
    }
    hex::encode(hasher.finish())
}

/// The string OkayAPI (and PhalApi) sign: every parameter's **raw value**, ordered by parameter
/// name in byte order, concatenated without separators, followed by the secret.
///
/// Parameters named in `exclude` (normally just `sign`) are left out. Returns a [`SecretString`]
/// because it ends with the secret.
pub fn sorted_values_string<'a, I>(
    params: I,
    exclude: &[&str],
    secret: &SecretString,
) -> SecretString
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(name, _)| !exclude.contains(name))
        .collect();
    // Byte order of the names; a stable sort keeps repeated names in the order given.
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let secret = secret.expose_secret();
    let len = pairs.iter().map(|(_, v)| v.len()).sum::<usize>() + secret.len();
    let mut out = String::with_capacity(len);
    for (_, value) in pairs {
        out.push_str(value);
    }
    out.push_str(secret);
    SecretString::from(out)
}

#[cfg(feature = "md5")]
/// `UPPER(hex(md5(sorted values + secret)))`: the OkayAPI / PhalApi request signature.
///
/// ```
/// use client_core::signing::sorted_values_md5;
/// use secrecy::SecretString;
/// let secret = SecretString::from("Eb8LgJGSA2juKjmND6R3XuHdqe3n5xEEjPx");
/// let params = [("service", "App.HelloWorld.HiApp"), ("app_key", "dMYpWZkvC6U40FbnIM6eGr"), ("uid", "1")];
/// assert_eq!(sorted_values_md5(params, &["sign"], &secret), "BBAEFD9CF8532BECF45F74A1E79C695A");
/// ```
pub fn sorted_values_md5<'a, I>(params: I, exclude: &[&str], secret: &SecretString) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let text = sorted_values_string(params, exclude, secret);
    md5_upper_hex(text.expose_secret().as_bytes())
}

/// Compares two signatures in constant time (for equal lengths). Hex case is ignored, since
/// vendors differ in the case they print.
pub fn signatures_match(expected: &str, received: &str) -> bool {
    let a = expected.as_bytes();
    let b = received.as_bytes();
    if a.len() != b.len() {
        return false;
    }
    let a: Vec<u8> = a.iter().map(u8::to_ascii_lowercase).collect();
    let b: Vec<u8> = b.iter().map(u8::to_ascii_lowercase).collect();
    a.ct_eq(&b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(all(feature = "md5", feature = "sha256"))]
    fn digest_vectors() {
        assert_eq!(md5_upper_hex(b""), "D41D8CD98F00B204E9800998ECF8427E");
        assert_eq!(md5_lower_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            sha256_lower_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_parts_lower_hex(&[b"a", b"bc"]),
            sha256_lower_hex(b"abc")
        );
        assert_eq!(
            hex::encode(md5_parts(&[b"a", b"bc"])),
            md5_lower_hex(b"abc")
        );
    }

    #[test]
    #[cfg(feature = "md5")]
    fn okayapi_vector_from_the_readme() {
        let secret = SecretString::from("Eb8LgJGSA2juKjmND6R3XuHdqe3n5xEEjPx");
        let params = [
            ("service", "App.HelloWorld.HiApp"),
            ("app_key", "dMYpWZkvC6U40FbnIM6eGr"),
            ("uid", "1"),
            ("sign", "ignored"),
        ];
        let text = sorted_values_string(params, &["sign"], &secret);
        assert_eq!(
            text.expose_secret(),
            "dMYpWZkvC6U40FbnIM6eGrApp.HelloWorld.HiApp1Eb8LgJGSA2juKjmND6R3XuHdqe3n5xEEjPx"
        );
        assert_eq!(
            sorted_values_md5(params, &["sign"], &secret),
            "BBAEFD9CF8532BECF45F74A1E79C695A"
        );
    }

    #[test]
    #[cfg(feature = "md5")]
    fn sorts_by_bytes_and_signs_raw_values() {
        let secret = SecretString::from("s");
        // Upper-case names sort before lower-case ones in byte order.
        let params = [("b", "2"), ("B", "1"), ("a", "中文 &=/+{\"k\":1}")];
        let text = sorted_values_string(params, &[], &secret);
        assert_eq!(text.expose_secret(), "1中文 &=/+{\"k\":1}2s");
    }

    #[test]
    #[cfg(feature = "sha256")]
    fn tanma_push_vector_from_the_readme() {
        let sig = sha256_parts_lower_hex(&[b"zc_test", b"1", b"1596681164807", b"zc_test"]);
        assert_eq!(
            sig,
            "317672b4685d9b8bafe1794390e31209aed5cef912683292fed94a69085919d3"
        );
    }

    #[test]
    fn constant_time_match() {
        assert!(signatures_match("ABCDEF", "abcdef"));
        assert!(!signatures_match("ABCDEF", "ABCDEE"));
        assert!(!signatures_match("ABCDEF", "ABCDE"));
    }
}
