//! The scenarios of issue 10; footprint (6) is measured by `cargo xtask bench` itself.

pub mod bulk;
pub mod decoding;
pub mod overhead;
pub mod redis_store;
pub mod single_flight;
pub mod streaming;

use crate::BoxError;
use crate::server::{self, Server};

/// A Linkflow client for the bench server (default settings but the base URL).
pub fn linkflow_client(server: &Server) -> Result<linkflow_client::Client, BoxError> {
    Ok(linkflow_client::Client::builder()
        .credentials(server::LINKFLOW_KEY, server::LINKFLOW_SECRET)
        .base_url(server.base_url.clone())
        .build()?)
}
