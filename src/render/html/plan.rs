//! Plan vs actual on the site: `plan.html` (band charts, the deviation table, the
//! funnel per team), the compact plan block of the overview and team pages, and a
//! person's funnel on their scorecard. All figures come from [`crate::load::plan`].

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::base::locale::fill;
use crate::compute::plan::{Band, Funnel, Row};
use crate::load::targets::Goal;
use crate::render::charts::{self, Band as ChartBand, ChartSize, Tone, TrendChart};
use crate::render::context::Renderer;
use crate::render::view::Presenter;

#[derive(Serialize, Clone)]
pub(crate) struct PlanLine {
    pub(crate) scope: String,
    pub(crate) kpi: String,
    pub(crate) min: String,
    pub(crate) standard: String,
    pub(crate) max: String,
    pub(crate) actual: String,
    pub(crate) deviation: String,
    pub(crate) deviation_pct: String,
    /// good | bad | neutral
    pub(crate) tone: &'static str,
    pub(crate) band: &'static str,
    pub(crate) band_label: String,
    pub(crate) run_rate: String,
    /// The run-rate forecast against the standard plan, in %.
    pub(crate) run_rate_pct: String,
    pub(crate) run_rate_tone: &'static str,
    pub(crate) funnel: String,
    pub(crate) ytd_standard: String,
    pub(crate) ytd_actual: String,
    pub(crate) ytd_deviation_pct: String,
}

fn signed_percent(p: &Presenter, v: f64) -> String {
    p.format.signed_percent(v, 1)
}

fn plan_line(r: &Renderer, p: &Presenter, row: &Row) -> PlanLine {
    let kpi = &r.report.scores.kpis[row.kpi];
    let value = |v: Option<f64>| v.map_or_else(String::new, |v| p.value(kpi, v));
    let scope = match row.team {
        Some(t) => r.book.roster.teams[t].name.clone(),
        None => r.organisation_name(),
    };
    let deviation = row.deviation();
    let pct = |actual: Option<f64>, plan: Option<f64>| match (actual, plan) {
        (Some(a), Some(p0)) if p0 != 0.0 => signed_percent(p, (a - p0) / p0),
        _ => String::new(),
    };
    let band = row.band();
    PlanLine {
        scope,
        kpi: p.kpi_label(kpi),
        min: value(row.plan.map(|s| s.min)),
        standard: value(row.plan.map(|s| s.standard)),
        max: value(row.plan.map(|s| s.max)),
        actual: value(row.actual),
        deviation: deviation.map_or_else(String::new, |d| {
            let sign = if d < 0.0 { "−" } else { "+" };
            format!("{sign}{}", p.value(kpi, d.abs()))
        }),
        deviation_pct: pct(row.actual, row.plan.map(|s| s.standard)),
        tone: match deviation {
            Some(d) if d < 0.0 => "bad",
            Some(d) if d > 0.0 => "good",
            _ => "neutral",
        },
        band: band.map_or("", Band::as_str),
        band_label: band.map_or_else(String::new, |b| {
            let key = format!("plan.band.{}", b.as_str());
            let label = p.t(&key);
            if row.run_rate.is_some() {
                format!("{label} ({})", p.t("plan.forecast").to_lowercase())
            } else {
                label.to_string()
            }
        }),
        run_rate: value(row.run_rate),
        run_rate_pct: pct(row.run_rate, row.plan.map(|s| s.standard)),
        run_rate_tone: match (row.run_rate, row.plan) {
            (Some(f), Some(plan)) if f < plan.standard => "bad",
            (Some(f), Some(plan)) if f > plan.standard => "good",
            _ => "neutral",
        },
        funnel: value(row.funnel),
        ytd_standard: value(row.ytd_plan.map(|s| s.standard)),
        ytd_actual: value(row.ytd_actual),
        ytd_deviation_pct: pct(row.ytd_actual, row.ytd_plan.map(|s| s.standard)),
    }
}

