//! Dates and timestamps as exports write them.
//!
//! The formats pulsebook detects (ISO 8601, `DD.MM.YYYY`, RFC 2822,
//! `M/D/YYYY`, `D/M/YYYY`) are read by hand-written parsers over bytes: a
//! column of millions of timestamps must read at well over 100 MB/s, and a
//! general strftime engine is several times slower. jiff's `strtime` is only
//! used for a user's own pattern (`date.format`).
//!
//! A value without an offset is local wall time ([`Stamp::Local`]), taken in
//! the book's zone; one with an offset, `Z`, `UTC`/`GMT` or an RFC 2822 zone
//! is an exact instant ([`Stamp::Exact`]).

use jiff::civil::{DateTime, date};
use jiff::fmt::strtime;
use jiff::{SignedDuration, Timestamp};

use super::number::trim;
use super::tzdb::bundled;

/// How a date column is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateFormat {
    /// `2026-03-02` (also `2026/03/02`), with or without a time after `T` or
    /// a space (`14:05`, `14:05:00`, `14:05:00.123`), with or without an
    /// offset (`Z`, `+01:00`, `+0100`, `+01`, ` UTC`).
    Iso,
    /// `DD.MM.YYYY [HH:MM[:SS]]` (also `D.M.YYYY`).
    Dotted,
    /// `Fri, 02 Jan 2026 08:31:59 [+0000|GMT|EST…]` (weekday and seconds optional).
    Rfc2822,
    /// `M/D/YYYY [h:mm[:ss] [AM|PM]]`.
    MonthFirst,
    /// `D/M/YYYY [H:MM[:SS] [AM|PM]]`.
    DayFirst,
    /// A strftime pattern (jiff's `strtime`), e.g. `%d-%m-%Y %H:%M`.
    Pattern(String),
}

impl DateFormat {
    /// A human description of a format for messages and `inspect`.
    pub(crate) fn describe(&self) -> String {
        match self {
            DateFormat::Iso => "ISO 8601 (2026-03-02 or 2026-03-02T14:05:00Z)".to_string(),
            DateFormat::Dotted => "DD.MM.YYYY (02.03.2026 14:05)".to_string(),
            DateFormat::Rfc2822 => "RFC 2822 (Fri, 02 Jan 2026 08:31:59)".to_string(),
            DateFormat::MonthFirst => "M/D/YYYY (1/16/2026 2:05 PM)".to_string(),
            DateFormat::DayFirst => "D/M/YYYY (16/1/2026 14:05)".to_string(),
            DateFormat::Pattern(pattern) => format!("the pattern \"{pattern}\""),
        }
    }
}

/// A parsed timestamp: local wall time (no offset written) or an exact
/// instant (offset or Z written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stamp {
    /// Wall time as written, to be read in the book's zone.
    Local(DateTime),
    /// An instant: the text carried an offset or a zone.
    Exact(Timestamp),
}

/// Parses one value written in `format`.
pub(crate) fn parse_stamp(text: &str, format: &DateFormat) -> Result<Stamp, String> {
    let text = trim(text);
    let parts = match format {
        DateFormat::Iso => iso(text.as_bytes()),
        DateFormat::Dotted => dotted(text.as_bytes()),
        DateFormat::Rfc2822 => rfc2822(text.as_bytes()),
        DateFormat::MonthFirst => slash(text.as_bytes()).and_then(|s| s.ordered(true)),
        DateFormat::DayFirst => slash(text.as_bytes()).and_then(|s| s.ordered(false)),
        DateFormat::Pattern(pattern) => return strtime_stamp(text, pattern),
    };
    parts
        .and_then(Parts::stamp)
        .ok_or_else(|| format!("expected a date in {}", format.describe()))
}

