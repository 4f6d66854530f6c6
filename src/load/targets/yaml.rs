//! The `targets:` block of `team.yaml`: a value per KPI is a number, a band
//! `{ min, max }`, or a map from period to either.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::{Goal, Key, Owner, Targets};
use crate::base::diag::Diagnostics;
use crate::base::period::{Period, PeriodKind};
use crate::load::yaml::{LineStarts, Source, Spanned, SpannedMap};

/// A target as written: one value for every period, or effective-dated values.
#[derive(Debug)]
pub(crate) enum RawTarget {
    Always(Goal),
    Dated(Vec<(Spanned<String>, Goal)>),
}

/// `targets:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTargets {
    #[serde(default)]
    pub(crate) default: SpannedMap<RawTarget>,
    #[serde(default)]
    pub(crate) teams: SpannedMap<SpannedMap<RawTarget>>,
    #[serde(default)]
    pub(crate) people: SpannedMap<SpannedMap<RawTarget>>,
    #[serde(default)]
    pub(crate) ramp: Vec<Spanned<f64>>,
}

const EXPECTED: &str = "a number, a band `{ min, max }`, or a map from period to either";

/// Reads the rest of a band whose first key (`min` or `max`) was `first`.
fn band<'de, A: MapAccess<'de>>(first: &str, map: &mut A) -> Result<Goal, A::Error> {
    let (mut min, mut max) = (None, None);
    let mut key = Some(first.to_string());
    while let Some(k) = key {
        let slot = match k.as_str() {
            "min" => &mut min,
            "max" => &mut max,
            other => {
                return Err(de::Error::custom(format!(
                    "unknown key `{other}` in a band: expected `min` or `max`"
                )));
            }
        };
        if slot.is_some() {
            return Err(de::Error::custom(format!("`{k}` is given twice")));
        }
        *slot = Some(map.next_value::<f64>()?);
        key = map.next_key::<String>()?;
    }
    Ok(Goal::Band { min, max })
}

struct GoalVisitor;

