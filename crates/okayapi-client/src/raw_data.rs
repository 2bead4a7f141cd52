//! [`RawData`]: the `data` of a response as its exact JSON text.

use std::fmt;

use bytes::Bytes;
use client_core::transport::Payload;
use serde::de::DeserializeOwned;

use crate::Result;
use crate::decode::decode;

/// The `data` of a response as its exact JSON text (the bytes `_auth` was verified over).
#[derive(Clone, PartialEq, Eq)]
pub struct RawData {
    bytes: Bytes,
}

impl RawData {
    /// `bytes`, already checked to be UTF-8.
    pub(crate) fn new(bytes: Bytes) -> Self {
        Self { bytes }
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        // Checked when the call returned, so this never falls back.
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    /// The bytes (shared with the response body, not copied).
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// Decodes the JSON as `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        decode(&Payload::new(self.bytes.clone()))
    }
}

impl fmt::Debug for RawData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawData").field(&self.as_str()).finish()
    }
}

impl fmt::Display for RawData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
