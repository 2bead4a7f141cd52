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
mod retry_rules;
#[cfg(feature = "testing")]
mod sandbox;
mod store;
mod support;
mod token;
mod transport;
