//! Fixture books and their expected output. Each book under `tests/books/<name>/` is
//! built into a temp dir, and every file of the output — names and bytes — must equal
//! the book's `expected/` folder: HTML pages, data CSVs, the search index, PDFs and
//! e-mails. A difference fails with the list of changed, missing and extra files and a
//! line diff of the first changed text file.
//!
//! After a deliberate change of the output, rewrite the expected trees with
//!
//! ```sh
//! PULSEBOOK_BLESS=1 cargo test --test e2e fixtures::
//! ```
//!
//! and review `git diff --stat tests/books` (and the diffs of the pages) before
//! committing them.
//!
//! | book      | what it has                                                      | built with |
//! |-----------|------------------------------------------------------------------|------------|
//! | `tiny`    | en, EUR, months; 3 people in 2 teams, `,` and `;` CSVs            | `--all-periods --format html,pdf` |
//! | `coaching`| tiny + coaching/log.yaml (touchpoints, feedback, actions, mentoring) | `--all-periods --format html,pdf` |
//! | `plan`    | tiny + plan.yaml (scenarios, a day off) and opportunities (funnel) | `--format html,pdf` |
//! | `email`   | tiny + a sender, addresses, a hostile and a Polish name (the pages are tiny's) | `--format email` |
//! | `exports` | pl, raw exports only: a Pipedrive deals export and a Genesys interactions export (presets), a Windows-1250 PBX report with a header row and a total line (sources.yaml); `data/sources.csv` | `--all-periods --format html` |
//! | `targets` | pl, months, data ending mid-November: effective-dated targets, targets/quotas.csv, a ramp, a joiner, a leaver, days off, a company day off, a band (tests/e2e/targets.rs works it out) | `--all-periods --format html` |
//! | `pipeline`| en, months: a HubSpot deals export in two dated snapshots a month apart (open deals, a slipped and a stale deal, a deal without amount or owner); `data/<period>-pipeline.csv` (tests/e2e/pipeline.rs works it out) | `--all-periods --format html` |
//! | `polski`  | pl, PLN, quarters, a Norwegian reader, day-first `;` CSV with decimal commas and spaces, monthly `period` rows, kpis.yaml, a chapter with shortcodes, a logo, a quarterly plan; `outputs: [html, pdf]` | `--all-periods`, `SOURCE_DATE_EPOCH` set |
//!
//! The builds depend on nothing but the book: periods in progress are measured up to
//! the last day with data (never today), fonts are embedded, and PDFs carry a creation
//! date only from `SOURCE_DATE_EPOCH`, which the test removes from the environment
//! (or sets, for `polski`). The loader reads only the book's own files and folders, so
//! `expected/` is never part of the book (checked below).

use std::fs;
use std::path::Path;

use crate::common::{Book, EXPECTED, assert_ok, copy_dir, files, fixture, pulsebook, snapshot};

/// Each fixture book: its name, the build arguments and `SOURCE_DATE_EPOCH` (none:
/// unset).
const BOOKS: [(&str, &[&str], Option<&str>); 8] = [
    ("tiny", &["--all-periods", "--format", "html,pdf"], None),
    ("coaching", &["--all-periods", "--format", "html,pdf"], None),
    ("plan", &["--format", "html,pdf"], None),
    ("email", &["--format", "email"], None),
    // 31 December 2026, 00:00 UTC.
    ("polski", &["--all-periods"], Some("1798675200")),
    ("exports", &["--all-periods", "--format", "html"], None),
    ("targets", &["--all-periods", "--format", "html"], None),
    ("pipeline", &["--all-periods", "--format", "html"], None),
];

/// The environment variable that rewrites the expected trees instead of comparing.
const BLESS: &str = "PULSEBOOK_BLESS";

