//! Numbers and durations as exports write them.
//!
//! A cell is read in three steps: the affixes (sign, accounting parentheses,
//! currency symbols and codes) are peeled off, the digits and separators of
//! the core are scanned in one pass without allocating, and then the
//! separators are given their roles (grouping or decimal). The roles follow
//! from the text alone whenever they can:
//!
//! - when both `.` and `,` appear, the last one is the decimal separator and
//!   every other separator must be the other one (`1,234.50`, `1.234,50`);
//! - a space, NBSP, narrow NBSP, thin space or apostrophe only ever groups
//!   (`1 234,50`, `1'234.50`), so a `.` or `,` beside it is the decimal one;
//! - a separator that appears twice groups (`1,234,567`);
//! - a lone `.` or `,` is the decimal separator unless it *could* group: one
//!   to three digits before it (not starting with `0`) and exactly three after
//!   (`1,234`, `1.234`). Only then does the [`NumberStyle`] decide.
//!
//! Groups after a grouping separator must have exactly three digits, so
//! `1,2,3.4.5` or `12,34,567` are errors rather than guesses.
//!
//! A cell with a `:` is a clock duration (`HH:MM:SS`, `H:MM:SS`, `MM:SS`)
//! read as seconds, so a duration column can be summed as a number.

/// How separators are read when a number alone is ambiguous (`1,234`, `1.234`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberStyle {
    /// English: `,` groups and `.` is the decimal point (`1,234` = 1234).
    En,
    /// Polish: decimal comma; `.` (besides spaces) groups (`1,234` = 1.234).
    Pl,
    /// Norwegian Bokmål: as Polish, decimal comma and `.` grouping.
    Nb,
}

impl NumberStyle {
    /// The style of a book locale (`en`, `pl`, `nb`, also `pl-PL`, `nb_NO`,
    /// `no`, `nn`); anything else is English.
    pub(crate) fn of_locale(locale: &str) -> NumberStyle {
        match language(locale).as_str() {
            "pl" => NumberStyle::Pl,
            "nb" | "nn" | "no" => NumberStyle::Nb,
            _ => NumberStyle::En,
        }
    }

    /// The separator that groups thousands when a lone one is ambiguous.
    fn grouping(self) -> Sep {
        match self {
            NumberStyle::En => Sep::Comma,
            NumberStyle::Pl | NumberStyle::Nb => Sep::Dot,
        }
    }
}

/// The language part of a locale tag, lower-cased (`pl-PL` → `pl`).
pub(super) fn language(locale: &str) -> String {
    let end = locale.find(['-', '_', '.']).unwrap_or(locale.len());
    locale[..end].trim().to_ascii_lowercase()
}

/// A number read from a cell, with what was seen around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Reading {
    /// The value (seconds for a clock duration).
    pub(super) value: f64,
    /// A currency symbol or code was written next to it.
    pub(super) currency: bool,
    /// It was written as a clock duration (`HH:MM:SS`).
    pub(super) clock: bool,
}

/// What an error says is expected.
const EXPECTED: &str = "expected a number (like 1234.5, 1,234.50, 1 234,50 or $12,400.00)";

/// A cell's text as a number: `1234.5`, `-3`, `1,234.50`, `$12,400.00`,
/// `1 234,50 zł`, `12 400,00 kr`, `€1.234,50`, `(1,234.00)` (accounting
/// negative), `1.5E+3`, and `HH:MM:SS`/`H:MM:SS`/`MM:SS` durations as seconds.
///
/// Currency symbols (`$ € £ ¥ …`, `US$`), ISO codes (three capital letters:
/// `PLN`, `USD`) and the local words `zł`, `zl`, `kr`, `kr.`, `Kč` are
/// ignored before or after the number. See the module doc for separators.
/// Err is a short message saying what was expected.
pub(crate) fn number(text: &str, style: NumberStyle) -> Result<f64, String> {
    read(text, style).map(|reading| reading.value)
}

