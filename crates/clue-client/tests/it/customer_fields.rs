//! 客户设置: `customer/list-fields`, and the lookup that names a clue's fields.

use clue_client::models::{
    Clue, CustomerField, FieldCatalog, FieldId, FieldType, FieldValue, ItemId, JoinKey,
};
use httpmock::prelude::*;

use crate::support::{self, APP_ID, APP_KEY, CLUE_GET, FIELDS, TS};

/// sha256_hex("app-1" + "1716192000000" + "{}" + "key-1").
const SIGN_EMPTY_BODY: &str = "53d311bc0ed991bcc0974a2ebb3e57b40a67314d212732dcf3910f3ab89859bb";

fn documented_clue() -> Clue {
    let envelope: serde_json::Value = serde_json::from_str(CLUE_GET).unwrap();
    serde_json::from_value(envelope["data"].clone()).unwrap()
}

#[tokio::test]
async fn list_sends_an_empty_object_and_decodes_the_definitions() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/customer/list-fields")
                .header("appId", APP_ID)
                .header("appKey", APP_KEY)
                .header("timestamp", TS)
                .header("sign", SIGN_EMPTY_BODY)
                .body("{}");
            then.status(200).body(FIELDS);
        })
        .await;
    let fields = support::client(&server)
        .customer_fields()
        .list()
        .await
        .unwrap();
    mock.assert_async().await;
    // The fixture's last two definitions are the vendor's own example: numeric ids.
    assert_eq!(fields.len(), 9);
    let stage = &fields[3];
    assert_eq!(stage.id, FieldId::from("customer_stage"));
    assert_eq!(stage.kind, FieldType::SingleSelect);
    assert_eq!(stage.outer_field.as_deref(), Some("stage"));
    assert_eq!(stage.items.len(), 3);
    assert!(stage.is_stable() && !stage.is_import_required());
    assert_eq!(fields[7].id, FieldId::from(429));
    assert!(fields[7].id.is_number() && !stage.id.is_number());
    assert_eq!(fields[8].item_label(&ItemId::from("2")), Some("女"));
    assert!(fields[2].outer_field.is_none());

    // The documented clue, named and labelled through the definitions.
    let catalog = FieldCatalog::new(fields);
    let clue = documented_clue();
    let stage = catalog.value_by_name(&clue, "客户阶段").unwrap();
    assert_eq!(stage.key(), "customer_stage");
    assert_eq!(stage.display_value().as_deref(), Some("初步接触"));
    let phone = catalog.value_by_name(&clue, "手机号").unwrap();
    assert_eq!(
        phone.value(),
        Some(&FieldValue::Phone(vec!["145678388".into()]))
    );
    let resolved = catalog.resolve(&clue);
    assert_eq!(resolved.len(), 10);
    // `gender` has no definition: the key stands in for the name.
    let gender = resolved.iter().find(|r| r.key() == "gender").unwrap();
    assert_eq!((gender.name(), gender.display_name()), (None, "gender"));
}

#[tokio::test]
async fn the_vendors_own_example_with_numeric_ids_decodes() {
    // The public list-fields example: numeric ids, `outerField: null`.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v2/customer/list-fields");
            then.status(200).body(r#"{"code":0,"message":"success","data":{"fields":[
                {"id":429,"name":"电话","type":8,"outerField":null,"stable":true,"customerImportRequired":true},
                {"id":436,"name":"性别","type":2,"outerField":null,"items":[{"id":0,"name":"其它"},{"id":1,"name":"男"},{"id":2,"name":"女"}],"stable":true,"customerImportRequired":false},
                {"id":355,"name":"生日","type":3,"outerField":null,"stable":false,"customerImportRequired":false}
            ]}}"#);
        })
        .await;
    let fields: Vec<CustomerField> = support::client(&server)
        .customer_fields()
        .list()
        .await
        .unwrap();
    assert_eq!(fields[0].id, FieldId::from(429));
    assert_eq!(fields[1].item_label(&ItemId::from(2)), Some("女"));

    // Neither key joins `mobile` / `gender` here: aliases do.
    let catalog = FieldCatalog::new(fields)
        .with_join_key(JoinKey::OuterFieldThenId)
        .with_alias("mobile", 429)
        .with_alias("gender", 436);
    let clue = documented_clue();
    assert_eq!(
        catalog
            .value_by_name(&clue, "电话")
            .map(|r| r.key().to_owned()),
        Some("mobile".to_owned())
    );
    assert!(catalog.definition("birthday").is_none());
}
