//! Measure cells as numbers: `1234.5` everywhere, a decimal comma in `;` and tab
//! files, grouping spaces in `;` files. The common plain cell is parsed in one tight
//! loop, while the row is split ([`scan_number`]) or from the cell ([`parse_number`]),
//! always to the same `f64` as `str::parse`.

/// Which number spellings a file's dialect allows besides `1234.5`.
#[derive(Clone, Copy)]
pub(super) struct NumberStyle {
    pub(super) decimal_comma: bool,
    pub(super) grouping: bool,
}

/// Parses a measure cell: `Some(NAN)` for an empty cell (missing, not zero), `None`
/// for a non-number. `1234.5` always; `1234,5` with a decimal comma; `1 234,5` with
/// grouping (space, no-break space or narrow no-break space, groups of three).
#[inline(always)]
pub(super) fn parse_number(raw: &[u8], style: NumberStyle) -> Option<f64> {
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

/// Reads the cell starting at `bytes[start]` up to the next `delimiter` or line end,
/// accumulating plain decimals (digits and at most one point) while it scans them;
/// anything else is parsed from the cell afterwards. Returns the value ([`parse_number`]'s
/// answer) and where the cell ends.
#[inline(always)]
pub(super) fn scan_number(
    bytes: &[u8],
    start: usize,
    delimiter: u8,
    style: NumberStyle,
) -> (Option<f64>, usize) {
    let is_end = |b: u8| b == delimiter || b == b'\n' || b == b'\r';
    let mut i = start;
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
        } else if point.is_none() && (b == b'.' || b == b',' && style.decimal_comma) {
            point = Some(i);
        } else {
            plain = false;
        }
        i += 1;
    }
    // Plain: digits and at most one point, so the digits are the rest; 15 of them
    // stay exact (see `simple_number`).
    let digits = i - first - usize::from(point.is_some());
    let value = if plain && (1..=15).contains(&digits) {
        let fraction = point.map_or(0, |p| i - p - 1);
        let v = mantissa as i64 as f64 / POW10[fraction];
        Some(if negative { -v } else { v })
    } else {
        parse_number(&bytes[start..i], style)
    };
    (value, i)
}
