//! The parameters ("参数") of the 15 documented methods, one type per method.
//!
//! Every documented parameter is a field; required ones are arguments of `new`, optional ones
//! are `Option`s with a setter of the same name taking [`IntoParam<T>`](super::IntoParam) (text:
//! anything `Into<String>`; numbers: the number itself, so literals need no suffix). Documented ranges
//! (`page` ≥ 1, `perpage` 1–10,000, `version` not empty) are checked by
//! [`ApiMethod::validate`] before anything is sent; `operate_type` is
//! an [`OperateType`], so only 1 and 2 can be sent. The "字符串JSON格式" parameters take typed
//! values ([`AtUser`], [`MessageText`], [`MessageContent`]) and are sent as JSON text.
//!
//! The common parameters (`app_key`, `sign`, `uuid`, `token`) are added by the client; the client
//! never sends `return_data` (it always asks for the full envelope).

use chrono::{DateTime, Utc};
use client_core::{Error, Result};
use rust_decimal::Decimal;
use serde::Serialize;

use super::IntoParam;
use super::{
    AssistantType, AtUser, ConversationType, CustomType, InputType, MessageContent, MessageText,
    MessageType, ModelType, OperateType,
};
use super::{
    NrdadanCaseList, ProductProcureList, PromptStepList, PtjdCaseList, RecordId, ReportPromptList,
    SaleCaseList, SavedVarData, UseRecordStatistics, VarDataList,
};
use crate::method::{ApiMethod, ListMethod};

/// The documented maximum of `perpage` ("最大:10000").
pub const MAX_PER_PAGE: u32 = 10_000;

/// Rules checked before sending.
mod check {
    use super::{Error, Result};

    /// `page` ≥ 1 ("最小:1").
    pub(super) fn page(field: &'static str, value: &u32) -> Result<()> {
        if *value >= 1 {
            Ok(())
        } else {
            Err(Error::invalid_input(field, "must be at least 1"))
        }
    }

    /// `perpage` 1–10,000 ("最小:1;最大:10000").
    pub(super) fn perpage(field: &'static str, value: &u32) -> Result<()> {
        if (1..=super::MAX_PER_PAGE).contains(value) {
            Ok(())
        } else {
            Err(Error::invalid_input(
                field,
                format!("must be between 1 and {}, not {value}", super::MAX_PER_PAGE),
            ))
        }
    }

    /// A required text parameter must not be empty.
    pub(super) fn not_empty(field: &'static str, value: &str) -> Result<()> {
        if value.trim().is_empty() {
            Err(Error::invalid_input(
                field,
                "is required and must not be empty",
            ))
        } else {
            Ok(())
        }
    }
}