/// A value read with a user's pattern.
fn strtime_stamp(text: &str, pattern: &str) -> Result<Stamp, String> {
    let fail = |e: jiff::Error| format!("expected a date in the pattern \"{pattern}\" ({e})");
    let tm = strtime::parse(pattern, text).map_err(fail)?;
    if tm.timestamp().is_some() || tm.offset().is_some() {
        return tm.to_timestamp().map(Stamp::Exact).map_err(fail);
    }
    if tm.iana_time_zone().is_some() {
        let zoned = tm.to_zoned_datetime_with(bundled()).map_err(fail)?;
        return Ok(Stamp::Exact(zoned.timestamp()));
    }
    tm.to_datetime().map(Stamp::Local).map_err(fail)
}

/// The example a pattern error points to.
const PATTERN_HINT: &str = "a date.format is a strftime pattern with a year, month and day, \
     e.g. \"%d-%m-%Y %H:%M\" (%Y year, %m month, %d day, %b month name, %H hour, \
     %I hour 1-12 with %p AM/PM, %M minute, %S second, %z offset)";

/// A strftime pattern from a user, validated: it must format and read back
/// a sample instant, keeping at least its day. Err: message with a hint.
pub(crate) fn pattern(text: &str) -> Result<DateFormat, String> {
    if text.trim().is_empty() {
        return Err(format!("the date.format is empty; {PATTERN_HINT}"));
    }
    let sample = Timestamp::new(1_772_456_706, 123_000_000)
        .map_err(|e| e.to_string())?
        .to_zoned_datetime(super::tzdb::zone("Europe/Warsaw")?);
    let written = strtime::format(text, &sample).map_err(|e| {
        format!("the date.format \"{text}\" is not a valid pattern ({e}); {PATTERN_HINT}")
    })?;
    let format = DateFormat::Pattern(text.to_string());
    let back = parse_stamp(&written, &format).map_err(|_| {
        format!("the date.format \"{text}\" cannot be read back (\"{written}\"); {PATTERN_HINT}")
    })?;
    let day = match back {
        Stamp::Local(dt) => dt.date(),
        Stamp::Exact(ts) => ts.to_zoned_datetime(sample.time_zone().clone()).date(),
    };
    if day != sample.date() {
        return Err(format!(
            "the date.format \"{text}\" does not give a whole date; {PATTERN_HINT}"
        ));
    }
    Ok(format)
}

/// The fields of a parsed value before validation.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Parts {
    /// Year (four digits).
    year: i32,
    /// Month 1-12 (validated in [`Parts::stamp`]).
    month: u32,
    /// Day of month (validated in [`Parts::stamp`]).
    day: u32,
    /// Hour 0-23.
    hour: u32,
    /// Minute 0-59.
    minute: u32,
    /// Second 0-59.
    second: u32,
    /// Nanoseconds.
    nanos: u32,
    /// Offset from UTC in seconds, when one was written.
    offset: Option<i32>,
    /// Weekday written (0 = Sunday), checked against the date.
    weekday: Option<u8>,
}

impl Parts {
    /// Validates the fields and builds the stamp.
    pub(super) fn stamp(self) -> Option<Stamp> {
        let nanos = i32::try_from(self.nanos).ok()?;
        let clock_valid = self.hour < 24 && self.minute < 60 && self.second < 60;
        let Some(offset) = self.offset else {
            // jiff validates the fields itself (cheaply).
            let year = i16::try_from(self.year).ok()?;
            let (month, day) = (u8::try_from(self.month).ok()?, u8::try_from(self.day).ok()?);
            let (h, mi, s) = (self.hour as i8, self.minute as i8, self.second as i8);
            if !clock_valid {
                return None;
            }
            let dt = DateTime::new(year, month as i8, day as i8, h, mi, s, nanos).ok()?;
            if let Some(weekday) = self.weekday {
                let days = days_from_civil(self.year, self.month, self.day);
                if i64::from(weekday) != (days + 4).rem_euclid(7) {
                    return None;
                }
            }
            return Some(Stamp::Local(dt));
        };
        let valid = clock_valid
            && (0..=9999).contains(&self.year)
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month);
        if !valid {
            return None;
        }
        let days = days_from_civil(self.year, self.month, self.day);
        if self
            .weekday
            .is_some_and(|w| i64::from(w) != (days + 4).rem_euclid(7))
        {
            return None;
        }
        let clock = i64::from(self.hour * 3600 + self.minute * 60 + self.second);
        let second = days * 86_400 + clock - i64::from(offset);
        Timestamp::new(second, nanos).ok().map(Stamp::Exact)
    }
}

