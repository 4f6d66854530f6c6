//! Bad input: every mistake gives exit status 1 and a message naming file, line and
//! column, never a panic, and the last good output stays exactly as it was.

use crate::common::{Book, snapshot, stderr};

enum Change {
    /// Replace the first occurrence of a text in a file.
    Edit(&'static str, &'static str, &'static str),
    /// Write a whole file.
    Write(&'static str, &'static str),
}

/// Builds the tiny book, applies `changes`, builds again and checks the failure.
fn fails_with(changes: &[Change], location: &str, message: &str) -> String {
    let book = Book::tiny();
    assert!(book.build(&[]).status.success(), "the fixture builds");
    let before = snapshot(&book.path("public"));

    for change in changes {
        match change {
            Change::Edit(file, from, to) => book.edit(file, from, to),
            Change::Write(file, text) => book.write(file, text),
        }
    }
    let out = book.build(&[]);
    let stderr = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit status 1 for `{message}`:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(&format!("--> {location}")),
        "expected location `{location}` in:\n{stderr}"
    );
    assert!(
        stderr.contains(message),
        "expected `{message}` in:\n{stderr}"
    );
    assert!(stderr.contains("nothing was written"));
    assert_eq!(
        snapshot(&book.path("public")),
        before,
        "the last good output is untouched"
    );
    stderr
}

use Change::{Edit, Write};

#[test]
fn yaml_syntax_error() {
    fails_with(
        &[Edit("team.yaml", "name: North", "name: [North")],
        "team.yaml:3:11",
        "",
    );
}

#[test]
fn unknown_key_suggests() {
    let err = fails_with(
        &[Edit("pulsebook.yaml", "history: 6", "histroy: 6")],
        "pulsebook.yaml:6:1",
        "unknown key `histroy`",
    );
    assert!(err.contains("did you mean `history`?"));
}

#[test]
fn type_error() {
    fails_with(
        &[Edit("pulsebook.yaml", "history: 6", "history: six")],
        "pulsebook.yaml:6:10",
        "expected a whole number",
    );
}

#[test]
fn duplicate_person_id() {
    fails_with(
        &[Edit("team.yaml", "id: bob", "id: ann")],
        "team.yaml:16:9",
        "duplicate person id `ann`",
    );
}

#[test]
fn invalid_id() {
    let err = fails_with(
        &[Edit("team.yaml", "id: north", "id: North Team")],
        "team.yaml:2:9",
        "invalid team id `North Team`",
    );
    assert!(err.contains("e.g. `north-team`"));
}

#[test]
fn unknown_team_and_manager() {
    let err = fails_with(
        &[
            Edit("team.yaml", "team: calls", "team: call"),
            Edit("team.yaml", "manager: mia-boss", "manager: mia"),
        ],
        "team.yaml:21:11",
        "unknown team `call`",
    );
    assert!(
        err.contains("--> team.yaml:4:14") && err.contains("unknown manager (person id) `mia`")
    );
    assert!(err.contains("did you mean `calls`?"));
}

#[test]
fn target_for_unknown_kpi() {
    fails_with(
        &[Edit("team.yaml", "aht: 300", "ath: 300")],
        "team.yaml:24:47",
        "target for unknown KPI `ath`",
    );
}

#[test]
fn csv_missing_rep_column() {
    fails_with(
        &[Edit("metrics/crm.csv", "date,rep,", "date,person,")],
        "metrics/crm.csv:1",
        "rep",
    );
}

#[test]
fn csv_bad_date() {
    fails_with(
        &[Edit("metrics/crm.csv", "2026-10-02,ann", "2026-10-32,ann")],
        "metrics/crm.csv:6:1",
        "2026-10-32",
    );
}

#[test]
fn csv_non_number() {
    fails_with(
        &[Edit(
            "metrics/crm.csv",
            "2026-10-01,bob,10,1,200",
            "2026-10-01,bob,10,one,200",
        )],
        "metrics/crm.csv:7:19",
        "one",
    );
}

#[test]
fn csv_non_number_in_a_semicolon_file() {
    fails_with(
        &[Edit("metrics/calls.csv", "cid;10;3200", "cid;10;32 min")],
        "metrics/calls.csv:3:19",
        "32 min",
    );
}

#[test]
fn csv_unknown_person() {
    let err = fails_with(
        &[Edit("metrics/crm.csv", "2026-10-01,bob", "2026-10-01,bobb")],
        "metrics/crm.csv:7:12",
        "bobb",
    );
    assert!(err.contains("did you mean `bob`?"), "{err}");
}

#[test]
fn csv_ragged_row() {
    fails_with(
        &[Edit(
            "metrics/crm.csv",
            "2026-10-05,cid,4,2,300",
            "2026-10-05,cid,4,2",
        )],
        "metrics/crm.csv:9",
        "",
    );
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let err = fails_with(
        &[
            Edit("metrics/crm.csv", "2026-10-01,bob", "2026-10-01,bobb"),
            Edit("metrics/crm.csv", "2026-10-02,ann", "2026-13-02,ann"),
            Edit("team.yaml", "aht: 300", "ath: 300"),
        ],
        "metrics/crm.csv:6:1",
        "bobb",
    );
    assert!(err.contains("--> team.yaml:24:47"));
    assert!(err.contains("the book has 3 errors"), "{err}");
}

#[test]
fn kpi_formula_with_unknown_measure() {
    let err = fails_with(
        &[Write(
            "kpis.yaml",
            "kpis:\n  - id: per_lead\n    formula: revenue / leeds\n    format: currency\n",
        )],
        "kpis.yaml:3:14",
        "formula uses `leeds`, which is not a base measure",
    );
    assert!(err.contains("did you mean `leads`?"));
}

#[test]
fn template_error_in_a_book_override() {
    fails_with(
        &[Write(
            "templates/team.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ team_name | nope }}\n{% endblock %}\n",
        )],
        "templates/team.html:3:16",
        "Unknown filter `nope`",
    );
}

#[test]
fn chapter_front_matter_error() {
    fails_with(
        &[Write(
            "content/intro.md",
            "---\ntitle: Intro\nwieght: 2\n---\n# Intro\n",
        )],
        "content/intro.md:3:1",
        "wieght",
    );
}

#[test]
fn missing_logo_file() {
    fails_with(
        &[Edit(
            "pulsebook.yaml",
            "locale: en",
            "locale: en\nlogo: logo.png",
        )],
        "pulsebook.yaml:4:7",
        "logo `assets/logo.png` does not exist",
    );
}
