//! A token file: JSON, written atomically, owner-only, locked across processes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use secrecy::zeroize::Zeroize;

use super::codec::{decode, encode};
use super::{LockedStore, StoreLock, Stored, TokenStore};
use crate::error::{Error, Result};
use crate::token::Token;

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
///   `.<name>.<pid>.<random>.tmp` file behind; it is never read, never blocks a save (names are
///   random, so a restarted container with the same pid cannot collide with it) and the next save
///   under the lock deletes it.
/// * **In doubt**: before a single-use refresh token is presented, the cache writes a sibling
///   `<name>.in-doubt` file; the save of the result deletes it. A process that finds it knows the
///   stored refresh token may already be spent (see [`Stored::in_doubt`]).
/// * **Locking**: [`lock`](TokenStore::lock) takes an advisory exclusive lock (`flock` on Unix,
///   `LockFileEx` on Windows) on a sibling file `<name>.lock`, which is created once and never
///   deleted (deleting a lock file lets two holders lock different files). The lock is only
///   respected by other users of this store; it does not stop other programs from writing. It
///   protects one host: on a network file system use a Redis store instead (see
///   `docs/deployment.md`). A save keeps the lock held until its blocking write has finished,
///   even when the caller stops waiting, so a dropped call never lets another writer in between.
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
    doubt_path: PathBuf,
    lock_timeout: Duration,
}

impl FileStore {
    /// A store at `path`; its lock file is `path` + `.lock`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let name = path.file_name().map(ToOwned::to_owned).unwrap_or_default();
        let mut lock_name = name.clone();
        lock_name.push(".lock");
        let mut doubt_name = name;
        doubt_name.push(".in-doubt");
        let lock_path = path.with_file_name(lock_name);
        let doubt_path = path.with_file_name(doubt_name);
        Self {
            path,
            lock_path,
            doubt_path,
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
        self.tolerate_corrupt(read)
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
            match file.try_lock() {
                Ok(()) => {
                    return Ok(StoreLock::new(FileLock {
                        store: self.clone(),
                        held: Arc::new(LockedFile(file)),
                    }));
                }
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => {
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
            pause = pause.saturating_mul(2).min(Duration::from_millis(50));
        }
    }
}

impl FileStore {
    fn tolerate_corrupt(&self, read: io::Result<Option<Token>>) -> Result<Option<Token>> {
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
}

/// The held lock of a [`FileStore`]. Every blocking write keeps a clone of `held`, so the lock
/// stays held until the write has finished even if the caller stops waiting for it (a dropped
/// future cannot stop a blocking thread): no other holder can write in between.
struct FileLock {
    store: FileStore,
    held: Arc<LockedFile>,
}

#[async_trait]
impl LockedStore for FileLock {
    async fn load(&mut self) -> Result<Stored> {
        let (path, doubt) = (self.store.path.clone(), self.store.doubt_path.clone());
        let held = Arc::clone(&self.held);
        let read = blocking(move || {
            let _held = held;
            let in_doubt = doubt.try_exists()?;
            Ok((read_token(&path), in_doubt))
        })
        .await
        .map_err(|e| Error::io(self.store.describe("could not read"), e))?;
        let (token, in_doubt) = read;
        Ok(Stored::new(self.store.tolerate_corrupt(token)?, in_doubt))
    }

    async fn save(&mut self, token: &Token) -> Result<()> {
        let mut bytes =
            encode(token).map_err(|e| Error::io(self.store.describe("could not encode"), e))?;
        let (path, doubt) = (self.store.path.clone(), self.store.doubt_path.clone());
        let held = Arc::clone(&self.held);
        let result = blocking(move || {
            let _held = held;
            // Under the lock no other writer exists: every temp file of ours is debris.
            remove_debris(&path);
            let written = write_atomic(&path, &bytes, |_| Ok(()));
            bytes.zeroize();
            written?;
            remove_if_present(&doubt)
        })
        .await;
        result.map_err(|e| Error::io(self.store.describe("could not write"), e))
    }

    async fn clear(&mut self) -> Result<()> {
        let (path, doubt) = (self.store.path.clone(), self.store.doubt_path.clone());
        let held = Arc::clone(&self.held);
        blocking(move || {
            let _held = held;
            remove_if_present(&path)?;
            remove_if_present(&doubt)
        })
        .await
        .map_err(|e| Error::io(self.store.describe("could not remove"), e))
    }

    async fn mark_in_doubt(&mut self) -> Result<()> {
        let doubt = self.store.doubt_path.clone();
        let held = Arc::clone(&self.held);
        blocking(move || {
            let _held = held;
            write_atomic(
                &doubt,
                b"a refresh was sent and its result not saved\n",
                |_| Ok(()),
            )
        })
        .await
        .map_err(|e| {
            Error::io(
                format!(
                    "could not write the in-doubt mark {}",
                    self.store.doubt_path.display()
                ),
                e,
            )
        })
    }

    async fn release(self: Box<Self>) -> Result<()> {
        Ok(())
    }
}

/// A locked lock file; closing it releases the lock.
struct LockedFile(File);

impl Drop for LockedFile {
    fn drop(&mut self) {
        // Closing the file releases the lock as well; unlocking first makes it explicit.
        let _ = self.0.unlock();
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

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Removes the temp files a dead writer left next to `path` (best effort). Only called under the
/// lock, when no live writer can own one.
fn remove_debris(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&prefix) && file_name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
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
    let parsed = read.and_then(|_| decode(&bytes));
    bytes.zeroize();
    parsed.map(Some)
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

/// Creates `.<name>.<pid>.<random>.tmp` in `dir` (owner-only, `create_new`), trying another
/// random name if one exists.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..8 {
        let tmp = dir.join(format!(
            ".{name}.{}.{:016x}.tmp",
            std::process::id(),
            fastrand::u64(..)
        ));
        match owner_only(OpenOptions::new().write(true).create_new(true)).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temp file name")))
}

/// Writes `bytes` to `path` atomically: temp file in the same directory, fsync, rename, fsync of
/// the directory. `before_rename` runs between the write and the rename (tests inject crashes).
fn write_atomic(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
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
    // A random name: a restarted container has the same pid as the dead writer whose temp file
    // may still be there, so a pid and a counter are not unique across restarts.
    let (tmp, mut file) = create_temp(&dir, &name.to_string_lossy())?;
    let result = (|| {
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
    use chrono::{DateTime, Utc};
    use secrecy::ExposeSecret;

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
