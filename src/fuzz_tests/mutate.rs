//! Structure-aware mutations of a book's files: what a careless export or a new user
//! does to them. A [`Mutation`] is plain data (its `Debug` form is the reproduction);
//! [`mutation`] generates them, [`Mutation::apply`] edits the bytes.
//!
//! Sites are found in the text itself — numbers, dates, YAML values, CSV cells, lines —
//! so the mutations land where the loaders look, and a site index wraps around the
//! sites the file has.

use proptest::prelude::*;

/// Kinds of place in a file a value can be replaced at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Site {
    /// A run of digits (with sign, decimals, exponent): `-12.5`, `2900,5`.
    Number,
    /// `YYYY-MM-DD` or `YYYY-MM`.
    Date,
    /// A YAML value: what follows `key: ` or `- ` to the end of the line.
    Value,
    /// A CSV cell: text between `,`, `;`, tabs and line ends.
    Cell,
    /// A YAML key: what precedes `: ` on its line.
    Key,
}

/// How a CSV file is rewritten into another dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Semicolon,
    Tab,
    Pipe,
    Crlf,
    /// Lone `\r` line ends (old Mac).
    Cr,
    QuoteAll,
    DecimalComma,
    /// UTF-16 LE with a BOM, what Excel's "Unicode text" writes.
    Utf16,
    /// Windows-1250 bytes for Polish letters (ą → 0xB9, ł → 0xB3, …).
    Windows1250,
}

/// One edit of a file.
#[derive(Debug, Clone)]
pub(super) enum Mutation {
    /// Inserts text at a byte offset (moved to a character boundary).
    Insert { at: usize, text: String },
    /// Inserts raw bytes at a byte offset, anywhere (may break UTF-8).
    Bytes { at: usize, bytes: Vec<u8> },
    /// Replaces the `nth` site of a kind with `with`.
    Replace {
        site: Site,
        nth: usize,
        with: String,
    },
    /// Anchors the `nth` YAML value and replaces the `mth` one with an alias of it.
    Alias { nth: usize, mth: usize },
    /// Inserts a line at the start of the `nth` line.
    Line { nth: usize, text: String },
    /// Duplicates the `nth` line (a duplicate key, row, id).
    Duplicate { nth: usize },
    /// Deletes the `nth` line.
    Delete { nth: usize },
    /// Swaps the `nth` line with the `mth` (in YAML: a line in the wrong block).
    Swap { nth: usize, mth: usize },
    /// Cuts the file at a byte offset (a partial download).
    Truncate { at: usize },
    /// A line of `len` copies of `byte` (a 1 MB line) at the start of the `nth` line.
    LongLine { nth: usize, byte: u8, len: usize },
    /// Rewrites the file as CSV of another dialect.
    Dialect(Dialect),
}

/// Values of another type than the one expected where they land.
const SWAPPED: &[&str] = &[
    "[]",
    "[1, 2]",
    "{}",
    "{a: 1}",
    "true",
    "no",
    "null",
    "~",
    "\"\"",
    "''",
    "\"x\"",
    "- a",
    "|",
    ">-",
    "!!binary aGk=",
    "!custom x",
    "!!str",
    "!!int x",
    "2026-10",
    "12:30",
    "0x1F",
    "0o17",
    "0b101",
    "+1",
    "1_000",
    "1,5",
    "1 000",
    "10%",
    "€12",
    "?",
    ":",
    "-",
    "#",
    "'",
    "\"",
    "\"\\u0000\"",
    "\"\\uD800\"",
    "@x",
    "`x`",
    "%TAG",
    "---",
    "...",
    "{{ kpis() }}",
    "=1+1",
    "=HYPERLINK(\"x\")",
];

