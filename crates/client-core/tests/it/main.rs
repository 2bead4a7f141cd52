//! client-core integration tests: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod paging;
mod poll;
#[cfg(all(feature = "redis", feature = "testing"))]
mod redis_store;
#[cfg(feature = "testing")]
mod sandbox;
mod store;
mod token;
mod token_survival;
mod transport;
