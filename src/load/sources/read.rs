//! Reading one file of a source: its columns resolved against the mapping, its dates'
//! format detected, then every record turned into measures of an owner and a day.
//!
//! Records stream in batches; a reader thread fills batches while workers evaluate
//! them, each worker into its own [`Aggregate`], merged at the end (exact integer
//! sums, so the result never depends on the number of threads). A deals source's
//! workers also keep the open deals (`deal`), sorted by id when merged.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::aggregate::{Aggregate, Owner};
use super::cell::Cell;
use super::cells::{self, DateDetector, DateFormat, LocalDays, NumberStyle, Stamp};
use super::columns::{column_index, find_column};
use super::config::{Spec, Text};
use super::deal::{DealPlan, FileDeals};
use super::expr::{self, Env, EvalError, Expr};
use super::people::{Match, Matcher};
use super::problems::{FileProblems, Problem};
use super::report::Counts;
use super::table::{self, Batch, ReadOptions, Table};
use super::{Context, placed};
use crate::base::diag::{Diagnostic, Diagnostics};

/// Records per batch.
const BATCH: usize = 8_192;
/// Batches a reader may run ahead of the workers (bounds memory).
const AHEAD: usize = 4;
/// Values looked at to detect a date column's format before the rest is read.
const DETECT: usize = 1_000;

/// An expression of a measure, compiled.
pub(super) struct Compiled {
    pub(super) expr: Expr,
    /// It reads days (`days_between`): its columns' date formats are detected.
    pub(super) reads_days: bool,
}

/// One measure, compiled against a file's header.
pub(super) struct Measure {
    /// Index in the source's measure list.
    pub(super) slot: usize,
    pub(super) sum: Option<Compiled>,
    pub(super) filter: Option<Compiled>,
    /// Column of the measure's own day; `None`: the source's date column.
    pub(super) date: Option<usize>,
}

/// A file's mapping, compiled against its header.
pub(super) struct Plan {
    pub(super) columns: Vec<String>,
    pub(super) person: usize,
    /// The source's day column; `None` only for a deals source without measures.
    pub(super) date: Option<usize>,
    pub(super) team: Option<(usize, HashMap<String, Option<u32>>)>,
    pub(super) currency: Option<usize>,
    pub(super) measures: Vec<Measure>,
    /// Per column: its date format, for the columns that hold days.
    pub(super) formats: Vec<Option<DateFormat>>,
    /// A deals source's deal columns.
    pub(super) deal: Option<DealPlan>,
}

/// What the rest of the source needs to read rows.
pub(super) struct Rules<'a> {
    pub(super) spec: &'a Spec,
    pub(super) matcher: &'a Matcher,
    pub(super) none: Vec<String>,
    pub(super) style: NumberStyle,
    pub(super) source_zone: &'a TimeZone,
    pub(super) book_zone: &'a TimeZone,
    pub(super) currency: &'a str,
    pub(super) width: usize,
}

/// For one file of a deals source with several snapshots: the ids of the deals in
/// later snapshots (their rows' measures count there only), and whether to collect
/// this file's ids (an earlier snapshot is read after it).
#[derive(Default)]
pub(super) struct Later {
    pub(super) seen: HashSet<Box<str>>,
    pub(super) collect: bool,
}

/// What reading a file gave besides its sums.
#[derive(Default)]
pub(super) struct FileRead {
    pub(super) counts: Counts,
    pub(super) problems: FileProblems,
    /// A deals source's open deals.
    pub(super) open: FileDeals,
}

