//! View models: the computed [`Report`] turned into plain, already formatted values
//! for templates (numbers, money, dates in the page's locale; status words; charts).
//!
//! Templates only place these strings; they never format numbers or decide status,
//! which keeps overridden themes correct in every locale.

use std::collections::HashMap;

use serde::Serialize;

use crate::base::locale::{Catalogue, Format, Locale, fill};
use crate::base::period::Period;
use crate::compute::Report;
use crate::compute::scores::{Cell, Change, Scope, Trend};
use crate::load::kpi::{Better, Kpi, KpiFormat, Status};
use crate::load::targets::Goal;
use crate::render::charts::{self, ChartSize, Tone, TrendChart};

/// Everything needed to present values in one locale.
pub(crate) struct Presenter<'a> {
    pub(crate) format: Format,
    pub(crate) labels: &'a Catalogue,
    pub(crate) locale: Locale,
}

impl Presenter<'_> {
    /// A label; a missing key shows the key itself so a gap is visible, not fatal.
    pub(crate) fn t<'s>(&'s self, key: &'s str) -> &'s str {
        self.labels.get(key).unwrap_or(key)
    }

    /// A counted phrase with the right plural form: "1 person", "5 osób".
    pub(crate) fn count(&self, key: &str, n: usize) -> String {
        let text = self
            .labels
            .counted(key, self.locale.plural(n as u64))
            .unwrap_or(key);
        fill(text, &[("n", &n.to_string())])
    }

    pub(crate) fn kpi_label(&self, kpi: &Kpi) -> String {
        // The book's label in this locale, else the built-in one, else any of the
        // book's labels, else the id.
        kpi.custom_label(self.locale)
            .or_else(|| self.labels.get(&format!("kpi.{}", kpi.id)))
            .or_else(|| kpi.any_custom_label())
            .map_or_else(|| kpi.id.replace('_', " "), str::to_string)
    }

    pub(crate) fn kpi_help(&self, kpi: &Kpi) -> String {
        self.labels
            .get(&format!("kpi.{}.help", kpi.id))
            .map_or_else(String::new, str::to_string)
    }

    /// A KPI value in its display format.
    pub(crate) fn value(&self, kpi: &Kpi, v: f64) -> String {
        let f = &self.format;
        match kpi.format {
            KpiFormat::Currency => f.currency(v, if v.abs() >= 1000.0 { 0 } else { 2 }),
            // Whole counts; a target or expected value after share and ramp (2.51
            // deals) keeps one decimal, so "1 of 3" never hides "1 of 2.5".
            KpiFormat::Integer if (v * 10.0).round() % 10.0 != 0.0 => f.number(v, 1),
            KpiFormat::Integer => f.integer(v),
            KpiFormat::Number => f.number(v, if v.fract() == 0.0 { 0 } else { 2 }),
            KpiFormat::Percent => f.percent(v, 1),
            KpiFormat::Duration => f.duration(v),
            KpiFormat::Days => f.days((v * 10.0).round() / 10.0),
            KpiFormat::Score => f.number(v, if v.abs() < 10.0 { 2 } else { 0 }),
        }
    }

    /// A short axis label: 1,2 mln zł rather than 1 234 567 zł.
    pub(crate) fn axis(&self, kpi: &Kpi, v: f64) -> String {
        let f = &self.format;
        match kpi.format {
            KpiFormat::Currency | KpiFormat::Integer | KpiFormat::Number if v.abs() >= 1000.0 => {
                let (scaled, suffix) = if v.abs() >= 1e6 {
                    (v / 1e6, self.t("unit.million"))
                } else {
                    (v / 1e3, self.t("unit.thousand"))
                };
                let decimals = usize::from(scaled.abs() < 10.0 && scaled.fract().abs() > 0.05);
                format!("{}\u{a0}{suffix}", f.number(scaled, decimals))
            }
            KpiFormat::Currency => f.currency(v, usize::from(v != 0.0 && v.abs() < 10.0) * 2),
            KpiFormat::Percent => f.percent(v, usize::from(v.abs() < 0.1)),
            KpiFormat::Duration => f.duration(v.round()),
            KpiFormat::Score => f.number(v, usize::from(v.abs() < 10.0)),
            _ => self.value(kpi, v),
        }
    }

    /// A target: the value, or a band ("75–85 %", "≥ 75 %", "≤ 85 %").
    pub(crate) fn goal(&self, kpi: &Kpi, goal: Goal) -> String {
        match goal {
            Goal::Value(v) => self.value(kpi, v),
            Goal::Band { min, max } => match (min, max) {
                (Some(lo), Some(hi)) => {
                    let (lo, hi) = (self.value(kpi, lo), self.value(kpi, hi));
                    // One unit for both ends: "75–85 %", not "75 %–85 %".
                    let unit = common_suffix(&lo, &hi);
                    format!("{}–{hi}", lo[..lo.len() - unit.len()].trim_end())
                }
                (Some(lo), None) => format!("≥\u{a0}{}", self.value(kpi, lo)),
                (None, Some(hi)) => format!("≤\u{a0}{}", self.value(kpi, hi)),
                (None, None) => String::new(),
            },
        }
    }

    pub(crate) fn value_or_dash(&self, kpi: &Kpi, v: Option<f64>) -> String {
        v.map_or_else(|| "—".to_string(), |v| self.value(kpi, v))
    }
}

