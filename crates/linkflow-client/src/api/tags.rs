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

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use client_core::Error;
use client_core::backoff::{Backoff, Jitter};
use client_core::paging::{Page, Paging};
use client_core::poll::{PollOutcome, Poller, Status};
use client_core::transport::{Body, Request};
use futures::StreamExt as _;
use serde::de::IgnoredAny;
use tokio::io::{AsyncRead, AsyncReadExt as _};

use crate::api::path_segment;
use crate::models::{
    ExportStatus, ExportTaskId, ExportedFile, Identity, IdentityType, MAX_TAG_FILE_BYTES, NewTag,
    Tag, TagDataType, TagExportRequest, TagExportState, TagExportTask, TagId, TagType, TagUpload,
    TagValueAction, TagValueChange, TagValueChanges, UploadMode, check_tag_key,
};
use crate::{Client, RequestOptions};

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

/// Handler of the area "标签" (`client.tags()`).
#[derive(Debug, Clone, Copy)]
pub struct Tags<'a> {
    client: &'a Client,
}

impl Client {
    /// Tags ("标签"): metadata, value files, exports and tag values.
    pub fn tags(&self) -> Tags<'_> {
        Tags { client: self }
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
        let request = Request::delete(DELETE_TAG, format!("/v1/tags/tagkeys/{key}"));
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }

    /// "获取用户标签元数据列表": `GET /v1/tags?page=…&size=…` (page from 0, size ≤ 200).
    pub fn list(&self) -> ListTags<'a> {
        ListTags {
            client: self.client,
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
            tag_key: tag_key.into(),
            mode,
            source: Source::Path(path.into()),
            options: None,
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
            tag_key: tag_key.into(),
            mode,
            source: Source::Reader {
                file_name: file_name.into(),
                reader: Box::pin(reader),
                length: None,
            },
            options: None,
        }
    }

    /// "发起计算用户标签值任务": `POST /v1/tags/tagkeys/{tagKey}/calculate`.
    ///
    /// Errors: 500 `B01162` (no such tagKey), `B01152` (the task's state does not allow it: only
    /// `FINISH`, `ERROR` and `CALC_ERROR` may be recalculated), `B01165` (the tag is not active).
    pub async fn calculate(&self, tag_key: impl AsRef<str>) -> client_core::Result<()> {
        let key = checked_key(tag_key.as_ref())?;
        let request = Request::post(CALCULATE_TAG, format!("/v1/tags/tagkeys/{key}/calculate"));
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
        self.client
            .execute(Request::get(
                EXPORT_STATE,
                format!("/v1/tags/tagkeys/export/{id}"),
            ))
            .await
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

/// `POST /v1/tags` ("创建用户标签元数据").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct CreateTag<'a> {
    client: &'a Client,
    tag_key: String,
    tag_name: String,
    data_type: TagDataType,
    identity_type: IdentityType,
    channel_id: Option<String>,
}

impl CreateTag<'_> {
    /// `channelId`: the numeric id of the connection (required when `identityType` is
    /// `externalId`).
    pub fn channel_id(mut self, channel_id: impl Into<String>) -> Self {
        self.channel_id = Some(channel_id.into());
        self
    }

    /// Validates and sends; answers the tag created. Not retried after an ambiguous failure.
    pub async fn send(self) -> client_core::Result<Tag> {
        check_tag_key(&self.tag_key)?;
        if self.tag_name.trim().is_empty() {
            return Err(Error::invalid_input("tagName", "is required"));
        }
        if !self.data_type.is_documented() {
            return Err(Error::invalid_input(
                "dataType",
                format!(
                    "`{}` is not one of {}",
                    self.data_type,
                    TagDataType::DOCUMENTED.join(", ")
                ),
            ));
        }
        check_identity_channel(&self.identity_type, self.channel_id.as_deref())?;
        let body = NewTag {
            tag_name: self.tag_name,
            tag_key: self.tag_key,
            data_type: self.data_type,
            tag_type: TagType::from(CREATABLE_TAG_TYPE),
            identity_type: self.identity_type,
            channel_id: self.channel_id,
        };
        let request = Request::post(CREATE_TAG, "/v1/tags").json(&body)?;
        self.client.execute(request).await
    }
}

