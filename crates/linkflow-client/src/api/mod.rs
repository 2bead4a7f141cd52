//! The operations, one file per documented area. Each area has a handler returned by a
//! [`Client`](crate::Client) accessor (`client.contacts()`, `client.groups()`, …) whose methods
//! or request builders are the operations.

pub mod contacts;
pub mod dimensions;
pub mod folders;
pub mod groups;
pub mod identity;
pub mod messages;
pub mod order_messages;
pub mod orders;
pub mod reports;
pub mod shorturls;
pub mod tags;

use std::borrow::Cow;

use client_core::Error;

/// Checks a string path parameter (not blank) and percent-encodes it as one path segment.
pub(crate) fn path_segment<'a>(name: &str, value: &'a str) -> client_core::Result<Cow<'a, str>> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(name, "is required"));
    }
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    if value.bytes().all(unreserved) {
        return Ok(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(Cow::Owned(out))
}
