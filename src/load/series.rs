//! A series of base measures: one row of values per day, for a person (or, from
//! sources, a team or the organisation). The shared shape of the native metrics and
//! the sources, so neither module needs the other's.

use jiff::civil::Date;

/// Base measures of one owner: one row per day with data, sorted by day, unique days.
#[derive(Debug, Clone, Default)]
pub(crate) struct Series {
    pub(crate) days: Vec<Date>,
    /// days.len() * measure count values, row-major (row i = values[i*n..(i+1)*n]);
    /// f64::NAN = missing.
    pub(crate) values: Vec<f64>,
}

/// Adds `other` into `into` (both `width` values a row, sorted by day); NaN + x = x.
pub(crate) fn add_series(into: &mut Series, other: Series, width: usize) {
    if other.days.is_empty() {
        return;
    }
    if into.days.is_empty() {
        *into = other;
        return;
    }
    let mut out = Series::default();
    let (mut i, mut j) = (0, 0);
    while i < into.days.len() || j < other.days.len() {
        let take_i =
            j >= other.days.len() || (i < into.days.len() && into.days[i] <= other.days[j]);
        let take_j =
            i >= into.days.len() || (j < other.days.len() && other.days[j] <= into.days[i]);
        let day = if take_i { into.days[i] } else { other.days[j] };
        out.days.push(day);
        let start = out.values.len();
        out.values.extend(std::iter::repeat_n(f64::NAN, width));
        for (k, row) in [(take_i, &into.values), (take_j, &other.values)]
            .into_iter()
            .enumerate()
        {
            if !row.0 {
                continue;
            }
            let at = if k == 0 { i } else { j };
            for m in 0..width {
                let v = row.1[at * width + m];
                if v.is_nan() {
                    continue;
                }
                let cell = &mut out.values[start + m];
                *cell = if cell.is_nan() { v } else { *cell + v };
            }
        }
        if take_i {
            i += 1;
        }
        if take_j {
            j += 1;
        }
    }
    *into = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_add_by_day() {
        let d = |n| jiff::civil::date(2026, 1, n);
        let mut a = Series {
            days: vec![d(1), d(3)],
            values: vec![1.0, f64::NAN, 2.0, 2.0],
        };
        let b = Series {
            days: vec![d(2), d(3)],
            values: vec![5.0, 5.0, 1.0, f64::NAN],
        };
        add_series(&mut a, b, 2);
        assert_eq!(a.days, [d(1), d(2), d(3)]);
        let v: Vec<String> = a.values.iter().map(|v| v.to_string()).collect();
        assert_eq!(v, ["1", "NaN", "5", "5", "3", "2"]);
    }
}
