//! The coaching log → pulse figures, goal progress, coaching effect, the 1:1 agenda,
//! privacy, and diagnostics for bad entries.
//!
//! The `coaching` book (tests/books/coaching) is the tiny book with coaching/log.yaml
//! and a row of zeros on 31 October that closes the month, so the pulse is taken on its
//! last day. By hand, with data through 31 October (October 2026: Thursday the 1st;
//! Mondays 5, 12, 19, 26; ISO weeks 41–44, so the even-week Mondays are the 12th and
//! 26th; the log starts 2026-09-01 with the mentoring):
//! - ann (north: weekly 1:1, monthly call review): planned 4 + 1 = 5; held four 1:1s,
//!   a call review and the team meeting = 6; coverage (4 + 1) / 5 = 100 %; last 1:1 on
//!   the 26th → 5 days; the action due 23 October is open → 1 overdue → amber.
//! - bob (north, and a mentee, monthly): planned 4 + 1 + 1 = 6; held a 1:1 (1st), a
//!   coaching session and the team meeting = 3; coverage 1 / 6; last 1:1 30 days ago
//!   → red.
//! - cid (calls: biweekly 1:1, monthly call review): planned 2 + 1 = 3; held one 1:1
//!   (13th) → coverage 1 / 3 < 50 % → red; 18 days since the 1:1.
//! - September for ann: Mondays 7, 14, 21, 28 → planned 4 + 1 = 5, held one 1:1 (7th),
//!   coverage 1 / 5 → red, 23 days since it; the action due 14 September is done.
//! - bob's goal: revenue from 100 to 500 by 2026-12-31; October revenue 200 → progress
//!   (200 − 100) / 400 = 25 %; elapsed 1 Sep → 31 Oct = 60 of 121 days = 49.6 %;
//!   25 % < 49.6 − 10 → off track.
//! - ann's conversion: September 3 / 20 = 15.0 %, October 3 / 12 = 25.0 %; so the
//!   7 September 1:1 shows — before (no August) and 25.0 % after, the 7 October call
//!   review 15.0 % before and — after (November has not come).

use std::fs;

use crate::common::{Book, assert_ok as ok, assert_stderr_has, stderr};

#[test]
fn pulse_figures_match_the_hand_worked_numbers() {
    let book = Book::copy("coaching");
    ok(&book.build(&["--all-periods"]));
    assert_eq!(
        book.read("public/data/2026-10-pulse.csv"),
        "person,held,planned,days_since_one_on_one,overdue_actions,status\n\
         ann,6,5,5,1,amber\n\
         bob,3,6,30,0,red\n\
         cid,1,3,18,0,red\n"
    );
    let september = book.read("public/data/2026-09-pulse.csv");
    assert!(september.contains("ann,1,5,23,0,red\n"), "{september}");
}

#[test]
fn scorecards_show_development_agenda_and_goal_progress() {
    let book = Book::copy("coaching");
    ok(&book.build(&[]));
    let bob = book.read("public/reps/bob/2026-10.html");
    // Goal progress: 25 % against 50 % of the time elapsed → off track.
    assert!(bob.contains("style=\"width: 25%\""), "progress bar");
    assert!(bob.contains("style=\"left: 50%\""), "expected marker");
    assert!(bob.contains("Off track"));
    assert!(bob.contains("Grow monthly revenue"));
    // The agenda: the goal off track and, 30 days without a 1:1, relationship questions.
    let agenda = &bob[bob.find("class=\"agenda\"").unwrap()..];
    assert!(agenda.contains("Goals off track"));
    assert!(agenda.contains("Starting and building the relationship"));
    assert_eq!(
        agenda[..agenda.find("</ol>").unwrap()]
            .matches("?</li>")
            .count(),
        3,
        "three opening questions"
    );
    // bob's red KPIs are on his agenda (revenue 200 vs 800, conversion 10 %).
    assert!(agenda.contains("Revenue: €200.00"));

    let ann = book.read("public/reps/ann/2026-10.html");
    assert!(
        ann.contains("The renewal call with Delta Systems"),
        "own feedback"
    );
    assert!(
        ann.contains("Update the pipeline stages in the CRM"),
        "open action"
    );
    assert!(ann.contains("Overdue"));
    assert!(
        !ann.contains("Call back the stalled leads"),
        "done actions are not open"
    );
    // The coaching effect: the value in the period before the touchpoint's period and
    // in the one after, for touchpoints whose "after" period has come. The 7 October
    // call review waits for November.
    let effects = &ann[ann.find("Coaching and the KPIs").unwrap()..];
    let row = |date: &str| {
        let row = &effects[effects.find(date).unwrap()..];
        row[..row.find("</tr>").unwrap()].to_string()
    };
    assert!(!effects.contains("7 October 2026"));
    // The 7 September 1:1: no August data, October 25.0 %.
    let september = row("7 September 2026");
    assert!(
        september.contains(">—<") && september.contains(">25.0%<"),
        "{september}"
    );
}

