//! Plotters' standalone SVG → the inline element we ship (see the module header of
//! [`super`]).

use std::fmt::Write as _;

use plotters::prelude::RGBColor;

use super::input::Tone;
use super::style::{
    CODE_PREFIX, FONT_FAMILY, Geometry, PLOTTERS_FONT_RATIO, Part, TARGET_DASH, UNIT,
};

/// A period's hover target: a rectangle in drawing units, and its text.
pub(super) struct Hit {
    pub(super) x: i32,
    pub(super) y: i32,
    pub(super) width: i32,
    pub(super) height: i32,
    pub(super) title: String,
}

/// Turns plotters' standalone SVG into the inline element we ship (see the module
/// header): the parts' code colours become classes and real colours (the actual
/// line's in `tone`), and the `hits` come last, over everything. `raw` may be empty,
/// giving an empty, titled chart.
pub(super) fn finish(raw: &str, alt: &str, geo: &Geometry, tone: Tone, hits: &[Hit]) -> String {
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

    // Every pattern below contains a `"`, which plotters escapes in text content:
    // only attributes can match.
    let body = paint(body, tone);
    let body = body
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\" stroke-width=\"1\"", "")
        .replace(" font-family=\"sans-serif\"", "")
        .replace(&plotters_font_size, "")
        // Plotters centres text vertically with 0.5ex (half a lowercase letter);
        // figures are taller, 0.35em centres them on their grid line.
        .replace(" dy=\"0.5ex\"", " dy=\"0.35em\"")
        .replace(" \"/>", "\"/>");
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
    for hit in hits {
        let _ = writeln!(
            svg,
            "<rect class=\"hit\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" \
             pointer-events=\"all\"><title>{}</title></rect>",
            hit.x,
            hit.y,
            hit.width,
            hit.height,
            escape_xml(&hit.title),
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Every `stroke` or `fill` in a part's code colour becomes the part's class and real
/// colour (and its dash pattern), in one pass. Plotters writes one colour per
/// element (a filled shape has `stroke="none"`, an outline `fill="none"`), so each
/// element gets one class.
fn paint(body: &str, tone: Tone) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let mut rest = body;
    while let Some(at) = rest.find(CODE_PREFIX) {
        let (before, code) = rest.split_at(at);
        let attr = [" stroke=\"", " fill=\""]
            .into_iter()
            .find(|a| before.ends_with(a));
        let part = code
            .get(CODE_PREFIX.len()..CODE_PREFIX.len() + 2)
            .and_then(|n| u8::from_str_radix(n, 16).ok())
            .and_then(Part::of_code);
        let (Some(attr), Some(part)) = (attr, part) else {
            // Not ours (cannot happen: plotters writes only the colours we give it).
            out.push_str(before);
            out.push_str(&code[..1]);
            rest = &code[1..];
            continue;
        };
        out.push_str(&before[..before.len() - attr.len()]);
        let _ = write!(out, " class=\"{}\"", part.class());
        if part.dashed() {
            let _ = write!(out, " stroke-dasharray=\"{TARGET_DASH}\"");
        }
        out.push_str(attr);
        out.push_str(&hex(part.colour(tone)));
        rest = &code[CODE_PREFIX.len() + 2..];
    }
    out.push_str(rest);
    out
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
