//! The kind of a column, for `pulsebook inspect`.

use super::date::DateFormat;
use super::detect::DateDetector;
use super::number::{NumberStyle, read};

/// The kind of a column from its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No non-empty value.
    Empty,
    /// Anything that fits no narrower kind.
    Text,
    /// Every value reads as a number.
    Number,
    /// Every value reads as a number and a currency symbol or code was seen.
    Money,
    /// Every value is a date in one detected format.
    Date(DateFormat),
    /// Every value is a slash date (`1/2/2026`) and none shows whether the
    /// month or the day comes first: `date.format` is needed.
    AmbiguousDate,
    /// Every value is a clock duration (`HH:MM:SS`, `MM:SS`).
    Duration,
    /// Every value is one of true/false, yes/no, y/n (also Polish tak/nie,
    /// Norwegian ja/nei), in any case.
    Boolean,
}

impl Kind {
    /// How `inspect` names the kind.
    pub(crate) fn describe(&self) -> String {
        match self {
            Kind::Empty => "empty".to_string(),
            Kind::Text => "text".to_string(),
            Kind::Number => "number".to_string(),
            Kind::Money => "money".to_string(),
            Kind::Date(format) => format!("date, {}", format.describe()),
            Kind::AmbiguousDate => "date, M/D/YYYY or D/M/YYYY (set date.format)".to_string(),
            Kind::Duration => "duration".to_string(),
            Kind::Boolean => "boolean".to_string(),
        }
    }
}

/// Words read as booleans (lower-case).
const BOOLEANS: [&str; 10] = [
    "true", "false", "yes", "no", "y", "n", "tak", "nie", "ja", "nei",
];

/// Classifies a column from (a sample of) its non-empty values; blank values
/// are skipped, and the caller reports the share of empty cells. The first
/// kind that every value fits wins, in this order: boolean, duration,
/// number/money, date; else text.
pub(crate) fn classify(values: &[&str], style: NumberStyle) -> Kind {
    let mut seen = false;
    let (mut boolean, mut number, mut clock, mut money) = (true, true, true, false);
    let mut dates = Some(DateDetector::new());
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        seen = true;
        boolean &= BOOLEANS.iter().any(|b| value.eq_ignore_ascii_case(b));
        match read(value, style) {
            Ok(reading) => {
                money |= reading.currency;
                clock &= reading.clock;
            }
            Err(_) => (number, clock) = (false, false),
        }
        if dates.as_mut().is_some_and(|d| d.feed(value).is_err()) {
            dates = None;
        }
        if !boolean && !number && dates.is_none() {
            return Kind::Text;
        }
    }
    if !seen {
        return Kind::Empty;
    }
    match (boolean, number, clock, money, dates) {
        (true, ..) => Kind::Boolean,
        (_, true, true, _, _) => Kind::Duration,
        (_, true, _, true, _) => Kind::Money,
        (_, true, _, false, _) => Kind::Number,
        (_, _, _, _, Some(d)) if d.ambiguous() => Kind::AmbiguousDate,
        (_, _, _, _, Some(d)) => d.finish().map_or(Kind::Text, Kind::Date),
        _ => Kind::Text,
    }
}