/// The unit both formatted ends of a band share (" %", " zł", "%"), if any: the
/// trailing non-digit part they have in common.
fn common_suffix<'s>(a: &'s str, b: &str) -> &'s str {
    fn unit(s: &str) -> &str {
        let at = s
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_ascii_digit())
            .map_or(0, |(i, c)| i + c.len_utf8());
        &s[at..]
    }
    let ua = unit(a);
    if !ua.is_empty() && ua == unit(b) {
        ua
    } else {
        ""
    }
}

/// Status as CSS word and label.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StatusView {
    pub(crate) class: &'static str,
    pub(crate) label: String,
    /// A symbol so status never relies on colour alone.
    pub(crate) icon: &'static str,
}

pub(crate) fn status_view(p: &Presenter, status: Option<Status>) -> StatusView {
    let (class, icon, key) = match status {
        Some(Status::Green) => ("green", "●", "status.green"),
        Some(Status::Amber) => ("amber", "▲", "status.amber"),
        Some(Status::Red) => ("red", "■", "status.red"),
        None => ("none", "○", "status.none"),
    };
    StatusView {
        class,
        label: p.t(key).to_string(),
        icon,
    }
}

/// A cell's status: "On pace" rather than "On target" when judged on pace.
pub(crate) fn cell_status(p: &Presenter, cell: &Cell) -> StatusView {
    let pace_key = match cell.status {
        _ if cell.expected.is_none() => None,
        Some(Status::Green) => Some("status_pace.green"),
        Some(Status::Amber) => Some("status_pace.amber"),
        Some(Status::Red) => Some("status_pace.red"),
        None => None,
    };
    let mut status = status_view(p, cell.status);
    if let Some(key) = pace_key {
        status.label = p.t(key).to_string();
    }
    status
}

