//! 二、数据API: `/openv1/list`, `/openv1/potential`, `/importv1/potential` (one lead and batch).

use std::time::Duration;

use chrono::NaiveDate;
use client_core::clock::ManualClock;
use client_core::code::VendorCode;
use client_core::store::MemoryStore;
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;
use wukong_client::models::{ChunkOutcome, LeadOutcome, NewLead};

use crate::support::{APPID, APPSECRET, authorised, builder, form, form_equals_fixture, t0, token};

const FIXTURE_TOKEN: &str = "wkat_6f0d3a9c2b5e8f1a4c7d0b3e6a9c2f5d";

/// A client holding the fixtures' access token.
fn fixture_client(server: &MockServer) -> wukong_client::Client {
    let clock = ManualClock::new(t0());
    let store = MemoryStore::with_token(token(
        FIXTURE_TOKEN,
        "wkrt_1e4b7c0d3f6a9b2c5e8d1f4a7b0c3e6d",
        t0(),
    ));
    builder(server, &clock).token_store(store).build().unwrap()
}

#[tokio::test]
async fn list_request_and_response_are_those_of_the_fixtures() {
    let server = MockServer::start_async().await;
    let client = fixture_client(&server);
    let response = include_str!("../../fixtures/potential_list.response.json");
    let m = server.mock(|when, then| {
        when.method(POST)
            .path("/openv1/list")
            .header("content-type", "application/x-www-form-urlencoded")
            .is_true(form_equals_fixture(include_str!(
                "../../fixtures/potential_list.request.json"
            )));
        then.status(200)
            .header("content-type", "application/json")
            .body(response);
    });
    let reply = client
        .leads()
        .list()
        .wk_uid("20817")
        .company_id("3051")
        .create_at_start(day(2017, 1, 1))
        .create_at_end(day(2017, 12, 31))
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    let leads = &reply.data().leads;
    assert_eq!(leads.len(), 2);
    assert_eq!(leads[0].id.as_deref(), Some("1000231"));
    assert_eq!(leads[0].company_id.as_ref().unwrap().as_str(), "3051");
    assert_eq!(leads[0].qq.as_deref(), Some("10001"));
    assert_eq!(leads[1].name.as_deref(), Some("李四"));
    assert_eq!(leads[1].email, None);
    assert_eq!(
        leads[1].create_at.as_ref().unwrap().as_str(),
        "2017-03-09 16:05:12"
    );
    assert!(leads[1].extra.is_empty());
    assert_eq!(reply.message(), Some("success"));
    assert_eq!(reply.raw_json(), response);
}

#[tokio::test]
async fn potential_request_and_response_are_those_of_the_fixtures() {
    let server = MockServer::start_async().await;
    let client = fixture_client(&server);
    let m = server.mock(|when, then| {
        when.method(POST)
            .path("/openv1/potential")
            .is_true(form_equals_fixture(include_str!(
                "../../fixtures/potential.request.json"
            )));
        then.status(200)
            .body(include_str!("../../fixtures/potential.response.json"));
    });
    let reply = client
        .leads()
        .potential()
        .wk_uid("20817")
        .create_at(day(2017, 3, 8))
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    assert_eq!(reply.data().leads.len(), 1);
    assert_eq!(reply.data().leads[0].wechat.as_deref(), Some("zhangsan_wx"));
}

