//! CSV: dialect, header row, blank rows, lines, footers, batches, locations, errors.

use super::{error, file, read, read_with, rows};
use crate::load::sources::table::{Batch, Dialect, Format, ReadOptions, open};

#[test]
fn reads_a_comma_file_with_its_lines_and_dialect() {
    let (_dir, path) = file("deals.csv", b"Owner,Amount,Stage\nBen,100,Won\nAda,,Lost\n");
    let read = read(&path);
    assert_eq!(read.table.columns(), ["Owner", "Amount", "Stage"]);
    assert_eq!(
        read.records,
        rows(&[(2, &["Ben", "100", "Won"]), (3, &["Ada", "∅", "Lost"])])
    );
    assert_eq!(
        *read.table.dialect(),
        Dialect {
            format: Format::Csv { delimiter: b',' },
            encoding: "UTF-8",
            bom: false,
            header_row: 1,
            footer_lines: 0,
        }
    );
}

#[test]
fn detects_the_delimiter_from_the_header_outside_quotes() {
    let cases: &[(&[u8], u8)] = &[
        (b"a;b;c\n1;2,5;3\n", b';'),
        (b"a\tb\tc\n1\t2\t3\n", b'\t'),
        (b"\"a;x\",\"b;y\",c\n1,2,3\n", b','),
        (b"a,b;c\n", b','),
    ];
    for (bytes, delimiter) in cases {
        let (_dir, path) = file("f.csv", bytes);
        let table = open(&path, &ReadOptions::default()).expect("opens");
        assert_eq!(
            table.dialect().format,
            Format::Csv {
                delimiter: *delimiter
            },
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn honours_excels_sep_line() {
    let (_dir, path) = file("f.csv", b"sep=;\r\nName,Full;Amount\r\nBen,B;1,5\r\n");
    let read = read(&path);
    assert_eq!(read.table.dialect().format, Format::Csv { delimiter: b';' });
    assert_eq!(read.table.dialect().header_row, 2);
    assert_eq!(read.table.columns(), ["Name,Full", "Amount"]);
    assert_eq!(read.records, rows(&[(3, &["Ben,B", "1,5"])]));
    let (_dir, path) = file("f.csv", b"\"sep=\t\"\nA,1\tB\n1\t2\n");
    let tab = super::read(&path);
    assert_eq!(tab.table.columns(), ["A,1", "B"]);
}

#[test]
fn reads_a_quoted_header_and_an_unquoted_body_as_five9_writes() {
    let bytes =
        b"\"TIMESTAMP\",\"AGENT\",\"TALK TIME\"\nFri, 02 Jan 2026 08:31:59,ben@acme.com,00:02:41\n";
    let (_dir, path) = file("five9.csv", bytes);
    let read = read(&path);
    assert_eq!(read.table.columns(), ["TIMESTAMP", "AGENT", "TALK TIME"]);
    // An unquoted comma splits the field: Five9 writes its timestamps without one.
    assert_eq!(read.records[0].1[0], "Fri");
}

#[test]
fn skips_blank_lines_before_the_header_and_blank_rows_after_it() {
    let bytes = b"\n  \n;;\nA;B\n1;2\n\n;\n  ;  \n3;4\n\n\n";
    let (_dir, path) = file("f.csv", bytes);
    let read = read(&path);
    assert_eq!(read.table.dialect().header_row, 4);
    assert_eq!(read.records, rows(&[(5, &["1", "2"]), (9, &["3", "4"])]));
    // Lines 6, 7, 8 and the two after line 9.
    assert_eq!(read.table.blank_rows(), 5);
}

#[test]
fn header_row_skips_a_preamble_and_keeps_line_numbers() {
    // A stray quote in the preamble must not swallow the header.
    let bytes = b"Report \"Calls\nRun by: ben\n\nAgent,Calls\nBen,3\n";
    let (_dir, path) = file("f.csv", bytes);
    let options = ReadOptions {
        header_row: Some(4),
        ..ReadOptions::default()
    };
    let read = read_with(&path, &options, 10).expect("reads");
    assert_eq!(read.table.columns(), ["Agent", "Calls"]);
    assert_eq!(read.table.dialect().header_row, 4);
    assert_eq!(read.records, rows(&[(5, &["Ben", "3"])]));
}

#[test]
fn counts_lines_across_crlf_and_quoted_line_ends() {
    let bytes = b"A,B\r\n1,\"two\r\nlines\"\r\n\r\n3,4\r\n5,\"x\ny\nz\"\n6,7";
    let (_dir, path) = file("f.csv", bytes);
    let read = read(&path);
    assert_eq!(
        read.records,
        rows(&[
            (2, &["1", "two\r\nlines"]),
            (5, &["3", "4"]),
            (6, &["5", "x\ny\nz"]),
            (9, &["6", "7"]),
        ])
    );
    assert_eq!(read.table.blank_rows(), 1);
}

#[test]
fn counts_lines_of_old_mac_files_ending_lines_with_cr() {
    let (_dir, path) = file("f.csv", b"A,B\r1,2\r\r3,4\r");
    let read = read(&path);
    assert_eq!(read.records, rows(&[(2, &["1", "2"]), (4, &["3", "4"])]));
}

#[test]
fn a_missing_trailing_field_is_empty_and_fields_says_what_was_there() {
    let (_dir, path) = file("f.csv", b"A,B,C,\n1,2\n1,2,3,4,5\n");
    let mut table = open(&path, &ReadOptions::default()).expect("opens");
    // The trailing unnamed column Excel leaves is dropped.
    assert_eq!(table.columns(), ["A", "B", "C"]);
    let mut batch = Batch::with_capacity(8);
    assert!(table.next_batch(&mut batch).expect("reads"));
    assert_eq!(batch.fields(0), 2);
    assert_eq!(super::show(batch.cell(0, 2)), "∅");
    assert_eq!(batch.fields(1), 5);
    assert_eq!(super::show(batch.cell(1, 4)), "5");
}

#[test]
fn reads_in_batches_up_to_their_capacity() {
    let mut bytes = b"n\n".to_vec();
    for i in 0..10 {
        bytes.extend_from_slice(format!("{i}\n").as_bytes());
    }
    let (_dir, path) = file("f.csv", &bytes);
    let mut table = open(&path, &ReadOptions::default()).expect("opens");
    let mut batch = Batch::with_capacity(3);
    let mut sizes = Vec::new();
    while table.next_batch(&mut batch).expect("reads") {
        sizes.push(batch.len());
    }
    assert_eq!(sizes, [3, 3, 3, 1]);
    assert!(batch.is_empty());
}

/// The tail of a Salesforce "Details Only" report export, as Salesforce writes it.
const SALESFORCE: &[u8] = b"\"Opportunity Owner\",\"Account Name\",\"Opportunity Name\",\"Stage\",\"Amount Currency\",\"Amount\",\"Close Date\",\"Created Date\"\r\n\
\"Ben Okafor\",\"Globex\",\"Globex - renewal\",\"Closed Won\",\"USD\",\"12400.00\",\"1/16/2026\",\"12/1/2025\"\r\n\
\"Chlo\xC3\xA9 Martin\",\"Initech\",\"Initech - 40 seats\",\"Closed Lost\",\"USD\",\"8000.00\",\"1/20/2026\",\"11/3/2025\"\r\n\
\"Ben Okafor\",\"Umbrella\",\"Umbrella - pilot\",\"Closed Won\",\"USD\",\"\",\"1/28/2026\",\"1/2/2026\"\r\n\
\r\n\
\"Grand Totals (3 records)\"\r\n\
\r\n\
\"Confidential Information - Do Not Distribute\"\r\n\
\r\n\
\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\r\n";

/// Salesforce's footer prefixes, as its preset will pass them.
fn salesforce_footer() -> ReadOptions {
    ReadOptions {
        footer_prefixes: vec![
            "Grand Totals".into(),
            "Confidential Information - Do Not Distribute".into(),
            "Copyright (c)".into(),
        ],
        ..ReadOptions::default()
    }
}

#[test]
fn drops_a_salesforce_footer() {
    let (_dir, path) = file("salesforce.csv", SALESFORCE);
    for capacity in [1, 2, 8192] {
        let read = read_with(&path, &salesforce_footer(), capacity).expect("reads");
        let owners: Vec<(usize, &str)> = read
            .records
            .iter()
            .map(|(line, cells)| (*line, cells[0].as_str()))
            .collect();
        assert_eq!(
            owners,
            [(2, "Ben Okafor"), (3, "Chloé Martin"), (4, "Ben Okafor")]
        );
        assert_eq!(read.records[2].1[5], "∅");
        assert_eq!(read.table.dialect().footer_lines, 3);
        assert_eq!(read.table.blank_rows(), 3);
    }
}

#[test]
fn footer_like_rows_followed_by_a_record_are_records() {
    let bytes = b"Name,Amount\nGrand Totals,\nBen,1\nGrand Totals (1 record),\n";
    let (_dir, path) = file("f.csv", bytes);
    let read = read_with(&path, &salesforce_footer(), 1).expect("reads");
    assert_eq!(
        read.records,
        rows(&[(2, &["Grand Totals", "∅"]), (3, &["Ben", "1"])])
    );
    assert_eq!(read.table.dialect().footer_lines, 1);
}

#[test]
fn footer_lines_drops_the_last_rows_and_the_longer_footer_wins() {
    let bytes = b"n\n1\n2\n3\n\n4\n5\n";
    let (_dir, path) = file("f.csv", bytes);
    let options = ReadOptions {
        footer_lines: 2,
        ..ReadOptions::default()
    };
    for capacity in [1, 2, 3, 100] {
        let read = read_with(&path, &options, capacity).expect("reads");
        assert_eq!(read.records, rows(&[(2, &["1"]), (3, &["2"]), (4, &["3"])]));
        assert_eq!(read.table.dialect().footer_lines, 2);
    }
    let options = ReadOptions {
        footer_lines: 1,
        ..salesforce_footer()
    };
    let (_dir, path) = file("salesforce.csv", SALESFORCE);
    let read = read_with(&path, &options, 2).expect("reads");
    assert_eq!(read.records.len(), 3);
    assert_eq!(read.table.dialect().footer_lines, 3);
}

#[test]
fn footer_lines_past_the_rows_drops_them_all() {
    let (_dir, path) = file("f.csv", b"n\n1\n2\n");
    let options = ReadOptions {
        footer_lines: 5,
        ..ReadOptions::default()
    };
    let read = read_with(&path, &options, 8).expect("reads");
    assert!(read.records.is_empty());
    assert_eq!(read.table.dialect().footer_lines, 2);
}

#[test]
fn locates_cells_by_character_column_with_their_line() {
    let bytes = "Imię,Kwota,Uwagi\n\"Łukasz, W\",  12 zł ,\"a\nżółw\"\n".as_bytes();
    let (_dir, path) = file("f.csv", bytes);
    let mut table = open(&path, &ReadOptions::default()).expect("opens");
    let mut batch = Batch::with_capacity(4);
    assert!(table.next_batch(&mut batch).expect("reads"));
    let first = batch.locate(0, 0);
    assert_eq!((first.line, first.column, first.len), (2, 2, 9));
    assert_eq!(first.snippet.as_deref(), Some("\"Łukasz, W\",  12 zł ,\"a"));
    assert_eq!(batch.char_column(0, 1), 15);
    assert_eq!(batch.locate(0, 1).len, 5);
    let third = batch.locate(0, 2);
    assert_eq!((third.line, third.column), (2, 23));
    // Past the last field: the end of the record, on its last line.
    let past = batch.locate(0, 7);
    assert_eq!((past.line, past.column, past.len), (3, 6, 0));
}

#[test]
fn a_workbook_named_csv_is_read_as_a_workbook() {
    let bytes = super::xlsx::workbook_bytes();
    let (_dir, path) = file("export.csv", &bytes);
    let table = open(&path, &ReadOptions::default()).expect("opens");
    assert!(matches!(table.dialect().format, Format::Xlsx { .. }));
}

#[test]
fn errors_name_the_problem_and_where() {
    let (_dir, path) = file("f.csv", b"");
    let missing = path.with_file_name("missing.csv");
    assert_eq!(
        error(&missing, &ReadOptions::default()).message,
        "file not found"
    );
    /// File bytes, `header_row`, the message, and where (line, column).
    type Case<'a> = (&'a [u8], Option<usize>, &'a str, Option<(usize, usize)>);
    let cases: &[Case] = &[
        (b"", None, "empty file", None),
        (b"\xEF\xBB\xBF", None, "empty file", None),
        (b"\n \n;;\n", None, "empty file", None),
        (
            b"\nA,,C\n",
            None,
            "column 2 of the header has no name",
            Some((2, 3)),
        ),
        (
            b"Owner;\"Amount\";Owner\n",
            None,
            "duplicate column `Owner`: columns 1 and 3 have that name",
            Some((1, 16)),
        ),
        (
            b"a\nb\n",
            Some(5),
            "`header_row: 5` is past the end of the file (2 lines)",
            None,
        ),
        (
            b"title\n\nA,B\n",
            Some(2),
            "line 2 (`header_row: 2`) is blank",
            Some((2, 1)),
        ),
        (
            b"sep=;\nA;B\n",
            Some(1),
            "line 1 is Excel's `sep=` line, not a header",
            Some((1, 1)),
        ),
    ];
    for (bytes, header_row, message, at) in cases {
        let (_dir, path) = file("f.csv", bytes);
        let options = ReadOptions {
            header_row: *header_row,
            ..ReadOptions::default()
        };
        let e = error(&path, &options);
        assert_eq!(e.message, *message);
        assert_eq!(e.line.zip(e.column), *at, "{message}");
    }
    let (_dir, path) = file("f.csv", b"A,A\n");
    assert_eq!(
        error(&path, &ReadOptions::default()).to_string(),
        "1:3: duplicate column `A`: columns 1 and 2 have that name \
         (hint: rename one of them, so each column has its own name)"
    );
}

#[test]
fn tables_and_batches_can_move_to_another_thread() {
    fn send<T: Send>() {}
    send::<crate::load::sources::table::Table>();
    send::<Batch>();
}

#[test]
fn a_folder_is_no_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = error(dir.path(), &ReadOptions::default());
    assert_eq!(e.message, "a folder, not a file");
}

#[test]
fn a_header_may_hold_a_quoted_line_end() {
    let (_dir, path) = file("f.csv", b"\"Call\nID\",Agent\n1,Ben\n");
    let read = read(&path);
    assert_eq!(read.table.columns(), ["Call\nID", "Agent"]);
    assert_eq!(read.records, rows(&[(3, &["1", "Ben"])]));
}

/// A file of `records` records of varied length (some with quoted line ends,
/// blank lines between some), CRLF; with the line, id and note each record has.
fn varied(records: usize) -> (String, Vec<(usize, String, String)>) {
    let mut text = String::from("id,name,note\r\n");
    let mut expected = Vec::new();
    let mut line = 2;
    for i in 0..records {
        if i % 97 == 1 {
            text.push_str("\r\n,,\r\n");
            line += 2;
        }
        let (written, note, lines) = if i % 13 == 0 {
            let note = format!("multi\r\nline \"{i}\"");
            (format!("\"multi\r\nline \"\"{i}\"\"\""), note, 2)
        } else {
            let note = "ż".repeat(i % 150);
            (note.clone(), note, 1)
        };
        text.push_str(&format!("{i},Łukasz {i},{written}\r\n"));
        expected.push((line, i.to_string(), note));
        line += lines;
    }
    (text, expected)
}

#[test]
fn lines_and_text_stay_exact_across_buffers() {
    let (text, expected) = varied(12_000);
    assert!(text.len() > 1_000_000, "crosses many 64 KiB buffers");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for bytes in [text.as_bytes(), utf16.as_slice()] {
        let (_dir, path) = file("f.csv", bytes);
        let mut table = open(&path, &ReadOptions::default()).expect("opens");
        let mut batch = Batch::with_capacity(1000);
        let mut seen = 0;
        while table.next_batch(&mut batch).expect("reads") {
            for r in 0..batch.len() {
                let (line, id, note) = &expected[seen];
                assert_eq!(batch.line(r), *line);
                assert_eq!(super::show(batch.cell(r, 0)), *id);
                let shown = super::show(batch.cell(r, 2));
                assert_eq!(shown, if note.is_empty() { "∅" } else { note });
                let at = batch.locate(r, 1);
                let snippet = at.snippet.expect("a CSV snippet");
                assert!(snippet.starts_with(&format!("{id},Łukasz {id},")));
                assert_eq!((at.line, at.column), (*line, id.len() + 2));
                seen += 1;
            }
        }
        assert_eq!(seen, expected.len());
        assert_eq!(table.blank_rows(), 2 * 12_000_usize.div_ceil(97));
    }
}
