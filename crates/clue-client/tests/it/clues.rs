//! 线索&待分配: `clue/get`, `clue/list-by-create-time-asc`, `clue/list-follow-up`.

use chrono::NaiveDate;
use client_core::time::VendorTime;
use clue_client::models::{Clue, FieldType, FieldValue};
use futures::TryStreamExt as _;
use httpmock::prelude::*;
use serde_json::json;

use crate::support::{self, APP_ID, CLUE_GET, CLUE_LIST, FOLLOW_UPS, TS};

fn t(text: &str) -> VendorTime {
    VendorTime::parse(text).unwrap()
}

fn clue_json(id: i64, created: &str) -> serde_json::Value {
    json!({
        "customerId": id, "isClue": true, "type": 1,
        "fields": [{ "field": "name", "type": 1, "valueAsText": format!("c{id}") }],
        "tagIds": [], "createTime": created, "lastUpdateTime": created
    })
}

fn page(ids: &[i64], next: serde_json::Value) -> String {
    let list: Vec<_> = ids
        .iter()
        .map(|id| clue_json(*id, "2021-05-11 15:15:48"))
        .collect();
    json!({ "code": 0, "message": "ok", "data": { "list": list, "nextCursor": next } }).to_string()
}

#[tokio::test]
async fn get_decodes_the_documented_clue_with_typed_values() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/get")
                .header("appId", APP_ID)
                .header("timestamp", TS)
                .json_body(json!({ "customerId": 410983932389440_i64 }));
            then.status(200).body(CLUE_GET);
        })
        .await;
    let clue = support::client(&server)
        .clues()
        .get(410_983_932_389_440)
        .await
        .unwrap();
    mock.assert_async().await;

    assert_eq!(clue.is_clue, Some(false));
    assert_eq!(clue.kind, Some(1));
    assert_eq!(
        clue.create_time.as_ref().map(|t| t.to_utc().to_rfc3339()),
        Some("2021-05-11T07:15:48+00:00".to_owned())
    );
    assert_eq!(clue.fields.len(), 10);
    let mobile = clue.field("mobile").unwrap();
    assert_eq!(mobile.kind, FieldType::Phone);
    assert_eq!(mobile.raw.as_deref(), Some("[\"145678388\"]"));
    assert_eq!(
        mobile.value,
        Some(FieldValue::Phone(vec!["145678388".into()]))
    );
    assert_eq!(
        clue.field("customer_stage").unwrap().value,
        Some(FieldValue::SingleSelect("396823724189760".into()))
    );
    assert_eq!(
        clue.field("description").unwrap().value,
        Some(FieldValue::Text("u 诶IE".into()))
    );
    let birthday = clue.field("birthday").unwrap();
    assert_eq!(
        (birthday.kind, birthday.raw, birthday.value),
        (FieldType::Date, None, None)
    );
    assert_eq!(clue.decoded_fields().len(), 10);
}

#[tokio::test]
async fn a_malformed_value_does_not_fail_the_clue() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v3/clue/get");
            then.status(200).json_body(json!({
                "code": 0, "message": "ok",
                "data": {
                    "customerId": 5, "isClue": true, "type": 1, "tagIds": [],
                    "createTime": "2021-05-11 15:15:48", "lastUpdateTime": "2021-05-11 15:15:48",
                    "fields": [
                        { "field": "budget", "type": 4, "valueAsText": "about 2k" },
                        { "field": "visit", "type": 7, "valueAsText": "1620717348000" },
                        { "field": "day", "type": 3, "valueAsText": "2021-05-11" },
                        { "field": "amount", "type": 4, "valueAsText": "1999.50" },
                        { "field": "tags", "type": 6, "valueAsText": "[\"1\",\"2\"]" },
                        { "field": "future", "type": 42, "valueAsText": "?" }
                    ]
                }
            }));
        })
        .await;
    let clue = support::client(&server).clues().get(5).await.unwrap();
    let budget = clue.field("budget").unwrap();
    assert!(budget.is_invalid());
    assert_eq!(budget.raw.as_deref(), Some("about 2k"));
    let Some(FieldValue::DateTime(visit)) = clue.field("visit").unwrap().value else {
        panic!("visit is a datetime")
    };
    assert_eq!(visit.as_str(), "2021-05-11 15:15:48");
    assert_eq!(
        clue.field("day").unwrap().value,
        Some(FieldValue::Date(
            NaiveDate::from_ymd_opt(2021, 5, 11).unwrap()
        ))
    );
    assert_eq!(
        clue.field("amount").unwrap().value,
        Some(FieldValue::Number(rust_decimal::Decimal::new(199_950, 2)))
    );
    assert_eq!(
        clue.field("tags").unwrap().value,
        Some(FieldValue::MultiSelect(vec!["1".into(), "2".into()]))
    );
    let future = clue.field("future").unwrap();
    assert_eq!(future.kind, FieldType::Other(42));
    assert_eq!(future.value, Some(FieldValue::Unknown("?".into())));
}

