//! The pipeline (issue 17): open deals of a HubSpot deals export in two dated
//! snapshots a month apart — open deals and amounts, the probability-weighted sum, the
//! amount closing next month and its coverage, the slipped and the stale deal, and the
//! coverage of a month in progress — on the `pipeline` book (tests/books/pipeline),
//! against numbers worked out by hand below; that closed deals found in both snapshots
//! count once; and the mistakes of a deals export as located diagnostics.
//!
//! # The book
//!
//! `en`, USD, monthly, time zone UTC (the default for `en`). Teams north (ann, bob) and
//! south (cid, dan); nobody has a start, end or day off, so every share of active days
//! is 1 and a target after share and ramp is the written one.
//!
//! Revenue targets (team.yaml): default `{2026-01: 5000, 2026-12: 6000}`, ann
//! `{2026-01: 4000, 2026-12: 5000}`, cid 2000 in every month.
//!
//! | month    | ann  | bob  | cid  | dan  | north | south | organisation |
//! |----------|-----:|-----:|-----:|-----:|------:|------:|-------------:|
//! | November | 4000 | 5000 | 2000 | 5000 |  9000 |  7000 |        16000 |
//! | December | 5000 | 6000 | 2000 | 6000 | 11000 |  8000 |        19000 |
//!
//! # The export: metrics/hubspot-deals-2026-10-20.csv and …-2026-11-20.csv
//!
//! HubSpot's columns `Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,
//! Create Date,Deal probability,Forecast category`, UTF-8 with a BOM; the stages and
//! probabilities of HubSpot's default pipeline (Appointment Scheduled 20, Qualified To
//! Buy 40, Presentation Scheduled 60, Decision Maker Bought-In 80, Contract Sent 90);
//! closed deals carry `Closed won` / `Not forecasted` as HubSpot writes them. The
//! November file holds every deal of the October one (closed deals unchanged) and the
//! deals created since. Snapshot days: 20 October (A) and 20 November (B).
//!
//! Closed deals (created → closed, cycle in days; "both" = in A and B, "B" = closed
//! after A, open in A):
//!
//! | id   | owner | outcome          | created    | closed     | days | in   |
//! |------|-------|------------------|------------|------------|-----:|------|
//! | 1001 | ann   | won 6000         | 2026-08-03 | 2026-08-24 |   21 | both |
//! | 1002 | ann   | won 8000         | 2026-09-01 | 2026-09-30 |   29 | both |
//! | 1003 | bob   | won 5000         | 2026-08-10 | 2026-09-08 |   29 | both |
//! | 1004 | bob   | lost             | 2026-09-02 | 2026-09-25 |      | both |
//! | 1005 | ann   | won 7000         | 2026-09-14 | 2026-10-05 |   21 | both |
//! | 1006 | ann   | won 9000         | 2026-10-01 | 2026-10-29 |   28 | B    |
//! | 1007 | bob   | lost             | 2026-10-06 | 2026-11-03 |      | B    |
//! | 2001 | cid   | won 4000         | 2026-08-03 | 2026-08-13 |   10 | both |
//! | 2002 | dan   | won 5000         | 2026-09-07 | 2026-09-21 |   14 | both |
//! | 2003 | dan   | won 6000         | 2026-09-21 | 2026-10-12 |   21 | both |
//! | 2004 | dan   | won 3000         | 2026-10-19 | 2026-11-12 |   24 | B    |
//! | 2005 | cid   | won 3000         | 2026-10-26 | 2026-11-18 |   23 | B only (created after A) |
//! | 2006 | cid   | lost (no amount) | 2026-09-15 | 2026-10-02 |      | both |
//! | 3001 | —     | won 1500         | 2026-09-10 | 2026-09-17 |    7 | both |
//!
//! The last day with data is Wednesday 18 November (2005 won): November is in progress.
//!
//! Average sales cycle (cycle_days_sum ÷ deals over every won deal up to the period):
//! - north: 21 + 29 + 29 + 21 + 28 = 128 over 5 = 25.6 days → stale above 51.2 days.
//! - south: 10 + 14 + 21 + 24 + 23 = 92 over 5 = 18.4 days → stale above 36.8 days
//!   (in November; in October, without 2004 and 2005: 45 / 3 = 15 → 30 days).
//! - organisation (for 3101, no team): 128 + 92 + 7 = 227 over 11 = 20.64 → 41.3 days.
//!
//! # November: snapshot B (20 November), compared with A
//!
//! Open deals in B: amount × probability = weighted; "next" closes in December,
//! "closing" by 30 November (overdue included); age = days from creation to 20
//! November; the close date in A where the deal was there:
//!
//! - 1101 ann, Birch Dental - Pro annual: 10000 × 60 % = 6000; 15 December, next; in A
//!   27 November (and 12000): **slipped**, November → December, for 10000 (the amount
//!   now); age 46 ≤ 51.2.
//! - 1102 ann, Juniper Law - Growth annual: 5000 × 80 % = 4000; 27 November, closing;
//!   age 18.
//! - 1103 bob, Cedar Logistics - Growth annual: 4000 × 20 % = 800; 30 November,
//!   closing; in A 31 December (pulled in: not slipped); age 123 > 51.2: **stale**.
//! - 1104 bob, Elm Street Florist - Starter annual: **no amount** (0) × 20 % = 0;
//!   10 December, next (adds 0); age 11.
//! - 2101 cid, Fir Grove Fitness - Pro annual: 7000 × 40 % = 2800; 4 December, next;
//!   in A 4 December too; age 35.
//! - 2104 cid, Hazel Roofing - Payroll add-on: 1000 × 60 % = 600; 13 November, overdue,
//!   closing; age 30.
//! - 2102 dan, Maple Vet - Growth annual: 2500.5 × 60 % = 1500.3; 24 November, closing;
//!   age 17.
//! - 2103 dan, Oak Realty - Pro annual: 8000 × 20 % = 1600; 18 December, next; in A
//!   4 December (later, but the same month: not slipped); age 36 ≤ 36.8: not stale.
//! - 3101 no owner, Pine Pharmacy - Starter annual: 2000 × 40 % = 800; 1 December,
//!   next; the organisation's only; age 4.
//!
//! Per scope (coverage_next = next ÷ December's target):
//! - ann: 2 deals, 10000 + 5000 = 15000, weighted 6000 + 4000 = 10000, next 10000,
//!   coverage_next 10000 / 5000 = 2, slipped 1 (1101) for 10000, stale 0.
//! - bob: 2, 4000 + 0 = 4000, 800 + 0 = 800, next 0 (1104 has no amount), 0 / 6000 = 0,
//!   slipped 0 / 0, stale 1 (1103).
//! - cid: 2, 7000 + 1000 = 8000, 2800 + 600 = 3400, next 7000, 7000 / 2000 = 3.5, 0 / 0,
//!   stale 0.
//! - dan: 2, 2500.5 + 8000 = 10500.5, 1500.3 + 1600 = 3100.3, next 8000,
//!   8000 / 6000 = 1.3333333333333333, 0 / 0, stale 0.
//! - north (ann + bob): 4, 19000, 10800, next 10000, 10000 / 11000 = 0.9090909090909091,
//!   slipped 1 / 10000, stale 1.
//! - south (cid + dan): 4, 18500.5, 6500.3, next 15000, 15000 / 8000 = 1.875, 0 / 0,
//!   stale 0.
//! - organisation (all nine, 3101 too): 9, 19000 + 18500.5 + 2000 = 39500.5,
//!   10800 + 6500.3 + 800 = 18100.3, next 10000 + 15000 + 2000 = 27000,
//!   27000 / 19000 = 1.4210526315789473, slipped 1 / 10000, stale 1.
//!
//! Coverage of November in progress = closing ÷ (November's target − revenue won in
//! November so far; won: cid 3000 (2005), dan 3000 (2004)):
//! - ann 5000 / (4000 − 0) = 1.25; bob 4000 / 5000 = 0.8; cid 1000 / (2000 − 3000):
//!   target already met, no coverage; dan 2500.5 / (5000 − 3000) = 1.25025.
//! - north (5000 + 4000) / 9000 = 1; south (1000 + 2500.5) / (7000 − 6000) = 3.5005;
//!   organisation 12500.5 / (16000 − 6000) = 1.25005.
//!
//! # October: snapshot A (20 October), no snapshot before it
//!
//! October is complete (no coverage); slipped needs two snapshots: empty. Open deals
//! in A ("next" = closes in November):
//! - ann: 1006 9000 × 90 % = 8100, closes 30 October; 1101 12000 × 40 % = 4800, next.
//! - bob: 1007 2000 × 40 % = 800, next; 1103 4000 × 20 % = 800, closes 31 December,
//!   age 92 > 2 × 25.6: stale.
//! - cid: 2101 7000 × 20 % = 1400, closes in December.
//! - dan: 2004 3000 × 60 % = 1800, next; 2103 8000 × 20 % = 1600, December.
//!
//! - ann: 2, 21000, 12900, next 12000, 12000 / 4000 = 3, stale 0.
//! - bob: 2, 6000, 1600, next 2000, 2000 / 5000 = 0.4, stale 1.
//! - cid: 1, 7000, 1400, next 0, 0 / 2000 = 0, stale 0.
//! - dan: 2, 11000, 3400, next 3000, 3000 / 5000 = 0.6, stale 0.
//! - north: 4, 27000, 14500, next 14000, 14000 / 9000 = 1.5555555555555556, stale 1.
//! - south: 3, 18000, 4800, next 3000, 3000 / 7000 = 0.42857142857142855, stale 0.
//! - organisation: 7, 45000, 19300, next 17000, 17000 / 16000 = 1.0625, stale 1.
//!
//! # Closed deals once, though most are in both files
//!
//! From the latest snapshot that has each deal (revenue / deals won / opportunities by
//! create date):
//! - August: ann 6000 / 1; cid 4000 / 1; organisation 10000 / 2, opportunities 3.
//! - September: ann 8000; bob 5000 (and 1004 lost: close rate 0.5); dan 5000; 3001
//!   1500 for the organisation only: 19500 / 4, opportunities 7 (1002, 1004, 1005,
//!   2002, 2003, 2006, 3001) → win rate 4 / 7.
//! - October: ann 7000 + 9000 = 16000 / 2 with 2 opportunities (1006, 1101) → win rate
//!   1, cycle (21 + 28) / 2 = 24.5 days; dan 6000 / 1; organisation 22000 / 3 with 8
//!   opportunities (1006, 1101, 1007, 2004, 2005, 2101, 2103, 2104) → 0.375.
//! - November: cid 3000, dan 3000; organisation 6000 / 2.
//!
//! Counted twice (once per file), ann's October would be 23000 and the organisation's
//! September 39000.

