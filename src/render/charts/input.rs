//! What a chart is asked to draw (the public [`TrendChart`], [`Band`], [`ChartSize`]
//! and [`Tone`], and [`tip`] for its hover texts) and that input made safe ([`Data`]).

use plotters::prelude::RGBColor;

/// How big a chart is drawn; the SVG scales to its container, this sets proportions
/// and how much detail fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ChartSize {
    /// A card chart, about 320×140 px: axes, no legend, few labels.
    Small,
    /// A page chart, about 640×240 px, with a legend.
    Large,
}

/// Colour of the actual line: the status of the latest value, or neutral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// Blue: no status (no target, or status not applicable).
    Neutral,
    /// On or above target.
    Green,
    /// Close to target.
    Amber,
    /// Clearly below target.
    Red,
}

impl Tone {
    /// Line colour; every tone has at least 4.5:1 contrast against white (WCAG AA).
    pub(super) fn color(self) -> RGBColor {
        match self {
            Tone::Neutral => RGBColor(0x25, 0x63, 0xeb),
            Tone::Green => RGBColor(0x15, 0x80, 0x3d),
            Tone::Amber => RGBColor(0xb4, 0x53, 0x09),
            Tone::Red => RGBColor(0xb9, 0x1c, 0x1c),
        }
    }
}

/// One line chart of a KPI over periods, with the target.
pub(crate) struct TrendChart<'a> {
    /// x-axis labels, one per period, oldest first (already localised, e.g. "paź 26").
    pub(crate) labels: &'a [String],
    /// Actual values per period; `None` = no data (a gap in the line, no point).
    pub(crate) values: &'a [Option<f64>],
    /// Target per period; `None` = no target that period. Drawn dashed.
    pub(crate) targets: &'a [Option<f64>],
    /// Formats a y value for axis ticks (locale-aware, supplied by the caller),
    /// e.g. "120 tys." or "12%".
    pub(crate) format_y: &'a dyn Fn(f64) -> String,
    /// Legend name of the actual line (localised).
    pub(crate) actual_label: &'a str,
    /// Legend name of the target line (localised).
    pub(crate) target_label: &'a str,
    /// The team's value per period on a person's chart (see `compute::team_line`),
    /// drawn as a thin line; empty on other charts. `None` leaves a gap.
    pub(crate) team: &'a [Option<f64>],
    /// Legend name of the team line (localised).
    pub(crate) team_label: &'a str,
    /// Per period, what hovering it shows (already localised, see [`tip`]); an empty
    /// text, or none, gives that period no hover target.
    pub(crate) tips: &'a [String],
    /// Text alternative (the caller writes it): becomes `<title>` and `aria-label`.
    pub(crate) alt: &'a str,
    /// Proportions and level of detail.
    pub(crate) size: ChartSize,
    /// Colour of the actual line.
    pub(crate) tone: Tone,
    /// A plan band behind the lines (the target line is then the standard plan).
    pub(crate) band: Option<&'a Band<'a>>,
}

/// A scenario band and a forecast, for plan charts.
pub(crate) struct Band<'a> {
    /// Minimum and maximum scenario per period; shaded between them.
    pub(crate) min: &'a [Option<f64>],
    pub(crate) max: &'a [Option<f64>],
    /// Legend name of the band (localised).
    pub(crate) label: &'a str,
    /// A forecast for one period (index, value): a dashed line from the last actual.
    pub(crate) forecast: Option<(usize, f64)>,
    pub(crate) forecast_label: &'a str,
}

/// The chart's input made safe: one entry per period, finite numbers only.
pub(super) struct Data {
    pub(super) labels: Vec<String>,
    pub(super) values: Vec<Option<f64>>,
    pub(super) targets: Vec<Option<f64>>,
    pub(super) team: Vec<Option<f64>>,
    /// Hover text per period, one line each ("" for none).
    pub(super) tips: Vec<String>,
    /// Band minimum and maximum per period (empty without a band).
    pub(super) band: Vec<(Option<f64>, Option<f64>)>,
    pub(super) forecast: Option<(usize, f64)>,
}

impl Data {
    pub(super) fn new(chart: &TrendChart) -> Self {
        let n = chart
            .labels
            .len()
            .max(chart.values.len())
            .max(chart.targets.len());
        let finite = |v: Option<&Option<f64>>| v.copied().flatten().filter(|x| x.is_finite());
        Data {
            labels: (0..n)
                .map(|i| one_line(chart.labels.get(i).map_or("", String::as_str)))
                .collect(),
            values: (0..n).map(|i| finite(chart.values.get(i))).collect(),
            targets: (0..n).map(|i| finite(chart.targets.get(i))).collect(),
            team: (0..n).map(|i| finite(chart.team.get(i))).collect(),
            tips: (0..n)
                .map(|i| one_line(chart.tips.get(i).map_or("", String::as_str)))
                .collect(),
            band: chart.band.map_or_else(Vec::new, |b| {
                (0..n)
                    .map(|i| (finite(b.min.get(i)), finite(b.max.get(i))))
                    .collect()
            }),
            forecast: chart
                .band
                .and_then(|b| b.forecast)
                .filter(|(i, v)| *i < n && v.is_finite()),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.labels.len()
    }

    /// Smallest and largest of all values and targets, if any.
    pub(super) fn extent(&self) -> Option<(f64, f64)> {
        let band = self.band.iter().flat_map(|(lo, hi)| [lo, hi]);
        let forecast = self.forecast.map(|(_, v)| Some(v));
        self.values
            .iter()
            .chain(&self.targets)
            .chain(&self.team)
            .chain(band)
            .chain(forecast.iter())
            .flatten()
            .fold(None, |acc, &v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
            })
    }

    pub(super) fn has_values(&self) -> bool {
        self.values.iter().any(Option::is_some)
    }

    pub(super) fn has_targets(&self) -> bool {
        self.targets.iter().any(Option::is_some)
    }

    pub(super) fn has_team(&self) -> bool {
        self.team.iter().any(Option::is_some)
    }
}

/// A period's hover text: its name and each named value, e.g. "October 2026 ·
/// Actual 12 300 zł · Target 11 000 zł · Team 10 950 zł"; empty when there is no
/// value to show.
pub(crate) fn tip(period: &str, values: &[(&str, String)]) -> String {
    if values.is_empty() {
        return String::new();
    }
    let mut text = period.to_string();
    for (name, value) in values {
        text.push_str(" · ");
        text.push_str(name);
        text.push(' ');
        text.push_str(value);
    }
    text
}

/// `text` without control characters (newlines): `finish` keeps each text element
/// on one line.
pub(super) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
