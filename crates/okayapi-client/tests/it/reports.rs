//! ABuildExcel and AJdyyReportData.

use httpmock::prelude::*;
use okayapi_client::models::{InputType, JdyyReportDataParams};

use crate::support::{self, envelope, fixture_data, path};

const EXCEL: &str = include_str!("../../fixtures/build_excel.response.json");
const JDYY: &str = include_str!("../../fixtures/jdyy_report_data.response.json");

#[tokio::test]
async fn build_excel_sends_only_common_parameters_and_is_not_retried() {
    let server = MockServer::start_async().await;
    let ok = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ABuildExcel"))
                .body(support::body(&[]));
            then.status(200).body(envelope(&fixture_data(EXCEL)));
        })
        .await;
    let client = support::client(&server);
    let data = client.reports().build_excel().await.unwrap();
    assert_eq!(data, serde_json::json!({}));
    ok.assert_async().await;
    ok.delete_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.method(POST).path(path("ABuildExcel"));
            then.status(200).body(r#"{"ret":503,"data":{},"msg":"忙"}"#);
        })
        .await;
    assert!(client.reports().build_excel().await.is_err());
    assert_eq!(failing.calls_async().await, 1);
}

#[tokio::test]
async fn jdyy_report_data() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AJdyyReportData"))
                .body(support::body(&[
                    ("input_type", "1"),
                    ("webhook", "https://example.com/hook?a=1&b=2"),
                ]));
            then.status(200).body(envelope(&fixture_data(JDYY)));
        })
        .await;
    let data = support::client(&server)
        .reports()
        .jdyy_report_data(
            JdyyReportDataParams::new()
                .input_type(InputType::Kng)
                .webhook("https://example.com/hook?a=1&b=2"),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(data.is_object());
}
