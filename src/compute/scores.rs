//! Compute: base measures summed per person, team and organisation and period; KPIs
//! evaluated on the sums; targets resolved and derived; status, change, trend and
//! rank. Renderers read the [`Scores`]; they never aggregate or evaluate formulas.
//!
//! Measures are kept as dense `periods × measures` columns per scope (NaN = missing),
//! so a thousand people with years of daily rows stay small and fast.

use jiff::civil::Date;
use rayon::prelude::*;

use crate::base::calendar::Calendar;
use crate::base::period::{Period, PeriodKind};
use crate::compute::active::{self, Days, Presence};
use crate::load::kpi::{Better, Kpi, Status};
use crate::load::metrics::Metrics;
use crate::load::targets::Goal;
use crate::load::team::Roster;

/// One KPI of one scope in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Cell {
    pub(crate) value: Option<f64>,
    /// The full period's target (after ramp and share), or a band.
    pub(crate) target: Option<Goal>,
    /// In a period in progress, for additive KPIs with a target: the value expected
    /// by the last day with data. Status and attainment are then against it.
    pub(crate) expected: Option<f64>,
    pub(crate) status: Option<Status>,
    /// Above 1 is good in both directions (see [`Kpi::attainment`]).
    pub(crate) attainment: Option<f64>,
}

impl Cell {
    /// The target when it is a number (not a band).
    pub(crate) fn target_value(&self) -> Option<f64> {
        self.target.and_then(Goal::value)
    }
}

/// The KPIs of one person, team or the organisation over all periods.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    /// `periods × kpis` cells, row-major by period.
    cells: Vec<Cell>,
    kpi_count: usize,
    /// Per shown KPI: whether this scope has a value in any period.
    pub(crate) has_kpi: Vec<bool>,
    /// Per period: whether any base measure has data.
    pub(crate) has_data: Vec<bool>,
}

impl Scope {
    pub(crate) fn cell(&self, period: usize, kpi: usize) -> Cell {
        self.cells[period * self.kpi_count + kpi]
    }

    pub(crate) fn period_cells(&self, period: usize) -> &[Cell] {
        &self.cells[period * self.kpi_count..(period + 1) * self.kpi_count]
    }
}

/// The computed model every renderer reads.
#[derive(Debug)]
pub struct Scores {
    /// Every period from the first with data to the last (or the report period),
    /// ascending and contiguous.
    pub(crate) periods: Vec<Period>,
    /// Index of the report period in `periods`.
    pub report: usize,
    /// The KPIs shown: catalogue entries whose base measures all exist in the data.
    pub(crate) kpis: Vec<Kpi>,
    pub(crate) people: Vec<Scope>,
    pub(crate) teams: Vec<Scope>,
    pub(crate) organisation: Scope,
    /// Per team: the shown KPI people are ranked by (quota attainment when revenue has
    /// targets, else the first KPI the team has data for).
    pub(crate) rank_kpi: Vec<Option<usize>>,
    /// Per person and period: their active days and ramp; `None` when they have no
    /// active day (no target, no scorecard).
    pub(crate) presence: Vec<Vec<Option<Presence>>>,
    /// Per period: in progress on the last day with data (additive KPIs on pace).
    pub(crate) in_progress: Vec<bool>,
    /// The last day with data in the book.
    pub(crate) last_day: Option<Date>,
}

/// A place in a ranking: `rank` of `of` (ties share a rank).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) rank: usize,
    pub(crate) of: usize,
}

/// The direction of a KPI over the trend window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trend {
    Up,
    Down,
    Flat,
}

impl Scores {
    pub(crate) fn period_index(&self, period: Period) -> Option<usize> {
        self.periods.iter().position(|&p| p == period)
    }

    pub(crate) fn kpi_index(&self, id: &str) -> Option<usize> {
        self.kpis.iter().position(|k| k.id == id)
    }

    /// The trend window ending at `period`: at most `history` periods.
    pub(crate) fn window(&self, period: usize, history: usize) -> std::ops::Range<usize> {
        (period + 1).saturating_sub(history)..period + 1
    }

