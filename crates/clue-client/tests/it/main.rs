//! Integration tests: one module per area of the Tanma document, against httpmock on loopback,
//! plus the sandbox (feature `testing`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

mod auth;
mod call_options;
mod clues;
mod customer_fields;
#[cfg(feature = "testing")]
mod fault_matrix;
mod models;
mod public_models;
#[cfg(feature = "testing")]
mod sandbox;
mod support;
