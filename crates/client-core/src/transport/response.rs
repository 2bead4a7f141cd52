//! What comes back: the raw response the vendor hook interprets, and the payload decoded.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// A response as received: status, headers and the whole body.
///
/// Its `Debug` output shows the status, header names and the body's length, never the body
/// (a token response is one of these).
#[derive(Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field(
                "headers",
                &self
                    .headers
                    .keys()
                    .map(http::HeaderName::as_str)
                    .collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl RawResponse {
    /// The standard answer for a non-2xx response with no vendor envelope: an API error with the
    /// status and body.
    pub fn status_error(&self) -> Error {
        Error::api(
            Some(self.status),
            format!("the server answered HTTP {}", self.status.as_u16()),
        )
        .with_body(self.body.clone())
    }

    /// The whole body as the payload when the status is 2xx, else [`RawResponse::status_error`].
    pub fn into_payload_if_success(self) -> Result<Payload> {
        if self.status.is_success() {
            Ok(Payload::new(self.body))
        } else {
            Err(self.status_error())
        }
    }
}

/// The part of a response to decode (the whole body, or the `data` member of an envelope).
///
/// Its `Debug` output shows the length only.
#[derive(Clone)]
pub struct Payload {
    bytes: Bytes,
    location: Option<Box<str>>,
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payload")
            .field("len", &self.bytes.len())
            .field("from_redirect", &self.location.is_some())
            .finish()
    }
}

impl Payload {
    /// A payload of these bytes.
    pub fn new(bytes: Bytes) -> Self {
        Self {
            bytes,
            location: None,
        }
    }

    /// An empty payload that carries the `Location` of a redirect, for a vendor whose documented
    /// answer is a redirect (see [`Vendor::interpret_redirect`](super::Vendor::interpret_redirect)).
    /// The location may hold a credential: it is never shown in `Debug`.
    pub fn from_redirect(location: impl Into<String>) -> Self {
        Self {
            bytes: Bytes::new(),
            location: Some(location.into().into_boxed_str()),
        }
    }

    /// The redirect's `Location`, when the payload was made by [`Payload::from_redirect`].
    pub fn redirect_location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// A payload that is the sub-slice `part` of `body` (e.g. a `RawValue` borrowed from it),
    /// without copying. Falls back to copying if `part` does not point into `body`.
    pub fn slice_of(body: &Bytes, part: &str) -> Self {
        let start = (part.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
        if start
            .checked_add(part.len())
            .is_some_and(|end| end <= body.len())
        {
            Self::new(body.slice(start..start.saturating_add(part.len())))
        } else {
            Self::new(Bytes::copy_from_slice(part.as_bytes()))
        }
    }

    /// The bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// Decodes the payload. An empty payload decodes as JSON `null` (so `()` and `Option<T>`
    /// accept an empty 200). Failures keep the serde path of the failing field.
    ///
    /// The payload is decoded with plain `serde_json` first; only when that fails is it decoded
    /// again with `serde_path_to_error` to find the failing field's path. Tracking the path on
    /// every decode costs about 30% of decoding speed (`cargo xtask bench`, scenario 5), and
    /// failures are rare. The bytes are checked to be UTF-8 once, as a whole, and decoded as
    /// text, which is cheaper than `serde_json` checking every string on its own (most of all
    /// for Chinese text).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        let bytes: &[u8] = if self.bytes.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.bytes
        };
        let fast = match std::str::from_utf8(bytes) {
            Ok(text) => serde_json::from_str::<T>(text),
            // Decoding the bytes reports where the invalid UTF-8 is.
            Err(_) => serde_json::from_slice::<T>(bytes),
        };
        let error = match fast {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let mut de = serde_json::Deserializer::from_slice(bytes);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => Err(Error::decode(
                e.path().to_string(),
                e.into_inner(),
                &self.bytes,
            )),
            // The value itself decoded: the failure was after it (trailing characters).
            Ok(_) => Err(Error::decode("", error, &self.bytes)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_number_and_null_and_empty() {
        let n: Option<u64> = Payload::new(Bytes::from_static(b"703941987164160"))
            .decode()
            .unwrap();
        assert_eq!(n, Some(703941987164160));
        let none: Option<u64> = Payload::new(Bytes::from_static(b"null")).decode().unwrap();
        assert_eq!(none, None);
        let unit: () = Payload::new(Bytes::new()).decode().unwrap();
        assert_eq!(unit, ());
    }

    #[test]
    fn decode_errors_keep_the_path_and_trailing_text_is_an_error() {
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[allow(dead_code)]
            id: u64,
        }
        let err = Payload::new(Bytes::from_static(br#"[{"id":1},{"id":"x"}]"#))
            .decode::<Vec<Item>>()
            .unwrap_err();
        assert!(err.is_decode());
        assert_eq!(err.decode_path(), Some("[1].id"));
        let err = Payload::new(Bytes::from_static(b"[1] x"))
            .decode::<Vec<u64>>()
            .unwrap_err();
        assert!(err.is_decode());
        assert_eq!(err.decode_path(), Some(""));
        let err = Payload::new(Bytes::from_static(b"[\"\xff\"]"))
            .decode::<Vec<String>>()
            .unwrap_err();
        assert!(err.is_decode());
        let text: Vec<String> = Payload::new(Bytes::from("[\"上海\"]")).decode().unwrap();
        assert_eq!(text, ["上海"]);
    }

    #[test]
    fn slice_of_shares_the_buffer() {
        let body = Bytes::from_static(br#"{"data":{"a":1},"ret":200}"#);
        #[derive(serde::Deserialize)]
        struct Env<'a> {
            #[serde(borrow)]
            data: &'a serde_json::value::RawValue,
        }
        let env: Env<'_> = serde_json::from_slice(&body).unwrap();
        let p = Payload::slice_of(&body, env.data.get());
        assert_eq!(p.bytes().as_ref(), br#"{"a":1}"#);
    }
}
