//! CSV: the dialect and header found at the start, then records streamed through the
//! `csv` crate from 64 KiB buffers.
//!
//! The bytes `csv` reads pass through a [`Tap`] that keeps them until the records
//! they hold are read, so each record keeps its source text: its line is counted
//! exactly (blank lines and quoted line ends included) and a cell can be located at
//! its character column, with the line shown, only when a problem is reported.

use std::fs::File;
use std::io::{self, BufReader, Read};

use crate::load::files::MAX_LINE;

use super::batch::Batch;
use super::encoding::{self, Decoded};
use super::footer::Footer;
use super::header::{self, HeaderLine};
use super::record::Row;
use super::{Dialect, Format, ReadOptions, TableError};

/// The read buffers' size.
const BUFFER: usize = 64 * 1024;
/// How many consumed bytes the tap keeps before dropping them.
const FORGET: usize = 256 * 1024;

/// A reader that keeps the bytes it hands on until told to forget them.
struct Tap<R> {
    inner: R,
    kept: Vec<u8>,
    /// The offset in the stream of `kept[0]`.
    base: u64,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.kept.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

impl<R> Tap<R> {
    /// The bytes from offset `from` to `to` of the stream, as far as they are kept.
    fn slice(&self, from: u64, to: u64) -> &[u8] {
        let at = |offset: u64| {
            usize::try_from(offset.saturating_sub(self.base))
                .map_or(self.kept.len(), |i| i.min(self.kept.len()))
        };
        let start = at(from);
        &self.kept[start..at(to).max(start)]
    }

    /// Drops the bytes before offset `upto` once there are enough of them.
    fn forget(&mut self, upto: u64) {
        let n = usize::try_from(upto.saturating_sub(self.base)).unwrap_or(usize::MAX);
        if n >= FORGET {
            let n = n.min(self.kept.len());
            self.kept.drain(..n);
            self.base += n as u64;
        }
    }
}

/// Line ends counted over the body as it is read.
struct LineCount {
    /// The line where the body starts.
    first: usize,
    /// Line ends read so far.
    ends: usize,
    /// Whether the last byte read was a CR (its LF may come in the next slice).
    last_cr: bool,
}

impl LineCount {
    /// Line ends in `bytes`, which follow those counted.
    fn ends_in(&self, bytes: &[u8]) -> usize {
        let n = header::line_ends(bytes);
        if self.last_cr && bytes.first() == Some(&b'\n') {
            n - 1
        } else {
            n
        }
    }

    /// The line at the point counted to.
    fn current(&self) -> usize {
        self.first + self.ends
    }
}

/// A reader that fails on a line longer than [`MAX_LINE`]: the csv reader holds a
/// whole record in memory, and a file without line breaks (a binary file, a broken
/// export) must be an error, not a record as large as the file.
struct LineLimit<R> {
    inner: R,
    /// Bytes since the last line break.
    run: usize,
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // From the end: the last break is near it in any real export.
        self.run = match buf[..n].iter().rposition(|&b| b == b'\n') {
            Some(i) => n - i - 1,
            None => self.run + n,
        };
        if self.run > MAX_LINE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a line is longer than {}, the most pulsebook reads in one line of an export",
                    crate::load::files::mib(MAX_LINE as u64)
                ),
            ));
        }
        Ok(n)
    }
}

/// The input of the `csv` reader: the decoded file through a tap.
type Input = Tap<BufReader<Box<dyn Read + Send>>>;

/// An open CSV file past its header.
pub(super) struct CsvReader {
    reader: ::csv::Reader<Input>,
    delimiter: u8,
    /// The stream offset where the last record read ends.
    consumed: u64,
    lines: LineCount,
    /// The last line of the previous record (or of the header).
    prev_end: usize,
    footer: Footer<Row>,
    /// Rows back from the footer queue, for reuse.
    pool: Vec<Row>,
    blank: usize,
    eof: bool,
}

/// Opens a CSV file: encoding, header, dialect; the reader is at the first record.
pub(super) fn open(
    file: File,
    options: &ReadOptions,
) -> Result<(Vec<String>, Dialect, CsvReader), TableError> {
    let Decoded {
        reader,
        encoding,
        bom,
    } = encoding::decode(file, options.encoding.as_deref())?;
    let reader: Box<dyn Read + Send> = Box::new(LineLimit {
        inner: reader,
        run: 0,
    });
    let mut input = BufReader::with_capacity(BUFFER, reader);
    let head = header::find(&mut input, options.header_row)?;
    check_text(&head)?;
    let delimiter = head
        .sep
        .unwrap_or_else(|| header::detect_delimiter(&head.text));
    let mut columns = header::names(&head, delimiter)?;
    header::check_names(&mut columns, |k| {
        let at = header::locate(&head.text, head.line, delimiter, k);
        (at.line, at.column, (k + 1).to_string())
    })?;
    let tap = Tap {
        inner: input,
        kept: Vec::with_capacity(FORGET + 2 * BUFFER),
        base: 0,
    };
    let reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(BUFFER)
        .from_reader(tap);
    let body = head.body_line();
    let dialect = Dialect {
        format: Format::Csv { delimiter },
        encoding: encoding.name(),
        bom,
        header_row: head.line,
        footer_lines: 0,
    };
    let reader = CsvReader {
        reader,
        delimiter,
        consumed: 0,
        lines: LineCount {
            first: body,
            ends: 0,
            last_cr: false,
        },
        prev_end: body - 1,
        footer: Footer::new(options.footer_lines, &options.footer_prefixes),
        pool: Vec::new(),
        blank: 0,
        eof: false,
    };
    Ok((columns, dialect, reader))
}

