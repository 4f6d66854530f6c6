//! Incremental builds (issue 20): a build reuses the PDFs of the last one whose
//! inputs did not change, and its output is byte for byte a clean build's after
//! every kind of edit — a metrics row, a target, a chapter, a template, a label, a
//! setting — and when the record of inputs is damaged or a PDF was changed by hand.

use crate::common::{Book, assert_ok, copy_dir, snapshot, stderr};

/// Builds `book` with PDFs into `out` (extra flags `extra`): the summary line.
fn build(book: &Book, out: &std::path::Path, extra: &[&str]) -> String {
    let mut args = vec!["--format", "html,pdf", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let result = book.build(&args);
    assert_ok(&result);
    let err = stderr(&result);
    err.lines()
        .find(|l| l.starts_with("built "))
        .unwrap_or_else(|| panic!("no summary line in {err}"))
        .to_string()
}

/// Builds the tiny book, applies `edit`, builds again into the same folder and,
/// clean, into a new one: the two outputs must be the same, file for file. Returns
/// the incremental build's summary line.
fn incremental_equals_clean(edit: impl FnOnce(&Book, &std::path::Path)) -> String {
    let book = Book::tiny();
    let out = book.tmp().join("incremental");
    let first = build(&book, &out, &[]);
    assert!(!first.contains("reused"), "{first}");
    edit(&book, &out);
    let summary = build(&book, &out, &[]);
    let clean = book.tmp().join("clean");
    let clean_summary = build(&book, &clean, &["--force"]);
    assert!(!clean_summary.contains("reused"), "{clean_summary}");
    let (a, b) = (snapshot(&out), snapshot(&clean));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same files");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs from a clean build's");
    }
    summary
}

#[test]
fn nothing_changed_reuses_every_pdf() {
    let summary = incremental_equals_clean(|_, _| {});
    assert!(summary.contains("0 written"), "{summary}");
    assert!(summary.contains("4 of 4 PDFs reused"), "{summary}");
}

#[test]
fn a_metrics_row() {
    let summary = incremental_equals_clean(|b, _| {
        b.append("metrics/crm.csv", "2026-10-05,cid,4,1,250\n");
    });
    // cid's scorecard and the handbook (its live organisation charts) change; ann's
    // and bob's (another team) do not.
    assert!(summary.contains("2 of 4 PDFs reused"), "{summary}");
}

#[test]
fn a_target() {
    incremental_equals_clean(|b, _| {
        b.edit(
            "team.yaml",
            "people: { bob: { revenue: 800 } }",
            "people: { bob: { revenue: 900 } }",
        );
    });
}

#[test]
fn a_chapter() {
    let summary = incremental_equals_clean(|b, _| {
        b.write(
            "content/travel.md",
            "---\ntitle: Travel\nweight: 200\n---\n\nBook trains.\n",
        );
    });
    // Only the handbook is typeset again.
    assert!(summary.contains("3 of 4 PDFs reused"), "{summary}");
}

#[test]
fn a_template() {
    incremental_equals_clean(|b, _| {
        let builtin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/pdf");
        copy_dir(&builtin, &b.path("templates/pdf"), &[]);
        let typ = b.read("templates/pdf/scorecard.typ");
        b.write(
            "templates/pdf/scorecard.typ",
            &format!("{typ}\nPrinted for the team.\n"),
        );
    });
}

#[test]
fn a_label() {
    incremental_equals_clean(|b, _| {
        b.write("templates/i18n/en.yaml", "status.amber: \"Nearly there\"\n");
    });
}

#[test]
fn a_setting() {
    incremental_equals_clean(|b, _| {
        b.edit(
            "pulsebook.yaml",
            "title: Tiny Handbook",
            "title: Tiny Sales Handbook",
        );
    });
}

#[test]
fn a_damaged_record_of_inputs_or_a_pdf_changed_by_hand() {
    let summary = incremental_equals_clean(|_, out| {
        let inputs = out.join(".pulsebook-inputs");
        let text = std::fs::read_to_string(&inputs).unwrap();
        // One fingerprint cut short, one line of noise; a scorecard edited by hand.
        let damaged = text.replacen("  pdf/handbook.pdf", "0  pdf/handbook.pdf", 1);
        std::fs::write(&inputs, format!("{damaged}not a line\n")).unwrap();
        let pdf = out.join("pdf/2026-10/ann.pdf");
        let mut bytes = std::fs::read(&pdf).unwrap();
        bytes.extend_from_slice(b"% edited\n");
        std::fs::write(&pdf, bytes).unwrap();
    });
    assert!(summary.contains("2 of 4 PDFs reused"), "{summary}");
}
