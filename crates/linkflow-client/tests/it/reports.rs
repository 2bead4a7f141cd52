//! "报表": a report's result (typed for `TWO_YAXIS`, JSON otherwise) and its waiter, and a
//! dashboard's definition.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use client_core::backoff::{Backoff, Jitter};
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use linkflow_client::api::reports::GET_REPORT;
use linkflow_client::models::{ChartType, ReportId, ReportResult};
use rust_decimal::Decimal;

use crate::support::*;

const REPORT: &str = include_str!("../../fixtures/report.response.json");
const DASHBOARD: &str = include_str!("../../fixtures/dashboard_summary.response.json");

fn fast_polls() -> Backoff {
    Backoff::new(Duration::from_millis(1), Duration::from_millis(2)).with_jitter(Jitter::None)
}

#[tokio::test]
async fn get_decodes_a_two_axis_report_into_typed_series() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/report/404")
            .header("x-openapi-token", TOKEN);
        then.status(200).body(REPORT);
    });
    let client = client_for(&server);
    let report = client.reports().get(404).await.expect("report");
    mock.assert_calls(1);
    assert!(report.is_ready());
    assert_eq!(report.report_name.as_deref(), Some("test"));
    assert_eq!(report.chart_type, Some(ChartType::TwoYaxis));
    let axes = report
        .chart
        .as_ref()
        .and_then(|c| c.yaxis_chart_type_setting.as_ref())
        .expect("axes");
    assert_eq!(axes.left, Some(ChartType::Bar));
    assert_eq!(axes.right, Some(ChartType::Line));
    assert_eq!(report.measures, ["任意事件的总次数", "创建订单的总次数"]);
    assert_eq!(report.dimensions[0].field_label.as_deref(), Some("性别"));
    let ReportResult::TwoYAxis(series) = &report.result else {
        panic!("typed: {:?}", report.result);
    };
    assert_eq!(series[0].date_list.len(), 7);
    assert_eq!(series[0].date_list[0], "2024-05-20");
    let dim = &series[0].dim_rs_list[0];
    assert_eq!(dim.dim, ["总体"]);
    assert_eq!(dim.rs.len(), 7);
    assert_eq!(dim.values()[6], [Some(Decimal::ZERO)]);
    assert_eq!(dim.summary, ["0"]);
    // The JSON stays reachable and unchanged.
    let original: serde_json::Value = serde_json::from_str(REPORT).expect("fixture");
    assert_eq!(report.result.to_json(), original["result"]);
}

#[tokio::test]
async fn other_chart_types_keep_their_result_as_json() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(GET).path("/open/report/1");
        then.status(200).body(
            r#"{"status":1,"reportName":"pie","chartType":"PIE","chart":{"type":"PIE","display":"饼图"},
                "result":[{"name":"male","value":3}]}"#,
        );
    });
    server.mock(|when, then| {
        when.method(GET).path("/open/report/2");
        then.status(200).body(
            r#"{"status":1,"chartType":"LINE","result":[{"dateList":["2024-05-20"],"dimRsList":[{"dim":["总体"],"rs":[["5"]],"summary":["5"]}]}]}"#,
        );
    });
    server.mock(|when, then| {
        when.method(GET).path("/open/report/3");
        then.status(200)
            .body(r#"{"status":1,"chartType":"TWO_YAXIS","result":{"unexpected":true}}"#);
    });
    let client = client_for(&server);
    let pie = client.reports().get(1).await.expect("pie");
    assert_eq!(pie.chart_type, Some(ChartType::Pie));
    assert_eq!(
        pie.result,
        ReportResult::Json(serde_json::json!([{"name": "male", "value": 3}]))
    );
    assert_eq!(pie.result.date_series(), None);
    let line = client.reports().get(2).await.expect("line");
    assert!(matches!(line.result, ReportResult::Json(_)));
    let series = line.result.date_series().expect("date series shape");
    assert_eq!(
        series[0].dim_rs_list[0].values(),
        [[Some(Decimal::from(5))]]
    );
    let odd = client.reports().get(3).await.expect("odd");
    assert_eq!(
        odd.result,
        ReportResult::Json(serde_json::json!({"unexpected": true}))
    );
}