/// Reads one file into `out`: what it counted, its open deals and what went wrong.
pub(super) fn read_file(
    ctx: &Context,
    rules: &Rules,
    rel: &Path,
    later: &Later,
    out: &mut Aggregate,
    diags: &mut Diagnostics,
) -> Option<FileRead> {
    let path = ctx.root.join(rel);
    let options = read_options(rules.spec);
    let mut table = match table::open(&path, &options) {
        Ok(t) => t,
        Err(e) => {
            diags.push(table_error(rel, e));
            return None;
        }
    };
    let mut plan = compile(ctx, rules.spec, rel, table.columns(), diags)?;
    if !detect_formats(ctx, rules, rel, &mut table, &mut plan, diags) {
        return None;
    }
    let table = match table::open(&path, &options) {
        Ok(t) => t,
        Err(e) => {
            diags.push(table_error(rel, e));
            return None;
        }
    };
    Some(stream(rules, &plan, table, rel, later, out, diags))
}

/// How a spec reads its files.
pub(super) fn read_options(spec: &Spec) -> ReadOptions {
    ReadOptions {
        encoding: spec.encoding.as_ref().map(|t| t.value.clone()),
        sheet: spec.sheet.as_ref().map(|t| t.value.clone()),
        header_row: spec.header_row,
        footer_lines: spec.footer_lines,
        footer_prefixes: spec.footer_prefixes.clone(),
    }
}

/// A table's problem as a diagnostic in the data file.
pub(super) fn table_error(rel: &Path, e: table::TableError) -> Diagnostic {
    let mut d = Diagnostic::error(rel, e.message);
    if let Some(line) = e.line {
        d.line = line;
        d.col = e.column.unwrap_or(0);
    }
    if let Some(hint) = e.hint {
        d = d.with_hint(hint);
    }
    d
}

/// Resolves a spec against a header: columns, expressions, team map.
fn compile(
    ctx: &Context,
    spec: &Spec,
    rel: &Path,
    columns: &[String],
    diags: &mut Diagnostics,
) -> Option<Plan> {
    let before = diags.error_count();
    let person = spec
        .person
        .iter()
        .find_map(|c| column_index(columns, &c.value))
        .or_else(|| {
            let first = spec.person.first()?;
            find_column(ctx, rel, columns, first, "person", diags)
        });
    let date = spec
        .date
        .as_ref()
        .map(|d| find_column(ctx, rel, columns, d, "date", diags));
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut measures = Vec::new();
    for (slot, m) in spec.measures.iter().enumerate() {
        let mut compiled = |t: &Option<Text>, condition: bool| -> Option<Option<Compiled>> {
            let Some(t) = t else { return Some(None) };
            let result = if condition {
                expr::compile_condition(&t.value, &names)
            } else {
                expr::compile_number(&t.value, &names)
            };
            match result {
                Ok(expr) => Some(Some(Compiled {
                    expr,
                    reads_days: t.value.to_ascii_lowercase().contains("days_between"),
                })),
                Err(e) => {
                    let message = format!("{} (in measure `{}`)", e.message, m.name.value);
                    let mut d = super::expr_diagnostic(ctx, t, e.offset, e.len, message, rel);
                    if let Some(h) = e.hint {
                        d = d.with_hint(h);
                    }
                    diags.push(d);
                    None
                }
            }
        };
        let sum = compiled(&m.sum, false);
        let filter = compiled(&m.filter, true);
        let own_date = match &m.date {
            Some(d) => find_column(ctx, rel, columns, d, "date", diags).map(Some),
            None => Some(None),
        };
        if let (Some(sum), Some(filter), Some(date)) = (sum, filter, own_date) {
            measures.push(Measure {
                slot,
                sum,
                filter,
                date,
            });
        }
    }
    let team = spec.team.as_ref().and_then(|t| {
        let col = find_column(ctx, rel, columns, &t.column, "team", diags)?;
        Some((col, team_map(ctx, t, diags)))
    });
    let currency = spec.currency_column.and_then(|c| column_index(columns, c));
    let deal = spec
        .deal
        .as_ref()
        .map(|d| DealPlan::compile(ctx, d, rel, columns, diags));
    if diags.error_count() > before {
        return None;
    }
    Some(Plan {
        columns: columns.to_vec(),
        person: person?,
        // Without a day column (config: a deals source without measures), no
        // measure needs one.
        date: match date {
            Some(found) => Some(found?),
            None => None,
        },
        team,
        currency,
        measures,
        formats: vec![None; columns.len()],
        deal: match deal {
            Some(found) => Some(found?),
            None => None,
        },
    })
}

