//! What a service built on this SDK writes, one function per vendor, each using only that
//! vendor's crate: a client from the environment, per-call options, a stream looped with
//! `try_next`, and errors decided with the `is_*` helpers. `tests/conventions.rs` runs the same
//! shapes against each vendor's sandbox.

use std::time::Duration;

/// Options a service passes to one latency-sensitive call: five seconds, no retries.
pub fn quick_call() -> linkflow_client::RequestOptions {
    linkflow_client::RequestOptions::default()
        .with_timeout(Duration::from_secs(5))
        .with_retry(linkflow_client::RetryPolicy::none())
}

/// Counts the contacts of a Linkflow tenant configured by `LINKFLOW_*` variables.
pub async fn count_linkflow_contacts() -> linkflow_client::Result<usize> {
    use linkflow_client::prelude::*;

    let client = Client::from_env()?;
    let mut contacts = client
        .contacts()
        .with_options(quick_call())
        .cursor()
        .stream();
    let mut n = 0_usize;
    while let Some(_contact) = contacts.try_next().await? {
        n = n.saturating_add(1);
    }
    Ok(n)
}

/// Counts OkayAPI usage records (`OKAYAPI_*` variables), 100 per page.
pub async fn count_okayapi_usage() -> okayapi_client::Result<usize> {
    use okayapi_client::models::UseRecordStatisticsParams;
    use okayapi_client::prelude::*;

    let client = Client::from_env()?;
    let mut records = client
        .usage()
        .with_options(RequestOptions::default().with_timeout(Duration::from_secs(5)))
        .statistics_stream(UseRecordStatisticsParams::new().perpage(100));
    let mut n = 0_usize;
    while let Some(_record) = records.try_next().await? {
        n = n.saturating_add(1);
    }
    Ok(n)
}

/// Tanma clues created in a window (`TANMA_*` variables); `None` when the tenant has no such
/// clue.
pub async fn first_tanma_clue(
    since: &str,
    before: &str,
) -> clue_client::Result<Option<clue_client::models::Clue>> {
    use clue_client::prelude::*;

    let client = Client::from_env()?;
    let since = clue_client::VendorTime::parse(since)
        .map_err(|e| Error::invalid_input("since", e.to_string()))?;
    let before = clue_client::VendorTime::parse(before)
        .map_err(|e| Error::invalid_input("before", e.to_string()))?;
    let mut clues = client
        .clues()
        .with_options(RequestOptions::default().with_timeout(Duration::from_secs(5)))
        .list_by_create_time_asc(since, before)
        .stream();
    clues.try_next().await
}

/// Whether a Wukong token is cached (`WUKONG_*` variables).
pub fn wukong_has_token() -> wukong_client::Result<bool> {
    let client = wukong_client::Client::from_env()?;
    Ok(client.oauth().cached_token().is_some())
}
