//! The coaching log as the later stages see it: touchpoints, mentoring and the
//! planned rhythm, every reference resolved to an index.

use jiff::civil::Date;
use serde::Deserialize;

/// How often a touchpoint is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Frequency {
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
}

impl Frequency {
    /// The interval the 1:1 rule measures against, in days.
    pub(crate) fn interval_days(self) -> i64 {
        match self {
            Frequency::Weekly => 7,
            Frequency::Biweekly => 14,
            Frequency::Monthly => 30,
            Frequency::Quarterly => 91,
        }
    }

    /// Whether a slot of this rhythm starts on `day`: Mondays; Mondays of even ISO
    /// weeks; first days of months; first days of quarters.
    pub(crate) fn slot(self, day: Date) -> bool {
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
pub(crate) enum Kind {
    OneOnOne,
    Coaching,
    CallReview,
    Training,
    TeamMeeting,
    Mentoring,
}

impl Kind {
    pub(crate) const ALL: [Kind; 6] = [
        Kind::OneOnOne,
        Kind::Coaching,
        Kind::CallReview,
        Kind::Training,
        Kind::TeamMeeting,
        Kind::Mentoring,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::OneOnOne => "one_on_one",
            Kind::Coaching => "coaching",
            Kind::CallReview => "call_review",
            Kind::Training => "training",
            Kind::TeamMeeting => "team_meeting",
            Kind::Mentoring => "mentoring",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Planned frequency per kind (indexed by [`Kind::index`]).
pub(crate) type Plan = [Option<Frequency>; 6];

/// The planned rhythm: the book's, with per-team overrides of single kinds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rhythm {
    pub(crate) default: Plan,
    pub(crate) teams: Vec<(usize, Plan)>,
}

impl Rhythm {
    /// The plan for a member of `team`.
    pub(crate) fn for_team(&self, team: usize) -> Plan {
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

    pub(crate) fn is_empty(&self) -> bool {
        self.default.iter().all(Option::is_none) && self.teams.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Feedback {
    pub(crate) reinforcing: bool,
    pub(crate) situation: String,
    pub(crate) behaviour: String,
    pub(crate) impact: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Action {
    pub(crate) text: String,
    pub(crate) owner: usize,
    pub(crate) due: Date,
    pub(crate) done: Done,
}

/// Whether an action is done, and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Done {
    No,
    /// Done, the day unknown (`done: true`).
    Yes,
    /// Done on this day (`done: 2026-11-05`): open before it.
    On(Date),
}

impl Action {
    /// Whether the action is still open on `day`.
    pub(crate) fn open_on(&self, day: Date) -> bool {
        match self.done {
            Done::No => true,
            Done::Yes => false,
            Done::On(d) => day < d,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Touchpoint {
    pub(crate) date: Date,
    pub(crate) kind: Kind,
    /// Who it was for (a team touchpoint lists every member).
    pub(crate) people: Vec<usize>,
    pub(crate) led_by: usize,
    pub(crate) minutes: Option<u32>,
    pub(crate) topics: Vec<String>,
    pub(crate) kpis: Vec<String>,
    pub(crate) feedback: Vec<Feedback>,
    pub(crate) actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GoalKpi {
    pub(crate) kpi: String,
    pub(crate) baseline: f64,
    pub(crate) target: f64,
    pub(crate) by: Date,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Goal {
    pub(crate) text: String,
    pub(crate) kpi: Option<GoalKpi>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mentoring {
    pub(crate) mentor: usize,
    pub(crate) mentee: usize,
    pub(crate) start: Date,
    pub(crate) end: Option<Date>,
    pub(crate) frequency: Frequency,
    pub(crate) goals: Vec<Goal>,
}

/// The whole coaching log of a book.
#[derive(Debug, Clone, Default)]
pub(crate) struct Coaching {
    pub(crate) rhythm: Rhythm,
    /// Sorted by date (ties keep file order).
    pub(crate) touchpoints: Vec<Touchpoint>,
    pub(crate) mentoring: Vec<Mentoring>,
}

impl Coaching {
    pub(crate) fn is_empty(&self) -> bool {
        self.rhythm.is_empty() && self.touchpoints.is_empty() && self.mentoring.is_empty()
    }

    /// The first day the log covers: pulse figures start there.
    pub(crate) fn first_day(&self) -> Option<Date> {
        let touch = self.touchpoints.first().map(|t| t.date);
        let mentoring = self.mentoring.iter().map(|m| m.start).min();
        match (touch, mentoring) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}
