//! Reading a chunk's rows: fields and measures of one row at a time, from the raw
//! bytes, without copying a cell to the heap.

use super::header::{Field, Source, reader};
use super::locate::{after_line_end, count_line_ends};
use super::numbers::{parse_number, scan_number};

/// Reads the rows of a chunk as csv does, with their measures. A chunk without any
/// `"` has no quoting to undo, so `Split` reads it in one pass over the bytes: it
/// cuts fields at the delimiter and rows at LF, CRLF or a bare CR (csv's line ends),
/// and parses plain numbers while it scans them. That is several times faster than
/// csv's state machine followed by a second pass over each cell.
pub(super) enum RowReader<'a> {
    /// The chunk again (the reader consumes its copy) and the previous row's start.
    Csv(csv::Reader<&'a [u8]>, &'a [u8], usize),
    Split {
        bytes: &'a [u8],
        at: usize,
    },
}

/// What reading one row gave: whether its fields are ranges of the csv record (else
/// of the chunk), its byte offset in the chunk, the line ends since the previous
/// row's start, and whether every measure was a number.
pub(super) struct Read {
    pub(super) in_record: bool,
    pub(super) pos: usize,
    pub(super) lines: usize,
    pub(super) numbers_ok: bool,
}

impl<'a> RowReader<'a> {
    /// Reads a chunk: through csv when it has quotes to undo, else split directly.
    pub(super) fn new(bytes: &'a [u8], quotes: usize, delimiter: u8) -> Self {
        if quotes == 0 {
            RowReader::Split { bytes, at: 0 }
        } else {
            RowReader::Csv(reader(bytes, delimiter), bytes, 0)
        }
    }

    /// Reads the next non-empty row: its fields go to `spans`, as ranges of `record`
    /// or of the chunk, and its measures to `row`.
    #[inline]
    pub(super) fn next(
        &mut self,
        record: &mut csv::ByteRecord,
        spans: &mut Vec<(usize, usize)>,
        source: &Source,
        row: &mut [f64],
    ) -> csv::Result<Option<Read>> {
        spans.clear();
        match self {
            RowReader::Csv(reader, bytes, at) => {
                next_record(reader, bytes, at, record, spans, source, row)
            }
            RowReader::Split { bytes, at } => Ok(next_split(bytes, at, spans, source, row)),
        }
    }
}

/// [`RowReader::next`] through csv.
#[inline]
fn next_record(
    reader: &mut csv::Reader<&[u8]>,
    bytes: &[u8],
    at: &mut usize,
    record: &mut csv::ByteRecord,
    spans: &mut Vec<(usize, usize)>,
    source: &Source,
    row: &mut [f64],
) -> csv::Result<Option<Read>> {
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
        match parse_number(record.get(column.field).unwrap_or_default(), source.numbers) {
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
    Ok(Some(Read {
        in_record: true,
        pos,
        lines,
        numbers_ok: ok,
    }))
}

/// [`RowReader::next`] for a chunk without quotes: one pass over the row's bytes.
#[inline]
fn next_split(
    bytes: &[u8],
    at: &mut usize,
    spans: &mut Vec<(usize, usize)>,
    source: &Source,
    row: &mut [f64],
) -> Option<Read> {
    let delimiter = source.delimiter;
    let is_end = |b: u8| b == delimiter || b == b'\n' || b == b'\r';
    let (pos, mut i, mut ok) = (*at, *at, true);
    if pos >= bytes.len() {
        return None;
    }
    for k in 0.. {
        let field = i;
        if let Some(&Field::Measure(slot)) = source.fields.get(k) {
            let (value, end) = scan_number(bytes, i, delimiter, source.numbers);
            i = end;
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
    *at = after_line_end(bytes, i);
    // Each row here is one line.
    Some(Read {
        in_record: false,
        pos,
        lines: usize::from(pos > 0),
        numbers_ok: ok,
    })
}

/// One row's fields: `text[start..end]` for each span.
pub(super) struct Cells<'a> {
    pub(super) text: &'a [u8],
    pub(super) spans: &'a [(usize, usize)],
}

impl<'a> Cells<'a> {
    #[inline]
    pub(super) fn get(&self, i: usize) -> &'a [u8] {
        self.spans.get(i).map_or(b"", |&(s, e)| &self.text[s..e])
    }

    #[inline]
    pub(super) fn iter(&self) -> impl Iterator<Item = &'a [u8]> + use<'a, '_> {
        self.spans.iter().map(|&(s, e)| &self.text[s..e])
    }
}