/// One KPI of a scope in a period, ready to show.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct KpiView {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) help: String,
    pub(crate) formula: String,
    pub(crate) better: &'static str,
    pub(crate) better_label: String,
    pub(crate) has_value: bool,
    pub(crate) value: String,
    pub(crate) has_target: bool,
    /// The full period's target (after ramp and share), or a band ("75–85 %").
    pub(crate) target: String,
    pub(crate) is_band: bool,
    /// Against the expected value when `on_pace`, else against the target.
    pub(crate) attainment: String,
    pub(crate) status: StatusView,
    /// Judged on pace: an additive KPI in a period in progress.
    pub(crate) on_pace: bool,
    /// The value expected by the last day with data; empty unless `on_pace`.
    pub(crate) expected: String,
    /// "On pace: 5 200 of 5 000 expected by 13 November, target 10 000"; empty
    /// unless `on_pace`.
    pub(crate) pace: String,
    /// Change vs the previous period, e.g. "+12,3%" or "+2,5 p.p."; empty without one.
    pub(crate) change: String,
    /// good | bad | neutral
    pub(crate) change_tone: &'static str,
    /// Change vs the same period a year earlier; empty without data for it.
    pub(crate) change_yoy: String,
    pub(crate) change_yoy_tone: &'static str,
    /// up | down | flat | "" (not enough history)
    pub(crate) trend: &'static str,
    pub(crate) trend_tone: &'static str,
    pub(crate) trend_label: String,
    /// Inline SVG, or empty when the chart has no data.
    pub(crate) chart: String,
    pub(crate) chart_alt: String,
}

/// Whose values a KPI view shows, as a key of the chart cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ScopeId {
    Organisation,
    Team(usize),
    Person(usize),
}

/// One chart of a build: who, which period and KPI, how big, in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ChartKey {
    pub(crate) scope: ScopeId,
    pub(crate) period: usize,
    pub(crate) kpi: usize,
    pub(crate) size: ChartSize,
    pub(crate) locale: Locale,
}

/// The charts of a build, drawn once (in parallel, before any output) and shared by
/// the pages, the PDFs and the e-mails. A chart that is not here is drawn on demand.
#[derive(Debug, Default)]
pub struct ChartCache(HashMap<ChartKey, String>);

impl ChartCache {
    pub(crate) fn new(charts: HashMap<ChartKey, String>) -> ChartCache {
        ChartCache(charts)
    }
}

/// What a KPI view needs besides the cell.
pub(crate) struct KpiContext<'a> {
    pub(crate) report: &'a Report,
    pub(crate) scope: &'a Scope,
    pub(crate) period: usize,
    pub(crate) history: usize,
    /// Whose values these are, for the chart's text alternative.
    pub(crate) who: &'a str,
    /// On a person's charts: their team, whose line (`Report::team_lines`) the chart
    /// draws beside theirs. `None` on the charts of teams and the organisation.
    pub(crate) team: Option<usize>,
    pub(crate) chart: Option<ChartSize>,
    /// Where the chart may already be drawn, and the scope's key in it.
    pub(crate) cached: Option<(&'a ChartCache, ScopeId)>,
}