#[tokio::test]
async fn import_requests_are_those_of_the_fixtures() {
    let server = MockServer::start_async().await;
    let client = fixture_client(&server);
    let one = server.mock(|when, then| {
        when.method(POST)
            .path("/importv1/potential")
            .header("content-type", "application/x-www-form-urlencoded")
            .is_true(form_equals_fixture(include_str!(
                "../../fixtures/potential_import.request.json"
            )));
        then.status(200).body(include_str!(
            "../../fixtures/potential_import.response.json"
        ));
    });
    let batch_body: serde_json::Value = serde_json::from_str(include_str!(
        "../../fixtures/potential_import_batch.request.json"
    ))
    .unwrap();
    let batch = server.mock(|when, then| {
        when.method(POST)
            .path("/importv1/potential")
            .header("content-type", "application/json")
            .json_body(batch_body);
        then.status(200).body(include_str!(
            "../../fixtures/potential_import_batch.response.json"
        ));
    });
    let wangwu = NewLead::new()
        .name("王五")
        .mobile("13700137000")
        .email("wangwu@example.com")
        .wechat("wangwu_wx")
        .qq("10003");
    let reply = client
        .leads()
        .import(wangwu.clone())
        .wk_uid("20817")
        .company_id("3051")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.code().unwrap().as_str(), "0");
    let report = client
        .leads()
        .import_batch([wangwu, NewLead::new().name("赵六").mobile("13600136000")])
        .wk_uid("20817")
        .send()
        .await
        .unwrap();
    assert!(report.is_complete());
    one.assert_calls(1);
    batch.assert_calls(1);
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn list_sends_the_filters_as_a_form_and_decodes_the_leads() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let body = r#"{"code":0,"msg":"ok","data":[{"id":1,"wk_uid":10086,"name":"张三","mobile":"13800138000","create_at":"2017-01-02 10:00:00","level":"A"}]}"#;
    let m = server.mock(|when, then| {
        when.method(POST)
            .path("/openv1/list")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(&[
                ("wk_uid", "10086"),
                ("create_at_start", "2017-1-1"),
                ("create_at_end", "2017-1-31"),
                ("company_id", "9"),
                ("access_token", "AT1"),
            ]));
        then.status(200)
            .header("content-type", "application/json")
            .body(body);
    });
    let reply = client
        .leads()
        .list()
        .wk_uid("10086")
        .create_at_start(day(2017, 1, 1))
        .create_at_end(day(2017, 1, 31))
        .company_id(9u64)
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    let lead = &reply.data().leads[0];
    assert_eq!(lead.id.as_deref(), Some("1"));
    assert_eq!(lead.wk_uid.as_ref().unwrap().as_str(), "10086");
    assert_eq!(lead.name.as_deref(), Some("张三"));
    assert_eq!(lead.mobile.as_deref(), Some("13800138000"));
    assert_eq!(
        lead.create_at.as_ref().unwrap().to_utc().to_rfc3339(),
        "2017-01-02T02:00:00+00:00"
    );
    assert_eq!(lead.extra["level"], "A");
    assert_eq!(reply.code().unwrap().as_str(), "0");
    assert_eq!(reply.raw_json(), body);
}

#[tokio::test]
async fn potential_reads_a_list_object_with_a_total() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let m = server.mock(|when, then| {
        when.method(POST)
            .path("/openv1/potential")
            .body(form(&[("create_at", "2017-1-1"), ("access_token", "AT1")]));
        then.status(200).json_body(json!({
            "errcode": "0",
            "errmsg": "",
            "data": {"total": 2, "list": [{"name": "a", "qq": 12345}, {"name": "b", "email": "b@example.com"}]}
        }));
    });
    let reply = client
        .leads()
        .potential()
        .create_at(day(2017, 1, 1))
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    let list = reply.data();
    assert_eq!(list.total, Some(2));
    assert_eq!(list.leads.len(), 2);
    assert_eq!(list.leads[0].qq.as_deref(), Some("12345"));
    assert_eq!(list.leads[1].email.as_deref(), Some("b@example.com"));
    assert_eq!(reply.raw_value()["data"]["total"], 2);
}

#[tokio::test]
async fn a_vendor_error_code_is_a_typed_error_with_the_message_and_body() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let body = r#"{"code":10010,"msg":"wk_uid 不存在"}"#;
    let m = server.mock(|when, then| {
        when.path("/openv1/list");
        then.status(200).body(body);
    });
    let e = client.leads().list().wk_uid("1").send().await.unwrap_err();
    assert!(e.is_api());
    assert_eq!(e.vendor_code().unwrap().as_str(), "10010");
    assert_eq!(e.vendor_message(), Some("wk_uid 不存在"));
    assert_eq!(e.body(), Some(body.as_bytes()));
    assert_eq!(e.operation(), Some("POST /openv1/list"));
    m.assert_calls(1);
}

#[tokio::test]
async fn reads_are_retried_and_imports_are_not() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let list = server.mock(|when, then| {
        when.path("/openv1/list");
        then.status(500).body("oops");
    });
    let import = server.mock(|when, then| {
        when.path("/importv1/potential");
        then.status(500).body("oops");
    });
    let e = client.leads().list().send().await.unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(500));
    list.assert_calls(3);

    let e = client
        .leads()
        .import(NewLead::new().mobile("13800138000"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(500));
    assert!(e.retry_note().is_some());
    import.assert_calls(1);
}

