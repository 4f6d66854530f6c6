//! The files of a book folder, and the rule that keeps the rest of the machine out of
//! the output: a file pulsebook reads must resolve inside the book. A symbolic link
//! (or a path with `..`) that leads outside is an error naming the link and its
//! target, and its file is never read; links that stay inside the book are followed.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::base::diag::{Diagnostic, Diagnostics};

/// The hint of every "outside the book" error.
const OUTSIDE_HINT: &str = "copy the file into the book instead of linking to it: no file outside the book folder is read or published";

/// The largest text file read whole: YAML (settings, team, KPIs, plan, sources,
/// coaching logs, questions), Markdown chapters, templates, quota spreadsheets.
pub(crate) const MAX_TEXT: u64 = 32 << 20;
/// The largest metrics file in pulsebook's own format (read whole) or XLSX workbook.
pub(crate) const MAX_DATA: u64 = 1 << 30;
/// The largest asset (an image or a file linked from the handbook).
pub(crate) const MAX_ASSET: u64 = 64 << 20;
/// The longest line of an export read as a stream (a CSV record; cells included).
pub(crate) const MAX_LINE: usize = 1 << 20;

/// A size in MiB for messages: `32 MiB`, `1.5 MiB`.
pub(crate) fn mib(bytes: u64) -> String {
    let m = bytes as f64 / f64::from(1 << 20);
    if m.fract() == 0.0 {
        format!("{m} MiB")
    } else {
        format!("{m:.1} MiB")
    }
}

/// Reads a book file whole: inside the book ([`inside`]) and at most `limit` bytes,
/// else an error naming the file and the limit.
#[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
pub(crate) fn read(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    inside(root, rel)?;
    let cannot = |e: std::io::Error| Diagnostic::error(rel, format!("cannot read the file: {e}"));
    // Only regular files: opening a FIFO or a device would wait or never end.
    let meta = fs::metadata(root.join(rel)).map_err(cannot)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, a socket or a device)"
        };
        return Err(Diagnostic::error(
            rel,
            format!("cannot read the file: it is {what}"),
        ));
    }
    let file = fs::File::open(root.join(rel)).map_err(cannot)?;
    let mut bytes = Vec::new();
    // `take` and not the size on disk alone: a file that grows while read stops too.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        let size = fs::metadata(root.join(rel)).map_or(bytes.len() as u64, |m| m.len());
        return Err(too_large(rel, size, limit));
    }
    Ok(bytes)
}

/// The error for a file over its limit.
pub(crate) fn too_large(rel: &Path, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::error(
        rel,
        format!(
            "the file is {}: pulsebook reads files of this kind up to {}",
            mib(size.max(limit + 1)),
            mib(limit)
        ),
    )
    .with_hint("split it into several files, or check that it is the file you meant (docs/format.md, \"Limits\")")
}

/// Directories deeper than this are not walked (a link loop inside the book).
const MAX_DEPTH: usize = 32;

