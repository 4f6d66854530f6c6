//! The metrics loader: reads the book's `metrics/*.csv` exports into one daily series
//! of base measures per person, and owns every diagnostic about those files.
//!
//! It accepts CSV as real tools export it: `,` `;` or tab (detected from the header),
//! decimal commas and grouping spaces, BOM, CRLF or bare CR, quoting, blank rows.
//! Several files merge by adding up values of the same person, day and measure.
//!
//! Speed matters (three years of 1,000 people is ~800k rows), so:
//! - large files are cut at line ends into chunks parsed in parallel; the cuts depend
//!   on the file size only, so the result and the capped messages never depend on
//!   the number of threads;
//! - a chunk without quote characters is read in one pass over its bytes, parsing
//!   plain numbers while finding the fields; other chunks go through the `csv` crate
//!   with one reused `ByteRecord`; no cell is ever copied to the heap;
//! - the line, character column and snippet of a problem are worked out from the raw
//!   bytes only when it is reported;
//! - each chunk groups its rows by person, so merging a person reads contiguous runs.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::base::diag::{self, Diagnostic, Diagnostics, Severity};
use crate::base::period::{self, Period, PeriodKind};

/// Problems reported per file; the rest are only counted, so a broken 800k-row export
/// does not flood the terminal.
const MAX_REPORTS: usize = 50;
/// Bodies larger than this are parsed in chunks of about this size.
const CHUNK_BYTES: usize = 4 << 20;
/// How many earlier rows of the same person and day a row is compared with to find an
/// exact duplicate; copies of a file land next to each other, and the bound keeps a
/// file full of one date from going quadratic.
const DUPLICATE_WINDOW: usize = 16;

/// Base measures of one person: one row per day with data, sorted by day, unique days.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub days: Vec<Date>,
    /// days.len() * measure count values, row-major (row i = values[i*n..(i+1)*n]);
    /// f64::NAN = missing.
    pub values: Vec<f64>,
}

/// Everything the metrics files say, per person and day.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    /// Union of the measure columns over all files, sorted by name.
    pub measures: Vec<String>,
    /// Indexed like the `people` slice given to `load`.
    pub people: Vec<Series>,
    /// The (book-relative) files that were loaded, sorted: every file whose header
    /// could be read, even if some of its rows were rejected.
    pub files: Vec<PathBuf>,
}

impl Metrics {
    /// The position of a measure in [`Metrics::measures`] and in every row.
    pub fn measure_index(&self, name: &str) -> Option<usize> {
        self.measures
            .binary_search_by(|m| m.as_str().cmp(name))
            .ok()
    }

    /// Latest day with any data, over everyone.
    pub fn last_day(&self) -> Option<Date> {
        self.people
            .iter()
            .filter_map(|s| s.days.last())
            .max()
            .copied()
    }

    /// The values of row `row` of person `person`, one per measure.
    pub fn row(&self, person: usize, row: usize) -> &[f64] {
        let n = self.measures.len();
        &self.people[person].values[row * n..(row + 1) * n]
    }
}

/// How to load: the book's reporting period and whether bad rows fail the build.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Rows with a `period` column must nest in periods of this kind.
    pub period: PeriodKind,
    /// Report bad rows as warnings and skip them instead of failing the build.
    pub skip_bad_rows: bool,
}

/// Loads and merges the metrics files.
///
/// `files`: (path relative to the book for messages, file bytes). `people`: person
/// ids; index = person index. Every problem goes to `diags`; rows with a problem are
/// never counted, so the result is usable (for `check`) even when there are errors.
pub fn load(
    files: &[(PathBuf, Vec<u8>)],
    people: &[&str],
    options: &Options,
    diags: &mut Diagnostics,
) -> Metrics {
    load_chunked(files, people, options, diags, CHUNK_BYTES)
}

fn load_chunked(
    files: &[(PathBuf, Vec<u8>)],
    people: &[&str],
    options: &Options,
    diags: &mut Diagnostics,
    chunk_bytes: usize,
) -> Metrics {
    // No files at all is the book loader's to report: it knows the folder.
    let mut order: Vec<&(PathBuf, Vec<u8>)> = files.iter().collect();
    order.sort_by(|a, b| a.0.cmp(&b.0));

    // Headers first: the union of measure columns fixes every file's value slots
    // before any row is parsed.
    let mut sources: Vec<Source> = order
        .iter()
        .filter_map(|(path, bytes)| read_header(path, strip_bom(bytes), diags))
        .collect();
    let measures: Vec<String> = sources
        .iter()
        .flat_map(|s| s.columns.iter().map(|c| c.name.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for s in &mut sources {
        s.assign_slots(&measures);
    }
    // Files with the same measure set can hold exact duplicates of each other's rows.
    let shapes: Vec<usize> = (0..sources.len())
        .map(|i| {
            (0..=i)
                .find(|&j| sources[j].slots == sources[i].slots)
                .unwrap_or(i)
        })
        .collect();

    let index: HashMap<&[u8], u32> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_bytes(), i as u32))
        .collect();
    let ctx = Context {
        people,
        index: &index,
        options,
    };
    let chunks: Vec<Chunk> = sources
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, source)| parse_source(i, source, &ctx, chunk_bytes))
        .collect();

    let row_severity = if options.skip_bad_rows {
        Severity::Warning
    } else {
        Severity::Error
    };
    for (i, source) in sources.iter().enumerate() {
        let of_file: Vec<&Chunk> = chunks.iter().filter(|c| c.source == i).collect();
        report_rows(source, &of_file, row_severity, diags);
    }

    // Merge each person on their own, from their runs of rows in every chunk.
    let merge = Merge {
        chunks: &chunks,
        sources: &sources,
        shapes: &shapes,
        width: measures.len(),
    };
    let merged: Vec<(Series, Vec<(Entry, Entry)>)> = (0..people.len())
        .into_par_iter()
        .map(|p| merge.person(p))
        .collect();
    let mut duplicates = Vec::new();
    let people_series = merged
        .into_iter()
        .map(|(series, dups)| {
            duplicates.extend(dups);
            series
        })
        .collect();
    report_duplicates(&merge, duplicates, diags);

    Metrics {
        measures,
        people: people_series,
        files: sources.iter().map(|s| s.path.to_path_buf()).collect(),
    }
}

