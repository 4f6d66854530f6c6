//! Compute the leadership pulse from the coaching log: per person and period the
//! touchpoints held against the rhythm, days since the last 1:1, overdue actions and a
//! status; mentoring goal progress measured from the metrics; the KPI values before
//! and after each coaching touchpoint; and the focus area of the next 1:1.
//! The rules are documented in docs/format.md ("How the pulse is computed").

use jiff::civil::Date;

use crate::compute::scores::Scores;
use crate::load::coaching::{Coaching, Kind, Plan, Touchpoint};
use crate::load::kpi::Status;
use crate::load::team::Roster;

/// One person's pulse in one period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PersonPulse {
    /// Touchpoints of every kind the person took part in.
    pub(crate) held: u32,
    /// Rhythm slots in the period, over all planned kinds.
    pub(crate) planned: u32,
    /// Σ min(held, planned) / Σ planned per kind; `None` with nothing planned.
    pub(crate) coverage: Option<f64>,
    pub(crate) days_since_one_on_one: Option<i64>,
    /// Not done, agreed on or before the period's last day.
    pub(crate) open_actions: u32,
    /// Open and due before the period's last day.
    pub(crate) overdue_actions: u32,
    pub(crate) status: Option<Status>,
    /// The question-bank group for the next 1:1 (see [`crate::load::questions::GROUPS`]).
    pub(crate) focus: &'static str,
    /// The last 1:1 is more than the 1:1 interval plus 3 days ago, or there was none.
    pub(crate) one_on_one_due: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GoalStatus {
    Achieved,
    OnTrack,
    OffTrack,
    /// No value of the KPI yet.
    NoData,
}

impl GoalStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GoalStatus::Achieved => "achieved",
            GoalStatus::OnTrack => "on_track",
            GoalStatus::OffTrack => "off_track",
            GoalStatus::NoData => "no_data",
        }
    }
}

/// A KPI goal measured in one period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GoalProgress {
    pub(crate) current: Option<f64>,
    /// 0–1 of the way from baseline to target.
    pub(crate) progress: Option<f64>,
    /// 0–1: the share of the time from the mentoring's start to `by` elapsed.
    pub(crate) expected: f64,
    pub(crate) status: GoalStatus,
}

/// A KPI a touchpoint worked on: the person's value before and after.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Effect {
    /// Index into `Coaching::touchpoints`.
    pub(crate) touchpoint: usize,
    pub(crate) person: usize,
    /// Index into `Scores::kpis`.
    pub(crate) kpi: usize,
    /// The touchpoint's period.
    pub(crate) period: usize,
    /// Value in the period before the touchpoint's period.
    pub(crate) before: Option<f64>,
    /// Value in the period after it (`None` while that period has not come).
    pub(crate) after: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Pulse {
    /// `[person][period]`; `None` for people outside the rhythm and periods before
    /// the coaching log starts.
    pub(crate) people: Vec<Vec<Option<PersonPulse>>>,
    /// `[mentoring][goal][period]`; `None` for free-text goals and periods before
    /// the mentoring starts.
    pub(crate) goals: Vec<Vec<Vec<Option<GoalProgress>>>>,
    pub(crate) effects: Vec<Effect>,
    /// Per period, the day the pulse is taken on: the period's last day, or the last
    /// day with data when the period is still in progress.
    pub(crate) as_of: Vec<Date>,
    /// `[person]`: indices into the coaching log's touchpoints that include the
    /// person, in date order (an index, so pages never scan the whole log per person).
    pub(crate) touchpoints: Vec<Vec<usize>>,
}

impl Pulse {
    /// The day the pulse of `period` is taken on.
    pub(crate) fn as_of(&self, period: usize, fallback: Date) -> Date {
        self.as_of.get(period).copied().unwrap_or(fallback)
    }

    /// The person's touchpoints (indices into the coaching log), in date order.
    pub(crate) fn touchpoints_of(&self, person: usize) -> &[usize] {
        self.touchpoints.get(person).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn person(&self, person: usize, period: usize) -> Option<&PersonPulse> {
        self.people.get(person)?.get(period)?.as_ref()
    }
}

fn days(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

/// Everyone the rhythm applies to: team members (their team's manager excluded) and
/// mentees.
fn plans(coaching: &Coaching, roster: &Roster) -> Vec<Option<Plan>> {
    roster
        .people
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let mut plan = person
                .team
                .filter(|&t| roster.teams[t].manager != Some(i))
                .map(|t| coaching.rhythm.for_team(t));
            if coaching.mentoring.iter().any(|m| m.mentee == i) {
                plan.get_or_insert([None; 6]);
            }
            plan
        })
        .collect()
}