/// Numbers at the edge of what a float, an integer or a fixed-point sum holds.
const HUGE: &[&str] = &[
    "1e308",
    "1e309",
    "-1e309",
    "1.7976931348623157e308",
    "4.9e-324",
    "1e-400",
    "18446744073709551616",
    "18446744073709551615",
    "9223372036854775808",
    "-9223372036854775809",
    "4294967296",
    "2147483648",
    "-2147483649",
    "65536",
    "-0",
    "0",
    "-1",
    "0.0000000000000000000000000000001",
    "99999999999999999999999999999999999999999999999999999999999999999999999999999999",
    "-99999999999999999999999999999999999999999999999999999999999999999999999999999999",
    "1e18",
    "1e19",
    "-1e15",
    "123456789012345678901234567890.123456789",
    "1.0000000000000000000000000000000000000000000000000000000000000000000000000001",
];

/// Values that are not finite numbers, as exports and YAML spell them.
const NON_FINITE: &[&str] = &[
    "NaN",
    "nan",
    "-NaN",
    "inf",
    "-inf",
    "+inf",
    "Infinity",
    "-Infinity",
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    ".Inf",
    "1e999",
    "∞",
    "#DIV/0!",
    "#N/A",
    "#VALUE!",
    "NULL",
    "N/A",
    "-",
    "",
];

/// Dates out of any sane range, impossible days, and other spellings.
const DATES: &[&str] = &[
    "9999-12-31",
    "9999-12-01",
    "9999-12",
    "0000-01-01",
    "0001-01-01",
    "-0001-01-01",
    "+10000-01-01",
    "10000-01-01",
    "2026-02-30",
    "2026-02-29",
    "2024-02-29",
    "2026-00-10",
    "2026-13-01",
    "2026-10-00",
    "2026-10-32",
    "1900-01-01",
    "1899-12-31",
    "2100-12-31",
    "2101-01-01",
    "1970-01-01",
    "0202-10-01",
    "2026-10-1",
    "10/01/2026",
    "01.10.2026",
    "2026-W40",
    "2026-Q4",
    "2026-H2",
    "2026",
    "2026-10-01T25:00:00",
    "2026-10-01T12:00:00+99:00",
    "2026-10-01T12:00:00Z",
    "2026-10-01 00:00:00.000",
    "45566",
];

/// Characters a loader rarely meets: BOMs in the middle, direction marks, controls,
/// NUL, line separators, combining marks, a family emoji.
const ODD_CHARS: &[&str] = &[
    "\u{feff}",
    "\u{200f}",
    "\u{200e}",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    "\u{200b}",
    "\u{200d}",
    "\0",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\u{b}",
    "\u{c}",
    "\u{1b}[31m",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\r",
    "\n",
    "\t",
    "\u{a0}",
    "\u{3000}",
    "\u{fffd}",
    "\u{301}",
    "\u{10ffff}",
    "👩\u{200d}👩\u{200d}👧",
    "ǅ",
    "İ",
    "ß",
    "ﬃ",
    "\"",
    "'",
    "\\",
    "{{",
    "}}",
    "{%",
    "&",
    "*",
    "<<: ",
    "<script>",
    "../",
    "/",
    "%",
];