// ---------------------------------------------------------------------------------
// Header

/// One metrics file whose header was understood.
struct Source<'a> {
    path: &'a Path,
    /// The file without its BOM; every offset points into this.
    bytes: &'a [u8],
    delimiter: u8,
    numbers: NumberStyle,
    /// Where the rows start, and the line number there.
    body_pos: usize,
    body_line: usize,
    /// Fields in the header, and how many a row needs (trailing unnamed ones, as
    /// Excel leaves them, may be missing).
    len: usize,
    required: usize,
    rep: usize,
    when: When,
    /// Measure columns, sorted by slot.
    columns: Vec<Column>,
    /// Global measure index of each slot, ascending; a row stores one value per slot.
    slots: Vec<usize>,
    /// Per header field.
    fields: Vec<Field>,
}

struct Column {
    field: usize,
    name: String,
}

/// What a header field holds, so a row is read in one pass over its fields.
#[derive(Clone, Copy)]
enum Field {
    Ignored,
    Rep,
    When,
    Measure(usize),
}

#[derive(Clone, Copy)]
enum When {
    Date(usize),
    Period(usize),
}

/// Which number spellings a file's dialect allows besides `1234.5`.
#[derive(Clone, Copy)]
struct NumberStyle {
    decimal_comma: bool,
    grouping: bool,
}

impl Source<'_> {
    fn assign_slots(&mut self, measures: &[String]) {
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

    fn diagnostic(
        &self,
        severity: Severity,
        pos: usize,
        line: usize,
        at: At,
        message: String,
    ) -> Diagnostic {
        let (path, bytes, delimiter) = (self.path, self.bytes, self.delimiter);
        locate_diagnostic(path, bytes, delimiter, severity, pos, line, at, message)
    }
}

