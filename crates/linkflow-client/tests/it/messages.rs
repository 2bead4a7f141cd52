//! "创建联系人和事件": `POST /open/messages` — exact bodies, generated ids, retries with the same
//! `request_id`, turning retries off, validation before sending.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use linkflow_client::models::{
    ChannelType, ContactData, EventData, Identity, IdentityType, Message, MessageBatch,
    ProfileMessage, Utm,
};
use uuid::Uuid;

use crate::support::*;

const FIXTURE: &str = include_str!("../../fixtures/messages_contact_event.request.json");

fn millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("valid millis")
}

#[tokio::test]
async fn sends_the_documented_body_exactly() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let expected: serde_json::Value = serde_json::from_str(FIXTURE).expect("fixture");
    let messages = server.mock(|when, then| {
        when.method(POST)
            .path("/open/messages")
            .header("x-openapi-token", TOKEN)
            .header("content-type", "application/json")
            .json_body(expected);
        then.status(200);
    });
    let client = client_for(&server);
    let contact = ContactData::new()
        .name("contactName")
        .email("email@163.com")
        .utm(Utm::new())
        .prop("string", "merge1")
        .prop("int", 11)
        .prop("date", "2022-09-15T03:20:13.000Z")
        .prop("long", 11_111_111_111_111_112_001_u64)
        .prop("bool", false);
    let event = EventData::new("WECHAT_WXA__HIDE")
        .event_date(millis(1_663_146_117_310))
        .utm(Utm::new())
        .prop("s_hideCount", 2)
        .prop("s_showCount", 2)
        .prop("s_visitDepth", 4)
        .prop("s_stayTime", 14)
        .prop("s_entryPagePath", "pages/index/index")
        .prop("s_exitPagePath", "pages/index/index")
        .prop("s_originScene", 1005);
    let receipt = client
        .messages()
        .batch("udc_12SyQfFmg")
        .request_id("593fc82a-d96b-5762-92c5-6b399c2a11e8")
        .channel_type(ChannelType::Udc)
        .identity(Identity::new(IdentityType::IdCard, "321100199012203412"))
        .identity(Identity::new("email", "email@163.com"))
        .message(
            Message::new(ProfileMessage::Contact(contact))
                .message_id("2364c05a-a97e-5937-bf5e-19f4996801a1")
                .ts(millis(1_663_146_117_310)),
        )
        .message(
            Message::new(ProfileMessage::Event(event))
                .message_id("9e0c92ff-250b-55b7-a9fa-9a9b16383167")
                .ts(millis(1_667_295_883_115)),
        )
        .send()
        .await
        .expect("sent");
    messages.assert_calls(1);
    assert_eq!(receipt.request_id, "593fc82a-d96b-5762-92c5-6b399c2a11e8");
    assert_eq!(
        receipt.message_ids,
        [
            "2364c05a-a97e-5937-bf5e-19f4996801a1",
            "9e0c92ff-250b-55b7-a9fa-9a9b16383167"
        ]
    );
}

/// Records every body `POST /open/messages` receives; answers `statuses` in turn (then 200).
fn recording_messages(
    server: &MockServer,
    statuses: Vec<u16>,
) -> (httpmock::Mock<'_>, Arc<Mutex<Vec<serde_json::Value>>>) {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&bodies);
    let mock = server.mock(|when, then| {
        when.method(POST).path("/open/messages");
        then.respond_with(move |req: &HttpMockRequest| {
            let mut seen = seen.lock().expect("lock");
            seen.push(serde_json::from_slice(req.body_ref()).expect("json body"));
            let status = statuses.get(seen.len() - 1).copied().unwrap_or(200);
            HttpMockResponse::builder().status(status).build()
        });
    });
    (mock, bodies)
}

#[tokio::test]
async fn generated_ids_are_uuid_v4_and_stay_the_same_on_every_retry() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    // Two ambiguous failures (HTTP 502, then 500 without a code), then success.
    let (mock, bodies) = recording_messages(&server, vec![502, 500, 200]);
    let client = client_for(&server);
    let receipt = client
        .messages()
        .batch("udc_key")
        .identity(Identity::new(IdentityType::Email, "a@example.com"))
        .contact(ContactData::new().name("A"))
        .event(EventData::new("PURCHASE"))
        .send()
        .await
        .expect("succeeds on the third attempt");
    mock.assert_calls(3);

    let request_id = Uuid::parse_str(&receipt.request_id).expect("uuid");
    assert_eq!(request_id.get_version_num(), 4);
    assert_eq!(receipt.message_ids.len(), 2);
    assert_ne!(receipt.message_ids[0], receipt.message_ids[1]);
    for id in &receipt.message_ids {
        assert_eq!(Uuid::parse_str(id).expect("uuid").get_version_num(), 4);
    }
    let bodies = bodies.lock().expect("lock");
    assert_eq!(bodies.len(), 3);
    for body in bodies.iter() {
        assert_eq!(body, &bodies[0], "every attempt sends the same bytes");
        assert_eq!(body["request_id"], receipt.request_id.as_str());
        assert_eq!(
            body["messages"][0]["message_id"],
            receipt.message_ids[0].as_str()
        );
        assert_eq!(
            body["messages"][1]["message_id"],
            receipt.message_ids[1].as_str()
        );
    }
    assert_eq!(bodies[0]["messages"][0]["domain"], "contact");
    assert_eq!(bodies[0]["messages"][0]["action"], "set");
    assert_eq!(bodies[0]["messages"][1]["domain"], "event");
    assert_eq!(bodies[0]["messages"][1]["action"], "track");
    assert!(bodies[0]["messages"][0]["ts"].is_i64());
    assert!(bodies[0].get("channelType").is_none(), "server default UDC");
}

