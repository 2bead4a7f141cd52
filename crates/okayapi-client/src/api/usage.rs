//! AAndyUseRecordStatistics (使用情况记录统计).

use client_core::paging::ItemStream;

use crate::models::{UseRecord, UseRecordStatistics, UseRecordStatisticsParams};
use crate::{Client, Result};

/// Usage statistics ([`Client::usage`]).
#[derive(Debug, Clone, Copy)]
pub struct UsageHandler<'a> {
    client: &'a Client,
}

impl<'a> UsageHandler<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// AAndyUseRecordStatistics (使用情况记录统计): one page of usage records (`items`, `total`).
    pub async fn statistics(
        &self,
        params: UseRecordStatisticsParams,
    ) -> Result<UseRecordStatistics> {
        self.client.send(&params).await
    }

    /// AAndyUseRecordStatistics as a stream of records, page after page until `total`.
    pub fn statistics_stream(&self, params: UseRecordStatisticsParams) -> ItemStream<UseRecord> {
        self.client.stream(params)
    }
}
