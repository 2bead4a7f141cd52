//! The `{code, message, data}` envelope of every Tanma answer (every operation's "返回响应").

use client_core::code::VendorCode;
use client_core::transport::{Payload, RawResponse};
use client_core::{Error, Result};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A `code` as sent: a number, or (defensively) a numeric string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Code {
    Number(i64),
    Text(String),
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    code: Option<Code>,
    #[serde(default)]
    message: Option<String>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// Unwraps `{code, message, data}` (every operation's "返回响应"): `code == 0` yields `data`
/// (zero-copy); any other code is an API error with the vendor's code and message. Tanma
/// documents no error codes, so no catalogue entry is attached.
pub(crate) fn unwrap_envelope(operation: &'static str, response: RawResponse) -> Result<Payload> {
    let RawResponse { status, body, .. } = response;
    let envelope: Envelope<'_> = match serde_json::from_slice(&body) {
        Ok(envelope) => envelope,
        Err(e) if status.is_success() => return Err(Error::decode("", e, &body)),
        Err(_) => {
            return Err(Error::api(
                Some(status),
                format!("the server answered HTTP {}", status.as_u16()),
            )
            .with_body(body.clone()));
        }
    };
    let code = match envelope.code {
        Some(Code::Number(n)) => Some(VendorCode::from_number(n)),
        Some(Code::Text(t)) => Some(VendorCode::new(&t)),
        None => None,
    };
    match code {
        Some(code) if code.as_number() == Some(0) && status.is_success() => {
            Ok(match envelope.data {
                Some(data) => Payload::slice_of(&body, data.get()),
                None => Payload::new(bytes_null()),
            })
        }
        Some(code) if code.as_number() == Some(0) => Err(Error::api(
            Some(status),
            format!("the server answered HTTP {}", status.as_u16()),
        )
        .with_body(body.clone())),
        Some(code) => {
            let mut error = Error::api(Some(status), format!("Tanma answered code {code}"))
                .with_code(code, None)
                .with_operation(operation)
                .with_body(body.clone());
            if let Some(message) = envelope.message {
                error = error.with_vendor_message(message);
            }
            Err(error)
        }
        None => Err(Error::api(
            Some(status),
            "the response has no `code` member (expected {code, message, data})",
        )
        .with_body(body.clone())),
    }
}

fn bytes_null() -> bytes::Bytes {
    bytes::Bytes::from_static(b"null")
}
