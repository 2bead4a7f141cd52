//! client-core integration tests: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod error_text;
#[cfg(feature = "testing")]
mod fault_server;
#[cfg(feature = "metrics")]
mod metrics;
mod paging;
mod poll;
mod redirects;
#[cfg(all(feature = "redis", feature = "testing"))]
mod redis_store;
mod retry_rules;
#[cfg(feature = "testing")]
mod sandbox;
mod store;
mod support;
mod token;
mod token_survival;
mod transport;