/// Deeply nested text of one kind, `depth` levels.
pub(super) fn nested_text(kind: usize, depth: usize) -> String {
    match kind % 9 {
        0 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        1 => format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth)),
        2 => (0..depth.min(2000))
            .map(|i| format!("{}- ", "  ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        3 => format!("{} quote", ">".repeat(depth)),
        4 => (0..depth.min(2000))
            .map(|i| format!("{}* item", "  ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        5 => format!("{}x{}", "*_".repeat(depth), "_*".repeat(depth)),
        6 => format!("{}x{}", "[".repeat(depth), "](y)".repeat(depth)),
        7 => format!("{}x{}", "<div>".repeat(depth), "</div>".repeat(depth)),
        _ => format!("{}1{}", "(".repeat(depth), ")".repeat(depth)),
    }
}

/// YAML anchors and aliases: a billion laughs, a merge key, an undefined alias, an
/// alias of a key, a recursive anchor.
pub(super) fn anchors_text(kind: usize) -> String {
    match kind % 6 {
        0 => {
            let lols = ["\"lol\""; 9].join(",");
            let mut text = format!("a0: &a0 [{lols}]\n");
            for i in 1..10 {
                let refs = vec![format!("*a{}", i - 1); 9].join(",");
                text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
            }
            text
        }
        1 => "base: &b {id: x, name: y}\nmerged:\n  <<: *b\n  id: z\n".into(),
        2 => "x: *nowhere\n".into(),
        3 => "&k key: v\n*k : w\n".into(),
        4 => "r: &r [*r]\n".into(),
        _ => "- &p {id: p, name: P}\n- *p\n- *p\n".into(),
    }
}

/// Any of `items`.
fn one_of(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(items).prop_map(str::to_string)
}

/// Text a value can be replaced with: any of the lists above, or anything.
fn replacement() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => one_of(SWAPPED),
        3 => one_of(HUGE),
        3 => one_of(NON_FINITE),
        3 => one_of(DATES),
        1 => one_of(ODD_CHARS),
        1 => (0usize..9, 1usize..3000).prop_map(|(k, d)| nested_text(k, d)),
        1 => any::<String>(),
    ]
}

fn dialect() -> impl Strategy<Value = Dialect> {
    proptest::sample::select(
        &[
            Dialect::Semicolon,
            Dialect::Tab,
            Dialect::Pipe,
            Dialect::Crlf,
            Dialect::Cr,
            Dialect::QuoteAll,
            Dialect::DecimalComma,
            Dialect::Utf16,
            Dialect::Windows1250,
        ][..],
    )
}

fn site() -> impl Strategy<Value = Site> {
    proptest::sample::select(&[Site::Number, Site::Date, Site::Value, Site::Cell, Site::Key][..])
}

/// One mutation of any kind.
pub(super) fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    let nth = any::<usize>();
    prop_oneof![
        4 => (site(), nth, replacement())
            .prop_map(|(site, nth, with)| Mutation::Replace { site, nth, with }),
        2 => (at, one_of(ODD_CHARS)).prop_map(|(at, text)| Mutation::Insert { at, text }),
        1 => (at, (0usize..9, 1usize..5000))
            .prop_map(|(at, (k, d))| Mutation::Insert { at, text: nested_text(k, d) }),
        1 => (nth, 0usize..6).prop_map(|(nth, k)| Mutation::Line { nth, text: anchors_text(k) }),
        1 => (nth, any::<usize>()).prop_map(|(nth, mth)| Mutation::Alias { nth, mth }),
        1 => (at, proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Bytes { at, bytes }),
        1 => (nth, any::<String>()).prop_map(|(nth, text)| Mutation::Line { nth, text }),
        1 => nth.prop_map(|nth| Mutation::Duplicate { nth }),
        1 => nth.prop_map(|nth| Mutation::Delete { nth }),
        1 => (nth, any::<usize>()).prop_map(|(nth, mth)| Mutation::Swap { nth, mth }),
        1 => at.prop_map(|at| Mutation::Truncate { at }),
        1 => (nth, proptest::sample::select(&b"a9, \"{#-:\t\0"[..]), 1usize..(1 << 20))
            .prop_map(|(nth, byte, len)| Mutation::LongLine { nth, byte, len }),
        1 => dialect().prop_map(Mutation::Dialect),
    ]
}

/// One to `max` mutations.
pub(super) fn mutations(max: usize) -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(mutation(), 1..=max)
}

/// Applies `mutations` in order.
pub(super) fn apply_all(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    mutations
        .iter()
        .fold(bytes.to_vec(), |bytes, m| m.apply(&bytes))
}

