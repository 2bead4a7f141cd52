//! AAndyUseRecordStatistics (使用情况记录统计): the request as sent, the decoded page,
//! documented ranges, and the stream over pages.

use futures::TryStreamExt as _;
use httpmock::prelude::*;
use okayapi_client::models::{
    AssistantType, ConversationType, UseRecord, UseRecordStatisticsParams,
};
use serde_json::json;

use crate::support::{self, envelope, fixture_data, path};

const FIXTURE: &str = include_str!("../../fixtures/andy_use_record_statistics.response.json");
const METHOD: &str = "AAndyUseRecordStatistics";

#[tokio::test]
async fn statistics_sends_every_parameter_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(path(METHOD)).body(support::body(&[
                ("page", "2"),
                ("perpage", "50"),
                ("assistant_type", "4"),
                ("user_dd_nick", "王小明"),
                ("consult_content", "领导力 课程&案例"),
                ("conversation_type", "2"),
            ]));
            then.status(200).body(envelope(&fixture_data(FIXTURE)));
        })
        .await;
    let page = support::client(&server)
        .usage()
        .statistics(
            UseRecordStatisticsParams::new()
                .page(2u32)
                .perpage(50u32)
                .assistant_type(AssistantType::ContentCustomerCase)
                .user_dd_nick("王小明")
                .consult_content("领导力 课程&案例")
                .conversation_type(ConversationType::Group),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total.as_ref().and_then(|t| t.as_i64()), Some(2));
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].user_dd_nick.as_deref(), Some("王小明"));
    assert_eq!(
        page.items[0].use_time.as_ref().map(|t| t.as_str()),
        Some("2024-05-28 14:15:54")
    );
    assert_eq!(
        page.items[1]
            .use_date
            .as_ref()
            .map(|t| t.instant().to_rfc3339()),
        Some("2024-05-28T00:00:00+08:00".to_owned())
    );
}

#[tokio::test]
async fn documented_ranges_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(envelope(&fixture_data(FIXTURE)));
        })
        .await;
    let client = support::client(&server);
    for (params, field) in [
        (UseRecordStatisticsParams::new().perpage(0u32), "perpage"),
        (
            UseRecordStatisticsParams::new().perpage(10_001u32),
            "perpage",
        ),
        (UseRecordStatisticsParams::new().page(0u32), "page"),
    ] {
        let err = client.usage().statistics(params).await.unwrap_err();
        assert!(err.is_invalid_input(), "{err}");
        assert_eq!(err.field(), Some(field));
    }
    let err = client
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().perpage(20_000u32))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(mock.calls_async().await, 0);
    // The limits themselves are accepted.
    client
        .usage()
        .statistics(
            UseRecordStatisticsParams::new()
                .page(1u32)
                .perpage(10_000u32),
        )
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
}

fn record(n: u32) -> serde_json::Value {
    json!({
        "assistant_type": "1",
        "dd_group_name": "群",
        "user_dd_nick": format!("用户{n}"),
        "consult_content": "内容",
        "conversation_type": "2",
        "use_time": "2024-05-20 10:00:00",
        "use_date": "2024-05-20",
        "assistant_name": "助手"
    })
}

#[tokio::test]
async fn the_stream_walks_pages_until_total() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for (page, numbers) in [(1u32, vec![1, 2]), (2, vec![3, 4]), (3, vec![5])] {
        let items: Vec<_> = numbers.into_iter().map(record).collect();
        let data = json!({ "items": items, "total": 5 }).to_string();
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST).path(path(METHOD)).body(support::body(&[
                        ("page", &page.to_string()),
                        ("perpage", "2"),
                        ("user_dd_nick", "用户"),
                    ]));
                    then.status(200).body(envelope(&data));
                })
                .await,
        );
    }
    let all: Vec<_> = support::client(&server)
        .usage()
        .statistics_stream(
            UseRecordStatisticsParams::new()
                .perpage(2u32)
                .user_dd_nick("用户"),
        )
        .try_collect()
        .await
        .unwrap();
    let nicks: Vec<_> = all.iter().map(|r| r.user_dd_nick.as_deref()).collect();
    assert_eq!(
        nicks,
        ["用户1", "用户2", "用户3", "用户4", "用户5"].map(Some)
    );
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn the_stream_stops_at_total_even_on_full_pages() {
    let server = MockServer::start_async().await;
    let data = json!({ "items": [record(1), record(2)], "total": 2 }).to_string();
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path(METHOD))
                .body(support::body(&[("page", "1"), ("perpage", "2")]));
            then.status(200).body(envelope(&data));
        })
        .await;
    let count = support::client(&server)
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().perpage(2u32))
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .len();
    assert_eq!(count, 2);
    assert_eq!(first.calls_async().await, 1);
    // Nothing else was asked for (an unmatched request would answer 404 and fail the stream).
}

