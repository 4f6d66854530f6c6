//! Who is active when: the working days of each period on the book's calendar, each
//! person's active days in it (between `start` and `end`, not on a day off), their
//! ramp period, and how far a period in progress has run.

use jiff::civil::Date;

use crate::base::calendar::Calendar;
use crate::base::period::Period;
use crate::load::targets::Targets;
use crate::load::team::Person;

/// The working days of each period, and the last day with data.
pub(crate) struct Days {
    /// Per period: its working days, ascending.
    working: Vec<Vec<Date>>,
    /// Per period: whether it is in progress on the last day with data.
    pub(crate) in_progress: Vec<bool>,
    pub(crate) last_day: Option<Date>,
}

impl Days {
    pub(crate) fn new(calendar: &Calendar, periods: &[Period], last_day: Option<Date>) -> Days {
        let working: Vec<Vec<Date>> = periods
            .iter()
            .map(|p| {
                let mut days = Vec::with_capacity(23);
                let mut day = p.start();
                while day <= p.end() {
                    if calendar.is_working_day(day) {
                        days.push(day);
                    }
                    match day.tomorrow() {
                        Ok(next) => day = next,
                        Err(_) => break,
                    }
                }
                days
            })
            .collect();
        let in_progress = periods
            .iter()
            .zip(&working)
            .map(|(p, days)| {
                // Data has begun, and the last working day is still to come.
                last_day.is_some_and(|last| {
                    last >= p.start() && days.last().is_some_and(|&end| last < end)
                })
            })
            .collect();
        Days {
            working,
            in_progress,
            last_day,
        }
    }
}

/// A person's part in one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Presence {
    /// Working days between `start` and `end` that are not days off.
    pub(crate) active_days: u32,
    /// Working days of the period.
    pub(crate) working_days: u32,
    /// In a period in progress: active days up to and including the last day with data.
    pub(crate) elapsed: Option<u32>,
    /// While ramping: the ramp period (1-based) and its fraction.
    pub(crate) ramp: Option<(usize, f64)>,
}

impl Presence {
    /// The factor additive targets are multiplied by: share × ramp.
    pub(crate) fn factor(&self) -> f64 {
        let share = if self.working_days == 0 {
            1.0
        } else {
            f64::from(self.active_days) / f64::from(self.working_days)
        };
        share * self.ramp.map_or(1.0, |(_, f)| f)
    }

    /// The share of the active days already gone, in a period in progress.
    pub(crate) fn elapsed_share(&self) -> Option<f64> {
        let elapsed = self.elapsed?;
        Some(if self.active_days == 0 {
            0.0
        } else {
            f64::from(elapsed) / f64::from(self.active_days)
        })
    }
}

/// A person's presence in each period; `None` where they have no active day.
pub(crate) fn presence(
    person: &Person,
    targets: &Targets,
    periods: &[Period],
    days: &Days,
) -> Vec<Option<Presence>> {
    let within = |d: Date| {
        person.start.is_none_or(|s| d >= s)
            && person.end.is_none_or(|e| d <= e)
            && !person.days_off.contains(&d)
    };
    let start_period = person
        .start
        .and_then(|s| periods.first().map(|p| Period::containing(p.kind, s)));
    let mut ramp_index: Option<usize> = None;
    periods
        .iter()
        .enumerate()
        .map(|(i, period)| {
            // The ramp period counts from the one holding `start`, even before the data.
            let k = match (start_period, ramp_index) {
                (_, Some(k)) => Some(k + 1),
                (Some(s), None) if s <= *period => Some(ramp_steps(s, *period) + 1),
                _ => None,
            };
            ramp_index = k;
            let working = &days.working[i];
            let active = working.iter().filter(|&&d| within(d)).count() as u32;
            let spans = if working.is_empty() {
                // No working day at all (a holiday week): active when employed.
                person.start.is_none_or(|s| s <= period.end())
                    && person.end.is_none_or(|e| e >= period.start())
            } else {
                active > 0
            };
            if !spans {
                return None;
            }
            let elapsed = days.in_progress[i].then(|| {
                let last = days
                    .last_day
                    .expect("invariant: in progress has a last day");
                working.iter().filter(|&&d| d <= last && within(d)).count() as u32
            });
            let ramp = k
                .filter(|&k| k <= targets.ramp.len())
                .map(|k| (k, targets.ramp(k)));
            Some(Presence {
                active_days: active,
                working_days: working.len() as u32,
                elapsed,
                ramp,
            })
        })
        .collect()
}

