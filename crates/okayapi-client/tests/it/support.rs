//! Shared helpers: a client pointed at a mock server, signed envelopes, expected bodies.
//!
//! The expected signatures here are computed independently of the crate's signer: the values are
//! sorted by name with `Vec::sort` on bytes and hashed with `client_core::signing::md5_upper_hex`.

#![allow(dead_code)]

use std::time::Duration;

use client_core::backoff::{Backoff, Jitter};
use client_core::retry::RetryPolicy;
use client_core::signing::{md5_lower_hex, md5_upper_hex};
use httpmock::MockServer;
use okayapi_client::{Client, ClientBuilder};
use secrecy::SecretString;

/// The app of the document.
pub const APP: &str = "Swxiryan0788_MyApi";
/// A 22-character key (the README vector's length: no 32-character minimum client-side).
pub const KEY: &str = "dMYpWZkvC6U40FbnIM6eGr";
/// The app secret.
pub const SECRET: &str = "Eb8LgJGSA2juKjmND6R3XuHdqe3n5xEEjPx";

/// Fast, deterministic retries.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(5),
        ))
        .with_jitter(Jitter::seeded(7))
}

/// A builder for a client of `server`.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .app(APP)
        .credentials(KEY, SecretString::from(SECRET))
        .retry_policy(quick_retries())
}

/// A client of `server` with the default settings.
pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

/// The new-style path of `method`.
pub fn path(method: &str) -> String {
    format!("/api/SVIP/{APP}/{method}")
}

/// `UPPER(md5(values sorted by name + SECRET))`, computed here without the crate.
pub fn sign(params: &[(&str, &str)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .copied()
        .filter(|(k, _)| *k != "sign")
        .collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut text = String::new();
    for (_, v) in sorted {
        text.push_str(v);
    }
    text.push_str(SECRET);
    md5_upper_hex(text.as_bytes())
}

/// The form body the client sends: `params` in order, then `app_key` and `sign`.
pub fn body(params: &[(&str, &str)]) -> String {
    body_also_signing(params, &[])
}

/// [`body`] for a request that also signs parameters sent elsewhere (the query's `s`).
pub fn body_also_signing(params: &[(&str, &str)], elsewhere: &[(&str, &str)]) -> String {
    let mut all: Vec<(&str, &str)> = params.to_vec();
    all.push(("app_key", KEY));
    let mut signed = all.clone();
    signed.extend_from_slice(elsewhere);
    let signature = sign(&signed);
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &all {
        out.append_pair(k, v);
    }
    out.append_pair("sign", &signature);
    out.finish()
}

/// A success envelope around `data`, with `_t` and `_auth = md5(data + t + SECRET)`.
pub fn envelope(data: &str) -> String {
    envelope_at(data, "1716876955")
}

/// [`envelope`] with a given `_t`.
pub fn envelope_at(data: &str, t: &str) -> String {
    let auth = md5_lower_hex(format!("{data}{t}{SECRET}").as_bytes());
    format!(r#"{{"ret":200,"data":{data},"msg":"","_t":{t},"_auth":"{auth}"}}"#)
}

/// A fixture's `data` text.
pub fn fixture_data(fixture: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(fixture).unwrap();
    value["data"].to_string()
}
