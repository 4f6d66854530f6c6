//! `targets/*.csv`: quota spreadsheets. Each row is one effective-dated value,
//! `period,kpi,target` plus `rep` (a person) or `team`, or neither (the book's
//! default), in any column order, `,` or `;` delimited.

use std::path::Path;

use super::{Goal, Key, Owner, Targets};
use crate::base::csv::{detect_delimiter, field_span};
use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::base::period::{Period, PeriodKind};
use crate::load::files::walk;

/// The folder of quota spreadsheets in a book.
pub(crate) const DIR: &str = "targets";

/// Ids the rows may name, in roster order.
pub(crate) struct Ids<'a> {
    pub(crate) teams: &'a [&'a str],
    pub(crate) people: &'a [&'a str],
}

/// Reads every `targets/*.csv` of the book at `root` into `targets`.
pub(crate) fn load(
    root: &Path,
    targets: &mut Targets,
    kind: PeriodKind,
    ids: &Ids,
    diags: &mut Diagnostics,
) {
    for name in walk(root, DIR, diags) {
        if name.contains('/') || !name.to_ascii_lowercase().ends_with(".csv") {
            continue;
        }
        let rel = format!("{DIR}/{name}");
        match crate::load::files::read(root, Path::new(&rel), crate::load::files::MAX_TEXT) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                    read(&rel, text, targets, kind, ids, diags);
                }
                Err(_) => diags.push(
                    Diagnostic::error(&rel, "the file is not valid UTF-8")
                        .with_hint("save the spreadsheet as CSV UTF-8"),
                ),
            },
            Err(d) => diags.push(d),
        }
    }
}

/// Columns of a quota spreadsheet, by index.
struct Columns {
    period: usize,
    kpi: usize,
    target: usize,
    rep: Option<usize>,
    team: Option<usize>,
}

/// Reads one spreadsheet (`rel`, its `text`).
fn read(
    rel: &str,
    text: &str,
    targets: &mut Targets,
    kind: PeriodKind,
    ids: &Ids,
    diags: &mut Diagnostics,
) {
    let bytes = text.as_bytes();
    let delimiter = detect_delimiter(bytes.split(|&b| b == b'\n').next().unwrap_or(b""));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            diags.push(Diagnostic::error(
                rel,
                format!("cannot read the header: {e}"),
            ));
            return;
        }
    };
    let Some(columns) = columns(rel, text, &header, diags) else {
        return;
    };
    // A place in the file: the field `k` of the row starting at byte `pos` on line
    // `line` (found from the row, not by rescanning the file: rows are many).
    let at = |(pos, line): (usize, usize), k: usize| -> Diagnostic {
        let (start, end) = field_span(bytes, pos, delimiter, k);
        let before = &text[pos..start];
        let (line, line_start) = match before.rfind('\n') {
            Some(i) => (line + before.matches('\n').count(), pos + i + 1),
            None => (line, pos),
        };
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let col = text[line_start..start].chars().count() + 1;
        Diagnostic::error(rel, "")
            .at_line(line, col, text[line_start..line_end].trim_end_matches('\r'))
            .with_len(text[start..end].chars().count())
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                diags.push(
                    Diagnostic::error(rel, format!("cannot read the row: {e}")).at(text, line, 1),
                );
                break;
            }
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let pos = record
            .position()
            .map_or((0, 1), |p| (p.byte() as usize, p.line() as usize));
        let cell = |k: usize| record.get(k).unwrap_or("").trim();
        let mut ok = true;
        let mut fail = |d: Diagnostic, diags: &mut Diagnostics| {
            ok = false;
            diags.push(d);
        };

        let period = match Period::parse(cell(columns.period)) {
            Ok(p) => match super::yaml::wrong_kind(p, Some(kind)) {
                None => Some(p),
                Some((message, hint)) => {
                    let d = super::placed(&at(pos, columns.period), message).with_hint(hint);
                    fail(d, diags);
                    None
                }
            },
            Err(problem) => {
                let d = super::placed(&at(pos, columns.period), problem.message)
                    .with_hint("write the period the value starts from, e.g. 2026-07");
                fail(d, diags);
                None
            }
        };
        let kpi = cell(columns.kpi);
        if kpi.is_empty() {
            fail(
                super::placed(&at(pos, columns.kpi), "the KPI is empty")
                    .with_hint("write a KPI id such as revenue"),
                diags,
            );
        }
        let goal = match Goal::parse(cell(columns.target)) {
            Ok(g) => Some(g),
            Err(e) => {
                let d = super::placed(&at(pos, columns.target), e).with_hint(
                    "write a plain number with a `.` decimal point, or a band such as 0.75..0.85",
                );
                fail(d, diags);
                None
            }
        };
        let rep = columns.rep.map(cell).filter(|s| !s.is_empty());
        let team = columns.team.map(cell).filter(|s| !s.is_empty());
        let owner = match (rep, team) {
            (Some(_), Some(_)) => {
                let d = super::placed(
                    &at(pos, columns.team.unwrap_or(0)),
                    "a row names both a rep and a team",
                )
                .with_hint("a value is a person's or a team's: leave one of the two empty");
                fail(d, diags);
                None
            }
            (Some(id), None) => {
                resolve(id, ids.people, "person", &at(pos, columns.rep.unwrap_or(0)))
                    .map_err(|d| fail(d, diags))
                    .ok()
                    .map(Owner::Person)
            }
            (None, Some(id)) => resolve(id, ids.teams, "team", &at(pos, columns.team.unwrap_or(0)))
                .map_err(|d| fail(d, diags))
                .ok()
                .map(Owner::Team),
            (None, None) => Some(Owner::Default),
        };
        if let (true, Some(period), Some(goal), Some(owner)) = (ok, period, goal, owner) {
            let key = Key {
                from: Some(period),
                goal,
                at: at(pos, columns.target),
                named: at(pos, columns.kpi),
            };
            if let Err(d) = targets.add(owner, kpi, key) {
                diags.push(d);
            }
        }
    }
}