    /// A person's place in their team for `kpi` in `period`, by attainment when there
    /// are targets, else by value in the KPI's better direction. People without a
    /// value are not ranked.
    pub(crate) fn place_in_team(
        &self,
        roster: &Roster,
        person: usize,
        period: usize,
        kpi: usize,
    ) -> Option<Place> {
        let team = roster.people[person].team?;
        let members = &roster.teams[team].members;
        // Attainment when anyone has a target, else the value: never a mix of both.
        let by_attainment = members
            .iter()
            .any(|&m| self.people[m].cell(period, kpi).attainment.is_some());
        let key = |p: usize| -> Option<f64> {
            let cell = self.people[p].cell(period, kpi);
            match (by_attainment, self.kpis[kpi].better) {
                (true, _) => cell.attainment,
                (false, Better::Higher) => cell.value,
                (false, Better::Lower) => cell.value.map(|v| -v),
            }
        };
        let mine = key(person)?;
        let ranked: Vec<f64> = members.iter().filter_map(|&m| key(m)).collect();
        let rank = 1 + ranked.iter().filter(|&&v| v > mine).count();
        Some(Place {
            rank,
            of: ranked.len(),
        })
    }

    /// Whether a person has an active day in a period (and so a scorecard).
    pub(crate) fn active(&self, person: usize, period: usize) -> bool {
        self.presence
            .get(person)
            .and_then(|p| p.get(period))
            .is_some_and(Option::is_some)
    }

    /// A person's presence in a period.
    pub(crate) fn presence(&self, person: usize, period: usize) -> Option<Presence> {
        self.presence.get(person)?.get(period).copied().flatten()
    }

    /// Change of `kpi` from the previous period, when both have values.
    pub(crate) fn change(&self, scope: &Scope, period: usize, kpi: usize) -> Option<Change> {
        self.change_from(scope, period, period.checked_sub(1)?, kpi)
    }

    /// Change of `kpi` from the same period a year earlier, when both have values.
    pub(crate) fn change_yoy(&self, scope: &Scope, period: usize, kpi: usize) -> Option<Change> {
        let earlier = self.period_index(self.periods.get(period)?.year_before())?;
        self.change_from(scope, period, earlier, kpi)
    }

    /// A change from `earlier`; none for an additive KPI in a period in progress (part
    /// of a period is not comparable with a whole one: pace judges it instead).
    fn change_from(
        &self,
        scope: &Scope,
        period: usize,
        earlier: usize,
        kpi: usize,
    ) -> Option<Change> {
        if self.kpis[kpi].additive && self.in_progress.get(period) == Some(&true) {
            return None;
        }
        let now = scope.cell(period, kpi).value?;
        let before = scope.cell(earlier, kpi).value?;
        let delta = now - before;
        let relative = (before != 0.0).then(|| delta / before.abs());
        let better = &self.kpis[kpi].better;
        let improved = match delta.partial_cmp(&0.0)? {
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(*better == Better::Higher),
            std::cmp::Ordering::Less => Some(*better == Better::Lower),
        };
        Some(Change {
            delta,
            relative,
            improved,
        })
    }

    /// Least-squares direction over the window: flat when the fitted change across the
    /// window is under 3 % of the mean level. An additive KPI's period in progress is
    /// left out: its part-period value would read as a fall.
    pub(crate) fn trend(
        &self,
        scope: &Scope,
        window: std::ops::Range<usize>,
        kpi: usize,
    ) -> Option<Trend> {
        let partial = |p: usize| self.kpis[kpi].additive && self.in_progress.get(p) == Some(&true);
        let points: Vec<(f64, f64)> = window
            .filter(|&p| !partial(p))
            .filter_map(|p| scope.cell(p, kpi).value.map(|v| (p as f64, v)))
            .collect();
        if points.len() < 3 {
            return None;
        }
        let n = points.len() as f64;
        let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
        let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
        let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
        let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
        let slope = sxy / sxx;
        let span = points.last()?.0 - points.first()?.0;
        let fitted_change = slope * span;
        if mean_y == 0.0 || (fitted_change / mean_y.abs()).abs() < 0.03 {
            return Some(Trend::Flat);
        }
        Some(if slope > 0.0 { Trend::Up } else { Trend::Down })
    }
}

/// A change from the previous period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Change {
    pub(crate) delta: f64,
    /// delta / |previous|, when the previous value is not zero.
    pub(crate) relative: Option<f64>,
    /// Whether the change is for the better; None when unchanged.
    pub(crate) improved: Option<bool>,
}

/// Sums of base measures of one scope: `periods × measures`, NaN = missing.
struct Sums {
    values: Vec<f64>,
    measures: usize,
}

