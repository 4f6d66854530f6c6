//! The roster: `team.yaml` validated into teams, people and personal targets.
//!
//! Ids are slugs (they become file names) and unique; every reference to a team or
//! person must resolve. Target KPI ids are checked later against the KPI catalogue
//! (which depends on the metrics), so their key locations are kept.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::base::diag::{Diagnostics, did_you_mean};
use crate::base::locale::Locale;
use crate::base::period::PeriodKind;
use crate::load::targets::Targets;
use crate::load::targets::yaml::{self as target_yaml, RawTargets};
use crate::load::yaml::{self, Source, Spanned};

#[derive(Debug, Clone)]
pub(crate) struct Team {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) manager: Option<usize>,
    /// People whose `team` is this team, in file order.
    pub(crate) members: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) role: String,
    pub(crate) team: Option<usize>,
    pub(crate) manager: Option<usize>,
    /// First and last day with the team (both included), when known.
    pub(crate) start: Option<Date>,
    pub(crate) end: Option<Date>,
    /// Days off (holidays of their own, leave): not active days.
    pub(crate) days_off: BTreeSet<Date>,
    pub(crate) locale: Option<Locale>,
    /// Other names the person goes by in exports (CRM user names, phone extensions,
    /// old names): matched by sources like the name.
    pub(crate) aliases: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Roster {
    pub(crate) teams: Vec<Team>,
    pub(crate) people: Vec<Person>,
    pub(crate) targets: Targets,
}

impl Roster {
    pub(crate) fn person_index(&self, id: &str) -> Option<usize> {
        self.people.iter().position(|p| p.id == id)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    teams: Vec<RawTeam>,
    #[serde(default)]
    people: Vec<RawPerson>,
    #[serde(default)]
    targets: RawTargets,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    id: Spanned<String>,
    name: Option<String>,
    manager: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Spanned<String>,
    name: Spanned<String>,
    email: Option<Spanned<String>>,
    role: Option<String>,
    team: Option<Spanned<String>>,
    manager: Option<Spanned<String>>,
    start: Option<Spanned<String>>,
    end: Option<Spanned<String>>,
    #[serde(default)]
    days_off: Vec<Spanned<String>>,
    locale: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

/// Resolves `reference` among `ids`, reporting an unknown one with a suggestion.
fn resolve(
    src: &Source,
    ids: &HashMap<&str, usize>,
    reference: &Spanned<String>,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some(&i) = ids.get(reference.value.as_str()) {
        return Some(i);
    }
    let mut d = src.error_at(reference, format!("unknown {what} `{}`", reference.value));
    let mut names: Vec<&str> = ids.keys().copied().collect();
    names.sort_unstable();
    if let Some(hint) = did_you_mean(&reference.value, names) {
        d = d.with_hint(hint);
    }
    diags.push(d);
    None
}

/// Parses and validates `team.yaml`; `None` when it has errors (already pushed).
/// `kind` is the book's kind of period (for target keys), when the settings are valid.
/// The book loads with [`load_partial`]; this strict form serves the tests.
#[cfg(test)]
pub(crate) fn load(
    path: &Path,
    text: &str,
    kind: Option<PeriodKind>,
    diags: &mut Diagnostics,
) -> Option<Roster> {
    let before = diags.error_count();
    let roster = load_partial(path, text, kind, diags)?;
    (diags.error_count() == before).then_some(roster)
}

/// [`load`], but the roster is returned despite mistakes that leave its ids sound
/// (an unknown reference is left out): the rest of the book can then be checked in
/// the same run, so every mistake is reported at once. `None` when the file does not
/// parse or its ids are invalid.
pub(crate) fn load_partial(
    path: &Path,
    text: &str,
    kind: Option<PeriodKind>,
    diags: &mut Diagnostics,
) -> Option<Roster> {
    let raw: RawFile = yaml::parse(path, text, diags)?;
    let src = Source { path, text };
    let before = diags.error_count();

    let ids = Ids {
        teams: index_ids(&src, raw.teams.iter().map(|t| &t.id), "team", diags),
        people: index_ids(&src, raw.people.iter().map(|p| &p.id), "person", diags),
    };
    if diags.error_count() > before {
        // Indices below assume unique, valid ids.
        return None;
    }

    let mut teams: Vec<Team> = raw
        .teams
        .iter()
        .map(|t| Team {
            id: t.id.value.clone(),
            name: t.name.clone().unwrap_or_else(|| t.id.value.clone()),
            manager: t
                .manager
                .as_ref()
                .and_then(|m| resolve(&src, &ids.people, m, "manager (person id)", diags)),
            members: Vec::new(),
        })
        .collect();
    let mut people = Vec::with_capacity(raw.people.len());
    for (index, p) in raw.people.iter().enumerate() {
        let person = convert_person(&src, &ids, &teams, index, p, diags);
        if let Some(t) = person.team {
            teams[t].members.push(index);
        }
        people.push(person);
    }
    let targets = convert_targets(&src, &ids, raw.targets, kind, diags);

    Some(Roster {
        teams,
        people,
        targets,
    })
}

/// Team and person ids → their index, in file order.
struct Ids<'a> {
    teams: HashMap<&'a str, usize>,
    people: HashMap<&'a str, usize>,
}

/// Indexes the ids of teams or people (`what`), reporting invalid and duplicate ones.
fn index_ids<'a>(
    src: &Source,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    diags: &mut Diagnostics,
) -> HashMap<&'a str, usize> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        if yaml::check_slug(src, id, what, diags) && index.insert(&id.value, index.len()).is_some()
        {
            diags.push(src.error_at(id, format!("duplicate {what} id `{}`", id.value)));
        }
    }
    index
}

