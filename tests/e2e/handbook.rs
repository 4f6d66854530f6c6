//! The handbook's authoring loop — `init` for each locale, shortcodes with
//! live data (and their diagnostics), the search index, the single-page handbook.
//!
//! Shortcode values by hand, from tests/books/tiny (en, EUR):
//! - default targets: revenue 1000 → "€1,000", conversion 0.25 → "25.0%", aht 300 s;
//!   the Call Desk team: conversion 0.5 → "50.0%", revenue 500 → "€500.00";
//!   bob's own revenue target 800 → "€800.00".
//! - ann's revenue in 2026-10: 600 + 500.25 = 1100.25 → "€1,100".

use std::fs;
use std::path::Path;

use crate::common::{Book, assert_ok, assert_stderr_has, pulsebook, read, stderr, write};

/// The JSON inside `static/search-index.js`.
fn search_index(site: &Path) -> serde_json::Value {
    let js = read(site.join("static/search-index.js"));
    let json = js
        .trim()
        .split_once("window.pulsebookSearch = ")
        .map(|(_, json)| json)
        .and_then(|j| j.strip_suffix(';'))
        .unwrap_or_else(|| panic!("unexpected search index shape: {}", &js[..80.min(js.len())]));
    serde_json::from_str(json).unwrap()
}

