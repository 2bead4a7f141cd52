//! 一、认证&授权 — how Wukong authenticates: the OAuth code flow, the token fetcher and the
//! transport hooks (`Vendor` implementations).
//!
//! | file | what |
//! |---|---|
//! | `oauth_vendor.rs` | the OAuth endpoints' transport hooks |
//! | `data_vendor.rs` | the data APIs' transport hooks (the access token in every attempt) |
//! | `code_exchange.rs` | §1.2: a code for a token |
//! | `refresh.rs` | §1.3: the token cache's fetcher |
//! | `token_response.rs` | reading a token answer |
//! | `redirect.rs` | [`code_from_redirect`] |
//! | `credentials.rs` | `appid` / `appsecret` |
//!
//! 1. `POST /oauth/code` (`appid`, `redirect_uri`, §1.1) asks Wukong to deliver an authorisation
//!    code to the caller's redirect URI; [`code_from_redirect`] reads it from the redirect.
//! 2. `POST /oauth/token` (`appid`, `appsecret`, `code`, §1.2) exchanges the code for an
//!    `access_token` (2 hours) and a `refresh_token`.
//! 3. `POST /oauth/token` (`appid`, `appsecret`, `refresh_token`, §1.3) refreshes; the endpoint is
//!    rate-limited and a refresh may invalidate the previous refresh token.
//!
//! The access token lives in client-core's token cache: refreshed before expiry, one refresh
//! at a time, and — with a [`TokenStore`](crate::TokenStore) — saved after every
//! exchange and refresh under the store's lock, so a restarted process (or another one sharing a
//! [`FileStore`](crate::FileStore)) resumes from the saved refresh token.
//!
//! A refused refresh token is
//! [`Error::reauthorization_required`](crate::Error::reauthorization_required): a person must
//! authorise the app again. The refused token is remembered, so later calls fail at once instead
//! of asking the rate-limited endpoint again — until a new code is exchanged or another process
//! saves a new token in the shared store.

mod code_exchange;
mod credentials;
mod data_vendor;
mod oauth_vendor;
mod redirect;
mod refresh;
mod token_response;

use std::time::Duration;

pub(crate) use code_exchange::exchange;
pub(crate) use credentials::AppCredentials;
pub(crate) use data_vendor::WukongVendor;
pub(crate) use oauth_vendor::OAuthVendor;
pub use redirect::code_from_redirect;
pub(crate) use refresh::WukongFetcher;

/// The documented lifetime of an access token (§1.3: 2 hours), used when the token response
/// carries no `expires_in`.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// `POST /oauth/code` (§1.1).
pub const OP_CODE: &str = "POST /oauth/code";
/// `POST /oauth/token` (§1.2 exchange, §1.3 refresh).
pub const OP_TOKEN: &str = "POST /oauth/token";
