//! The sandbox (feature `testing`): it checks signatures as the server does, answers every
//! method from its fixture, stores saves, and signs its answers.

use futures::TryStreamExt as _;
use okayapi_client::models::*;
use okayapi_client::testing::{Sandbox, SandboxSigning};
use okayapi_client::{NewStyleService, PathStyle, SigningMode, Verification};
use secrecy::SecretString;
use serde_json::json;

#[tokio::test]
async fn every_documented_method_answers() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox
        .client_builder()
        .verification(Verification::Required)
        .build()
        .unwrap();
    let usage = client
        .usage()
        .statistics(UseRecordStatisticsParams::new())
        .await
        .unwrap();
    assert_eq!(usage.total.as_ref().and_then(|t| t.as_i64()), Some(2));
    client
        .process_data()
        .save(SaveVarDataParams::new().user_id(1))
        .await
        .unwrap();
    client
        .process_data()
        .get(VarDatasParams::new(10086u64))
        .await
        .unwrap();
    client
        .robot()
        .cps_receive_search(RobotMessage::new().text("查"))
        .await
        .unwrap();
    client
        .robot()
        .receive_msg(RobotMessage::new())
        .await
        .unwrap();
    client
        .robot()
        .sale_case_receive_search(RobotMessage::new())
        .await
        .unwrap();
    client
        .cases()
        .nrkh_detail(NrkhCaseDetailParams::new())
        .await
        .unwrap();
    client
        .cases()
        .nrdadan_detail(NrdadanCaseDetailParams::new())
        .await
        .unwrap();
    client
        .cases()
        .ptjd_detail(PtjdCaseDetailParams::new())
        .await
        .unwrap();
    client
        .cases()
        .product_procure_detail(ProductProcureDetailParams::new())
        .await
        .unwrap();
    client
        .cases()
        .sale_case_detail(SaleCaseDetailParams::new())
        .await
        .unwrap();
    client
        .prompts()
        .report_prompts(ReportPromptsParams::new())
        .await
        .unwrap();
    client
        .prompts()
        .prompt_steps(PromptStepsParams::new("1.0"))
        .await
        .unwrap();
    client.reports().build_excel().await.unwrap();
    client
        .reports()
        .jdyy_report_data(JdyyReportDataParams::new())
        .await
        .unwrap();
    let calls = sandbox.calls();
    assert_eq!(calls.len(), 15);
    assert!(calls.iter().all(|c| c.ret == 200), "{calls:?}");
    assert!(calls.iter().all(|c| c.param("return_data").is_none()));
}

#[tokio::test]
async fn a_wrong_secret_is_ret_406() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox
        .client_builder()
        .credentials(sandbox.app_key(), SecretString::from("not-the-secret"))
        .verification(Verification::Off)
        .build()
        .unwrap();
    let err = client
        .usage()
        .statistics(UseRecordStatisticsParams::new())
        .await
        .unwrap_err();
    assert!(err.is_signature(), "{err}");
    assert_eq!(err.vendor_code().and_then(|c| c.as_number()), Some(406));
    assert_eq!(sandbox.calls()[0].ret, 406);
    assert_eq!(sandbox.calls().len(), 1, "a wrong signature is not retried");
}

#[tokio::test]
async fn old_path_style_and_unknown_methods() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox
        .client_builder()
        .path_style(PathStyle::Old)
        .build()
        .unwrap();
    let rows = client
        .process_data()
        .get(VarDatasParams::new(10086u64))
        .await
        .unwrap();
    assert_eq!(rows.datas[0].user_name.as_deref(), Some("王小明"));
    let call = &sandbox.calls()[0];
    assert_eq!(
        call.service,
        format!("SVIP.{}.AGetAndyVarDatas", sandbox.app())
    );
    assert!(call.param("s").is_some(), "old style sends s");
    let err = client
        .call::<serde_json::Value>("ANoSuchMethod", ())
        .await
        .unwrap_err();
    assert!(err.is_api());
    assert_eq!(err.vendor_code().and_then(|c| c.as_number()), Some(404));
}

#[tokio::test]
async fn a_server_that_signs_s_on_new_paths() {
    let sandbox = Sandbox::builder()
        .service_in_signature(true)
        .start()
        .unwrap();
    let params = || PromptStepsParams::new("1.0");
    let omit = sandbox.client().unwrap();
    let err = omit.prompts().prompt_steps(params()).await.unwrap_err();
    assert!(err.is_signature());
    for mode in [NewStyleService::SendAndSign, NewStyleService::SignOnly] {
        let client = sandbox
            .client_builder()
            .new_style_service(mode)
            .build()
            .unwrap();
        client.prompts().prompt_steps(params()).await.unwrap();
    }
}