#[tokio::test]
async fn retries_can_be_turned_off_per_call() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let (mock, _) = recording_messages(&server, vec![502, 200]);
    let client = client_for(&server);
    let err = client
        .messages()
        .batch("udc_key")
        .identity(Identity::new(IdentityType::Email, "a@example.com"))
        .contact(ContactData::new().name("A"))
        .no_retry()
        .send()
        .await
        .expect_err("one attempt only");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    mock.assert_calls(1);
}

#[tokio::test]
async fn separately_built_batches_get_fresh_ids_per_send() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let (_mock, bodies) = recording_messages(&server, vec![]);
    let client = client_for(&server);
    let mut batch = MessageBatch::new("udc_key");
    batch
        .identities
        .push(Identity::new("mobilePhone", "13800000000"));
    batch
        .messages
        .push(Message::new(ProfileMessage::Event(EventData::new("VISIT"))));
    let a = client.messages().send(&batch).await.expect("first");
    let b = client.messages().send(&batch).await.expect("second");
    assert_ne!(a.request_id, b.request_id, "a new send is a new request");
    let bodies = bodies.lock().expect("lock");
    assert_eq!(bodies[0]["identities"][0]["type"], "mobilePhone");
}

#[tokio::test]
async fn invalid_batches_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let messages = server.mock(|when, then| {
        when.method(POST).path("/open/messages");
        then.status(200);
    });
    let client = client_for(&server);

    let err = client
        .messages()
        .batch("udc_key")
        .contact(ContactData::new().name("A"))
        .send()
        .await
        .expect_err("no identity");
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some("identities"));

    let err = client
        .messages()
        .batch("udc_key")
        .identity(Identity::new("email", "a@example.com"))
        .send()
        .await
        .expect_err("no message");
    assert_eq!(err.field(), Some("messages"));

    let err = client
        .messages()
        .batch(" ")
        .identity(Identity::new("email", "a@example.com"))
        .contact(ContactData::new())
        .send()
        .await
        .expect_err("no channel");
    assert_eq!(err.field(), Some("channelKey"));

    let err = client
        .messages()
        .batch("udc_key")
        .identity(Identity::new("email", "a@example.com"))
        .event(EventData::new(""))
        .send()
        .await
        .expect_err("no event name");
    assert_eq!(err.field(), Some("messages[0].data.event"));

    let err = client
        .messages()
        .batch("udc_key")
        .identity(Identity::new("email", ""))
        .contact(ContactData::new())
        .send()
        .await
        .expect_err("blank identity");
    assert_eq!(err.field(), Some("identities[0].id"));

    token.assert_calls(0);
    messages.assert_calls(0);
}

#[tokio::test]
async fn documented_errors_keep_code_and_message() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let messages = server.mock(|when, then| {
        when.method(POST).path("/open/messages");
        then.status(500)
            .json_body(error_body("B00002", "必填参数为空"));
    });
    let client = client_for(&server);
    let err = client
        .messages()
        .batch("udc_key")
        .identity(Identity::new("email", "a@example.com"))
        .contact(ContactData::new())
        .send()
        .await
        .expect_err("server refuses");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00002"));
    assert_eq!(err.vendor_message(), Some("必填参数为空"));
    // A documented validation code is final even though the write carries an idempotency key.
    messages.assert_calls(1);
}

#[test]
fn channel_types_round_trip_with_a_fallback() {
    for (text, known) in [
        ("UDC", true),
        ("TTMP", true),
        ("WECHAT_WXA", true),
        ("YOUZAN", true),
        ("SOMETHING_NEW", false),
    ] {
        let parsed: ChannelType = serde_json::from_value(serde_json::json!(text)).expect("parse");
        assert_eq!(parsed.is_documented(), known);
        assert_eq!(serde_json::to_value(&parsed).expect("ser"), text);
    }
}

