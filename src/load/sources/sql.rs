//! A SQL source: the query runs in PostgreSQL (a warehouse does the heavy
//! aggregation) and returns one row per person and day or period, with `person`,
//! `date` or `period`, and one column per measure.

use jiff::civil::Date;

use super::aggregate::{Aggregate, Owner};
use super::cells::{self, LocalDays};
use super::config::Text;
use super::people::Match;
use super::postgres::{self, PgRows, PgValue};
use super::problems::{FileProblems, Problem, Unmatched};
use super::read::{Rules, local_day};
use super::report::Counts;
use super::{Context, at_yaml};
use crate::base::diag::{Diagnostic, Diagnostics};
use crate::base::period::Period;

/// What a query gave: its measure names, sums, counts and problems.
pub(super) struct QueryResult {
    pub(super) names: Vec<String>,
    pub(super) aggregate: Aggregate,
    pub(super) counts: Counts,
    pub(super) problems: FileProblems,
}

/// Runs a source's query and sums its rows.
pub(super) fn read_query(
    ctx: &Context,
    rules: &Rules,
    url_env: &Text,
    query: &Text,
    diags: &mut Diagnostics,
) -> Option<QueryResult> {
    let name = &rules.spec.name;
    let Ok(url) = std::env::var(&url_env.value) else {
        let d = Diagnostic::problem(format!(
            "source `{name}`: the environment variable `{}` is not set",
            url_env.value
        ))
        .with_hint("set it to the connection string, e.g. postgres://user@host/db (credentials never go in the book)");
        diags.push(at_yaml(ctx.yaml, url_env, d));
        return None;
    };
    let rows = match postgres::run(&url, &query.value, ctx.first_day) {
        Ok(rows) => rows,
        Err(message) => {
            let d = Diagnostic::problem(format!("source `{name}`: {message}"));
            diags.push(at_yaml(ctx.yaml, query, d));
            return None;
        }
    };
    let layout = layout(ctx, name, query, &rows, diags)?;
    let mut result = QueryResult {
        names: layout
            .measures
            .iter()
            .map(|&c| rows.columns[c].clone())
            .collect(),
        aggregate: Aggregate::new(layout.measures.len()),
        counts: Counts::default(),
        problems: FileProblems::default(),
    };
    let place = Place::new(ctx, query);
    let mut days = LocalDays::new(rules.book_zone.clone());
    for (r, row) in rows.rows.iter().enumerate() {
        add_row(
            ctx,
            rules,
            &layout,
            &place,
            (r, row),
            &mut days,
            &mut result,
        );
    }
    Some(result)
}

/// Which result columns are what.
struct Layout {
    person: usize,
    /// The `date` column, else the `period` one.
    when: usize,
    period: bool,
    measures: Vec<usize>,
}

fn layout(
    ctx: &Context,
    name: &str,
    query: &Text,
    rows: &PgRows,
    diags: &mut Diagnostics,
) -> Option<Layout> {
    let find = |n: &str| rows.columns.iter().position(|c| c == n);
    let person = find("person");
    let date = find("date");
    let period = find("period");
    let missing = match (person, date.or(period)) {
        (None, None) => Some("`person` and `date` (or `period`)"),
        (None, _) => Some("`person`"),
        (_, None) => Some("`date` (or `period`)"),
        _ => None,
    };
    if let Some(what) = missing {
        let d = Diagnostic::problem(format!(
            "source `{name}`: the query returns no {what} column (it returns {})",
            rows.columns.join(", ")
        ))
        .with_hint("name the columns with `as`: select agent_email as person, call_day as date, count(*) as calls …");
        diags.push(at_yaml(ctx.yaml, query, d));
        return None;
    }
    let (person, when) = (person?, date.or(period)?);
    let measures = (0..rows.columns.len())
        .filter(|&c| c != person && c != when && Some(c) != period && Some(c) != date)
        .collect();
    Some(Layout {
        person,
        when,
        period: date.is_none(),
        measures,
    })
}

/// Where a query's problems point: the query in sources.yaml.
struct Place {
    line: usize,
    col: usize,
    snippet: String,
}

impl Place {
    fn new(ctx: &Context, query: &Text) -> Place {
        let at = query.at.map_or((0, 0), |a| (a.line, a.col));
        Place {
            line: at.0,
            col: at.1,
            snippet: ctx
                .yaml
                .lines()
                .nth(at.0.saturating_sub(1))
                .unwrap_or("")
                .to_string(),
        }
    }

