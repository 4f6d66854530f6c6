//! The header of a CSV file: Excel's `sep=` first line, the lines before the header
//! (`header_row`, else blank ones), the delimiter (detected from the header as the
//! native metrics reader does), the column names and their checks; and locating a
//! field in a record's text for messages.

use std::collections::HashMap;
use std::io::BufRead;

use super::{Location, TableError};
pub(super) use crate::base::csv::detect_delimiter;
use crate::base::csv::field_span;

/// The longest line read before the body: a longer one means this is no CSV file.
const MAX_LINE: usize = 1 << 20;

/// The header line of a CSV file.
pub(super) struct HeaderLine {
    /// Its text (without the line end; quoted line ends inside it kept).
    pub(super) text: Vec<u8>,
    /// Its 1-based line.
    pub(super) line: usize,
    /// The delimiter a `sep=` first line names.
    pub(super) sep: Option<u8>,
}

impl HeaderLine {
    /// The line where the body starts.
    pub(super) fn body_line(&self) -> usize {
        self.line + 1 + line_ends(&self.text)
    }
}

/// Reads up to the header: the `sep=` line, lines before `header_row` (1-based), or
/// else blank lines; then the header line.
pub(super) fn find(
    reader: &mut impl BufRead,
    header_row: Option<usize>,
) -> Result<HeaderLine, TableError> {
    if header_row == Some(0) {
        return Err(TableError::new("`header_row` counts lines from 1"));
    }
    let mut lines = Lines { reader, next: 1 };
    let mut text = Vec::new();
    let mut sep = None;
    loop {
        let line = lines.next;
        // Lines skipped by number are read without quotes: a stray quote in a
        // preamble must not swallow the header.
        let quoted = header_row.is_none_or(|n| line >= n);
        if !lines.read(&mut text, quoted)? {
            return Err(match header_row {
                Some(n) if line > 1 => TableError::new(format!(
                    "`header_row: {n}` is past the end of the file ({} lines)",
                    line - 1
                )),
                _ => TableError::new("empty file")
                    .with_hint("an export starts with a header row naming its columns"),
            });
        }
        if line == 1
            && let Some(delimiter) = sep_line(&text)
        {
            sep = Some(delimiter);
            if header_row == Some(1) {
                let message = "line 1 is Excel's `sep=` line, not a header";
                return Err(TableError::at(message, 1, 1)
                    .with_hint("the header is on line 2: remove `header_row`"));
            }
            continue;
        }
        match header_row {
            Some(n) if line < n => continue,
            Some(n) if is_blank(&text) => {
                let message = format!("line {n} (`header_row: {n}`) is blank");
                return Err(TableError::at(message, n, 1));
            }
            None if is_blank(&text) => continue,
            _ => return Ok(HeaderLine { text, line, sep }),
        }
    }
}

/// Lines read one at a time from the start of a file.
struct Lines<'a, R> {
    reader: &'a mut R,
    /// The 1-based number of the next line.
    next: usize,
}

impl<R: BufRead> Lines<'_, R> {
    /// Reads the next line into `out` (without its end: LF, CRLF or CR); with
    /// `quoted`, line ends inside quotes do not end it. False at the end of the file.
    fn read(&mut self, out: &mut Vec<u8>, quoted: bool) -> Result<bool, TableError> {
        out.clear();
        let mut in_quotes = false;
        loop {
            let buf = self.reader.fill_buf().map_err(|e| TableError::io(&e))?;
            if buf.is_empty() {
                self.next += 1;
                return Ok(!out.is_empty());
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                match b {
                    b'"' if quoted => in_quotes = !in_quotes,
                    b'\n' | b'\r' if !in_quotes => {
                        end = Some((i, b));
                        break;
                    }
                    _ => {}
                }
            }
            let take = end.map_or(buf.len(), |(i, _)| i);
            out.extend_from_slice(&buf[..take]);
            if out.len() > MAX_LINE {
                let message = format!("line {} is longer than 1 MiB", self.next);
                return Err(TableError::new(message)
                    .with_hint("is this a CSV file? An export has a header of column names"));
            }
            let Some((i, b)) = end else {
                self.reader.consume(take);
                continue;
            };
            self.reader.consume(i + 1);
            if b == b'\r' {
                let buf = self.reader.fill_buf().map_err(|e| TableError::io(&e))?;
                if buf.first() == Some(&b'\n') {
                    self.reader.consume(1);
                }
            }
            self.next += 1 + line_ends(out);
            return Ok(true);
        }
    }
}