/// `team.map` resolved: each value to a team index (an unknown team id is an error);
/// a team's own id and name stand for it too.
fn team_map(
    ctx: &Context,
    team: &super::config::TeamSpec,
    diags: &mut Diagnostics,
) -> HashMap<String, Option<u32>> {
    let mut map = HashMap::new();
    for (i, t) in ctx.roster.teams.iter().enumerate() {
        map.insert(t.id.clone(), Some(i as u32));
        map.insert(t.name.clone(), Some(i as u32));
    }
    for (value, id) in &team.map {
        match ctx.team_index(&id.value) {
            Some(t) => {
                map.insert(value.value.clone(), Some(t));
            }
            None => {
                let ids = ctx.roster.teams.iter().map(|t| t.id.as_str());
                let hint = crate::base::diag::did_you_mean(&id.value, ids)
                    .unwrap_or_else(|| "teams are listed in team.yaml".to_string());
                let d = Diagnostic::problem(format!("unknown team `{}`", id.value));
                diags.push(placed(ctx, id, d, Path::new(super::config::FILE)).with_hint(hint));
            }
        }
    }
    map
}

/// The date columns a plan reads.
fn date_columns(plan: &Plan) -> Vec<usize> {
    let deal_days = plan.deal.iter().flat_map(|d| [d.close, d.created]);
    let mut cols: Vec<usize> = plan
        .date
        .into_iter()
        .chain(plan.measures.iter().filter_map(|m| m.date))
        .chain(deal_days.flatten())
        .collect();
    for m in &plan.measures {
        for e in m.sum.iter().chain(&m.filter) {
            if e.reads_days {
                cols.extend(e.expr.columns());
            }
        }
    }
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// Fixes the format of every date column: the mapping's `date.format`, else detected
/// from the first values, else (when those leave it open) from all of them.
fn detect_formats(
    ctx: &Context,
    rules: &Rules,
    rel: &Path,
    table: &mut Table,
    plan: &mut Plan,
    diags: &mut Diagnostics,
) -> bool {
    let cols = date_columns(plan);
    // `date.format` is how the export writes its dates: every date column of it.
    if let Some(fmt) = &rules.spec.date_format {
        match cells::pattern(&fmt.value) {
            Ok(f) => {
                for &c in &cols {
                    plan.formats[c] = Some(f.clone());
                }
            }
            Err(message) => {
                diags.push(super::at_yaml(ctx.yaml, fmt, Diagnostic::problem(message)));
                return false;
            }
        }
    }
    let open: Vec<usize> = cols
        .into_iter()
        .filter(|&c| plan.formats[c].is_none())
        .collect();
    if open.is_empty() {
        return true;
    }
    let mut detection = Detection {
        detectors: open.iter().map(|_| DateDetector::new()).collect(),
        fed: vec![0; open.len()],
        open,
    };
    // First the head of the file; if that leaves a column undecided, read it all.
    let Some(all) = detection.feed(table, Some(DETECT), rel, diags) else {
        return false;
    };
    if !all && !detection.detectors.iter().all(DateDetector::decided) {
        let mut again = match table::open(&ctx.root.join(rel), &read_options(rules.spec)) {
            Ok(t) => t,
            Err(e) => {
                diags.push(table_error(rel, e));
                return false;
            }
        };
        if detection.feed(&mut again, None, rel, diags).is_none() {
            return false;
        }
    }
    detection.finish(plan, rel, diags)
}

/// The date columns whose format is being detected, with their detectors.
struct Detection {
    open: Vec<usize>,
    detectors: Vec<DateDetector>,
    /// Text values each detector saw.
    fed: Vec<usize>,
}

impl Detection {
    /// Feeds the records of `t` (at most about `limit`): whether the file ended, or
    /// `None` after a value that breaks its column's format (reported).
    fn feed(
        &mut self,
        t: &mut Table,
        limit: Option<usize>,
        rel: &Path,
        diags: &mut Diagnostics,
    ) -> Option<bool> {
        let mut batch = Batch::with_capacity(DETECT);
        let mut seen = 0;
        loop {
            match t.next_batch(&mut batch) {
                Ok(true) => {}
                Ok(false) => return Some(true),
                Err(e) => {
                    diags.push(table_error(rel, e));
                    return None;
                }
            }
            for r in 0..batch.len() {
                self.record(&batch, r, rel, diags)?;
            }
            seen += batch.len();
            if limit.is_some_and(|l| seen >= l) {
                return Some(false);
            }
        }
    }

    fn record(
        &mut self,
        batch: &Batch,
        r: usize,
        rel: &Path,
        diags: &mut Diagnostics,
    ) -> Option<()> {
        for (k, &c) in self.open.iter().enumerate() {
            let Cell::Text(text) = batch.cell(r, c) else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            self.fed[k] += 1;
            if let Err(message) = self.detectors[k].feed(text.trim()) {
                let p = super::problems::Problem::at(batch, r, c, message, None);
                diags.push(
                    Diagnostic::error(rel, p.message)
                        .at_line(p.line, p.col, p.snippet)
                        .with_len(p.len),
                );
                return None;
            }
        }
        Some(())
    }

    /// Sets each column's format in `plan`; false after an undecided column (reported).
    fn finish(self, plan: &mut Plan, rel: &Path, diags: &mut Diagnostics) -> bool {
        for ((c, detector), fed) in self.open.into_iter().zip(self.detectors).zip(self.fed) {
            match detector.finish() {
                Ok(f) => plan.formats[c] = Some(f),
                // A column with no text dates (XLSX dates, or empty): read per cell.
                Err(_) if fed == 0 => plan.formats[c] = Some(DateFormat::Iso),
                Err(message) => {
                    diags.push(
                        Diagnostic::error(rel, format!("column `{}`: {message}", plan.columns[c]))
                            .with_hint("give this source `date: { format: \"%m/%d/%Y\" }` (or `%d/%m/%Y`) in sources.yaml: it applies to every date column of the export"),
                    );
                    return false;
                }
            }
        }
        true
    }
}

/// What the workers send back: their sums, counts, problems and open deals.
struct Partial {
    aggregate: Aggregate,
    read: FileRead,
}

/// Streams the records through the workers.
fn stream(
    rules: &Rules,
    plan: &Plan,
    mut table: Table,
    rel: &Path,
    later: &Later,
    out: &mut Aggregate,
    diags: &mut Diagnostics,
) -> FileRead {
    let workers = rayon::current_num_threads().clamp(1, 4);
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(AHEAD);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    for _ in 0..AHEAD + workers {
        let _ = empty_tx.send(Batch::with_capacity(BATCH));
    }
    let full_rx = std::sync::Mutex::new(full_rx);
    let file = crate::base::diag::display_path(rel);
    let mut read_error = None;
    let partials: Vec<Partial> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let full_rx = &full_rx;
                let empty_tx = empty_tx.clone();
                let file = file.as_str();
                scope.spawn(move || {
                    let mut worker = Worker::new(rules, plan, later, file);
                    loop {
                        let batch = {
                            let rx = full_rx.lock().unwrap_or_else(|e| e.into_inner());
                            rx.recv()
                        };
                        let Ok(batch) = batch else { break };
                        worker.batch(&batch);
                        let _ = empty_tx.send(batch);
                    }
                    worker.finish()
                })
            })
            .collect();
        drop(empty_tx);
        while let Ok(mut batch) = empty_rx.recv() {
            match table.next_batch(&mut batch) {
                Ok(true) => {
                    if full_tx.send(batch).is_err() {
                        break;
                    }
                }
                Ok(false) => break,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
        }
        drop(full_tx);
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    if let Some(e) = read_error {
        diags.push(table_error(rel, e));
    }
    let mut read = FileRead::default();
    if let Some(deal) = &plan.deal {
        read.open.has_id = deal.id.is_some();
        read.open.has_probability = deal.probability.is_some();
        read.open.has_category = deal.category.is_some();
    }
    for p in partials {
        out.merge(p.aggregate);
        read.counts.add(&p.read.counts);
        read.problems.merge(p.read.problems);
        read.open.deals.extend(p.read.open.deals);
        read.open.ids.extend(p.read.open.ids);
        read.open.repeated += p.read.open.repeated;
    }
    // Workers took batches in any order: sorted, the result is the same every run.
    read.open
        .deals
        .sort_unstable_by(|a, b| a.id.cmp(&b.id).then(a.line.cmp(&b.line)));
    read
}

