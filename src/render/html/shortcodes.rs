//! Shortcodes rendered from the computed model: each chapter token becomes HTML (through
//! the `shortcodes/*.html` templates) or Typst (through `pdf/shortcodes.typ`). Both
//! renderers get the same view values, so the site and the PDF never disagree.

use serde::Serialize;
use tera::Context;

use crate::base::diag::Diagnostic;
use crate::load::content::Chapter;
use crate::load::kpi::{Better, Kpi};
use crate::load::shortcode::{Kind, Scope, replace_tokens};
use crate::render::charts::ChartSize;
use crate::render::view::{KpiContext, KpiView, Presenter, kpi_view};
use crate::render::{Renderer, rel_root};

/// One row of the KPI table.
#[derive(Serialize)]
struct KpiRow {
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
struct TeamTarget {
    team: String,
    target: String,
}

#[derive(Serialize)]
struct RosterMember {
    name: String,
    role: String,
    url: String,
    manager: bool,
}

#[derive(Serialize)]
struct RosterTeam {
    name: String,
    url: String,
    manager: String,
    members: Vec<RosterMember>,
}

/// What one block shortcode shows; `kind` picks the template.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Block {
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
}

#[derive(Serialize)]
struct QuestionGroup {
    key: &'static str,
    title: String,
    questions: Vec<String>,
}

/// A rendered shortcode: a block view, or inline text.
enum Rendered {
    Block(Block),
    Inline(String),
}

fn scope_name(r: &Renderer, scope: Scope) -> String {
    let book = r.book;
    match scope {
        Scope::Organisation => book
            .settings
            .organisation
            .clone()
            .unwrap_or_else(|| book.settings.title.clone()),
        Scope::Team(t) => book.roster.teams[t].name.clone(),
        Scope::Person(p) => book.roster.people[p].name.clone(),
    }
}

fn scope_of<'r>(r: &'r Renderer, scope: Scope) -> &'r crate::compute::scores::Scope {
    match scope {
        Scope::Organisation => &r.report.scores.organisation,
        Scope::Team(t) => &r.report.scores.teams[t],
        Scope::Person(p) => &r.report.scores.people[p],
    }
}

fn better(p: &Presenter, kpi: &Kpi) -> (&'static str, String) {
    let (class, key) = match kpi.better {
        Better::Higher => ("higher", "better_higher"),
        Better::Lower => ("lower", "better_lower"),
    };
    (class, p.t(key).to_string())
}