/// Builds fixture book `name` and compares its output with its `expected/` folder (or
/// rewrites the folder when `PULSEBOOK_BLESS=1`).
fn matches_expected(name: &str) {
    let (_, args, epoch) = BOOKS
        .iter()
        .find(|(book, ..)| *book == name)
        .unwrap_or_else(|| panic!("`{name}` is not in BOOKS"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut build = pulsebook();
    build
        .arg("build")
        .arg(fixture(name))
        .args(*args)
        .arg("--out")
        .arg(&out);
    match epoch {
        Some(epoch) => build.env("SOURCE_DATE_EPOCH", epoch),
        None => build.env_remove("SOURCE_DATE_EPOCH"),
    };
    assert_ok(&build.output().unwrap());
    without_inputs_record(&out);

    let expected = fixture(name).join(EXPECTED);
    if std::env::var(BLESS).is_ok_and(|v| v == "1") {
        if expected.exists() {
            fs::remove_dir_all(&expected).unwrap();
        }
        copy_dir(&out, &expected, &[]);
        return;
    }
    if let Some(report) = differences(&snapshot(&expected), &snapshot(&out)) {
        panic!(
            "the output of tests/books/{name} differs from its {EXPECTED}/ folder:\n{report}\n\
             If the change is intended: {BLESS}=1 cargo test --test e2e fixtures::{name}"
        );
    }
}

/// Takes `.pulsebook-inputs` (and its manifest line) out of a built folder: its
/// fingerprints include the build of pulsebook (a hash of its sources), so they
/// change with every commit; tests/e2e/incremental.rs tests what it does.
fn without_inputs_record(out: &Path) {
    const INPUTS: &str = ".pulsebook-inputs";
    if fs::remove_file(out.join(INPUTS)).is_ok() {
        let manifest = out.join(".pulsebook-manifest");
        let text = fs::read_to_string(&manifest).unwrap();
        let kept: String = text
            .lines()
            .filter(|l| !l.ends_with(&format!("  {INPUTS}")))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(&manifest, kept).unwrap();
    }
}

/// What differs between the expected and the actual files: `None` when nothing.
fn differences(expected: &[(String, Vec<u8>)], actual: &[(String, Vec<u8>)]) -> Option<String> {
    let find = |files: &[(String, Vec<u8>)], name: &str| {
        files
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| files[i].1.clone())
    };
    let missing: Vec<&str> = expected
        .iter()
        .filter(|(n, _)| find(actual, n).is_none())
        .map(|(n, _)| n.as_str())
        .collect();
    let extra: Vec<&str> = actual
        .iter()
        .filter(|(n, _)| find(expected, n).is_none())
        .map(|(n, _)| n.as_str())
        .collect();
    let changed: Vec<(&str, &[u8], Vec<u8>)> = expected
        .iter()
        .filter_map(|(n, bytes)| {
            let now = find(actual, n)?;
            (now != *bytes).then_some((n.as_str(), bytes.as_slice(), now))
        })
        .collect();
    if missing.is_empty() && extra.is_empty() && changed.is_empty() {
        return None;
    }
    let mut report = String::new();
    for (what, names) in [
        ("changed", changed.iter().map(|c| c.0).collect::<Vec<_>>()),
        ("missing (expected, not written)", missing),
        ("extra (written, not expected)", extra),
    ] {
        if !names.is_empty() {
            report += &format!("{} {what}:\n  {}\n", names.len(), names.join("\n  "));
        }
    }
    let text = changed.iter().find_map(|(name, was, now)| {
        Some((
            name,
            std::str::from_utf8(was).ok()?,
            std::str::from_utf8(now).ok()?,
        ))
    });
    match (text, changed.first()) {
        (Some((name, was, now)), _) => report += &format!("--- {name}\n{}", line_diff(was, now)),
        (None, Some((name, was, now))) => {
            let at = was.iter().zip(now).take_while(|(a, b)| a == b).count();
            report += &format!(
                "{name} (binary): {} bytes expected, {} written, first difference at byte {at}\n",
                was.len(),
                now.len()
            );
        }
        (None, None) => {}
    }
    Some(report)
}

/// The lines that differ between two texts, after their common start and end, with
/// line numbers: `-` expected, `+` written. Long lines are cut around the first
/// differing character.
fn line_diff(was: &str, now: &str) -> String {
    const MOST: usize = 20;
    let (a, b): (Vec<&str>, Vec<&str>) = (was.lines().collect(), now.lines().collect());
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (gone, came) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    // The column of the first difference in the first changed line.
    let column = match (gone.first(), came.first()) {
        (Some(x), Some(y)) => x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count(),
        _ => 0,
    };
    let mut out = format!(
        "@@ line {}: {} lines expected, {} written @@\n",
        start + 1,
        gone.len(),
        came.len()
    );
    for (sign, lines) in [('-', gone), ('+', came)] {
        for (i, line) in lines.iter().take(MOST).enumerate() {
            out += &format!("{sign}{:>5} {}\n", start + i + 1, cut(line, column));
        }
        if lines.len() > MOST {
            out += &format!("{sign}      … {} more lines\n", lines.len() - MOST);
        }
    }
    out
}

/// At most 160 characters of `line`, around `column`.
fn cut(line: &str, column: usize) -> String {
    const WIDTH: usize = 160;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return line.to_string();
    }
    let from = column.saturating_sub(WIDTH / 2).min(chars.len() - WIDTH);
    let mut text: String = chars[from..from + WIDTH].iter().collect();
    if from > 0 {
        text.insert(0, '…');
    }
    if from + WIDTH < chars.len() {
        text.push('…');
    }
    text
}

