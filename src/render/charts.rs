//! Trend charts: one KPI over reporting periods, with its target, as inline SVG.
//!
//! The drawing is done by plotters' SVG backend (coordinates, series, markers, text);
//! layout decisions are ours: the y scale (`YScale`), which x labels to show, where
//! labels go. Plotters is built without its font features (they load system fonts),
//! so it cannot measure text: the few widths we need (y label column, edge labels,
//! legend) are estimated per character, and the viewer's fonts draw the text.
//!
//! Plotters writes a standalone SVG file. To make it an accessible, responsive element
//! of an HTML page, `finish` rewrites its output in one pass: a new root tag (a
//! `viewBox` but no pixel size, `role="img"`, `aria-label`, a `<title>`, the font
//! family and size, round line joins), `stroke-dasharray` on the target line, and
//! redundant attributes dropped. Everything is drawn on a grid of half pixels
//! (`UNIT` units per CSS pixel) because plotters' coordinates and stroke widths are
//! integers and the target line is 1.5 px wide.
//!
//! The output depends on the input only (no ids, no clock), so pages stay byte-stable.

use std::fmt::Write as _;
use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{
    AreaSeries, Cartesian2d, ChartBuilder, ChartContext, Circle, Color, DrawingArea,
    IntoDrawingArea, IntoFont, LineSeries, PathElement, Polygon, RGBColor, Rectangle, SVGBackend,
    ShapeStyle, Text, TextStyle, WHITE,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How big a chart is drawn; the SVG scales to its container, this sets proportions
/// and how much detail fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartSize {
    /// A card chart, about 320×140 px: axes, no legend, few labels.
    Small,
    /// A page chart, about 640×240 px, with a legend.
    Large,
}

/// Colour of the actual line: the status of the latest value, or neutral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
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
    fn color(self) -> RGBColor {
        match self {
            Tone::Neutral => RGBColor(0x25, 0x63, 0xeb),
            Tone::Green => RGBColor(0x15, 0x80, 0x3d),
            Tone::Amber => RGBColor(0xb4, 0x53, 0x09),
            Tone::Red => RGBColor(0xb9, 0x1c, 0x1c),
        }
    }
}

/// One line chart of a KPI over periods, with the target.
pub struct TrendChart<'a> {
    /// x-axis labels, one per period, oldest first (already localised, e.g. "paź 26").
    pub labels: &'a [String],
    /// Actual values per period; `None` = no data (a gap in the line, no point).
    pub values: &'a [Option<f64>],
    /// Target per period; `None` = no target that period. Drawn dashed.
    pub targets: &'a [Option<f64>],
    /// Formats a y value for axis ticks (locale-aware, supplied by the caller),
    /// e.g. "120 tys." or "12%".
    pub format_y: &'a dyn Fn(f64) -> String,
    /// Legend name of the actual line (localised).
    pub actual_label: &'a str,
    /// Legend name of the target line (localised).
    pub target_label: &'a str,
    /// Text alternative (the caller writes it): becomes `<title>` and `aria-label`.
    pub alt: &'a str,
    /// Proportions and level of detail.
    pub size: ChartSize,
    /// Colour of the actual line.
    pub tone: Tone,
    /// A plan band behind the lines (the target line is then the standard plan).
    pub band: Option<&'a Band<'a>>,
}

/// A scenario band and a forecast, for plan charts.
pub struct Band<'a> {
    /// Minimum and maximum scenario per period; shaded between them.
    pub min: &'a [Option<f64>],
    pub max: &'a [Option<f64>],
    /// Legend name of the band (localised).
    pub label: &'a str,
    /// A forecast for one period (index, value): a dashed line from the last actual.
    pub forecast: Option<(usize, f64)>,
    pub forecast_label: &'a str,
}

/// Renders `chart` as an inline SVG element: `viewBox` only (it takes the width of its
/// container), `role="img"` with the caller's text alternative. Never panics on data:
/// empty, mismatched or non-finite input gives an empty frame or fewer points.
pub fn trend_svg(chart: &TrendChart) -> String {
    let data = Data::new(chart);
    let geo = Geometry::of(chart.size);
    let scale = YScale::new(data.extent(), geo.max_y_ticks, chart.format_y);
    let mut raw = String::new();
    // Plotters' SVG backend writes to a String and should not fail; if it ever does,
    // the caller still gets a valid, titled (empty) chart.
    if draw(&mut raw, chart, &data, &geo, &scale).is_err() {
        raw.clear();
    }
    finish(&raw, chart.alt, &geo)
}

