//! `coaching/*.yaml`: the coaching log (touchpoints with feedback and actions),
//! mentoring relationships with goals, and the planned rhythm — loaded into a
//! validated model. Every reference (people, teams, KPIs), date, enumeration and count
//! is checked here with file/line/column diagnostics; later stages trust the model.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Deserialize;

use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::team::Roster;
use crate::load::yaml::{self, Source, Spanned, SpannedMap};

/// How often a touchpoint is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
}

impl Frequency {
    /// The interval the 1:1 rule measures against, in days.
    pub fn interval_days(self) -> i64 {
        match self {
            Frequency::Weekly => 7,
            Frequency::Biweekly => 14,
            Frequency::Monthly => 30,
            Frequency::Quarterly => 91,
        }
    }

    /// Whether a slot of this rhythm starts on `day`: Mondays; Mondays of even ISO
    /// weeks; first days of months; first days of quarters.
    pub fn slot(self, day: Date) -> bool {
        match self {
            Frequency::Weekly => day.weekday() == jiff::civil::Weekday::Monday,
            Frequency::Biweekly => {
                day.weekday() == jiff::civil::Weekday::Monday && day.iso_week_date().week() % 2 == 0
            }
            Frequency::Monthly => day.day() == 1,
            Frequency::Quarterly => day.day() == 1 && (day.month() - 1) % 3 == 0,
        }
    }
}

/// The kinds of touchpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OneOnOne,
    Coaching,
    CallReview,
    Training,
    TeamMeeting,
    Mentoring,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::OneOnOne,
        Kind::Coaching,
        Kind::CallReview,
        Kind::Training,
        Kind::TeamMeeting,
        Kind::Mentoring,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OneOnOne => "one_on_one",
            Kind::Coaching => "coaching",
            Kind::CallReview => "call_review",
            Kind::Training => "training",
            Kind::TeamMeeting => "team_meeting",
            Kind::Mentoring => "mentoring",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Planned frequency per kind (indexed by [`Kind::index`]).
pub type Plan = [Option<Frequency>; 6];

/// The planned rhythm: the book's, with per-team overrides of single kinds.
#[derive(Debug, Clone, Default)]
pub struct Rhythm {
    pub default: Plan,
    pub teams: Vec<(usize, Plan)>,
}

impl Rhythm {
    /// The plan for a member of `team`.
    pub fn for_team(&self, team: usize) -> Plan {
        let mut plan = self.default;
        if let Some((_, own)) = self.teams.iter().find(|(t, _)| *t == team) {
            for (slot, own) in plan.iter_mut().zip(own) {
                if own.is_some() {
                    *slot = *own;
                }
            }
        }
        plan
    }