/// A diagnostic pointing at `at` in the row starting at byte `pos` (line `line`).
#[allow(clippy::too_many_arguments)]
fn locate_diagnostic(
    path: &Path,
    bytes: &[u8],
    delimiter: u8,
    severity: Severity,
    pos: usize,
    line: usize,
    at: At,
    message: String,
) -> Diagnostic {
    let loc = locate(bytes, pos, line, delimiter, at);
    Diagnostic {
        severity,
        ..Diagnostic::error(path, message)
    }
    .at_line(loc.line, loc.col, loc.snippet)
    .with_len(loc.len)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn read_header<'a>(path: &'a Path, bytes: &'a [u8], diags: &mut Diagnostics) -> Option<Source<'a>> {
    // Blank lines before the header are skipped like blank rows.
    let (mut start, mut line) = (0, 1);
    loop {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |e| start + e);
        if !bytes[start..end].trim_ascii().is_empty() {
            break;
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
    let header = &bytes[start..line_end_outside_quotes(bytes, start)];
    let delimiter = detect_delimiter(header);
    let error = |at: At, message: String| {
        locate_diagnostic(
            path,
            bytes,
            delimiter,
            Severity::Error,
            start,
            line,
            at,
            message,
        )
    };
    if let Err(e) = std::str::from_utf8(header) {
        let at = At::Byte(start + e.valid_up_to());
        diags.push(error(at, "invalid UTF-8".into()).with_hint(UTF8_HINT));
        return None;
    }
    let mut record = csv::ByteRecord::new();
    if !matches!(
        reader(header, delimiter).read_byte_record(&mut record),
        Ok(true)
    ) {
        diags.push(Diagnostic::error(path, "unreadable header"));
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
        let hint =
            "a header names `date` (or `period`), `rep` and measures, separated by `,`, `;` or tab";
        diags.push(error(At::Row, message).with_hint(hint));
        return None;
    }
    let (mut rep, mut date, mut period) = (None, None, None);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut columns = Vec::new();
    let mut required = 0;
    let mut usable = true;
    for (field, &name) in names.iter().enumerate() {
        if name.is_empty() {
            // Excel leaves trailing delimiters; an unnamed column before named ones
            // holds data nobody can name, which is a mistake.
            if names[field..].iter().any(|n| !n.is_empty()) {
                diags.push(error(
                    At::Field(field),
                    format!("column {} has no name", field + 1),
                ));
            }
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
            diags.push(error(At::Field(field), message));
            // Two person or date columns leave no way to read the rows.
            usable &= !matches!(key, "rep" | "date" | "period");
            continue;
        }
        seen.insert(key, field);
        required = field + 1;
        match key {
            "rep" => rep = Some(field),
            "date" => date = Some(field),
            "period" => period = Some(field),
            _ if is_snake_case(name) => columns.push(Column {
                field,
                name: name.to_string(),
            }),
            _ => {
                let message = format!("column name `{name}` is not snake_case");
                let snake = to_snake_case(name);
                let mut d = error(At::Field(field), message);
                if is_snake_case(&snake) {
                    d = d.with_hint(format!("rename it to `{snake}`"));
                }
                diags.push(d);
            }
        }
    }
    let missing = |message: &str, wanted: &str| {
        let d = error(At::Row, message.into());
        match diag::did_you_mean(wanted, names.iter().copied()) {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    };
    let Some(rep) = rep else {
        diags.push(missing("missing column `rep` (the person id)", "rep"));
        return None;
    };
    let when = match (date, period) {
        (Some(d), None) => When::Date(d),
        (None, Some(p)) => When::Period(p),
        (Some(d), Some(p)) => {
            let message = "a file has either a `date` or a `period` column, not both";
            diags.push(error(At::Field(d.max(p)), message.into()));
            return None;
        }
        (None, None) => {
            diags.push(missing("missing column `date` (or `period`)", "date"));
            return None;
        }
    };
    usable.then(|| Source {
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
        required,
        rep,
        when,
        columns,
        slots: Vec::new(),
        fields: Vec::new(),
    })
}

const UTF8_HINT: &str = "save the file as UTF-8 (in Excel: \"CSV UTF-8\")";

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

/// Where the next line starts after the line end (LF, CRLF or a bare CR, as csv
/// reads them; old Mac exports end lines with CR) at `at`.
fn after_line_end(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..at + 2) {
        Some(b"\r\n") => at + 2,
        _ => at + 1,
    }
}

/// Line ends in `bytes`, counting CRLF once.
fn count_line_ends(bytes: &[u8]) -> usize {
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    count_byte(b'\n', bytes) + count_byte(b'\r', bytes) - crlf
}

/// The most frequent of `,` `;` and tab outside quotes; ties go to the earlier one.
fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).rev().max_by_key(|&i| counts[i]).unwrap_or(0);
    [b',', b';', b'\t'][best]
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

// ---------------------------------------------------------------------------------
// Rows

/// Parses the rows of one file. Large bodies are cut at line ends into chunks of
/// about `chunk_bytes`, parsed in parallel. A cut inside a quoted field (which may
/// hold a newline) would be wrong: with well-formed quoting that is exactly when the
/// quotes before the cut are odd in number, and then the file is parsed in one piece.
fn parse_source(index: usize, source: &Source, ctx: &Context, chunk_bytes: usize) -> Vec<Chunk> {
    let bytes = source.bytes;
    let mut cuts = vec![source.body_pos];
    let mut at = source.body_pos;
    while bytes.len() - at > chunk_bytes * 3 / 2 {
        match bytes[at + chunk_bytes..].iter().position(|&b| b == b'\n') {
            Some(i) => at += chunk_bytes + i + 1,
            None => break,
        }
        cuts.push(at);
    }
    cuts.push(bytes.len());
    let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let mut chunks: Vec<Chunk> = ranges
        .par_iter()
        .map(|&(start, end)| parse_chunk(index, source, start, end, ctx))
        .collect();
    if chunks.len() > 1 && chunks.iter().any(|c| c.quotes % 2 == 1) {
        chunks = vec![parse_chunk(
            index,
            source,
            source.body_pos,
            bytes.len(),
            ctx,
        )];
    }
    // Each chunk counted lines from 1; shift them to file lines.
    let mut line = source.body_line;
    for chunk in &mut chunks {
        for row in &mut chunk.rows {
            row.line += line as u32 - 1;
        }
        for problem in &mut chunk.problems {
            problem.line += line - 1;
        }
        line += chunk.lines;
    }
    chunks
}

/// How often `needle` occurs; counting in 64-byte blocks with a byte counter lets the
/// compiler vectorise it.
fn count_byte(needle: u8, haystack: &[u8]) -> usize {
    let mut blocks = haystack.chunks_exact(64);
    let mut total = 0;
    for block in &mut blocks {
        total += block.iter().fold(0u8, |n, &b| n + u8::from(b == needle)) as usize;
    }
    total + blocks.remainder().iter().filter(|&&b| b == needle).count()
}

struct Context<'a> {
    people: &'a [&'a str],
    index: &'a HashMap<&'a [u8], u32>,
    options: &'a Options,
}

/// A kept row: where it came from and whose day it is; its values are in
/// `Chunk::values`, one per slot of its file.
#[derive(Clone, Copy)]
struct Row {
    pos: usize,
    line: u32,
    person: u32,
    day: Date,
}

/// What parsing a part of a file found.
#[derive(Default)]
struct Chunk {
    source: usize,
    rows: Vec<Row>,
    values: Vec<f64>,
    problems: Vec<Problem>,
    /// Problems beyond the cap, only counted.
    more: usize,
    /// Non-blank rows seen, good or bad.
    records: usize,
    /// Line ends in the chunk, and quote characters when they were counted.
    lines: usize,
    quotes: usize,
    /// Rows are grouped by person: person p's are `by_person[p]..by_person[p + 1]`
    /// (empty when the chunk kept no rows).
    by_person: Vec<u32>,
}

/// A bad row, located lazily: `pos`/`line` is where the row starts.
struct Problem {
    pos: usize,
    line: usize,
    at: At,
    message: String,
    hint: Option<String>,
    /// For an unknown person: the id, so later rows of the same id are only counted.
    person: Option<String>,
    count: usize,
}

/// What a problem points at, inside its row.
#[derive(Clone, Copy, Debug)]
enum At {
    /// One field (or the end of the row when it has fewer).
    Field(usize),
    /// From a field to the end of the line.
    From(usize),
    /// The whole line.
    Row,
    /// One byte, by offset in the file.
    Byte(usize),
}

fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

fn is_blank(field: &[u8]) -> bool {
    field.trim_ascii().is_empty()
}