#[test]
fn init_builds_a_complete_book_in_every_locale() {
    let dir = tempfile::tempdir().unwrap();
    for (locale, kpi_title, roster_heading) in [
        ("en", "Our KPIs", "Who is who"),
        ("pl", "Nasze wskaźniki", "Kto jest kim"),
        ("nb", "Våre nøkkeltall", "Hvem er hvem"),
    ] {
        let root = dir.path().join(locale);
        let out = pulsebook()
            .args(["init"])
            .arg(&root)
            .args(["--locale", locale])
            .output()
            .unwrap();
        assert_ok(&out);
        assert!(read(root.join("pulsebook.yaml")).contains(&format!("locale: {locale}")));
        assert!(root.join("content/feedback.md").is_file());

        let out = pulsebook().arg("build").arg(&root).output().unwrap();
        assert_ok(&out);
        // No warnings on a fresh book: every sample column feeds a KPI.
        assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
        let kpis = read(root.join("public/handbook/kpis.html"));
        assert!(kpis.contains(kpi_title), "{locale}");
        // The starter's default revenue target (40000) is in the live KPI table.
        assert!(kpis.contains("live-kpis"), "{locale}");
        let welcome = read(root.join("public/handbook/welcome.html"));
        assert!(welcome.contains(roster_heading), "{locale}");
        assert!(welcome.contains("live-roster"), "{locale}");
        for page in ["index.html", "handbook/index.html", "handbook/print.html"] {
            assert!(root.join("public").join(page).is_file(), "{locale}: {page}");
        }
        // Scorecards for the four sample people with data (managers have none).
        assert_eq!(fs::read_dir(root.join("public/reps")).unwrap().count(), 4);
        let docs = search_index(&root.join("public"))["docs"]
            .as_array()
            .map_or(0, Vec::len);
        assert!(docs > 50, "{locale}: {docs} sections");
    }
    // Same starter twice gives the same bytes.
    let again = dir.path().join("again");
    assert_ok(
        &pulsebook()
            .arg("init")
            .arg(&again)
            .args(["--locale", "pl"])
            .output()
            .unwrap(),
    );
    for file in [
        "team.yaml",
        "metrics/crm.csv",
        "metrics/calls.csv",
        "content/kpis.md",
    ] {
        assert_eq!(
            fs::read(dir.path().join("pl").join(file)).unwrap(),
            fs::read(again.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn init_refuses_to_overwrite_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    write(root.join("team.yaml"), "# mine\n");
    let out = pulsebook().arg("init").arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("team.yaml` already exists"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("never overwrites"));
    // Nothing was written, and the user's file is untouched.
    assert_eq!(read(root.join("team.yaml")), "# mine\n");
    assert!(!root.join("pulsebook.yaml").exists());

    let out = pulsebook()
        .args(["init", "x", "--locale", "de"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "bad usage");
}

const LIVE: &str = r#"---
title: Live data
weight: 5
---

Our conversion target is {{ target(kpi="conversion") }}; at the Call Desk it is
{{ target(kpi="conversion", team="calls") }}. Bob's revenue target is
{{ target(kpi="revenue", person="bob") }} and Ann brought in {{ value(kpi="revenue", person="ann") }}.

{{ kpis() }}

{{ roster(team="north") }}

{{ chart(kpi="conversion", team="north", periods=3) }}

Write `{{ kpis() }}` to show the table.
"#;

#[test]
fn shortcodes_render_the_books_data() {
    let book = Book::tiny();
    book.write("content/live.md", LIVE);
    assert_ok(&book.build(&[]));
    let html = book.read("public/handbook/live.html");
    for expected in [
        "Our conversion target is 25.0%; at the Call Desk it is\n50.0%.",
        "Bob’s revenue target is\n€800.00 and Ann brought in €1,100.",
        // Code is left as written.
        "<code>{{ kpis() }}</code>",
    ] {
        let expected = expected.replace('’', "'");
        assert!(
            html.contains(&expected) || html.contains(&expected.replace('\'', "&#39;")),
            "missing `{expected}` in\n{html}"
        );
    }
    // The KPI table: the default targets and the team that differs.
    let table = &html[html.find("live-kpis").unwrap()..html.find("live-roster").unwrap()];
    let row = |id: &str| {
        let start = table.find(&format!("id=\"kpi-{id}\"")).unwrap();
        let end = table[start..].find("</tr>").unwrap() + start;
        table[start..end].to_string()
    };
    assert!(row("revenue").contains("€1,000"), "{}", row("revenue"));
    assert!(row("revenue").contains("Call Desk: <strong>€500.00</strong>"));
    assert!(row("conversion").contains("<code>deals / leads</code>"));
    assert!(row("conversion").contains("25.0%"));
    assert!(row("conversion").contains("Call Desk: <strong>50.0%</strong>"));
    assert!(row("aht").contains("↓"));
    // The roster of one team: its manager first, then members with scorecard links.
    let roster = &html[html.find("live-roster").unwrap()..html.find("live-chart").unwrap()];
    assert!(roster.contains("North"));
    assert!(!roster.contains("Call Desk"));
    let (mia, ann) = (
        roster.find("Mia Boss").unwrap(),
        roster.find("Ann Able").unwrap(),
    );
    assert!(mia < ann);
    assert!(roster.contains("href=\"../reps/ann/index.html\""));
    // The chart: a trend card with an SVG for the north team.
    let chart = &html[html.find("live-chart").unwrap()..];
    assert!(chart.contains("<svg"));
    assert!(chart.contains("North"));
    // The token never leaks into the page.
    assert!(!html.contains('\u{E000}'));
}

#[test]
fn changing_a_target_changes_the_handbook_table() {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    let row = |html: &str| {
        let start = html.find("id=\"kpi-conversion\"").unwrap();
        html[start..start + html[start..].find("</tr>").unwrap()].to_string()
    };
    let before = book.read("public/handbook/kpis.html");
    assert!(row(&before).contains("25.0%"), "{}", row(&before));

    book.edit("team.yaml", "conversion: 0.25", "conversion: 0.3");
    assert_ok(&book.build(&[]));
    let after = book.read("public/handbook/kpis.html");
    assert!(row(&after).contains("30.0%"), "{}", row(&after));
    assert!(!row(&after).contains("25.0%"));
}

#[test]
fn a_shortcode_typo_is_a_diagnostic_with_file_line_and_column() {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    let before = fs::read(book.path("public/handbook/kpis.html")).unwrap();
    book.write(
        "content/live.md",
        "# Live\n\nSee {{ target(kpi=\"convrsion\") }}.\n\n{{ rostr() }}\n\n{{ chart(team=\"south\") }}\n",
    );
    let out = book.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_has(
        &out,
        &[
            "error: unknown KPI `convrsion`\n --> content/live.md:3:19",
            "did you mean `conversion`?",
            "error: unknown shortcode `rostr`\n --> content/live.md:5:4",
            "did you mean `roster`?",
            "error: unknown team `south`\n --> content/live.md:7:15",
        ],
    );
    // The last good output is untouched.
    assert_eq!(
        fs::read(book.path("public/handbook/kpis.html")).unwrap(),
        before
    );
    assert!(!book.path("public/handbook/live.html").exists());
}

#[test]
fn search_index_holds_every_chapter_section() {
    let book = Book::tiny();
    book.write("content/live.md", LIVE);
    assert_ok(&book.build(&[]));
    let index = search_index(&book.path("public"));
    let docs = index["docs"].as_array().unwrap();
    let find = |url: &str| {
        docs.iter()
            .find(|d| d["url"] == url)
            .unwrap_or_else(|| panic!("no section `{url}`"))
    };
    // A section per heading, linked to its anchor, with the chapter's title.
    let sbi = find("feedback.html#sbi");
    assert_eq!(sbi["heading"], "The SBI model");
    assert_eq!(sbi["title"], "Giving feedback");
    assert!(sbi["text"].as_str().unwrap().contains("Situation"));
    // Live data is indexed as rendered: the roster's names, the targets.
    let live = find("live.html");
    let text = live["text"].as_str().unwrap();
    assert!(
        text.contains("Ann Able") && text.contains("25.0%"),
        "{text}"
    );
    assert!(!text.contains("<svg") && !text.contains('\u{E000}'));
    // Labels for the search box come from the book's locale.
    assert_eq!(index["labels"]["placeholder"], "Search the handbook");
    // Every page links the search scripts, which are in the site.
    let page = book.read("public/index.html");
    assert!(page.contains("<script src=\"static/search-index.js\" defer></script>"));
    for file in ["minisearch.min.js", "search.js", "search-index.js"] {
        assert!(book.path("public/static").join(file).is_file(), "{file}");
    }
}

#[test]
fn single_page_handbook_has_unique_ids_and_local_links() {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    let html = book.read("public/handbook/print.html");
    // Every chapter, in order, each under its own id.
    let welcome = html.find("id=\"welcome\"").unwrap();
    let feedback = html.find("id=\"feedback\"").unwrap();
    assert!(welcome < feedback);
    assert!(html.contains("id=\"feedback--sbi\""));
    // Links between chapters point into the page.
    assert!(html.contains("href=\"#scorecard\""));
    assert!(!html.contains("href=\"scorecard.html"));
    // No id appears twice.
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "duplicate ids in print.html");
}

/// The text a reader sees in `html`: tags dropped, the common entities decoded.
fn visible_text(html: &str) -> String {
    let body = html.split_once("<body").map_or(html, |(_, b)| b);
    let mut out = String::new();
    let mut in_tag = false;
    let mut in_script = false;
    for (i, c) in body.char_indices() {
        match c {
            '<' => {
                in_tag = true;
                let rest = &body[i..];
                if rest.starts_with("<script") {
                    in_script = true;
                } else if rest.starts_with("</script") {
                    in_script = false;
                }
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag && !in_script => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace('\u{a0}', " ")
}

/// `key: "text"` lines of a built-in label catalogue.
fn labels(lang: &str) -> std::collections::BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("templates/i18n/{lang}.yaml"));
    read(path)
        .lines()
        .filter_map(|l| {
            let (key, value) = l.split_once(": ")?;
            let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
            Some((key.trim().to_string(), value.replace("\\\"", "\"")))
        })
        .collect()
}

/// The `title:` of every built-in chapter of `lang`.
fn chapter_titles(lang: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("content/{lang}"));
    let mut titles: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let text = read(e.unwrap().path());
            let line = text.lines().find(|l| l.starts_with("title: "))?;
            Some(line["title: ".len()..].trim().trim_matches('"').to_string())
        })
        .collect();
    titles.sort();
    titles
}

#[test]
fn a_norwegian_book_holds_no_english_chapter_title_or_label() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("nb");
    assert_ok(
        &pulsebook()
            .args(["init"])
            .arg(&root)
            .args(["--locale", "nb"])
            .output()
            .unwrap(),
    );
    let out = pulsebook()
        .arg("build")
        .arg(&root)
        .args(["--format", "html,pdf"])
        .output()
        .unwrap();
    assert_ok(&out);

    let norwegian = chapter_titles("nb");
    let english: Vec<String> = chapter_titles("en")
        .into_iter()
        .filter(|t| !norwegian.contains(t))
        .collect();
    let (en, nb) = (labels("en"), labels("nb"));
    // Labels of two words or more that Norwegian words differently: one on a page means
    // an English text reached a Norwegian reader.
    let english_labels: Vec<&String> = en
        .iter()
        .filter(|(key, text)| {
            nb.get(*key).is_some_and(|n| n != *text)
                && text.split_whitespace().count() >= 2
                && !text.contains('{')
        })
        .map(|(_, text)| text)
        .collect();
    assert!(english_labels.len() > 50, "{} labels", english_labels.len());

    let site = root.join("public");
    let mut found = Vec::new();
    for page in crate::common::files(&site)
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.starts_with("email/"))
    {
        let text = visible_text(&read(site.join(&page)));
        for title in &english {
            if text.contains(title.as_str()) {
                found.push(format!("{page}: chapter title `{title}`"));
            }
        }
        for label in &english_labels {
            if text.contains(label.as_str()) {
                found.push(format!("{page}: label `{label}`"));
            }
        }
    }
    let pdf = std::process::Command::new("pdftotext")
        .arg(site.join("pdf/handbook.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let pdf_text = String::from_utf8_lossy(&pdf.stdout).replace('\n', " ");
    for title in &english {
        if pdf_text.contains(title.as_str()) {
            found.push(format!("pdf/handbook.pdf: chapter title `{title}`"));
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "English in the Norwegian book:\n{}",
        found.join("\n")
    );
}
