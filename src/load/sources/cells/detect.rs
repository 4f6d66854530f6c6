//! Detecting a date column's format from its values.
//!
//! The first value picks the family (ISO, dotted, RFC 2822, slashes) from
//! its shape; every later value must parse in that family, so feeding a
//! value once the family is known costs one parse. Slash dates stay
//! undecided between `M/D/YYYY` and `D/M/YYYY` until a value has a first or
//! second number above 12; values with both at most 12 are valid either way
//! (every month has at least 12 days), so no value needs a second look.

use super::date::{DateFormat, Parts, dotted, iso, rfc2822, slash};
use super::number::trim;

/// The shapes told apart by the first value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `2026-03-02…`
    Iso,
    /// `02.03.2026…`
    Dotted,
    /// `Fri, 02 Jan 2026…`
    Rfc2822,
    /// `1/16/2026…` or `16/1/2026…`
    Slash,
}

impl Family {
    /// How the family is named in messages.
    fn describe(self) -> String {
        match self {
            Family::Iso => DateFormat::Iso.describe(),
            Family::Dotted => DateFormat::Dotted.describe(),
            Family::Rfc2822 => DateFormat::Rfc2822.describe(),
            Family::Slash => "M/D/YYYY or D/M/YYYY (1/16/2026)".to_string(),
        }
    }
}

/// What the detection error suggests as a pattern.
const DETECT_HINT: &str = "set date.format to a strftime pattern, e.g. \"%d-%m-%Y %H:%M\"";

/// Detects a column's format from its values (feed every non-empty value).
#[derive(Debug, Clone, Default)]
pub(crate) struct DateDetector {
    /// The family of the first value.
    family: Option<Family>,
    /// For slashes: the order, once a value decided it (true: month first).
    month_first: Option<bool>,
    /// The first value, quoted in messages.
    first: String,
    /// The value that decided the slash order, quoted in messages.
    decider: String,
}

impl DateDetector {
    /// A detector that has seen nothing.
    pub(crate) fn new() -> Self {
        DateDetector::default()
    }

    /// Takes one value (blank values are skipped). Err names the value that
    /// breaks the pattern of the earlier ones.
    pub(crate) fn feed(&mut self, text: &str) -> Result<(), String> {
        let text = trim(text);
        if text.is_empty() {
            return Ok(());
        }
        let Some(family) = self.family else {
            return self.feed_first(text);
        };
        let parsed = match family {
            Family::Iso => iso(text.as_bytes()),
            Family::Dotted => dotted(text.as_bytes()),
            Family::Rfc2822 => rfc2822(text.as_bytes()),
            Family::Slash => return self.feed_slash(text),
        };
        match parsed.and_then(Parts::stamp) {
            Some(_) => Ok(()),
            // The family's shape but no real day (`2026-12-32`): a mistake in this
            // cell, which the row reports with its line and column; the format
            // stands, and the file's other mistakes are found too.
            None if sniff(text) == Some(family) && self.first != text => Ok(()),
            None => Err(self.breaks(text, family)),
        }
    }

    /// The first value: its shape picks the family, and it must parse in it.
    fn feed_first(&mut self, text: &str) -> Result<(), String> {
        let unknown = || {
            format!(
                "`{text}` is not a date pulsebook can detect (ISO 2026-03-02, 02.03.2026, \
                 Fri, 02 Jan 2026 08:31:59, 1/16/2026 or 16/1/2026); {DETECT_HINT}"
            )
        };
        let family = sniff(text).ok_or_else(unknown)?;
        self.family = Some(family);
        self.first = text.to_string();
        let result = self.feed(text);
        if result.is_err() {
            *self = DateDetector::new();
            return Err(unknown());
        }
        result
    }

