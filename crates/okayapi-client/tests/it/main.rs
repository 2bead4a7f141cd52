//! Integration tests of `okayapi-client`: the exact requests that go out (httpmock on loopback),
//! signatures, envelopes and response verification, each documented area, and the sandbox.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod call_options;
mod cases;
mod config;
mod envelope;
#[cfg(feature = "testing")]
mod fault_matrix;
mod generic;
mod models;
mod process_data;
mod prompts;
mod public_models;
mod reports;
mod robot;
#[cfg(feature = "testing")]
mod sandbox;
mod signing;
mod usage;