/// The plan block of the overview (`team: None`) or a team page.
pub(crate) fn plan_lines(r: &Renderer, p: &Presenter, team: Option<usize>) -> Vec<PlanLine> {
    r.report
        .plan
        .rows
        .iter()
        .filter(|row| row.team == team && row.plan.is_some())
        .map(|row| plan_line(r, p, row))
        .collect()
}

#[derive(Serialize)]
pub(crate) struct FunnelView {
    pub(crate) name: String,
    pub(crate) leads: String,
    pub(crate) opportunities: String,
    pub(crate) deals: String,
    pub(crate) lead_to_opportunity: String,
    pub(crate) opportunity_to_deal: String,
    /// 0 = leads → opportunities, 1 = opportunities → deals, -1 = none flagged.
    pub(crate) weakest: i32,
    pub(crate) url: String,
}

pub(crate) fn funnel_view(
    p: &Presenter,
    name: &str,
    url: String,
    funnel: &Funnel,
    reference: Option<&Funnel>,
) -> FunnelView {
    let rates = funnel.rates();
    let rate = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| p.format.percent(v, 1));
    FunnelView {
        name: name.to_string(),
        leads: p.format.integer(funnel.leads),
        opportunities: p.format.integer(funnel.opportunities),
        deals: p.format.integer(funnel.deals),
        lead_to_opportunity: rate(rates[0]),
        opportunity_to_deal: rate(rates[1]),
        weakest: reference
            .and_then(|r| funnel.weakest_against(r))
            .map_or(-1, |s| s as i32),
        url,
    }
}

#[derive(Serialize)]
struct ChartView {
    scope: String,
    svg: String,
}

#[derive(Serialize)]
struct KpiSection {
    label: String,
    charts: Vec<ChartView>,
    lines: Vec<PlanLine>,
}

#[derive(Serialize)]
struct TeamFunnel {
    team: FunnelView,
    people: Vec<FunnelView>,
}

fn band_chart(r: &Renderer, p: &Presenter, row: &Row, scope: &str, size: ChartSize) -> String {
    let kpi = &r.report.scores.kpis[row.kpi];
    let labels: Vec<String> = row
        .year
        .iter()
        .map(|(per, _, _)| p.format.period_short(*per))
        .collect();
    let values: Vec<Option<f64>> = row.year.iter().map(|(_, _, a)| *a).collect();
    let standard: Vec<Option<f64>> = row
        .year
        .iter()
        .map(|(_, s, _)| s.map(|s| s.standard))
        .collect();
    let min: Vec<Option<f64>> = row.year.iter().map(|(_, s, _)| s.map(|s| s.min)).collect();
    let max: Vec<Option<f64>> = row.year.iter().map(|(_, s, _)| s.map(|s| s.max)).collect();
    let report_period = r.report.scores.periods[r.report.scores.report];
    let forecast = row.run_rate.and_then(|f| {
        Some((
            row.year
                .iter()
                .position(|(per, _, _)| *per == report_period)?,
            f,
        ))
    });
    let tips: Vec<String> = row
        .year
        .iter()
        .enumerate()
        .map(|(i, (per, plan, actual))| {
            let mut values: Vec<(&str, String)> = Vec::with_capacity(4);
            if let Some(a) = actual {
                values.push((p.t("actual_line"), p.value(kpi, *a)));
            }
            if let Some(s) = plan {
                values.push((p.t("plan.standard"), p.value(kpi, s.standard)));
                let band = Goal::Band {
                    min: Some(s.min),
                    max: Some(s.max),
                };
                values.push((p.t("plan.band"), p.goal(kpi, band)));
            }
            if let Some((_, f)) = forecast.filter(|(at, _)| *at == i) {
                values.push((p.t("plan.forecast"), p.value(kpi, f)));
            }
            charts::tip(&p.format.period_title(*per), &values)
        })
        .collect();
    let label = p.kpi_label(kpi);
    let alt = fill(p.t("plan.chart_alt"), &[("kpi", &label), ("who", scope)]);
    let format_y = |v: f64| p.axis(kpi, v);
    let band = ChartBand {
        min: &min,
        max: &max,
        label: p.t("plan.band"),
        forecast,
        forecast_label: p.t("plan.forecast"),
    };
    charts::trend_svg(&TrendChart {
        labels: &labels,
        values: &values,
        targets: &standard,
        format_y: &format_y,
        actual_label: p.t("actual_line"),
        target_label: p.t("plan.standard"),
        team: &[],
        team_label: "",
        tips: &tips,
        alt: &alt,
        size,
        tone: Tone::Neutral,
        band: Some(&band),
    })
}

