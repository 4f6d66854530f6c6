//! Merging: each person's kept rows from every chunk of every file, summed per day
//! into one [`Series`]; exact duplicate rows are warned about.

use jiff::civil::Date;

use super::header::Source;
use super::locate::At;
use super::problems::MAX_REPORTS;
use super::rows::{Chunk, Row};
use crate::base::diag::{self, Diagnostic, Diagnostics, Severity};
use crate::load::series::Series;

/// How many earlier rows of the same person and day a row is compared with to find an
/// exact duplicate; copies of a file land next to each other, and the bound keeps a
/// file full of one date from going quadratic.
const DUPLICATE_WINDOW: usize = 16;

/// One kept row in a person's bucket; sorting orders by day, then file order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Entry {
    day: Date,
    job: u32,
    row: u32,
}

pub(super) struct Merge<'a> {
    pub(super) chunks: &'a [Chunk],
    pub(super) sources: &'a [Source<'a>],
    /// Per file, the first file with the same measure columns: only those can hold
    /// exact duplicates of each other's rows.
    pub(super) shapes: &'a [usize],
    pub(super) width: usize,
}

impl Merge<'_> {
    fn source(&self, e: Entry) -> usize {
        self.chunks[e.job as usize].source
    }

    fn row(&self, e: Entry) -> &Row {
        &self.chunks[e.job as usize].rows[e.row as usize]
    }

    fn values(&self, e: Entry) -> &[f64] {
        let n = self.sources[self.source(e)].slots.len();
        let at = e.row as usize * n;
        &self.chunks[e.job as usize].values[at..at + n]
    }

    /// Sums a person's rows per day; also returns (duplicate, earlier row) pairs.
    pub(super) fn person(&self, person: usize) -> (Series, Vec<(Entry, Entry)>) {
        let mut entries = Vec::new();
        for (job, chunk) in self.chunks.iter().enumerate() {
            let Some(run) = chunk.by_person.get(person..person + 2) else {
                continue;
            };
            entries.extend((run[0]..run[1]).map(|row| Entry {
                day: chunk.rows[row as usize].day,
                job: job as u32,
                row,
            }));
        }
        // Exports are usually sorted by day already, which this sort checks quickly.
        entries.sort_unstable();
        let mut series = Series {
            days: Vec::with_capacity(entries.len()),
            values: Vec::with_capacity(entries.len() * self.width),
        };
        let mut duplicates = Vec::new();
        let mut start = 0;
        while start < entries.len() {
            let day = entries[start].day;
            let end = start + entries[start..].iter().take_while(|e| e.day == day).count();
            let base = series.values.len();
            series.days.push(day);
            series.values.resize(base + self.width, f64::NAN);
            let sums = &mut series.values[base..];
            for k in start..end {
                let e = entries[k];
                let values = self.values(e);
                for (&slot, &v) in self.sources[self.source(e)].slots.iter().zip(values) {
                    if !v.is_nan() {
                        let sum = &mut sums[slot];
                        *sum = if sum.is_nan() { v } else { *sum + v };
                    }
                }
                let window = &entries[k.saturating_sub(DUPLICATE_WINDOW).max(start)..k];
                if let Some(&earlier) = window.iter().find(|&&p| self.same(p, e)) {
                    duplicates.push((e, earlier));
                }
            }
            start = end;
        }
        (series, duplicates)
    }

    fn same(&self, a: Entry, b: Entry) -> bool {
        self.shapes[self.source(a)] == self.shapes[self.source(b)]
            && self
                .values(a)
                .iter()
                .zip(self.values(b))
                .all(|(x, y)| x.to_bits() == y.to_bits())
    }
}

/// Warns about exact duplicate rows, capped per file like other problems.
pub(super) fn report_duplicates(
    merge: &Merge,
    mut duplicates: Vec<(Entry, Entry)>,
    diags: &mut Diagnostics,
) {
    duplicates.sort_unstable_by_key(|(e, _)| (e.job, e.row));
    let mut start = 0;
    while start < duplicates.len() {
        let file = merge.source(duplicates[start].0);
        let end = start
            + duplicates[start..]
                .iter()
                .take_while(|(e, _)| merge.source(*e) == file)
                .count();
        let source = &merge.sources[file];
        for &(e, earlier) in duplicates[start..end].iter().take(MAX_REPORTS) {
            let row = merge.row(e);
            let other = merge.row(earlier);
            let message = format!(
                "duplicate row: also at {}:{}; values are counted twice",
                diag::display_path(merge.sources[merge.source(earlier)].path),
                other.line
            );
            diags.push(source.diagnostic(
                Severity::Warning,
                row.pos,
                row.line as usize,
                At::Row,
                message,
            ));
        }
        if end - start > MAX_REPORTS {
            let message = format!(
                "… and {} more duplicate rows in this file",
                end - start - MAX_REPORTS
            );
            diags.push(Diagnostic::warning(source.path, message));
        }
        start = end;
    }
}
