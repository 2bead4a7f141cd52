//! "短链接": `POST /open/shorturl` and `POST /open/shorturl/distribute` (with its documented
//! HTTP 420 `B00008`).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use httpmock::prelude::*;
use linkflow_client::api::shorturls::DISTRIBUTE_SHORT_URL;
use linkflow_client::models::ContactId;

use crate::support::*;

const REQUEST: &str = include_str!("../../fixtures/shorturl.request.json");
const ANSWER: &str = include_str!("../../fixtures/shorturl.response.json");
const DISTRIBUTE_REQUEST: &str = include_str!("../../fixtures/shorturl_distribute.request.json");
const DISTRIBUTE_ANSWER: &str = include_str!("../../fixtures/shorturl_distribute.response.json");
const DISTRIBUTE_ERROR: &str = include_str!("../../fixtures/shorturl_distribute.error.json");

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("fixture")
}

#[tokio::test]
async fn create_posts_the_url_and_utm() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/shorturl")
            .header("x-openapi-token", TOKEN)
            .json_body(json(REQUEST));
        then.status(200).body(ANSWER);
    });
    let client = client_for(&server);
    let link = client
        .short_urls()
        .create("http://www.baidu.com")
        .source("testSource")
        .campaign("testCampgin")
        .medium("testMedium")
        .content("testContent")
        .term("testTerm")
        .send()
        .await
        .expect("link");
    mock.assert_calls(1);
    assert_eq!(link.shorturl, "http://ln8w.cn/5T2SnX");
}

#[tokio::test]
async fn distribute_sends_the_contact_id_as_utm_term() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/shorturl/distribute")
            .header("x-openapi-token", TOKEN)
            .json_body(json(DISTRIBUTE_REQUEST));
        then.status(200).body(DISTRIBUTE_ANSWER);
    });
    let client = client_for(&server);
    let link = client
        .short_urls()
        .distribute("http://www.baidu.com", 71_302_452_690_124)
        .source("testSource")
        .campaign("testCampgin")
        .medium("testMedium")
        .content("testContent")
        .send()
        .await
        .expect("link");
    mock.assert_calls(1);
    assert_eq!(link.shorturl, "http://ln8w.cn/3Ud9po6x");
}

#[tokio::test]
async fn distribute_to_an_unknown_contact_is_the_documented_420_b00008() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST).path("/open/shorturl/distribute");
        then.status(420)
            .header("content-type", "application/json")
            .body(DISTRIBUTE_ERROR);
    });
    let client = client_for(&server);
    let err = client
        .short_urls()
        .distribute("http://www.baidu.com", ContactId(71_302_452_690_124))
        .send()
        .await
        .expect_err("unknown contact");
    mock.assert_calls(1);
    assert!(err.is_api());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(420));
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00008"));
    assert_eq!(
        err.vendor_message(),
        Some("No [contact] found with id [71302452690124]")
    );
    let entry = err.code_entry().expect("documented");
    assert_eq!(entry.operation, Some(DISTRIBUTE_SHORT_URL));
    assert_eq!(entry.meaning_zh, "联系人不存在");
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn input_is_checked_and_creation_is_not_retried() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST).path("/open/shorturl");
        then.status(502);
    });
    let client = client_for(&server);
    for url in ["", "www.baidu.com", "ftp://example.com/x"] {
        let err = client.short_urls().create(url).send().await.expect_err(url);
        assert_eq!(err.field(), Some("url"), "{url}");
    }
    let err = client
        .short_urls()
        .distribute("https://example.com", 1)
        .term("someone")
        .send()
        .await
        .expect_err("term");
    assert_eq!(err.field(), Some("utm.term"));
    mock.assert_calls(0);
    let err = client
        .short_urls()
        .create("https://example.com")
        .send()
        .await
        .expect_err("502");
    assert!(err.retry_note().is_some(), "{err:?}");
    mock.assert_calls(1);
}

#[cfg(feature = "testing")]
#[tokio::test]
async fn the_sandbox_creates_links_and_knows_its_contacts() {
    let sandbox = linkflow_client::testing::Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    let link = client
        .short_urls()
        .distribute("https://example.com/offer", 2865)
        .campaign("spring")
        .send()
        .await
        .expect("link");
    let (url, utm) = sandbox.short_url_target(&link.shorturl).expect("stored");
    assert_eq!(url, "https://example.com/offer");
    assert_eq!(utm["term"], "2865");
    let err = client
        .short_urls()
        .distribute("https://example.com/offer", 71_302_452_690_124)
        .send()
        .await
        .expect_err("unknown");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(420));
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00008"));
    let plain = client
        .short_urls()
        .create("https://example.com")
        .send()
        .await
        .expect("plain");
    assert_ne!(plain.shorturl, link.shorturl);
}