/// `plan.html`.
pub(crate) fn page(r: &Renderer, diags: &mut Diagnostics) -> Option<String> {
    let report = r.report;
    let locale = r.book.settings.locale;
    let p = r.presenter(locale);
    let period = report.scores.report;
    let period_label = p.format.period(report.scores.periods[period]);
    let progress = report
        .plan
        .progress
        .map_or_else(String::new, |(elapsed, total)| {
            fill(
                p.t("plan.in_progress"),
                &[
                    ("period", &period_label),
                    ("elapsed", &elapsed.to_string()),
                    ("total", &total.to_string()),
                ],
            )
        });
    let mut ctx = r.context(locale, period, 0, p.t("plan.title"), "plan");
    ctx.insert("period_label", &period_label);
    ctx.insert("progress", &progress);
    ctx.insert("sections", &sections(r, &p));
    ctx.insert("funnels", &funnels(r, &p, period));
    r.theme.render("plan.html", &ctx, diags)
}

/// A section per KPI with a plan: the band charts (the organisation's large, the
/// teams' small) and the table, the organisation first.
fn sections(r: &Renderer, p: &Presenter) -> Vec<KpiSection> {
    let plan = &r.report.plan;
    let mut sections = Vec::new();
    for (k, kpi) in r.report.scores.kpis.iter().enumerate() {
        let rows: Vec<&Row> = plan.rows.iter().filter(|row| row.kpi == k).collect();
        if rows.is_empty() {
            continue;
        }
        let mut ordered: Vec<&Row> = rows.iter().copied().filter(|r| r.team.is_none()).collect();
        ordered.extend(rows.iter().copied().filter(|r| r.team.is_some()));
        let lines: Vec<PlanLine> = ordered.iter().map(|row| plan_line(r, p, row)).collect();
        let charts = ordered
            .iter()
            .zip(&lines)
            .map(|(row, line)| ChartView {
                scope: line.scope.clone(),
                svg: band_chart(
                    r,
                    p,
                    row,
                    &line.scope,
                    if row.team.is_none() {
                        ChartSize::Large
                    } else {
                        ChartSize::Small
                    },
                ),
            })
            .collect();
        sections.push(KpiSection {
            label: p.kpi_label(kpi),
            charts,
            lines,
        });
    }
    sections
}

/// Each team's funnel against the organisation's, with its people's (those with
/// leads or deals) against the team's.
fn funnels(r: &Renderer, p: &Presenter, period: usize) -> Vec<TeamFunnel> {
    let book = r.book;
    let plan = &r.report.plan;
    let url = |i: usize| r.scorecard_url(i, r.report.scores.periods[period], 0);
    book.roster
        .teams
        .iter()
        .enumerate()
        .filter_map(|(t, team)| {
            let team_funnel = plan.teams[t].as_ref()?;
            let people = team
                .members
                .iter()
                .filter_map(|&i| {
                    let f = plan.people[i].as_ref()?;
                    (f.leads > 0.0 || f.deals > 0.0).then(|| {
                        funnel_view(p, &book.roster.people[i].name, url(i), f, Some(team_funnel))
                    })
                })
                .collect();
            Some(TeamFunnel {
                team: funnel_view(
                    p,
                    &team.name,
                    String::new(),
                    team_funnel,
                    plan.organisation.as_ref(),
                ),
                people,
            })
        })
        .collect()
}
