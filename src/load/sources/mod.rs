//! Sources: exports as the tools write them (CRM deals, call logs, interactions) and
//! SQL queries, turned into base measures per person (or team) and local day, which
//! then flow through the same compute as the native `date,rep,…` metrics.
//!
//! - `config`: sources.yaml; `presets`: the built-in mappings;
//! - `table`: a file (CSV in any encoding, XLSX) as a stream of records;
//! - `cells`: numbers, durations, dates and time zones as tools write them;
//! - `expr`: the SQL expressions of `sum` and `where`;
//! - `people`: matching person cells to team.yaml;
//! - `read`: one file through its mapping; `sql`: a PostgreSQL query;
//! - `deal`: the open deals of a deals source, and its files as snapshots;
//! - `aggregate`: exact sums per owner and day; `report`: the sources report.
//!
//! Every file in `metrics/` is read once: by the source whose `files` claims it, else
//! as native metrics (it has a `rep` column) or by the preset its header matches.

pub(crate) mod aggregate;
pub(crate) mod cell;
pub(crate) mod cells;
mod columns;
pub(crate) mod config;
mod deal;
pub(crate) mod deals;
pub(crate) mod expr;
pub(crate) mod people;
pub(crate) mod postgres;
pub(crate) mod presets;
mod problems;
mod read;
pub(crate) mod report;
mod sql;
pub(crate) mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::base::diag::{self, Diagnostic, Diagnostics, Severity};
use crate::base::locale::Locale;
use crate::base::period::PeriodKind;
use crate::load::series::{Series, add_series};
use crate::load::sources::deals::{DealExport, Deals};
use crate::load::team::Roster;
use aggregate::Aggregate;
use config::{Config, Input, Spec, Text};
use people::Matcher;
use problems::FileProblems;
use read::Rules;
use report::SourceRow;

pub(crate) use cells::NumberStyle;
pub(crate) use deal::snapshots::fill_days;

/// Files a source reads, or its query.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) spec: Spec,
    /// Book-relative files, sorted.
    pub(crate) files: Vec<PathBuf>,
}

/// What the book needs to read sources.
pub(crate) struct Context<'a> {
    pub(crate) root: &'a Path,
    /// The book's locale (default number style), currency, period kind and
    /// whether bad rows are skipped by default.
    pub(crate) locale: Locale,
    pub(crate) currency: &'a str,
    pub(crate) period: PeriodKind,
    pub(crate) skip_bad_rows: bool,
    pub(crate) roster: &'a Roster,
    /// sources.yaml's text, for messages.
    pub(crate) yaml: &'a str,
    /// The zone of days (the book's) and the default zone of sources' wall times.
    pub(crate) book_zone: &'a TimeZone,
    pub(crate) sources_zone: &'a TimeZone,
    /// `$1` of SQL queries.
    pub(crate) first_day: Date,
}

impl Context<'_> {
    fn team_index(&self, id: &str) -> Option<u32> {
        self.roster
            .teams
            .iter()
            .position(|t| t.id == id)
            .map(|i| i as u32)
    }
}

/// What the sources yield, ready to merge with the native metrics.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// The measures, sorted; every series row has one value per measure.
    pub(crate) measures: Vec<String>,
    pub(crate) people: Vec<Series>,
    pub(crate) teams: Vec<Series>,
    pub(crate) organisation: Series,
    pub(crate) report: Vec<SourceRow>,
    /// The open deals of the deals sources; a snapshot without a date in its name
    /// has no day yet ([`fill_days`]).
    pub(crate) deals: Deals,
}

/// A problem about a mapping value: in sources.yaml when the user wrote it, else (a
/// preset's) in the data file.
fn placed(ctx: &Context, text: &Text, d: Diagnostic, rel: &Path) -> Diagnostic {
    match text.at {
        Some(_) => at_yaml(ctx.yaml, text, d),
        None => d.in_file(rel),
    }
}

/// A problem inside an expression: at its characters in sources.yaml, following the
/// YAML quoting of the value.
fn expr_diagnostic(
    ctx: &Context,
    text: &Text,
    offset: usize,
    len: usize,
    message: String,
    rel: &Path,
) -> Diagnostic {
    let d = Diagnostic::problem(message);
    let Some(at) = text.at else {
        return d.in_file(rel);
    };
    let line = ctx
        .yaml
        .lines()
        .nth(at.line.saturating_sub(1))
        .unwrap_or("");
    let raw: String = line.chars().skip(at.col.saturating_sub(1)).collect();
    let shift = yaml_shift(&raw, &text.value, offset);
    let end = yaml_shift(&raw, &text.value, (offset + len).min(text.value.len()));
    d.in_file(config::FILE)
        .at(ctx.yaml, at.line, at.col + shift)
        .with_len(end.saturating_sub(shift).max(1))
}

