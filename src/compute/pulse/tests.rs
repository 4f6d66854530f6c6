//! The pulse rules of docs/format.md ("How the pulse is computed") against numbers
//! worked out by hand.
//!
//! The calendar. 2026 begins on a Thursday, so it has 53 ISO weeks; its week 1 starts
//! on Monday 29 December 2025, so the Monday of week n is 29 December + 7 (n − 1) days.
//!
//! | month    | Mondays (ISO week)                      | weekly | biweekly | monthly | quarterly |
//! |----------|-----------------------------------------|--------|----------|---------|-----------|
//! | Aug 2026 | 3 (32), 10 (33), 17 (34), 24 (35), 31 (36) | 5   | 3        | 1       | 0         |
//! | Sep 2026 | 7 (37), 14 (38), 21 (39), 28 (40)       | 4      | 2        | 1       | 0         |
//! | Oct 2026 | 5 (41), 12 (42), 19 (43), 26 (44)       | 4      | 2        | 1       | 1         |
//! | Nov 2026 | 2 (45), 9 (46), 16 (47), 23 (48), 30 (49) | 5    | 2        | 1       | 0         |
//! | Dec 2026 | 7 (50), 14 (51), 21 (52), 28 (53)       | 4      | 2        | 1       | 0         |
//! | Jan 2027 | 4 (1), 11 (2), 18 (3), 25 (4)           | 4      | 2        | 1       | 1         |
//!
//! (Week 53 and the next week 1 are both odd: a biweekly rhythm skips from 21 December
//! to 11 January.)
//!
//! The book: team north (manager mia, who is also its member), team calls, and
//! ann (north), bob (calls) and cid (no team). Targets: revenue 1000, aht 300 s
//! (lower is better). Unless a test says otherwise everyone has one row on the first
//! of every month from August 2026 to January 2027 that meets both targets, and ann a
//! row of zeros on 31 January 2027 that closes the last month, so every period is
//! complete and the pulse of a month is taken on its last day.

use std::path::Path;

use jiff::civil::{Date, date};

use super::*;
use crate::base::diag::Diagnostics;
use crate::base::period::PeriodKind;
use crate::load::coaching::{Action, Done, Frequency, Goal, GoalKpi, Mentoring, Rhythm};
use crate::load::metrics::{Metrics, Series};

const MIA: usize = 0;
const ANN: usize = 1;
const BOB: usize = 2;
const CID: usize = 3;

const AUG: usize = 0;
const SEP: usize = 1;
const OCT: usize = 2;
const NOV: usize = 3;
const DEC: usize = 4;
const JAN: usize = 5;

const TEAM: &str = "\
teams:
  - { id: north, name: North, manager: mia }
  - { id: calls, name: Calls }
people:
  - { id: mia, name: Mia, role: manager, team: north }
  - { id: ann, name: Ann, team: north }
  - { id: bob, name: Bob, team: calls }
  - { id: cid, name: Cid }
targets:
  default: { revenue: 1000, aht: 300 }
";

/// Measures in name order: calls, deals, handle_seconds, leads, revenue.
const MEASURES: [&str; 5] = ["calls", "deals", "handle_seconds", "leads", "revenue"];
type Row = (usize, Date, [f64; 5]);

/// Meets both targets: aht 3000 / 10 = 300 s, revenue 1000.
const STEADY: [f64; 5] = [10.0, 1.0, 3000.0, 4.0, 1000.0];

/// The rows of the module doc: ann, bob and cid on the first of each month, August
/// 2026 to January 2027, and ann's closing row.
fn steady() -> Vec<Row> {
    let firsts = [
        date(2026, 8, 1),
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ];
    let mut rows: Vec<Row> = [ANN, BOB, CID]
        .into_iter()
        .flat_map(|p| firsts.map(|d| (p, d, STEADY)))
        .collect();
    rows.push((ANN, date(2027, 1, 31), [0.0; 5]));
    rows
}

/// `rows` with the row of `person` on `day` replaced (or added).
fn set(mut rows: Vec<Row>, person: usize, day: Date, values: [f64; 5]) -> Vec<Row> {
    rows.retain(|&(p, d, _)| (p, d) != (person, day));
    rows.push((person, day, values));
    rows
}

/// The loaded roster and computed scores of the book above with `rows`.
struct World {
    roster: Roster,
    scores: Scores,
    /// The last day with data, as the pipeline passes it.
    last_day: Date,
}