use std::collections::BTreeMap;

use crate::common::{Book, assert_ok as ok, snapshot, stderr};

/// A copy of the `pipeline` book.
fn book() -> Book {
    Book::copy("pipeline")
}

/// The November snapshot.
const NOVEMBER: &str = "metrics/hubspot-deals-2026-11-20.csv";

const HEADER: &str = "scope,id,open_deals,open_amount,weighted_amount,next_amount,coverage_next,slipped_deals,slipped_amount,stale_deals\n";

#[test]
fn november_pipeline_csv_matches_the_hand_worked_figures() {
    let book = book();
    ok(&book.build(&["--all-periods"]));
    assert_eq!(
        book.read("public/data/2026-11-pipeline.csv"),
        format!(
            "{HEADER}\
             organisation,organisation,9,39500.5,18100.3,27000,1.4210526315789473,1,10000,1\n\
             person,ann,2,15000,10000,10000,2,1,10000,0\n\
             person,bob,2,4000,800,0,0,0,0,1\n\
             person,cid,2,8000,3400,7000,3.5,0,0,0\n\
             person,dan,2,10500.5,3100.3,8000,1.3333333333333333,0,0,0\n\
             team,north,4,19000,10800,10000,0.9090909090909091,1,10000,1\n\
             team,south,4,18500.5,6500.3,15000,1.875,0,0,0\n"
        )
    );
}