pub(crate) fn kpi_view(p: &Presenter, ctx: &KpiContext, k: usize) -> KpiView {
    let report = ctx.report;
    let kpi = &report.scores.kpis[k];
    let cell: Cell = ctx.scope.cell(ctx.period, k);
    let scores = &report.scores;
    let (change, change_tone) =
        change_view(p, ctx, k, &cell, scores.change(ctx.scope, ctx.period, k));
    let (change_yoy, change_yoy_tone) = change_view(
        p,
        ctx,
        k,
        &cell,
        scores.change_yoy(ctx.scope, ctx.period, k),
    );
    let window = report.scores.window(ctx.period, ctx.history);
    let (trend, trend_tone) = trend_view(ctx, k, window.clone());
    let trend_label = if trend.is_empty() {
        String::new()
    } else {
        p.t(match trend {
            "up" => "trend.up",
            "down" => "trend.down",
            _ => "trend.flat",
        })
        .to_string()
    };
    let label = p.kpi_label(kpi);
    let value = p.value_or_dash(kpi, cell.value);
    let target = cell.target.map_or_else(String::new, |t| p.goal(kpi, t));
    let expected = cell.expected.map_or_else(String::new, |e| p.value(kpi, e));
    let status = cell_status(p, &cell);
    let pace = match (cell.expected, scores.last_day, cell.status) {
        (Some(_), Some(day), Some(_)) => fill(
            p.t(&format!("pace.{}", status.class)),
            &[
                ("value", &value),
                ("expected", &expected),
                ("date", &p.format.day_month(day)),
                ("target", &target),
            ],
        ),
        _ => String::new(),
    };
    let chart_alt = fill(
        p.t("chart_alt"),
        &[
            ("kpi", &label),
            ("who", ctx.who),
            ("n", &window.len().to_string()),
            ("value", &value),
            ("target", if target.is_empty() { "—" } else { &target }),
        ],
    );
    let chart = match ctx.chart {
        Some(size) if (window.clone()).any(|i| ctx.scope.cell(i, k).value.is_some()) => {
            let drawn = ctx.cached.and_then(|(cache, scope)| {
                cache.0.get(&ChartKey {
                    scope,
                    period: ctx.period,
                    kpi: k,
                    size,
                    locale: p.locale,
                })
            });
            match drawn {
                Some(svg) => svg.clone(),
                None => chart_svg(p, ctx, k, window, size, &chart_alt, cell.status),
            }
        }
        _ => String::new(),
    };
    KpiView {
        id: kpi.id.clone(),
        label,
        help: p.kpi_help(kpi),
        formula: kpi.formula.clone(),
        better: match kpi.better {
            Better::Higher => "higher",
            Better::Lower => "lower",
        },
        better_label: p
            .t(match (cell.target, kpi.better) {
                (Some(Goal::Band { .. }), _) => "better_band",
                (_, Better::Higher) => "better_higher",
                (_, Better::Lower) => "better_lower",
            })
            .to_string(),
        has_value: cell.value.is_some(),
        value,
        has_target: cell.target.is_some(),
        target,
        is_band: matches!(cell.target, Some(Goal::Band { .. })),
        attainment: cell
            .attainment
            .map_or_else(String::new, |a| p.format.percent(a, 0)),
        status,
        on_pace: !pace.is_empty(),
        expected,
        pace,
        change,
        change_tone,
        change_yoy,
        change_yoy_tone,
        trend,
        trend_tone,
        trend_label,
        chart,
        chart_alt,
    }
}

/// A change (against the previous period, or a year earlier) as the KPI's format
/// shows it ("+12,3%", "+2,5 p.p.", "−0:42"), and its tone (good | bad | neutral);
/// empty without one.
fn change_view(
    p: &Presenter,
    ctx: &KpiContext,
    k: usize,
    cell: &Cell,
    change: Option<Change>,
) -> (String, &'static str) {
    let kpi = &ctx.report.scores.kpis[k];
    let Some(c) = change else {
        return (String::new(), "neutral");
    };
    let text = match kpi.format {
        KpiFormat::Percent => p.format.points(c.delta, 1),
        KpiFormat::Duration => {
            let sign = if c.delta < 0.0 { "−" } else { "+" };
            format!("{sign}{}", p.format.duration(c.delta.abs()))
        }
        KpiFormat::Score | KpiFormat::Days => {
            // As many decimals as the value shows, so 4,47 → 4,50 reads +0,03.
            let decimals = match kpi.format {
                KpiFormat::Score if cell.value.is_some_and(|v| v.abs() < 10.0) => 2,
                KpiFormat::Score => 0,
                _ => 1,
            };
            let shown = p.format.number(c.delta.abs(), decimals);
            let zero = p.format.number(0.0, decimals);
            let sign = match c.delta {
                _ if shown == zero => "±",
                d if d < 0.0 => "−",
                _ => "+",
            };
            format!("{sign}{shown}")
        }
        _ => c
            .relative
            .map_or_else(String::new, |r| p.format.signed_percent(r, 1)),
    };
    let tone = match c.improved {
        Some(true) => "good",
        Some(false) => "bad",
        None => "neutral",
    };
    (text, tone)
}