/// One person of the file, checked; `index` is theirs.
fn convert_person(
    src: &Source,
    ids: &Ids,
    teams: &[Team],
    index: usize,
    p: &RawPerson,
    diags: &mut Diagnostics,
) -> Person {
    if p.name.value.trim().is_empty() {
        diags.push(src.error_at(&p.name, "`name` must not be empty"));
    }
    let team = p
        .team
        .as_ref()
        .and_then(|t| resolve(src, &ids.teams, t, "team", diags));
    let manager = match &p.manager {
        Some(m) => resolve(src, &ids.people, m, "manager (person id)", diags),
        None => team.and_then(|t| teams[t].manager).filter(|&m| m != index),
    };
    if manager == Some(index) {
        diags.push(
            src.error_at(
                p.manager
                    .as_ref()
                    .expect("invariant: self-manager comes from the key"),
                "a person cannot be their own manager",
            ),
        );
    }
    let start = p
        .start
        .as_ref()
        .and_then(|s| src.date(s, "2024-03-01", diags));
    let end = p
        .end
        .as_ref()
        .and_then(|s| src.date(s, "2026-10-20", diags));
    if let (Some(first), Some(last), Some(at)) = (start, end, &p.end)
        && last < first
    {
        diags.push(
            src.error_at(at, format!("`end` {last} is before `start` {first}"))
                .with_hint("`start` is the first day with the team, `end` the last"),
        );
    }
    let days_off = days_off(src, &p.days_off, (start, end), diags);
    let locale = p.locale.as_ref().and_then(|l| src.locale(l, diags));
    let email = p.email.as_ref().map(|e| email(src, e, diags));
    for alias in &p.aliases {
        if alias.value.trim().is_empty() {
            diags.push(src.error_at(alias, "an alias must not be empty"));
        }
    }
    Person {
        id: p.id.value.clone(),
        name: p.name.value.trim().to_string(),
        email,
        role: p.role.clone().unwrap_or_else(|| "rep".to_string()),
        team,
        manager,
        start,
        end,
        days_off,
        locale,
        aliases: p
            .aliases
            .iter()
            .map(|a| a.value.trim().to_string())
            .collect(),
    }
}

