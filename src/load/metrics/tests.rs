//! The metrics loader's tests: dialects, errors and their positions, chunking, numbers.

use std::path::{Path, PathBuf};

use jiff::civil::{Date, date};

use super::header::detect_delimiter;
use super::numbers::{NumberStyle, parse_number};
use super::{CHUNK_BYTES, Metrics, Options, load, load_chunked};
use crate::base::diag::{self, Diagnostic, Diagnostics, Severity};
use crate::base::period::PeriodKind;

const PEOPLE: [&str; 3] = ["anna-kowalska", "jan-nowak", "lukasz-wisniewski"];

fn options(period: PeriodKind) -> Options {
    Options {
        period,
        skip_bad_rows: false,
    }
}

fn run_with(files: &[(&str, &[u8])], options: Options, chunk: usize) -> (Metrics, Vec<Diagnostic>) {
    let files: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|(path, bytes)| (PathBuf::from(path), bytes.to_vec()))
        .collect();
    let mut diags = Diagnostics::new();
    let metrics = load_chunked(&files, &PEOPLE, &options, &mut diags, chunk);
    (metrics, diags.sorted())
}

fn run(files: &[(&str, &str)]) -> (Metrics, Vec<Diagnostic>) {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    run_with(&files, options(PeriodKind::Month), CHUNK_BYTES)
}

/// The value of `measure` for `person` on `day`: `None` without a row that day.
fn value(m: &Metrics, person: &str, day: Date, measure: &str) -> Option<f64> {
    let p = PEOPLE.iter().position(|&id| id == person)?;
    let row = m.people[p].days.iter().position(|&d| d == day)?;
    Some(m.row(p, row)[m.measure_index(measure)?])
}

/// Everything loaded, as text that compares NaN and the exact bits of each value.
fn dump(m: &Metrics) -> String {
    let mut out = format!("{:?}\n", m.measures);
    for (p, series) in m.people.iter().enumerate() {
        for (i, day) in series.days.iter().enumerate() {
            let bits: Vec<u64> = m.row(p, i).iter().map(|v| v.to_bits()).collect();
            out.push_str(&format!("{} {day} {bits:?}\n", PEOPLE[p]));
        }
    }
    out
}

const PLAIN: &str = "date,rep,leads,deals,revenue\n\
        2026-10-01,jan-nowak,10,2,1234.5\n\
        2026-10-01,anna-kowalska,4,,99.25\n\
        2026-10-02,jan-nowak,7,1,-12.75\n";

