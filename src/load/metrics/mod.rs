//! The metrics loader: reads the book's `metrics/*.csv` exports into one daily series
//! of base measures per person, and owns every diagnostic about those files.
//!
//! It accepts CSV as real tools export it: `,` `;` or tab (detected from the header),
//! decimal commas and grouping spaces, BOM, CRLF or bare CR, quoting, blank rows.
//! Several files merge by adding up values of the same person, day and measure.
//!
//! Speed matters (three years of 1,000 people is ~800k rows), so:
//! - large files are cut at line ends into chunks parsed in parallel; the cuts depend
//!   on the file size only, so the result and the capped messages never depend on
//!   the number of threads;
//! - a chunk without quote characters is read in one pass over its bytes, parsing
//!   plain numbers while finding the fields; other chunks go through the `csv` crate
//!   with one reused `ByteRecord`; no cell is ever copied to the heap;
//! - the line, character column and snippet of a problem are worked out from the raw
//!   bytes only when it is reported;
//! - each chunk groups its rows by person, so merging a person reads contiguous runs.
//!
//! One file per concern: `header` (dialect and columns), `rows` (with `reader` and
//! `numbers`), `problems` (bad rows), `merge` (per person and day) and `locate`
//! (positions, on the error path only).

mod header;
mod locate;
mod merge;
mod numbers;
mod problems;
mod reader;
mod rows;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::base::diag::{Diagnostics, Severity};
use crate::base::period::PeriodKind;
use crate::load::series::add_series;
use crate::load::sources::Loaded;
use crate::load::sources::deals::Deals;
use crate::load::sources::report::SourceRow;
use header::{Source, read_header, strip_bom};
use merge::{Entry, Merge, report_duplicates};
use problems::report_rows;
use rows::{Chunk, Context, parse_source};

pub(crate) use crate::load::series::Series;

/// Bodies larger than this are parsed in chunks of about this size.
const CHUNK_BYTES: usize = 4 << 20;

/// Everything the metrics files say, per person and day.
#[derive(Debug, Clone, Default)]
pub(crate) struct Metrics {
    /// Union of the measure columns over all files, sorted by name.
    pub(crate) measures: Vec<String>,
    /// Indexed like the `people` slice given to `load`.
    pub(crate) people: Vec<Series>,
    /// Rows without a person that a source gave to a team (indexed like the roster's
    /// teams; empty when no source did): they count for the team, never a person.
    pub(crate) teams: Vec<Series>,
    /// Rows without a person or team: they count for the organisation only.
    pub(crate) organisation: Series,
    /// What each source read (empty for native metrics only).
    pub(crate) sources: Vec<SourceRow>,
    /// The open deals of the deals exports, per export and snapshot.
    pub(crate) deals: Deals,
    /// The (book-relative) files that were loaded, sorted: every file whose header
    /// could be read, even if some of its rows were rejected.
    #[cfg(test)]
    pub(crate) files: Vec<PathBuf>,
}

impl Metrics {
    /// The position of a measure in [`Metrics::measures`] and in every row.
    pub(crate) fn measure_index(&self, name: &str) -> Option<usize> {
        self.measures
            .binary_search_by(|m| m.as_str().cmp(name))
            .ok()
    }

    /// Every series: people's, then teams' and the organisation's own rows.
    pub(crate) fn all_series(&self) -> impl Iterator<Item = &Series> {
        self.people
            .iter()
            .chain(&self.teams)
            .chain(std::iter::once(&self.organisation))
    }

    /// Latest day with any data, over everyone.
    pub(crate) fn last_day(&self) -> Option<Date> {
        self.all_series()
            .filter_map(|s| s.days.last())
            .max()
            .copied()
    }

    /// Earliest day with any data, over everyone.
    pub(crate) fn first_day(&self) -> Option<Date> {
        self.all_series()
            .filter_map(|s| s.days.first())
            .min()
            .copied()
    }

    /// Adds what the sources read: the union of measures, values of the same owner,
    /// day and measure summed; then the open deals, a snapshot without a date in its
    /// file name taken on the last day with data.
    pub(crate) fn add_sources(&mut self, mut loaded: Loaded, diags: &mut Diagnostics) {
        let mut deals = std::mem::take(&mut loaded.deals);
        self.add_measures(loaded);
        crate::load::sources::fill_days(&mut deals, self.last_day(), diags);
        self.deals = deals;
    }

    fn add_measures(&mut self, loaded: Loaded) {
        self.sources = loaded.report;
        if loaded.measures.is_empty() {
            return;
        }
        let measures: Vec<String> = self
            .measures
            .iter()
            .chain(&loaded.measures)
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let width = measures.len();
        let widen = |series: Series, from: &[String]| -> Series {
            let map: Vec<usize> = from
                .iter()
                .map(|m| measures.binary_search(m).expect("invariant: in the union"))
                .collect();
            let n = from.len();
            let mut values = vec![f64::NAN; series.days.len() * width];
            for (i, _) in series.days.iter().enumerate() {
                for (k, &to) in map.iter().enumerate() {
                    values[i * width + to] = series.values[i * n + k];
                }
            }
            Series {
                days: series.days,
                values,
            }
        };
        let mine = std::mem::take(&mut self.measures);
        let people = std::mem::take(&mut self.people);
        self.people = people
            .into_iter()
            .zip(loaded.people)
            .map(|(a, b)| {
                let mut a = widen(a, &mine);
                add_series(&mut a, widen(b, &loaded.measures), width);
                a
            })
            .collect();
        self.teams = loaded
            .teams
            .into_iter()
            .map(|t| widen(t, &loaded.measures))
            .collect();
        self.organisation = widen(loaded.organisation, &loaded.measures);
        self.measures = measures;
    }

