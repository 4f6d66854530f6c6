//! Targets over time (issue 16): effective-dated values, quota spreadsheets, ramp,
//! joiners, leavers, days off, pace in a month in progress and bands — on the
//! `targets` book (tests/books/targets), against numbers worked out by hand below; and
//! the mistakes in targets, dates and days off as diagnostics.
//!
//! # The calendar (locale `pl`, monthly)
//!
//! - September 2026 (Tuesday 1st – Wednesday 30th): weekdays 1–4, 7–11, 14–18, 21–25,
//!   28–30 = 4 + 5 + 5 + 5 + 3 = **22**; no Polish public holiday.
//! - October 2026 (Thursday 1st – Saturday 31st): weekdays 1–2, 5–9, 12–16, 19–23,
//!   26–30 = 2 + 5 + 5 + 5 + 5 = 22; no public holiday; minus the company day off of
//!   plan.yaml, Friday 30 October = **21**.
//! - November 2026 (Sunday 1st – Monday 30th): weekdays 2–6, 9–13, 16–20, 23–27, 30 =
//!   21; All Saints' Day (1 November) is a Sunday, Independence Day (11 November) a
//!   Wednesday = **20**.
//! - The last day with data is Friday 13 November (dan's row), before November's last
//!   working day (Monday 30th): November is **in progress**; its working days up to the
//!   13th are 2–6, 9, 10, 12, 13 = **9**. September and October are complete.
//!
//! # Targets as written (team.yaml and targets/quotas.csv)
//!
//! - revenue: default 8000 (team.yaml, every period); ann `{2026-10: 10000, 2026-11:
//!   12000}` (a raise from November; before October her level gives nothing, so the
//!   default 8000 applies in September); bob 9000 from 2026-09 (a `rep` row of the
//!   CSV); team south 6000 from 2026-09 (a `team` row), for cid and dan.
//! - deals: default 4 (team.yaml, every period) and 5 from 2026-10 (a row with neither
//!   `rep` nor `team`): 4 in September, 5 from October.
//! - conversion: the default band 0.2..0.3 (team.yaml); team south `0.25..` from
//!   2026-10 (a CSV row): south's people and south itself have 0.2..0.3 in September and
//!   the floor 0.25.. from October. Bands are never shared, ramped or summed.
//! - ramp: [0.5, 0.75].
//!
//! # Each person: active days, share, ramp, target, expected
//!
//! Targets after share and ramp, and expected values, are kept to 4 decimals.
//!
//! - ann (north), days off Wednesday 14 October and 2–4 November (Monday–Wednesday):
//!   - Sep: 22 of 22; revenue 8000 (default), deals 4.
//!   - Oct: 21 − 1 = 20 of 21; revenue 10000 × 20/21 = 9523.809523… → 9523.8095;
//!     deals 5 × 20/21 = 4.761904… → 4.7619.
//!   - Nov: 20 − 3 = 17 of 20; revenue 12000 × 17/20 = 10200, deals 5 × 17/20 = 4.25;
//!     active by the 13th 9 − 3 = 6: expected 10200 × 6/17 = 3600, 4.25 × 6/17 = 1.5.
//! - bob (north), `end: 2026-10-16` (a Friday):
//!   - Sep: revenue 9000 (CSV), deals 4.
//!   - Oct: active 1–2, 5–9, 12–16 = 12 of 21; revenue 9000 × 12/21 = 5142.857142… →
//!     5142.8571; deals 5 × 12/21 = 2.857142… → 2.8571.
//!   - Nov: no active day: no target, no status (his deal of 5 November still counts in
//!     north's and the organisation's values).
//! - cid (south), `start: 2026-10-14` (a Wednesday):
//!   - Sep: not started, no data: rows with nothing in them.
//!   - Oct: ramp period 1 (0.5); active 14–16, 19–23, 26–29 = 3 + 5 + 4 = 12 of 21;
//!     revenue 6000 × 12/21 × 0.5 = 1714.285714… → 1714.2857; deals
//!     5 × 12/21 × 0.5 = 1.428571… → 1.4286.
//!   - Nov: ramp period 2 (0.75); 20 of 20; revenue 6000 × 0.75 = 4500, deals
//!     5 × 0.75 = 3.75; 9 of 20 gone: expected 4500 × 9/20 = 2025, 3.75 × 9/20 = 1.6875.
//! - dan (south), day off Friday 20 November (after the data end):
//!   - Sep: 6000, 4. Oct: 21 of 21: 6000, 5.
//!   - Nov: 19 of 20; revenue 6000 × 19/20 = 5700, deals 5 × 19/20 = 4.75; all 9
//!     working days to the 13th active: expected 5700 × 9/19 = 2700, 4.75 × 9/19 = 2.25.
//!
//! # Teams and the organisation: sums of the members' (rounded) targets
//!
//! - Sep: north 8000 + 9000 = 17000, deals 4 + 4 = 8; south 6000, 4 (cid not yet);
//!   organisation 23000, 12.
//! - Oct: north 9523.8095 + 5142.8571 = 14666.6666, deals 4.7619 + 2.8571 = 7.619;
//!   south 1714.2857 + 6000 = 7714.2857, deals 1.4286 + 5 = 6.4286; organisation
//!   14666.6666 + 7714.2857 = 22380.9523, deals 7.619 + 6.4286 = 14.0476.
//! - Nov: north = ann alone (bob has left): 10200 (expected 3600), 4.25 (1.5); south
//!   4500 + 5700 = 10200 (2025 + 2700 = 4725), 3.75 + 4.75 = 8.5 (1.6875 + 2.25 =
//!   3.9375); organisation 20400 (8325), 12.75 (5.4375).
//!
//! # Values (metrics/crm.csv: leads / deals / revenue) and statuses (amber 0.9)
//!
//! Higher is better: green ≥ reference, amber ≥ 0.9 × reference. A band: green inside
//! (edges included), amber below down to 0.9 × min or above up to max ÷ 0.9 (0.3 ÷ 0.9
//! = 0.333…), red beyond. In November the reference of revenue and deals is the
//! expected value.
//!
//! - September: ann 12 + 8 = 20 / 3 + 2 = 5 / 5000 + 3400 = 8400; bob 10 / 4 / 8700;
//!   dan 22 / 4 / 5000.
//!   - ann: 8400 ≥ 8000 green; 5 ≥ 4 green; 5/20 = 0.25 green; avg 8400/5 = 1680.
//!   - bob: 8700 < 9000 but ≥ 8100 amber; 4 green; 4/10 = 0.4 > 0.333 red; avg 2175.
//!   - dan (= south): 5000 < 5400 red; 4 green; 4/22 = 0.1818… < 0.2 but ≥ 0.18 amber;
//!     avg 1250.
//!   - north: 30 / 9 / 17100 ≥ 17000 green; 9 ≥ 8 green; 9/30 = 0.3, the band's max:
//!     green; avg 1900.
//!   - organisation: 52 / 13 / 22100 < 23000 but ≥ 20700 amber; 13 ≥ 12 green;
//!     13/52 = 0.25 green; avg 1700.
//! - October: ann 10 + 10 = 20 / 2 + 3 = 5 / 3600 + 5400 = 9000; bob 10 / 1 / 3600;
//!   cid 5 / 3 / 2400; dan 25 / 6 / 6600.
//!   - ann: 9000 < 9523.8095 but ≥ 8571.43 amber; 5 ≥ 4.7619 green; 0.25 green; 1800.
//!   - bob: 3600 < 0.9 × 5142.8571 = 4628.57 red; 1 < 2.5714 red; 0.1 < 0.18 red; 3600.
//!   - cid: 2400 ≥ 1714.2857 green; 3 ≥ 1.4286 green; 3/5 = 0.6 ≥ 0.25 (no ceiling)
//!     green; 800.
//!   - dan: 6600 ≥ 6000 green; 6 ≥ 5 green; 6/25 = 0.24 < 0.25 but ≥ 0.225 amber; 1100.
//!   - north: 30 / 6 / 12600 < 0.9 × 14666.6666 = 13199.99994 red; 6 < 0.9 × 7.619 =
//!     6.857 red; 6/30 = 0.2, the band's min: green; 2100.
//!   - south: 30 / 9 / 9000 ≥ 7714.2857 green; 9 ≥ 6.4286 green; 9/30 = 0.3 ≥ 0.25
//!     green; 1000.
//!   - organisation: 60 / 15 / 21600 < 22380.9523 but ≥ 20142.86 amber; 15 ≥ 14.0476
//!     green; 15/60 = 0.25 green; 1440.
//! - November (in progress): ann 16 / 5 / 3300; bob 4 / 1 / 300 (after his end);
//!   cid 10 / 2 / 1800; dan 10 / 2 / 2800.
//!   - ann: 3300 < 3600 but ≥ 3240 amber; 5 ≥ 1.5 green; 5/16 = 0.3125 > 0.3 but
//!     ≤ 0.333 amber; 660.
//!   - bob: no target, no status; 1 deal of 4 leads → conversion 0.25, avg 300.
//!   - cid: 1800 < 0.9 × 2025 = 1822.5 red; 2 ≥ 1.6875 green; 2/10 = 0.2 < 0.225 red;
//!     900.
//!   - dan: 2800 ≥ 2700 green — on pace, though far below the full 5700; 2 < 0.9 ×
//!     2.25 = 2.025 red; 0.2 red; 1400.
//!   - north (ann and bob's late deal): 20 / 6 / 3600 = expected 3600 green; 6 ≥ 1.5
//!     green; 6/20 = 0.3 green; 600.
//!   - south: 20 / 4 / 4600 < 4725 but ≥ 4252.5 amber; 4 ≥ 3.9375 green; 4/20 = 0.2
//!     < 0.225 red; 1150.
//!   - organisation: 40 / 10 / 8200 < 8325 but ≥ 7492.5 amber; 10 ≥ 5.4375 green;
//!     10/40 = 0.25 green; 820.

