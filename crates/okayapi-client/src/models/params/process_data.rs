//! ASaveAndyVardDtas (保存过程数据存储表) and AGetAndyVarDatas (获取过程数据存储表数据详情).

use rust_decimal::Decimal;

use crate::models::{OperateType, SavedVarData, UserId, VarDataId, VarDataList};

params! {
    /// ASaveAndyVardDtas (保存过程数据存储表): creates or updates a process-data row. Not safe to
    /// repeat: a retried create may create the row twice.
    pub struct SaveVarDataParams {
        method: "ASaveAndyVardDtas",
        safe_to_repeat: false,
        response: SavedVarData,
        required: {},
        optional: {
            /// id: 待更新的数据ID (the row to update; 整型).
            id: VarDataId,
            /// user_id: 用户id (the number AGetAndyVarDatas reads the rows back by).
            user_id: UserId,
            /// user_name: 用户姓名.
            user_name: String,
            /// sys_survey_report: 系统-需求调研报告.
            sys_survey_report: String,
            /// sys_activity_need: 系统-活动方案-活动需求.
            sys_activity_need: String,
            /// sys_content_select: 系统-活动方案-内容选择.
            sys_content_select: String,
            /// user_content_select: 用户-活动方案-内容选择.
            user_content_select: String,
            /// sys_content_tuij: 系统-活动方案-内容推荐.
            sys_content_tuij: String,
            /// sys_activity_name: 系统-活动方案-活动名称.
            sys_activity_name: String,
            /// user_activity_name: 用户-活动方案-活动名称.
            user_activity_name: String,
            /// sys_activity_ideas: 系统-活动方案-活动思路.
            sys_activity_ideas: String,
            /// sys_activity_plan: 系统-活动方案-活动策划.
            sys_activity_plan: String,
            /// sys_activity_enroll: 系统-活动方案-活动报名.
            sys_activity_enroll: String,
            /// sys_activity_xuanc: 系统-活动方案-活动宣传.
            sys_activity_xuanc: String,
            /// sys_incentive_plan: 系统-活动方案-激励措施.
            sys_incentive_plan: String,
            /// sys_yuqi_result: 系统-活动方案-预期效果.
            sys_yuqi_result: String,
            /// sys_refine_merge: 方案合并.
            sys_refine_merge: String,
            /// sys_activity_simplify: 方案精简.
            sys_activity_simplify: String,
            /// fansan_mothed: 发散方式.
            fansan_mothed: String,
            /// yixiang_course: 意向课程.
            yixiang_course: String,
            /// activity_type: 活动类型.
            activity_type: String,
            /// operate_type: 操作方式 (1 创建, 2 更新; the server's default is 1).
            operate_type: OperateType,
            /// block_index: 分块索引.
            block_index: u32,
            /// total_tokens: 总Token数.
            total_tokens: u64,
            /// total_rmb: 总人民币 (money, sent as its exact decimal text).
            #[serde(serialize_with = "crate::form::display_opt")]
            total_rmb: Decimal,
            /// current_model: 当前模型.
            current_model: String,
            /// activity_beijing: 活动背景.
            activity_beijing: String,
            /// activity_mubiao: 活动目标.
            activity_mubiao: String,
            /// enterprise_name: 企业名称.
            enterprise_name: String,
        },
    }
}

params! {
    /// AGetAndyVarDatas (根据UserID,获取过程数据存储表数据详情): the process-data rows of a user.
    pub struct VarDatasParams {
        method: "AGetAndyVarDatas",
        safe_to_repeat: true,
        response: VarDataList,
        required: {
            /// user_id: 过程数据存储表数据UserID (必须, 整型).
            user_id: UserId,
        },
        optional: {},
    }
}
