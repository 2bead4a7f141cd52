//! The envelope `{ret, data, msg, _t, _auth}`: decoding `data`, `ret` errors through the
//! catalogue, retries by safety, and the response signature.

use std::time::Duration;

use client_core::clock::ManualClock;
use client_core::retry;
use client_core::signing::md5_lower_hex;
use httpmock::prelude::*;
use okayapi_client::Verification;
use okayapi_client::models::{SaveVarDataParams, UseRecordStatisticsParams};

use crate::support::{self, SECRET, envelope, envelope_at, path};

const USAGE: &str = "AAndyUseRecordStatistics";

#[tokio::test]
async fn ret_406_is_a_signature_error_with_code_message_and_body() {
    let server = MockServer::start_async().await;
    let body = r#"{"ret":406,"data":{},"msg":"非法请求：签名错误"}"#;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(path(USAGE));
            then.status(200).body(body);
        })
        .await;
    let err = support::client(&server)
        .usage()
        .statistics(UseRecordStatisticsParams::new())
        .await
        .unwrap_err();
    assert!(err.is_signature(), "{err}");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("406"));
    assert_eq!(
        err.code_entry().map(|e| e.meaning_en),
        Some("wrong signature")
    );
    assert_eq!(err.vendor_message(), Some("非法请求：签名错误"));
    assert_eq!(err.body(), Some(body.as_bytes()));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    // Not retried, though the method is safe to repeat.
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn ret_404_and_unknown_4xx_are_final_api_errors() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(path(USAGE));
            then.status(200)
                .body(r#"{"ret":404,"data":{},"msg":"接口服务不存在"}"#);
        })
        .await;
    let err = support::client(&server)
        .usage()
        .statistics(UseRecordStatisticsParams::new())
        .await
        .unwrap_err();
    assert!(err.is_api());
    assert_eq!(err.vendor_code().and_then(|c| c.as_number()), Some(404));
    assert!(err.code_entry().is_some());
    assert_eq!(mock.calls_async().await, 1);

    let other = server
        .mock_async(|when, then| {
            when.method(POST).path(path("AOther"));
            then.status(200)
                .body(r#"{"ret":418,"data":null,"msg":"teapot"}"#);
        })
        .await;
    let err = support::client(&server)
        .method("AOther")
        .safe_to_repeat(true)
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(err.is_api());
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("418"));
    assert!(err.code_entry().is_none());
    assert_eq!(other.calls_async().await, 1);
}

#[tokio::test]
async fn ret_5xx_is_retried_for_reads_only() {
    let server = MockServer::start_async().await;
    let read = server
        .mock_async(|when, then| {
            when.method(POST).path(path(USAGE));
            then.status(200)
                .body(r#"{"ret":500,"data":{},"msg":"服务端异常"}"#);
        })
        .await;
    let write = server
        .mock_async(|when, then| {
            when.method(POST).path(path("ASaveAndyVardDtas"));
            then.status(200)
                .body(r#"{"ret":502,"data":{},"msg":"服务端异常"}"#);
        })
        .await;
    let client = support::client(&server);
    let err = client
        .usage()
        .statistics(UseRecordStatisticsParams::new())
        .await
        .unwrap_err();
    assert!(err.is_api());
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("500"));
    assert_eq!(err.code_entry().map(|e| e.code), Some("5XX"));
    assert_eq!(read.calls_async().await, 3, "a read is retried");

    let err = client
        .process_data()
        .save(SaveVarDataParams::new().user_id(1))
        .await
        .unwrap_err();
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("502"));
    assert_eq!(err.retry_note(), Some(retry::NOT_SAFE_TO_REPEAT));
    assert_eq!(
        write.calls_async().await,
        1,
        "ASaveAndyVardDtas is not retried"
    );
}

#[tokio::test]
async fn http_errors_without_an_envelope() {
    let server = MockServer::start_async().await;
    let gateway = server
        .mock_async(|when, then| {
            when.method(POST).path(path(USAGE));
            then.status(502).body("<html>bad gateway</html>");
        })
        .await;
    let garbage = server
        .mock_async(|when, then| {
            when.method(POST).path(path("AGarbage"));
            then.status(200).body("not json");
        })
        .await;
    let client = support::client(&server);
    let err = client
        .usage()
        .statistics(UseRecordStatisticsParams::new())
        .await
        .unwrap_err();
    assert!(err.is_api());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(gateway.calls_async().await, 3);
    let err = client
        .call::<serde_json::Value>("AGarbage", ())
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err}");
    assert_eq!(garbage.calls_async().await, 1);
}

