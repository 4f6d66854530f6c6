//! The pipeline views and pages against a pipeline built by hand on the book of
//! `tests.rs` (North: Bob and Ann; Mia, who has no team). October, the report period,
//! has the snapshot of 31 October 2026, compared with the one of 30 September:
//!
//! | deal | owner | amount | close (before) | category | prob. | created | flags |
//! |---|---|--:|---|---|--:|---|---|
//! | Globex renewal | Ann | 12,000 | 20 Nov (25 Oct) | commit | 60 | 1 Aug | slipped, closes next |
//! | Initech pilot | Ann | 3,000 | 5 Dec | pipeline | 20 | 1 Mar (244 days) | stale |
//! | Hooli expansion | Bob | 8,000 | 10 Nov | best case | 50 | 1 Sep | closes next |
//! | d4 (no name) | Bob | 0 (no amount) | — | — | — | — | |
//!
//! Weighted: Ann 12,000 × 60 % + 3,000 × 20 % = 7,800; Bob 8,000 × 50 % = 4,000.
//! Next period (November) targets: Ann and Bob 5,000 each, so coverage 12,000 ÷ 5,000
//! = 2.4× (thin) and 8,000 ÷ 5,000 = 1.6× (short); North and the organisation
//! 20,000 ÷ 10,000 = 2.0× (thin). North's sales cycle is 45 days: stale after 90.

use jiff::civil::{Date, date};

use super::pipeline::{self as view, coverage_band};
use super::tests::{ANN, BOB, OCTOBER, between, fixture, rendered, renderer, rows, text};
use super::{overview, scorecard, shortcodes, team};
use crate::compute::pipeline::{Deal, Measures, PeriodPipeline, Pipeline};
use crate::load::shortcode::Kind;
use crate::load::sources::aggregate::Owner;
use crate::load::sources::deals::Category;
use crate::render::data::pipeline_csv;
use crate::render::view::Presenter;

const MIA: usize = 0;

struct Spec {
    owner: usize,
    id: &'static str,
    name: Option<&'static str>,
    amount: f64,
    close: Option<Date>,
    previous_close: Option<Date>,
    stage: &'static str,
    created: Option<Date>,
    probability: Option<f64>,
    category: Option<Category>,
    stale: bool,
}

fn deal(s: Spec) -> Deal {
    let snapshot = date(2026, 10, 31);
    Deal {
        source: "hubspot".to_string(),
        id: s.id.to_string(),
        name: s.name.map(str::to_string),
        owner: Owner::Person(s.owner as u32),
        amount: s.amount,
        close: s.close,
        stage: s.stage.to_string(),
        created: s.created,
        probability: s.probability,
        category: s.category,
        age_days: s.created.map(|c| i64::from((snapshot - c).get_days())),
        previous_close: s.previous_close,
        slipped: s.previous_close.is_some(),
        stale: s.stale,
        closes_next: s.close.is_some_and(|c| c.month() == 11),
    }
}

fn deals() -> Vec<Deal> {
    let spec = |owner, id, name, amount, close, stage| Spec {
        owner,
        id,
        name,
        amount,
        close,
        previous_close: None,
        stage,
        created: None,
        probability: None,
        category: None,
        stale: false,
    };
    vec![
        deal(Spec {
            previous_close: Some(date(2026, 10, 25)),
            created: Some(date(2026, 8, 1)),
            probability: Some(60.0),
            category: Some(Category::Commit),
            ..spec(
                ANN,
                "d1",
                Some("Globex renewal"),
                12_000.0,
                Some(date(2026, 11, 20)),
                "Proposal",
            )
        }),
        deal(Spec {
            created: Some(date(2026, 3, 1)),
            probability: Some(20.0),
            category: Some(Category::Pipeline),
            stale: true,
            ..spec(
                ANN,
                "d2",
                Some("Initech pilot"),
                3_000.0,
                Some(date(2026, 12, 5)),
                "Discovery",
            )
        }),
        deal(Spec {
            created: Some(date(2026, 9, 1)),
            probability: Some(50.0),
            category: Some(Category::BestCase),
            ..spec(
                BOB,
                "d3",
                Some("Hooli expansion"),
                8_000.0,
                Some(date(2026, 11, 10)),
                "Negotiation",
            )
        }),
        deal(spec(BOB, "d4", None, 0.0, None, "Qualified")),
    ]
}