impl Mutation {
    /// The file's bytes after this edit.
    pub(super) fn apply(&self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Mutation::Insert { at, text } => {
                let at = boundary(bytes, *at);
                splice(bytes, at..at, text.as_bytes())
            }
            Mutation::Bytes { at, bytes: new } => {
                let at = at % (bytes.len() + 1);
                splice(bytes, at..at, new)
            }
            Mutation::Replace { site, nth, with } => {
                let sites = sites(bytes, *site);
                match pick(&sites, *nth) {
                    Some(range) => splice(bytes, range, with.as_bytes()),
                    None => bytes.to_vec(),
                }
            }
            Mutation::Alias { nth, mth } => {
                let values = sites(bytes, Site::Value);
                let (Some(a), Some(b)) = (pick(&values, *nth), pick(&values, *mth)) else {
                    return bytes.to_vec();
                };
                if a == b {
                    return bytes.to_vec();
                }
                // Edit the later site first so the earlier offsets stay right.
                let (anchor, alias) = (a.clone(), b.clone());
                if anchor.start < alias.start {
                    let out = splice(bytes, alias, b"*fz");
                    splice(&out, anchor.start..anchor.start, b"&fz ")
                } else {
                    let out = splice(bytes, anchor.start..anchor.start, b"&fz ");
                    splice(&out, alias, b"*fz")
                }
            }
            Mutation::Line { nth, text } => {
                let at = line_start(bytes, *nth);
                let mut text = text.clone().into_bytes();
                text.push(b'\n');
                splice(bytes, at..at, &text)
            }
            Mutation::Duplicate { nth } => {
                let lines = lines(bytes);
                let Some(line) = pick(&lines, *nth) else {
                    return bytes.to_vec();
                };
                let copy = bytes[line.clone()].to_vec();
                splice(bytes, line.start..line.start, &copy)
            }
            Mutation::Delete { nth } => {
                let lines = lines(bytes);
                match pick(&lines, *nth) {
                    Some(line) => splice(bytes, line, b""),
                    None => bytes.to_vec(),
                }
            }
            Mutation::Swap { nth, mth } => {
                let lines = lines(bytes);
                let (Some(a), Some(b)) = (pick(&lines, *nth), pick(&lines, *mth)) else {
                    return bytes.to_vec();
                };
                let (a, b) = if a.start <= b.start { (a, b) } else { (b, a) };
                if a == b {
                    return bytes.to_vec();
                }
                let mut out = bytes[..a.start].to_vec();
                out.extend_from_slice(&with_end(&bytes[b.clone()]));
                out.extend_from_slice(&bytes[a.end..b.start]);
                out.extend_from_slice(&with_end(&bytes[a.clone()]));
                out.extend_from_slice(&bytes[b.end..]);
                out
            }
            Mutation::Truncate { at } => bytes[..boundary(bytes, *at)].to_vec(),
            Mutation::LongLine { nth, byte, len } => {
                let at = line_start(bytes, *nth);
                let mut line = vec![*byte; *len];
                line.push(b'\n');
                splice(bytes, at..at, &line)
            }
            Mutation::Dialect(d) => dialect_of(bytes, *d),
        }
    }
}

/// `bytes` with `range` replaced by `with`.
fn splice(bytes: &[u8], range: std::ops::Range<usize>, with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + with.len());
    out.extend_from_slice(&bytes[..range.start]);
    out.extend_from_slice(with);
    out.extend_from_slice(&bytes[range.end..]);
    out
}

/// `at` wrapped into the file and moved back to a character boundary when the file is
/// UTF-8 (an insertion keeps a valid file valid).
fn boundary(bytes: &[u8], at: usize) -> usize {
    let mut at = at % (bytes.len() + 1);
    if std::str::from_utf8(bytes).is_ok() {
        while at > 0 && at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at -= 1;
        }
    }
    at
}

/// The `nth` of `items`, wrapping.
fn pick<T: Clone>(items: &[T], nth: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[nth % items.len()].clone())
}