/// Parses `start..end` of a file's body; lines count from 1 at `start`.
fn parse_chunk(index: usize, source: &Source, start: usize, end: usize, ctx: &Context) -> Chunk {
    let bytes = &source.bytes[start..end];
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let quotes = count_byte(b'"', bytes);
    let width = source.columns.len();
    let (mut rows, mut values, mut problems) = (Vec::new(), Vec::new(), Problems::default());
    let mut records = 0;
    let mut reader = if quotes == 0 {
        RowReader::Split { bytes, at: 0 }
    } else {
        RowReader::Csv(reader(bytes, source.delimiter), bytes, 0)
    };
    let mut record = csv::ByteRecord::new();
    let (mut spans, mut last_pos) = (Vec::new(), 0);
    let mut people = PersonGuess::new(ctx);
    // Exports sorted by day repeat a date for every person: parse it once.
    let (mut last_when, mut last_day) = (Vec::new(), None);
    let mut line = 1;
    loop {
        // Values go straight to their slots while the row is read.
        let base = values.len();
        values.resize(base + width, f64::NAN);
        let row = &mut values[base..];
        let read = reader.next(&mut record, &mut spans, source, row);
        let (in_record, pos, lines, numbers_ok) = match read {
            Ok(Some(read)) => read,
            Ok(None) => break,
            Err(e) => {
                problems.add(start, 1, At::Row, format!("unreadable CSV: {e}"), None);
                break;
            }
        };
        let cells = Cells {
            text: if in_record { record.as_slice() } else { bytes },
            spans: &spans,
        };
        line += lines;
        last_pos = pos;
        if cells.iter().all(is_blank) {
            values.truncate(base);
            continue;
        }
        records += 1;
        let pos = start + pos;
        if !utf8 && cells.iter().any(|c| std::str::from_utf8(c).is_err()) {
            // The first bad byte from the row start lies in this row: the rows
            // before it decoded.
            let bad = std::str::from_utf8(&source.bytes[pos..])
                .err()
                .map_or(pos, |e| pos + e.valid_up_to());
            let hint = Some(UTF8_HINT.to_string());
            problems.add(pos, line, At::Byte(bad), "invalid UTF-8".into(), hint);
            values.truncate(base);
            continue;
        }
        let fields = cells.spans.len();
        if fields < source.required
            || (fields > source.len && cells.iter().skip(source.len).any(|f| !is_blank(f)))
        {
            let message = format!("row has {fields} fields, the header has {}", source.len);
            let at = if fields < source.required {
                At::Field(fields)
            } else {
                At::From(source.len)
            };
            problems.add(pos, line, at, message, None);
            values.truncate(base);
            continue;
        }
        if rows.capacity() == 0 {
            // Rows are alike: guess their number from the first one to save regrowing.
            let (first, last) = (spans[0].0, spans[fields - 1].1);
            let guess = bytes.len() / (last - first + fields) * 9 / 8;
            rows.reserve(guess);
            values.reserve(guess * width);
        }
        if !numbers_ok {
            report_numbers(source, &cells, pos, line, &mut problems);
        }
        let rep = cells.get(source.rep).trim_ascii();
        let (When::Date(when) | When::Period(when)) = source.when;
        let when = cells.get(when);
        let person = people.find(rep);
        if person.is_none() {
            problems.person(rep, pos, line, source.rep, ctx.people);
        }
        if when != last_when.as_slice() {
            last_day = match source.when {
                When::Date(_) => std::str::from_utf8(when).ok().and_then(period::parse_day),
                When::Period(_) => period_start(when, ctx.options.period),
            };
            last_when.clear();
            last_when.extend_from_slice(when);
        }
        let day = last_day;
        if day.is_none() {
            report_when(source, when, pos, line, ctx.options.period, &mut problems);
        }
        match (day, person, numbers_ok) {
            (Some(day), Some(person), true) => rows.push(Row {
                pos,
                line: u32::try_from(line).unwrap_or(u32::MAX),
                person,
                day,
            }),
            _ => values.truncate(base),
        }
    }
    values.truncate(rows.len() * width);
    let lines = line - 1 + count_line_ends(&bytes[last_pos..]);
    let mut chunk = Chunk {
        source: index,
        rows,
        values,
        problems: problems.list,
        more: problems.more,
        records,
        lines,
        quotes,
        by_person: Vec::new(),
    };
    group_by_person(&mut chunk, width, ctx.people.len());
    chunk
}

/// Reads the rows of a chunk as csv does, with their measures. A chunk without any
/// `"` has no quoting to undo, so `Split` reads it in one pass over the bytes: it
/// cuts fields at the delimiter and rows at LF, CRLF or a bare CR (csv's line ends),
/// and parses plain numbers while it scans them. That is several times faster than
/// csv's state machine followed by a second pass over each cell.
enum RowReader<'a> {
    /// The chunk again (the reader consumes its copy) and the previous row's start.
    Csv(csv::Reader<&'a [u8]>, &'a [u8], usize),
    Split {
        bytes: &'a [u8],
        at: usize,
    },
}

