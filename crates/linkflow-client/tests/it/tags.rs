//! "标签": tag metadata (create, delete, list and its stream), value files (upload from a path and
//! from a reader, limits, replay rules), calculation, exports and the export waiter, tag values.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use client_core::backoff::{Backoff, Jitter};
use client_core::retry::NOT_REPLAYABLE;
use futures::TryStreamExt as _;
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse, Mock};
use linkflow_client::api::tags::{
    CALCULATE_TAG, CREATE_TAG, DELETE_TAG, EXPORT_STATE, SET_TAG_VALUES, UPLOAD_TAG_FILE,
};
use linkflow_client::models::{
    ExportStatus, ExportTaskId, FolderId, Identity, IdentityType, MAX_TAG_FILE_BYTES, TagDataType,
    TagId, TagKey, TagStatus, TagType, UploadMode,
};

use crate::support::*;

const CREATE_REQUEST: &str = include_str!("../../fixtures/tags_create.request.json");
const CREATE_ANSWER: &str = include_str!("../../fixtures/tags_create.response.json");
const LIST_ANSWER: &str = include_str!("../../fixtures/tags_list.response.json");
const UPLOAD_ANSWER: &str = include_str!("../../fixtures/tags_upload_file.response.json");
const EXPORT_REQUEST: &str = include_str!("../../fixtures/tags_export.request.json");
const EXPORT_ANSWER: &str = include_str!("../../fixtures/tags_export.response.json");
const EXPORT_STATE_ANSWER: &str = include_str!("../../fixtures/tags_export_status.response.json");
const VALUE_REQUEST: &str = include_str!("../../fixtures/tags_value.request.json");

const UPLOAD_PATH: &str = "/v1/tags/tagkeys/tag_878/upload/file/operates/overwrite";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("fixture")
}

/// Polls every millisecond, without jitter.
fn fast_polls() -> Backoff {
    Backoff::new(Duration::from_millis(1), Duration::from_millis(2)).with_jitter(Jitter::None)
}

/// Mocks `GET /token` answering `tok-1`, `tok-2`, … in turn.
fn rotating_tokens(server: &MockServer) -> Mock<'_> {
    let issued = Arc::new(AtomicUsize::new(0));
    server.mock(|when, then| {
        when.method(GET).path("/token");
        then.respond_with(move |_req: &HttpMockRequest| {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            HttpMockResponse::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(format!(
                    r#"{{"expiration":"{FAR_EXPIRATION}","token":"tok-{n}"}}"#
                ))
                .build()
        });
    })
}

/// Mocks `GET /v1/tags/tagkeys/export/{taskId}` answering `states` in turn (the last one
/// repeated), each `(status, fileUrl)`.
fn export_states<'a>(server: &'a MockServer, task: i64, states: &[(&str, &str)]) -> Mock<'a> {
    let states: Vec<(String, String)> = states
        .iter()
        .map(|(s, u)| ((*s).to_owned(), (*u).to_owned()))
        .collect();
    let polls = Arc::new(AtomicUsize::new(0));
    server.mock(|when, then| {
        when.method(GET)
            .path(format!("/v1/tags/tagkeys/export/{task}"))
            .header("x-openapi-token", TOKEN);
        then.respond_with(move |_req: &HttpMockRequest| {
            let n = polls.fetch_add(1, Ordering::SeqCst).min(states.len() - 1);
            let (status, url) = &states[n];
            let body = serde_json::json!({
                "taskId": task, "status": status, "errorMsg": if status.contains("ERROR") { "boom" } else { "" },
                "fileUrl": url,
            });
            HttpMockResponse::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(body.to_string())
                .build()
        });
    })
}

#[test]
fn tag_keys_follow_the_documented_rule() {
    for good in ["tag_ccc2", "tag_878", "tag_a_b_1"] {
        assert!(TagKey::new(good).is_ok(), "{good}");
    }
    for bad in [
        "ccc2", "Tag_a", "tag_A", "tag-878", "tag_", "tag_ä", "tag_a b", "",
    ] {
        let err = TagKey::new(bad).expect_err(bad);
        assert!(err.is_invalid_input(), "{bad}");
        assert_eq!(err.field(), Some("tagKey"));
    }
}

