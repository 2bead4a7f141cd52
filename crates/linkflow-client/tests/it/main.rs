//! Integration tests of `linkflow-client`, one module per documented area, against httpmock
//! (and the sandbox, feature `testing`).

mod support;

mod auth;
mod call_options;
mod contacts;
mod dimensions;
#[cfg(feature = "testing")]
mod fault_matrix;
mod folders;
mod groups;
mod identity;
mod messages;
mod order_messages;
mod orders;
mod public_models;
mod reports;
#[cfg(feature = "testing")]
mod sandbox;
mod shorturls;
mod tags;

mod models;
