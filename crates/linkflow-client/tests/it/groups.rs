//! "群组": query, create, rename, delete, a contact's groups, members (and their stream), adding
//! and removing members.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use client_core::time::VendorTime;
use futures::TryStreamExt as _;
use httpmock::prelude::*;
use linkflow_client::models::{ContactId, GroupId, GroupType, MemberId};

use crate::support::*;

const GROUPS: &str = include_str!("../../fixtures/groups.response.json");
const CREATE_REQUEST: &str = include_str!("../../fixtures/groups_create.request.json");
const CREATE_ANSWER: &str = include_str!("../../fixtures/groups_create.response.json");
const CONTACT_GROUPS: &str = include_str!("../../fixtures/contact_groups.response.json");
const MEMBERS: &str = include_str!("../../fixtures/group_contacts.response.json");
const ADD_REQUEST: &str = include_str!("../../fixtures/group_contacts_add.request.json");
const ADD_ANSWER: &str = include_str!("../../fixtures/group_contacts_add.response.json");
const REMOVE_REQUEST: &str = include_str!("../../fixtures/group_contacts_remove.request.json");
const REMOVE_ANSWER: &str = include_str!("../../fixtures/group_contacts_remove.response.json");

#[tokio::test]
async fn list_sends_every_filter_and_decodes() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups")
            .header("x-openapi-token", TOKEN)
            .query_param("id", "126")
            .query_param("name", "wechat")
            .query_param("groupType", "static")
            .query_param("lastUpdated", "2017-12-01 00:00:00")
            .query_param("ext1", "wx134210231")
            .query_param("ext2", "wechattagid");
        then.status(200).body(GROUPS);
    });
    let client = client_for(&server);
    let groups = client
        .groups()
        .list()
        .id(126)
        .name("wechat")
        .group_type(GroupType::Static)
        .last_updated(VendorTime::parse("2017-12-01 00:00:00").expect("time"))
        .ext1("wx134210231")
        .ext2("wechattagid")
        .send()
        .await
        .expect("groups");
    mock.assert_calls(1);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].id, GroupId(47));
    assert_eq!(groups[0].name, "618潜在客户");
    assert_eq!(groups[1].group_type, Some(GroupType::Dynamic));
}

#[tokio::test]
async fn list_sends_last_updated_in_the_documents_layout() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let zoned = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups")
            .query_param("lastUpdated", "2017-11-30 23:00:00");
        then.status(200).body("[]");
    });
    let day = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups")
            .query_param("lastUpdated", "2017-12-01");
        then.status(200).body(GROUPS);
    });
    let client = client_for(&server);
    let groups = client
        .groups()
        .list()
        .last_updated(VendorTime::parse("2017-12-01T00:00:00+09:00").expect("time"))
        .send()
        .await
        .expect("groups");
    assert!(groups.is_empty());
    let groups = client
        .groups()
        .list()
        .last_updated(VendorTime::parse("2017-12-01 ").expect("date"))
        .send()
        .await
        .expect("groups");
    assert_eq!(groups.len(), 2);
    zoned.assert_calls(1);
    day.assert_calls(1);
}

#[tokio::test]
async fn create_posts_the_documented_body() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let expected: serde_json::Value = serde_json::from_str(CREATE_REQUEST).expect("fixture");
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/groups")
            .header("content-type", "application/json")
            .json_body(expected);
        then.status(200).body(CREATE_ANSWER);
    });
    let client = client_for(&server);
    let group = client
        .groups()
        .create("this-is-group-name")
        .ext1("wechatappid")
        .ext2("wechattagid")
        .send()
        .await
        .expect("created");
    mock.assert_calls(1);
    assert_eq!(group.id, GroupId(334));
    assert_eq!(group.group_type, Some(GroupType::Static));
}

#[tokio::test]
async fn create_is_not_retried_after_an_ambiguous_failure() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST).path("/open/groups");
        then.status(502);
    });
    let client = client_for(&server);
    let err = client.groups().create("g").send().await.expect_err("fails");
    assert!(err.retry_note().is_some(), "{err:?}");
    mock.assert_calls(1);
}