impl<'de> Visitor<'de> for GoalVisitor {
    type Value = Goal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a band `{ min, max }`")
    }

    fn visit_f64<E>(self, v: f64) -> Result<Goal, E> {
        Ok(Goal::Value(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Goal, E> {
        Ok(Goal::Value(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Goal, E> {
        Ok(Goal::Value(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Goal, A::Error> {
        match map.next_key::<String>()? {
            Some(first) => band(&first, &mut map),
            None => Err(de::Error::custom("a band needs `min`, `max` or both")),
        }
    }
}

impl<'de> Deserialize<'de> for Goal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(GoalVisitor)
    }
}

impl<'de> Deserialize<'de> for RawTarget {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TargetVisitor;
        impl<'de> Visitor<'de> for TargetVisitor {
            type Value = RawTarget;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }

            fn visit_f64<E>(self, v: f64) -> Result<RawTarget, E> {
                Ok(RawTarget::Always(Goal::Value(v)))
            }

            fn visit_i64<E>(self, v: i64) -> Result<RawTarget, E> {
                Ok(RawTarget::Always(Goal::Value(v as f64)))
            }

            fn visit_u64<E>(self, v: u64) -> Result<RawTarget, E> {
                Ok(RawTarget::Always(Goal::Value(v as f64)))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTarget, A::Error> {
                let Some(first) = map.next_key::<Spanned<String>>()? else {
                    return Ok(RawTarget::Dated(Vec::new()));
                };
                if matches!(first.value.as_str(), "min" | "max") {
                    return band(&first.value, &mut map).map(RawTarget::Always);
                }
                let mut keys = vec![(first, map.next_value::<Goal>()?)];
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    if matches!(key.value.as_str(), "min" | "max") {
                        return Err(de::Error::custom(format!(
                            "`{}` belongs in a band, not among periods: write `{{ {}: … }}` as a period's value",
                            key.value, key.value
                        )));
                    }
                    keys.push((key, map.next_value::<Goal>()?));
                }
                Ok(RawTarget::Dated(keys))
            }
        }
        deserializer.deserialize_any(TargetVisitor)
    }
}

/// Converts `targets:` into [`Targets`], with team and person ids resolved by the
/// caller (`team`, `person`: `None` after reporting an unknown id). `kind` is the
/// book's kind of period, when the settings are valid.
pub(crate) fn convert(
    src: &Source,
    raw: RawTargets,
    kind: Option<PeriodKind>,
    team: &mut dyn FnMut(&Spanned<String>, &mut Diagnostics) -> Option<usize>,
    person: &mut dyn FnMut(&Spanned<String>, &mut Diagnostics) -> Option<usize>,
    diags: &mut Diagnostics,
) -> Targets {
    let mut targets = Targets::default();
    let lines = LineStarts::new(src.text);
    let mut level = |owner: Owner, map: SpannedMap<RawTarget>, diags: &mut Diagnostics| {
        for (kpi, value) in map.0 {
            for key in keys((src, &lines), &kpi, value, kind, diags) {
                if let Err(e) = targets.add(owner, &kpi.value, key) {
                    diags.push(e);
                }
            }
        }
    };
    level(Owner::Default, raw.default, diags);
    for (id, map) in raw.teams.0 {
        if let Some(t) = team(&id, diags) {
            level(Owner::Team(t), map, diags);
        }
    }
    for (id, map) in raw.people.0 {
        if let Some(p) = person(&id, diags) {
            level(Owner::Person(p), map, diags);
        }
    }
    for fraction in &raw.ramp {
        if !(0.0..=2.0).contains(&fraction.value) {
            diags.push(
                src.error_at(
                    fraction,
                    format!("ramp fraction {} is outside 0–2", fraction.value),
                )
                .with_hint("write each period's share of the full target, e.g. [0.25, 0.5, 0.75]"),
            );
        }
    }
    targets.ramp = raw.ramp.iter().map(|f| f.value).collect();
    targets
}

/// The effective-dated keys of one KPI's value, checked: periods of the book's kind,
/// ascending, values finite and bands sane.
fn keys(
    (src, lines): (&Source, &LineStarts),
    kpi: &Spanned<String>,
    value: RawTarget,
    kind: Option<PeriodKind>,
    diags: &mut Diagnostics,
) -> Vec<Key> {
    let checked = |goal: Goal, at: &Spanned<String>, diags: &mut Diagnostics| {
        let ok = goal.check();
        if let Err(e) = &ok {
            diags.push(src.error_at(at, e.clone()));
        }
        ok.is_ok()
    };
    match value {
        RawTarget::Always(goal) => {
            if !checked(goal, kpi, diags) {
                return Vec::new();
            }
            vec![Key {
                from: None,
                goal,
                at: src.error_at_indexed(lines, kpi, ""),
                named: src.error_at_indexed(lines, kpi, ""),
            }]
        }
        RawTarget::Dated(entries) => {
            let mut out: Vec<Key> = Vec::with_capacity(entries.len());
            for (text, goal) in entries {
                let Some(period) = period_key(src, &text, kind, diags) else {
                    continue;
                };
                if let Some(last) = out.last().and_then(|k| k.from)
                    && period <= last
                {
                    let message = if period == last {
                        format!("`{period}` is given twice")
                    } else {
                        format!("`{period}` comes after `{last}`: periods must be in order")
                    };
                    diags.push(
                        src.error_at(&text, message)
                            .with_hint("list each period once, from the earliest"),
                    );
                    continue;
                }
                if checked(goal, &text, diags) {
                    out.push(Key {
                        from: Some(period),
                        goal,
                        at: src.error_at_indexed(lines, &text, ""),
                        named: src.error_at_indexed(lines, kpi, ""),
                    });
                }
            }
            out
        }
    }
}

/// A period key of the book's kind; else an error at it.
pub(crate) fn period_key(
    src: &Source,
    text: &Spanned<String>,
    kind: Option<PeriodKind>,
    diags: &mut Diagnostics,
) -> Option<Period> {
    match Period::parse(&text.value) {
        Ok(p) => match wrong_kind(p, kind) {
            None => Some(p),
            Some((message, hint)) => {
                diags.push(src.error_at(text, message).with_hint(hint));
                None
            }
        },
        Err(problem) => {
            let hint = kind.map_or("write a period such as 2026-07", example);
            diags.push(src.place(problem.with_hint(hint), text));
            None
        }
    }
}

/// The message and hint when `p` is not of the book's kind.
pub(crate) fn wrong_kind(p: Period, kind: Option<PeriodKind>) -> Option<(String, &'static str)> {
    let kind = kind?;
    (p.kind != kind).then(|| {
        (
            format!(
                "`{p}` is a {}, but the book's periods are {}s",
                p.kind.as_str(),
                kind.as_str()
            ),
            example(kind),
        )
    })
}

fn example(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Month => "write months as YYYY-MM, e.g. 2026-07",
        PeriodKind::Quarter => "write quarters as YYYY-Qn, e.g. 2026-Q3",
        PeriodKind::Week => "write ISO weeks as YYYY-Www, e.g. 2026-W27",
    }
}
