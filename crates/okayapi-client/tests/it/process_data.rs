//! ASaveAndyVardDtas (保存过程数据存储表) and AGetAndyVarDatas (获取过程数据存储表数据详情).

use httpmock::prelude::*;
use okayapi_client::models::{OperateType, SaveVarDataParams, UserId, VarDataId, VarDatasParams};
use rust_decimal::Decimal;

use crate::support::{self, envelope, fixture_data, path};

const SAVED: &str = include_str!("../../fixtures/save_andy_vard_dtas.response.json");
const ROWS: &str = include_str!("../../fixtures/get_andy_var_datas.response.json");

#[tokio::test]
async fn save_sends_typed_values_as_text() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ASaveAndyVardDtas"))
                .body(support::body(&[
                    ("id", "42"),
                    ("user_id", "10086"),
                    ("user_name", "王小明"),
                    ("sys_activity_plan", "第1周开营, 第2-5周线上学习"),
                    ("operate_type", "2"),
                    ("block_index", "3"),
                    ("total_tokens", "12345"),
                    ("total_rmb", "0.0370"),
                    ("current_model", "qwen-max"),
                    ("enterprise_name", "某汽车零部件集团"),
                ]));
            then.status(200).body(envelope(&fixture_data(SAVED)));
        })
        .await;
    let saved = support::client(&server)
        .process_data()
        .save(
            SaveVarDataParams::new()
                .id(42)
                .user_id(10086)
                .user_name("王小明")
                .sys_activity_plan("第1周开营, 第2-5周线上学习")
                .operate_type(OperateType::try_from(2).unwrap())
                .block_index(3u32)
                .total_tokens(12_345u64)
                .total_rmb(Decimal::new(370, 4))
                .current_model("qwen-max")
                .enterprise_name("某汽车零部件集团"),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    let expected: serde_json::Value = serde_json::from_str(&fixture_data(SAVED)).unwrap();
    // `"128"` in the answer: the id the update below takes, compared by its number.
    assert_eq!(saved.id, VarDataId::new(128));
    assert_eq!(expected["id"], "128");
    // Written back as it was read (a string).
    assert_eq!(serde_json::to_value(saved.id).unwrap(), expected["id"]);
    assert_eq!(
        saved.row_num.as_deref(),
        Some(expected["row_num"].as_str().unwrap())
    );
}

#[tokio::test]
async fn an_operate_type_other_than_1_or_2_is_refused() {
    let err = OperateType::try_from(0).unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some("operate_type"));
}

#[tokio::test]
async fn get_reads_the_rows_of_a_user() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AGetAndyVarDatas"))
                .body(support::body(&[("user_id", "10086")]));
            then.status(200).body(envelope(&fixture_data(ROWS)));
        })
        .await;
    let rows = support::client(&server)
        .process_data()
        .get(VarDatasParams::new(10086))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(rows.datas.len(), 1);
    // `"10086"` in the answer: the same id as the one asked for.
    assert_eq!(rows.datas[0].user_id, UserId::new(10086));
    assert_eq!(rows.datas[0].user_id.get(), 10086);
    assert_eq!(rows.datas[0].activity_type.as_deref(), Some("训练营"));
}
