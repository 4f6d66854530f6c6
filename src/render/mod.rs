//! Render: the computed [`Report`] and the loaded [`Book`] → the files of the site,
//! in memory ([`Site`]). HTML pages come from tera templates; charts are plotters
//! SVGs inlined in the pages; `data/<period>.csv` is written by [`data`].
//!
//! Pages of people render in parallel. Every link is relative (`root` is the way up
//! to the site's top from the page), so the site works from `file://`, any sub-path
//! and inside a zip.

pub mod charts;
pub mod data;
mod email;
mod html;
pub mod pdf;
pub mod search;
pub mod theme;
pub mod view;

use html::{development, markdown, plan, print, shortcodes};

use std::collections::BTreeMap;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::base::diag::Diagnostic;
use crate::base::locale::{Format, Locale, fill};
use crate::base::period::Period;
use crate::compute::Report;
use crate::load::book::Book;
use crate::output::Site;
use crate::render::charts::ChartSize;
pub use email::{envelope, review_message_id};
use theme::Theme;
use view::{
    ChartCache, ChartKey, KpiContext, KpiView, Presenter, ScopeId, StatusCounts, kpi_view,
    status_counts, status_view,
};

/// What to render.
pub struct RenderOptions<'a> {
    /// Periods to write scorecards and data files for (the report period by default).
    pub periods: Vec<usize>,
    /// Write the HTML pages (without it, only the data files).
    pub html: bool,
    /// Typeset the handbook and scorecards as PDF with this engine.
    pub pdf: Option<&'a crate::render::pdf::engine::Engine>,
    /// Write each person's review e-mail (`email/<period>/<person>.eml` and a preview).
    pub email: bool,
    /// Render one page of each kind only (for `check`: finds template errors that
    /// show only when rendering, at a fraction of the cost).
    pub sample: bool,
}

/// Site-wide values every page template gets.
#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    organisation: String,
    logo: String,
    period_label: String,
    report_period: String,
    data_through: String,
    teams: Vec<Link>,
    has_handbook: bool,
    has_pulse: bool,
    has_plan: bool,
    publish_scorecards: bool,
}

#[derive(Serialize, Clone)]
struct Link {
    label: String,
    url: String,
    current: bool,
}

struct Renderer<'a> {
    book: &'a Book,
    report: &'a Report,
    theme: Theme,
    /// Labels for templates per locale, keys with `.` written as `_` (`site_overview`).
    labels: BTreeMap<Locale, BTreeMap<String, String>>,
    /// Whether PDFs are built, so pages link to them.
    pdf: bool,
    charts: ChartCache,
}

/// A unit of work of the HTML stage.
#[derive(Clone, Copy)]
enum Page {
    Handbook,
    Overview,
    Pulse,
    Plan,
    Team(usize),
    /// A person's scorecard pages.
    Scorecards(usize),
}

/// Wall time of each render stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    pub charts: std::time::Duration,
    pub html: std::time::Duration,
    pub pdf: std::time::Duration,
    pub email: std::time::Duration,
}

/// The organisation's name on the overview and in its charts.
fn organisation_name(book: &Book) -> String {
    book.settings
        .organisation
        .clone()
        .unwrap_or_else(|| book.settings.title.clone())
}