#[tokio::test]
async fn wait_polls_while_status_is_0() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let polls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&polls);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/report/410")
            .header("x-openapi-token", TOKEN);
        then.respond_with(move |_req: &HttpMockRequest| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let body = if n < 2 {
                r#"{"status":0,"reportName":"统计分析"}"#.to_owned()
            } else {
                REPORT.to_owned()
            };
            HttpMockResponse::builder().status(200).body(body).build()
        });
    });
    let client = client_for(&server);
    let report = client
        .reports()
        .wait(ReportId(410))
        .backoff(fast_polls())
        .send()
        .await
        .expect("ready");
    mock.assert_calls(3);
    assert!(report.is_ready());
    assert!(matches!(report.result, ReportResult::TwoYAxis(_)));
}

#[tokio::test]
async fn wait_ends_on_an_unknown_status_or_the_deadline() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let odd = server.mock(|when, then| {
        when.method(GET).path("/open/report/1");
        then.status(200).body(r#"{"status":2}"#);
    });
    let computing = server.mock(|when, then| {
        when.method(GET).path("/open/report/2");
        then.status(200).body(r#"{"status":0}"#);
    });
    let client = client_for(&server);
    let err = client
        .reports()
        .wait(1)
        .backoff(fast_polls())
        .send()
        .await
        .expect_err("status 2");
    assert!(err.is_api(), "{err:?}");
    assert_eq!(err.operation(), Some(GET_REPORT));
    odd.assert_calls(1);
    let err = client
        .reports()
        .wait(2)
        .backoff(fast_polls())
        .timeout(Duration::from_millis(400))
        .send()
        .await
        .expect_err("deadline");
    assert!(err.is_timeout(), "{err:?}");
    assert!(computing.calls_async().await >= 2);
}

#[tokio::test]
async fn dashboard_lists_its_reports() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/dashboard/7/summary")
            .header("x-openapi-token", TOKEN);
        then.status(200).body(DASHBOARD);
    });
    let client = client_for(&server);
    let dashboard = client.reports().dashboard(7).await.expect("dashboard");
    mock.assert_calls(1);
    assert_eq!(dashboard.name, "y01");
    assert_eq!(dashboard.reports.len(), 9);
    assert_eq!(dashboard.reports[0].id, ReportId(404));
    assert_eq!(dashboard.reports[8].report_name, "通话属性采集");
}

#[cfg(feature = "testing")]
#[tokio::test]
async fn the_sandbox_report_is_computing_before_it_is_ready() {
    use linkflow_client::testing::Sandbox;
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    let dashboard = client
        .reports()
        .dashboard(Sandbox::DASHBOARD_ID)
        .await
        .expect("dashboard");
    let id = dashboard.reports[1].id;
    let first = client.reports().get(id).await.expect("first");
    assert!(first.is_computing());
    assert_eq!(first.report_name.as_deref(), Some("统计分析"));
    let ready = client
        .reports()
        .wait(id)
        .backoff(fast_polls())
        .send()
        .await
        .expect("ready");
    assert!(ready.is_ready());
    assert_eq!(ready.report_name.as_deref(), Some("统计分析"));
    assert!(matches!(ready.result, ReportResult::TwoYAxis(_)));

    sandbox.set_report_pending_polls(3);
    let other = dashboard.reports[2].id;
    client
        .reports()
        .wait(other)
        .backoff(fast_polls())
        .send()
        .await
        .expect("ready after 3");
    assert_eq!(sandbox.request_count(GET_REPORT), 2 + 4);

    let err = client.reports().get(1).await.expect_err("unknown");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let err = client.reports().dashboard(2).await.expect_err("unknown");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00008"));
}
