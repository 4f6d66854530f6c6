//! Inputs nobody meant to write (issue 18): days far outside the data, a file name
//! with a backslash, links and globs that lead outside the book. Each is a located
//! error with exit status 1, never a panic, and the last good output stays as it was.

use crate::common::{Book, assert_ok, snapshot, stderr};

/// Builds the tiny book, applies `change`, builds again: exit status 1, no panic,
/// the output untouched; the diagnostics.
fn refused(change: impl FnOnce(&Book)) -> String {
    let book = Book::tiny();
    assert_ok(&book.build(&[]));
    let before = snapshot(&book.path("public"));
    change(&book);
    let out = book.build(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        snapshot(&book.path("public")) == before,
        "the last good output is untouched"
    );
    err
}

#[test]
fn a_row_dated_9999_is_an_error_at_its_cell() {
    let err = refused(|b| b.append("metrics/crm.csv", "9999-12-01,ann,1,1,1\n"));
    assert!(
        err.contains("`9999-12-01` is outside the years pulsebook reads, 1990 to 2100"),
        "{err}"
    );
    assert!(err.contains("--> metrics/crm.csv:"), "{err}");
}

#[test]
fn a_typo_in_the_year_is_an_error_not_a_row_long_ago() {
    let err = refused(|b| b.append("metrics/crm.csv", "0202-10-01,ann,1,1,1\n"));
    assert!(err.contains("`0202-10-01` is outside the years"), "{err}");
    assert!(err.contains("a typo such as 0202 for 2026"), "{err}");
}

#[test]
fn a_period_in_year_9999_is_refused_by_the_command_line() {
    let book = Book::tiny();
    let out = book.build(&["--period", "9999-12"]);
    let err = stderr(&out);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("`9999-12` is outside the years"), "{err}");
}

#[test]
fn days_off_and_done_dates_outside_the_years_are_located() {
    let err = refused(|b| {
        b.edit(
            "team.yaml",
            "name: Ann Able",
            "name: Ann Able\n    days_off: [9999-01-01]",
        );
    });
    assert!(err.contains("`9999-01-01` is outside the years"), "{err}");
    assert!(err.contains("--> team.yaml:"), "{err}");
}

