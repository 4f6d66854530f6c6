//! Property tests for issue 18, "no input crashes it": every loader and `check` on
//! whole books, fed arbitrary bytes and structure-aware mutations of the test books
//! (`mutate`). A case passes when the run returns — a valid book or diagnostics — and
//! the diagnostics are sound (`assert_sound`); a panic anywhere fails it.
//!
//! Each case writes a book to a temporary folder and runs [`pipeline::check`] (load,
//! compute, the report period's pages) on a pool with the binary's stack, as `main`
//! runs it. The suite runs few cases per property; `PROPTEST_CASES=N` runs N each
//! (the long runs of issue 18). The coverage-guided targets over the same books are
//! in `fuzz/` (cargo afl), outside the crate's build. Inputs that once failed stay as
//! plain tests in `regressions`.

mod coaching;
mod content;
mod kpis;
mod metrics;
mod mutate;
mod plan;
mod regressions;
mod settings;
mod sources;
mod targets;
mod team;
mod whole_book;

use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::pipeline::{self, Failure, Options, Shown};
use crate::render::pdf::engine::STACK;

/// A book as files: path relative to the book (with `/`), bytes.
type Files = Vec<(String, Vec<u8>)>;

/// The test books under `tests/books/` whose files the properties mutate.
const BOOKS: [&str; 8] = [
    "tiny", "coaching", "email", "exports", "pipeline", "plan", "polski", "targets",
];

/// The files of `tests/books/<name>` that pulsebook reads (not its expected output,
/// README or generator).
fn book(name: &str) -> Files {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/books")
        .join(name);
    let mut files = Vec::new();
    collect(&root, "", &mut files);
    files.sort();
    files
}

fn collect(dir: &Path, prefix: &str, files: &mut Files) {
    let entries = std::fs::read_dir(dir).expect("the test book is readable");
    for entry in entries {
        let entry = entry.expect("the test book is readable");
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if matches!(
            rel.as_str(),
            "expected" | "public" | "README.md" | "generate.py"
        ) {
            continue;
        }
        if entry.file_type().expect("a file type").is_dir() {
            collect(&entry.path(), &format!("{rel}/"), files);
        } else {
            files.push((rel, std::fs::read(entry.path()).expect("a readable file")));
        }
    }
}

/// Every test book, read once.
fn books() -> &'static [(&'static str, Files)] {
    static BOOKS_READ: OnceLock<Vec<(&'static str, Files)>> = OnceLock::new();
    BOOKS_READ.get_or_init(|| BOOKS.iter().map(|&name| (name, book(name))).collect())
}

/// The books that have a file at `path`.
fn books_with(path: &str) -> Vec<&'static (&'static str, Files)> {
    books()
        .iter()
        .filter(|(_, files)| files.iter().any(|(p, _)| p == path))
        .collect()
}

/// What one `check` did.
#[derive(Debug)]
struct Outcome {
    /// `None`: the book is valid.
    failure: Option<Failure>,
    diags: Vec<Diagnostic>,
}

/// The pool the checks run on: the binary's stack for the build thread and every
/// worker (`main` sets the same), so deep input recurses as far as it would there.
fn pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .stack_size(STACK)
            .build()
            .expect("invariant: a pool of two threads starts")
    })
}

/// Runs `f` on the pool, with the stack the binary gives its threads (a test thread
/// has 2 MiB: deep input would overflow it where the binary does not).
fn on_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    pool().install(f)
}

/// Writes `files` to a fresh folder and runs `check` on it.
fn check(files: &Files) -> Outcome {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a folder"))
            .expect("the folder is created");
        std::fs::write(&path, bytes).expect("the file is written");
    }
    let options = Options {
        book: dir.path().to_path_buf(),
        out: None,
        period: None,
        all_periods: false,
        formats: None,
        force: false,
    };
    let start = Instant::now();
    let (failure, diags) = on_stack(|| {
        let mut diags = Diagnostics::new();
        let failure = pipeline::check(&options, &mut diags).err();
        (failure, diags)
    });
    let time = start.elapsed();
    if std::env::var_os("PULSEBOOK_FUZZ_LOG").is_some() {
        let size: usize = files.iter().map(|(_, b)| b.len()).sum();
        let state = if failure.is_some() { "fails" } else { "passes" };
        eprintln!("fuzz: {} ms, {size} bytes, {state}", time.as_millis());
    }
    let mut copy = Diagnostics::new();
    for d in diags.iter() {
        copy.push(d.clone());
    }
    // Printing is part of the run: every diagnostic must format.
    match &failure {
        Some(f) => drop(pipeline::failure_text(copy, f, Shown::Terminal)),
        None => copy.sorted().iter().for_each(|d| drop(d.to_string())),
    }
    let diags = diags.sorted();
    Outcome { failure, diags }
}

