//! The look of every chart: units, font, the parts and their colours ([`Part`]),
//! stroke widths, and the fixed layout of each size ([`Geometry`]) with its estimate
//! of text widths.

use plotters::prelude::RGBColor;

use super::input::{ChartSize, Tone};

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
/// The team line: a violet none of the tones has, 4.2:1 against white.
pub(super) const TEAM_VIOLET: RGBColor = RGBColor(0x8b, 0x5c, 0xf6);
pub(super) const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Stroke widths in units.
pub(super) const ACTUAL_STROKE: u32 = 4;
pub(super) const TARGET_STROKE: u32 = 3;
/// The team line is thinner than the target's: context, not a goal.
pub(super) const TEAM_STROKE: u32 = 2;
pub(super) const GRID_STROKE: u32 = 2;
pub(super) const TARGET_DASH: &str = "8 6";

/// The parts of a chart, each with a stable class that page CSS can recolour (the
/// list is in the module header of [`super`]). Plotters cannot write a class, so
/// each part is drawn in its own code colour ([`Part::code`]) and `finish` puts the
/// class and the real colour ([`Part::colour`]) in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Grid = 1,
    Axis,
    Label,
    Band,
    Area,
    Target,
    Team,
    Actual,
    Forecast,
    Point,
    PointBg,
    Halo,
    Dot,
}

/// How every code colour's hex begins; no real colour of a chart does.
pub(super) const CODE_PREFIX: &str = "#0C4A";

impl Part {
    pub(super) const ALL: [Part; 13] = [
        Part::Grid,
        Part::Axis,
        Part::Label,
        Part::Band,
        Part::Area,
        Part::Target,
        Part::Team,
        Part::Actual,
        Part::Forecast,
        Part::Point,
        Part::PointBg,
        Part::Halo,
        Part::Dot,
    ];

    /// The colour the part is drawn in: `#0C4A` and its number.
    pub(super) fn code(self) -> RGBColor {
        RGBColor(0x0c, 0x4a, self as u8)
    }

    /// The part whose code colour ends in `last` (its number), if any.
    pub(super) fn of_code(last: u8) -> Option<Part> {
        Part::ALL.into_iter().find(|&p| p as u8 == last)
    }

    pub(super) fn class(self) -> &'static str {
        match self {
            Part::Grid => "grid",
            Part::Axis => "axis",
            Part::Label => "label",
            Part::Band => "band",
            Part::Area => "area",
            Part::Target => "target",
            Part::Team => "team",
            Part::Actual => "actual",
            Part::Forecast => "forecast",
            Part::Point => "point",
            Part::PointBg => "point-bg",
            Part::Halo => "halo",
            Part::Dot => "dot",
        }
    }

    /// The part's real colour; the actual line's parts take the chart's tone.
    pub(super) fn colour(self, tone: Tone) -> RGBColor {
        match self {
            Part::Grid => GRID,
            Part::Axis => AXIS,
            Part::Label => TEXT,
            Part::Band | Part::Target => TARGET_GREY,
            Part::Team => TEAM_VIOLET,
            Part::PointBg => WHITE,
            Part::Area | Part::Actual | Part::Forecast | Part::Point | Part::Halo | Part::Dot => {
                tone.color()
            }
        }
    }

    /// Whether the part's lines are dashed (`finish` adds the pattern).
    pub(super) fn dashed(self) -> bool {
        matches!(self, Part::Target | Part::Forecast)
    }
}

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
    /// The middle of the legend's row, from the top.
    pub(super) legend_y: i32,
}

/// The row a small chart's legend adds above the plot, in CSS pixels.
const SMALL_LEGEND: i32 = 18;

impl Geometry {
    /// The layout of `size`; a small chart gets a legend (and grows by its row) when
    /// it has a team line, which a reader could not tell from the others.
    pub(super) fn of(size: ChartSize, team: bool) -> Self {
        match size {
            ChartSize::Small if team => Geometry {
                height: 140 + SMALL_LEGEND,
                top: 8 + SMALL_LEGEND,
                legend: true,
                ..Geometry::of(size, false)
            },
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
                legend_y: 10,
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
                legend_y: 12,
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
