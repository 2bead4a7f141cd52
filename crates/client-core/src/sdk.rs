//! The surface every vendor crate re-exports at its root (`pub use client_core::sdk::*;`), so a
//! user of one vendor crate never adds `client-core` or `futures` to their own `Cargo.toml`:
//! the error type, the configuration types the client builders take, the stream type the list
//! operations return, the clocks and token stores, and the value types the models and
//! operations use (vendor times, money, numbers sent as text).

pub use crate::backoff::{Backoff, Jitter};
pub use crate::clock::{Clock, ManualClock, SystemClock};
pub use crate::code::VendorCode;
pub use crate::number_or_string::NumberOrString;
pub use crate::paging::ItemStream;
pub use crate::retry::{RetryBudget, RetryPolicy};
#[cfg(feature = "file-store")]
pub use crate::store::FileStore;
pub use crate::store::{MemoryStore, TokenStore};
pub use crate::time::{TimeParseError, VendorTime};
pub use crate::transport::{RequestOptions, TransportSettings};
pub use crate::{Error, Result};
/// Money: an exact decimal (`rust_decimal`), never a float.
pub use rust_decimal::Decimal;

/// What examples need in scope: `while let Some(x) = stream.try_next().await?` and
/// `.try_collect()` work after `use <vendor>_client::prelude::*;`.
pub mod prelude {
    pub use futures::{StreamExt as _, TryStreamExt as _};

    pub use super::{Error, ItemStream, RequestOptions, Result, RetryPolicy};
}
