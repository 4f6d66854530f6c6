//! Problems in a source's files: bad cells (capped, the rest counted), person values
//! that match nobody or several people, and forecast categories pulsebook does not
//! know (once per value, with a row count).
//!
//! Workers collect their own problems; merged problems are sorted by line, so what
//! is shown never depends on how batches were spread over threads.

use std::collections::BTreeMap;

use super::cell::Cell;
use super::table::Batch;

/// Problems shown per file; the rest are counted.
pub(super) const MAX_REPORTS: usize = 50;

/// One bad cell, with its line rebuilt for the message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Problem {
    pub(super) line: usize,
    pub(super) col: usize,
    pub(super) len: usize,
    pub(super) message: String,
    pub(super) snippet: String,
    pub(super) hint: Option<String>,
}

impl Problem {
    /// A problem at cell `column` of record `r`.
    pub(super) fn at(
        batch: &Batch,
        r: usize,
        column: usize,
        message: String,
        hint: Option<String>,
    ) -> Problem {
        // The line as written when the reader kept it (CSV); else the record rebuilt.
        let at = batch.locate(r, column);
        let (line, snippet, col, len) = match at.snippet {
            Some(text) if at.line > 0 => (at.line, text, at.column, at.len.max(1)),
            _ => {
                let (text, col, len) = snippet(batch, r, column);
                (batch.line(r), text, col, len)
            }
        };
        Problem {
            line,
            col,
            len,
            message,
            snippet,
            hint,
        }
    }
}

/// A person value that matched nobody or several people.
#[derive(Debug, Clone)]
pub(super) struct Unmatched {
    pub(super) first: Problem,
    pub(super) rows: usize,
    /// The people it matched when ambiguous.
    pub(super) ambiguous: Vec<u32>,
}

/// The problems of one file.
#[derive(Debug, Default)]
pub(super) struct FileProblems {
    /// The earliest bad cells by line (at most [`MAX_REPORTS`]).
    pub(super) cells: Vec<Problem>,
    /// Bad cells not kept.
    pub(super) more: usize,
    /// Person values by text.
    pub(super) people: BTreeMap<String, Unmatched>,
    /// Team values of rows without a person that name no team, with row counts.
    pub(super) teams: BTreeMap<String, usize>,
    /// Forecast category values of open deals that name no category.
    pub(super) categories: BTreeMap<String, Unmatched>,
}

impl FileProblems {
    pub(super) fn add(&mut self, problem: Problem) {
        self.cells.push(problem);
        if self.cells.len() > 2 * MAX_REPORTS {
            self.trim();
        }
    }

    /// Keeps the earliest [`MAX_REPORTS`] problems.
    fn trim(&mut self) {
        self.cells.sort();
        if self.cells.len() > MAX_REPORTS {
            self.more += self.cells.len() - MAX_REPORTS;
            self.cells.truncate(MAX_REPORTS);
        }
    }

    #[cold]
    pub(super) fn unmatched(&mut self, batch: &Batch, r: usize, column: usize) {
        self.person(batch, r, column, Vec::new());
    }

    #[cold]
    pub(super) fn ambiguous(&mut self, batch: &Batch, r: usize, column: usize, people: &[u32]) {
        self.person(batch, r, column, people.to_vec());
    }

    fn person(&mut self, batch: &Batch, r: usize, column: usize, ambiguous: Vec<u32>) {
        count_value(&mut self.people, batch, r, column, ambiguous);
    }

    #[cold]
    pub(super) fn unknown_category(&mut self, batch: &Batch, r: usize, column: usize) {
        count_value(&mut self.categories, batch, r, column, Vec::new());
    }

    #[cold]
    pub(super) fn unknown_team(&mut self, value: &str) {
        *self.teams.entry(value.to_string()).or_default() += 1;
    }

    /// Adds another worker's problems.
    pub(super) fn merge(&mut self, other: FileProblems) {
        self.more += other.more;
        self.cells.extend(other.cells);
        self.trim();
        merge_values(&mut self.people, other.people);
        merge_values(&mut self.categories, other.categories);
        for (value, n) in other.teams {
            *self.teams.entry(value).or_default() += n;
        }
    }
}

/// Counts a cell's value in `values`, keeping its earliest place.
fn count_value(
    values: &mut BTreeMap<String, Unmatched>,
    batch: &Batch,
    r: usize,
    column: usize,
    ambiguous: Vec<u32>,
) {
    let value = match batch.cell(r, column) {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => crate::base::csv::plain_number(n),
        other => format!("{other:?}"),
    };
    let line = batch.line(r);
    match values.get_mut(&value) {
        Some(u) => {
            u.rows += 1;
            if line < u.first.line {
                u.first = Problem::at(batch, r, column, String::new(), None);
            }
        }
        None => {
            let first = Problem::at(batch, r, column, String::new(), None);
            values.insert(
                value,
                Unmatched {
                    first,
                    rows: 1,
                    ambiguous,
                },
            );
        }
    }
}

/// Adds another worker's counted values, keeping the earliest place of each.
fn merge_values(mine: &mut BTreeMap<String, Unmatched>, theirs: BTreeMap<String, Unmatched>) {
    for (value, u) in theirs {
        match mine.get_mut(&value) {
            Some(m) => {
                m.rows += u.rows;
                if u.first.line < m.first.line {
                    m.first = u.first;
                }
            }
            None => {
                mine.insert(value, u);
            }
        }
    }
}

/// The record as a line (cells joined by `,`, quoted when needed), and the column
/// and width of cell `column` in it.
fn snippet(batch: &Batch, r: usize, column: usize) -> (String, usize, usize) {
    let mut line = String::new();
    let mut col = 1;
    let mut len = 1;
    let fields = batch.fields(r).max(column + 1);
    for c in 0..fields {
        if c > 0 {
            line.push(',');
        }
        let text = match batch.cell(r, c) {
            Cell::Empty => String::new(),
            Cell::Text(t) if t.contains([',', '"']) => format!("\"{}\"", t.replace('"', "\"\"")),
            Cell::Text(t) => t.to_string(),
            Cell::Number(n) => crate::base::csv::plain_number(n),
            Cell::DateTime(dt) => dt.to_string(),
            Cell::Bool(b) => b.to_string(),
        };
        if c == column {
            col = line.chars().count() + 1;
            len = text.chars().count().max(1);
        }
        line.push_str(&text);
    }
    (line, col, len)
}