fn world(rows: Vec<Row>) -> World {
    world_of(TEAM, rows)
}

/// [`world`] with another team.yaml.
fn world_of(team: &str, mut rows: Vec<Row>) -> World {
    let mut diags = Diagnostics::new();
    let roster = crate::load::team::load(
        Path::new("team.yaml"),
        team,
        Some(crate::base::period::PeriodKind::Month),
        &mut diags,
    )
    .unwrap_or_else(|| panic!("{:?}", diags.sorted()));
    rows.sort_by_key(|&(p, d, _)| (p, d));
    let mut people = vec![Series::default(); roster.people.len()];
    for &(p, day, values) in &rows {
        people[p].days.push(day);
        people[p].values.extend(values);
    }
    let metrics = Metrics {
        measures: MEASURES.map(String::from).to_vec(),
        people,
        files: Vec::new(),
        ..Metrics::default()
    };
    let scores = crate::compute::scores::compute(
        &roster,
        &metrics,
        &crate::load::kpi::builtin(),
        &crate::compute::scores::Frame {
            kind: PeriodKind::Month,
            report_period: None,
            calendar: &crate::base::calendar::Calendar::new(crate::base::locale::Locale::En),
        },
    );
    World {
        roster,
        scores,
        last_day: metrics.last_day().unwrap(),
    }
}

fn plan(kinds: &[(Kind, Frequency)]) -> Plan {
    let mut plan = [None; 6];
    for &(kind, frequency) in kinds {
        plan[kind.index()] = Some(frequency);
    }
    plan
}

fn touch(day: Date, kind: Kind, people: &[usize]) -> Touchpoint {
    Touchpoint {
        date: day,
        kind,
        people: people.to_vec(),
        led_by: MIA,
        minutes: None,
        topics: Vec::new(),
        kpis: Vec::new(),
        feedback: Vec::new(),
        actions: Vec::new(),
    }
}

fn one_on_one(day: Date, person: usize) -> Touchpoint {
    touch(day, Kind::OneOnOne, &[person])
}

/// An action of `owner` due on `due`, done (`true`) or open.
fn action(owner: usize, due: Date, done: bool) -> Action {
    done_on(owner, due, if done { Done::Yes } else { Done::No })
}

fn done_on(owner: usize, due: Date, done: Done) -> Action {
    Action {
        text: format!("due {due}"),
        owner,
        due,
        done,
    }
}

/// A log with the book-wide `rhythm`. Every log opens on 1 August 2026 (a training of
/// cid, who is outside the rhythm), so each period is measured from its first day.
fn log(rhythm: Plan, mut touchpoints: Vec<Touchpoint>) -> Coaching {
    touchpoints.push(touch(date(2026, 8, 1), Kind::Training, &[CID]));
    touchpoints.sort_by_key(|t| t.date);
    Coaching {
        rhythm: Rhythm {
            default: rhythm,
            teams: Vec::new(),
        },
        touchpoints,
        mentoring: Vec::new(),
    }
}

fn pulse_of(coaching: &Coaching, world: &World) -> Pulse {
    compute(coaching, &world.roster, &world.scores, Some(world.last_day))
}

/// ann's pulse in October of the steady book.
fn ann_in_october(rhythm: Plan, touchpoints: Vec<Touchpoint>) -> PersonPulse {
    let pulse = pulse_of(&log(rhythm, touchpoints), &world(steady()));
    pulse.person(ANN, OCT).unwrap().clone()
}

#[test]
fn the_pulse_covers_people_only_while_they_are_with_the_team() {
    // ann leaves on Friday 16 October; bob joins on Monday 19 October.
    let team = TEAM
        .replace(
            "{ id: ann, name: Ann, team: north }",
            "{ id: ann, name: Ann, team: north, end: 2026-10-16 }",
        )
        .replace(
            "{ id: bob, name: Bob, team: calls }",
            "{ id: bob, name: Bob, team: calls, start: 2026-10-19 }",
        );
    let rhythm = plan(&[(Kind::OneOnOne, Frequency::Weekly)]);
    let full = pulse_of(&log(rhythm, Vec::new()), &world(steady()));
    let dated = pulse_of(&log(rhythm, Vec::new()), &world_of(&team, steady()));
    let planned = |pulse: &Pulse, person, period| pulse.person(person, period).map(|p| p.planned);
    // A weekly 1:1 plans fewer slots in half of October than in all of it.
    assert!(planned(&dated, ANN, OCT).unwrap() < planned(&full, ANN, OCT).unwrap());
    assert!(planned(&dated, BOB, OCT).unwrap() < planned(&full, BOB, OCT).unwrap());
    // Gone in November; not there yet in September.
    assert_eq!(planned(&dated, ANN, NOV), None);
    assert_eq!(planned(&dated, BOB, SEP), None);
    assert_eq!(planned(&dated, BOB, NOV), planned(&full, BOB, NOV));
}