#[test]
fn tag_types_are_the_17_documented_kinds_with_a_fallback() {
    assert_eq!(TagType::DOCUMENTED.len(), 17);
    assert_eq!(TagType::parse("RULE_LAYER"), TagType::RuleLayer);
    assert_eq!(
        TagType::parse("SELF_DEFINE_INDICATOR"),
        TagType::SelfDefineIndicator
    );
    let other = TagType::parse("NEW_KIND");
    assert_eq!(other, TagType::Other("NEW_KIND".into()));
    assert_eq!(other.as_str(), "NEW_KIND");
    assert_eq!(
        TagDataType::DOCUMENTED,
        ["text", "number", "array", "datetime", "boolean"]
    );
}

#[tokio::test]
async fn create_posts_the_documented_body() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags")
            .header("x-openapi-token", TOKEN)
            .header("content-type", "application/json")
            .json_body(json(CREATE_REQUEST));
        then.status(200).body(CREATE_ANSWER);
    });
    let client = client_for(&server);
    let tag = client
        .tags()
        .create(
            "tag_ccc2",
            "aaccc",
            TagDataType::Number,
            IdentityType::ExternalId,
        )
        .channel_id("1")
        .send()
        .await
        .expect("created");
    mock.assert_calls(1);
    assert_eq!(tag.tag_id, TagId(1));
    assert_eq!(tag.tag_key, "tag_ccc2");
    assert_eq!(tag.tag_name, "aaccc");
    assert_eq!(tag.data_type, Some(TagDataType::Number));
    assert_eq!(tag.status, Some(TagStatus::Active));
    assert_eq!(tag.tag_type, None);
    assert_eq!(
        tag.date_created.as_ref().map(|t| t.as_str()),
        Some("2017-11-30 19:37:12")
    );
}

#[tokio::test]
async fn create_omits_channel_id_unless_given() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags")
            .json_body(serde_json::json!({
                "tagName": "活跃度", "tagKey": "tag_active", "dataType": "text",
                "tagType": "UPLOAD", "identityType": "mobilePhone",
            }));
        then.status(200).body(CREATE_ANSWER);
    });
    let client = client_for(&server);
    client
        .tags()
        .create("tag_active", "活跃度", "text", IdentityType::MobilePhone)
        .send()
        .await
        .expect("created");
    mock.assert_calls(1);
}

#[tokio::test]
async fn create_checks_its_rules_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(200).body(CREATE_ANSWER);
    });
    let client = client_for(&server);
    let tags = client.tags();
    let cases = [
        (
            tags.create("ccc2", "n", TagDataType::Text, IdentityType::Email),
            "tagKey",
        ),
        (
            tags.create("tag_Upper", "n", TagDataType::Text, IdentityType::Email),
            "tagKey",
        ),
        (
            tags.create("tag_ok", " ", TagDataType::Text, IdentityType::Email),
            "tagName",
        ),
        (
            tags.create("tag_ok", "n", "float", IdentityType::Email),
            "dataType",
        ),
        (
            tags.create("tag_ok", "n", TagDataType::Text, IdentityType::ExternalId),
            "channelId",
        ),
        (
            tags.create("tag_ok", "n", TagDataType::Text, IdentityType::ExternalId)
                .channel_id("abc"),
            "channelId",
        ),
    ];
    for (request, field) in cases {
        let err = request.send().await.expect_err(field);
        assert!(err.is_invalid_input(), "{err:?}");
        assert_eq!(err.field(), Some(field));
    }
    any.assert_calls(0);
    token.assert_calls(0);
}

