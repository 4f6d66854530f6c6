//! Encodings, with the bytes the tools really write: UTF-8 with a BOM, Excel's
//! "Unicode text" (UTF-16 LE with a BOM, tab-separated), Windows-1250 from a Polish
//! Excel, Windows-1252 from a Norwegian one.

use super::{error, file, read, read_with, rows};
use crate::load::sources::table::{Batch, Format, ReadOptions, open};

/// Options naming an encoding.
fn encoding(label: &str) -> ReadOptions {
    ReadOptions {
        encoding: Some(label.to_string()),
        ..ReadOptions::default()
    }
}

/// UTF-16 code units of `text`, little or big endian, after a BOM.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut bytes = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        let pair = if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[test]
fn honours_a_utf8_bom() {
    let (_dir, path) = file("f.csv", "\u{feff}Name,Amount\nŁukasz,1\n".as_bytes());
    let read = read(&path);
    assert_eq!(read.table.columns(), ["Name", "Amount"]);
    assert_eq!(read.table.dialect().encoding, "UTF-8");
    assert!(read.table.dialect().bom);
    assert_eq!(read.records, rows(&[(2, &["Łukasz", "1"])]));
}

#[test]
fn detects_excels_unicode_text_utf16_with_a_bom() {
    let text = "Imię i nazwisko\tKwota\r\nŁukasz Wójcik\t1 234,50 zł\r\nZażółć Gęślą\t7\r\n";
    for little in [true, false] {
        let (_dir, path) = file("unicode.txt", &utf16(text, little));
        let read = read(&path);
        let dialect = read.table.dialect();
        assert_eq!(dialect.format, Format::Csv { delimiter: b'\t' });
        assert_eq!(
            dialect.encoding,
            if little { "UTF-16LE" } else { "UTF-16BE" }
        );
        assert!(dialect.bom);
        assert_eq!(read.table.columns(), ["Imię i nazwisko", "Kwota"]);
        assert_eq!(
            read.records,
            rows(&[
                (2, &["Łukasz Wójcik", "1 234,50 zł"]),
                (3, &["Zażółć Gęślą", "7"])
            ])
        );
    }
}

#[test]
fn converts_a_named_encoding() {
    let (bytes, _, unmappable) =
        encoding_rs::WINDOWS_1250.encode("Imię;Nazwisko\nŁukasz Wójcik;Zażółć\n");
    assert!(!unmappable);
    let (_dir, path) = file("f.csv", &bytes);
    for label in ["windows-1250", " Windows-1250 ", "cp1250"] {
        let read = read_with(&path, &encoding(label), 8).expect("reads");
        assert_eq!(read.table.dialect().encoding, "windows-1250");
        assert!(!read.table.dialect().bom);
        assert_eq!(read.table.columns(), ["Imię", "Nazwisko"]);
        assert_eq!(read.records, rows(&[(2, &["Łukasz Wójcik", "Zażółć"])]));
    }
    let (bytes, _, _) = encoding_rs::ISO_8859_2.encode("Kto;Ile\nŁukasz;1\n");
    let (_dir, path) = file("f.csv", &bytes);
    let read = read_with(&path, &encoding("iso-8859-2"), 8).expect("reads");
    assert_eq!(read.records, rows(&[(2, &["Łukasz", "1"])]));
}

#[test]
fn a_bom_wins_over_the_named_encoding() {
    let (_dir, path) = file("f.csv", "\u{feff}Kto;Ile\nŁukasz;1\n".as_bytes());
    let read = read_with(&path, &encoding("windows-1250"), 8).expect("reads");
    assert_eq!(read.table.dialect().encoding, "UTF-8");
    assert_eq!(read.records, rows(&[(2, &["Łukasz", "1"])]));
}

#[test]
fn windows_1250_without_a_declared_encoding_says_so_at_its_line() {
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1250.encode("Name;Surname\nBen Łukasz Wójcik;Zażółć\n");
    let (_dir, path) = file("f.csv", &bytes);
    let e = error(&path, &ReadOptions::default());
    assert_eq!(e.message, "invalid UTF-8: the file is not UTF-8");
    assert_eq!((e.line, e.column), (Some(2), Some(5)));
    let hint = e.hint.expect("a hint");
    assert!(hint.contains("`encoding: windows-1250`"), "{hint}");
    assert!(hint.contains("Ben Łukasz Wójcik;Zażółć"), "{hint}");

    // In the header too.
    let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode("Imię;Nazwisko\nBen;Okafor\n");
    let (_dir, path) = file("f.csv", &bytes);
    let e = error(&path, &ReadOptions::default());
    assert_eq!((e.line, e.column), (Some(1), Some(4)));
    assert!(e.hint.expect("a hint").contains("windows-1250"));
}

#[test]
fn windows_1252_without_a_declared_encoding_suggests_it() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Navn;Beløp\nBjørn;12\n");
    let (_dir, path) = file("f.csv", &bytes);
    let e = error(&path, &ReadOptions::default());
    assert_eq!((e.line, e.column), (Some(1), Some(9)));
    let hint = e.hint.expect("a hint");
    assert!(hint.contains("`encoding: windows-1252`"), "{hint}");
    assert!(hint.contains("Navn;Beløp"), "{hint}");
}

#[test]
fn invalid_utf8_after_good_records_comes_after_them() {
    let mut bytes = b"n\n1\n2\n3\n".to_vec();
    bytes.extend_from_slice(b"caf\xE9\n5\n");
    let (_dir, path) = file("f.csv", &bytes);
    let mut table = open(&path, &ReadOptions::default()).expect("opens");
    let mut batch = Batch::with_capacity(2);
    assert!(table.next_batch(&mut batch).expect("first batch"));
    assert_eq!(batch.len(), 2);
    assert!(table.next_batch(&mut batch).expect("second batch"));
    assert_eq!(batch.len(), 1);
    let e = table.next_batch(&mut batch).expect_err("the bad line");
    assert_eq!((e.line, e.column), (Some(5), Some(4)));
    assert!(!table.next_batch(&mut batch).expect("at the end"));
}

#[test]
fn utf16_without_a_bom_is_named_or_explained() {
    let bytes: Vec<u8> = "A\tB\r\nŁ\t1\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let (_dir, path) = file("f.txt", &bytes);
    let e = error(&path, &ReadOptions::default());
    assert!(
        e.message.contains("UTF-16 without a byte-order mark"),
        "{e}"
    );
    let read = read_with(&path, &encoding("utf-16le"), 8).expect("reads");
    assert_eq!(read.records, rows(&[(2, &["Ł", "1"])]));
}

#[test]
fn an_unknown_encoding_suggests_the_closest_label() {
    let (_dir, path) = file("f.csv", b"a\n1\n");
    let cases = [
        ("windows1250", Some("did you mean `windows-1250`?")),
        ("Win-1252", Some("did you mean `windows-1252`?")),
        ("utf-8-sig", Some("did you mean `utf-8`?")),
        ("iso 8859-2", Some("did you mean `iso-8859-2`?")),
        ("klingon", None),
    ];
    for (label, hint) in cases {
        let e = error(&path, &encoding(label));
        assert_eq!(e.message, format!("unknown encoding `{label}`"));
        match hint {
            Some(hint) => assert_eq!(e.hint.as_deref(), Some(hint)),
            None => assert!(e.hint.expect("a hint").starts_with("use an encoding label")),
        }
    }
}