#[test]
fn planned_slots_follow_the_calendar() {
    let world = world(steady());
    for (frequency, per_month) in [
        (Frequency::Weekly, [5, 4, 4, 5, 4, 4]),
        (Frequency::Biweekly, [3, 2, 2, 2, 2, 2]),
        (Frequency::Monthly, [1, 1, 1, 1, 1, 1]),
        (Frequency::Quarterly, [0, 0, 1, 0, 0, 1]),
    ] {
        let pulse = pulse_of(&log(plan(&[(Kind::Training, frequency)]), vec![]), &world);
        let planned: Vec<u32> = (AUG..=JAN)
            .map(|p| pulse.person(ANN, p).unwrap().planned)
            .collect();
        assert_eq!(planned, per_month, "{frequency:?}");
    }
    // The pulse of each month is taken on its last day.
    let pulse = pulse_of(&log(plan(&[]), vec![]), &world);
    assert_eq!(pulse.as_of[OCT], date(2026, 10, 31));
    assert_eq!(pulse.as_of[JAN], date(2027, 1, 31));
}

#[test]
fn kinds_add_up_and_team_overrides_replace_single_kinds() {
    // The book: 1:1 weekly, call review monthly; calls: 1:1 biweekly instead.
    let mut coaching = log(
        plan(&[
            (Kind::OneOnOne, Frequency::Weekly),
            (Kind::CallReview, Frequency::Monthly),
        ]),
        vec![],
    );
    coaching.rhythm.teams = vec![(1, plan(&[(Kind::OneOnOne, Frequency::Biweekly)]))];
    let pulse = pulse_of(&coaching, &world(steady()));
    // October: ann 4 + 1, bob 2 + 1; November: ann 5 + 1, bob 2 + 1.
    let planned = |person, period| pulse.person(person, period).unwrap().planned;
    assert_eq!((planned(ANN, OCT), planned(BOB, OCT)), (5, 3));
    assert_eq!((planned(ANN, NOV), planned(BOB, NOV)), (6, 3));
}

#[test]
fn managers_of_their_own_team_and_people_without_a_team_are_outside_the_rhythm() {
    let pulse = pulse_of(
        &log(plan(&[(Kind::OneOnOne, Frequency::Weekly)]), vec![]),
        &world(steady()),
    );
    for p in AUG..=JAN {
        assert!(pulse.person(MIA, p).is_none(), "mia manages north");
        assert!(pulse.person(CID, p).is_none(), "cid has no team");
        assert!(pulse.person(ANN, p).is_some());
    }
}

#[test]
fn coverage_counts_each_kind_only_up_to_its_plan() {
    // ann in October: 1:1 weekly (4) and call review monthly (1) = 5 planned.
    let rhythm = plan(&[
        (Kind::OneOnOne, Frequency::Weekly),
        (Kind::CallReview, Frequency::Monthly),
    ]);
    let mut held = vec![
        one_on_one(date(2026, 10, 5), ANN),
        one_on_one(date(2026, 10, 12), ANN),
        one_on_one(date(2026, 10, 19), ANN),
        one_on_one(date(2026, 10, 26), ANN),
        one_on_one(date(2026, 10, 27), ANN),
        // A team meeting counts for everyone in it; it was not planned.
        touch(date(2026, 10, 6), Kind::TeamMeeting, &[ANN, BOB]),
    ];
    // Held 5 + 1 = 6; covered min(5, 4) + min(0, 1) + min(1, 0) = 4 of 5: the extra
    // 1:1 does not make up for the missing call review.
    let ann = ann_in_october(rhythm, held.clone());
    assert_eq!((ann.held, ann.planned), (6, 5));
    assert_eq!(ann.coverage, Some(0.8));
    // With the call review: 7 held, 5 of 5 covered.
    held.push(touch(date(2026, 10, 7), Kind::CallReview, &[ANN]));
    let ann = ann_in_october(rhythm, held.clone());
    assert_eq!((ann.held, ann.planned), (7, 5));
    assert_eq!(ann.coverage, Some(1.0));
    // The team meeting is bob's too: held 1 of 5 planned (his 1:1s and call review).
    let pulse = pulse_of(&log(rhythm, held), &world(steady()));
    let bob = pulse.person(BOB, OCT).unwrap();
    assert_eq!((bob.held, bob.planned, bob.coverage), (1, 5, Some(0.0)));
    // Nothing held in November: 0 of 5 + 1 = 6.
    let ann = pulse.person(ANN, NOV).unwrap();
    assert_eq!((ann.held, ann.planned, ann.coverage), (0, 6, Some(0.0)));
}