/// `HH:MM:SS`, `H:MM:SS`, `MM:SS`, `HH:MM:SS.mmm` and plain seconds (`75`,
/// `75.5`, read with English separators; no currency).
pub(crate) fn seconds(text: &str) -> Result<f64, String> {
    let reading = read(text, NumberStyle::En).map_err(|_| EXPECTED_SECONDS.to_string())?;
    if reading.currency {
        return Err(EXPECTED_SECONDS.to_string());
    }
    Ok(reading.value)
}

/// What an error of [`seconds`] says is expected.
const EXPECTED_SECONDS: &str = "expected a duration (HH:MM:SS, H:MM:SS, MM:SS or seconds)";

/// `text.trim()`, skipping the Unicode scan when both ends are visible ASCII
/// (the usual case; trimming is a measurable share of reading a number).
pub(super) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Why the core of a number did not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bad {
    /// A `:`: the cell is a clock duration.
    Colon,
    /// Not a number; the reason is appended to [`EXPECTED`].
    Why(&'static str),
}

/// Reads a number and notes whether it carried a currency or was a clock.
pub(super) fn read(text: &str, style: NumberStyle) -> Result<Reading, String> {
    let text = trim(text);
    if text.is_empty() {
        return Err(format!("{EXPECTED}, found an empty cell"));
    }
    let (negative, currency, core) = affixes(text).ok_or_else(|| EXPECTED.to_string())?;
    let (value, clock) = match core_value(core.as_bytes(), style) {
        Ok(value) => (value, false),
        Err(Bad::Colon) if !currency => {
            let value =
                clock_seconds(core.as_bytes()).ok_or_else(|| EXPECTED_SECONDS.to_string())?;
            (value, true)
        }
        Err(Bad::Colon) => return Err(EXPECTED.to_string()),
        Err(Bad::Why(why)) => return Err(format!("{EXPECTED}{why}")),
    };
    let value = if negative { -value } else { value };
    Ok(Reading {
        value,
        currency,
        clock,
    })
}

/// Peels the sign, accounting parentheses and currency off a trimmed cell:
/// (negative, currency seen, the digits left). None when signs repeat.
fn affixes(text: &str) -> Option<(bool, bool, &str)> {
    let mut rest = text;
    let mut negative = false;
    // Fast path: a plain number starts with a digit and ends with one.
    if rest.as_bytes()[0].is_ascii_digit() && rest.as_bytes()[rest.len() - 1].is_ascii_digit() {
        return Some((false, false, rest));
    }
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        rest = inner.trim();
    }
    let mut signed = false;
    if let Some((minus, after)) = sign(rest) {
        if negative && minus {
            return None;
        }
        negative |= minus;
        signed = true;
        rest = after;
    }
    let mut currency = false;
    if let Some(after) = currency_prefix(rest) {
        currency = true;
        rest = after.trim_start();
        if let Some((minus, after)) = sign(rest) {
            if signed || (negative && minus) {
                return None;
            }
            negative |= minus;
            rest = after;
        }
    }
    if let Some(before) = currency_suffix(rest) {
        currency = true;
        rest = before.trim_end();
    }
    Some((negative, currency, rest))
}

/// A leading sign: (is minus, the rest). Accepts `-`, `+` and `−` (U+2212).
fn sign(text: &str) -> Option<(bool, &str)> {
    if let Some(rest) = text
        .strip_prefix('-')
        .or_else(|| text.strip_prefix('\u{2212}'))
    {
        return Some((true, rest.trim_start()));
    }
    text.strip_prefix('+')
        .map(|rest| (false, rest.trim_start()))
}

/// Currency symbols that may stand before or after a number.
fn is_currency_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '€'
            | '£'
            | '¥'
            | '¢'
            | '₹'
            | '₽'
            | '₩'
            | '₺'
            | '₴'
            | '₪'
            | '₫'
            | '฿'
            | '₦'
            | '₱'
            | '₡'
            | '₲'
            | '₵'
            | '₸'
            | '₼'
            | '₾'
            | '₿'
            | '¤'
    )
}