/// The delimiter Excel's `sep=;` first line names (quotes around it allowed).
fn sep_line(text: &[u8]) -> Option<u8> {
    // Only spaces are trimmed: the delimiter may be a tab.
    let start = text.iter().position(|&b| b != b' ').unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |i| i + 1);
    let text = &text[start..end.max(start)];
    let text = text
        .strip_prefix(b"\"")
        .and_then(|t| t.strip_suffix(b"\""))
        .unwrap_or(text);
    match text {
        [s, e, p, b'=', d] if [*s, *e, *p].eq_ignore_ascii_case(b"sep") => Some(*d),
        _ => None,
    }
}

/// Whether a line holds nothing but spaces, delimiters and quotes.
pub(super) fn is_blank(text: &[u8]) -> bool {
    text.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b',' | b';' | b'"' | b'\r' | b'\n'))
}

/// The header's column names, trimmed (spaces and stray BOMs).
pub(super) fn names(header: &HeaderLine, delimiter: u8) -> Result<Vec<String>, TableError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(header.text.as_slice());
    let mut record = ::csv::StringRecord::new();
    let read = reader.read_record(&mut record);
    if !matches!(read, Ok(true)) {
        return Err(TableError::at("unreadable header", header.line, 1));
    }
    Ok(record.iter().map(trim_name).collect())
}

/// A column name without surrounding spaces or byte-order marks.
pub(super) fn trim_name(name: &str) -> String {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_string()
}

/// Checks the names: trailing unnamed columns are dropped (Excel leaves trailing
/// delimiters); an unnamed column before named ones, or a name used twice, is an
/// error at `at(column index)`: line, column and how the column is called in
/// messages (`3` in a CSV file, `C` in a sheet).
pub(super) fn check_names(
    names: &mut Vec<String>,
    at: impl Fn(usize) -> (usize, usize, String),
) -> Result<(), TableError> {
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    if names.is_empty() {
        let (line, column, _) = at(0);
        return Err(TableError::at("the header names no column", line, column));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, name) in names.iter().enumerate() {
        if name.is_empty() {
            let (line, column, label) = at(k);
            let message = format!("column {label} of the header has no name");
            return Err(TableError::at(message, line, column)
                .with_hint("name every column, or remove the unnamed one"));
        }
        if let Some(first) = seen.insert(name, k) {
            let (line, column, label) = at(k);
            let message = format!(
                "duplicate column `{name}`: columns {} and {label} have that name",
                at(first).2
            );
            return Err(TableError::at(message, line, column)
                .with_hint("rename one of them, so each column has its own name"));
        }
    }
    Ok(())
}

/// Line ends (LF, CRLF, CR) in `bytes`, counting CRLF once (memchr: a record's
/// text seldom holds one, so this is a fast scan).
pub(super) fn line_ends(bytes: &[u8]) -> usize {
    let is_end = |i: usize| bytes[i] == b'\r' || i == 0 || bytes[i - 1] != b'\r';
    if bytes.len() < 16 {
        // The line ends around a record: a plain loop beats setting up a search.
        return (0..bytes.len())
            .filter(|&i| matches!(bytes[i], b'\n' | b'\r') && is_end(i))
            .count();
    }
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| is_end(i))
        .count()
}

/// Where field `k` of a record is: `text` is the record's source (starting on line
/// `line`, without its line end). Past the last field, the end of the record.
pub(super) fn locate(text: &[u8], line: usize, delimiter: u8, k: usize) -> Location {
    let (start, end) = field_span(text, 0, delimiter, k);
    let is_end = |b: &u8| *b == b'\n' || *b == b'\r';
    let line_start = text[..start].iter().rposition(is_end).map_or(0, |i| i + 1);
    let line_end = text[start..]
        .iter()
        .position(is_end)
        .map_or(text.len(), |i| start + i);
    let chars = |b: &[u8]| String::from_utf8_lossy(b).chars().count();
    Location {
        line: line + line_ends(&text[..line_start]),
        column: chars(&text[line_start..start]) + 1,
        len: chars(&text[start..end.min(line_end)]),
        snippet: Some(String::from_utf8_lossy(&text[line_start..line_end]).into_owned()),
    }
}
