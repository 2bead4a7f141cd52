//! A token file: JSON, written atomically, owner-only, locked across processes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::zeroize::Zeroize;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{StoreLock, TokenStore};
use crate::error::{Error, Result};
use crate::token::Token;

/// The version written into token files.
const FORMAT_VERSION: u32 = 1;

/// How long [`FileStore::lock`](TokenStore::lock) waits for another holder by default.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// Stores a token in a JSON file that survives restarts and can be shared between processes.
///
/// * **Format**: `{"version":1,"access_token":"…","refresh_token":"…","expires_at":"…Z",
///   "obtained_at":"…Z"}`. The file holds the secrets in clear text — that is its purpose — so it
///   is created with permissions `0600` on Unix (a warning is logged when an existing file is
///   readable by others). `Debug` prints only the path.
/// * **Atomic writes**: a temporary file in the same directory is written, flushed to disk
///   (`fsync`), renamed over the token file, and the directory is flushed, so a crash leaves
///   either the old token or the new one, never a mix. A crash can leave a stray
///   `.<name>.<pid>.<n>.tmp` file behind; it is never read and may be deleted.
/// * **Locking**: [`lock`](TokenStore::lock) takes an advisory exclusive lock (`flock` on Unix,
///   `LockFileEx` on Windows) on a sibling file `<name>.lock`, which is created once and never
///   deleted (deleting a lock file lets two holders lock different files). The lock is only
///   respected by other users of this store; it does not stop other programs from writing.
///
/// ```no_run
/// use client_core::store::FileStore;
/// use client_core::token::{fetcher_fn, Token, TokenCache};
/// # let fetcher = fetcher_fn(|_r| async { Err(client_core::Error::auth("demo")) });
/// let cache = TokenCache::builder(fetcher)
///     .store(FileStore::new("/var/lib/myapp/wukong-token.json"))
///     .build();
/// # drop(cache);
/// ```
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
    lock_path: PathBuf,
    lock_timeout: Duration,
}

#[derive(Serialize)]
struct FileRef<'a> {
    version: u32,
    access_token: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<&'a str>,
    expires_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    obtained_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct FileOwned {
    version: u32,
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_at: DateTime<Utc>,
    #[serde(default)]
    obtained_at: Option<DateTime<Utc>>,
}

impl FileStore {
    /// A store at `path`; its lock file is `path` + `.lock`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let mut lock_name = path.file_name().map(ToOwned::to_owned).unwrap_or_default();
        lock_name.push(".lock");
        let lock_path = path.with_file_name(lock_name);
        Self {
            path,
            lock_path,
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
        }
    }

    /// How long [`lock`](TokenStore::lock) waits for another holder before failing with a
    /// timeout error (default [`DEFAULT_LOCK_TIMEOUT`]).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// The token file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The lock file.
    pub fn lock_path(&self) -> &Path {
        &self.lock_path
    }

    fn describe(&self, what: &str) -> String {
        format!("{what} token file {}", self.path.display())
    }
}

#[async_trait]
impl TokenStore for FileStore {
    async fn load(&self) -> Result<Option<Token>> {
        let path = self.path.clone();
        let read = blocking(move || read_token(&path)).await;
        match read {
            Ok(token) => Ok(token),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                tracing::warn!(
                    path = %self.path.display(),
                    error = %e,
                    "ignoring a token file that does not hold a token"
                );
                Ok(None)
            }
            Err(e) => Err(Error::io(self.describe("could not read"), e)),
        }
    }

    async fn save(&self, token: &Token) -> Result<()> {
        let mut bytes =
            encode(token).map_err(|e| Error::io(self.describe("could not encode"), e))?;
        let path = self.path.clone();
        let result = blocking(move || {
            let written = write_atomic(&path, &bytes, |_| Ok(()));
            bytes.zeroize();
            written
        })
        .await;
        result.map_err(|e| Error::io(self.describe("could not write"), e))
    }

    async fn clear(&self) -> Result<()> {
        let path = self.path.clone();
        blocking(move || match fs::remove_file(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        })
        .await
        .map_err(|e| Error::io(self.describe("could not remove"), e))
    }

    async fn lock(&self) -> Result<StoreLock> {
        let lock_path = self.lock_path.clone();
        let file = blocking(move || open_lock_file(&lock_path))
            .await
            .map_err(|e| {
                Error::io(
                    format!("could not open lock file {}", self.lock_path.display()),
                    e,
                )
            })?;
        let deadline = tokio::time::Instant::now() + self.lock_timeout;
        let mut pause = Duration::from_millis(2);
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => return Ok(StoreLock::new(LockedFile(file))),
                Err(fs4::TryLockError::WouldBlock) => {}
                Err(fs4::TryLockError::Error(e)) => {
                    return Err(Error::io(
                        format!("could not lock {}", self.lock_path.display()),
                        e,
                    ));
                }
            }
            let now = tokio::time::Instant::now();
            if now >= deadline {
                return Err(Error::timeout(format!(
                    "could not lock {} within {:?}: another process or task holds it",
                    self.lock_path.display(),
                    self.lock_timeout
                )));
            }
            tokio::time::sleep(pause.min(deadline - now)).await;
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }
}

