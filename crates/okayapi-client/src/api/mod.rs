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
//! | [`methods`] | any method: typed, or by name |
//!
//! Each method takes its parameters type from [`crate::models::params`]; list methods also have a
//! `*_stream` variant that walks `page` until the total.
//!
//! Every handler has `with_options`: per-call overrides (timeout, retry policy, response size
//! cap) for every operation called through it, each page request of its streams included:
//!
//! ```no_run
//! # async fn demo(client: okayapi_client::Client) -> okayapi_client::Result<()> {
//! use std::time::Duration;
//!
//! use okayapi_client::models::VarDatasParams;
//! use okayapi_client::{RequestOptions, RetryPolicy};
//!
//! let options = RequestOptions::default()
//!     .with_timeout(Duration::from_secs(5))
//!     .with_retry(RetryPolicy::none());
//! let rows = client
//!     .process_data()
//!     .with_options(options)
//!     .get(VarDatasParams::new(10086))
//!     .await?;
//! # Ok(()) }
//! ```

pub mod cases;
pub mod methods;
pub mod process_data;
pub mod prompts;
pub mod reports;
pub mod robot;
pub mod usage;
