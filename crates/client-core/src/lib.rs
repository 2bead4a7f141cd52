//! Shared machinery for the vendor clients of this workspace.
pub mod decimal;
pub mod error;
pub mod time;