#[allow(clippy::too_many_arguments)] // One column of the table above each.
fn measures(
    open: usize,
    amount: f64,
    weighted: f64,
    next: f64,
    target: f64,
    slipped: (usize, f64),
    stale: usize,
    by_category: [f64; 5],
) -> Measures {
    Measures {
        open_deals: open,
        open_amount: amount,
        weighted_amount: Some(weighted),
        next_amount: next,
        next_target: Some(target),
        coverage_next: Some(next / target),
        closing_amount: 0.0,
        remaining: None,
        coverage: None,
        slipped_deals: Some(slipped.0),
        slipped_amount: Some(slipped.1),
        stale_deals: Some(stale),
        by_category,
    }
}

fn october(f: &super::tests::Fixture) -> PeriodPipeline {
    let ann = measures(
        2,
        15_000.0,
        7_800.0,
        12_000.0,
        5_000.0,
        (1, 12_000.0),
        1,
        [12_000.0, 0.0, 3_000.0, 0.0, 0.0],
    );
    let bob = measures(
        2,
        8_000.0,
        4_000.0,
        8_000.0,
        5_000.0,
        (0, 0.0),
        0,
        [0.0, 8_000.0, 0.0, 0.0, 0.0],
    );
    let north = measures(
        4,
        23_000.0,
        11_800.0,
        20_000.0,
        10_000.0,
        (1, 12_000.0),
        1,
        [12_000.0, 8_000.0, 3_000.0, 0.0, 0.0],
    );
    let mut people = vec![None; 3];
    people[ANN] = Some(ann);
    people[BOB] = Some(bob);
    // Mia carries no target next period and owns no deal, yet is listed: a scope
    // whose measures do not apply writes empty fields.
    people[MIA] = Some(Measures {
        weighted_amount: None,
        slipped_deals: None,
        slipped_amount: None,
        stale_deals: None,
        ..Measures::default()
    });
    PeriodPipeline {
        period: OCTOBER,
        snapshot: date(2026, 10, 31),
        previous: Some(date(2026, 9, 30)),
        next: f.report.scores.periods[OCTOBER].succ(),
        in_progress: false,
        deals: deals(),
        people,
        teams: vec![Some(north.clone())],
        organisation: north,
        team_cycle: vec![Some(45.0)],
        organisation_cycle: Some(50.0),
    }
}

/// The fixture with October's pipeline.
fn with_pipeline() -> super::tests::Fixture {
    let mut f = fixture();
    let pp = october(&f);
    f.report.pipeline = Pipeline { periods: vec![pp] };
    f
}

#[test]
fn coverage_bands_follow_the_rule_of_thumb() {
    assert_eq!(coverage_band(3.0), "healthy");
    assert_eq!(coverage_band(4.5), "healthy");
    assert_eq!(coverage_band(2.99), "thin");
    assert_eq!(coverage_band(2.0), "thin");
    assert_eq!(coverage_band(1.99), "short");
    assert_eq!(coverage_band(0.0), "short");
}

#[test]
fn pipeline_csv_has_a_row_per_scope_sorted_with_plain_numbers() {
    let f = with_pipeline();
    let csv = pipeline_csv(&f.book, &f.report, OCTOBER).expect("October has a pipeline");
    assert_eq!(
        csv,
        "scope,id,open_deals,open_amount,weighted_amount,next_amount,coverage_next,\
         slipped_deals,slipped_amount,stale_deals\n\
         organisation,organisation,4,23000,11800,20000,2,1,12000,1\n\
         person,ann,2,15000,7800,12000,2.4,1,12000,1\n\
         person,bob,2,8000,4000,8000,1.6,0,0,0\n\
         person,mia,0,0,,0,,,,\n\
         team,north,4,23000,11800,20000,2,1,12000,1\n"
    );
    assert_eq!(
        pipeline_csv(&f.book, &f.report, 0),
        None,
        "September has none"
    );
}

