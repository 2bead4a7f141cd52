//! AAndyUseRecordStatistics (使用情况记录统计).

use super::{MAX_PER_PAGE, check};
use crate::models::{AssistantType, ConversationType, UseRecordStatistics};

params! {
    /// AAndyUseRecordStatistics (使用情况记录统计): usage records, paged (`items` / `total`).
    pub struct UseRecordStatisticsParams {
        method: "AAndyUseRecordStatistics",
        safe_to_repeat: true,
        response: UseRecordStatistics,
        required: {},
        optional: {
            /// page: 第几页 (from 1; default 1).
            page: u32 [check::page],
            /// perpage: 分页数量 (1–10,000; default 10).
            perpage: u32 [check::perpage],
            /// assistant_type: 助手类型.
            assistant_type: AssistantType,
            /// user_dd_nick: 使用者钉钉昵称.
            user_dd_nick: String,
            /// consult_content: 咨询内容.
            consult_content: String,
            /// conversation_type: 会话类型 (1 单聊, 2 群聊).
            conversation_type: ConversationType,
        },
    }
}

list_method! {
    UseRecordStatisticsParams => Some(MAX_PER_PAGE),
}