/// `GET /v1/tags` ("获取用户标签元数据列表").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct ListTags<'a> {
    client: &'a Client,
    page: u32,
    size: u32,
}

impl ListTags<'_> {
    /// `page`: from 0 (default 0). For [`stream`](Self::stream): the first page.
    pub fn page(mut self, page: u32) -> Self {
        self.page = page;
        self
    }

    /// `size`: tags per page, 1 to 200 (default 200).
    pub fn size(mut self, size: u32) -> Self {
        self.size = size;
        self
    }

    fn check(&self) -> client_core::Result<()> {
        if self.size == 0 || self.size > MAX_TAG_PAGE {
            return Err(Error::invalid_input(
                "size",
                format!("must be 1 to {MAX_TAG_PAGE} (\"每页条数,限制200条\")"),
            ));
        }
        Ok(())
    }

    fn request(page: u64, size: u32) -> Request {
        Request::get(LIST_TAGS, "/v1/tags")
            .query("size", size)
            .query("page", page)
    }

    /// One page. Errors: 500 `B00010` (invalid parameter).
    pub async fn send(self) -> client_core::Result<Vec<Tag>> {
        self.check()?;
        self.client
            .execute(Self::request(u64::from(self.page), self.size))
            .await
    }

    /// Every tag from [`page`](Self::page) on, one page at a time; ends at an empty or short
    /// page.
    pub fn stream(self) -> client_core::paging::ItemStream<Tag> {
        if let Err(e) = self.check() {
            return futures::stream::once(async move { Err(e) }).boxed();
        }
        let client = self.client.clone();
        Paging::new(self.size)
            .first_page(u64::from(self.page))
            .by_page_number(move |req| {
                let client = client.clone();
                let request = Self::request(req.number, req.size);
                async move { client.execute(request).await.map(Page::new) }
            })
            .items()
            .boxed()
    }
}

/// Where an upload's bytes come from.
enum Source {
    Path(PathBuf),
    Reader {
        file_name: String,
        reader: Pin<Box<dyn AsyncRead + Send>>,
        length: Option<u64>,
    },
}

/// `POST /v1/tags/tagkeys/{tagKey}/upload/file/operates/{operate}` ("上传用户标签值文件").
#[must_use = "a request does nothing until `send` is awaited"]
pub struct UploadTagFile<'a> {
    client: &'a Client,
    tag_key: String,
    mode: UploadMode,
    source: Source,
    options: Option<RequestOptions>,
}

impl std::fmt::Debug for UploadTagFile<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            Source::Path(p) => format!("path {}", p.display()),
            Source::Reader {
                file_name, length, ..
            } => format!("reader {file_name} ({length:?} bytes)"),
        };
        f.debug_struct("UploadTagFile")
            .field("tag_key", &self.tag_key)
            .field("mode", &self.mode)
            .field("source", &source)
            .finish_non_exhaustive()
    }
}