#[tokio::test]
async fn filters_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(200).json_body(json!({"code": 0}));
    });
    let e = client
        .leads()
        .list()
        .create_at(day(2017, 1, 1))
        .create_at_end(day(2017, 2, 1))
        .send()
        .await
        .unwrap_err();
    assert!(e.is_invalid_input());
    let e = client
        .leads()
        .potential()
        .create_at_start(day(2017, 3, 1))
        .create_at_end(day(2017, 2, 1))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("create_at_start"));
    any.assert_calls(0);
}

#[tokio::test]
async fn import_sends_one_lead_as_a_form() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let m = server.mock(|when, then| {
        when.method(POST)
            .path("/importv1/potential")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(&[
                ("wk_uid", "10086"),
                ("company_id", "7"),
                ("name", "张 三"),
                ("mobile", "13800138000"),
                ("email", "zs@example.com"),
                ("wechat", "zhangsan_wx"),
                ("qq", "123456"),
                ("access_token", "AT1"),
            ]));
        then.status(200)
            .json_body(json!({"code": 0, "msg": "导入成功", "data": {"id": 99}}));
    });
    let reply = client
        .leads()
        .import(
            NewLead::new()
                .name("张 三")
                .mobile(" 13800138000 ")
                .email("zs@example.com")
                .wechat("zhangsan_wx")
                .qq("123456"),
        )
        .wk_uid("10086")
        .company_id("7")
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    assert_eq!(reply.message(), Some("导入成功"));
    assert_eq!(reply.data()["id"], 99);
}

#[tokio::test]
async fn leads_are_validated_before_sending() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(200).json_body(json!({"code": 0}));
    });
    let cases = [
        (NewLead::new().name("no contact"), "mobile"),
        (NewLead::new().mobile("1380013800"), "mobile"),
        (NewLead::new().mobile("23800138000"), "mobile"),
        (NewLead::new().email("not-an-email"), "email"),
        (NewLead::new().qq("12a45"), "qq"),
        (NewLead::new().wechat("  "), "wechat"),
    ];
    for (lead, field) in cases {
        let e = client
            .leads()
            .import(lead.clone())
            .send()
            .await
            .unwrap_err();
        assert!(e.is_invalid_input(), "{lead:?}");
        assert_eq!(e.field(), Some(field), "{lead:?}");
    }
    let e = client
        .leads()
        .import_batch([
            NewLead::new().mobile("13800138000"),
            NewLead::new().email("x@@y"),
        ])
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("data[1].email"));
    let e = client
        .leads()
        .import_batch(Vec::new())
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("data"));
    let e = client
        .leads()
        .import_batch([NewLead::new().qq("10001")])
        .chunk_size(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("chunk_size"));
    any.assert_calls(0);
}

fn five_leads() -> Vec<NewLead> {
    (0..5)
        .map(|i| {
            NewLead::new()
                .name(format!("L{i}"))
                .mobile(format!("1380013800{i}"))
        })
        .collect()
}

fn chunk_json(access: &str, indices: std::ops::Range<usize>) -> serde_json::Value {
    let data: Vec<_> = indices
        .map(|i| json!({"name": format!("L{i}"), "mobile": format!("1380013800{i}")}))
        .collect();
    json!({"access_token": access, "wk_uid": "10086", "data": data})
}

#[tokio::test]
async fn a_batch_is_split_into_chunks_sent_as_json() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let mocks: Vec<_> = [0..2, 2..4, 4..5]
        .into_iter()
        .map(|r| {
            let body = chunk_json("AT1", r);
            server.mock(|when, then| {
                when.method(POST)
                    .path("/importv1/potential")
                    .header("content-type", "application/json")
                    .json_body(body);
                then.status(200).json_body(json!({"code": 0, "msg": "ok"}));
            })
        })
        .collect();
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .chunk_size(2)
        .send()
        .await
        .unwrap();
    for m in &mocks {
        m.assert_calls(1);
    }
    assert!(report.is_complete());
    assert_eq!(report.accepted_leads(), 5);
    let ranges: Vec<_> = report.chunks.iter().map(|c| c.leads.clone()).collect();
    assert_eq!(ranges, vec![0..2, 2..4, 4..5]);
}

