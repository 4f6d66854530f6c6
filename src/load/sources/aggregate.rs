//! Measures summed per owner (a person, a team for rows without a person, or the
//! organisation) and local day.
//!
//! Sums are kept in millionths as integers: adding integers gives the same total in
//! any order, so work split over threads merges to byte-identical output, and a sum
//! of amounts with cents never shows floating-point dust (`1805.0700000000002`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use jiff::civil::Date;

use crate::load::series::Series;

/// Fixed-point scale: six decimals, the most the KPI stage ever shows.
const SCALE: f64 = 1_000_000.0;

/// Whose a row's measures are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Owner {
    Person(u32),
    Team(u32),
    Organisation,
}

/// The sums of one source's measures.
#[derive(Default)]
pub(crate) struct Aggregate {
    width: usize,
    slots: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    keys: Vec<(Owner, Date)>,
    values: Vec<i128>,
}

impl Aggregate {
    /// An empty aggregate of `width` measures.
    pub(crate) fn new(width: usize) -> Aggregate {
        Aggregate {
            width,
            ..Aggregate::default()
        }
    }

    /// Adds `value` to measure `measure` of `owner` on `day`. A value past what the
    /// fixed point holds (an export's 1e308) saturates rather than overflowing.
    pub(crate) fn add(&mut self, owner: Owner, day: Date, measure: usize, value: f64) {
        let slot = self.slot(owner, day);
        let sum = &mut self.values[slot * self.width + measure];
        *sum = sum.saturating_add((value * SCALE).round() as i128);
    }

    fn slot(&mut self, owner: Owner, day: Date) -> usize {
        let key = key(owner, day);
        if let Some(&s) = self.slots.get(&key) {
            return s as usize;
        }
        let s = self.keys.len();
        self.keys.push((owner, day));
        self.values.extend(std::iter::repeat_n(0, self.width));
        self.slots.insert(key, s as u32);
        s
    }

    /// Adds another aggregate of the same measures.
    pub(crate) fn merge(&mut self, other: Aggregate) {
        for (i, &(owner, day)) in other.keys.iter().enumerate() {
            let slot = self.slot(owner, day);
            let to = slot * self.width;
            let from = i * other.width;
            for m in 0..self.width {
                self.values[to + m] = self.values[to + m].saturating_add(other.values[from + m]);
            }
        }
    }

    /// Days with rows, first and last.
    #[cfg(test)]
    pub(crate) fn day_range(&self) -> Option<(Date, Date)> {
        let first = self.keys.iter().map(|k| k.1).min()?;
        let last = self.keys.iter().map(|k| k.1).max()?;
        Some((first, last))
    }

    /// The sums as one series per owner, measures placed at `columns[m]` of a row of
    /// `width` values (missing = NaN). `people`/`teams`: how many of each.
    pub(crate) fn into_series(
        self,
        columns: &[usize],
        width: usize,
        people: usize,
        teams: usize,
    ) -> (Vec<Series>, Vec<Series>, Series) {
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_unstable_by_key(|&i| self.keys[i]);
        let mut people_series = vec![Series::default(); people];
        let mut team_series = vec![Series::default(); teams];
        let mut organisation = Series::default();
        for i in order {
            let (owner, day) = self.keys[i];
            let series = match owner {
                Owner::Person(p) => &mut people_series[p as usize],
                Owner::Team(t) => &mut team_series[t as usize],
                Owner::Organisation => &mut organisation,
            };
            series.days.push(day);
            let start = series.values.len();
            series.values.extend(std::iter::repeat_n(f64::NAN, width));
            for (m, &col) in columns.iter().enumerate() {
                series.values[start + col] = self.values[i * self.width + m] as f64 / SCALE;
            }
        }
        (people_series, team_series, organisation)
    }
}

fn key(owner: Owner, day: Date) -> u64 {
    let who: u64 = match owner {
        Owner::Person(p) => u64::from(p),
        Owner::Team(t) => (1 << 31) | u64::from(t),
        Owner::Organisation => u64::from(u32::MAX),
    };
    // Days as a number: year, month and day packed; unique and cheap.
    let d =
        (day.year() as i64 as u64 & 0xffff) << 16 | (day.month() as u64) << 8 | day.day() as u64;
    who << 32 | d
}

/// A fast hasher for the packed (owner, day) keys (FxHash's multiply-rotate).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn sums_are_exact_in_any_order() {
        let mut a = Aggregate::new(2);
        let mut b = Aggregate::new(2);
        let day = date(2026, 1, 2);
        for v in [0.1, 0.2, 1805.07] {
            a.add(Owner::Person(0), day, 1, v);
        }
        b.add(Owner::Person(0), day, 1, 1805.07);
        b.add(Owner::Person(0), day, 1, 0.2);
        b.add(Owner::Person(0), day, 1, 0.1);
        b.add(Owner::Team(1), day, 0, 1.0);
        a.merge(b);
        let (people, teams, org) = a.into_series(&[0, 2], 3, 1, 2);
        assert_eq!(people[0].days, [day]);
        assert!(people[0].values[0].is_nan() || people[0].values[0] == 0.0);
        assert_eq!(people[0].values[2], 3610.74);
        assert!(people[0].values[1].is_nan());
        assert_eq!(teams[1].values[0], 1.0);
        assert!(teams[0].days.is_empty() && org.days.is_empty());
    }

    #[test]
    fn series_are_sorted_by_day() {
        let mut a = Aggregate::new(1);
        a.add(Owner::Person(0), date(2026, 3, 1), 0, 1.0);
        a.add(Owner::Person(0), date(2026, 1, 1), 0, 2.0);
        a.add(Owner::Organisation, date(2025, 12, 31), 0, 5.0);
        assert_eq!(a.day_range(), Some((date(2025, 12, 31), date(2026, 3, 1))));
        let (people, _, org) = a.into_series(&[0], 1, 1, 0);
        assert_eq!(people[0].days, [date(2026, 1, 1), date(2026, 3, 1)]);
        assert_eq!(people[0].values, [2.0, 1.0]);
        assert_eq!(org.values, [5.0]);
    }
}