/// Local currency words (lower-case) written after or before amounts. Words
/// that are also units (`ft`) are left out on purpose.
const CURRENCY_WORDS: [&str; 5] = ["zł", "zl", "kr.", "kr", "kč"];

/// The text after a leading currency token, if there is one.
fn currency_prefix(text: &str) -> Option<&str> {
    if text
        .as_bytes()
        .first()
        .is_none_or(|b| b.is_ascii_digit() || *b == b'.' || *b == b',')
    {
        return None;
    }
    // `US$`, `R$`, `NZ$`: up to three capitals then symbols.
    let letters = text.bytes().take_while(u8::is_ascii_uppercase).count();
    let after_letters = &text[letters..];
    let symbols: usize = after_letters
        .chars()
        .take_while(|&c| is_currency_symbol(c))
        .map(char::len_utf8)
        .sum();
    if symbols > 0 && letters <= 3 {
        return Some(&after_letters[symbols..]);
    }
    if letters == 3 && !starts_with_letter(after_letters) {
        return Some(after_letters);
    }
    CURRENCY_WORDS.iter().find_map(|word| {
        let (head, rest) = (text.get(..word.len())?, &text[word.len()..]);
        (same_word(head, word) && !starts_with_letter(rest)).then_some(rest)
    })
}

/// The text before a trailing currency token, if there is one.
fn currency_suffix(text: &str) -> Option<&str> {
    if text.as_bytes().last().is_none_or(u8::is_ascii_digit) {
        return None;
    }
    let symbols: usize = text
        .chars()
        .rev()
        .take_while(|&c| is_currency_symbol(c))
        .map(char::len_utf8)
        .sum();
    if symbols > 0 {
        let before = &text[..text.len() - symbols];
        let letters = before
            .bytes()
            .rev()
            .take_while(u8::is_ascii_uppercase)
            .count();
        return Some(&before[..before.len() - letters.min(3)]);
    }
    let letters = text
        .bytes()
        .rev()
        .take_while(u8::is_ascii_uppercase)
        .count();
    if letters == 3 && !ends_with_letter(&text[..text.len() - 3]) {
        return Some(&text[..text.len() - 3]);
    }
    CURRENCY_WORDS.iter().find_map(|word| {
        let start = text.len().checked_sub(word.len())?;
        let (before, tail) = (text.get(..start)?, &text[start..]);
        (same_word(tail, word) && !ends_with_letter(before)).then_some(before)
    })
}

/// Whether `text` is `word` (lower-case) in any case, without allocating.
fn same_word(text: &str, word: &str) -> bool {
    // Byte-wise first: `zł` as written needs no Unicode case tables.
    text.eq_ignore_ascii_case(word) || text.chars().flat_map(char::to_lowercase).eq(word.chars())
}

/// Whether a text starts with a letter (so a currency word is a prefix of a word).
fn starts_with_letter(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphabetic)
}

/// Whether a text ends with a letter.
fn ends_with_letter(text: &str) -> bool {
    text.chars().next_back().is_some_and(char::is_alphabetic)
}

/// The kinds of separator between digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// `.`
    Dot,
    /// `,`
    Comma,
    /// A space, NBSP, narrow NBSP or thin space (grouping only).
    Space,
    /// `'` or `’` (Swiss grouping only).
    Apos,
}

/// At most this many separators in one number (`1,234,…` up to 10^45).
const MAX_SEPS: usize = 16;

/// The result of scanning digits and separators.
struct Scan {
    /// The digits as an integer (exact while `overflow` is false).
    mantissa: u64,
    /// More than 19 digits: the value must be rebuilt from the text.
    overflow: bool,
    /// Number of digits before the first separator.
    first_run: u8,
    /// The first digit is `0`.
    leading_zero: bool,
    /// Separators in order, each with the number of digits after it.
    seps: [(Sep, u8); MAX_SEPS],
    /// How many of `seps` are used.
    count: usize,
    /// Where an exponent (`e`/`E`) starts, if any.
    exponent: Option<usize>,
}