/// A person's days off: dates and inclusive ranges `A..B`, each within their
/// `start`–`end`.
fn days_off(
    src: &Source,
    entries: &[Spanned<String>],
    (start, end): (Option<Date>, Option<Date>),
    diags: &mut Diagnostics,
) -> BTreeSet<Date> {
    let mut out = BTreeSet::new();
    for entry in entries {
        let (first, last) = match entry.value.split_once("..") {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (entry.value.trim(), entry.value.trim()),
        };
        let day = |text: &str| crate::base::period::parse_day(text);
        let (Some(first), Some(last)) = (day(first), day(last)) else {
            let outside = [first, last]
                .into_iter()
                .map(crate::base::period::not_a_day)
                .find(|m| m.contains("outside the years"));
            diags.push(
                src.error_at(
                    entry,
                    outside.unwrap_or_else(|| {
                        format!("`{}` is not a date or a range of dates", entry.value)
                    }),
                )
                .with_hint(
                    "write 2026-11-05, or 2026-08-03..2026-08-14 for a range (both days included)",
                ),
            );
            continue;
        };
        if last < first {
            diags.push(
                src.error_at(
                    entry,
                    format!("the range `{}` ends before it starts", entry.value),
                )
                .with_hint("write the earlier day first"),
            );
            continue;
        }
        let outside = start.is_some_and(|s| first < s) || end.is_some_and(|e| last > e);
        if outside {
            let span = match (start, end) {
                (Some(s), Some(e)) => format!("{s} to {e}"),
                (Some(s), None) => format!("from {s}"),
                (None, Some(e)) => format!("until {e}"),
                (None, None) => unreachable!("outside needs a start or an end"),
            };
            diags.push(
                src.error_at(
                    entry,
                    format!(
                        "day off `{}` is outside the person's time with the team ({span})",
                        entry.value
                    ),
                )
                .with_hint("days off fall between `start` and `end`; check the dates"),
            );
            continue;
        }
        let mut day = first;
        while day <= last {
            out.insert(day);
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
    }
    out
}

/// A person's e-mail address, trimmed; a plain address only (no name, no header
/// injection), else an error.
fn email(src: &Source, e: &Spanned<String>, diags: &mut Diagnostics) -> String {
    let v = e.value.trim();
    let valid = v
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c));
    if !valid {
        diags.push(
            src.error_at(e, format!("`{}` is not an e-mail address", e.value))
                .with_hint("write a plain address, e.g. jan.nowak@example.com"),
        );
    }
    v.to_string()
}

/// The targets of every level, their teams and people resolved and values checked.
fn convert_targets(
    src: &Source,
    ids: &Ids,
    raw: RawTargets,
    kind: Option<PeriodKind>,
    diags: &mut Diagnostics,
) -> Targets {
    target_yaml::convert(
        src,
        raw,
        kind,
        &mut |id, diags| resolve(src, &ids.teams, id, "team", diags),
        &mut |id, diags| resolve(src, &ids.people, id, "person", diags),
        diags,
    )
}

