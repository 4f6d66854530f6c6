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

mod draw;
mod input;
mod scale;
mod style;
mod svg;
#[cfg(test)]
mod tests;

pub(crate) use input::{Band, ChartSize, Tone, TrendChart};

use input::Data;
use scale::YScale;
use style::Geometry;

/// Renders `chart` as an inline SVG element: `viewBox` only (it takes the width of its
/// container), `role="img"` with the caller's text alternative. Never panics on data:
/// empty, mismatched or non-finite input gives an empty frame or fewer points.
pub(crate) fn trend_svg(chart: &TrendChart) -> String {
    let data = Data::new(chart);
    let geo = Geometry::of(chart.size);
    let scale = YScale::new(data.extent(), geo.max_y_ticks, chart.format_y);
    let mut raw = String::new();
    // Plotters' SVG backend writes to a String and should not fail; if it ever does,
    // the caller still gets a valid, titled (empty) chart.
    if draw::draw(&mut raw, chart, &data, &geo, &scale).is_err() {
        raw.clear();
    }
    svg::finish(&raw, chart.alt, &geo)
}