#[tokio::test]
async fn auth_is_verified_over_the_exact_data_bytes() {
    // Spacing, member order and escapes as the server wrote them: a re-serialisation would
    // produce other bytes and another hash.
    let data = r#"{ "total" : 1, "items" : [ {"user_dd_nick":"\u738b\u5c0f\u660e","url":"http:\/\/x"} ] }"#;
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(path(USAGE));
            then.status(200).body(envelope(data));
        })
        .await;
    let raw = support::client(&server)
        .method(USAGE)
        .send_raw()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(raw.as_str(), data);
    let value: serde_json::Value = raw.decode().unwrap();
    assert_eq!(value["items"][0]["user_dd_nick"], "王小明");
}

#[tokio::test]
async fn a_tampered_response_is_a_signature_error() {
    let server = MockServer::start_async().await;
    let signed_for = r#"{"id":"1"}"#;
    let t = "1716876955";
    let auth = md5_lower_hex(format!("{signed_for}{t}{SECRET}").as_bytes());
    let tampered =
        format!(r#"{{"ret":200,"data":{{"id":"2"}},"msg":"","_t":{t},"_auth":"{auth}"}}"#);
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(path("AGet"));
            then.status(200).body(tampered.as_str());
        })
        .await;
    let err = support::client(&server)
        .method("AGet")
        .safe_to_repeat(true)
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(err.is_signature(), "{err}");
    assert_eq!(err.body(), Some(tampered.as_bytes()));
    assert_eq!(mock.calls_async().await, 1, "a signature error is final");

    // With verification off, the same answer decodes.
    let value: serde_json::Value = support::builder(&server)
        .verification(Verification::Off)
        .build()
        .unwrap()
        .call("AGet", ())
        .await
        .unwrap();
    assert_eq!(value["id"], "2");
}

#[tokio::test]
async fn wrong_secret_fails_verification() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(path("AGet"));
            then.status(200).body(envelope(r#"{"id":"1"}"#));
        })
        .await;
    let err = support::builder(&server)
        .credentials(support::KEY, secrecy::SecretString::from("another-secret"))
        .build()
        .unwrap()
        .call::<serde_json::Value>("AGet", ())
        .await
        .unwrap_err();
    assert!(err.is_signature());
}

#[tokio::test]
async fn missing_auth_if_present_versus_required() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(path("AGet"));
            then.status(200)
                .body(r#"{"ret":200,"data":{"id":"7"},"msg":""}"#);
        })
        .await;
    let value: serde_json::Value = support::client(&server).call("AGet", ()).await.unwrap();
    assert_eq!(value["id"], "7");
    let err = support::builder(&server)
        .verification(Verification::Required)
        .build()
        .unwrap()
        .call::<serde_json::Value>("AGet", ())
        .await
        .unwrap_err();
    assert!(err.is_signature(), "{err}");
}

#[tokio::test]
async fn clock_skew_window_on_t() {
    let server = MockServer::start_async().await;
    // _t = 2024-05-28T06:15:55Z
    server
        .mock_async(|when, then| {
            when.method(POST).path(path("AGet"));
            then.status(200)
                .body(envelope_at(r#"{"id":"1"}"#, "1716876955"));
        })
        .await;
    let clock = ManualClock::new("2024-05-28T06:20:55Z".parse().unwrap());
    let client = support::builder(&server)
        .max_clock_skew(Some(Duration::from_secs(600)))
        .clock(clock.clone())
        .build()
        .unwrap();
    let ok: serde_json::Value = client.call("AGet", ()).await.unwrap();
    assert_eq!(ok["id"], "1");
    clock.advance(Duration::from_secs(3600));
    let err = client
        .call::<serde_json::Value>("AGet", ())
        .await
        .unwrap_err();
    assert!(err.is_signature(), "{err}");
    assert!(err.to_string().contains("_t"), "{err}");
}

#[tokio::test]
async fn t_as_a_string_and_a_missing_data() {
    let server = MockServer::start_async().await;
    let t = "1716876955";
    let auth = md5_lower_hex(format!("[1,2]{t}{SECRET}").as_bytes());
    server
        .mock_async(|when, then| {
            when.method(POST).path(path("AList"));
            then.status(200).body(format!(
                r#"{{"ret":"200","data":[1,2],"msg":"","_t":"{t}","_auth":"{auth}"}}"#
            ));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(path("ANothing"));
            then.status(200).body(r#"{"ret":200,"msg":"ok"}"#);
        })
        .await;
    let client = support::client(&server);
    let list: Vec<u8> = client.call("AList", ()).await.unwrap();
    assert_eq!(list, vec![1, 2]);
    let nothing: Option<serde_json::Value> = client.call("ANothing", ()).await.unwrap();
    assert_eq!(nothing, None);
}

#[tokio::test]
async fn the_client_never_sends_return_data() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(envelope("1"));
        })
        .await;
    let err = support::client(&server)
        .call::<u32>("AGet", serde_json::json!({ "return_data": 1 }))
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some("return_data"));
    assert_eq!(mock.calls_async().await, 0);
}