/// The pulse of every person in every period of the report.
pub(crate) fn compute(
    coaching: &Coaching,
    roster: &Roster,
    report: &Scores,
    last_day: Option<Date>,
) -> Pulse {
    let Some(first_day) = coaching.first_day() else {
        return Pulse::default();
    };
    let as_of: Vec<Date> = report
        .periods
        .iter()
        .map(|p| last_day.map_or(p.end(), |l| p.end().min(l.max(p.start()))))
        .collect();
    let plans = plans(coaching, roster);
    // Each person's touchpoints, in one pass: scanning the whole log per person and
    // period is quadratic (13,000 touchpoints × 1,000 people took seconds).
    let touchpoints = by_person(coaching, roster.people.len());
    let mut people = vec![vec![None; report.periods.len()]; roster.people.len()];
    for (person, plan) in plans.iter().enumerate() {
        let Some(plan) = plan else { continue };
        let mine: Vec<&Touchpoint> = touchpoints[person]
            .iter()
            .map(|&i| &coaching.touchpoints[i])
            .collect();
        let who = &roster.people[person];
        for (p, period) in report.periods.iter().enumerate() {
            // Only while the person is with the team: from their start, to their end.
            if period.end() < first_day || !report.active(person, p) {
                continue;
            }
            let start = period
                .start()
                .max(first_day)
                .max(who.start.unwrap_or(first_day));
            let end = who.end.map_or(as_of[p], |e| as_of[p].min(e));
            if end < start {
                continue;
            }
            people[person][p] = Some(person_pulse(
                coaching, report, person, &mine, plan, start, end, p,
            ));
        }
    }
    let as_of_ref = &as_of;
    let mut goals: Vec<Vec<Vec<Option<GoalProgress>>>> =
        Vec::with_capacity(coaching.mentoring.len());
    for m in &coaching.mentoring {
        goals.push(
            m.goals
                .iter()
                .map(|g| {
                    report
                        .periods
                        .iter()
                        .enumerate()
                        .map(|(p, period)| {
                            let kpi = g.kpi.as_ref()?;
                            (period.end() >= m.start).then(|| {
                                goal_progress(report, m.mentee, m.start, kpi, p, as_of_ref[p])
                            })
                        })
                        .collect()
                })
                .collect(),
        );
    }
    // Goals go into the focus of the mentee's next 1:1.
    for (m, mentoring) in coaching.mentoring.iter().enumerate() {
        for p in 0..report.periods.len() {
            let off = goals[m].iter().any(|g| {
                g[p].as_ref()
                    .is_some_and(|g| g.status == GoalStatus::OffTrack)
            });
            if let Some(pulse) = people[mentoring.mentee][p].as_mut()
                && off
                && pulse.focus != "relationship"
            {
                pulse.focus = "goals";
            }
        }
    }
    Pulse {
        people,
        goals,
        effects: effects(coaching, report),
        as_of,
        touchpoints,
    }
}

/// Indices of each person's touchpoints, in date order.
fn by_person(coaching: &Coaching, people: usize) -> Vec<Vec<usize>> {
    let mut mine = vec![Vec::new(); people];
    for (i, t) in coaching.touchpoints.iter().enumerate() {
        for &person in &t.people {
            if let Some(list) = mine.get_mut(person) {
                list.push(i);
            }
        }
    }
    mine
}