#[tokio::test]
async fn a_server_capping_perpage_does_not_end_the_stream_early() {
    // Asked for 3 per page, the server sends 2; the total (4) says there is more.
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for (page, numbers) in [(1u32, [1, 2]), (2, [3, 4])] {
        let items: Vec<_> = numbers.into_iter().map(record).collect();
        let data = json!({ "items": items, "total": 4 }).to_string();
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST).path(path(METHOD)).body(support::body(&[
                        ("page", &page.to_string()),
                        ("perpage", "3"),
                    ]));
                    then.status(200).body(envelope(&data));
                })
                .await,
        );
    }
    let all: Vec<_> = support::client(&server)
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().perpage(3u32))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn sparse_items_and_a_text_total_decode_and_the_stream_stops_at_it() {
    let server = MockServer::start_async().await;
    // Page 1: a sparse item (no member but a nick), an item with blank times, an empty object,
    // then full records; `total` is the text "12".
    let mut first: Vec<_> = vec![
        json!({ "user_dd_nick": "稀疏" }),
        json!({ "user_dd_nick": "空时间", "use_time": "", "use_date": "" }),
        json!({}),
    ];
    first.extend((4..=6).map(record));
    let second: Vec<_> = (7..=12).map(record).collect();
    let third: Vec<_> = (13..=18).map(record).collect();
    let mut mocks = Vec::new();
    for (page, items) in [(1u32, first), (2, second), (3, third)] {
        let data = json!({ "items": items, "total": "12" }).to_string();
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST).path(path(METHOD)).body(support::body(&[
                        ("page", &page.to_string()),
                        ("perpage", "6"),
                    ]));
                    then.status(200).body(envelope(&data));
                })
                .await,
        );
    }
    let client = support::client(&server);
    let page = client
        .usage()
        .statistics(UseRecordStatisticsParams::new().page(1u32).perpage(6u32))
        .await
        .unwrap();
    let total = page.total.as_ref().unwrap();
    assert_eq!(total.as_str(), "12");
    assert!(!total.is_number());
    assert_eq!(total.as_u64(), Some(12));
    assert_eq!(page.items.len(), 6);
    assert_eq!(page.items[0].user_dd_nick.as_deref(), Some("稀疏"));
    assert_eq!(page.items[0].use_time, None);
    assert_eq!(page.items[0].assistant_type, None);
    assert_eq!(page.items[1].use_time, None);
    assert_eq!(page.items[1].use_date, None);
    assert_eq!(page.items[2], UseRecord::default());
    assert_eq!(
        page.items[3].use_time.as_ref().map(|t| t.as_str()),
        Some("2024-05-20 10:00:00")
    );
    assert_eq!(mocks[0].calls_async().await, 1);

    // Two full pages make 12 items: the total ends the stream, page 3 is never asked for.
    let all: Vec<_> = client
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().perpage(6u32))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 12);
    assert_eq!(all[0].user_dd_nick.as_deref(), Some("稀疏"));
    assert_eq!(all[11].user_dd_nick.as_deref(), Some("用户12"));
    assert_eq!(mocks[0].calls_async().await, 2);
    assert_eq!(mocks[1].calls_async().await, 1);
    assert_eq!(mocks[2].calls_async().await, 0);
}