impl Sums {
    fn new(periods: usize, measures: usize) -> Sums {
        Sums {
            values: vec![f64::NAN; periods * measures],
            measures,
        }
    }

    fn row(&self, period: usize) -> &[f64] {
        &self.values[period * self.measures..(period + 1) * self.measures]
    }

    fn add_row(&mut self, period: usize, row: &[f64]) {
        let target = &mut self.values[period * self.measures..(period + 1) * self.measures];
        for (t, &v) in target.iter_mut().zip(row) {
            if !v.is_nan() {
                *t = if t.is_nan() { v } else { *t + v };
            }
        }
    }

    fn add(&mut self, other: &Sums) {
        for (t, &v) in self.values.iter_mut().zip(&other.values) {
            if !v.is_nan() {
                *t = if t.is_nan() { v } else { *t + v };
            }
        }
    }

    /// Rounds sums to the decimals the data holds, so binary floating-point noise
    /// (0.1 + 0.2) never shows in `data/<period>.csv`.
    fn round(&mut self, decimals: &[u32]) {
        // A book whose metrics name no measure has no sums (and no chunks of 0).
        for row in self.values.chunks_mut(self.measures.max(1)) {
            for (v, &d) in row.iter_mut().zip(decimals) {
                let scale = POW10[d as usize];
                *v = (*v * scale).round() / scale;
            }
        }
    }
}

/// 10^d for the decimals sums keep (0 to 6): exact, and a lookup rather than a `powi`
/// call per value (millions of them on a large book).
const POW10: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];

/// Decimals needed to write `v` exactly, at least `min`, at most 6.
fn decimals(v: f64, min: u32) -> u32 {
    let mut d = min;
    while d < 6 {
        let scaled = v * POW10[d as usize];
        if (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0) {
            break;
        }
        d += 1;
    }
    d
}

/// The periods to report on: from the first period with data to the later of the
/// last period with data and the requested report period.
pub(crate) fn periods(metrics: &Metrics, kind: PeriodKind, report: Option<Period>) -> Vec<Period> {
    let first = metrics.first_day();
    let last = metrics.last_day();
    let (first, last) = match (first, last, report) {
        (Some(f), Some(l), Some(r)) => (
            Period::containing(kind, f).min(r),
            Period::containing(kind, l).max(r),
        ),
        (Some(f), Some(l), None) => (Period::containing(kind, f), Period::containing(kind, l)),
        (_, _, Some(r)) => (r, r),
        _ => return Vec::new(),
    };
    let mut out = vec![first];
    while *out.last().expect("invariant: starts non-empty") < last {
        out.push(out.last().expect("invariant: starts non-empty").succ());
    }
    out
}

/// Aggregates one person's daily rows into per-period sums, noting decimals used.
fn person_sums(
    series: &crate::load::metrics::Series,
    periods: &[Period],
    measures: usize,
    decimals_seen: &mut [u32],
) -> Sums {
    let mut sums = Sums::new(periods.len(), measures);
    let mut p = 0;
    let mut end: Option<Date> = periods.first().map(|p| p.end());
    for (i, day) in series.days.iter().enumerate() {
        if periods.first().is_none_or(|first| *day < first.start()) {
            continue;
        }
        while end.is_some_and(|e| *day > e) {
            p += 1;
            end = periods.get(p).map(|p| p.end());
        }
        if p >= periods.len() {
            break;
        }
        let row = &series.values[i * measures..(i + 1) * measures];
        for (d, &v) in decimals_seen.iter_mut().zip(row) {
            if !v.is_nan() {
                *d = decimals(v, *d);
            }
        }
        sums.add_row(p, row);
    }
    sums
}

fn evaluate(kpis: &[Kpi], inputs: &[Vec<usize>], sums: &Sums, periods: usize) -> Vec<Option<f64>> {
    let mut out = Vec::with_capacity(periods * kpis.len());
    let mut args = Vec::with_capacity(8);
    for p in 0..periods {
        let row = sums.row(p);
        for (kpi, idx) in kpis.iter().zip(inputs) {
            args.clear();
            args.extend(idx.iter().map(|&m| row[m]));
            out.push(kpi.eval(&args));
        }
    }
    out
}

