//! "维度表数据上传": `POST /open/dim/{dimensionId}/data`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use httpmock::prelude::*;
use linkflow_client::api::dimensions::UPLOAD_DIMENSION_ROWS;
use linkflow_client::models::DimensionRow;

use crate::support::*;

const ROWS: &str = include_str!("../../fixtures/dim_data.request.json");

fn rows() -> Vec<DimensionRow> {
    serde_json::from_str(ROWS).expect("fixture")
}

#[tokio::test]
async fn upload_posts_the_rows_as_a_json_array() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let expected: serde_json::Value = serde_json::from_str(ROWS).expect("fixture");
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/dim/color/data")
            .header("x-openapi-token", TOKEN)
            .header("content-type", "application/json")
            .json_body(expected);
        then.status(200);
    });
    let client = client_for(&server);
    let mut built = DimensionRow::new();
    built.insert("id".into(), "1".into());
    built.insert("color".into(), "红色".into());
    assert_eq!(rows()[0], built);
    client
        .dimensions()
        .upload("color", rows())
        .await
        .expect("uploaded");
    mock.assert_calls(1);
}

#[tokio::test]
async fn upload_checks_input_encodes_the_alias_and_is_retried() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let flaky = server.mock(|when, then| {
        when.method(POST)
            .path("/open/dim/%E5%95%86%E5%93%81%20dim/data");
        then.status(502);
    });
    let client = client_for(&server);
    let err = client
        .dimensions()
        .upload(" ", rows())
        .await
        .expect_err("alias");
    assert_eq!(err.field(), Some("dimensionId"));
    let err = client
        .dimensions()
        .upload("color", Vec::new())
        .await
        .expect_err("rows");
    assert_eq!(err.field(), Some("rows"));
    token.assert_calls(0);
    client
        .dimensions()
        .upload("商品 dim", rows())
        .await
        .expect_err("502");
    flaky.assert_calls(3);
}

#[tokio::test]
async fn documented_errors_are_typed() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let cases = [
        ("big", "B01206", "too many rows uploaded"),
        ("gone", "B00043", "dimension table does not exist"),
        ("nokey", "B01201", "dimension table has no primary key"),
        ("partial", "B01205", "a row lacks the primary-key column"),
    ];
    for (alias, code, _) in cases {
        server.mock(|when, then| {
            when.method(POST).path(format!("/open/dim/{alias}/data"));
            then.status(500).json_body(error_body(code, "x"));
        });
    }
    let client = client_for(&server);
    for (alias, code, meaning) in cases {
        let err = client
            .dimensions()
            .upload(alias, rows())
            .await
            .expect_err(code);
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some(code));
        let entry = err.code_entry().expect("documented");
        assert_eq!(entry.operation, Some(UPLOAD_DIMENSION_ROWS));
        assert_eq!(entry.meaning_en, meaning);
        assert_eq!(err.attempts(), 1);
    }
}

#[cfg(feature = "testing")]
#[tokio::test]
async fn the_sandbox_upserts_rows_by_key() {
    let sandbox = linkflow_client::testing::Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    client
        .dimensions()
        .upload("color", rows())
        .await
        .expect("upload");
    let mut blue = DimensionRow::new();
    blue.insert("id".into(), "2".into());
    blue.insert("color".into(), "蓝色".into());
    client
        .dimensions()
        .upload("color", [blue])
        .await
        .expect("upsert");
    let stored = sandbox.dimension_rows("color");
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[1]["color"], "蓝色");

    let code = |e: client_core::Error| e.vendor_code().map(|c| c.as_str().to_owned());
    let err = client
        .dimensions()
        .upload("nope", rows())
        .await
        .expect_err("B00043");
    assert_eq!(code(err).as_deref(), Some("B00043"));
    let err = client
        .dimensions()
        .upload("no_key", rows())
        .await
        .expect_err("B01201");
    assert_eq!(code(err).as_deref(), Some("B01201"));
    let mut keyless = DimensionRow::new();
    keyless.insert("color".into(), "绿色".into());
    let err = client
        .dimensions()
        .upload("color", [keyless])
        .await
        .expect_err("B01205");
    assert_eq!(code(err).as_deref(), Some("B01205"));
}
