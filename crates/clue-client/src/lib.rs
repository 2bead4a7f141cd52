//! Typed client for the 探马 Tanma SCRM clue (线索&待分配) API with signed requests
//! (`tanma-clue.md` and the Tanma part of the vendor-docs README).
//!
//! One [`Client`] per Tanma application (appId + appKey). Every request is a `POST` with a JSON
//! body, signed right before each attempt over the exact body bytes (see [`auth`] for the recipe,
//! how to switch it, and the push-signature check). Operations are grouped by the document's
//! areas:
//!
//! | document area | handler | operations |
//! |---|---|---|
//! | 线索&待分配 | [`Client::clues`] | `POST /api/v3/clue/get`, `POST /api/v3/clue/list-by-create-time-asc`, `POST /api/v3/clue/list-follow-up` |
//! | 客户设置 (字段) | [`Client::customer_fields`] | `POST /api/v2/customer/list-fields` |
//!
//! Every operation is a read, so every one is retried on transient failures although it is a
//! `POST`. Both list operations also exist as streams that follow `nextCursor`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use futures::TryStreamExt as _;
//! use clue_client::Client;
//! use clue_client::client_core::time::VendorTime;
//! use clue_client::models::FieldCatalog;
//!
//! // TANMA_BASE_URL, TANMA_APP_ID and TANMA_APP_KEY.
//! let client = Client::from_env()?;
//!
//! // The tenant's field definitions, to name fields and label select values.
//! let catalog = FieldCatalog::new(client.customer_fields().list().await?);
//!
//! // Every clue created in May 2021 (UTC+8), fetched page by page as the stream is read.
//! let since = VendorTime::parse("2021-05-01 00:00:00")?;
//! let before = VendorTime::parse("2021-06-01 00:00:00")?;
//! let mut clues = client.clues().list_by_create_time_asc(since, before).size(100).stream();
//! while let Some(clue) = clues.try_next().await? {
//!     for field in catalog.resolve(&clue) {
//!         println!("{}: {:?}", field.display_name(), field.display_value());
//!     }
//! }
//!
//! // One clue, its phone numbers typed.
//! let clue = client.clues().get(410983932389440).await?;
//! println!("{:?}", clue.field("mobile").and_then(|f| f.value));
//! # Ok(()) }
//! ```
//!
//! **Per-call options.** Both handlers ([`Client::clues`], [`Client::customer_fields`]) and the
//! request builders they return have `with_options`: a timeout, retry policy or response size
//! cap for the calls made through them, applied to every page request of a stream. A builder's
//! options replace its handler's.
//!
//! ```no_run
//! # async fn demo(client: clue_client::Client) -> clue_client::Result<()> {
//! use std::time::Duration;
//! use clue_client::{RequestOptions, RetryPolicy};
//!
//! let patient = RequestOptions::default()
//!     .with_timeout(Duration::from_secs(120))
//!     .with_retry(RetryPolicy::default().with_max_attempts(5));
//! let fields = client.customer_fields().with_options(patient).list().await?;
//! # Ok(()) }
//! ```
//!
//! Errors are [`Error`]. A response whose `code` is not `0` is an API error
//! (`is_api()`) carrying the code (`vendor_code()`) and the vendor's `message`
//! (`vendor_message()`); Tanma documents no codes, so none has a catalogue entry.

pub mod api;
pub mod auth;
mod builder;
mod client;
mod config;
mod envelope;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;

pub use auth::{Credentials, SignInput, SignRecipe};
pub use builder::ClientBuilder;
pub use client::Client;
pub use client_core;
/// The error type, the configuration types the builder takes, the stream type of list
/// operations, clocks and token stores: everything a user needs without adding `client-core`.
pub use client_core::sdk::*;
pub use config::Config;

/// `use clue_client::prelude::*;` brings the client, the error and result types, and the
/// stream methods (`try_next`, `try_collect`, …) into scope.
pub mod prelude {
    pub use client_core::sdk::prelude::*;

    pub use crate::{Client, ClientBuilder, Config};
}

/// Environment variable holding the base URL (required: the document gives only paths).
pub const ENV_BASE_URL: &str = "TANMA_BASE_URL";
/// Environment variable holding the application's appId.
pub const ENV_APP_ID: &str = "TANMA_APP_ID";
/// Environment variable holding the application's appKey (a secret).
pub const ENV_APP_KEY: &str = "TANMA_APP_KEY";

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("clue-client/", env!("CARGO_PKG_VERSION"));

/// Page size the streams ask for when none is set (the documents give no default or maximum).
pub const DEFAULT_PAGE_SIZE: u32 = 100;