/// The separator starting at `bytes[i]` and its length in bytes.
fn separator(bytes: &[u8], i: usize) -> Option<(Sep, usize)> {
    match bytes[i] {
        b'.' => Some((Sep::Dot, 1)),
        b',' => Some((Sep::Comma, 1)),
        b' ' => Some((Sep::Space, 1)),
        b'\'' => Some((Sep::Apos, 1)),
        0xC2 if bytes.get(i + 1) == Some(&0xA0) => Some((Sep::Space, 2)),
        0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
            Some(0xAF | 0x89) => Some((Sep::Space, 3)),
            Some(0x99) => Some((Sep::Apos, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Scans the core of a number in one pass: runs of digits, each closed by
/// a separator, an exponent or the end.
fn scan(bytes: &[u8]) -> Result<Scan, Bad> {
    let mut seps = [(Sep::Dot, 0u8); MAX_SEPS];
    let (mut count, mut first_run, mut mantissa, mut digits) = (0usize, 0u8, 0u64, 0usize);
    let mut exponent = None;
    let mut i = 0;
    loop {
        let start = i;
        while let Some(&b @ b'0'..=b'9') = bytes.get(i) {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            i += 1;
        }
        let run = u8::try_from(i - start).unwrap_or(u8::MAX);
        digits += i - start;
        match count {
            0 => first_run = run,
            _ => seps[count - 1].1 = run,
        }
        let Some(&b) = bytes.get(i) else { break };
        if matches!(b, b'e' | b'E') && run > 0 {
            exponent = Some(i);
            break;
        }
        if b == b':' {
            return Err(Bad::Colon);
        }
        let (sep, len) = separator(bytes, i).ok_or(Bad::Why(""))?;
        let leading = count == 0 && run == 0;
        if (run == 0 && !leading) || (leading && matches!(sep, Sep::Space | Sep::Apos)) {
            return Err(Bad::Why("; two separators in a row"));
        }
        if count == MAX_SEPS {
            return Err(Bad::Why("; too many separators"));
        }
        seps[count] = (sep, 0);
        count += 1;
        i += len;
    }
    if digits == 0 {
        return Err(Bad::Why(""));
    }
    if count > 0 && seps[count - 1].1 == 0 && exponent.is_none() {
        return Err(Bad::Why("; it ends with a separator"));
    }
    Ok(Scan {
        mantissa,
        // A u64 holds every 19-digit number; longer ones are re-read.
        overflow: digits > 19,
        first_run,
        leading_zero: bytes.first() == Some(&b'0'),
        seps,
        count,
        exponent,
    })
}

/// Which separator is the decimal one (its index in `seps`), checking that
/// the others group in threes.
fn decimal_index(s: &Scan, style: NumberStyle) -> Result<Option<usize>, Bad> {
    let seps = &s.seps[..s.count];
    let Some(&(last, after)) = seps.last() else {
        return Ok(None);
    };
    let others = &seps[..seps.len() - 1];
    let decimal = if !matches!(last, Sep::Dot | Sep::Comma) {
        false
    } else if others.is_empty() {
        let could_group = after == 3 && (1..=3).contains(&s.first_run) && !s.leading_zero;
        !(could_group && last == style.grouping())
    } else {
        others[0].0 != last
    };
    let grouping = if decimal { others } else { seps };
    let kind = grouping.first().map(|&(sep, _)| sep);
    if grouping.iter().any(|&(sep, _)| Some(sep) != kind) {
        return Err(Bad::Why("; it mixes separators"));
    }
    let in_threes = (1..=3).contains(&s.first_run) && grouping.iter().all(|&(_, run)| run == 3);
    if !grouping.is_empty() && !in_threes {
        return Err(Bad::Why("; digits are not in groups of three"));
    }
    Ok(decimal.then_some(seps.len() - 1))
}

/// Powers of ten that are exact in an f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of the unsigned core of a number.
fn core_value(bytes: &[u8], style: NumberStyle) -> Result<f64, Bad> {
    let s = scan(bytes)?;
    let decimal = decimal_index(&s, style)?;
    let fraction = decimal.map_or(0, |i| usize::from(s.seps[i].1));
    if s.exponent.is_some() && decimal.map_or(s.count, |_| s.count - 1) > 0 {
        return Err(Bad::Why("; an exponent cannot follow grouped digits"));
    }
    // Both operands exact and the division correctly rounded: the result is
    // the correctly rounded value (Clinger's fast path).
    if s.exponent.is_none() && !s.overflow && s.mantissa < (1 << 53) && fraction < POW10.len() {
        return Ok(s.mantissa as f64 / POW10[fraction]);
    }
    slow_value(bytes, decimal.map(|_| fraction), s.exponent)
}

/// Rebuilds the digits as Rust's float syntax and parses them (long numbers,
/// exponents).
fn slow_value(bytes: &[u8], fraction: Option<usize>, exponent: Option<usize>) -> Result<f64, Bad> {
    let end = exponent.unwrap_or(bytes.len());
    let mut digits: String = bytes[..end]
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    if let Some(fraction) = fraction {
        digits.insert(digits.len() - fraction, '.');
    }
    if let Some(start) = exponent {
        let exp = std::str::from_utf8(&bytes[start + 1..]).map_err(|_| Bad::Why(""))?;
        let exp = exp.strip_prefix('+').unwrap_or(exp);
        let valid = exp.strip_prefix('-').unwrap_or(exp);
        if valid.is_empty() || valid.len() > 4 || !valid.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Bad::Why("; bad exponent"));
        }
        digits.push('e');
        digits.push_str(exp);
    }
    let value: f64 = digits.parse().map_err(|_| Bad::Why(""))?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Bad::Why("; it is too large"))
    }
}