use std::fs;

use crate::common::{Book, assert_ok as ok, assert_stderr_has, files, snapshot, stderr};

/// A copy of the `targets` book.
fn book() -> Book {
    Book::copy("targets")
}

#[test]
fn data_csvs_match_the_hand_worked_targets() {
    let book = book();
    ok(&book.build(&["--all-periods"]));
    assert_eq!(
        book.read("public/data/2026-09.csv"),
        "scope,id,kpi,value,target,status,expected\n\
         organisation,organisation,avg_deal,1700,,,\n\
         organisation,organisation,conversion,0.25,0.2..0.3,green,\n\
         organisation,organisation,deals,13,12,green,\n\
         organisation,organisation,leads,52,,,\n\
         organisation,organisation,revenue,22100,23000,amber,\n\
         person,ann,avg_deal,1680,,,\n\
         person,ann,conversion,0.25,0.2..0.3,green,\n\
         person,ann,deals,5,4,green,\n\
         person,ann,leads,20,,,\n\
         person,ann,revenue,8400,8000,green,\n\
         person,bob,avg_deal,2175,,,\n\
         person,bob,conversion,0.4,0.2..0.3,red,\n\
         person,bob,deals,4,4,green,\n\
         person,bob,leads,10,,,\n\
         person,bob,revenue,8700,9000,amber,\n\
         person,cid,avg_deal,,,,\n\
         person,cid,conversion,,,,\n\
         person,cid,deals,,,,\n\
         person,cid,leads,,,,\n\
         person,cid,revenue,,,,\n\
         person,dan,avg_deal,1250,,,\n\
         person,dan,conversion,0.18181818181818182,0.2..0.3,amber,\n\
         person,dan,deals,4,4,green,\n\
         person,dan,leads,22,,,\n\
         person,dan,revenue,5000,6000,red,\n\
         team,north,avg_deal,1900,,,\n\
         team,north,conversion,0.3,0.2..0.3,green,\n\
         team,north,deals,9,8,green,\n\
         team,north,leads,30,,,\n\
         team,north,revenue,17100,17000,green,\n\
         team,south,avg_deal,1250,,,\n\
         team,south,conversion,0.18181818181818182,0.2..0.3,amber,\n\
         team,south,deals,4,4,green,\n\
         team,south,leads,22,,,\n\
         team,south,revenue,5000,6000,red,\n"
    );
    assert_eq!(
        book.read("public/data/2026-10.csv"),
        "scope,id,kpi,value,target,status,expected\n\
         organisation,organisation,avg_deal,1440,,,\n\
         organisation,organisation,conversion,0.25,0.2..0.3,green,\n\
         organisation,organisation,deals,15,14.0476,green,\n\
         organisation,organisation,leads,60,,,\n\
         organisation,organisation,revenue,21600,22380.9523,amber,\n\
         person,ann,avg_deal,1800,,,\n\
         person,ann,conversion,0.25,0.2..0.3,green,\n\
         person,ann,deals,5,4.7619,green,\n\
         person,ann,leads,20,,,\n\
         person,ann,revenue,9000,9523.8095,amber,\n\
         person,bob,avg_deal,3600,,,\n\
         person,bob,conversion,0.1,0.2..0.3,red,\n\
         person,bob,deals,1,2.8571,red,\n\
         person,bob,leads,10,,,\n\
         person,bob,revenue,3600,5142.8571,red,\n\
         person,cid,avg_deal,800,,,\n\
         person,cid,conversion,0.6,0.25..,green,\n\
         person,cid,deals,3,1.4286,green,\n\
         person,cid,leads,5,,,\n\
         person,cid,revenue,2400,1714.2857,green,\n\
         person,dan,avg_deal,1100,,,\n\
         person,dan,conversion,0.24,0.25..,amber,\n\
         person,dan,deals,6,5,green,\n\
         person,dan,leads,25,,,\n\
         person,dan,revenue,6600,6000,green,\n\
         team,north,avg_deal,2100,,,\n\
         team,north,conversion,0.2,0.2..0.3,green,\n\
         team,north,deals,6,7.619,red,\n\
         team,north,leads,30,,,\n\
         team,north,revenue,12600,14666.6666,red,\n\
         team,south,avg_deal,1000,,,\n\
         team,south,conversion,0.3,0.25..,green,\n\
         team,south,deals,9,6.4286,green,\n\
         team,south,leads,30,,,\n\
         team,south,revenue,9000,7714.2857,green,\n"
    );
    assert_eq!(
        book.read("public/data/2026-11.csv"),
        "scope,id,kpi,value,target,status,expected\n\
         organisation,organisation,avg_deal,820,,,\n\
         organisation,organisation,conversion,0.25,0.2..0.3,green,\n\
         organisation,organisation,deals,10,12.75,green,5.4375\n\
         organisation,organisation,leads,40,,,\n\
         organisation,organisation,revenue,8200,20400,amber,8325\n\
         person,ann,avg_deal,660,,,\n\
         person,ann,conversion,0.3125,0.2..0.3,amber,\n\
         person,ann,deals,5,4.25,green,1.5\n\
         person,ann,leads,16,,,\n\
         person,ann,revenue,3300,10200,amber,3600\n\
         person,bob,avg_deal,300,,,\n\
         person,bob,conversion,0.25,,,\n\
         person,bob,deals,1,,,\n\
         person,bob,leads,4,,,\n\
         person,bob,revenue,300,,,\n\
         person,cid,avg_deal,900,,,\n\
         person,cid,conversion,0.2,0.25..,red,\n\
         person,cid,deals,2,3.75,green,1.6875\n\
         person,cid,leads,10,,,\n\
         person,cid,revenue,1800,4500,red,2025\n\
         person,dan,avg_deal,1400,,,\n\
         person,dan,conversion,0.2,0.25..,red,\n\
         person,dan,deals,2,4.75,red,2.25\n\
         person,dan,leads,10,,,\n\
         person,dan,revenue,2800,5700,green,2700\n\
         team,north,avg_deal,600,,,\n\
         team,north,conversion,0.3,0.2..0.3,green,\n\
         team,north,deals,6,4.25,green,1.5\n\
         team,north,leads,20,,,\n\
         team,north,revenue,3600,10200,green,3600\n\
         team,south,avg_deal,1150,,,\n\
         team,south,conversion,0.2,0.25..,red,\n\
         team,south,deals,4,8.5,green,3.9375\n\
         team,south,leads,20,,,\n\
         team,south,revenue,4600,10200,amber,4725\n"
    );
}

