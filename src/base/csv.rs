//! What every CSV reader and writer of pulsebook agrees on: how the delimiter is found
//! and where a field is in a row (the native metrics reader and the reader of raw
//! exports), how a field is quoted and a number written (data/*.csv).

/// The most frequent of `,` `;` and tab outside quotes; ties go to the earlier one.
pub(crate) fn detect_delimiter(header: &[u8]) -> u8 {
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

/// The content of field `k` (inside quotes, else without surrounding spaces) of the
/// row at `pos`; an empty span at the row end when the row has fewer fields. A quote
/// opens a field only as its first byte, as in the `csv` crate.
pub(crate) fn field_span(bytes: &[u8], pos: usize, delimiter: u8, k: usize) -> (usize, usize) {
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

/// Where the field starting at `i` ends (at its delimiter or the line end).
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

/// A number as the shortest text that reads back to the same value (`0.25`, `12`,
/// `0.23333333333333334`).
pub(crate) fn plain_number(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    format!("{v}")
}

/// A field as CSV needs it: quoted when it holds a delimiter, a quote or a line end.
pub(crate) fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
