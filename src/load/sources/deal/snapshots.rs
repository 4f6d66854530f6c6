//! A deals source's files as snapshots of its export: each file's day (the ISO date
//! in its name, else the book's last day with data), the order they are read in, and
//! their open deals gathered into a [`DealExport`].
//!
//! Two monthly snapshots of one export hold the same deals twice: a deal closed in
//! March is in the March and the April file. Files are read newest first, and a row
//! whose deal id was in a later snapshot adds no measures (`read::Later`): every
//! deal counts once, from the latest snapshot that has it.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::FileDeals;
use crate::base::diag::{Diagnostic, Diagnostics, display_path};
use crate::load::sources::deals::{DealExport, Deals, OpenDeal, Snapshot, day_in_name};

/// The day of a snapshot without a date in its name, until the book's last day with
/// data is known ([`fill_days`]).
const UNDATED: Date = Date::MAX;

/// The files of a deals source in the order they are read: the one without a date
/// in its name first (it is taken on the book's last day with data: the newest),
/// then the dated ones, newest first. Two files on one day are an error naming both;
/// the second is read for its measures but kept as no snapshot (`None`).
pub(in crate::load::sources) fn order(
    source: &str,
    files: &[PathBuf],
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Option<Date>)> {
    let mut dated: Vec<(Date, &PathBuf)> = files
        .iter()
        .map(|f| (day_in_name(f).unwrap_or(UNDATED), f))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<(PathBuf, Option<Date>)> = Vec::new();
    for (i, &(day, file)) in dated.iter().enumerate() {
        if i > 0 && dated[i - 1].0 == day {
            let first = dated[i - 1].1;
            diags.push(same_day(source, first, file, day));
            out.push((file.clone(), None));
        } else {
            out.push((file.clone(), Some(day)));
        }
    }
    out
}

/// Two files of one export on one snapshot day.
fn same_day(source: &str, first: &Path, second: &Path, day: Date) -> Diagnostic {
    let (message, hint) = if day == UNDATED {
        (
            format!(
                "{} and {} are files of the deals export `{source}` with no date in their names: both would be its snapshot on the book's last day with data",
                display_path(first),
                display_path(second)
            ),
            "put each snapshot's day in its file name (hubspot-deals-2026-03-31.csv), or give the files separate sources in sources.yaml",
        )
    } else {
        (
            format!(
                "{} and {} are two snapshots of the deals export `{source}` on the same day, {day}",
                display_path(first),
                display_path(second)
            ),
            "keep one file per snapshot day (the date in the file name is the snapshot's day)",
        )
    };
    Diagnostic::error(second, message).with_hint(hint)
}

/// The snapshots of one deals source, gathered file by file.
pub(in crate::load::sources) struct Gather {
    export: DealExport,
    /// Whether the source has several snapshots and a file without an id column.
    several: bool,
    no_id: Option<PathBuf>,
    /// Whether the source has measures (else rows in later snapshots need no note).
    measures: bool,
}

impl Gather {
    pub(in crate::load::sources) fn new(source: &str, files: usize, measures: bool) -> Gather {
        Gather {
            export: DealExport {
                source: source.to_string(),
                has_probability: false,
                has_category: false,
                snapshots: Vec::new(),
            },
            several: files > 1,
            no_id: None,
            measures,
        }
    }

    /// Adds a file's open deals as its snapshot (`day` `None`: a second file on a
    /// day, already reported); notes rows left to a later snapshot and warns about
    /// a deal twice in the file.
    pub(in crate::load::sources) fn add(
        &mut self,
        rel: &Path,
        day: Option<Date>,
        read: &mut FileDeals,
        diags: &mut Diagnostics,
    ) {
        self.export.has_probability |= read.has_probability;
        self.export.has_category |= read.has_category;
        if !read.has_id && self.no_id.is_none() {
            self.no_id = Some(rel.to_path_buf());
        }
        if read.repeated > 0 && self.measures {
            let s = if read.repeated == 1 { "" } else { "s" };
            diags.push(Diagnostic::note(
                rel,
                format!(
                    "{}: {} row{s} of deals also in a later snapshot count there only (deals, revenue and the other measures)",
                    display_path(rel),
                    read.repeated
                ),
            ));
        }
        let deals = once_each(rel, std::mem::take(&mut read.deals), diags);
        if let Some(day) = day {
            self.export.snapshots.push(Snapshot {
                day,
                file: rel.to_path_buf(),
                dated: day != UNDATED,
                deals,
            });
        }
    }

