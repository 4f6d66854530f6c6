//! The HTML renderers against a small book whose figures are worked out by hand.
//!
//! The book: one team, North (manager Mia, who sells nothing), with Bob listed before
//! Ann; targets revenue €1,000 and conversion 25 % per person, so €2,000 for the team
//! and the organisation. September and October:
//!
//! | person | month | leads | deals | revenue | conversion       | avg deal |
//! |--------|-------|------:|------:|--------:|------------------|---------:|
//! | Bob    | Sep   |    10 |     1 |     500 | 10 %             |          |
//! | Ann    | Sep   |    10 |     2 |     800 | 20 %             |          |
//! | Bob    | Oct   |    10 |     1 |     700 | 10 % (red: 40 %) |      700 |
//! | Ann    | Oct   |     8 |     2 |   1,200 | 25 % (green)     |      600 |
//!
//! October, the report period: Ann's revenue is 120 % of target (green), Bob's 70 %
//! (red). North and the organisation: revenue 1,900 of 2,000 = 95 % (amber, within
//! 10 %), conversion 3 / 18 = 16.7 % (red), average deal 1,900 / 3 = 633.33; revenue
//! up (1,900 − 1,300) / 1,300 = 46.2 % on September, conversion up 16.7 − 15.0 =
//! 1.7 points. Ranked by revenue attainment, Ann is first of two, Bob second.

use std::fs;

use super::{overview, scorecard, team};
use crate::base::diag::Diagnostics;
use crate::compute::{self, Report};
use crate::load::book::{self, Book};
use crate::render::context::Renderer;
use crate::render::view::Presenter;

const SETTINGS: &str = "\
title: Test Handbook
organisation: Test Sales
locale: en
currency: EUR
period: month
privacy:
  leaderboard: true
  publish_scorecards: true
";

const TEAM: &str = "\
teams:
  - id: north
    name: North
    manager: mia
people:
  - id: mia
    name: Mia Boss
    role: manager
  - id: bob
    name: Bob Baker
    team: north
  - id: ann
    name: Ann Able
    team: north
targets:
  default: { revenue: 1000, conversion: 0.25 }
";

const CRM: &str = "\
date,rep,leads,deals,revenue
2026-09-10,bob,10,1,500
2026-09-12,ann,10,2,800
2026-10-10,bob,10,1,700
2026-10-08,ann,5,1,450
2026-10-30,ann,3,1,750
";

/// Roster indices.
pub(super) const BOB: usize = 1;
pub(super) const ANN: usize = 2;
/// Period indices: September, October (the report period).
pub(super) const SEPTEMBER: usize = 0;
pub(super) const OCTOBER: usize = 1;

pub(super) struct Fixture {
    pub(super) book: Book,
    pub(super) report: Report,
}

pub(super) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("pulsebook.yaml"), SETTINGS).unwrap();
    fs::write(dir.path().join("team.yaml"), TEAM).unwrap();
    fs::create_dir(dir.path().join("metrics")).unwrap();
    fs::write(dir.path().join("metrics/crm.csv"), CRM).unwrap();
    let mut diags = Diagnostics::new();
    let book = book::load(dir.path(), &mut diags).expect("the book loads");
    assert!(diags.is_empty(), "{:?}", diags.sorted());
    let report = compute::compute(&book, None);
    assert_eq!(report.scores.report, OCTOBER);
    Fixture { book, report }
}

pub(super) fn renderer(f: &Fixture) -> Renderer<'_> {
    Renderer::new(&f.book, &f.report, false, &mut Diagnostics::new()).expect("the theme compiles")
}

/// Renders with a fresh collector, asserting it stays empty.
pub(super) fn rendered<T>(render: impl FnOnce(&mut Diagnostics) -> Option<T>) -> T {
    let mut diags = Diagnostics::new();
    let out = render(&mut diags);
    assert!(diags.is_empty(), "{:?}", diags.sorted());
    out.expect("the page renders")
}

