//! The DingTalk robot callbacks: ACpsReceiveSearch, AReceiveMsg, ARjkhSaleCaseReceiveSearch.
//! Typed values ("字符串JSON格式" included) must produce exactly the documented request.

use chrono::DateTime;
use httpmock::prelude::*;
use okayapi_client::models::{
    AtUser, ConversationType, CustomType, MessageContent, MessageText, MessageType, ModelType,
    ReceiveMsgParams, RobotMessage,
};

use crate::support::{self, envelope, fixture_data, path};

const CPS_REQUEST: &str = include_str!("../../fixtures/cps_receive_search.request.json");
const CPS_RESPONSE: &str = include_str!("../../fixtures/cps_receive_search.response.json");
const MSG_REQUEST: &str = include_str!("../../fixtures/receive_msg.request.json");
const MSG_RESPONSE: &str = include_str!("../../fixtures/receive_msg.response.json");
const SALE_RESPONSE: &str =
    include_str!("../../fixtures/rjkh_sale_case_receive_search.response.json");

/// The robot fields in the order the client sends them.
const ORDER: &[&str] = &[
    "senderPlatform",
    "conversationId",
    "atUsers",
    "chatbotCorpId",
    "chatbotUserId",
    "msgId",
    "senderNick",
    "isAdmin",
    "senderStaffId",
    "createAt",
    "senderCorpId",
    "conversationType",
    "senderId",
    "conversationTitle",
    "isInAtList",
    "sessionWebhook",
    "text",
    "msgtype",
    "robotCode",
    "sessionWebhookExpiredTime",
    "customType",
    "content",
    "modelType",
];

/// The fixture's fields as `(name, value)` in the client's order.
fn fixture_pairs(fixture: &str) -> Vec<(String, String)> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(fixture).unwrap();
    ORDER
        .iter()
        .filter_map(|name| {
            map.get(*name)
                .map(|v| ((*name).to_owned(), v.as_str().unwrap().to_owned()))
        })
        .collect()
}

fn as_refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The callback of the fixtures, typed.
fn message(msg_id: &str, create_at: i64, text: Option<&str>) -> RobotMessage {
    let mut message = RobotMessage::new()
        .sender_platform("Win")
        .conversation_id("cidp7bD2cFkRk0WnvuoeQxg2Q==")
        .at_users([AtUser::new("$:LWCP_v1:$r6nw1b8V3pJ1Ig0FhW5C0A==")])
        .chatbot_corp_id("ding5f1e2d3c4b5a6978")
        .chatbot_user_id("$:LWCP_v1:$r6nw1b8V3pJ1Ig0FhW5C0A==")
        .msg_id(msg_id)
        .sender_nick("王小明")
        .is_admin(false)
        .sender_staff_id("manager4521")
        .create_at(DateTime::from_timestamp_millis(create_at).unwrap())
        .sender_corp_id("ding5f1e2d3c4b5a6978")
        .conversation_type(ConversationType::Group)
        .sender_id("$:LWCP_v1:$Kk8a1q0dQ2wZ3xVbNm5T7w==")
        .conversation_title("内容产品售卖助手群")
        .is_in_at_list(true)
        .session_webhook(
            "https://oapi.dingtalk.com/robot/sendBySession?session=c4f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4",
        )
        .robot_code("ding5f1e2d3c4b5a6978")
        .session_webhook_expired_time(DateTime::from_timestamp_millis(1_716_882_354_567).unwrap());
    if let Some(text) = text {
        message = message
            .text(MessageText::new(text))
            .msgtype(MessageType::Text);
    }
    message
}

#[tokio::test]
async fn cps_receive_search_sends_the_documented_callback() {
    let server = MockServer::start_async().await;
    let expected = fixture_pairs(CPS_REQUEST);
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ACpsReceiveSearch"))
                .body(support::body(&as_refs(&expected)));
            then.status(200).body(envelope(&fixture_data(CPS_RESPONSE)));
        })
        .await;
    let id = support::client(&server)
        .robot()
        .cps_receive_search(message(
            "msgQ0e3Lq2Q7o7b1EwQ9n3r8A==",
            1_716_876_954_512,
            Some(" 领导力课程有哪些客户案例"),
        ))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(id.id, "3562");
}

#[tokio::test]
async fn receive_msg_sends_content_as_json_text() {
    let server = MockServer::start_async().await;
    let expected = fixture_pairs(MSG_REQUEST);
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AReceiveMsg"))
                .body(support::body(&as_refs(&expected)));
            then.status(200).body(envelope(&fixture_data(MSG_RESPONSE)));
        })
        .await;
    let params = ReceiveMsgParams::new(
        message("msgR7k2Lp9X1c4b8EwQ9n3r8B==", 1_716_877_012_345, None).msgtype(MessageType::File),
    )
    .custom_type(CustomType::Report)
    .content(MessageContent::file(
        "mIofN681YE3f/+m+NntqpaRMz1IXyWEhBMtr6qk1Eg8gR5UiLpvwmqDtcdlFKKnn",
        "年度人才盘点报告.pdf",
    ))
    .model_type(ModelType::Trigger);
    let id = support::client(&server)
        .robot()
        .receive_msg(params)
        .await
        .unwrap();
    mock.assert_async().await;
    let expected_id: serde_json::Value = serde_json::from_str(&fixture_data(MSG_RESPONSE)).unwrap();
    assert_eq!(id.id, expected_id["id"].as_str().unwrap());
}

#[tokio::test]
async fn callbacks_are_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(path("ARjkhSaleCaseReceiveSearch"));
            then.status(200)
                .body(r#"{"ret":500,"data":{},"msg":"服务端异常"}"#);
        })
        .await;
    let err = support::client(&server)
        .robot()
        .sale_case_receive_search(RobotMessage::new().text("hello"))
        .await
        .unwrap_err();
    assert!(err.is_api());
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn sale_case_receive_search_minimal() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ARjkhSaleCaseReceiveSearch"))
                .body(support::body(&[("text", r#"{"content":"制造业 案例"}"#)]));
            then.status(200)
                .body(envelope(&fixture_data(SALE_RESPONSE)));
        })
        .await;
    let id = support::client(&server)
        .robot()
        .sale_case_receive_search(RobotMessage::new().text("制造业 案例"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(!id.id.is_empty());
}