#[tokio::test]
async fn unsigned_and_static_apps() {
    let unsigned = Sandbox::builder()
        .signing(SandboxSigning::Off)
        .start()
        .unwrap();
    unsigned
        .client_builder()
        .signing(SigningMode::Unsigned)
        .build()
        .unwrap()
        .reports()
        .build_excel()
        .await
        .unwrap();
    assert!(unsigned.calls()[0].param("sign").is_none());

    let fixed = Sandbox::builder()
        .signing(SandboxSigning::Static(SecretString::from("S-123")))
        .start()
        .unwrap();
    let ok = fixed
        .client_builder()
        .signing(SigningMode::Static(SecretString::from("S-123")))
        .build()
        .unwrap();
    ok.reports().build_excel().await.unwrap();
    let err = fixed
        .client()
        .unwrap()
        .reports()
        .build_excel()
        .await
        .unwrap_err();
    assert!(err.is_signature());
}

#[tokio::test]
async fn save_then_read_back_and_update() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client().unwrap();
    let saved = client
        .process_data()
        .save(
            SaveVarDataParams::new()
                .user_id(20001)
                .user_name("李静")
                .activity_type("训练营 & 工作坊"),
        )
        .await
        .unwrap();
    let rows = client
        .process_data()
        .get(VarDatasParams::new(20001))
        .await
        .unwrap();
    assert_eq!(rows.datas.len(), 1);
    assert_eq!(
        rows.datas[0].activity_type.as_deref(),
        Some("训练营 & 工作坊")
    );
    assert_eq!(rows.datas[0].block_index.as_deref(), Some("0"));
    client
        .process_data()
        .save(
            SaveVarDataParams::new()
                .id(saved.id)
                .operate_type(OperateType::Update)
                .user_name("李静2"),
        )
        .await
        .unwrap();
    let rows = client
        .process_data()
        .get(VarDatasParams::new(20001))
        .await
        .unwrap();
    assert_eq!(rows.datas[0].user_name.as_deref(), Some("李静2"));
    assert!(
        client
            .process_data()
            .get(VarDatasParams::new(1))
            .await
            .unwrap()
            .datas
            .is_empty()
    );
}

#[tokio::test]
async fn streams_page_through_sandbox_rows() {
    let sandbox = Sandbox::start().unwrap();
    let rows: Vec<_> = (0..25)
        .map(|i| {
            json!({
                "assistant_type": "1", "dd_group_name": "群", "user_dd_nick": format!("用户{i}"),
                "consult_content": "问", "conversation_type": "2",
                "use_time": "2024-05-20 10:00:00", "use_date": "2024-05-20", "assistant_name": "助手"
            })
        })
        .collect();
    sandbox.set_list("AAndyUseRecordStatistics", rows).unwrap();
    let all: Vec<_> = sandbox
        .client()
        .unwrap()
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().perpage(10u32))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 25);
    assert_eq!(all[24].user_dd_nick.as_deref(), Some("用户24"));
    let pages: Vec<_> = sandbox
        .calls()
        .iter()
        .map(|c| c.param("page").map(str::to_owned))
        .collect();
    assert_eq!(
        pages,
        [Some("1".into()), Some("2".into()), Some("3".into())]
    );
}

#[tokio::test]
async fn answers_are_signed_and_verified() {
    let unsigned = Sandbox::builder().sign_responses(false).start().unwrap();
    let err = unsigned
        .client_builder()
        .verification(Verification::Required)
        .build()
        .unwrap()
        .reports()
        .build_excel()
        .await
        .unwrap_err();
    assert!(err.is_signature());
    // A client with another secret than the sandbox signs with: our request is rejected first,
    // so check the response side with signing off on both ends.
    let sandbox = Sandbox::builder()
        .signing(SandboxSigning::Off)
        .start()
        .unwrap();
    let err = sandbox
        .client_builder()
        .credentials(sandbox.app_key(), SecretString::from("other"))
        .signing(SigningMode::Unsigned)
        .build()
        .unwrap()
        .reports()
        .build_excel()
        .await
        .unwrap_err();
    assert!(err.is_signature(), "{err}");
    assert!(
        err.vendor_code().is_none(),
        "the response's _auth failed, not ret 406"
    );
}
