//! `plan.yaml`: scenario plans per team, period and additive KPI, and the book's own
//! days off for the working-day calendar. The figures computed from them belong to
//! the compute stage (`compute/plan.rs`). Rules: docs/format.md ("plan.yaml").

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
pub(crate) const DEFAULT_MIN: f64 = 0.9;
pub(crate) const DEFAULT_MAX: f64 = 1.1;

/// One plan entry: a team's scenarios for a KPI in a period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) period: Period,
    pub(crate) team: usize,
    pub(crate) kpi: String,
    pub(crate) min: Option<f64>,
    pub(crate) standard: f64,
    pub(crate) max: Option<f64>,
}

/// The loaded `plan.yaml` (or its defaults).
#[derive(Debug, Clone)]
pub(crate) struct PlanBook {
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) calendar: Calendar,
    pub(crate) entries: Vec<Entry>,
}

impl PlanBook {
    pub(crate) fn new(locale: Locale) -> PlanBook {
        PlanBook {
            min: DEFAULT_MIN,
            max: DEFAULT_MAX,
            calendar: Calendar::new(locale),
            entries: Vec::new(),
        }
    }

    pub(crate) fn entry(&self, period: Period, team: usize, kpi: &str) -> Option<&Entry> {
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
pub(crate) fn load(
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
        load_scenarios(&src, s, &mut plan, diags);
    }
    if let Some(c) = &raw.calendar {
        plan.calendar.public_holidays = c.public_holidays.unwrap_or(true);
        for h in &c.holidays {
            if let Some(day) = src.date(h, "2026-12-31", diags) {
                plan.calendar.holidays.insert(day);
            }
        }
    }
    let context = Context {
        src: &src,
        roster,
        catalogue,
        kind,
    };
    for entry in &raw.plans {
        context.load_entry(entry, &mut plan, diags);
    }
    plan
}

/// The scenario multipliers, each checked.
fn load_scenarios(src: &Source, s: &RawScenarios, plan: &mut PlanBook, diags: &mut Diagnostics) {
    if let Some(min) = &s.min {
        if min.value > 0.0 && min.value <= 1.0 {
            plan.min = min.value;
        } else {
            diags.push(
                src.error_at(min, "`min` must be more than 0 and at most 1")
                    .with_hint("the minimum scenario as a share of the standard, e.g. `min: 0.85`"),
            );
        }
    }
    if let Some(max) = &s.max {
        if max.value >= 1.0 && max.value.is_finite() {
            plan.max = max.value;
        } else {
            diags.push(
                src.error_at(max, "`max` must be at least 1").with_hint(
                    "the maximum scenario as a multiple of the standard, e.g. `max: 1.15`",
                ),
            );
        }
    }
}

/// What a plan entry is checked against.
struct Context<'a> {
    src: &'a Source<'a>,
    roster: &'a Roster,
    catalogue: &'a [Kpi],
    kind: PeriodKind,
}

impl Context<'_> {
    /// One entry of `plans`: its period and team, then each planned KPI.
    fn load_entry(&self, entry: &Spanned<RawEntry>, plan: &mut PlanBook, diags: &mut Diagnostics) {
        let src = self.src;
        let (Some(period_text), Some(team_text)) =
            (text_of(entry, "period"), text_of(entry, "team"))
        else {
            let missing = if text_of(entry, "period").is_none() {
                "period"
            } else {
                "team"
            };
            diags.push(
                src.error_at(entry, format!("the plan entry has no `{missing}`"))
                    .with_hint("each entry has `period`, `team` and the planned KPIs"),
            );
            return;
        };
        let kpis: Vec<&(Spanned<String>, Spanned<RawValue>)> = entry
            .value
            .0
            .iter()
            .filter(|(k, _)| k.value != "period" && k.value != "team")
            .collect();
        let period = self.period(&period_text, diags);
        let team = self.team(&team_text, diags);
        if kpis.is_empty() {
            diags.push(
                src.error_at(&team_text, "the plan entry has no KPI")
                    .with_hint("add e.g. `revenue: 1200000`"),
            );
        }
        for (key, value) in kpis.iter().map(|kv| (&kv.0, &kv.1)) {
            let Some((kpi, min, standard, max)) = self.value(key, value, diags) else {
                continue;
            };
            let (Some(period), Some(team)) = (period, team) else {
                continue;
            };
            if plan.entry(period, team, &kpi.id).is_some() {
                diags.push(src.error_at(
                    key,
                    format!(
                        "`{}` of team `{}` is planned twice for {period}",
                        kpi.id, team_text.value
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

    /// The entry's period, which must be one of the book's kind.
    fn period(&self, text: &Spanned<String>, diags: &mut Diagnostics) -> Option<Period> {
        let kind = self.kind;
        match Period::parse(&text.value) {
            Ok(p) if p.kind == kind => Some(p),
            Ok(p) => {
                diags.push(self.src.error_at(
                    text,
                    format!(
                        "`{}` is a {} but the book reports by {}",
                        text.value,
                        p.kind.as_str(),
                        kind.as_str()
                    ),
                ));
                None
            }
            Err(problem) => {
                diags.push(self.src.place(problem, text));
                None
            }
        }
    }

    /// The entry's team.
    fn team(&self, id: &Spanned<String>, diags: &mut Diagnostics) -> Option<usize> {
        let teams = &self.roster.teams;
        let team = teams.iter().position(|t| t.id == id.value);
        if team.is_none() {
            let d = self
                .src
                .error_at(id, format!("unknown team `{}`", id.value));
            diags.push(
                match did_you_mean(&id.value, teams.iter().map(|t| t.id.as_str())) {
                    Some(h) => d.with_hint(h),
                    None => d,
                },
            );
        }
        team
    }

    /// A planned KPI and its (min, standard, max): an additive KPI of the catalogue
    /// and `min ≤ standard ≤ max`, none negative.
    fn value(
        &self,
        key: &Spanned<String>,
        value: &Spanned<RawValue>,
        diags: &mut Diagnostics,
    ) -> Option<(&Kpi, Option<f64>, f64, Option<f64>)> {
        let (src, catalogue) = (self.src, self.catalogue);
        let Some(kpi) = catalogue.iter().find(|k| k.id == key.value) else {
            let d = src.error_at(key, format!("unknown KPI `{}`", key.value));
            let hint = did_you_mean(&key.value, catalogue.iter().map(|k| k.id.as_str()))
                .unwrap_or_else(|| "a plan entry has `period`, `team` and additive KPIs".into());
            diags.push(d.with_hint(hint));
            return None;
        };
        if !kpi.additive {
            diags.push(
                src.error_at(
                    key,
                    format!("`{}` is a ratio and cannot be planned", key.value),
                )
                .with_hint("plan additive KPIs (revenue, deals, leads…); ratios follow from them"),
            );
            return None;
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
                return None;
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
            return None;
        }
        Some((kpi, min, standard, max))
    }
}

/// The text of key `key` of an entry, located at its value (at the key for a
/// mapping value, which has no text).
fn text_of(entry: &Spanned<RawEntry>, key: &str) -> Option<Spanned<String>> {
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
}
