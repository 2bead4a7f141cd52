//! Data types of the vendor API.
//!
//! * `generated` is produced by `cargo xtask codegen` from `fixtures/okayapi/`: the response
//!   types of the 15 methods (their `data` member) come from there and are re-exported here by
//!   name. The module itself is not part of the API (its request types are replaced by the
//!   hand-written [`params`]).
//! * [`params`] holds the hand-written request parameters of the 15 methods: typed values,
//!   required parameters in `new`, documented ranges checked before sending, and the
//!   "字符串JSON格式" parameters (`atUsers`, `text`, `content`) as typed values sent as JSON text.
//! * The hand-written value types, one file each: the documented code lists as enums with an
//!   `Other(String)` fallback (`codes`), [`OperateType`], and the JSON-text parameter types
//!   ([`AtUser`], [`MessageText`], [`MessageContent`]), and the ids of the process-data table
//!   ([`UserId`], [`VarDataId`]: one type in every operation and model).

mod at_user;
mod codes;
// Not part of the API: the generated fixture tests (`tests/it/models.rs`) and the fuzz targets
// still name `models::generated::X`; it becomes private once codegen writes `models::X` paths.
#[doc(hidden)]
pub mod generated;
mod ids;
mod list_response;
mod message_content;
mod message_text;
mod operate_type;
mod param_value;
pub mod params;

pub use at_user::AtUser;
pub use codes::{AssistantType, ConversationType, CustomType, InputType, MessageType, ModelType};
pub use generated::{
    NrdadanCase, NrdadanCaseList, ProductProcure, ProductProcureList, PromptStep, PromptStepList,
    PtjdCase, PtjdCaseList, RecordId, ReportPrompt, ReportPromptList, SaleCase, SaleCaseList,
    SavedVarData, UseRecord, UseRecordStatistics, VarData, VarDataList,
};
pub use ids::{UserId, VarDataId};
pub use message_content::MessageContent;
pub use message_text::MessageText;
pub use operate_type::OperateType;
pub use param_value::IntoParam;
pub use params::*;