impl UploadTagFile<'_> {
    /// The reader's length in bytes, if known (only for [`Tags::upload_reader`]): above 100 MiB
    /// the upload is refused before sending, and the reader must deliver exactly this many
    /// bytes.
    pub fn length(mut self, bytes: u64) -> Self {
        if let Source::Reader { length, .. } = &mut self.source {
            *length = Some(bytes);
        }
        self
    }

    /// Per-request overrides (timeout, retry policy).
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = Some(options);
        self
    }

    /// Checks the limits and uploads; answers where the server stored the file.
    pub async fn send(self) -> client_core::Result<TagUpload> {
        let key = checked_key(&self.tag_key)?.into_owned();
        if !self.mode.is_documented() {
            return Err(Error::invalid_input(
                "operate",
                format!("`{}` is not overwrite or append", self.mode),
            ));
        }
        let path = format!(
            "/v1/tags/tagkeys/{key}/upload/file/operates/{}",
            self.mode.as_str()
        );
        let mut request = Request::post(UPLOAD_TAG_FILE, path);
        let oversize = Arc::new(AtomicBool::new(false));
        match self.source {
            Source::Path(file) => {
                // Fail fast (no request) on a missing or oversized file; checked again per attempt.
                file_size(&file).await?;
                let file = Arc::new(file);
                request = request
                    .body(Body::multipart(move || {
                        let file = Arc::clone(&file);
                        Box::pin(async move { file_form(&file).await })
                    }))
                    .safe_to_repeat(self.mode == UploadMode::Overwrite);
            }
            Source::Reader {
                file_name,
                reader,
                length,
            } => {
                if file_name.trim().is_empty() {
                    return Err(Error::invalid_input("file", "a file name is required"));
                }
                if let Some(length) = length {
                    check_file_size(length)?;
                }
                let stream = limited_stream(reader, length, Arc::clone(&oversize));
                let body = reqwest::Body::wrap_stream(stream);
                let part = match length {
                    Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                    None => reqwest::multipart::Part::stream(body),
                };
                let part = part
                    .file_name(file_name.clone())
                    .mime_str(mime_for(&file_name))
                    .map_err(|e| Error::invalid_input("file", e.to_string()))?;
                let form = reqwest::multipart::Form::new().part(FILE_FIELD, part);
                request = request.body(Body::multipart_once(form));
            }
        }
        if let Some(options) = self.options {
            request = request.options(options);
        }
        match self.client.execute(request).await {
            Err(e) if oversize.load(Ordering::SeqCst) => Err(oversize_error().with_source(e)),
            other => other,
        }
    }
}

fn oversize_error() -> Error {
    Error::invalid_input(
        "file",
        format!("is larger than {MAX_TAG_FILE_BYTES} bytes (100 MiB, \"文件大小限制在100M内\")"),
    )
}

fn check_file_size(bytes: u64) -> client_core::Result<()> {
    if bytes > MAX_TAG_FILE_BYTES {
        return Err(Error::invalid_input(
            "file",
            format!(
                "is {bytes} bytes, larger than {MAX_TAG_FILE_BYTES} bytes (100 MiB, \"文件大小限制在100M内\")"
            ),
        ));
    }
    Ok(())
}

async fn file_size(path: &Path) -> client_core::Result<u64> {
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| Error::io(format!("cannot read `{}`", path.display()), e))?;
    if !meta.is_file() {
        return Err(Error::invalid_input(
            "file",
            format!("`{}` is not a file", path.display()),
        ));
    }
    check_file_size(meta.len())?;
    Ok(meta.len())
}

/// Opens `path` as the multipart form of one attempt.
async fn file_form(path: &Path) -> client_core::Result<reqwest::multipart::Form> {
    file_size(path).await?;
    let part = reqwest::multipart::Part::file(path)
        .await
        .map_err(|e| Error::io(format!("cannot open `{}`", path.display()), e))?;
    Ok(reqwest::multipart::Form::new().part(FILE_FIELD, part))
}

/// The content type of a value file, from its extension.
fn mime_for(file_name: &str) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => "text/csv",
        "txt" => "text/plain",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// Streams `reader` in chunks, failing once it passes 100 MiB (setting `oversize`) or the
