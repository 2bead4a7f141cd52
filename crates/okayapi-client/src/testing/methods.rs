//! What each of the 15 methods answers in the sandbox: list pages from the fixtures, the
//! process-data table, stored robot callbacks.

use serde_json::{Map, Value, json};

use super::state::SandboxState;
use crate::auth;

const USE_RECORDS: &str = include_str!("../../fixtures/andy_use_record_statistics.response.json");
pub(super) const SAVE_VAR: &str = include_str!("../../fixtures/save_andy_vard_dtas.response.json");
const CPS_SEARCH: &str = include_str!("../../fixtures/cps_receive_search.response.json");
const NRKH: &str = include_str!("../../fixtures/nrkh_case_detail.response.json");
const NRDADAN: &str = include_str!("../../fixtures/nrdadan_case_detail.response.json");
const PTJD: &str = include_str!("../../fixtures/ptjd_case_detail.response.json");
const RECEIVE_MSG: &str = include_str!("../../fixtures/receive_msg.response.json");
const BUILD_EXCEL: &str = include_str!("../../fixtures/build_excel.response.json");
const PRODUCT_PROCURE: &str =
    include_str!("../../fixtures/lie_biao_productprocuredetail.response.json");
const REPORT_PROMPTS: &str =
    include_str!("../../fixtures/lie_biao_andy_report_promts.response.json");
const PROMPT_STEPS: &str = include_str!("../../fixtures/lie_biao_andypromptsteps.response.json");
pub(super) const VAR_DATAS: &str = include_str!("../../fixtures/get_andy_var_datas.response.json");
const JDYY: &str = include_str!("../../fixtures/jdyy_report_data.response.json");
const SALE_CASES: &str = include_str!("../../fixtures/rjkh_sale_case_detail.response.json");
const SALE_SEARCH: &str =
    include_str!("../../fixtures/rjkh_sale_case_receive_search.response.json");

/// The list methods: name, fixture, list member, total member, whether the total is text, and
/// whether `perpage` is capped at 10,000.
pub(super) const LISTS: &[(&str, &str, &str, &str, bool, bool)] = &[
    (
        "AAndyUseRecordStatistics",
        USE_RECORDS,
        "items",
        "total",
        false,
        true,
    ),
    (
        "ANrdadanCaseDetail",
        NRDADAN,
        "lie_biao",
        "zong_shu",
        true,
        false,
    ),
    ("APtjdCaseDetail", PTJD, "lie_biao", "zong_shu", false, true),
    (
        "ALieBiaoProductprocuredetail",
        PRODUCT_PROCURE,
        "lie_biao",
        "zong_shu",
        false,
        true,
    ),
    (
        "ALieBiaoAndyReportPromts",
        REPORT_PROMPTS,
        "lie_biao",
        "zong_shu",
        false,
        true,
    ),
    (
        "ALieBiaoAndypromptsteps",
        PROMPT_STEPS,
        "lie_biao",
        "zong_shu",
        false,
        true,
    ),
    (
        "ARjkhSaleCaseDetail",
        SALE_CASES,
        "lie_biao",
        "zong_shu",
        false,
        false,
    ),
];

/// Methods answered with their fixture's `data` as it is.
pub(super) const FIXED: &[(&str, &str)] = &[
    ("ANrkhCaseDetail", NRKH),
    ("ABuildExcel", BUILD_EXCEL),
    ("AJdyyReportData", JDYY),
];

/// Robot callbacks: stored, answered with a new id.
pub(super) const CALLBACKS: &[(&str, &str)] = &[
    ("AReceiveMsg", RECEIVE_MSG),
    ("ACpsReceiveSearch", CPS_SEARCH),
    ("ARjkhSaleCaseReceiveSearch", SALE_SEARCH),
];

/// The columns of the process-data table (AGetAndyVarDatas' `datas[]`).
const VAR_COLUMNS: &[&str] = &[
    "user_id",
    "user_name",
    "sys_survey_report",
    "sys_activity_need",
    "sys_content_select",
    "user_content_select",
    "sys_content_tuij",
    "sys_activity_name",
    "user_activity_name",
    "sys_activity_ideas",
    "sys_activity_plan",
    "sys_activity_enroll",
    "sys_activity_xuanc",
    "sys_incentive_plan",
    "sys_yuqi_result",
    "sys_refine_merge",
    "sys_activity_simplify",
    "fansan_mothed",
    "yixiang_course",
    "activity_type",
    "block_index",
    "activity_beijing",
    "activity_mubiao",
    "enterprise_name",
];

