//! A raw export read as a header and a stream of records, whatever tool wrote it.
//!
//! CSV comes in any encoding (UTF-8 with or without a BOM, UTF-16 with a BOM, or a
//! named one such as Windows-1250) and dialect (`,` `;` or tab, detected from the
//! header like the native metrics reader; Excel's `sep=` first line), with lines
//! before the header and footer rows after the data. Workbooks (XLSX and the other
//! formats calamine reads) give typed cells: numbers, dates, booleans.
//!
//! Records come in a reusable [`Batch`]: memory does not grow with the file. For CSV
//! the file is read through a 64 KiB buffer and each record keeps its source text, so
//! a problem in a cell can be shown at its line and character column with the line
//! itself, as the rest of pulsebook does. A workbook's sheet is held whole by calamine
//! (Excel caps a sheet at 1,048,576 rows); its records point into it.

mod batch;
mod csv;
mod encoding;
mod footer;
mod header;
mod record;
#[cfg(test)]
mod tests;
mod xlsx;

use std::fmt;
use std::fs::File;
use std::path::Path;

pub(crate) use batch::Batch;
#[cfg(test)]
pub(crate) use xlsx::cell_name;

/// How to read a file (from sources.yaml or a preset; all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReadOptions {
    /// An encoding label (`utf-8`, `windows-1250`, `windows-1252`, `iso-8859-2`,
    /// `utf-16`…, as encoding_rs knows them). A byte-order mark wins over it.
    pub(crate) encoding: Option<String>,
    /// The sheet of a workbook, by name (default: the first). Ignored for CSV.
    pub(crate) sheet: Option<String>,
    /// The 1-based line (CSV) or row (workbook) of the header; default: the first
    /// non-blank one.
    pub(crate) header_row: Option<usize>,
    /// Trailing non-blank rows to drop.
    pub(crate) footer_lines: usize,
    /// Trailing rows whose first cell starts with one of these (ASCII case ignored)
    /// and whose other cells are empty are a footer, and so are blank rows between
    /// them: Salesforce's "Grand Totals", "Confidential Information - Do Not
    /// Distribute", "Copyright (c)". With `footer_lines` too, the longer footer wins.
    pub(crate) footer_prefixes: Vec<String>,
}

/// The kind of file and how its fields are separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Format {
    /// Delimited text; `delimiter` is `,` `;` or tab (or what a `sep=` line says).
    Csv {
        /// The field separator.
        delimiter: u8,
    },
    /// A workbook (XLSX, or XLS/XLSB/ODS, which calamine reads too).
    Xlsx {
        /// The sheet read.
        sheet: String,
    },
}

/// What was found: for messages, `inspect` and the sources report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dialect {
    /// CSV with its delimiter, or a workbook with its sheet.
    pub(crate) format: Format,
    /// The canonical encoding name (`UTF-8`, `UTF-16LE`, `windows-1250`…); `UTF-8`
    /// for workbooks.
    pub(crate) encoding: &'static str,
    /// Whether the file starts with a byte-order mark.
    pub(crate) bom: bool,
    /// The 1-based line (row) of the header.
    pub(crate) header_row: usize,
    /// Footer rows dropped (not counting blank ones): final only after the last batch.
    pub(crate) footer_lines: usize,
}

/// A problem with a file, at a place in it when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableError {
    /// What is wrong, without the file's name (the caller adds it).
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) hint: Option<String>,
    /// The 1-based line (CSV) or row (workbook).
    pub(crate) line: Option<usize>,
    /// The 1-based character column in the line (CSV) or column number (workbook:
    /// A = 1).
    pub(crate) column: Option<usize>,
}

impl TableError {
    /// A problem with the whole file.
    fn new(message: impl Into<String>) -> Self {
        TableError {
            message: message.into(),
            hint: None,
            line: None,
            column: None,
        }
    }

    /// A problem at a line and column.
    fn at(message: impl Into<String>, line: usize, column: usize) -> Self {
        TableError {
            line: Some(line),
            column: Some(column),
            ..TableError::new(message)
        }
    }