/// Targets and expected values of one scope, `periods × kpis`.
#[derive(Debug, Clone, Default)]
struct Goals {
    targets: Vec<Option<Goal>>,
    expected: Vec<Option<f64>>,
}

fn scope(kpis: &[Kpi], values: Vec<Option<f64>>, goals: &Goals, sums: &Sums) -> Scope {
    let k = kpis.len().max(1);
    let cells: Vec<Cell> = values
        .iter()
        .zip(goals.targets.iter().zip(&goals.expected))
        .enumerate()
        .map(|(i, (&value, (&target, &expected)))| {
            let kpi = &kpis[i % k];
            // On pace: against the expected value so far, not the full target.
            let against = expected.map(Goal::Value).or(target);
            Cell {
                value,
                target,
                expected,
                status: kpi.status_for(value, against),
                attainment: kpi.attainment_for(value, against),
            }
        })
        .collect();
    let periods = values.len() / k;
    let has_kpi = (0..kpis.len())
        .map(|j| (0..periods).any(|p| values[p * k + j].is_some()))
        .collect();
    let has_data = (0..periods)
        .map(|p| sums.row(p).iter().any(|v| !v.is_nan()))
        .collect();
    Scope {
        cells,
        kpi_count: kpis.len(),
        has_kpi,
        has_data,
    }
}

/// What compute needs besides the roster, metrics and catalogue.
pub(crate) struct Frame<'a> {
    pub(crate) kind: PeriodKind,
    pub(crate) report_period: Option<Period>,
    /// The working-day calendar (the plan's).
    pub(crate) calendar: &'a Calendar,
}

/// Runs the compute stage.
pub(crate) fn compute(
    roster: &Roster,
    metrics: &Metrics,
    catalogue: &[Kpi],
    frame: &Frame,
) -> Scores {
    let report_period = frame.report_period;
    let periods = periods(metrics, frame.kind, report_period);
    let n = periods.len();
    let (kpis, inputs) = shown_kpis(catalogue, metrics);
    let (person_sums, team_sums, org_sums) = summed(roster, metrics, &periods);
    let days = Days::new(frame.calendar, &periods, metrics.last_day());
    let presence: Vec<Vec<Option<Presence>>> = roster
        .people
        .par_iter()
        .map(|person| active::presence(person, &roster.targets, &periods, &days))
        .collect();
    let person_goals: Vec<Goals> = (0..roster.people.len())
        .into_par_iter()
        .map(|i| person_goals(roster, i, &presence[i], &kpis, &periods))
        .collect();
    let derived = |members: &[usize], own: &dyn Fn(&str, Period) -> Option<Goal>| {
        derived_goals(&kpis, &periods, &person_goals, members, own)
    };

    let people: Vec<Scope> = person_sums
        .par_iter()
        .zip(&person_goals)
        .map(|(sums, goals)| scope(&kpis, evaluate(&kpis, &inputs, sums, n), goals, sums))
        .collect();
    let teams: Vec<Scope> = roster
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let goals = derived(&team.members, &|kpi, p| roster.targets.team(t, kpi, p));
            let sums = &team_sums[t];
            scope(&kpis, evaluate(&kpis, &inputs, sums, n), &goals, sums)
        })
        .collect();
    let members: Vec<usize> = roster
        .teams
        .iter()
        .flat_map(|t| t.members.iter().copied())
        .collect();
    let org_goals = derived(&members, &|kpi, p| roster.targets.organisation(kpi, p));
    let organisation = scope(
        &kpis,
        evaluate(&kpis, &inputs, &org_sums, n),
        &org_goals,
        &org_sums,
    );
    let rank_kpi = rank_kpis(&kpis, &teams, n);
    let report = match report_period {
        Some(r) => periods.iter().position(|&p| p == r).unwrap_or(0),
        None => n.saturating_sub(1),
    };
    Scores {
        periods,
        report,
        kpis,
        people,
        teams,
        organisation,
        rank_kpi,
        presence,
        in_progress: days.in_progress,
        last_day: days.last_day,
    }
}

/// The KPIs shown — those whose base measures all exist in the data — each with the
/// indices of its measures.
fn shown_kpis(catalogue: &[Kpi], metrics: &Metrics) -> (Vec<Kpi>, Vec<Vec<usize>>) {
    let mut kpis = Vec::new();
    let mut inputs = Vec::new();
    for kpi in catalogue {
        let idx: Option<Vec<usize>> = kpi
            .measures
            .iter()
            .map(|name| metrics.measure_index(name))
            .collect();
        if let Some(idx) = idx {
            kpis.push(kpi.clone());
            inputs.push(idx);
        }
    }
    (kpis, inputs)
}

