//! A person's scorecard: the view every output shows (the page, the PDF and the
//! e-mail all start from [`scorecard_view`]) and the pages `reps/<id>/<period>.html`
//! (plus `index.html` for the report period).

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::base::locale::fill;
use crate::render::context::{Link, Renderer};
use crate::render::html::{development, pipeline, plan};
use crate::render::view::{KpiView, Presenter, ScopeId, StatusCounts, status_counts};

/// A person's scorecard for one period: what the HTML page and the PDF both show.
#[derive(Serialize)]
pub(crate) struct ScorecardView {
    pub(crate) person_name: String,
    pub(crate) role: String,
    pub(crate) team_name: String,
    pub(crate) team_id: String,
    pub(crate) manager: String,
    pub(crate) period_label: String,
    pub(crate) intro: String,
    /// "3 of 8 in North", only with the leaderboard on.
    pub(crate) place: String,
    pub(crate) kpis: Vec<KpiView>,
    pub(crate) counts: StatusCounts,
    pub(crate) has_data: bool,
    /// "Active 17 of 19 working days" when fewer than all; else empty.
    pub(crate) active: String,
    /// "Ramp period 2: targets at 50 %" while ramping; else empty.
    pub(crate) ramp: String,
    /// What "on pace" means, for a period in progress; else empty.
    pub(crate) pace_note: String,
    /// Coaching, actions, goals and the 1:1 agenda: only on the person's own page.
    pub(crate) development: Option<development::DevelopmentView>,
    /// Leads → opportunities → deals in the period, the weakest stage against the team.
    pub(crate) funnel: Option<plan::FunnelView>,
    /// The person's open deals at the period's snapshot, when there is one.
    pub(crate) pipeline: Option<pipeline::PersonPipelineView>,
}

pub(crate) fn scorecard_view(
    r: &Renderer,
    p: &Presenter,
    person: usize,
    period: usize,
) -> ScorecardView {
    let book = r.book;
    let report = r.report;
    let who = &book.roster.people[person];
    let scope = &report.scores.people[person];
    let team = who.team.map(|t| &book.roster.teams[t]);
    let period_label = p.format.period(report.scores.periods[period]);
    ScorecardView {
        person_name: who.name.clone(),
        role: who.role.clone(),
        team_name: team.map_or_else(String::new, |t| t.name.clone()),
        team_id: team.map_or_else(String::new, |t| t.id.clone()),
        manager: who
            .manager
            .map_or_else(String::new, |m| book.roster.people[m].name.clone()),
        intro: fill(p.t("scorecard_intro"), &[("period", &period_label)]),
        period_label,
        place: place(r, p, person, period),
        kpis: r.kpi_views(p, ScopeId::Person(person), period, &who.name),
        counts: status_counts(scope.period_cells(period)),
        has_data: scope.has_data[period],
        active: report
            .scores
            .presence(person, period)
            .filter(|a| a.active_days < a.working_days)
            .map_or_else(String::new, |a| {
                fill(
                    p.t("active_days"),
                    &[
                        ("active", &a.active_days.to_string()),
                        ("working", &a.working_days.to_string()),
                    ],
                )
            }),
        ramp: report
            .scores
            .presence(person, period)
            .and_then(|a| a.ramp)
            .map_or_else(String::new, |(k, fraction)| {
                fill(
                    p.t("ramp_note"),
                    &[
                        ("k", &k.to_string()),
                        ("percent", &p.format.percent(fraction, 0)),
                    ],
                )
            }),
        pace_note: r.pace_note(p, period),
        development: development::development(r, p, person, period),
        funnel: (period == report.scores.report)
            .then(|| report.plan.people[person].as_ref())
            .flatten()
            .filter(|f| f.leads > 0.0 || f.deals > 0.0)
            .map(|f| {
                let team = who.team.and_then(|t| report.plan.teams[t].as_ref());
                plan::funnel_view(p, &who.name, String::new(), f, team)
            }),
        pipeline: pipeline::person_view(r, p, person, period, 2),
    }
}

