//! The working-day calendar: Monday to Friday, minus the public holidays of the
//! locale's country (Poland, Norway, with Easter-based ones), minus a book's own days
//! off.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};

use crate::base::locale::Locale;

/// The working-day calendar: Monday to Friday, minus public holidays, minus the book's
/// own days off.
#[derive(Debug, Clone)]
pub(crate) struct Calendar {
    pub(crate) locale: Locale,
    pub(crate) public_holidays: bool,
    pub(crate) holidays: BTreeSet<Date>,
}

impl Calendar {
    pub(crate) fn new(locale: Locale) -> Calendar {
        Calendar {
            locale,
            public_holidays: true,
            holidays: BTreeSet::new(),
        }
    }

    pub(crate) fn is_working_day(&self, day: Date) -> bool {
        let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
        let holiday = self.holidays.contains(&day)
            || (self.public_holidays && public_holiday(self.locale, day));
        !weekend && !holiday
    }

    /// Working days from `from` to `to`, both included.
    pub(crate) fn working_days(&self, from: Date, to: Date) -> u32 {
        let mut n = 0;
        let mut day = from;
        while day <= to {
            n += u32::from(self.is_working_day(day));
            day = match day.tomorrow() {
                Ok(d) => d,
                Err(_) => break,
            };
        }
        n
    }
}

/// Every Monday to Friday from `from` to `to`, both included (no holidays): the days
/// sample and synthetic books have data on.
pub(crate) fn weekdays(from: Date, to: Date) -> Vec<Date> {
    let mut days = Vec::new();
    let mut day = from;
    while day <= to {
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            days.push(day);
        }
        day = day
            .tomorrow()
            .expect("invariant: dates stay within 1990–2100 (period::YEARS)");
    }
    days
}

/// Easter Sunday (Gregorian, the anonymous algorithm).
pub(crate) fn easter(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).expect("invariant: Easter is a valid date")
}

/// Whether `day` is a public holiday in the locale's country (Poland, Norway; none
/// for English, whose countries differ).
pub(crate) fn public_holiday(locale: Locale, day: Date) -> bool {
    let (m, d) = (day.month(), day.day());
    let from_easter = (day - easter(day.year())).get_days();
    match locale {
        Locale::Pl => {
            matches!(
                (m, d),
                (1, 1) | (1, 6) | (5, 1) | (5, 3) | (8, 15) | (11, 1) | (11, 11) | (12, 25) | (12, 26)
            ) || (m, d) == (12, 24) && day.year() >= 2025
                // Easter Sunday and Monday, Pentecost Sunday, Corpus Christi.
                || matches!(from_easter, 0 | 1 | 49 | 60)
        }
        Locale::Nb => {
            matches!((m, d), (1, 1) | (5, 1) | (5, 17) | (12, 25) | (12, 26))
                // Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension,
                // Whit Sunday and Monday.
                || matches!(from_easter, -3 | -2 | 0 | 1 | 39 | 49 | 50)
        }
        Locale::En => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        crate::base::period::parse_day(s).unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2025).to_string(), "2025-04-20");
        assert_eq!(easter(2026).to_string(), "2026-04-05");
        assert_eq!(easter(2027).to_string(), "2027-03-28");
    }

    #[test]
    fn polish_and_norwegian_holidays() {
        assert!(public_holiday(Locale::Pl, day("2026-11-11")));
        assert!(
            public_holiday(Locale::Pl, day("2026-06-04")),
            "Corpus Christi 2026"
        );
        assert!(public_holiday(Locale::Pl, day("2026-12-24")));
        assert!(!public_holiday(Locale::Pl, day("2024-12-24")));
        assert!(
            public_holiday(Locale::Nb, day("2026-05-14")),
            "Ascension 2026"
        );
        assert!(public_holiday(Locale::Nb, day("2026-05-17")));
        assert!(!public_holiday(Locale::En, day("2026-12-25")));
    }

    #[test]
    fn working_days_by_hand() {
        // November 2026: 21 weekdays; minus 11 November (Wednesday) in Poland = 20;
        // minus a company day off on the 10th = 19.
        let mut cal = Calendar::new(Locale::Pl);
        assert_eq!(cal.working_days(day("2026-11-01"), day("2026-11-30")), 20);
        cal.holidays.insert(day("2026-11-10"));
        assert_eq!(cal.working_days(day("2026-11-01"), day("2026-11-30")), 19);
        // 2–13 November: 10 weekdays, minus the 10th and the 11th = 8.
        assert_eq!(cal.working_days(day("2026-11-01"), day("2026-11-13")), 8);
        assert_eq!(
            Calendar::new(Locale::En).working_days(day("2026-11-01"), day("2026-11-30")),
            21
        );
    }
}