/// The part of `html` from `start` to the next `end`.
pub(super) fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` in the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The text of `html`, each tag read as a space, whitespace collapsed.
pub(super) fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of a table's body, each as its cells' texts.
pub(super) fn rows(table: &str) -> Vec<Vec<String>> {
    let body = between(table, "<tbody>", "</tbody>");
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<t")
                .skip(1)
                .filter(|cell| cell.starts_with('d') || cell.starts_with('h'))
                .map(|cell| text(&format!("<t{cell}")))
                .collect()
        })
        .collect()
}

/// The `class` of each `<td>` of a row of `table` that starts with `name`.
fn cell_classes(table: &str, name: &str) -> Vec<String> {
    let body = between(table, "<tbody>", "</tbody>");
    let row = body
        .split("<tr")
        .find(|row| text(&format!("<tr{row}")).contains(name))
        .unwrap_or_else(|| panic!("a row of {name}"));
    row.split("<td class=\"")
        .skip(1)
        .map(|cell| cell[..cell.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn the_fixture_holds_the_figures_worked_out_by_hand() {
    let f = fixture();
    let scores = &f.report.scores;
    let k = |id: &str| scores.kpi_index(id).unwrap();
    let ann = scores.people[ANN].cell(OCTOBER, k("revenue"));
    assert_eq!(
        (ann.value, ann.target_value()),
        (Some(1200.0), Some(1000.0))
    );
    let north = scores.teams[0].cell(OCTOBER, k("revenue"));
    assert_eq!(
        (north.value, north.target_value()),
        (Some(1900.0), Some(2000.0))
    );
    let conversion = scores.organisation.cell(OCTOBER, k("conversion")).value;
    assert_eq!(conversion, Some(3.0 / 18.0));
    let september = scores.organisation.cell(SEPTEMBER, k("revenue")).value;
    assert_eq!(september, Some(1300.0));
}

#[test]
fn overview_shows_headline_team_card_and_heat_map() {
    let f = fixture();
    let r = renderer(&f);
    let html = rendered(|diags| overview::page(&r, diags));

    // Revenue amber (95 %), conversion red; no KPI green.
    let summary = text(between(&html, "<p class=\"summary\">", "</p>"));
    assert_eq!(summary, "● 0 On target ▲ 1 Close ■ 1 Below target");

    let headline = between(&html, "id=\"headline\"", "</section>");
    let revenue = text(between(headline, "<article", "</article>"));
    assert!(
        revenue.starts_with("Revenue ▲ Close €1,900 +46.2%"),
        "{revenue}"
    );
    assert!(
        revenue.contains("Target €2,000 Attainment 95%"),
        "{revenue}"
    );
    let cards: Vec<String> = headline
        .split("<article")
        .skip(1)
        .map(|card| text(between(card, "<h3", "</h3>")))
        .collect();
    let names = [
        "Revenue",
        "Deals won",
        "Leads",
        "Lead conversion",
        "Average deal size",
    ];
    assert_eq!(cards, names);
    let conversion = text(headline.split("<article").nth(4).unwrap());
    assert!(conversion.contains("16.7% +1.7 pp"), "{conversion}");
    let average = text(headline.split("<article").nth(5).unwrap());
    assert!(average.contains("€633.33"), "{average}");

    // The team card: the ranking KPI, then those with a target.
    let card = text(between(&html, "<a class=\"team-card\"", "</a>"));
    assert!(
        card.starts_with(
            "North Manager: Mia Boss · 2 people Revenue €1,900 / €2,000 Close \
             Lead conversion 16.7% / 25.0% Below target"
        ),
        "{card}"
    );

    // The heat map: the team's people with data in roster order (Mia has none).
    let heat = between(
        &html,
        "<table class=\"heat\" id=\"heatmap-table\" data-sortable>",
        "</table>",
    );
    let header = text(between(heat, "<thead>", "</thead>"));
    assert_eq!(header, format!("Person {}", names.join(" ")));
    let rows = rows(heat);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[0], ["North"]);
    assert_eq!(rows[1][0], "Bob Baker");
    assert_eq!(rows[2][0], "Ann Able");
    let values = |row: &[String]| -> Vec<String> {
        row[1..]
            .iter()
            .map(|c| {
                // "● €1,200 (On target)": the icon, the value, the status for readers.
                let shown = c.split(" (").next().unwrap();
                shown.split_once(' ').map_or("", |(_, v)| v).to_string()
            })
            .collect()
    };
    assert_eq!(values(&rows[1]), ["€700.00", "1", "10", "10.0%", "€700.00"]);
    assert_eq!(values(&rows[2]), ["€1,200", "2", "8", "25.0%", "€600.00"]);
    assert_eq!(
        cell_classes(heat, "Ann Able"),
        [
            "cell-green",
            "cell-none",
            "cell-none",
            "cell-green",
            "cell-none"
        ]
    );
    assert_eq!(
        cell_classes(heat, "Bob Baker"),
        [
            "cell-red",
            "cell-none",
            "cell-none",
            "cell-red",
            "cell-none"
        ]
    );
    assert!(heat.contains("<a href=\"reps/ann/2026-10.html\">Ann Able</a>"));
}

#[test]
fn team_page_ranks_its_people_by_attainment() {
    let f = fixture();
    let r = renderer(&f);
    let (path, html) = rendered(|diags| team::page(&r, 0, diags));
    assert_eq!(path, "teams/north.html");

    let hero = text(between(&html, "<section class=\"hero\">", "</section>"));
    assert!(
        hero.contains(
            "North Manager: Mia Boss · 2 people ● 0 On target ▲ 1 Close ■ 1 Below target"
        ),
        "{hero}"
    );
    // Ann (120 %) before Bob (70 %), though the roster lists Bob first.
    let table = between(
        &html,
        "<table class=\"heat people\" id=\"people-table\" data-sortable>",
        "</table>",
    );
    let rows = rows(table);
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][..2], ["1", "Ann Able rep"]);
    assert_eq!(&rows[1][..2], ["2", "Bob Baker rep"]);
    assert!(rows[0][2].contains("€1,200"), "{:?}", rows[0]);
    assert!(rows[1][5].contains("10.0%"), "{:?}", rows[1]);
    assert!(table.contains("<a href=\"../reps/ann/2026-10.html\">Ann Able</a>"));
}

#[test]
fn scorecard_view_holds_the_persons_figures() {
    let f = fixture();
    let r = renderer(&f);
    let p: Presenter = r.presenter(f.book.settings.locale);
    let view = scorecard::scorecard_view(&r, &p, ANN, OCTOBER);
    assert_eq!(view.person_name, "Ann Able");
    assert_eq!(view.team_name, "North");
    assert_eq!(view.period_label, "October 2026");
    assert_eq!(view.intro, "Your results for October 2026.");
    assert_eq!(view.place, "1 of 2 in North");
    assert_eq!(
        (view.counts.green, view.counts.amber, view.counts.red),
        (2, 0, 0)
    );
    let revenue = &view.kpis[0];
    assert_eq!(
        (
            revenue.value.as_str(),
            revenue.target.as_str(),
            revenue.attainment.as_str(),
            revenue.status.class,
            revenue.change.as_str(),
            revenue.change_tone,
        ),
        ("€1,200", "€1,000", "120%", "green", "+50.0%", "good")
    );
    let by_id = |id: &str| view.kpis.iter().find(|k| k.id == id).unwrap();
    // Leads 10 → 8, conversion 20 % → 25 %.
    assert_eq!(by_id("leads").change, "-20.0%");
    assert_eq!(by_id("leads").change_tone, "bad");
    assert_eq!(by_id("conversion").change, "+5.0\u{a0}pp");
    assert_eq!(by_id("avg_deal").value, "€600.00");

    let bob = scorecard::scorecard_view(&r, &p, BOB, OCTOBER);
    assert_eq!(bob.place, "2 of 2 in North");
    assert_eq!((bob.counts.green, bob.counts.red), (0, 2));
}

#[test]
fn scorecard_pages_for_each_period_and_an_index_for_the_report_period() {
    let f = fixture();
    let r = renderer(&f);
    let pages = rendered(|diags| Some(scorecard::pages(&r, ANN, &[SEPTEMBER, OCTOBER], diags)));
    let paths: Vec<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "reps/ann/2026-09.html",
            "reps/ann/index.html",
            "reps/ann/2026-10.html"
        ]
    );
    assert_eq!(
        pages[1].1, pages[2].1,
        "the index is the report period's page"
    );

    let october = &pages[2].1;
    let hero = text(between(
        october,
        "<section class=\"hero person\">",
        "</section>",
    ));
    assert!(
        hero.contains("Ann Able rep · North · Manager: Mia Boss Your results for October 2026. 1 of 2 in North"),
        "{hero}"
    );
    let table = between(october, "<table class=\"kpi-table\">", "</table>");
    let revenue = &rows(table)[0];
    assert_eq!(
        revenue,
        &[
            "Revenue Higher is better",
            "€1,200",
            "€1,000",
            "120%",
            "● On target",
            "+50.0%"
        ]
    );
    // September: 800 of 1,000 is 80 %, below the amber line at 90 %.
    let september = &pages[0].1;
    let table = between(september, "<table class=\"kpi-table\">", "</table>");
    assert_eq!(
        &rows(table)[0][1..5],
        ["€800.00", "€1,000", "80%", "■ Below target"]
    );
}