#[tokio::test]
async fn create_errors_are_typed_for_the_operation() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    for (key, code, message) in [
        ("tag_dup", "B01151", "标签已经存在"),
        ("tag_full", "B00037", "标签超过配额数"),
        ("tag_chan", "B00159", "channelId不存在"),
    ] {
        server.mock(|when, then| {
            when.method(POST)
                .path("/v1/tags")
                .json_body_includes(format!(r#"{{"tagKey":"{key}"}}"#));
            then.status(500).json_body(error_body(code, message));
        });
    }
    let client = client_for(&server);
    for (key, code, meaning) in [
        ("tag_dup", "B01151", "tag already exists"),
        ("tag_full", "B00037", "tag quota exceeded"),
        ("tag_chan", "B00159", "channelId does not exist"),
    ] {
        let err = client
            .tags()
            .create(key, "n", TagDataType::Text, IdentityType::Email)
            .send()
            .await
            .expect_err(code);
        assert!(err.is_api());
        assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some(code));
        assert_eq!(err.operation(), Some(CREATE_TAG));
        let entry = err.code_entry().expect("documented");
        assert_eq!(entry.operation, Some(CREATE_TAG));
        assert_eq!(entry.meaning_en, meaning);
        assert_eq!(err.attempts(), 1, "documented codes are not retried");
    }
}

#[tokio::test]
async fn delete_sends_delete_and_normalises_b_01162() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let ok = server.mock(|when, then| {
        when.method(DELETE)
            .path("/v1/tags/tagkeys/tag_878")
            .header("x-openapi-token", TOKEN);
        then.status(200);
    });
    let missing = server.mock(|when, then| {
        when.method(DELETE).path("/v1/tags/tagkeys/tag_gone");
        then.status(500)
            .json_body(error_body("B_01162", "标签不存在"));
    });
    let client = client_for(&server);
    client.tags().delete("tag_878").await.expect("deleted");
    ok.assert_calls(1);
    let err = client.tags().delete("tag_gone").await.expect_err("missing");
    missing.assert_calls(1);
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01162"));
    assert_eq!(err.vendor_message(), Some("标签不存在"));
    assert_eq!(err.code_entry().and_then(|e| e.operation), Some(DELETE_TAG));
    let err = client.tags().delete("878").await.expect_err("bad key");
    assert!(err.is_invalid_input());
}

#[tokio::test]
async fn list_sends_page_and_size_and_decodes() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/tags")
            .header("x-openapi-token", TOKEN)
            .query_param("size", "1")
            .query_param("page", "0");
        then.status(200).body(LIST_ANSWER);
    });
    let client = client_for(&server);
    let tags = client.tags().list().size(1).send().await.expect("listed");
    mock.assert_calls(1);
    assert_eq!(tags.len(), 1);
    let tag = &tags[0];
    assert_eq!(tag.tag_id, TagId(2));
    assert_eq!(tag.tag_name, "用户活跃度");
    assert_eq!(tag.tag_type, Some(TagType::Upload));
    assert_eq!(tag.data_type, Some(TagDataType::Text));
    assert_eq!(tag.folder_id, Some(FolderId(56)));
    assert_eq!(
        tag.last_calculate_time.as_ref().map(|t| t.as_str()),
        Some("2017-11-30 20:37:12")
    );
}

#[tokio::test]
async fn list_defaults_to_page_0_size_200_and_refuses_more() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/tags")
            .query_param("size", "200")
            .query_param("page", "0");
        then.status(200).body("[]");
    });
    let client = client_for(&server);
    assert!(
        client
            .tags()
            .list()
            .send()
            .await
            .expect("listed")
            .is_empty()
    );
    mock.assert_calls(1);
    for size in [0, 201] {
        let err = client
            .tags()
            .list()
            .size(size)
            .send()
            .await
            .expect_err("size");
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("size"));
        let err = client
            .tags()
            .list()
            .size(size)
            .stream()
            .try_next()
            .await
            .expect_err("stream size");
        assert!(err.is_invalid_input());
    }
    mock.assert_calls(1);
}