/// A byte cursor for the hand-written parsers.
struct Cursor<'a> {
    /// The text.
    bytes: &'a [u8],
    /// The next byte to read.
    at: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `bytes`.
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, at: 0 }
    }

    /// The next byte, if any.
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Whether all bytes were read.
    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// Reads `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    /// Reads `min..=max` digits (greedily) as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let mut value = 0u32;
        let mut n = 0;
        while n < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => value = value * 10 + u32::from(b - b'0'),
                _ => break,
            }
            self.at += 1;
            n += 1;
        }
        (n >= min).then_some(value)
    }

    /// Skips spaces; returns how many.
    fn spaces(&mut self) -> usize {
        let start = self.at;
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
        self.at - start
    }

    /// Reads three ASCII letters, lower-cased.
    fn word3(&mut self) -> Option<[u8; 3]> {
        let word = self.bytes.get(self.at..self.at + 3)?;
        if !word.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        self.at += 3;
        Some(lower3(word[0], word[1], word[2]))
    }

    /// Reads the rest case-insensitively equal to one of `words` (at the end).
    fn rest_is(&mut self, words: &[&str]) -> bool {
        let rest = &self.bytes[self.at..];
        let found = words
            .iter()
            .any(|w| rest.eq_ignore_ascii_case(w.as_bytes()));
        if found {
            self.at = self.bytes.len();
        }
        found
    }

    /// `H[H]:MM[:SS[.fff]]` into `parts`.
    fn time(&mut self, parts: &mut Parts) -> Option<()> {
        parts.hour = self.digits(1, 2)?;
        if !self.eat(b':') {
            return None;
        }
        parts.minute = self.digits(2, 2)?;
        if self.eat(b':') {
            parts.second = self.digits(2, 2)?;
            if self.eat(b'.') || self.eat(b',') {
                parts.nanos = self.fraction()?;
            }
        }
        Some(())
    }

    /// Digits of a fraction of a second as nanoseconds (beyond 9 digits dropped).
    fn fraction(&mut self) -> Option<u32> {
        let start = self.at;
        let mut nanos = 0u32;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if self.at - start < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            self.at += 1;
        }
        let n = self.at - start;
        (n > 0).then(|| nanos * 10u32.pow(9 - n.min(9) as u32))
    }

    /// `±HH[[:]MM]` after the sign, in seconds.
    fn offset(&mut self, negative: bool) -> Option<i32> {
        let hours = self.digits(2, 2)?;
        let colon = self.eat(b':');
        let minutes = match self.peek() {
            Some(b'0'..=b'9') => self.digits(2, 2)?,
            _ if colon => return None,
            _ => 0,
        };
        offset_seconds(negative, hours, minutes)
    }
}

/// Two ASCII digits as a number.
fn num2(a: u8, b: u8) -> Option<u32> {
    let (a, b) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (a < 10 && b < 10).then(|| u32::from(a) * 10 + u32::from(b))
}

/// An offset from its sign, hours and minutes, in seconds (at most 25:59).
fn offset_seconds(negative: bool, hours: u32, minutes: u32) -> Option<i32> {
    if hours > 25 || minutes > 59 {
        return None;
    }
    let seconds = (hours * 3600 + minutes * 60) as i32;
    Some(if negative { -seconds } else { seconds })
}

/// ISO 8601: `YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][ ][Z|±HH[:MM]|UTC|GMT]`.
pub(super) fn iso(bytes: &[u8]) -> Option<Parts> {
    iso_fixed(bytes).or_else(|| iso_general(bytes))
}

