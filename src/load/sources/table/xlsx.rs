//! Workbooks (XLSX, and XLS, XLSB and ODS, which calamine reads too): a sheet by
//! name or the first, its header row, and records that point into the sheet.
//!
//! calamine reads a sheet whole into a `Range` (about 32 bytes a cell, plus the
//! strings); records are row numbers into it, shared with the batch by an `Arc`, so
//! no cell is copied. Typed cells come through: numbers, booleans, and dates
//! converted from Excel serials (1900 or 1904 system, as the workbook says).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Range, Reader, open_workbook_auto};

use super::batch::Batch;
use super::footer::Footer;
use super::header;
use super::record::{cell, is_empty};
use super::{Dialect, Format, ReadOptions, TableError};
use crate::load::sources::cell::Cell;

/// Whether a file is a workbook: by its extension, or by its first bytes (a zip,
/// as XLSX and ODS are, or an OLE file, as XLS is), so a workbook named `.csv` is
/// read as what it is.
pub(super) fn is_workbook(path: &Path, file: &mut File) -> bool {
    let extension = path.extension().and_then(|e| e.to_str());
    if extension.is_some_and(|e| {
        ["xlsx", "xlsm", "xlsb", "xls", "ods"]
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    }) {
        return true;
    }
    let mut magic = [0u8; 4];
    let workbook = file.read_exact(&mut magic).is_ok()
        && (magic == *b"PK\x03\x04" || magic == [0xD0, 0xCF, 0x11, 0xE0]);
    // The CSV reader seeks to where it starts; a failed seek fails there.
    let _ = file.seek(SeekFrom::Start(0));
    workbook
}

/// Opens a workbook's sheet at its first record.
pub(super) fn open(
    path: &Path,
    options: &ReadOptions,
) -> Result<(Vec<String>, Dialect, XlsxReader), TableError> {
    let mut book = open_workbook_auto(path)
        .map_err(|e| TableError::new(format!("cannot read the workbook: {e}")))?;
    let sheet = pick_sheet(&book.sheet_names(), options.sheet.as_deref())?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| TableError::new(format!("cannot read sheet `{sheet}`: {e}")))?;
    let Some(start) = range.start() else {
        return Err(TableError::new(format!("sheet `{sheet}` is empty"))
            .with_hint("an export starts with a header row naming its columns"));
    };
    let head = header_row(&range, start, options.header_row, &sheet)?;
    let mut columns: Vec<String> = (0..range.width())
        .map(|c| range.get((head, c)).map_or_else(String::new, header_text))
        .collect();
    let row = start.0 as usize + head + 1;
    header::check_names(&mut columns, |k| {
        let column = start.1 as usize + k + 1;
        let name = cell_name(row, column);
        (
            row,
            column,
            name.trim_end_matches(|c: char| c.is_ascii_digit())
                .to_string(),
        )
    })?;
    let dialect = Dialect {
        format: Format::Xlsx { sheet },
        encoding: "UTF-8",
        bom: false,
        header_row: row,
        footer_lines: 0,
    };
    let reader = XlsxReader {
        range: Arc::new(range),
        start,
        next: head + 1,
        footer: Footer::new(options.footer_lines, &options.footer_prefixes),
        blank: 0,
        eof: false,
    };
    Ok((columns, dialect, reader))
}

/// The sheet named `wanted` (exactly, else ignoring case and surrounding spaces),
/// or the first.
fn pick_sheet(sheets: &[String], wanted: Option<&str>) -> Result<String, TableError> {
    let Some(wanted) = wanted else {
        return sheets
            .first()
            .cloned()
            .ok_or_else(|| TableError::new("the workbook has no sheet"));
    };
    let found = sheets.iter().find(|s| *s == wanted).or_else(|| {
        sheets
            .iter()
            .find(|s| s.trim().to_lowercase() == wanted.trim().to_lowercase())
    });
    if let Some(sheet) = found {
        return Ok(sheet.clone());
    }
    let list = sheets
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(
        TableError::new(format!("no sheet `{wanted}` in the workbook"))
            .with_hint(format!("its sheets are {list}")),
    )
}