impl SandboxState {
    /// The `data` text of `method`, or `(ret, msg)`.
    pub(super) fn method_data(
        &mut self,
        method: &str,
        params: &[(String, String)],
    ) -> std::result::Result<String, (i64, String)> {
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let number = |name: &str, default: u64| -> std::result::Result<u64, (i64, String)> {
            match get(name) {
                None | Some("") => Ok(default),
                Some(text) => text
                    .parse()
                    .map_err(|_| (400, format!("非法请求：参数{name}应为整数"))),
            }
        };
        if let Some((name, _, list, total, total_text, capped)) =
            LISTS.iter().find(|(name, ..)| *name == method)
        {
            let page = number("page", 1)?;
            let perpage = number("perpage", 10)?;
            if page < 1 {
                return Err((400, "非法请求：page最小值为1".to_owned()));
            }
            if perpage < 1 || (*capped && perpage > 10_000) {
                return Err((400, "非法请求：perpage应在1到10000之间".to_owned()));
            }
            if *name == "ALieBiaoAndypromptsteps" && get("version").is_none_or(str::is_empty) {
                return Err((400, "缺少必要参数version".to_owned()));
            }
            let rows = self.lists.get(name).map(Vec::as_slice).unwrap_or_default();
            let start = usize::try_from((page - 1).saturating_mul(perpage)).unwrap_or(usize::MAX);
            let end = start.saturating_add(usize::try_from(perpage).unwrap_or(usize::MAX));
            let slice = rows
                .get(start.min(rows.len())..end.min(rows.len()))
                .unwrap_or_default();
            let count = rows.len();
            let total_value = if *total_text {
                Value::String(count.to_string())
            } else {
                Value::from(count)
            };
            let mut data = Map::new();
            data.insert((*list).to_owned(), Value::Array(slice.to_vec()));
            data.insert((*total).to_owned(), total_value);
            return Ok(Value::Object(data).to_string());
        }
        if let Some(data) = self.fixed.get(method) {
            return Ok(data.clone());
        }
        if CALLBACKS.iter().any(|(name, _)| *name == method) {
            let id = self.next_id();
            self.callbacks.push((method.to_owned(), business(params)));
            return Ok(json!({ "id": id.to_string() }).to_string());
        }
        match method {
            "ASaveAndyVardDtas" => {
                let operate = number("operate_type", 1)?;
                let fields = business(params);
                match operate {
                    1 => {
                        let id = self.next_id();
                        let mut row = Map::new();
                        for column in VAR_COLUMNS {
                            let default = if *column == "block_index" { "0" } else { "" };
                            row.insert((*column).to_owned(), Value::from(default));
                        }
                        apply(&mut row, &fields);
                        self.var_rows.push((id, row));
                        Ok(json!({ "id": id.to_string(), "row_num": "1" }).to_string())
                    }
                    2 => {
                        let id = number("id", 0)?;
                        let Some((_, row)) = self.var_rows.iter_mut().find(|(rid, _)| *rid == id)
                        else {
                            return Err((400, format!("数据不存在：id={id}")));
                        };
                        apply(row, &fields);
                        Ok(json!({ "id": id.to_string(), "row_num": "1" }).to_string())
                    }
                    _ => Err((400, "非法请求：operate_type应为1或2".to_owned())),
                }
            }
            "AGetAndyVarDatas" => {
                let Some(user_id) = get("user_id").filter(|v| !v.is_empty()) else {
                    return Err((400, "缺少必要参数user_id".to_owned()));
                };
                let datas: Vec<Value> = self
                    .var_rows
                    .iter()
                    .filter(|(_, row)| row.get("user_id").and_then(Value::as_str) == Some(user_id))
                    .map(|(_, row)| Value::Object(row.clone()))
                    .collect();
                Ok(json!({ "datas": datas }).to_string())
            }
            _ => Err((
                404,
                format!("接口服务SVIP.{}.{method}不存在", self.config.app),
            )),
        }
    }

    fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// The method's own parameters (the common ones removed).
fn business(params: &[(String, String)]) -> Vec<(String, String)> {
    const COMMON: &[&str] = &[
        auth::APP_KEY,
        auth::SIGN,
        auth::UUID,
        auth::TOKEN,
        auth::SERVICE,
        "service",
        "return_data",
        "operate_type",
        "id",
    ];
    params
        .iter()
        .filter(|(k, _)| !COMMON.contains(&k.as_str()))
        .cloned()
        .collect()
}

/// Writes the known columns of `fields` into `row`.
fn apply(row: &mut Map<String, Value>, fields: &[(String, String)]) {
    for (name, value) in fields {
        if VAR_COLUMNS.contains(&name.as_str()) {
            row.insert(name.clone(), Value::String(value.clone()));
        }
    }
}
