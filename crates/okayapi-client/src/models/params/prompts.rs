//! ALieBiaoAndyReportPromts (报告解读提示词步骤表) and ALieBiaoAndypromptsteps (提示词步骤表).

use super::{MAX_PER_PAGE, check};
use crate::models::{PromptStepList, ReportPromptList};

params! {
    /// ALieBiaoAndyReportPromts (报告解读提示词步骤表数据列表): report prompts, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct ReportPromptsParams {
        method: "ALieBiaoAndyReportPromts",
        safe_to_repeat: true,
        response: ReportPromptList,
        required: {},
        optional: {
            /// page: 第几页 (from 1; default 1).
            page: u32 [check::page],
            /// perpage: 分页数量 (1–10,000; default 10).
            perpage: u32 [check::perpage],
            /// app_catalog: 应用分类.
            app_catalog: String,
            /// app_name: 应用名称.
            app_name: String,
            /// app_id: 应用id.
            app_id: String,
        },
    }
}

params! {
    /// ALieBiaoAndypromptsteps (提示词步骤表数据列表): prompt steps of a version, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct PromptStepsParams {
        method: "ALieBiaoAndypromptsteps",
        safe_to_repeat: true,
        response: PromptStepList,
        required: {
            /// version: 提示词版本 (必须; the document's default is `1.0`).
            version: String [check::not_empty],
        },
        optional: {
            /// page: 第几页 (from 1; default 1).
            page: u32 [check::page],
            /// perpage: 分页数量 (1–10,000; default 10).
            perpage: u32 [check::perpage],
            /// step_type: 步骤类型 (qymc-企业名称…).
            step_type: String,
        },
    }
}

list_method! {
    ReportPromptsParams => Some(MAX_PER_PAGE),
    PromptStepsParams => Some(MAX_PER_PAGE),
}
