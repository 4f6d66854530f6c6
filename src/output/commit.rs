//! A committed write, and how it is moved into the output folder — completely, even
//! by another process after a kill, or not at all.
//!
//! Beside the output folder `public/` (in its parent, so on the same file system):
//!
//! - `.public.pulsebook-staging/`: a write being prepared — `new/` holds the new and
//!   changed files at their paths, `manifest` the new manifest (when it changed). A
//!   build stopped while preparing leaves it; the next one discards it.
//! - `.public.pulsebook-commit/`: the same folder once complete, renamed. That rename
//!   is the commit point.
//!
//! Moving a commit in is a fixed list of steps: each stale file (in the old manifest,
//! not in the new one, still holding the bytes pulsebook wrote) is moved to `old/`;
//! each file of `new/` is renamed into place, a hard link to the file it replaces
//! kept in `old/`; the manifest goes last. Every step can be run again — one already
//! done finds nothing left to do — so a build stopped at any step is finished by the
//! next one ([`roll_forward`] with `fresh: false`). A failure (not a kill) while
//! moving in undoes the steps done, newest first, from `old/`; each undo step leaves a
//! commit that can still be finished, so a kill while undoing is finished by the next
//! build too. An undo ends by renaming the commit back to staging (un-committing in one
//! step) before removing it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
#[cfg(test)]
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;

use super::{
    MANIFEST, WriteError, fingerprint, io_err, read_manifest, remove_empty_parents, safe_relative,
};

/// In a staging or commit folder: the new and changed files, at their paths.
const NEW: &str = "new";
/// In a commit folder: what the write replaced or removed, at their paths.
const OLD: &str = "old";
/// In a staging or commit folder: the new manifest.
const NEW_MANIFEST: &str = "manifest";
/// In a commit folder: the manifest the write replaced.
const OLD_MANIFEST: &str = "old-manifest";

/// The paths beside an output folder that its writer uses.
pub(super) struct Beside {
    /// The lock file (see [`super::lock`]).
    pub(super) lock: PathBuf,
    /// A write being prepared.
    pub(super) staging: PathBuf,
    /// A committed write.
    pub(super) commit: PathBuf,
}

impl Beside {
    /// The paths beside `out`, which must exist: beside the folder it names, so a
    /// symlinked output folder is staged on the file system it points to.
    pub(super) fn of(out: &Path) -> Result<Beside, WriteError> {
        let real = fs::canonicalize(out).map_err(io_err("open", out))?;
        let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
            return Err(WriteError {
                path: out.to_path_buf(),
                action: "write into",
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the output folder must have a parent folder (pulsebook stages its writes there)",
                ),
            });
        };
        let name = name.to_string_lossy();
        let at = |what: &str| parent.join(format!(".{name}.pulsebook-{what}"));
        Ok(Beside {
            lock: at("lock"),
            staging: at("staging"),
            commit: at("commit"),
        })
    }
}

/// Writes the `changed` files, and the manifest when it changed, into `staging`.
pub(super) fn stage(
    changed: &[(&String, &Vec<u8>)],
    staging: &Path,
    manifest: Option<&str>,
) -> Result<(), WriteError> {
    let new = staging.join(NEW);
    fs::create_dir_all(&new).map_err(io_err("create", &new))?;
    changed.par_iter().try_for_each(|(path, bytes)| {
        let file = new.join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(io_err("create", parent))?;
        }
        fs::write(&file, bytes).map_err(io_err("write", &file))
    })?;
    if let Some(text) = manifest {
        let path = staging.join(NEW_MANIFEST);
        fs::write(&path, text).map_err(io_err("write", &path))?;
    }
    Ok(())
}

/// Why moving a commit in stopped.
pub(super) enum Halt {
    /// A test stopped the write as a kill would: nothing more happens.
    #[cfg_attr(not(test), allow(dead_code, reason = "only tests stop a write"))]
    Killed,
    /// An I/O error.
    Failed(WriteError),
}

impl From<WriteError> for Halt {
    fn from(err: WriteError) -> Halt {
        Halt::Failed(err)
    }
}

impl Halt {
    pub(super) fn into_error(self) -> WriteError {
        match self {
            Halt::Failed(err) => err,
            Halt::Killed => WriteError {
                path: PathBuf::new(),
                action: "finish",
                source: io::Error::other("stopped by a test"),
            },
        }
    }
}

/// Where a test stops a write: as a kill would, or as a failing disk would.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// From this step on, nothing happens.
    Kill,
    /// This step fails with an I/O error.
    Fail,
}

/// The lock's patience and, in tests, where to stop: every step of a write (the
/// commit, each file moved, the manifest, each undo) counts one.
pub(super) struct Hooks {
    pub(super) wait: Duration,
    #[cfg(test)]
    stops: Vec<(usize, Stop)>,
    #[cfg(test)]
    steps: AtomicUsize,
}

