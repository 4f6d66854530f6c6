//! What every target shares: the test books as archives, and `check` on a book
//! written to a folder of its own, as `pulsebook check` runs it (the same stack).
//!
//! An archive is the files of a book, each after a line `=== <path>`:
//!
//! ```text
//! === pulsebook.yaml
//! title: Tiny Handbook
//! === metrics/crm.csv
//! date,rep,leads,deals,revenue
//! ```
//!
//! A path that is absolute, has `..` or odd characters is skipped (the harness must
//! not write outside its folder).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pulsebook::base::diag::Diagnostics;
use pulsebook::cli::BookArgs;
use pulsebook::pipeline::{self, Shown};
use pulsebook::render::pdf::engine::STACK;

/// A book: (path relative to it, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// The test books the targets start from (tests/books/<name>).
pub const BOOKS: [&str; 8] = [
    "tiny", "coaching", "email", "exports", "pipeline", "plan", "polski", "targets",
];

/// The files of the test book `name` that pulsebook reads.
pub fn test_book(name: &str) -> Files {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/books")
        .join(name);
    let mut files = Vec::new();
    collect(&root, "", &mut files);
    files.sort();
    files
}

fn collect(dir: &Path, prefix: &str, files: &mut Files) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if matches!(
            rel.as_str(),
            "expected" | "public" | "README.md" | "generate.py"
        ) {
            continue;
        }
        if entry.path().is_dir() {
            collect(&entry.path(), &format!("{rel}/"), files);
        } else if let Ok(bytes) = std::fs::read(entry.path()) {
            files.push((rel, bytes));
        }
    }
}

/// The test books, read once.
pub fn test_books() -> &'static [(&'static str, Files)] {
    static READ: OnceLock<Vec<(&'static str, Files)>> = OnceLock::new();
    READ.get_or_init(|| BOOKS.iter().map(|&n| (n, test_book(n))).collect())
}

/// The test books that have `path`.
pub fn books_with(path: &str) -> Vec<&'static Files> {
    test_books()
        .iter()
        .filter(|(_, files)| files.iter().any(|(p, _)| p == path))
        .map(|(_, files)| files)
        .collect()
}

/// A book as an archive.
pub fn to_archive(files: &Files) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, bytes) in files {
        out.extend_from_slice(format!("=== {path}\n").as_bytes());
        out.extend_from_slice(bytes);
        if !bytes.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

/// The files of an archive, unsafe paths left out.
pub fn from_archive(data: &[u8]) -> Files {
    let mut files: Files = Vec::new();
    let mut rest = data;
    // Text before the first header belongs to no file.
    while let Some(start) = find(rest, b"=== ") {
        if start > 0 && rest[start - 1] != b'\n' {
            rest = &rest[start + 4..];
            continue;
        }
        let after = &rest[start + 4..];
        let line_end = after
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(after.len());
        let path = String::from_utf8_lossy(&after[..line_end]).into_owned();
        let body_start = (line_end + 1).min(after.len());
        let body = &after[body_start..];
        let end = find(body, b"\n=== ").map_or(body.len(), |e| e + 1);
        if safe(&path) && !files.iter().any(|(p, _)| *p == path) {
            files.push((path, body[..end].to_vec()));
        }
        rest = &body[end..];
    }
    files
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A path the harness may write: relative, no `..`, a few levels, plain characters.
fn safe(path: &str) -> bool {
    !path.is_empty()
        && path.len() < 120
        && !path.starts_with('/')
        && path.split('/').count() <= 4
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b))
}

/// `files` with `path` set to `bytes`.
pub fn with_file(files: &Files, path: &str, bytes: &[u8]) -> Files {
    let mut out: Files = files.iter().filter(|(p, _)| p != path).cloned().collect();
    out.push((path.to_string(), bytes.to_vec()));
    out
}

/// The pool checks run on: the binary's stack for every thread, as in `main`.
fn pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .stack_size(STACK)
            .build()
            .expect("a pool of two threads")
    })
}

/// This process's book folder (in memory when /dev/shm exists), emptied.
fn folder() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        base.join(format!("pulsebook-fuzz-{}", std::process::id()))
    });
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("the fuzz folder");
    dir.clone()
}

/// Writes `files` and runs `check` on them, printing the diagnostics as the binary
/// does. A panic anywhere is the finding.
pub fn check(files: &Files) {
    let dir = folder();
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_err()
        {
            continue;
        }
        let _ = std::fs::write(&path, bytes);
    }
    let options = BookArgs { book: dir }.options();
    pool().install(|| {
        let mut diags = Diagnostics::new();
        match pipeline::check(&options, &mut diags) {
            Ok(_) => {
                for d in diags.sorted() {
                    let _ = d.to_string();
                }
            }
            Err(failure) => {
                let _ = pipeline::failure_text(diags, &failure, Shown::Terminal);
            }
        }
    });
}

/// A loader's target: the first byte picks a test book that has `path` (wrapping),
/// the rest replaces that file.
pub fn check_file(path: &str, data: &[u8]) {
    let books = books_with(path);
    let (pick, bytes) = match data.split_first() {
        Some((&b, rest)) => (b as usize, rest),
        None => (0, data),
    };
    let files = match books.get(pick % books.len().max(1)) {
        Some(book) => with_file(book, path, bytes),
        // No test book has the file (a chapter): add it to the tiny book.
        None => with_file(&test_book("tiny"), path, bytes),
    };
    check(&files);
}