#[test]
fn pipeline_page_shows_coverage_categories_and_the_deal_lists() {
    let f = with_pipeline();
    let r = renderer(&f);
    let html = rendered(|diags| view::page(&r, diags));

    let hero = text(between(&html, "<section class=\"hero\">", "</section>"));
    assert!(
        hero.contains(
            "Open deals at the snapshot of 31 October 2026, compared with the one of \
             30 September 2026"
        ),
        "{hero}"
    );
    let org = between(&html, "id=\"pipeline-organisation\"", "</section>");
    let stats = text(between(org, "<div class=\"pipeline-stats\">", "<p class"));
    assert_eq!(
        stats,
        "Open pipeline €23,000 4 open deals · weighted €11,800 \
         Closing in November 2026 €20,000 2.0× Target €10,000 Thin \
         Slipped 1 €12,000 Stale 1 open longer than two sales cycles"
    );
    assert!(org.contains("style=\"width: 50.0%\""), "2× of the 4× gauge");
    assert!(text(org).contains("Rule of thumb: 3× or more is healthy, 2× to 3× is thin"));
    // North's bar: commit 12,000, best case 8,000, pipeline 3,000 of 23,000.
    let bar = between(org, "<div class=\"bar-row\">", "</div>");
    let widths: Vec<&str> = bar
        .split("style=\"width: ")
        .skip(1)
        .map(|s| &s[..s.find('%').unwrap()])
        .collect();
    assert_eq!(widths, ["52.17", "34.78", "13.04"]);
    assert!(bar.contains("Commit €12,000, Best case €8,000, Pipeline €3,000"));

    let north = between(&html, "<section id=\"team-north\"", "</section>");
    let people = rows(between(
        north,
        "<table class=\"pipeline-people\" data-sortable>",
        "</table>",
    ));
    assert_eq!(
        people,
        [
            [
                "Bob Baker rep",
                "2",
                "€8,000",
                "€4,000",
                "€8,000 Target €5,000",
                "1.6×",
                "0",
                "0",
                ""
            ],
            [
                "Ann Able rep",
                "2",
                "€15,000",
                "€7,800",
                "€12,000 Target €5,000",
                "2.4×",
                "1 €12,000",
                "1",
                ""
            ],
        ]
    );
    assert!(north.contains("<span class=\"pill band-short\" title=\"Short\">1.6×</span>"));

    let slipped = between(&html, "id=\"slipped\"", "</section>");
    assert_eq!(
        rows(slipped),
        [[
            "Globex renewal Proposal · Commit",
            "Ann Able",
            "€12,000",
            "25 October 2026 → now 20 November 2026"
        ]]
    );
    assert!(slipped.contains("<a href=\"reps/ann/2026-10.html\">Ann Able</a>"));
    let stale = between(&html, "id=\"stale\"", "</section>");
    assert_eq!(
        rows(stale),
        [[
            "Initech pilot Discovery · Pipeline",
            "Ann Able",
            "€3,000",
            "244 days",
            "90 days",
            "5 December 2026"
        ]]
    );
}

#[test]
fn overview_and_team_pages_link_their_pipeline_block() {
    let f = with_pipeline();
    let r = renderer(&f);
    let html = rendered(|diags| overview::page(&r, diags));
    assert!(
        html.contains("<a href=\"pipeline.html\">Pipeline</a>"),
        "nav"
    );
    let block = text(between(&html, "id=\"pipeline-block\"", "</section>"));
    assert!(
        block.contains("Open deals at the snapshot of 31 October 2026 Open pipeline €23,000"),
        "{block}"
    );
    let (_, html) = rendered(|diags| team::page(&r, 0, diags));
    assert!(html.contains("<a href=\"../pipeline.html#team-north\">Pipeline details →</a>"));

    // Without a pipeline: no link, no block.
    let f = fixture();
    let r = renderer(&f);
    let html = rendered(|diags| overview::page(&r, diags));
    assert!(!html.contains("pipeline"), "no pipeline, no trace of it");
}

#[test]
fn a_scorecard_shows_the_persons_open_deals_and_flags() {
    let f = with_pipeline();
    let r = renderer(&f);
    let p: Presenter = r.presenter(f.book.settings.locale);
    let ann = view::person_view(&r, &p, ANN, OCTOBER, 2).expect("Ann has a pipeline");
    assert_eq!(
        ann.summary,
        "2 open deals: €15,000 · weighted €7,800 · closing in November 2026: €12,000, \
         2.4× the target (thin) · slipped: 1 (€12,000) · stale: 1"
    );
    let names: Vec<&str> = ann.deals.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Globex renewal", "Initech pilot"]);
    let globex = &ann.deals[0];
    assert_eq!(
        (
            globex.close.as_str(),
            globex.previous_close.as_str(),
            globex.slipped,
            globex.stale
        ),
        ("20 November 2026", "25 October 2026", true, false)
    );
    assert!(ann.deals[1].stale);
    assert_eq!(ann.more, "");

    let pages = rendered(|diags| Some(scorecard::pages(&r, ANN, &[OCTOBER], diags)));
    let section = between(&pages[0].1, "id=\"pipeline\"", "</section>");
    let table = rows(between(
        section,
        "<table class=\"deal-list\" data-sortable>",
        "</table>",
    ));
    assert_eq!(
        table[0],
        [
            "Globex renewal Commit",
            "Proposal",
            "20 November 2026 was 25 October 2026",
            "€12,000",
            "↪ Slipped"
        ]
    );
    assert_eq!(table[1][4], "⚠ Stale");
    // The deal without a name shows its id, without an amount €0.
    let bob = view::person_view(&r, &p, BOB, OCTOBER, 2).unwrap();
    assert_eq!(
        (bob.deals[1].name.as_str(), bob.deals[1].amount.as_str()),
        ("d4", "€0")
    );
    // Mia has measures but no deal; September has no snapshot.
    assert!(
        view::person_view(&r, &p, MIA, OCTOBER, 2)
            .unwrap()
            .deals
            .is_empty()
    );
    assert!(view::person_view(&r, &p, ANN, 0, 2).is_none());
}

