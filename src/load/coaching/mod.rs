//! `coaching/*.yaml`: the coaching log (touchpoints with feedback and actions),
//! mentoring relationships with goals, and the planned rhythm — loaded into a
//! validated model. Every reference (people, teams, KPIs), date, enumeration and count
//! is checked here with file/line/column diagnostics; later stages trust the model.
//!
//! `model` is what later stages read, `raw` the file's shape, `convert` the checks.

mod convert;
mod model;
mod raw;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::load::team::Roster;
use crate::load::yaml::{self, Source};
use convert::{Checker, convert_mentoring, convert_rhythm, convert_touchpoint};
use raw::RawFile;

#[cfg(test)]
pub(crate) use model::{Action, Done, Goal, Mentoring, Rhythm};
pub(crate) use model::{Coaching, Frequency, GoalKpi, Kind, Plan, Touchpoint};

/// The coaching files read and parsed as YAML, not yet checked against the book.
/// Parsing needs nothing else of the book, so it runs beside the metrics, and the
/// files in parallel (a large organisation's log is megabytes of YAML).
pub(crate) struct Parsed {
    files: Vec<(PathBuf, String, Option<RawFile>)>,
    /// Read and YAML errors, in file order.
    pub(crate) diags: Diagnostics,
}

/// Reads and parses `coaching/*.yaml` of the book at `root`.
pub(crate) fn parse(root: &Path) -> Parsed {
    let mut diags = Diagnostics::new();
    let texts = files(root, &mut diags);
    parse_texts(texts, diags)
}

fn parse_texts(texts: Vec<(PathBuf, String)>, mut diags: Diagnostics) -> Parsed {
    let parsed: Vec<(Option<RawFile>, Diagnostics)> = texts
        .par_iter()
        .map(|(path, text)| {
            let mut d = Diagnostics::new();
            let raw =
                yaml::parse::<Option<RawFile>>(path, text, &mut d).map(Option::unwrap_or_default);
            (raw, d)
        })
        .collect();
    let mut files = Vec::with_capacity(texts.len());
    for ((path, text), (raw, d)) in texts.into_iter().zip(parsed) {
        diags.extend(d);
        files.push((path, text, raw));
    }
    Parsed { files, diags }
}

/// Checks the parsed files against the book and builds the coaching log.
pub(crate) fn load(
    parsed: &Parsed,
    roster: &Roster,
    kpis: &[&str],
    diags: &mut Diagnostics,
) -> Coaching {
    let mut coaching = Coaching::default();
    let mut rhythm_file: Option<PathBuf> = None;
    for (path, text, raw) in &parsed.files {
        let Some(raw) = raw else {
            continue;
        };
        let mut c = Checker {
            src: Source { path, text },
            roster,
            kpis,
            diags,
        };
        if let Some(rhythm) = &raw.rhythm {
            if let Some(first) = &rhythm_file {
                let hint = format!(
                    "keep one `rhythm:`; the other is in {}",
                    crate::base::diag::display_path(first)
                );
                c.error(rhythm, "the rhythm is set twice", &hint);
            } else {
                rhythm_file = Some(path.clone());
                coaching.rhythm = convert_rhythm(&rhythm.value, &mut c);
            }
        }
        for t in &raw.touchpoints {
            if let Some(t) = convert_touchpoint(t, &mut c) {
                coaching.touchpoints.push(t);
            }
        }
        for m in &raw.mentoring {
            if let Some(m) = convert_mentoring(m, &mut c) {
                coaching.mentoring.push(m);
            }
        }
    }
    coaching.touchpoints.sort_by_key(|t| t.date);
    coaching
}

/// The coaching files of a book: `coaching/*.yaml` (and `.yml`), sorted.
fn files(root: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    crate::load::files::walk(root, "coaching", diags)
        .into_iter()
        .filter(|f| !f.contains('/') && (f.ends_with(".yaml") || f.ends_with(".yml")))
        .filter_map(|f| {
            let rel = PathBuf::from("coaching").join(&f);
            let bytes = crate::load::files::read(root, &rel, crate::load::files::MAX_TEXT);
            match bytes.map(String::from_utf8) {
                Ok(Ok(text)) => Some((rel, text)),
                Ok(Err(_)) => {
                    diags.push(
                        Diagnostic::error(&rel, "the file is not valid UTF-8")
                            .with_hint("save it as UTF-8"),
                    );
                    None
                }
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        })
        .collect()
}
