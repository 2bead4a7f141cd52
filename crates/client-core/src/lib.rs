//! Shared machinery for the vendor clients of this workspace.
pub mod backoff;
pub mod catalogue;
pub mod code;
pub mod decimal;
pub mod error;
pub mod redact;
pub mod retry;
pub mod signing;
pub mod time;
pub mod transport;

pub use error::{Error, ErrorKind, Result};