#[test]
fn scorecards_say_active_days_ramp_and_pace() {
    // Polish pages; amounts with a no-break space before `zł` and in `10 200`.
    let book = book();
    ok(&book.build(&["--all-periods"]));
    let page = |rel: &str| book.read(&format!("public/reps/{rel}.html"));
    assert!(page("ann/2026-10").contains("Dni aktywne: 20 z 21 roboczych"));
    let ann = page("ann/2026-11");
    assert!(ann.contains("Dni aktywne: 17 z 20 roboczych"));
    assert!(
        ann.contains(
            "Blisko tempa: 3300\u{a0}zł przy oczekiwanych 3600\u{a0}zł do 13 listopada, \
             cel 10\u{a0}200\u{a0}zł"
        ),
        "ann's revenue is amber on pace"
    );
    assert!(page("bob/2026-10").contains("Dni aktywne: 12 z 21 roboczych"));
    assert!(
        page("cid/2026-10")
            .contains("Dni aktywne: 12 z 21 roboczych · Okres wdrożenia 1: cele na poziomie 50%")
    );
    let cid = page("cid/2026-11");
    assert!(cid.contains("Okres wdrożenia 2: cele na poziomie 75%"));
    assert!(!cid.contains("Dni aktywne"), "active every working day");
    assert!(cid.contains(
        "Poniżej tempa: 1800\u{a0}zł przy oczekiwanych 2025\u{a0}zł do 13 listopada, \
             cel 4500\u{a0}zł"
    ));
    let dan = page("dan/2026-11");
    assert!(dan.contains("Dni aktywne: 19 z 20 roboczych"));
    assert!(dan.contains(
        "W tempie: 2800\u{a0}zł przy oczekiwanych 2700\u{a0}zł do 13 listopada, cel 5700\u{a0}zł"
    ));
    // No ramp or part-time note for someone who worked every working day (September).
    let full = page("ann/2026-09");
    assert!(!full.contains("Dni aktywne") && !full.contains("Okres wdrożenia"));
}