/// The relative index of the header row: row `header_row` (1-based, as Excel
/// numbers them), else the first non-blank one.
fn header_row(
    range: &Range<Data>,
    start: (u32, u32),
    header_row: Option<usize>,
    sheet: &str,
) -> Result<usize, TableError> {
    let Some(n) = header_row else {
        return (0..range.height())
            .find(|&r| !is_blank(range, r))
            .ok_or_else(|| TableError::new(format!("sheet `{sheet}` is empty")));
    };
    if n == 0 {
        return Err(TableError::new("`header_row` counts rows from 1"));
    }
    let last = start.0 as usize + range.height();
    if n > last {
        let message = format!("`header_row: {n}` is past the last row of sheet `{sheet}` ({last})");
        return Err(TableError::new(message));
    }
    match (n - 1).checked_sub(start.0 as usize) {
        Some(r) if !is_blank(range, r) => Ok(r),
        _ => {
            let message = format!("row {n} (`header_row: {n}`) is blank");
            Err(TableError::at(message, n, 1))
        }
    }
}

/// Whether row `r` (relative) holds no value.
fn is_blank(range: &Range<Data>, r: usize) -> bool {
    (0..range.width()).all(|c| range.get((r, c)).is_none_or(is_empty))
}

/// A header cell as a column name.
fn header_text(data: &Data) -> String {
    match data {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => header::trim_name(s),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
        other => match cell(other) {
            Cell::Number(n) => n.to_string(),
            Cell::DateTime(d) => d.to_string(),
            Cell::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Text(t) => t.to_string(),
            Cell::Empty => String::new(),
        },
    }
}

/// A cell's name as Excel shows it: row 5, column 3 → `C5` (both 1-based).
pub(crate) fn cell_name(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column.max(1);
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(b'A' + digit as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8_lossy(&letters))
}

/// An open sheet past its header.
pub(super) struct XlsxReader {
    range: Arc<Range<Data>>,
    /// The absolute (row, column) of the range's first cell, 0-based.
    start: (u32, u32),
    /// The next row to read (relative).
    next: usize,
    footer: Footer<usize>,
    blank: usize,
    eof: bool,
}

impl XlsxReader {
    /// Blank rows skipped so far.
    pub(super) fn blank_rows(&self) -> usize {
        self.blank
    }

    /// Footer rows dropped (known at the end).
    pub(super) fn footer_lines(&self) -> usize {
        self.footer.dropped()
    }

    /// Fills the batch up to its capacity, or to the end; a row holding an Excel
    /// error (`#N/A`, `#DIV/0!`…) ends it with an error at that cell.
    pub(super) fn fill(&mut self, batch: &mut Batch) -> Result<(), TableError> {
        batch.sheet = true;
        let rows = &mut batch.sheet_rows;
        if !Arc::ptr_eq(&rows.range, &self.range) {
            rows.range = Arc::clone(&self.range);
            rows.start = self.start;
        }
        while batch.len < batch.capacity {
            let Some(r) = self.next_row() else { break };
            self.check_errors(r)?;
            rows.rows.push(r);
            batch.len += 1;
        }
        Ok(())
    }

    /// The next row that is neither blank nor a footer row.
    fn next_row(&mut self) -> Option<usize> {
        loop {
            if let Some(r) = self.footer.pop() {
                return Some(r);
            }
            if self.eof {
                return None;
            }
            if self.next >= self.range.height() {
                self.eof = true;
                self.footer.finish();
                continue;
            }
            let r = self.next;
            self.next += 1;
            if is_blank(&self.range, r) {
                self.blank += 1;
                continue;
            }
            let cells = (0..self.range.width()).map(|c| match self.range.get((r, c)) {
                Some(Data::String(s)) => s.as_str(),
                None | Some(Data::Empty) => "",
                Some(_) => "#",
            });
            let candidate = self.footer.is_candidate(cells);
            self.footer.push(r, candidate);
        }
    }

    /// An error at the first cell of row `r` that holds an Excel error.
    fn check_errors(&self, r: usize) -> Result<(), TableError> {
        for c in 0..self.range.width() {
            if let Some(Data::Error(e)) = self.range.get((r, c)) {
                let row = self.start.0 as usize + r + 1;
                let column = self.start.1 as usize + c + 1;
                let message = format!("cell {} holds the Excel error {e}", cell_name(row, column));
                return Err(TableError::at(message, row, column)
                    .with_hint("fix the formula in the workbook, or clear the cell"));
            }
        }
        Ok(())
    }
}
