//! A metrics file's header and dialect: the delimiter (`,` `;` or tab, detected from
//! the header), the number style it implies, and the columns (`rep`, `date` or
//! `period`, snake_case measures), each checked with a located diagnostic.

use std::collections::HashMap;
use std::path::Path;

use super::locate::{At, File, after_line_end, count_line_ends};
use super::numbers::NumberStyle;
pub(super) use crate::base::csv::detect_delimiter;
use crate::base::diag::{self, Diagnostic, Diagnostics, Severity};

/// One metrics file whose header was understood.
pub(super) struct Source<'a> {
    pub(super) path: &'a Path,
    /// The file without its BOM; every offset points into this.
    pub(super) bytes: &'a [u8],
    pub(super) delimiter: u8,
    pub(super) numbers: NumberStyle,
    /// Where the rows start, and the line number there.
    pub(super) body_pos: usize,
    pub(super) body_line: usize,
    /// Fields in the header, and how many a row needs (trailing unnamed ones, as
    /// Excel leaves them, may be missing).
    pub(super) len: usize,
    pub(super) required: usize,
    pub(super) rep: usize,
    pub(super) when: When,
    /// Measure columns, sorted by slot.
    pub(super) columns: Vec<Column>,
    /// Global measure index of each slot, ascending; a row stores one value per slot.
    pub(super) slots: Vec<usize>,
    /// Per header field.
    pub(super) fields: Vec<Field>,
}

pub(super) struct Column {
    pub(super) field: usize,
    pub(super) name: String,
}

/// What a header field holds, so a row is read in one pass over its fields.
#[derive(Clone, Copy)]
pub(super) enum Field {
    Ignored,
    Rep,
    When,
    Measure(usize),
}

#[derive(Clone, Copy)]
pub(super) enum When {
    Date(usize),
    Period(usize),
}

impl Source<'_> {
    pub(super) fn assign_slots(&mut self, measures: &[String]) {
        // Global measures are sorted by name, so sorting by name orders the slots.
        self.columns.sort_by(|a, b| a.name.cmp(&b.name));
        self.slots = self
            .columns
            .iter()
            .filter_map(|c| measures.binary_search(&c.name).ok())
            .collect();
        self.fields = vec![Field::Ignored; self.len];
        self.fields[self.rep] = Field::Rep;
        let (When::Date(when) | When::Period(when)) = self.when;
        self.fields[when] = Field::When;
        for (slot, column) in self.columns.iter().enumerate() {
            self.fields[column.field] = Field::Measure(slot);
        }
    }

    /// A diagnostic pointing at `at` in the row starting at byte `pos` (line `line`).
    pub(super) fn diagnostic(
        &self,
        severity: Severity,
        pos: usize,
        line: usize,
        at: At,
        message: String,
    ) -> Diagnostic {
        let file = File {
            path: self.path,
            bytes: self.bytes,
            delimiter: self.delimiter,
        };
        file.diagnostic(severity, (pos, line), at, message)
    }
}

pub(super) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// A csv reader of `bytes` in the file's dialect, one record per row.
pub(super) fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

pub(super) const UTF8_HINT: &str = "save the file as UTF-8 (in Excel: \"CSV UTF-8\")";

/// Reads and checks the header of a file (without its BOM): `None` when it has no
/// usable header (the problems are in `diags`).
pub(super) fn read_header<'a>(
    path: &'a Path,
    bytes: &'a [u8],
    diags: &mut Diagnostics,
) -> Option<Source<'a>> {
    let (start, line) = header_start(path, bytes, diags)?;
    let header = &bytes[start..line_end_outside_quotes(bytes, start)];
    let row = HeaderRow {
        file: File {
            path,
            bytes,
            delimiter: detect_delimiter(header),
        },
        start,
        line,
    };
    let mut record = csv::ByteRecord::new();
    let names = row.names(header, &mut record, diags)?;
    let named = name_columns(&row, &names, diags);
    let missing = |message: &str, wanted: &str| {
        let d = row.error(At::Row, message.into());
        match diag::did_you_mean(wanted, names.iter().copied()) {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    };
    let Some(rep) = named.rep else {
        diags.push(missing("missing column `rep` (the person id)", "rep"));
        return None;
    };
    let when = match (named.date, named.period) {
        (Some(d), None) => When::Date(d),
        (None, Some(p)) => When::Period(p),
        (Some(d), Some(p)) => {
            let message = "a file has either a `date` or a `period` column, not both";
            diags.push(row.error(At::Field(d.max(p)), message.into()));
            return None;
        }
        (None, None) => {
            diags.push(missing("missing column `date` (or `period`)", "date"));
            return None;
        }
    };
    let delimiter = row.file.delimiter;
    named.usable.then(|| Source {
        path,
        bytes,
        delimiter,
        numbers: NumberStyle {
            decimal_comma: delimiter != b',',
            grouping: delimiter == b';',
        },
        body_pos: start + header.len(),
        body_line: line + count_line_ends(header),
        len: names.len(),
        required: named.required,
        rep,
        when,
        columns: named.columns,
        slots: Vec::new(),
        fields: Vec::new(),
    })
}

/// Where the header starts (byte, line): blank lines before it are skipped like
/// blank rows. `None` for a file of blank lines.
fn header_start(path: &Path, bytes: &[u8], diags: &mut Diagnostics) -> Option<(usize, usize)> {
    let (mut start, mut line) = (0, 1);
    loop {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |e| start + e);
        if !bytes[start..end].trim_ascii().is_empty() {
            return Some((start, line));
        }
        if end == bytes.len() {
            diags.push(Diagnostic::error(path, "empty file").with_hint(
                "a metrics file starts with a header: `date` (or `period`), `rep` and measure columns",
            ));
            return None;
        }
        start = after_line_end(bytes, end);
        line += 1;
    }
}

