//! The sandbox (feature `testing`): the same client code against the vendor rules it enforces.

use std::collections::BTreeMap;
use std::time::Duration;

use client_core::clock::ManualClock;
use client_core::time::VendorTime;
use clue_client::SignRecipe;
use clue_client::models::{FieldCatalog, FieldValue};
use clue_client::testing::{Sandbox, codes};
use futures::TryStreamExt as _;

fn t(text: &str) -> VendorTime {
    VendorTime::parse(text).unwrap()
}

#[tokio::test]
async fn streams_every_clue_of_the_window_over_several_pages() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client().unwrap();
    let clues: Vec<_> = client
        .clues()
        .list_by_create_time_asc(t("2021-05-01 00:00:00"), t("2021-06-01 00:00:00"))
        .size(5)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(clues.len(), 12);
    assert!(
        clues
            .windows(2)
            .all(|w| w[0].create_time <= w[1].create_time)
    );
    assert_eq!(clues[0].customer_id, 410_983_932_389_440);
    assert_eq!(sandbox.hits("/api/v3/clue/list-by-create-time-asc"), 3);
    assert_eq!(sandbox.rejected(), 0);

    // The window is half-open and `type` filters.
    let may_13_only = client
        .clues()
        .list_by_create_time_asc(t("2021-05-13 10:00:00"), t("2021-05-14 10:00:00"))
        .send()
        .await
        .unwrap();
    assert_eq!(may_13_only.list.len(), 1);
    let type_2: Vec<_> = client
        .clues()
        .list_by_create_time_asc(t("2021-05-01 00:00:00"), t("2021-06-01 00:00:00"))
        .kind(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(type_2.len(), 1);
}

#[tokio::test]
async fn decoded_values_by_field_name() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client().unwrap();
    let catalog = FieldCatalog::new(client.customer_fields().list().await.unwrap());
    let clue = client.clues().get(411_000_000_000_256_i64).await.unwrap();
    let by_name: BTreeMap<String, Option<String>> = catalog
        .resolve(&clue)
        .iter()
        .map(|r| (r.display_name().to_owned(), r.display_value()))
        .collect();
    assert_eq!(by_name["姓名"].as_deref(), Some("沙箱客户4"));
    assert_eq!(by_name["手机号"].as_deref(), Some("13800130004"));
    assert_eq!(by_name["客户阶段"].as_deref(), Some("需求确认"));
    assert_eq!(by_name["意向产品"].as_deref(), Some("年度套餐"));
    assert_eq!(by_name["生日"].as_deref(), Some("1990-01-05"));
    assert_eq!(
        by_name["最近拜访时间"].as_deref(),
        Some("2021-05-18 14:00:00")
    );
    // The sandbox's clue 4 has a malformed budget and a field of an unknown type.
    let budget = catalog.value_by_name(&clue, "预算金额").unwrap();
    assert!(budget.decoded.is_invalid());
    assert_eq!(budget.decoded.raw.as_deref(), Some("about 2k"));
    let rating = clue.field("sandbox_rating").unwrap();
    assert_eq!(rating.value, Some(FieldValue::Unknown("A+".into())));
}

#[tokio::test]
async fn follow_ups_page_through_the_sandbox() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client().unwrap();
    let records: Vec<_> = client
        .clues()
        .list_follow_up(410_983_932_389_440_i64)
        .size(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(records.len(), 5);
    assert!(records.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(sandbox.hits("/api/v3/clue/list-follow-up"), 3);
}

#[tokio::test]
async fn a_wrong_key_is_rejected_by_the_signature_check() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox
        .client_builder()
        .credentials(clue_client::testing::APP_ID, "not-the-key")
        .send_app_key_header(false)
        .build()
        .unwrap();
    let error = client
        .clues()
        .get(410_983_932_389_440_i64)
        .await
        .unwrap_err();
    assert_eq!(
        error.vendor_code().and_then(|c| c.as_number()),
        Some(codes::SIGNATURE_INVALID),
        "{error}"
    );
    // One attempt, rejected: a vendor error code is not retried.
    assert_eq!(sandbox.requests(), 1);
    assert_eq!(sandbox.rejected(), 1);
}

#[tokio::test]
async fn another_recipe_is_rejected_by_the_sandbox() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox
        .client_builder()
        .sign_recipe(SignRecipe::AppIdBodyTimestampAppKey)
        .build()
        .unwrap();
    let error = client.customer_fields().list().await.unwrap_err();
    assert_eq!(
        error.vendor_code().and_then(|c| c.as_number()),
        Some(codes::SIGNATURE_INVALID)
    );
}

#[tokio::test]
async fn a_stale_timestamp_is_rejected() {
    let sandbox = Sandbox::builder()
        .max_skew(Duration::from_secs(60))
        .start()
        .unwrap();
    let an_hour_ago = chrono::Utc::now() - chrono::TimeDelta::hours(1);
    let client = sandbox
        .client_builder()
        .clock(ManualClock::new(an_hour_ago))
        .build()
        .unwrap();
    let error = client
        .clues()
        .get(410_983_932_389_440_i64)
        .await
        .unwrap_err();
    assert_eq!(
        error.vendor_code().and_then(|c| c.as_number()),
        Some(codes::TIMESTAMP_STALE),
        "{error}"
    );
}

#[tokio::test]
async fn an_unknown_clue_is_a_vendor_error() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client().unwrap();
    let error = client.clues().get(1).await.unwrap_err();
    assert!(error.is_api());
    assert_eq!(
        error.vendor_code().and_then(|c| c.as_number()),
        Some(codes::NOT_FOUND)
    );
}

#[tokio::test]
async fn extra_data_can_be_added() {
    let sandbox = Sandbox::builder()
        .clue(serde_json::json!({
            "customerId": 99, "isClue": true, "type": 1, "tagIds": [],
            "fields": [{ "field": "name", "type": 1, "valueAsText": "extra" }],
            "createTime": "2021-07-01 00:00:00", "lastUpdateTime": "2021-07-01 00:00:00"
        }))
        .start()
        .unwrap();
    let client = sandbox.client().unwrap();
    let clue = client.clues().get(99).await.unwrap();
    assert_eq!(clue.field("name").unwrap().raw.as_deref(), Some("extra"));
    let july: Vec<_> = client
        .clues()
        .list_by_create_time_asc(t("2021-07-01 00:00:00"), t("2021-08-01 00:00:00"))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(july.len(), 1);
}