/// Mocks `METHOD` answering `page` (at `perpage`) with records `numbers` and `total`.
async fn page_mock<'a>(
    server: &'a MockServer,
    page: u32,
    perpage: u32,
    numbers: impl IntoIterator<Item = u32>,
    total: Option<u32>,
) -> httpmock::Mock<'a> {
    let items: Vec<_> = numbers.into_iter().map(record).collect();
    let data = match total {
        Some(total) => json!({ "items": items, "total": total }),
        None => json!({ "items": items }),
    }
    .to_string();
    server
        .mock_async(|when, then| {
            when.method(POST).path(path(METHOD)).body(support::body(&[
                ("page", &page.to_string()),
                ("perpage", &perpage.to_string()),
            ]));
            then.status(200).body(envelope(&data));
        })
        .await
}

#[tokio::test]
async fn a_stream_started_at_a_later_page_counts_the_skipped_pages_and_stops_at_total() {
    // Issue 14 point 7: 57 rows at 10 a page, started at page 3: pages 3, 4, 5 and 6 only.
    let server = MockServer::start_async().await;
    let mocks = [
        page_mock(&server, 3, 10, 21..=30, Some(57)).await,
        page_mock(&server, 4, 10, 31..=40, Some(57)).await,
        page_mock(&server, 5, 10, 41..=50, Some(57)).await,
        page_mock(&server, 6, 10, 51..=57, Some(57)).await,
    ];
    let extra = page_mock(&server, 7, 10, [], Some(57)).await;
    let all: Vec<_> = support::client(&server)
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().page(3u32).perpage(10u32))
        .try_collect()
        .await
        .unwrap();
    let nicks: Vec<String> = all
        .iter()
        .map(|r| r.user_dd_nick.clone().unwrap())
        .collect();
    assert_eq!(
        nicks,
        (21..=57).map(|n| format!("用户{n}")).collect::<Vec<_>>()
    );
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
    assert_eq!(extra.calls_async().await, 0, "no extra empty page");
}

#[tokio::test]
async fn without_a_total_a_short_page_ends_the_stream() {
    // The doc's rule: a short page ends a stream only when the server gives no total.
    let server = MockServer::start_async().await;
    let first = page_mock(&server, 1, 3, 1..=3, None).await;
    let short = page_mock(&server, 2, 3, 4..=5, None).await;
    let after = page_mock(&server, 3, 3, 6..=6, None).await;
    let all: Vec<_> = support::client(&server)
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().perpage(3u32))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[4].user_dd_nick.as_deref(), Some("用户5"));
    assert_eq!(
        (
            first.calls_async().await,
            short.calls_async().await,
            after.calls_async().await
        ),
        (1, 1, 0)
    );
}

#[tokio::test]
async fn a_server_ignoring_page_ends_the_stream_with_an_error_not_a_loop() {
    // Every page answered with page 1's rows; the total (100) would keep the stream asking.
    let server = MockServer::start_async().await;
    let items: Vec<_> = (1..=2).map(record).collect();
    let data = json!({ "items": items, "total": 100 }).to_string();
    let mut mocks = Vec::new();
    for page in ["1", "2", "3"] {
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST)
                        .path(path(METHOD))
                        .body(support::body(&[("page", page), ("perpage", "2")]));
                    then.status(200).body(envelope(&data));
                })
                .await,
        );
    }
    let results: Vec<_> = futures::StreamExt::collect(
        support::client(&server)
            .usage()
            .statistics_stream(UseRecordStatisticsParams::new().perpage(2u32)),
    )
    .await;
    assert_eq!(results.len(), 3);
    assert_eq!(
        results[1].as_ref().unwrap().user_dd_nick.as_deref(),
        Some("用户2")
    );
    let error = results[2].as_ref().unwrap_err();
    assert!(error.is_api(), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("page 2 with the same 2 items as page 1"),
        "{error}"
    );
    let calls = [
        mocks[0].calls_async().await,
        mocks[1].calls_async().await,
        mocks[2].calls_async().await,
    ];
    assert_eq!(calls, [1, 1, 0]);
}
