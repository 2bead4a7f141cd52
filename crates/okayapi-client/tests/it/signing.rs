//! The request signature: the README's vector, raw values signed and encoded values sent,
//! byte-order sorting, and what takes part in the signature in each configuration.

use client_core::signing::md5_upper_hex;
use httpmock::prelude::*;
use okayapi_client::auth::request_signature;
use okayapi_client::{NewStyleService, PathStyle, SigningMode};
use secrecy::SecretString;

use crate::support::{self, APP, KEY, SECRET, envelope, path};

#[test]
fn readme_test_vector() {
    let secret = SecretString::from("Eb8LgJGSA2juKjmND6R3XuHdqe3n5xEEjPx");
    let params = [
        ("service", "App.HelloWorld.HiApp"),
        ("app_key", "dMYpWZkvC6U40FbnIM6eGr"),
        ("uid", "1"),
        ("sign", "anything: sign itself is never signed"),
    ];
    assert_eq!(
        request_signature(params, &secret),
        "BBAEFD9CF8532BECF45F74A1E79C695A"
    );
}

#[tokio::test]
async fn old_style_signs_s_app_key_and_params_like_the_readme() {
    // The README's request, sent the old way: `s` in the query, the rest in the form.
    let server = MockServer::start_async().await;
    let client = support::builder(&server)
        .path_style(PathStyle::Old)
        .build()
        .unwrap();
    let service = format!("SVIP.{APP}.AHiApp");
    // Sorted by name: app_key, s, uid.
    let expected_sign = md5_upper_hex(format!("{KEY}{service}1{SECRET}").as_bytes());
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/")
                .query_param("s", service.as_str())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("uid=1&app_key={KEY}&sign={expected_sign}"));
            then.status(200).body(envelope(r#"{"hi":"there"}"#));
        })
        .await;
    let data: serde_json::Value = client
        .call("AHiApp", serde_json::json!({ "uid": 1 }))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(data["hi"], "there");
}

#[tokio::test]
async fn raw_values_are_signed_and_encoded_values_are_sent() {
    let server = MockServer::start_async().await;
    let client = support::client(&server);
    let chinese = "中文 a&b=c/d+e";
    let json_text = r#"{"k":"v w"}"#;
    // Byte order: "Beta" < "Zeta" < "alpha" < "app_key" (upper case sorts first).
    let signed = format!("x{chinese}{json_text}{KEY}{SECRET}");
    let expected_sign = md5_upper_hex(signed.as_bytes());
    let expected_body = format!(
        "Zeta=%E4%B8%AD%E6%96%87+a%26b%3Dc%2Fd%2Be\
         &alpha=%7B%22k%22%3A%22v+w%22%7D\
         &Beta=x\
         &app_key={KEY}&sign={expected_sign}"
    );
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AEcho"))
                .body(expected_body.as_str());
            then.status(200).body(envelope("null"));
        })
        .await;
    let data: Option<String> = client
        .method("AEcho")
        .param("Zeta", chinese)
        .param("alpha", json_text)
        .param("Beta", "x")
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(data, None);
}

#[tokio::test]
async fn member_session_is_sent_and_signed() {
    let server = MockServer::start_async().await;
    let client = support::builder(&server)
        .member_session("member-uuid-1", SecretString::from("member-token-1"))
        .build()
        .unwrap();
    // Sorted: app_key, page, token, uuid.
    let expected_sign =
        md5_upper_hex(format!("{KEY}2member-token-1member-uuid-1{SECRET}").as_bytes());
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(path("AEcho")).body(format!(
                "page=2&app_key={KEY}&uuid=member-uuid-1&token=member-token-1&sign={expected_sign}"
            ));
            then.status(200).body(envelope("{}"));
        })
        .await;
    let _: serde_json::Value = client
        .call("AEcho", serde_json::json!({ "page": 2 }))
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn unsigned_and_static_modes() {
    let server = MockServer::start_async().await;
    let unsigned = support::builder(&server)
        .signing(SigningMode::Unsigned)
        .build()
        .unwrap();
    let fixed = support::builder(&server)
        .signing(SigningMode::Static(SecretString::from("STATIC-SIGN-123")))
        .build()
        .unwrap();
    let none = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AUnsigned"))
                .body(format!("a=1&app_key={KEY}"));
            then.status(200).body(envelope("1"));
        })
        .await;
    let stat = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AStatic"))
                .body(format!("a=1&app_key={KEY}&sign=STATIC-SIGN-123"));
            then.status(200).body(envelope("2"));
        })
        .await;
    let a: u32 = unsigned
        .method("AUnsigned")
        .param("a", "1")
        .send()
        .await
        .unwrap();
    let b: u32 = fixed
        .method("AStatic")
        .param("a", "1")
        .send()
        .await
        .unwrap();
    none.assert_async().await;
    stat.assert_async().await;
    assert_eq!((a, b), (1, 2));
}

#[tokio::test]
async fn new_style_service_param_switch() {
    let server = MockServer::start_async().await;
    let service = format!("SVIP.{APP}.AEcho");
    // SendAndSign: `s` is sent in the form and signed (sorted: a, app_key, s).
    let send_sign = md5_upper_hex(format!("1{KEY}{service}{SECRET}").as_bytes());
    let sent = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AEcho"))
                .body(format!("a=1&s={service}&app_key={KEY}&sign={send_sign}"));
            then.status(200).body(envelope("1"));
        })
        .await;
    let client = support::builder(&server)
        .new_style_service(NewStyleService::SendAndSign)
        .build()
        .unwrap();
    let _: u32 = client.method("AEcho").param("a", "1").send().await.unwrap();
    sent.assert_async().await;
    sent.delete_async().await;

    // SignOnly: the same signature, but `s` is not sent.
    let signed_only = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AEcho"))
                .body(format!("a=1&app_key={KEY}&sign={send_sign}"));
            then.status(200).body(envelope("1"));
        })
        .await;
    let client = support::builder(&server)
        .new_style_service(NewStyleService::SignOnly)
        .build()
        .unwrap();
    let _: u32 = client.method("AEcho").param("a", "1").send().await.unwrap();
    signed_only.assert_async().await;
    signed_only.delete_async().await;

    // Omit (the default): neither sent nor signed.
    let omit_sign = md5_upper_hex(format!("1{KEY}{SECRET}").as_bytes());
    let omitted = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AEcho"))
                .body(format!("a=1&app_key={KEY}&sign={omit_sign}"));
            then.status(200).body(envelope("1"));
        })
        .await;
    let _: u32 = support::client(&server)
        .method("AEcho")
        .param("a", "1")
        .send()
        .await
        .unwrap();
    omitted.assert_async().await;
}

#[tokio::test]
async fn every_attempt_is_signed_and_carries_one_sign() {
    // A retried read: each attempt is built afresh and signed once.
    let server = MockServer::start_async().await;
    let client = support::client(&server);
    let expected = support::body(&[("a", "1")]);
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AEcho"))
                .body(expected.as_str());
            then.status(200)
                .body(r#"{"ret":503,"data":{},"msg":"busy"}"#);
        })
        .await;
    let err = client
        .method("AEcho")
        .param("a", "1")
        .safe_to_repeat(true)
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 3, "{err}");
    assert_eq!(err.attempts(), 3);
}
