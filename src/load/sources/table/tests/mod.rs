//! Tests of the table module: CSV dialects and encodings written as real bytes,
//! footers as the tools write them, workbooks generated with rust_xlsxwriter, and a
//! throughput benchmark (ignored; run in release).

mod bench;
mod csv;
mod encoding;
mod xlsx;

use std::path::{Path, PathBuf};

use super::{Batch, ReadOptions, Table, TableError, open};
use crate::load::sources::cell::Cell;

/// A file written into a fresh temporary folder (kept alive by the first value).
pub(super) fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write test file");
    (dir, path)
}

/// A cell as text for comparisons: `∅` for `Empty`.
pub(super) fn show(cell: Cell<'_>) -> String {
    match cell {
        Cell::Empty => "∅".to_string(),
        Cell::Text(t) => t.to_string(),
        Cell::Number(n) => format!("#{n}"),
        Cell::DateTime(d) => format!("@{d}"),
        Cell::Bool(b) => format!("?{b}"),
    }
}

/// Everything a file yields: records as (line, cells over the header's columns).
pub(super) struct Read {
    pub(super) table: Table,
    pub(super) records: Vec<(usize, Vec<String>)>,
}

/// Reads a whole file in batches of `capacity`.
pub(super) fn read_with(
    path: &Path,
    options: &ReadOptions,
    capacity: usize,
) -> Result<Read, TableError> {
    let mut table = open(path, options)?;
    let mut batch = Batch::with_capacity(capacity);
    let mut records = Vec::new();
    while table.next_batch(&mut batch)? {
        assert!(batch.len() <= capacity, "a batch over its capacity");
        for r in 0..batch.len() {
            let cells = (0..table.columns().len())
                .map(|c| show(batch.cell(r, c)))
                .collect();
            records.push((batch.line(r), cells));
        }
    }
    assert!(
        !table.next_batch(&mut batch)?,
        "a table past its end stays there"
    );
    Ok(Read { table, records })
}

/// Reads a whole file with default options.
pub(super) fn read(path: &Path) -> Read {
    read_with(path, &ReadOptions::default(), 8192).expect("readable file")
}

/// The error opening or reading a file gives.
pub(super) fn error(path: &Path, options: &ReadOptions) -> TableError {
    match read_with(path, options, 8192) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

/// Records as (line, cells) with string literals, for `assert_eq!`.
pub(super) fn rows(expected: &[(usize, &[&str])]) -> Vec<(usize, Vec<String>)> {
    expected
        .iter()
        .map(|(line, cells)| (*line, cells.iter().map(|c| c.to_string()).collect()))
        .collect()
}
