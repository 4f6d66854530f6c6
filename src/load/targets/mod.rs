//! Targets over time: per KPI, effective-dated values at three levels (the book's
//! default, a team, a person) from `team.yaml` and `targets/*.csv`, and the ramp of
//! new hires.
//!
//! A value holds from its period until the next key of the same level and KPI; before
//! a level's first key the next level applies (person → team → default). Who is
//! active, shares, ramps and pace are compute's: this module only says what was
//! written, and where.

pub(crate) mod csv;
pub(crate) mod yaml;

use std::collections::BTreeMap;

use crate::base::diag::Diagnostic;
use crate::base::period::Period;

/// A target value: a number, or a band with one or two sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Goal {
    Value(f64),
    Band { min: Option<f64>, max: Option<f64> },
}

impl Goal {
    /// The number, when the goal is one.
    pub(crate) fn value(self) -> Option<f64> {
        match self {
            Goal::Value(v) => Some(v),
            Goal::Band { .. } => None,
        }
    }

    /// As `data/<period>.csv` writes it: `12.5`, `0.75..0.85`, `..0.85`, `0.75..`.
    pub(crate) fn plain(self) -> String {
        use crate::base::csv::plain_number;
        match self {
            Goal::Value(v) => plain_number(v),
            Goal::Band { min, max } => format!(
                "{}..{}",
                min.map_or_else(String::new, plain_number),
                max.map_or_else(String::new, plain_number)
            ),
        }
    }

    /// Reads a band as `data/*.csv` and quota spreadsheets write it (`min..max`,
    /// `..max`, `min..`) or a plain number.
    pub(crate) fn parse(text: &str) -> Result<Goal, String> {
        let number = |s: &str| -> Result<Option<f64>, String> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(Some(v)),
                _ => Err(format!("`{s}` is not a number")),
            }
        };
        match text.split_once("..") {
            Some((min, max)) => {
                let goal = Goal::Band {
                    min: number(min)?,
                    max: number(max)?,
                };
                goal.check().map(|()| goal)
            }
            None => number(text)?
                .map(Goal::Value)
                .ok_or_else(|| "the target is empty".to_string()),
        }
    }

    /// A band needs a side, and its `min` must not be above its `max`.
    pub(crate) fn check(self) -> Result<(), String> {
        match self {
            Goal::Value(v) if !v.is_finite() => Err("target must be a finite number".into()),
            Goal::Band {
                min: None,
                max: None,
            } => Err("a band needs `min`, `max` or both".into()),
            Goal::Band {
                min: Some(lo),
                max: Some(hi),
            } if lo > hi => Err(format!("the band's min {lo} is above its max {hi}")),
            _ => Ok(()),
        }
    }
}

/// One effective-dated value: from `from` (`None`: from the beginning) until the next.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub(crate) from: Option<Period>,
    pub(crate) goal: Goal,
    /// Where it was written: a placed [`Diagnostic`] without a message.
    pub(crate) at: Diagnostic,
    /// Where its KPI is named (the KPI key, the row's `kpi` field).
    pub(crate) named: Diagnostic,
}

/// The values of one level and KPI, ascending by period.
#[derive(Debug, Clone, Default)]
pub(crate) struct Schedule(Vec<Key>);

impl Schedule {
    /// The value in force in `period`; `None` before the first key.
    pub(crate) fn at(&self, period: Period) -> Option<Goal> {
        self.0
            .iter()
            .rev()
            .find(|k| k.from.is_none_or(|f| f <= period))
            .map(|k| k.goal)
    }

    /// Adds `key` in order; the key already given for its period when there is one.
    fn insert(&mut self, key: Key) -> Result<(), Box<Key>> {
        match self.0.binary_search_by(|k| k.from.cmp(&key.from)) {
            Ok(i) => Err(Box::new(self.0[i].clone())),
            Err(i) => {
                self.0.insert(i, key);
                Ok(())
            }
        }
    }
}

/// The targets one level gives: KPI id → its schedule, plus where each KPI id was
/// named (for the check against the catalogue).
#[derive(Debug, Clone, Default)]
pub(crate) struct Level(BTreeMap<String, Schedule>);