#[test]
fn an_asset_with_a_backslash_in_its_name_is_an_error() {
    let err = refused(|b| b.write("assets/logo\\small.svg", "<svg/>"));
    assert!(
        err.contains("the file name `logo\\small.svg` has a backslash"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_book_are_refused_and_nothing_is_published() {
    use std::os::unix::fs::symlink;
    let secret = tempfile::tempdir().unwrap();
    let target = secret.path().join("passwd");
    std::fs::write(&target, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    let err = refused(|b| {
        std::fs::create_dir_all(b.path("assets")).unwrap();
        symlink(&target, b.path("assets/passwd.txt")).unwrap();
        symlink(secret.path(), b.path("content")).unwrap();
        symlink(&target, b.path("metrics/other.csv")).unwrap();
    });
    for link in ["assets/passwd.txt", "content", "metrics/other.csv"] {
        assert!(
            err.contains(&format!("`{link}` is a symbolic link to `")),
            "{link} is not named in\n{err}"
        );
    }
    assert!(err.contains(&target.display().to_string()), "{err}");
    assert!(!err.contains("root:x:0:0"), "the file is never read: {err}");
}

#[cfg(unix)]
#[test]
fn a_settings_file_linked_from_outside_is_refused() {
    use std::os::unix::fs::symlink;
    let elsewhere = tempfile::tempdir().unwrap();
    let err = refused(|b| {
        let team = elsewhere.path().join("team.yaml");
        std::fs::copy(b.path("team.yaml"), &team).unwrap();
        std::fs::remove_file(b.path("team.yaml")).unwrap();
        symlink(&team, b.path("team.yaml")).unwrap();
    });
    assert!(err.contains("`team.yaml` is a symbolic link to `"), "{err}");
}

#[cfg(unix)]
#[test]
fn links_inside_the_book_are_followed() {
    use std::os::unix::fs::symlink;
    let book = Book::tiny();
    std::fs::create_dir_all(book.path("shared")).unwrap();
    book.write(
        "shared/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    std::fs::create_dir_all(book.path("assets")).unwrap();
    symlink(book.path("shared/logo.svg"), book.path("assets/logo.svg")).unwrap();
    assert_ok(&book.build(&[]));
    assert_eq!(
        book.read("public/assets/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
}

#[test]
fn a_glob_that_climbs_out_of_the_book_is_refused() {
    let err = refused(|b| {
        b.write(
            "sources.yaml",
            "sources:\n  - name: crm\n    files: ../elsewhere/*.csv\n    person: { column: rep }\n    date: { column: date }\n    measures:\n      leads: { sum: leads }\n",
        );
    });
    assert!(
        err.contains("`../elsewhere/*.csv` is outside the book"),
        "{err}"
    );
    assert!(err.contains("--> sources.yaml:3:"), "{err}");
}

#[test]
fn a_chapter_over_the_limit_is_an_error_not_a_read_into_memory() {
    let err = refused(|b| {
        std::fs::create_dir_all(b.path("content")).unwrap();
        let line = "A sentence of the handbook, again and again.\n";
        let text = line.repeat((33 << 20) / line.len());
        b.write("content/huge.md", &format!("---\ntitle: Huge\n---\n{text}"));
    });
    assert!(
        err.contains("pulsebook reads files of this kind up to 32 MiB"),
        "{err}"
    );
    assert!(err.contains("content/huge.md"), "{err}");
}

#[test]
fn an_export_without_line_breaks_is_an_error_at_the_file() {
    let err = refused(|b| {
        // A HubSpot export whose body lost its line breaks (2 MiB in one line).
        let header = "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date\n";
        let row = "1,Acme,Closed Won,2026-10-01,Ann Able,100,2026-09-01,";
        let body = row.repeat((2 << 20) / row.len());
        b.write("metrics/hubspot-deals.csv", &format!("{header}{body}"));
    });
    assert!(err.contains("a line is longer than 1 MiB"), "{err}");
    assert!(err.contains("metrics/hubspot-deals.csv"), "{err}");
}

#[test]
fn settings_or_team_as_a_folder_is_said_so() {
    for file in ["pulsebook.yaml", "team.yaml"] {
        let err = refused(|b| {
            std::fs::remove_file(b.path(file)).unwrap();
            std::fs::create_dir(b.path(file)).unwrap();
        });
        assert!(
            err.contains(&format!("--> {file}")) && err.contains("it is a folder"),
            "{file}: {err}"
        );
        assert!(!err.contains("not a pulsebook book"), "{err}");
    }
}

#[test]
fn a_folder_named_like_an_export_is_a_warning() {
    let book = Book::tiny();
    std::fs::create_dir_all(book.path("metrics/october.csv")).unwrap();
    book.write("metrics/october.csv/crm.csv", &book.read("metrics/crm.csv"));
    let out = book.build(&[]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("metrics/october.csv is a folder, not an export: it is not read"),
        "{err}"
    );
}

#[test]
fn a_thousand_bad_rows_print_a_screenful_and_count_the_rest() {
    let err = refused(|b| {
        // A mapping gone wrong: a word where every row has its number, on a 100 KB line.
        let long = "x".repeat(100_000);
        let rows: String = (0..1000)
            .map(|_| format!("2026-10-01,ann,{long},1,1\n"))
            .collect();
        b.append("metrics/crm.csv", &rows);
    });
    let tail = &err[err.len().saturating_sub(2000)..];
    assert!(err.contains("… and 950 more errors in this file"), "{tail}");
    assert!(err.len() < 100_000, "{} bytes of diagnostics", err.len());
}

#[test]
fn a_thousand_people_on_unknown_teams_print_a_screenful_and_count_the_rest() {
    let err = refused(|b| {
        // A roster pasted from a spreadsheet whose team column held the region names.
        let people: String = (0..1000)
            .map(|i| format!("  - {{ id: rep-{i}, name: Rep {i}, team: region-{i} }}\n"))
            .collect();
        b.edit("team.yaml", "people:\n", &format!("people:\n{people}"));
    });
    let tail = &err[err.len().saturating_sub(2000)..];
    assert!(
        err.contains("team.yaml: 900 more errors not shown (the first 100 are above)"),
        "{tail}"
    );
    assert!(err.contains("the book has 1000 errors"), "{tail}");
    assert!(err.len() < 100_000, "{} bytes of diagnostics", err.len());
}
