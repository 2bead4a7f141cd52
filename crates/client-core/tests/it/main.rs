//! client-core integration tests: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod transport;
mod token;
mod store;
mod paging;
mod poll;
#[cfg(feature = "testing")]
mod sandbox;
