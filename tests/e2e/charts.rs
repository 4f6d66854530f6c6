//! Charts in built pages: a person's charts carry their team's line, and every
//! period a title with its values in the page's locale. Worked out by hand on the
//! `tiny` book (its figures are in build.rs):
//!
//! - north is ann and bob, both active in September and October. Revenue per person
//!   of the team: September (700.50 + 250.25) / 2 = 475.375 → €475.38, October
//!   (1100.25 + 200) / 2 = 650.125 → €650.13. Conversion, a ratio, is the team's own:
//!   September (3 + 1) deals / (20 + 5) leads = 16.0 %, October 4 / 22 = 18.2 %.
//! - calls is cid alone: no one to compare him with, so no team line.

use crate::common::{Book, assert_ok};

/// The chart whose text alternative begins with `alt` in `html`.
fn chart<'a>(html: &'a str, alt: &str) -> &'a str {
    let at = html
        .find(&format!("aria-label=\"{alt}"))
        .unwrap_or_else(|| panic!("no chart `{alt}`"));
    let start = html[..at].rfind("<svg").expect("svg");
    let end = at + html[at..].find("</svg>").expect("end of svg");
    &html[start..end]
}

#[test]
fn a_scorecard_chart_has_the_team_line_and_a_title_per_period() {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    let ann = book.read("public/reps/ann/2026-10.html");

    let revenue = chart(&ann, "Revenue for Ann Able");
    assert!(
        revenue.contains(" class=\"team\" stroke=\"#8B5CF6\""),
        "{revenue}"
    );
    assert!(revenue.contains(">Team</text>"), "labelled in the legend");
    for title in [
        "September 2026 · Actual €700.50 · Target €1,000 · Team €475.38",
        // October is in progress: 4 of 22 working days gone, 1000 × 4 / 22 expected.
        "October 2026 · Actual €1,100 · Expected by now €181.82 · Target €1,000 · \
         Team €650.13",
    ] {
        assert!(
            revenue.contains(&format!("<title>{title}</title></rect>")),
            "no `{title}` in {revenue}"
        );
    }
    let conversion = chart(&ann, "Lead conversion for Ann Able");
    for title in [
        "September 2026 · Actual 15.0% · Target 25.0% · Team 16.0%",
        "October 2026 · Actual 25.0% · Target 25.0% · Team 18.2%",
    ] {
        assert!(
            conversion.contains(&format!("<title>{title}</title></rect>")),
            "no `{title}` in {conversion}"
        );
    }

    // cid is alone in the calls team: his charts have no team line and no legend.
    let cid = book.read("public/reps/cid/2026-10.html");
    assert!(cid.contains("class=\"hit\""));
    assert!(!cid.contains("class=\"team\""));
    // The team's and the overview's charts are the team's own values: no team line,
    // but the titles are there.
    for page in ["teams/north.html", "index.html"] {
        let html = book.read(&format!("public/{page}"));
        assert!(html.contains("class=\"hit\""), "{page}");
        assert!(!html.contains("class=\"team\""), "{page}");
    }
    let north = book.read("public/teams/north.html");
    assert!(north.contains(
        "<title>October 2026 · Actual €1,300 · Expected by now €327.27 · Target €1,800</title>"
    ));
}

#[test]
fn titles_read_in_the_persons_locale() {
    let book = Book::tiny();
    book.edit(
        "team.yaml",
        "    name: Bob Baker\n",
        "    name: Bob Baker\n    locale: pl\n",
    );
    assert_ok(&book.build(&[]));
    let bob = book.read("public/reps/bob/2026-10.html");
    assert!(bob.contains("lang=\"pl\""));
    let revenue = chart(&bob, "Przychód");
    assert!(revenue.contains(">Zespół</text>"), "{revenue}");
    // 200, 800 × 4 / 22 = 145.4545 expected, target 800, team 650.125; euro after
    // the figure, a decimal comma, no-break spaces.
    let title = "Październik 2026 · Wynik 200,00\u{a0}€ · Oczekiwany postęp 145,45\u{a0}€ · \
                 Cel 800,00\u{a0}€ · Zespół 650,13\u{a0}€";
    assert!(
        revenue.contains(&format!("<title>{title}</title>")),
        "{revenue}"
    );
}
