//! Where a problem is: line ends in the raw bytes, and the line, character column,
//! length and source line of a field, worked out only when a problem is reported.

use std::path::Path;

use crate::base::csv::field_span;
use crate::base::diag::{Diagnostic, Severity};

/// What a problem points at, inside its row.
#[derive(Clone, Copy, Debug)]
pub(super) enum At {
    /// One field (or the end of the row when it has fewer).
    Field(usize),
    /// From a field to the end of the line.
    From(usize),
    /// The whole line.
    Row,
    /// One byte, by offset in the file.
    Byte(usize),
}

/// A metrics file as its problems point into it.
#[derive(Clone, Copy)]
pub(super) struct File<'a> {
    pub(super) path: &'a Path,
    /// The file without its BOM.
    pub(super) bytes: &'a [u8],
    pub(super) delimiter: u8,
}

impl File<'_> {
    /// A diagnostic pointing at `at` in the row starting at byte `pos` (line `line`).
    pub(super) fn diagnostic(
        &self,
        severity: Severity,
        (pos, line): (usize, usize),
        at: At,
        message: String,
    ) -> Diagnostic {
        let loc = locate(self.bytes, pos, line, self.delimiter, at);
        Diagnostic {
            severity,
            ..Diagnostic::error(self.path, message)
        }
        .at_line(loc.line, loc.col, loc.snippet)
        .with_len(loc.len)
    }
}

/// Where the next line starts after the line end (LF, CRLF or a bare CR, as csv
/// reads them; old Mac exports end lines with CR) at `at`.
pub(super) fn after_line_end(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..at + 2) {
        Some(b"\r\n") => at + 2,
        _ => at + 1,
    }
}

/// Line ends in `bytes`, counting CRLF once.
#[inline]
pub(super) fn count_line_ends(bytes: &[u8]) -> usize {
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    count_byte(b'\n', bytes) + count_byte(b'\r', bytes) - crlf
}

/// How often `needle` occurs; counting in 64-byte blocks with a byte counter lets the
/// compiler vectorise it.
#[inline]
pub(super) fn count_byte(needle: u8, haystack: &[u8]) -> usize {
    let mut blocks = haystack.chunks_exact(64);
    let mut total = 0;
    for block in &mut blocks {
        total += block.iter().fold(0u8, |n, &b| n + u8::from(b == needle)) as usize;
    }
    total + blocks.remainder().iter().filter(|&&b| b == needle).count()
}

struct Located {
    line: usize,
    col: usize,
    len: usize,
    snippet: String,
}

/// Finds `at` in the row starting at byte `pos` (line `line`) from the raw bytes,
/// respecting quotes, and returns its line, character column, length and source line.
fn locate(bytes: &[u8], pos: usize, line: usize, delimiter: u8, at: At) -> Located {
    let pos = pos.min(bytes.len());
    let (start, end) = match at {
        At::Field(k) => field_span(bytes, pos, delimiter, k),
        At::From(k) => (field_span(bytes, pos, delimiter, k).0, bytes.len()),
        At::Row => (pos, bytes.len()),
        At::Byte(b) => (b.min(bytes.len()), (b + 1).min(bytes.len())),
    };
    let is_end = |b: &u8| *b == b'\n' || *b == b'\r';
    let line_start = bytes[pos..start]
        .iter()
        .rposition(is_end)
        .map_or(pos, |i| pos + i + 1);
    let line = line + count_line_ends(&bytes[pos..line_start]);
    let line_end = bytes[line_start..]
        .iter()
        .position(is_end)
        .map_or(bytes.len(), |i| line_start + i);
    let chars = |b: &[u8]| String::from_utf8_lossy(b).chars().count();
    Located {
        line,
        col: chars(&bytes[line_start..start.min(line_end)]) + 1,
        len: chars(&bytes[start.min(line_end)..end.clamp(start, line_end.max(start))]),
        snippet: String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned(),
    }
}