#[test]
fn october_shows_its_own_snapshot_without_slipped_deals() {
    let book = book();
    ok(&book.build(&["--all-periods"]));
    assert_eq!(
        book.read("public/data/2026-10-pipeline.csv"),
        format!(
            "{HEADER}\
             organisation,organisation,7,45000,19300,17000,1.0625,,,1\n\
             person,ann,2,21000,12900,12000,3,,,0\n\
             person,bob,2,6000,1600,2000,0.4,,,1\n\
             person,cid,1,7000,1400,0,0,,,0\n\
             person,dan,2,11000,3400,3000,0.6,,,0\n\
             team,north,4,27000,14500,14000,1.5555555555555556,,,1\n\
             team,south,3,18000,4800,3000,0.42857142857142855,,,0\n"
        )
    );
    // A month without a snapshot has no pipeline.
    for period in ["2026-07", "2026-08", "2026-09"] {
        assert!(
            !book
                .path(&format!("public/data/{period}-pipeline.csv"))
                .exists(),
            "{period} has no snapshot"
        );
    }
}

/// `data/<period>.csv` of the built book as (scope id, kpi) → value.
fn values(book: &Book, period: &str) -> BTreeMap<(String, String), String> {
    book.read(&format!("public/data/{period}.csv"))
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            ((f[1].to_string(), f[2].to_string()), f[3].to_string())
        })
        .collect()
}