/// Base measures summed per person, per team and for the organisation, each rounded
/// to the most decimals any input value of the measure had.
fn summed(roster: &Roster, metrics: &Metrics, periods: &[Period]) -> (Vec<Sums>, Vec<Sums>, Sums) {
    let n = periods.len();
    let m = metrics.measures.len();
    let (mut person_sums, decimal_sets): (Vec<Sums>, Vec<Vec<u32>>) = metrics
        .people
        .par_iter()
        .map(|series| {
            let mut dec = vec![0; m];
            let sums = person_sums(series, periods, m, &mut dec);
            (sums, dec)
        })
        .unzip();
    let mut decimals_seen = vec![0u32; m];
    for set in &decimal_sets {
        for (d, &s) in decimals_seen.iter_mut().zip(set) {
            *d = (*d).max(s);
        }
    }
    person_sums
        .par_iter_mut()
        .for_each(|s| s.round(&decimals_seen));

    let mut team_sums: Vec<Sums> = roster
        .teams
        .iter()
        .map(|team| {
            let mut sums = Sums::new(n, m);
            for &member in &team.members {
                sums.add(&person_sums[member]);
            }
            sums
        })
        .collect();
    // Rows without a person that a source gave to a team count for the team (and so
    // for the organisation); the rest for the organisation only.
    let mut unowned = Sums::new(n, m);
    for (t, series) in metrics.teams.iter().enumerate() {
        let mut dec = vec![0; m];
        let sums = self::person_sums(series, periods, m, &mut dec);
        team_sums[t].add(&sums);
        unowned.add(&sums);
    }
    let mut dec = vec![0; m];
    unowned.add(&self::person_sums(
        &metrics.organisation,
        periods,
        m,
        &mut dec,
    ));
    for sums in &mut team_sums {
        sums.round(&decimals_seen);
    }
    // The organisation's values are everyone's (a director's own deals count); its
    // targets are derived from team members, as the contract says.
    let mut org_sums = Sums::new(n, m);
    for sums in &person_sums {
        org_sums.add(sums);
    }
    org_sums.add(&unowned);
    org_sums.round(&decimals_seen);
    team_sums.shrink_to_fit();
    (person_sums, team_sums, org_sums)
}