#[tokio::test]
async fn list_stream_walks_pages_until_a_short_one() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let tag =
        |id: i64| serde_json::json!({"tagId": id, "tagKey": format!("tag_{id}"), "tagName": "t"});
    let first = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/tags")
            .query_param("size", "2")
            .query_param("page", "0");
        then.status(200)
            .json_body(serde_json::json!([tag(1), tag(2)]));
    });
    let second = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/tags")
            .query_param("size", "2")
            .query_param("page", "1");
        then.status(200).json_body(serde_json::json!([tag(3)]));
    });
    let client = client_for(&server);
    let ids: Vec<TagId> = client
        .tags()
        .list()
        .size(2)
        .stream()
        .map_ok(|t| t.tag_id)
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(ids, [TagId(1), TagId(2), TagId(3)]);
    first.assert_calls(1);
    second.assert_calls(1);
}

fn value_file(content: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("values.csv"), content).expect("write");
    dir
}

#[tokio::test]
async fn upload_from_a_path_sends_the_file_as_multipart() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path(UPLOAD_PATH)
            .header("x-openapi-token", TOKEN)
            .header_prefix("content-type", "multipart/form-data; boundary=")
            .body_includes(r#"name="file""#)
            .body_includes(r#"filename="values.csv""#)
            .body_includes("Content-Type: text/csv")
            .body_includes("phone,value\r\n13800000000,高\r\n");
        then.status(200).body(UPLOAD_ANSWER);
    });
    let dir = value_file("phone,value\r\n13800000000,高\r\n");
    let client = client_for(&server);
    let upload = client
        .tags()
        .upload_file(
            "tag_878",
            UploadMode::Overwrite,
            dir.path().join("values.csv"),
        )
        .send()
        .await
        .expect("uploaded");
    mock.assert_calls(1);
    assert_eq!(upload.tag_key.as_deref(), Some("tag_878"));
    assert_eq!(upload.file_name, "tag_878_file1");
    assert!(
        upload
            .oss_url
            .starts_with("https://devtest.leadswarp.com/oss/1/tag/upload/")
    );
}

#[tokio::test]
async fn upload_from_a_path_is_replayed_after_a_token_refresh() {
    let server = MockServer::start_async().await;
    let token = rotating_tokens(&server);
    let stale = server.mock(|when, then| {
        when.method(POST)
            .path(UPLOAD_PATH)
            .header("x-openapi-token", "tok-1");
        then.status(401)
            .json_body(error_body("B00401", "token expired"));
    });
    let fresh = server.mock(|when, then| {
        when.method(POST)
            .path(UPLOAD_PATH)
            .header("x-openapi-token", "tok-2")
            .body_includes("a,b\n1,2\n");
        then.status(200).body(UPLOAD_ANSWER);
    });
    let dir = value_file("a,b\n1,2\n");
    let client = client_for(&server);
    client
        .tags()
        .upload_file(
            "tag_878",
            UploadMode::Overwrite,
            dir.path().join("values.csv"),
        )
        .send()
        .await
        .expect("replayed");
    token.assert_calls(2);
    stale.assert_calls(1);
    fresh.assert_calls(1);
}

#[tokio::test]
async fn upload_from_a_reader_is_never_replayed() {
    let server = MockServer::start_async().await;
    let token = rotating_tokens(&server);
    let upload = server.mock(|when, then| {
        when.method(POST)
            .path(UPLOAD_PATH)
            .body_includes(r#"filename="stream.csv""#)
            .body_includes("x,y\n");
        then.status(401)
            .json_body(error_body("B00401", "token expired"));
    });
    let client = client_for(&server);
    let err = client
        .tags()
        .upload_reader(
            "tag_878",
            UploadMode::Overwrite,
            "stream.csv",
            &b"x,y\n"[..],
        )
        .length(4)
        .send()
        .await
        .expect_err("not replayable");
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.retry_note(), Some(NOT_REPLAYABLE));
    upload.assert_calls(1);
    token.assert_calls(1);
}

