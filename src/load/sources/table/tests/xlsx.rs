//! A workbook as Excel writes it: typed cells, sheets by name, a
//! preamble and a footer, Excel errors, header problems.

use super::{error, file, read_with, rows};
use crate::load::sources::table::{Format, ReadOptions, cell_name};

/// The test workbook (made with rust_xlsxwriter, committed so the tests need no
/// writer): sheets `Calls` (durations), `Deals` (a preamble, typed cells, a footer),
/// `Broken` (an Excel error), `Dupes` (a duplicate column), `Empty`.
pub(super) fn workbook_bytes() -> Vec<u8> {
    include_bytes!("book.xlsx").to_vec()
}

/// Options picking a sheet.
fn sheet(name: &str) -> ReadOptions {
    ReadOptions {
        sheet: Some(name.to_string()),
        ..ReadOptions::default()
    }
}

#[test]
fn reads_typed_cells_of_a_sheet_by_name_past_a_preamble_and_footer() {
    let (_dir, path) = file("deals.xlsx", &workbook_bytes());
    let options = ReadOptions {
        header_row: Some(3),
        footer_prefixes: vec!["Grand Totals".into(), "Confidential Information".into()],
        ..sheet("deals")
    };
    for capacity in [1, 8192] {
        let read = read_with(&path, &options, capacity).expect("reads");
        assert_eq!(
            read.table.columns(),
            ["Owner", "Amount", "Close Date", "Won", "Note"]
        );
        assert_eq!(
            read.records,
            rows(&[
                (
                    4,
                    &[
                        "Ben Okafor",
                        "#12400.5",
                        "@2026-03-02T14:30:00",
                        "?true",
                        "∅"
                    ]
                ),
                (
                    5,
                    &[
                        "Chloé Martin",
                        "#3",
                        "@2026-01-16T00:00:00",
                        "?false",
                        "renewal"
                    ]
                ),
            ])
        );
        let dialect = read.table.dialect();
        assert_eq!(
            dialect.format,
            Format::Xlsx {
                sheet: "Deals".into()
            }
        );
        assert_eq!((dialect.header_row, dialect.footer_lines), (3, 2));
        assert_eq!(read.table.blank_rows(), 1);
    }
}

#[test]
fn reads_the_first_sheet_by_default_with_times_and_durations_in_seconds() {
    let (_dir, path) = file("calls.xlsx", &workbook_bytes());
    let read = read_with(&path, &ReadOptions::default(), 8).expect("reads");
    assert_eq!(
        read.table.dialect().format,
        Format::Xlsx {
            sheet: "Calls".into()
        }
    );
    assert_eq!(
        read.records,
        rows(&[(2, &["Ben", "#161"]), (3, &["Ada", "#93600"])])
    );
}

#[test]
fn locates_a_cell_by_row_and_column() {
    let (_dir, path) = file("deals.xlsx", &workbook_bytes());
    let options = ReadOptions {
        header_row: Some(3),
        ..sheet("Deals")
    };
    let mut table = crate::load::sources::table::open(&path, &options).expect("opens");
    let mut batch = crate::load::sources::table::Batch::with_capacity(8);
    assert!(table.next_batch(&mut batch).expect("reads"));
    let at = batch.locate(1, 4);
    assert_eq!((at.line, at.column, at.snippet), (5, 5, None));
    assert_eq!(batch.fields(0), 4);
    assert_eq!(batch.fields(1), 5);
    assert_eq!(batch.char_column(0, 2), 3);
}

#[test]
fn an_excel_error_is_an_error_at_its_cell_after_the_rows_before_it() {
    let (_dir, path) = file("book.xlsx", &workbook_bytes());
    let mut table = crate::load::sources::table::open(&path, &sheet("Broken")).expect("opens");
    let mut batch = crate::load::sources::table::Batch::with_capacity(8);
    assert!(table.next_batch(&mut batch).expect("the good row"));
    assert_eq!(batch.len(), 1);
    let e = table.next_batch(&mut batch).expect_err("the error");
    assert_eq!(e.message, "cell B3 holds the Excel error #DIV/0!");
    assert_eq!((e.line, e.column), (Some(3), Some(2)));
}

#[test]
fn sheet_and_header_problems_are_errors() {
    let (_dir, path) = file("book.xlsx", &workbook_bytes());
    let e = error(&path, &sheet("Leads"));
    assert_eq!(e.message, "no sheet `Leads` in the workbook");
    assert_eq!(
        e.hint.as_deref(),
        Some("its sheets are `Calls`, `Deals`, `Broken`, `Dupes`, `Empty`")
    );
    let e = error(&path, &sheet("Dupes"));
    assert_eq!(
        e.message,
        "duplicate column `Owner`: columns B and C have that name"
    );
    assert_eq!((e.line, e.column), (Some(1), Some(3)));
    let e = error(&path, &sheet("Empty"));
    assert_eq!(e.message, "sheet `Empty` is empty");
    let options = ReadOptions {
        header_row: Some(2),
        ..sheet("Deals")
    };
    assert_eq!(
        error(&path, &options).message,
        "row 2 (`header_row: 2`) is blank"
    );
    let options = ReadOptions {
        header_row: Some(20),
        ..sheet("Deals")
    };
    assert_eq!(
        error(&path, &options).message,
        "`header_row: 20` is past the last row of sheet `Deals` (8)"
    );
    let (_dir, path) = file("broken.xlsx", b"PK\x03\x04 not really a zip");
    assert!(
        error(&path, &ReadOptions::default())
            .message
            .starts_with("cannot read the workbook: ")
    );
}

#[test]
fn names_cells_as_excel_does() {
    assert_eq!(cell_name(5, 3), "C5");
    assert_eq!(cell_name(1, 26), "Z1");
    assert_eq!(cell_name(1, 27), "AA1");
    assert_eq!(cell_name(10, 703), "AAA10");
}