#[tokio::test]
async fn the_access_token_leads_the_json_body() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let m = server.mock(|when, then| {
        when.path("/importv1/potential")
            .body(r#"{"access_token":"AT1","wk_uid":"10086","data":[{"name":"L0","mobile":"13800138000"}]}"#);
        then.status(200).json_body(json!({"code": 0}));
    });
    let report = client
        .leads()
        .import_batch([NewLead::new().name("L0").mobile("13800138000")])
        .wk_uid("10086")
        .send()
        .await
        .unwrap();
    assert!(report.is_complete());
    m.assert_calls(1);
}

#[tokio::test]
async fn a_rejected_chunk_is_reported_and_the_rest_still_sent() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let ok1 = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 0..2));
        then.status(200).json_body(json!({"code": 0}));
    });
    let rejected = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 2..4));
        then.status(200)
            .json_body(json!({"code": 30001, "msg": "手机号重复"}));
    });
    let ok3 = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 4..5));
        then.status(200).json_body(json!({"code": 0}));
    });
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .chunk_size(2)
        .send()
        .await
        .unwrap();
    ok1.assert_calls(1);
    rejected.assert_calls(1);
    ok3.assert_calls(1);
    assert!(!report.is_complete());
    assert_eq!((report.accepted_leads(), report.rejected_leads()), (3, 2));
    match &report.chunks[1].outcome {
        ChunkOutcome::Rejected(e) => {
            assert_eq!(e.vendor_code().unwrap().as_str(), "30001");
            assert_eq!(e.vendor_message(), Some("手机号重复"));
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(report.safe_to_resend(), vec![2, 3]);
}

/// A client whose requests time out after 300 ms, and three chunk mocks: chunks 0 and 2
/// answered at once, chunk 1 answered too late.
fn slow_second_chunk(server: &MockServer) -> (wukong_client::Client, [httpmock::Mock<'_>; 3]) {
    let clock = ManualClock::new(t0());
    let store = MemoryStore::with_token(token("AT1", "RT1", t0()));
    let client = builder(server, &clock)
        .token_store(store)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let ok1 = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 0..2));
        then.status(200).json_body(json!({"code": 0}));
    });
    let slow = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 2..4));
        then.status(200)
            .delay(Duration::from_secs(2))
            .json_body(json!({"code": 0}));
    });
    let ok3 = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 4..5));
        then.status(200).json_body(json!({"code": 0}));
    });
    (client, [ok1, slow, ok3])
}

#[tokio::test]
async fn an_unanswered_chunk_is_indeterminate_not_repeated_and_the_rest_still_sent() {
    // Issue 14 point 2, for this fan-out: one failed chunk does not cost the others.
    let server = MockServer::start_async().await;
    let (client, [ok1, slow, ok3]) = slow_second_chunk(&server);
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .chunk_size(2)
        .send()
        .await
        .unwrap();
    ok1.assert_calls(1);
    slow.assert_calls(1);
    ok3.assert_calls(1);
    assert!(matches!(
        report.chunks[0].outcome,
        ChunkOutcome::Accepted(_)
    ));
    match &report.chunks[1].outcome {
        ChunkOutcome::Indeterminate(e) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected indeterminate, got {other:?}"),
    }
    assert_eq!(report.chunks[1].leads, 2..4);
    assert!(matches!(
        report.chunks[2].outcome,
        ChunkOutcome::Accepted(_)
    ));
    let outcomes: Vec<_> = report.lead_outcomes().cloned().collect();
    assert_eq!(
        outcomes,
        [
            LeadOutcome::Accepted,
            LeadOutcome::Accepted,
            LeadOutcome::Unknown,
            LeadOutcome::Unknown,
            LeadOutcome::Accepted
        ]
    );
    assert_eq!(
        (
            report.accepted_leads(),
            report.indeterminate_leads(),
            report.unsent_leads()
        ),
        (3, 2, 0)
    );
    assert!(report.safe_to_resend().is_empty());
}