#[tokio::test]
async fn overwrite_is_retried_after_a_failure_but_append_is_not() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let overwrite = server.mock(|when, then| {
        when.method(POST).path(UPLOAD_PATH);
        then.status(502);
    });
    let append = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags/tagkeys/tag_878/upload/file/operates/append");
        then.status(502);
    });
    let dir = value_file("a\n");
    let client = client_for(&server);
    let path = dir.path().join("values.csv");
    client
        .tags()
        .upload_file("tag_878", UploadMode::Overwrite, &path)
        .send()
        .await
        .expect_err("502");
    overwrite.assert_calls(3);
    let err = client
        .tags()
        .upload_file("tag_878", UploadMode::Append, &path)
        .send()
        .await
        .expect_err("502");
    assert!(err.retry_note().is_some(), "{err:?}");
    append.assert_calls(1);
}

#[tokio::test]
async fn uploads_above_100_mib_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(200).body(UPLOAD_ANSWER);
    });
    let client = client_for(&server);

    // A sparse file one byte over the limit.
    let dir = tempfile::tempdir().expect("dir");
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(MAX_TAG_FILE_BYTES + 1))
        .expect("sparse file");
    let err = client
        .tags()
        .upload_file("tag_878", UploadMode::Append, &big)
        .send()
        .await
        .expect_err("too big");
    assert!(err.is_invalid_input(), "{err:?}");
    assert_eq!(err.field(), Some("file"));

    let err = client
        .tags()
        .upload_reader("tag_878", UploadMode::Append, "big.csv", tokio::io::empty())
        .length(MAX_TAG_FILE_BYTES + 1)
        .send()
        .await
        .expect_err("declared too big");
    assert!(err.is_invalid_input(), "{err:?}");

    let err = client
        .tags()
        .upload_file(
            "tag_878",
            UploadMode::Append,
            dir.path().join("missing.csv"),
        )
        .send()
        .await
        .expect_err("missing");
    assert!(err.is_io(), "{err:?}");

    let err = client
        .tags()
        .upload_file("bad key", UploadMode::Append, &big)
        .send()
        .await
        .expect_err("key");
    assert_eq!(err.field(), Some("tagKey"));
    any.assert_calls(0);
    token.assert_calls(0);
}

#[tokio::test]
async fn upload_errors_are_typed_including_b01163() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST).path(UPLOAD_PATH);
        then.status(500)
            .json_body(error_body("B01163", "文件大小超过100M"));
    });
    let missing = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags/tagkeys/tag_gone/upload/file/operates/append");
        then.status(500)
            .json_body(error_body("B01162", "tagKey不存在"));
    });
    let client = client_for(&server);
    let err = client
        .tags()
        .upload_reader("tag_878", UploadMode::Overwrite, "v.csv", &b"1\n"[..])
        .send()
        .await
        .expect_err("B01163");
    mock.assert_calls(1);
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01163"));
    let entry = err.code_entry().expect("documented");
    assert_eq!(entry.operation, Some(UPLOAD_TAG_FILE));
    assert_eq!(entry.meaning_en, "file larger than 100 MiB");
    let err = client
        .tags()
        .upload_reader("tag_gone", UploadMode::Append, "v.csv", &b"1\n"[..])
        .send()
        .await
        .expect_err("B01162");
    missing.assert_calls(1);
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01162"));
}

#[tokio::test]
async fn calculate_posts_and_maps_its_errors() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let ok = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags/tagkeys/tag_878/calculate")
            .header("x-openapi-token", TOKEN);
        then.status(200).header("content-type", "application/json");
    });
    for (key, code) in [("tag_busy", "B01152"), ("tag_off", "B01165")] {
        server.mock(|when, then| {
            when.method(POST)
                .path(format!("/v1/tags/tagkeys/{key}/calculate"));
            then.status(500).json_body(error_body(code, "no"));
        });
    }
    let client = client_for(&server);
    client.tags().calculate("tag_878").await.expect("started");
    ok.assert_calls(1);
    for (key, code, meaning) in [
        (
            "tag_busy",
            "B01152",
            "task state does not allow recalculation",
        ),
        ("tag_off", "B01165", "tag is not active"),
    ] {
        let err = client.tags().calculate(key).await.expect_err(code);
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some(code));
        let entry = err.code_entry().expect("documented");
        assert_eq!(entry.operation, Some(CALCULATE_TAG));
        assert!(
            entry.meaning_en.starts_with(meaning),
            "{}",
            entry.meaning_en
        );
    }
}