#[test]
fn days_since_the_last_one_on_one_and_overdue_actions() {
    let rhythm = plan(&[(Kind::OneOnOne, Frequency::Weekly)]);
    let mut first = one_on_one(date(2026, 10, 5), ANN);
    first.actions = vec![
        action(ANN, date(2026, 10, 9), false),
        action(ANN, date(2026, 10, 30), true),
        // Done on 10 November: open all October, done in November.
        done_on(ANN, date(2026, 10, 31), Done::On(date(2026, 11, 10))),
    ];
    let mut last = one_on_one(date(2026, 10, 26), ANN);
    last.actions = vec![
        action(ANN, date(2026, 10, 31), false),
        action(ANN, date(2026, 10, 30), false),
    ];
    let mut later = one_on_one(date(2026, 11, 3), ANN);
    later.actions = vec![action(ANN, date(2026, 11, 4), false)];
    // A coaching session after the last 1:1 does not reset the count.
    let coaching = touch(date(2026, 10, 30), Kind::Coaching, &[ANN]);
    let pulse = pulse_of(
        &log(rhythm, vec![first, last, later, coaching]),
        &world(steady()),
    );
    // October, taken on the 31st: 31 − 26 = 5 days. Open: due 9th, 31st (twice: one
    // done only on 10 November) and 30th (the one done is not); overdue: due before
    // the 31st = the 9th and the 30th.
    let october = pulse.person(ANN, OCT).unwrap();
    assert_eq!(october.days_since_one_on_one, Some(5));
    assert_eq!((october.open_actions, october.overdue_actions), (4, 2));
    assert_eq!(
        october.status,
        Some(Status::Amber),
        "2 of 4 held, actions overdue"
    );
    // November, on the 30th: 30 − 3 = 27 days; the action of 3 November is open too,
    // and all four are overdue.
    let november = pulse.person(ANN, NOV).unwrap();
    assert_eq!(november.days_since_one_on_one, Some(27));
    assert_eq!((november.open_actions, november.overdue_actions), (4, 4));
    // September: no 1:1 yet.
    assert_eq!(pulse.person(ANN, SEP).unwrap().days_since_one_on_one, None);
}

