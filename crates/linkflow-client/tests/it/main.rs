//! Integration tests of `linkflow-client`, one module per documented area, against httpmock
//! (and the sandbox, feature `testing`).

mod support;

mod auth;
mod messages;

mod models;