/// Checks the header is text: no NUL (UTF-16 without a BOM), valid UTF-8.
fn check_text(head: &HeaderLine) -> Result<(), TableError> {
    if let Some(at) = head.text.iter().position(|&b| b == 0) {
        let (line, column, _) = at_byte(&head.text, head.line, at);
        let message =
            "the header holds NUL bytes: the file looks like UTF-16 without a byte-order mark";
        return Err(TableError::at(message, line, column)
            .with_hint("add `encoding: utf-16le` (or `utf-16be`) to the source"));
    }
    if let Err(e) = std::str::from_utf8(&head.text) {
        let (line, column, text) = at_byte(&head.text, head.line, e.valid_up_to());
        return Err(encoding::not_utf8(text, line, column));
    }
    Ok(())
}

/// The line, character column and line text of byte `at` of `text` (which starts
/// on line `line`).
fn at_byte(text: &[u8], line: usize, at: usize) -> (usize, usize, &[u8]) {
    let at = at.min(text.len());
    let is_end = |b: &u8| *b == b'\n' || *b == b'\r';
    let start = text[..at].iter().rposition(is_end).map_or(0, |i| i + 1);
    let end = text[at..]
        .iter()
        .position(is_end)
        .map_or(text.len(), |i| at + i);
    let column = String::from_utf8_lossy(&text[start..at]).chars().count() + 1;
    (
        line + header::line_ends(&text[..start]),
        column,
        &text[start..end],
    )
}

impl CsvReader {
    /// Blank rows and lines skipped so far.
    pub(super) fn blank_rows(&self) -> usize {
        self.blank
    }

    /// Footer rows dropped (known at the end).
    pub(super) fn footer_lines(&self) -> usize {
        self.footer.dropped()
    }

    /// Fills the batch up to its capacity, or to the end.
    pub(super) fn fill(&mut self, batch: &mut Batch) -> Result<(), TableError> {
        batch.sheet = false;
        batch.delimiter = self.delimiter;
        while batch.len < batch.capacity {
            if batch.rows.len() == batch.len {
                batch.rows.push(Row::default());
            }
            if !self.next_row(&mut batch.rows[batch.len])? {
                break;
            }
            batch.len += 1;
        }
        Ok(())
    }

    /// The next record that is no footer row, into `slot`.
    fn next_row(&mut self, slot: &mut Row) -> Result<bool, TableError> {
        if self.footer.is_off() {
            return self.read_row(slot);
        }
        loop {
            if let Some(mut row) = self.footer.pop() {
                std::mem::swap(slot, &mut row);
                self.pool.push(row);
                return Ok(true);
            }
            if self.eof {
                return Ok(false);
            }
            let mut row = self.pool.pop().unwrap_or_default();
            if self.read_row(&mut row)? {
                let candidate = self.footer.is_candidate(row.record.iter());
                self.footer.push(row, candidate);
            } else {
                self.pool.push(row);
                self.footer.finish();
            }
        }
    }

    /// The next non-blank record from the file, into `row`; false at the end.
    fn read_row(&mut self, row: &mut Row) -> Result<bool, TableError> {
        while !self.eof {
            let read = self.reader.read_record(&mut row.record);
            let end = self.reader.position().byte();
            let raw = self.reader.get_ref().slice(self.consumed, end);
            self.consumed = end;
            // Blank lines csv skipped come before the record, its line end after.
            let is_end = |b: &&u8| matches!(b, b'\n' | b'\r');
            let lead = raw.iter().take_while(is_end).count();
            let trail = raw[lead..].iter().rev().take_while(is_end).count();
            let text = &raw[lead..raw.len() - trail];
            let lead_ends = self.lines.ends_in(&raw[..lead]);
            let text_ends = header::line_ends(text);
            row.line = self.lines.current() + lead_ends;
            row.text.clear();
            row.text.extend_from_slice(text);
            self.lines.ends += lead_ends + text_ends + header::line_ends(&raw[raw.len() - trail..]);
            if let Some(&last) = raw.last() {
                self.lines.last_cr = last == b'\r';
            }
            self.reader.get_mut().forget(end);
            match read {
                Ok(true) => {}
                Ok(false) => {
                    self.eof = true;
                    self.blank += self.lines.current().saturating_sub(self.prev_end + 1);
                    return Ok(false);
                }
                Err(e) => {
                    self.eof = true;
                    return Err(read_error(&e, row));
                }
            }
            self.blank += row.line.saturating_sub(self.prev_end + 1);
            self.prev_end = row.line + text_ends;
            if row.record.iter().all(|f| f.trim().is_empty()) {
                self.blank += 1;
                continue;
            }
            return Ok(true);
        }
        Ok(false)
    }
}

/// The error for a record `csv` could not read: text that is not UTF-8, or a
/// failed read.
fn read_error(error: &::csv::Error, row: &Row) -> TableError {
    match error.kind() {
        ::csv::ErrorKind::Utf8 { .. } => {
            let at = std::str::from_utf8(&row.text)
                .err()
                .map_or(0, |e| e.valid_up_to());
            let (line, column, text) = at_byte(&row.text, row.line, at);
            encoding::not_utf8(text, line, column)
        }
        ::csv::ErrorKind::Io(e) => TableError {
            line: Some(row.line),
            ..TableError::io(e)
        },
        _ => TableError::at(format!("unreadable record: {error}"), row.line, 1),
    }
}