#[test]
fn status_rules_at_their_boundaries() {
    // ann in October with a weekly 1:1 (interval 7 days; 4 slots): amber after
    // 7 + 3 = 10 days without a 1:1, red after 2 × 7 = 14; coverage amber under 80 %,
    // red under 50 %; amber from 1 overdue action, red from 3.
    let rhythm = plan(&[(Kind::OneOnOne, Frequency::Weekly)]);
    let oct = |day| date(2026, 10, day);
    let with_actions = |dues: &[i8]| {
        let mut t = one_on_one(oct(27), ANN);
        t.actions = dues.iter().map(|&d| action(ANN, oct(d), false)).collect();
        vec![
            t,
            one_on_one(oct(28), ANN),
            one_on_one(oct(29), ANN),
            one_on_one(oct(30), ANN),
        ]
    };
    let one_on_ones = |days: &[i8]| days.iter().map(|&d| one_on_one(oct(d), ANN)).collect();
    for (what, held, days, coverage, overdue, status, due) in [
        (
            "10 days",
            one_on_ones(&[1, 2, 20, 21]),
            10,
            1.0,
            0,
            Status::Green,
            false,
        ),
        (
            "11 days",
            one_on_ones(&[1, 2, 19, 20]),
            11,
            1.0,
            0,
            Status::Amber,
            true,
        ),
        (
            "14 days",
            one_on_ones(&[1, 2, 3, 17]),
            14,
            1.0,
            0,
            Status::Amber,
            true,
        ),
        (
            "15 days",
            one_on_ones(&[1, 2, 3, 16]),
            15,
            1.0,
            0,
            Status::Red,
            true,
        ),
        (
            "3 of 4",
            one_on_ones(&[28, 29, 30]),
            1,
            0.75,
            0,
            Status::Amber,
            false,
        ),
        (
            "2 of 4",
            one_on_ones(&[29, 30]),
            1,
            0.5,
            0,
            Status::Amber,
            false,
        ),
        ("1 of 4", one_on_ones(&[30]), 1, 0.25, 0, Status::Red, false),
        (
            "due on the last day",
            with_actions(&[31]),
            1,
            1.0,
            0,
            Status::Green,
            false,
        ),
        (
            "2 overdue",
            with_actions(&[28, 29]),
            1,
            1.0,
            2,
            Status::Amber,
            false,
        ),
        (
            "3 overdue",
            with_actions(&[28, 29, 30]),
            1,
            1.0,
            3,
            Status::Red,
            false,
        ),
    ] {
        let ann = ann_in_october(rhythm, held);
        assert_eq!(ann.days_since_one_on_one, Some(days), "{what}");
        assert_eq!(ann.coverage, Some(coverage), "{what}");
        assert_eq!(ann.overdue_actions, overdue, "{what}");
        assert_eq!(ann.status, Some(status), "{what}");
        assert_eq!(ann.one_on_one_due, due, "{what}");
    }
    // No 1:1 at all: red, and due.
    let ann = ann_in_october(rhythm, vec![]);
    assert_eq!(ann.days_since_one_on_one, None);
    assert_eq!((ann.status, ann.one_on_one_due), (Some(Status::Red), true));
}

#[test]
fn without_a_one_on_one_rhythm_only_coverage_and_actions_count() {
    // Call reviews monthly, no 1:1s planned: no lapse rule, nothing is "due".
    let rhythm = plan(&[(Kind::CallReview, Frequency::Monthly)]);
    let ann = ann_in_october(
        rhythm,
        vec![touch(date(2026, 10, 2), Kind::CallReview, &[ANN])],
    );
    assert_eq!(ann.days_since_one_on_one, None);
    assert_eq!(
        (ann.status, ann.one_on_one_due),
        (Some(Status::Green), false)
    );
    // Training quarterly: November plans nothing, so there is no status.
    let pulse = pulse_of(
        &log(plan(&[(Kind::Training, Frequency::Quarterly)]), vec![]),
        &world(steady()),
    );
    let november = pulse.person(ANN, NOV).unwrap();
    assert_eq!((november.planned, november.status), (0, None));
    assert_eq!(pulse.person(ANN, OCT).unwrap().status, Some(Status::Red));
}

#[test]
fn a_period_in_progress_is_taken_on_its_last_day_with_data() {
    // The data end on Tuesday 20 October: October has the Mondays 5, 12 and 19 so far.
    // 1:1s on the 5th and 19th (and one on the 26th, not yet); the 1:1 of the 19th
    // agreed an action due on the 23rd (not overdue yet) and one due on the 14th
    // (overdue). Coverage 2 / 3 → amber.
    let rows: Vec<Row> = steady()
        .into_iter()
        .filter(|&(_, d, _)| d <= date(2026, 10, 1))
        .collect();
    let world = world(set(rows, ANN, date(2026, 10, 20), STEADY));
    let mut nineteenth = one_on_one(date(2026, 10, 19), ANN);
    nineteenth.actions = vec![
        action(ANN, date(2026, 10, 23), false),
        action(ANN, date(2026, 10, 14), false),
    ];
    let coaching = log(
        plan(&[(Kind::OneOnOne, Frequency::Weekly)]),
        vec![
            one_on_one(date(2026, 10, 5), ANN),
            nineteenth,
            one_on_one(date(2026, 10, 26), ANN),
        ],
    );
    let pulse = pulse_of(&coaching, &world);
    assert_eq!(pulse.as_of[OCT], date(2026, 10, 20));
    assert_eq!(pulse.as_of[SEP], date(2026, 9, 30));
    let ann = pulse.person(ANN, OCT).unwrap();
    assert_eq!((ann.held, ann.planned), (2, 3));
    assert_eq!(ann.days_since_one_on_one, Some(1));
    assert_eq!((ann.open_actions, ann.overdue_actions), (2, 1));
    assert_eq!(ann.status, Some(Status::Amber));
}

