//! The check every `*_models` target runs on the generated model its first input byte picks:
//! decode (the way the clients decode, `Payload::decode`) → encode → decode gives an equal value,
//! and encoding that value again gives the same bytes.

use std::fmt::Debug;

use bytes::Bytes;
use client_core::transport::Payload;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A model's check: decodes `json` as the model and checks the round trip; `true` when it decoded.
pub type Check = fn(&[u8]) -> bool;

/// Decode → encode → decode → encode for `T`; `true` when `json` decoded as `T`.
pub fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(json: &[u8]) -> bool {
    let Ok(first) = Payload::new(Bytes::copy_from_slice(json)).decode::<T>() else {
        return false;
    };
    let encoded = match serde_json::to_vec(&first) {
        Ok(encoded) => encoded,
        Err(e) => panic!(
            "a decoded {} does not encode: {e}",
            std::any::type_name::<T>()
        ),
    };
    let second = match Payload::new(Bytes::from(encoded.clone())).decode::<T>() {
        Ok(second) => second,
        Err(e) => panic!(
            "{} encoded as {} does not decode: {e}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&encoded)
        ),
    };
    assert_eq!(first, second, "{} round trip", std::any::type_name::<T>());
    let again = serde_json::to_vec(&second).unwrap_or_default();
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&encoded),
        "{} encoding is stable",
        std::any::type_name::<T>()
    );
    true
}

/// Runs the model `selector` picks from `models` on `json`.
pub fn run(models: &[Check], data: &[u8]) {
    let Some((selector, json)) = crate::support::split_selector(data) else {
        return;
    };
    if models.is_empty() {
        return;
    }
    if let Some(check) = models.get(usize::from(selector) % models.len()) {
        check(json);
    }
}

/// Seeds from the vendor's fixtures: each JSON document (and its `data` member, for enveloped
/// vendors, and the items of a list) prefixed with the selector of every model it decodes as.
pub fn seeds(vendor: &str, models: &[Check]) -> Vec<Vec<u8>> {
    let mut documents: Vec<Vec<u8>> = Vec::new();
    for body in crate::support::fixtures(vendor, ".json") {
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) else {
            continue;
        };
        let mut add = |v: &serde_json::Value| {
            documents.push(v.to_string().into_bytes());
            if let serde_json::Value::Array(items) = v
                && let Some(first) = items.first()
            {
                documents.push(first.to_string().into_bytes());
            }
        };
        add(&value);
        if let Some(data) = value.get("data") {
            add(data);
            for list in ["list", "datas", "items", "records", "fields"] {
                if let Some(items) = data.get(list) {
                    add(items);
                }
            }
        }
        documents.push(body);
    }
    let mut out = Vec::new();
    for (index, check) in models.iter().enumerate() {
        let Ok(selector) = u8::try_from(index) else {
            continue;
        };
        for document in &documents {
            if check(document) {
                out.push(crate::support::prefixed(&[selector], document));
            }
        }
        // One document that does not decode, so each model's failure path is in the corpus.
        out.push(crate::support::prefixed(&[selector], b"{\"x\":"));
    }
    out
}

/// Defines `run` and `seeds` for a models target over the listed types.
#[macro_export]
macro_rules! model_target {
    ($vendor:literal, $($model:ty),+ $(,)?) => {
        const MODELS: &[$crate::targets::model_roundtrip::Check] =
            &[$($crate::targets::model_roundtrip::check::<$model>),+];

        /// Runs the target on one input: a model selector byte, then the JSON.
        pub fn run(data: &[u8]) {
            $crate::targets::model_roundtrip::run(MODELS, data);
        }

        /// Seeds: the vendor's fixtures, under each model they decode as.
        pub fn seeds() -> Vec<Vec<u8>> {
            $crate::targets::model_roundtrip::seeds($vendor, MODELS)
        }
    };
}