/// Draws every chart the outputs will show — the overview's, each team's and each
/// scorecard's — once, in parallel. Pages, PDFs and e-mails then take them from the
/// cache, so a chart costs the same whether one output or three are built.
fn draw_charts(r: &Renderer, options: &RenderOptions) -> ChartCache {
    let book = r.book;
    let report = r.report;
    let locale = book.settings.locale;
    let mut jobs: Vec<(ScopeId, usize, Locale, String)> = Vec::new();
    if options.html {
        jobs.push((
            ScopeId::Organisation,
            report.scores.report,
            locale,
            organisation_name(book),
        ));
        for (t, team) in book.roster.teams.iter().enumerate() {
            jobs.push((
                ScopeId::Team(t),
                report.scores.report,
                locale,
                team.name.clone(),
            ));
        }
    }
    let scorecards = (options.html && book.settings.publish_scorecards)
        || options.pdf.is_some()
        || options.email;
    if scorecards {
        for (i, person) in book.roster.people.iter().enumerate() {
            if r.has_data(i) {
                for &period in &options.periods {
                    let locale = person.locale.unwrap_or(locale);
                    jobs.push((ScopeId::Person(i), period, locale, person.name.clone()));
                }
            }
        }
    }
    let drawn = jobs
        .par_iter()
        .flat_map_iter(|(id, period, locale, who)| {
            let scope = match *id {
                ScopeId::Organisation => &report.scores.organisation,
                ScopeId::Team(t) => &report.scores.teams[t],
                ScopeId::Person(p) => &report.scores.people[p],
            };
            let p = r.presenter(*locale);
            r.kpis_of(scope)
                .into_iter()
                .filter_map(|k| {
                    let ctx = KpiContext {
                        report,
                        scope,
                        period: *period,
                        history: book.settings.history,
                        who,
                        chart: Some(ChartSize::Small),
                        cached: None,
                    };
                    let svg = kpi_view(&p, &ctx, k).chart;
                    let key = ChartKey {
                        scope: *id,
                        period: *period,
                        kpi: k,
                        size: ChartSize::Small,
                        locale: *locale,
                    };
                    (!svg.is_empty()).then_some((key, svg))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    ChartCache::new(drawn)
}

fn rel_root(depth: usize) -> String {
    "../".repeat(depth)
}

impl Renderer<'_> {
    fn presenter(&self, locale: Locale) -> Presenter<'_> {
        Presenter {
            format: Format::new(locale, &self.book.settings.currency),
            labels: &self.book.labels[&locale],
            locale,
        }
    }

    fn site_view(&self, p: &Presenter, period: usize, depth: usize) -> SiteView {
        let settings = &self.book.settings;
        let root = rel_root(depth);
        SiteView {
            title: settings.title.clone(),
            description: settings.description.clone().unwrap_or_default(),
            organisation: settings.organisation.clone().unwrap_or_default(),
            logo: settings
                .logo
                .as_ref()
                .map_or_else(String::new, |l| format!("{root}assets/{l}")),
            period_label: p.format.period(self.report.scores.periods[period]),
            report_period: self.report.scores.periods[period].to_string(),
            data_through: self
                .book
                .metrics
                .last_day()
                .map_or_else(String::new, |d| p.format.date(d)),
            teams: self
                .book
                .roster
                .teams
                .iter()
                .map(|t| Link {
                    label: t.name.clone(),
                    url: format!("{root}teams/{}.html", t.id),
                    current: false,
                })
                .collect(),
            has_handbook: !self.book.chapters.is_empty(),
            has_pulse: !self.book.coaching.is_empty(),
            has_plan: !self.report.plan.rows.is_empty(),
            publish_scorecards: settings.publish_scorecards,
        }
    }

    fn context(
        &self,
        locale: Locale,
        period: usize,
        depth: usize,
        title: &str,
        kind: &str,
    ) -> Context {
        let p = self.presenter(locale);
        let mut ctx = Context::new();
        ctx.insert("root", &rel_root(depth));
        ctx.insert("lang", locale.html_lang());
        ctx.insert("t", &self.labels[&locale]);
        ctx.insert("site", &self.site_view(&p, period, depth));
        ctx.insert("page_title", title);
        ctx.insert("page_kind", kind);
        ctx
    }

    /// The URL of a person's scorecard from a page `depth` deep, when published.
    fn scorecard_url(&self, person: usize, period: Period, depth: usize) -> String {
        if !self.book.settings.publish_scorecards || !self.has_data(person) {
            return String::new();
        }
        format!(
            "{}reps/{}/{period}.html",
            rel_root(depth),
            self.book.roster.people[person].id
        )
    }

    fn has_data(&self, person: usize) -> bool {
        self.report.scores.people[person]
            .has_data
            .iter()
            .any(|&d| d)
    }

    fn kpis_of(&self, scope: &crate::compute::scores::Scope) -> Vec<usize> {
        (0..self.report.scores.kpis.len())
            .filter(|&k| scope.has_kpi[k])
            .collect()
    }
}

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
struct HeatCell {
    class: &'static str,
    icon: &'static str,
    label: String,
    value: String,
}

fn heat_cells(
    p: &Presenter,
    report: &Report,
    scope: &crate::compute::scores::Scope,
    period: usize,
    kpis: &[usize],
) -> Vec<HeatCell> {
    kpis.iter()
        .map(|&k| {
            let cell = scope.cell(period, k);
            let status = status_view(p, cell.status);
            HeatCell {
                class: status.class,
                icon: status.icon,
                label: status.label,
                value: cell
                    .value
                    .map_or_else(String::new, |v| p.value(&report.scores.kpis[k], v)),
            }
        })
        .collect()
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

/// Renders the whole site.
pub fn render(
    book: &Book,
    report: &Report,
    options: &RenderOptions,
) -> Result<(Site, StageTimes), Vec<Diagnostic>> {
    let mut times = StageTimes::default();
    let mut diags = crate::base::diag::Diagnostics::new();
    let Some(theme) = Theme::new(&book.templates, &mut diags) else {
        return Err(diags.sorted());
    };
    let labels = book
        .labels
        .iter()
        .map(|(&l, c)| {
            (
                l,
                c.iter()
                    .map(|(k, v)| (k.replace('.', "_"), v.to_string()))
                    .collect(),
            )
        })
        .collect();
    let mut r = Renderer {
        book,
        report,
        theme,
        labels,
        pdf: options.pdf.is_some(),
        charts: ChartCache::default(),
    };
    let mut site = Site::new();
    let mut errors = Vec::new();
    let mut put = |site: &mut Site, result: Result<(String, String), Box<Diagnostic>>| match result
    {
        Ok((path, html)) => site.add(path, html),
        Err(d) => errors.push(*d),
    };

    if report.scores.periods.is_empty() {
        return Err(vec![Diagnostic::error(
            "metrics/",
            "the metrics have no rows with data",
        )]);
    }
    if !options.sample {
        let start = Instant::now();
        r.charts = draw_charts(&r, options);
        times.charts = start.elapsed();
    }
    let r = r;
    let start = Instant::now();
    if options.html {
        // Every page in one parallel pass; the long single pages first, so they
        // start while the scorecards are shared out.
        let mut jobs = vec![Page::Handbook, Page::Overview];
        if !book.coaching.is_empty() {
            jobs.push(Page::Pulse);
        }
        if !report.plan.rows.is_empty() {
            jobs.push(Page::Plan);
        }
        let teams = if options.sample {
            book.roster.teams.len().min(1)
        } else {
            book.roster.teams.len()
        };
        jobs.extend((0..teams).map(Page::Team));
        if book.settings.publish_scorecards || options.sample {
            let people = (0..book.roster.people.len()).filter(|&p| r.has_data(p));
            let people: Vec<usize> = if options.sample {
                people.take(1).collect()
            } else {
                people.collect()
            };
            jobs.extend(people.into_iter().map(Page::Scorecards));
        }
        let pages: Vec<Result<(String, String), Box<Diagnostic>>> = jobs
            .par_iter()
            .flat_map_iter(|job| match *job {
                Page::Handbook => handbook(&r),
                Page::Overview => vec![overview(&r).map(|h| ("index.html".into(), h))],
                Page::Pulse => {
                    vec![development::pulse_page(&r).map(|h| ("pulse.html".into(), h))]
                }
                Page::Plan => vec![plan::plan_page(&r).map(|h| ("plan.html".into(), h))],
                Page::Team(t) => vec![team_page(&r, t)],
                Page::Scorecards(person) => scorecards(&r, person, &options.periods),
            })
            .collect();
        for page in pages {
            put(&mut site, page);
        }
        if options.sample {
            return if errors.is_empty() {
                Ok((site, times))
            } else {
                Err(errors)
            };
        }
    }
    times.html = start.elapsed();
    let start = Instant::now();
    if let Some(engine) = options.pdf {
        let people: Vec<usize> = (0..book.roster.people.len())
            .filter(|&p| r.has_data(p))
            .collect();
        match pdf::documents(&r, engine, &options.periods, &people) {
            Ok(files) => {
                for (path, bytes) in files {
                    site.add(path, bytes);
                }
            }
            Err(diags) => errors.extend(diags),
        }
    }
    times.pdf = start.elapsed();
    let start = Instant::now();
    if options.email && !options.sample {
        let jobs: Vec<(usize, usize)> = options
            .periods
            .iter()
            .flat_map(|&period| {
                (0..book.roster.people.len())
                    .filter(|&p| r.has_data(p))
                    .map(move |p| (p, period))
            })
            .collect();
        let site_ref = &site;
        let emails: Vec<_> = jobs
            .par_iter()
            .filter_map(|&(person, period)| {
                let id = &book.roster.people[person].id;
                let stem = format!("email/{}/{id}", report.scores.periods[period]);
                let pdf = site_ref.get(&format!("pdf/{}/{id}.pdf", report.scores.periods[period]));
                email::review(&r, person, period, pdf).map(|e| (stem, e))
            })
            .collect();
        for (stem, email) in emails {
            match email {
                Ok(e) => {
                    site.add(format!("{stem}.eml"), e.eml);
                    site.add(format!("{stem}.html"), e.preview);
                }
                Err(d) => errors.push(*d),
            }
        }
    }
    times.email = start.elapsed();
    for &period in &options.periods {
        site.add(
            format!("data/{}.csv", report.scores.periods[period]),
            data::kpi_csv(book, report, period),
        );
        if !book.coaching.is_empty() {
            site.add(
                format!("data/{}-pulse.csv", report.scores.periods[period]),
                data::pulse_csv(book, report, period),
            );
        }
        if period == report.scores.report && !report.plan.rows.is_empty() {
            site.add(
                format!("data/{}-plan.csv", report.scores.periods[period]),
                data::plan_csv(book, report),
            );
        }
    }
    for (name, template) in book.templates.iter().filter(|_| options.html) {
        if let Some(rest) = name.strip_prefix("static/") {
            site.add(format!("static/{rest}"), template.bytes.clone());
        }
    }
    for (name, bytes) in &book.assets {
        site.add(format!("assets/{name}"), bytes.clone());
    }
    if errors.is_empty() {
        Ok((site, times))
    } else {
        Err(errors)
    }
}

fn overview(r: &Renderer) -> Result<String, Box<Diagnostic>> {
    let book = r.book;
    let report = r.report;
    let locale = book.settings.locale;
    let p = r.presenter(locale);
    let period = report.scores.report;
    let history = book.settings.history;
    let org = &report.scores.organisation;
    let org_name = organisation_name(book);

    let headline: Vec<KpiView> = r
        .kpis_of(org)
        .into_iter()
        .map(|k| {
            kpi_view(
                &p,
                &KpiContext {
                    report,
                    scope: org,
                    period,
                    history,
                    who: &org_name,
                    chart: Some(ChartSize::Small),
                    cached: Some((&r.charts, ScopeId::Organisation)),
                },
                k,
            )
        })
        .collect();

    let teams: Vec<TeamCard> = book
        .roster
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let scope = &report.scores.teams[t];
            let mut shown: Vec<usize> = report.scores.rank_kpi[t].into_iter().collect();
            shown.extend(r.kpis_of(scope).into_iter().filter(|&k| {
                Some(k) != report.scores.rank_kpi[t] && scope.cell(period, k).target.is_some()
            }));
            shown.truncate(4);
            TeamCard {
                name: team.name.clone(),
                url: format!("teams/{}.html", team.id),
                manager: team
                    .manager
                    .map_or_else(String::new, |m| book.roster.people[m].name.clone()),
                people: p.count("people_count", team.members.len()),
                counts: status_counts(scope.period_cells(period)),
                kpis: shown
                    .into_iter()
                    .map(|k| {
                        kpi_view(
                            &p,
                            &KpiContext {
                                report,
                                scope,
                                period,
                                history,
                                who: &team.name,
                                chart: None,
                                cached: None,
                            },
                            k,
                        )
                    })
                    .collect(),
            }
        })
        .collect();

    // Heat-map: every team member with data × the KPIs anyone has.
    let heat_kpis: Vec<usize> = (0..report.scores.kpis.len())
        .filter(|&k| report.scores.people.iter().any(|s| s.has_kpi[k]))
        .collect();
    let row = |m: usize| HeatRow {
        name: book.roster.people[m].name.clone(),
        url: r.scorecard_url(m, report.scores.periods[period], 0),
        cells: heat_cells(&p, report, &report.scores.people[m], period, &heat_kpis),
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
                .filter(|&&m| r.has_data(m))
                .map(|&m| row(m))
                .collect(),
        })
        .collect();
    // People outside every team (a director who sells) still get a row.
    let loners: Vec<HeatRow> = (0..book.roster.people.len())
        .filter(|&m| book.roster.people[m].team.is_none() && r.has_data(m))
        .map(row)
        .collect();
    if !loners.is_empty() {
        groups.push(HeatGroup {
            name: p.t("no_team").to_string(),
            url: String::new(),
            rows: loners,
        });
    }
    let heat_headers: Vec<String> = heat_kpis
        .iter()
        .map(|&k| p.kpi_label(&report.scores.kpis[k]))
        .collect();

    let mut ctx = r.context(locale, period, 0, p.t("site.overview"), "overview");
    ctx.insert("headline", &headline);
    ctx.insert("plan", &plan::plan_lines(r, &p, None));
    ctx.insert("teams", &teams);
    ctx.insert("heat_headers", &heat_headers);
    ctx.insert("heat_groups", &groups);
    ctx.insert("counts", &status_counts(org.period_cells(period)));
    r.theme.render("index.html", &ctx)
}

