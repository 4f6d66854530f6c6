//! A file's rows: its body cut into chunks parsed in parallel, each row checked
//! (fields, person, day, numbers) and kept with its values, grouped by person.

use std::collections::HashMap;

use jiff::civil::Date;
use rayon::prelude::*;

use super::header::{Source, UTF8_HINT, When};
use super::locate::{At, count_byte, count_line_ends};
use super::numbers::parse_number;
use super::problems::Problems;
use super::reader::{Cells, RowReader};
use crate::base::period::{self, Period, PeriodKind};

/// What every chunk's parse needs of the book.
pub(super) struct Context<'a> {
    pub(super) people: &'a [&'a str],
    pub(super) index: &'a HashMap<&'a [u8], u32>,
    /// Rows with a `period` column must nest in periods of this kind.
    pub(super) period: PeriodKind,
}

/// A kept row: where it came from and whose day it is; its values are in
/// `Chunk::values`, one per slot of its file.
#[derive(Clone, Copy)]
pub(super) struct Row {
    pub(super) pos: usize,
    pub(super) line: u32,
    pub(super) person: u32,
    pub(super) day: Date,
}

/// What parsing a part of a file found.
#[derive(Default)]
pub(super) struct Chunk {
    pub(super) source: usize,
    pub(super) rows: Vec<Row>,
    pub(super) values: Vec<f64>,
    pub(super) problems: Problems,
    /// Non-blank rows seen, good or bad.
    pub(super) records: usize,
    /// Line ends in the chunk, and quote characters when they were counted.
    lines: usize,
    quotes: usize,
    /// Rows are grouped by person: person p's are `by_person[p]..by_person[p + 1]`
    /// (empty when the chunk kept no rows).
    pub(super) by_person: Vec<u32>,
}

/// Parses the rows of one file. Large bodies are cut at line ends into chunks of
/// about `chunk_bytes`, parsed in parallel. A cut inside a quoted field (which may
/// hold a newline) would be wrong: with well-formed quoting that is exactly when the
/// quotes before the cut are odd in number, and then the file is parsed in one piece.
pub(super) fn parse_source(
    index: usize,
    source: &Source,
    ctx: &Context,
    chunk_bytes: usize,
) -> Vec<Chunk> {
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
        for problem in &mut chunk.problems.list {
            problem.line += line - 1;
        }
        line += chunk.lines;
    }
    chunks
}

fn is_blank(field: &[u8]) -> bool {
    field.trim_ascii().is_empty()
}

/// Parses `start..end` of a file's body; lines count from 1 at `start`.
fn parse_chunk(index: usize, source: &Source, start: usize, end: usize, ctx: &Context) -> Chunk {
    let bytes = &source.bytes[start..end];
    let quotes = count_byte(b'"', bytes);
    let width = source.columns.len();
    let mut parser = ChunkParser {
        source,
        ctx,
        bytes,
        utf8: std::str::from_utf8(bytes).is_ok(),
        rows: Vec::new(),
        values: Vec::new(),
        problems: Problems::default(),
        records: 0,
        people: PersonGuess::new(ctx),
        last_when: Vec::new(),
        last_day: None,
    };
    let mut reader = RowReader::new(bytes, quotes, source.delimiter);
    let mut record = csv::ByteRecord::new();
    let (mut spans, mut last_pos) = (Vec::new(), 0);
    let mut line = 1;
    loop {
        // Values go straight to their slots while the row is read.
        let base = parser.values.len();
        parser.values.resize(base + width, f64::NAN);
        let row = &mut parser.values[base..];
        let read = match reader.next(&mut record, &mut spans, source, row) {
            Ok(Some(read)) => read,
            Ok(None) => break,
            Err(e) => {
                let message = format!("unreadable CSV: {e}");
                parser.problems.add(start, 1, At::Row, message, None);
                break;
            }
        };
        let cells = Cells {
            text: if read.in_record {
                record.as_slice()
            } else {
                bytes
            },
            spans: &spans,
        };
        line += read.lines;
        last_pos = read.pos;
        if !parser.keep(&cells, start + read.pos, line, read.numbers_ok) {
            parser.values.truncate(base);
        }
    }
    let ChunkParser {
        rows,
        mut values,
        problems,
        records,
        ..
    } = parser;
    values.truncate(rows.len() * width);
    let lines = line - 1 + count_line_ends(&bytes[last_pos..]);
    let mut chunk = Chunk {
        source: index,
        rows,
        values,
        problems,
        records,
        lines,
        quotes,
        by_person: Vec::new(),
    };
    group_by_person(&mut chunk, width, ctx.people.len());
    chunk
}