/// "3 of 8 in North by Revenue": the person's place in their team, with the
/// leaderboard on; empty otherwise.
fn place(r: &Renderer, p: &Presenter, person: usize, period: usize) -> String {
    let book = r.book;
    let scores = &r.report.scores;
    let who = &book.roster.people[person];
    let Some(t) = who.team.filter(|_| book.settings.leaderboard) else {
        return String::new();
    };
    let Some((k, pl)) = scores.rank_kpi[t].and_then(|k| {
        scores
            .place_in_team(&book.roster, person, period, k)
            .map(|pl| (k, pl))
    }) else {
        return String::new();
    };
    fill(
        p.t("place_in_team"),
        &[
            ("rank", &pl.rank.to_string()),
            ("count", &pl.of.to_string()),
            ("team", &book.roster.teams[t].name),
            ("kpi", &p.kpi_label(&scores.kpis[k])),
        ],
    )
}

/// A person's scorecards: one per period of `periods`, plus `index.html` for the
/// report period; each with its path.
pub(crate) fn pages(
    r: &Renderer,
    person: usize,
    periods: &[usize],
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let report = r.report;
    let id = &r.book.roster.people[person].id;
    // None for a period without an active day (before the start, after the end).
    let written: Vec<usize> = periods
        .iter()
        .copied()
        .filter(|&p| r.has_scorecard(person, p))
        .collect();
    let mut pages = Vec::new();
    for &period in &written {
        let Some(html) = page(r, person, period, &written, diags) else {
            continue;
        };
        if period == report.scores.report {
            pages.push((format!("reps/{id}/index.html"), html.clone()));
        }
        pages.push((
            format!("reps/{id}/{}.html", report.scores.periods[period]),
            html,
        ));
    }
    pages
}

/// The scorecard page of `person` for `period`, linking to the other `written`
/// periods.
fn page(
    r: &Renderer,
    person: usize,
    period: usize,
    written: &[usize],
    diags: &mut Diagnostics,
) -> Option<String> {
    let book = r.book;
    let report = r.report;
    let who = &book.roster.people[person];
    let locale = who.locale.unwrap_or(book.settings.locale);
    let p = r.presenter(locale);
    let view = scorecard_view(r, &p, person, period);
    let period_links: Vec<Link> = written
        .iter()
        .map(|&i| Link {
            label: p.format.period(report.scores.periods[i]),
            url: format!("{}.html", report.scores.periods[i]),
            current: i == period,
        })
        .collect();
    let mut ctx = r.context(locale, period, 2, &who.name, "scorecard");
    let team_url = if view.team_id.is_empty() {
        String::new()
    } else {
        format!("../../teams/{}.html", view.team_id)
    };
    ctx.insert("team_url", &team_url);
    ctx.insert("person_name", &view.person_name);
    ctx.insert("role", &view.role);
    ctx.insert("team_name", &view.team_name);
    ctx.insert("manager", &view.manager);
    ctx.insert("period_label", &view.period_label);
    ctx.insert("intro", &view.intro);
    ctx.insert("place", &view.place);
    ctx.insert("kpis", &view.kpis);
    ctx.insert("counts", &view.counts);
    ctx.insert("development", &view.development);
    ctx.insert("funnel", &view.funnel);
    ctx.insert("pipeline", &view.pipeline);
    ctx.insert("has_data", &view.has_data);
    ctx.insert("active", &view.active);
    ctx.insert("ramp", &view.ramp);
    ctx.insert("periods", &period_links);
    let pdf_url = if r.pdf {
        format!("../../pdf/{}/{}.pdf", report.scores.periods[period], who.id)
    } else {
        String::new()
    };
    ctx.insert("pdf_url", &pdf_url);
    r.theme.render("scorecard.html", &ctx, diags)
}