#[derive(Serialize)]
struct PersonRow {
    name: String,
    url: String,
    role: String,
    rank: String,
    cells: Vec<HeatCell>,
}

fn team_page(r: &Renderer, t: usize) -> Result<(String, String), Box<Diagnostic>> {
    let book = r.book;
    let report = r.report;
    let team = &book.roster.teams[t];
    let locale = book.settings.locale;
    let p = r.presenter(locale);
    let period = report.scores.report;
    let scope = &report.scores.teams[t];
    let kpis = r.kpis_of(scope);
    let views: Vec<KpiView> = kpis
        .iter()
        .map(|&k| {
            kpi_view(
                &p,
                &KpiContext {
                    report,
                    scope,
                    period,
                    history: book.settings.history,
                    who: &team.name,
                    chart: Some(ChartSize::Small),
                    cached: Some((&r.charts, ScopeId::Team(t))),
                },
                k,
            )
        })
        .collect();

    let leaderboard = book.settings.leaderboard;
    let mut rows: Vec<(Option<usize>, PersonRow)> = team
        .members
        .iter()
        .filter(|&&m| r.has_data(m))
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
                cells: heat_cells(&p, report, &report.scores.people[m], period, &kpis),
            };
            (rank, row)
        })
        .collect();
    if leaderboard {
        rows.sort_by_key(|(rank, _)| rank.unwrap_or(usize::MAX));
    }
    let rows: Vec<PersonRow> = rows.into_iter().map(|(_, row)| row).collect();
    let headers: Vec<String> = kpis
        .iter()
        .map(|&k| p.kpi_label(&report.scores.kpis[k]))
        .collect();
    let manager = team.manager.map(|m| &book.roster.people[m]);

    let mut ctx = r.context(locale, period, 1, &team.name, "team");
    ctx.insert("team_name", &team.name);
    ctx.insert("plan", &plan::plan_lines(r, &p, Some(t)));
    ctx.insert(
        "manager",
        &manager.map_or_else(String::new, |m| m.name.clone()),
    );
    ctx.insert("people_count", &p.count("people_count", team.members.len()));
    ctx.insert("kpis", &views);
    ctx.insert("headers", &headers);
    ctx.insert("people", &rows);
    ctx.insert("leaderboard", &leaderboard);
    ctx.insert(
        "rank_by",
        &report.scores.rank_kpi[t]
            .map_or_else(String::new, |k| p.kpi_label(&report.scores.kpis[k])),
    );
    ctx.insert("counts", &status_counts(scope.period_cells(period)));
    r.theme
        .render("team.html", &ctx)
        .map(|html| (format!("teams/{}.html", team.id), html))
}