#[test]
fn a_scorecard_shows_the_ten_largest_deals_by_close_date() {
    let mut f = fixture();
    let mut pp = october(&f);
    pp.deals = (1..=12)
        .map(|i| {
            deal(Spec {
                owner: BOB,
                id: "x",
                name: Some(["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"][i - 1]),
                // Larger deals close earlier, except the largest, which closes last.
                amount: if i == 1 {
                    50_000.0
                } else {
                    (13 - i) as f64 * 1_000.0
                },
                close: Some(date(2026, 11, if i == 1 { 30 } else { i as i8 })),
                previous_close: None,
                stage: "Proposal",
                created: None,
                probability: None,
                category: None,
                stale: false,
            })
        })
        .collect();
    // In the order compute gives them: by close date, so A last.
    pp.deals.rotate_left(1);
    f.report.pipeline = Pipeline { periods: vec![pp] };
    let r = renderer(&f);
    let p = r.presenter(f.book.settings.locale);
    let bob = view::person_view(&r, &p, BOB, OCTOBER, 2).unwrap();
    let names: Vec<&str> = bob.deals.iter().map(|d| d.name.as_str()).collect();
    // The two smallest (K 2,000, L 1,000) left out; the rest by close date.
    assert_eq!(names, ["B", "C", "D", "E", "F", "G", "H", "I", "J", "A"]);
    assert_eq!(bob.more, "and 2 more");
}

#[test]
fn the_agenda_lists_slipped_then_stale_deals_with_what_happened() {
    let f = with_pipeline();
    let r = renderer(&f);
    let p = r.presenter(f.book.settings.locale);
    assert_eq!(
        view::agenda_items(&r, &p, ANN, OCTOBER),
        [
            "Globex renewal (€12,000): close date moved from 25 October 2026 to \
             20 November 2026",
            "Initech pilot (€3,000): open for 244\u{a0}days, past the limit of 90\u{a0}days \
             (two sales cycles)"
        ]
    );
    assert!(view::agenda_items(&r, &p, BOB, OCTOBER).is_empty());
}

#[test]
fn the_pipeline_shortcode_tells_the_books_own_numbers() {
    let f = with_pipeline();
    let r = renderer(&f);
    let p = r.presenter(f.book.settings.locale);
    let sc = view::shortcode_view(&r, &p, None);
    assert!(sc.has_pipeline);
    assert_eq!(
        sc.text,
        "At the snapshot of 31 October 2026, Test Sales has 4 open deals worth €23,000 in \
         total. Of that, €20,000 is due to close in November 2026: 2.0× the revenue target \
         of €10,000, which by the rule of thumb is thin. Deals that slipped to a later \
         period since the previous snapshot: 1 (€12,000). Deals open longer than two \
         sales cycles: 1."
    );
    let shortcodes::Rendered::Block(block) =
        shortcodes::view(&r, &p, &Kind::Pipeline { team: Some(0) })
    else {
        panic!("a block");
    };
    let json = serde_json::to_value(&block).unwrap();
    assert_eq!(json["kind"], "pipeline");
    assert_eq!(json["who"], "North");

    // A book without a deals export says so.
    let f = fixture();
    let r = renderer(&f);
    let p = r.presenter(f.book.settings.locale);
    let sc = view::shortcode_view(&r, &p, None);
    assert!(!sc.has_pipeline && sc.m.is_none());
    assert!(
        sc.text.starts_with("This book has no deals export yet"),
        "{}",
        sc.text
    );

    // A book whose export has no snapshot in the report period says that instead.
    let mut f = fixture();
    f.book
        .metrics
        .deals
        .exports
        .push(crate::load::sources::deals::DealExport {
            source: "hubspot-deals".into(),
            has_probability: false,
            has_category: false,
            snapshots: vec![crate::load::sources::deals::Snapshot {
                day: date(2026, 8, 31),
                file: "metrics/hubspot-deals-2026-08-31.csv".into(),
                dated: true,
                deals: Vec::new(),
            }],
        });
    let r = renderer(&f);
    let p = r.presenter(f.book.settings.locale);
    let sc = view::shortcode_view(&r, &p, None);
    assert!(!sc.has_pipeline);
    assert!(
        sc.text.starts_with(
            "The deals export has no snapshot in October 2026 with open deals of Test Sales"
        ),
        "{}",
        sc.text
    );
}
