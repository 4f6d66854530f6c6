//! Shortcodes rendered from the computed model: each chapter token becomes HTML (through
//! the `shortcodes/*.html` templates, [`live_html`]) or Typst (through
//! `pdf/shortcodes.typ`, in the PDF handbook). Both get the same view values
//! ([`view`]), so the site and the PDF never disagree.

use serde::Serialize;
use tera::Context;

use crate::base::diag::Diagnostics;
use crate::load::content::Chapter;
use crate::load::kpi::{Better, Kpi};
use crate::load::shortcode::{Kind, Scope};
use crate::render::charts::ChartSize;
use crate::render::context::{Renderer, rel_root};
use crate::render::html::pipeline;
use crate::render::view::{KpiContext, KpiView, Presenter, ScopeId, kpi_view};

/// One row of the KPI table.
#[derive(Serialize)]
pub(crate) struct KpiRow {
    id: String,
    label: String,
    help: String,
    formula: String,
    better: &'static str,
    better_label: String,
    target: String,
    /// Teams whose target differs from the default.
    team_targets: Vec<TeamTarget>,
}

#[derive(Serialize)]
pub(crate) struct TeamTarget {
    team: String,
    target: String,
}

#[derive(Serialize)]
pub(crate) struct RosterMember {
    name: String,
    role: String,
    url: String,
    manager: bool,
}

#[derive(Serialize)]
pub(crate) struct RosterTeam {
    name: String,
    url: String,
    manager: String,
    members: Vec<RosterMember>,
}

/// What one block shortcode shows; `kind` picks the template.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum Block {
    Kpis {
        /// The team whose targets are shown; empty for the defaults.
        team: String,
        rows: Vec<KpiRow>,
        has_team_targets: bool,
    },
    Roster {
        teams: Vec<RosterTeam>,
    },
    Chart {
        who: String,
        kpi: Box<KpiView>,
    },
    Questions {
        /// Whether the group titles are shown (all groups) or not (one group).
        titles: bool,
        groups: Vec<QuestionGroup>,
    },
    Pipeline(Box<pipeline::ShortcodeView>),
}

#[derive(Serialize)]
pub(crate) struct QuestionGroup {
    key: &'static str,
    title: String,
    questions: Vec<String>,
}

/// A rendered shortcode: a block view, or inline text.
pub(crate) enum Rendered {
    Block(Block),
    Inline(String),
}

fn scope_name(r: &Renderer, scope: Scope) -> String {
    let book = r.book;
    match scope {
        Scope::Organisation => r.organisation_name(),
        Scope::Team(t) => book.roster.teams[t].name.clone(),
        Scope::Person(p) => book.roster.people[p].name.clone(),
    }
}

/// The scores a shortcode's scope names.
fn scope_of<'r>(r: &Renderer<'r>, scope: Scope) -> &'r crate::compute::scores::Scope {
    r.scope(scope_id(scope))
}

fn scope_id(scope: Scope) -> ScopeId {
    match scope {
        Scope::Organisation => ScopeId::Organisation,
        Scope::Team(t) => ScopeId::Team(t),
        Scope::Person(p) => ScopeId::Person(p),
    }
}

fn better(p: &Presenter, kpi: &Kpi) -> (&'static str, String) {
    let (class, key) = match kpi.better {
        Better::Higher => ("higher", "better_higher"),
        Better::Lower => ("lower", "better_lower"),
    };
    (class, p.t(key).to_string())
}

/// The view of one shortcode, shared by the HTML and the Typst of a chapter.
pub(crate) fn view(r: &Renderer, p: &Presenter, kind: &Kind) -> Rendered {
    let book = r.book;
    let report = r.report;
    let targets = &book.roster.targets;
    let period = report.scores.periods[report.scores.report];
    match kind {
        Kind::Kpis { team } => Rendered::Block(kpis(r, p, *team)),
        Kind::Roster { team } => Rendered::Block(roster(r, *team)),
        Kind::Chart {
            kpi,
            scope,
            periods,
        } => {
            let k = kpi
                .as_deref()
                .and_then(|id| report.scores.kpi_index(id))
                .unwrap_or(0);
            // Metrics that name no measure give no KPI to chart.
            if k >= report.scores.kpis.len() {
                return Rendered::Inline(String::new());
            }
            let who = scope_name(r, *scope);
            let view = kpi_view(
                p,
                &KpiContext {
                    report,
                    scope: scope_of(r, *scope),
                    period: report.scores.report,
                    history: periods.unwrap_or(book.settings.history),
                    who: &who,
                    team: r.team_of(scope_id(*scope)),
                    chart: Some(ChartSize::Large),
                    cached: None,
                },
                k,
            );
            Rendered::Block(Block::Chart {
                who,
                kpi: Box::new(view),
            })
        }
        Kind::Pipeline { team } => Rendered::Block(Block::Pipeline(Box::new(
            pipeline::shortcode_view(r, p, *team),
        ))),
        Kind::Questions { group } => Rendered::Block(Block::Questions {
            titles: group.is_none(),
            groups: book
                .questions
                .groups
                .iter()
                .filter(|g| group.is_none_or(|only| only == g.key))
                .map(|g| QuestionGroup {
                    key: g.key,
                    title: g.title.clone(),
                    questions: g.questions.clone(),
                })
                .collect(),
        }),
        Kind::Target { kpi, scope } => {
            let value = match *scope {
                Scope::Organisation => targets.organisation(kpi, period),
                Scope::Team(t) => targets.team(t, kpi, period),
                Scope::Person(i) => targets.person(i, book.roster.people[i].team, kpi, period),
            };
            let k = book.catalogue.iter().find(|k| &k.id == kpi);
            Rendered::Inline(match (value, k) {
                (Some(v), Some(k)) => p.goal(k, v),
                _ => "—".to_string(),
            })
        }
        Kind::Value { kpi, scope } => {
            let text = report.scores.kpi_index(kpi).and_then(|k| {
                let v = scope_of(r, *scope).cell(report.scores.report, k).value?;
                Some(p.value(&report.scores.kpis[k], v))
            });
            Rendered::Inline(text.unwrap_or_else(|| p.t("no_data").to_string()))
        }
    }
}

