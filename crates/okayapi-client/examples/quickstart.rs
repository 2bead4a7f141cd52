//! OkayAPI quickstart: a list through its stream, a save and its read-back, and a call by name.
//!
//! Runs against the loopback sandbox by default:
//!
//! ```text
//! cargo run -p okayapi-client --features testing --example okayapi_quickstart
//! ```
//!
//! With `--live` it calls a real account instead, configured by `OKAYAPI_BASE_URL`,
//! `OKAYAPI_APP`, `OKAYAPI_APP_KEY` and `OKAYAPI_APP_SECRET` (and optionally
//! `OKAYAPI_DEMO_USER_ID`, default 10086). **It writes a row** with ASaveAndyVardDtas.

use std::process::ExitCode;

use std::time::Duration;

use okayapi_client::RawData;
use okayapi_client::models::{
    OperateType, SaveVarDataParams, UseRecordStatisticsParams, UserId, VarDatasParams,
};
use okayapi_client::prelude::*;
use okayapi_client::testing::Sandbox;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("quickstart failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> okayapi_client::Result<()> {
    let live = std::env::args().any(|a| a == "--live");
    // The sandbox lives as long as this binding.
    let sandbox;
    let (client, user_id) = if live {
        let user_id = std::env::var("OKAYAPI_DEMO_USER_ID")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(UserId::new(10086));
        println!("live: calling the account configured by OKAYAPI_* (this writes a row)");
        (Client::from_env()?, user_id)
    } else {
        sandbox = Sandbox::start()?;
        // 25 usage records, so the stream below walks three pages of 10.
        let rows = (1..=25)
            .map(|i| {
                serde_json::json!({
                    "assistant_type": "1",
                    "dd_group_name": "内容产品售卖助手群",
                    "user_dd_nick": format!("用户{i}"),
                    "consult_content": "领导力课程有哪些客户案例",
                    "conversation_type": "2",
                    "use_time": "2024-05-28 14:15:54",
                    "use_date": "2024-05-28",
                    "assistant_name": "内容产品售卖助手"
                })
            })
            .collect();
        sandbox.set_list("AAndyUseRecordStatistics", rows)?;
        println!("sandbox: {} (app {})", sandbox.base_url(), sandbox.app());
        (sandbox.client()?, UserId::new(20_001))
    };

    // 1. A list method through its stream: page after page until `total`.
    let records: Vec<_> = client
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().perpage(10))
        .try_collect()
        .await?;
    println!("\nAAndyUseRecordStatistics: {} records", records.len());
    for record in records.iter().take(3) {
        println!(
            "  {} {} asked {:?} ({})",
            shown(record.use_time.as_ref()),
            shown(record.user_dd_nick.as_ref()),
            record.consult_content.as_deref().unwrap_or_default(),
            shown(record.assistant_name.as_ref())
        );
    }

    // 2. A save, then read it back.
    let saved = client
        .process_data()
        .save(
            SaveVarDataParams::new()
                .user_id(user_id)
                .user_name("quickstart")
                .activity_type("训练营")
                .sys_activity_name("新锐管理者成长营")
                .operate_type(OperateType::Create),
        )
        .await?;
    println!(
        "\nASaveAndyVardDtas: saved row {} ({} row affected)",
        saved.id,
        shown(saved.row_num.as_ref())
    );
    // Per-call options: this read gives up after 5 s and is not retried.
    let rows = client
        .process_data()
        .with_options(
            RequestOptions::default()
                .with_timeout(Duration::from_secs(5))
                .with_retry(RetryPolicy::none()),
        )
        .get(VarDatasParams::new(user_id))
        .await?;
    println!(
        "AGetAndyVarDatas: {} row(s) for user {user_id}",
        rows.datas.len()
    );
    for row in &rows.datas {
        println!(
            "  {} {} {}",
            shown(row.user_name.as_ref()),
            shown(row.activity_type.as_ref()),
            shown(row.sys_activity_name.as_ref())
        );
    }

    // 3. Any method by name; the raw variant keeps the exact JSON the signature covered.
    let steps: RawData = client
        .call_raw(
            "ALieBiaoAndypromptsteps",
            serde_json::json!({ "version": "1.0", "perpage": 5 }),
        )
        .await?;
    let value: serde_json::Value = steps.decode()?;
    println!(
        "\nALieBiaoAndypromptsteps (by name): zong_shu = {}, first step name = {}",
        value["zong_shu"], value["lie_biao"][0]["step_name"]
    );
    Ok(())
}

/// A member the server may leave out, or `-` when it did.
fn shown(value: Option<&impl std::fmt::Display>) -> String {
    value.map_or_else(|| "-".to_owned(), ToString::to_string)
}