/// The common ISO layouts at fixed positions (`YYYY-MM-DD`, then
/// `THH:MM:SS` or ` HH:MM:SS`, then nothing, `Z` or `±HH:MM`): no loops and
/// one bounds check per part, for columns of millions of timestamps.
fn iso_fixed(bytes: &[u8]) -> Option<Parts> {
    let d: &[u8; 10] = bytes.get(..10)?.try_into().ok()?;
    if d[4] != b'-' || d[7] != b'-' {
        return None;
    }
    let mut parts = Parts {
        year: (num2(d[0], d[1])? * 100 + num2(d[2], d[3])?) as i32,
        month: num2(d[5], d[6])?,
        day: num2(d[8], d[9])?,
        ..Parts::default()
    };
    let rest = &bytes[10..];
    if rest.is_empty() {
        return Some(parts);
    }
    let t: &[u8; 9] = rest.get(..9)?.try_into().ok()?;
    if !matches!(t[0], b'T' | b' ') || t[3] != b':' || t[6] != b':' {
        return None;
    }
    parts.hour = num2(t[1], t[2])?;
    parts.minute = num2(t[4], t[5])?;
    parts.second = num2(t[7], t[8])?;
    parts.offset = match rest[9..] {
        [] => None,
        [b'Z'] => Some(0),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            Some(offset_seconds(sign == b'-', num2(h1, h2)?, num2(m1, m2)?)?)
        }
        _ => return None,
    };
    Some(parts)
}

