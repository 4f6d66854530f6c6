//! `index.html`, the overview: the organisation's headline KPIs, a card per team, the
//! plan and pipeline blocks and the heat map of every person with data against the
//! KPIs.

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::render::context::Renderer;
use crate::render::html::heat::{HeatCell, heat_cells};
use crate::render::html::{pipeline, plan};
use crate::render::view::{
    KpiContext, KpiView, Presenter, ScopeId, StatusCounts, kpi_view, status_counts,
};

#[derive(Serialize)]
struct TeamCard {
    name: String,
    url: String,
    manager: String,
    people: String,
    counts: StatusCounts,
    kpis: Vec<KpiView>,
}

#[derive(Serialize)]
struct HeatRow {
    name: String,
    url: String,
    cells: Vec<HeatCell>,
}

#[derive(Serialize)]
struct HeatGroup {
    name: String,
    url: String,
    rows: Vec<HeatRow>,
}

/// The overview page.
pub(crate) fn page(r: &Renderer, diags: &mut Diagnostics) -> Option<String> {
    let report = r.report;
    let locale = r.book.settings.locale;
    let p = r.presenter(locale);
    let period = report.scores.report;
    let org = &report.scores.organisation;
    let headline = r.kpi_views(&p, ScopeId::Organisation, period, &r.organisation_name());
    let (heat_headers, heat_groups) = heat_map(r, &p, period);

    let mut ctx = r.context(locale, period, 0, p.t("site.overview"), "overview");
    ctx.insert("headline", &headline);
    ctx.insert("plan", &plan::plan_lines(r, &p, None));
    ctx.insert("pipeline", &pipeline::block(r, &p, None, 0));
    ctx.insert("teams", &team_cards(r, &p, period));
    ctx.insert("heat_headers", &heat_headers);
    ctx.insert("heat_groups", &heat_groups);
    ctx.insert("counts", &status_counts(org.period_cells(period)));
    r.theme.render("index.html", &ctx, diags)
}

/// A card per team: its manager, size, status counts and up to four KPIs — the one
/// the team is ranked by first, then those with a target.
fn team_cards(r: &Renderer, p: &Presenter, period: usize) -> Vec<TeamCard> {
    let book = r.book;
    let report = r.report;
    book.roster
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let scope = &report.scores.teams[t];
            let rank_kpi = report.scores.rank_kpi[t];
            let mut shown: Vec<usize> = rank_kpi.into_iter().collect();
            shown.extend(
                r.kpis_of(scope)
                    .into_iter()
                    .filter(|&k| Some(k) != rank_kpi && scope.cell(period, k).target.is_some()),
            );
            shown.truncate(4);
            let ctx = KpiContext {
                report,
                scope,
                period,
                history: book.settings.history,
                who: &team.name,
                team: None,
                chart: None,
                cached: None,
            };
            TeamCard {
                name: team.name.clone(),
                url: format!("teams/{}.html", team.id),
                manager: team
                    .manager
                    .map_or_else(String::new, |m| book.roster.people[m].name.clone()),
                people: p.count("people_count", r.active_members(t, period)),
                counts: status_counts(scope.period_cells(period)),
                kpis: shown.into_iter().map(|k| kpi_view(p, &ctx, k)).collect(),
            }
        })
        .collect()
}

/// The heat map: every team member with data × the KPIs anyone has, a group per
/// team, and people outside every team (a director who sells) in a last group.
/// Returns the column headers and the groups.
fn heat_map(r: &Renderer, p: &Presenter, period: usize) -> (Vec<String>, Vec<HeatGroup>) {
    let book = r.book;
    let report = r.report;
    let kpis: Vec<usize> = (0..report.scores.kpis.len())
        .filter(|&k| report.scores.people.iter().any(|s| s.has_kpi[k]))
        .collect();
    let row = |m: usize| HeatRow {
        name: book.roster.people[m].name.clone(),
        url: r.scorecard_url(m, report.scores.periods[period], 0),
        cells: heat_cells(p, report, &report.scores.people[m], period, &kpis),
    };
    let mut groups: Vec<HeatGroup> = book
        .roster
        .teams
        .iter()
        .map(|team| HeatGroup {
            name: team.name.clone(),
            url: format!("teams/{}.html", team.id),
            rows: team
                .members
                .iter()
                .filter(|&&m| r.has_scorecard(m, period))
                .map(|&m| row(m))
                .collect(),
        })
        .collect();
    let loners: Vec<HeatRow> = (0..book.roster.people.len())
        .filter(|&m| book.roster.people[m].team.is_none() && r.has_scorecard(m, period))
        .map(row)
        .collect();
    if !loners.is_empty() {
        groups.push(HeatGroup {
            name: p.t("no_team").to_string(),
            url: String::new(),
            rows: loners,
        });
    }
    let headers = kpis
        .iter()
        .map(|&k| p.kpi_label(&report.scores.kpis[k]))
        .collect();
    (headers, groups)
}
