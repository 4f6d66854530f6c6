//! One writer per output folder.
//!
//! A build holds an exclusive lock (`std::fs::File::lock`: `flock` on Unix,
//! `LockFileEx` on Windows) on a file beside the output folder —
//! `.public.pulsebook-lock` for `public/` — while it writes, and only then: books
//! render before, so two builds of one folder render side by side and write one after
//! the other. A second writer waits for the lock, saying so once, and gives up after
//! [`WAIT`] with an error that names the lock.
//!
//! No lock file stays behind: the holder removes it while still holding the lock, and
//! a waiter that then gets the lock on the removed file sees that the path no longer
//! names it and locks the file now at that path. A killed build leaves its lock file;
//! the operating system has released the lock, so the next build simply takes it.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{WriteError, io_err};
use crate::base::diag::display_path;

/// How long a build waits for another one writing the same folder. Writing takes
/// seconds even for large books; a lock held longer is a stopped or hung process.
pub(super) const WAIT: Duration = Duration::from_secs(120);
const POLL: Duration = Duration::from_millis(25);

/// The held lock of an output folder, released when dropped.
pub(super) struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    /// Locks `path`, the lock file of the output folder `out`, waiting up to `wait`.
    pub(super) fn acquire(path: &Path, out: &Path, wait: Duration) -> Result<Lock, WriteError> {
        let start = Instant::now();
        let mut told = false;
        loop {
            let file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(io_err("create", path))?;
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(TryLockError::WouldBlock) => {}
                    Err(TryLockError::Error(e)) => return Err(io_err("lock", path)(e)),
                }
                if start.elapsed() >= wait {
                    return Err(timed_out(path, out, wait));
                }
                if !told {
                    eprintln!(
                        "waiting for another pulsebook build writing `{}`…",
                        display_path(out)
                    );
                    told = true;
                }
                std::thread::sleep(POLL);
            }
            if names(path, &file) {
                return Ok(Lock {
                    file,
                    path: path.to_path_buf(),
                });
            }
            // The last holder removed the file as it let go: lock the one at `path` now.
            if start.elapsed() >= wait {
                return Err(timed_out(path, out, wait));
            }
        }
    }
}

fn timed_out(path: &Path, out: &Path, wait: Duration) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        action: "lock",
        source: io::Error::new(
            io::ErrorKind::WouldBlock,
            format!(
                "another pulsebook build has been writing `{}` for {} s; try again when it \
                 has finished (a stopped process holds the lock until it ends)",
                display_path(out),
                wait.as_secs_f64()
            ),
        ),
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held (see the module header); closing the file unlocks it.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn names(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Without inode numbers the lock file is never removed, so the path always names it.
#[cfg(not(unix))]
fn names(_path: &Path, _file: &File) -> bool {
    true
}
