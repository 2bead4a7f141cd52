//! `okayapi_models`: OkayAPI's generated models (by their public names), picked by the first
//! byte; decode → encode → decode is stable (see [`super::model_roundtrip`]).

use okayapi_client::models::*;

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
    RobotMessageRequest,
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
