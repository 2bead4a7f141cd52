//! What makes a type an OkayAPI method: [`ApiMethod`] (one call) and [`ListMethod`] (a paged
//! list, also available as a stream).
//!
//! The 15 methods of the document implement these in [`crate::models::params`]. Another account's
//! custom methods are added the same way: a parameters type (`Serialize`), a response type
//! (`Deserialize`, the `data` member), and one line:
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! /// AListOrders (my account's own method).
//! #[derive(Debug, Clone, Serialize)]
//! pub struct ListOrders {
//!     pub page: Option<u32>,
//!     pub perpage: Option<u32>,
//!     pub status: Option<String>,
//! }
//!
//! /// Its `data`.
//! #[derive(Debug, Deserialize)]
//! pub struct Orders {
//!     pub items: Vec<serde_json::Value>,
//!     pub total: u64,
//! }
//!
//! okayapi_client::okayapi_method!(ListOrders => Orders, "AListOrders", safe_to_repeat = true);
//!
//! # async fn demo(client: okayapi_client::Client) -> client_core::Result<()> {
//! let orders = client.send(&ListOrders { page: Some(1), perpage: Some(20), status: None }).await?;
//! # Ok(()) }
//! ```
//!
//! To stream a custom list, also implement [`ListResponse`] for the response type and
//! [`ListMethod`] for the parameters (three short methods each).

use client_core::Result;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// One OkayAPI method of the configured app: its name, whether it is safe to repeat, its
/// parameters (`Self`, serialised as form fields) and its response (`data`).
pub trait ApiMethod: Serialize + Send + Sync {
    /// The method's name, the last part of `SVIP.<app>.<Method>` (e.g. `AGetAndyVarDatas`).
    const METHOD: &'static str;
    /// The operation name used in logs and errors: `"POST /api/SVIP/{app}/<Method>"`, whichever
    /// path style is configured.
    const OPERATION: &'static str;
    /// Whether the method may be sent again after the server may have acted (reads: yes; a
    /// method that creates or changes data: no). Decides whether ret 5xx and timeouts are
    /// retried.
    const SAFE_TO_REPEAT: bool;
    /// The type the `data` member decodes into.
    type Response: DeserializeOwned + Send;

    /// Checks documented limits before anything is sent (default: none).
    fn validate(&self) -> Result<()> {
        Ok(())
    }
}

/// The `data` of a list method: the page's items and the total, if the server says.
pub trait ListResponse {
    /// One list item.
    type Item: Send + 'static;
    /// The items (`items` / `lie_biao`) and the total (`total` / `zong_shu`).
    fn into_page(self) -> (Vec<Self::Item>, Option<u64>);
}

/// A list method paged by `page` (from 1) and `perpage`.
pub trait ListMethod: ApiMethod<Response: ListResponse> + Clone + 'static {
    /// The most items per page the document allows (`perpage` 最大:10000), if it says.
    const MAX_PER_PAGE: Option<u32> = None;
    /// The page the caller asked for, if any.
    fn page(&self) -> Option<u32>;
    /// The page size the caller asked for, if any.
    fn perpage(&self) -> Option<u32>;
    /// These parameters for page `page` of `perpage` items.
    fn with_page(self, page: u32, perpage: u32) -> Self;
}

/// Makes a parameters type an [`ApiMethod`] of the configured app in one line:
/// `okayapi_method!(Params => Response, "AMethodName", safe_to_repeat = true);`.
///
/// See the [`method`](crate::method) module for a full example.
#[macro_export]
macro_rules! okayapi_method {
    ($params:ty => $response:ty, $method:literal, safe_to_repeat = $safe:expr $(,)?) => {
        impl $crate::ApiMethod for $params {
            const METHOD: &'static str = $method;
            const OPERATION: &'static str = concat!("POST /api/SVIP/{app}/", $method);
            const SAFE_TO_REPEAT: bool = $safe;
            type Response = $response;
        }
    };
}
