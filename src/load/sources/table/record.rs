//! The records a batch holds: CSV records (fields, source text, line) and rows of a
//! sheet (row numbers into the workbook's range), with how their cells read.

use std::sync::Arc;

use calamine::{Data, ExcelDateTime, Range};

use super::{Location, header};
use crate::load::sources::cell::Cell;

/// One CSV record of a batch: fields, source text and line.
#[derive(Default)]
pub(super) struct Row {
    pub(super) record: ::csv::StringRecord,
    /// The record as written (quotes, delimiters, quoted line ends), without the
    /// line end.
    pub(super) text: Vec<u8>,
    /// The 1-based line where the record starts.
    pub(super) line: usize,
}

impl Row {
    /// Field `column`: `Empty` for "" and past the last field.
    pub(super) fn cell(&self, column: usize) -> Cell<'_> {
        match self.record.get(column) {
            None | Some("") => Cell::Empty,
            Some(text) => Cell::Text(text),
        }
    }

    /// Where field `column` is in the record's text.
    pub(super) fn locate(&self, delimiter: u8, column: usize) -> Location {
        header::locate(&self.text, self.line, delimiter, column)
    }
}

/// Whether a cell holds nothing (or only spaces).
pub(super) fn is_empty(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as read: numbers, booleans and dates typed; an Excel error as `Empty`
/// (a batch never holds a row with one).
pub(super) fn cell(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) if s.is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => date_time(d),
        Data::DateTimeIso(s) => s
            .parse::<jiff::civil::DateTime>()
            .map_or(Cell::Text(s), Cell::DateTime),
        Data::DurationIso(s) => s
            .parse::<jiff::SignedDuration>()
            .map_or(Cell::Text(s), |d| Cell::Number(d.as_secs_f64())),
    }
}

/// An Excel date/time: a duration (`[h]:mm:ss`) or a time without a date (a serial
/// below 1, as `h:mm:ss` talk times are) is a number of seconds; a date is a local
/// date-time.
fn date_time(d: &ExcelDateTime) -> Cell<'static> {
    let serial = d.as_f64();
    if d.is_duration() || (0.0..1.0).contains(&serial) {
        return Cell::Number((serial * 86_400_000.0).round() / 1000.0);
    }
    let (year, month, day, hour, minute, second, milli) = d.to_ymd_hms_milli();
    let civil = jiff::civil::DateTime::new(
        i16::try_from(year).unwrap_or(i16::MAX),
        month as i8,
        day as i8,
        hour as i8,
        minute as i8,
        second as i8,
        i32::from(milli) * 1_000_000,
    );
    // Excel's 1900-02-29 does not exist: such a serial stays a number.
    civil.map_or(Cell::Number(serial), Cell::DateTime)
}

/// The rows of a batch: row numbers into the sheet, which the batch shares.
#[derive(Default)]
pub(super) struct SheetRows {
    pub(super) range: Arc<Range<Data>>,
    pub(super) start: (u32, u32),
    /// Relative row numbers.
    pub(super) rows: Vec<usize>,
}

impl SheetRows {
    /// A cell of record `record` (column relative to the header's first column).
    pub(super) fn cell(&self, record: usize, column: usize) -> Cell<'_> {
        self.range
            .get((self.rows[record], column))
            .map_or(Cell::Empty, cell)
    }

    /// The cells up to the row's last non-empty one.
    pub(super) fn fields(&self, record: usize) -> usize {
        let r = self.rows[record];
        (0..self.range.width())
            .rev()
            .find(|&c| self.range.get((r, c)).is_some_and(|d| !is_empty(d)))
            .map_or(0, |c| c + 1)
    }

    /// The record's row number (1-based, as Excel shows it).
    pub(super) fn line(&self, record: usize) -> usize {
        self.start.0 as usize + self.rows[record] + 1
    }

    /// The cell's row and column number.
    pub(super) fn locate(&self, record: usize, column: usize) -> Location {
        Location {
            line: self.line(record),
            column: self.start.1 as usize + column + 1,
            len: 1,
            snippet: None,
        }
    }
}