#[test]
fn a_leaver_has_no_scorecard_pdf_or_email_after_leaving() {
    // bob left on 16 October; his deal of 5 November is data, but November has no
    // active day of his. cid joined on 14 October: nothing for September.
    let book = book();
    ok(&book.build(&["--all-periods", "--format", "html,pdf,email"]));
    let public = book.path("public");
    for present in [
        "reps/bob/2026-09.html",
        "reps/bob/2026-10.html",
        "pdf/2026-10/bob.pdf",
        "email/2026-10/bob.eml",
        "reps/ann/2026-11.html",
        "pdf/2026-11/ann.pdf",
        "email/2026-11/ann.eml",
        "reps/cid/2026-10.html",
        "pdf/2026-10/cid.pdf",
        "email/2026-10/cid.eml",
    ] {
        assert!(public.join(present).is_file(), "{present} is written");
    }
    for absent in [
        "reps/bob/2026-11.html",
        "reps/bob/index.html",
        "pdf/2026-11/bob.pdf",
        "email/2026-11/bob.eml",
        "email/2026-11/bob.html",
        "reps/cid/2026-09.html",
        "pdf/2026-09/cid.pdf",
        "email/2026-09/cid.eml",
    ] {
        assert!(!public.join(absent).exists(), "{absent} is not written");
    }
    // Nothing links to a scorecard that is not there.
    for (name, bytes) in snapshot(&public) {
        if name.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                !html.contains("bob/2026-11.html"),
                "{name} links bob's November"
            );
            assert!(!html.contains("bob/index.html"), "{name} links bob's index");
        }
    }
    // November's e-mails go to the people active in it only.
    assert_eq!(
        files(&public.join("email/2026-11"))
            .into_iter()
            .filter(|f| f.ends_with(".eml"))
            .collect::<Vec<_>>(),
        ["ann.eml", "cid.eml", "dan.eml"]
    );
}