/// Any ISO layout this module reads, with a cursor.
fn iso_general(bytes: &[u8]) -> Option<Parts> {
    let mut c = Cursor::new(bytes);
    let mut parts = Parts {
        year: c.digits(4, 4)? as i32,
        ..Parts::default()
    };
    let sep = c.peek().filter(|&b| b == b'-' || b == b'/')?;
    c.at += 1;
    parts.month = c.digits(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    parts.day = c.digits(1, 2)?;
    if c.done() {
        return Some(parts);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    c.time(&mut parts)?;
    c.spaces();
    parts.offset = match c.peek() {
        None => None,
        Some(b'Z' | b'z') => {
            c.at += 1;
            Some(0)
        }
        Some(b'+') | Some(b'-') => {
            let negative = c.peek() == Some(b'-');
            c.at += 1;
            Some(c.offset(negative)?)
        }
        Some(_) if c.rest_is(&["UTC", "GMT"]) => Some(0),
        Some(_) => return None,
    };
    c.done().then_some(parts)
}

/// `DD.MM.YYYY [HH:MM[:SS]]`.
pub(super) fn dotted(bytes: &[u8]) -> Option<Parts> {
    let mut c = Cursor::new(bytes);
    let mut parts = Parts {
        day: c.digits(1, 2)?,
        ..Parts::default()
    };
    if !c.eat(b'.') {
        return None;
    }
    parts.month = c.digits(1, 2)?;
    if !c.eat(b'.') {
        return None;
    }
    parts.year = c.digits(4, 4)? as i32;
    if c.done() {
        return Some(parts);
    }
    c.eat(b',');
    if c.spaces() == 0 {
        return None;
    }
    c.time(&mut parts)?;
    c.done().then_some(parts)
}

/// The month (1-12) of a lower-cased English abbreviation.
fn month_of(word: [u8; 3]) -> Option<u32> {
    Some(match &word {
        b"jan" => 1,
        b"feb" => 2,
        b"mar" => 3,
        b"apr" => 4,
        b"may" => 5,
        b"jun" => 6,
        b"jul" => 7,
        b"aug" => 8,
        b"sep" => 9,
        b"oct" => 10,
        b"nov" => 11,
        b"dec" => 12,
        _ => return None,
    })
}

/// The weekday (0 = Sunday) of a lower-cased English abbreviation.
fn weekday_of(word: [u8; 3]) -> Option<u8> {
    Some(match &word {
        b"sun" => 0,
        b"mon" => 1,
        b"tue" => 2,
        b"wed" => 3,
        b"thu" => 4,
        b"fri" => 5,
        b"sat" => 6,
        _ => return None,
    })
}

/// Three bytes lower-cased (ASCII letters only change).
fn lower3(a: u8, b: u8, c: u8) -> [u8; 3] {
    [a | 0x20, b | 0x20, c | 0x20]
}

/// RFC 2822: `[Www, ]D[D] Mon YYYY[ HH:MM[:SS][ zone]]`; the weekday must
/// match the date.
pub(super) fn rfc2822(bytes: &[u8]) -> Option<Parts> {
    rfc_fixed(bytes).or_else(|| rfc_general(bytes))
}

/// The common layout `Www, DD Mon YYYY HH:MM:SS[ zone]` at fixed positions.
fn rfc_fixed(bytes: &[u8]) -> Option<Parts> {
    let f: &[u8; 25] = bytes.get(..25)?.try_into().ok()?;
    let seps = [f[3], f[4], f[7], f[11], f[16], f[19], f[22]];
    if seps != *b",    ::" {
        return None;
    }
    let mut parts = Parts {
        weekday: Some(weekday_of(lower3(f[0], f[1], f[2]))?),
        day: num2(f[5], f[6])?,
        month: month_of(lower3(f[8], f[9], f[10]))?,
        year: (num2(f[12], f[13])? * 100 + num2(f[14], f[15])?) as i32,
        hour: num2(f[17], f[18])?,
        minute: num2(f[20], f[21])?,
        second: num2(f[23], f[24])?,
        ..Parts::default()
    };
    if bytes.len() > 25 {
        let mut c = Cursor { bytes, at: 25 };
        if c.spaces() == 0 {
            return None;
        }
        parts.offset = Some(rfc_zone(&mut c)?);
        if !c.done() {
            return None;
        }
    }
    Some(parts)
}

/// Any RFC 2822 layout this module reads, with a cursor.
fn rfc_general(bytes: &[u8]) -> Option<Parts> {
    let mut c = Cursor::new(bytes);
    let mut parts = Parts::default();
    if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        parts.weekday = Some(weekday_of(c.word3()?)?);
        c.eat(b',');
        c.spaces();
    }
    parts.day = c.digits(1, 2)?;
    if c.spaces() == 0 {
        return None;
    }
    parts.month = month_of(c.word3()?)?;
    if c.spaces() == 0 {
        return None;
    }
    parts.year = c.digits(4, 4)? as i32;
    if c.spaces() == 0 {
        return c.done().then_some(parts);
    }
    c.time(&mut parts)?;
    if c.spaces() > 0 && !c.done() {
        parts.offset = Some(rfc_zone(&mut c)?);
    }
    c.done().then_some(parts)
}

/// An RFC 2822 zone: `±HHMM` or a name (`GMT`, `UT`, `UTC`, `Z`, US zones).
fn rfc_zone(c: &mut Cursor<'_>) -> Option<i32> {
    if let Some(sign @ (b'+' | b'-')) = c.peek() {
        c.at += 1;
        return c.offset(sign == b'-');
    }
    let names: [(&str, i32); 12] = [
        ("GMT", 0),
        ("UT", 0),
        ("UTC", 0),
        ("Z", 0),
        ("EST", -5),
        ("EDT", -4),
        ("CST", -6),
        ("CDT", -5),
        ("MST", -7),
        ("MDT", -6),
        ("PST", -8),
        ("PDT", -7),
    ];
    names
        .iter()
        .find(|(name, _)| c.rest_is(&[name]))
        .map(|&(_, hours)| hours * 3600)
}

/// A slash date before its order is known: `A/B/YYYY [h:mm[:ss] [AM|PM]]`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slash {
    /// The first number.
    pub(super) a: u32,
    /// The second number.
    pub(super) b: u32,
    /// The rest: year and time (month and day unset).
    parts: Parts,
}

