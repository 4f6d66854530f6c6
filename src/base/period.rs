//! Reporting periods: ISO weeks (`2026-W42`), months (`2026-10`) and quarters
//! (`2026-Q4`), and the fast day parser the metrics loader uses.
//!
//! A [`Period`] is a small `Copy` value ordered in time; [`Period::succ`] and
//! [`Period::pred`] walk the calendar so trends can include periods without data.

use std::fmt;

use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::Deserialize;

use crate::base::diag::Diagnostic;

/// The granularity of reporting periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PeriodKind {
    Week,
    Month,
    Quarter,
}

impl PeriodKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
        }
    }
}

/// One reporting period. `index` is the week (1–53), month (1–12) or quarter (1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub(crate) kind: PeriodKind,
    pub(crate) year: i16,
    pub(crate) index: u8,
}

impl Period {
    /// The period of `kind` containing `date`.
    pub(crate) fn containing(kind: PeriodKind, date: Date) -> Period {
        match kind {
            PeriodKind::Week => {
                let iso = date.iso_week_date();
                Period {
                    kind,
                    year: iso.year(),
                    index: iso.week() as u8,
                }
            }
            PeriodKind::Month => Period {
                kind,
                year: date.year(),
                index: date.month() as u8,
            },
            PeriodKind::Quarter => Period {
                kind,
                year: date.year(),
                index: (date.month() as u8 - 1) / 3 + 1,
            },
        }
    }

    /// Parses `2026-W42`, `2026-10` or `2026-Q4`; the kind follows from the form. A
    /// mistake is a [`Diagnostic::problem`] for the caller to place.
    #[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
    pub(crate) fn parse(text: &str) -> Result<Period, Diagnostic> {
        let text = text.trim();
        let bad = || {
            Diagnostic::problem(format!(
                "`{text}` is not a period: expected a month `2026-10`, a week `2026-W42` or a quarter `2026-Q4`"
            ))
        };
        let (year, rest) = text.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        if !YEARS.contains(&year) {
            return Err(Diagnostic::problem(format!(
                "`{text}` is outside the years pulsebook reads, {} to {}",
                YEARS.start(),
                YEARS.end()
            ))
            .with_hint(OUTSIDE_YEARS_HINT));
        }
        let number = |s: &str| -> Result<u8, Diagnostic> {
            if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse().map_err(|_| bad())
        };
        let period = if let Some(w) = rest.strip_prefix('W') {
            let index = number(w)?;
            let weeks = ISOWeekDate::new(year, 1, Weekday::Monday)
                .map_err(|_| bad())?
                .weeks_in_year() as u8;
            if index == 0 || index > weeks {
                return Err(Diagnostic::problem(format!(
                    "`{text}`: {year} has weeks 1 to {weeks}"
                )));
            }
            Period {
                kind: PeriodKind::Week,
                year,
                index,
            }
        } else if let Some(q) = rest.strip_prefix('Q') {
            let index = number(q)?;
            if !(1..=4).contains(&index) {
                return Err(Diagnostic::problem(format!(
                    "`{text}`: quarters are Q1 to Q4"
                )));
            }
            Period {
                kind: PeriodKind::Quarter,
                year,
                index,
            }
        } else {
            let index = number(rest)?;
            if rest.len() != 2 || !(1..=12).contains(&index) {
                return Err(bad());
            }
            Period {
                kind: PeriodKind::Month,
                year,
                index,
            }
        };
        Ok(period)
    }

    /// The first day of the period.
    pub(crate) fn start(self) -> Date {
        match self.kind {
            PeriodKind::Week => ISOWeekDate::new(self.year, self.index as i8, Weekday::Monday)
                .expect("invariant: week index validated")
                .date(),
            PeriodKind::Month => {
                Date::new(self.year, self.index as i8, 1).expect("invariant: month index validated")
            }
            PeriodKind::Quarter => Date::new(self.year, (self.index as i8 - 1) * 3 + 1, 1)
                .expect("invariant: quarter index validated"),
        }
    }

    /// The last day of the period.
    pub(crate) fn end(self) -> Date {
        self.succ()
            .start()
            .yesterday()
            .expect("invariant: dates stay in jiff's range")
    }