    /// The same problem with a hint.
    fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A failed read of the file.
    fn io(error: &std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::NotFound {
            return TableError::new("file not found");
        }
        TableError::new(format!("cannot read the file: {error}"))
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{line}:{column}: {}", self.message)?,
            (Some(line), None) => write!(f, "{line}: {}", self.message)?,
            _ => f.write_str(&self.message)?,
        }
        match &self.hint {
            Some(hint) => write!(f, " (hint: {hint})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for TableError {}

/// Where a cell is, for a message with a caret under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location {
    /// The 1-based line (a cell of a multi-line record may be below the record's
    /// first line) or workbook row.
    pub(crate) line: usize,
    /// The 1-based character column in that line, or workbook column number.
    pub(crate) column: usize,
    /// The cell's length in characters (at least 1 for a workbook cell).
    pub(crate) len: usize,
    /// The source line, for CSV.
    pub(crate) snippet: Option<String>,
}

/// An open file: header read, records streamed.
pub(crate) struct Table {
    columns: Vec<String>,
    dialect: Dialect,
    reader: Reader,
    /// A problem met after some records of a batch: returned by the next call.
    pending: Option<TableError>,
    done: bool,
}

/// The reader of each kind of file.
enum Reader {
    Csv(Box<csv::CsvReader>),
    Xlsx(xlsx::XlsxReader),
}

/// Opens a file: finds its format, encoding, dialect and header.
pub(crate) fn open(path: &Path, options: &ReadOptions) -> Result<Table, TableError> {
    let mut file = File::open(path).map_err(|e| TableError::io(&e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(TableError::new("a folder, not a file"));
    }
    let (columns, dialect, reader) = if xlsx::is_workbook(path, &mut file) {
        // A workbook is read whole.
        let size = file.metadata().map_or(0, |m| m.len());
        let limit = crate::load::files::MAX_DATA;
        if size > limit {
            return Err(TableError::new(format!(
                "the workbook is {}: pulsebook reads workbooks up to {} (export it as CSV, which is read as a stream)",
                crate::load::files::mib(size),
                crate::load::files::mib(limit)
            )));
        }
        drop(file);
        let (columns, dialect, reader) = xlsx::open(path, options)?;
        (columns, dialect, Reader::Xlsx(reader))
    } else {
        let (columns, dialect, reader) = csv::open(file, options)?;
        (columns, dialect, Reader::Csv(Box::new(reader)))
    };
    Ok(Table {
        columns,
        dialect,
        reader,
        pending: None,
        done: false,
    })
}

impl Table {
    /// The header's cells, trimmed; trailing unnamed columns (Excel leaves trailing
    /// delimiters) are left out.
    pub(crate) fn columns(&self) -> &[String] {
        &self.columns
    }

    /// What was found; `footer_lines` is final after the last batch.
    pub(crate) fn dialect(&self) -> &Dialect {
        &self.dialect
    }

    /// Blank rows and lines skipped so far (empty lines, rows of empty cells),
    /// footer ones included.
    pub(crate) fn blank_rows(&self) -> usize {
        match &self.reader {
            Reader::Csv(r) => r.blank_rows(),
            Reader::Xlsx(r) => r.blank_rows(),
        }
    }

    /// Fills `batch` with the next records (up to its capacity); false at the end.
    /// Blank rows are skipped (counted), footer rows never returned. A problem met
    /// after some records is returned by the next call, after those records; once a
    /// problem was returned, the table is at its end.
    pub(crate) fn next_batch(&mut self, batch: &mut Batch) -> Result<bool, TableError> {
        batch.clear();
        if let Some(error) = self.pending.take() {
            return Err(error);
        }
        if self.done {
            return Ok(false);
        }
        let filled = match &mut self.reader {
            Reader::Csv(r) => r.fill(batch),
            Reader::Xlsx(r) => r.fill(batch),
        };
        self.dialect.footer_lines = match &self.reader {
            Reader::Csv(r) => r.footer_lines(),
            Reader::Xlsx(r) => r.footer_lines(),
        };
        match filled {
            Ok(()) => {
                self.done = batch.is_empty();
                Ok(!self.done)
            }
            Err(error) => {
                self.done = true;
                if batch.is_empty() {
                    return Err(error);
                }
                self.pending = Some(error);
                Ok(true)
            }
        }
    }
}