impl RowReader<'_> {
    /// Reads the next non-empty row: its fields go to `spans`, as ranges of `record`
    /// (returns `true`) or of the chunk, and its measures to `row`. Also returns the
    /// row's byte offset in the chunk, the line ends since the previous row's start,
    /// and whether every measure was a number.
    fn next(
        &mut self,
        record: &mut csv::ByteRecord,
        spans: &mut Vec<(usize, usize)>,
        source: &Source,
        row: &mut [f64],
    ) -> csv::Result<Option<(bool, usize, usize, bool)>> {
        spans.clear();
        match self {
            RowReader::Csv(reader, bytes, at) => {
                if !reader.read_byte_record(record)? {
                    return Ok(None);
                }
                let mut end = 0;
                spans.extend(record.iter().map(|field| {
                    end += field.len();
                    (end - field.len(), end)
                }));
                let mut ok = true;
                for (slot, column) in source.columns.iter().enumerate() {
                    match parse_number(record.get(column.field).unwrap_or_default(), source.numbers)
                    {
                        Some(v) => row[slot] = v,
                        None => ok = false,
                    }
                }
                // The reader's position is where it stopped after the previous row,
                // before that row's line end and any blank lines: step over them.
                let mut pos = record.position().map_or(0, |p| p.byte() as usize);
                while let Some(b'\r' | b'\n') = bytes.get(pos) {
                    pos += 1;
                }
                let lines = count_line_ends(&bytes[*at..pos]);
                *at = pos;
                Ok(Some((true, pos, lines, ok)))
            }
            RowReader::Split { bytes, at } => {
                let bytes: &[u8] = bytes;
                let (delimiter, style) = (source.delimiter, source.numbers);
                let is_end = |b: u8| b == delimiter || b == b'\n' || b == b'\r';
                let (pos, mut i, mut ok) = (*at, *at, true);
                if pos >= bytes.len() {
                    return Ok(None);
                }
                for k in 0.. {
                    let field = i;
                    if let Some(&Field::Measure(slot)) = source.fields.get(k) {
                        // Plain decimals accumulate here; anything else is parsed
                        // from the cell afterwards.
                        let negative = bytes.get(i) == Some(&b'-');
                        i += usize::from(negative);
                        let first = i;
                        let (mut mantissa, mut point, mut plain) = (0u64, None, true);
                        while let Some(&b) = bytes.get(i) {
                            let d = b.wrapping_sub(b'0');
                            if d <= 9 {
                                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
                            } else if is_end(b) {
                                break;
                            } else if point.is_none()
                                && (b == b'.' || b == b',' && style.decimal_comma)
                            {
                                point = Some(i);
                            } else {
                                plain = false;
                            }
                            i += 1;
                        }
                        // Plain: digits and at most one point, so the digits are the
                        // rest; 15 of them stay exact (see `simple_number`).
                        let digits = i - first - usize::from(point.is_some());
                        let value = if plain && (1..=15).contains(&digits) {
                            let fraction = point.map_or(0, |p| i - p - 1);
                            let v = mantissa as i64 as f64 / POW10[fraction];
                            Some(if negative { -v } else { v })
                        } else {
                            parse_number(&bytes[field..i], style)
                        };
                        match value {
                            Some(v) => row[slot] = v,
                            None => ok = false,
                        }
                    } else {
                        while i < bytes.len() && !is_end(bytes[i]) {
                            i += 1;
                        }
                    }
                    spans.push((field, i));
                    if i >= bytes.len() || bytes[i] != delimiter {
                        break;
                    }
                    i += 1;
                }
                *at = match bytes.get(i..i + 2) {
                    Some(b"\r\n") => i + 2,
                    _ => i + 1,
                };
                // Each row here is one line.
                Ok(Some((false, pos, usize::from(pos > 0), ok)))
            }
        }
    }
}

/// One row's fields: `text[start..end]` for each span.
struct Cells<'a> {
    text: &'a [u8],
    spans: &'a [(usize, usize)],
}

impl<'a> Cells<'a> {
    fn get(&self, i: usize) -> &'a [u8] {
        self.spans.get(i).map_or(b"", |&(s, e)| &self.text[s..e])
    }

    fn iter(&self) -> impl Iterator<Item = &'a [u8]> + use<'a, '_> {
        self.spans.iter().map(|&(s, e)| &self.text[s..e])
    }
}

/// Finds person ids fast. Exports list rows by person (the same id again) or by day
/// (the ids in the same order every day), so the guess is the person who followed
/// the previous one last time; only a wrong guess costs a hash lookup.
struct PersonGuess<'a> {
    ctx: &'a Context<'a>,
    last: u32,
    followed_by: Vec<u32>,
}

impl<'a> PersonGuess<'a> {
    fn new(ctx: &'a Context<'a>) -> Self {
        PersonGuess {
            ctx,
            last: u32::MAX,
            followed_by: vec![u32::MAX; ctx.people.len()],
        }
    }

    fn find(&mut self, id: &[u8]) -> Option<u32> {
        let guess = match self.followed_by.get(self.last as usize) {
            Some(&next) if next != u32::MAX => next,
            _ => self.last,
        };
        let found = match self.ctx.people.get(guess as usize) {
            Some(p) if p.as_bytes() == id => guess,
            _ => *self.ctx.index.get(id)?,
        };
        if let Some(next) = self.followed_by.get_mut(self.last as usize) {
            *next = found;
        }
        self.last = found;
        Some(found)
    }
}

/// The start day of a `period` cell's period, when it nests in the book's periods.
fn period_start(text: &[u8], book: PeriodKind) -> Option<Date> {
    let period = Period::parse(std::str::from_utf8(text).ok()?).ok()?;
    period.nests_in(book).then(|| period.start())
}

/// A chunk's problems: the first [`MAX_REPORTS`] kept, the rest counted.
#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
    more: usize,
    /// Unknown person id → its problem, so later rows of that id are only counted.
    unknown: HashMap<Vec<u8>, usize>,
}

impl Problems {
    fn add(&mut self, pos: usize, line: usize, at: At, message: String, hint: Option<String>) {
        if self.list.len() < MAX_REPORTS {
            self.list.push(Problem {
                pos,
                line,
                at,
                message,
                hint,
                person: None,
                count: 1,
            });
        } else {
            self.more += 1;
        }
    }