#[tokio::test]
async fn fail_fast_stops_at_the_first_chunk_not_accepted() {
    let server = MockServer::start_async().await;
    let (client, [ok1, slow, never]) = slow_second_chunk(&server);
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .chunk_size(2)
        .fail_fast(true)
        .send()
        .await
        .unwrap();
    ok1.assert_calls(1);
    slow.assert_calls(1);
    never.assert_calls(0);
    assert!(matches!(
        report.chunks[2].outcome,
        ChunkOutcome::NotSent(None)
    ));
    assert_eq!(
        (
            report.accepted_leads(),
            report.indeterminate_leads(),
            report.unsent_leads()
        ),
        (2, 2, 1)
    );
    assert_eq!(report.safe_to_resend(), vec![4]);
}

#[tokio::test]
async fn fail_fast_stops_after_an_accepted_chunk_that_refuses_a_lead() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let first = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 0..2));
        then.status(200).json_body(
            json!({"code": 0, "data": {"fail": [{"mobile": "13800138001", "msg": "手机号重复"}]}}),
        );
    });
    let rest = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 2..4));
        then.status(200).json_body(json!({"code": 0}));
    });
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .chunk_size(2)
        .fail_fast(true)
        .send()
        .await
        .unwrap();
    first.assert_calls(1);
    rest.assert_calls(0);
    assert_eq!(
        report.lead_outcomes().cloned().collect::<Vec<_>>(),
        [
            LeadOutcome::Accepted,
            rejected(None, "手机号重复"),
            LeadOutcome::NotSent,
            LeadOutcome::NotSent,
            LeadOutcome::NotSent
        ]
    );
    assert_eq!(report.safe_to_resend(), vec![1, 2, 3, 4]);
}

fn rejected(code: Option<&str>, reason: &str) -> LeadOutcome {
    LeadOutcome::Rejected {
        code: code.map(VendorCode::new),
        reason: Some(reason.to_owned()),
    }
}

#[tokio::test]
async fn per_lead_results_in_a_list_give_each_leads_outcome_and_the_counts_agree() {
    // Issue 14 point 6: a chunk answered with success whose per-lead list refuses some leads.
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let m = server.mock(|when, then| {
        when.method(POST)
            .path("/importv1/potential")
            .header("content-type", "application/json")
            .json_body(chunk_json("AT1", 0..5));
        then.status(200).json_body(json!({
            "code": 0,
            "msg": "success",
            "data": [
                {"code": 0},
                {"code": 30001, "msg": "手机号重复"},
                {"success": true},
                {"success": false, "reason": "格式错误"},
                {"status": "pending"}
            ]
        }));
    });
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    assert!(matches!(
        report.chunks[0].outcome,
        ChunkOutcome::Accepted(_)
    ));
    assert_eq!(
        report.lead_outcomes().cloned().collect::<Vec<_>>(),
        [
            LeadOutcome::Accepted,
            rejected(Some("30001"), "手机号重复"),
            LeadOutcome::Accepted,
            rejected(None, "格式错误"),
            LeadOutcome::Unknown
        ]
    );
    assert!(!report.is_complete());
    assert_eq!(
        (
            report.accepted_leads(),
            report.rejected_leads(),
            report.indeterminate_leads(),
            report.unsent_leads()
        ),
        (2, 2, 1, 0)
    );
    assert_eq!(report.safe_to_resend(), vec![1, 3]);
    assert_eq!(report.outcome_of(3), Some(&rejected(None, "格式错误")));
    assert_eq!(report.outcome_of(5), None);
}

#[tokio::test]
async fn split_lists_name_leads_by_contact_or_index_in_the_callers_order() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let answers = [
        // Only a failure list under a success code: the others were accepted.
        json!({"code": 0, "data": {"fail": [{"mobile": "13800138001", "msg": "手机号重复"}]}}),
        // Both lists, leads named by their index in the chunk's `data`.
        json!({"errcode": "0", "data": {"success": [{"index": 1}], "errors": [{"index": 0, "errmsg": "黑名单"}]}}),
        // No per-lead part: the success code covers the chunk.
        json!({"code": 0, "msg": "success"}),
    ];
    let mocks: Vec<_> = [0..2, 2..4, 4..5]
        .into_iter()
        .zip(answers)
        .map(|(range, answer)| {
            server.mock(|when, then| {
                when.path("/importv1/potential")
                    .json_body(chunk_json("AT1", range));
                then.status(200).json_body(answer);
            })
        })
        .collect();
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .chunk_size(2)
        .send()
        .await
        .unwrap();
    for m in &mocks {
        m.assert_calls(1);
    }
    assert_eq!(
        report.lead_outcomes().cloned().collect::<Vec<_>>(),
        [
            LeadOutcome::Accepted,
            rejected(None, "手机号重复"),
            rejected(None, "黑名单"),
            LeadOutcome::Accepted,
            LeadOutcome::Accepted
        ]
    );
    assert_eq!((report.accepted_leads(), report.rejected_leads()), (3, 2));
    assert_eq!(report.safe_to_resend(), vec![1, 2]);
}