#[test]
fn tiny() {
    matches_expected("tiny");
}

#[test]
fn coaching() {
    matches_expected("coaching");
}

#[test]
fn plan() {
    matches_expected("plan");
}

#[test]
fn email() {
    matches_expected("email");
}

#[test]
fn polski() {
    matches_expected("polski");
}

#[test]
fn exports() {
    matches_expected("exports");
}

#[test]
fn targets() {
    matches_expected("targets");
}

#[test]
fn pipeline() {
    matches_expected("pipeline");
}

#[test]
fn every_book_is_a_fixture_with_expected_output() {
    let books = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books");
    let mut on_disk: Vec<String> = fs::read_dir(&books)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = BOOKS.iter().map(|(name, ..)| *name).collect();
    listed.sort_unstable();
    assert_eq!(on_disk, listed, "every book under tests/books is in BOOKS");
    for name in listed {
        assert!(
            !files(&fixture(name).join(EXPECTED)).is_empty(),
            "tests/books/{name} has no {EXPECTED}/ (run with {BLESS}=1)"
        );
    }
}

#[test]
fn expected_output_is_not_part_of_the_book() {
    // The fixture as it is (with expected/) and a copy without expected/ build the
    // same site, and a build in place writes nothing into the book.
    let before = files(&fixture("tiny"));
    let copy = Book::tiny();
    let (in_place, copied) = (copy.tmp().join("in-place"), copy.tmp().join("copied"));
    assert_ok(
        &pulsebook()
            .arg("build")
            .arg(fixture("tiny"))
            .arg("--out")
            .arg(&in_place)
            .output()
            .unwrap(),
    );
    assert_ok(&copy.build(&["--out", &copied.to_string_lossy()]));
    assert!(
        snapshot(&in_place) == snapshot(&copied),
        "expected/ changed the site"
    );
    assert_eq!(files(&fixture("tiny")), before);
}

#[test]
fn the_diff_names_files_and_shows_the_changed_lines() {
    let file = |name: &str, text: &str| (name.to_string(), text.as_bytes().to_vec());
    let expected = [
        file("a.html", "<p>1</p>\n<p>2</p>\n<p>3</p>\n"),
        file("b.csv", "x\n"),
        file("gone.txt", ""),
    ];
    let actual = [
        file("a.html", "<p>1</p>\n<p>two</p>\n<p>3</p>\n"),
        file("b.csv", "x\n"),
        file("new.txt", ""),
    ];
    assert_eq!(differences(&expected, &expected), None);
    let report = differences(&expected, &actual).unwrap();
    assert_eq!(
        report,
        "1 changed:\n  a.html\n\
         1 missing (expected, not written):\n  gone.txt\n\
         1 extra (written, not expected):\n  new.txt\n\
         --- a.html\n\
         @@ line 2: 1 lines expected, 1 written @@\n\
         -    2 <p>2</p>\n\
         +    2 <p>two</p>\n"
    );
    // A long line is cut around its first difference.
    let long = "x".repeat(300);
    let diff = line_diff(&format!("{long}a{long}"), &format!("{long}b{long}"));
    assert!(diff.contains(&format!("-    1 …{}a{}…", "x".repeat(80), "x".repeat(79))));
}