#[tokio::test]
async fn a_non_zero_code_is_a_typed_error_and_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v3/clue/get");
            then.status(200)
                .body(r#"{"code":10010,"message":"客户不存在","data":null}"#);
        })
        .await;
    let error = support::client(&server).clues().get(8).await.unwrap_err();
    assert!(error.is_api(), "{error}");
    assert_eq!(error.vendor_code().unwrap().as_number(), Some(10010));
    assert_eq!(error.vendor_message(), Some("客户不存在"));
    assert_eq!(error.operation(), Some("POST /api/v3/clue/get"));
    assert!(error.code_entry().is_none());
    assert!(error.body().unwrap().starts_with(br#"{"code":10010"#));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn data_null_with_code_zero_is_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v3/clue/get");
            then.status(200)
                .body(r#"{"code":0,"message":"ok","data":null}"#);
        })
        .await;
    let error = support::client(&server).clues().get(8).await.unwrap_err();
    assert!(error.is_api(), "{error}");
}

#[tokio::test]
async fn reads_over_post_are_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc");
            then.status(503).body("overloaded");
        })
        .await;
    let error = support::client(&server)
        .clues()
        .list_by_create_time_asc(t("2021-05-01 00:00:00"), t("2021-06-01 00:00:00"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(CLUE_GET);
        })
        .await;
    let client = support::client(&server);
    let e = client.clues().get(0).await.unwrap_err();
    assert!(
        e.is_invalid_input() && e.field() == Some("customerId"),
        "{e}"
    );
    let window = client
        .clues()
        .list_by_create_time_asc(t("2021-06-01 00:00:00"), t("2021-06-01 00:00:00"));
    let e = window.send().await.unwrap_err();
    assert!(e.is_invalid_input() && e.field() == Some("since"), "{e}");
    let e = client
        .clues()
        .list_by_create_time_asc(t("2021-05-01 00:00:00"), t("2021-06-01 00:00:00"))
        .size(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("size"));
    let e = client
        .clues()
        .list_follow_up(8)
        .cursor("")
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("cursor"));
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn list_sends_the_documented_body_and_decodes_a_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .header("appId", APP_ID)
                .header("timestamp", TS)
                .body(r#"{"since":"2021-05-01 00:00:00","before":"2021-06-01 00:00:00","size":100,"cursor":"410983932389440","type":1}"#);
            then.status(200).body(CLUE_LIST);
        })
        .await;
    let page = support::client(&server)
        .clues()
        .list_by_create_time_asc(t("2021-05-01 00:00:00"), t("2021-06-01 00:00:00"))
        .size(100)
        .cursor("410983932389440")
        .kind(1)
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.list.len(), 2);
    assert_eq!(page.next_cursor.as_deref(), Some("410991204151360"));
    let second = &page.list[1];
    assert_eq!(
        second.field("mobile").unwrap().value,
        Some(FieldValue::Phone(vec![
            "13800138000".into(),
            "02161234567".into()
        ]))
    );
    assert_eq!(
        second
            .convert_customer_time
            .as_ref()
            .map(VendorTime::as_str),
        Some("2021-05-20 09:30:00")
    );
}