/// Internal drawing units per CSS pixel (plotters' coordinates are integers).
const UNIT: i32 = 2;
/// Font stack named in the SVG; the page embeds Inter.
const FONT_FAMILY: &str = "Inter, 'Segoe UI', system-ui, sans-serif";
/// Plotters writes `font-size` as the requested size divided by this.
const PLOTTERS_FONT_RATIO: f64 = 1.24;
/// Keep 0 on the y axis of an all-positive series whose min is at most this fraction
/// of its max: the line then spans at least 40% of the height. Above it, a zero
/// baseline would flatten the changes the chart is for.
const ZERO_FRACTION: f64 = 0.6;

const TARGET_GREY: RGBColor = RGBColor(0x6b, 0x72, 0x80);
const GRID: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
const AXIS: RGBColor = RGBColor(0xd1, 0xd5, 0xdb);
const TEXT: RGBColor = RGBColor(0x37, 0x41, 0x51);

/// Stroke widths in units; the target's width identifies its lines for the dash patch.
const ACTUAL_STROKE: u32 = 4;
const TARGET_STROKE: u32 = 3;
const GRID_STROKE: u32 = 2;
const TARGET_DASH: &str = "8 6";
/// The forecast line's width in plotters; `finish` turns it into a dashed line of the
/// actual line's width. No other element is drawn this wide.
const FORECAST_STROKE: u32 = 5;

/// Fixed layout per size, in CSS pixels.
struct Geometry {
    width: i32,
    height: i32,
    font_px: i32,
    top: i32,
    x_label_band: i32,
    right: i32,
    /// Space between the outermost points and the plot edge.
    inner_pad: i32,
    max_x_labels: usize,
    max_y_ticks: usize,
    legend: bool,
}

impl Geometry {
    fn of(size: ChartSize) -> Self {
        match size {
            ChartSize::Small => Geometry {
                width: 320,
                height: 140,
                font_px: 11,
                top: 8,
                x_label_band: 22,
                right: 10,
                inner_pad: 8,
                max_x_labels: 6,
                max_y_ticks: 5,
                legend: false,
            },
            ChartSize::Large => Geometry {
                width: 640,
                height: 240,
                font_px: 12,
                top: 36,
                x_label_band: 26,
                right: 14,
                inner_pad: 12,
                max_x_labels: 12,
                max_y_ticks: 5,
                legend: true,
            },
        }
    }

    fn font_units(&self) -> i32 {
        self.font_px * UNIT
    }

    /// Estimated rendered width of `text`, in units; errs on the wide side. Capped, so
    /// that sums of widths cannot overflow whatever the caller passes.
    fn text_width(&self, text: &str) -> i32 {
        let em: f64 = text.chars().take(10_000).map(char_em).sum();
        (em * f64::from(self.font_units())).ceil() as i32
    }
}

/// The chart's input made safe: one entry per period, finite numbers only.
struct Data {
    labels: Vec<String>,
    values: Vec<Option<f64>>,
    targets: Vec<Option<f64>>,
    /// Band minimum and maximum per period (empty without a band).
    band: Vec<(Option<f64>, Option<f64>)>,
    forecast: Option<(usize, f64)>,
}

impl Data {
    fn new(chart: &TrendChart) -> Self {
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

    fn len(&self) -> usize {
        self.labels.len()
    }

    /// Smallest and largest of all values and targets, if any.
    fn extent(&self) -> Option<(f64, f64)> {
        let band = self.band.iter().flat_map(|(lo, hi)| [lo, hi]);
        let forecast = self.forecast.map(|(_, v)| Some(v));
        self.values
            .iter()
            .chain(&self.targets)
            .chain(band)
            .chain(forecast.iter())
            .flatten()
            .fold(None, |acc, &v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
            })
    }

    fn has_values(&self) -> bool {
        self.values.iter().any(Option::is_some)
    }

    fn has_targets(&self) -> bool {
        self.targets.iter().any(Option::is_some)
    }
}

/// `text` without control characters (newlines): `finish` keeps each text element
/// on one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Advance width of a character in em, roughly Inter's (and a little wider, for the
/// fallback fonts): plotters cannot measure text without a font file.
fn char_em(c: char) -> f64 {
    match c {
        ' ' | '\u{a0}' | '\u{202f}' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'i' | 'j'
        | 'l' => 0.32,
        'f' | 't' | 'r' | '(' | ')' | '-' => 0.42,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
        '0'..='9' | '+' | '\u{2212}' | '$' | '€' => 0.64,
        c if c.is_uppercase() => 0.72,
        _ => 0.58,
    }
}