impl Level {
    pub(crate) fn at(&self, kpi: &str, period: Period) -> Option<Goal> {
        self.0.get(kpi).and_then(|s| s.at(period))
    }

    /// Adds a value; on a second value for the same period, an error naming both.
    #[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
    fn add(&mut self, kpi: &str, key: Key) -> Result<(), Diagnostic> {
        let schedule = self.0.entry(kpi.to_string()).or_default();
        let when = key
            .from
            .map_or_else(|| "every period".to_string(), |p| format!("`{p}`"));
        let at = key.at.clone();
        schedule.insert(key).map_err(|first| {
            let first_at = &first.at;
            placed(
                &at,
                format!("the target of `{kpi}` for {when} is given twice"),
            )
            .with_hint(format!(
                "it is also given at {}:{}:{}; keep one of them",
                crate::base::diag::display_path(&first_at.file),
                first_at.line,
                first_at.col
            ))
        })
    }
}

/// An error at a place kept from loading.
pub(crate) fn placed(at: &Diagnostic, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        message: message.into(),
        ..at.clone()
    }
}

/// A person's schedules for one KPI, most specific first: their own, their team's, the
/// default.
pub(crate) struct Chain<'a>([Option<&'a Schedule>; 3]);

impl Chain<'_> {
    /// The value in force in `period`: the first level that gives one.
    pub(crate) fn at(&self, period: Period) -> Option<Goal> {
        self.0.iter().flatten().find_map(|s| s.at(period))
    }
}

/// Where a value is given: the book default, a team or a person (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Default,
    Team(usize),
    Person(usize),
}

/// Every level's targets, and the ramp.
#[derive(Debug, Clone, Default)]
pub(crate) struct Targets {
    pub(crate) default: Level,
    /// Per team index (shorter when later teams give nothing).
    pub(crate) teams: Vec<Level>,
    /// Per person index (shorter when later people give nothing).
    pub(crate) people: Vec<Level>,
    /// Fractions of additive targets in a person's first periods after `start`.
    pub(crate) ramp: Vec<f64>,
}

impl Targets {
    fn level_mut(&mut self, owner: Owner) -> &mut Level {
        let (levels, i) = match owner {
            Owner::Default => return &mut self.default,
            Owner::Team(t) => (&mut self.teams, t),
            Owner::Person(p) => (&mut self.people, p),
        };
        if levels.len() <= i {
            levels.resize_with(i + 1, Level::default);
        }
        &mut levels[i]
    }

    /// Adds one effective-dated value of `owner`.
    #[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
    pub(crate) fn add(&mut self, owner: Owner, kpi: &str, key: Key) -> Result<(), Diagnostic> {
        self.level_mut(owner).add(kpi, key)
    }

    fn team_entry(&self, team: usize, kpi: &str, period: Period) -> Option<Goal> {
        self.teams.get(team).and_then(|l| l.at(kpi, period))
    }

    /// A person's target in `period`: `people`, then their team's entry, then `default`.
    pub(crate) fn person(
        &self,
        person: usize,
        team: Option<usize>,
        kpi: &str,
        period: Period,
    ) -> Option<Goal> {
        self.person_chain(person, team, kpi).at(period)
    }