/// declared length, or ends short of the declared length.
fn limited_stream(
    reader: Pin<Box<dyn AsyncRead + Send>>,
    declared: Option<u64>,
    oversize: Arc<AtomicBool>,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    const CHUNK: usize = 64 * 1024;
    futures::stream::unfold(Some((reader, 0u64)), move |state| {
        let oversize = Arc::clone(&oversize);
        async move {
            let (mut reader, total) = state?;
            let mut buf = BytesMut::with_capacity(CHUNK);
            match reader.read_buf(&mut buf).await {
                Err(e) => Some((Err(e), None)),
                Ok(0) => match declared {
                    Some(d) if d != total => Some((
                        Err(std::io::Error::other(format!(
                            "the reader ended after {total} bytes; {d} were declared"
                        ))),
                        None,
                    )),
                    _ => None,
                },
                Ok(n) => {
                    let total = total + n as u64;
                    if total > MAX_TAG_FILE_BYTES {
                        oversize.store(true, Ordering::SeqCst);
                        return Some((
                            Err(std::io::Error::other("the file is larger than 100 MiB")),
                            None,
                        ));
                    }
                    if let Some(d) = declared
                        && total > d
                    {
                        return Some((
                            Err(std::io::Error::other(format!(
                                "the reader delivered more than the {d} bytes declared"
                            ))),
                            None,
                        ));
                    }
                    Some((Ok(buf.freeze()), Some((reader, total))))
                }
            }
        }
    })
}

/// How a waiter polls: delays and deadline.
#[derive(Debug, Clone)]
struct WaitSettings {
    timeout: Duration,
    backoff: Backoff,
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
    client: &'a Client,
    tag_key: String,
    identity_type: IdentityType,
    channel_id: Option<String>,
    wait: WaitSettings,
}

impl ExportTag<'_> {
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
        let request =
            Request::post(EXPORT_TAG, format!("/v1/tags/tagkeys/{key}/export")).json(&body)?;
        self.client.execute(request).await
    }

    /// Creates the export task and waits for its file (see [`Tags::wait_for_export`]).
    pub async fn wait(self) -> client_core::Result<ExportedFile> {
        let task = self.send().await?;
        wait_export(self.client, task.task_id, &self.wait).await
    }
}

/// Waits for a tag-export task (see [`Tags::wait_for_export`]).
#[derive(Debug, Clone)]
#[must_use = "a waiter does nothing until `send` is awaited"]
pub struct WaitForExport<'a> {
    client: &'a Client,
    task_id: ExportTaskId,
    wait: WaitSettings,
}

impl WaitForExport<'_> {
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
        wait_export(self.client, self.task_id, &self.wait).await
    }
}

