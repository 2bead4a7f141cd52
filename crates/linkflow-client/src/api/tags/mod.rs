//! Document section "标签" (tags): tag metadata (create, delete, list), value files (upload,
//! calculate, export and its download address, with a waiter), and changing one person's tag
//! values.
//!
//! # Retries
//!
//! | operation | repeated after an ambiguous failure? |
//! |---|---|
//! | `GET /v1/tags`, `GET /v1/tags/tagkeys/export/{taskId}` | yes (reads) |
//! | `DELETE /v1/tags/tagkeys/{tagKey}` | yes (DELETE; a repeat of a delete that succeeded answers `B01162`) |
//! | `POST /v1/tags/value` | yes: setting or deleting a value twice leaves the same state |
//! | upload, `overwrite`, from a file path | yes: the file is re-opened for every attempt and overwriting twice leaves the same files |
//! | upload, `append`, from a file path | no (a repeat would append the file twice); a token refresh still replays it |
//! | upload from a reader | never, not even after a token refresh: the reader can be read once |
//! | `POST /v1/tags`, `…/calculate`, `…/export` | no (`B01151` / `B01152` on a repeat, or a second task) |

mod create;
mod export;
mod list;
mod upload;
mod values;

use std::path::PathBuf;
use std::time::Duration;

use client_core::Error;
use client_core::backoff::{Backoff, Jitter};
use client_core::transport::Request;
use serde::de::IgnoredAny;
use tokio::io::AsyncRead;

pub use create::CreateTag;
pub use export::{ExportTag, WaitForExport};
pub use list::ListTags;
pub use upload::UploadTagFile;
pub use values::SetTagValues;

use crate::Client;
use crate::api::path_segment;
use crate::models::{
    ExportTaskId, Identity, IdentityType, TagDataType, TagExportState, UploadMode, check_tag_key,
};
use export::WaitSettings;
use upload::Source;

/// `POST /v1/tags`.
pub const CREATE_TAG: &str = "POST /v1/tags";
/// `DELETE /v1/tags/tagkeys/{tagKey}`.
pub const DELETE_TAG: &str = "DELETE /v1/tags/tagkeys/{tagKey}";
/// `GET /v1/tags`.
pub const LIST_TAGS: &str = "GET /v1/tags";
/// `POST /v1/tags/tagkeys/{tagKey}/upload/file/operates/{operate}`.
pub const UPLOAD_TAG_FILE: &str = "POST /v1/tags/tagkeys/{tagKey}/upload/file/operates/{operate}";
/// `POST /v1/tags/tagkeys/{tagKey}/calculate`.
pub const CALCULATE_TAG: &str = "POST /v1/tags/tagkeys/{tagKey}/calculate";
/// `POST /v1/tags/tagkeys/{tagKey}/export`.
pub const EXPORT_TAG: &str = "POST /v1/tags/tagkeys/{tagKey}/export";
/// `GET /v1/tags/tagkeys/export/{taskId}`.
pub const EXPORT_STATE: &str = "GET /v1/tags/tagkeys/export/{taskId}";
/// `POST /v1/tags/value`.
pub const SET_TAG_VALUES: &str = "POST /v1/tags/value";

/// `GET /v1/tags`: most tags per page ("每页条数,限制200条").
pub const MAX_TAG_PAGE: u32 = 200;
/// The only `tagType` a tag can be created with ("只支持传\"UPLOAD\"").
pub const CREATABLE_TAG_TYPE: &str = "UPLOAD";
/// The multipart field carrying the value file (`file`, "MultipartFile").
pub const FILE_FIELD: &str = "file";

/// How long [`WaitForExport`] polls unless told otherwise.
pub const DEFAULT_EXPORT_WAIT: Duration = Duration::from_secs(10 * 60);

/// The default delays between export polls: 1 s, doubling, at most 15 s, no jitter.
pub fn default_export_backoff() -> Backoff {
    Backoff::new(Duration::from_secs(1), Duration::from_secs(15)).with_jitter(Jitter::None)
}

client_core::handler! {
    /// Handler of the area "标签" (`client.tags()`).
    pub struct Tags => Client;
}

impl Client {
    /// Tags ("标签"): metadata, value files, exports and tag values.
    pub fn tags(&self) -> Tags<'_> {
        Tags::new(self)
    }
}