#[tokio::test]
async fn counts_without_names_leave_the_leads_unknown() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let m = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 0..5));
        then.status(200)
            .json_body(json!({"code": 0, "data": {"success_count": 3, "fail_count": 2}}));
    });
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    assert_eq!(
        report.lead_outcomes().cloned().collect::<Vec<_>>(),
        vec![LeadOutcome::Unknown; 5]
    );
    assert_eq!(
        (report.accepted_leads(), report.indeterminate_leads()),
        (0, 5)
    );
    assert!(report.safe_to_resend().is_empty());
}

#[tokio::test]
async fn an_error_code_with_a_success_list_rejects_only_the_others() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let m = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 0..5));
        then.status(200).json_body(json!({
            "code": 30002, "msg": "部分导入失败",
            "data": {"success": ["13800138000", "13800138003"]}
        }));
    });
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    match &report.chunks[0].outcome {
        ChunkOutcome::Rejected(e) => assert_eq!(e.vendor_code().unwrap().as_str(), "30002"),
        other => panic!("expected a rejection, got {other:?}"),
    }
    let refused = rejected(Some("30002"), "部分导入失败");
    assert_eq!(
        report.lead_outcomes().cloned().collect::<Vec<_>>(),
        [
            LeadOutcome::Accepted,
            refused.clone(),
            refused.clone(),
            LeadOutcome::Accepted,
            refused
        ]
    );
    assert_eq!(report.safe_to_resend(), vec![1, 2, 4]);
}

#[tokio::test]
async fn a_server_error_without_a_code_is_indeterminate() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let m = server.mock(|when, then| {
        when.path("/importv1/potential");
        then.status(504).body("gateway timeout");
    });
    let report = client
        .leads()
        .import_batch(five_leads())
        .chunk_size(5)
        .send()
        .await
        .unwrap();
    m.assert_calls(1);
    assert!(matches!(
        report.chunks[0].outcome,
        ChunkOutcome::Indeterminate(_)
    ));
}

#[tokio::test]
async fn a_stale_token_in_the_json_body_is_replaced_on_the_replay() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let stale = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT1", 0..5));
        then.status(200)
            .json_body(json!({"errcode": 40014, "errmsg": "invalid access_token"}));
    });
    let refresh = server.mock(|when, then| {
        when.path("/oauth/token").body(form(&[
            ("appid", APPID),
            ("appsecret", APPSECRET),
            ("refresh_token", "RT1"),
        ]));
        then.status(200)
            .json_body(json!({"access_token": "AT2", "refresh_token": "RT2", "expires_in": 7200}));
    });
    let fresh = server.mock(|when, then| {
        when.path("/importv1/potential")
            .json_body(chunk_json("AT2", 0..5));
        then.status(200).json_body(json!({"code": 0}));
    });
    let report = client
        .leads()
        .import_batch(five_leads())
        .wk_uid("10086")
        .send()
        .await
        .unwrap();
    assert!(report.is_complete());
    stale.assert_calls(1);
    refresh.assert_calls(1);
    fresh.assert_calls(1);
}

#[tokio::test]
async fn without_authorization_no_chunk_is_sent() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(200).json_body(json!({"code": 0}));
    });
    let report = client
        .leads()
        .import_batch(five_leads())
        .chunk_size(2)
        .send()
        .await
        .unwrap();
    any.assert_calls(0);
    assert_eq!(report.unsent_leads(), 5);
    match &report.chunks[0].outcome {
        ChunkOutcome::NotSent(Some(e)) => assert!(e.is_reauthorization_required()),
        other => panic!("expected not sent, got {other:?}"),
    }
    assert_eq!(report.safe_to_resend(), (0..5).collect::<Vec<_>>());
}
