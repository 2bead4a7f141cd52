//! wukong-client integration tests: one binary, one module per documented area, against
//! httpmock on loopback (and the sandbox, with feature `testing`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod call_options;
#[cfg(feature = "testing")]
mod fault_matrix;
mod leads;
mod oauth;
#[cfg(all(feature = "testing", feature = "redis"))]
mod redis_e2e;
#[cfg(feature = "testing")]
mod sandbox;
mod support;

mod models;
mod public_models;
