//! The client's access token ("通过App Key和App Secret获取Access Token"): obtained with
//! `GET /token`, kept in client-core's [`TokenCache`] (single flight, refreshed before its
//! `expiration` by a margin of at most half its lifetime, invalidated per generation when the
//! server rejects it).

use std::time::Duration;

use async_trait::async_trait;
use client_core::token::{Token, TokenCache, TokenFetcher, TokenRequest};
use client_core::transport::{OutgoingRequest, Transport};

use crate::auth::{TOKEN_HEADER, TokenEndpoint, fetch_token};

/// Default margin before `expiration` at which the token is refreshed (never more than half the
/// token's lifetime).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// Fetches tokens with `GET /token` through the token endpoint's transport.
struct LinkflowFetcher {
    endpoint: Transport<TokenEndpoint>,
}

#[async_trait]
impl TokenFetcher for LinkflowFetcher {
    async fn fetch(&self, request: TokenRequest) -> client_core::Result<Token> {
        let (token, expiration) = fetch_token(&self.endpoint).await?;
        // `expiration` is an absolute UTC+8 time; the lifetime starts when the fetch began.
        Ok(Token::new(token, expiration.instant()).with_obtained_at(request.now))
    }
}

/// Builds the client's token cache.
pub(crate) fn cache(
    endpoint: Transport<TokenEndpoint>,
    margin: Duration,
    clock: Option<std::sync::Arc<dyn client_core::clock::Clock>>,
    store: Option<std::sync::Arc<dyn client_core::store::TokenStore>>,
) -> TokenCache {
    // Tokens are fetched with the long-lived key and secret: when a shared store is down, a
    // replica loses nothing by fetching its own (docs/deployment.md).
    let mut builder = TokenCache::builder(LinkflowFetcher { endpoint })
        .margin(margin)
        .on_store_unavailable(client_core::token::StoreOutagePolicy::FetchLocally)
        .label("linkflow");
    if let Some(clock) = clock {
        builder = builder.shared_clock(clock);
    }
    if let Some(store) = store {
        builder = builder.shared_store(store);
    }
    builder.build()
}

/// Puts the cached token in `X-OpenApi-Token` and records its generation.
pub(crate) async fn authorize(
    cache: &TokenCache,
    request: &mut OutgoingRequest,
) -> client_core::Result<()> {
    use secrecy::ExposeSecret as _;
    let token = cache.token().await?;
    request.set_secret_header(TOKEN_HEADER, token.access().expose_secret())?;
    request.set_credential_generation(token.generation());
    Ok(())
}
