//! ABuildExcel (生成多Sheet的Excel文件) and AJdyyReportData (获取阶段运营报告数据).

use crate::models::{BuildExcelParams, JdyyReportDataParams};
use crate::{Client, Result};

client_core::handler! {
    /// Reports ([`Client::reports`]). The document lists no response fields for either method, so
    /// their `data` is returned as JSON.
    pub struct Reports => Client;
}

impl<'a> Reports<'a> {
    /// ABuildExcel (生成多Sheet的Excel文件): only the common parameters. Not safe to repeat (it
    /// builds a file).
    pub async fn build_excel(&self) -> Result<serde_json::Value> {
        self.client
            .send_with(&BuildExcelParams::new(), Some(self.options.clone()))
            .await
    }

    /// AJdyyReportData (获取阶段运营报告数据): a read, safe to repeat.
    pub async fn jdyy_report_data(
        &self,
        params: JdyyReportDataParams,
    ) -> Result<serde_json::Value> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }
}