    /// An unknown (or empty) person id, reported once per chunk with a row count.
    #[cold]
    fn person(&mut self, rep: &[u8], pos: usize, line: usize, field: usize, people: &[&str]) {
        if rep.is_empty() {
            self.add(
                pos,
                line,
                At::Field(field),
                "missing person id".into(),
                None,
            );
            return;
        }
        if let Some(&i) = self.unknown.get(rep) {
            self.list[i].count += 1;
            return;
        }
        if self.list.len() >= MAX_REPORTS {
            self.more += 1;
            return;
        }
        let id = String::from_utf8_lossy(rep).into_owned();
        let hint = diag::did_you_mean(&id, people.iter().copied())
            .unwrap_or_else(|| "people are listed in team.yaml".to_string());
        let message = format!("unknown person `{id}`");
        self.add(pos, line, At::Field(field), message, Some(hint));
        self.unknown.insert(rep.to_vec(), self.list.len() - 1);
        if let Some(p) = self.list.last_mut() {
            p.person = Some(id);
        }
    }
}

/// Reports every measure cell of a row that is not a number.
#[cold]
fn report_numbers(
    source: &Source,
    cells: &Cells,
    pos: usize,
    line: usize,
    problems: &mut Problems,
) {
    for column in &source.columns {
        let text = cells.get(column.field);
        if parse_number(text, source.numbers).is_none() {
            let (message, hint) = number_problem(text, &column.name, source.delimiter);
            problems.add(pos, line, At::Field(column.field), message, hint);
        }
    }
}

/// Reports a `date` or `period` cell that gives no day.
#[cold]
fn report_when(
    source: &Source,
    text: &[u8],
    pos: usize,
    line: usize,
    book: PeriodKind,
    problems: &mut Problems,
) {
    let shown = String::from_utf8_lossy(text.trim_ascii());
    let (field, message, hint) = match source.when {
        When::Date(field) if shown.is_empty() => (field, "missing date".to_string(), None),
        When::Date(field) => (
            field,
            format!("`{shown}` is not a date"),
            Some("expected YYYY-MM-DD (or DD.MM.YYYY)".to_string()),
        ),
        When::Period(field) => match Period::parse(&shown) {
            Err(message) => (field, message, None),
            Ok(p) => (
                field,
                format!(
                    "{} rows cannot be summed into {}s",
                    adjective(p.kind),
                    book.as_str()
                ),
                Some(format!(
                    "the book reports by {0}: export daily rows with a `date` column, or rows per {0}",
                    book.as_str()
                )),
            ),
        },
    };
    problems.add(pos, line, At::Field(field), message, hint);
}

/// Reorders a chunk's rows by person, keeping file order within each person, so that
/// merging one person reads a few contiguous runs instead of missing the cache on
/// every row. Done per chunk, in parallel, while the chunk is still in cache.
fn group_by_person(chunk: &mut Chunk, width: usize, people: usize) {
    let Some(&first) = chunk.rows.first() else {
        return;
    };
    let mut starts = vec![0u32; people + 1];
    for row in &chunk.rows {
        starts[row.person as usize + 1] += 1;
    }
    for p in 0..people {
        starts[p + 1] += starts[p];
    }
    let mut next = starts.clone();
    let mut rows = vec![first; chunk.rows.len()];
    let mut values = vec![0.0; chunk.values.len()];
    for (i, row) in chunk.rows.iter().enumerate() {
        let k = next[row.person as usize] as usize;
        next[row.person as usize] += 1;
        rows[k] = *row;
        values[k * width..(k + 1) * width]
            .copy_from_slice(&chunk.values[i * width..(i + 1) * width]);
    }
    chunk.rows = rows;
    chunk.values = values;
    chunk.by_person = starts;
}

fn adjective(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Week => "weekly",
        PeriodKind::Month => "monthly",
        PeriodKind::Quarter => "quarterly",
    }
}

#[cold]
fn number_problem(text: &[u8], column: &str, delimiter: u8) -> (String, Option<String>) {
    let text = String::from_utf8_lossy(text.trim_ascii());
    let message = format!("`{text}` in column `{column}` is not a number");
    let hint = if delimiter == b',' && text.contains(',') {
        Some(
            "this file is comma-separated: write numbers with a `.` decimal point and no thousands separators",
        )
    } else if text.contains(',') && text.contains('.') {
        Some("write numbers without thousands separators (or with spaces in `;` files)")
    } else {
        None
    };
    (message, hint.map(str::to_string))
}

/// Turns each file's problems into diagnostics: the first [`MAX_REPORTS`] in file
/// order, unknown people once with their row count, then a count of the rest.
fn report_rows(source: &Source, chunks: &[&Chunk], severity: Severity, diags: &mut Diagnostics) {
    let mut kept: Vec<&Problem> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut people: HashMap<&str, usize> = HashMap::new();
    let mut more = 0;
    for chunk in chunks {
        for problem in &chunk.problems {
            if let Some(&i) = problem.person.as_deref().and_then(|p| people.get(p)) {
                counts[i] += problem.count;
            } else if kept.len() < MAX_REPORTS {
                if let Some(person) = &problem.person {
                    people.insert(person, kept.len());
                }
                kept.push(problem);
                counts.push(problem.count);
            } else {
                more += problem.count;
            }
        }
        more += chunk.more;
    }
    for (problem, count) in kept.into_iter().zip(counts) {
        let mut message = problem.message.clone();
        if count > 1 {
            message.push_str(&format!(" ({count} rows)"));
        }
        let mut d = source.diagnostic(severity, problem.pos, problem.line, problem.at, message);
        d.hint = problem.hint.clone();
        diags.push(d);
    }
    if more > 0 {
        let kind = match severity {
            Severity::Error => "errors",
            Severity::Warning => "skipped rows",
        };
        diags.push(Diagnostic {
            severity,
            ..Diagnostic::error(
                source.path,
                format!("… and {more} more {kind} in this file"),
            )
        });
    }
    if chunks.iter().all(|c| c.records == 0) {
        diags.push(Diagnostic::warning(
            source.path,
            "no data rows: the file has only a header",
        ));
    }
}

// ---------------------------------------------------------------------------------
// Numbers

