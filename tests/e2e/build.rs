//! Building: run the real binary on small books and check the output, KPI values
//! worked out by hand, diagnostics and the writer's guarantees.
//!
//! The `tiny` book (tests/books/tiny) by hand, for 2026-10:
//! - ann: leads 8+4 = 12, deals 2+1 = 3, revenue 600 + 500.25 = 1100.25;
//!   conversion 3/12 = 0.25 (target 0.25: green); revenue ≥ 1000;
//!   avg_deal 1100.25/3 = 366.75.
//! - bob: leads 10, deals 1, revenue 200 (the all-empty row adds nothing);
//!   conversion 0.1 < 0.9 × 0.25 red; revenue 200 of 800.
//! - cid (calls team): leads 4, deals 2, revenue 300 vs team target 500;
//!   calls 10+10, handle 2900.5 + 3200 (decimal comma, `;` file) → aht 305.025,
//!   ≤ 300/0.9 amber.
//! - team north: conversion 4/22 = 0.18181818181818182 red; revenue 1300.25 vs
//!   1000 + 800 = 1800. Organisation: conversion 6/26 amber, revenue 1600.25
//!   vs 1800 + 500 = 2300.
//!
//! But the data end on Tuesday 6 October: October is in progress, 4 of its 22 working
//! days (1, 2, 5, 6) are gone, so revenue (additive) is judged on pace against
//! target × 4 / 22: ann 1000 → 181.8182, bob 800 → 145.4545, cid 500 → 90.9091,
//! north 327.2727, organisation 418.1818 — all green. Ratios keep their target.

use std::fs;

use crate::common::{Book, assert_ok, pulsebook, snapshot, stderr};

#[test]
fn kpi_values_match_hand_computed_numbers() {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    let csv = book.read("public/data/2026-10.csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "scope,id,kpi,value,target,status,expected");
    for expected in [
        "person,ann,revenue,1100.25,1000,green,181.8182",
        "person,ann,conversion,0.25,0.25,green,",
        "person,ann,avg_deal,366.75,,,",
        "person,ann,leads,12,,,",
        "person,bob,conversion,0.1,0.25,red,",
        "person,bob,revenue,200,800,green,145.4545",
        "person,cid,aht,305.025,300,amber,",
        "person,cid,revenue,300,500,green,90.9091",
        "team,north,conversion,0.18181818181818182,0.25,red,",
        "team,north,revenue,1300.25,1800,green,327.2727",
        "team,north,avg_deal,325.0625,,,",
        "team,calls,aht,305.025,300,amber,",
        "organisation,organisation,conversion,0.23076923076923078,0.25,amber,",
        "organisation,organisation,revenue,1600.25,2300,green,418.1818",
        "organisation,organisation,avg_deal,266.7083333333333,,,",
    ] {
        assert!(rows.contains(&expected), "missing `{expected}` in\n{csv}");
    }
    // Sorted by scope, id, kpi; people without data (the manager) have no rows.
    let mut sorted = rows[1..].to_vec();
    sorted.sort();
    assert_eq!(sorted, rows[1..]);
    assert!(!csv.contains("mia-boss"));
    // AHT is no data for the sales team, never 0 or NaN.
    assert!(!csv.contains("team,north,aht"));
    assert!(!csv.contains("NaN") && !csv.contains("inf"));
}

#[test]
fn site_layout_follows_the_contract() {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    for page in [
        "index.html",
        "teams/north.html",
        "teams/calls.html",
        "reps/ann/2026-10.html",
        "reps/ann/index.html",
        "handbook/index.html",
        "data/2026-10.csv",
        "static/style.css",
    ] {
        assert!(book.path("public").join(page).is_file(), "{page}");
    }
    assert_eq!(
        book.read("public/reps/ann/index.html"),
        book.read("public/reps/ann/2026-10.html")
    );
    // No scorecard for someone without data.
    assert!(!book.path("public/reps/mia-boss").exists());
    // All links are relative and nothing is loaded from the internet.
    for (name, bytes) in snapshot(&book.path("public")) {
        if name.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            let html = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            for bad in ["href=\"/", "src=\"/", "http://", "https://"] {
                assert!(!html.contains(bad), "{name} contains `{bad}`");
            }
            // Scripts (the handbook search) are the site's own files.
            for script in html.split("<script").skip(1) {
                assert!(
                    script.starts_with(" src=\"") && script.contains("static/"),
                    "{name}: unexpected script `{}`",
                    &script[..script.len().min(60)]
                );
            }
        }
    }
    let scorecard = book.read("public/reps/ann/2026-10.html");
    assert!(scorecard.contains("href=\"../../static/style.css\""));
    assert!(scorecard.contains("Ann Able"));
    assert!(
        scorecard.contains("€1,100<"),
        "revenue in the book's locale, whole euros"
    );
    assert!(scorecard.contains("€366.75"), "small amounts keep cents");
    assert!(scorecard.contains("<svg"), "trend charts are inline SVG");
    assert!(
        scorecard.contains("role=\"img\""),
        "charts have a text alternative"
    );
    // cid's scorecard is in Polish (person locale), with Polish number formats.
    let cid = book.read("public/reps/cid/2026-10.html");
    assert!(cid.contains("lang=\"pl\""));
    assert!(
        cid.contains("5\u{a0}min 05\u{a0}s"),
        "AHT 305 s as a Polish duration"
    );
}

