//! ALieBiaoAndyReportPromts (报告解读提示词步骤表) and ALieBiaoAndypromptsteps (提示词步骤表).

use client_core::paging::ItemStream;

use crate::models::{
    PromptStep, PromptStepList, PromptStepsParams, ReportPrompt, ReportPromptList,
    ReportPromptsParams,
};
use crate::{Client, Result};

client_core::handler! {
    /// Prompt tables ([`Client::prompts`]). Both are reads, safe to repeat.
    pub struct Prompts => Client;
}

impl<'a> Prompts<'a> {
    /// ALieBiaoAndyReportPromts (报告解读提示词步骤表数据列表): one page.
    pub async fn report_prompts(&self, params: ReportPromptsParams) -> Result<ReportPromptList> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// ALieBiaoAndyReportPromts as a stream of items, page after page until `zong_shu`.
    pub fn report_prompts_stream(&self, params: ReportPromptsParams) -> ItemStream<ReportPrompt> {
        self.client.stream_with(params, Some(self.options.clone()))
    }

    /// ALieBiaoAndypromptsteps (提示词步骤表数据列表): one page of a `version`'s steps.
    pub async fn prompt_steps(&self, params: PromptStepsParams) -> Result<PromptStepList> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// ALieBiaoAndypromptsteps as a stream of items, page after page until `zong_shu`.
    pub fn prompt_steps_stream(&self, params: PromptStepsParams) -> ItemStream<PromptStep> {
        self.client.stream_with(params, Some(self.options.clone()))
    }
}
