//! "上传用户标签值文件": `POST /v1/tags/tagkeys/{tagKey}/upload/file/operates/{operate}`, from a
//! file path or a reader ([`UploadTagFile`]), with the 100 MiB limit checked before and while
//! sending.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::{Bytes, BytesMut};
use client_core::Error;
use client_core::transport::{Body, Request};
use tokio::io::{AsyncRead, AsyncReadExt as _};

use super::{FILE_FIELD, UPLOAD_TAG_FILE, checked_key};
use crate::models::{MAX_TAG_FILE_BYTES, TagUpload, UploadMode};
use crate::{Client, RequestOptions};

/// Where an upload's bytes come from.
pub(super) enum Source {
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
    pub(super) client: &'a Client,
    pub(super) tag_key: String,
    pub(super) mode: UploadMode,
    pub(super) source: Source,
    pub(super) options: RequestOptions,
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
    /// The reader's length in bytes, if known (only for [`Tags::upload_reader`](super::Tags::upload_reader)): above 100 MiB
    /// the upload is refused before sending, and the reader must deliver exactly this many
    /// bytes.
    pub fn length(mut self, bytes: u64) -> Self {
        if let Source::Reader { length, .. } = &mut self.source {
            *length = Some(bytes);
        }
        self
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for this upload, replacing
    /// those of the handler it came from. A reader upload is never retried, whatever the
    /// policy.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
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
        request = request.options(self.options);
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