    /// A slash value: checks it and decides the order when it can.
    fn feed_slash(&mut self, text: &str) -> Result<(), String> {
        let Some(value) = slash(text.as_bytes()) else {
            return Err(self.breaks(text, Family::Slash));
        };
        let needs = match (value.a > 12, value.b > 12) {
            (true, true) => return Err(self.breaks(text, Family::Slash)),
            (true, false) => Some(false),
            (false, true) => Some(true),
            (false, false) => None,
        };
        match (self.month_first, needs) {
            (Some(have), Some(need)) if have != need => {
                let (this, that) = if need {
                    ("month", "day")
                } else {
                    ("day", "month")
                };
                let time = example_time(text);
                return Err(format!(
                    "`{text}` has the {this} first but `{}` has the {that} first; one column \
                     must use one order (set date.format, e.g. \"%m/%d/%Y{time}\" or \
                     \"%d/%m/%Y{time}\")",
                    self.decider
                ));
            }
            (None, Some(need)) => {
                self.month_first = Some(need);
                self.decider = text.to_string();
            }
            _ => {}
        }
        let order = self.month_first.unwrap_or(true);
        match value.ordered(order).and_then(Parts::stamp) {
            Some(_) => Ok(()),
            None => Err(self.breaks(text, Family::Slash)),
        }
    }

    /// The message for a value that does not fit the column's family.
    fn breaks(&self, text: &str, family: Family) -> String {
        match sniff(text) {
            Some(other) if other != family => format!(
                "`{text}` is written as {} but earlier values such as `{}` are {}; \
                 a date column must use one format ({DETECT_HINT})",
                other.describe(),
                self.first,
                family.describe()
            ),
            _ => format!(
                "`{text}` is not a valid date in {}; earlier values look like `{}`",
                family.describe(),
                self.first
            ),
        }
    }

    /// Whether the format is known: family known and, for slashes, the order.
    pub(crate) fn decided(&self) -> bool {
        match self.family {
            Some(Family::Slash) => self.month_first.is_some(),
            Some(_) => true,
            None => false,
        }
    }

    /// Slash dates were seen and none decided the order.
    pub(crate) fn ambiguous(&self) -> bool {
        self.family == Some(Family::Slash) && self.month_first.is_none()
    }

    /// The detected format. Err when no value was fed, or when slash dates
    /// never showed their order (the message asks for `date.format`).
    pub(crate) fn finish(self) -> Result<DateFormat, String> {
        match (self.family, self.month_first) {
            (None, _) => Err(format!(
                "there are no dates to detect a format from; {DETECT_HINT}"
            )),
            (Some(Family::Iso), _) => Ok(DateFormat::Iso),
            (Some(Family::Dotted), _) => Ok(DateFormat::Dotted),
            (Some(Family::Rfc2822), _) => Ok(DateFormat::Rfc2822),
            (Some(Family::Slash), Some(true)) => Ok(DateFormat::MonthFirst),
            (Some(Family::Slash), Some(false)) => Ok(DateFormat::DayFirst),
            (Some(Family::Slash), None) => {
                let time = example_time(&self.first);
                Err(format!(
                    "dates such as `{}` can be read as M/D/YYYY or D/M/YYYY and no value has a day \
                     above 12; set date.format, e.g. \"%m/%d/%Y{time}\" (month first) or \
                     \"%d/%m/%Y{time}\" (day first)",
                    self.first
                ))
            }
        }
    }
}

/// The time part of a suggested pattern, shaped like the value's.
fn example_time(value: &str) -> &'static str {
    let colons = value.bytes().filter(|&b| b == b':').count();
    let meridiem = value.bytes().any(|b| b == b'M' || b == b'm');
    match (colons, meridiem) {
        (0, _) => "",
        (1, false) => " %H:%M",
        (1, true) => " %I:%M %p",
        (_, false) => " %H:%M:%S",
        (_, true) => " %I:%M:%S %p",
    }
}

/// The family a value looks like from its first bytes.
fn sniff(text: &str) -> Option<Family> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    match (digits, bytes.get(digits)) {
        (4, Some(b'-' | b'/')) => Some(Family::Iso),
        (1 | 2, Some(b'.')) => Some(Family::Dotted),
        (1 | 2, Some(b'/')) => Some(Family::Slash),
        (1 | 2, Some(b' ')) if bytes.get(digits + 1).is_some_and(u8::is_ascii_alphabetic) => {
            Some(Family::Rfc2822)
        }
        (0, Some(b)) if b.is_ascii_alphabetic() => Some(Family::Rfc2822),
        _ => None,
    }
}
