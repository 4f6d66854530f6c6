//! The look of every chart: units, font, colours, stroke widths, and the fixed
//! layout of each size ([`Geometry`]) with its estimate of text widths.

use plotters::prelude::RGBColor;

use super::input::ChartSize;

/// Internal drawing units per CSS pixel (plotters' coordinates are integers).
pub(super) const UNIT: i32 = 2;
/// Font stack named in the SVG; the page embeds Inter.
pub(super) const FONT_FAMILY: &str = "Inter, 'Segoe UI', system-ui, sans-serif";
/// Plotters writes `font-size` as the requested size divided by this.
pub(super) const PLOTTERS_FONT_RATIO: f64 = 1.24;

pub(super) const TARGET_GREY: RGBColor = RGBColor(0x6b, 0x72, 0x80);
pub(super) const GRID: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
pub(super) const AXIS: RGBColor = RGBColor(0xd1, 0xd5, 0xdb);
pub(super) const TEXT: RGBColor = RGBColor(0x37, 0x41, 0x51);

/// Stroke widths in units; the target's width identifies its lines for the dash patch.
pub(super) const ACTUAL_STROKE: u32 = 4;
pub(super) const TARGET_STROKE: u32 = 3;
pub(super) const GRID_STROKE: u32 = 2;
pub(super) const TARGET_DASH: &str = "8 6";
/// The forecast line's width in plotters; `finish` turns it into a dashed line of the
/// actual line's width. No other element is drawn this wide.
pub(super) const FORECAST_STROKE: u32 = 5;

/// Fixed layout per size, in CSS pixels.
pub(super) struct Geometry {
    pub(super) width: i32,
    pub(super) height: i32,
    pub(super) font_px: i32,
    pub(super) top: i32,
    pub(super) x_label_band: i32,
    pub(super) right: i32,
    /// Space between the outermost points and the plot edge.
    pub(super) inner_pad: i32,
    pub(super) max_x_labels: usize,
    pub(super) max_y_ticks: usize,
    pub(super) legend: bool,
}

impl Geometry {
    pub(super) fn of(size: ChartSize) -> Self {
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

    pub(super) fn font_units(&self) -> i32 {
        self.font_px * UNIT
    }

    /// Estimated rendered width of `text`, in units; errs on the wide side. Capped, so
    /// that sums of widths cannot overflow whatever the caller passes.
    pub(super) fn text_width(&self, text: &str) -> i32 {
        let em: f64 = text.chars().take(10_000).map(char_em).sum();
        (em * f64::from(self.font_units())).ceil() as i32
    }
}

/// Advance width of a character in em, roughly Inter's (and a little wider, for the
/// fallback fonts): plotters cannot measure text without a font file.
pub(super) fn char_em(c: char) -> f64 {
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
