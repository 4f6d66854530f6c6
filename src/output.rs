//! The one writer: every output file passes through [`Site`] and is written by
//! [`write()`], which never leaves a half-written site and never deletes a file it did
//! not write.
//!
//! The whole site is rendered in memory first, so a failing build touches nothing.
//! Then changed files are written to a staging folder beside the output (same file
//! system) and renamed into place one by one, unchanged files are left alone (their
//! mtimes too, so rsync and git see only real changes), and files of earlier builds
//! that are no longer produced are removed — only those listed in the manifest of the
//! last build and still holding the bytes pulsebook wrote. Files the caller marks as
//! an archive (last month's scorecards: intranets and e-mails link to them) are kept
//! and stay in the manifest. The manifest is replaced last.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The manifest file inside the output folder.
pub(crate) const MANIFEST: &str = ".pulsebook-manifest";

/// Files to write: path relative to the output folder (with `/`) → bytes.
#[derive(Debug, Default)]
pub struct Site {
    files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    /// An empty site.
    pub fn new() -> Site {
        Site::default()
    }

    pub(crate) fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: Site) {
        self.files.extend(other.files);
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
            crate::base::diag::display_path(&self.path),
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

fn read_manifest(out: &Path) -> BTreeMap<String, u64> {
    let Ok(text) = fs::read_to_string(out.join(MANIFEST)) else {
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
/// `archive` is true are kept.
pub(crate) fn write(
    site: &Site,
    out: &Path,
    archive: &dyn Fn(&str) -> bool,
) -> Result<WriteSummary, WriteError> {
    for path in site.paths() {
        assert!(
            safe_relative(path),
            "invariant: renderers produce safe paths, got {path}"
        );
    }
    fs::create_dir_all(out).map_err(io_err("create", out))?;
    let previous = read_manifest(out);
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

    let name = out
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().to_string());
    let staging = out.with_file_name(format!(".{name}.pulsebook-staging"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err("remove", &staging))?;
    }
    // Like every other file, the manifest is only rewritten when it changes, so a
    // rebuild of an unchanged book touches nothing.
    let manifest_text = render_manifest(site, &kept);
    let manifest_changed =
        fs::read(out.join(MANIFEST)).map_or(true, |old| old != manifest_text.as_bytes());
    let manifest = manifest_changed.then_some(manifest_text.as_str());
    if let Err(err) = stage(&changed, &staging, manifest) {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }

    // Everything is on disk: move it into place (renames of distinct files, in
    // parallel; `create_dir_all` tolerates a folder made meanwhile by another).
    changed.par_iter().try_for_each(|(path, _)| {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_err("create", parent))?;
        }
        fs::rename(staging.join(path), &target).map_err(io_err("replace", &target))
    })?;

    let mut summary = WriteSummary {
        written: changed.len(),
        unchanged: site.len() - changed.len(),
        ..WriteSummary::default()
    };
    remove_stale(site, out, &previous, &kept, &mut summary)?;
    if manifest_changed {
        let manifest = out.join(MANIFEST);
        fs::rename(staging.join(MANIFEST), &manifest).map_err(io_err("replace", &manifest))?;
    }
    let _ = fs::remove_dir_all(&staging);
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

/// Writes the `changed` files, and the manifest when it changed, into `staging`.
fn stage(
    changed: &[(&String, &Vec<u8>)],
    staging: &Path,
    manifest: Option<&str>,
) -> Result<(), WriteError> {
    changed.par_iter().try_for_each(|(path, bytes)| {
        let file = staging.join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(io_err("create", parent))?;
        }
        fs::write(&file, bytes).map_err(io_err("write", &file))
    })?;
    fs::create_dir_all(staging).map_err(io_err("create", staging))?;
    if let Some(text) = manifest {
        let path = staging.join(MANIFEST);
        fs::write(&path, text).map_err(io_err("write", &path))?;
    }
    Ok(())
}