    fn problem(&self, message: String) -> Problem {
        Problem {
            line: self.line,
            col: self.col,
            len: 1,
            message,
            snippet: self.snippet.clone(),
            hint: None,
        }
    }
}

fn add_row(
    ctx: &Context,
    rules: &Rules,
    layout: &Layout,
    place: &Place,
    (r, row): (usize, &[PgValue]),
    days: &mut LocalDays,
    out: &mut QueryResult,
) {
    out.counts.rows += 1;
    let owner = match &row[layout.person] {
        PgValue::Null => None,
        PgValue::Text(t) if t.trim().is_empty() || rules.none.iter().any(|n| n == t.trim()) => None,
        value => {
            let text = match value {
                PgValue::Text(t) => t.trim().to_string(),
                PgValue::Number(n) => crate::base::csv::plain_number(*n),
                other => format!("{other:?}"),
            };
            match rules.matcher.find(&text, rules.spec.by) {
                Match::Person(p) => Some(Owner::Person(p)),
                Match::Unmatched => return unmatched(place, text, Vec::new(), out),
                Match::Ambiguous(list) => return unmatched(place, text, list, out),
            }
        }
    };
    let day = match when(ctx, rules, layout, &row[layout.when], days) {
        Ok(day) => day,
        Err(message) => {
            out.problems
                .add(place.problem(format!("row {} of the query: {message}", r + 1)));
            out.counts.bad += 1;
            return;
        }
    };
    let mut values = Vec::with_capacity(layout.measures.len());
    for (m, &c) in layout.measures.iter().enumerate() {
        let v = match &row[c] {
            PgValue::Null => continue,
            PgValue::Number(n) => Ok(*n),
            PgValue::Text(t) => cells::number(t, rules.style),
            other => Err(format!("{other:?} is not a number")),
        };
        let v = match v {
            Ok(v) => v,
            Err(e) => {
                let message = format!("row {} of the query, column `{}`: {e}", r + 1, out.names[m]);
                out.problems.add(place.problem(message));
                out.counts.bad += 1;
                return;
            }
        };
        values.push((m, v));
    }
    match owner {
        Some(owner) => {
            out.counts.used += 1;
            for (m, v) in values {
                out.aggregate.add(owner, day, m, v);
            }
        }
        None => {
            out.counts.no_person += 1;
            for (m, v) in values {
                out.aggregate.add(Owner::Organisation, day, m, v);
            }
        }
    }
    out.counts.days(day);
}

fn unmatched(place: &Place, text: String, ambiguous: Vec<u32>, out: &mut QueryResult) {
    out.counts.unmatched += 1;
    match out.problems.people.get_mut(&text) {
        Some(u) => u.rows += 1,
        None => {
            out.problems.people.insert(
                text,
                Unmatched {
                    first: place.problem(String::new()),
                    rows: 1,
                    ambiguous,
                },
            );
        }
    }
}

/// The day of a row: its `date` (converted to the book's day) or its `period`'s first
/// day, which must nest in the book's periods.
fn when(
    ctx: &Context,
    rules: &Rules,
    layout: &Layout,
    value: &PgValue,
    days: &mut LocalDays,
) -> Result<Date, String> {
    if layout.period {
        let PgValue::Text(t) = value else {
            return Err("`period` must be text such as 2026-10".into());
        };
        let period = Period::parse(t).map_err(|d| d.message)?;
        if !period.nests_in(ctx.period) {
            return Err(format!(
                "period `{t}` does not fit in the book's {} periods",
                ctx.period.as_str()
            ));
        }
        return Ok(period.start());
    }
    let stamp = match value {
        PgValue::Date(d) => return Ok(*d),
        PgValue::Local(dt) => cells::Stamp::Local(*dt),
        PgValue::Exact(ts) => cells::Stamp::Exact(*ts),
        PgValue::Text(t) => cells::parse_stamp(t.trim(), &cells::DateFormat::Iso)?,
        PgValue::Null => return Err("`date` is NULL".into()),
        PgValue::Number(n) => return Err(format!("`date` is the number {n}")),
    };
    Ok(local_day(&stamp, rules.source_zone, days))
}
