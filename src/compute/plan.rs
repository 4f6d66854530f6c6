//! Plan vs actual: deviation, the scenario band, run-rate and funnel forecasts for a
//! period in progress, year to date, and the funnel stages per person and team, from
//! the loaded [`PlanBook`]. Rules: docs/format.md ("plan.yaml").

use jiff::civil::Date;

use crate::base::period::Period;
use crate::compute::scores::Scores;
use crate::load::metrics::Metrics;
use crate::load::plan::PlanBook;
use crate::load::team::Roster;

/// Three scenarios of a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scenarios {
    pub(crate) min: f64,
    pub(crate) standard: f64,
    pub(crate) max: f64,
}

impl std::ops::Add for Scenarios {
    type Output = Scenarios;
    /// Sums kept to 1/10 000, like the scenarios themselves.
    fn add(self, o: Scenarios) -> Scenarios {
        let add = |a: f64, b: f64| ((a + b) * 1e4).round() / 1e4;
        Scenarios {
            min: add(self.min, o.min),
            standard: add(self.standard, o.standard),
            max: add(self.max, o.max),
        }
    }
}

/// Where an actual falls among the scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Band {
    BelowMin,
    MinToStandard,
    StandardToMax,
    AboveMax,
}

impl Band {
    pub(crate) fn of(actual: f64, plan: Scenarios) -> Band {
        if actual < plan.min {
            Band::BelowMin
        } else if actual < plan.standard {
            Band::MinToStandard
        } else if actual <= plan.max {
            Band::StandardToMax
        } else {
            Band::AboveMax
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Band::BelowMin => "below_min",
            Band::MinToStandard => "min_standard",
            Band::StandardToMax => "standard_max",
            Band::AboveMax => "above_max",
        }
    }
}

/// Plan vs actual of one scope and KPI.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// `None` = the organisation.
    pub(crate) team: Option<usize>,
    /// Index into `Scores::kpis`.
    pub(crate) kpi: usize,
    /// Per period of the report period's year (January first): the plan, the actual.
    pub(crate) year: Vec<(Period, Option<Scenarios>, Option<f64>)>,
    pub(crate) plan: Option<Scenarios>,
    pub(crate) actual: Option<f64>,
    pub(crate) ytd_plan: Option<Scenarios>,
    pub(crate) ytd_actual: Option<f64>,
    pub(crate) run_rate: Option<f64>,
    pub(crate) funnel: Option<f64>,
}

/// Kept to 1/10 000: a difference of two sums carries float noise
/// (-292517.29000000004), not information.
fn tidy(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

impl Row {
    pub(crate) fn deviation(&self) -> Option<f64> {
        Some(tidy(self.actual? - self.plan?.standard))
    }

    /// The band of the actual; for a period in progress, of the run-rate forecast
    /// (a partial actual is always "below minimum").
    pub(crate) fn band(&self) -> Option<Band> {
        Some(Band::of(self.run_rate.or(self.actual)?, self.plan?))
    }
}

/// Funnel counts and stage rates of one person or team in the report period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Funnel {
    pub(crate) leads: f64,
    pub(crate) opportunities: f64,
    pub(crate) deals: f64,
}

impl Funnel {
    /// leads → opportunities, opportunities → deals.
    pub(crate) fn rates(&self) -> [Option<f64>; 2] {
        let rate = |a: f64, b: f64| (b > 0.0).then(|| a / b);
        [
            rate(self.opportunities, self.leads),
            rate(self.deals, self.opportunities),
        ]
    }

    /// The stage furthest below `reference`'s rate (relative), if any is below.
    pub(crate) fn weakest_against(&self, reference: &Funnel) -> Option<usize> {
        let own = self.rates();
        let theirs = reference.rates();
        (0..2)
            .filter_map(|s| {
                let (o, t) = (own[s]?, theirs[s]?);
                (t > 0.0 && o < t).then_some((s, o / t))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(s, _)| s)
    }
}

/// Everything plan-related for the report period.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlanReport {
    pub(crate) rows: Vec<Row>,
    /// The report period is in progress: (working days elapsed, working days in it).
    pub(crate) progress: Option<(u32, u32)>,
    /// Per person, per team, and the organisation: funnel counts in the report period
    /// (`None` without the three measures).
    pub(crate) people: Vec<Option<Funnel>>,
    pub(crate) teams: Vec<Option<Funnel>>,
    pub(crate) organisation: Option<Funnel>,
}