    /// The export, its snapshots oldest first; warns when snapshots cannot be told
    /// apart by deal id.
    pub(in crate::load::sources) fn finish(mut self, diags: &mut Diagnostics) -> DealExport {
        if self.several
            && let Some(file) = &self.no_id
        {
            diags.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "{} is one of several snapshots of `{}` but has no deal id column: a deal in several snapshots counts in each",
                        display_path(file),
                        self.export.source
                    ),
                )
                .with_hint("export the record id (`Record ID`, `Opportunity ID`, `Deal - ID`), or map it with `deal: { id: … }`"),
            );
        }
        self.export.snapshots.sort_by_key(|s| s.day);
        self.export
    }
}

/// The deals of a file (sorted by id, then line) with each id once: the first line
/// is kept, and a repeated id is warned about.
fn once_each(rel: &Path, deals: Vec<OpenDeal>, diags: &mut Diagnostics) -> Vec<OpenDeal> {
    let mut out: Vec<OpenDeal> = Vec::with_capacity(deals.len());
    let mut repeated = 0;
    let mut first: Option<(String, u64, u64)> = None;
    for deal in deals {
        match out.last() {
            Some(prev) if prev.id == deal.id => {
                repeated += 1;
                if first.is_none() {
                    first = Some((deal.id.clone(), prev.line, deal.line));
                }
            }
            _ => out.push(deal),
        }
    }
    if let Some((id, a, b)) = first {
        let more = match repeated {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        diags.push(
            Diagnostic::warning(
                rel,
                format!(
                    "open deal `{id}` is on lines {a} and {b} of this file{more}: each deal is kept once, from its first line"
                ),
            )
            .with_hint("a deals export has one row per deal; check the export's filters"),
        );
    }
    out
}

/// Gives the snapshots without a date in their names the book's last day with data
/// (`last`), once every metric is loaded; such a snapshot must be the export's
/// newest. A snapshot that cannot be placed is an error and dropped.
pub(crate) fn fill_days(deals: &mut Deals, last: Option<Date>, diags: &mut Diagnostics) {
    for export in &mut deals.exports {
        let mut dropped = Vec::new();
        let newest_dated = export
            .snapshots
            .iter()
            .filter(|s| s.dated)
            .map(|s| (s.day, s.file.clone()))
            .max();
        for (i, snapshot) in export.snapshots.iter_mut().enumerate() {
            if snapshot.dated {
                continue;
            }
            let file = display_path(&snapshot.file);
            match (last, &newest_dated) {
                (None, _) => {
                    diags.push(
                        Diagnostic::error(
                            &snapshot.file,
                            format!("{file} has no date in its name, and the book has no day with data to take its snapshot on"),
                        )
                        .with_hint("put the snapshot's day in the file name, e.g. hubspot-deals-2026-03-31.csv"),
                    );
                    dropped.push(i);
                }
                (Some(day), Some((newest, other))) if day <= *newest => {
                    diags.push(
                        Diagnostic::error(
                            &snapshot.file,
                            format!(
                                "{file} has no date in its name, so it is the snapshot of the book's last day with data, {day}; but {} is a later or same-day snapshot ({newest})",
                                display_path(other)
                            ),
                        )
                        .with_hint("put the snapshot's day in the file name, e.g. hubspot-deals-2026-03-31.csv"),
                    );
                    dropped.push(i);
                }
                (Some(day), _) => snapshot.day = day,
            }
        }
        for i in dropped.into_iter().rev() {
            export.snapshots.remove(i);
        }
        export.snapshots.sort_by_key(|s| s.day);
    }
}
