//! AAndyUseRecordStatistics (使用情况记录统计).

use client_core::paging::ItemStream;

use crate::models::{UseRecord, UseRecordStatistics, UseRecordStatisticsParams};
use crate::{Client, Result};

client_core::handler! {
    /// Usage statistics ([`Client::usage`]).
    pub struct Usage => Client;
}

impl<'a> Usage<'a> {
    /// AAndyUseRecordStatistics (使用情况记录统计): one page of usage records (`items`, `total`).
    pub async fn statistics(
        &self,
        params: UseRecordStatisticsParams,
    ) -> Result<UseRecordStatistics> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// AAndyUseRecordStatistics as a stream of records, page after page until `total`.
    pub fn statistics_stream(&self, params: UseRecordStatisticsParams) -> ItemStream<UseRecord> {
        self.client.stream_with(params, Some(self.options.clone()))
    }
}