#[test]
fn an_action_done_after_the_period_counts_as_open_in_it() {
    // ann's monthly 1:1 of 1 October (the log's first day) agreed three actions due
    // 20 October: one done on 5 November, one done on 30 October, one never done.
    // - October (complete: the pulse is taken on the 31st): planned 1 (the slot of
    //   1 October), held 1; 30 days since the 1:1 (≤ 30 + 3); overdue: the one done on
    //   5 November (open on the 31st) and the one never done = 2 → amber (coverage
    //   100 %, fewer than 3 overdue).
    // - November (in progress: taken on the 13th): planned 1 (1 November), held 0 →
    //   coverage 0 → red; 30 days to 31 October + 13 = 43 days since the 1:1 (amber on
    //   its own: > 33, ≤ 60); overdue: only the one never done = 1 (the other was done
    //   on the 5th).
    let book = book();
    book.write(
        "coaching/log.yaml",
        "rhythm:\n  one_on_one: monthly\n\
         touchpoints:\n\
         \x20 - date: 2026-10-01\n\
         \x20   kind: one_on_one\n\
         \x20   person: ann\n\
         \x20   led_by: mia-boss\n\
         \x20   actions:\n\
         \x20     - { text: Send the pilot offer, owner: ann, due: 2026-10-20, done: 2026-11-05 }\n\
         \x20     - { text: Update the pipeline, owner: ann, due: 2026-10-20, done: 2026-10-30 }\n\
         \x20     - { text: Call back the stalled leads, owner: ann, due: 2026-10-20 }\n",
    );
    ok(&book.build(&["--all-periods"]));
    let october = book.read("public/data/2026-10-pulse.csv");
    assert!(
        october.starts_with(
            "person,held,planned,days_since_one_on_one,overdue_actions,status\n\
             ann,1,1,30,2,amber\n"
        ),
        "{october}"
    );
    let november = book.read("public/data/2026-11-pulse.csv");
    assert!(
        november.starts_with(
            "person,held,planned,days_since_one_on_one,overdue_actions,status\n\
             ann,0,1,43,1,red\n"
        ),
        "{november}"
    );
}