/// Runs of consecutive periods with a value, as (period index, value) points.
fn runs(series: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in series.iter().enumerate() {
        match v {
            Some(v) => current.push((i as f64, *v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The y axis: range and tick values, chosen so the ticks are round numbers whose
/// formatted labels differ.
struct YScale {
    ticks: Vec<f64>,
    /// Whether the ticks get labels (false for an empty chart).
    labelled: bool,
}

impl YScale {
    fn new(extent: Option<(f64, f64)>, max_ticks: usize, format: &dyn Fn(f64) -> String) -> Self {
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

    fn range(&self) -> Range<f64> {
        let lo = self.ticks.first().copied().unwrap_or(0.0);
        let hi = self.ticks.last().copied().unwrap_or(1.0);
        if hi > lo { lo..hi } else { lo..lo + 1.0 }
    }

    /// Where areas are filled to: zero when visible, else the edge nearest to it.
    fn baseline(&self) -> f64 {
        let r = self.range();
        0.0_f64.clamp(r.start, r.end)
    }
}

/// The value range to show before rounding to ticks: widened to zero when that does
/// not flatten the line (see [`ZERO_FRACTION`]); a single value gets a range from zero.
fn data_range(lo: f64, hi: f64) -> (f64, f64) {
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
fn nice_ticks(
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
fn ticks_for_step(lo: f64, hi: f64, m: i64, e: i32) -> Option<Vec<f64>> {
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
fn label_indices(n: usize, max_labels: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let max_labels = max_labels.max(1);
    let step = (1..=n).find(|k| (n - 1) / k < max_labels).unwrap_or(n);
    let mut picked: Vec<usize> = (0..n).rev().step_by(step).collect();
    picked.reverse();
    picked
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw(
    out: &mut String,
    chart: &TrendChart,
    data: &Data,
    geo: &Geometry,
    scale: &YScale,
) -> DrawResult {
    let (w, h) = (geo.width * UNIT, geo.height * UNIT);
    let root = SVGBackend::with_string(out, (w as u32, h as u32)).into_drawing_area();
    let font = text_style(geo);

    // Plot area: the y label column on the left is as wide as its longest label.
    let y_labels: Vec<String> = if scale.labelled {
        scale
            .ticks
            .iter()
            .map(|&t| one_line(&(chart.format_y)(t)))
            .collect()
    } else {
        Vec::new()
    };
    // Margins are capped so that absurdly long labels cannot leave no plot.
    let label_col = y_labels
        .iter()
        .map(|l| geo.text_width(l))
        .max()
        .unwrap_or(0)
        .min(w / 3);
    let gap = 8 * UNIT;
    let left = (2 * UNIT + label_col + gap).max(geo.inner_pad * UNIT);
    let top = geo.top * UNIT;
    let bottom = geo.x_label_band * UNIT;
    // Room for the last x label centred under the last point.
    let last_half = data
        .labels
        .last()
        .map_or(0, |l| geo.text_width(l) / 2)
        .min(w / 8);
    let right = (geo.right * UNIT).max(last_half - geo.inner_pad * UNIT + 2 * UNIT);
    let plot_area = root.margin(top, bottom, left, right);
    let plot_w = w - left - right;

    let n = data.len();
    let x_range = x_range(n, plot_w, geo.inner_pad * UNIT);
    let y_range = scale.range();
    let mut ctx = ChartBuilder::on(&plot_area).build_cartesian_2d(x_range.clone(), y_range)?;
    let px_per_period = f64::from(plot_w) / (x_range.end - x_range.start);

    draw_grid(&mut ctx, scale, &x_range)?;
    draw_band(&mut ctx, data, chart.tone)?;
    draw_target(&mut ctx, data, px_per_period)?;
    draw_actual(&mut ctx, data, chart.tone, scale.baseline(), px_per_period)?;

    // y labels, right-aligned in their column, centred on their grid line.
    let y_font = font.pos(Pos::new(HPos::Right, VPos::Center));
    for (tick, label) in scale.ticks.iter().zip(&y_labels) {
        let (_, y) = ctx.backend_coord(&(x_range.start, *tick));
        root.draw(&Text::new(label.as_str(), (left - gap, y), &y_font))?;
    }

    // x labels under their points; the outermost ones kept inside the picture.
    let label_y = h - bottom + 7 * UNIT;
    let x_cap = if n > 0 {
        let widest = data
            .labels
            .iter()
            .map(|l| geo.text_width(l))
            .max()
            .unwrap_or(0);
        let fit = (plot_w + gap) / (widest + gap).max(1);
        geo.max_x_labels.min(fit.max(1) as usize)
    } else {
        0
    };
    for i in label_indices(n, x_cap) {
        let label = data.labels[i].as_str();
        let (x, _) = ctx.backend_coord(&(i as f64, scale.range().start));
        let half = geo.text_width(label) / 2;
        let (x, h_pos) = if x - half < 0 {
            (0, HPos::Left)
        } else if x + half > w {
            (w, HPos::Right)
        } else {
            (x, HPos::Center)
        };
        let style = font.pos(Pos::new(h_pos, VPos::Top));
        root.draw(&Text::new(label, (x, label_y), &style))?;
    }

    if geo.legend {
        draw_legend(&root, chart, data, geo, left)?;
    }
    root.present()?;
    Ok(())
}

/// The font plotters is told about: the size it writes is stripped again in
/// `finish` (the root carries it), the family too.
fn text_style(geo: &Geometry) -> TextStyle<'static> {
    let size = f64::from(geo.font_units()) * PLOTTERS_FONT_RATIO;
    ("sans-serif", size).into_font().color(&TEXT)
}

/// The x range in period indices: the first and last periods sit `pad` units inside
/// the plot; a single period is centred.
fn x_range(n: usize, plot_w: i32, pad: i32) -> Range<f64> {
    if n < 2 {
        return -1.0..1.0;
    }
    let last = (n - 1) as f64;
    let usable = f64::from((plot_w - 2 * pad).max(1));
    let pad_periods = f64::from(pad) * last / usable;
    -pad_periods..last + pad_periods
}

fn draw_grid(ctx: &mut Chart, scale: &YScale, x: &Range<f64>) -> DrawResult {
    let bottom = scale.range().start;
    for &t in &scale.ticks {
        // The bottom line is the x axis, and zero (when it is inside) a little stronger.
        let color = if t == bottom || t == 0.0 { AXIS } else { GRID };
        let style = ShapeStyle::from(color).stroke_width(GRID_STROKE);
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(x.start, t), (x.end, t)],
            style,
        )))?;
    }
    Ok(())
}

/// The scenario band: shaded between minimum and maximum for each run of periods that
/// have both; and the forecast, dashed from the last actual value.
fn draw_band(ctx: &mut Chart, data: &Data, tone: Tone) -> DrawResult {
    let both: Vec<Option<(f64, f64)>> = data.band.iter().map(|(lo, hi)| lo.zip(*hi)).collect();
    let mut run: Vec<(f64, f64, f64)> = Vec::new();
    let mut flush = |run: &mut Vec<(f64, f64, f64)>| -> DrawResult {
        if run.len() > 1 {
            let mut outline: Vec<(f64, f64)> = run.iter().map(|&(x, _, hi)| (x, hi)).collect();
            outline.extend(run.iter().rev().map(|&(x, lo, _)| (x, lo)));
            ctx.draw_series(std::iter::once(Polygon::new(
                outline,
                TARGET_GREY.mix(0.16),
            )))?;
        }
        run.clear();
        Ok(())
    };
    for (i, b) in both.iter().enumerate() {
        match b {
            Some((lo, hi)) => run.push((i as f64, *lo, *hi)),
            None => flush(&mut run)?,
        }
    }
    flush(&mut run)?;
    if let Some((i, v)) = data.forecast {
        // From the last complete period's value: the partial one would make a cliff.
        let from = data.values[..i]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(j, v)| v.map(|v| (j as f64, v)));
        let line = ShapeStyle::from(tone.color()).stroke_width(FORECAST_STROKE);
        if let Some(from) = from {
            ctx.draw_series(std::iter::once(PathElement::new(
                vec![from, (i as f64, v)],
                line,
            )))?;
        }
        let ring = ShapeStyle::from(tone.color()).stroke_width(3);
        ctx.draw_series([
            Circle::new((i as f64, v), 4 * UNIT, WHITE.filled()),
            Circle::new((i as f64, v), 4 * UNIT, ring),
        ])?;
    }
    Ok(())
}

fn draw_target(ctx: &mut Chart, data: &Data, px_per_period: f64) -> DrawResult {
    let style = ShapeStyle::from(TARGET_GREY).stroke_width(TARGET_STROKE);
    for run in runs(&data.targets) {
        if let [(x, y)] = run[..] {
            // A target for one period only: a short level mark, as wide as a dash run.
            let half = (16.0 * f64::from(UNIT) / px_per_period).min(0.35);
            ctx.draw_series(std::iter::once(PathElement::new(
                vec![(x - half, y), (x + half, y)],
                style,
            )))?;
        } else {
            ctx.draw_series(LineSeries::new(run, style))?;
        }
    }
    Ok(())
}

fn draw_actual(
    ctx: &mut Chart,
    data: &Data,
    tone: Tone,
    baseline: f64,
    px_per_period: f64,
) -> DrawResult {
    let color = tone.color();
    let runs = runs(&data.values);
    // A light fill under an unbroken line; with gaps, fills would read as bars.
    if let [run] = &runs[..]
        && run.len() > 1
    {
        ctx.draw_series(AreaSeries::new(
            run.iter().copied(),
            baseline,
            color.mix(0.08),
        ))?;
    }
    let line = ShapeStyle::from(color).stroke_width(ACTUAL_STROKE);
    for run in runs.iter().filter(|r| r.len() > 1) {
        ctx.draw_series(LineSeries::new(run.iter().copied(), line))?;
    }

    // Point markers: hollow dots, smaller when periods are close together.
    let r = (px_per_period * 0.16).clamp(1.5 * f64::from(UNIT), 2.5 * f64::from(UNIT)) as i32;
    let ring = ShapeStyle::from(color).stroke_width(3);
    let points: Vec<(f64, f64)> = runs.iter().flatten().copied().collect();
    let Some((&latest, others)) = points.split_last() else {
        return Ok(());
    };
    for &p in others {
        ctx.draw_series([Circle::new(p, r, WHITE.filled()), Circle::new(p, r, ring)])?;
    }
    // The latest value: a solid dot in a white ring on a soft halo.
    ctx.draw_series([
        Circle::new(latest, 7 * UNIT, color.mix(0.15).filled()),
        Circle::new(latest, 5 * UNIT, WHITE.filled()),
        Circle::new(latest, 7 * UNIT / 2, color.filled()),
    ])?;
    Ok(())
}

/// Legend above the plot, starting at its left edge: a sample of each line and its name.
fn draw_legend(
    root: &DrawingArea<SVGBackend, Shift>,
    chart: &TrendChart,
    data: &Data,
    geo: &Geometry,
    x0: i32,
) -> DrawResult {
    let y = 12 * UNIT;
    let sample = 18 * UNIT;
    let font = text_style(geo).pos(Pos::new(HPos::Left, VPos::Center));
    let mut x = x0;
    let mut items: Vec<(&str, u8)> = Vec::new();
    if data.has_values() {
        items.push((chart.actual_label, 0));
    }
    if data.has_targets() {
        items.push((chart.target_label, 1));
    }
    if let Some(band) = chart.band {
        if data
            .band
            .iter()
            .any(|(lo, hi)| lo.is_some() && hi.is_some())
        {
            items.push((band.label, 2));
        }
        if data.forecast.is_some() {
            items.push((band.forecast_label, 3));
        }
    }
    for (label, kind) in items {
        if kind == 2 {
            root.draw(&Rectangle::new(
                [(x, y - 5 * UNIT), (x + sample, y + 5 * UNIT)],
                TARGET_GREY.mix(0.16).filled(),
            ))?;
        } else if kind == 3 {
            root.draw(&PathElement::new(
                vec![(x, y), (x + sample, y)],
                ShapeStyle::from(chart.tone.color()).stroke_width(FORECAST_STROKE),
            ))?;
        } else if kind == 0 {
            let color = chart.tone.color();
            root.draw(&PathElement::new(
                vec![(x, y), (x + sample, y)],
                ShapeStyle::from(color).stroke_width(ACTUAL_STROKE),
            ))?;
            root.draw(&Circle::new((x + sample / 2, y), 3 * UNIT, color.filled()))?;
        } else {
            root.draw(&PathElement::new(
                vec![(x, y), (x + sample, y)],
                ShapeStyle::from(TARGET_GREY).stroke_width(TARGET_STROKE),
            ))?;
        }
        let text_x = x + sample + 6 * UNIT;
        root.draw(&Text::new(label, (text_x, y), &font))?;
        x = text_x + geo.text_width(label) + 18 * UNIT;
    }
    Ok(())
}

/// Turns plotters' standalone SVG into the inline element we ship (see the module
/// header). `raw` may be empty, giving an empty, titled chart.
fn finish(raw: &str, alt: &str, geo: &Geometry) -> String {
    let (w, h) = (geo.width * UNIT, geo.height * UNIT);
    let mut svg = String::with_capacity(raw.len() + 512);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-label=\"{alt}\" font-family=\"{FONT_FAMILY}\" font-size=\"{font}\" \
         stroke-linecap=\"round\" stroke-linejoin=\"round\">\n<title>{alt}</title>\n",
        alt = escape_xml(alt),
        font = geo.font_units(),
    );

    // Plotters' own root tag is its first line; its `</svg>` the last.
    let body = raw
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .trim_end()
        .strip_suffix("</svg>")
        .unwrap_or("");
    let plotters_font_size = format!(
        " font-size=\"{}\"",
        f64::from(geo.font_units()) * PLOTTERS_FONT_RATIO / PLOTTERS_FONT_RATIO
    );
    let target_stroke = format!(
        "stroke=\"{}\" stroke-width=\"{TARGET_STROKE}\"",
        hex(TARGET_GREY)
    );
    let target_dashed = format!("{target_stroke} stroke-dasharray=\"{TARGET_DASH}\"");

    // Every pattern below contains a `"`, which plotters escapes in text content:
    // only attributes can match.
    let forecast = format!("stroke-width=\"{FORECAST_STROKE}\"");
    let forecast_dashed =
        format!("stroke-width=\"{ACTUAL_STROKE}\" stroke-dasharray=\"{TARGET_DASH}\"");
    let body = body
        .replace(&forecast, &forecast_dashed)
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\" stroke-width=\"1\"", "")
        .replace(" font-family=\"sans-serif\"", "")
        .replace(&plotters_font_size, "")
        // Plotters centres text vertically with 0.5ex (half a lowercase letter);
        // figures are taller, 0.35em centres them on their grid line.
        .replace(" dy=\"0.5ex\"", " dy=\"0.35em\"")
        .replace(" \"/>", "\"/>")
        .replace(&target_stroke, &target_dashed);
    // Plotters writes `<text …>`, the text and `</text>` on three lines; joined, no
    // stray whitespace reaches the label.
    let mut in_text = false;
    for line in body.lines() {
        svg.push_str(line);
        if line.starts_with("<text") {
            in_text = true;
        } else if line == "</text>" {
            in_text = false;
        }
        if !in_text {
            svg.push('\n');
        }
    }
    svg.push_str("</svg>\n");
    svg
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Escapes text for an XML attribute or element.
fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("m{i:02}")).collect()
    }

    fn plain(v: f64) -> String {
        format!("{v}")
    }

    fn svg(values: &[Option<f64>], targets: &[Option<f64>], size: ChartSize) -> String {
        let labels = months(values.len());
        trend_svg(&TrendChart {
            labels: &labels,
            values,
            targets,
            format_y: &plain,
            actual_label: "Actual",
            target_label: "Target",
            alt: "Revenue by month",
            size,
            tone: Tone::Green,
            band: None,
        })
    }

    /// Polylines drawn in the actual line's style (with the legend's sample on Large).
    fn actual_lines(svg: &str) -> usize {
        svg.matches("<polyline fill=\"none\" stroke=\"#15803D\" stroke-width=\"4\"")
            .count()
    }

    /// Hollow markers (every point but the latest).
    fn markers(svg: &str) -> usize {
        svg.matches("fill=\"none\" stroke=\"#15803D\" stroke-width=\"3\"")
            .count()
    }

    fn texts(svg: &str) -> Vec<&str> {
        svg.split("<text ")
            .skip(1)
            .filter_map(|t| {
                t.split_once('>')
                    .and_then(|(_, rest)| rest.split_once("</text>"))
            })
            .map(|(text, _)| text)
            .collect()
    }

    #[test]
    fn same_input_gives_identical_svg() {
        let v = [Some(3.0), None, Some(5.5), Some(4.25)];
        let t = [Some(4.0); 4];
        assert_eq!(svg(&v, &t, ChartSize::Large), svg(&v, &t, ChartSize::Large));
    }

    #[test]
    fn alt_text_is_escaped_in_title_and_label() {
        let labels = months(2);
        let out = trend_svg(&TrendChart {
            labels: &labels,
            values: &[Some(1.0), Some(2.0)],
            targets: &[],
            format_y: &plain,
            actual_label: "<b>",
            target_label: "T",
            alt: "<script>alert(1)</script> & \"x\"",
            size: ChartSize::Large,
            tone: Tone::Neutral,
            band: None,
        });
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;";
        assert!(out.contains(&format!("<title>{escaped}</title>")), "{out}");
        assert!(out.contains(&format!("aria-label=\"{escaped}\"")), "{out}");
    }

    #[test]
    fn root_is_responsive_and_accessible() {
        let out = svg(&[Some(1.0), Some(2.0)], &[], ChartSize::Small);
        let root = out.split_once('>').map(|(r, _)| r).unwrap_or_default();
        assert!(root.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(root.contains("viewBox=\"0 0 640 280\""), "{root}");
        assert!(root.contains("role=\"img\""));
        assert!(root.contains("font-family=\"Inter, 'Segoe UI', system-ui, sans-serif\""));
        assert!(!root.contains(" width="), "{root}");
        assert!(!root.contains(" height="), "{root}");
        // Only the root names the family; plotters' per-text attributes are gone.
        assert_eq!(out.matches("font-family").count(), 1);
        assert_eq!(out.matches("<svg").count(), 1);
        assert!(out.ends_with("</svg>\n"));
    }

    #[test]
    fn gaps_break_the_line_and_have_no_marker() {
        let v = [Some(1.0), Some(2.0), None, Some(3.0), Some(2.5)];
        let out = svg(&v, &[], ChartSize::Small);
        assert_eq!(actual_lines(&out), 2, "{out}");
        // Four points with data: three hollow markers plus the emphasised latest.
        assert_eq!(markers(&out), 3, "{out}");
        assert_eq!(out.matches("r=\"14\"").count(), 1, "one halo on the latest");
    }

    #[test]
    fn isolated_value_gets_a_marker_but_no_line() {
        let v = [Some(1.0), None, Some(2.0), None, Some(3.0), Some(4.0)];
        let out = svg(&v, &[], ChartSize::Small);
        assert_eq!(actual_lines(&out), 1);
        assert_eq!(markers(&out), 3);
    }

    #[test]
    fn target_is_dashed_grey() {
        let out = svg(
            &[Some(1.0), Some(2.0)],
            &[Some(1.5), Some(1.5)],
            ChartSize::Small,
        );
        assert!(out.contains("stroke=\"#6B7280\" stroke-width=\"3\" stroke-dasharray=\"8 6\""));
        let none = svg(&[Some(1.0), Some(2.0)], &[None, None], ChartSize::Small);
        assert!(!none.contains("stroke-dasharray"));
    }

    #[test]
    fn all_none_draws_an_empty_frame() {
        for size in [ChartSize::Small, ChartSize::Large] {
            let out = svg(&[None; 6], &[None; 6], size);
            assert!(out.contains("viewBox"));
            assert_eq!(actual_lines(&out), 0);
            assert!(!out.contains("<circle"));
            // x labels only: no y tick labels, no legend.
            assert_eq!(texts(&out).len(), 6, "{out}");
        }
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let nan = f64::NAN;
        type Series = Vec<Option<f64>>;
        let cases: Vec<(Series, Series)> = vec![
            (vec![], vec![]),
            (vec![Some(42.0)], vec![]),
            (vec![Some(0.0); 5], vec![]),
            (vec![Some(-3.0); 5], vec![Some(-1.0); 5]),
            (
                vec![Some(nan), Some(f64::INFINITY), Some(1.0)],
                vec![Some(nan)],
            ),
            (vec![Some(f64::MAX), Some(-f64::MAX)], vec![]),
            (vec![Some(1e-300), Some(2e-300)], vec![]),
            (vec![Some(0.0), Some(5e-324)], vec![]),
            (vec![Some(f64::MAX); 2], vec![Some(f64::MAX / 3.0)]),
            (vec![Some(1.0); 3], vec![Some(2.0); 7]),
        ];
        for (v, t) in cases {
            for size in [ChartSize::Small, ChartSize::Large] {
                let out = svg(&v, &t, size);
                assert!(out.starts_with("<svg") && out.ends_with("</svg>\n"));
            }
        }
        // More labels than values, none at all, and values without labels.
        let labels = months(3);
        for (labels, values) in [
            (&labels[..], &[Some(1.0)][..]),
            (&[][..], &[Some(1.0), Some(2.0)][..]),
        ] {
            let out = trend_svg(&TrendChart {
                labels,
                values,
                targets: &[],
                format_y: &plain,
                actual_label: "A",
                target_label: "T",
                alt: "",
                size: ChartSize::Small,
                tone: Tone::Red,
                band: None,
            });
            assert!(out.contains("<title></title>"));
        }
    }

    #[test]
    fn absurdly_long_labels_do_not_panic() {
        let long = "W".repeat(100_000);
        let labels = vec![long.clone(); 3];
        let format_y = |_: f64| long.clone();
        let out = trend_svg(&TrendChart {
            labels: &labels,
            values: &[Some(1.0), Some(2.0), Some(3.0)],
            targets: &[Some(2.0); 3],
            format_y: &format_y,
            actual_label: &long,
            target_label: &long,
            alt: "x",
            size: ChartSize::Large,
            tone: Tone::Amber,
            band: None,
        });
        assert!(out.ends_with("</svg>\n"));
    }

    #[test]
    fn single_point_is_an_emphasised_dot() {
        let out = svg(&[Some(42.0)], &[Some(50.0)], ChartSize::Small);
        assert_eq!(actual_lines(&out), 0);
        assert_eq!(out.matches("r=\"14\"").count(), 1);
        assert!(out.contains("stroke-dasharray"), "one-period target mark");
    }

    #[test]
    fn x_labels_are_thinned_and_keep_the_last() {
        let v: Vec<Option<f64>> = (0..24).map(|i| Some(f64::from(i))).collect();
        for (size, cap) in [(ChartSize::Small, 6), (ChartSize::Large, 12)] {
            let out = svg(&v, &[], size);
            let shown: Vec<&str> = texts(&out)
                .into_iter()
                .filter(|t| t.starts_with('m'))
                .collect();
            assert!(shown.len() <= cap && shown.len() >= 4, "{shown:?}");
            assert_eq!(shown.last(), Some(&"m23"));
        }
        assert_eq!(label_indices(24, 6), vec![3, 7, 11, 15, 19, 23]);
        assert_eq!(label_indices(24, 5), vec![3, 8, 13, 18, 23]);
        assert_eq!(label_indices(5, 6), vec![0, 1, 2, 3, 4]);
        assert_eq!(label_indices(1, 6), vec![0]);
        assert_eq!(label_indices(0, 6), Vec::<usize>::new());
    }

    #[test]
    fn legend_only_on_large() {
        let v = [Some(1.0), Some(2.0)];
        let t = [Some(2.0), Some(2.0)];
        assert!(texts(&svg(&v, &t, ChartSize::Large)).contains(&"Target"));
        assert!(!texts(&svg(&v, &t, ChartSize::Small)).contains(&"Target"));
    }

    #[test]
    fn y_range_includes_zero_only_when_it_does_not_flatten_the_line() {
        let cases = [
            // (min, max) of the data → range before rounding to ticks
            ((50.0, 100.0), (0.0, 100.0)),
            ((98.0, 151.0), (98.0, 151.0)),
            ((-100.0, -50.0), (-100.0, 0.0)),
            ((-10.0, 20.0), (-10.0, 20.0)),
            ((7.0, 7.0), (0.0, 7.0)),
            ((-7.0, -7.0), (-7.0, 0.0)),
            ((0.0, 0.0), (0.0, 1.0)),
        ];
        for (data, want) in cases {
            assert_eq!(data_range(data.0, data.1), want, "{data:?}");
        }
    }

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        let cases: [((f64, f64), &[f64]); 7] = [
            ((98e3, 151e3), &[80e3, 100e3, 120e3, 140e3, 160e3]),
            ((0.0, 100.0), &[0.0, 25.0, 50.0, 75.0, 100.0]),
            ((8.2e6, 1.07e7), &[8e6, 9e6, 1e7, 1.1e7]),
            ((0.0021, 0.003), &[0.002, 0.0025, 0.003]),
            ((-10.0, 20.0), &[-10.0, 0.0, 10.0, 20.0]),
            ((0.0, 1.0), &[0.0, 0.5, 1.0]),
            ((42.0, 50.0), &[42.0, 44.0, 46.0, 48.0, 50.0]),
        ];
        for ((lo, hi), want) in cases {
            assert_eq!(
                nice_ticks(lo, hi, 5, &plain).as_deref(),
                Some(want),
                "{lo}..{hi}"
            );
        }
        assert_eq!(nice_ticks(1.0, 1.0, 5, &plain), None);
        assert_eq!(nice_ticks(-f64::MAX, f64::MAX, 5, &plain), None);
    }

    #[test]
    fn scale_is_round_and_tight() {
        let scale = |lo, hi| YScale::new(Some((lo, hi)), 5, &plain).ticks;
        assert_eq!(scale(98.0, 151.0), [80.0, 100.0, 120.0, 140.0, 160.0]);
        assert_eq!(scale(50.0, 100.0), [0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(scale(61.0, 79.0), [60.0, 65.0, 70.0, 75.0, 80.0]);
        assert_eq!(scale(0.0021, 0.003), [0.002, 0.0025, 0.003]);
        assert_eq!(scale(-3.0, -3.0), [-3.0, -2.0, -1.0, 0.0]);
        assert!(!YScale::new(None, 5, &plain).labelled);
    }

    #[test]
    fn tick_labels_stay_distinct_with_a_coarse_formatter() {
        let whole = |v: f64| format!("{v:.0}");
        let ticks = nice_ticks(0.0, 2.0, 5, &whole).expect("ticks");
        let labels: Vec<String> = ticks.iter().map(|&t| whole(t)).collect();
        assert_eq!(labels, ["0", "1", "2"]);
    }
}
