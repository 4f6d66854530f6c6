//! The metrics loader: reads the book's `metrics/*.csv` exports into one daily series
//! of base measures per person, and owns every diagnostic about those files.
//!
//! It accepts CSV as real tools export it: `,` `;` or tab (detected from the header),
//! decimal commas and grouping spaces in `;` files, BOM, CRLF, quoting, blank rows.
//! Several files merge by adding up values of the same person, day and measure.
//!
//! Speed matters (a year of 1,000 people is ~800k rows), so the hot path reads bytes
//! through one reused `ByteRecord`, parses numbers without allocating and never works
//! out a column: line, character column and snippet are computed from the raw bytes
//! only when a problem is reported. Large files without quote characters are split at
//! line ends and parsed in parallel; the split depends on the file size only, so the
//! result, and which problems fall under the per-file cap, never depends on threads.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::diag::{self, Diagnostic, Diagnostics, Severity};
use crate::period::{self, Period, PeriodKind};

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
    if files.is_empty() {
        diags.push(
            Diagnostic::error("metrics", "no metrics files")
                .with_hint("export at least one `metrics/*.csv` with `date`, `rep` and measures"),
        );
    }
    let t0 = std::time::Instant::now();
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
    eprintln!("headers: {:?}", t0.elapsed());
    let chunks: Vec<Chunk> = sources
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, source)| parse_source(i, source, &ctx, chunk_bytes))
        .collect();

    eprintln!("parse: {:?}", t0.elapsed());
    let row_severity = if options.skip_bad_rows {
        Severity::Warning
    } else {
        Severity::Error
    };
    for (i, source) in sources.iter().enumerate() {
        let of_file: Vec<&Chunk> = chunks.iter().filter(|c| c.source == i).collect();
        report_rows(source, &of_file, row_severity, diags);
    }

    eprintln!("report: {:?}", t0.elapsed());
    // Bucket the kept rows by person, then sort and merge each person on its own.
    let mut buckets: Vec<Vec<Entry>> = vec![Vec::new(); people.len()];
    for (j, chunk) in chunks.iter().enumerate() {
        for (r, row) in chunk.rows.iter().enumerate() {
            buckets[row.person as usize].push(Entry {
                day: row.day,
                job: j as u32,
                row: r as u32,
            });
        }
    }
    eprintln!("bucket: {:?}", t0.elapsed());
    let merge = Merge {
        chunks: &chunks,
        sources: &sources,
        shapes: &shapes,
        width: measures.len(),
    };
    let merged: Vec<(Series, Vec<(Entry, Entry)>)> = buckets
        .into_par_iter()
        .map(|mut entries| merge.person(&mut entries))
        .collect();
    eprintln!("merge: {:?}", t0.elapsed());
    let mut duplicates = Vec::new();
    let people_series = merged
        .into_iter()
        .map(|(series, dups)| {
            duplicates.extend(dups);
            series
        })
        .collect();
    report_duplicates(&merge, duplicates, diags);

    eprintln!("dups: {:?}", t0.elapsed());
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
}

struct Column {
    field: usize,
    name: String,
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
        let end = bytes[start..].iter().position(|&b| b == b'\n');
        let text = &bytes[start..end.map_or(bytes.len(), |e| start + e)];
        if !text.trim_ascii().is_empty() {
            break;
        }
        let Some(e) = end else {
            diags.push(Diagnostic::error(path, "empty file").with_hint(
                "a metrics file starts with a header: `date` (or `period`), `rep` and measure columns",
            ));
            return None;
        };
        start += e + 1;
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
        body_line: line + header.iter().filter(|&&b| b == b'\n').count(),
        len: names.len(),
        required,
        rep,
        when,
        columns,
        slots: Vec::new(),
    })
}

const UTF8_HINT: &str = "save the file as UTF-8 (in Excel: \"CSV UTF-8\")";

