//! ABuildExcel (生成多Sheet的Excel文件) and AJdyyReportData (获取阶段运营报告数据).

use crate::models::{BuildExcelParams, JdyyReportDataParams};
use crate::{Client, RequestOptions, Result};

/// Reports ([`Client::reports`]). The document lists no response fields for either method, so
/// their `data` is returned as JSON.
#[derive(Debug, Clone)]
pub struct Reports<'a> {
    client: &'a Client,
    options: Option<RequestOptions>,
}

impl<'a> Reports<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self {
            client,
            options: None,
        }
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for every operation called
    /// through this handler, including each page request of its streams.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = Some(options.into());
        self
    }

    /// ABuildExcel (生成多Sheet的Excel文件): only the common parameters. Not safe to repeat (it
    /// builds a file).
    pub async fn build_excel(&self) -> Result<serde_json::Value> {
        self.client
            .send_with(&BuildExcelParams::new(), self.options.clone())
            .await
    }

    /// AJdyyReportData (获取阶段运营报告数据): a read, safe to repeat.
    pub async fn jdyy_report_data(
        &self,
        params: JdyyReportDataParams,
    ) -> Result<serde_json::Value> {
        self.client.send_with(&params, self.options.clone()).await
    }
}
