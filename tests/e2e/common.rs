//! The helpers every module of the suite shares: the binary under test, fixture books
//! and editable copies of them, files and trees, and child processes that end with
//! the test.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The pulsebook binary under test.
pub(crate) fn pulsebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pulsebook"))
}

/// A fixture book: `tests/books/<name>`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/books")
        .join(name)
}

/// The folder of a fixture that holds its expected output, not part of the book.
pub(crate) const EXPECTED: &str = "expected";

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "expected success, got {:?}:\n{}",
        out.status,
        stderr(out)
    );
}

/// Asserts that the stderr of `out` holds each of `expected`.
pub(crate) fn assert_stderr_has(out: &Output, expected: &[&str]) {
    let err = stderr(out);
    for text in expected {
        assert!(err.contains(text), "missing `{text}` in\n{err}");
    }
}

pub(crate) fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes a file, creating its folder.
pub(crate) fn write(path: impl AsRef<Path>, text: &str) {
    let path = path.as_ref();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Copies a folder recursively, leaving out the top-level entries named in `skip`.
pub(crate) fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if skip.iter().any(|s| entry.file_name() == *s) {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target, &[]);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` (hidden ones too), as `/`-separated paths relative to it,
/// sorted; none when `dir` does not exist.
pub(crate) fn files(dir: &Path) -> Vec<String> {
    fn visit(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                visit(&entry.path(), &format!("{name}/"), out);
            } else {
                out.push(name);
            }
        }
    }
    let mut out = Vec::new();
    visit(dir, "", &mut out);
    out.sort();
    out
}

/// All files under `dir` with their bytes, sorted by name.
pub(crate) fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// An editable copy of a fixture book in a temp dir (without its expected output).
pub(crate) struct Book {
    dir: tempfile::TempDir,
    pub(crate) root: PathBuf,
}

impl Book {
    /// A copy of `tests/books/<name>` at `<temp dir>/book`.
    pub(crate) fn copy(name: &str) -> Book {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        copy_dir(&fixture(name), &root, &[EXPECTED]);
        Book { dir, root }
    }

    /// A copy of the `tiny` book, the one most tests start from.
    pub(crate) fn tiny() -> Book {
        Book::copy("tiny")
    }

    /// The temp dir around the book: room for `--out` folders, servers' files.
    pub(crate) fn tmp(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the book.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        read(self.path(rel))
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        write(self.path(rel), text);
    }

    /// Replaces the first `from` in a file of the book (which must contain it).
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Adds `text` at the end of a file of the book.
    pub(crate) fn append(&self, rel: &str, text: &str) {
        self.write(rel, &(self.read(rel) + text));
    }

    /// `pulsebook ARGS… BOOK`.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        pulsebook().args(args).arg(&self.root).output().unwrap()
    }

    /// `pulsebook build BOOK EXTRA…`.
    pub(crate) fn build(&self, extra: &[&str]) -> Output {
        pulsebook()
            .arg("build")
            .arg(&self.root)
            .args(extra)
            .output()
            .unwrap()
    }
}

/// A child process that is killed when the test ends, whether it passes or panics.
pub(crate) struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `command` with its stdout piped: the process and the first line it prints
/// (servers print their address or "ready" once they listen).
pub(crate) fn start(mut command: Command) -> (Running, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    (running, line)
}