/// How many periods `to` is after `from`.
fn ramp_steps(from: Period, to: Period) -> usize {
    let mut n = 0;
    let mut p = from;
    while p < to {
        p = p.succ();
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::locale::Locale;
    use crate::base::period::PeriodKind;
    use jiff::civil::date;

    fn person(start: Option<Date>, end: Option<Date>, off: &[Date]) -> Person {
        Person {
            id: "x".into(),
            name: "X".into(),
            email: None,
            role: "rep".into(),
            team: None,
            manager: None,
            start,
            end,
            days_off: off.iter().copied().collect(),
            locale: None,
            aliases: Vec::new(),
        }
    }

    fn months(from: &str, n: usize) -> Vec<Period> {
        let mut out = vec![Period::parse(from).unwrap()];
        while out.len() < n {
            out.push(out.last().unwrap().succ());
        }
        out
    }

    #[test]
    fn november_2026_in_poland() {
        // Weekdays 21, minus 11 November (Wednesday); 1 November is a Sunday.
        let periods = months("2026-11", 1);
        let days = Days::new(
            &Calendar::new(Locale::Pl),
            &periods,
            Some(date(2026, 11, 13)),
        );
        assert_eq!(days.working[0].len(), 20);
        assert!(days.in_progress[0]);
        let targets = Targets {
            ramp: vec![0.25, 0.5],
            ..Targets::default()
        };
        // Joined on Monday 16 November, two days off: 20 − 9 (2–13 Nov) − 2 = 9.
        let joiner = person(
            Some(date(2026, 11, 16)),
            None,
            &[date(2026, 11, 19), date(2026, 11, 20)],
        );
        let p = presence(&joiner, &targets, &periods, &days)[0].unwrap();
        assert_eq!((p.active_days, p.working_days, p.elapsed), (9, 20, Some(0)));
        assert_eq!(p.ramp, Some((1, 0.25)));
        assert_eq!(p.factor(), 9.0 / 20.0 * 0.25);
        assert_eq!(p.elapsed_share(), Some(0.0));
        // Everyone else: 2–13 November has 9 working days (11th a holiday).
        let p = presence(&person(None, None, &[]), &targets, &periods, &days)[0].unwrap();
        assert_eq!((p.active_days, p.elapsed, p.ramp), (20, Some(9), None));
    }

    #[test]
    fn leavers_and_ramps_over_periods() {
        let periods = months("2026-08", 4);
        let days = Days::new(
            &Calendar::new(Locale::En),
            &periods,
            Some(date(2026, 11, 30)),
        );
        assert_eq!(days.in_progress, [false, false, false, false]);
        let targets = Targets {
            ramp: vec![0.5, 0.75],
            ..Targets::default()
        };
        let left = person(Some(date(2026, 9, 15)), Some(date(2026, 10, 20)), &[]);
        let p = presence(&left, &targets, &periods, &days);
        assert_eq!(p[0], None, "not yet started");
        assert_eq!(p[1].unwrap().ramp, Some((1, 0.5)));
        assert_eq!(p[2].unwrap().ramp, Some((2, 0.75)));
        assert_eq!(p[2].unwrap().active_days, 14, "1–20 October, en calendar");
        assert_eq!(p[3], None, "gone in November");
    }

    #[test]
    fn ramp_counts_from_the_start_even_before_the_data() {
        let periods = months("2026-10", 2);
        let days = Days::new(&Calendar::new(Locale::En), &periods, None);
        let targets = Targets {
            ramp: vec![0.25, 0.5, 0.75],
            ..Targets::default()
        };
        let p = presence(
            &person(Some(date(2026, 8, 3)), None, &[]),
            &targets,
            &periods,
            &days,
        );
        assert_eq!(p[0].unwrap().ramp, Some((3, 0.75)));
        assert_eq!(p[1].unwrap().ramp, None);
        let _ = PeriodKind::Month;
    }
}
