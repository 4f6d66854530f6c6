//! Plan vs actual, the scenario band, forecasts for a period in progress,
//! year to date, and the working-day calendar — against hand-worked numbers.
//!
//! The tiny book (en, EUR) has data through Tuesday 6 October 2026, so October is in
//! progress. October has 22 weekdays; with data: 1, 2, 5 and 6 October = 4.
//! Revenue in October: north 600 + 500.25 + 200 = 1300.25, calls 300, both teams
//! 1600.25. September north: 400.5 + 300 + 250.25 = 950.75.
//!
//! Without plan.yaml the standard plan is the team target (north 1000 + 800 = 1800,
//! calls 500), minimum × 0.9 and maximum × 1.1:
//! - north: 1620 / 1800 / 1980, deviation −499.75, below minimum, run rate
//!   1300.25 / 4 × 22 = 7151.375;
//! - calls: 450 / 500 / 550, deviation −200, run rate 300 / 4 × 22 = 1650;
//! - organisation: 2070 / 2300 / 2530, actual 1600.25, deviation −699.75, run rate
//!   8801.375.
//! - north's funnel forecast of revenue: October leads 12 + 10 = 22, projected
//!   22 × 22 / 4 = 121; trailing conversion (September) (3 + 1) / (20 + 5) = 0.16 →
//!   19.36 deals; × trailing average deal 950.75 / 4 = 237.6875 → 4601.635 → "€4,602".
//!
//! The `plan` book (tests/books/plan) is the tiny book with metrics/opportunities.csv
//! (for the funnel below) and plan.yaml: scenarios ×0.8 and ×1.2, a company day off on
//! 2 October (21 working days, 3 with data), north 2000 in October and 1000 in
//! September, calls explicit 250 / 400 / 600 in October:
//! - north: 1600 / 2000 / 2400 (×0.8, ×1.2), deviation −699.75, run rate
//!   1300.25 / 3 × 21 = 9101.75; year to date plan 1000 + 2000 = 3000, actual
//!   950.75 + 1300.25 = 2251 (-25.0 %);
//! - calls: explicit 250 / 400 / 600, deviation −100, run rate 300 / 3 × 21 = 2100,
//!   so the forecast is above the maximum;
//! - organisation: 1850 / 2400 / 3000, deviation −799.75, run rate 11201.75.

use std::fs;

use crate::common::{Book, assert_ok as ok, assert_stderr_has};

#[test]
fn without_a_plan_the_targets_are_the_standard_scenario() {
    let book = Book::tiny();
    ok(&book.build(&[]));
    assert_eq!(
        book.read("public/data/2026-10-plan.csv"),
        "scope,id,kpi,plan_min,plan_standard,plan_max,actual,forecast,deviation\n\
         organisation,organisation,revenue,2070,2300,2530,1600.25,8801.375,-699.75\n\
         team,calls,revenue,450,500,550,300,1650,-200\n\
         team,north,revenue,1620,1800,1980,1300.25,7151.375,-499.75\n"
    );
    let page = book.read("public/plan.html");
    assert!(page.contains("October 2026 is in progress: 4 of 22 working days have data."));
    // The funnel forecast of north's revenue.
    assert!(page.contains("€4,602"), "funnel forecast");
    assert!(page.contains("Above maximum (forecast)"));
    assert!(page.contains("<svg"), "band charts");
    // Plan vs actual on the overview and the team page.
    let overview = book.read("public/index.html");
    assert!(overview.contains("Plan vs actual"));
    assert!(overview.contains("href=\"plan.html\""));
    let north = book.read("public/teams/north.html");
    assert!(
        north.contains("<strong>€1,300</strong> <span class=\"muted\">/ €1,800</span>"),
        "{north}"
    );
}

#[test]
fn plans_scenarios_holidays_and_year_to_date() {
    let book = Book::copy("plan");
    ok(&book.build(&[]));
    assert_eq!(
        book.read("public/data/2026-10-plan.csv"),
        "scope,id,kpi,plan_min,plan_standard,plan_max,actual,forecast,deviation\n\
         organisation,organisation,revenue,1850,2400,3000,1600.25,11201.75,-799.75\n\
         team,calls,revenue,250,400,600,300,2100,-100\n\
         team,north,revenue,1600,2000,2400,1300.25,9101.75,-699.75\n"
    );
    let page = book.read("public/plan.html");
    assert!(page.contains("3 of 21 working days"));
    // October is in progress: the band is the run-rate forecast's (calls: 2100 > 600).
    assert!(page.contains("Above maximum (forecast)"), "calls' band");
    assert!(
        page.contains("€2,251 <span class=\"muted\">/ €3,000</span>"),
        "north YTD"
    );
    assert!(page.contains("(-25.0%)"));
}

#[test]
fn plan_mistakes_are_diagnostics() {
    let book = Book::tiny();
    ok(&book.build(&[]));
    let before = fs::read(book.path("public/index.html")).unwrap();
    book.write(
        "plan.yaml",
        "plans:\n  - period: 2026-10\n    team: nort\n    revenue: 2000\n  - period: 2026-Q4\n    team: calls\n    conversion: 0.3\n    revenue: { min: 500, standard: 400, max: 600 }\n",
    );
    let out = book.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_has(
        &out,
        &[
            "error: unknown team `nort`\n --> plan.yaml:3:11",
            "did you mean `north`?",
            "error: `2026-Q4` is a quarter but the book reports by month\n --> plan.yaml:5:13",
            "error: `conversion` is a ratio and cannot be planned\n --> plan.yaml:7:5",
            "error: the plan needs `min ≤ standard ≤ max`, none negative\n --> plan.yaml:8:14",
        ],
    );
    assert_eq!(fs::read(book.path("public/index.html")).unwrap(), before);
}

#[test]
fn funnel_stages_flag_the_weakest_against_the_team() {
    // October with opportunities (metrics/opportunities.csv of the plan book): ann 6 of 12 leads (50.0 %), 3 deals of 6 (50.0 %);
    // bob 2 of 10 (20.0 %), 1 of 2 (50.0 %). North: 8 of 22 (36.4 %), 4 of 8 (50.0 %).
    // bob's lead → opportunity stage is below the team's: flagged; ann has none below.
    let book = Book::copy("plan");
    ok(&book.build(&[]));
    let bob = book.read("public/reps/bob/2026-10.html");
    let funnel = &bob[bob.find("class=\"person-funnel\"").unwrap()..];
    let funnel = &funnel[..funnel.find("</section>").unwrap()];
    assert!(funnel.contains("<strong>10</strong>") && funnel.contains("<strong>2</strong>"));
    assert!(funnel.contains("arrow weakest\">→<br>20.0%"), "{funnel}");
    assert!(funnel.contains("arrow\">→<br>50.0%"));
    let ann = book.read("public/reps/ann/2026-10.html");
    assert!(!ann[ann.find("class=\"person-funnel\"").unwrap()..].contains("arrow weakest"));
    let page = book.read("public/plan.html");
    assert!(page.contains("36.4%"), "north's lead → opportunity rate");
}
