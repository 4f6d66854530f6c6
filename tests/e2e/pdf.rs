//! PDF output end to end: the handbook and scorecards are real PDFs whose text (read
//! back with poppler's `pdftotext`) holds the right names, values and labels, with
//! embedded fonts, byte-identical between builds. `.ci/run` installs poppler-utils.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{Book, assert_ok, stderr};

/// What a poppler tool prints for `pdf`: `TOOL OPTIONS… PDF TAIL…`.
fn poppler(tool: &str, options: &[&str], pdf: &Path, tail: &[&str]) -> String {
    let out = Command::new(tool)
        .args(options)
        .arg(pdf)
        .args(tail)
        .output()
        .unwrap_or_else(|e| {
            panic!("`{tool}` is needed (apt-get install poppler-utils; .ci/run does it): {e}")
        });
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

fn pdftotext(pdf: &Path) -> String {
    // -layout keeps table rows on one line.
    poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf, &["-"])
}

#[test]
fn scorecards_and_handbook_are_pdfs_with_the_right_text() {
    let book = Book::tiny();
    assert_ok(&book.build(&["--format", "html,pdf"]));
    let public = book.path("public");

    let ann = public.join("pdf/2026-10/ann.pdf");
    assert!(fs::read(&ann).unwrap().starts_with(b"%PDF-"));
    let text = pdftotext(&ann);
    for expected in [
        "Ann Able",
        "October 2026",
        "Revenue",
        "€1,100",
        "€1,000",
        // October is in progress (data through the 6th): revenue on pace, 1,100.25 of
        // 1,000 × 4 / 22 = 181.82 expected, 605 %.
        "expected so far €181.82",
        "605%",
        "On pace",
        "October 2026 is in progress",
        "Lead conversion",
        "25.0%",
        "On target",
        "1 of 2 in North",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from the scorecard:\n{text}"
        );
    }

    // cid reads Polish: labels, numbers and diacritics.
    let cid = pdftotext(&public.join("pdf/2026-10/cid.pdf"));
    for expected in [
        "Cid Caller",
        "PAŹDZIERNIK 2026",
        "października 2026",
        "Przychód",
        "5 min 05 s",
        "Cel nieosiągnięty",
    ] {
        let normalised = cid.replace('\u{a0}', " ");
        assert!(
            normalised.contains(expected),
            "`{expected}` missing:\n{cid}"
        );
    }

    let handbook = public.join("pdf/handbook.pdf");
    let text = pdftotext(&handbook);
    assert!(text.contains("Tiny Handbook"));
    assert!(text.contains("Contents"));

    // Fonts are embedded (pdffonts lists `emb` = yes for every font).
    let fonts = poppler("pdffonts", &[], &handbook, &[]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        assert!(row.contains(" yes "), "font not embedded: {row}");
    }

    // The site links to the PDFs.
    let page = fs::read_to_string(public.join("reps/ann/2026-10.html")).unwrap();
    assert!(page.contains("href=\"../../pdf/2026-10/ann.pdf\""));
    let contents = fs::read_to_string(public.join("handbook/index.html")).unwrap();
    assert!(contents.contains("href=\"../pdf/handbook.pdf\""));
}

#[test]
fn pdfs_are_byte_identical_between_builds() {
    let (first, second) = (Book::tiny(), Book::tiny());
    assert!(first.build(&["--format", "pdf"]).status.success());
    assert!(second.build(&["--format", "pdf"]).status.success());
    for pdf in [
        "pdf/handbook.pdf",
        "pdf/2026-10/ann.pdf",
        "pdf/2026-10/cid.pdf",
    ] {
        let a = fs::read(first.path("public").join(pdf)).unwrap();
        let b = fs::read(second.path("public").join(pdf)).unwrap();
        assert!(a == b, "{pdf} differs between builds");
    }
}

#[test]
fn hostile_text_is_typeset_literally() {
    let book = Book::tiny();
    book.edit(
        "team.yaml",
        "name: Ann Able",
        "name: \"#set page(width: 1cm) $x$ [a] *b* <c> @d // e\"",
    );
    book.write(
        "content/evil.md",
        "---\ntitle: \"Evil #import \\\"x\\\"\"\n---\nText with #let x = 1, $math$, [brackets], 1 < 2 > 0, @ref, // not a comment, \\\\ and `code \"q\"`.\n",
    );
    assert_ok(&book.build(&["--format", "pdf"]));
    let text = pdftotext(&book.path("public/pdf/2026-10/ann.pdf"));
    assert!(
        text.contains("#set page(width: 1cm) $x$ [a] *b* <c> @d // e"),
        "{text}"
    );
    let handbook = pdftotext(&book.path("public/pdf/handbook.pdf"));
    assert!(
        handbook.contains("#let x = 1, $math$, [brackets], 1 < 2 > 0, @ref, // not a comment"),
        "{handbook}"
    );
}

#[test]
fn errors_in_a_pdf_template_point_into_it() {
    let book = Book::tiny();
    book.write(
        "templates/pdf/scorecard.typ",
        "#let data = json(\"/data.json\")\n= #data.person.name\n#data.nope\n",
    );
    let out = book.build(&["--format", "pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("--> templates/pdf/scorecard.typ:3:"), "{err}");
    assert!(!book.path("public/pdf").exists(), "nothing written");
}

#[test]
fn packages_are_not_fetched() {
    let book = Book::tiny();
    book.write(
        "templates/pdf/scorecard.typ",
        "#import \"@preview/cetz:0.3.0\": *\nHello\n",
    );
    let out = book.build(&["--format", "pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("@preview/cetz") && err.contains("offline"),
        "{err}"
    );
}
