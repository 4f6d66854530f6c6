//! `teams/<team>.html`: a team's KPIs with their charts, the plan and pipeline blocks
//! and a table of its people with data (ranked when the leaderboard is on).

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::render::context::Renderer;
use crate::render::html::heat::{HeatCell, heat_cells};
use crate::render::html::{pipeline, plan};
use crate::render::view::{Presenter, ScopeId, status_counts};

#[derive(Serialize)]
struct PersonRow {
    name: String,
    url: String,
    role: String,
    rank: String,
    cells: Vec<HeatCell>,
}

/// Team `t`'s page, with its path.
pub(crate) fn page(r: &Renderer, t: usize, diags: &mut Diagnostics) -> Option<(String, String)> {
    let book = r.book;
    let report = r.report;
    let team = &book.roster.teams[t];
    let locale = book.settings.locale;
    let p = r.presenter(locale);
    let period = report.scores.report;
    let scope = &report.scores.teams[t];
    let kpis = r.kpis_of(scope);
    let views = r.kpi_views(&p, ScopeId::Team(t), period, &team.name);
    let headers: Vec<String> = kpis
        .iter()
        .map(|&k| p.kpi_label(&report.scores.kpis[k]))
        .collect();
    let manager = team.manager.map(|m| &book.roster.people[m]);

    let mut ctx = r.context(locale, period, 1, &team.name, "team");
    ctx.insert("team_name", &team.name);
    ctx.insert("plan", &plan::plan_lines(r, &p, Some(t)));
    ctx.insert("pipeline", &pipeline::block(r, &p, Some(t), 1));
    ctx.insert(
        "manager",
        &manager.map_or_else(String::new, |m| m.name.clone()),
    );
    ctx.insert(
        "people_count",
        &p.count("people_count", r.active_members(t, period)),
    );
    ctx.insert("kpis", &views);
    ctx.insert("headers", &headers);
    ctx.insert("people", &people(r, &p, t, period, &kpis));
    ctx.insert("leaderboard", &book.settings.leaderboard);
    ctx.insert(
        "rank_by",
        &report.scores.rank_kpi[t]
            .map_or_else(String::new, |k| p.kpi_label(&report.scores.kpis[k])),
    );
    ctx.insert("counts", &status_counts(scope.period_cells(period)));
    let html = r.theme.render("team.html", &ctx, diags)?;
    Some((format!("teams/{}.html", team.id), html))
}

/// The team's people with data, a row each: by rank when the leaderboard is on (the
/// unranked last), else in roster order.
fn people(r: &Renderer, p: &Presenter, t: usize, period: usize, kpis: &[usize]) -> Vec<PersonRow> {
    let book = r.book;
    let report = r.report;
    let leaderboard = book.settings.leaderboard;
    let mut rows: Vec<(Option<usize>, PersonRow)> = book.roster.teams[t]
        .members
        .iter()
        .filter(|&&m| r.has_scorecard(m, period))
        .map(|&m| {
            let person = &book.roster.people[m];
            let place = report.scores.rank_kpi[t]
                .and_then(|k| report.scores.place_in_team(&book.roster, m, period, k));
            let rank = place.filter(|_| leaderboard).map(|pl| pl.rank);
            let row = PersonRow {
                name: person.name.clone(),
                url: r.scorecard_url(m, report.scores.periods[period], 1),
                role: person.role.clone(),
                rank: rank.map_or_else(String::new, |r| r.to_string()),
                cells: heat_cells(p, report, &report.scores.people[m], period, kpis),
            };
            (rank, row)
        })
        .collect();
    if leaderboard {
        rows.sort_by_key(|(rank, _)| rank.unwrap_or(usize::MAX));
    }
    rows.into_iter().map(|(_, row)| row).collect()
}
