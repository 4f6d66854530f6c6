//! The coaching log as the later stages see it: touchpoints, mentoring and the
//! planned rhythm, every reference resolved to an index.

use jiff::civil::Date;
use serde::Deserialize;

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
