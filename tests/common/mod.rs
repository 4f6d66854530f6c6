//! Helpers shared by the end-to-end tests. Each test file uses some of them.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Copies a folder recursively (a fixture book into a temp dir the test may edit).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fixture book under tests/books.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/books")
        .join(name)
}

/// The pulsebook binary under test.
pub fn pulsebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pulsebook"))
}

/// `pulsebook build BOOK` with extra arguments.
pub fn build(root: &Path, extra: &[&str]) -> Output {
    pulsebook()
        .arg("build")
        .arg(root)
        .args(extra)
        .output()
        .unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "expected success, got {:?}:\n{}",
        out.status,
        stderr(out)
    );
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A copy of the `tiny` fixture in a temp dir the test may edit: (dir, book).
pub fn tiny() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    copy_dir(&fixture("tiny"), &root);
    (dir, root)
}