/// Each line with its end.
fn lines(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

fn with_end(line: &[u8]) -> Vec<u8> {
    let mut line = line.to_vec();
    if line.last() != Some(&b'\n') {
        line.push(b'\n');
    }
    line
}

fn line_start(bytes: &[u8], nth: usize) -> usize {
    let lines = lines(bytes);
    pick(&lines, nth).map_or(0, |l| l.start)
}

/// Every site of a kind, in file order.
fn sites(bytes: &[u8], site: Site) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    match site {
        Site::Number | Site::Date => {
            let mut i = 0;
            while i < bytes.len() {
                if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
                    i += 1;
                    continue;
                }
                let start = if i > 0 && bytes[i - 1] == b'-' {
                    i - 1
                } else {
                    i
                };
                // Digits, and `.`, `,`, `-`, `e` between digits: 400.5, 2900,5, 1e5.
                let mut end = i;
                while end < bytes.len()
                    && (bytes[end].is_ascii_digit()
                        || (b".,-eE".contains(&bytes[end])
                            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
                {
                    end += 1;
                }
                let token = &bytes[i..end];
                let is_date = token.len() >= 7 && token[4] == b'-';
                if is_date == (site == Site::Date) {
                    out.push(if is_date { i..end } else { start..end });
                }
                i = end.max(i + 1);
            }
        }
        Site::Value | Site::Key => {
            for line in lines(bytes) {
                let text = &bytes[line.clone()];
                let end = line.start
                    + text
                        .iter()
                        .take_while(|&&b| b != b'\n' && b != b'\r')
                        .count();
                if let Some(colon) = text.windows(2).position(|w| w == b": ") {
                    let key_start =
                        line.start + text.iter().take_while(|&&b| b == b' ' || b == b'-').count();
                    match site {
                        Site::Key if key_start < line.start + colon => {
                            out.push(key_start..line.start + colon);
                        }
                        Site::Value if line.start + colon + 2 < end => {
                            out.push(line.start + colon + 2..end);
                        }
                        _ => {}
                    }
                } else if site == Site::Value {
                    let indent = text.iter().take_while(|&&b| b == b' ').count();
                    if text[indent..].starts_with(b"- ") && line.start + indent + 2 < end {
                        out.push(line.start + indent + 2..end);
                    }
                }
            }
        }
        Site::Cell => {
            let mut start = 0;
            for (i, &b) in bytes.iter().enumerate() {
                if b",;\t\n\r".contains(&b) {
                    if i > start {
                        out.push(start..i);
                    }
                    start = i + 1;
                }
            }
            if start < bytes.len() {
                out.push(start..bytes.len());
            }
        }
    }
    out
}

/// The file rewritten in another CSV dialect (naively: every `,` is a separator).
fn dialect_of(bytes: &[u8], d: Dialect) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    match d {
        Dialect::Semicolon => text.replace(',', ";").into_bytes(),
        Dialect::Tab => text.replace(',', "\t").into_bytes(),
        Dialect::Pipe => text.replace(',', "|").into_bytes(),
        Dialect::Crlf => text.replace('\n', "\r\n").into_bytes(),
        Dialect::Cr => text.replace('\n', "\r").into_bytes(),
        Dialect::QuoteAll => text
            .lines()
            .map(|l| {
                l.split(',')
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
        Dialect::DecimalComma => {
            // `;` between cells, `,` in numbers: 400.5 → 400,5.
            let semi = text.replace(',', ";");
            let mut out = String::with_capacity(semi.len());
            let chars: Vec<char> = semi.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let digits = i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                out.push(if c == '.' && digits { ',' } else { c });
            }
            out.into_bytes()
        }
        Dialect::Utf16 => {
            let mut out = vec![0xFF, 0xFE];
            for unit in text.encode_utf16() {
                out.extend_from_slice(&unit.to_le_bytes());
            }
            out
        }
        Dialect::Windows1250 => {
            let table = [
                ('ą', 0xB9),
                ('ć', 0xE6),
                ('ę', 0xEA),
                ('ł', 0xB3),
                ('ń', 0xF1),
                ('ó', 0xF3),
                ('ś', 0x9C),
                ('ź', 0x9F),
                ('ż', 0xBF),
                ('Ł', 0xA3),
                ('Ś', 0x8C),
                ('Ż', 0xAF),
            ];
            let mut out = Vec::with_capacity(text.len());
            for c in text.chars() {
                match table.iter().find(|(p, _)| *p == c) {
                    Some((_, b)) => out.push(*b),
                    None => {
                        let mut buf = [0; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_numbers_dates_values_and_cells_where_they_are() {
        let csv = b"date,rep,revenue\n2026-10-01,ann,400.5\n";
        let number = Mutation::Replace {
            site: Site::Number,
            nth: 0,
            with: "NaN".into(),
        };
        assert_eq!(number.apply(csv), b"date,rep,revenue\n2026-10-01,ann,NaN\n");
        let date = Mutation::Replace {
            site: Site::Date,
            nth: 0,
            with: "9999-12-01".into(),
        };
        assert_eq!(date.apply(csv), b"date,rep,revenue\n9999-12-01,ann,400.5\n");
        let cell = Mutation::Replace {
            site: Site::Cell,
            nth: 4,
            with: "[]".into(),
        };
        assert_eq!(cell.apply(csv), b"date,rep,revenue\n2026-10-01,[],400.5\n");
        let yaml = b"title: Tiny\nteams:\n  - id: north\n";
        let value = Mutation::Replace {
            site: Site::Value,
            nth: 1,
            with: "{a: 1}".into(),
        };
        assert_eq!(value.apply(yaml), b"title: Tiny\nteams:\n  - id: {a: 1}\n");
        let key = Mutation::Replace {
            site: Site::Key,
            nth: 0,
            with: "titel".into(),
        };
        assert_eq!(key.apply(yaml), b"titel: Tiny\nteams:\n  - id: north\n");
    }

    #[test]
    fn aliases_one_value_to_another() {
        let yaml = b"a: 1\nb: 2\n";
        let alias = Mutation::Alias { nth: 0, mth: 1 };
        assert_eq!(alias.apply(yaml), b"a: &fz 1\nb: *fz\n");
        let back = Mutation::Alias { nth: 1, mth: 0 };
        assert_eq!(back.apply(yaml), b"a: *fz\nb: &fz 2\n");
    }

    #[test]
    fn line_edits_keep_line_ends() {
        let text = b"a\nb\nc";
        assert_eq!(Mutation::Swap { nth: 0, mth: 2 }.apply(text), b"c\nb\na\n");
        assert_eq!(Mutation::Duplicate { nth: 1 }.apply(text), b"a\nb\nb\nc");
        assert_eq!(Mutation::Delete { nth: 0 }.apply(text), b"b\nc");
        let long = Mutation::LongLine {
            nth: 1,
            byte: b'x',
            len: 3,
        };
        assert_eq!(long.apply(text), b"a\nxxx\nb\nc");
    }

    #[test]
    fn insertions_stay_on_character_boundaries() {
        let text = "żółw".as_bytes();
        let m = Mutation::Insert {
            at: 1,
            text: "\u{feff}".into(),
        };
        assert!(String::from_utf8(m.apply(text)).is_ok());
        assert_eq!(Mutation::Truncate { at: 3 }.apply(text), "ż".as_bytes());
    }

    #[test]
    fn dialects_rewrite_separators_and_encodings() {
        let csv = b"date,rep,revenue\n2026-10-01,ann,400.5\n";
        assert_eq!(
            dialect_of(csv, Dialect::DecimalComma),
            b"date;rep;revenue\n2026-10-01;ann;400,5\n"
        );
        assert_eq!(&dialect_of(b"a", Dialect::Utf16), &[0xFF, 0xFE, b'a', 0]);
        assert_eq!(dialect_of("ł".as_bytes(), Dialect::Windows1250), [0xB3]);
    }
}
