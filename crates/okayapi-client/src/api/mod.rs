//! The operations, one handler per area of the document (`okayapi.md`):
//!
//! | handler | methods |
//! |---|---|
//! | [`usage`] | AAndyUseRecordStatistics |
//! | [`process_data`] | ASaveAndyVardDtas, AGetAndyVarDatas |
//! | [`robot`] | AReceiveMsg, ACpsReceiveSearch, ARjkhSaleCaseReceiveSearch |
//! | [`cases`] | ANrkhCaseDetail, ANrdadanCaseDetail, APtjdCaseDetail, ALieBiaoProductprocuredetail, ARjkhSaleCaseDetail |
//! | [`prompts`] | ALieBiaoAndyReportPromts, ALieBiaoAndypromptsteps |
//! | [`reports`] | ABuildExcel, AJdyyReportData |
//!
//! Each method takes its parameters type from [`crate::models::params`]; list methods also have a
//! `*_stream` variant that walks `page` until the total.

pub mod cases;
pub mod process_data;
pub mod prompts;
pub mod reports;
pub mod robot;
pub mod usage;
