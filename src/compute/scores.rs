//! Compute: base measures summed per person, team and organisation and period; KPIs
//! evaluated on the sums; targets resolved and derived; status, change, trend and
//! rank. Renderers read the [`Scores`]; they never aggregate or evaluate formulas.
//!
//! Measures are kept as dense `periods × measures` columns per scope (NaN = missing),
//! so a thousand people with years of daily rows stay small and fast.

use jiff::civil::Date;
use rayon::prelude::*;

use crate::base::period::{Period, PeriodKind};
use crate::load::kpi::{Better, Kpi, Status};
use crate::load::metrics::Metrics;
use crate::load::team::Roster;

/// One KPI of one scope in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Cell {
    pub(crate) value: Option<f64>,
    pub(crate) target: Option<f64>,
    pub(crate) status: Option<Status>,
    /// Above 1 is good in both directions (see [`Kpi::attainment`]).
    pub(crate) attainment: Option<f64>,
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

    /// Change of `kpi` from the previous period, when both have values.
    pub(crate) fn change(&self, scope: &Scope, period: usize, kpi: usize) -> Option<Change> {
        let now = scope.cell(period, kpi).value?;
        let before = scope.cell(period.checked_sub(1)?, kpi).value?;
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
    /// window is under 3 % of the mean level.
    pub(crate) fn trend(
        &self,
        scope: &Scope,
        window: std::ops::Range<usize>,
        kpi: usize,
    ) -> Option<Trend> {
        let points: Vec<(f64, f64)> = window
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
        for row in self.values.chunks_mut(self.measures) {
            for (v, &d) in row.iter_mut().zip(decimals) {
                let scale = 10f64.powi(d as i32);
                *v = (*v * scale).round() / scale;
            }
        }
    }
}