#[tokio::test]
async fn create_errors_are_typed() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(POST)
            .path("/open/groups")
            .json_body_includes(r#"{"name":"dup"}"#);
        then.status(400)
            .json_body(error_body("B00001", "群组已存在"));
    });
    server.mock(|when, then| {
        when.method(POST)
            .path("/open/groups")
            .json_body_includes(r#"{"name":"full"}"#);
        then.status(412)
            .json_body(error_body("B00157", "群组数量已达到上限"));
    });
    let client = client_for(&server);
    let err = client.groups().create("dup").send().await.expect_err("dup");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00001"));
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some("POST /open/groups")
    );
    let err = client
        .groups()
        .create("full")
        .send()
        .await
        .expect_err("full");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(412));
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00157"));
    let err = client.groups().create(" ").send().await.expect_err("blank");
    assert!(err.is_invalid_input());
}

#[tokio::test]
async fn rename_posts_the_name_as_json() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/groups/334")
            .query_param_missing("name")
            .json_body(serde_json::json!({"name": "new-name"}));
        then.status(200);
    });
    let taken = server.mock(|when, then| {
        when.method(POST).path("/open/groups/335");
        then.status(420)
            .json_body(error_body("B01102", "群组名已存在"));
    });
    let client = client_for(&server);
    client
        .groups()
        .rename(334, "new-name")
        .await
        .expect("renamed");
    let err = client
        .groups()
        .rename(335, "new-name")
        .await
        .expect_err("taken");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(420));
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some("POST /open/groups/{id}")
    );
    mock.assert_calls(1);
    taken.assert_calls(1);
}

#[tokio::test]
async fn delete_sends_delete() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(DELETE)
            .path("/open/groups/334")
            .header("x-openapi-token", TOKEN);
        then.status(200);
    });
    let client = client_for(&server);
    client.groups().delete(GroupId(334)).await.expect("deleted");
    mock.assert_calls(1);
}

#[tokio::test]
async fn groups_of_a_contact_with_type_filter() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts/17760/groups")
            .query_param("groupType", "static");
        then.status(200).body(CONTACT_GROUPS);
    });
    let missing = server.mock(|when, then| {
        when.method(GET).path("/open/contacts/1/groups");
        then.status(404)
            .json_body(error_body("B00008", "联系人不存在"));
    });
    let client = client_for(&server);
    let groups = client
        .groups()
        .of_contact(17760)
        .group_type("static")
        .send()
        .await
        .expect("groups");
    assert_eq!(groups[1].name, "关注用户");
    let err = client
        .groups()
        .of_contact(ContactId(1))
        .send()
        .await
        .expect_err("missing");
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some("GET /open/contacts/{contactId}/groups")
    );
    mock.assert_calls(1);
    missing.assert_calls(1);
}

#[tokio::test]
async fn members_send_cursor_and_size_and_decode() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups/252/contacts")
            .query_param("memberId", "2346")
            .query_param("size", "500");
        then.status(200).body(MEMBERS);
    });
    let client = client_for(&server);
    let members = client
        .groups()
        .members(252)
        .member_id(2346)
        .size(500)
        .send()
        .await
        .expect("members");
    mock.assert_calls(1);
    assert_eq!(members[0].member_id, MemberId(1_243_167));
    assert_eq!(members[0].contact.id, ContactId(17771));
    assert_eq!(members[0].contact.mobile_phone, None);
    assert_eq!(members[1].contact.name.as_deref(), Some("tiger"));
    assert_eq!(members[1].contact_group_id, Some(GroupId(252)));
}