/// How many characters into the written scalar `raw` the value's byte `offset` is.
fn yaml_shift(raw: &str, value: &str, offset: usize) -> usize {
    let target = value.get(..offset).map_or(0, |s| s.chars().count());
    let mut chars = raw.chars();
    match raw.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            chars.next();
            let mut decoded = 0;
            let mut written = 1;
            while decoded < target {
                let Some(c) = chars.next() else { break };
                written += 1;
                // `\x` in double quotes and `''` in single quotes are one character.
                if (quote == '"' && c == '\\') || (quote == '\'' && c == '\'') {
                    chars.next();
                    written += 1;
                }
                decoded += 1;
            }
            written
        }
        _ => target,
    }
}

/// The sources of a book: its sources.yaml entries and the files of `metrics/` that
/// a preset recognises. Returns the jobs and the files left for the native loader.
pub(crate) fn plan(
    root: &Path,
    config: &Config,
    yaml: &str,
    metric_files: &[String],
    diags: &mut Diagnostics,
) -> (Vec<Job>, Vec<String>) {
    let mut jobs: Vec<Job> = Vec::new();
    let mut claimed: BTreeMap<PathBuf, String> = BTreeMap::new();
    for spec in &config.sources {
        let files = match &spec.input {
            Input::Files(Some(glob)) => {
                let files = glob_files(root, glob, yaml, diags);
                for f in &files {
                    if let Some(other) = claimed.insert(f.clone(), spec.name.clone()) {
                        let d = Diagnostic::problem(format!(
                            "{} is read by two sources, `{other}` and `{}`",
                            f.display(),
                            spec.name
                        ))
                        .with_hint("make the `files` globs of the two sources exclusive");
                        diags.push(at_yaml(yaml, glob, d));
                    }
                }
                files
            }
            _ => Vec::new(),
        };
        jobs.push(Job {
            spec: spec.clone(),
            files,
        });
    }
    let mut native = Vec::new();
    let mut found: BTreeMap<&'static str, Vec<PathBuf>> = BTreeMap::new();
    for name in metric_files {
        let rel = PathBuf::from("metrics").join(name);
        if claimed.contains_key(&rel) {
            continue;
        }
        match sniff(root, &rel) {
            Sniffed::Native => native.push(name.clone()),
            Sniffed::Preset(p) => {
                diags.push(Diagnostic::note(
                    &rel,
                    format!("{}: read as {} (preset {})", rel.display(), p.tool, p.id),
                ));
                found.entry(p.id).or_default().push(rel);
            }
            Sniffed::Broken(message) => diags.push(Diagnostic::error(&rel, message)),
            Sniffed::Unknown(hint) => {
                if name.to_ascii_lowercase().ends_with(".xlsx") {
                    diags.push(
                        Diagnostic::error(&rel, "this workbook is no export pulsebook knows")
                            .with_hint(hint),
                    );
                } else {
                    diags.push(
                        Diagnostic::note(
                            &rel,
                            format!(
                                "{}: neither native metrics (`date,rep,…`) nor an export pulsebook knows",
                                rel.display()
                            ),
                        )
                        .with_hint(hint),
                    );
                    native.push(name.clone());
                }
            }
        }
    }
    for (id, files) in found {
        let preset = presets::by_id(id).expect("invariant: found by id");
        jobs.push(Job {
            spec: Spec::preset(preset, id),
            files,
        });
    }
    (jobs, native)
}