/// Sums of a measure per person over the days of `period`; `None` without the measure
/// or without any value.
fn measure_sum(metrics: &Metrics, person: usize, measure: usize, period: Period) -> Option<f64> {
    let series = metrics.people.get(person)?;
    let n = metrics.measures.len();
    let (start, end) = (period.start(), period.end());
    let mut sum = None;
    for (i, day) in series.days.iter().enumerate() {
        if *day < start || *day > end {
            continue;
        }
        let v = series.values[i * n + measure];
        if !v.is_nan() {
            *sum.get_or_insert(0.0) += v;
        }
    }
    sum
}

/// A scenario from the standard: rounded to 1/10 000 so 1800 × 0.9 is 1620, not
/// 1620.0000000000002.
fn scaled(standard: f64, factor: f64) -> f64 {
    (standard * factor * 1e4).round() / 1e4
}

pub(crate) fn compute(
    plan: &PlanBook,
    roster: &Roster,
    metrics: &Metrics,
    report: &Scores,
) -> PlanReport {
    // No period has data for a known person: `check` and `build` stop there.
    let Some(&period) = report.periods.get(report.report) else {
        return PlanReport::default();
    };
    let year = year_of(period);
    let progress = progress(plan, period, metrics.last_day());

    let team_plan = |t: usize, p: Period, k: usize| -> Option<Scenarios> {
        let kpi = &report.kpis[k];
        if let Some(e) = plan.entry(p, t, &kpi.id) {
            return Some(Scenarios {
                min: e.min.unwrap_or_else(|| scaled(e.standard, plan.min)),
                standard: e.standard,
                max: e.max.unwrap_or_else(|| scaled(e.standard, plan.max)),
            });
        }
        let i = report.period_index(p)?;
        let standard = report.teams[t].cell(i, k).target_value()?;
        Some(Scenarios {
            min: scaled(standard, plan.min),
            standard,
            max: scaled(standard, plan.max),
        })
    };
    let sum = |values: Vec<Option<f64>>| -> Option<f64> {
        values.into_iter().flatten().reduce(|a, b| a + b)
    };
    let sum_plans = |plans: Vec<Option<Scenarios>>| -> Option<Scenarios> {
        plans.into_iter().flatten().reduce(|a, b| a + b)
    };
    // A team's value in period index `i`; the organisation's is the sum of its teams'.
    let value = |team: Option<usize>, i: usize, k: usize| -> Option<f64> {
        match team {
            Some(t) => report.teams[t].cell(i, k).value,
            None => sum((0..roster.teams.len())
                .map(|t| report.teams[t].cell(i, k).value)
                .collect()),
        }
    };
    let actual_at = |team: Option<usize>, p: Period, k: usize| -> Option<f64> {
        value(team, report.period_index(p)?, k)
    };

    let kpi_index = |id: &str| report.kpi_index(id);
    let (leads, deals, revenue) = (kpi_index("leads"), kpi_index("deals"), kpi_index("revenue"));
    let trailing = |team: Option<usize>, k: usize| -> Option<f64> {
        let from = report.report.saturating_sub(3);
        sum((from..report.report).map(|i| value(team, i, k)).collect())
    };

    let mut rows = Vec::new();
    for (k, kpi) in report.kpis.iter().enumerate() {
        if !kpi.additive {
            continue;
        }
        let scopes: Vec<Option<usize>> = (0..roster.teams.len()).map(Some).chain([None]).collect();
        for team in scopes {
            let plan_of = |p: Period| match team {
                Some(t) => team_plan(t, p, k),
                None => sum_plans(
                    (0..roster.teams.len())
                        .map(|t| team_plan(t, p, k))
                        .collect(),
                ),
            };
            let actual_of = |p: Period| actual_at(team, p, k);
            let year_rows: Vec<(Period, Option<Scenarios>, Option<f64>)> = year
                .iter()
                .map(|&p| (p, plan_of(p), actual_of(p)))
                .collect();
            if year_rows.iter().all(|(_, plan, _)| plan.is_none()) {
                continue;
            }
            let to_date: Vec<&(Period, Option<Scenarios>, Option<f64>)> =
                year_rows.iter().filter(|(p, _, _)| *p <= period).collect();
            let actual = actual_of(period);
            let run_rate = progress
                .zip(actual)
                .map(|((elapsed, total), a)| tidy(a / f64::from(elapsed) * f64::from(total)));
            let funnel = progress
                .and_then(|(elapsed, total)| {
                    let scale = f64::from(total) / f64::from(elapsed);
                    let (l, d) = (leads?, deals?);
                    let leads_now = actual_at(team, period, l)?;
                    let conversion = trailing(team, d)? / trailing(team, l)?;
                    let expected_deals = leads_now * scale * conversion;
                    if Some(k) == deals {
                        Some(expected_deals)
                    } else if Some(k) == revenue {
                        Some(expected_deals * trailing(team, k)? / trailing(team, d)?)
                    } else {
                        None
                    }
                })
                .filter(|v| v.is_finite())
                .map(tidy);
            rows.push(Row {
                team,
                kpi: k,
                plan: plan_of(period),
                actual,
                ytd_plan: sum_plans(to_date.iter().map(|(_, p, _)| *p).collect()),
                ytd_actual: sum(to_date.iter().map(|(_, _, a)| *a).collect()),
                year: year_rows,
                run_rate,
                funnel,
            });
        }
    }

    let (people, teams, organisation) = funnels(roster, metrics, period);
    PlanReport {
        rows,
        progress,
        people,
        teams,
        organisation,
    }
}

