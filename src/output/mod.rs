//! The one writer: every output file passes through [`Site`] and is written by
//! [`write()`], which never leaves a half-written site, never lets two builds write
//! one folder at once and never deletes a file it did not write.
//!
//! The whole site is rendered in memory first, so a failing build touches nothing.
//! Then, holding the output folder's lock (`lock`), the writer compares: unchanged
//! files are left alone (their mtimes too, so rsync and git see only real changes);
//! changed and new files, and the new manifest, are written to a staging folder beside
//! the output (same file system) and committed with one rename; then the committed
//! write is moved in (`commit`): files of earlier builds that are no longer produced
//! are removed — only those listed in the manifest of the last build and still holding
//! the bytes pulsebook wrote — the staged files are renamed into place and the manifest
//! goes last. Files the caller marks as an archive (last month's scorecards: intranets
//! and e-mails link to them) are kept and stay in the manifest.
//!
//! What a stopped build leaves: killed before the commit, the output folder as it was;
//! killed after, a committed write that the next build finishes before anything else
//! (`recover`). A failure while moving in (a full disk, a folder made read-only) puts
//! back what was moved, so the last good site stays as it was.

mod commit;
mod inputs;
mod lock;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diag::display_path;
use commit::{Beside, Halt, Hooks};
pub use inputs::Previous;
pub(crate) use inputs::{INPUTS, Inputs, InputsHasher};

/// The manifest file inside the output folder.
pub(crate) const MANIFEST: &str = ".pulsebook-manifest";

/// Files to write: path relative to the output folder (with `/`) → bytes.
#[derive(Debug, Default)]
pub struct Site {
    files: BTreeMap<String, Vec<u8>>,
    /// What the files that can be reused were made from (see [`inputs`]).
    made: BTreeMap<String, Inputs>,
    /// How many of those were taken from the last build rather than rendered.
    reused: usize,
}

impl Site {
    /// An empty site.
    pub fn new() -> Site {
        Site::default()
    }

    pub(crate) fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Adds a file made from `inputs`, which a later build may reuse; `reused`: this
    /// one was, from the last build.
    pub(crate) fn add_made(&mut self, path: String, bytes: Vec<u8>, inputs: Inputs, reused: bool) {
        self.reused += usize::from(reused);
        self.made.insert(path.clone(), inputs);
        self.files.insert(path, bytes);
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: Site) {
        self.files.extend(other.files);
        self.made.extend(other.made);
        self.reused += other.reused;
    }

    /// Files made from known inputs, and how many of them were reused.
    pub(crate) fn made_and_reused(&self) -> (usize, usize) {
        (self.made.len(), self.reused)
    }

    /// Adds the inputs file ([`INPUTS`]) for the files made from known inputs, keeping
    /// `previous` entries of files not made again.
    pub(crate) fn add_inputs_file(&mut self, previous: &Previous) {
        if !self.made.is_empty() || previous.has_inputs() {
            let file = previous.file_with(&self.made);
            self.files.insert(INPUTS.to_string(), file);
        }
    }

    pub(crate) fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// The files, path → bytes.
    pub(crate) fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
    }

    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files written because they were new or changed.
    pub written: usize,
    /// Files left alone because their bytes were the same.
    pub unchanged: usize,
    /// Stale files removed from the output folder.
    pub removed: usize,
    /// Stale files kept because they were changed after pulsebook wrote them.
    pub kept: Vec<String>,
}

/// An I/O failure that names the path.
///
/// Not a [`crate::base::diag::Diagnostic`]: it is no mistake in the book (nothing
/// to point at in its files) but the machine refusing a write, shown as the
/// terminal has always shown it (`error: failed to write `…`: cause`), with the
/// I/O error kept as its source.
#[derive(Debug)]
pub struct WriteError {
    pub(crate) path: PathBuf,
    pub(crate) action: &'static str,
    pub(crate) source: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "failed to {} `{}`: {}",
            self.action,
            display_path(&self.path),
            self.source
        )
    }
}

impl std::error::Error for WriteError {}

fn io_err<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> WriteError + 'p {
    move |source| WriteError {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// FNV-1a: a stable 64-bit fingerprint to recognise our own files (not security).
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The manifest at `file`: path → fingerprint; empty when there is none.
fn read_manifest(file: &Path) -> BTreeMap<String, u64> {
    let Ok(text) = fs::read_to_string(file) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (hash, path) = l.split_once("  ")?;
            Some((path.to_string(), u64::from_str_radix(hash, 16).ok()?))
        })
        .collect()
}

fn render_manifest(site: &Site, kept: &BTreeMap<String, u64>) -> String {
    let mut entries: BTreeMap<&str, u64> = kept.iter().map(|(p, h)| (p.as_str(), *h)).collect();
    // Fingerprinting reads every byte of the site (125 MB for 1,000 people): in parallel.
    let hashes: Vec<(&str, u64)> = site
        .files
        .par_iter()
        .map(|(path, bytes)| (path.as_str(), fingerprint(bytes)))
        .collect();
    entries.extend(hashes);
    let mut text =
        String::from("# Files written by pulsebook. It removes only files listed here.\n");
    for (path, hash) in entries {
        text.push_str(&format!("{hash:016x}  {path}\n"));
    }
    text
}