/// Rounds a target to 1/10 000, so 100 000 × 17/19 reads 89473.6842 and sums carry
/// no binary noise.
fn tidy(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// One person's targets and expected values per period and shown KPI: none without
/// an active day; additive numbers × share × ramp; ratios and bands as given.
fn person_goals(
    roster: &Roster,
    i: usize,
    presence: &[Option<Presence>],
    kpis: &[Kpi],
    periods: &[Period],
) -> Goals {
    let person = &roster.people[i];
    let chains: Vec<_> = kpis
        .iter()
        .map(|k| roster.targets.person_chain(i, person.team, &k.id))
        .collect();
    let cells = periods.len() * kpis.len();
    let mut goals = Goals {
        targets: Vec::with_capacity(cells),
        expected: Vec::with_capacity(cells),
    };
    for (p, period) in periods.iter().enumerate() {
        for (kpi, chain) in kpis.iter().zip(&chains) {
            let (target, expected) = match presence[p] {
                None => (None, None),
                Some(presence) => match chain.at(*period) {
                    Some(Goal::Value(v)) if kpi.additive => {
                        let full = tidy(v * presence.factor());
                        let expected = presence.elapsed_share().map(|s| tidy(full * s));
                        (Some(Goal::Value(full)), expected)
                    }
                    goal => (goal, None),
                },
            };
            goals.targets.push(target);
            goals.expected.push(expected);
        }
    }
    goals
}

/// A group's targets per period and KPI: additive KPIs sum the members' targets and
/// expected values (people without an active day have none); ratio KPIs and bands
/// take the group's own (`own`).
fn derived_goals(
    kpis: &[Kpi],
    periods: &[Period],
    person_goals: &[Goals],
    members: &[usize],
    own: &dyn Fn(&str, Period) -> Option<Goal>,
) -> Goals {
    let k = kpis.len();
    let cells = periods.len() * k;
    // Member by member over their whole rows (one pass through each person's memory),
    // adding in member order.
    let add = |acc: &mut Option<f64>, v: f64| *acc = Some(acc.unwrap_or(0.0) + v);
    let mut targets: Vec<Option<f64>> = vec![None; cells];
    let mut expected: Vec<Option<f64>> = vec![None; cells];
    for &i in members {
        let person = &person_goals[i];
        for (at, goal) in person.targets.iter().enumerate() {
            if let Some(Goal::Value(v)) = goal {
                add(&mut targets[at], *v);
            }
        }
        for (at, e) in person.expected.iter().enumerate() {
            if let Some(e) = e {
                add(&mut expected[at], *e);
            }
        }
    }
    let mut goals = Goals {
        targets: Vec::with_capacity(cells),
        expected: Vec::with_capacity(cells),
    };
    for (p, period) in periods.iter().enumerate() {
        for (j, kpi) in kpis.iter().enumerate() {
            let at = p * k + j;
            let (target, expected) = match own(&kpi.id, *period) {
                Some(Goal::Value(_)) | None if kpi.additive => (
                    targets[at].map(|t| Goal::Value(tidy(t))),
                    expected[at].map(tidy),
                ),
                goal => (goal, None),
            };
            goals.targets.push(target);
            goals.expected.push(expected);
        }
    }
    goals
}

/// Per team, the KPI people are ranked by: revenue when it has targets, else the
/// first KPI the team has data for.
fn rank_kpis(kpis: &[Kpi], teams: &[Scope], n: usize) -> Vec<Option<usize>> {
    let revenue = kpis.iter().position(|k| k.id == "revenue");
    teams
        .iter()
        .map(|team| {
            let with_targets =
                revenue.filter(|&r| (0..n).any(|p| team.cell(p, r).target_value().is_some()));
            with_targets.or_else(|| team.has_kpi.iter().position(|&has| has))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::metrics::Series;
    use crate::load::team;
    use jiff::civil::date;
    use std::path::Path;

    #[test]
    fn decimals_found_from_data() {
        assert_eq!(decimals(12.0, 0), 0);
        assert_eq!(decimals(12.5, 0), 1);
        assert_eq!(decimals(0.1 + 0.2, 0), 1);
        assert_eq!(decimals(1234.56, 1), 2);
        assert_eq!(decimals(1.0 / 3.0, 0), 6);
    }

    #[test]
    fn sums_skip_missing_values() {
        let mut s = Sums::new(1, 2);
        s.add_row(0, &[1.0, f64::NAN]);
        s.add_row(0, &[2.0, f64::NAN]);
        assert_eq!(s.row(0)[0], 3.0);
        assert!(s.row(0)[1].is_nan());
    }

    const TEAM: &str = "\
teams:
  - { id: t, name: T }
people:
  - { id: a, name: A, team: t }
  - { id: b, name: B, team: t, start: 2026-10-15 }
  - { id: c, name: C, team: t }
  - { id: d, name: D }
targets:
  default: { revenue: 100, conversion: 0.5 }
  people: { c: { revenue: 40 } }
";

    /// Measures: deals, leads, revenue (sorted). Rows as (person, day, [deals, leads, revenue]).
    fn fixture(rows: &[(usize, jiff::civil::Date, [f64; 3])]) -> (Roster, Scores) {
        let mut diags = crate::base::diag::Diagnostics::new();
        let roster = team::load(
            Path::new("team.yaml"),
            TEAM,
            Some(crate::base::period::PeriodKind::Month),
            &mut diags,
        )
        .unwrap();
        let mut people = vec![Series::default(); roster.people.len()];
        for &(p, day, values) in rows {
            people[p].days.push(day);
            people[p].values.extend(values);
        }
        let metrics = Metrics {
            measures: vec!["deals".into(), "leads".into(), "revenue".into()],
            people,
            files: Vec::new(),
            ..Metrics::default()
        };
        let report = compute(
            &roster,
            &metrics,
            &crate::load::kpi::builtin(),
            &Frame {
                kind: PeriodKind::Month,
                report_period: None,
                calendar: &Calendar::new(crate::base::locale::Locale::En),
            },
        );
        (roster, report)
    }

    fn cell(report: &Scores, scope: &Scope, period: &str, kpi: &str) -> Cell {
        let p = report.period_index(Period::parse(period).unwrap()).unwrap();
        scope.cell(p, report.kpi_index(kpi).unwrap())
    }

    #[test]
    fn team_targets_sum_members_who_have_started() {
        let nan = f64::NAN;
        let (_, report) = fixture(&[
            (0, date(2026, 9, 1), [1.0, 4.0, 50.0]),
            (0, date(2026, 10, 1), [2.0, 4.0, 120.0]),
            (1, date(2026, 10, 20), [1.0, 1.0, 30.0]),
            (2, date(2026, 10, 2), [nan, 5.0, nan]),
            (3, date(2026, 10, 2), [1.0, 1.0, 10.0]),
        ]);
        let team = &report.teams[0];
        // September: b has not started; a 100 + c 40.
        assert_eq!(
            cell(&report, team, "2026-09", "revenue").target,
            Some(Goal::Value(140.0))
        );
        // October (22 working days): a 100 + c 40, whether or not they have data,
        // and b from the 15th: 12 of 22 days, 100 × 12 / 22 = 54.5455.
        let revenue = cell(&report, team, "2026-10", "revenue");
        assert_eq!(
            (revenue.value, revenue.target),
            (Some(150.0), Some(Goal::Value(194.5455)))
        );
        // The last data is of 20 October: the month is in progress. By then a and c
        // had 14 of 22 days (63.6364, 25.4545), b 4 of 12 (18.1818): 107.2727.
        assert!(
            report.in_progress[report
                .period_index(Period::parse("2026-10").unwrap())
                .unwrap()]
        );
        assert_eq!(revenue.expected, Some(107.2727));
        assert_eq!(revenue.status, Some(Status::Green), "150 ≥ 107.2727");
        assert_eq!(
            cell(&report, &report.people[1], "2026-10", "revenue").expected,
            Some(18.1818)
        );
        // Ratios come from the team entry or default, on summed measures: 3 / 10.
        let conversion = cell(&report, team, "2026-10", "conversion");
        assert_eq!(
            (conversion.value, conversion.target),
            (Some(0.3), Some(Goal::Value(0.5)))
        );
        // b has no target before the start date, and no data.
        let b_sept = cell(&report, &report.people[1], "2026-09", "revenue");
        assert_eq!((b_sept.value, b_sept.target), (None, None));
        // c's row has leads only: revenue (and conversion) are no data, not 0.
        assert_eq!(
            cell(&report, &report.people[2], "2026-10", "revenue").value,
            None
        );
        // d has no team: no share in team or organisation targets, but the
        // organisation's revenue is everyone's: 120 + 30 + 10.
        let org = cell(&report, &report.organisation, "2026-10", "revenue");
        assert_eq!(
            (org.value, org.target, org.expected),
            (Some(160.0), Some(Goal::Value(194.5455)), Some(107.2727))
        );
        // Ratios are not on pace: conversion 0.3 against 0.5 is red.
        assert_eq!(
            (conversion.expected, conversion.status),
            (None, Some(Status::Red))
        );
    }

    #[test]
    fn periods_are_contiguous_and_report_defaults_to_the_latest() {
        let (_, report) = fixture(&[
            (0, date(2026, 7, 31), [1.0, 1.0, 1.0]),
            (0, date(2026, 10, 1), [1.0, 1.0, 1.0]),
        ]);
        let names: Vec<String> = report.periods.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["2026-07", "2026-08", "2026-09", "2026-10"]);
        assert_eq!(report.report, 3);
        assert!(!report.people[0].has_data[1], "August has no rows");
    }

    #[test]
    fn place_in_team_ranks_by_attainment_with_shared_ranks() {
        // d (no team) has the month's last working day: October is complete.
        let (roster, report) = fixture(&[
            (0, date(2026, 10, 1), [1.0, 2.0, 80.0]), // 80 / 100 = 0.8
            (1, date(2026, 10, 20), [1.0, 2.0, 54.5455]), // 12 of 22 days: 54.5455 / 54.5455
            (2, date(2026, 10, 1), [1.0, 2.0, 40.0]), // 40 / 40 = 1.0
            (3, date(2026, 10, 30), [0.0, 0.0, 0.0]),
        ]);
        let revenue = report.kpi_index("revenue").unwrap();
        assert_eq!(report.rank_kpi, [Some(revenue)]);
        let place = |p| {
            report
                .place_in_team(&roster, p, report.report, revenue)
                .unwrap()
        };
        assert_eq!((place(2).rank, place(2).of), (1, 3));
        assert_eq!((place(1).rank, place(0).rank), (1, 3));
        assert_eq!(
            report.place_in_team(&roster, 3, report.report, revenue),
            None,
            "no team"
        );
    }

    #[test]
    fn ranking_never_mixes_attainment_and_values() {
        // b has not started in September: no target, so no attainment; ranked by
        // attainment, b is left out rather than compared by raw revenue.
        let (roster, report) = fixture(&[
            (0, date(2026, 9, 1), [1.0, 2.0, 80.0]),
            (1, date(2026, 9, 20), [1.0, 2.0, 700.0]),
            (2, date(2026, 9, 1), [1.0, 2.0, 40.0]),
        ]);
        let revenue = report.kpi_index("revenue").unwrap();
        let sept = report
            .period_index(Period::parse("2026-09").unwrap())
            .unwrap();
        assert_eq!(report.place_in_team(&roster, 1, sept, revenue), None);
        let c = report.place_in_team(&roster, 2, sept, revenue).unwrap();
        assert_eq!((c.rank, c.of), (1, 2));
    }

    #[test]
    fn a_period_in_progress_has_no_change_and_no_fall_for_totals() {
        // a: 1 000 in every month of 2025, 1 100 in each month of 2026 to October, and
        // 300 by Tuesday 3 November: November is in progress.
        let mut rows: Vec<_> = (1..=12)
            .map(|m| (0, date(2025, m, 10), [1.0, 4.0, 1000.0]))
            .chain((1..=10).map(|m| (0, date(2026, m, 10), [1.0, 2.0, 1100.0])))
            .collect();
        rows.push((0, date(2026, 11, 3), [1.0, 2.0, 300.0]));
        let (_, report) = fixture(&rows);
        let a = &report.people[0];
        let revenue = report.kpi_index("revenue").unwrap();
        let conversion = report.kpi_index("conversion").unwrap();
        let at = |p: &str| report.period_index(Period::parse(p).unwrap()).unwrap();
        // October 2026 vs October 2025: +100, +10 %.
        let yoy = report.change_yoy(a, at("2026-10"), revenue).unwrap();
        assert_eq!((yoy.delta, yoy.relative), (100.0, Some(0.1)));
        // Conversion 0.5 vs 0.25 a year earlier: a ratio, so it compares in progress.
        let yoy = report.change_yoy(a, at("2026-11"), conversion).unwrap();
        assert_eq!(yoy.delta, 0.25);
        // November is in progress: revenue has no change either way, and its part
        // month does not make the trend fall.
        assert!(report.in_progress[at("2026-11")]);
        assert_eq!(report.change(a, at("2026-11"), revenue), None);
        assert_eq!(report.change_yoy(a, at("2026-11"), revenue), None);
        assert_eq!(
            report.trend(a, report.window(at("2026-11"), 6), revenue),
            Some(Trend::Flat)
        );
        // No data a year before January 2025.
        assert_eq!(report.change_yoy(a, at("2025-06"), revenue), None);
    }

    #[test]
    fn change_and_trend() {
        let mut rows: Vec<_> = (1..=6)
            .map(|m| (0, date(2026, m, 3), [1.0, 2.0, 100.0 + 10.0 * f64::from(m)]))
            .collect();
        // d (no team) has 30 June: June is complete.
        rows.push((3, date(2026, 6, 30), [0.0, 0.0, 0.0]));
        let (_, report) = fixture(&rows);
        let a = &report.people[0];
        let revenue = report.kpi_index("revenue").unwrap();
        // June 160 vs May 150.
        let change = report.change(a, 5, revenue).unwrap();
        assert_eq!((change.delta, change.improved), (10.0, Some(true)));
        assert!((change.relative.unwrap() - 10.0 / 150.0).abs() < 1e-12);
        assert_eq!(
            report.trend(a, report.window(5, 6), revenue),
            Some(Trend::Up)
        );
        // Conversion is 0.5 every month: flat.
        let conversion = report.kpi_index("conversion").unwrap();
        assert_eq!(
            report.trend(a, report.window(5, 6), conversion),
            Some(Trend::Flat)
        );
        // Too little history for a trend.
        assert_eq!(report.trend(a, report.window(1, 6), revenue), None);
    }
}
