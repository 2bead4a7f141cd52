//! Unit tests of reading a batch import answer's per-lead part.

use super::*;
use serde_json::json;

fn chunk(n: usize) -> Vec<PotentialImport> {
    (0..n)
        .map(|i| PotentialImport {
            name: Some(format!("L{i}")),
            mobile: Some(format!("1380013800{i}")),
            email: None,
            wechat: None,
            qq: None,
        })
        .collect()
}

fn rejected(code: Option<&str>, reason: Option<&str>) -> LeadOutcome {
    LeadOutcome::Rejected {
        code: code.map(VendorCode::new),
        reason: reason.map(str::to_owned),
    }
}

#[test]
fn no_per_lead_part_gives_the_chunks_outcome() {
    for answer in [
        json!({"code": 0, "msg": "success"}),
        json!(null),
        json!("ok"),
        json!({"id": 7}),
    ] {
        let got = lead_outcomes(&answer, &chunk(2), &LeadOutcome::Accepted);
        assert_eq!(got, vec![LeadOutcome::Accepted; 2], "{answer}");
    }
}

#[test]
fn a_result_list_is_read_by_position_index_or_contact() {
    let answer = json!([true, {"code": "40035", "msg": " 格式错误 "}, {"status": "FAILED"}]);
    let got = lead_outcomes(&answer, &chunk(3), &LeadOutcome::Accepted);
    assert_eq!(
        got,
        vec![
            LeadOutcome::Accepted,
            rejected(Some("40035"), Some("格式错误")),
            rejected(None, None),
        ]
    );
    // Fewer entries than leads: only those naming a lead count; the rest are unknown.
    let answer = json!({"results": [{"mobile": 13800138001u64, "ok": false, "reason": "重复"}]});
    let got = lead_outcomes(&answer, &chunk(3), &LeadOutcome::Accepted);
    assert_eq!(
        got,
        vec![
            LeadOutcome::Unknown,
            rejected(None, Some("重复")),
            LeadOutcome::Unknown
        ]
    );
}

#[test]
fn an_echo_without_a_signal_takes_the_chunks_outcome_an_unknown_word_is_unknown() {
    let answer = json!({"list": [{"id": 1, "mobile": "13800138000"}, {"status": "pending"}]});
    let got = lead_outcomes(&answer, &chunk(3), &LeadOutcome::Accepted);
    assert_eq!(
        got,
        vec![
            LeadOutcome::Accepted,
            LeadOutcome::Unknown,
            LeadOutcome::Unknown
        ]
    );
    // A failure entry keeps its own reason under an error-coded chunk.
    let overall = rejected(Some("30002"), Some("部分失败"));
    let answer = json!({"fail": [{"mobile": "13800138001", "msg": "重复"}], "success": [0]});
    let got = lead_outcomes(&answer, &chunk(2), &overall);
    assert_eq!(
        got,
        vec![LeadOutcome::Accepted, rejected(Some("30002"), Some("重复"))]
    );
}

#[test]
fn an_entry_naming_no_lead_leaves_the_others_unknown() {
    let answer = json!({"fail": [{"index": 9, "msg": "x"}]});
    let got = lead_outcomes(&answer, &chunk(2), &LeadOutcome::Accepted);
    assert_eq!(got, vec![LeadOutcome::Unknown; 2]);
    let answer = json!({"fail": ["13800138001"]});
    let got = lead_outcomes(&answer, &chunk(2), &LeadOutcome::Accepted);
    assert_eq!(got, vec![LeadOutcome::Accepted, rejected(None, None)]);
}

#[test]
fn two_answers_for_one_lead_make_it_unknown() {
    let answer = json!({"success": [0], "fail": [{"index": 0}]});
    let got = lead_outcomes(&answer, &chunk(1), &LeadOutcome::Accepted);
    assert_eq!(got, vec![LeadOutcome::Unknown]);
}

#[test]
fn counts_decide_only_all_or_nothing() {
    let overall = rejected(Some("30001"), Some("导入失败"));
    let cases = [
        (
            json!({"success_count": 2, "fail_count": 0}),
            LeadOutcome::Accepted,
        ),
        (json!({"fail_count": "2"}), overall.clone()),
        (
            json!({"success_count": 1, "fail_count": 1}),
            LeadOutcome::Unknown,
        ),
    ];
    for (answer, want) in cases {
        let got = lead_outcomes(&answer, &chunk(2), &overall);
        assert_eq!(got, vec![want; 2], "{answer}");
    }
}

#[test]
fn an_error_body_with_a_result_list_in_data_is_read() {
    let overall = rejected(Some("30002"), Some("部分失败"));
    let body =
        json!({"code": 30002, "msg": "部分失败", "data": [{"success": true}, {"success": false}]});
    let got = lead_outcomes(&body, &chunk(2), &overall);
    assert_eq!(got, vec![LeadOutcome::Accepted, overall]);
}

#[test]
fn wrappers_are_followed() {
    let answer = json!({"data": {"result": {"failed": [{"idx": "1", "errmsg": "黑名单"}]}}});
    let got = lead_outcomes(&answer, &chunk(2), &LeadOutcome::Accepted);
    assert_eq!(
        got,
        vec![LeadOutcome::Accepted, rejected(None, Some("黑名单"))]
    );
}