#[test]
fn loads_comma_file() {
    let (m, diags) = run(&[("metrics/crm.csv", PLAIN)]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(m.measures, ["deals", "leads", "revenue"]);
    assert_eq!(m.files, [PathBuf::from("metrics/crm.csv")]);
    let jan = &m.people[1];
    assert_eq!(jan.days, [date(2026, 10, 1), date(2026, 10, 2)]);
    assert_eq!(jan.values, [2.0, 10.0, 1234.5, 1.0, 7.0, -12.75]);
    assert_eq!(
        value(&m, "anna-kowalska", date(2026, 10, 1), "revenue"),
        Some(99.25)
    );
    assert!(m.people[2].days.is_empty());
    assert_eq!(m.last_day(), Some(date(2026, 10, 2)));
    assert_eq!(m.measure_index("revenue"), Some(2));
    assert_eq!(m.measure_index("calls"), None);
}

#[test]
fn polish_excel_file_loads_like_the_comma_file() {
    // BOM, `;`, CRLF, quoted cells (one holding the delimiter in a quoted header),
    // decimal commas, grouping with a space and a no-break space, day-first dates,
    // and the empty `;;;;` rows Excel leaves at the end.
    let polish = "\u{FEFF}Date;\"Rep\";leads;deals;revenue\r\n\
            \"2026-10-01\";\"jan-nowak\";10;2;\"1 234,50\"\r\n\
            01.10.2026;anna-kowalska; 4 ;;99,25\r\n\
            \r\n\
            2026-10-02;jan-nowak;7;1;-12,750\r\n\
            ;;;;\r\n";
    let nbsp = polish.replace("\"1 234,50\"", "1\u{A0}234,5");
    let (plain, _) = run(&[("metrics/crm.csv", PLAIN)]);
    for text in [polish.to_string(), nbsp] {
        let (m, diags) = run(&[("metrics/crm.csv", &text)]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(dump(&m), dump(&plain));
    }
}

#[test]
fn tab_file_allows_decimal_comma() {
    let tab = PLAIN.replace(',', "\t").replace("1234.5", "1234,5");
    let (m, diags) = run(&[("metrics/crm.tsv", &tab)]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        value(&m, "jan-nowak", date(2026, 10, 1), "revenue"),
        Some(1234.5)
    );
    assert_eq!(
        value(&m, "jan-nowak", date(2026, 10, 2), "revenue"),
        Some(-12.75)
    );
}

#[test]
fn empty_cell_is_missing_not_zero() {
    let (m, _) = run(&[("metrics/crm.csv", PLAIN)]);
    let deals = value(&m, "anna-kowalska", date(2026, 10, 1), "deals").unwrap();
    assert!(deals.is_nan());
}

#[test]
fn two_files_add_up() {
    let crm = "date,rep,deals,revenue\n2026-10-01,jan-nowak,2,100\n2026-10-01,jan-nowak,1,\n";
    let more = "date,rep,deals,calls\n2026-10-01,jan-nowak,3,7\n2026-10-03,jan-nowak,,5\n";
    let (m, diags) = run(&[("metrics/b.csv", more), ("metrics/a.csv", crm)]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(m.measures, ["calls", "deals", "revenue"]);
    assert_eq!(
        m.files,
        [
            PathBuf::from("metrics/a.csv"),
            PathBuf::from("metrics/b.csv")
        ]
    );
    let d1 = date(2026, 10, 1);
    assert_eq!(value(&m, "jan-nowak", d1, "deals"), Some(6.0));
    assert_eq!(value(&m, "jan-nowak", d1, "revenue"), Some(100.0));
    assert_eq!(value(&m, "jan-nowak", d1, "calls"), Some(7.0));
    let d3 = date(2026, 10, 3);
    assert!(value(&m, "jan-nowak", d3, "deals").unwrap().is_nan());
    assert!(value(&m, "jan-nowak", d3, "revenue").unwrap().is_nan());
    assert_eq!(value(&m, "jan-nowak", d3, "calls"), Some(5.0));
}

#[test]
fn exact_duplicate_row_is_a_warning_and_counted_twice() {
    let a = "date,rep,deals,revenue\n2026-10-01,jan-nowak,2,\n2026-10-02,jan-nowak,1,5\n";
    let b = "rep;date;revenue;deals\njan-nowak;2026-10-01;;2\njan-nowak;2026-10-02;5;2\n";
    let (m, diags) = run(&[("metrics/a.csv", a), ("metrics/b.csv", b)]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        "duplicate row: also at metrics/a.csv:2; values are counted twice"
    );
    assert_eq!(
        (d.file.to_str(), d.line, d.col),
        (Some("metrics/b.csv"), 2, 1)
    );
    assert_eq!(d.snippet.as_deref(), Some("jan-nowak;2026-10-01;;2"));
    assert_eq!(
        value(&m, "jan-nowak", date(2026, 10, 1), "deals"),
        Some(4.0)
    );
    // Same day, different values: not a duplicate, just two rows.
    assert_eq!(
        value(&m, "jan-nowak", date(2026, 10, 2), "deals"),
        Some(3.0)
    );
}

#[test]
fn month_rows_load_into_month_and_quarter_books() {
    let text = "period,rep,deals\n2026-10,jan-nowak,3\n2026-11,jan-nowak,4\n2026-10,jan-nowak,1\n";
    for kind in [PeriodKind::Month, PeriodKind::Quarter] {
        let (m, diags) = run_with(
            &[("metrics/m.csv", text.as_bytes())],
            options(kind),
            CHUNK_BYTES,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(m.people[1].days, [date(2026, 10, 1), date(2026, 11, 1)]);
        assert_eq!(m.people[1].values, [4.0, 4.0]);
    }
}

#[test]
fn week_rows_are_rejected_in_a_month_book() {
    let text = "period,rep,deals\n2026-W42,jan-nowak,3\n";
    let (m, diags) = run(&[("metrics/w.csv", text)]);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].message, "weekly rows cannot be summed into months");
    assert_eq!((diags[0].line, diags[0].col, diags[0].len), (2, 1, 8));
    assert!(m.people[1].days.is_empty());
    let week = options(PeriodKind::Week);
    let (m, diags) = run_with(&[("metrics/w.csv", text.as_bytes())], week, CHUNK_BYTES);
    assert!(diags.is_empty());
    assert_eq!(m.people[1].days, [date(2026, 10, 12)]);
}

#[test]
fn each_error_points_at_file_line_and_character_column() {
    let row = |text: &str| format!("date,rep,deals,leads\n{text}\n").into_bytes();
    // `#` becomes é as Windows-1250 or Latin-1 encode it: not UTF-8.
    let latin1 = |b: Vec<u8>| -> Vec<u8> {
        b.into_iter()
            .map(|c| if c == b'#' { 0xE9 } else { c })
            .collect()
    };
    // (file, message part, [line, character column, underline length])
    let cases: Vec<(Vec<u8>, &str, [usize; 3])> = vec![
        (
            row("2026-10-01,jan-nowk,1,2"),
            "unknown person `jan-nowk`",
            [2, 12, 8],
        ),
        (
            row("\"2026-10-01\",\"jan-nowk\",1,2"),
            "unknown person",
            [2, 15, 8],
        ),
        (
            row("2026-10-01,Łukasz,1x,2"),
            "`1x` in column `deals` is not",
            [2, 19, 2],
        ),
        (
            row("2026-13-01,jan-nowak,1,2"),
            "`2026-13-01` is not a date",
            [2, 1, 10],
        ),
        (row(" ,jan-nowak,1,2"), "missing date", [2, 2, 0]),
        (row("2026-10-01,,1,2"), "missing person id", [2, 12, 0]),
        (
            row("2026-10-01,jan-nowak,\"1,5\",2"),
            "`1,5` in column `deals`",
            [2, 23, 3],
        ),
        (
            row("2026-10-01,jan-nowak,1"),
            "row has 3 fields, the header has 4",
            [2, 23, 0],
        ),
        (
            row("2026-10-01,jan-nowak,1,2,3"),
            "row has 5 fields, the header",
            [2, 26, 1],
        ),
        (
            row("\r\n\r\n2026-10-01,jan-nowak,x,2\r"),
            "`x` in column `deals`",
            [4, 22, 1],
        ),
        (
            row("\"2026-10-01\",jan-nowak,\"1\n\",x"),
            "`x` in column `leads`",
            [3, 3, 1],
        ),
        (
            latin1(row("2026-10-01,jan-now#k,1,2")),
            "invalid UTF-8",
            [2, 19, 1],
        ),
        (
            b"date,person,deals\n".to_vec(),
            "missing column `rep`",
            [1, 1, 17],
        ),
        (
            b"day,rep,deals\n".to_vec(),
            "missing column `date` (or `period`)",
            [1, 1, 13],
        ),
        (
            b"date,rep,period\n".to_vec(),
            "either a `date` or a `period`",
            [1, 10, 6],
        ),
        (
            b"date,rep,Revenue PLN\n".to_vec(),
            "`Revenue PLN` is not snake_case",
            [1, 10, 11],
        ),
        (
            b"date;rep;deals;\"deals\"\n".to_vec(),
            "duplicate column `deals`",
            [1, 17, 5],
        ),
        (b"date,,rep\n".to_vec(), "column 2 has no name", [1, 6, 0]),
        (
            b"date,rep,przych\xF3d\n".to_vec(),
            "invalid UTF-8",
            [1, 16, 1],
        ),
        (
            b"period,rep,d\n2026-13,jan-nowak,1\n".to_vec(),
            "is not a period",
            [2, 1, 7],
        ),
        (
            b"period,rep,d\n2026-Q4,jan-nowak,1\n".to_vec(),
            "quarterly rows cannot",
            [2, 1, 7],
        ),
        (b"\xEF\xBB\xBF\r\n".to_vec(), "empty file", [0, 0, 0]),
    ];
    for (text, message, [line, col, len]) in cases {
        let file = [("metrics/x.csv", text.as_slice())];
        let (_, diags) = run_with(&file, options(PeriodKind::Month), CHUNK_BYTES);
        let d = diags
            .iter()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("no `{message}` in {diags:#?}"));
        assert!(d.is_error(), "{message}");
        assert_eq!(d.file, Path::new("metrics/x.csv"), "{message}");
        assert_eq!((d.line, d.col, d.len), (line, col, len), "{message}: {d}");
        if line > 0 {
            let source = String::from_utf8_lossy(&text).replace('\r', "");
            let source_line = source.lines().nth(line - 1).unwrap();
            assert_eq!(d.snippet.as_deref(), Some(source_line), "{message}");
        }
    }
}

#[test]
fn hints_suggest_the_fix() {
    let (_, diags) = run(&[
        (
            "metrics/a.csv",
            "date,rep,deals\n2026-10-01,jan-nowk,1\n2026-10-01,zed,1\n",
        ),
        ("metrics/b.csv", "date,rep,Revenue PLN,handleSeconds\n"),
        ("metrics/c.csv", "date|rep|deals\n"),
    ]);
    let hints: Vec<(&str, Option<&str>)> = diags
        .iter()
        .map(|d| (d.message.as_str(), d.hint.as_deref()))
        .collect();
    assert_eq!(
        hints,
        [
            (
                "unknown person `jan-nowk`",
                Some("did you mean `jan-nowak`?")
            ),
            (
                "unknown person `zed`",
                Some("people are listed in team.yaml")
            ),
            ("no data rows: the file has only a header", None),
            (
                "column name `Revenue PLN` is not snake_case",
                Some("rename it to `revenue_pln`")
            ),
            (
                "column name `handleSeconds` is not snake_case",
                Some("rename it to `handle_seconds`")
            ),
            (
                "the header has a single column `date|rep|deals`",
                Some(
                    "a header names `date` (or `period`), `rep` and measures, separated by `,`, `;` or tab"
                )
            ),
        ]
    );
}

#[test]
fn collects_errors_from_every_file() {
    let (m, diags) = run(&[
        (
            "metrics/c.csv",
            "date,rep,deals\n2026-10-01,jan-nowak,x\n2026-10-02,jan-nowak,1\n",
        ),
        ("metrics/a.csv", "date,rep,deals\n2026-10-01,nobody,1\n"),
        ("metrics/b.csv", "rep,deals\n"),
        ("metrics/d.csv", "date,rep,deals\n"),
    ]);
    let found: Vec<(String, usize, Severity)> = diags
        .iter()
        .map(|d| (diag::display_path(&d.file), d.line, d.severity))
        .collect();
    assert_eq!(
        found,
        [
            ("metrics/a.csv".into(), 2, Severity::Error),
            ("metrics/b.csv".into(), 1, Severity::Error),
            ("metrics/c.csv".into(), 2, Severity::Error),
            ("metrics/d.csv".into(), 0, Severity::Warning),
        ]
    );
    assert_eq!(diags[3].message, "no data rows: the file has only a header");
    // The good row of c.csv still loads; b.csv had no usable header.
    assert_eq!(m.people[1].days, [date(2026, 10, 2)]);
    assert_eq!(m.files.len(), 3);
}

#[test]
fn errors_are_capped_per_file_and_unknown_people_reported_once() {
    let mut text = String::from("date,rep,deals\n");
    for day in 1..=30 {
        text.push_str(&format!("2026-10-{day:02},jan-nowk,1\n"));
    }
    for day in 1..=60 {
        text.push_str(&format!("2026-11-{:02},jan-nowak,x{day}\n", day % 30 + 1));
    }
    for chunk in [CHUNK_BYTES, 64] {
        let (_, diags) = run_with(
            &[("metrics/x.csv", text.as_bytes())],
            options(PeriodKind::Month),
            chunk,
        );
        assert_eq!(diags.len(), 51, "chunk {chunk}");
        let unknown = diags
            .iter()
            .find(|d| d.message.starts_with("unknown"))
            .unwrap();
        assert_eq!(
            (unknown.message.as_str(), unknown.line),
            ("unknown person `jan-nowk` (30 rows)", 2)
        );
        let last = diags.iter().find(|d| d.line == 0).unwrap();
        assert_eq!(last.message, "… and 11 more errors in this file");
        assert!(last.is_error());
    }
}

#[test]
fn skip_bad_rows_turns_errors_into_warnings() {
    let text =
        "date,rep,deals\n2026-10-01,jan-nowak,x\n2026-10-01,nobody,1\n2026-10-02,jan-nowak,3\n";
    let skip = Options {
        skip_bad_rows: true,
        ..options(PeriodKind::Month)
    };
    let (m, diags) = run_with(&[("metrics/x.csv", text.as_bytes())], skip, CHUNK_BYTES);
    assert_eq!(diags.len(), 2);
    assert!(diags.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(m.people[1].days, [date(2026, 10, 2)]);
    assert_eq!(m.people[1].values, [3.0]);
}

#[test]
fn chunked_parsing_gives_the_same_result() {
    let mut text = String::from("date,rep,deals,revenue\n");
    for i in 0..500 {
        let person = PEOPLE[i % 3];
        let rep = if i % 97 == 0 { "nobody" } else { person };
        let deals = if i % 89 == 0 {
            "?".to_string()
        } else {
            (i % 7).to_string()
        };
        text.push_str(&format!(
            "2026-{:02}-{:02},{rep},{deals},{}.5\n",
            i % 12 + 1,
            i % 28 + 1,
            i
        ));
        if i % 50 == 0 {
            text.push('\n');
        }
    }
    let file = [("metrics/x.csv", text.as_bytes())];
    let (whole, whole_diags) = run_with(&file, options(PeriodKind::Month), CHUNK_BYTES);
    let (split, split_diags) = run_with(&file, options(PeriodKind::Month), 100);
    assert!(!whole_diags.is_empty());
    assert_eq!(dump(&whole), dump(&split));
    assert_eq!(whole_diags, split_diags);
}

#[test]
fn quote_free_rows_read_like_csv_reads_them() {
    // Rows without quotes are split directly; quoting one cell per row sends the
    // same data through csv, and so do bare-CR line ends (Excel's "CSV (Macintosh)").
    // All must load and report alike.
    let mut plain = String::from("date,rep,deals,revenue\n");
    for i in 0..300 {
        let rep = if i % 41 == 0 { "nobody" } else { PEOPLE[i % 3] };
        let deals = if i % 37 == 0 { "x" } else { "2" };
        plain.push_str(&format!(
            "2026-10-{:02},{rep},{deals}, {i}.25\r\n",
            i % 28 + 1
        ));
        if i % 30 == 0 {
            plain.push_str(",,,\n\n  \r\n");
        }
    }
    let quoted = plain.replace(",2,", ",\"2\",");
    let old_mac = plain.replace("\r\n", "\r").replace('\n', "\r");
    let month = options(PeriodKind::Month);
    let (expected, expected_diags) = run_with(&[("m.csv", quoted.as_bytes())], month, 1000);
    let key = |diags: &[Diagnostic]| -> Vec<(usize, String)> {
        diags.iter().map(|d| (d.line, d.message.clone())).collect()
    };
    for text in [&plain, &old_mac] {
        let (m, diags) = run_with(&[("m.csv", text.as_bytes())], month, 1000);
        assert_eq!(dump(&m), dump(&expected));
        assert_eq!(key(&diags), key(&expected_diags));
    }
}

#[test]
fn numbers_parse_like_std_in_every_dialect() {
    let comma = NumberStyle {
        decimal_comma: false,
        grouping: false,
    };
    let semicolon = NumberStyle {
        decimal_comma: true,
        grouping: true,
    };
    for text in [
        "0",
        "-0",
        "7",
        "+7",
        "1234.5",
        "0.1",
        "0.3",
        ".5",
        "5.",
        "-12.75",
        "123456789012345678",
        "12345678901234567890123",
        "9007199254740993",
        "0.000000000000000000000001",
        "1e3",
        "2.5E-3",
        "3.141592653589793238",
    ] {
        let expected: f64 = text.parse().unwrap();
        for style in [comma, semicolon] {
            let got = parse_number(text.as_bytes(), style).unwrap();
            assert_eq!(got.to_bits(), expected.to_bits(), "{text}");
        }
    }
    let cases: [(&str, NumberStyle, Option<f64>); 14] = [
        ("1 234,50", semicolon, Some(1234.5)),
        ("1\u{202F}234\u{A0}567,5", semicolon, Some(1234567.5)),
        ("12 345 678", semicolon, Some(12345678.0)),
        ("1,5e3", semicolon, Some(1500.0)),
        ("1 234,50", comma, None),
        ("1,5", comma, None),
        ("12 34", semicolon, None),
        ("1234 567", semicolon, None),
        ("1.234,50", semicolon, None),
        ("1,2,3", semicolon, None),
        ("inf", comma, None),
        ("NaN", comma, None),
        ("1e400", comma, None),
        ("-", comma, None),
    ];
    for (text, style, expected) in cases {
        assert_eq!(parse_number(text.as_bytes(), style), expected, "{text}");
    }
    assert!(parse_number(b"  ", comma).unwrap().is_nan());
}

#[test]
fn numbers_read_while_splitting_match_parse_number() {
    let cells = [
        "7",
        "-7",
        "+7",
        "0012",
        "-0",
        "5.",
        ".5",
        "-.5",
        ".",
        "-",
        "",
        " ",
        " 7",
        "7 ",
        "1,5",
        "1.2.3",
        "1,2",
        "1 234,5",
        "12 34",
        "1e3",
        "1,5e-3",
        "123456789012345",
        "1234567890123456",
        "0,000000000000001",
        "x",
        "--1",
        "1-",
    ];
    for delimiter in [";", ",", "\t"] {
        let style = NumberStyle {
            decimal_comma: delimiter != ",",
            grouping: delimiter == ";",
        };
        let mut text = format!("date{delimiter}rep{delimiter}m\n");
        for cell in cells {
            // Quoting would send the file through csv; this one is split directly.
            text.push_str(&format!(
                "2026-10-01{delimiter}jan-nowak{delimiter}{cell}\r\n"
            ));
        }
        let (_, diags) = run(&[("m.csv", &text)]);
        for (i, cell) in cells.iter().enumerate() {
            let reported = diags.iter().any(|d| d.is_error() && d.line == i + 2);
            let parsed = parse_number(cell.as_bytes(), style);
            assert_eq!(reported, parsed.is_none(), "{cell:?} with {delimiter:?}");
        }
        // Each good cell adds its exact value to the day's sum.
        let (m, _) = run(&[("m.csv", &text)]);
        let sum = cells
            .iter()
            .filter_map(|c| parse_number(c.as_bytes(), style))
            .filter(|v| !v.is_nan())
            .fold(f64::NAN, |a, v| if a.is_nan() { v } else { a + v });
        let got = value(&m, "jan-nowak", date(2026, 10, 1), "m").unwrap();
        assert_eq!(got.to_bits(), sum.to_bits(), "{delimiter:?}");
    }
}

#[test]
fn detects_delimiter_outside_quotes() {
    assert_eq!(detect_delimiter(b"date,rep,deals"), b',');
    assert_eq!(detect_delimiter(b"\"a,b,c\";rep;deals"), b';');
    assert_eq!(detect_delimiter(b"date\trep\tdeals,x"), b'\t');
    assert_eq!(detect_delimiter(b"date"), b',');
}

/// 1,000 people × 800 days × 15 measures. Run with
/// `cargo test --release -- --ignored --nocapture loads_800k_rows_quickly`.
#[test]
#[ignore]
fn loads_800k_rows_quickly() {
    let ids: Vec<String> = (0..1000).map(|i| format!("rep-{i:04}")).collect();
    let people: Vec<&str> = ids.iter().map(String::as_str).collect();
    let measures = [
        "leads",
        "opportunities",
        "deals",
        "revenue",
        "cycle_days_sum",
        "calls",
        "handle_seconds",
        "answer_seconds",
        "abandoned",
        "available_seconds",
        "busy_seconds",
        "csat_responses",
        "csat_sum",
        "crm_interactions",
        "new_customers",
    ];
    let mut text = format!("date,rep,{}\n", measures.join(","));
    let mut day = date(2024, 1, 1);
    for d in 0..800 {
        let day_text = day.to_string();
        for (p, id) in ids.iter().enumerate() {
            text.push_str(&day_text);
            text.push(',');
            text.push_str(id);
            for m in 0..measures.len() {
                let n = (d * 7 + p * 13 + m * 31) % 1000;
                if m == 3 {
                    text.push_str(&format!(",{n}.{:02}", n % 100));
                } else {
                    text.push_str(&format!(",{n}"));
                }
            }
            text.push('\n');
        }
        day = day.tomorrow().unwrap();
    }
    let files = vec![(PathBuf::from("metrics/all.csv"), text.into_bytes())];
    let opts = options(PeriodKind::Month);
    for _ in 0..3 {
        let mut diags = Diagnostics::new();
        let started = std::time::Instant::now();
        let m = load(&files, &people, &opts, &mut diags);
        let took = started.elapsed();
        assert!(diags.is_empty());
        assert_eq!(
            m.people.iter().map(|s| s.days.len()).sum::<usize>(),
            800_000
        );
        println!("800k rows, {} MB: {took:.2?}", files[0].1.len() >> 20);
    }
}
