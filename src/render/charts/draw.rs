//! Drawing with plotters' SVG backend: the plot area and labels, the grid, the plan
//! band and forecast, the target, team and actual lines with their markers, the
//! legend; and where each period's hover target goes. Every part is drawn in its
//! code colour ([`Part::code`]), which `finish` turns into its class and colour.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{
    AreaSeries, Cartesian2d, ChartBuilder, ChartContext, Circle, Color, DrawingArea,
    IntoDrawingArea, IntoFont, LineSeries, PathElement, Polygon, Rectangle, SVGBackend, ShapeStyle,
    Text, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::input::{Data, TrendChart, one_line};
use super::scale::{YScale, label_indices};
use super::style::{
    ACTUAL_STROKE, GRID_STROKE, Geometry, PLOTTERS_FONT_RATIO, Part, TARGET_STROKE, TEAM_STROKE,
    UNIT,
};
use super::svg::Hit;

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type Failure = Box<dyn std::error::Error>;
pub(super) type DrawResult = Result<(), Failure>;

/// Space between a label and what it labels, in units.
const LABEL_GAP: i32 = 8 * UNIT;

/// Draws the chart into `out` and returns the hover target of each period that has a
/// tip.
pub(super) fn draw(
    out: &mut String,
    chart: &TrendChart,
    data: &Data,
    geo: &Geometry,
    scale: &YScale,
) -> Result<Vec<Hit>, Failure> {
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
    let gap = LABEL_GAP;
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
    draw_band(&mut ctx, data)?;
    draw_level_line(
        &mut ctx,
        &data.targets,
        Part::Target,
        TARGET_STROKE,
        px_per_period,
    )?;
    draw_level_line(&mut ctx, &data.team, Part::Team, TEAM_STROKE, px_per_period)?;
    draw_actual(&mut ctx, data, scale.baseline(), px_per_period)?;

    // y labels, right-aligned in their column, centred on their grid line.
    let y_font = font.pos(Pos::new(HPos::Right, VPos::Center));
    for (tick, label) in scale.ticks.iter().zip(&y_labels) {
        let (_, y) = ctx.backend_coord(&(x_range.start, *tick));
        root.draw(&Text::new(label.as_str(), (left - gap, y), &y_font))?;
    }

    draw_x_labels(&root, &ctx, data, geo, scale, plot_w)?;

    if geo.legend {
        draw_legend(&root, chart, data, geo, left)?;
    }
    root.present()?;
    let centres: Vec<i32> = (0..n)
        .map(|i| ctx.backend_coord(&(i as f64, scale.range().start)).0)
        .collect();
    Ok(hits(data, &centres, (left, w - right), (top, h)))
}

/// A hover target per period with a tip: a strip from the plot's top down through its
/// x label, reaching halfway to the neighbouring periods (the plot's edge for the
/// outermost), so it is far wider than a marker and the strips never overlap.
/// `centres` are the periods' x; `x_span` and `y_span` the strips' outer bounds.
fn hits(data: &Data, centres: &[i32], x_span: (i32, i32), y_span: (i32, i32)) -> Vec<Hit> {
    let (left, right) = x_span;
    (0..centres.len())
        .filter(|&i| !data.tips[i].is_empty())
        .map(|i| {
            let x0 = if i == 0 {
                left
            } else {
                (centres[i - 1] + centres[i]) / 2
            };
            let x1 = centres
                .get(i + 1)
                .map_or(right, |next| (centres[i] + next) / 2);
            Hit {
                x: x0,
                y: y_span.0,
                width: (x1 - x0).max(0),
                height: (y_span.1 - y_span.0).max(0),
                title: data.tips[i].clone(),
            }
        })
        .collect()
}

/// x labels under their points, thinned to fit the plot (`plot_w` wide); the
/// outermost ones kept inside the picture.
fn draw_x_labels(
    root: &DrawingArea<SVGBackend, Shift>,
    ctx: &Chart,
    data: &Data,
    geo: &Geometry,
    scale: &YScale,
    plot_w: i32,
) -> DrawResult {
    let (w, h) = (geo.width * UNIT, geo.height * UNIT);
    let font = text_style(geo);
    let gap = LABEL_GAP;
    let n = data.len();
    let label_y = h - geo.x_label_band * UNIT + 7 * UNIT;
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
    Ok(())
}

/// The font plotters is told about: the size it writes is stripped again in
/// `finish` (the root carries it), the family too.
fn text_style(geo: &Geometry) -> TextStyle<'static> {
    let size = f64::from(geo.font_units()) * PLOTTERS_FONT_RATIO;
    ("sans-serif", size).into_font().color(&Part::Label.code())
}

/// A part's line style: its code colour, `width` units wide.
fn stroke(part: Part, width: u32) -> ShapeStyle {
    ShapeStyle::from(part.code()).stroke_width(width)
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
        let part = if t == bottom || t == 0.0 {
            Part::Axis
        } else {
            Part::Grid
        };
        let style = stroke(part, GRID_STROKE);
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(x.start, t), (x.end, t)],
            style,
        )))?;
    }
    Ok(())
}