/// A person's scorecards: one per requested period, plus `index.html` for the latest.
fn scorecards(
    r: &Renderer,
    person: usize,
    periods: &[usize],
) -> Vec<Result<(String, String), Box<Diagnostic>>> {
    let book = r.book;
    let report = r.report;
    let id = &book.roster.people[person].id;
    let mut pages = Vec::new();
    for &period in periods {
        let page = scorecard(r, person, period, periods);
        if period == report.scores.report
            && let Ok(html) = &page
        {
            pages.push(Ok((format!("reps/{id}/index.html"), html.clone())));
        }
        pages.push(page.map(|html| {
            (
                format!("reps/{id}/{}.html", report.scores.periods[period]),
                html,
            )
        }));
    }
    pages
}

/// A person's scorecard for one period: what the HTML page and the PDF both show.
#[derive(Serialize)]
struct ScorecardView {
    person_name: String,
    role: String,
    team_name: String,
    team_id: String,
    manager: String,
    period_label: String,
    intro: String,
    /// "3 of 8 in North", only with the leaderboard on.
    place: String,
    kpis: Vec<KpiView>,
    counts: StatusCounts,
    has_data: bool,
    /// Coaching, actions, goals and the 1:1 agenda: only on the person's own page.
    development: Option<development::DevelopmentView>,
    /// Leads → opportunities → deals in the period, the weakest stage against the team.
    funnel: Option<plan::FunnelView>,
}

