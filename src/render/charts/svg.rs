//! Plotters' standalone SVG → the inline element we ship (see the module header of
//! [`super`]).

use std::fmt::Write as _;

use plotters::prelude::RGBColor;

use super::style::{
    ACTUAL_STROKE, FONT_FAMILY, FORECAST_STROKE, Geometry, PLOTTERS_FONT_RATIO, TARGET_DASH,
    TARGET_GREY, TARGET_STROKE, UNIT,
};

/// Turns plotters' standalone SVG into the inline element we ship (see the module
/// header). `raw` may be empty, giving an empty, titled chart.
pub(super) fn finish(raw: &str, alt: &str, geo: &Geometry) -> String {
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