#[tokio::test]
async fn export_posts_the_documented_body_and_state_decodes() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let export = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags/tagkeys/tag_sf/export")
            .header("x-openapi-token", TOKEN)
            .json_body(json(EXPORT_REQUEST));
        then.status(200).body(EXPORT_ANSWER);
    });
    let state = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/tags/tagkeys/export/19723653547885")
            .header("x-openapi-token", TOKEN);
        then.status(200).body(EXPORT_STATE_ANSWER);
    });
    let client = client_for(&server);
    let task = client
        .tags()
        .export("tag_sf", IdentityType::ExternalId)
        .channel_id("111")
        .send()
        .await
        .expect("task");
    export.assert_calls(1);
    assert_eq!(task.tag_key.as_deref(), Some("tag_sf"));
    assert_eq!(task.task_id, ExportTaskId(19_723_653_547_885));
    assert_eq!(task.status, ExportStatus::Initial);

    let answer = client
        .tags()
        .export_state(task.task_id)
        .await
        .expect("state");
    state.assert_calls(1);
    assert_eq!(answer.status, ExportStatus::Finish);
    // The document's example: FINISH with an empty fileUrl — no file yet.
    assert_eq!(answer.file(), None);

    let err = client
        .tags()
        .export("tag_sf", IdentityType::ExternalId)
        .send()
        .await
        .expect_err("channelId");
    assert_eq!(err.field(), Some("channelId"));
    export.assert_calls(1);
}

#[tokio::test]
async fn export_errors_are_typed() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(POST).path("/v1/tags/tagkeys/tag_sf/export");
        then.status(500)
            .json_body(error_body("B00159", "channelId不存在"));
    });
    let client = client_for(&server);
    let err = client
        .tags()
        .export("tag_sf", IdentityType::ExternalId)
        .channel_id("9")
        .send()
        .await
        .expect_err("B00159");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00159"));
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn export_wait_polls_until_finish_with_a_file() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let export = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags/tagkeys/tag_sf/export")
            .json_body(serde_json::json!({"identityType": "mobilePhone"}));
        then.status(200).body(EXPORT_ANSWER);
    });
    let url = "https://oss.example.com/tag_sf.csv";
    let polls = export_states(
        &server,
        19_723_653_547_885,
        &[
            ("INITIAL", ""),
            ("CALCULATING", ""),
            ("FINISH", ""),
            ("FINISH", url),
        ],
    );
    let client = client_for(&server);
    let file = client
        .tags()
        .export("tag_sf", IdentityType::MobilePhone)
        .backoff(fast_polls())
        .wait()
        .await
        .expect("file");
    export.assert_calls(1);
    polls.assert_calls(4);
    assert_eq!(file.task_id, ExportTaskId(19_723_653_547_885));
    assert_eq!(file.file_url, url);
}

#[tokio::test]
async fn export_wait_stops_at_error_states() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let failed = export_states(&server, 7, &[("INITIAL", ""), ("CALC_ERROR", "")]);
    let errored = export_states(&server, 8, &[("ERROR", "")]);
    let client = client_for(&server);
    let err = client
        .tags()
        .wait_for_export(7)
        .backoff(fast_polls())
        .send()
        .await
        .expect_err("CALC_ERROR");
    failed.assert_calls(2);
    assert!(err.is_api(), "{err:?}");
    assert_eq!(err.vendor_message(), Some("boom"));
    assert_eq!(err.operation(), Some(EXPORT_STATE));
    assert!(err.to_string().contains("CALC_ERROR"), "{err}");
    let err = client
        .tags()
        .wait_for_export(8)
        .backoff(fast_polls())
        .send()
        .await
        .expect_err("ERROR");
    errored.assert_calls(1);
    assert!(err.to_string().contains("ERROR"), "{err}");
}