    /// The values of row `row` of person `person`, one per measure.
    #[cfg(test)]
    pub(crate) fn row(&self, person: usize, row: usize) -> &[f64] {
        let n = self.measures.len();
        &self.people[person].values[row * n..(row + 1) * n]
    }
}

/// How to load: the book's reporting period and whether bad rows fail the build.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Rows with a `period` column must nest in periods of this kind.
    pub(crate) period: PeriodKind,
    /// Report bad rows as warnings and skip them instead of failing the build.
    pub(crate) skip_bad_rows: bool,
}

/// Loads and merges the metrics files.
///
/// `files`: (path relative to the book for messages, file bytes). `people`: person
/// ids; index = person index. Every problem goes to `diags`; rows with a problem are
/// never counted, so the result is usable (for `check`) even when there are errors.
pub(crate) fn load(
    files: &[(PathBuf, Vec<u8>)],
    people: &[&str],
    options: &Options,
    diags: &mut Diagnostics,
) -> Metrics {
    load_chunked(files, people, options, diags, CHUNK_BYTES)
}

fn load_chunked(
    files: &[(PathBuf, Vec<u8>)],
    people: &[&str],
    options: &Options,
    diags: &mut Diagnostics,
    chunk_bytes: usize,
) -> Metrics {
    // No files at all is the book loader's to report: it knows the folder.
    let mut order: Vec<&(PathBuf, Vec<u8>)> = files.iter().collect();
    order.sort_by(|a, b| a.0.cmp(&b.0));

    // Headers first: the union of measure columns fixes every file's value slots
    // before any row is parsed.
    let mut sources: Vec<Source> = order
        .iter()
        .filter_map(|(path, bytes)| read_header(path, strip_bom(bytes), diags))
        .collect();
    let measures = assign_slots(&mut sources);

    let index: HashMap<&[u8], u32> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_bytes(), i as u32))
        .collect();
    let ctx = Context {
        people,
        index: &index,
        period: options.period,
    };
    let chunks: Vec<Chunk> = sources
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, source)| parse_source(i, source, &ctx, chunk_bytes))
        .collect();
    report_files(&sources, &chunks, options, diags);

    let merge = Merge {
        chunks: &chunks,
        sources: &sources,
        shapes: &shapes(&sources),
        width: measures.len(),
    };
    let people_series = merge_people(&merge, people.len(), diags);
    Metrics {
        measures,
        people: people_series,
        teams: Vec::new(),
        organisation: Series::default(),
        sources: Vec::new(),
        deals: Deals::default(),
        #[cfg(test)]
        files: sources.iter().map(|s| s.path.to_path_buf()).collect(),
    }
}

/// The union of the files' measure columns, sorted; each file's value slots follow.
fn assign_slots(sources: &mut [Source]) -> Vec<String> {
    let measures: Vec<String> = sources
        .iter()
        .flat_map(|s| s.columns.iter().map(|c| c.name.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for s in sources.iter_mut() {
        s.assign_slots(&measures);
    }
    measures
}

/// Files with the same measure set can hold exact duplicates of each other's rows:
/// per file, the first file with its set.
fn shapes(sources: &[Source]) -> Vec<usize> {
    (0..sources.len())
        .map(|i| {
            (0..=i)
                .find(|&j| sources[j].slots == sources[i].slots)
                .unwrap_or(i)
        })
        .collect()
}

/// Reports each file's bad rows: errors, or warnings when bad rows are skipped.
fn report_files(sources: &[Source], chunks: &[Chunk], options: &Options, diags: &mut Diagnostics) {
    let row_severity = if options.skip_bad_rows {
        Severity::Warning
    } else {
        Severity::Error
    };
    for (i, source) in sources.iter().enumerate() {
        let of_file: Vec<&Chunk> = chunks.iter().filter(|c| c.source == i).collect();
        let problems: Vec<_> = of_file.iter().map(|c| &c.problems).collect();
        let records = of_file.iter().map(|c| c.records).sum();
        report_rows(source, &problems, records, row_severity, diags);
    }
}

/// Merges each person on their own, from their runs of rows in every chunk, and
/// warns about exact duplicate rows.
fn merge_people(merge: &Merge, people: usize, diags: &mut Diagnostics) -> Vec<Series> {
    let merged: Vec<(Series, Vec<(Entry, Entry)>)> = (0..people)
        .into_par_iter()
        .map(|p| merge.person(p))
        .collect();
    let mut duplicates = Vec::new();
    let people_series = merged
        .into_iter()
        .map(|(series, dups)| {
            duplicates.extend(dups);
            series
        })
        .collect();
    report_duplicates(merge, duplicates, diags);
    people_series
}