    /// The next period.
    pub(crate) fn succ(self) -> Period {
        let last = match self.kind {
            PeriodKind::Week => ISOWeekDate::new(self.year, 1, Weekday::Monday)
                .map(|w| w.weeks_in_year() as u8)
                .unwrap_or(52),
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
        };
        if self.index >= last {
            Period {
                year: self.year + 1,
                index: 1,
                ..self
            }
        } else {
            Period {
                index: self.index + 1,
                ..self
            }
        }
    }

    /// The same period a year earlier: the month or quarter of the year before; for
    /// weeks, the ISO week holding the day a year before this week's Thursday (so
    /// week 42 compares with week 42).
    pub(crate) fn year_before(self) -> Period {
        match self.kind {
            PeriodKind::Week => {
                let monday = self.start();
                let day = monday
                    .checked_add(jiff::Span::new().days(3))
                    .unwrap_or(monday);
                let back = day.checked_sub(jiff::Span::new().years(1)).unwrap_or(day);
                Period::containing(self.kind, back)
            }
            _ => Period {
                year: self.year - 1,
                ..self
            },
        }
    }

    /// The previous period.
    pub(crate) fn pred(self) -> Period {
        if self.index > 1 {
            return Period {
                index: self.index - 1,
                ..self
            };
        }
        let year = self.year - 1;
        let index = match self.kind {
            PeriodKind::Week => ISOWeekDate::new(year, 1, Weekday::Monday)
                .map(|w| w.weeks_in_year() as u8)
                .unwrap_or(52),
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
        };
        Period {
            year,
            index,
            ..self
        }
    }

    /// Whether every day of `self` lies inside a period of `kind` (months nest in
    /// quarters; weeks nest in nothing but weeks).
    pub(crate) fn nests_in(self, kind: PeriodKind) -> bool {
        matches!(
            (self.kind, kind),
            (PeriodKind::Week, PeriodKind::Week)
                | (PeriodKind::Month, PeriodKind::Month | PeriodKind::Quarter)
                | (PeriodKind::Quarter, PeriodKind::Quarter)
        )
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Week => write!(f, "{:04}-W{:02}", self.year, self.index),
            PeriodKind::Month => write!(f, "{:04}-{:02}", self.year, self.index),
            PeriodKind::Quarter => write!(f, "{:04}-Q{}", self.year, self.index),
        }
    }
}

/// The years pulsebook reads: a day outside them is a typo (`0202-10-01`) or a
/// placeholder (`9999-12-31`), never data; rejecting it at the input keeps every
/// period walk (`succ`, `end`) far from the calendar's limits.
pub(crate) const YEARS: std::ops::RangeInclusive<i16> = 1990..=2100;

/// Whether a day lies in [`YEARS`].
pub(crate) fn in_years(day: Date) -> bool {
    YEARS.contains(&day.year())
}

/// The message for a day outside [`YEARS`].
pub(crate) fn outside_years(day: impl fmt::Display) -> String {
    format!(
        "`{day}` is outside the years pulsebook reads, {} to {}",
        YEARS.start(),
        YEARS.end()
    )
}

/// The hint for a day outside [`YEARS`].
pub(crate) const OUTSIDE_YEARS_HINT: &str =
    "check the year (a typo such as 0202 for 2026?); placeholders such as 9999-12-31 are not data";

/// Why `text` is not a day [`parse_day`] accepts: outside [`YEARS`], or no date at all.
pub(crate) fn not_a_day(text: &str) -> String {
    match parse_any_day(text) {
        Some(_) => outside_years(text.trim()),
        None => format!("`{text}` is not a date"),
    }
}

/// Parses a day as exported by real tools: ISO `2026-10-01` (optionally followed by a
/// time, which is ignored) or the day-first `01.10.2026` that Excel writes in Polish
/// and Norwegian locales. No allocation; this runs once per CSV row.
///
/// A day outside [`YEARS`] is `None` ([`not_a_day`] says why).
pub(crate) fn parse_day(text: &str) -> Option<Date> {
    parse_any_day(text).filter(|&d| in_years(d))
}

