//! [`SandboxState`]: the sandbox's data and rules, and the default data set.

use std::collections::BTreeMap;
use std::time::Duration;

use client_core::Error;
use secrecy::SecretString;
use serde_json::{Value, json};

use super::DEFAULT_MAX_SKEW;
#[cfg(doc)]
use super::Sandbox;
use super::responses::id_of;

const CLUE_GET: &str = include_str!("../../fixtures/clue_get.response.json");
const CLUE_LIST: &str = include_str!("../../fixtures/clue_list_by_create_time_asc.response.json");
const FOLLOW_UPS: &str = include_str!("../../fixtures/clue_list_follow_up.response.json");
const FIELDS: &str = include_str!("../../fixtures/customer_list_fields.response.json");

/// The sandbox's data and rules (readable and changeable through [`Sandbox::with_state`]).
#[derive(Debug)]
pub struct SandboxState {
    /// The clues served, each as the JSON `clue/get` returns in `data`.
    pub clues: Vec<Value>,
    /// Follow-up records by `customerId`, each as JSON.
    pub follow_ups: BTreeMap<i64, Vec<Value>>,
    /// The `data` of `customer/list-fields`.
    pub fields: Value,
    /// How far a `timestamp` may be from the sandbox's clock.
    pub max_skew: Duration,
    pub(super) app_id: String,
    pub(super) app_key: SecretString,
}

fn fixture_data(name: &str, text: &str) -> client_core::Result<Value> {
    let mut value: Value = serde_json::from_str(text)
        .map_err(|e| Error::config(format!("sandbox fixture `{name}` is not JSON: {e}")))?;
    value
        .get_mut("data")
        .map(Value::take)
        .ok_or_else(|| Error::config(format!("sandbox fixture `{name}` has no `data`")))
}

/// The default data set: the documents' examples plus generated clues covering every field type.
pub(super) fn default_state(
    app_id: String,
    app_key: SecretString,
) -> client_core::Result<SandboxState> {
    let documented = fixture_data("clue_get", CLUE_GET)?;
    let listed = fixture_data("clue_list_by_create_time_asc", CLUE_LIST)?;
    let follow = fixture_data("clue_list_follow_up", FOLLOW_UPS)?;
    let fields = fixture_data("customer_list_fields", FIELDS)?;

    let first_id = id_of(&documented, "customerId").unwrap_or(410_983_932_389_440);
    let mut clues = vec![documented];
    // The second clue of the list example (the first is the documented one).
    if let Some(list) = listed.get("list").and_then(Value::as_array) {
        clues.extend(
            list.iter()
                .filter(|c| id_of(c, "customerId") != Some(first_id))
                .cloned(),
        );
    }
    let stages = ["396823724189760", "396823724189761", "396823724189762"];
    for i in 0..10_i64 {
        let id = 411_000_000_000_000 + i * 64;
        let budget = if i == 4 {
            "about 2k".to_owned()
        } else {
            format!("{}.50", 1000 + i * 100)
        };
        let products = if i % 3 == 0 {
            "[\"410983932389505\",\"410983932389506\"]"
        } else {
            "[\"410983932389505\"]"
        };
        clues.push(json!({
            "customerId": id,
            "isClue": i % 2 == 0,
            "type": if i == 9 { 2 } else { 1 },
            "fields": [
                { "field": "name", "type": 1, "valueAsText": format!("沙箱客户{i}") },
                { "field": "mobile", "type": 8, "valueAsText": format!("[\"1380013{:04}\"]", i) },
                { "field": "customer_stage", "type": 2, "valueAsText": stages[(i % 3) as usize] },
                { "field": "birthday", "type": 3, "valueAsText": format!("1990-01-{:02}", i + 1) },
                { "field": "410983932389504", "type": 6, "valueAsText": products },
                { "field": "410983932389568", "type": 4, "valueAsText": budget },
                { "field": "410983932389632", "type": 7, "valueAsText": format!("2021-05-{:02} 14:00:00", 14 + i) },
                { "field": "sandbox_rating", "type": 9, "valueAsText": "A+" }
            ],
            "tagIds": [],
            "createTime": format!("2021-05-{:02} 10:00:00", 13 + i),
            "lastUpdateTime": format!("2021-05-{:02} 10:00:00", 13 + i)
        }));
    }

    let mut follow_ups: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
    let mut records: Vec<Value> = follow
        .get("list")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (n, content) in [
        "已约上门演示。",
        "演示完成，客户需要内部讨论。",
        "客户确认采购季度套餐。",
    ]
    .iter()
    .enumerate()
    {
        let n = n as i64;
        records.push(json!({
            "id": 411_020_000_000_000 + n,
            "type": 1,
            "content": content,
            "createTime": format!("2021-05-{:02} 11:00:00", 15 + n),
            "operator": { "qwUserId": "ZhangSan", "name": "张三" }
        }));
    }
    follow_ups.insert(first_id, records);
    follow_ups.insert(
        411_000_000_000_000,
        vec![json!({
            "id": 411_030_000_000_000_i64,
            "type": 2,
            "content": "首次电话沟通。",
            "createTime": "2021-05-13 16:00:00",
            "operator": { "qwUserId": "LiSi", "name": "李四" }
        })],
    );

    Ok(SandboxState {
        clues,
        follow_ups,
        fields,
        max_skew: DEFAULT_MAX_SKEW,
        app_id,
        app_key,
    })
}