/// The state of one chunk's parse: what was kept and found so far.
struct ChunkParser<'a> {
    source: &'a Source<'a>,
    ctx: &'a Context<'a>,
    /// The chunk.
    bytes: &'a [u8],
    /// The whole chunk decodes, so no row needs checking.
    utf8: bool,
    rows: Vec<Row>,
    values: Vec<f64>,
    problems: Problems,
    records: usize,
    people: PersonGuess<'a>,
    /// Exports sorted by day repeat a date for every person: parse it once.
    last_when: Vec<u8>,
    last_day: Option<Date>,
}

impl ChunkParser<'_> {
    /// Checks the row at file byte `pos` (line `line`), whose measures are already
    /// the last values, and keeps it: false when it is blank or has a problem.
    #[inline]
    fn keep(&mut self, cells: &Cells, pos: usize, line: usize, numbers_ok: bool) -> bool {
        if cells.iter().all(is_blank) {
            return false;
        }
        self.records += 1;
        if !self.readable(cells, pos, line) {
            return false;
        }
        if self.rows.capacity() == 0 {
            // Rows are alike: guess their number from the first one to save regrowing.
            let fields = cells.spans.len();
            let (first, last) = (cells.spans[0].0, cells.spans[fields - 1].1);
            let guess = self.bytes.len() / (last - first + fields) * 9 / 8;
            self.rows.reserve(guess);
            self.values.reserve(guess * self.source.columns.len());
        }
        if !numbers_ok {
            report_numbers(self.source, cells, pos, line, &mut self.problems);
        }
        let person = self.person(cells, pos, line);
        let day = self.day(cells, pos, line);
        match (day, person, numbers_ok) {
            (Some(day), Some(person), true) => {
                self.rows.push(Row {
                    pos,
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    person,
                    day,
                });
                true
            }
            _ => false,
        }
    }

    /// Whether the row decodes as UTF-8 and has the header's number of fields.
    #[inline]
    fn readable(&mut self, cells: &Cells, pos: usize, line: usize) -> bool {
        let source = self.source;
        if !self.utf8 && cells.iter().any(|c| std::str::from_utf8(c).is_err()) {
            // The first bad byte from the row start lies in this row: the rows
            // before it decoded.
            let bad = std::str::from_utf8(&source.bytes[pos..])
                .err()
                .map_or(pos, |e| pos + e.valid_up_to());
            let hint = Some(UTF8_HINT.to_string());
            let message = "invalid UTF-8".into();
            self.problems.add(pos, line, At::Byte(bad), message, hint);
            return false;
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
            self.problems.add(pos, line, at, message, None);
            return false;
        }
        true
    }

    /// The row's person, reporting an unknown one.
    #[inline]
    fn person(&mut self, cells: &Cells, pos: usize, line: usize) -> Option<u32> {
        let rep = cells.get(self.source.rep).trim_ascii();
        let person = self.people.find(rep);
        if person.is_none() {
            let (field, people) = (self.source.rep, self.ctx.people);
            self.problems.person(rep, pos, line, field, people);
        }
        person
    }

    /// The row's day (a period's first day for a `period` column), reporting a cell
    /// that gives none.
    #[inline]
    fn day(&mut self, cells: &Cells, pos: usize, line: usize) -> Option<Date> {
        let (When::Date(when) | When::Period(when)) = self.source.when;
        let when = cells.get(when);
        let book = self.ctx.period;
        if when != self.last_when.as_slice() {
            self.last_day = match self.source.when {
                When::Date(_) => std::str::from_utf8(when).ok().and_then(period::parse_day),
                When::Period(_) => period_start(when, book),
            };
            self.last_when.clear();
            self.last_when.extend_from_slice(when);
        }
        if self.last_day.is_none() {
            report_when(self.source, when, pos, line, book, &mut self.problems);
        }
        self.last_day
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
        When::Date(field) => {
            let message = period::not_a_day(&shown);
            let hint = if message.contains("outside the years") {
                period::OUTSIDE_YEARS_HINT
            } else {
                "expected YYYY-MM-DD (or DD.MM.YYYY)"
            };
            (field, message, Some(hint.to_string()))
        }
        When::Period(field) => match Period::parse(&shown) {
            Err(problem) => (field, problem.message, problem.hint),
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