/// A locked lock file; closing it releases the lock.
struct LockedFile(File);

impl Drop for LockedFile {
    fn drop(&mut self) {
        // Closing the file releases the lock as well; unlocking first makes it explicit.
        let _ = fs4::FileExt::unlock(&self.0);
    }
}

async fn blocking<T, F>(f: F) -> io::Result<T>
where
    F: FnOnce() -> io::Result<T> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(join) => Err(io::Error::other(join)),
    }
}

fn encode(token: &Token) -> io::Result<Vec<u8>> {
    let file = FileRef {
        version: FORMAT_VERSION,
        access_token: token.access().expose_secret(),
        refresh_token: token.refresh().map(ExposeSecret::expose_secret),
        expires_at: token.expires_at(),
        obtained_at: token.obtained_at(),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn read_token(path: &Path) -> io::Result<Option<Token>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    warn_if_shared(path, &file);
    let mut bytes = Vec::new();
    let read = file.read_to_end(&mut bytes);
    let parsed = read.and_then(|_| {
        serde_json::from_slice::<FileOwned>(&bytes)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    });
    bytes.zeroize();
    let owned = parsed?;
    if owned.version != FORMAT_VERSION {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("unsupported token file version {}", owned.version),
        ));
    }
    let mut token = Token::new(SecretString::from(owned.access_token), owned.expires_at);
    if let Some(refresh) = owned.refresh_token {
        token = token.with_refresh(SecretString::from(refresh));
    }
    if let Some(obtained_at) = owned.obtained_at {
        token = token.with_obtained_at(obtained_at);
    }
    Ok(Some(token))
}

#[cfg(unix)]
fn warn_if_shared(path: &Path, file: &File) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = file.metadata() {
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(
                path = %path.display(),
                mode = format_args!("{:o}", mode & 0o777),
                "the token file is readable by other users; it will be rewritten with mode 600 on the next refresh"
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_path: &Path, _file: &File) {}

fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

fn open_lock_file(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    owner_only(
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false),
    )
    .open(path)
}

/// Writes `bytes` to `path` atomically: temp file in the same directory, fsync, rename, fsync of
/// the directory. `before_rename` runs between the write and the rename (tests inject crashes).
fn write_atomic(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "the token path has no file name",
        )
    })?;
    fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = owner_only(OpenOptions::new().write(true).create_new(true)).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        fs::rename(&tmp, path)?;
        sync_dir(&dir)
    })();
    if result.is_err() {
        // Best effort: the temp file is garbage whether or not the rename happened.
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Windows cannot open a directory as a file to flush it; `MoveFileEx` (behind `rename`) is
    // what makes the replacement durable there.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(access: &str) -> Token {
        Token::new(
            access,
            DateTime::<Utc>::from_timestamp(2_000_000_000, 0).unwrap_or_default(),
        )
        .with_refresh("refresh-1")
    }

    #[test]
    fn a_crash_before_rename_keeps_the_old_token() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token.json");
        write_atomic(&path, &encode(&token("old")).unwrap(), |_| Ok(())).unwrap();

        let new = encode(&token("new")).unwrap();
        let err = write_atomic(&path, &new, |tmp| {
            // The new bytes are complete on disk, but the process "dies" before the rename.
            assert!(tmp.exists());
            Err(io::Error::other("simulated crash"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "simulated crash");

        let read = read_token(&path).unwrap().unwrap();
        assert!(read.same_access(&token("old")));
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(leftovers, vec!["token.json".to_string()]);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token.json");
        write_atomic(&path, b"{}", |_| Ok(())).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn round_trips_every_field() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.json");
        let t = token("abc")
            .with_obtained_at(DateTime::<Utc>::from_timestamp(1_999_990_000, 0).unwrap());
        write_atomic(&path, &encode(&t).unwrap(), |_| Ok(())).unwrap();
        let back = read_token(&path).unwrap().unwrap();
        assert!(back.same_access(&t));
        assert_eq!(
            back.refresh().map(|r| r.expose_secret().to_owned()),
            Some("refresh-1".into())
        );
        assert_eq!(back.expires_at(), t.expires_at());
        assert_eq!(back.obtained_at(), t.obtained_at());
    }
}