#[tokio::test]
async fn a_utc_instant_is_sent_as_china_time() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(
                    json!({ "since": "2021-05-01 00:00:00", "before": "2021-05-02 08:00:00" }),
                );
            then.status(200)
                .body(r#"{"code":0,"message":"ok","data":{"list":[]}}"#);
        })
        .await;
    let since = chrono::DateTime::parse_from_rfc3339("2021-04-30T16:00:00Z").unwrap();
    let before = chrono::DateTime::parse_from_rfc3339("2021-05-02T00:00:00Z").unwrap();
    let page = support::client(&server)
        .clues()
        .list_by_create_time_asc(since, before)
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(page.list.is_empty() && page.next_cursor.is_none());
}

#[tokio::test]
async fn the_stream_follows_next_cursor_until_it_is_empty() {
    let server = MockServer::start_async().await;
    let since = "2021-05-01 00:00:00";
    let before = "2021-06-01 00:00:00";
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(json!({ "since": since, "before": before, "size": 2 }));
            then.status(200).body(page(&[1, 2], json!("2")));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(json!({ "since": since, "before": before, "size": 2, "cursor": "2" }));
            then.status(200).body(page(&[3, 4], json!("4")));
        })
        .await;
    let third = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(json!({ "since": since, "before": before, "size": 2, "cursor": "4" }));
            then.status(200).body(page(&[5], json!("")));
        })
        .await;
    let ids: Vec<i64> = support::client(&server)
        .clues()
        .list_by_create_time_asc(t(since), t(before))
        .size(2)
        .stream()
        .map_ok(|c| c.customer_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, vec![1, 2, 3, 4, 5]);
    for mock in [&first, &second, &third] {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn the_stream_stops_with_an_error_on_a_repeated_cursor() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(json!({ "since": "2021-05-01 00:00:00", "before": "2021-06-01 00:00:00", "size": 100 }));
            then.status(200).body(page(&[1], json!("loop")));
        })
        .await;
    let again = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(json!({ "since": "2021-05-01 00:00:00", "before": "2021-06-01 00:00:00", "size": 100, "cursor": "loop" }));
            then.status(200).body(page(&[2], json!("loop")));
        })
        .await;
    let mut stream = support::client(&server)
        .clues()
        .list_by_create_time_asc(t("2021-05-01 00:00:00"), t("2021-06-01 00:00:00"))
        .stream();
    assert_eq!(stream.try_next().await.unwrap().unwrap().customer_id, 1);
    assert_eq!(stream.try_next().await.unwrap().unwrap().customer_id, 2);
    let error = stream.try_next().await.unwrap_err();
    assert!(error.to_string().contains("repeated cursor"), "{error}");
    assert!(stream.try_next().await.unwrap().is_none());
    assert_eq!(again.calls_async().await, 1);
}

#[tokio::test]
async fn follow_ups_send_the_documented_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-follow-up")
                .header("timestamp", TS)
                .body(r#"{"customerId":410983932389440,"size":20,"type":1,"cursor":"411002837762112"}"#);
            then.status(200).body(FOLLOW_UPS);
        })
        .await;
    let page = support::client(&server)
        .clues()
        .list_follow_up(410_983_932_389_440)
        .size(20)
        .kind(1)
        .cursor("411002837762112")
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.list.len(), 2);
    assert_eq!(
        page.list[0]
            .operator
            .as_ref()
            .and_then(|o| o.name.as_deref()),
        Some("张三")
    );
    assert_eq!(
        page.list[1].create_time.as_ref().map(|t| t.as_str()),
        Some("2021-05-14 09:45:31")
    );
    assert!(page.next_cursor.is_none());
}

#[tokio::test]
async fn follow_up_stream_pages_until_next_cursor_is_null() {
    let server = MockServer::start_async().await;
    let record = |id: i64| {
        json!({ "id": id, "type": 1, "content": "c", "createTime": "2021-05-13 14:20:05",
                "operator": { "qwUserId": "u", "name": "n" } })
    };
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-follow-up")
                .json_body(json!({ "customerId": 7, "size": 2 }));
            then.status(200)
                .json_body(json!({ "code": 0, "message": "ok",
                "data": { "list": [record(1), record(2)], "nextCursor": "2" } }));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-follow-up")
                .json_body(json!({ "customerId": 7, "size": 2, "cursor": "2" }));
            then.status(200)
                .json_body(json!({ "code": 0, "message": "ok",
                "data": { "list": [record(3)], "nextCursor": null } }));
        })
        .await;
    let ids: Vec<i64> = support::client(&server)
        .clues()
        .list_follow_up(7)
        .size(2)
        .stream()
        .map_ok(|r| r.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, vec![1, 2, 3]);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
}