#[test]
fn leaderboard_ranks_only_when_enabled() {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    let team = book.read("public/teams/north.html");
    // By quota attainment: ann 110 % ranks above bob 25 %.
    let ann = team.find("Ann Able").unwrap();
    let bob = team.find("Bob Baker").unwrap();
    assert!(ann < bob);
    assert!(team.contains("<td class=\"num rank\">1</td>"));

    book.edit("pulsebook.yaml", "leaderboard: true", "leaderboard: false");
    assert_ok(&book.build(&[]));
    let team = book.read("public/teams/north.html");
    assert!(!team.contains("class=\"num rank\""));
}

#[test]
fn unpublished_scorecards_stay_off_the_site() {
    let book = Book::tiny();
    book.edit(
        "pulsebook.yaml",
        "publish_scorecards: true",
        "publish_scorecards: false",
    );
    assert_ok(&book.build(&[]));
    assert!(!book.path("public/reps").exists());
    assert!(!book.read("public/index.html").contains("reps/"));
}

#[test]
fn all_periods_writes_every_period_and_stale_files_go() {
    let book = Book::tiny();
    assert_ok(&book.build(&["--all-periods"]));
    assert!(book.path("public/reps/ann/2026-09.html").is_file());
    assert!(book.path("public/data/2026-09.csv").is_file());
    let sept = book.read("public/data/2026-09.csv");
    assert!(sept.contains("person,ann,revenue,700.5,1000,red"), "{sept}");

    // A renamed team: its old page is ours and stale, so it goes; a file we did not
    // write stays.
    fs::write(book.path("public/notes.txt"), "mine").unwrap();
    let team = book.read("team.yaml").replace("north", "nord");
    book.write("team.yaml", &team);
    let out = book.build(&[]);
    assert_ok(&out);
    assert!(
        !book.path("public/teams/north.html").exists(),
        "stale page removed"
    );
    assert!(book.path("public/teams/nord.html").is_file());
    assert_eq!(
        book.read("public/notes.txt"),
        "mine",
        "a file we did not write stays"
    );
}

#[test]
fn last_months_scorecards_keep_their_urls() {
    // The monthly routine: build September, then October without --all-periods.
    let book = Book::tiny();
    assert_ok(&book.build(&["--period", "2026-09"]));
    let september = book.read("public/reps/ann/2026-09.html");
    assert_ok(&book.build(&[]));
    assert_eq!(book.read("public/reps/ann/2026-09.html"), september);
    assert!(book.path("public/data/2026-09.csv").is_file());
    assert!(
        book.read("public/reps/ann/index.html")
            .contains("October 2026")
    );
}

