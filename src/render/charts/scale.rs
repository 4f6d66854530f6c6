//! The axes' layout: the y scale (round ticks whose labels differ, zero kept when
//! it does not flatten the line) and which x labels to show.

use std::ops::Range;

/// Keep 0 on the y axis of an all-positive series whose min is at most this fraction
/// of its max: the line then spans at least 40% of the height. Above it, a zero
/// baseline would flatten the changes the chart is for.
pub(super) const ZERO_FRACTION: f64 = 0.6;

/// The y axis: range and tick values, chosen so the ticks are round numbers whose
/// formatted labels differ.
pub(super) struct YScale {
    pub(super) ticks: Vec<f64>,
    /// Whether the ticks get labels (false for an empty chart).
    pub(super) labelled: bool,
}

impl YScale {
    pub(super) fn new(
        extent: Option<(f64, f64)>,
        max_ticks: usize,
        format: &dyn Fn(f64) -> String,
    ) -> Self {
        let Some((lo, hi)) = extent else {
            return YScale {
                ticks: vec![0.0, 0.5, 1.0],
                labelled: false,
            };
        };
        let (lo, hi) = data_range(lo, hi);
        // No extra air at the ends: it would often add a whole empty band; a point on
        // the top or bottom line reads fine.
        let ticks = nice_ticks(lo, hi, max_ticks, format).unwrap_or_else(|| vec![lo, hi]);
        YScale {
            ticks,
            labelled: true,
        }
    }

    pub(super) fn range(&self) -> Range<f64> {
        let lo = self.ticks.first().copied().unwrap_or(0.0);
        let hi = self.ticks.last().copied().unwrap_or(1.0);
        if hi > lo { lo..hi } else { lo..lo + 1.0 }
    }

    /// Where areas are filled to: zero when visible, else the edge nearest to it.
    pub(super) fn baseline(&self) -> f64 {
        let r = self.range();
        0.0_f64.clamp(r.start, r.end)
    }
}

/// The value range to show before rounding to ticks: widened to zero when that does
/// not flatten the line (see [`ZERO_FRACTION`]); a single value gets a range from zero.
pub(super) fn data_range(lo: f64, hi: f64) -> (f64, f64) {
    if lo == hi {
        return match lo {
            v if v > 0.0 => (0.0, v),
            v if v < 0.0 => (v, 0.0),
            _ => (0.0, 1.0),
        };
    }
    if lo >= 0.0 && lo <= ZERO_FRACTION * hi {
        (0.0, hi)
    } else if hi <= 0.0 && hi >= ZERO_FRACTION * lo {
        (lo, 0.0)
    } else {
        (lo, hi)
    }
}

/// Round tick values covering `lo..=hi`: steps of 1, 2 or 5 × 10ⁿ (and 2.5 × 10ⁿ from
/// 25 up), the smallest step giving at most `max_ticks` ticks with distinct labels.
pub(super) fn nice_ticks(
    lo: f64,
    hi: f64,
    max_ticks: usize,
    format: &dyn Fn(f64) -> String,
) -> Option<Vec<f64>> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return None;
    }
    let raw = span / max_ticks.saturating_sub(1).max(1) as f64;
    if !raw.is_normal() {
        return None;
    }
    let exp = raw.log10().floor() as i32;
    for e in exp..=exp + 2 {
        for m in [10, 20, 25, 50] {
            // step = m × 10^(e-1); 2.5 × 10ⁿ only where it stays an integer.
            if m == 25 && e < 1 {
                continue;
            }
            let ticks = ticks_for_step(lo, hi, m, e - 1)?;
            if ticks.len() > max_ticks {
                continue;
            }
            let labels: Vec<String> = ticks.iter().map(|&t| format(t)).collect();
            if labels.windows(2).all(|w| w[0] != w[1]) {
                return Some(ticks);
            }
        }
    }
    None
}

/// Ticks at multiples of `m × 10^e` from below `lo` to above `hi`. Each value is
/// computed as integer × power (dividing for negative powers) so that 0.003 comes out
/// as 0.003, not 0.0030000000000000001.
pub(super) fn ticks_for_step(lo: f64, hi: f64, m: i64, e: i32) -> Option<Vec<f64>> {
    let power = 10f64.powi(e.abs());
    let value = |k: i64| -> f64 {
        let units = k as f64 * m as f64;
        let v = if e >= 0 { units * power } else { units / power };
        if v == 0.0 { 0.0 } else { v }
    };
    let step = value(1);
    if !(step.is_finite() && step > 0.0) {
        return None;
    }
    // Small tolerance so a value a rounding error above a tick does not add a tick.
    let slack = step * 1e-9;
    let first = ((lo + slack) / step).floor();
    let last = ((hi - slack) / step).ceil();
    if !(first.is_finite() && last.is_finite()) || last - first > 1000.0 {
        return None;
    }
    let (first, last) = (first as i64, last as i64);
    // Near f64::MAX the outer tick can overflow.
    (first..=last)
        .map(value)
        .map(|t| t.is_finite().then_some(t))
        .collect()
}

/// Indices of the x labels to show: evenly thinned, always including the last period.
pub(super) fn label_indices(n: usize, max_labels: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let max_labels = max_labels.max(1);
    let step = (1..=n).find(|k| (n - 1) / k < max_labels).unwrap_or(n);
    let mut picked: Vec<usize> = (0..n).rev().step_by(step).collect();
    picked.reverse();
    picked
}