#[test]
fn feedback_and_actions_stay_on_the_persons_own_scorecard() {
    let book = Book::copy("coaching");
    ok(&book.build(&[]));
    let private = [
        "The renewal call with Delta Systems",
        "summarised the objections",
        "Update the pipeline stages",
        "Grow monthly revenue",
        "Own the onboarding",
    ];
    for page in [
        "index.html",
        "teams/north.html",
        "teams/calls.html",
        "pulse.html",
        "reps/bob/2026-10.html",
        "reps/cid/2026-10.html",
    ] {
        let html = book.read(&format!("public/{page}"));
        for text in private {
            let own = (page.contains("bob") && text.contains("onboarding"))
                || (page.contains("bob") && text.contains("Grow monthly"));
            if !own {
                assert!(!html.contains(text), "{page} shows `{text}`");
            }
        }
    }
    // The pulse page has the counts and statuses.
    let pulse = book.read("public/pulse.html");
    assert!(pulse.contains("Overdue for a 1:1"));
    assert!(pulse.contains("Bob Baker"));
    assert!(pulse.contains("30 days"));
    assert!(pulse.contains("class=\"held\""));
    assert!(pulse.contains(" missed"));
}

#[test]
fn bad_coaching_entries_are_diagnostics() {
    let book = Book::copy("coaching");
    ok(&book.build(&[]));
    let before = fs::read(book.path("public/pulse.html")).unwrap();
    book.edit(
        "coaching/log.yaml",
        "kind: one_on_one, person: bob,",
        "kind: one_on_one, person: bobb,",
    );
    let owner = "{ text: \"Update the pipeline stages in the CRM\", owner: ann, due: 2026-10-23 }";
    let no_owner = "{ text: \"Update the pipeline stages in the CRM\", due: 2026-10-23 }";
    book.edit("coaching/log.yaml", owner, no_owner);
    book.write(
        "coaching/mentoring.yaml",
        "mentoring:\n  - mentor: mia-boss\n    mentee: ann\n    start: 2026-09-01\n    frequency: biweekly\n    goals:\n      - { text: x, kpi: convrsion, baseline: 0.1, target: 0.3, by: 2026-12-31 }\n",
    );
    let out = book.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_has(
        &out,
        &[
            "error: missing required key `owner`\n  --> coaching/log.yaml:33:58",
            "error: unknown KPI `convrsion`\n --> coaching/mentoring.yaml:7:25",
            "did you mean `conversion`?",
        ],
    );
    // The owner error stops the parse of log.yaml; fix it and the unknown person shows.
    book.edit("coaching/log.yaml", no_owner, owner);
    let out = book.build(&[]);
    let err = stderr(&out);
    assert!(
        err.contains("error: unknown person `bobb`\n  --> coaching/log.yaml:36:51"),
        "{err}"
    );
    assert!(err.contains("did you mean `bob`?"));
    // Nothing of the last good output was touched.
    assert_eq!(fs::read(book.path("public/pulse.html")).unwrap(), before);
}

#[test]
fn a_period_in_progress_is_measured_up_to_its_last_day_with_data() {
    // Without the closing row the data end on Tuesday 6 October. As of that day ann has
    // one weekly slot (Monday the 5th) and the monthly call review planned = 2; held the
    // 1:1 and the team meeting of the 5th = 2 (the call review of the 7th is later);
    // coverage (1 + 0) / 2 = 50 %, not under 50 % but under 80 % → amber; 1 day since
    // the 1:1; the action due on the 23rd was agreed later, so none overdue.
    let book = Book::copy("coaching");
    book.edit("metrics/crm.csv", "2026-10-31,ann,0,0,0\n", "");
    ok(&book.build(&[]));
    let csv = book.read("public/data/2026-10-pulse.csv");
    assert!(csv.contains("\nann,2,2,1,0,amber\n"), "{csv}");
}