/// [`parse_day`] for any year.
fn parse_any_day(text: &str) -> Option<Date> {
    let b = text.trim().as_bytes();
    let digits = |s: &[u8]| -> Option<i32> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(s.iter().fold(0i32, |n, d| n * 10 + i32::from(d - b'0')))
    };
    let (y, m, d) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        if b.len() > 10 && b[10] != b' ' && b[10] != b'T' {
            return None;
        }
        (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)
    } else if b.len() == 10 && b[2] == b'.' && b[5] == b'.' {
        (digits(&b[6..10])?, digits(&b[3..5])?, digits(&b[0..2])?)
    } else {
        return None;
    };
    Date::new(y as i16, m as i8, d as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_and_prints_each_kind() {
        for text in ["2026-10", "2026-W42", "2026-Q4", "2020-W53"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn a_year_before_is_the_same_month_quarter_or_week_number() {
        let back = |p: &str| Period::parse(p).unwrap().year_before().to_string();
        assert_eq!(back("2026-10"), "2025-10");
        assert_eq!(back("2026-Q1"), "2025-Q1");
        assert_eq!(back("2026-W42"), "2025-W42");
        assert_eq!(back("2026-W01"), "2025-W01");
        // 2020 has 53 weeks, 2019 52: week 53's Thursday a year back is in week 1.
        assert_eq!(back("2020-W53"), "2020-W01");
    }

    #[test]
    fn rejects_malformed_periods() {
        for text in [
            "2026-13", "2026-1", "2026-W54", "2025-W53", "2026-Q5", "26-10", "2026", "x",
        ] {
            assert!(Period::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn days_and_periods_outside_the_years_are_refused() {
        for text in ["0202-10-01", "9999-12-01", "01.10.0202", "2101-01-01"] {
            assert_eq!(parse_day(text), None, "{text}");
            assert!(not_a_day(text).contains("outside the years"), "{text}");
        }
        assert_eq!(parse_day("1990-01-01"), Some(date(1990, 1, 1)));
        assert_eq!(parse_day("2100-12-31"), Some(date(2100, 12, 31)));
        assert_eq!(not_a_day("2026-02-30"), "`2026-02-30` is not a date");
        for text in ["9999-12", "9999-W52", "0202-Q1", "1989-12"] {
            let e = Period::parse(text).unwrap_err();
            assert!(e.message.contains("outside the years"), "{text}");
        }
        // The last period walks into the next year without touching the limits.
        let last = Period::parse("2100-12").unwrap();
        assert_eq!(last.end(), date(2100, 12, 31));
        let week = Period::parse("2100-W52").unwrap();
        assert_eq!(week.succ().to_string(), "2101-W01");
        assert_eq!(week.end(), date(2101, 1, 2));
    }

    #[test]
    fn iso_weeks_cross_years() {
        // 2026-01-01 is a Thursday: it belongs to week 1 of 2026; 2027-01-01 (Friday)
        // belongs to week 53 of 2026.
        let w = |d| Period::containing(PeriodKind::Week, d).to_string();
        assert_eq!(w(date(2026, 1, 1)), "2026-W01");
        assert_eq!(w(date(2027, 1, 1)), "2026-W53");
        assert_eq!(w(date(2024, 12, 30)), "2025-W01");
    }

    #[test]
    fn quarter_and_month_bounds() {
        let q = Period::parse("2026-Q4").unwrap();
        assert_eq!(
            (q.start(), q.end()),
            (date(2026, 10, 1), date(2026, 12, 31))
        );
        let m = Period::parse("2024-02").unwrap();
        assert_eq!(m.end(), date(2024, 2, 29));
        let w = Period::parse("2026-W53").unwrap();
        assert_eq!((w.start(), w.end()), (date(2026, 12, 28), date(2027, 1, 3)));
    }

    #[test]
    fn succ_and_pred_wrap_years() {
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(p("2026-12").succ(), p("2027-01"));
        assert_eq!(p("2027-01").pred(), p("2026-12"));
        assert_eq!(p("2026-W53").succ(), p("2027-W01"));
        assert_eq!(p("2027-W01").pred(), p("2026-W53"));
        assert_eq!(p("2026-Q1").pred(), p("2025-Q4"));
    }

    #[test]
    fn parses_iso_and_excel_days() {
        assert_eq!(parse_day("2026-10-01"), Some(date(2026, 10, 1)));
        assert_eq!(parse_day(" 2026-10-01 00:00:00"), Some(date(2026, 10, 1)));
        assert_eq!(parse_day("01.10.2026"), Some(date(2026, 10, 1)));
        for bad in [
            "2026-02-30",
            "2026-1-01",
            "1.10.2026",
            "",
            "2026/10/01",
            "2026-10-01x",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}
