//! "查询联系人", "根据联系人查询渠道账号", "查询企业微信联系我二维码".

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use httpmock::prelude::*;
use linkflow_client::models::{ContactId, IdentityType};

use crate::support::*;

const CHANNEL_IDENTITIES: &str =
    include_str!("../../fixtures/contact_channel_identities.response.json");
const QRCODES: &str = include_str!("../../fixtures/workwechat_qrcodes.response.json");

#[tokio::test]
async fn find_contact_answers_a_bare_number() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let find = server.mock(|when, then| {
        when.method(GET)
            .path("/open/identity/contact")
            .header("x-openapi-token", TOKEN)
            .query_param("idType", "idCard")
            .query_param("id", "321100199012203412");
        then.status(200).body("703941987164160");
    });
    let client = client_for(&server);
    let id = client
        .identity()
        .find_contact(IdentityType::IdCard, "321100199012203412")
        .await
        .expect("found");
    assert_eq!(id, Some(ContactId(703_941_987_164_160)));
    find.assert_calls(1);
}

#[tokio::test]
async fn find_contact_answers_none_for_null_or_empty() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let null = server.mock(|when, then| {
        when.method(GET)
            .path("/open/identity/contact")
            .query_param("id", "nobody@example.com");
        then.status(200).body("null");
    });
    let empty = server.mock(|when, then| {
        when.method(GET)
            .path("/open/identity/contact")
            .query_param("id", "nobody-2@example.com");
        then.status(200);
    });
    let client = client_for(&server);
    let identity = client.identity();
    assert_eq!(
        identity
            .find_contact("email", "nobody@example.com")
            .await
            .expect("ok"),
        None
    );
    assert_eq!(
        identity
            .find_contact("email", "nobody-2@example.com")
            .await
            .expect("ok"),
        None
    );
    null.assert_calls(1);
    empty.assert_calls(1);
}

#[tokio::test]
async fn find_contact_refuses_blank_input_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let err = client
        .identity()
        .find_contact("email", "  ")
        .await
        .expect_err("blank id");
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some("id"));
    token.assert_calls(0);
}

#[tokio::test]
async fn channel_identities_decode_the_document_example() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts/703941987164160/channel_identities")
            .header("x-openapi-token", TOKEN);
        then.status(200).body(CHANNEL_IDENTITIES);
    });
    let client = client_for(&server);
    let accounts = client
        .identity()
        .channel_identities(703_941_987_164_160)
        .await
        .expect("accounts");
    mock.assert_calls(1);
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0].id, 140_992_033_742_850);
    assert_eq!(accounts[0].contact_id, Some(ContactId(703_941_987_164_160)));
    assert_eq!(
        accounts[0].external_id.as_deref(),
        Some("wmbbj8CwAA6LB80PlgbjpHyzUGrupa9g")
    );
    let channel = accounts[0].channel.as_ref().expect("channel");
    assert_eq!(channel.channel_type.as_deref(), Some("WORKWECHAT_PRO"));
    assert_eq!(
        channel
            .date_created
            .as_ref()
            .map(|t| t.to_utc().to_rfc3339()),
        Some("2022-07-19T01:53:24+00:00".to_owned())
    );
    assert_eq!(accounts[1].external_id, None);
}

#[tokio::test]
async fn workwechat_qrcodes_decode_and_map_b00022() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let ok = server.mock(|when, then| {
        when.method(GET)
            .path("/open/workwechat/ww0b8772cfc1ed757c/qrcodes")
            .header("x-openapi-token", TOKEN);
        then.status(200).body(QRCODES);
    });
    let missing = server.mock(|when, then| {
        when.method(GET).path("/open/workwechat/ww-unknown/qrcodes");
        then.status(500)
            .json_body(error_body("B00022", "渠道不存在"));
    });
    let client = client_for(&server);
    let codes = client
        .identity()
        .workwechat_qrcodes("ww0b8772cfc1ed757c")
        .await
        .expect("codes");
    assert_eq!(codes.len(), 4);
    assert_eq!(codes[0].work_wechat_welcome_message_id, Some(17));
    assert_eq!(codes[1].work_wechat_welcome_message_id, None);
    assert_eq!(
        codes[0].utm.as_ref().and_then(|u| u.source.as_deref()),
        Some("新建来源")
    );
    assert_eq!(
        codes[0]
            .contact_way
            .as_ref()
            .and_then(|w| w.kind.as_deref()),
        Some("SINGLE")
    );
    let err = client
        .identity()
        .workwechat_qrcodes("ww-unknown")
        .await
        .expect_err("unknown channel");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00022"));
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some("GET /open/workwechat/{channelId}/qrcodes")
    );
    ok.assert_calls(1);
    missing.assert_calls(1);
}

#[tokio::test]
async fn path_parameters_are_escaped() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET).path("/open/workwechat/a%2Fb%20c/qrcodes");
        then.status(200).body("[]");
    });
    let client = client_for(&server);
    let codes = client
        .identity()
        .workwechat_qrcodes("a/b c")
        .await
        .expect("codes");
    assert!(codes.is_empty());
    mock.assert_calls(1);
}