/// One worker's state.
struct Worker<'a> {
    rules: &'a Rules<'a>,
    plan: &'a Plan,
    later: &'a Later,
    /// The file as messages name it (the id of a deal without one is `file:line`).
    file: &'a str,
    aggregate: Aggregate,
    read: FileRead,
    /// What each distinct person cell matched.
    people: HashMap<String, Match>,
    /// Values to add for the current record: (measure slot, day, value).
    pending: Vec<(usize, Date, f64)>,
    /// The book zone's offsets, cached.
    days: std::cell::RefCell<LocalDays>,
}

impl<'a> Worker<'a> {
    fn new(rules: &'a Rules<'a>, plan: &'a Plan, later: &'a Later, file: &'a str) -> Worker<'a> {
        Worker {
            rules,
            plan,
            later,
            file,
            aggregate: Aggregate::new(rules.width),
            read: FileRead::default(),
            people: HashMap::new(),
            pending: Vec::new(),
            days: std::cell::RefCell::new(LocalDays::new(rules.book_zone.clone())),
        }
    }

    fn finish(self) -> Partial {
        Partial {
            aggregate: self.aggregate,
            read: self.read,
        }
    }

    /// Whom a person cell names; `None` for a row without a person.
    fn who(&mut self, cell: Cell) -> Option<Match> {
        let text = match cell {
            Cell::Empty => return None,
            Cell::Text(t) => t.trim(),
            Cell::Number(n) => return Some(self.lookup(&crate::base::csv::plain_number(n))),
            Cell::Bool(_) | Cell::DateTime(_) => return Some(Match::Unmatched),
        };
        if text.is_empty() || self.rules.none.iter().any(|n| n == text) {
            return None;
        }
        if let Some(m) = self.people.get(text) {
            return Some(m.clone());
        }
        Some(self.lookup(text))
    }

    fn lookup(&mut self, text: &str) -> Match {
        let found = self.rules.matcher.find(text, self.rules.spec.by);
        self.people.insert(text.to_string(), found.clone());
        found
    }

    fn batch(&mut self, batch: &Batch) {
        for r in 0..batch.len() {
            self.record(batch, r);
        }
    }

    /// Whether the record's deal is in a later snapshot (its measures count there);
    /// collects its id for the earlier snapshots.
    fn repeated(&mut self, batch: &Batch, r: usize) -> bool {
        let later = self.later;
        if !later.collect && later.seen.is_empty() {
            return false;
        }
        let Some(deal) = &self.plan.deal else {
            return false;
        };
        let Some(id) = deal.id.and_then(|c| deal.id_of(batch.cell(r, c))) else {
            return false;
        };
        let seen = later.seen.contains(id.as_ref());
        if later.collect {
            self.read.open.ids.push(id.into());
        }
        seen
    }

    fn record(&mut self, batch: &Batch, r: usize) {
        let counts = &mut self.read.counts;
        counts.rows += 1;
        let plan = self.plan;
        let repeated = self.repeated(batch, r);
        let who = self.who(batch.cell(r, plan.person));
        let counts = &mut self.read.counts;
        let owner = match &who {
            Some(Match::Person(p)) => Owner::Person(*p),
            None => self.team_of(batch, r),
            Some(Match::Unmatched) => {
                counts.unmatched += 1;
                self.read.problems.unmatched(batch, r, plan.person);
                return;
            }
            Some(Match::Ambiguous(list)) => {
                counts.unmatched += 1;
                self.read.problems.ambiguous(batch, r, plan.person, list);
                return;
            }
        };
        if let Some(c) = plan.currency
            && let Cell::Text(t) = batch.cell(r, c)
            && !t.trim().is_empty()
            && !t.trim().eq_ignore_ascii_case(self.rules.currency)
        {
            let message = format!(
                "amount in {}, but the book's currency is {}",
                t.trim(),
                self.rules.currency
            );
            self.read.problems.add(Problem::at(batch, r, c, message, Some("export the amounts in the book's currency, or set `currency:` in pulsebook.yaml".into())));
            self.read.counts.bad += 1;
            return;
        }
        self.pending.clear();
        let env = RowEnv {
            batch,
            record: r,
            rules: self.rules,
            plan,
            days: &self.days,
        };
        if !repeated {
            let mut days: [(usize, Option<Date>); 4] = [(usize::MAX, None); 4];
            for m in &plan.measures {
                let outcome = evaluate(&env, m, &mut days);
                match outcome {
                    Ok(Some((day, value))) => self.pending.push((m.slot, day, value)),
                    Ok(None) => {}
                    Err(e) => {
                        let column = e.column.or(plan.date).unwrap_or(0);
                        self.read
                            .problems
                            .add(Problem::at(batch, r, column, e.message, None));
                        self.read.counts.bad += 1;
                        return;
                    }
                }
            }
        }
        // Open deals: a closed one costs the status compare only.
        let mut kept = None;
        if let Some(deal) = &plan.deal
            && deal.is_open(batch.cell(r, deal.status))
        {
            match deal.read(&env, owner, batch.line(r), self.file) {
                Ok(read) => {
                    if let Some(c) = read.unknown_category {
                        self.read.problems.unknown_category(batch, r, c);
                    }
                    kept = Some(read.deal);
                }
                Err(e) => {
                    self.read
                        .problems
                        .add(Problem::at(batch, r, e.column, e.message, e.hint));
                    self.read.counts.bad += 1;
                    return;
                }
            }
        }
        let counts = &mut self.read.counts;
        match (&who, self.pending.is_empty() && kept.is_none()) {
            (None, _) => counts.no_person += 1,
            (_, true) => counts.filtered += 1,
            (_, false) => counts.used += 1,
        }
        if repeated {
            self.read.open.repeated += 1;
        }
        if let Some(deal) = kept {
            self.read.open.deals.push(deal);
        }
        for &(slot, day, value) in &self.pending {
            self.aggregate.add(owner, day, slot, value);
            self.read.counts.days(day);
        }
    }

    /// The owner of a row without a person: its team (by `team:`), else the
    /// organisation.
    fn team_of(&mut self, batch: &Batch, r: usize) -> Owner {
        let Some((col, map)) = &self.plan.team else {
            return Owner::Organisation;
        };
        let text = match batch.cell(r, *col) {
            Cell::Text(t) => t.trim(),
            _ => "",
        };
        match map.get(text) {
            Some(Some(t)) => Owner::Team(*t),
            _ => {
                self.read.problems.unknown_team(text);
                Owner::Organisation
            }
        }
    }
}

/// A measure of one record: `None` when its `where` fails, else its day and value.
fn evaluate(
    env: &RowEnv,
    m: &Measure,
    days: &mut [(usize, Option<Date>); 4],
) -> Result<Option<(Date, f64)>, EvalError> {
    if let Some(f) = &m.filter
        && !f.expr.test(env)?
    {
        return Ok(None);
    }
    let value = match &m.sum {
        None => 1.0,
        Some(e) => e.expr.number(env)?.unwrap_or(0.0),
    };
    let Some(column) = m.date.or(env.plan.date) else {
        // The config asks a source with measures for a day column.
        return Ok(None);
    };
    // The few date columns of a record are parsed once each.
    let slot = days
        .iter()
        .position(|(c, _)| *c == column || *c == usize::MAX)
        .unwrap_or(0);
    if days[slot].0 != column || days[slot].1.is_none() {
        let day = env
            .day(Some(column), env.cell(column))
            .map_err(|message| EvalError {
                column: Some(column),
                message,
            })?;
        days[slot] = (column, Some(day));
    }
    Ok(days[slot].1.map(|d| (d, value)))
}

/// The evaluation environment of one record.
struct RowEnv<'a> {
    batch: &'a Batch,
    record: usize,
    rules: &'a Rules<'a>,
    plan: &'a Plan,
    days: &'a std::cell::RefCell<LocalDays>,
}