/// Parses a measure cell: `Some(NAN)` for an empty cell (missing, not zero), `None`
/// for a non-number. `1234.5` always; `1234,5` with a decimal comma; `1 234,5` with
/// grouping (space, no-break space or narrow no-break space, groups of three).
#[inline(always)]
fn parse_number(raw: &[u8], style: NumberStyle) -> Option<f64> {
    match simple_number(raw, style.decimal_comma) {
        Some(v) => Some(v),
        None => other_number(raw, style),
    }
}

/// Everything [`simple_number`] leaves: surrounding spaces, empty cells, `+`,
/// grouping spaces, exponents, long mantissas. The cell is cleaned into a stack buffer
/// (`,` → `.`, grouping dropped) for `str::parse`, so nothing is allocated.
#[inline(never)]
fn other_number(raw: &[u8], style: NumberStyle) -> Option<f64> {
    let text = raw.trim_ascii();
    if text.is_empty() {
        return Some(f64::NAN);
    }
    let mut buf = [0u8; 64];
    let (mut n, mut i) = (0, 0);
    // Grouping spaces sit between integer digits: one to three digits before the
    // first, three after each (`1 234 567,5`). `group` counts digits since the last.
    let (mut leading, mut group, mut fraction) = (0, None, false);
    while i < text.len() {
        let width = if style.grouping {
            separator_width(&text[i..])
        } else {
            0
        };
        if width > 0 {
            let ok = match group {
                None => (1..=3).contains(&leading),
                Some(g) => g == 3,
            };
            if fraction || !ok {
                return None;
            }
            group = Some(0);
            i += width;
            continue;
        }
        let c = match text[i] {
            b',' if style.decimal_comma => b'.',
            c @ (b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') => c,
            _ => return None,
        };
        if c.is_ascii_digit() && !fraction {
            match &mut group {
                Some(g) => *g += 1,
                None => leading += 1,
            }
        } else if matches!(c, b'.' | b'e' | b'E') {
            if !fraction && group.is_some_and(|g| g != 3) {
                return None;
            }
            fraction = true;
        }
        *buf.get_mut(n)? = c;
        n += 1;
        i += 1;
    }
    if !fraction && group.is_some_and(|g| g != 3) {
        return None;
    }
    let value: f64 = std::str::from_utf8(&buf[..n]).ok()?.parse().ok()?;
    value.is_finite().then_some(value)
}

/// Powers of ten that an f64 holds exactly.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `-123.45` with at most 15 digits, the cells of nearly every export, in tight
/// loops; `None` sends anything else to [`other_number`]. A mantissa below 2^53 is
/// exact, and so is a power of ten up to 10^22, so their quotient is the correctly
/// rounded value (Clinger's fast path): the same f64 as `str::parse`, without copying.
#[inline(always)]
fn simple_number(text: &[u8], decimal_comma: bool) -> Option<f64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    let n = digits.len();
    if n == 0 || n > 16 {
        return None;
    }
    let mut mantissa = 0u64;
    let mut i = 0;
    while i < n {
        let d = digits[i].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        mantissa = mantissa * 10 + u64::from(d);
        i += 1;
    }
    // Below 10^16 the mantissa fits an i64, whose conversion is one instruction.
    let value = if i == n {
        if n > 15 {
            return None;
        }
        mantissa as i64 as f64
    } else {
        if !(digits[i] == b'.' || digits[i] == b',' && decimal_comma) || n == 1 {
            return None;
        }
        let point = i;
        i += 1;
        while i < n {
            let d = digits[i].wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            mantissa = mantissa * 10 + u64::from(d);
            i += 1;
        }
        mantissa as i64 as f64 / POW10[n - 1 - point]
    };
    Some(if negative { -value } else { value })
}

/// Bytes of a grouping space at the start of `bytes`: space, U+00A0 or U+202F.
fn separator_width(bytes: &[u8]) -> usize {
    match bytes {
        [b' ', ..] => 1,
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, 0xAF, ..] => 3,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------------
// Merge

/// One kept row in a person's bucket; sorting orders by day, then file order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    day: Date,
    job: u32,
    row: u32,
}

struct Merge<'a> {
    chunks: &'a [Chunk],
    sources: &'a [Source<'a>],
    shapes: &'a [usize],
    width: usize,
}

impl Merge<'_> {
    fn source(&self, e: Entry) -> usize {
        self.chunks[e.job as usize].source
    }

    fn row(&self, e: Entry) -> &Row {
        &self.chunks[e.job as usize].rows[e.row as usize]
    }

    fn values(&self, e: Entry) -> &[f64] {
        let n = self.sources[self.source(e)].slots.len();
        let at = e.row as usize * n;
        &self.chunks[e.job as usize].values[at..at + n]
    }

    /// Sums a person's rows per day; also returns (duplicate, earlier row) pairs.
    fn person(&self, person: usize) -> (Series, Vec<(Entry, Entry)>) {
        let mut entries = Vec::new();
        for (job, chunk) in self.chunks.iter().enumerate() {
            let Some(run) = chunk.by_person.get(person..person + 2) else {
                continue;
            };
            entries.extend((run[0]..run[1]).map(|row| Entry {
                day: chunk.rows[row as usize].day,
                job: job as u32,
                row,
            }));
        }
        // Exports are usually sorted by day already, which this sort checks quickly.
        entries.sort_unstable();
        let mut series = Series {
            days: Vec::with_capacity(entries.len()),
            values: Vec::with_capacity(entries.len() * self.width),
        };
        let mut duplicates = Vec::new();
        let mut start = 0;
        while start < entries.len() {
            let day = entries[start].day;
            let end = start + entries[start..].iter().take_while(|e| e.day == day).count();
            let base = series.values.len();
            series.days.push(day);
            series.values.resize(base + self.width, f64::NAN);
            let sums = &mut series.values[base..];
            for k in start..end {
                let e = entries[k];
                let values = self.values(e);
                for (&slot, &v) in self.sources[self.source(e)].slots.iter().zip(values) {
                    if !v.is_nan() {
                        let sum = &mut sums[slot];
                        *sum = if sum.is_nan() { v } else { *sum + v };
                    }
                }
                let window = &entries[k.saturating_sub(DUPLICATE_WINDOW).max(start)..k];
                if let Some(&earlier) = window.iter().find(|&&p| self.same(p, e)) {
                    duplicates.push((e, earlier));
                }
            }
            start = end;
        }
        (series, duplicates)
    }

    fn same(&self, a: Entry, b: Entry) -> bool {
        self.shapes[self.source(a)] == self.shapes[self.source(b)]
            && self
                .values(a)
                .iter()
                .zip(self.values(b))
                .all(|(x, y)| x.to_bits() == y.to_bits())
    }
}