/// Defines one method's parameters type, its setters and its [`ApiMethod`] impl.
macro_rules! params {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            method: $method:literal,
            safe_to_repeat: $safe:literal,
            response: $response:ty,
            required: {
                $( $(#[doc = $rdoc:literal])* $(#[serde($($rs:tt)*)])*
                   $rfield:ident : $rty:ty $([$rrule:path])? ),* $(,)?
            },
            optional: {
                $( $(#[doc = $odoc:literal])* $(#[serde($($os:tt)*)])*
                   $ofield:ident : $oty:ty $([$orule:path])? ),* $(,)?
            } $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[doc = $rdoc])*
                $(#[serde($($rs)*)])*
                pub $rfield: $rty,
            )*
            $(
                $(#[doc = $odoc])*
                $(#[serde($($os)*)])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $ofield: Option<$oty>,
            )*
        }

        #[allow(clippy::new_without_default)]
        impl $name {
            #[doc = concat!("Parameters of ", $method, "; required parameters are the arguments.")]
            pub fn new($($rfield: impl IntoParam<$rty>),*) -> Self {
                Self {
                    $( $rfield: $rfield.into_param(), )*
                    $( $ofield: None, )*
                }
            }

            $(
                $(#[doc = $odoc])*
                pub fn $ofield(mut self, value: impl IntoParam<$oty>) -> Self {
                    self.$ofield = Some(value.into_param());
                    self
                }
            )*
        }

        impl ApiMethod for $name {
            const METHOD: &'static str = $method;
            const OPERATION: &'static str = concat!("POST /api/SVIP/{app}/", $method);
            const SAFE_TO_REPEAT: bool = $safe;
            type Response = $response;

            fn validate(&self) -> Result<()> {
                $( $( $rrule(stringify!($rfield), &self.$rfield)?; )? )*
                $( $( if let Some(value) = &self.$ofield {
                    $orule(stringify!($ofield), value)?;
                } )? )*
                Ok(())
            }
        }
    };
}

/// Implements [`ListMethod`] for a parameters type with `page` and `perpage` fields.
macro_rules! list_method {
    ($($name:ty => $max:expr),* $(,)?) => {
        $(
            impl ListMethod for $name {
                const MAX_PER_PAGE: Option<u32> = $max;
                fn page(&self) -> Option<u32> {
                    self.page
                }
                fn perpage(&self) -> Option<u32> {
                    self.perpage
                }
                fn with_page(mut self, page: u32, perpage: u32) -> Self {
                    self.page = Some(page);
                    self.perpage = Some(perpage);
                    self
                }
            }
        )*
    };
}

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

params! {
    /// ASaveAndyVardDtas (保存过程数据存储表): creates or updates a process-data row. Not safe to
    /// repeat: a retried create may create the row twice.
    pub struct SaveVarDataParams {
        method: "ASaveAndyVardDtas",
        safe_to_repeat: false,
        response: SavedVarData,
        required: {},
        optional: {
            /// id: 待更新的数据ID (the row to update).
            id: u64,
            /// user_id: 用户id.
            user_id: String,
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
            user_id: u64,
        },
        optional: {},
    }
}

/// The fields of a DingTalk robot callback ("接收来自群里@机器人的消息回调"), shared by
/// ACpsReceiveSearch, AReceiveMsg and ARjkhSaleCaseReceiveSearch (flattened into each).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RobotMessage {
    /// senderPlatform: 消息发送平台.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_platform: Option<String>,
    /// conversationId: 会话ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// atUsers: 被@人的信息 (sent as JSON text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_users: Option<Vec<AtUser>>,
    /// chatbotCorpId: 加密的机器人所在的企业corpId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chatbot_corp_id: Option<String>,
    /// chatbotUserId: 加密的机器人ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chatbot_user_id: Option<String>,
    /// msgId: 加密的消息ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_id: Option<String>,
    /// senderNick: 发送者昵称.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_nick: Option<String>,
    /// isAdmin: 是否为管理员 (sent as `true` / `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_admin: Option<bool>,
    /// senderStaffId: 企业内部群中@该机器人的成员 userId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_staff_id: Option<String>,
    /// createAt: 消息的时间戳 (sent as epoch milliseconds).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::form::millis_opt"
    )]
    pub create_at: Option<DateTime<Utc>>,
    /// senderCorpId: 企业内部群的发送者当前群的企业corpId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_corp_id: Option<String>,
    /// conversationType: 会话类型 (1 单聊, 2 群聊).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_type: Option<ConversationType>,
    /// senderId: 加密的发送者ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_id: Option<String>,
    /// conversationTitle: 群聊时才有的会话标题.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_title: Option<String>,
    /// isInAtList: 是否在@列表中 (sent as `true` / `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_in_at_list: Option<bool>,
    /// sessionWebhook: 当前会话的Webhook地址.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_webhook: Option<String>,
    /// text: 消息文本 (sent as JSON text, `{"content": …}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<MessageText>,
    /// msgtype: 消息类型.
    #[serde(rename = "msgtype", skip_serializing_if = "Option::is_none")]
    pub msgtype: Option<MessageType>,
    /// robotCode: 机器人编码.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robot_code: Option<String>,
    /// sessionWebhookExpiredTime: 当前会话的Webhook地址过期时间 (sent as epoch milliseconds).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::form::millis_opt"
    )]
    pub session_webhook_expired_time: Option<DateTime<Utc>>,
}

