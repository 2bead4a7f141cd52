//! The operations, one file per documented area. Each area has a handler returned by a
//! [`Client`](crate::Client) accessor (`client.contacts()`, `client.groups()`, …) whose methods
//! or request builders are the operations.

pub mod contacts;
pub mod groups;
pub mod identity;
pub mod messages;
