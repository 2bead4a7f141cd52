//! The sandbox (feature `testing`): the quickstart flow end to end, token expiry and revocation,
//! documented errors, and the readable 404.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::time::Duration;

use client_core::transport::Request;
use futures::TryStreamExt as _;
use linkflow_client::models::{ContactData, ContactId, EventData, Identity, IdentityType};
use linkflow_client::testing::Sandbox;

#[tokio::test]
async fn a_contact_created_by_a_message_is_found_listed_and_grouped() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    let email = "quickstart@example.com";

    assert_eq!(
        client
            .identity()
            .find_contact(IdentityType::Email, email)
            .await
            .expect("lookup"),
        None
    );
    client
        .messages()
        .batch("udc_sandbox")
        .identity(Identity::new(IdentityType::Email, email))
        .identity(Identity::new(IdentityType::MobilePhone, "13800000001"))
        .contact(ContactData::new().name("Quick Start").email(email))
        .event(EventData::new("SIGN_UP").prop("plan", "free"))
        .send()
        .await
        .expect("message");

    let id = client
        .identity()
        .find_contact(IdentityType::MobilePhone, "13800000001")
        .await
        .expect("lookup")
        .expect("created");
    assert_eq!(sandbox.events_of(id.get()), 1);

    let listed: Vec<_> = client
        .contacts()
        .cursor()
        .size(3)
        .stream()
        .try_collect()
        .await
        .expect("stream");
    let mine = listed.iter().find(|c| c.id == id).expect("listed");
    assert_eq!(mine.name.as_deref(), Some("Quick Start"));
    assert_eq!(mine.email.as_deref(), Some(email));

    let group = client
        .groups()
        .create("quickstart group")
        .send()
        .await
        .expect("group");
    let added = client
        .groups()
        .add_contacts(group.id, [id])
        .await
        .expect("added");
    assert_eq!(added.success, [id]);
    let members: Vec<_> = client
        .groups()
        .members(group.id)
        .stream()
        .try_collect()
        .await
        .expect("members");
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].contact.id, id);
    let groups = client.groups().of_contact(id).send().await.expect("groups");
    assert_eq!(groups[0].id, group.id);
    let in_group = client
        .contacts()
        .list()
        .group_id(group.id)
        .send()
        .await
        .expect("list");
    assert_eq!(in_group.len(), 1);

    // A second message with one known identity updates the same contact and binds the new one.
    client
        .messages()
        .batch("udc_sandbox")
        .identity(Identity::new(IdentityType::Email, email))
        .identity(Identity::new(IdentityType::WechatUnionId, "union-1"))
        .contact(ContactData::new().field("city", "上海"))
        .send()
        .await
        .expect("update");
    let identities = client.contacts().identities(id).await.expect("identities");
    assert_eq!(identities.len(), 3);
    let bulk = client.contacts().bulk([id]).send().await.expect("bulk");
    assert_eq!(bulk.contacts[0].city.as_deref(), Some("上海"));
    assert_eq!(bulk.contacts[0].name.as_deref(), Some("Quick Start"));
    assert_eq!(sandbox.message_batches_applied(), 2);
}

#[tokio::test]
async fn the_sandbox_answers_the_document_examples() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    let id = client
        .identity()
        .find_contact(IdentityType::IdCard, "321100199012203412")
        .await
        .expect("lookup");
    assert_eq!(id, Some(ContactId(703_941_987_164_160)));
    let accounts = client
        .identity()
        .channel_identities(703_941_987_164_160)
        .await
        .expect("accounts");
    assert_eq!(accounts.len(), 2);
    let codes = client
        .identity()
        .workwechat_qrcodes("ww0b8772cfc1ed757c")
        .await
        .expect("codes");
    assert_eq!(codes.len(), 4);
    let err = client
        .identity()
        .workwechat_qrcodes("nope")
        .await
        .expect_err("unknown channel");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00022"));

    let found = client
        .contacts()
        .identities_by(Identity::new(IdentityType::Phone, "13888888888"))
        .identity_types(["email"])
        .send()
        .await
        .expect("identities");
    assert_eq!(found.contact_id, ContactId(29));
    assert_eq!(found.identities.len(), 1);
    let tags = client
        .contacts()
        .tag_values(Identity::new(IdentityType::Phone, "13888888888"))
        .await
        .expect("tags");
    assert_eq!(tags[0].tag_key.as_deref(), Some("tag_yhxb"));

    let bulk = client
        .contacts()
        .bulk([5, 1, 999, 3, 1])
        .need_open_id(true)
        .send()
        .await
        .expect("bulk");
    let ids: Vec<i64> = bulk.contacts.iter().map(|c| c.id.get()).collect();
    assert_eq!(ids, [5, 1, 3]);
    assert_eq!(bulk.missing, [ContactId(999)]);
    assert_eq!(bulk.duplicates, [ContactId(1)]);
    assert!(!bulk.contacts[0].open_ids.is_empty());

    let members = client.groups().members(252).send().await.expect("members");
    assert_eq!(members.len(), 2);
    let err = client
        .groups()
        .members(252)
        .size(500)
        .member_id(0)
        .send()
        .await
        .map(|m| m.len());
    assert_eq!(err.expect("page"), 2);
}