    pub fn is_empty(&self) -> bool {
        self.default.iter().all(Option::is_none) && self.teams.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub reinforcing: bool,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub text: String,
    pub owner: usize,
    pub due: Date,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Touchpoint {
    pub date: Date,
    pub kind: Kind,
    /// Who it was for (a team touchpoint lists every member).
    pub people: Vec<usize>,
    pub led_by: usize,
    pub minutes: Option<u32>,
    pub topics: Vec<String>,
    pub kpis: Vec<String>,
    pub feedback: Vec<Feedback>,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoalKpi {
    pub kpi: String,
    pub baseline: f64,
    pub target: f64,
    pub by: Date,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub text: String,
    pub kpi: Option<GoalKpi>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mentoring {
    pub mentor: usize,
    pub mentee: usize,
    pub start: Date,
    pub end: Option<Date>,
    pub frequency: Frequency,
    pub goals: Vec<Goal>,
}

/// The whole coaching log of a book.
#[derive(Debug, Clone, Default)]
pub struct Coaching {
    pub rhythm: Rhythm,
    /// Sorted by date (ties keep file order).
    pub touchpoints: Vec<Touchpoint>,
    pub mentoring: Vec<Mentoring>,
}

impl Coaching {
    pub fn is_empty(&self) -> bool {
        self.rhythm.is_empty() && self.touchpoints.is_empty() && self.mentoring.is_empty()
    }

    /// The first day the log covers: pulse figures start there.
    pub fn first_day(&self) -> Option<Date> {
        let touch = self.touchpoints.first().map(|t| t.date);
        let mentoring = self.mentoring.iter().map(|m| m.start).min();
        match (touch, mentoring) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKinds {
    one_on_one: Option<Frequency>,
    coaching: Option<Frequency>,
    call_review: Option<Frequency>,
    training: Option<Frequency>,
    team_meeting: Option<Frequency>,
}

impl RawKinds {
    fn plan(&self) -> Plan {
        [
            self.one_on_one,
            self.coaching,
            self.call_review,
            self.training,
            self.team_meeting,
            None,
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRhythm {
    one_on_one: Option<Frequency>,
    coaching: Option<Frequency>,
    call_review: Option<Frequency>,
    training: Option<Frequency>,
    team_meeting: Option<Frequency>,
    #[serde(default)]
    teams: SpannedMap<RawKinds>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    #[serde(rename = "type")]
    kind: FeedbackType,
    situation: String,
    behaviour: String,
    impact: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FeedbackType {
    Reinforcing,
    Developmental,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    text: String,
    owner: Spanned<String>,
    due: Spanned<String>,
    #[serde(default)]
    done: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTouchpoint {
    date: Spanned<String>,
    kind: Kind,
    person: Option<Spanned<String>>,
    people: Option<Vec<Spanned<String>>>,
    team: Option<Spanned<String>>,
    led_by: Spanned<String>,
    minutes: Option<Spanned<u32>>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    kpis: Vec<Spanned<String>>,
    #[serde(default)]
    feedback: Vec<RawFeedback>,
    #[serde(default)]
    actions: Vec<RawAction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    text: String,
    kpi: Option<Spanned<String>>,
    baseline: Option<f64>,
    target: Option<f64>,
    by: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMentoring {
    mentor: Spanned<String>,
    mentee: Spanned<String>,
    start: Spanned<String>,
    end: Option<Spanned<String>>,
    frequency: Frequency,
    goals: Spanned<Vec<RawGoal>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    rhythm: Option<Spanned<RawRhythm>>,
    #[serde(default)]
    touchpoints: Vec<RawTouchpoint>,
    #[serde(default)]
    mentoring: Vec<RawMentoring>,
}

/// Checks references against the book while converting.
struct Checker<'a> {
    src: Source<'a>,
    roster: &'a Roster,
    kpis: &'a [&'a str],
    diags: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn person(&mut self, id: &Spanned<String>) -> Option<usize> {
        let found = self.roster.person_index(&id.value);
        if found.is_none() {
            let d = self
                .src
                .error_at(id, format!("unknown person `{}`", id.value));
            let hint = did_you_mean(&id.value, self.roster.people.iter().map(|p| p.id.as_str()))
                .unwrap_or_else(|| "people are listed in team.yaml".to_string());
            self.diags.push(d.with_hint(hint));
        }
        found
    }

    fn team(&mut self, id: &Spanned<String>) -> Option<usize> {
        let found = self.roster.teams.iter().position(|t| t.id == id.value);
        if found.is_none() {
            let d = self
                .src
                .error_at(id, format!("unknown team `{}`", id.value));
            let hint = did_you_mean(&id.value, self.roster.teams.iter().map(|t| t.id.as_str()))
                .unwrap_or_else(|| "teams are listed in team.yaml".to_string());
            self.diags.push(d.with_hint(hint));
        }
        found
    }

    fn kpi(&mut self, id: &Spanned<String>) -> Option<String> {
        if self.kpis.contains(&id.value.as_str()) {
            return Some(id.value.clone());
        }
        let d = self.src.error_at(id, format!("unknown KPI `{}`", id.value));
        let hint = did_you_mean(&id.value, self.kpis.iter().copied())
            .unwrap_or_else(|| "KPIs are the built-in ones and those in kpis.yaml".to_string());
        self.diags.push(d.with_hint(hint));
        None
    }

    fn date(&mut self, text: &Spanned<String>) -> Option<Date> {
        self.src.date(text, "2026-10-06", self.diags)
    }

    fn error(&mut self, at: &Spanned<String>, message: impl Into<String>, hint: &str) {
        let d = self.src.error_at(at, message);
        self.diags.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        });
    }
}

/// Loads every `coaching/*.yaml` file (path relative to the book, text).
/// The coaching files read and parsed as YAML, not yet checked against the book.
/// Parsing needs nothing else of the book, so it runs beside the metrics, and the
/// files in parallel (a large organisation's log is megabytes of YAML).
pub struct Parsed {
    files: Vec<(PathBuf, String, Option<RawFile>)>,
    /// Read and YAML errors, in file order.
    pub diags: Diagnostics,
}

/// Reads and parses `coaching/*.yaml` of the book at `root`.
pub fn parse(root: &Path) -> Parsed {
    let mut diags = Diagnostics::new();
    let texts = files(root, &mut diags);
    parse_texts(texts, diags)
}

fn parse_texts(texts: Vec<(PathBuf, String)>, mut diags: Diagnostics) -> Parsed {
    let parsed: Vec<(Option<RawFile>, Diagnostics)> = texts
        .par_iter()
        .map(|(path, text)| {
            let mut d = Diagnostics::new();
            let raw =
                yaml::parse::<Option<RawFile>>(path, text, &mut d).map(Option::unwrap_or_default);
            (raw, d)
        })
        .collect();
    let mut files = Vec::with_capacity(texts.len());
    for ((path, text), (raw, d)) in texts.into_iter().zip(parsed) {
        diags.extend(d);
        files.push((path, text, raw));
    }
    Parsed { files, diags }
}

/// Checks the parsed files against the book and builds the coaching log.
pub fn load(parsed: &Parsed, roster: &Roster, kpis: &[&str], diags: &mut Diagnostics) -> Coaching {
    let mut coaching = Coaching::default();
    let mut rhythm_file: Option<PathBuf> = None;
    for (path, text, raw) in &parsed.files {
        let Some(raw) = raw else {
            continue;
        };
        let mut c = Checker {
            src: Source { path, text },
            roster,
            kpis,
            diags,
        };
        if let Some(rhythm) = &raw.rhythm {
            if let Some(first) = &rhythm_file {
                let d = c
                    .src
                    .error_at(rhythm, "the rhythm is set twice")
                    .with_hint(format!(
                        "keep one `rhythm:`; the other is in {}",
                        crate::base::diag::display_path(first)
                    ));
                c.diags.push(d);
            } else {
                rhythm_file = Some(path.clone());
                coaching.rhythm = convert_rhythm(&rhythm.value, &mut c);
            }
        }
        for t in &raw.touchpoints {
            if let Some(t) = convert_touchpoint(t, &mut c) {
                coaching.touchpoints.push(t);
            }
        }
        for m in &raw.mentoring {
            if let Some(m) = convert_mentoring(m, &mut c) {
                coaching.mentoring.push(m);
            }
        }
    }
    coaching.touchpoints.sort_by_key(|t| t.date);
    coaching
}

fn convert_rhythm(raw: &RawRhythm, c: &mut Checker) -> Rhythm {
    let default = [
        raw.one_on_one,
        raw.coaching,
        raw.call_review,
        raw.training,
        raw.team_meeting,
        None,
    ];
    let teams = raw
        .teams
        .0
        .iter()
        .filter_map(|(id, kinds)| Some((c.team(id)?, kinds.plan())))
        .collect();
    Rhythm { default, teams }
}

fn convert_touchpoint(raw: &RawTouchpoint, c: &mut Checker) -> Option<Touchpoint> {
    let date = c.date(&raw.date);
    let given = [
        raw.person.is_some(),
        raw.people.is_some(),
        raw.team.is_some(),
    ]
    .iter()
    .filter(|&&g| g)
    .count();
    let mut people = Vec::new();
    let mut ok = date.is_some();
    if given != 1 {
        c.error(
            &raw.date,
            if given == 0 {
                "the touchpoint does not say who it was for"
            } else {
                "the touchpoint gives more than one of `person`, `people` and `team`"
            },
            "add exactly one of `person: id`, `people: [id, …]` or `team: id`",
        );
        ok = false;
    }
    if let Some(p) = &raw.person {
        people.extend(c.person(p));
        ok &= !people.is_empty();
    }
    if let Some(list) = &raw.people {
        for p in list {
            match c.person(p) {
                Some(i) if !people.contains(&i) => people.push(i),
                Some(_) => {}
                None => ok = false,
            }
        }
    }
    if let Some(t) = &raw.team {
        match c.team(t) {
            Some(t) => {
                let team = &c.roster.teams[t];
                people.extend(
                    team.members
                        .iter()
                        .copied()
                        .filter(|&m| Some(m) != team.manager),
                );
            }
            None => ok = false,
        }
    }
    let led_by = c.person(&raw.led_by);
    if let Some(m) = &raw.minutes
        && !(1..=1440).contains(&m.value)
    {
        let d = c
            .src
            .error_at(m, "`minutes` must be between 1 and 1440")
            .with_hint("the length of the meeting in minutes, e.g. `minutes: 30`");
        c.diags.push(d);
        ok = false;
    }
    let mut kpis = Vec::new();
    for k in &raw.kpis {
        match c.kpi(k) {
            Some(k) if !kpis.contains(&k) => kpis.push(k),
            Some(_) => {}
            None => ok = false,
        }
    }
    let feedback = raw
        .feedback
        .iter()
        .map(|f| Feedback {
            reinforcing: matches!(f.kind, FeedbackType::Reinforcing),
            situation: f.situation.trim().to_string(),
            behaviour: f.behaviour.trim().to_string(),
            impact: f.impact.trim().to_string(),
        })
        .collect();
    let mut actions = Vec::new();
    for a in &raw.actions {
        let owner = c.person(&a.owner);
        let due = c.date(&a.due);
        if let (Some(date), Some(due)) = (date, due)
            && due < date
        {
            c.error(
                &a.due,
                format!("the action is due on {due}, before the touchpoint on {date}"),
                "",
            );
            ok = false;
        }
        match (owner, due) {
            (Some(owner), Some(due)) => actions.push(Action {
                text: a.text.trim().to_string(),
                owner,
                due,
                done: a.done,
            }),
            _ => ok = false,
        }
    }
    let (Some(date), Some(led_by)) = (date, led_by) else {
        return None;
    };
    ok.then(|| Touchpoint {
        date,
        kind: raw.kind,
        people,
        led_by,
        minutes: raw.minutes.as_ref().map(|m| m.value),
        topics: raw.topics.iter().map(|t| t.trim().to_string()).collect(),
        kpis,
        feedback,
        actions,
    })
}

fn convert_mentoring(raw: &RawMentoring, c: &mut Checker) -> Option<Mentoring> {
    let mentor = c.person(&raw.mentor);
    let mentee = c.person(&raw.mentee);
    let mut ok = true;
    if mentor.is_some() && mentor == mentee {
        c.error(&raw.mentee, "a person cannot mentor themselves", "");
        ok = false;
    }
    let start = c.date(&raw.start);
    let end = raw.end.as_ref().map(|e| (e, c.date(e)));
    if let (Some(start), Some((at, Some(end)))) = (start, &end)
        && *end < start
    {
        c.error(
            at,
            format!("the mentoring ends on {end}, before it starts on {start}"),
            "",
        );
        ok = false;
    }
    let count = raw.goals.value.len();
    if !(1..=3).contains(&count) {
        let d = c
            .src
            .error_at(
                &raw.goals,
                format!("a mentoring needs one to three goals, not {count}"),
            )
            .with_hint("agree one to three goals at the first meeting");
        c.diags.push(d);
        ok = false;
    }
    let mut goals = Vec::new();
    for g in &raw.goals.value {
        let kpi = match &g.kpi {
            None => None,
            Some(k) => {
                let id = c.kpi(k);
                let by = g.by.as_ref().and_then(|b| c.date(b));
                let missing: Vec<&str> = [
                    ("baseline", g.baseline.is_none()),
                    ("target", g.target.is_none()),
                    ("by", g.by.is_none()),
                ]
                .iter()
                .filter(|(_, m)| *m)
                .map(|(k, _)| *k)
                .collect();
                if !missing.is_empty() {
                    c.error(
                        k,
                        format!(
                            "a goal on a KPI needs {}",
                            missing
                                .iter()
                                .map(|m| format!("`{m}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        "e.g. `baseline: 18000`, `target: 24000`, `by: 2026-12-31`",
                    );
                }
                if let (Some(start), Some(by), Some(at)) = (start, by, &g.by)
                    && by < start
                {
                    c.error(
                        at,
                        format!("the goal is due on {by}, before the mentoring starts"),
                        "",
                    );
                    ok = false;
                }
                match (id, g.baseline, g.target, by) {
                    (Some(kpi), Some(baseline), Some(target), Some(by)) => Some(GoalKpi {
                        kpi,
                        baseline,
                        target,
                        by,
                    }),
                    _ => {
                        ok = false;
                        None
                    }
                }
            }
        };
        goals.push(Goal {
            text: g.text.trim().to_string(),
            kpi,
        });
    }
    let (Some(mentor), Some(mentee), Some(start)) = (mentor, mentee, start) else {
        return None;
    };
    let end = match end {
        Some((_, None)) => return None,
        Some((_, Some(e))) => Some(e),
        None => None,
    };
    ok.then_some(Mentoring {
        mentor,
        mentee,
        start,
        end,
        frequency: raw.frequency,
        goals,
    })
}

/// The coaching files of a book: `coaching/*.yaml` (and `.yml`), sorted.
fn files(root: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    crate::load::files::walk(&root.join("coaching"))
        .into_iter()
        .filter(|f| !f.contains('/') && (f.ends_with(".yaml") || f.ends_with(".yml")))
        .filter_map(|f| {
            let rel = PathBuf::from("coaching").join(&f);
            match std::fs::read_to_string(root.join(&rel)) {
                Ok(text) => Some((rel, text)),
                Err(e) => {
                    diags.push(Diagnostic::error(
                        &rel,
                        format!("cannot read the file: {e}"),
                    ));
                    None
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAM: &str = "teams:\n  - id: north\n    name: North\n    manager: mia\npeople:\n  - id: mia\n    name: Mia\n    role: manager\n  - id: ann\n    name: Ann\n    team: north\n  - id: bob\n    name: Bob\n    team: north\n";

    fn run(text: &str) -> (Coaching, Vec<Diagnostic>) {
        let mut diags = Diagnostics::new();
        let roster = crate::load::team::load(Path::new("team.yaml"), TEAM, &mut diags).unwrap();
        let files = vec![(PathBuf::from("coaching/log.yaml"), text.to_string())];
        let mut parsed = parse_texts(files, Diagnostics::new());
        diags.extend(std::mem::take(&mut parsed.diags));
        let coaching = load(
            &parsed,
            &roster,
            &["revenue", "conversion", "aht"],
            &mut diags,
        );
        (coaching, diags.sorted())
    }

    #[test]
    fn a_full_log_loads() {
        let (c, diags) = run(r#"
rhythm:
  one_on_one: weekly
  call_review: monthly
  teams:
    north: { call_review: weekly }
touchpoints:
  - date: 2026-10-06
    kind: one_on_one
    person: ann
    led_by: mia
    minutes: 30
    topics: [pipeline]
    kpis: [conversion]
    feedback:
      - type: developmental
        situation: s
        behaviour: b
        impact: i
    actions:
      - { text: "Call back", owner: ann, due: 2026-10-10 }
  - date: 01.10.2026
    kind: team_meeting
    team: north
    led_by: mia
mentoring:
  - mentor: mia
    mentee: bob
    start: 2026-05-04
    frequency: biweekly
    goals:
      - { text: "Bigger deals", kpi: revenue, baseline: 1000, target: 1500, by: 2026-12-31 }
      - text: "Lead onboarding"
"#);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(c.touchpoints.len(), 2);
        // Sorted by date; a team touchpoint lists the members but not the manager.
        assert_eq!(c.touchpoints[0].kind, Kind::TeamMeeting);
        assert_eq!(c.touchpoints[0].people, vec![1, 2]);
        assert_eq!(c.touchpoints[1].actions[0].owner, 1);
        assert!(!c.touchpoints[1].feedback[0].reinforcing);
        let plan = c.rhythm.for_team(0);
        assert_eq!(plan[Kind::CallReview.index()], Some(Frequency::Weekly));
        assert_eq!(plan[Kind::OneOnOne.index()], Some(Frequency::Weekly));
        assert_eq!(c.mentoring[0].goals[0].kpi.as_ref().unwrap().target, 1500.0);
        assert_eq!(c.first_day().unwrap().to_string(), "2026-05-04");
    }

    #[test]
    fn mistakes_point_at_the_entry() {
        let (_, d) = run(
            "touchpoints:\n  - date: 2026-10-06\n    kind: one_on_one\n    person: anne\n    led_by: mia\n",
        );
        assert_eq!(d[0].message, "unknown person `anne`");
        assert_eq!((d[0].line, d[0].col), (4, 13));
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `ann`?"));

        let (_, d) = run(
            "touchpoints:\n  - date: 2026-10-06\n    kind: one_on_one\n    person: ann\n    led_by: mia\n    actions:\n      - text: x\n        due: 2026-10-09\n",
        );
        assert_eq!(d[0].message, "missing required key `owner`");
        assert!(d[0].line >= 7, "{:?}", d[0]);

        let (_, d) = run(
            "mentoring:\n  - mentor: mia\n    mentee: bob\n    start: 2026-05-04\n    frequency: monthly\n    goals:\n      - { text: x, kpi: revnue, baseline: 1, target: 2, by: 2026-12-31 }\n",
        );
        assert_eq!(d[0].message, "unknown KPI `revnue`");
        assert_eq!(d[0].line, 7);
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `revenue`?"));

        let (_, d) = run(
            "touchpoints:\n  - date: 2026-10-06\n    kind: one_to_one\n    person: ann\n    led_by: mia\n",
        );
        assert_eq!(d[0].message, "unknown value `one_to_one`");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `one_on_one`?"));

        let (_, d) =
            run("touchpoints:\n  - date: 2026-10-06\n    kind: coaching\n    led_by: mia\n");
        assert_eq!(d[0].message, "the touchpoint does not say who it was for");

        let (_, d) = run(
            "mentoring:\n  - mentor: mia\n    mentee: bob\n    start: 2026-05-04\n    frequency: monthly\n    goals: []\n",
        );
        assert_eq!(d[0].message, "a mentoring needs one to three goals, not 0");

        let (_, d) = run(
            "mentoring:\n  - mentor: mia\n    mentee: bob\n    start: 2026-05-04\n    frequency: monthly\n    goals:\n      - { text: x, kpi: revenue }\n",
        );
        assert_eq!(
            d[0].message,
            "a goal on a KPI needs `baseline`, `target`, `by`"
        );
    }

    #[test]
    fn slots_follow_the_calendar() {
        let day = |s: &str| crate::base::period::parse_day(s).unwrap();
        assert!(Frequency::Weekly.slot(day("2026-10-05")));
        assert!(!Frequency::Weekly.slot(day("2026-10-06")));
        // 2026-10-05 is in ISO week 41 (odd), 2026-10-12 in week 42 (even).
        assert!(!Frequency::Biweekly.slot(day("2026-10-05")));
        assert!(Frequency::Biweekly.slot(day("2026-10-12")));
        assert!(Frequency::Monthly.slot(day("2026-11-01")));
        assert!(Frequency::Quarterly.slot(day("2026-10-01")));
        assert!(!Frequency::Quarterly.slot(day("2026-11-01")));
    }
}
