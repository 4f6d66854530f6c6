//! `plan.yaml` and plan vs actual: scenario plans per team, period and additive KPI, a
//! working-day calendar, and the figures computed from them — deviation, the scenario
//! band, run-rate and funnel forecasts for a period in progress, year to date, and the
//! funnel stages per person and team. Rules: docs/format.md ("plan.yaml").

use std::collections::BTreeSet;
use std::path::Path;

use jiff::civil::{Date, Weekday};
use serde::Deserialize;

use crate::compute::Report;
use crate::diag::{Diagnostics, did_you_mean};
use crate::kpi::Kpi;
use crate::locale::Locale;
use crate::metrics::Metrics;
use crate::period::{Period, PeriodKind};
use crate::team::Roster;
use crate::yaml::{self, Source, Spanned, SpannedMap};

/// Default scenario multipliers of the standard plan.
pub const DEFAULT_MIN: f64 = 0.9;
pub const DEFAULT_MAX: f64 = 1.1;

/// The working-day calendar: Monday to Friday, minus public holidays, minus the book's
/// own days off.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub locale: Locale,
    pub public_holidays: bool,
    pub holidays: BTreeSet<Date>,
}

impl Calendar {
    pub fn new(locale: Locale) -> Calendar {
        Calendar {
            locale,
            public_holidays: true,
            holidays: BTreeSet::new(),
        }
    }

    pub fn is_working_day(&self, day: Date) -> bool {
        let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
        let holiday = self.holidays.contains(&day)
            || (self.public_holidays && public_holiday(self.locale, day));
        !weekend && !holiday
    }

    /// Working days from `from` to `to`, both included.
    pub fn working_days(&self, from: Date, to: Date) -> u32 {
        let mut n = 0;
        let mut day = from;
        while day <= to {
            n += u32::from(self.is_working_day(day));
            day = match day.tomorrow() {
                Ok(d) => d,
                Err(_) => break,
            };
        }
        n
    }
}

/// Easter Sunday (Gregorian, the anonymous algorithm).
pub fn easter(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).expect("invariant: Easter is a valid date")
}

/// Whether `day` is a public holiday in the locale's country (Poland, Norway; none
/// for English, whose countries differ).
pub fn public_holiday(locale: Locale, day: Date) -> bool {
    let (m, d) = (day.month(), day.day());
    let from_easter = (day - easter(day.year())).get_days();
    match locale {
        Locale::Pl => {
            matches!(
                (m, d),
                (1, 1) | (1, 6) | (5, 1) | (5, 3) | (8, 15) | (11, 1) | (11, 11) | (12, 25) | (12, 26)
            ) || (m, d) == (12, 24) && day.year() >= 2025
                // Easter Sunday and Monday, Pentecost Sunday, Corpus Christi.
                || matches!(from_easter, 0 | 1 | 49 | 60)
        }
        Locale::Nb => {
            matches!((m, d), (1, 1) | (5, 1) | (5, 17) | (12, 25) | (12, 26))
                // Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension,
                // Whit Sunday and Monday.
                || matches!(from_easter, -3 | -2 | 0 | 1 | 39 | 49 | 50)
        }
        Locale::En => false,
    }
}

/// One plan entry: a team's scenarios for a KPI in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub period: Period,
    pub team: usize,
    pub kpi: String,
    pub min: Option<f64>,
    pub standard: f64,
    pub max: Option<f64>,
}

/// The loaded `plan.yaml` (or its defaults).
#[derive(Debug, Clone)]
pub struct PlanBook {
    pub min: f64,
    pub max: f64,
    pub calendar: Calendar,
    pub entries: Vec<Entry>,
}

impl PlanBook {
    pub fn new(locale: Locale) -> PlanBook {
        PlanBook {
            min: DEFAULT_MIN,
            max: DEFAULT_MAX,
            calendar: Calendar::new(locale),
            entries: Vec::new(),
        }
    }