#[tokio::test]
async fn export_wait_gives_up_at_the_deadline() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let unknown = export_states(&server, 1, &[("INITIAL", ""), ("CALCULATING", "")]);
    let initial = export_states(&server, 2, &[("INITIAL", "")]);
    let no_url = export_states(&server, 3, &[("FINISH", "")]);
    let client = client_for(&server);
    let wait = |id: i64| {
        client
            .tags()
            .wait_for_export(id)
            .backoff(fast_polls())
            .timeout(Duration::from_millis(400))
            .send()
    };

    let err = wait(1).await.expect_err("unknown state");
    assert!(
        err.is_api(),
        "an unknown state at the deadline is an error state: {err:?}"
    );
    assert!(err.to_string().contains("`CALCULATING`"), "{err}");
    assert!(unknown.calls_async().await >= 2);

    let err = wait(2).await.expect_err("still INITIAL");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("INITIAL"), "{err}");
    assert!(initial.calls_async().await >= 2);

    let err = wait(3).await.expect_err("no fileUrl");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("no fileUrl"), "{err}");
    assert!(no_url.calls_async().await >= 2);
}

#[tokio::test]
async fn set_values_posts_the_documented_body() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags/value")
            .header("x-openapi-token", TOKEN)
            .json_body(json(VALUE_REQUEST));
        then.status(200).header("content-type", "application/json");
    });
    let client = client_for(&server);
    client
        .tags()
        .set_values(Identity::new(IdentityType::MobilePhone, "18888888888"))
        .delete(382)
        .set_many(383, ["红色", "蓝色"])
        .send()
        .await
        .expect("changed");
    mock.assert_calls(1);
}

#[tokio::test]
async fn set_values_is_checked_retried_and_its_errors_typed() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let flaky = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags/value")
            .json_body_includes(r#"{"identity":{"id":"flaky","type":"phone"}}"#);
        then.status(502);
    });
    let unknown = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/tags/value")
            .json_body_includes(r#"{"identity":{"id":"nobody","type":"phone"}}"#);
        then.status(400)
            .json_body(error_body("B01376", "身份不存在"));
    });
    let client = client_for(&server);
    let tags = client.tags();
    let phone = |id: &str| Identity::new(IdentityType::Phone, id);

    let err = tags.set_values(phone("1")).send().await.expect_err("empty");
    assert_eq!(err.field(), Some("actions"));
    let err = tags
        .set_values(phone("1"))
        .set_many(1, ["a,b"])
        .send()
        .await
        .expect_err("comma");
    assert_eq!(err.field(), Some("actions[0].value"));
    let err = tags
        .set_values(phone(" "))
        .set(1, "x")
        .send()
        .await
        .expect_err("blank identity");
    assert_eq!(err.field(), Some("identity.id"));

    tags.set_values(phone("flaky"))
        .set(1, "x")
        .send()
        .await
        .expect_err("502");
    flaky.assert_calls(3);

    let err = tags
        .set_values(phone("nobody"))
        .set(1, "x")
        .send()
        .await
        .expect_err("B01376");
    unknown.assert_calls(1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01376"));
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some(SET_TAG_VALUES)
    );
}

#[cfg(feature = "testing")]
mod sandbox {
    use super::*;
    use linkflow_client::testing::Sandbox;

