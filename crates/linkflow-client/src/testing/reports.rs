//! Sandbox rules of "报表" (reports): `GET /open/report/{reportId}` and
//! `GET /open/dashboard/{dashboardId}/summary`.
//!
//! Dashboard [`Sandbox::DASHBOARD_ID`] (1) is the `dashboard_summary` fixture; its reports (404, 410,
//! 411, 412, 413, 597, 655, 656, 689) exist. Each report answers `status: 0` (computing) for its
//! first [`Sandbox::set_report_pending_polls`] requests (default 1), then `status: 1` with the
//! `report` fixture (a `TWO_YAXIS` chart) under the report's name. Unknown ids are HTTP 404
//! `B00008`.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Reply, Routes, Sandbox, SandboxRequest, SandboxState};
use crate::api::reports as ops;

const REPORT: &str = include_str!("../../fixtures/report.response.json");
const DASHBOARD: &str = include_str!("../../fixtures/dashboard_summary.response.json");

/// The dashboard the sandbox knows.
const SANDBOX_DASHBOARD_ID: i64 = Sandbox::DASHBOARD_ID;

/// What the report routes remember.
#[derive(Debug)]
pub(crate) struct ReportsState {
    /// Requests answered per report.
    pub(crate) polls: HashMap<i64, u32>,
    /// Requests a report answers `status: 0` before it is ready.
    pub(crate) pending_polls: u32,
}

impl Default for ReportsState {
    fn default() -> Self {
        Self {
            polls: HashMap::new(),
            pending_polls: 1,
        }
    }
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::GET_REPORT, |state, req| {
        report(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::DASHBOARD_SUMMARY, |_state, req| {
        match req.param_i64("dashboardId") {
            Ok(SANDBOX_DASHBOARD_ID) => Reply::raw(DASHBOARD),
            Ok(id) => not_found("dashboard", id),
            Err(reply) => reply,
        }
    });
}

fn not_found(what: &str, id: i64) -> Reply {
    Reply::error(404, "B00008", format!("No [{what}] found with id [{id}]"))
}

fn report_name(id: i64) -> Option<String> {
    let dashboard: Value = serde_json::from_str(DASHBOARD).ok()?;
    dashboard["reports"]
        .as_array()?
        .iter()
        .find(|r| r["id"].as_i64() == Some(id))
        .and_then(|r| r["reportName"].as_str())
        .map(str::to_owned)
}

fn report(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let id = req.param_i64("reportId")?;
    let name = report_name(id).ok_or_else(|| not_found("report", id))?;
    let polls = state.reports.polls.entry(id).or_default();
    *polls += 1;
    if *polls <= state.reports.pending_polls {
        return Ok(Reply::json(&json!({
            "status": 0,
            "reportName": name,
            "chartType": "TWO_YAXIS",
        })));
    }
    let mut answer: Value = serde_json::from_str(REPORT)
        .map_err(|e| Reply::error(500, "B99999", format!("sandbox fixture: {e}")))?;
    answer["reportName"] = json!(name);
    Ok(Reply::json(&answer))
}

impl Sandbox {
    /// The id of the dashboard the sandbox knows (the `dashboard_summary` fixture).
    pub const DASHBOARD_ID: i64 = 1;

    /// How many requests each report answers `status: 0` before it is ready (default 1),
    /// counted from the report's first request.
    pub fn set_report_pending_polls(&self, polls: u32) {
        self.with_state(|s| s.reports.pending_polls = polls);
    }
}