    fn entry(&self, period: Period, team: usize, kpi: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.period == period && e.team == team && e.kpi == kpi)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenarios {
    min: Option<Spanned<f64>>,
    max: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    public_holidays: Option<bool>,
    #[serde(default)]
    holidays: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenarioValues {
    min: f64,
    standard: f64,
    max: f64,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawValue {
    Standard(f64),
    Scenarios(RawScenarioValues),
    Text(String),
}

/// One entry of `plans`: `period`, `team` and KPI keys, read as one map so every key
/// keeps its position.
type RawEntry = SpannedMap<Spanned<RawValue>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    scenarios: Option<RawScenarios>,
    calendar: Option<RawCalendar>,
    #[serde(default)]
    plans: Vec<Spanned<RawEntry>>,
}

/// Loads `plan.yaml`, checking teams, KPIs (additive ones only), periods and values.
pub fn load(
    path: &Path,
    text: &str,
    roster: &Roster,
    catalogue: &[Kpi],
    kind: PeriodKind,
    locale: Locale,
    diags: &mut Diagnostics,
) -> PlanBook {
    let mut plan = PlanBook::new(locale);
    let Some(raw) = yaml::parse::<Option<RawPlan>>(path, text, diags) else {
        return plan;
    };
    let raw = raw.unwrap_or_default();
    let src = Source { path, text };
    if let Some(s) = &raw.scenarios {
        if let Some(min) = &s.min {
            if min.value > 0.0 && min.value <= 1.0 {
                plan.min = min.value;
            } else {
                diags.push(
                    src.error_at(min, "`min` must be more than 0 and at most 1")
                        .with_hint(
                            "the minimum scenario as a share of the standard, e.g. `min: 0.85`",
                        ),
                );
            }
        }
        if let Some(max) = &s.max {
            if max.value >= 1.0 && max.value.is_finite() {
                plan.max = max.value;
            } else {
                diags.push(src.error_at(max, "`max` must be at least 1").with_hint(
                    "the maximum scenario as a multiple of the standard, e.g. `max: 1.15`",
                ));
            }
        }
    }
    if let Some(c) = &raw.calendar {
        plan.calendar.public_holidays = c.public_holidays.unwrap_or(true);
        for h in &c.holidays {
            match crate::period::parse_day(&h.value) {
                Some(day) => {
                    plan.calendar.holidays.insert(day);
                }
                None => diags.push(
                    src.error_at(h, format!("`{}` is not a date", h.value))
                        .with_hint("write dates as YYYY-MM-DD, e.g. 2026-12-31"),
                ),
            }
        }
    }
    for entry in &raw.plans {
        let text_of = |key: &str| {
            entry
                .value
                .0
                .iter()
                .find(|(k, _)| k.value == key)
                .map(|(k, v)| match &v.value {
                    RawValue::Text(t) => Spanned {
                        value: t.clone(),
                        referenced: v.referenced,
                        defined: v.defined,
                    },
                    RawValue::Standard(n) => Spanned {
                        value: n.to_string(),
                        referenced: v.referenced,
                        defined: v.defined,
                    },
                    RawValue::Scenarios(_) => Spanned {
                        value: String::new(),
                        referenced: k.referenced,
                        defined: k.defined,
                    },
                })
        };
        let (Some(e_period), Some(e_team)) = (text_of("period"), text_of("team")) else {
            let missing = if text_of("period").is_none() {
                "period"
            } else {
                "team"
            };
            diags.push(
                src.error_at(entry, format!("the plan entry has no `{missing}`"))
                    .with_hint("each entry has `period`, `team` and the planned KPIs"),
            );
            continue;
        };
        struct E<'a> {
            period: Spanned<String>,
            team: Spanned<String>,
            kpis: Vec<&'a (Spanned<String>, Spanned<RawValue>)>,
        }
        let e = E {
            period: e_period,
            team: e_team,
            kpis: entry
                .value
                .0
                .iter()
                .filter(|(k, _)| k.value != "period" && k.value != "team")
                .collect(),
        };
        let period = match Period::parse(&e.period.value) {
            Ok(p) if p.kind == kind => Some(p),
            Ok(p) => {
                diags.push(src.error_at(
                    &e.period,
                    format!(
                        "`{}` is a {} but the book reports by {}",
                        e.period.value,
                        p.kind.as_str(),
                        kind.as_str()
                    ),
                ));
                None
            }
            Err(message) => {
                diags.push(src.error_at(&e.period, message));
                None
            }
        };
        let team = roster.teams.iter().position(|t| t.id == e.team.value);
        if team.is_none() {
            let d = src.error_at(&e.team, format!("unknown team `{}`", e.team.value));
            diags.push(
                match did_you_mean(&e.team.value, roster.teams.iter().map(|t| t.id.as_str())) {
                    Some(h) => d.with_hint(h),
                    None => d,
                },
            );
        }
        if e.kpis.is_empty() {
            diags.push(
                src.error_at(&e.team, "the plan entry has no KPI")
                    .with_hint("add e.g. `revenue: 1200000`"),
            );
        }
        for (key, value) in e.kpis.iter().map(|kv| (&kv.0, &kv.1)) {
            let Some(kpi) = catalogue.iter().find(|k| k.id == key.value) else {
                let d = src.error_at(key, format!("unknown KPI `{}`", key.value));
                let hint = did_you_mean(&key.value, catalogue.iter().map(|k| k.id.as_str()))
                    .unwrap_or_else(|| {
                        "a plan entry has `period`, `team` and additive KPIs".into()
                    });
                diags.push(d.with_hint(hint));
                continue;
            };
            if !kpi.additive {
                diags.push(
                    src.error_at(
                        key,
                        format!("`{}` is a ratio and cannot be planned", key.value),
                    )
                    .with_hint(
                        "plan additive KPIs (revenue, deals, leads…); ratios follow from them",
                    ),
                );
                continue;
            }
            let (min, standard, max) = match &value.value {
                RawValue::Standard(s) => (None, *s, None),
                RawValue::Scenarios(v) => (Some(v.min), v.standard, Some(v.max)),
                RawValue::Text(_) => {
                    diags.push(
                        src.error_at(
                            value,
                            format!("the plan of `{}` must be a number", key.value),
                        )
                        .with_hint("a number (the standard) or `{ min: …, standard: …, max: … }`"),
                    );
                    continue;
                }
            };
            let finite = [Some(standard), min, max]
                .iter()
                .flatten()
                .all(|v| v.is_finite() && *v >= 0.0);
            if !finite || min.is_some_and(|m| m > standard) || max.is_some_and(|m| m < standard) {
                diags.push(
                    src.error_at(
                        value,
                        "the plan needs `min ≤ standard ≤ max`, none negative",
                    )
                    .with_hint("e.g. `{ min: 200000, standard: 240000, max: 290000 }`"),
                );
                continue;
            }
            let (Some(period), Some(team)) = (period, team) else {
                continue;
            };
            if plan.entry(period, team, &kpi.id).is_some() {
                diags.push(src.error_at(
                    key,
                    format!(
                        "`{}` of team `{}` is planned twice for {period}",
                        kpi.id, e.team.value
                    ),
                ));
                continue;
            }
            plan.entries.push(Entry {
                period,
                team,
                kpi: kpi.id.clone(),
                min,
                standard,
                max,
            });
        }
    }
    plan
}

/// Three scenarios of a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scenarios {
    pub min: f64,
    pub standard: f64,
    pub max: f64,
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
pub enum Band {
    BelowMin,
    MinToStandard,
    StandardToMax,
    AboveMax,
}

impl Band {
    pub fn of(actual: f64, plan: Scenarios) -> Band {
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

    pub fn as_str(self) -> &'static str {
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
pub struct Row {
    /// `None` = the organisation.
    pub team: Option<usize>,
    /// Index into `Report::kpis`.
    pub kpi: usize,
    /// Per period of the report period's year (January first): the plan, the actual.
    pub year: Vec<(Period, Option<Scenarios>, Option<f64>)>,
    pub plan: Option<Scenarios>,
    pub actual: Option<f64>,
    pub ytd_plan: Option<Scenarios>,
    pub ytd_actual: Option<f64>,
    pub run_rate: Option<f64>,
    pub funnel: Option<f64>,
}

/// Kept to 1/10 000: a difference of two sums carries float noise
/// (-292517.29000000004), not information.
fn tidy(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

impl Row {
    pub fn deviation(&self) -> Option<f64> {
        Some(tidy(self.actual? - self.plan?.standard))
    }

    /// The band of the actual; for a period in progress, of the run-rate forecast
    /// (a partial actual is always "below minimum").
    pub fn band(&self) -> Option<Band> {
        Some(Band::of(self.run_rate.or(self.actual)?, self.plan?))
    }
}

/// Funnel counts and stage rates of one person or team in the report period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Funnel {
    pub leads: f64,
    pub opportunities: f64,
    pub deals: f64,
}

impl Funnel {
    /// leads → opportunities, opportunities → deals.
    pub fn rates(&self) -> [Option<f64>; 2] {
        let rate = |a: f64, b: f64| (b > 0.0).then(|| a / b);
        [
            rate(self.opportunities, self.leads),
            rate(self.deals, self.opportunities),
        ]
    }

    /// The stage furthest below `reference`'s rate (relative), if any is below.
    pub fn weakest_against(&self, reference: &Funnel) -> Option<usize> {
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
pub struct PlanReport {
    pub rows: Vec<Row>,
    /// The report period is in progress: (working days elapsed, working days in it).
    pub progress: Option<(u32, u32)>,
    /// Per person, per team, and the organisation: funnel counts in the report period
    /// (`None` without the three measures).
    pub people: Vec<Option<Funnel>>,
    pub teams: Vec<Option<Funnel>>,
    pub organisation: Option<Funnel>,
}

impl PlanReport {
    pub fn row(&self, team: Option<usize>, kpi: usize) -> Option<&Row> {
        self.rows.iter().find(|r| r.team == team && r.kpi == kpi)
    }
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

pub fn compute(plan: &PlanBook, roster: &Roster, metrics: &Metrics, report: &Report) -> PlanReport {
    let period = report.periods[report.report];
    let year: Vec<Period> = {
        let mut p = Period::containing(period.kind, jiff::civil::date(period.year, 1, 1));
        let mut out = Vec::new();
        while p.year <= period.year && out.len() < 60 {
            if p.start().year() == period.year || p.end().year() == period.year {
                out.push(p);
            }
            p = p.succ();
        }
        out
    };
    let calendar = &plan.calendar;
    let last_day = metrics.last_day();
    let progress = last_day.and_then(|last| {
        let total = calendar.working_days(period.start(), period.end());
        let elapsed = calendar.working_days(period.start(), last.min(period.end()));
        (last < period.end() && elapsed < total && elapsed > 0).then_some((elapsed, total))
    });

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
        let standard = report.teams[t].cell(i, k).target?;
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

    // Funnel counts from the measures.
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
    PlanReport {
        rows,
        progress,
        people,
        teams,
        organisation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        crate::period::parse_day(s).unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2025).to_string(), "2025-04-20");
        assert_eq!(easter(2026).to_string(), "2026-04-05");
        assert_eq!(easter(2027).to_string(), "2027-03-28");
    }

    #[test]
    fn polish_and_norwegian_holidays() {
        assert!(public_holiday(Locale::Pl, day("2026-11-11")));
        assert!(
            public_holiday(Locale::Pl, day("2026-06-04")),
            "Corpus Christi 2026"
        );
        assert!(public_holiday(Locale::Pl, day("2026-12-24")));
        assert!(!public_holiday(Locale::Pl, day("2024-12-24")));
        assert!(
            public_holiday(Locale::Nb, day("2026-05-14")),
            "Ascension 2026"
        );
        assert!(public_holiday(Locale::Nb, day("2026-05-17")));
        assert!(!public_holiday(Locale::En, day("2026-12-25")));
    }

    #[test]
    fn working_days_by_hand() {
        // November 2026: 21 weekdays; minus 11 November (Wednesday) in Poland = 20;
        // minus a company day off on the 10th = 19.
        let mut cal = Calendar::new(Locale::Pl);
        assert_eq!(cal.working_days(day("2026-11-01"), day("2026-11-30")), 20);
        cal.holidays.insert(day("2026-11-10"));
        assert_eq!(cal.working_days(day("2026-11-01"), day("2026-11-30")), 19);
        // 2–13 November: 10 weekdays, minus the 10th and the 11th = 8.
        assert_eq!(cal.working_days(day("2026-11-01"), day("2026-11-13")), 8);
        assert_eq!(
            Calendar::new(Locale::En).working_days(day("2026-11-01"), day("2026-11-30")),
            21
        );
    }

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