/// Decimals needed to write `v` exactly, at least `min`, at most 6.
fn decimals(v: f64, min: u32) -> u32 {
    let mut d = min;
    while d < 6 {
        let scaled = v * 10f64.powi(d as i32);
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

fn scope(kpis: &[Kpi], values: Vec<Option<f64>>, targets: Vec<Option<f64>>, sums: &Sums) -> Scope {
    let k = kpis.len().max(1);
    let cells: Vec<Cell> = values
        .iter()
        .zip(&targets)
        .enumerate()
        .map(|(i, (&value, &target))| {
            let kpi = &kpis[i % k];
            Cell {
                value,
                target,
                status: kpi.status(value, target),
                attainment: kpi.attainment(value, target),
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

/// Runs the compute stage.
pub(crate) fn compute(
    roster: &Roster,
    metrics: &Metrics,
    catalogue: &[Kpi],
    kind: PeriodKind,
    report_period: Option<Period>,
) -> Scores {
    let periods = periods(metrics, kind, report_period);
    let n = periods.len();
    let (kpis, inputs) = shown_kpis(catalogue, metrics);
    let (person_sums, team_sums, org_sums) = summed(roster, metrics, &periods);
    let person_targets = person_targets(roster, &kpis, &periods);
    let derived = |members: &mut dyn Iterator<Item = usize>,
                   ratio: &dyn Fn(&str) -> Option<f64>| {
        derived_targets(&kpis, &person_targets, n, members, ratio)
    };

    let people: Vec<Scope> = person_sums
        .par_iter()
        .zip(&person_targets)
        .map(|(sums, targets)| {
            scope(
                &kpis,
                evaluate(&kpis, &inputs, sums, n),
                targets.clone(),
                sums,
            )
        })
        .collect();
    let teams: Vec<Scope> = roster
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let targets = derived(&mut team.members.iter().copied(), &|kpi| {
                roster.targets.team_ratio(t, kpi)
            });
            let sums = &team_sums[t];
            scope(&kpis, evaluate(&kpis, &inputs, sums, n), targets, sums)
        })
        .collect();
    let org_targets = derived(
        &mut roster.teams.iter().flat_map(|t| t.members.iter().copied()),
        &|kpi| roster.targets.org_ratio(kpi),
    );
    let organisation = scope(
        &kpis,
        evaluate(&kpis, &inputs, &org_sums, n),
        org_targets,
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

/// Targets per person, period and shown KPI (`periods × kpis`): none before the
/// person's start.
fn person_targets(roster: &Roster, kpis: &[Kpi], periods: &[Period]) -> Vec<Vec<Option<f64>>> {
    let period_ends: Vec<Date> = periods.iter().map(|p| p.end()).collect();
    roster
        .people
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let base: Vec<Option<f64>> = kpis
                .iter()
                .map(|k| roster.targets.person(i, person.team, &k.id))
                .collect();
            period_ends
                .iter()
                .flat_map(|end| {
                    let active = person.start.is_none_or(|s| s <= *end);
                    base.iter().map(move |&t| if active { t } else { None })
                })
                .collect()
        })
        .collect()
}

/// A group's targets per period and KPI: additive KPIs sum the members' targets,
/// ratio KPIs take the group's own (`ratio`).
fn derived_targets(
    kpis: &[Kpi],
    person_targets: &[Vec<Option<f64>>],
    n: usize,
    members: &mut dyn Iterator<Item = usize>,
    ratio: &dyn Fn(&str) -> Option<f64>,
) -> Vec<Option<f64>> {
    let members: Vec<usize> = members.collect();
    let mut out = Vec::with_capacity(n * kpis.len());
    for p in 0..n {
        for (j, kpi) in kpis.iter().enumerate() {
            out.push(if kpi.additive {
                members
                    .iter()
                    .filter_map(|&i| person_targets[i][p * kpis.len() + j])
                    .fold(None, |acc: Option<f64>, t| Some(acc.unwrap_or(0.0) + t))
            } else {
                ratio(&kpi.id)
            });
        }
    }
    out
}

/// Per team, the KPI people are ranked by: revenue when it has targets, else the
/// first KPI the team has data for.
fn rank_kpis(kpis: &[Kpi], teams: &[Scope], n: usize) -> Vec<Option<usize>> {
    let revenue = kpis.iter().position(|k| k.id == "revenue");
    teams
        .iter()
        .map(|team| {
            let with_targets =
                revenue.filter(|&r| (0..n).any(|p| team.cell(p, r).target.is_some()));
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
        let roster = team::load(Path::new("team.yaml"), TEAM, &mut diags).unwrap();
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
            PeriodKind::Month,
            None,
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
            Some(140.0)
        );
        // October: a 100 + b 100 + c 40, whether or not they have data.
        let revenue = cell(&report, team, "2026-10", "revenue");
        assert_eq!((revenue.value, revenue.target), (Some(150.0), Some(240.0)));
        assert_eq!(revenue.status, Some(Status::Red));
        // Ratios come from the team entry or default, on summed measures: 3 / 10.
        let conversion = cell(&report, team, "2026-10", "conversion");
        assert_eq!(
            (conversion.value, conversion.target),
            (Some(0.3), Some(0.5))
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
        assert_eq!((org.value, org.target), (Some(160.0), Some(240.0)));
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
        let (roster, report) = fixture(&[
            (0, date(2026, 10, 1), [1.0, 2.0, 80.0]),  // 80 / 100 = 0.8
            (1, date(2026, 10, 20), [1.0, 2.0, 80.0]), // 80 / 100 = 0.8
            (2, date(2026, 10, 1), [1.0, 2.0, 40.0]),  // 40 / 40 = 1.0
        ]);
        let revenue = report.kpi_index("revenue").unwrap();
        assert_eq!(report.rank_kpi, [Some(revenue)]);
        let place = |p| {
            report
                .place_in_team(&roster, p, report.report, revenue)
                .unwrap()
        };
        assert_eq!((place(2).rank, place(2).of), (1, 3));
        assert_eq!((place(0).rank, place(1).rank), (2, 2));
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
    fn change_and_trend() {
        let rows: Vec<_> = (1..=6)
            .map(|m| (0, date(2026, m, 3), [1.0, 2.0, 100.0 + 10.0 * f64::from(m)]))
            .collect();
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