impl<'a> Tags<'a> {
    /// "创建用户标签元数据": `POST /v1/tags` with
    /// `{tagName, tagKey, dataType, tagType: "UPLOAD", identityType, channelId?}`.
    ///
    /// Checked before sending: `tagKey` starts with `tag_` and has only lowercase letters,
    /// digits and underscores; `dataType` is one of `text`, `number`, `array`, `datetime`,
    /// `boolean`; `channelId` (a numeric connection id) is given when `identityType` is
    /// `externalId`. `tagType` is always `UPLOAD`, the only value the document allows.
    ///
    /// Errors: 500 `B00002` (a required parameter is empty), `B00010` (invalid parameter),
    /// `B00159` (no such channelId), `B00037` (tag quota exceeded), `B01157` (bad tagKey),
    /// `B01151` (the tag exists).
    pub fn create(
        &self,
        tag_key: impl Into<String>,
        tag_name: impl Into<String>,
        data_type: impl Into<TagDataType>,
        identity_type: impl Into<IdentityType>,
    ) -> CreateTag<'a> {
        CreateTag {
            client: self.client,
            options: self.options.clone(),
            tag_key: tag_key.into(),
            tag_name: tag_name.into(),
            data_type: data_type.into(),
            identity_type: identity_type.into(),
            channel_id: None,
        }
    }

    /// "删除用户标签元数据": `DELETE /v1/tags/tagkeys/{tagKey}`.
    ///
    /// Errors: 500 `B00002` (tagKey empty), `B01162` (no such tag; the document writes it
    /// `B_01162`).
    pub async fn delete(&self, tag_key: impl AsRef<str>) -> client_core::Result<()> {
        let key = checked_key(tag_key.as_ref())?;
        let request = Request::delete(DELETE_TAG, format!("/v1/tags/tagkeys/{key}"))
            .options(self.options.clone());
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }

    /// "获取用户标签元数据列表": `GET /v1/tags?page=…&size=…` (page from 0, size ≤ 200).
    pub fn list(&self) -> ListTags<'a> {
        ListTags {
            client: self.client,
            options: self.options.clone(),
            page: 0,
            size: MAX_TAG_PAGE,
        }
    }

    /// "上传用户标签值文件" from a file on disk:
    /// `POST /v1/tags/tagkeys/{tagKey}/upload/file/operates/{operate}`, multipart field `file`.
    ///
    /// The file is opened (and its size checked against 100 MiB) for every attempt, so the
    /// upload is replayed after a token refresh; in `overwrite` mode it is also retried after
    /// ambiguous failures (overwriting twice leaves the same files), in `append` mode it is not.
    ///
    /// Errors: refused before sending ([`Error::is_invalid_input`]) when the file is larger than
    /// 100 MiB; [`Error::is_io`] when it cannot be read; 500 `B01163` (the server's own 100 MiB
    /// check), `B00010` (invalid parameter), `B01162` (no such tagKey).
    pub fn upload_file(
        &self,
        tag_key: impl Into<String>,
        mode: UploadMode,
        path: impl Into<PathBuf>,
    ) -> UploadTagFile<'a> {
        UploadTagFile {
            client: self.client,
            options: self.options.clone(),
            tag_key: tag_key.into(),
            mode,
            source: Source::Path(path.into()),
        }
    }

    /// "上传用户标签值文件" from a reader (read once, streamed): sent as the multipart field `file`
    /// named `file_name`. Never retried, not even after a token refresh (the reader cannot be
    /// read again): on a stale token the call fails with [`Error::is_auth`] and a retry note.
    ///
    /// Declare the length with [`UploadTagFile::length`] when known: above 100 MiB the upload
    /// is refused before sending. Without it the stream is counted as it goes and the upload is
    /// aborted (an [`Error::is_invalid_input`] error) once it passes 100 MiB.
    pub fn upload_reader<R>(
        &self,
        tag_key: impl Into<String>,
        mode: UploadMode,
        file_name: impl Into<String>,
        reader: R,
    ) -> UploadTagFile<'a>
    where
        R: AsyncRead + Send + 'static,
    {
        UploadTagFile {
            client: self.client,
            options: self.options.clone(),
            tag_key: tag_key.into(),
            mode,
            source: Source::Reader {
                file_name: file_name.into(),
                reader: Box::pin(reader),
                length: None,
            },
        }
    }

    /// "发起计算用户标签值任务": `POST /v1/tags/tagkeys/{tagKey}/calculate`.
    ///
    /// Errors: 500 `B01162` (no such tagKey), `B01152` (the task's state does not allow it: only
    /// `FINISH`, `ERROR` and `CALC_ERROR` may be recalculated), `B01165` (the tag is not active).
    pub async fn calculate(&self, tag_key: impl AsRef<str>) -> client_core::Result<()> {
        let key = checked_key(tag_key.as_ref())?;
        let request = Request::post(CALCULATE_TAG, format!("/v1/tags/tagkeys/{key}/calculate"))
            .options(self.options.clone());
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }

    /// "生成用户标签值文件": `POST /v1/tags/tagkeys/{tagKey}/export` with
    /// `{identityType, channelId?}`; answers the task. [`ExportTag::wait`] also waits for the
    /// file.
    ///
    /// Errors: 500 `B00002` (a required parameter is empty), `B00010` (invalid parameter),
    /// `B01162` (no such tagKey), `B00159` (no such channelId).
    pub fn export(
        &self,
        tag_key: impl Into<String>,
        identity_type: impl Into<IdentityType>,
    ) -> ExportTag<'a> {
        ExportTag {
            client: self.client,
            options: self.options.clone(),
            tag_key: tag_key.into(),
            identity_type: identity_type.into(),
            channel_id: None,
            wait: WaitSettings::default(),
        }
    }

    /// "获取用户标签值文件下载地址": `GET /v1/tags/tagkeys/export/{taskId}` — the task's state, and
    /// the file's URL once it is `FINISH`.
    pub async fn export_state(
        &self,
        task_id: impl Into<ExportTaskId>,
    ) -> client_core::Result<TagExportState> {
        let id = task_id.into();
        let request = Request::get(EXPORT_STATE, format!("/v1/tags/tagkeys/export/{id}"))
            .options(self.options.clone());
        self.client.execute(request).await
    }

    /// Waits for the export task `task_id`: polls `GET /v1/tags/tagkeys/export/{taskId}` (on
    /// client-core's poller) until `FINISH` with a file URL, which it returns.
    ///
    /// `ERROR` and `CALC_ERROR` end the wait at once with an [`Error::is_api`] error carrying
    /// `errorMsg` as its vendor message. `INITIAL`, a `FINISH` whose `fileUrl` is still empty,
    /// and states the document does not name are polled again until the deadline (default 10
    /// minutes); at the deadline a known state gives an [`Error::is_timeout`] error and an
    /// unknown one an [`Error::is_api`] error naming it.
    pub fn wait_for_export(&self, task_id: impl Into<ExportTaskId>) -> WaitForExport<'a> {
        WaitForExport {
            client: self.client,
            options: self.options.clone(),
            task_id: task_id.into(),
            wait: WaitSettings::default(),
        }
    }

    /// "批量修改标签值": `POST /v1/tags/value` with `{identity, actions}` — sets or deletes
    /// values of imported tags for the person holding `identity`.
    ///
    /// Errors: 400 `B00031` (too many actions; the document gives no number), 400 `B01376` (no
    /// such identity).
    pub fn set_values(&self, identity: impl Into<Identity>) -> SetTagValues<'a> {
        SetTagValues {
            client: self.client,
            options: self.options.clone(),
            identity: identity.into(),
            actions: Vec::new(),
            invalid: None,
        }
    }
}

/// Checks a tag key and returns it as a path segment.
fn checked_key(key: &str) -> client_core::Result<std::borrow::Cow<'_, str>> {
    check_tag_key(key)?;
    path_segment("tagKey", key)
}

/// Checks a numeric connection id ("连接的数值型id").
fn check_channel_id(channel_id: &str) -> client_core::Result<()> {
    if channel_id.is_empty() || !channel_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            "channelId",
            format!("`{channel_id}` must be the connection's numeric id"),
        ));
    }
    Ok(())
}

/// `channelId` is required when the identity type is `externalId`.
fn check_identity_channel(
    identity_type: &IdentityType,
    channel_id: Option<&str>,
) -> client_core::Result<()> {
    if identity_type.as_str().trim().is_empty() {
        return Err(Error::invalid_input("identityType", "is required"));
    }
    match channel_id {
        Some(id) => check_channel_id(id),
        None if *identity_type == IdentityType::ExternalId => Err(Error::invalid_input(
            "channelId",
            "is required when identityType is externalId",
        )),
        None => Ok(()),
    }
}