#[test]
fn report_period_flag_selects_the_period() {
    let book = Book::tiny();
    assert_ok(&book.build(&["--period", "2026-09"]));
    assert!(book.path("public/reps/ann/2026-09.html").is_file());
    assert!(
        book.read("public/reps/ann/index.html")
            .contains("September 2026")
    );

    let out = book.build(&["--period", "2026-Q3"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a flag that does not fit the book is bad usage"
    );
    assert!(stderr(&out).contains("--period 2026-Q3 is a quarter but the book reports by month"));
}

#[test]
fn polish_excel_export_gives_the_same_data() {
    let plain = Book::tiny();
    let excel = Book::tiny();
    // The same rows as Polish Excel saves them: `;`, decimal comma, BOM, CRLF,
    // quoted fields and day-first dates.
    let mut text = String::from("\u{feff}");
    for (i, line) in plain.read("metrics/crm.csv").lines().enumerate() {
        let cells: Vec<String> = line
            .split(',')
            .enumerate()
            .map(|(j, cell)| match (i, j) {
                (0, _) => format!("\"{cell}\""),
                (_, 0) => {
                    let (y, rest) = cell.split_at(4);
                    format!("{}.{}.{y}", &rest[4..6], &rest[1..3])
                }
                (_, 1) => format!("\"{cell}\""),
                _ => cell.replace('.', ","),
            })
            .collect();
        text.push_str(&cells.join(";"));
        text.push_str("\r\n");
    }
    excel.write("metrics/crm.csv", &text);
    assert!(text.contains("\"ann\";8;2;600\r\n") && text.contains("500,25"));
    assert_ok(&plain.build(&[]));
    assert_ok(&excel.build(&[]));
    assert_eq!(
        plain.read("public/data/2026-10.csv"),
        excel.read("public/data/2026-10.csv")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Book::tiny();
    let b = Book::tiny();
    assert_ok(&a.build(&["--all-periods"]));
    assert_ok(&b.build(&["--all-periods"]));
    let (sa, sb) = (snapshot(&a.path("public")), snapshot(&b.path("public")));
    assert_eq!(sa.len(), sb.len());
    for ((na, ba), (nb, bb)) in sa.iter().zip(&sb) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between builds");
    }
    // A rebuild of an unchanged book rewrites nothing.
    let out = a.build(&["--all-periods"]);
    assert!(stderr(&out).contains("(0 written"), "{}", stderr(&out));
}

#[test]
fn hostile_names_are_shown_literally() {
    let book = Book::tiny();
    book.edit(
        "team.yaml",
        "name: Ann Able",
        "name: \"<script>alert('x')</script> {{ site.title }} Ann\"",
    );
    book.edit("team.yaml", "name: North", "name: \"North \\\"&\\\" <b>\"");
    assert_ok(&book.build(&[]));
    for page in ["index.html", "teams/north.html", "reps/ann/2026-10.html"] {
        let html = book.read(&format!("public/{page}"));
        assert!(!html.contains("<script>"), "{page} runs a script");
        assert!(!html.contains("North \"&\" <b>"), "{page} has raw markup");
        assert!(
            html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; {{ site.title }} Ann")
                || html.contains(
                    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{ site.title }} Ann"
                ),
            "{page} shows the name literally"
        );
    }
}

#[test]
fn check_validates_without_writing() {
    let book = Book::tiny();
    let out = book.run(&["check"]);
    assert_ok(&out);
    assert!(!book.path("public").exists());
    book.edit("team.yaml", "team: north\n", "team: nort\n");
    let out = book.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--> team.yaml:"));
    assert!(!book.path("public").exists());
}

