//! Trend charts: one KPI over reporting periods, with its target (and on a person's
//! charts the team line), as inline SVG.
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
//! family and size, round line joins), a class on every part, dashes on the target and
//! forecast lines, redundant attributes dropped, and the hover targets. Everything is
//! drawn on a grid of half pixels (`UNIT` units per CSS pixel) because plotters'
//! coordinates and stroke widths are integers and the target line is 1.5 px wide.
//!
//! **Values on hover.** Each period the caller gives a tip (see [`tip`]: the period
//! and its values, formatted in the page's locale) gets a hover target, last in the
//! SVG so it lies over the lines: an invisible strip (`class="hit"`, `fill="none"`,
//! `pointer-events="all"`) from the plot's top through the x label, halfway to each
//! neighbouring period, holding a `<title>` — the browser's own tooltip, no script.
//! The strips are not focusable (a scorecard would get hundreds of tab stops); the
//! chart's `aria-label` stays its text alternative. Typst and resvg draw nothing for
//! them (no fill, no stroke) and ignore the titles.
//!
//! **Classes for page CSS.** Every element keeps its colours as presentation
//! attributes (PDFs, e-mails and print stay light), and carries one class, so a page
//! can recolour charts (for a dark theme) with a rule such as
//! `.chart svg .grid { stroke: var(--chart-grid) }` — CSS beats presentation
//! attributes. The "tone" is the status colour of the actual line: blue `#2563EB`
//! (no status), green `#15803D`, amber `#B45309` or red `#B91C1C`.
//!
//! | class | what | colour |
//! |---|---|---|
//! | `grid` | horizontal grid lines (`stroke`) | `#E5E7EB` |
//! | `axis` | the bottom line, and zero when inside (`stroke`) | `#D1D5DB` |
//! | `label` | every text: axis labels, legend (`fill`) | `#374151` |
//! | `band` | the plan band and its legend swatch (`fill`, opacity 0.16) | `#6B7280` |
//! | `area` | the light fill under an unbroken actual line (`fill`, opacity 0.08) | tone |
//! | `target` | the target line, dashed, and its legend sample (`stroke`) | `#6B7280` |
//! | `team` | the team line, thin, and its legend sample (`stroke`) | `#8B5CF6` |
//! | `actual` | the actual line and its legend sample (`stroke`) | tone |
//! | `forecast` | the forecast line, dashed, and its legend sample (`stroke`) | tone |
//! | `point` | the ring of a hollow marker (`stroke`) | tone |
//! | `point-bg` | the inside of hollow markers, the ring round the latest (`fill`) | `#FFFFFF` |
//! | `halo` | the soft disc behind the latest value (`fill`, opacity 0.15) | tone |
//! | `dot` | the solid latest value, the legend's marker (`fill`) | tone |
//! | `hit` | the invisible hover strips (no colour) | — |
//!
//! The output depends on the input only (no ids, no clock), so pages stay byte-stable.

mod draw;
mod input;
mod scale;
mod style;
mod svg;
#[cfg(test)]
mod tests;

pub(crate) use input::{Band, ChartSize, Tone, TrendChart, tip};

use input::Data;
use scale::YScale;
use style::Geometry;

/// Renders `chart` as an inline SVG element: `viewBox` only (it takes the width of its
/// container), `role="img"` with the caller's text alternative. Never panics on data:
/// empty, mismatched or non-finite input gives an empty frame or fewer points.
pub(crate) fn trend_svg(chart: &TrendChart) -> String {
    let data = Data::new(chart);
    let geo = Geometry::of(chart.size, data.has_team());
    let scale = YScale::new(data.extent(), geo.max_y_ticks, chart.format_y);
    let mut raw = String::new();
    // Plotters' SVG backend writes to a String and should not fail; if it ever does,
    // the caller still gets a valid, titled (empty) chart.
    let hits = draw::draw(&mut raw, chart, &data, &geo, &scale).unwrap_or_else(|_| {
        raw.clear();
        Vec::new()
    });
    svg::finish(&raw, chart.alt, &geo, chart.tone, &hits)
}