/// The trend over `window` (up | down | flat | "" without enough history) and its
/// tone: good when it goes the way the KPI is better.
fn trend_view(
    ctx: &KpiContext,
    k: usize,
    window: std::ops::Range<usize>,
) -> (&'static str, &'static str) {
    let better = ctx.report.scores.kpis[k].better;
    let trend = ctx.report.scores.trend(ctx.scope, window, k);
    match (trend, better) {
        (None, _) => ("", "neutral"),
        (Some(Trend::Flat), _) => ("flat", "neutral"),
        (Some(Trend::Up), Better::Higher) | (Some(Trend::Down), Better::Lower) => (
            if trend == Some(Trend::Up) {
                "up"
            } else {
                "down"
            },
            "good",
        ),
        (Some(t), _) => (if t == Trend::Up { "up" } else { "down" }, "bad"),
    }
}

fn chart_svg(
    p: &Presenter,
    ctx: &KpiContext,
    k: usize,
    window: std::ops::Range<usize>,
    size: ChartSize,
    alt: &str,
    status: Option<Status>,
) -> String {
    let report = ctx.report;
    let kpi = &report.scores.kpis[k];
    let labels: Vec<String> = window
        .clone()
        .map(|i| p.format.period_short(report.scores.periods[i]))
        .collect();
    let values: Vec<Option<f64>> = window.clone().map(|i| ctx.scope.cell(i, k).value).collect();
    // In a period in progress a total is drawn against what was expected by then, so
    // its part-period point does not read as a miss.
    let targets: Vec<Option<f64>> = window
        .clone()
        .map(|i| {
            let cell = ctx.scope.cell(i, k);
            cell.expected.or(cell.target_value())
        })
        .collect();
    let team: Vec<Option<f64>> = match ctx.team {
        Some(t) => window
            .clone()
            .map(|i| report.team_lines.at(t, i, k))
            .collect(),
        None => Vec::new(),
    };
    let tips: Vec<String> = window
        .clone()
        .zip(team.iter().copied().chain(std::iter::repeat(None)))
        .map(|(i, team)| period_tip(p, kpi, ctx.scope.cell(i, k), team, report.scores.periods[i]))
        .collect();
    let format_y = |v: f64| p.axis(kpi, v);
    charts::trend_svg(&TrendChart {
        labels: &labels,
        values: &values,
        targets: &targets,
        format_y: &format_y,
        actual_label: p.t("actual_line"),
        target_label: p.t("target_line"),
        team: &team,
        team_label: p.t("team_line"),
        tips: &tips,
        alt,
        size,
        tone: match status {
            Some(Status::Green) => Tone::Green,
            Some(Status::Amber) => Tone::Amber,
            Some(Status::Red) => Tone::Red,
            None => Tone::Neutral,
        },
        band: None,
    })
}

/// What hovering a period of a KPI chart shows: the period, the value, what was
/// expected by the last day with data (in a period in progress), the target (or
/// band) and the team's value, each in full, e.g. "October 2026 · Actual 12 300 zł ·
/// Target 11 000 zł · Team 10 950 zł".
fn period_tip(p: &Presenter, kpi: &Kpi, cell: Cell, team: Option<f64>, period: Period) -> String {
    let mut values: Vec<(&str, String)> = Vec::with_capacity(4);
    if let Some(v) = cell.value {
        values.push((p.t("actual_line"), p.value(kpi, v)));
    }
    if let Some(e) = cell.expected {
        values.push((p.t("expected"), p.value(kpi, e)));
    }
    if let Some(goal) = cell.target {
        values.push((p.t("target_line"), p.goal(kpi, goal)));
    }
    if let Some(v) = team {
        values.push((p.t("team_line"), p.value(kpi, v)));
    }
    charts::tip(&p.format.period_title(period), &values)
}

/// Counts of green, amber and red KPIs in a period.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct StatusCounts {
    pub(crate) green: usize,
    pub(crate) amber: usize,
    pub(crate) red: usize,
}

pub(crate) fn status_counts(cells: &[Cell]) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for cell in cells {
        match cell.status {
            Some(Status::Green) => counts.green += 1,
            Some(Status::Amber) => counts.amber += 1,
            Some(Status::Red) => counts.red += 1,
            None => {}
        }
    }
    counts
}
