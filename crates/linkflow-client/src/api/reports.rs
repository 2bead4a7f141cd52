//! Document section "报表" (reports): "获取报表结果" (`GET /open/report/{reportId}`, with a
//! waiter) and "获取仪表盘定义" (`GET /open/dashboard/{dashboardId}/summary`).
//!
//! The document writes these routes on `https://{{domain}}`: tenants with their own domain set
//! the client's base URL ([`ClientBuilder::base_url`](crate::ClientBuilder::base_url)).

use std::time::Duration;

use client_core::Error;
use client_core::backoff::{Backoff, Jitter};
use client_core::poll::{PollOutcome, Poller, Status};
use client_core::transport::Request;

use crate::models::{Dashboard, DashboardId, REPORT_COMPUTING, REPORT_READY, Report, ReportId};
use crate::{Client, RequestOptions};

/// `GET /open/report/{reportId}`.
pub const GET_REPORT: &str = "GET /open/report/{reportId}";
/// `GET /open/dashboard/{dashboardId}/summary`.
pub const DASHBOARD_SUMMARY: &str = "GET /open/dashboard/{dashboardId}/summary";

/// How long [`WaitForReport`] polls unless told otherwise.
pub const DEFAULT_REPORT_WAIT: Duration = Duration::from_secs(5 * 60);

/// The default delays between report polls: 1 s, doubling, at most 10 s, no jitter.
pub fn default_report_backoff() -> Backoff {
    Backoff::new(Duration::from_secs(1), Duration::from_secs(10)).with_jitter(Jitter::None)
}

client_core::handler! {
    /// Handler of the area "报表" (`client.reports()`).
    pub struct Reports => Client;
}

impl Client {
    /// Reports and dashboards ("报表").
    pub fn reports(&self) -> Reports<'_> {
        Reports::new(self)
    }
}

impl<'a> Reports<'a> {
    /// "获取报表结果": `GET /open/report/{reportId}`, once. While the calculation runs the answer
    /// has `status` 0 ([`Report::is_computing`]); [`wait`](Self::wait) polls until it is 1.
    pub async fn get(&self, report_id: impl Into<ReportId>) -> client_core::Result<Report> {
        let id = report_id.into();
        let request =
            Request::get(GET_REPORT, format!("/open/report/{id}")).options(self.options.clone());
        self.client.execute(request).await
    }

    /// Waits for report `report_id`: polls `GET /open/report/{reportId}` (client-core's poller)
    /// while `status` is 0 ("可以轮询调用该接口直到status返回1为止") and returns the report once it
    /// is 1. Any other `status` ends the wait with an [`Error::is_api`] error; the deadline
    /// (default 5 minutes) with an [`Error::is_timeout`] error.
    pub fn wait(&self, report_id: impl Into<ReportId>) -> WaitForReport<'a> {
        WaitForReport {
            client: self.client,
            report_id: report_id.into(),
            timeout: DEFAULT_REPORT_WAIT,
            backoff: default_report_backoff(),
            options: self.options.clone(),
        }
    }

    /// "获取仪表盘定义": `GET /open/dashboard/{dashboardId}/summary` — the dashboard's name and
    /// its reports.
    pub async fn dashboard(
        &self,
        dashboard_id: impl Into<DashboardId>,
    ) -> client_core::Result<Dashboard> {
        let id = dashboard_id.into();
        let request = Request::get(DASHBOARD_SUMMARY, format!("/open/dashboard/{id}/summary"))
            .options(self.options.clone());
        self.client.execute(request).await
    }
}

/// Polls a report until it is ready (see [`Reports::wait`]).
#[derive(Debug, Clone)]
#[must_use = "a waiter does nothing until `send` is awaited"]
pub struct WaitForReport<'a> {
    client: &'a Client,
    report_id: ReportId,
    timeout: Duration,
    backoff: Backoff,
    options: RequestOptions,
}

impl WaitForReport<'_> {
    /// How long to poll at most (default 5 minutes).
    pub fn timeout(mut self, timeout: impl Into<Duration>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// The delays between polls (default [`default_report_backoff`]).
    pub fn backoff(mut self, backoff: impl Into<Backoff>) -> Self {
        self.backoff = backoff.into();
        self
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for every poll, replacing
    /// those of the handler it came from. The wait's own deadline is [`timeout`](Self::timeout);
    /// a timeout given here bounds each poll.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// Polls until the report is ready.
    pub async fn send(self) -> client_core::Result<Report> {
        let reports = self.client.reports().with_options(self.options);
        let id = self.report_id;
        let outcome = Poller::new(self.backoff, self.timeout)
            .run(|_| {
                let reports = reports.clone();
                async move {
                    let report = reports.get(id).await?;
                    match report.status {
                        REPORT_READY => Ok(Status::Done(report)),
                        REPORT_COMPUTING => Ok(Status::Pending(report)),
                        other => Err(Error::api(
                            None,
                            format!(
                                "report {id} answered status {other}; the document names only 0 \
                             (computing) and 1 (ready)"
                            ),
                        )
                        .with_operation(GET_REPORT)),
                    }
                }
            })
            .await?;
        match outcome {
            PollOutcome::Done(report) => Ok(report),
            PollOutcome::TimedOut { attempts, .. } => Err(Error::timeout(format!(
                "report {id} was still computing (status 0) after {attempts} polls"
            ))
            .with_operation(GET_REPORT)
            .with_attempts(attempts)),
        }
    }
}