#[tokio::test]
async fn documented_errors_come_back_typed() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    let err = client.groups().delete(424_242).await.expect_err("missing");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00008"));
    let err = client
        .groups()
        .rename(47, "最近7天活跃客户")
        .await
        .expect_err("name taken");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01102"));
    let err = client
        .groups()
        .create("618潜在客户")
        .send()
        .await
        .expect_err("exists");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00001"));
    let err = client
        .contacts()
        .unbind_identities(29, [Identity::new(IdentityType::Email, "123456@qq.com")])
        .await
        .expect_err("email cannot be unbound");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01404"));
    client
        .contacts()
        .unbind_identities(
            29,
            [Identity::new(IdentityType::MobilePhone, "17624321576")],
        )
        .await
        .expect("unbound");
    let err = client
        .contacts()
        .unbind_identities(
            29,
            [Identity::new(IdentityType::MobilePhone, "17624321576")],
        )
        .await
        .expect_err("already unbound");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01405"));
    client
        .groups()
        .rename(47, "renamed")
        .await
        .expect("renamed");
    let groups = client.groups().list().id(47).send().await.expect("groups");
    assert_eq!(groups[0].name, "renamed");
}

#[tokio::test]
async fn ids_stream_in_the_sandbox() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    let ids: Vec<ContactId> = client
        .contacts()
        .ids()
        .size(2)
        .stream()
        .try_collect()
        .await
        .expect("ids");
    let all: Vec<ContactId> = client
        .contacts()
        .cursor()
        .stream()
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .expect("contacts");
    assert_eq!(ids, all);
    assert!(ids.len() >= 8);
}

#[tokio::test]
async fn short_lived_tokens_are_refreshed_before_they_expire() {
    let sandbox = Sandbox::builder()
        .token_lifetime(Duration::from_secs(3))
        .start()
        .expect("sandbox");
    let client = sandbox.client().expect("client");
    client.groups().list().send().await.expect("first");
    client.groups().list().send().await.expect("cached");
    assert_eq!(sandbox.tokens_issued(), 1);
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    client.groups().list().send().await.expect("after refresh");
    assert_eq!(sandbox.tokens_issued(), 2);
    assert_eq!(
        sandbox.rejected(),
        0,
        "refreshed before expiry, never rejected"
    );
}

#[tokio::test]
async fn a_revoked_token_is_replaced_and_the_call_replayed() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    client.groups().list().send().await.expect("first");
    sandbox.revoke_tokens();
    let groups = client.groups().list().send().await.expect("replayed");
    assert!(!groups.is_empty());
    assert_eq!(sandbox.tokens_issued(), 2);
    assert_eq!(sandbox.rejected(), 1);
}

#[tokio::test]
async fn wrong_credentials_and_unknown_routes_are_readable() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox
        .client_builder()
        .credentials("wrong", "wrong")
        .build()
        .expect("client");
    let err = client.groups().list().send().await.expect_err("refused");
    assert!(err.is_auth(), "{err:?}");

    let client = sandbox.client().expect("client");
    let err = client
        .transport()
        .execute::<serde_json::Value>(Request::get("GET /open/nothing", "/open/nothing"))
        .await
        .expect_err("no route");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let body = String::from_utf8_lossy(err.body().unwrap_or_default()).into_owned();
    assert!(
        body.contains("/open/nothing") && body.contains("/open/groups"),
        "{body}"
    );
}

#[tokio::test]
async fn a_repeated_request_id_is_applied_once() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    for _ in 0..2 {
        client
            .messages()
            .batch("udc_sandbox")
            .request_id("fixed-request-id")
            .identity(Identity::new(IdentityType::Email, "twice@example.com"))
            .event(EventData::new("CLICK"))
            .send()
            .await
            .expect("sent");
    }
    assert_eq!(
        sandbox.message_request_ids(),
        ["fixed-request-id", "fixed-request-id"]
    );
    assert_eq!(sandbox.message_batches_applied(), 1);
    let id = client
        .identity()
        .find_contact(IdentityType::Email, "twice@example.com")
        .await
        .expect("lookup")
        .expect("created");
    assert_eq!(sandbox.events_of(id.get()), 1);
}