async fn wait_export(
    client: &Client,
    task_id: ExportTaskId,
    wait: &WaitSettings,
) -> client_core::Result<ExportedFile> {
    let tags = client.tags();
    let outcome = Poller::new(wait.backoff.clone(), wait.timeout)
        .run(|_| async move {
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

/// `POST /v1/tags/value` ("批量修改标签值").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct SetTagValues<'a> {
    client: &'a Client,
    identity: Identity,
    actions: Vec<TagValueChange>,
    /// The first invalid input given to a setter, reported by `send`.
    invalid: Option<(String, String)>,
}

impl SetTagValues<'_> {
    /// Sets tag `tag_id` to `value` (`action: set`).
    pub fn set(mut self, tag_id: impl Into<TagId>, value: impl Into<String>) -> Self {
        self.actions.push(TagValueChange::set(tag_id, value));
        self
    }

    /// Sets tag `tag_id` to several values, joined with commas ("可传多个用逗号连接"); a value
    /// holding a comma is refused at [`send`](Self::send).
    pub fn set_many(
        mut self,
        tag_id: impl Into<TagId>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        if let Some(bad) = values.iter().find(|v| v.contains(','))
            && self.invalid.is_none()
        {
            self.invalid = Some((
                format!("actions[{}].value", self.actions.len()),
                format!("`{bad}` holds a comma, which separates values"),
            ));
        }
        self.actions
            .push(TagValueChange::set(tag_id, values.join(",")));
        self
    }

    /// Removes tag `tag_id`'s value (`action: delete`; no `value`, as the example sends).
    pub fn delete(mut self, tag_id: impl Into<TagId>) -> Self {
        self.actions.push(TagValueChange::delete(tag_id));
        self
    }

    /// Adds a change built separately.
    pub fn change(mut self, change: TagValueChange) -> Self {
        self.actions.push(change);
        self
    }

    /// Validates and sends (retried like a read: repeating the same changes leaves the same
    /// values).
    pub async fn send(self) -> client_core::Result<()> {
        if self.identity.id.trim().is_empty() {
            return Err(Error::invalid_input("identity.id", "is required"));
        }
        if self.identity.kind.as_str().trim().is_empty() {
            return Err(Error::invalid_input("identity.type", "is required"));
        }
        if let Some((field, rule)) = self.invalid {
            return Err(Error::invalid_input(field, rule));
        }
        if self.actions.is_empty() {
            return Err(Error::invalid_input(
                "actions",
                "at least one action is required",
            ));
        }
        for (i, action) in self.actions.iter().enumerate() {
            if !action.action.is_documented() {
                return Err(Error::invalid_input(
                    format!("actions[{i}].action"),
                    format!("`{}` is not set or delete", action.action),
                ));
            }
            if action.action == TagValueAction::Set && action.value.is_none() {
                return Err(Error::invalid_input(
                    format!("actions[{i}].value"),
                    "is required for set",
                ));
            }
        }
        let body = TagValueChanges {
            identity: self.identity,
            actions: self.actions,
        };
        let request = Request::post(SET_TAG_VALUES, "/v1/tags/value")
            .json(&body)?
            .safe_to_repeat(true);
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use futures::StreamExt as _;
    use tokio::io::AsyncReadExt as _;

    use super::*;

    async fn drain(
        reader: impl AsyncRead + Send + 'static,
        declared: Option<u64>,
    ) -> (u64, Option<std::io::Error>, bool) {
        let flag = Arc::new(AtomicBool::new(false));
        let mut stream = std::pin::pin!(limited_stream(
            Box::pin(reader),
            declared,
            Arc::clone(&flag)
        ));
        let mut total = 0;
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(bytes) => total += bytes.len() as u64,
                Err(e) => return (total, Some(e), flag.load(Ordering::SeqCst)),
            }
        }
        (total, None, flag.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn a_reader_is_cut_off_once_it_passes_100_mib() {
        let reader = tokio::io::repeat(b'x').take(MAX_TAG_FILE_BYTES + 1);
        let (sent, error, oversize) = drain(reader, None).await;
        assert!(error.is_some());
        assert!(oversize);
        assert!(sent <= MAX_TAG_FILE_BYTES, "{sent}");

        let reader = tokio::io::repeat(b'x').take(MAX_TAG_FILE_BYTES);
        let (sent, error, oversize) = drain(reader, None).await;
        assert!(error.is_none(), "exactly 100 MiB is allowed");
        assert!(!oversize);
        assert_eq!(sent, MAX_TAG_FILE_BYTES);
    }

    #[tokio::test]
    async fn a_reader_must_deliver_its_declared_length() {
        let (_, error, oversize) = drain(&b"abc"[..], Some(4)).await;
        assert!(error.unwrap().to_string().contains("4 were declared"));
        assert!(!oversize);
        let (_, error, _) = drain(&b"abcde"[..], Some(4)).await;
        assert!(error.unwrap().to_string().contains("more than the 4 bytes"));
        let (sent, error, _) = drain(&b"abcd"[..], Some(4)).await;
        assert!(error.is_none());
        assert_eq!(sent, 4);
    }

    #[test]
    fn value_files_get_a_content_type_from_their_extension() {
        assert_eq!(mime_for("v.CSV"), "text/csv");
        assert_eq!(
            mime_for("v.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(mime_for("values"), "application/octet-stream");
    }
}