#[test]
fn bad_usage_exits_with_2() {
    let out = pulsebook()
        .args(["build", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = pulsebook()
        .args(["build", "--period", "October"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn not_a_book_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = pulsebook().arg("build").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("this is not a pulsebook book"));
}

#[test]
fn book_templates_and_labels_override_the_theme_by_name() {
    let book = Book::tiny();
    book.write(
        "templates/team.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"own\">{{ team_name }}: {{ t.site_team }}</p>{% endblock %}",
    );
    book.write("templates/i18n/en.yaml", "site.team: \"Crew\"\n");
    book.write("templates/static/extra.css", "p { color: red }\n");
    assert_ok(&book.build(&[]));
    assert!(
        book.read("public/teams/north.html")
            .contains("<p class=\"own\">North: Crew</p>")
    );
    // The other templates and labels are still the built-in ones.
    assert!(book.read("public/index.html").contains("Overview"));
    assert_eq!(book.read("public/static/extra.css"), "p { color: red }\n");
    assert!(book.path("public/static/style.css").is_file());
}

#[test]
fn unknown_label_override_is_a_warning() {
    let book = Book::tiny();
    book.write(
        "templates/i18n/en.yaml",
        "site.team: Crew\nsite.tema: Typo\n",
    );
    let out = book.build(&[]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("warning: unknown label `site.tema` is not used"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--> templates/i18n/en.yaml:2:1"));
}

#[test]
fn assets_and_logo_are_copied_and_linked() {
    let book = Book::tiny();
    book.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    book.edit("pulsebook.yaml", "locale: en", "locale: en\nlogo: logo.svg");
    assert_ok(&book.build(&[]));
    assert!(book.path("public/assets/logo.svg").is_file());
    assert!(
        book.read("public/teams/north.html")
            .contains("src=\"../assets/logo.svg\"")
    );
}

#[test]
fn unused_metric_column_is_a_warning_with_a_suggestion() {
    let book = Book::tiny();
    let text: String = book
        .read("metrics/crm.csv")
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},revnue\n")
            } else {
                format!("{l},1\n")
            }
        })
        .collect();
    book.write("metrics/crm.csv", &text);
    let out = book.build(&[]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("warning: column `revnue` is not used by any KPI"),
        "{err}"
    );
    assert!(
        err.contains("--> metrics/crm.csv:1:30") && err.contains("did you mean `revenue`?"),
        "{err}"
    );
}

#[test]
fn check_finds_template_errors_that_show_only_when_rendering() {
    let book = Book::tiny();
    book.write(
        "templates/scorecard.html",
        "{% extends \"base.html\" %}{% block content %}\n{{ person.nickname }}\n{% endblock %}",
    );
    let out = book.run(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--> templates/scorecard.html:2"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn place_in_team_is_private_without_the_leaderboard() {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    assert!(
        book.read("public/reps/ann/index.html")
            .contains("1 of 2 in North")
    );
    book.edit("pulsebook.yaml", "leaderboard: true", "leaderboard: false");
    assert_ok(&book.build(&[]));
    assert!(
        !book
            .read("public/reps/ann/index.html")
            .contains(" of 2 in North")
    );
}

#[test]
fn builtin_handbook_can_be_switched_off() {
    let book = Book::tiny();
    book.write("content/rules.md", "---\ntitle: Our rules\n---\nBe kind.\n");
    assert_ok(&book.build(&[]));
    assert!(book.path("public/handbook/rules.html").is_file());
    assert!(
        book.path("public/handbook/welcome.html").is_file(),
        "built-in chapters by default"
    );
    book.edit(
        "pulsebook.yaml",
        "history: 6",
        "history: 6\nhandbook:\n  builtin: false",
    );
    assert_ok(&book.build(&[]));
    assert!(book.path("public/handbook/rules.html").is_file());
    assert!(!book.path("public/handbook/welcome.html").exists());
}

#[test]
fn formats_without_html_write_no_pages() {
    let book = Book::tiny();
    book.append("pulsebook.yaml", "email: { from: ops@tiny.example }\n");
    let out = book.build(&["--format", "pdf,email"]);
    assert_ok(&out);
    assert!(!book.path("public/index.html").exists());
    assert!(book.path("public/pdf/2026-10/ann.pdf").is_file());
    assert!(book.path("public/email/2026-10/ann.eml").is_file());
    assert!(book.path("public/data/2026-10.csv").is_file());
}

#[test]
fn a_partial_label_override_keeps_built_in_labels_elsewhere() {
    let book = Book::tiny();
    book.write(
        "kpis.yaml",
        "kpis:\n  - id: revenue\n    label: { pl: Przychód netto }\n",
    );
    assert_ok(&book.build(&[]));
    assert!(
        book.read("public/reps/cid/index.html")
            .contains("Przychód netto")
    );
    let ann = book.read("public/reps/ann/index.html");
    assert!(ann.contains(">Revenue<") && !ann.contains("Przychód netto"));
}
