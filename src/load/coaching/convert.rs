//! Checking a parsed coaching file against the book (people, teams, KPIs, dates,
//! counts) while converting it into the model.

use jiff::civil::Date;

use super::model::{Action, Done, Feedback, Goal, GoalKpi, Mentoring, Rhythm, Touchpoint};
use super::raw::{
    FeedbackType, RawAction, RawDone, RawGoal, RawMentoring, RawRhythm, RawTouchpoint,
};
use crate::base::diag::{Diagnostics, did_you_mean};
use crate::load::team::Roster;
use crate::load::yaml::{Source, Spanned};

/// Checks references against the book while converting.
pub(super) struct Checker<'a> {
    pub(super) src: Source<'a>,
    pub(super) roster: &'a Roster,
    pub(super) kpis: &'a [&'a str],
    pub(super) diags: &'a mut Diagnostics,
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

    /// An error at `at`, with `hint` unless it is empty.
    pub(super) fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>, hint: &str) {
        let d = self.src.error_at(at, message);
        self.diags.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        });
    }
}

pub(super) fn convert_rhythm(raw: &RawRhythm, c: &mut Checker) -> Rhythm {
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

/// A touchpoint, when its date, people, leader, length, KPIs and actions all check.
pub(super) fn convert_touchpoint(raw: &RawTouchpoint, c: &mut Checker) -> Option<Touchpoint> {
    let date = c.date(&raw.date);
    let people = audience(raw, c);
    let led_by = c.person(&raw.led_by);
    let mut minutes_ok = true;
    if let Some(m) = &raw.minutes
        && !(1..=1440).contains(&m.value)
    {
        c.error(
            m,
            "`minutes` must be between 1 and 1440",
            "the length of the meeting in minutes, e.g. `minutes: 30`",
        );
        minutes_ok = false;
    }
    let kpis = kpis(&raw.kpis, c);
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
    let actions = actions(&raw.actions, date, c);
    let (Some(date), Some(people), Some(led_by), true, Some(kpis), Some(actions)) =
        (date, people, led_by, minutes_ok, kpis, actions)
    else {
        return None;
    };
    Some(Touchpoint {
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

/// Who a touchpoint was for: exactly one of `person`, `people` (without repeats) and
/// `team` (its members but not its manager).
fn audience(raw: &RawTouchpoint, c: &mut Checker) -> Option<Vec<usize>> {
    let given = [
        raw.person.is_some(),
        raw.people.is_some(),
        raw.team.is_some(),
    ]
    .iter()
    .filter(|&&g| g)
    .count();
    let mut people = Vec::new();
    let mut ok = true;
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
    ok.then_some(people)
}

/// The KPIs a touchpoint was about, without repeats.
fn kpis(raw: &[Spanned<String>], c: &mut Checker) -> Option<Vec<String>> {
    let mut kpis = Vec::new();
    let mut ok = true;
    for k in raw {
        match c.kpi(k) {
            Some(k) if !kpis.contains(&k) => kpis.push(k),
            Some(_) => {}
            None => ok = false,
        }
    }
    ok.then_some(kpis)
}

/// The actions agreed at a touchpoint on `date`: an owner, and a due day not before it.
fn actions(raw: &[RawAction], date: Option<Date>, c: &mut Checker) -> Option<Vec<Action>> {
    let mut actions = Vec::new();
    let mut ok = true;
    for a in raw {
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
        let done = match &a.done {
            None
            | Some(Spanned {
                value: RawDone::Flag(false),
                ..
            }) => Some(Done::No),
            Some(Spanned {
                value: RawDone::Flag(true),
                ..
            }) => Some(Done::Yes),
            Some(
                at @ Spanned {
                    value: RawDone::On(text),
                    ..
                },
            ) => {
                match crate::base::period::parse_day(text) {
                    Some(day) if date.is_some_and(|d| day < d) => {
                        c.error(
                            at,
                            format!("the action is done on {day}, before the touchpoint it was agreed at"),
                            "write the day it was done, on or after the touchpoint",
                        );
                        None
                    }
                    Some(day) => Some(Done::On(day)),
                    None => {
                        c.error(
                            at,
                            crate::base::period::not_a_day(text),
                            "write `done: true`, or the day it was done, e.g. `done: 2026-11-05`",
                        );
                        None
                    }
                }
            }
        };
        match (owner, due, done) {
            (Some(owner), Some(due), Some(done)) => actions.push(Action {
                text: a.text.trim().to_string(),
                owner,
                due,
                done,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(actions)
}

/// A mentoring, when mentor, mentee, dates and its one to three goals all check.
pub(super) fn convert_mentoring(raw: &RawMentoring, c: &mut Checker) -> Option<Mentoring> {
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
            *at,
            format!("the mentoring ends on {end}, before it starts on {start}"),
            "",
        );
        ok = false;
    }
    let count = raw.goals.value.len();
    if !(1..=3).contains(&count) {
        c.error(
            &raw.goals,
            format!("a mentoring needs one to three goals, not {count}"),
            "agree one to three goals at the first meeting",
        );
        ok = false;
    }
    // Every goal is checked, so all their mistakes are reported.
    let goals: Vec<Option<Goal>> = raw.goals.value.iter().map(|g| goal(g, start, c)).collect();
    let goals: Option<Vec<Goal>> = goals.into_iter().collect();
    let (Some(mentor), Some(mentee), Some(start)) = (mentor, mentee, start) else {
        return None;
    };
    let end = match end {
        Some((_, None)) => return None,
        Some((_, Some(e))) => Some(e),
        None => None,
    };
    let goals = goals.filter(|_| ok)?;
    Some(Mentoring {
        mentor,
        mentee,
        start,
        end,
        frequency: raw.frequency,
        goals,
    })
}

/// One goal of a mentoring that starts on `start`; a goal on a KPI needs its
/// baseline, target and due day, not before the start.
fn goal(g: &RawGoal, start: Option<Date>, c: &mut Checker) -> Option<Goal> {
    let kpi = match &g.kpi {
        None => None,
        Some(k) => Some(goal_kpi(g, k, start, c)?),
    };
    Some(Goal {
        text: g.text.trim().to_string(),
        kpi,
    })
}

fn goal_kpi(
    g: &RawGoal,
    k: &Spanned<String>,
    start: Option<Date>,
    c: &mut Checker,
) -> Option<GoalKpi> {
    let id = c.kpi(k);
    let by = g.by.as_ref().and_then(|b| c.date(b));
    let missing: Vec<String> = [
        ("baseline", g.baseline.is_none()),
        ("target", g.target.is_none()),
        ("by", g.by.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(k, _)| format!("`{k}`"))
    .collect();
    if !missing.is_empty() {
        c.error(
            k,
            format!("a goal on a KPI needs {}", missing.join(", ")),
            "e.g. `baseline: 18000`, `target: 24000`, `by: 2026-12-31`",
        );
    }
    let mut ok = true;
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
    match (id, g.baseline, g.target, by, ok) {
        (Some(kpi), Some(baseline), Some(target), Some(by), true) => Some(GoalKpi {
            kpi,
            baseline,
            target,
            by,
        }),
        _ => None,
    }
}
