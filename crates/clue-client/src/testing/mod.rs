//! A loopback sandbox of the Tanma clue API (feature `testing`), on client-core's sandbox base.
//!
//! It follows the vendor's rules as this crate understands them:
//!
//! * every route is a `POST` with a JSON body, answered with the `{code, message, data}` envelope
//!   (HTTP 200 either way);
//! * every request must carry `appId`, `timestamp` (milliseconds) and `sign`; the sandbox
//!   recomputes `sign` with the **default** recipe (`sha256_hex(appId + timestamp + body +
//!   appKey)`, see [`SignRecipe`](crate::SignRecipe)) over the body bytes as received, and rejects
//!   a wrong signature, a wrong appId or appKey, and a timestamp further than
//!   [`DEFAULT_MAX_SKEW`] from its own clock (stale or from the future). `appKey` is optional; when
//!   sent it must match;
//! * `clue/list-by-create-time-asc` and `clue/list-follow-up` page with a cursor (the last id of
//!   the page; `nextCursor: null` on the last page) over a data set large enough for several
//!   pages (12 clues from 2021-05-11 to 2021-05-22, 5 follow-ups for the first clue);
//! * `customer/list-fields` serves the fixture `fixtures/customer_list_fields.response.json`.
//!
//! Tanma documents no error codes; the codes in [`codes`] are **the sandbox's own**.
//!
//! ```
//! # async fn demo() -> client_core::Result<()> {
//! use clue_client::testing::Sandbox;
//! let sandbox = Sandbox::start()?;
//! let client = sandbox.client()?;
//! let clue = client.clues().get(410983932389440).await?;
//! assert_eq!(clue.field("name").and_then(|f| f.raw).as_deref(), Some("打马赛克就"));
//! # Ok(()) }
//! ```
//!
//! | file | what |
//! |---|---|
//! | `builder.rs` | [`SandboxBuilder`] |
//! | `sandbox.rs` | [`Sandbox`] |
//! | `state.rs` | [`SandboxState`] and the default data set |
//! | `signature_check.rs` | the check of every request's headers and signature |
//! | `clue_routes.rs`, `page.rs` | the routes, and the cursor paging of the list routes |
//! | `responses.rs` | the `{code, message, data}` answers |

mod builder;
mod clue_routes;
mod page;
mod responses;
mod sandbox;
mod signature_check;
mod state;

pub use builder::SandboxBuilder;
pub use sandbox::Sandbox;
pub use state::SandboxState;

use std::time::Duration;

/// The sandbox's appId.
pub const APP_ID: &str = "sandbox-app";
/// The sandbox's appKey.
pub const APP_KEY: &str = "sandbox-app-key";
/// How far a request's `timestamp` may be from the sandbox's clock.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// Page size when a list request sends none.
pub const DEFAULT_SANDBOX_PAGE_SIZE: usize = 10;

/// The sandbox's own error codes (Tanma documents none).
pub mod codes {
    /// The body is not the expected JSON, or a parameter is invalid.
    pub const BAD_REQUEST: i64 = 40000;
    /// The signature, appId or appKey is wrong.
    pub const SIGNATURE_INVALID: i64 = 40001;
    /// The timestamp is too far from the sandbox's clock (stale).
    pub const TIMESTAMP_STALE: i64 = 40002;
    /// A required header (`appId`, `timestamp`, `sign`) is missing.
    pub const HEADER_MISSING: i64 = 40003;
    /// No clue with that `customerId`.
    pub const NOT_FOUND: i64 = 40400;
}
