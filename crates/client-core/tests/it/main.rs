//! client-core integration tests: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#[cfg(feature = "testing")]
mod fault_server;
mod paging;
mod poll;
#[cfg(feature = "testing")]
mod sandbox;
mod store;
mod token;
mod transport;