fn scorecard_view(r: &Renderer, p: &Presenter, person: usize, period: usize) -> ScorecardView {
    let book = r.book;
    let report = r.report;
    let who = &book.roster.people[person];
    let scope = &report.scores.people[person];
    let kpis = r
        .kpis_of(scope)
        .into_iter()
        .map(|k| {
            kpi_view(
                p,
                &KpiContext {
                    report,
                    scope,
                    period,
                    history: book.settings.history,
                    who: &who.name,
                    chart: Some(ChartSize::Small),
                    cached: Some((&r.charts, ScopeId::Person(person))),
                },
                k,
            )
        })
        .collect();
    let team = who.team.map(|t| &book.roster.teams[t]);
    let place = who
        .team
        .filter(|_| book.settings.leaderboard)
        .and_then(|t| report.scores.rank_kpi[t])
        .and_then(|k| {
            report
                .scores
                .place_in_team(&book.roster, person, period, k)
                .map(|pl| (k, pl))
        });
    let place = match (place, team) {
        (Some((k, pl)), Some(team)) => fill(
            p.t("place_in_team"),
            &[
                ("rank", &pl.rank.to_string()),
                ("count", &pl.of.to_string()),
                ("team", &team.name),
                ("kpi", &p.kpi_label(&report.scores.kpis[k])),
            ],
        ),
        _ => String::new(),
    };
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
        place,
        kpis,
        counts: status_counts(scope.period_cells(period)),
        has_data: scope.has_data[period],
        development: development::development(r, p, person, period),
        funnel: (period == report.scores.report)
            .then(|| report.plan.people[person].as_ref())
            .flatten()
            .filter(|f| f.leads > 0.0 || f.deals > 0.0)
            .map(|f| {
                let team = who.team.and_then(|t| report.plan.teams[t].as_ref());
                plan::funnel_view(p, &who.name, String::new(), f, team)
            }),
    }
}