/// Removes the files of the `previous` build that this one no longer writes — unless
/// `kept` as an archive or changed since pulsebook wrote them (then listed in
/// `summary.kept`) — and the folders they leave empty.
fn remove_stale(
    site: &Site,
    out: &Path,
    previous: &BTreeMap<String, u64>,
    kept: &BTreeMap<String, u64>,
    summary: &mut WriteSummary,
) -> Result<(), WriteError> {
    for (path, hash) in previous {
        if site.files.contains_key(path) || kept.contains_key(path) || !safe_relative(path) {
            continue;
        }
        let target = out.join(path);
        match fs::read(&target) {
            Ok(bytes) if fingerprint(&bytes) == *hash => {
                fs::remove_file(&target).map_err(io_err("remove", &target))?;
                remove_empty_parents(&target, out);
                summary.removed += 1;
            }
            Ok(_) => summary.kept.push(path.clone()),
            Err(_) => {}
        }
    }
    Ok(())
}

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
mod tests {
    use super::*;

    fn write_all(site: &Site, out: &Path) -> Result<WriteSummary, WriteError> {
        write(site, out, &|_| false)
    }

    fn site(files: &[(&str, &str)]) -> Site {
        let mut s = Site::new();
        for (p, b) in files {
            s.add(*p, b.as_bytes());
        }
        s
    }

    #[test]
    fn writes_replaces_and_removes_only_its_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join(".htaccess"), "mine").unwrap();

        let first = write_all(&site(&[("index.html", "a"), ("reps/x/1.html", "b")]), &out).unwrap();
        assert_eq!(first.written, 2);
        let second = write_all(&site(&[("index.html", "a2")]), &out).unwrap();
        assert_eq!((second.written, second.removed), (1, 1));
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "a2");
        assert!(
            !out.join("reps").exists(),
            "empty folders of stale files go too"
        );
        assert_eq!(fs::read_to_string(out.join(".htaccess")).unwrap(), "mine");
        assert!(!dir.path().join(".public.pulsebook-staging").exists());
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_all(&site(&[("a.html", "same")]), &out).unwrap();
        let before = fs::metadata(out.join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        let manifest_before = fs::metadata(out.join(MANIFEST))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let summary = write_all(&site(&[("a.html", "same")]), &out).unwrap();
        assert_eq!((summary.written, summary.unchanged), (0, 1));
        let after = fs::metadata(out.join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        assert_eq!(
            manifest_before,
            fs::metadata(out.join(MANIFEST))
                .unwrap()
                .modified()
                .unwrap(),
            "the manifest is not rewritten either"
        );
    }

    #[test]
    fn never_overwrites_or_deletes_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "hand-made").unwrap();
        let err = write_all(&site(&[("index.html", "generated")]), &out).unwrap_err();
        assert!(
            err.to_string().contains("not written by pulsebook"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "hand-made"
        );

        // A stale file the user edited after we wrote it is kept.
        let out2 = dir.path().join("p2");
        write_all(&site(&[("a.html", "x"), ("b.html", "y")]), &out2).unwrap();
        fs::write(out2.join("b.html"), "edited").unwrap();
        let summary = write_all(&site(&[("a.html", "x")]), &out2).unwrap();
        assert_eq!(summary.kept, ["b.html"]);
        assert!(out2.join("b.html").exists());
    }

    #[test]
    fn archived_files_are_kept_and_stay_in_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let archive = |p: &str| p.starts_with("reps/");
        let first = site(&[("reps/a/2026-09.html", "sept"), ("old.html", "x")]);
        write(&first, &out, &archive).unwrap();
        let summary = write(&site(&[("reps/a/2026-10.html", "oct")]), &out, &archive).unwrap();
        assert_eq!(summary.removed, 1, "old.html goes");
        assert_eq!(
            fs::read_to_string(out.join("reps/a/2026-09.html")).unwrap(),
            "sept"
        );
        // Still ours: a build with no archive rule removes it.
        let summary = write_all(&site(&[("reps/a/2026-10.html", "oct")]), &out).unwrap();
        assert_eq!(summary.removed, 1);
        assert!(!out.join("reps/a/2026-09.html").exists());
    }

    #[test]
    fn rejects_unsafe_paths() {
        assert!(safe_relative("reps/jan/2026-10.html"));
        for bad in ["../x", "/etc/passwd", "a//b", "a/./b", ""] {
            assert!(!safe_relative(bad), "{bad}");
        }
    }
}