#[test]
fn the_pulse_starts_with_the_log() {
    // A log whose first entry is on Wednesday 7 October: August and September have no
    // pulse; October counts from the 7th, so the weekly slot of the 5th is not planned.
    let mut coaching = log(plan(&[(Kind::OneOnOne, Frequency::Weekly)]), vec![]);
    coaching.touchpoints = vec![one_on_one(date(2026, 10, 7), ANN)];
    let pulse = pulse_of(&coaching, &world(steady()));
    assert!(pulse.person(ANN, AUG).is_none() && pulse.person(ANN, SEP).is_none());
    let ann = pulse.person(ANN, OCT).unwrap();
    assert_eq!((ann.held, ann.planned), (1, 3));
    // An empty log: no pulse at all.
    let empty = pulse_of(&Coaching::default(), &world(steady()));
    assert!(empty.people.is_empty() && empty.as_of.is_empty());
}

#[test]
fn mentoring_is_planned_from_the_relationship_while_it_runs() {
    // cid (no team) is mia's mentee, monthly, from 15 September to 30 November: the
    // slots of 1 October and 1 November; 1 September is before the start and
    // 1 December after the end.
    let mut coaching = log(plan(&[(Kind::OneOnOne, Frequency::Weekly)]), vec![]);
    coaching.mentoring = vec![Mentoring {
        mentor: MIA,
        mentee: CID,
        start: date(2026, 9, 15),
        end: Some(date(2026, 11, 30)),
        frequency: Frequency::Monthly,
        goals: Vec::new(),
    }];
    coaching
        .touchpoints
        .push(touch(date(2026, 10, 8), Kind::Mentoring, &[CID]));
    let pulse = pulse_of(&coaching, &world(steady()));
    let planned: Vec<u32> = (AUG..=JAN)
        .map(|p| pulse.person(CID, p).unwrap().planned)
        .collect();
    assert_eq!(planned, [0, 0, 1, 1, 0, 0]);
    // Held in October → green; missed in November → red; nothing planned: no status.
    let status = |p| pulse.person(CID, p).unwrap().status;
    assert_eq!(status(OCT), Some(Status::Green));
    assert_eq!(status(NOV), Some(Status::Red));
    assert_eq!(status(DEC), None);
    // The 1:1 rhythm does not apply to a mentee without a team.
    assert!(!pulse.person(CID, OCT).unwrap().one_on_one_due);
}