/// Setters of [`RobotMessage`], one per field.
macro_rules! setters {
    ($ty:ty { $($(#[doc = $doc:literal])* $field:ident : $fty:ty),* $(,)? }) => {
        impl $ty {
            $(
                $(#[doc = $doc])*
                pub fn $field(mut self, value: impl IntoParam<$fty>) -> Self {
                    self.$field = Some(value.into_param());
                    self
                }
            )*
        }
    };
}

impl RobotMessage {
    /// An empty callback (every field optional, as documented).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `atUsers` (被@人的信息).
    pub fn at_users(mut self, users: impl IntoIterator<Item = AtUser>) -> Self {
        self.at_users = Some(users.into_iter().collect());
        self
    }
}

setters!(RobotMessage {
    /// Sets `senderPlatform` (消息发送平台).
    sender_platform: String,
    /// Sets `conversationId` (会话ID).
    conversation_id: String,
    /// Sets `chatbotCorpId` (加密的机器人所在的企业corpId).
    chatbot_corp_id: String,
    /// Sets `chatbotUserId` (加密的机器人ID).
    chatbot_user_id: String,
    /// Sets `msgId` (加密的消息ID).
    msg_id: String,
    /// Sets `senderNick` (发送者昵称).
    sender_nick: String,
    /// Sets `isAdmin` (是否为管理员).
    is_admin: bool,
    /// Sets `senderStaffId` (成员 userId).
    sender_staff_id: String,
    /// Sets `createAt` (消息的时间戳).
    create_at: DateTime<Utc>,
    /// Sets `senderCorpId` (发送者当前群的企业corpId).
    sender_corp_id: String,
    /// Sets `conversationType` (会话类型).
    conversation_type: ConversationType,
    /// Sets `senderId` (加密的发送者ID).
    sender_id: String,
    /// Sets `conversationTitle` (群聊时才有的会话标题).
    conversation_title: String,
    /// Sets `isInAtList` (是否在@列表中).
    is_in_at_list: bool,
    /// Sets `sessionWebhook` (当前会话的Webhook地址).
    session_webhook: String,
    /// Sets `text` (消息文本; sent as JSON text).
    text: MessageText,
    /// Sets `msgtype` (消息类型).
    msgtype: MessageType,
    /// Sets `robotCode` (机器人编码).
    robot_code: String,
    /// Sets `sessionWebhookExpiredTime` (Webhook地址过期时间).
    session_webhook_expired_time: DateTime<Utc>,
});

/// ACpsReceiveSearch (内容售卖案例想查就查): a robot callback that looks up content sales cases;
/// answers the id of the record it stores, so it is not safe to repeat.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct CpsReceiveSearchParams(pub RobotMessage);

/// ARjkhSaleCaseReceiveSearch (软件客户售卖案例查询): a robot callback that looks up software sales
/// cases; answers the id of the record it stores, so it is not safe to repeat.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SaleCaseReceiveSearchParams(pub RobotMessage);

crate::okayapi_method!(CpsReceiveSearchParams => RecordId, "ACpsReceiveSearch", safe_to_repeat = false);
crate::okayapi_method!(SaleCaseReceiveSearchParams => RecordId, "ARjkhSaleCaseReceiveSearch", safe_to_repeat = false);

/// AReceiveMsg (接收来自群里@机器人的消息回调): stores a robot callback; the DingTalk fields plus
/// `customType`, `content` and `modelType`. Not safe to repeat.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct ReceiveMsgParams {
    /// The DingTalk callback fields.
    #[serde(flatten)]
    pub message: RobotMessage,
    /// customType: 自定义类型.
    #[serde(rename = "customType", skip_serializing_if = "Option::is_none")]
    pub custom_type: Option<CustomType>,
    /// content: 消息内容 (sent as JSON text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    /// modelType: 模型类型.
    #[serde(rename = "modelType", skip_serializing_if = "Option::is_none")]
    pub model_type: Option<ModelType>,
}

impl ReceiveMsgParams {
    /// The callback `message` with no extra fields.
    pub fn new(message: RobotMessage) -> Self {
        Self {
            message,
            ..Self::default()
        }
    }
}

setters!(ReceiveMsgParams {
    /// Sets `customType` (自定义类型).
    custom_type: CustomType,
    /// Sets `content` (消息内容; sent as JSON text).
    content: MessageContent,
    /// Sets `modelType` (模型类型).
    model_type: ModelType,
});

crate::okayapi_method!(ReceiveMsgParams => RecordId, "AReceiveMsg", safe_to_repeat = false);

params! {
    /// ANrkhCaseDetail (内容客户案例明细数据列表): content customer cases. The document lists no
    /// response fields, so the `data` is returned as JSON.
    pub struct NrkhCaseDetailParams {
        method: "ANrkhCaseDetail",
        safe_to_repeat: true,
        response: serde_json::Value,
        required: {},
        optional: {
            /// page: 第几页.
            page: u32 [check::page],
            /// perpage: 分页数量.
            perpage: u32 [check::page],
            /// train_target: 培训对象.
            train_target: String,
            /// yxt_industry_1: 行业.
            yxt_industry_1: String,
            /// enterprise_type: 企业性质.
            enterprise_type: String,
            /// case_name: 案例名称.
            case_name: String,
            /// yxt_industry_more: 行业,传入的是拆好词的文本.
            yxt_industry_more: String,
            /// content_product: 内容产品.
            content_product: String,
            /// case_time: 案例时间.
            case_time: String,
            /// product_series: 产品系列.
            product_series: String,
            /// kh_name: 客户名称.
            kh_name: String,
            /// kh_industry_1: 客户行业.
            kh_industry_1: String,
            /// xm_crowd: 项目人群.
            xm_crowd: String,
            /// xm_name: 项目名称.
            xm_name: String,
            /// kh_industry_more: 客户行业,传入的是拆好词的文本.
            kh_industry_more: String,
        },
    }
}

params! {
    /// ANrdadanCaseDetail (内容打单方案明细数据列表): content deal plans, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct NrdadanCaseDetailParams {
        method: "ANrdadanCaseDetail",
        safe_to_repeat: true,
        response: NrdadanCaseList,
        required: {},
        optional: {
            /// page: 第几页.
            page: u32 [check::page],
            /// perpage: 分页数量.
            perpage: u32 [check::page],
            /// kh_name: 客户名称.
            kh_name: String,
            /// kh_industry_1: 客户行业.
            kh_industry_1: String,
            /// xm_crowd: 项目人群.
            xm_crowd: String,
            /// xm_name: 项目名称.
            xm_name: String,
            /// case_url: 方案链接.
            case_url: String,
            /// kh_industry_more: 行业,传入的是拆好词的文本.
            kh_industry_more: String,
            /// params_more: 综合参数.
            params_more: String,
            /// enterprise_type: 企业性质.
            enterprise_type: String,
            /// content_product: 内容产品.
            content_product: String,
            /// case_time: 案例时间.
            case_time: String,
            /// product_series: 产品系列.
            product_series: String,
        },
    }
}

params! {
    /// APtjdCaseDetail (平台竞对切换案例明细数据列表): competitor switch cases, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct PtjdCaseDetailParams {
        method: "APtjdCaseDetail",
        safe_to_repeat: true,
        response: PtjdCaseList,
        required: {},
        optional: {
            /// page: 第几页 (from 1; default 1).
            page: u32 [check::page],
            /// perpage: 分页数量 (1–10,000; default 10).
            perpage: u32 [check::perpage],
            /// kh_industry_1: 客户行业.
            kh_industry_1: String,
            /// area: 地区.
            area: String,
            /// staff_size: 人员规模.
            staff_size: String,
            /// staff_size_min: 人员规模-最小值.
            staff_size_min: String,
            /// staff_size_max: 人员规模-最大值.
            staff_size_max: String,
            /// competitor_name: 竞品名称.
            competitor_name: String,
            /// kh_name: 客户名称.
            kh_name: String,
            /// replace_year: 替换年份.
            replace_year: String,
            /// replace_reason: 替换原因.
            replace_reason: String,
            /// enterprise_type: 企业性质.
            enterprise_type: String,
            /// sign_sales: 签约销售.
            sign_sales: String,
            /// kh_industry_more: 行业,传入的是拆好词的文本.
            kh_industry_more: String,
        },
    }
}

params! {
    /// ABuildExcel (生成多Sheet的Excel文件): takes only the common parameters; the document lists
    /// no response fields, so the `data` is returned as JSON. Not safe to repeat (it builds a file).
    pub struct BuildExcelParams {
        method: "ABuildExcel",
        safe_to_repeat: false,
        response: serde_json::Value,
        required: {},
        optional: {},
    }
}

params! {
    /// ALieBiaoProductprocuredetail (21-24年内容产品采购明细数据列表): product purchases, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct ProductProcureDetailParams {
        method: "ALieBiaoProductprocuredetail",
        safe_to_repeat: true,
        response: ProductProcureList,
        required: {},
        optional: {
            /// page: 第几页 (from 1; default 1).
            page: u32 [check::page],
            /// perpage: 分页数量 (1–10,000; default 10).
            perpage: u32 [check::perpage],
            /// org_name: 机构名称.
            org_name: String,
            /// yxt_industry_1: 行业分类.
            yxt_industry_1: String,
            /// enterprise_type: 企业类型.
            enterprise_type: String,
            /// staff_size: 人员规模.
            staff_size: String,
            /// money: 金额 (money, sent as its exact decimal text).
            #[serde(serialize_with = "crate::form::display_opt")]
            money: Decimal,
            /// class_type: 班型.
            class_type: String,
            /// product_name: 产品名称.
            product_name: String,
            /// source_type: 来源类型.
            source_type: String,
            /// staff_size_min: 人员规模_最小值.
            staff_size_min: String,
            /// staff_size_max: 人员规模_最大值.
            staff_size_max: String,
            /// yxt_industry_more: 行业,传入的是拆好词的文本.
            yxt_industry_more: String,
        },
    }
}

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