/// Warns about exact duplicate rows, capped per file like other problems.
fn report_duplicates(merge: &Merge, mut duplicates: Vec<(Entry, Entry)>, diags: &mut Diagnostics) {
    duplicates.sort_unstable_by_key(|(e, _)| (e.job, e.row));
    let mut start = 0;
    while start < duplicates.len() {
        let file = merge.source(duplicates[start].0);
        let end = start
            + duplicates[start..]
                .iter()
                .take_while(|(e, _)| merge.source(*e) == file)
                .count();
        let source = &merge.sources[file];
        for &(e, earlier) in duplicates[start..end].iter().take(MAX_REPORTS) {
            let row = merge.row(e);
            let other = merge.row(earlier);
            let message = format!(
                "duplicate row: also at {}:{}; values are counted twice",
                diag::display_path(merge.sources[merge.source(earlier)].path),
                other.line
            );
            diags.push(source.diagnostic(
                Severity::Warning,
                row.pos,
                row.line as usize,
                At::Row,
                message,
            ));
        }
        if end - start > MAX_REPORTS {
            let message = format!(
                "… and {} more duplicate rows in this file",
                end - start - MAX_REPORTS
            );
            diags.push(Diagnostic::warning(source.path, message));
        }
        start = end;
    }
}

// ---------------------------------------------------------------------------------
// Locations (error path only)

struct Located {
    line: usize,
    col: usize,
    len: usize,
    snippet: String,
}

/// Finds `at` in the row starting at byte `pos` (line `line`) from the raw bytes,
/// respecting quotes, and returns its line, character column, length and source line.
fn locate(bytes: &[u8], pos: usize, line: usize, delimiter: u8, at: At) -> Located {
    let pos = pos.min(bytes.len());
    let (start, end) = match at {
        At::Field(k) => field_span(bytes, pos, delimiter, k),
        At::From(k) => (field_span(bytes, pos, delimiter, k).0, bytes.len()),
        At::Row => (pos, bytes.len()),
        At::Byte(b) => (b.min(bytes.len()), (b + 1).min(bytes.len())),
    };
    let is_end = |b: &u8| *b == b'\n' || *b == b'\r';
    let line_start = bytes[pos..start]
        .iter()
        .rposition(is_end)
        .map_or(pos, |i| pos + i + 1);
    let line = line + count_line_ends(&bytes[pos..line_start]);
    let line_end = bytes[line_start..]
        .iter()
        .position(is_end)
        .map_or(bytes.len(), |i| line_start + i);
    let chars = |b: &[u8]| String::from_utf8_lossy(b).chars().count();
    Located {
        line,
        col: chars(&bytes[line_start..start.min(line_end)]) + 1,
        len: chars(&bytes[start.min(line_end)..end.clamp(start, line_end.max(start))]),
        snippet: String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned(),
    }
}

/// The content of field `k` (inside quotes, without surrounding spaces) of the row at
/// `pos`; an empty span at the row end when the row has fewer fields.
fn field_span(bytes: &[u8], pos: usize, delimiter: u8, k: usize) -> (usize, usize) {
    let mut i = pos;
    for _ in 0..k {
        i = skip_field(bytes, i, delimiter);
        if bytes.get(i) != Some(&delimiter) {
            return (i, i);
        }
        i += 1;
    }
    if bytes.get(i) == Some(&b'"') {
        return (i + 1, closing_quote(bytes, i));
    }
    let end = skip_field(bytes, i, delimiter);
    let field = &bytes[i..end];
    let lead = field.len() - field.trim_ascii_start().len();
    (i + lead, i + lead + field.trim_ascii().len())
}

fn skip_field(bytes: &[u8], mut i: usize, delimiter: u8) -> usize {
    if bytes.get(i) == Some(&b'"') {
        i = (closing_quote(bytes, i) + 1).min(bytes.len());
    }
    while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') && bytes[i] != delimiter {
        i += 1;
    }
    i
}

/// The closing quote of the quoted field opening at `open` (`""` is an escaped quote).
fn closing_quote(bytes: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            if bytes.get(i + 1) != Some(&b'"') {
                return i;
            }
            i += 1;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const PEOPLE: [&str; 3] = ["anna-kowalska", "jan-nowak", "lukasz-wisniewski"];

    fn options(period: PeriodKind) -> Options {
        Options {
            period,
            skip_bad_rows: false,
        }
    }

    fn run_with(
        files: &[(&str, &[u8])],
        options: Options,
        chunk: usize,
    ) -> (Metrics, Vec<Diagnostic>) {
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
        let text =
            "period,rep,deals\n2026-10,jan-nowak,3\n2026-11,jan-nowak,4\n2026-10,jan-nowak,1\n";
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
}