/// The end of the line starting at `start` (after its `\n`), skipping quoted newlines.
fn line_end_outside_quotes(bytes: &[u8], start: usize) -> usize {
    let mut quoted = false;
    for (i, &b) in bytes[start..].iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return start + i + 1,
            _ => {}
        }
    }
    bytes.len()
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
        match memchr(b'\n', &bytes[at + chunk_bytes..]) {
            Some(i) => at += chunk_bytes + i + 1,
            None => break,
        }
        cuts.push(at);
    }
    cuts.push(bytes.len());
    let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let mut chunks: Vec<Chunk> = ranges
        .par_iter()
        .map(|&(start, end)| parse_chunk(index, source, start, end, ctx, ranges.len() > 1))
        .collect();
    if chunks.iter().any(|c| c.quotes % 2 == 1) {
        chunks = vec![parse_chunk(index, source, source.body_pos, bytes.len(), ctx, false)];
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

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
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

impl Chunk {
    fn problem(&mut self, pos: usize, line: usize, at: At, message: String, hint: Option<String>) {
        if self.problems.len() < MAX_REPORTS {
            self.problems.push(Problem {
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

#[inline(never)]
/// Parses `start..end` of a file's body; lines count from 1 at `start`.
fn parse_chunk(
    index: usize,
    source: &Source,
    start: usize,
    end: usize,
    ctx: &Context,
    count_quotes: bool,
) -> Chunk {
    let bytes = &source.bytes[start..end];
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let mut out = Chunk {
        source: index,
        quotes: if count_quotes { count_byte(b'"', bytes) } else { 0 },
        ..Chunk::default()
    };
    let mut unknown: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut reader = reader(bytes, source.delimiter);
    let mut record = csv::ByteRecord::new();
    let mut last_person = u32::MAX;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let message = format!("unreadable CSV: {e}");
                out.problem(start, 1, At::Row, message, None);
                break;
            }
        }
        if record.iter().all(is_blank) {
            continue;
        }
        out.records += 1;
        // The reader's position is where it stopped after the previous row, before
        // that row's CR/LF and any blank lines: step over them.
        let (mut pos, mut line) = record
            .position()
            .map_or((0, 1), |p| (p.byte() as usize, p.line() as usize));
        while let Some(b'\r' | b'\n') = bytes.get(pos) {
            line += usize::from(bytes[pos] == b'\n');
            pos += 1;
        }
        let pos = start + pos;

        if !utf8 && std::str::from_utf8(record.as_slice()).is_err() {
            // The first bad byte from the row start lies in this row: the rows
            // before it decoded.
            let bad = std::str::from_utf8(&source.bytes[pos..])
                .err()
                .map_or(pos, |e| pos + e.valid_up_to());
            let hint = Some(UTF8_HINT.to_string());
            out.problem(pos, line, At::Byte(bad), "invalid UTF-8".into(), hint);
            continue;
        }
        let fields = record.len();
        if fields < source.required
            || (fields > source.len && record.iter().skip(source.len).any(|f| !is_blank(f)))
        {
            let message = format!("row has {fields} fields, the header has {}", source.len);
            let at = if fields < source.required {
                At::Field(fields)
            } else {
                At::From(source.len)
            };
            out.problem(pos, line, at, message, None);
            continue;
        }
        let mut good = true;

        let rep = record.get(source.rep).unwrap_or_default().trim_ascii();
        let person = match ctx.people.get(last_person as usize) {
            Some(p) if p.as_bytes() == rep => Some(last_person),
            _ => ctx.index.get(rep).copied(),
        };
        match person {
            Some(p) => last_person = p,
            None => {
                good = false;
                report_person(
                    &mut out,
                    &mut unknown,
                    rep,
                    pos,
                    line,
                    source.rep,
                    ctx.people,
                );
            }
        }

        let day = match source.when {
            When::Date(field) => {
                let text = record.get(field).unwrap_or_default();
                let day = std::str::from_utf8(text).ok().and_then(period::parse_day);
                if day.is_none() {
                    let text = String::from_utf8_lossy(text.trim_ascii());
                    let message = if text.is_empty() {
                        "missing date".to_string()
                    } else {
                        format!("`{text}` is not a date")
                    };
                    let hint = Some("expected YYYY-MM-DD (or DD.MM.YYYY)".to_string());
                    out.problem(pos, line, At::Field(field), message, hint);
                }
                day
            }
            When::Period(field) => {
                let text = std::str::from_utf8(record.get(field).unwrap_or_default());
                match Period::parse(text.unwrap_or_default()) {
                    Ok(p) if p.nests_in(ctx.options.period) => Some(p.start()),
                    Ok(p) => {
                        let message = format!(
                            "{} rows cannot be summed into {}s",
                            adjective(p.kind),
                            ctx.options.period.as_str()
                        );
                        let hint = Some(format!(
                            "the book reports by {}: export daily rows with a `date` column, or rows per {}",
                            ctx.options.period.as_str(),
                            ctx.options.period.as_str()
                        ));
                        out.problem(pos, line, At::Field(field), message, hint);
                        None
                    }
                    Err(message) => {
                        out.problem(pos, line, At::Field(field), message, None);
                        None
                    }
                }
            }
        };
        good &= day.is_some();

        let first_value = out.values.len();
        for column in &source.columns {
            let text = record.get(column.field).unwrap_or_default();
            match parse_number(text, source.numbers) {
                Some(v) => out.values.push(v),
                None => {
                    good = false;
                    let (message, hint) = number_problem(text, &column.name, source.delimiter);
                    out.problem(pos, line, At::Field(column.field), message, hint);
                }
            }
        }
        if out.rows.capacity() == 0 {
            // Rows are alike: guess their number from the first one to save regrowing.
            let guess = bytes.len() / (record.as_slice().len() + fields).max(1);
            out.rows.reserve(guess + guess / 8);
            out.values.reserve((guess + guess / 8) * source.columns.len());
        }
        match (good, day, person) {
            (true, Some(day), Some(person)) => out.rows.push(Row {
                pos,
                line: u32::try_from(line).unwrap_or(u32::MAX),
                person,
                day,
            }),
            _ => out.values.truncate(first_value),
        }
    }
    out.lines = (reader.position().line() as usize).saturating_sub(1);
    out
}

/// Reports an unknown (or empty) person id once per chunk; later rows only count.
#[cold]
fn report_person(
    out: &mut Chunk,
    unknown: &mut HashMap<Vec<u8>, usize>,
    rep: &[u8],
    pos: usize,
    line: usize,
    field: usize,
    people: &[&str],
) {
    if rep.is_empty() {
        out.problem(
            pos,
            line,
            At::Field(field),
            "missing person id".into(),
            None,
        );
        return;
    }
    if let Some(&i) = unknown.get(rep) {
        out.problems[i].count += 1;
        return;
    }
    if out.problems.len() >= MAX_REPORTS {
        out.more += 1;
        return;
    }
    let id = String::from_utf8_lossy(rep).into_owned();
    let hint = diag::did_you_mean(&id, people.iter().copied())
        .unwrap_or_else(|| "people are listed in team.yaml".to_string());
    out.problem(
        pos,
        line,
        At::Field(field),
        format!("unknown person `{id}`"),
        Some(hint),
    );
    unknown.insert(rep.to_vec(), out.problems.len() - 1);
    if let Some(p) = out.problems.last_mut() {
        p.person = Some(id);
    }
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
#[inline(never)]
fn parse_number(raw: &[u8], style: NumberStyle) -> Option<f64> {
    let text = raw.trim_ascii();
    if text.is_empty() {
        return Some(f64::NAN);
    }
    match fast_number(text, style) {
        Fast::Value(v) => Some(v),
        Fast::Slow => slow_number(text, style),
        Fast::Bad => None,
    }
}

enum Fast {
    Value(f64),
    Slow,
    Bad,
}

/// Powers of ten that an f64 holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Plain decimals, the common case: an integer mantissa below 2^53 divided by an exact
/// power of ten is correctly rounded (Clinger's fast path), so this equals
/// `str::parse` without copying the text. Exponents and long mantissas go the slow way.
#[inline(never)]
fn fast_number(text: &[u8], style: NumberStyle) -> Fast {
    let (negative, digits) = match text[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mut mantissa, mut count, mut fraction) = (0u64, 0usize, 0usize);
    let mut point = false;
    // Digits since the last grouping separator, once there was one.
    let mut group: Option<usize> = None;
    let mut i = 0;
    while i < digits.len() {
        match digits[i] {
            d @ b'0'..=b'9' => {
                if count == 19 {
                    return Fast::Slow;
                }
                mantissa = mantissa * 10 + u64::from(d - b'0');
                count += 1;
                if point {
                    fraction += 1;
                } else if let Some(g) = &mut group {
                    *g += 1;
                }
                i += 1;
            }
            b'.' | b',' if !point => {
                if digits[i] == b',' && !style.decimal_comma || group.is_some_and(|g| g != 3) {
                    return Fast::Bad;
                }
                point = true;
                i += 1;
            }
            b'e' | b'E' => return Fast::Slow,
            _ => {
                let width = separator_width(&digits[i..]);
                let first_group_ok =
                    group.is_some_and(|g| g == 3) || group.is_none() && (1..=3).contains(&count);
                if !style.grouping || width == 0 || point || !first_group_ok {
                    return Fast::Bad;
                }
                group = Some(0);
                i += width;
            }
        }
    }
    if count == 0 || !point && group.is_some_and(|g| g != 3) {
        return Fast::Bad;
    }
    if mantissa > 1 << 53 || fraction >= POW10.len() {
        return Fast::Slow;
    }
    // Most cells are integers: skip the division.
    let value = match fraction {
        0 => mantissa as f64,
        f => mantissa as f64 / POW10[f],
    };
    Fast::Value(if negative { -value } else { value })
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

/// Exponents and long mantissas: clean into a stack buffer and let `str::parse` do it.
#[cold]
fn slow_number(text: &[u8], style: NumberStyle) -> Option<f64> {
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut i = 0;
    while i < text.len() {
        let c = match text[i] {
            c @ (b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E') => c,
            b',' if style.decimal_comma => b'.',
            _ if style.grouping && separator_width(&text[i..]) > 0 => {
                i += separator_width(&text[i..]);
                continue;
            }
            _ => return None,
        };
        *buf.get_mut(n)? = c;
        n += 1;
        i += 1;
    }
    let value: f64 = std::str::from_utf8(&buf[..n]).ok()?.parse().ok()?;
    value.is_finite().then_some(value)
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
    fn person(&self, entries: &mut [Entry]) -> (Series, Vec<(Entry, Entry)>) {
        entries.sort_unstable();
        let mut series = Series::default();
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
    let line_start = bytes[pos..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(pos, |i| pos + i + 1);
    let line = line
        + bytes[pos..line_start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
    let mut line_end = bytes[line_start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| line_start + i);
    if line_end > line_start && bytes[line_end - 1] == b'\r' {
        line_end -= 1;
    }
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
        let header = "date,rep,deals,leads\n";
        // (what, file, message part, line, col, underline length)
        let cases: Vec<(&str, Vec<u8>, &str, usize, usize, usize)> = vec![
            (
                "unknown person",
                format!("{header}2026-10-01,jan-nowk,1,2\n").into(),
                "unknown person `jan-nowk`",
                2,
                12,
                8,
            ),
            (
                "after a quoted cell",
                format!("{header}\"2026-10-01\",\"jan-nowk\",1,2\n").into(),
                "unknown person",
                2,
                15,
                8,
            ),
            (
                "after a multibyte name",
                format!("{header}2026-10-01,Łukasz,1x,2\n").into(),
                "`1x` in column `deals` is not a number",
                2,
                19,
                2,
            ),
            (
                "bad date",
                format!("{header}2026-13-01,jan-nowak,1,2\n").into(),
                "`2026-13-01` is not a date",
                2,
                1,
                10,
            ),
            (
                "missing date",
                format!("{header} ,jan-nowak,1,2\n").into(),
                "missing date",
                2,
                2,
                0,
            ),
            (
                "missing person",
                format!("{header}2026-10-01,,1,2\n").into(),
                "missing person id",
                2,
                12,
                0,
            ),
            (
                "decimal comma in a comma file",
                format!("{header}2026-10-01,jan-nowak,\"1,5\",2\n").into(),
                "`1,5` in column `deals`",
                2,
                23,
                3,
            ),
            (
                "too few fields",
                format!("{header}2026-10-01,jan-nowak,1\n").into(),
                "row has 3 fields, the header has 4",
                2,
                23,
                0,
            ),
            (
                "too many fields",
                format!("{header}2026-10-01,jan-nowak,1,2,3\n").into(),
                "row has 5 fields, the header has 4",
                2,
                26,
                1,
            ),
            (
                "blank lines and CRLF",
                format!("{header}\r\n\r\n2026-10-01,jan-nowak,x,2\r\n").into(),
                "`x` in column `deals`",
                4,
                22,
                1,
            ),
            (
                "after a quoted newline",
                format!("{header}\"2026-10-01\",jan-nowak,\"1\n\",x\n").into(),
                "`x` in column `leads`",
                3,
                3,
                1,
            ),
            (
                "invalid UTF-8",
                [header.as_bytes(), b"2026-10-01,jan-now\xE9k,1,2\n"].concat(),
                "invalid UTF-8",
                2,
                19,
                1,
            ),
            (
                "missing rep column",
                b"date,person,deals\n2026-10-01,jan-nowak,1\n".to_vec(),
                "missing column `rep`",
                1,
                1,
                17,
            ),
            (
                "missing date column",
                b"day,rep,deals\n".to_vec(),
                "missing column `date` (or `period`)",
                1,
                1,
                13,
            ),
            (
                "both date and period",
                b"date,rep,period\n".to_vec(),
                "either a `date` or a `period`",
                1,
                10,
                6,
            ),
            (
                "bad column name",
                b"date,rep,Revenue PLN\n".to_vec(),
                "column name `Revenue PLN` is not snake_case",
                1,
                10,
                11,
            ),
            (
                "duplicate column",
                b"date;rep;deals;\"deals\"\n".to_vec(),
                "duplicate column `deals`: also column 3",
                1,
                17,
                5,
            ),
            (
                "unnamed column",
                b"date,,rep\n".to_vec(),
                "column 2 has no name",
                1,
                6,
                0,
            ),
            (
                "invalid UTF-8 header",
                b"date,rep,przych\xF3d\n".to_vec(),
                "invalid UTF-8",
                1,
                16,
                1,
            ),
            (
                "bad period",
                b"period,rep,deals\n2026-13,jan-nowak,1\n".to_vec(),
                "`2026-13` is not a period",
                2,
                1,
                7,
            ),
            (
                "quarter rows in a month book",
                b"period,rep,deals\n2026-Q4,jan-nowak,1\n".to_vec(),
                "quarterly rows cannot be summed into months",
                2,
                1,
                7,
            ),
            (
                "empty file",
                b"\xEF\xBB\xBF\r\n".to_vec(),
                "empty file",
                0,
                0,
                0,
            ),
        ];
        for (what, text, message, line, col, len) in cases {
            let (_, diags) = run_with(
                &[("metrics/x.csv", &text)],
                options(PeriodKind::Month),
                CHUNK_BYTES,
            );
            let d = diags
                .iter()
                .find(|d| d.message.contains(message))
                .unwrap_or_else(|| panic!("{what}: no `{message}` in {diags:#?}"));
            assert!(d.is_error(), "{what}");
            assert_eq!(d.file, Path::new("metrics/x.csv"), "{what}");
            assert_eq!((d.line, d.col, d.len), (line, col, len), "{what}: {d}");
            if line > 0 {
                let source = String::from_utf8_lossy(&text).replace('\r', "");
                let source_line = source.lines().nth(line - 1).unwrap();
                assert_eq!(d.snippet.as_deref(), Some(source_line), "{what}");
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
