//! A batch of records, reused between calls: CSV records keep their buffers (no
//! allocation per record once warm), workbook records are row numbers into the sheet.

use super::Location;
use super::record::{Row, SheetRows};
use crate::load::sources::cell::Cell;

/// Records of one batch, reused between calls.
pub(crate) struct Batch {
    pub(super) capacity: usize,
    pub(super) len: usize,
    /// Whether the records are rows of a sheet (else CSV records).
    pub(super) sheet: bool,
    /// CSV records; slots past `len` are kept for their buffers.
    pub(super) rows: Vec<Row>,
    /// The CSV delimiter, to locate fields in a record's text.
    pub(super) delimiter: u8,
    /// Rows of a sheet.
    pub(super) sheet_rows: SheetRows,
}

impl Batch {
    /// A batch of up to `records` records (at least one), e.g. 8,192.
    pub(crate) fn with_capacity(records: usize) -> Batch {
        Batch {
            capacity: records.max(1),
            len: 0,
            sheet: false,
            rows: Vec::new(),
            delimiter: b',',
            sheet_rows: SheetRows::default(),
        }
    }

    /// How many records the batch holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether the batch holds no record.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forgets the records (keeping their buffers).
    pub(super) fn clear(&mut self) {
        self.len = 0;
        self.sheet_rows.rows.clear();
    }

    /// A cell: `Empty` for "" and for a field the record does not have.
    pub(crate) fn cell(&self, record: usize, column: usize) -> Cell<'_> {
        if record >= self.len {
            return Cell::Empty;
        }
        match self.sheet {
            false => self.rows[record].cell(column),
            true => self.sheet_rows.cell(record, column),
        }
    }

    /// How many fields the record really had (a workbook row: up to its last
    /// non-empty cell).
    pub(crate) fn fields(&self, record: usize) -> usize {
        if record >= self.len {
            return 0;
        }
        match self.sheet {
            false => self.rows[record].record.len(),
            true => self.sheet_rows.fields(record),
        }
    }

    /// The 1-based line in the file where the record starts (workbook: row number).
    pub(crate) fn line(&self, record: usize) -> usize {
        if record >= self.len {
            return 0;
        }
        match self.sheet {
            false => self.rows[record].line,
            true => self.sheet_rows.line(record),
        }
    }

    /// The 1-based character column of a cell in its line (workbook: the column
    /// number), for messages; past the record's last field, the end of the line.
    #[cfg(test)]
    pub(crate) fn char_column(&self, record: usize, column: usize) -> usize {
        self.locate(record, column).column
    }

    /// Where a cell is: line, character column, length and source line (cold path:
    /// re-scans the record's text).
    pub(crate) fn locate(&self, record: usize, column: usize) -> Location {
        let unknown = Location {
            line: 0,
            column: 0,
            len: 0,
            snippet: None,
        };
        if record >= self.len {
            return unknown;
        }
        match self.sheet {
            false => self.rows[record].locate(self.delimiter, column),
            true => self.sheet_rows.locate(record, column),
        }
    }
}