/// What a file in `metrics/` looks like from its header.
enum Sniffed {
    Native,
    Preset(&'static presets::Preset),
    /// Neither: the hint says what is closest and how to look.
    Unknown(String),
    /// A workbook that cannot be read, and why.
    Broken(String),
}

fn is_workbook(rel: &Path) -> bool {
    rel.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn sniff(root: &Path, rel: &Path) -> Sniffed {
    let inspect = format!(
        "see what pulsebook reads in it with `pulsebook inspect {}`",
        rel.display()
    );
    let table = match table::open(&root.join(rel), &table::ReadOptions::default()) {
        Ok(table) => table,
        // A workbook is never native: what is wrong with it is the message.
        Err(e) if is_workbook(rel) => return Sniffed::Broken(e.message),
        Err(_) => return Sniffed::Native,
    };
    let columns = table.columns();
    if columns.iter().any(|c| c.trim() == "rep") {
        return Sniffed::Native;
    }
    if let Some(p) = presets::recognise(columns) {
        return Sniffed::Preset(p);
    }
    match presets::closest(columns) {
        Some((p, missing)) => Sniffed::Unknown(format!(
            "it looks like {} (preset {}) but lacks {}; {inspect}",
            p.tool,
            p.id,
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => Sniffed::Unknown(format!("map its columns in sources.yaml; {inspect}")),
    }
}

/// The book's files a glob matches (relative to the book, sorted); none is an error.
fn glob_files(root: &Path, glob: &Text, yaml: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let pattern = glob.value.trim().trim_start_matches("./");
    if Path::new(pattern).is_absolute() || pattern.split(['/', '\\']).any(|part| part == "..") {
        let d = Diagnostic::problem(format!(
            "`{}` is outside the book: globs are relative to the book folder and stay inside it",
            glob.value
        ))
        .with_hint("copy the exports into the book, e.g. metrics/, and name them from there");
        diags.push(at_yaml(yaml, glob, d));
        return Vec::new();
    }
    let matcher = match globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
    {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            let d = Diagnostic::problem(format!("`{}` is not a glob: {}", glob.value, e.kind()));
            diags.push(at_yaml(yaml, glob, d));
            return Vec::new();
        }
    };
    // Walk from the literal part of the pattern.
    let base: Vec<&str> = pattern
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[', '{']))
        .collect();
    let base = if base.len() == pattern.split('/').count() {
        &base[..base.len() - 1]
    } else {
        &base[..]
    };
    let dir = base.join("/");
    let mut files: Vec<PathBuf> = crate::load::files::walk(root, &dir, diags)
        .into_iter()
        .map(|f| {
            if dir.is_empty() {
                PathBuf::from(f)
            } else {
                PathBuf::from(&dir).join(f)
            }
        })
        .filter(|f| matcher.is_match(f))
        .collect();
    files.sort();
    if files.is_empty() {
        let d = Diagnostic::problem(format!("`{}` matches no file", glob.value))
            .with_hint("the glob is relative to the book folder, e.g. `metrics/hubspot-*.csv`");
        diags.push(at_yaml(yaml, glob, d));
    }
    files
}

/// A problem about a value of sources.yaml (`yaml` is the file's text), at the value.
pub(crate) fn at_yaml(yaml: &str, text: &Text, d: Diagnostic) -> Diagnostic {
    match text.at {
        Some(at) => d
            .in_file(config::FILE)
            .at(yaml, at.line, at.col)
            .with_len(text.value.chars().count().max(1)),
        None => d.in_file(config::FILE),
    }
}

/// Reads every job: the measures per owner and day, and the report.
pub(crate) fn load(ctx: &Context, jobs: &[Job], diags: &mut Diagnostics) -> Loaded {
    let matcher = Matcher::new(&ctx.roster.people);
    let mut measures: Vec<String> = jobs
        .iter()
        .flat_map(|j| j.spec.measures.iter().map(|m| m.name.value.clone()))
        .collect();
    let mut parts: Vec<(Vec<String>, Aggregate)> = Vec::new();
    let mut report = Vec::new();
    let mut deals = Deals::default();
    for job in jobs {
        if let Some(read) = load_job(ctx, &matcher, job, diags) {
            measures.extend(read.names.iter().cloned());
            parts.push((read.names, read.aggregate));
            report.extend(read.rows);
            deals.exports.extend(read.deals);
        }
    }
    deals.exports.sort_by(|a, b| a.source.cmp(&b.source));
    measures.sort();
    measures.dedup();
    let width = measures.len();
    let mut loaded = Loaded {
        people: vec![Series::default(); ctx.roster.people.len()],
        teams: vec![Series::default(); ctx.roster.teams.len()],
        ..Loaded::default()
    };
    for (names, aggregate) in parts {
        let columns: Vec<usize> = names
            .iter()
            .map(|n| {
                measures
                    .binary_search(n)
                    .expect("invariant: collected above")
            })
            .collect();
        let (people, teams, org) = aggregate.into_series(
            &columns,
            width,
            ctx.roster.people.len(),
            ctx.roster.teams.len(),
        );
        for (mine, theirs) in loaded.people.iter_mut().zip(people) {
            add_series(mine, theirs, width);
        }
        for (mine, theirs) in loaded.teams.iter_mut().zip(teams) {
            add_series(mine, theirs, width);
        }
        add_series(&mut loaded.organisation, org, width);
    }
    loaded.measures = measures;
    loaded.report = report;
    loaded.deals = deals;
    loaded
}

/// What one job read: its measure names, sums, report rows and open deals.
struct JobRead {
    names: Vec<String>,
    aggregate: Aggregate,
    rows: Vec<SourceRow>,
    deals: Option<DealExport>,
}

/// One job: its measure names, sums, report rows and (a deals source) open deals.
fn load_job(
    ctx: &Context,
    matcher: &Matcher,
    job: &Job,
    diags: &mut Diagnostics,
) -> Option<JobRead> {
    let spec = &job.spec;
    let names: Vec<String> = spec.measures.iter().map(|m| m.name.value.clone()).collect();
    let zone = match &spec.timezone {
        Some(t) => match cells::zone(&t.value) {
            Ok(z) => z,
            Err(message) => {
                diags.push(at_yaml(ctx.yaml, t, Diagnostic::problem(message)));
                return None;
            }
        },
        None => ctx.sources_zone.clone(),
    };
    let style = match &spec.number_style {
        Some(t) => match t.value.as_str() {
            "en" => NumberStyle::En,
            "pl" => NumberStyle::Pl,
            "nb" => NumberStyle::Nb,
            other => {
                let d = Diagnostic::problem(format!("unknown number style `{other}`"))
                    .with_hint("expected en (1,234.50), pl (1 234,50) or nb (1 234,50)");
                diags.push(at_yaml(ctx.yaml, t, d));
                return None;
            }
        },
        None => NumberStyle::of_locale(ctx.locale.as_str()),
    };
    let skip_bad = spec.skip_bad_rows.unwrap_or(ctx.skip_bad_rows);
    let rules = Rules {
        spec,
        matcher,
        none: spec.none.clone(),
        style,
        source_zone: &zone,
        book_zone: ctx.book_zone,
        currency: ctx.currency,
        width: names.len(),
    };
    let mut aggregate = Aggregate::new(names.len());
    let mut rows = Vec::new();
    if let Input::Postgres { url_env, query } = &spec.input {
        let result = sql::read_query(ctx, &rules, url_env, query, diags)?;
        report_problems(
            ctx,
            &rules,
            Path::new(config::FILE),
            &result.problems,
            skip_bad,
            diags,
        );
        rows.push(SourceRow {
            source: spec.name.clone(),
            file: "postgres".to_string(),
            counts: result.counts,
        });
        return Some(JobRead {
            names: result.names,
            aggregate: result.aggregate,
            rows,
            deals: None,
        });
    }
    // A deals source's files are snapshots, read newest first (`deal::snapshots`).
    let files: Vec<(PathBuf, Option<Date>)> = match &spec.deal {
        Some(_) => deal::snapshots::order(&spec.name, &job.files, diags),
        None => job.files.iter().map(|f| (f.clone(), None)).collect(),
    };
    let mut gather = spec
        .deal
        .as_ref()
        .map(|_| deal::snapshots::Gather::new(&spec.name, files.len(), !names.is_empty()));
    let mut later = read::Later::default();
    let mut file_rows: Vec<(&PathBuf, SourceRow)> = Vec::new();
    for (i, (rel, day)) in files.iter().enumerate() {
        let mut part = Aggregate::new(names.len());
        later.collect = gather.is_some() && i + 1 < files.len();
        let Some(mut read) = read::read_file(ctx, &rules, rel, &later, &mut part, diags) else {
            continue;
        };
        report_problems(ctx, &rules, rel, &read.problems, skip_bad, diags);
        if read.counts.rows == 0 {
            diags.push(Diagnostic::warning(
                rel,
                "no data rows: the file has only a header",
            ));
        }
        aggregate.merge(part);
        later.seen.extend(std::mem::take(&mut read.open.ids));
        if let Some(g) = &mut gather {
            g.add(rel, *day, &mut read.open, diags);
        }
        let row = SourceRow {
            source: spec.name.clone(),
            file: diag::display_path(rel),
            counts: read.counts,
        };
        file_rows.push((rel, row));
    }
    // The report lists files in their order, whatever order they were read in.
    file_rows.sort_by(|a, b| a.0.cmp(b.0));
    rows.extend(file_rows.into_iter().map(|(_, row)| row));
    Some(JobRead {
        names,
        aggregate,
        rows,
        deals: gather.map(|g| g.finish(diags)),
    })
}

/// A file's problems as diagnostics.
fn report_problems(
    ctx: &Context,
    rules: &Rules,
    rel: &Path,
    problems: &FileProblems,
    skip_bad: bool,
    diags: &mut Diagnostics,
) {
    let severity = if skip_bad {
        Severity::Warning
    } else {
        Severity::Error
    };
    for p in &problems.cells {
        let mut d = Diagnostic {
            severity,
            ..Diagnostic::error(rel, p.message.clone())
        }
        .at_line(p.line, p.col, p.snippet.clone())
        .with_len(p.len);
        if let Some(h) = &p.hint {
            d = d.with_hint(h.clone());
        }
        diags.push(d);
    }
    if problems.more > 0 {
        let kind = if skip_bad { "skipped rows" } else { "errors" };
        diags.push(Diagnostic {
            severity,
            ..Diagnostic::error(
                rel,
                format!("… and {} more {kind} in this file", problems.more),
            )
        });
    }
    for (value, u) in &problems.people {
        diags.push(person_problem(ctx, rules, rel, value, u));
    }
    for (value, u) in &problems.categories {
        let rows = if u.rows == 1 {
            "1 open deal".to_string()
        } else {
            format!("{} open deals", u.rows)
        };
        diags.push(
            Diagnostic::warning(
                rel,
                format!("unknown forecast category \"{value}\" ({rows}, kept without a category)"),
            )
            .at_line(u.first.line, u.first.col, u.first.snippet.clone())
            .with_len(u.first.len)
            .with_hint("the forecast categories are Commit, Best Case, Pipeline and Omitted"),
        );
    }
    for (value, rows) in &problems.teams {
        let s = if *rows == 1 { "" } else { "s" };
        let shown = if value.is_empty() { "(empty)" } else { value };
        diags.push(
            Diagnostic::warning(
                rel,
                format!("team `{shown}` of {rows} row{s} without a person names no team: counted for the organisation only"),
            )
            .with_hint("map it to a team id in `team: { map: … }` of this source"),
        );
    }
}

fn person_problem(
    ctx: &Context,
    rules: &Rules,
    rel: &Path,
    value: &str,
    u: &problems::Unmatched,
) -> Diagnostic {
    let rows = if u.rows == 1 {
        "1 row".to_string()
    } else {
        format!("{} rows", u.rows)
    };
    let people = &ctx.roster.people;
    let (severity, message, hint) = if u.ambiguous.is_empty() {
        let hint = match rules.matcher.closest(value) {
            Some(p) => format!(
                "the closest person is {} (`{}`); if this is them, add \"{value}\" to their `aliases:` in team.yaml",
                people[p as usize].name, people[p as usize].id
            ),
            None => {
                "add the person to team.yaml, or this value to someone's `aliases:`".to_string()
            }
        };
        let severity = if rules.spec.unmatched_skip {
            Severity::Warning
        } else {
            Severity::Error
        };
        let message = if rules.spec.unmatched_skip {
            format!("unknown person \"{value}\" ({rows} skipped)")
        } else {
            format!("unknown person \"{value}\" ({rows})")
        };
        (severity, message, hint)
    } else {
        let who: Vec<String> = u
            .ambiguous
            .iter()
            .map(|&p| format!("`{}`", people[p as usize].id))
            .collect();
        (
            Severity::Error,
            format!(
                "\"{value}\" matches {} people: {} ({rows})",
                who.len(),
                who.join(", ")
            ),
            "give each person a distinct alias in team.yaml, or export ids or e-mails".to_string(),
        )
    };
    Diagnostic {
        severity,
        ..Diagnostic::error(rel, message)
    }
    .at_line(u.first.line, u.first.col, u.first.snippet.clone())
    .with_len(u.first.len)
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_shift_follows_quoting() {
        // "\"TALK TIM\" > 0": the value's `TALK TIM` starts at byte 1.
        assert_eq!(
            yaml_shift(r#""\"TALK TIM\" > 0""#, "\"TALK TIM\" > 0", 1),
            3
        );
        assert_eq!(yaml_shift("'it''s x'", "it's x", 5), 7);
        assert_eq!(yaml_shift("ABANDONED = 1", "ABANDONED = 1", 12), 12);
    }
}
