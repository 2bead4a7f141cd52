//! Data types of the Linkflow open API, one file per documented area, plus [`generated`]
//! (produced by `cargo xtask codegen` from `fixtures/linkflow/`; never edited by hand).
//!
//! Hand-written here: id newtypes (`ContactId`, `GroupId`, …), enums with an `Other(String)`
//! fallback (`IdentityType`, `ChannelType`, …), request builders' payloads and typed responses.
//! Unknown response fields are ignored, never an error.

#[macro_use]
mod macros;

pub mod common;
pub mod contacts;
pub mod dimensions;
pub mod folders;
/// Serde models generated from the fixtures by `cargo xtask codegen` (do not edit).
pub mod generated;
pub mod groups;
pub mod identity;
mod lenient;
pub mod messages;
pub mod order_messages;
pub mod orders;
pub mod reports;
pub mod shorturls;
pub mod tags;

pub use common::*;
pub use contacts::*;
pub use dimensions::*;
pub use folders::*;
pub use groups::*;
pub use identity::*;
pub use messages::*;
pub use order_messages::*;
pub use orders::*;
pub use reports::*;
pub use shorturls::*;
pub use tags::*;
