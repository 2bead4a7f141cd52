//! How Tanma authenticates: signed requests (开发指南 → 签名) and signed pushes (消息推送).
//!
//! # Requests
//!
//! Every request carries four headers (the document's "Header 参数" of every operation):
//!
//! | header | value |
//! |---|---|
//! | `appId` | the application's appId |
//! | `appKey` | the application's appKey (sent by default, as the document lists it; see [`ClientBuilder::send_app_key_header`](crate::ClientBuilder::send_app_key_header)) |
//! | `timestamp` | milliseconds since the Unix epoch, read from the client's [`Clock`](crate::Clock) |
//! | `sign` | the signature computed by the [`SignRecipe`] |
//!
//! The signature is computed by [`TanmaAuth`] in the transport's `authorize` hook right before
//! each attempt, over the **exact body bytes** that go out, so a retry gets a fresh timestamp
//! and a fresh signature.
//!
//! The vendor only says the request signature is "like the push signature, except that the body
//! is part of it". The default recipe, [`SignRecipe::AppIdTimestampBodyAppKey`], is the likeliest
//! reading: `lowercase hex(SHA-256(appId + timestamp + body + appKey))`. If a tenant rejects it,
//! switch with [`ClientBuilder::sign_recipe`](crate::ClientBuilder::sign_recipe) to another
//! variant or to [`SignRecipe::custom`].
//!
//! HTTP header names are case-insensitive; they go out in lower case (`appid`, `appkey`).
//!
//! # Pushes
//!
//! Tanma signs the pushes it sends you with `lowercase hex(SHA-256(appId + version + timestamp +
//! appKey))`, body not included (confirmed with the vendor's own example). Check them with
//! [`verify_push_signature`] or [`Client::verify_push`](crate::Client::verify_push).

//!
//! | file | what |
//! |---|---|
//! | `credentials.rs` | [`Credentials`] |
//! | `sign_input.rs` | [`SignInput`] |
//! | `sign_recipe.rs` | [`SignRecipe`], [`CustomSigner`] |
//! | `push.rs` | [`push_signature`], [`verify_push_signature`] |
//! | `tanma_auth.rs` | [`TanmaAuth`]: the transport hooks that sign every attempt |

mod credentials;
mod push;
mod sign_input;
mod sign_recipe;
mod tanma_auth;

pub use credentials::Credentials;
pub use push::{push_signature, verify_push_signature};
pub use sign_input::SignInput;
pub use sign_recipe::{CustomSigner, SignRecipe};
pub use tanma_auth::TanmaAuth;

/// Header carrying the application's appId.
pub const HEADER_APP_ID: &str = "appid";
/// Header carrying the application's appKey (when enabled).
pub const HEADER_APP_KEY: &str = "appkey";
/// Header carrying the request time in milliseconds.
pub const HEADER_TIMESTAMP: &str = "timestamp";
/// Header carrying the signature.
pub const HEADER_SIGN: &str = "sign";
