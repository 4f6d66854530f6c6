//! Checking a chapter's calls against the book: KPIs, teams, people, question groups.

use std::path::Path;

use super::call::{Arg, Call, Value};
use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::kpi::Kpi;
use crate::load::team::Roster;

/// Whose numbers a shortcode shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Organisation,
    Team(usize),
    Person(usize),
}

/// A shortcode checked against the book, ready for the renderers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// The KPI table; with a team, that team's targets.
    Kpis { team: Option<usize> },
    /// Teams with their managers and members; or one team.
    Roster { team: Option<usize> },
    /// A KPI's trend card; `kpi: None` takes the book's first KPI.
    Chart {
        kpi: Option<String>,
        scope: Scope,
        periods: Option<usize>,
    },
    /// The open pipeline at the report period's snapshot: the organisation's, or a
    /// team's.
    Pipeline { team: Option<usize> },
    /// The question bank, or one group of it.
    Questions { group: Option<&'static str> },
    /// A personal target from `team.yaml`.
    Target { kpi: String, scope: Scope },
    /// A KPI's value in the report period.
    Value { kpi: String, scope: Scope },
}

/// Checks the calls of a chapter against the book: KPI ids, team and person ids.
/// `shown` says whether a KPI's base measures are all in the metrics.
#[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
pub(crate) fn resolve(
    calls: &[Call],
    path: &Path,
    catalogue: &[Kpi],
    shown: &dyn Fn(&Kpi) -> bool,
    roster: &Roster,
    diags: &mut Diagnostics,
) -> Vec<Option<Kind>> {
    calls
        .iter()
        .map(|call| {
            let mut lookup = Lookup {
                call,
                path,
                diags: &mut *diags,
                ok: true,
            };
            let team = lookup.check("team", |id| {
                let teams = &roster.teams;
                teams.iter().position(|t| t.id == id).ok_or_else(|| {
                    let hint = did_you_mean(id, teams.iter().map(|t| t.id.as_str()));
                    problem(format!("unknown team `{id}`"), hint)
                })
            });
            let person = lookup.check("person", |id| {
                roster.person_index(id).ok_or_else(|| {
                    let hint = did_you_mean(id, roster.people.iter().map(|p| p.id.as_str()));
                    problem(format!("unknown person `{id}`"), hint)
                })
            });
            let kpi = lookup.check("kpi", |id| match catalogue.iter().find(|k| k.id == id) {
                None => {
                    let hint = did_you_mean(id, catalogue.iter().map(|k| k.id.as_str()));
                    Err(problem(format!("unknown KPI `{id}`"), hint))
                }
                Some(k) if !shown(k) && call.name != "target" => {
                    let columns: Vec<String> =
                        k.measures.iter().map(|m| format!("`{m}`")).collect();
                    Err(problem(
                        format!("KPI `{id}` has no data in this book"),
                        Some(format!(
                            "it needs the metrics columns {}",
                            columns.join(", ")
                        )),
                    ))
                }
                Some(k) => Ok(k.id.clone()),
            });
            let group = lookup.check("group", |key| {
                let groups = crate::load::questions::GROUPS;
                groups.iter().copied().find(|g| *g == key).ok_or_else(|| {
                    let hint = did_you_mean(key, groups)
                        .unwrap_or_else(|| format!("the groups are {}", groups.join(", ")));
                    problem(format!("unknown question group `{key}`"), Some(hint))
                })
            });
            lookup.ok.then(|| kind(call, team, person, kpi, group))
        })
        .collect()
}

/// A problem with a value, and maybe a suggestion.
fn problem(message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic {
        hint,
        ..Diagnostic::problem(message)
    }
}

/// The references of one call, checked one by one.
struct Lookup<'a> {
    call: &'a Call,
    path: &'a Path,
    diags: &'a mut Diagnostics,
    /// No reference failed so far.
    ok: bool,
}

impl Lookup<'_> {
    /// Resolves the text argument `key`, if given, with `find`; its problem is
    /// reported at the argument's value.
    fn check<T>(
        &mut self,
        key: &str,
        find: impl FnOnce(&str) -> Result<T, Diagnostic>,
    ) -> Option<T> {
        let call = self.call;
        let (arg, text) = call.arg(key).and_then(|a| match &a.value {
            Value::Text(t) => Some((a, t.as_str())),
            _ => None,
        })?;
        match find(text) {
            Ok(found) => Some(found),
            Err(problem) => {
                self.ok = false;
                self.diags.push(self.at_value(arg, problem));
                None
            }
        }
    }

    fn at_value(&self, arg: &Arg, problem: Diagnostic) -> Diagnostic {
        problem
            .in_file(self.path)
            .at_line(self.call.line, arg.value_col, self.call.snippet.clone())
            .with_len(arg.value_len)
    }
}

/// What a call whose references all resolved shows.
fn kind(
    call: &Call,
    team: Option<usize>,
    person: Option<usize>,
    kpi: Option<String>,
    group: Option<&'static str>,
) -> Kind {
    let scope = match (team, person) {
        (Some(t), _) => Scope::Team(t),
        (_, Some(p)) => Scope::Person(p),
        _ => Scope::Organisation,
    };
    let periods = call.arg("periods").and_then(|a| match a.value {
        Value::Number(n) => Some(n as usize),
        _ => None,
    });
    match call.name.as_str() {
        "kpis" => Kind::Kpis { team },
        "roster" => Kind::Roster { team },
        "pipeline" => Kind::Pipeline { team },
        "questions" => Kind::Questions { group },
        "chart" => Kind::Chart {
            kpi,
            scope,
            periods,
        },
        "target" => Kind::Target {
            kpi: kpi.expect("required, checked at extraction"),
            scope,
        },
        _ => Kind::Value {
            kpi: kpi.expect("required, checked at extraction"),
            scope,
        },
    }
}