#[tokio::test]
async fn sparse_groups_and_members_decode() {
    // Only ids (and a group's name, a member's contact) are required; an unknown `groupType` is
    // kept as `Other`.
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(GET).path("/open/groups");
        then.status(200)
            .body(r#"[{"id": 7, "name": "g"}, {"id": 8, "name": "h", "groupType": "smart"}]"#);
    });
    server.mock(|when, then| {
        when.method(GET).path("/open/groups/7/contacts");
        then.status(200)
            .body(r#"[{"memberId": 1, "contact": {"id": 17}, "contactGroupId": null}]"#);
    });
    let client = client_for(&server);
    let groups = client.groups().list().send().await.expect("groups");
    assert_eq!(groups[0].id, GroupId(7));
    assert_eq!(
        (
            groups[0].group_type.as_ref(),
            groups[0].date_created.as_ref()
        ),
        (None, None)
    );
    assert_eq!(groups[1].group_type, Some(GroupType::Other("smart".into())));
    let members = client.groups().members(7).send().await.expect("members");
    assert_eq!(members[0].member_id, MemberId(1));
    assert_eq!(members[0].contact.id, ContactId(17));
    assert_eq!(members[0].contact.name, None);
    assert_eq!(members[0].contact_group_id, None);
}

#[tokio::test]
async fn members_size_above_500_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let err = client
        .groups()
        .members(252)
        .size(501)
        .send()
        .await
        .expect_err("too big");
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some("size"));
    token.assert_calls(0);
}

#[tokio::test]
async fn members_stream_follows_member_ids() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let member = |id: i64| serde_json::json!({"memberId": id, "contact": {"id": id * 10, "name": "x"}, "contactGroupId": 7});
    let first = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups/7/contacts")
            .query_param_missing("memberId")
            .query_param("size", "2");
        then.status(200)
            .json_body(serde_json::json!([member(1), member(2)]));
    });
    let second = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups/7/contacts")
            .query_param("memberId", "2")
            .query_param("size", "2");
        then.status(200).json_body(serde_json::json!([member(5)]));
    });
    let last = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups/7/contacts")
            .query_param("memberId", "5");
        then.status(200).body("[]");
    });
    let client = client_for(&server);
    let contacts: Vec<i64> = client
        .groups()
        .members(7)
        .size(2)
        .stream()
        .map_ok(|m| m.contact.id.get())
        .try_collect()
        .await
        .expect("members");
    assert_eq!(contacts, [10, 20, 50]);
    first.assert_calls(1);
    second.assert_calls(1);
    last.assert_calls(1);
}

#[tokio::test]
async fn add_and_remove_send_the_id_array() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let add_body: serde_json::Value = serde_json::from_str(ADD_REQUEST).expect("fixture");
    let remove_body: serde_json::Value = serde_json::from_str(REMOVE_REQUEST).expect("fixture");
    let add = server.mock(|when, then| {
        when.method(POST)
            .path("/open/groups/333/contacts")
            .json_body(add_body);
        then.status(200).body(ADD_ANSWER);
    });
    let remove = server.mock(|when, then| {
        when.method(DELETE)
            .path("/open/groups/333/contacts")
            .json_body(remove_body);
        then.status(200).body(REMOVE_ANSWER);
    });
    let client = client_for(&server);
    let added = client
        .groups()
        .add_contacts(333, [17760, 17771, 17578])
        .await
        .expect("added");
    assert_eq!(added.success, [17760, 17771, 17578].map(ContactId));
    assert!(added.failure.is_empty());
    assert_eq!(added.group.map(|g| g.id), Some(GroupId(333)));
    let removed = client
        .groups()
        .remove_contacts(333, [17760, 17771, 17578])
        .await
        .expect("removed");
    assert_eq!(removed.success.len(), 3);
    add.assert_calls(1);
    remove.assert_calls(1);

    let err = client
        .groups()
        .add_contacts(333, Vec::<i64>::new())
        .await
        .expect_err("empty");
    assert!(err.is_invalid_input());
}

#[tokio::test]
async fn add_errors_are_typed() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(POST).path("/open/groups/1/contacts");
        then.status(400)
            .json_body(error_body("B00031", "联系人超过最大数量"));
    });
    let client = client_for(&server);
    let err = client
        .groups()
        .add_contacts(1, [1])
        .await
        .expect_err("too many");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00031"));
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some("POST /open/groups/{groupId}/contacts")
    );
}