/// Builds the book, then applies `change` and builds again: exit status 1, the last
/// good output untouched; the diagnostics.
fn fails_after(change: impl FnOnce(&Book)) -> String {
    let book = book();
    ok(&book.build(&[]));
    let before = snapshot(&book.path("public"));
    change(&book);
    let out = book.build(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        snapshot(&book.path("public")) == before,
        "the last good output is untouched"
    );
    err
}

/// The team.yaml mistakes: a period key of the wrong kind, keys out of order, `end`
/// before `start`, a day off outside start–end, a ramp fraction outside 0–2.
fn break_team_yaml(book: &Book) {
    book.edit(
        "team.yaml",
        "    end: 2026-10-16\n",
        "    end: 2026-10-16\n    start: 2026-10-19\n",
    );
    book.edit(
        "team.yaml",
        "    start: 2026-10-14\n",
        "    start: 2026-10-14\n    days_off: [2026-10-12]\n",
    );
    book.edit(
        "team.yaml",
        "revenue: { 2026-10: 10000, 2026-11: 12000 }",
        "revenue: { 2026-11: 12000, 2026-10: 10000 }\n      deals: { 2026-Q4: 6 }",
    );
    book.edit("team.yaml", "ramp: [0.5, 0.75]", "ramp: [0.5, 2.5]");
}

/// The quota-spreadsheet mistakes: a period of the wrong kind, an unknown person, team
/// and KPI, and a value team.yaml gives too (ann's revenue from 2026-10, at
/// team.yaml:37:18).
fn break_quotas(book: &Book) {
    book.append(
        "targets/quotas.csv",
        "2026-Q4,dan,,revenue,7000\n\
         2026-10,bbo,,revenue,7000\n\
         2026-10,,sotuh,revenue,7000\n\
         2026-10,,,revenu,7000\n\
         2026-10,ann,,revenue,11000\n",
    );
}

/// What [`break_team_yaml`] reports.
const TEAM_YAML_ERRORS: [&str; 5] = [
    "error: `end` 2026-10-16 is before `start` 2026-10-19\n  --> team.yaml:22:10\n",
    "error: day off `2026-10-12` is outside the person's time with the team (from 2026-10-14)\n  --> team.yaml:29:16\n",
    "error: `2026-10` comes after `2026-11`: periods must be in order\n  --> team.yaml:39:34\n",
    "error: `2026-Q4` is a quarter, but the book's periods are months\n  --> team.yaml:40:16\n",
    "error: ramp fraction 2.5 is outside 0–2\n  --> team.yaml:41:15\n",
];

