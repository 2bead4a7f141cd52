//! The four vendor crates through one set of conventions, as a downstream service sees them:
//! only the vendor crates (and tokio) are dependencies. Each test uses one vendor and the same
//! shapes: `prelude::*`, `testing::Sandbox::start()` / `base_url() -> &str` / `client()`,
//! `Client::from_env` / `builder_from_env`, the shared transport setters, blank credentials
//! refused at `build`, `with_options` on a handler, streams looped with `try_next`, and
//! errors decided with `is_*`.

use std::time::Duration;

/// Streams are `Unpin`: looped without `pin!`.
fn assert_unpin<T: Unpin>(_: &T) {}

#[tokio::test]
async fn linkflow_through_the_conventions() -> linkflow_client::Result<()> {
    use linkflow_client::prelude::*;
    use linkflow_client::testing::{APP_KEY, APP_SECRET, Sandbox};

    let _: fn() -> linkflow_client::Result<Client> = Client::from_env;
    let _: fn() -> linkflow_client::Result<ClientBuilder> = Client::builder_from_env;

    let sandbox = Sandbox::start()?;
    let base: &str = sandbox.base_url();
    let client = Client::builder()
        .credentials(APP_KEY, APP_SECRET)
        .base_url(base)
        .timeout(Duration::from_secs(10))
        .max_concurrent_requests(8)
        .retry_policy(RetryPolicy::default().with_max_attempts(2))
        .build()?;

    let mut contacts: linkflow_client::ItemStream<_> = client
        .contacts()
        .with_options(RequestOptions::default().with_timeout(Duration::from_secs(5)))
        .cursor()
        .size(2)
        .stream();
    assert_unpin(&contacts);
    let mut seen = 0;
    while let Some(_contact) = contacts.try_next().await? {
        seen += 1;
    }
    assert!(
        seen > 2,
        "the sandbox's seeded contacts span several pages: {seen}"
    );

    let blank = Client::builder()
        .credentials("", " ")
        .base_url(base)
        .build();
    let err: Error = blank.expect_err("blank credentials");
    assert!(err.is_config() && !err.is_retryable(), "{err}");
    Ok(())
}

#[tokio::test]
async fn okayapi_through_the_conventions() -> okayapi_client::Result<()> {
    use okayapi_client::models::{
        SaveVarDataParams, UseRecordStatisticsParams, UserId, VarDatasParams,
    };
    use okayapi_client::prelude::*;
    use okayapi_client::testing::{APP, Sandbox};

    let _: fn() -> okayapi_client::Result<Client> = Client::from_env;
    let _: fn() -> okayapi_client::Result<ClientBuilder> = Client::builder_from_env;

    let sandbox = Sandbox::start()?;
    let base: &str = sandbox.base_url();
    let client = sandbox
        .client_builder()
        .timeout(Duration::from_secs(10))
        .max_concurrent_requests(8)
        .retry_policy(RetryPolicy::none())
        .build()?;

    let mut records = client
        .usage()
        .with_options(RequestOptions::default().with_timeout(Duration::from_secs(5)))
        .statistics_stream(UseRecordStatisticsParams::new().perpage(2));
    assert_unpin(&records);
    let mut seen = 0;
    while let Some(_record) = records.try_next().await? {
        seen += 1;
    }
    assert!(seen > 0, "the sandbox lists the fixture's usage records");
    // Integer literals for ids and sizes; one id type across operations: the id written is the
    // id read back.
    client
        .process_data()
        .save(
            SaveVarDataParams::new()
                .user_id(4242)
                .user_name("downstream"),
        )
        .await?;
    let rows = client
        .process_data()
        .with_options(RequestOptions::default().with_retry(RetryPolicy::none()))
        .get(VarDatasParams::new(4242))
        .await?;
    let ids: Vec<UserId> = rows.datas.iter().map(|row| row.user_id).collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|id| *id == 4242),
        "{ids:?}"
    );

    let err = Client::builder()
        .base_url(base)
        .app(APP)
        .credentials(" ", "")
        .build()
        .expect_err("blank credentials");
    assert!(err.is_config(), "{err}");
    Ok(())
}

#[tokio::test]
async fn wukong_through_the_conventions() -> wukong_client::Result<()> {
    use wukong_client::prelude::*;
    use wukong_client::testing::{APPID, APPSECRET, Sandbox};

    let _: fn() -> wukong_client::Result<Client> = Client::from_env;
    let _: fn() -> wukong_client::Result<ClientBuilder> = Client::builder_from_env;

    let sandbox = Sandbox::start()?;
    let base: &str = sandbox.base_url();
    let client = Client::builder()
        .appid(APPID)
        .appsecret(APPSECRET)
        .base_url(base)
        .timeout(Duration::from_secs(10))
        .max_concurrent_requests(8)
        .retry_policy(RetryPolicy::none())
        .build()?;

    let grant = client
        .oauth()
        .with_options(RequestOptions::default().with_timeout(Duration::from_secs(5)))
        .request_code("http://localhost:8080/callback")
        .await?;
    let code = grant
        .code()
        .cloned()
        .expect("the sandbox redirects with a code");
    client.oauth().exchange_code(code).await?;
    let page = client
        .leads()
        .with_options(RequestOptions::default().with_retry(RetryPolicy::none()))
        .list()
        .send()
        .await?;
    assert!(
        !page.data().leads.is_empty(),
        "the sandbox's seeded leads come back after the OAuth flow"
    );

    let err = Client::builder()
        .appid(APPID)
        .appsecret("  ")
        .base_url(base)
        .build()
        .expect_err("blank secret");
    assert!(err.is_config(), "{err}");
    Ok(())
}

#[tokio::test]
async fn tanma_through_the_conventions() -> clue_client::Result<()> {
    use clue_client::prelude::*;
    use clue_client::testing::{APP_ID, APP_KEY, Sandbox};

    let _: fn() -> clue_client::Result<Client> = Client::from_env;
    let _: fn() -> clue_client::Result<ClientBuilder> = Client::builder_from_env;

    let sandbox = Sandbox::start()?;
    let base: &str = sandbox.base_url();
    let client = Client::builder()
        .credentials(APP_ID, APP_KEY)
        .base_url(base)
        .timeout(Duration::from_secs(10))
        .max_concurrent_requests(8)
        .retry_policy(RetryPolicy::none())
        .build()?;

    let since = clue_client::VendorTime::parse("2021-05-01 00:00:00").expect("a vendor time");
    let before = clue_client::VendorTime::parse("2021-06-01 00:00:00").expect("a vendor time");
    let mut clues = client
        .clues()
        .with_options(RequestOptions::default().with_timeout(Duration::from_secs(5)))
        .list_by_create_time_asc(since, before)
        .size(2)
        .stream();
    assert_unpin(&clues);
    let mut seen = 0;
    while let Some(_clue) = clues.try_next().await? {
        seen += 1;
    }
    assert!(
        seen > 2,
        "the sandbox's clues in May 2021 span several pages: {seen}"
    );

    let err = Client::builder()
        .credentials(APP_ID, "")
        .base_url(base)
        .build()
        .expect_err("blank key");
    assert!(err.is_config(), "{err}");
    Ok(())
}
