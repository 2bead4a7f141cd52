//! "生成用户标签值文件" (`POST /v1/tags/tagkeys/{tagKey}/export`, [`ExportTag`]) and the waiter
//! on "获取用户标签值文件下载地址" (`GET /v1/tags/tagkeys/export/{taskId}`, [`WaitForExport`]).

use std::time::Duration;

use client_core::Error;
use client_core::backoff::Backoff;
use client_core::poll::{PollOutcome, Poller, Status};
use client_core::transport::Request;

use super::{
    DEFAULT_EXPORT_WAIT, EXPORT_STATE, EXPORT_TAG, Tags, check_identity_channel, checked_key,
    default_export_backoff,
};
use crate::models::{
    ExportStatus, ExportTaskId, ExportedFile, IdentityType, TagExportRequest, TagExportState,
    TagExportTask,
};
use crate::{Client, RequestOptions};

/// How a waiter polls: delays and deadline.
#[derive(Debug, Clone)]
pub(super) struct WaitSettings {
    pub(super) timeout: Duration,
    pub(super) backoff: Backoff,
}

impl Default for WaitSettings {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_EXPORT_WAIT,
            backoff: default_export_backoff(),
        }
    }
}

/// `POST /v1/tags/tagkeys/{tagKey}/export` ("生成用户标签值文件").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` or `wait` is awaited"]
pub struct ExportTag<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) tag_key: String,
    pub(super) identity_type: IdentityType,
    pub(super) channel_id: Option<String>,
    pub(super) wait: WaitSettings,
}

impl ExportTag<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for the export request and
    /// every poll of [`wait`](Self::wait), replacing those of the handler it came from. The
    /// wait's own deadline is [`timeout`](Self::timeout); a timeout given here bounds each
    /// request.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `channelId`: the numeric id of the custom connection (required when `identityType` is
    /// `externalId`).
    pub fn channel_id(mut self, channel_id: impl Into<String>) -> Self {
        self.channel_id = Some(channel_id.into());
        self
    }

    /// For [`wait`](Self::wait): how long to poll at most (default 10 minutes).
    pub fn timeout(mut self, timeout: impl Into<Duration>) -> Self {
        self.wait.timeout = timeout.into();
        self
    }

    /// For [`wait`](Self::wait): the delays between polls (default
    /// [`default_export_backoff`]).
    pub fn backoff(mut self, backoff: impl Into<Backoff>) -> Self {
        self.wait.backoff = backoff.into();
        self
    }

    /// Validates and creates the export task (not retried after an ambiguous failure: a
    /// repeat would create a second task).
    pub async fn send(&self) -> client_core::Result<TagExportTask> {
        let key = checked_key(&self.tag_key)?;
        check_identity_channel(&self.identity_type, self.channel_id.as_deref())?;
        let body = TagExportRequest {
            identity_type: self.identity_type.clone(),
            channel_id: self.channel_id.clone(),
        };
        let request = Request::post(EXPORT_TAG, format!("/v1/tags/tagkeys/{key}/export"))
            .json(&body)?
            .options(self.options.clone());
        self.client.execute(request).await
    }

    /// Creates the export task and waits for its file (see [`Tags::wait_for_export`](super::Tags::wait_for_export)).
    pub async fn wait(self) -> client_core::Result<ExportedFile> {
        let task = self.send().await?;
        let tags = self.client.tags().with_options(self.options);
        wait_export(tags, task.task_id, &self.wait).await
    }
}

/// Waits for a tag-export task (see [`Tags::wait_for_export`](super::Tags::wait_for_export)).
#[derive(Debug, Clone)]
#[must_use = "a waiter does nothing until `send` is awaited"]
pub struct WaitForExport<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) task_id: ExportTaskId,
    pub(super) wait: WaitSettings,
}

impl WaitForExport<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for every poll, replacing
    /// those of the handler it came from. The wait's own deadline is
    /// [`timeout`](Self::timeout); a timeout given here bounds each poll.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// How long to poll at most (default 10 minutes).
    pub fn timeout(mut self, timeout: impl Into<Duration>) -> Self {
        self.wait.timeout = timeout.into();
        self
    }

    /// The delays between polls (default [`default_export_backoff`]).
    pub fn backoff(mut self, backoff: impl Into<Backoff>) -> Self {
        self.wait.backoff = backoff.into();
        self
    }

    /// Polls until the file is ready (or the task fails, or the deadline passes).
    pub async fn send(self) -> client_core::Result<ExportedFile> {
        let tags = self.client.tags().with_options(self.options);
        wait_export(tags, self.task_id, &self.wait).await
    }
}

/// Polls `GET /v1/tags/tagkeys/export/{taskId}` through `tags` (and its options).
async fn wait_export(
    tags: Tags<'_>,
    task_id: ExportTaskId,
    wait: &WaitSettings,
) -> client_core::Result<ExportedFile> {
    let outcome = Poller::new(wait.backoff.clone(), wait.timeout)
        .run(|_| {
            let tags = tags.clone();
            async move {
                let state = tags.export_state(task_id).await?;
                if state.file().is_some() {
                    return Ok(Status::Done(state));
                }
                if state.status.is_failure() {
                    let mut error = Error::api(
                        None,
                        format!(
                            "the tag export task {task_id} ended in {}: {}",
                            state.status,
                            state.error_msg.as_deref().unwrap_or_default()
                        ),
                    )
                    .with_operation(EXPORT_STATE);
                    if let Some(message) = state.error_msg.filter(|m| !m.is_empty()) {
                        error = error.with_vendor_message(message);
                    }
                    return Err(error);
                }
                Ok(Status::Pending(state))
            }
        })
        .await?;
    match outcome {
        PollOutcome::Done(state) => Ok(ExportedFile {
            task_id,
            file_url: state.file_url.unwrap_or_default(),
        }),
        PollOutcome::TimedOut { last, attempts } => Err(export_timeout(task_id, last, attempts)),
    }
}

fn export_timeout(task_id: ExportTaskId, last: Option<TagExportState>, attempts: u32) -> Error {
    let error = match last.map(|s| s.status) {
        Some(ExportStatus::Other(state)) => Error::api(
            None,
            format!(
                "the tag export task {task_id} was in `{state}`, a state the document does not \
                 name, when the wait ended after {attempts} polls"
            ),
        ),
        Some(ExportStatus::Finish) => Error::timeout(format!(
            "the tag export task {task_id} was FINISH but still had no fileUrl after {attempts} polls"
        )),
        Some(state) => Error::timeout(format!(
            "the tag export task {task_id} was still {state} after {attempts} polls"
        )),
        None => Error::timeout(format!(
            "the tag export task {task_id} could not be read before the wait ended ({attempts} polls)"
        )),
    };
    error.with_operation(EXPORT_STATE).with_attempts(attempts)
}
