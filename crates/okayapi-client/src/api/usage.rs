//! AAndyUseRecordStatistics (使用情况记录统计).

use client_core::paging::ItemStream;

use crate::models::{UseRecord, UseRecordStatistics, UseRecordStatisticsParams};
use crate::{Client, RequestOptions, Result};

/// Usage statistics ([`Client::usage`]).
#[derive(Debug, Clone)]
pub struct Usage<'a> {
    client: &'a Client,
    options: Option<RequestOptions>,
}

impl<'a> Usage<'a> {
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

    /// AAndyUseRecordStatistics (使用情况记录统计): one page of usage records (`items`, `total`).
    pub async fn statistics(
        &self,
        params: UseRecordStatisticsParams,
    ) -> Result<UseRecordStatistics> {
        self.client.send_with(&params, self.options.clone()).await
    }

    /// AAndyUseRecordStatistics as a stream of records, page after page until `total`.
    pub fn statistics_stream(&self, params: UseRecordStatisticsParams) -> ItemStream<UseRecord> {
        self.client.stream_with(params, self.options.clone())
    }
}