/// Output paths must stay inside the output folder.
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Writes `site` into `out` as described in the module header. Stale files for which
/// `archive` is true are kept. Waits up to two minutes for another build writing `out`.
pub(crate) fn write(
    site: &Site,
    out: &Path,
    archive: &dyn Fn(&str) -> bool,
) -> Result<WriteSummary, WriteError> {
    write_with(site, out, archive, &Hooks::new(lock::WAIT))
}

/// Finishes a write to `out` that a stopped build committed but did not complete, so
/// the folder holds one whole site before a build even loads its book (which may
/// fail). Cheap when there is none: a few `stat`s.
pub(crate) fn recover(out: &Path) -> Result<(), WriteError> {
    recover_with(out, &Hooks::new(lock::WAIT)).map(|_| ())
}

fn recover_with(out: &Path, hooks: &Hooks) -> Result<bool, WriteError> {
    if !out.is_dir() {
        return Ok(false);
    }
    let beside = Beside::of(out)?;
    if !beside.commit.exists() {
        return Ok(false);
    }
    let _lock = lock::Lock::acquire(&beside.lock, out, hooks.wait)?;
    finish_interrupted(out, &beside, hooks)
}

/// Under the lock: completes a committed write a stopped build left and discards its
/// uncommitted staging folder. True when there was a write to complete.
fn finish_interrupted(out: &Path, beside: &Beside, hooks: &Hooks) -> Result<bool, WriteError> {
    if beside.staging.exists() {
        fs::remove_dir_all(&beside.staging).map_err(io_err("remove", &beside.staging))?;
    }
    if !beside.commit.exists() {
        return Ok(false);
    }
    commit::roll_forward(out, beside, hooks, false).map_err(Halt::into_error)?;
    eprintln!(
        "note: finished writing `{}`: a build was stopped while writing it",
        display_path(out)
    );
    Ok(true)
}

fn write_with(
    site: &Site,
    out: &Path,
    archive: &dyn Fn(&str) -> bool,
    hooks: &Hooks,
) -> Result<WriteSummary, WriteError> {
    // The renderers produce safe paths; a path that is not is refused, never written.
    if let Some(path) = site.paths().find(|p| !safe_relative(p)) {
        return Err(WriteError {
            path: out.join(path),
            action: "write",
            source: io::Error::new(
                io::ErrorKind::InvalidInput,
                "the path leaves the output folder or is not portable",
            ),
        });
    }
    fs::create_dir_all(out).map_err(io_err("create", out))?;
    let beside = Beside::of(out)?;
    let _lock = lock::Lock::acquire(&beside.lock, out, hooks.wait)?;
    finish_interrupted(out, &beside, hooks)?;

    let previous = read_manifest(&out.join(MANIFEST));
    refuse_foreign_files(site, out, &previous)?;

    let changed: Vec<(&String, &Vec<u8>)> = site
        .files
        .par_iter()
        .filter(|(path, bytes)| fs::read(out.join(path)).map_or(true, |old| old != **bytes))
        .collect();

    // Archived files of earlier builds that are still on disk stay ours.
    let kept: BTreeMap<String, u64> = previous
        .iter()
        .filter(|(path, _)| {
            !site.files.contains_key(*path) && archive(path) && out.join(path).is_file()
        })
        .map(|(p, h)| (p.clone(), *h))
        .collect();

    // Like every other file, the manifest is only rewritten when it changes, so a
    // rebuild of an unchanged book touches nothing.
    let manifest_text = render_manifest(site, &kept);
    let manifest_changed =
        fs::read(out.join(MANIFEST)).map_or(true, |old| old != manifest_text.as_bytes());
    let mut summary = WriteSummary {
        written: changed.len(),
        unchanged: site.len() - changed.len(),
        ..WriteSummary::default()
    };
    if changed.is_empty() && !manifest_changed {
        return Ok(summary);
    }
    let manifest = manifest_changed.then_some(manifest_text.as_str());
    if let Err(err) = commit::stage(&changed, &beside.staging, manifest) {
        let _ = fs::remove_dir_all(&beside.staging);
        return Err(err);
    }
    // The commit point: from here on, a stopped build is finished by the next one.
    let committed = match hooks.step() {
        Err(Halt::Killed) => return Err(Halt::Killed.into_error()),
        Err(Halt::Failed(err)) => Err(err),
        Ok(()) => {
            fs::rename(&beside.staging, &beside.commit).map_err(io_err("commit", &beside.commit))
        }
    };
    if let Err(err) = committed {
        let _ = fs::remove_dir_all(&beside.staging);
        return Err(err);
    }
    let moved = commit::roll_forward(out, &beside, hooks, true).map_err(Halt::into_error)?;
    summary.removed = moved.removed;
    summary.kept = moved.kept;
    Ok(summary)
}

/// Refuses to overwrite a file pulsebook did not write (one not in the `previous`
/// manifest, unless it holds the same bytes already).
fn refuse_foreign_files(
    site: &Site,
    out: &Path,
    previous: &BTreeMap<String, u64>,
) -> Result<(), WriteError> {
    for path in site.paths() {
        let target = out.join(path);
        if !previous.contains_key(path) && target.exists() && path != MANIFEST {
            let same = fs::read(&target).is_ok_and(|b| Some(b.as_slice()) == site.get(path));
            if !same {
                return Err(WriteError {
                    path: target,
                    action: "replace",
                    source: io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        "the file was not written by pulsebook; move it away or choose another --out",
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Removes the folders above `file` that are empty, up to `root` (not included).
fn remove_empty_parents(file: &Path, root: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests;