#[tokio::test]
async fn channel_type_is_one_the_document_lists_for_contacts_and_events() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let batch = |channel_type: ChannelType| {
        client
            .messages()
            .batch("udc_key")
            .request_id("r1")
            .channel_type(channel_type)
            .identity(Identity::new("email", "a@example.com"))
            .message(Message::new(ProfileMessage::Event(EventData::new("VISIT"))).message_id("m1"))
    };
    // Order channel types are documented, but not for `POST /open/messages`.
    for refused in [ChannelType::Youzan, ChannelType::parse("YOUZANSELF")] {
        let err = batch(refused).send().await.expect_err("order channel");
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("channelType"));
        assert!(err.to_string().contains("UDC, TTMP, WECHAT_WXA"), "{err}");
    }
    // The same rule for a batch built separately.
    let mut separate = MessageBatch::new("udc_key");
    separate.channel_type = Some(ChannelType::YouzanSelf);
    separate
        .identities
        .push(Identity::new("email", "a@example.com"));
    separate
        .messages
        .push(Message::new(ProfileMessage::Contact(ContactData::new())));
    let err = client
        .messages()
        .send(&separate)
        .await
        .expect_err("separate");
    assert_eq!(err.field(), Some("channelType"));
    let err = batch(ChannelType::Other(" ".into()))
        .send()
        .await
        .expect_err("blank");
    assert_eq!(err.field(), Some("channelType"));
    token.assert_calls(0);

    // The documented ones, and the explicit escape hatch, are sent as given.
    let (mock, bodies) = recording_messages(&server, vec![]);
    for sent in [
        ChannelType::Udc,
        ChannelType::Ttmp,
        ChannelType::WechatWxa,
        ChannelType::Other("YOUZAN".into()),
        ChannelType::parse("NEW_MINI_APP"),
    ] {
        batch(sent).send().await.expect("accepted");
    }
    mock.assert_calls(5);
    let bodies = bodies.lock().expect("lock");
    let types: Vec<&str> = bodies
        .iter()
        .map(|b| b["channelType"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        types,
        ["UDC", "TTMP", "WECHAT_WXA", "YOUZAN", "NEW_MINI_APP"]
    );
    assert_eq!(
        bodies[1],
        serde_json::json!({
            "request_id": "r1",
            "channelKey": "udc_key",
            "channelType": "TTMP",
            "identities": [{"id": "a@example.com", "type": "email"}],
            "messages": [{
                "message_id": "m1", "domain": "event", "action": "track",
                "ts": bodies[1]["messages"][0]["ts"].clone(),
                "data": {"event": "VISIT"}
            }]
        })
    );
}

#[tokio::test]
async fn a_free_form_field_never_repeats_a_typed_member() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let send = |message: ProfileMessage| {
        client
            .messages()
            .batch("udc_key")
            .identity(Identity::new("email", "a@example.com"))
            .contact(ContactData::new().name("first"))
            .message(message)
            .send()
    };
    let cases = [
        (
            ProfileMessage::Event(EventData::new("a").field("event", serde_json::Value::Null)),
            "messages[1].data.event",
        ),
        (
            ProfileMessage::Event(EventData::new("a").field("eventDate", "2024-01-02")),
            "messages[1].data.eventDate",
        ),
        (
            ProfileMessage::Contact(ContactData::new().name("A").field("name", "B")),
            "messages[1].data.name",
        ),
        // Refused even when the typed member is unset: the typed setter is the way to set it.
        (
            ProfileMessage::Contact(ContactData::new().field("mobilePhone", "138")),
            "messages[1].data.mobilePhone",
        ),
        (
            ProfileMessage::Contact(ContactData::new().prop("p", 1).field("props", 2)),
            "messages[1].data.props",
        ),
    ];
    for (message, field) in cases {
        let err = send(message).await.expect_err(field);
        assert!(err.is_invalid_input(), "{err}");
        assert_eq!(err.field(), Some(field));
    }
    token.assert_calls(0);

    // Other names (and names differing in case) go beside the typed members, once each.
    let (mock, bodies) = recording_messages(&server, vec![]);
    send(ProfileMessage::Event(
        EventData::new("a")
            .field("Event", "x")
            .field("city", "Shanghai"),
    ))
    .await
    .expect("sent");
    mock.assert_calls(1);
    let body = bodies.lock().expect("lock")[0].clone();
    assert_eq!(
        body["messages"][1]["data"],
        serde_json::json!({"event": "a", "Event": "x", "city": "Shanghai"})
    );
}

#[test]
fn typed_member_lists_match_what_the_types_write() {
    let contact = ContactData::new()
        .name("n")
        .nickname("k")
        .gender("male")
        .email("e")
        .mobile_phone("1")
        .utm(Utm::new())
        .prop("p", 1);
    let event = EventData::new("e")
        .event_date(millis(1))
        .utm(Utm::new())
        .prop("p", 1);
    let keys = |v: serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        keys
    };
    let sorted = |list: &[&str]| {
        let mut list: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        list.sort();
        list
    };
    assert_eq!(
        keys(serde_json::to_value(&contact).expect("contact")),
        sorted(ContactData::TYPED_MEMBERS)
    );
    assert_eq!(
        keys(serde_json::to_value(&event).expect("event")),
        sorted(EventData::TYPED_MEMBERS)
    );
}