/// Reports target keys (in team.yaml and quota spreadsheets) that are not KPIs of
/// the catalogue, once per place.
pub(crate) fn check_target_kpis(roster: &Roster, kpi_ids: &[&str], diags: &mut Diagnostics) {
    let mut seen: BTreeSet<(std::path::PathBuf, usize, usize)> = BTreeSet::new();
    for (kpi, at) in roster.targets.kpi_places() {
        if kpi_ids.contains(&kpi) || !seen.insert((at.file.clone(), at.line, at.col)) {
            continue;
        }
        let mut d = crate::load::targets::placed(at, format!("target for unknown KPI `{kpi}`"));
        if let Some(hint) = did_you_mean(kpi, kpi_ids.iter().copied()) {
            d = d.with_hint(hint);
        }
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::period::Period;
    use crate::load::targets::Goal;

    const TEAM: &str = "\
teams:
  - id: north
    name: Channel North
    manager: anna-kowalska
people:
  - id: anna-kowalska
    name: Anna Kowalska
    role: manager
  - id: jan-nowak
    name: Jan Nowak
    email: jan.nowak@example.com
    team: north
    start: 2024-03-01
    locale: nb
  - id: ewa-lis
    name: Ewa Lis
    team: north
targets:
  default: { revenue: 100000, conversion: 0.20, aht: 300 }
  teams:   { north: { revenue: 120000 } }
  people:  { jan-nowak: { revenue: 90000 } }
";

    fn load_str(text: &str) -> (Option<Roster>, Vec<crate::base::diag::Diagnostic>) {
        let mut diags = Diagnostics::new();
        let r = load(
            Path::new("team.yaml"),
            text,
            Some(PeriodKind::Month),
            &mut diags,
        );
        (r, diags.sorted())
    }

    #[test]
    fn loads_the_contract_example() {
        let (r, d) = load_str(TEAM);
        assert!(d.is_empty(), "{d:?}");
        let r = r.unwrap();
        assert_eq!(r.teams[0].members, [1, 2]);
        let jan = &r.people[1];
        assert_eq!(
            (jan.team, jan.manager, jan.locale),
            (Some(0), Some(0), Some(Locale::Nb))
        );
        assert_eq!(r.people[0].manager, None, "the team manager has no team");
    }

    #[test]
    fn targets_resolve_most_specific_first() {
        let r = load_str(TEAM).0.unwrap();
        let t = &r.targets;
        let p = Period::parse("2026-10").unwrap();
        let v = |x| Some(Goal::Value(x));
        assert_eq!(t.person(1, Some(0), "revenue", p), v(90000.0));
        assert_eq!(t.person(2, Some(0), "revenue", p), v(120000.0));
        assert_eq!(t.person(0, None, "revenue", p), v(100000.0));
        assert_eq!(t.person(2, Some(0), "conversion", p), v(0.20));
        assert_eq!(t.team(0, "conversion", p), v(0.20));
        assert_eq!(t.person(2, Some(0), "nps", p), None);
    }

    const DATED: &str = "\
teams: [{ id: north }]
people:
  - { id: jan, name: Jan, team: north, start: 2026-03-02, end: 2026-12-18,
      days_off: [2026-05-04, 2026-08-03..2026-08-07] }
targets:
  default: { revenue: 100, occupancy: { min: 0.75, max: 0.85 } }
  teams: { north: { revenue: { 2026-04: 120 } } }
  people:
    jan:
      revenue: { 2026-01: 90, 2026-07: 110 }
      aht: { 2026-01: { min: 240 }, 2026-07: 300 }
  ramp: [0.25, 0.5, 0.75]
";

    #[test]
    fn effective_dated_values_bands_and_days_off() {
        let (r, d) = load_str(DATED);
        assert!(d.is_empty(), "{d:?}");
        let r = r.unwrap();
        let t = &r.targets;
        let at = |kpi, period| t.person(0, Some(0), kpi, Period::parse(period).unwrap());
        assert_eq!(
            at("revenue", "2025-12"),
            Some(Goal::Value(100.0)),
            "default"
        );
        assert_eq!(at("revenue", "2026-06"), Some(Goal::Value(90.0)));
        assert_eq!(at("revenue", "2026-07"), Some(Goal::Value(110.0)));
        assert_eq!(
            at("aht", "2026-02"),
            Some(Goal::Band {
                min: Some(240.0),
                max: None
            })
        );
        assert_eq!(at("aht", "2026-09"), Some(Goal::Value(300.0)));
        assert_eq!(
            t.team(0, "revenue", Period::parse("2026-03").unwrap()),
            Some(Goal::Value(100.0)),
            "before the team's first key, the default"
        );
        assert_eq!(t.ramp, [0.25, 0.5, 0.75]);
        let jan = &r.people[0];
        assert_eq!(jan.end, Some(jiff::civil::date(2026, 12, 18)));
        assert_eq!(jan.days_off.len(), 6, "one day and a week");
    }

    #[test]
    fn bad_dated_targets_are_all_reported() {
        let text = DATED
            .replace("2026-07: 110", "2026-Q3: 110")
            .replace(
                "{ 2026-01: { min: 240 }, 2026-07: 300 }",
                "{ 2026-07: 300, 2026-01: 250 }",
            )
            .replace("end: 2026-12-18", "end: 2026-02-27")
            .replace("ramp: [0.25, 0.5, 0.75]", "ramp: [0.25, 2.5]")
            .replace("{ min: 0.75, max: 0.85 }", "{ min: 0.9, max: 0.85 }");
        let (r, d) = load_str(&text);
        assert!(r.is_none());
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.line, d.col, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, 64, "`end` 2026-02-27 is before `start` 2026-03-02"),
                (
                    4,
                    18,
                    "day off `2026-05-04` is outside the person's time with the team (2026-03-02 to 2026-02-27)"
                ),
                (
                    4,
                    30,
                    "day off `2026-08-03..2026-08-07` is outside the person's time with the team (2026-03-02 to 2026-02-27)"
                ),
                (6, 28, "the band's min 0.9 is above its max 0.85"),
                (
                    10,
                    31,
                    "`2026-Q3` is a quarter, but the book's periods are months"
                ),
                (
                    11,
                    28,
                    "`2026-01` comes after `2026-07`: periods must be in order"
                ),
                (12, 16, "ramp fraction 2.5 is outside 0–2"),
            ]
        );
        assert_eq!(
            d[4].hint.as_deref(),
            Some("write months as YYYY-MM, e.g. 2026-07")
        );
    }

    #[test]
    fn unknown_references_suggest_the_close_id() {
        let text = TEAM.replace("team: north\n    start", "team: nort\n    start");
        let (r, d) = load_str(&text);
        assert!(r.is_none());
        assert_eq!(d[0].message, "unknown team `nort`");
        assert_eq!((d[0].line, d[0].col, d[0].len), (12, 11, 4));
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `north`?"));
    }

    #[test]
    fn duplicate_and_invalid_ids() {
        let text = TEAM
            .replace("id: ewa-lis", "id: jan-nowak")
            .replace("id: north", "id: North");
        let (_, d) = load_str(&text);
        let messages: Vec<_> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (2, "invalid team id `North`: ids become file names"),
                (15, "duplicate person id `jan-nowak`"),
            ]
        );
        assert_eq!(
            d[0].hint.as_deref(),
            Some("use lowercase letters, digits, `-` and `_`, e.g. `north`")
        );
    }

    #[test]
    fn bad_values_and_target_references() {
        let text = TEAM
            .replace("start: 2024-03-01", "start: 2024-02-30")
            .replace(
                "email: jan.nowak@example.com",
                "email: \"jan@x.com\\nBcc: all@x.com\"",
            )
            .replace("people:  { jan-nowak:", "people:  { jan-nowk:");
        let (_, d) = load_str(&text);
        let messages: Vec<_> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(messages[0].0, 11);
        assert!(
            messages[0].1.ends_with("is not an e-mail address"),
            "{messages:?}"
        );
        assert_eq!(messages[1], (13, "`2024-02-30` is not a date"));
        assert_eq!(messages[2], (21, "unknown person `jan-nowk`"));
    }

    #[test]
    fn target_kpis_are_checked_against_the_catalogue() {
        let text = TEAM.replace("aht: 300", "ath: 300");
        let r = load_str(&text).0.unwrap();
        let mut diags = Diagnostics::new();
        check_target_kpis(&r, &["revenue", "conversion", "aht"], &mut diags);
        let d = diags.sorted();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "target for unknown KPI `ath`");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `aht`?"));
    }
}
