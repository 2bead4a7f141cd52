//! Integration tests of `linkflow-client`, one module per documented area, against httpmock
//! (and the sandbox, feature `testing`).

mod support;

mod auth;
mod contacts;
mod groups;
mod identity;
mod messages;
#[cfg(feature = "testing")]
mod sandbox;

mod models;