/// Their hints, in the same order.
const TEAM_YAML_HINTS: [&str; 5] = [
    "= help: `start` is the first day with the team, `end` the last",
    "= help: days off fall between `start` and `end`; check the dates",
    "= help: list each period once, from the earliest",
    "= help: write months as YYYY-MM, e.g. 2026-07",
    "= help: write each period's share of the full target, e.g. [0.25, 0.5, 0.75]",
];

/// What [`break_quotas`] reports (the rows are lines 6–10).
const QUOTA_ERRORS: [&str; 5] = [
    "error: `2026-Q4` is a quarter, but the book's periods are months\n --> targets/quotas.csv:6:1\n",
    "error: unknown person `bbo`\n --> targets/quotas.csv:7:9\n",
    "error: unknown team `sotuh`\n --> targets/quotas.csv:8:10\n",
    "error: target for unknown KPI `revenu`\n --> targets/quotas.csv:9:11\n",
    "error: the target of `revenue` for `2026-10` is given twice\n  --> targets/quotas.csv:10:22\n",
];

const QUOTA_HINTS: [&str; 5] = [
    "= help: write months as YYYY-MM, e.g. 2026-07",
    "= help: did you mean `bob`?",
    "= help: did you mean `south`?",
    "= help: did you mean `revenue`?",
    "= help: it is also given at team.yaml:37:18; keep one of them",
];

#[test]
fn mistakes_in_team_yaml_targets_and_dates_are_all_reported_at_once() {
    let err = fails_after(break_team_yaml);
    assert_stderr_has_all(&err, &TEAM_YAML_ERRORS);
    assert_stderr_has_all(&err, &TEAM_YAML_HINTS);
    assert!(err.contains("the book has 5 errors"), "{err}");
}

#[test]
fn mistakes_in_quota_spreadsheets_are_all_reported_at_once() {
    let err = fails_after(break_quotas);
    assert_stderr_has_all(&err, &QUOTA_ERRORS);
    assert_stderr_has_all(&err, &QUOTA_HINTS);
    assert!(err.contains("the book has 5 errors"), "{err}");
}

#[test]
fn mistakes_in_team_yaml_and_spreadsheets_are_reported_in_one_run() {
    // The contract: all problems of a run are reported together.
    let err = fails_after(|book| {
        break_team_yaml(book);
        break_quotas(book);
    });
    assert_stderr_has_all(&err, &TEAM_YAML_ERRORS);
    // ann's 2026-10 key in team.yaml is now out of order, so it is dropped (its own
    // error) and the spreadsheet's 2026-10 row no longer repeats it: 5 + 4 errors.
    assert_stderr_has_all(&err, &QUOTA_ERRORS[..4]);
    assert!(!err.contains("given twice"), "{err}");
    assert!(err.contains("the book has 9 errors"), "{err}");
}

#[test]
fn the_same_quota_in_two_rows_names_both() {
    let book = book();
    book.write(
        "targets/south.csv",
        "kpi;team;period;target\nrevenue;south;2026-09;6500\n",
    );
    let out = book.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    // quotas.csv is read before south.csv (files in name order): the later row is the error.
    assert_stderr_has(
        &out,
        &[
            "error: the target of `revenue` for `2026-09` is given twice\n --> targets/south.csv:2:23\n",
            "= help: it is also given at targets/quotas.csv:3:24; keep one of them",
        ],
    );
}

/// Asserts that `err` holds each of `expected`.
fn assert_stderr_has_all(err: &str, expected: &[&str]) {
    for text in expected {
        assert!(err.contains(text), "missing `{text}` in\n{err}");
    }
}

#[test]
fn the_book_builds_without_its_quota_spreadsheets_too() {
    // Without targets/, bob, cid and dan fall back to the default: bob's September
    // revenue target is 8000 (no CSV row), dan's deals stay 4 in October.
    let book = book();
    fs::remove_dir_all(book.path("targets")).unwrap();
    ok(&book.build(&["--all-periods"]));
    let sept = book.read("public/data/2026-09.csv");
    assert!(
        sept.contains("person,bob,revenue,8700,8000,green,\n"),
        "{sept}"
    );
    let oct = book.read("public/data/2026-10.csv");
    assert!(oct.contains("person,dan,deals,6,4,green,\n"), "{oct}");
    assert!(
        oct.contains("person,dan,conversion,0.24,0.2..0.3,green,\n"),
        "{oct}"
    );
}