impl Env for RowEnv<'_> {
    fn cell(&self, column: usize) -> Cell<'_> {
        self.batch.cell(self.record, column)
    }

    fn number(&self, cell: Cell<'_>) -> Result<f64, String> {
        match cell {
            Cell::Number(n) => Ok(n),
            Cell::Text(t) => cells::number(t, self.rules.style),
            Cell::Bool(b) => Ok(f64::from(u8::from(b))),
            Cell::Empty => Err("the cell is empty".into()),
            Cell::DateTime(_) => Err("a date is not a number".into()),
        }
    }

    fn seconds(&self, cell: Cell<'_>) -> Result<f64, String> {
        match cell {
            Cell::Number(n) => Ok(n),
            Cell::Text(t) => cells::seconds(t),
            // Excel stores a duration as a fraction of a day.
            Cell::DateTime(dt) => Ok(f64::from(dt.hour()) * 3600.0
                + f64::from(dt.minute()) * 60.0
                + f64::from(dt.second())),
            _ => Err("expected a duration such as 00:02:41".into()),
        }
    }

    fn day(&self, column: Option<usize>, cell: Cell<'_>) -> Result<Date, String> {
        let stamp = match cell {
            Cell::DateTime(dt) => Stamp::Local(dt),
            Cell::Number(n) => {
                Stamp::Local(cells::excel_serial(n).ok_or_else(|| format!("`{n}` is not a date"))?)
            }
            Cell::Text(t) => {
                let format = column
                    .and_then(|c| self.plan.formats.get(c))
                    .and_then(Option::as_ref)
                    .unwrap_or(&DateFormat::Iso);
                cells::parse_stamp(t.trim(), format)?
            }
            Cell::Empty => return Err("the date is empty".into()),
            Cell::Bool(_) => return Err("expected a date".into()),
        };
        let mut days = self.days.borrow_mut();
        let day = local_day(&stamp, self.rules.source_zone, &mut days);
        if !crate::base::period::in_years(day) {
            let shown = match cell {
                Cell::Text(t) => t.trim().to_string(),
                _ => day.to_string(),
            };
            return Err(format!(
                "{} ({})",
                crate::base::period::outside_years(shown),
                crate::base::period::OUTSIDE_YEARS_HINT
            ));
        }
        Ok(day)
    }
}

/// The book's local day of a stamp (`days` caches the book zone's offsets): a wall
/// time is read in the source's zone.
pub(super) fn local_day(stamp: &Stamp, source_zone: &TimeZone, days: &mut LocalDays) -> Date {
    match stamp {
        // A date without a time (or at midnight) is that day, in any zone.
        Stamp::Local(dt)
            if source_zone == days.zone() || dt.time() == jiff::civil::Time::midnight() =>
        {
            dt.date()
        }
        Stamp::Local(dt) => match dt.to_zoned_datetime(source_zone.clone()) {
            Ok(z) => days.day(&Stamp::Exact(z.timestamp())),
            Err(_) => dt.date(),
        },
        exact => days.day(exact),
    }
}