impl Slash {
    /// The parts with `a` as month (`month_first`) or as day.
    pub(super) fn ordered(self, month_first: bool) -> Option<Parts> {
        let (month, day) = if month_first {
            (self.a, self.b)
        } else {
            (self.b, self.a)
        };
        Some(Parts {
            month,
            day,
            ..self.parts
        })
    }
}

/// Reads `A/B/YYYY [,] [h:mm[:ss][ ](AM|PM|am|pm|a.m.|p.m.)]`.
pub(super) fn slash(bytes: &[u8]) -> Option<Slash> {
    let mut c = Cursor::new(bytes);
    let a = c.digits(1, 2)?;
    if !c.eat(b'/') {
        return None;
    }
    let b = c.digits(1, 2)?;
    if !c.eat(b'/') {
        return None;
    }
    let mut parts = Parts {
        year: c.digits(4, 4)? as i32,
        ..Parts::default()
    };
    if !c.done() {
        c.eat(b',');
        if c.spaces() == 0 {
            return None;
        }
        c.time(&mut parts)?;
        c.spaces();
        if !c.done() {
            let pm = meridiem(&mut c)?;
            if !(1..=12).contains(&parts.hour) {
                return None;
            }
            parts.hour = parts.hour % 12 + if pm { 12 } else { 0 };
        }
    }
    c.done().then_some(Slash { a, b, parts })
}

/// `AM`/`PM` (any case, with or without dots): true for PM.
fn meridiem(c: &mut Cursor<'_>) -> Option<bool> {
    if c.rest_is(&["AM", "A.M.", "A.M"]) {
        return Some(false);
    }
    c.rest_is(&["PM", "P.M.", "P.M"]).then_some(true)
}

/// Days in a month of the proleptic Gregorian calendar.
pub(super) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid civil date of years 0 to 9999 (Howard
/// Hinnant's algorithm, shifted by 400 years so it runs on unsigned
/// integers).
pub(super) fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = ((year + 400).max(0) as u32).saturating_sub(u32::from(month <= 2));
    let (era, yoe) = (y / 400, y % 400);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i64::from(era) * 146_097 + i64::from(doe) - 719_468 - 146_097
}

/// An Excel serial date (1900 system, with the 1900 leap-year bug) as a
/// local DateTime, rounded to the millisecond. Serial 1 is 1900-01-01, 60 is
/// Excel's fictional 1900-02-29 (None), 61 is 1900-03-01. Serials below 1
/// are times of day or durations, not dates: None (see [`excel_seconds`]).
pub(crate) fn excel_serial(serial: f64) -> Option<DateTime> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let millis = (serial * 86_400_000.0).round() as i64;
    // Serial 0 would be 1899-12-31, but from serial 61 on Excel counts the
    // missing 1900-02-29, so later serials count from 1899-12-30.
    let base = match millis.div_euclid(86_400_000) {
        60 => return None,
        ..60 => date(1899, 12, 31),
        _ => date(1899, 12, 30),
    };
    base.at(0, 0, 0, 0)
        .checked_add(SignedDuration::from_millis(millis))
        .ok()
}

/// An Excel serial date in the 1904 system (old Mac workbooks,
/// `date1904="1"` in workbook.xml): 0 is 1904-01-01.
#[cfg(test)]
pub(crate) fn excel_serial_1904(serial: f64) -> Option<DateTime> {
    // 1904-01-01 is serial 1462 in the 1900 system.
    excel_serial(serial + 1462.0)
}

/// A time-formatted Excel number (`00:02:41` stored as a fraction of a
/// day) as seconds, rounded to the millisecond.
#[cfg(test)]
pub(crate) fn excel_seconds(fraction_of_day: f64) -> f64 {
    (fraction_of_day * 86_400_000.0).round() / 1000.0
}
