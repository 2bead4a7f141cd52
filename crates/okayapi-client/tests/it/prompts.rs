//! ALieBiaoAndyReportPromts and ALieBiaoAndypromptsteps.

use futures::TryStreamExt as _;
use httpmock::prelude::*;
use okayapi_client::models::{PromptStepsParams, ReportPromptsParams};

use crate::support::{self, envelope, fixture_data, path};

const REPORT: &str = include_str!("../../fixtures/lie_biao_andy_report_promts.response.json");
const STEPS: &str = include_str!("../../fixtures/lie_biao_andypromptsteps.response.json");

#[tokio::test]
async fn report_prompts() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ALieBiaoAndyReportPromts"))
                .body(support::body(&[
                    ("app_catalog", "报告解读"),
                    ("app_id", "app_7f3c2a"),
                ]));
            then.status(200).body(envelope(&fixture_data(REPORT)));
        })
        .await;
    let list = support::client(&server)
        .prompts()
        .report_prompts(
            ReportPromptsParams::new()
                .app_catalog("报告解读")
                .app_id("app_7f3c2a"),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(
        list.list[0].curr_node_instance_id.as_deref(),
        Some("node_20240528_0001")
    );
    assert_eq!(list.list[0].order_index, Some(1));
}

#[tokio::test]
async fn prompt_steps_require_a_version() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ALieBiaoAndypromptsteps"))
                .body(support::body(&[
                    ("version", "1.0"),
                    ("page", "1"),
                    ("perpage", "10"),
                    ("step_type", "qymc"),
                ]));
            then.status(200).body(envelope(&fixture_data(STEPS)));
        })
        .await;
    let client = support::client(&server);
    let steps: Vec<_> = client
        .prompts()
        .prompt_steps_stream(
            PromptStepsParams::new("1.0")
                .perpage(10u32)
                .step_type("qymc"),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].step12.as_deref(), Some("汇总输出"));
    assert_eq!(mock.calls_async().await, 1);

    let err = client
        .prompts()
        .prompt_steps(PromptStepsParams::new(" "))
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some("version"));
    assert_eq!(mock.calls_async().await, 1);
}
