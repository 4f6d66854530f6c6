//! Loading a coaching log, and the mistakes it reports.

use std::path::{Path, PathBuf};

use super::*;
use crate::base::diag::{Diagnostic, Diagnostics};

const TEAM: &str = "teams:\n  - id: north\n    name: North\n    manager: mia\npeople:\n  - id: mia\n    name: Mia\n    role: manager\n  - id: ann\n    name: Ann\n    team: north\n  - id: bob\n    name: Bob\n    team: north\n";

fn run(text: &str) -> (Coaching, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new();
    let roster = crate::load::team::load(
        Path::new("team.yaml"),
        TEAM,
        Some(crate::base::period::PeriodKind::Month),
        &mut diags,
    )
    .unwrap();
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

    let (_, d) = run("touchpoints:\n  - date: 2026-10-06\n    kind: coaching\n    led_by: mia\n");
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
