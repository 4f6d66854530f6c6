//! The roster: `team.yaml` validated into teams, people and personal targets.
//!
//! Ids are slugs (they become file names) and unique; every reference to a team or
//! person must resolve. Target KPI ids are checked later against the KPI catalogue
//! (which depends on the metrics), so their key locations are kept.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::base::diag::{Diagnostics, did_you_mean};
use crate::base::locale::Locale;
use crate::load::yaml::{self, Source, Spanned, SpannedMap};

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
    pub(crate) start: Option<Date>,
    pub(crate) locale: Option<Locale>,
    /// Other names the person goes by in exports (CRM user names, phone extensions,
    /// old names): matched by sources like the name.
    pub(crate) aliases: Vec<String>,
}

/// Personal targets as written: KPI id → value at each level.
#[derive(Debug, Clone, Default)]
pub(crate) struct Targets {
    pub(crate) default: SpannedMap<f64>,
    pub(crate) teams: Vec<(usize, SpannedMap<f64>)>,
    pub(crate) people: Vec<(usize, SpannedMap<f64>)>,
}

fn lookup(map: &SpannedMap<f64>, kpi: &str) -> Option<f64> {
    map.0.iter().find(|(k, _)| k.value == kpi).map(|(_, v)| *v)
}

impl Targets {
    fn team_entry(&self, team: usize, kpi: &str) -> Option<f64> {
        self.teams
            .iter()
            .find(|(t, _)| *t == team)
            .and_then(|(_, m)| lookup(m, kpi))
    }

    /// A person's target: `people`, then their team's entry, then `default`.
    pub(crate) fn person(&self, person: usize, team: Option<usize>, kpi: &str) -> Option<f64> {
        self.people
            .iter()
            .find(|(p, _)| *p == person)
            .and_then(|(_, m)| lookup(m, kpi))
            .or_else(|| team.and_then(|t| self.team_entry(t, kpi)))
            .or_else(|| lookup(&self.default, kpi))
    }

    /// A ratio KPI's team target: the team's entry, else `default`.
    pub(crate) fn team_ratio(&self, team: usize, kpi: &str) -> Option<f64> {
        self.team_entry(team, kpi)
            .or_else(|| lookup(&self.default, kpi))
    }

    /// A ratio KPI's organisation target: `default`.
    pub(crate) fn org_ratio(&self, kpi: &str) -> Option<f64> {
        lookup(&self.default, kpi)
    }

    /// Every (KPI id, value) entry at every level, for checks.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&Spanned<String>, f64)> {
        let levels = std::iter::once(&self.default)
            .chain(self.teams.iter().map(|(_, m)| m))
            .chain(self.people.iter().map(|(_, m)| m));
        levels.flat_map(|m| m.0.iter().map(|(k, v)| (k, *v)))
    }
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
    locale: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTargets {
    #[serde(default)]
    default: SpannedMap<f64>,
    #[serde(default)]
    teams: SpannedMap<SpannedMap<f64>>,
    #[serde(default)]
    people: SpannedMap<SpannedMap<f64>>,
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
pub(crate) fn load(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Roster> {
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
    let targets = convert_targets(&src, &ids, raw.targets, diags);

    (diags.error_count() == before).then_some(Roster {
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
        locale,
        aliases: p
            .aliases
            .iter()
            .map(|a| a.value.trim().to_string())
            .collect(),
    }
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
fn convert_targets(src: &Source, ids: &Ids, raw: RawTargets, diags: &mut Diagnostics) -> Targets {
    let mut targets = Targets {
        default: raw.default,
        ..Targets::default()
    };
    for (team, map) in raw.teams.0 {
        if let Some(t) = resolve(src, &ids.teams, &team, "team", diags) {
            targets.teams.push((t, map));
        }
    }
    for (person, map) in raw.people.0 {
        if let Some(p) = resolve(src, &ids.people, &person, "person", diags) {
            targets.people.push((p, map));
        }
    }
    for (key, value) in targets.entries() {
        if !value.is_finite() {
            diags.push(src.error_at(key, "target must be a finite number"));
        }
    }
    targets
}

/// Reports target keys that are not KPIs of the catalogue.
pub(crate) fn check_target_kpis(
    roster: &Roster,
    src: &Source,
    kpi_ids: &[&str],
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<(usize, usize), ()> = BTreeMap::new();
    for (key, _) in roster.targets.entries() {
        if kpi_ids.contains(&key.value.as_str()) {
            continue;
        }
        let spot = (
            key.referenced.line() as usize,
            key.referenced.column() as usize,
        );
        if seen.insert(spot, ()).is_some() {
            continue;
        }
        let mut d = src.error_at(key, format!("target for unknown KPI `{}`", key.value));
        if let Some(hint) = did_you_mean(&key.value, kpi_ids.iter().copied()) {
            d = d.with_hint(hint);
        }
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let r = load(Path::new("team.yaml"), text, &mut diags);
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
        assert_eq!(t.person(1, Some(0), "revenue"), Some(90000.0));
        assert_eq!(t.person(2, Some(0), "revenue"), Some(120000.0));
        assert_eq!(t.person(0, None, "revenue"), Some(100000.0));
        assert_eq!(t.person(2, Some(0), "conversion"), Some(0.20));
        assert_eq!(t.team_ratio(0, "conversion"), Some(0.20));
        assert_eq!(t.person(2, Some(0), "nps"), None);
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
        let src = Source {
            path: Path::new("team.yaml"),
            text: &text,
        };
        check_target_kpis(&r, &src, &["revenue", "conversion", "aht"], &mut diags);
        let d = diags.sorted();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "target for unknown KPI `ath`");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `aht`?"));
    }
}