impl Hooks {
    pub(super) fn new(wait: Duration) -> Hooks {
        Hooks {
            wait,
            #[cfg(test)]
            stops: Vec::new(),
            #[cfg(test)]
            steps: AtomicUsize::new(0),
        }
    }

    #[cfg(test)]
    pub(super) fn stopping(stops: &[(usize, Stop)]) -> Hooks {
        Hooks {
            stops: stops.to_vec(),
            ..Hooks::new(Duration::from_secs(10))
        }
    }

    /// Steps counted so far.
    #[cfg(test)]
    pub(super) fn steps(&self) -> usize {
        self.steps.load(Ordering::SeqCst)
    }

    pub(super) fn step(&self) -> Result<(), Halt> {
        #[cfg(test)]
        {
            let n = self.steps.fetch_add(1, Ordering::SeqCst);
            for &(at, stop) in &self.stops {
                match stop {
                    Stop::Kill if n >= at => return Err(Halt::Killed),
                    Stop::Fail if n == at => {
                        return Err(Halt::Failed(WriteError {
                            path: PathBuf::from("injected"),
                            action: "write",
                            source: io::Error::other("a failure injected by a test"),
                        }));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// What moving a commit in did.
#[derive(Debug, Default)]
pub(super) struct Moved {
    /// Stale files removed.
    pub(super) removed: usize,
    /// Stale files kept because they changed after pulsebook wrote them.
    pub(super) kept: Vec<String>,
}

/// One step done, as [`undo`] needs it.
enum Done {
    /// A stale file, now in `old/`.
    Removed(String),
    /// A file of `new/` in place; `backup`: what it replaced is in `old/`.
    Placed { path: String, backup: bool },
    /// The new manifest in place; `backup`: the old one is `old-manifest`.
    Manifest { backup: bool },
}

/// Moves the commit at `beside.commit` into `out` (see the module header), then
/// removes it. `fresh`: this process committed it, and undoes its steps on a failure;
/// otherwise it finishes a stopped build's commit, and a failure leaves it for the
/// next build.
pub(super) fn roll_forward(
    out: &Path,
    beside: &Beside,
    hooks: &Hooks,
    fresh: bool,
) -> Result<Moved, Halt> {
    let mut done = Vec::new();
    match apply(out, &beside.commit, hooks, &mut done) {
        Ok(moved) => {
            // The write is complete; only `old/` and empty folders are left, and a
            // leftover is finished as a no-op: failing to remove it is no error.
            if let Err(Halt::Killed) = hooks.step() {
                return Err(Halt::Killed);
            }
            let _ = fs::remove_dir_all(&beside.commit);
            Ok(moved)
        }
        Err(Halt::Failed(err)) if fresh => match undo(out, beside, hooks, &done) {
            Ok(()) => Err(Halt::Failed(err)),
            Err(Halt::Failed(second)) => Err(Halt::Failed(left_for_next_build(
                err,
                &format!("putting the last site back failed too ({second})"),
            ))),
            Err(Halt::Killed) => Err(Halt::Killed),
        },
        Err(Halt::Failed(err)) => Err(Halt::Failed(left_for_next_build(
            err,
            "an earlier build was stopped while writing this folder",
        ))),
        Err(Halt::Killed) => Err(Halt::Killed),
    }
}

/// `err`, saying that the committed write stays beside the output for the next build.
fn left_for_next_build(err: WriteError, why: &str) -> WriteError {
    let kind = err.source.kind();
    WriteError {
        source: io::Error::new(
            kind,
            format!(
                "{}; {why}: the next build finishes that write once the cause is fixed",
                err.source
            ),
        ),
        ..err
    }
}

fn apply(out: &Path, commit: &Path, hooks: &Hooks, done: &mut Vec<Done>) -> Result<Moved, Halt> {
    let mut moved = Moved::default();
    let new_manifest = commit.join(NEW_MANIFEST);
    let old = commit.join(OLD);
    // Stale files first: a file of the last build may stand where this one needs a
    // folder (an asset that became a folder of assets).
    if new_manifest.is_file() {
        let new = read_manifest(&new_manifest);
        for (path, hash) in read_manifest(&out.join(MANIFEST)) {
            if new.contains_key(&path) || !safe_relative(&path) {
                continue;
            }
            let target = out.join(&path);
            match fs::read(&target) {
                Ok(bytes) if fingerprint(&bytes) == hash => {
                    hooks.step()?;
                    move_file(&target, &old.join(&path))?;
                    done.push(Done::Removed(path));
                    moved.removed += 1;
                    remove_empty_parents(&target, out);
                }
                Ok(_) => moved.kept.push(path),
                // Gone already (moved before a stop): the folders it left may remain.
                Err(_) => remove_empty_parents(&target, out),
            }
        }
    }

    let mut files = Vec::new();
    list_files(&commit.join(NEW), "", &mut files)?;
    let placed: Vec<Result<Done, Halt>> = files
        .into_par_iter()
        .map(|path| place(out, commit, path, hooks))
        .collect();
    let mut halt = None;
    for result in placed {
        match result {
            Ok(step) => done.push(step),
            Err(h) => {
                // A kill outranks a failure: nothing more happens after it.
                if matches!(h, Halt::Killed) || halt.is_none() {
                    halt = Some(h);
                }
            }
        }
    }
    if let Some(h) = halt {
        return Err(h);
    }

    if new_manifest.is_file() {
        hooks.step()?;
        let target = out.join(MANIFEST);
        let backup = commit.join(OLD_MANIFEST);
        let replaces = target.is_file();
        if replaces && !backup.exists() {
            duplicate(&target, &backup)?;
        }
        fs::rename(&new_manifest, &target).map_err(io_err("replace", &target))?;
        done.push(Done::Manifest { backup: replaces });
    }
    Ok(moved)
}

/// Renames the staged file `path` into place, linking what it replaces into `old/`.
fn place(out: &Path, commit: &Path, path: String, hooks: &Hooks) -> Result<Done, Halt> {
    hooks.step()?;
    let staged = commit.join(NEW).join(&path);
    let target = out.join(&path);
    let backup = commit.join(OLD).join(&path);
    let replaces = fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir());
    if replaces && fs::symlink_metadata(&backup).is_err() {
        duplicate(&target, &backup)?;
    }
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|e| {
            let source = match e.kind() {
                io::ErrorKind::AlreadyExists | io::ErrorKind::NotADirectory => io::Error::new(
                    e.kind(),
                    "a file that pulsebook did not write stands where it needs a folder; \
                     move it away or choose another --out",
                ),
                _ => e,
            };
            io_err("create", parent)(source)
        })?;
    }
    fs::rename(&staged, &target).map_err(io_err("replace", &target))?;
    Ok(Done::Placed {
        path,
        backup: replaces,
    })
}

/// Undoes `done`, newest first, then un-commits (see the module header).
fn undo(out: &Path, beside: &Beside, hooks: &Hooks, done: &[Done]) -> Result<(), Halt> {
    let commit = &beside.commit;
    for step in done.iter().rev() {
        hooks.step()?;
        match step {
            Done::Manifest { backup } => {
                let target = out.join(MANIFEST);
                let new = commit.join(NEW_MANIFEST);
                if *backup {
                    // The new manifest stays in the commit until the old one is back.
                    duplicate(&target, &new)?;
                    let old = commit.join(OLD_MANIFEST);
                    fs::rename(&old, &target).map_err(io_err("restore", &target))?;
                } else {
                    fs::rename(&target, &new).map_err(io_err("restore", &target))?;
                }
            }
            Done::Placed { path, backup } => {
                let target = out.join(path);
                let staged = commit.join(NEW).join(path);
                if *backup {
                    duplicate(&target, &staged)?;
                    let old = commit.join(OLD).join(path);
                    fs::rename(&old, &target).map_err(io_err("restore", &target))?;
                } else {
                    move_file(&target, &staged)?;
                    remove_empty_parents(&target, out);
                }
            }
            Done::Removed(path) => move_file(&commit.join(OLD).join(path), &out.join(path))?,
        }
    }
    hooks.step()?;
    fs::rename(commit, &beside.staging).map_err(io_err("remove", commit))?;
    let _ = fs::remove_dir_all(&beside.staging);
    Ok(())
}

/// Renames `from` to `to`, making `to`'s folder.
fn move_file(from: &Path, to: &Path) -> Result<(), WriteError> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(io_err("create", parent))?;
    }
    fs::rename(from, to).map_err(io_err("move", from))
}

/// A second name for `from` at `to` (a copy where the file system has no hard links).
fn duplicate(from: &Path, to: &Path) -> Result<(), WriteError> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(io_err("create", parent))?;
    }
    fs::hard_link(from, to)
        .or_else(|_| fs::copy(from, to).map(|_| ()))
        .map_err(io_err("keep a copy of", from))
}

/// The files under `dir`, as `/`-separated paths after `prefix`.
fn list_files(dir: &Path, prefix: &str, files: &mut Vec<String>) -> Result<(), WriteError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err("read", dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io_err("read", dir))?;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let kind = entry.file_type().map_err(io_err("read", &entry.path()))?;
        if kind.is_dir() {
            list_files(&entry.path(), &format!("{name}/"), files)?;
        } else {
            files.push(name);
        }
    }
    Ok(())
}
