//! `okayapi_models`: OkayAPI's generated models, picked by the first byte; decode → encode →
//! decode is stable (see [`super::model_roundtrip`]).

use okayapi_client::models::generated::*;

crate::model_target!(
    "okayapi",
    JdyyReportDataRequest,
    NrdadanCase,
    NrdadanCaseDetailRequest,
    NrdadanCaseList,
    NrkhCaseDetailRequest,
    ProductProcure,
    ProductProcureDetailRequest,
    ProductProcureList,
    PromptStep,
    PromptStepList,
    PromptStepsRequest,
    PtjdCase,
    PtjdCaseDetailRequest,
    PtjdCaseList,
    RecordId,
    ReportPrompt,
    ReportPromptList,
    ReportPromptsRequest,
    RobotMessage,
    SaleCase,
    SaleCaseDetailRequest,
    SaleCaseList,
    SaveVarDataRequest,
    SavedVarData,
    UseRecord,
    UseRecordStatistics,
    UseRecordStatisticsRequest,
    VarData,
    VarDataList,
    VarDatasRequest,
);