/// The book folder as the file system resolves it (itself when it cannot be
/// resolved: then nothing resolves inside it and every read reports the real error).
fn resolved_root(root: &Path) -> PathBuf {
    fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Whether `rel` (relative to the book) resolves inside the book; else an error at
/// `rel` naming where it leads. A path that does not exist is inside (reading it
/// reports that it is missing).
#[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
pub(crate) fn inside(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    if rel.is_absolute() || rel.components().any(|c| c == Component::ParentDir) {
        return Err(Diagnostic::error(
            rel,
            format!(
                "`{}` is outside the book: paths are relative to the book folder and stay inside it",
                crate::base::diag::display_path(rel)
            ),
        )
        .with_hint(OUTSIDE_HINT));
    }
    let Ok(target) = fs::canonicalize(root.join(rel)) else {
        return Ok(());
    };
    if target.starts_with(resolved_root(root)) {
        return Ok(());
    }
    // Name the link as written: the first component of `rel` that is a link.
    let mut at = PathBuf::new();
    let mut link = None;
    for part in rel.components() {
        at.push(part);
        if let Ok(to) = fs::read_link(root.join(&at)) {
            link = Some((at.clone(), to));
            break;
        }
    }
    let (shown, to) = link.unwrap_or_else(|| (rel.to_path_buf(), target.clone()));
    Err(Diagnostic::error(
        rel,
        format!(
            "`{}` is a symbolic link to `{}`, outside the book",
            crate::base::diag::display_path(&shown),
            to.display()
        ),
    )
    .with_hint(OUTSIDE_HINT))
}

/// Files under `root/dir` (recursively), as paths relative to `root/dir` with `/`,
/// sorted. Hidden files and editor leftovers are skipped; a link that leads outside
/// the book is an error in `diags` and skipped.
pub(crate) fn walk(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<String> {
    struct Walk<'a> {
        root: &'a Path,
        dir: &'a str,
        out: Vec<String>,
        diags: &'a mut Diagnostics,
        /// The resolved folders being walked: a link back to one of them is a loop.
        stack: Vec<PathBuf>,
    }
    impl Walk<'_> {
        fn visit(&mut self, path: &Path, prefix: &str, depth: usize) {
            if depth > MAX_DEPTH {
                return;
            }
            let here = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            if self.stack.contains(&here) {
                return;
            }
            let Ok(entries) = fs::read_dir(path) else {
                return;
            };
            self.stack.push(here);
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with('.') || name.ends_with('~') || name.starts_with('#') {
                    continue;
                }
                let rel = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}/{name}")
                };
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_symlink() {
                    let in_book = Path::new(self.dir).join(&rel);
                    if let Err(d) = inside(self.root, &in_book) {
                        self.diags.push(d);
                        continue;
                    }
                }
                // `metadata` follows a link (inside the book) to what it names.
                if entry.path().metadata().is_ok_and(|m| m.is_dir()) {
                    self.visit(&entry.path(), &rel, depth + 1);
                } else {
                    self.out.push(rel);
                }
            }
            self.stack.pop();
        }
    }
    let start = root.join(dir);
    let mut walk = Walk {
        root,
        dir,
        out: Vec::new(),
        diags,
        stack: Vec::new(),
    };
    if !dir.is_empty()
        && let Err(d) = inside(root, Path::new(dir))
    {
        walk.diags.push(d);
        return Vec::new();
    }
    walk.visit(&start, "", 0);
    let mut out = walk.out;
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_inside_the_book_are_followed_and_links_outside_refused() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), "s").unwrap();
        let book = tempfile::tempdir().unwrap();
        let root = book.path();
        fs::create_dir_all(root.join("assets/img")).unwrap();
        fs::write(root.join("assets/img/logo.svg"), "<svg/>").unwrap();
        fs::write(root.join("team.yaml"), "teams: []").unwrap();
        symlink(
            outside.path().join("secret.txt"),
            root.join("assets/passwd.txt"),
        )
        .unwrap();
        symlink(outside.path(), root.join("assets/elsewhere")).unwrap();
        symlink(root.join("team.yaml"), root.join("assets/team.txt")).unwrap();
        symlink(root.join("assets/img"), root.join("assets/pictures")).unwrap();
        // A loop inside the book is walked once.
        symlink(root.join("assets"), root.join("assets/img/up")).unwrap();
        let mut diags = Diagnostics::new();
        let files = walk(root, "assets", &mut diags);
        assert!(files.contains(&"img/logo.svg".to_string()));
        assert!(files.contains(&"team.txt".to_string()));
        assert!(files.contains(&"pictures/logo.svg".to_string()));
        assert!(!files.iter().any(|f| f.contains("up/")), "{files:?}");
        assert!(
            !files
                .iter()
                .any(|f| f.contains("passwd") || f.contains("elsewhere"))
        );
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`assets/passwd.txt` is a symbolic link to")
                    && m.contains("secret.txt"))
        );
        assert!(messages.iter().all(|m| m.ends_with("outside the book")));
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_refused_not_waited_for() {
        let book = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(book.path().join("team.yaml"))
            .status();
        if !status.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to check
        }
        let e = read(book.path(), Path::new("team.yaml"), MAX_TEXT).unwrap_err();
        assert!(e.message.contains("not a regular file"), "{}", e.message);
        std::fs::create_dir(book.path().join("kpis.yaml")).unwrap();
        let e = read(book.path(), Path::new("kpis.yaml"), MAX_TEXT).unwrap_err();
        assert!(e.message.contains("it is a folder"), "{}", e.message);
    }

    #[test]
    fn parent_and_absolute_paths_are_outside() {
        let book = tempfile::tempdir().unwrap();
        for rel in ["../x.csv", "metrics/../../x.csv", "/etc/passwd"] {
            let e = inside(book.path(), Path::new(rel)).unwrap_err();
            assert!(e.message.contains("outside the book"), "{rel}");
        }
        assert!(inside(book.path(), Path::new("metrics/missing.csv")).is_ok());
    }
}