    /// The schedules that decide a person's target for `kpi`, looked up once for all
    /// periods.
    pub(crate) fn person_chain(&self, person: usize, team: Option<usize>, kpi: &str) -> Chain<'_> {
        fn of<'t>(level: Option<&'t Level>, kpi: &str) -> Option<&'t Schedule> {
            level.and_then(|l| l.0.get(kpi))
        }
        Chain([
            of(self.people.get(person), kpi),
            of(team.and_then(|t| self.teams.get(t)), kpi),
            of(Some(&self.default), kpi),
        ])
    }

    /// A team's own target (ratio KPIs, bands): its entry, else `default`.
    pub(crate) fn team(&self, team: usize, kpi: &str, period: Period) -> Option<Goal> {
        self.team_entry(team, kpi, period)
            .or_else(|| self.default.at(kpi, period))
    }

    /// The organisation's own target (ratio KPIs, bands): `default`.
    pub(crate) fn organisation(&self, kpi: &str, period: Period) -> Option<Goal> {
        self.default.at(kpi, period)
    }

    /// The ramp fraction of a person's `k`-th period after their start (1-based).
    pub(crate) fn ramp(&self, k: usize) -> f64 {
        k.checked_sub(1)
            .and_then(|i| self.ramp.get(i))
            .copied()
            .unwrap_or(1.0)
    }

    /// Every KPI id named at any level, with the place of each of its keys.
    pub(crate) fn kpi_places(&self) -> impl Iterator<Item = (&str, &Diagnostic)> {
        std::iter::once(&self.default)
            .chain(&self.teams)
            .chain(&self.people)
            .flat_map(|level| level.0.iter())
            .flat_map(|(kpi, s)| s.0.iter().map(move |k| (kpi.as_str(), &k.named)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(from: Option<&str>, v: f64) -> Key {
        Key {
            from: from.map(|p| Period::parse(p).unwrap()),
            goal: Goal::Value(v),
            at: Diagnostic::error("team.yaml", "").at("x", 1, 1),
            named: Diagnostic::error("team.yaml", "").at("x", 1, 1),
        }
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn a_value_holds_until_the_next_key() {
        let mut t = Targets::default();
        t.add(Owner::Person(1), "revenue", key(Some("2026-07"), 110.0))
            .unwrap();
        t.add(Owner::Person(1), "revenue", key(Some("2026-01"), 90.0))
            .unwrap();
        t.add(Owner::Team(0), "revenue", key(None, 120.0)).unwrap();
        t.add(Owner::Default, "revenue", key(None, 100.0)).unwrap();
        let at = |person, period| t.person(person, Some(0), "revenue", p(period));
        assert_eq!(at(1, "2025-12"), Some(Goal::Value(120.0)), "before: team");
        assert_eq!(at(1, "2026-01"), Some(Goal::Value(90.0)));
        assert_eq!(at(1, "2026-06"), Some(Goal::Value(90.0)));
        assert_eq!(at(1, "2026-07"), Some(Goal::Value(110.0)));
        assert_eq!(at(1, "2027-03"), Some(Goal::Value(110.0)));
        assert_eq!(at(0, "2026-07"), Some(Goal::Value(120.0)));
        assert_eq!(
            t.person(0, None, "revenue", p("2026-07")),
            Some(Goal::Value(100.0))
        );
        assert_eq!(t.team(3, "revenue", p("2026-07")), Some(Goal::Value(100.0)));
    }

    #[test]
    fn a_value_given_twice_names_both_places() {
        let mut t = Targets::default();
        t.add(Owner::Default, "deals", key(Some("2026-07"), 1.0))
            .unwrap();
        let mut second = key(Some("2026-07"), 2.0);
        second.at = Diagnostic::error("targets/q.csv", "").at("a\nb", 2, 3);
        let e = t.add(Owner::Default, "deals", second).unwrap_err();
        assert_eq!(
            e.message,
            "the target of `deals` for `2026-07` is given twice"
        );
        assert_eq!(
            (e.file.to_str(), e.line, e.col),
            (Some("targets/q.csv"), 2, 3)
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("it is also given at team.yaml:1:1; keep one of them")
        );
    }

    #[test]
    fn bands_parse_and_print() {
        for text in ["0.75..0.85", "..0.85", "0.75..", "12.5"] {
            assert_eq!(Goal::parse(text).unwrap().plain(), text);
        }
        assert!(Goal::parse("..").is_err());
        assert!(Goal::parse("0.9..0.8").is_err());
        assert!(Goal::parse("x").is_err());
        assert!(Goal::parse("").is_err());
    }

    #[test]
    fn ramp_fractions_end_in_one() {
        let t = Targets {
            ramp: vec![0.25, 0.5],
            ..Targets::default()
        };
        assert_eq!([t.ramp(1), t.ramp(2), t.ramp(3)], [0.25, 0.5, 1.0]);
    }
}