/// The scenario band: shaded between minimum and maximum for each run of periods that
/// have both; and the forecast, dashed from the last actual value.
fn draw_band(ctx: &mut Chart, data: &Data) -> DrawResult {
    let both: Vec<Option<(f64, f64)>> = data.band.iter().map(|(lo, hi)| lo.zip(*hi)).collect();
    let mut run: Vec<(f64, f64, f64)> = Vec::new();
    let mut flush = |run: &mut Vec<(f64, f64, f64)>| -> DrawResult {
        if run.len() > 1 {
            let mut outline: Vec<(f64, f64)> = run.iter().map(|&(x, _, hi)| (x, hi)).collect();
            outline.extend(run.iter().rev().map(|&(x, lo, _)| (x, lo)));
            ctx.draw_series(std::iter::once(Polygon::new(
                outline,
                Part::Band.code().mix(0.16),
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
        if let Some(from) = from {
            ctx.draw_series(std::iter::once(PathElement::new(
                vec![from, (i as f64, v)],
                stroke(Part::Forecast, ACTUAL_STROKE),
            )))?;
        }
        ctx.draw_series([
            Circle::new((i as f64, v), 4 * UNIT, Part::PointBg.code().filled()),
            Circle::new((i as f64, v), 4 * UNIT, stroke(Part::Point, 3)),
        ])?;
    }
    Ok(())
}

/// The target or the team line: runs of consecutive values as lines, a value alone
/// as a short level mark.
fn draw_level_line(
    ctx: &mut Chart,
    series: &[Option<f64>],
    part: Part,
    width: u32,
    px_per_period: f64,
) -> DrawResult {
    let style = stroke(part, width);
    for run in runs(series) {
        if let [(x, y)] = run[..] {
            // A value for one period only: a short level mark, as wide as a dash run.
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

fn draw_actual(ctx: &mut Chart, data: &Data, baseline: f64, px_per_period: f64) -> DrawResult {
    let runs = runs(&data.values);
    // A light fill under an unbroken line; with gaps, fills would read as bars.
    if let [run] = &runs[..]
        && run.len() > 1
    {
        ctx.draw_series(AreaSeries::new(
            run.iter().copied(),
            baseline,
            Part::Area.code().mix(0.08),
        ))?;
    }
    let line = stroke(Part::Actual, ACTUAL_STROKE);
    for run in runs.iter().filter(|r| r.len() > 1) {
        ctx.draw_series(LineSeries::new(run.iter().copied(), line))?;
    }

    // Point markers: hollow dots, smaller when periods are close together.
    let r = (px_per_period * 0.16).clamp(1.5 * f64::from(UNIT), 2.5 * f64::from(UNIT)) as i32;
    let ring = stroke(Part::Point, 3);
    let fill = Part::PointBg.code().filled();
    let points: Vec<(f64, f64)> = runs.iter().flatten().copied().collect();
    let Some((&latest, others)) = points.split_last() else {
        return Ok(());
    };
    for &p in others {
        ctx.draw_series([Circle::new(p, r, fill), Circle::new(p, r, ring)])?;
    }
    // The latest value: a solid dot in a white ring on a soft halo.
    ctx.draw_series([
        Circle::new(latest, 7 * UNIT, Part::Halo.code().mix(0.15).filled()),
        Circle::new(latest, 5 * UNIT, fill),
        Circle::new(latest, 7 * UNIT / 2, Part::Dot.code().filled()),
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
    let y = geo.legend_y * UNIT;
    let sample = 18 * UNIT;
    let font = text_style(geo).pos(Pos::new(HPos::Left, VPos::Center));
    let mut x = x0;
    let mut items: Vec<(&str, Part)> = Vec::new();
    if data.has_values() {
        items.push((chart.actual_label, Part::Actual));
    }
    if data.has_targets() {
        items.push((chart.target_label, Part::Target));
    }
    if data.has_team() {
        items.push((chart.team_label, Part::Team));
    }
    if let Some(band) = chart.band {
        if data
            .band
            .iter()
            .any(|(lo, hi)| lo.is_some() && hi.is_some())
        {
            items.push((band.label, Part::Band));
        }
        if data.forecast.is_some() {
            items.push((band.forecast_label, Part::Forecast));
        }
    }
    for (label, part) in items {
        let line = |width| PathElement::new(vec![(x, y), (x + sample, y)], stroke(part, width));
        match part {
            Part::Band => root.draw(&Rectangle::new(
                [(x, y - 5 * UNIT), (x + sample, y + 5 * UNIT)],
                Part::Band.code().mix(0.16).filled(),
            ))?,
            Part::Actual => {
                root.draw(&line(ACTUAL_STROKE))?;
                root.draw(&Circle::new(
                    (x + sample / 2, y),
                    3 * UNIT,
                    Part::Dot.code().filled(),
                ))?;
            }
            Part::Forecast => root.draw(&line(ACTUAL_STROKE))?,
            Part::Team => root.draw(&line(TEAM_STROKE))?,
            _ => root.draw(&line(TARGET_STROKE))?,
        }
        let text_x = x + sample + 6 * UNIT;
        root.draw(&Text::new(label, (text_x, y), &font))?;
        x = text_x + geo.text_width(label) + 18 * UNIT;
    }
    Ok(())
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