#[test]
fn closed_deals_in_both_snapshots_count_once() {
    let book = book();
    ok(&book.build(&["--all-periods"]));
    let expect = |period: &str, rows: &[(&str, &str, &str)]| {
        let v = values(&book, period);
        for (id, kpi, want) in rows {
            let got = v.get(&(id.to_string(), kpi.to_string()));
            assert_eq!(got.map(String::as_str), Some(*want), "{period} {id} {kpi}");
        }
    };
    expect(
        "2026-08",
        &[
            ("ann", "revenue", "6000"),
            ("cid", "revenue", "4000"),
            ("organisation", "revenue", "10000"),
            ("organisation", "deals", "2"),
        ],
    );
    expect(
        "2026-09",
        &[
            ("ann", "revenue", "8000"),
            ("bob", "revenue", "5000"),
            ("bob", "close_rate", "0.5"),
            ("dan", "revenue", "5000"),
            ("north", "revenue", "13000"),
            ("organisation", "revenue", "19500"),
            ("organisation", "deals", "4"),
            ("organisation", "win_rate", "0.5714285714285714"),
        ],
    );
    expect(
        "2026-10",
        &[
            ("ann", "revenue", "16000"),
            ("ann", "deals", "2"),
            ("ann", "win_rate", "1"),
            ("ann", "cycle_days", "24.5"),
            ("dan", "revenue", "6000"),
            ("north", "revenue", "16000"),
            ("organisation", "revenue", "22000"),
            ("organisation", "deals", "3"),
            ("organisation", "win_rate", "0.375"),
        ],
    );
    expect(
        "2026-11",
        &[
            ("cid", "revenue", "3000"),
            ("dan", "revenue", "3000"),
            ("south", "revenue", "6000"),
            ("organisation", "revenue", "6000"),
            ("organisation", "deals", "2"),
        ],
    );
    // The open deals' December close dates are no data: November is the last month.
    assert!(!book.path("public/data/2026-12.csv").exists());
}

#[test]
fn pages_name_the_slipped_and_the_stale_deal() {
    let book = book();
    ok(&book.build(&[]));
    let pipeline = book.read("public/pipeline.html");
    for name in [
        "Birch Dental - Pro annual",
        "Cedar Logistics - Growth annual",
    ] {
        assert!(pipeline.contains(name), "pipeline.html lacks {name}");
    }
    // Each on its owner's scorecard (and only there among the two).
    let ann = book.read("public/reps/ann/2026-11.html");
    let bob = book.read("public/reps/bob/2026-11.html");
    assert!(
        ann.contains("Birch Dental - Pro annual"),
        "ann's slipped deal"
    );
    assert!(
        bob.contains("Cedar Logistics - Growth annual"),
        "bob's stale deal"
    );
    assert!(!ann.contains("Cedar Logistics"));
    assert!(!bob.contains("Birch Dental"));
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

/// Replaces `from` by `to` in the line of the November snapshot that starts with
/// `record` (a Record ID).
fn edit_deal(book: &Book, record: &str, from: &str, to: &str) {
    let text = book.read(NOVEMBER);
    let mut found = false;
    let edited: Vec<String> = text
        .split('\n')
        .map(|line| {
            if line.starts_with(&format!("{record},")) {
                assert!(line.contains(from), "deal {record} has no `{from}`");
                found = true;
                line.replacen(from, to, 1)
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(found, "no deal {record}");
    book.write(NOVEMBER, &edited.join("\n"));
}

#[test]
fn mistakes_in_open_deals_are_all_reported_at_once() {
    // Lines of the November snapshot (the header is line 1) and the column each value
    // starts at:
    // - 1104 (line 12): owner `Rob Baker`, nobody in team.yaml (col 81);
    // - 2101 (line 19): amount -7000 (col 81);
    // - 2102 (line 20): amount `TBD` (col 82);
    // - 1102 (line 10): probability 140 (col 107);
    // - 2103 (line 21): close date 2026-12-32 (col 52).
    let err = fails_after(|book| {
        edit_deal(book, "1104", ",Bob Baker,", ",Rob Baker,");
        edit_deal(book, "2101", ",7000,", ",-7000,");
        edit_deal(book, "2102", ",2500.5,", ",TBD,");
        edit_deal(book, "1102", ",80,Commit", ",140,Commit");
        edit_deal(book, "2103", ",2026-12-18 17:00,", ",2026-12-32 17:00,");
    });
    for (at, what) in [
        ("12:81", "Rob Baker"),
        ("19:81", "-7000"),
        ("20:82", "TBD"),
        ("10:107", "140"),
        ("21:52", "2026-12-32"),
    ] {
        assert!(
            err.contains(&format!("--> {NOVEMBER}:{at}")),
            "no error at {at} in\n{err}"
        );
        assert!(err.contains(what), "`{what}` is not named in\n{err}");
    }
    assert!(err.contains("unknown person \"Rob Baker\""), "{err}");
    assert!(
        err.contains("Bob Baker (`bob`)"),
        "the closest person: {err}"
    );
    assert!(err.contains("the book has 5 errors"), "{err}");
}

#[test]
fn two_snapshots_on_one_day_name_both_files() {
    // A second download of the November export, as the browser names it.
    let copy = "metrics/hubspot-deals-2026-11-20 (1).csv";
    let err = fails_after(|book| book.write(copy, &book.read(NOVEMBER)));
    assert!(err.contains("2026-11-20"), "{err}");
    assert!(err.contains(NOVEMBER), "{err}");
    assert!(err.contains(copy), "{err}");
}