/// The KPI table: every KPI with its target — the team's, or the organisation's with
/// the teams whose own target differs.
fn kpis(r: &Renderer, p: &Presenter, team: Option<usize>) -> Block {
    let book = r.book;
    let targets = &book.roster.targets;
    let period = r.report.scores.periods[r.report.scores.report];
    let rows: Vec<KpiRow> = r
        .report
        .scores
        .kpis
        .iter()
        .map(|kpi| {
            let target = match team {
                Some(t) => targets.team(t, &kpi.id, period),
                None => targets.organisation(&kpi.id, period),
            };
            let team_targets = if team.is_some() {
                Vec::new()
            } else {
                book.roster
                    .teams
                    .iter()
                    .enumerate()
                    .filter_map(|(t, team)| {
                        let own = targets.team(t, &kpi.id, period)?;
                        (Some(own) != target).then(|| TeamTarget {
                            team: team.name.clone(),
                            target: p.goal(kpi, own),
                        })
                    })
                    .collect()
            };
            let (better, better_label) = better(p, kpi);
            KpiRow {
                id: kpi.id.clone(),
                label: p.kpi_label(kpi),
                help: p.kpi_help(kpi),
                formula: kpi.formula.clone(),
                better,
                better_label,
                target: target.map_or_else(|| "—".to_string(), |v| p.goal(kpi, v)),
                team_targets,
            }
        })
        .collect();
    let has_team_targets = rows.iter().any(|r| !r.team_targets.is_empty());
    Block::Kpis {
        team: team.map_or_else(String::new, |t| book.roster.teams[t].name.clone()),
        rows,
        has_team_targets,
    }
}

/// The teams (or one team), each with its manager first and their members, linked
/// to the published scorecards.
fn roster(r: &Renderer, team: Option<usize>) -> Block {
    let book = r.book;
    let member = |i: usize| {
        let person = &book.roster.people[i];
        let url = if book.settings.publish_scorecards && r.has_scorecard(i, r.report.scores.report)
        {
            format!("{}reps/{}/index.html", rel_root(1), person.id)
        } else {
            String::new()
        };
        RosterMember {
            name: person.name.clone(),
            role: person.role.clone(),
            url,
            manager: false,
        }
    };
    let teams = book
        .roster
        .teams
        .iter()
        .enumerate()
        .filter(|(t, _)| team.is_none_or(|only| only == *t))
        .map(|(t, team)| {
            let mut members: Vec<RosterMember> = team
                .manager
                .into_iter()
                .chain(
                    team.members
                        .iter()
                        .copied()
                        .filter(|&m| Some(m) != team.manager),
                )
                .map(member)
                .collect();
            if team.manager.is_some() {
                members[0].manager = true;
            }
            RosterTeam {
                name: team.name.clone(),
                url: format!("{}teams/{}.html", rel_root(1), book.roster.teams[t].id),
                manager: team
                    .manager
                    .map_or_else(String::new, |m| book.roster.people[m].name.clone()),
                members,
            }
        })
        .collect();
    Block::Roster { teams }
}

/// The HTML of each of the chapter's shortcodes, in token order; the first shortcode
/// that fails to render is pushed to `diags`.
pub(crate) fn live_html(
    r: &Renderer,
    chapter: &Chapter,
    diags: &mut Diagnostics,
) -> Option<Vec<String>> {
    if chapter.live.is_empty() {
        return Some(Vec::new());
    }
    let p = r.presenter(r.book.settings.locale);
    let mut rendered = Vec::with_capacity(chapter.live.len());
    for kind in &chapter.live {
        rendered.push(match view(r, &p, kind) {
            Rendered::Inline(text) => crate::render::markdown::escape_html(&text),
            Rendered::Block(block) => {
                let name = match &block {
                    Block::Kpis { .. } => "shortcodes/kpis.html",
                    Block::Roster { .. } => "shortcodes/roster.html",
                    Block::Chart { .. } => "shortcodes/chart.html",
                    Block::Questions { .. } => "shortcodes/questions.html",
                    Block::Pipeline(_) => "shortcodes/pipeline.html",
                };
                let mut ctx = Context::new();
                ctx.insert("t", &r.labels[&r.book.settings.locale]);
                ctx.insert("root", &rel_root(1));
                ctx.insert("sc", &block);
                r.theme.render(name, &ctx, diags)?
            }
        });
    }
    Some(rendered)
}
