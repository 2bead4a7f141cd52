//! ALieBiaoAndyReportPromts (报告解读提示词步骤表) and ALieBiaoAndypromptsteps (提示词步骤表).

use client_core::paging::ItemStream;

use crate::models::{
    PromptStep, PromptStepList, PromptStepsParams, ReportPrompt, ReportPromptList,
    ReportPromptsParams,
};
use crate::{Client, RequestOptions, Result};

/// Prompt tables ([`Client::prompts`]). Both are reads, safe to repeat.
#[derive(Debug, Clone)]
pub struct Prompts<'a> {
    client: &'a Client,
    options: Option<RequestOptions>,
}

impl<'a> Prompts<'a> {
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

    /// ALieBiaoAndyReportPromts (报告解读提示词步骤表数据列表): one page.
    pub async fn report_prompts(&self, params: ReportPromptsParams) -> Result<ReportPromptList> {
        self.client.send_with(&params, self.options.clone()).await
    }

    /// ALieBiaoAndyReportPromts as a stream of items, page after page until `zong_shu`.
    pub fn report_prompts_stream(&self, params: ReportPromptsParams) -> ItemStream<ReportPrompt> {
        self.client.stream_with(params, self.options.clone())
    }

    /// ALieBiaoAndypromptsteps (提示词步骤表数据列表): one page of a `version`'s steps.
    pub async fn prompt_steps(&self, params: PromptStepsParams) -> Result<PromptStepList> {
        self.client.send_with(&params, self.options.clone()).await
    }

    /// ALieBiaoAndypromptsteps as a stream of items, page after page until `zong_shu`.
    pub fn prompt_steps_stream(&self, params: PromptStepsParams) -> ItemStream<PromptStep> {
        self.client.stream_with(params, self.options.clone())
    }
}