/// The header row of a file: where it stands, so problems point into it.
struct HeaderRow<'a> {
    file: File<'a>,
    start: usize,
    line: usize,
}

impl HeaderRow<'_> {
    fn error(&self, at: At, message: String) -> Diagnostic {
        let row = (self.start, self.line);
        self.file.diagnostic(Severity::Error, row, at, message)
    }

    /// The column names, trimmed: `None` when the header is not UTF-8, cannot be read
    /// or has a single column that is none of the required ones (a wrong delimiter).
    fn names<'r>(
        &self,
        header: &[u8],
        record: &'r mut csv::ByteRecord,
        diags: &mut Diagnostics,
    ) -> Option<Vec<&'r str>> {
        if let Err(e) = std::str::from_utf8(header) {
            let at = At::Byte(self.start + e.valid_up_to());
            diags.push(self.error(at, "invalid UTF-8".into()).with_hint(UTF8_HINT));
            return None;
        }
        if !matches!(
            reader(header, self.file.delimiter).read_byte_record(record),
            Ok(true)
        ) {
            diags.push(Diagnostic::error(self.file.path, "unreadable header"));
            return None;
        }
        let names: Vec<&str> = record
            .iter()
            .map(|f| std::str::from_utf8(f).unwrap_or("").trim())
            .collect();
        if names.len() == 1
            && !matches!(
                names[0].to_ascii_lowercase().as_str(),
                "rep" | "date" | "period"
            )
        {
            let message = format!("the header has a single column `{}`", names[0]);
            let hint = "a header names `date` (or `period`), `rep` and measures, separated by `,`, `;` or tab";
            diags.push(self.error(At::Row, message).with_hint(hint));
            return None;
        }
        Some(names)
    }
}

/// What the header's names say: the person and day columns, the measures, and how
/// many fields a row needs.
struct Named {
    rep: Option<usize>,
    date: Option<usize>,
    period: Option<usize>,
    columns: Vec<Column>,
    required: usize,
    /// False when two person or day columns leave no way to read the rows.
    usable: bool,
}

/// Sorts the header's names into the person, day and measure columns, reporting
/// unnamed, duplicate and non-snake_case columns.
fn name_columns(row: &HeaderRow, names: &[&str], diags: &mut Diagnostics) -> Named {
    let mut named = Named {
        rep: None,
        date: None,
        period: None,
        columns: Vec::new(),
        required: 0,
        usable: true,
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    // Excel leaves trailing delimiters; an unnamed column before named ones holds
    // data nobody can name, which is a mistake: reported once, at the first, with
    // how many there are (a header of a million commas is one message, in one pass).
    let last_named = names.iter().rposition(|n| !n.is_empty());
    let unnamed: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|&(field, n)| n.is_empty() && last_named.is_some_and(|l| field < l))
        .map(|(field, _)| field)
        .collect();
    if let Some(&first) = unnamed.first() {
        let more = match unnamed.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more unnamed column)".to_string(),
            n => format!(" (and {n} more unnamed columns)"),
        };
        diags.push(row.error(
            At::Field(first),
            format!("column {} has no name{more}", first + 1),
        ));
    }
    for (field, &name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        let key = match name.to_ascii_lowercase().as_str() {
            "rep" => "rep",
            "date" => "date",
            "period" => "period",
            _ => name,
        };
        if let Some(&first) = seen.get(key) {
            let message = format!("duplicate column `{name}`: also column {}", first + 1);
            diags.push(row.error(At::Field(field), message));
            // Two person or date columns leave no way to read the rows.
            named.usable &= !matches!(key, "rep" | "date" | "period");
            continue;
        }
        seen.insert(key, field);
        named.required = field + 1;
        match key {
            "rep" => named.rep = Some(field),
            "date" => named.date = Some(field),
            "period" => named.period = Some(field),
            _ if is_snake_case(name) => named.columns.push(Column {
                field,
                name: name.to_string(),
            }),
            _ => {
                let message = format!("column name `{name}` is not snake_case");
                let snake = to_snake_case(name);
                let mut d = row.error(At::Field(field), message);
                if is_snake_case(&snake) {
                    d = d.with_hint(format!("rename it to `{snake}`"));
                }
                diags.push(d);
            }
        }
    }
    named
}

/// The end of the line starting at `start` (after its `\n`), skipping quoted newlines.
fn line_end_outside_quotes(bytes: &[u8], start: usize) -> usize {
    let mut quoted = false;
    for (i, &b) in bytes[start..].iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => return after_line_end(bytes, start + i),
            _ => {}
        }
    }
    bytes.len()
}

fn is_snake_case(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `Revenue PLN` → `revenue_pln`, `handleSeconds` → `handle_seconds`, `Przychód` →
/// `przychod`: the name to suggest for a column that is not snake_case.
fn to_snake_case(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        let c = match c {
            'ą' | 'å' | 'Ą' | 'Å' => 'a',
            'ć' | 'Ć' => 'c',
            'ę' | 'Ę' => 'e',
            'ł' | 'Ł' => 'l',
            'ń' | 'Ń' => 'n',
            'ó' | 'ø' | 'Ó' | 'Ø' => 'o',
            'ś' | 'Ś' => 's',
            'ź' | 'ż' | 'Ź' | 'Ż' => 'z',
            'æ' | 'Æ' => {
                out.push('a');
                'e'
            }
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out.trim_end_matches('_').to_string()
}
