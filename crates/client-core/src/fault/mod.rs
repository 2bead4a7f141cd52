//! The fault server (feature `testing`): a loopback HTTP/1.1 server on raw sockets that a test
//! scripts to misbehave, and the fault matrix that drives every vendor through it.
//!
//! Separate from the [sandbox](crate::sandbox), which answers correctly: this one writes the
//! bytes itself, so it can reset a connection before the status line, after the headers or
//! mid-body, promise more body than it sends, never finish its headers, stall, send an HTML
//! `200`, redirect to another origin, send `Retry-After` in every form, answer `500` after
//! applying a write, stream a body of hundreds of MiB, send MiBs of headers, invalid UTF-8 or
//! JSON nested 100,000 deep ([`Fault`]).
//!
//! * A [`Rule`] applies a fault to the Nth request matching a method and path, to those from
//!   the Nth on, or to all; requests no rule spoils go to the [`Responder`]: forwarded to a
//!   vendor sandbox (realistic success bodies and state) or answered from canned routes.
//! * The server has two origins; redirects point to the other one, which records what reaches
//!   it, so a test can assert that no credential left for another host.
//! * Every request is logged ([`Arrival`]: method, path, query, headers, body, the fault
//!   applied, whether it was forwarded — for a write, applied), so a test asserts on requests,
//!   applied writes and credentials seen by the wrong host.
//! * [`LogCapture`] keeps every log line at every level, to search for a secret;
//!   [`install_panic_recorder`] records panics a runtime swallowed.
//! * [`matrix`] runs every fault against a vendor's operations and renders the table of
//!   `docs/reliability.md`.
//!
//! ```
//! # async fn demo() -> client_core::Result<()> {
//! use client_core::fault::{Fault, FaultServer, Responder, Rule, WireResponse};
//!
//! let server = FaultServer::start(
//!     Responder::canned().route("GET", "/items", WireResponse::json(200, r#"{"items":[]}"#)),
//! )?;
//! server.set_rules([Rule::path("/items", Fault::ResetBeforeStatus).nth(1)]);
//! # let _ = rustls::crypto::ring::default_provider().install_default(); // reqwest needs one
//! let url = format!("{}/items", server.base_url());
//! assert!(reqwest::get(&url).await.is_err()); // the first request is reset
//! assert_eq!(reqwest::get(&url).await.map(|r| r.status().as_u16()).ok(), Some(200));
//! assert_eq!(server.arrivals().len(), 2);
//! # Ok(()) }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
//! ```

mod arrival;
mod capture;
mod faults;
pub mod known_defects;
pub mod matrix;
mod panics;
mod responder;
mod rule;
mod server;
mod wire;

pub use arrival::{Arrival, Origin};
pub use capture::LogCapture;
pub use faults::{Fault, RetryAfter};
pub use panics::{RecordedPanic, install_panic_recorder, recorded_panics};
pub use responder::{CannedRoute, Responder};
pub use rule::{Occurrence, Rule};
pub use server::FaultServer;
pub use wire::WireResponse;