fn view(r: &Renderer, p: &Presenter, kind: &Kind) -> Rendered {
    let book = r.book;
    let report = r.report;
    let targets = &book.roster.targets;
    let kpi_of = |id: &str| report.scores.kpi_index(id);
    match kind {
        Kind::Kpis { team } => {
            let rows: Vec<KpiRow> = report
                .scores
                .kpis
                .iter()
                .map(|kpi| {
                    let target = match team {
                        Some(t) => targets.team_ratio(*t, &kpi.id),
                        None => targets.org_ratio(&kpi.id),
                    };
                    let team_targets = if team.is_some() {
                        Vec::new()
                    } else {
                        book.roster
                            .teams
                            .iter()
                            .enumerate()
                            .filter_map(|(t, team)| {
                                let own = targets.team_ratio(t, &kpi.id)?;
                                (Some(own) != target).then(|| TeamTarget {
                                    team: team.name.clone(),
                                    target: p.value(kpi, own),
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
                        target: target.map_or_else(|| "—".to_string(), |v| p.value(kpi, v)),
                        team_targets,
                    }
                })
                .collect();
            let has_team_targets = rows.iter().any(|r| !r.team_targets.is_empty());
            Rendered::Block(Block::Kpis {
                team: team.map_or_else(String::new, |t| book.roster.teams[t].name.clone()),
                rows,
                has_team_targets,
            })
        }
        Kind::Roster { team } => {
            let member = |i: usize| {
                let person = &book.roster.people[i];
                let url = if book.settings.publish_scorecards && r.has_data(i) {
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
            Rendered::Block(Block::Roster { teams })
        }
        Kind::Chart {
            kpi,
            scope,
            periods,
        } => {
            let k = kpi.as_deref().and_then(kpi_of).unwrap_or(0);
            let who = scope_name(r, *scope);
            let view = kpi_view(
                p,
                &KpiContext {
                    report,
                    scope: scope_of(r, *scope),
                    period: report.scores.report,
                    history: periods.unwrap_or(book.settings.history),
                    who: &who,
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
                Scope::Organisation => targets.org_ratio(kpi),
                Scope::Team(t) => targets.team_ratio(t, kpi),
                Scope::Person(i) => targets.person(i, book.roster.people[i].team, kpi),
            };
            let k = book.catalogue.iter().find(|k| &k.id == kpi);
            Rendered::Inline(match (value, k) {
                (Some(v), Some(k)) => p.value(k, v),
                _ => "—".to_string(),
            })
        }
        Kind::Value { kpi, scope } => {
            let text = kpi_of(kpi).and_then(|k| {
                let v = scope_of(r, *scope).cell(report.scores.report, k).value?;
                Some(p.value(&report.scores.kpis[k], v))
            });
            Rendered::Inline(text.unwrap_or_else(|| p.t("no_data").to_string()))
        }
    }
}

/// The HTML of each of the chapter's shortcodes, in token order.
pub(crate) fn live_html(r: &Renderer, chapter: &Chapter) -> Result<Vec<String>, Box<Diagnostic>> {
    if chapter.live.is_empty() {
        return Ok(Vec::new());
    }
    let p = r.presenter(r.book.settings.locale);
    let mut rendered = Vec::with_capacity(chapter.live.len());
    for kind in &chapter.live {
        rendered.push(match view(r, &p, kind) {
            Rendered::Inline(text) => super::markdown::escape_html(&text),
            Rendered::Block(block) => {
                let name = match &block {
                    Block::Kpis { .. } => "shortcodes/kpis.html",
                    Block::Roster { .. } => "shortcodes/roster.html",
                    Block::Chart { .. } => "shortcodes/chart.html",
                    Block::Questions { .. } => "shortcodes/questions.html",
                };
                let mut ctx = Context::new();
                ctx.insert("t", &r.labels[&r.book.settings.locale]);
                ctx.insert("root", &rel_root(1));
                ctx.insert("sc", &block);
                r.theme.render(name, &ctx)?
            }
        });
    }
    Ok(rendered)
}

/// The chapter's Typst markup with every shortcode rendered, and the files it reads:
/// `/shortcodes/<slug>.json` (the block views) and the chart SVGs.
pub(crate) fn chapter_typst(
    r: &Renderer,
    chapter: &Chapter,
    markup: &str,
) -> (String, Vec<(String, Vec<u8>)>) {
    if chapter.live.is_empty() {
        return (markup.to_string(), Vec::new());
    }
    let p = r.presenter(r.book.settings.locale);
    let mut blocks = Vec::new();
    let mut files = Vec::new();
    let mut code = Vec::with_capacity(chapter.live.len());
    for (i, kind) in chapter.live.iter().enumerate() {
        code.push(match view(r, &p, kind) {
            Rendered::Inline(text) => crate::render::pdf::markup::escape_text(&text),
            Rendered::Block(mut block) => {
                if let Block::Chart { kpi, .. } = &mut block
                    && !kpi.chart.is_empty()
                {
                    let path = format!("/charts/{}-{i}.svg", chapter.slug);
                    files.push((path.clone(), std::mem::take(&mut kpi.chart).into_bytes()));
                    kpi.chart = path;
                }
                blocks.push(block);
                format!("#shortcode(shortcodes.at({}))", blocks.len() - 1)
            }
        });
    }
    let json_path = format!("/shortcodes/{}.json", chapter.slug);
    let mut text = format!(
        "#import \"/templates/shortcodes.typ\": shortcode\n#let shortcodes = json({})\n",
        crate::render::pdf::markup::string_literal(&json_path)
    );
    text.push_str(&replace_tokens(markup, |i| {
        code.get(i).cloned().unwrap_or_default()
    }));
    files.push((
        json_path,
        serde_json::to_vec(&blocks).expect("invariant: view values serialise"),
    ));
    (text, files)
}
