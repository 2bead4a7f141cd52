//! Shared machinery for the vendor clients of this workspace.
pub mod backoff;
pub mod catalogue;
pub mod clock;
pub mod code;
pub mod decimal;
pub mod env_vars;
pub mod error;
#[cfg(feature = "testing")]
pub mod fault;
#[cfg(feature = "testing")]
pub mod fixture_json;
mod handler;
pub mod number_or_string;
pub mod paging;
pub mod poll;
pub mod redact;
pub mod required;
pub mod retry;
#[cfg(feature = "testing")]
pub mod sandbox;
pub mod sdk;
pub mod serde_helpers;
pub mod signing;
pub mod store;
pub mod time;
pub mod token;
pub mod transport;

pub use error::{Error, ErrorKind, Result};

/// What [`transport_events!`] and [`transport_setters!`] expand to needs; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use reqwest;
    pub use tracing;
}