/// Finds the columns; an error naming what is missing.
fn columns(rel: &str, text: &str, header: &[String], diags: &mut Diagnostics) -> Option<Columns> {
    let find = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = ["period", "kpi", "target"]
        .into_iter()
        .filter(|c| find(c).is_none())
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(
            Diagnostic::error(rel, format!("a quota spreadsheet needs the columns {list}"))
                .at(text, 1, 1)
                .with_hint("the header is period,kpi,target plus rep (a person) or team, or neither for the book's default"),
        );
        return None;
    }
    for (k, name) in header.iter().enumerate() {
        if !["period", "kpi", "target", "rep", "team"].contains(&name.as_str()) {
            let mut d = Diagnostic::warning(rel, format!("column `{name}` is not read"));
            d = d.at(
                text,
                1,
                1 + header[..k]
                    .iter()
                    .map(|h| h.chars().count() + 1)
                    .sum::<usize>(),
            );
            if let Some(hint) = did_you_mean(name, ["period", "kpi", "target", "rep", "team"]) {
                d = d.with_hint(hint);
            }
            diags.push(d);
        }
    }
    Some(Columns {
        period: find("period")?,
        kpi: find("kpi")?,
        target: find("target")?,
        rep: find("rep"),
        team: find("team"),
    })
}

/// The index of `id` among `ids`; else an error at `at` with a suggestion.
#[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
fn resolve(id: &str, ids: &[&str], what: &str, at: &Diagnostic) -> Result<usize, Diagnostic> {
    ids.iter().position(|&i| i == id).ok_or_else(|| {
        let mut d = super::placed(at, format!("unknown {what} `{id}`"));
        if let Some(hint) = did_you_mean(id, ids.iter().copied()) {
            d = d.with_hint(hint);
        }
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> (Targets, Vec<Diagnostic>) {
        let mut targets = Targets::default();
        let mut diags = Diagnostics::new();
        let ids = Ids {
            teams: &["north", "south"],
            people: &["jan-nowak", "ewa-lis"],
        };
        read(
            "targets/q.csv",
            text,
            &mut targets,
            PeriodKind::Month,
            &ids,
            &mut diags,
        );
        (targets, diags.sorted())
    }

    #[test]
    fn rows_are_effective_dated_values_of_each_level() {
        let (t, d) = read_str(
            "\u{feff}rep;team;period;kpi;target\n\
             jan-nowak;;2026-07;revenue;110000\n\
             jan-nowak;;2026-01;revenue;90000\n\
             ;south;2026-01;deals;12\n\
             ;;2026-01;occupancy;0.75..0.85\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(
            t.person(0, Some(1), "revenue", p("2026-08")),
            Some(Goal::Value(110000.0))
        );
        assert_eq!(
            t.person(0, Some(1), "revenue", p("2026-03")),
            Some(Goal::Value(90000.0))
        );
        assert_eq!(
            t.person(1, Some(1), "deals", p("2026-03")),
            Some(Goal::Value(12.0))
        );
        assert_eq!(
            t.organisation("occupancy", p("2026-03")),
            Some(Goal::Band {
                min: Some(0.75),
                max: Some(0.85)
            })
        );
        assert_eq!(t.organisation("occupancy", p("2025-12")), None);
    }

    #[test]
    fn bad_rows_are_located_all_at_once() {
        let (_, d) = read_str(
            "period,kpi,target,rep,note\n\
             2026-Q3,revenue,100,jan-nowak,x\n\
             2026-07,revenue,1O0,jan-nowak,\n\
             2026-07,revenue,100,jan-nowk,\n\
             2026-07,revenue,100,jan-nowak,\n\
             2026-07,revenue,200,jan-nowak,\n",
        );
        let got: Vec<_> = d
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.col,
                    d.message.as_str(),
                    d.hint.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got[0].2, "column `note` is not read");
        assert_eq!(
            got[1..],
            [
                (
                    2,
                    1,
                    "`2026-Q3` is a quarter, but the book's periods are months",
                    "write months as YYYY-MM, e.g. 2026-07"
                ),
                (
                    3,
                    17,
                    "`1O0` is not a number",
                    "write a plain number with a `.` decimal point, or a band such as 0.75..0.85"
                ),
                (
                    4,
                    21,
                    "unknown person `jan-nowk`",
                    "did you mean `jan-nowak`?"
                ),
                (
                    6,
                    17,
                    "the target of `revenue` for `2026-07` is given twice",
                    "it is also given at targets/q.csv:5:17; keep one of them"
                ),
            ]
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let (_, d) = read_str("period,target\n2026-07,5\n");
        assert_eq!(d[0].message, "a quota spreadsheet needs the columns `kpi`");
    }
}
