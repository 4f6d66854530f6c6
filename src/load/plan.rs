//! `plan.yaml`: scenario plans per team, period and additive KPI, and the book's own
//! days off for the working-day calendar. The figures computed from them live in
//! [`crate::compute::plan`]. Rules: docs/format.md ("plan.yaml").

use std::path::Path;

use serde::Deserialize;

use crate::base::calendar::Calendar;
use crate::base::diag::{Diagnostics, did_you_mean};
use crate::base::locale::Locale;
use crate::base::period::{Period, PeriodKind};
use crate::load::kpi::Kpi;
use crate::load::team::Roster;
use crate::load::yaml::{self, Source, Spanned, SpannedMap};

/// Default scenario multipliers of the standard plan.
pub const DEFAULT_MIN: f64 = 0.9;
pub const DEFAULT_MAX: f64 = 1.1;

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

    pub fn entry(&self, period: Period, team: usize, kpi: &str) -> Option<&Entry> {
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
            match crate::base::period::parse_day(&h.value) {
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