params! {
    /// AJdyyReportData (获取阶段运营报告数据): the stage operation report. The document lists no
    /// response fields, so the `data` is returned as JSON.
    pub struct JdyyReportDataParams {
        method: "AJdyyReportData",
        safe_to_repeat: true,
        response: serde_json::Value,
        required: {},
        optional: {
            /// input_type: 输入类型 (1-kng, …).
            input_type: InputType,
            /// webhook: 回送.
            webhook: String,
        },
    }
}

params! {
    /// ARjkhSaleCaseDetail (软件客户售卖案例明细数据列表): software sales cases, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct SaleCaseDetailParams {
        method: "ARjkhSaleCaseDetail",
        safe_to_repeat: true,
        response: SaleCaseList,
        required: {},
        optional: {
            /// page: 第几页.
            page: u32 [check::page],
            /// perpage: 分页数量.
            perpage: u32 [check::page],
            /// archive_name: 档案名称.
            archive_name: String,
            /// yxt_industry_1: 一级行业.
            yxt_industry_1: String,
            /// yxt_industry_2: 二级行业.
            yxt_industry_2: String,
            /// enterprise_type: 企业类型.
            enterprise_type: String,
            /// staff_size_min: 人员规模_最小值.
            staff_size_min: String,
            /// staff_size_max: 人员规模_最大值.
            staff_size_max: String,
            /// customer_province: 客户所在省.
            customer_province: String,
            /// customer_keywords: 客户关键字.
            customer_keywords: String,
            /// account_count_gt: 帐号数大于.
            account_count_gt: String,
            /// account_count_lt: 帐号数小于.
            account_count_lt: String,
            /// yxt_industry_more: 二级行业,传入的是拆好词的文本.
            yxt_industry_more: String,
        },
    }
}

list_method! {
    UseRecordStatisticsParams => Some(MAX_PER_PAGE),
    NrdadanCaseDetailParams => None,
    PtjdCaseDetailParams => Some(MAX_PER_PAGE),
    ProductProcureDetailParams => Some(MAX_PER_PAGE),
    ReportPromptsParams => Some(MAX_PER_PAGE),
    PromptStepsParams => Some(MAX_PER_PAGE),
    SaleCaseDetailParams => None,
}

impl From<RobotMessage> for CpsReceiveSearchParams {
    fn from(message: RobotMessage) -> Self {
        Self(message)
    }
}

impl From<RobotMessage> for SaleCaseReceiveSearchParams {
    fn from(message: RobotMessage) -> Self {
        Self(message)
    }
}

impl From<RobotMessage> for ReceiveMsgParams {
    fn from(message: RobotMessage) -> Self {
        Self::new(message)
    }
}