fn scorecard(
    r: &Renderer,
    person: usize,
    period: usize,
    written: &[usize],
) -> Result<String, Box<Diagnostic>> {
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
    ctx.insert("has_data", &view.has_data);
    ctx.insert("periods", &period_links);
    let pdf_url = if r.pdf {
        format!("../../pdf/{}/{}.pdf", report.scores.periods[period], who.id)
    } else {
        String::new()
    };
    ctx.insert("pdf_url", &pdf_url);
    r.theme.render("scorecard.html", &ctx)
}

#[derive(Serialize)]
struct ChapterLink {
    title: String,
    description: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct PrintChapter<'a> {
    slug: &'a str,
    title: &'a str,
    has_h1: bool,
    body: String,
}

/// The handbook's pages: contents, one page per chapter, the whole handbook on one page
/// and the search index (`static/search-index.js`).
fn handbook(r: &Renderer) -> Vec<Result<(String, String), Box<Diagnostic>>> {
    let book = r.book;
    if book.chapters.is_empty() {
        return Vec::new();
    }
    let locale = book.settings.locale;
    let p = r.presenter(locale);
    let period = r.report.scores.report;
    let links = |current: Option<usize>| -> Vec<ChapterLink> {
        book.chapters
            .iter()
            .enumerate()
            .map(|(i, c)| ChapterLink {
                title: c.title.clone(),
                description: c.description.clone().unwrap_or_default(),
                url: format!("{}.html", c.slug),
                current: Some(i) == current,
            })
            .collect()
    };
    let mut pages = Vec::new();
    let mut live = Vec::with_capacity(book.chapters.len());
    for chapter in &book.chapters {
        match shortcodes::live_html(r, chapter) {
            Ok(html) => live.push(html),
            Err(d) => return vec![Err(d)],
        }
    }

    let mut ctx = r.context(locale, period, 1, p.t("site.handbook"), "handbook");
    ctx.insert("chapters", &links(None));
    ctx.insert("pdf_url", if r.pdf { "../pdf/handbook.pdf" } else { "" });
    pages.push(
        r.theme
            .render("handbook_index.html", &ctx)
            .map(|h| ("handbook/index.html".to_string(), h)),
    );
    for (i, chapter) in book.chapters.iter().enumerate() {
        let mut ctx = r.context(locale, period, 1, &chapter.title, "chapter");
        ctx.insert("chapters", &links(Some(i)));
        ctx.insert("title", &chapter.title);
        ctx.insert("has_h1", &chapter.has_h1);
        ctx.insert("body", &markdown::chapter_html(chapter, &live[i], None));
        ctx.insert(
            "headings",
            &chapter
                .headings
                .iter()
                .map(|h| (h.level, h.id.clone(), h.text.clone()))
                .collect::<Vec<_>>(),
        );
        let prev = i.checked_sub(1).map(|j| &book.chapters[j]);
        let next = book.chapters.get(i + 1);
        let link = |c: &crate::load::content::Chapter| Link {
            label: c.title.clone(),
            url: format!("{}.html", c.slug),
            current: false,
        };
        ctx.insert("prev", &prev.map(link));
        ctx.insert("next", &next.map(link));
        pages.push(
            r.theme
                .render("chapter.html", &ctx)
                .map(|h| (format!("handbook/{}.html", chapter.slug), h)),
        );
    }

    let slugs: Vec<String> = book.chapters.iter().map(|c| c.slug.clone()).collect();
    let single: Vec<PrintChapter> = book
        .chapters
        .iter()
        .zip(&live)
        .map(|(c, live)| PrintChapter {
            slug: &c.slug,
            title: &c.title,
            has_h1: c.has_h1,
            body: print::chapter(c, live, &slugs),
        })
        .collect();
    let mut ctx = r.context(locale, period, 1, p.t("site.handbook"), "print");
    ctx.insert("chapters", &single);
    pages.push(
        r.theme
            .render("print.html", &ctx)
            .map(|h| ("handbook/print.html".to_string(), h)),
    );

    let docs: Vec<crate::render::search::SearchDoc> = book
        .chapters
        .iter()
        .zip(&live)
        .flat_map(|(c, live)| crate::render::search::sections(c, live))
        .collect();
    let search_labels: BTreeMap<String, String> = [
        ("label", "search.label"),
        ("placeholder", "search.placeholder"),
        ("no_results", "search.no_results"),
        ("results_one", "search.results.one"),
        ("results_few", "search.results.few"),
        ("results_many", "search.results.many"),
        ("results_other", "search.results"),
    ]
    .into_iter()
    .map(|(name, key)| (name.to_string(), p.t(key).to_string()))
    .collect();
    pages.push(Ok((
        "static/search-index.js".to_string(),
        crate::render::search::index_js(&docs, &search_labels),
    )));
    pages
}