/// `mine`: the person's touchpoints.
#[allow(clippy::too_many_arguments)]
fn person_pulse(
    coaching: &Coaching,
    report: &Scores,
    person: usize,
    mine: &[&Touchpoint],
    plan: &Plan,
    start: Date,
    end: Date,
    period: usize,
) -> PersonPulse {
    let mut plan = *plan;
    // Mentoring is planned from the relationship while it runs.
    let mentoring: Vec<_> = coaching
        .mentoring
        .iter()
        .filter(|m| m.mentee == person)
        .collect();
    let mut planned_by_kind = [0u32; 6];
    let mut day = start;
    while day <= end {
        for kind in Kind::ALL {
            if kind == Kind::Mentoring {
                let slots = mentoring
                    .iter()
                    .filter(|m| m.start <= day && m.end.is_none_or(|e| day <= e))
                    .filter(|m| m.frequency.slot(day))
                    .count();
                planned_by_kind[kind.index()] += slots as u32;
            } else if plan[kind.index()].is_some_and(|f| f.slot(day)) {
                planned_by_kind[kind.index()] += 1;
            }
        }
        day = match day.tomorrow() {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    if let Some(m) = mentoring.first() {
        plan[Kind::Mentoring.index()] = Some(m.frequency);
    }
    let mine = || mine.iter().copied();
    let mut held_by_kind = [0u32; 6];
    for t in mine().filter(|t| start <= t.date && t.date <= end) {
        held_by_kind[t.kind.index()] += 1;
    }
    let planned: u32 = planned_by_kind.iter().sum();
    let held: u32 = held_by_kind.iter().sum();
    let covered: u32 = held_by_kind
        .iter()
        .zip(&planned_by_kind)
        .map(|(h, p)| (*h).min(*p))
        .sum();
    let coverage = (planned > 0).then(|| f64::from(covered) / f64::from(planned));
    let days_since_one_on_one = mine()
        .filter(|t| t.kind == Kind::OneOnOne && t.date <= end)
        .map(|t| t.date)
        .max()
        .map(|d| days(d, end));
    let (mut open, mut overdue) = (0, 0);
    for t in mine().filter(|t| t.date <= end) {
        for a in t.actions.iter().filter(|a| a.open_on(end)) {
            open += 1;
            if a.due < end {
                overdue += 1;
            }
        }
    }
    let one_on_one = plan[Kind::OneOnOne.index()].map(|f| f.interval_days());
    // The last 1:1 is more than `factor` intervals plus `grace` days ago (or never).
    let lapse = |factor: i64, grace: i64| {
        one_on_one.is_some_and(|interval| {
            days_since_one_on_one.is_none_or(|d| d > factor * interval + grace)
        })
    };
    let one_on_one_due = lapse(1, 3);
    let status = if planned == 0 && one_on_one.is_none() {
        None
    } else {
        let coverage_below = |share: f64| coverage.is_some_and(|c| c < share);
        Some(if lapse(2, 0) || coverage_below(0.5) || overdue >= 3 {
            Status::Red
        } else if one_on_one_due || coverage_below(0.8) || overdue >= 1 {
            Status::Amber
        } else {
            Status::Green
        })
    };
    let cells = report.people[person].period_cells(period);
    let focus = if lapse(2, 0) {
        "relationship"
    } else if cells.iter().any(|c| c.status == Some(Status::Red)) {
        "challenges"
    } else if cells.iter().any(|c| c.status == Some(Status::Amber)) {
        "reflection"
    } else {
        "strengths"
    };
    PersonPulse {
        held,
        planned,
        coverage,
        days_since_one_on_one,
        open_actions: open,
        overdue_actions: overdue,
        status,
        focus,
        one_on_one_due,
    }
}

fn goal_progress(
    report: &Scores,
    mentee: usize,
    start: Date,
    goal: &crate::load::coaching::GoalKpi,
    period: usize,
    end: Date,
) -> GoalProgress {
    let span = days(start, goal.by).max(1) as f64;
    let expected = (days(start, end) as f64 / span).clamp(0.0, 1.0);
    let current = report.kpi_index(&goal.kpi).and_then(|k| {
        (0..=period)
            .rev()
            .find_map(|p| report.people[mentee].cell(p, k).value)
    });
    let progress = current.map(|c| {
        let gap = goal.target - goal.baseline;
        if gap == 0.0 {
            1.0
        } else {
            ((c - goal.baseline) / gap).clamp(0.0, 1.0)
        }
    });
    let status = match progress {
        None => GoalStatus::NoData,
        Some(p) if p >= 1.0 => GoalStatus::Achieved,
        Some(p) if p >= expected - 0.10 => GoalStatus::OnTrack,
        Some(_) => GoalStatus::OffTrack,
    };
    GoalProgress {
        current,
        progress,
        expected,
        status,
    }
}

fn effects(coaching: &Coaching, report: &Scores) -> Vec<Effect> {
    let mut out = Vec::new();
    for (i, t) in coaching.touchpoints.iter().enumerate() {
        let Some(period) = report
            .periods
            .iter()
            .position(|p| p.start() <= t.date && t.date <= p.end())
        else {
            continue;
        };
        for id in &t.kpis {
            let Some(kpi) = report.kpi_index(id) else {
                continue;
            };
            for &person in &t.people {
                let value = |p: usize| report.people[person].cell(p, kpi).value;
                out.push(Effect {
                    touchpoint: i,
                    person,
                    kpi,
                    period,
                    before: period.checked_sub(1).and_then(value),
                    after: (period + 1 < report.periods.len())
                        .then(|| value(period + 1))
                        .flatten(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