/// The periods of `period`'s year, January first (a period that straddles the turn
/// of the year belongs to both).
fn year_of(period: Period) -> Vec<Period> {
    let mut p = Period::containing(period.kind, jiff::civil::date(period.year, 1, 1));
    let mut out = Vec::new();
    while p.year <= period.year && out.len() < 60 {
        if p.start().year() == period.year || p.end().year() == period.year {
            out.push(p);
        }
        p = p.succ();
    }
    out
}

/// (working days elapsed, working days in it) when `period` is in progress on the last
/// day with data.
fn progress(plan: &PlanBook, period: Period, last_day: Option<Date>) -> Option<(u32, u32)> {
    let calendar = &plan.calendar;
    last_day.and_then(|last| {
        let total = calendar.working_days(period.start(), period.end());
        let elapsed = calendar.working_days(period.start(), last.min(period.end()));
        (last < period.end() && elapsed < total && elapsed > 0).then_some((elapsed, total))
    })
}

/// Per person, per team, and for the organisation: funnel counts in `period`.
type Funnels = (Vec<Option<Funnel>>, Vec<Option<Funnel>>, Option<Funnel>);

/// Funnel counts from the measures, per person, team and organisation.
fn funnels(roster: &Roster, metrics: &Metrics, period: Period) -> Funnels {
    let m = |name: &str| metrics.measure_index(name);
    let (ml, mo, md) = (m("leads"), m("opportunities"), m("deals"));
    let people: Vec<Option<Funnel>> = (0..roster.people.len())
        .map(|i| {
            let (l, o, d) = (ml?, mo?, md?);
            Some(Funnel {
                leads: measure_sum(metrics, i, l, period)?,
                opportunities: measure_sum(metrics, i, o, period)?,
                deals: measure_sum(metrics, i, d, period)?,
            })
        })
        .collect();
    let add = |members: &mut dyn Iterator<Item = usize>| -> Option<Funnel> {
        members.filter_map(|i| people[i]).reduce(|a, b| Funnel {
            leads: a.leads + b.leads,
            opportunities: a.opportunities + b.opportunities,
            deals: a.deals + b.deals,
        })
    };
    let teams: Vec<Option<Funnel>> = roster
        .teams
        .iter()
        .map(|t| add(&mut t.members.iter().copied()))
        .collect();
    let organisation = add(&mut (0..roster.people.len()));
    (people, teams, organisation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_and_weakest_stage() {
        let plan = Scenarios {
            min: 90.0,
            standard: 100.0,
            max: 110.0,
        };
        assert_eq!(Band::of(80.0, plan), Band::BelowMin);
        assert_eq!(Band::of(95.0, plan), Band::MinToStandard);
        assert_eq!(Band::of(100.0, plan), Band::StandardToMax);
        assert_eq!(Band::of(111.0, plan), Band::AboveMax);
        let team = Funnel {
            leads: 100.0,
            opportunities: 50.0,
            deals: 20.0,
        };
        // 40 % lead→opportunity (80 % of the team's 50 %), 50 % opportunity→deal (125 %).
        let rep = Funnel {
            leads: 50.0,
            opportunities: 20.0,
            deals: 10.0,
        };
        assert_eq!(rep.weakest_against(&team), Some(0));
        let strong = Funnel {
            leads: 10.0,
            opportunities: 6.0,
            deals: 3.0,
        };
        assert_eq!(strong.weakest_against(&team), None);
    }
}
