//! What a [`TokenCache`](super::TokenCache) does when its store cannot be reached.

/// What a [`TokenCache`](super::TokenCache) does when its [`TokenStore`](crate::store::TokenStore)
/// is unavailable ([`Error::is_store_unavailable`](crate::Error::is_store_unavailable), e.g. Redis
/// is down) while a refresh is due.
///
/// Choose per vendor:
///
/// * a vendor whose tokens are fetched with long-lived credentials (Linkflow's key and secret)
///   loses nothing when a replica fetches on its own: [`FetchLocally`](Self::FetchLocally);
/// * a vendor whose refresh tokens rotate (Wukong) must not refresh without the shared lock, or
///   two replicas spend one refresh token and a person has to authorise the app again:
///   [`Fail`](Self::Fail), the default.
///
/// Either way the store is tried again on the next refresh: recovery needs no restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum StoreOutagePolicy {
    /// Fail the callers with the store's error (the default).
    #[default]
    Fail,
    /// Fetch a token without the store's lock and keep it in this process (a warning is logged);
    /// it is saved under the next lock once the store is back.
    FetchLocally,
}