    #[tokio::test]
    async fn tag_lifecycle_in_the_sandbox() {
        let sandbox = Sandbox::start().expect("sandbox");
        let client = sandbox.client().expect("client");
        let tags = client.tags();

        let tag = tags
            .create(
                "tag_vip",
                "VIP",
                TagDataType::Text,
                IdentityType::ExternalId,
            )
            .channel_id("1")
            .send()
            .await
            .expect("created");
        assert_eq!(tag.status, Some(TagStatus::Active));
        let err = tags
            .create("tag_vip", "VIP", TagDataType::Text, IdentityType::Phone)
            .send()
            .await
            .expect_err("exists");
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01151"));
        let err = tags
            .create(
                "tag_other",
                "x",
                TagDataType::Text,
                IdentityType::ExternalId,
            )
            .channel_id("999")
            .send()
            .await
            .expect_err("channel");
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00159"));

        let all: Vec<_> = tags
            .list()
            .size(2)
            .stream()
            .try_collect()
            .await
            .expect("list");
        assert!(all.iter().any(|t| t.tag_key == "tag_vip"));
        assert!(
            all.iter()
                .any(|t| t.tag_key == "tag_878" && t.folder_id == Some(FolderId(56)))
        );

        // Value files: overwrite then append.
        let dir = value_file("phone\n13800000000\n");
        let path = dir.path().join("values.csv");
        let first = tags
            .upload_file("tag_vip", UploadMode::Overwrite, &path)
            .send()
            .await
            .expect("upload");
        assert_eq!(first.file_name, "tag_vip_file1");
        tags.upload_reader(
            "tag_vip",
            UploadMode::Append,
            "more.csv",
            &b"phone\n1\n"[..],
        )
        .send()
        .await
        .expect("append");
        assert_eq!(
            sandbox.tag_files("tag_vip"),
            [("values.csv".to_owned(), 18), ("more.csv".to_owned(), 8)]
        );

        // A calculation runs for a while: calculating again at once is refused.
        tags.calculate("tag_vip").await.expect("calculate");
        let err = tags.calculate("tag_vip").await.expect_err("busy");
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01152"));
        let err = tags.calculate("tag_inactive").await.expect_err("inactive");
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01165"));

        // The export task moves INITIAL → RUNNING → FINISH.
        let file = tags
            .export("tag_vip", IdentityType::Phone)
            .backoff(fast_polls())
            .wait()
            .await
            .expect("file");
        assert!(
            file.file_url
                .ends_with(&format!("/tag_vip/{}.csv", file.task_id)),
            "{}",
            file.file_url
        );
        assert_eq!(sandbox.request_count(EXPORT_STATE), 3);

        sandbox.fail_tag_exports("CALC_ERROR", "计算失败");
        let err = tags
            .export("tag_vip", IdentityType::Phone)
            .backoff(fast_polls())
            .wait()
            .await
            .expect_err("failed");
        assert_eq!(err.vendor_message(), Some("计算失败"));

        tags.delete("tag_vip").await.expect("deleted");
        assert!(!sandbox.has_tag("tag_vip"));
        let err = tags.delete("tag_vip").await.expect_err("gone");
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01162"));
    }

    #[tokio::test]
    async fn tag_values_show_in_the_contacts_tag_values() {
        let sandbox = Sandbox::start().expect("sandbox");
        let client = sandbox.client().expect("client");
        // Contact 29 holds phone 13888888888 (the document's identity example).
        let phone = Identity::new(IdentityType::Phone, "13888888888");
        client
            .tags()
            .set_values(phone.clone())
            .set_many(383, ["红色", "蓝色"])
            .set(385, "ignored: not an imported tag")
            .send()
            .await
            .expect("set");
        let values = client
            .contacts()
            .tag_values(phone.clone())
            .await
            .expect("values");
        let v383 = values.iter().find(|v| v.tag_id == 383).expect("383 set");
        assert_eq!(serde_json::to_value(v383).unwrap()["value"], "红色,蓝色");
        assert!(!values.iter().any(|v| v.tag_id == 385));

        client
            .tags()
            .set_values(phone.clone())
            .delete(383)
            .send()
            .await
            .expect("deleted");
        let values = client.contacts().tag_values(phone).await.expect("values");
        assert!(!values.iter().any(|v| v.tag_id == 383));

        let err = client
            .tags()
            .set_values(Identity::new(IdentityType::Phone, "10000000000"))
            .set(383, "x")
            .send()
            .await
            .expect_err("unknown identity");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01376"));
    }
}