/// A clock duration in seconds: `HH:MM:SS`, `H:MM:SS`, `MM:SS`, with an
/// optional fraction of a second (`.mmm` or `,mmm`); the sign is read by
/// [`read`]. Hours (or the minutes of `MM:SS`) may have up to 12 digits;
/// the other parts have two digits below 60.
fn clock_seconds(bytes: &[u8]) -> Option<f64> {
    let mut i = 0;
    let mut lead: u64 = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() && i < 12 {
        lead = lead * 10 + u64::from(bytes[i] - b'0');
        i += 1;
    }
    if i == 0 || bytes.get(i) != Some(&b':') {
        return None;
    }
    let second_part = two_digits(bytes, i + 1)?;
    i += 3;
    let total = if bytes.get(i) == Some(&b':') {
        let third = two_digits(bytes, i + 1)?;
        i += 3;
        lead * 3600 + second_part * 60 + third
    } else {
        lead * 60 + second_part
    };
    let mut value = total as f64;
    if let Some(&(b'.' | b',')) = bytes.get(i) {
        let fraction = &bytes[i + 1..];
        if fraction.is_empty() || fraction.len() > 9 || !fraction.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let digits = fraction
            .iter()
            .fold(0u64, |acc, &b| acc * 10 + u64::from(b - b'0'));
        value += digits as f64 / POW10[fraction.len()];
        i = bytes.len();
    }
    if i != bytes.len() {
        return None;
    }
    Some(value)
}

/// Two digits at `bytes[i..i + 2]` forming a value below 60.
fn two_digits(bytes: &[u8], i: usize) -> Option<u64> {
    let (&a, &b) = (bytes.get(i)?, bytes.get(i + 1)?);
    if !a.is_ascii_digit() || !b.is_ascii_digit() {
        return None;
    }
    let value = u64::from(a - b'0') * 10 + u64::from(b - b'0');
    (value < 60).then_some(value)
}