#[tokio::test]
async fn a_blank_next_cursor_from_the_server_ends_the_clue_stream() {
    // Issue 14 point 8: `"  "` is the end of the listing, never sent back and never reported as
    // the caller's invalid `cursor`.
    let server = MockServer::start_async().await;
    let since = "2021-05-01 00:00:00";
    let before = "2021-06-01 00:00:00";
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(json!({ "since": since, "before": before, "size": 2 }));
            then.status(200).body(page(&[1, 2], json!("2")));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(json!({ "since": since, "before": before, "size": 2, "cursor": "2" }));
            then.status(200).body(page(&[3, 4], json!("  ")));
        })
        .await;
    let blank = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-by-create-time-asc")
                .json_body(json!({ "since": since, "before": before, "size": 2, "cursor": "  " }));
            then.status(200).body(page(&[], json!(null)));
        })
        .await;
    let ids: Vec<i64> = support::client(&server)
        .clues()
        .list_by_create_time_asc(t(since), t(before))
        .size(2)
        .stream()
        .map_ok(|c| c.customer_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, vec![1, 2, 3, 4]);
    assert_eq!(
        (
            first.calls_async().await,
            second.calls_async().await,
            blank.calls_async().await
        ),
        (1, 1, 0)
    );
}

#[tokio::test]
async fn a_blank_next_cursor_from_the_server_ends_the_follow_up_stream() {
    let server = MockServer::start_async().await;
    let record = |id: i64| json!({ "id": id, "type": 1, "content": "c" });
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/clue/list-follow-up")
                .json_body(json!({ "customerId": 7, "size": 2 }));
            then.status(200)
                .json_body(json!({ "code": 0, "message": "ok",
                "data": { "list": [record(1), record(2)], "nextCursor": "\t " } }));
        })
        .await;
    let ids: Vec<i64> = support::client(&server)
        .clues()
        .list_follow_up(7)
        .size(2)
        .stream()
        .map_ok(|r| r.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, vec![1, 2]);
    assert_eq!(first.calls_async().await, 1);
}

#[tokio::test]
async fn a_blank_start_cursor_is_still_the_callers_invalid_input() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(page(&[1], json!(null)));
        })
        .await;
    let results: Vec<_> = futures::StreamExt::collect(
        support::client(&server)
            .clues()
            .list_follow_up(7)
            .cursor("  ")
            .stream(),
    )
    .await;
    assert_eq!(results.len(), 1);
    let error = results[0].as_ref().unwrap_err();
    assert!(error.is_invalid_input(), "{error:?}");
    assert_eq!(error.field(), Some("cursor"));
    assert_eq!(any.calls_async().await, 0);
}

#[test]
fn a_clue_without_lists_or_update_time_decodes() {
    // Only `customerId` is required: `fields`, `tagIds` and `lastUpdateTime` default when
    // absent (or `null`), and unknown members are ignored.
    let bare: Clue = serde_json::from_str(r#"{"customerId": 7}"#).unwrap();
    assert_eq!(bare.customer_id, 7);
    assert!(bare.fields.is_empty() && bare.tag_ids.is_empty());
    assert!(bare.last_update_time.is_none() && bare.company_info.is_empty());
    let nulls: Clue = serde_json::from_str(
        r#"{"customerId": 8, "fields": null, "tagIds": null, "lastUpdateTime": null, "new": 1}"#,
    )
    .unwrap();
    assert!(nulls.fields.is_empty() && nulls.tag_ids.is_empty());
    assert!(serde_json::from_str::<Clue>(r#"{"fields": []}"#).is_err());
}