#[test]
fn goal_progress_from_baseline_to_target_in_both_directions() {
    // bob, mia's mentee from 1 September; goals by 31 December (121 days later):
    // revenue 100 → 500 and aht 400 s → 300 s (lower is better), and a free-text goal.
    // bob's rows: October revenue 200 and aht 3500 / 10 = 350; none in November;
    // December revenue 520, aht 4200 / 10 = 420.
    let rows = set(
        steady(),
        BOB,
        date(2026, 10, 1),
        [10.0, 1.0, 3500.0, 4.0, 200.0],
    );
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|&(p, d, _)| (p, d) != (BOB, date(2026, 11, 1)))
        .collect();
    let world = world(set(
        rows,
        BOB,
        date(2026, 12, 1),
        [10.0, 1.0, 4200.0, 4.0, 520.0],
    ));
    let goal = |kpi: &str, baseline, target| Goal {
        text: kpi.to_string(),
        kpi: Some(GoalKpi {
            kpi: kpi.to_string(),
            baseline,
            target,
            by: date(2026, 12, 31),
        }),
    };
    let mut coaching = log(plan(&[]), vec![]);
    coaching.mentoring = vec![Mentoring {
        mentor: MIA,
        mentee: BOB,
        start: date(2026, 9, 1),
        end: None,
        frequency: Frequency::Monthly,
        goals: vec![
            goal("revenue", 100.0, 500.0),
            goal("aht", 400.0, 300.0),
            Goal {
                text: "Lead the onboarding".into(),
                kpi: None,
            },
        ],
    }];
    let pulse = pulse_of(&coaching, &world);
    let at = |g: usize, p: usize| pulse.goals[0][g][p].clone();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;

    // Before the mentoring starts, and for a free-text goal: nothing.
    assert_eq!(at(0, AUG), None);
    assert!((AUG..=JAN).all(|p| at(2, p).is_none()));
    // September (on the 30th, 29 of 121 days): revenue 1000 is past the target.
    let september = at(0, SEP).unwrap();
    assert_eq!(september.progress, Some(1.0));
    assert_eq!(september.status, GoalStatus::Achieved);
    assert!(close(september.expected, 29.0 / 121.0));
    // October (60 of 121 days, 49.6 %): revenue (200 − 100) / 400 = 25 %, under
    // 49.6 − 10 → off track; aht (350 − 400) / (300 − 400) = 50 % → on track.
    let revenue = at(0, OCT).unwrap();
    assert_eq!(
        (revenue.current, revenue.progress),
        (Some(200.0), Some(0.25))
    );
    assert!(close(revenue.expected, 60.0 / 121.0));
    assert_eq!(revenue.status, GoalStatus::OffTrack);
    let aht = at(1, OCT).unwrap();
    assert_eq!((aht.current, aht.progress), (Some(350.0), Some(0.5)));
    assert_eq!(aht.status, GoalStatus::OnTrack);
    // November has no data: the latest earlier value counts (October's); 90 of 121
    // days elapsed (74.4 %), so 50 % is now off track.
    let aht = at(1, NOV).unwrap();
    assert_eq!((aht.current, aht.progress), (Some(350.0), Some(0.5)));
    assert!(close(aht.expected, 90.0 / 121.0));
    assert_eq!(aht.status, GoalStatus::OffTrack);
    // December: revenue (520 − 100) / 400 = 105 % → 100 %, achieved; aht 420 is worse
    // than the baseline: (420 − 400) / (300 − 400) = −20 % → 0 %, off track.
    let revenue = at(0, DEC).unwrap();
    assert_eq!((revenue.progress, revenue.expected), (Some(1.0), 1.0));
    assert_eq!(revenue.status, GoalStatus::Achieved);
    let aht = at(1, DEC).unwrap();
    assert_eq!((aht.current, aht.progress), (Some(420.0), Some(0.0)));
    assert_eq!(aht.status, GoalStatus::OffTrack);
    // January, past `by`: the time share stays at 100 %; aht 300 reaches the target.
    let aht = at(1, JAN).unwrap();
    assert_eq!((aht.progress, aht.expected), (Some(1.0), 1.0));
    assert_eq!(aht.status, GoalStatus::Achieved);

    // A goal off track puts the goals on bob's next 1:1, before his red revenue.
    assert_eq!(pulse.person(BOB, OCT).unwrap().focus, "goals");
    assert_eq!(pulse.person(BOB, NOV).unwrap().focus, "goals");
    assert_eq!(pulse.person(BOB, JAN).unwrap().focus, "strengths");
}

#[test]
fn goal_status_with_no_data_a_flat_goal_and_the_ten_point_margin() {
    let world = world(steady());
    let goal = |baseline, target| GoalKpi {
        kpi: "revenue".into(),
        baseline,
        target,
        by: date(2026, 12, 31),
    };
    let start = date(2026, 9, 1);
    let end = date(2026, 10, 31);
    // mia has no rows: no current value, no progress.
    let none = goal_progress(&world.scores, MIA, start, &goal(100.0, 500.0), OCT, end);
    assert_eq!((none.current, none.progress), (None, None));
    assert_eq!(none.status, GoalStatus::NoData);
    // Baseline = target: any value is 100 %.
    let flat = goal_progress(&world.scores, ANN, start, &goal(500.0, 500.0), OCT, end);
    assert_eq!(
        (flat.progress, flat.status),
        (Some(1.0), GoalStatus::Achieved)
    );
    // ann's October revenue 1000 against 0 → 2400 is 41.7 %, behind the 49.6 % of the
    // time elapsed but within 10 points: on track. Against 0 → 2800 it is 35.7 %,
    // more than 10 points behind: off track.
    let behind = goal_progress(&world.scores, ANN, start, &goal(0.0, 2400.0), OCT, end);
    assert!((behind.progress.unwrap() - 1000.0 / 2400.0).abs() < 1e-12);
    assert_eq!(behind.status, GoalStatus::OnTrack);
    let far_behind = goal_progress(&world.scores, ANN, start, &goal(0.0, 2800.0), OCT, end);
    assert_eq!(far_behind.status, GoalStatus::OffTrack);
    // An unknown KPI has no value either.
    let mut unknown = goal(100.0, 500.0);
    unknown.kpi = "nope".into();
    let unknown = goal_progress(&world.scores, ANN, start, &unknown, OCT, end);
    assert_eq!(unknown.status, GoalStatus::NoData);
}