/// The diagnostics make sense: a failed check says why with at least one error, a
/// passed one has none; every diagnostic names a file, and one about a file of the
/// book points at a line that exists.
fn assert_sound(files: &Files, outcome: &Outcome) {
    let errors = outcome.diags.iter().filter(|d| d.is_error()).count();
    match &outcome.failure {
        Some(Failure::Book) => assert!(errors > 0, "a failed check without an error"),
        Some(other) => panic!("check failed with {other:?}"),
        None => assert_eq!(errors, 0, "a passed check with errors: {:?}", outcome.diags),
    }
    // Lines per file, at most: every `\n` and `\r` may end one.
    let lines: Vec<(&Path, usize)> = files
        .iter()
        .map(|(p, bytes)| {
            let breaks = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
            (Path::new(p.as_str()), breaks + 1)
        })
        .collect();
    for d in &outcome.diags {
        assert!(
            !d.file.as_os_str().is_empty(),
            "a diagnostic without a file: {d:?}"
        );
        if let Some((_, n)) = lines.iter().find(|(p, _)| *p == d.file) {
            assert!(
                d.line <= *n,
                "line {} of a file of {n} lines: {d:?}",
                d.line
            );
        }
    }
}

/// Runs `check` on `files` and asserts the outcome is sound.
fn check_sound(files: &Files) {
    let outcome = check(files);
    assert_sound(files, &outcome);
}

/// `files` with `path` set to `bytes` (added when absent).
fn with_file(files: &Files, path: &str, bytes: Vec<u8>) -> Files {
    let mut out: Files = files.iter().filter(|(p, _)| p != path).cloned().collect();
    out.push((path.to_string(), bytes));
    out.sort();
    out
}

/// The bytes of `path` in `files`.
fn file<'f>(files: &'f Files, path: &str) -> &'f [u8] {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, b)| b.as_slice())
        .unwrap_or_else(|| panic!("the book has {path}"))
}

/// The runner's configuration: `cases` per property unless `PROPTEST_CASES` says
/// otherwise; no files of failures (a failure becomes a test in `regressions`).
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    }
}

/// The files of the test book `name`.
fn files_of(name: &str) -> &'static Files {
    &books()
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("a test book `{name}`"))
        .1
}

/// A test book that has `path`, and up to `max` mutations of that file.
fn mutated(
    path: &'static str,
    max: usize,
) -> impl Strategy<Value = (&'static str, Vec<mutate::Mutation>)> {
    let names: Vec<&'static str> = books_with(path).iter().map(|(n, _)| *n).collect();
    assert!(!names.is_empty(), "no test book has {path}");
    (proptest::sample::select(names), mutate::mutations(max))
}

/// A test book that has `path`, and bytes to replace that file with.
fn replaced(path: &'static str) -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    let names: Vec<&'static str> = books_with(path).iter().map(|(n, _)| *n).collect();
    (
        proptest::sample::select(names),
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..4096),
            any::<String>().prop_map(String::into_bytes),
        ],
    )
}

/// `check` on the book `name` with `path` mutated.
fn check_mutated(name: &str, path: &str, mutations: &[mutate::Mutation]) {
    let files = files_of(name);
    let bytes = mutate::apply_all(file(files, path), mutations);
    check_sound(&with_file(files, path, bytes));
}

/// `check` on the book `name` with `path` replaced by `bytes`.
fn check_replaced(name: &str, path: &str, bytes: &[u8]) {
    check_sound(&with_file(files_of(name), path, bytes.to_vec()));
}

/// Every (book, path) of the test books whose path starts with `prefix`.
fn paths_under(prefix: &str) -> Vec<(&'static str, &'static str)> {
    books()
        .iter()
        .flat_map(|(name, files)| {
            files
                .iter()
                .filter(|(p, _)| p.starts_with(prefix))
                .map(move |(p, _)| (*name, p.as_str()))
        })
        .collect()
}