#[test]
fn the_focus_of_the_next_one_on_one_follows_the_weakest_area() {
    // ann, weekly 1:1s every Monday of October; her October revenue decides the
    // KPI status: 1000 green, 950 amber (≥ 0.9 × 1000), 500 red.
    let rhythm = plan(&[(Kind::OneOnOne, Frequency::Weekly)]);
    let mondays: Vec<Touchpoint> = [5, 12, 19, 26]
        .map(|d| one_on_one(date(2026, 10, d), ANN))
        .to_vec();
    let focus = |revenue: f64, held: &[Touchpoint]| {
        let rows = set(
            steady(),
            ANN,
            date(2026, 10, 1),
            [10.0, 1.0, 3000.0, 4.0, revenue],
        );
        let pulse = pulse_of(&log(rhythm, held.to_vec()), &world(rows));
        pulse.person(ANN, OCT).unwrap().focus
    };
    assert_eq!(focus(1000.0, &mondays), "strengths");
    assert_eq!(focus(950.0, &mondays), "reflection");
    assert_eq!(focus(500.0, &mondays), "challenges");
    // No 1:1 in the last two intervals (more than 14 days): the relationship first.
    assert_eq!(focus(500.0, &mondays[..2]), "relationship");
}

#[test]
fn coaching_effect_is_the_value_before_and_after_the_touchpoints_period() {
    // ann's revenue: September 1000, October 600, November 1100. A call review on
    // 7 October worked on revenue (and a KPI the book does not show); touchpoints in
    // the first and last period have no "before" or "after".
    let rows = set(
        steady(),
        ANN,
        date(2026, 10, 1),
        [10.0, 1.0, 3000.0, 4.0, 600.0],
    );
    let world = world(set(
        rows,
        ANN,
        date(2026, 11, 1),
        [10.0, 1.0, 3000.0, 4.0, 1100.0],
    ));
    let worked_on = |day: Date, people: &[usize]| {
        let mut t = touch(day, Kind::CallReview, people);
        t.kpis = vec!["revenue".into(), "nope".into()];
        t
    };
    let mut coaching = log(
        plan(&[]),
        vec![
            worked_on(date(2026, 10, 7), &[ANN, BOB]),
            worked_on(date(2026, 8, 3), &[ANN]),
            worked_on(date(2027, 1, 12), &[ANN]),
        ],
    );
    // Before the first period: no effect.
    coaching
        .touchpoints
        .insert(0, worked_on(date(2026, 7, 20), &[ANN]));
    let pulse = pulse_of(&coaching, &world);
    let revenue = world.scores.kpi_index("revenue").unwrap();
    let index = |day: Date| {
        coaching
            .touchpoints
            .iter()
            .position(|t| t.date == day)
            .unwrap()
    };
    let effect = |touchpoint, person, period, before, after| Effect {
        touchpoint,
        person,
        kpi: revenue,
        period,
        before,
        after,
    };
    assert_eq!(
        pulse.effects,
        [
            effect(index(date(2026, 8, 3)), ANN, AUG, None, Some(1000.0)),
            effect(
                index(date(2026, 10, 7)),
                ANN,
                OCT,
                Some(1000.0),
                Some(1100.0)
            ),
            effect(
                index(date(2026, 10, 7)),
                BOB,
                OCT,
                Some(1000.0),
                Some(1000.0)
            ),
            effect(index(date(2027, 1, 12)), ANN, JAN, Some(1000.0), None),
        ]
    );
    // Each person's touchpoints, in date order: the log is 20 July (ann), 1 August
    // (cid), 3 August (ann), 7 October (ann, bob), 12 January (ann).
    assert_eq!(pulse.touchpoints_of(ANN), [0, 2, 3, 4]);
    assert_eq!(pulse.touchpoints_of(BOB), [3]);
    assert_eq!(pulse.touchpoints_of(CID), [1]);
    assert_eq!(pulse.touchpoints_of(MIA), [] as [usize; 0]);
}
