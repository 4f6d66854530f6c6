//! Render: the computed [`Report`] and the loaded [`Book`] → the files of the site,
//! in memory ([`Site`]). One plain function per output, each taking the
//! [`Renderer`] (book, report, compiled theme, labels, shared charts) and each
//! pushing its problems to the run's [`Diagnostics`]; `pipeline.rs` composes them:
//!
//! - [`draw_charts`]: every chart the outputs will show, drawn once, in parallel;
//! - [`html_pages`]: the site's pages (tera templates, charts inlined as SVG);
//! - [`pdf_documents`]: the handbook and scorecards, typeset by Typst;
//! - [`email_reviews`]: each person's review e-mail and its browser preview;
//! - [`data_files`]: `data/<period>.csv` and its pulse, plan and pipeline companions;
//! - [`assets`]: the book's images and files, copied as they are.
//!
//! Pages of people render in parallel. Every link is relative (`root` is the way up
//! to the site's top from the page), so the site works from `file://`, any sub-path
//! and inside a zip.

pub(crate) mod charts;
mod context;
pub(crate) mod data;
mod email;
mod html;
pub(crate) mod markdown;
pub mod pdf;
pub(crate) mod reader;
pub(crate) mod search;
pub(crate) mod theme;
pub(crate) mod view;

use rayon::prelude::*;

use crate::base::diag::Diagnostics;
use crate::base::locale::Locale;
use crate::compute::Report;
use crate::load::book::Book;
use crate::load::settings::EmailSettings;
use crate::output::{Previous, Site};
use charts::ChartSize;
pub use context::Renderer;
pub(crate) use email::{envelope, review_message_id};
use pdf::engine::Engine;
use view::{ChartCache, ChartKey, KpiContext, ScopeId, kpi_view};

/// Draws every chart the outputs will show — the overview's and each team's (with
/// `html`), and each scorecard's for `periods` (when scorecards are published or
/// PDFs are built) — once, in parallel. Pages, PDFs and e-mails then take them from
/// the cache, so a chart costs the same whether one output or three are built.
pub fn draw_charts(r: &Renderer, periods: &[usize], html: bool) -> ChartCache {
    let book = r.book;
    let report = r.report;
    let locale = book.settings.locale;
    let mut jobs: Vec<(ScopeId, usize, Locale, String)> = Vec::new();
    if html {
        jobs.push((
            ScopeId::Organisation,
            report.scores.report,
            locale,
            r.organisation_name(),
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
    // E-mails are built only with PDFs (they attach the scorecard).
    if (html && book.settings.publish_scorecards) || r.pdf {
        for i in r.people_with_data() {
            let person = &book.roster.people[i];
            for &period in periods.iter().filter(|&&p| r.has_scorecard(i, p)) {
                let locale = person.locale.unwrap_or(locale);
                jobs.push((ScopeId::Person(i), period, locale, person.name.clone()));
            }
        }
    }
    let drawn = jobs
        .par_iter()
        .flat_map_iter(|(id, period, locale, who)| {
            let scope = r.scope(*id);
            let p = r.presenter(*locale);
            let ctx = KpiContext {
                report,
                scope,
                period: *period,
                history: book.settings.history,
                who,
                team: r.team_of(*id),
                chart: Some(ChartSize::Small),
                cached: None,
            };
            r.kpis_of(scope)
                .into_iter()
                .filter_map(|k| {
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

/// A unit of work of the HTML stage.
#[derive(Clone, Copy)]
enum Page {
    Handbook,
    Overview,
    Pulse,
    Plan,
    Pipeline,
    Team(usize),
    /// A person's scorecard pages.
    Scorecards(usize),
}

/// The site's pages, with the theme's static files: the handbook, the overview, the
/// pulse, plan and pipeline pages when the book has them, every team's page and the
/// scorecards of `periods` when published. Problems are pushed to `diags`.
///
/// `sample` renders one page of each kind only (for `check`: finds template errors
/// that show only when rendering, at a fraction of the cost): one team, one person's
/// scorecard even when scorecards are not published, and no static files.
pub fn html_pages(
    r: &Renderer,
    periods: &[usize],
    sample: bool,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let book = r.book;
    // Every page in one parallel pass; the long single pages first, so they start
    // while the scorecards are shared out.
    let mut jobs = vec![Page::Handbook, Page::Overview];
    if !book.coaching.is_empty() {
        jobs.push(Page::Pulse);
    }
    if !r.report.plan.rows.is_empty() {
        jobs.push(Page::Plan);
    }
    if r.report.pipeline.at(r.report.scores.report).is_some() {
        jobs.push(Page::Pipeline);
    }
    let teams = book.roster.teams.len();
    jobs.extend((0..if sample { teams.min(1) } else { teams }).map(Page::Team));
    if book.settings.publish_scorecards || sample {
        let mut people = r.people_with_data();
        if sample {
            people.truncate(1);
        }
        jobs.extend(people.into_iter().map(Page::Scorecards));
    }
    let rendered: Vec<(Vec<(String, String)>, Diagnostics)> = jobs
        .par_iter()
        .map(|job| {
            let mut found = Diagnostics::new();
            let named = |path: &str, html: Option<String>| {
                html.map(|h| (path.to_string(), h)).into_iter().collect()
            };
            let pages = match *job {
                Page::Handbook => html::handbook::pages(r, &mut found),
                Page::Overview => named("index.html", html::overview::page(r, &mut found)),
                Page::Pulse => named("pulse.html", html::pulse::page(r, &mut found)),
                Page::Plan => named("plan.html", html::plan::page(r, &mut found)),
                Page::Pipeline => named("pipeline.html", html::pipeline::page(r, &mut found)),
                Page::Team(t) => html::team::page(r, t, &mut found).into_iter().collect(),
                Page::Scorecards(person) => html::scorecard::pages(r, person, periods, &mut found),
            };
            (pages, found)
        })
        .collect();
    let mut site = Site::new();
    let mut failed = false;
    for (pages, found) in rendered {
        failed |= found.has_errors();
        diags.extend(found);
        for (path, html) in pages {
            site.add(path, html);
        }
    }
    if !sample {
        for (name, template) in &book.templates {
            if let Some(rest) = name.strip_prefix("static/") {
                site.add(format!("static/{rest}"), template.bytes.clone());
            }
        }
    }
    (!failed).then_some(site)
}

/// The handbook (when the book has chapters) and the scorecard of every person with
/// data for each of `periods`, typeset by `engine` unless `previous` has it made
/// from the same inputs. Problems are pushed to `diags`, each once.
pub fn pdf_documents(
    r: &Renderer,
    engine: &Engine,
    periods: &[usize],
    previous: &Previous,
    diags: &mut Diagnostics,
) -> Option<Site> {
    pdf::documents(r, engine, periods, &r.people_with_data(), previous, diags)
}

/// The review e-mail of every person with data and an address for each of
/// `periods` (`email/<period>/<id>.eml` and a browser preview beside it), from
/// `sender`, attaching their scorecard from `pdfs` when it is there. Problems are
/// pushed to `diags`.
pub(crate) fn email_reviews(
    r: &Renderer,
    sender: &EmailSettings,
    periods: &[usize],
    pdfs: Option<&Site>,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let book = r.book;
    let report = r.report;
    let people = r.people_with_data();
    let jobs: Vec<(usize, &str, usize)> = periods
        .iter()
        .flat_map(|&period| {
            people.iter().filter_map(move |&p| {
                if !r.has_scorecard(p, period) {
                    return None;
                }
                let address = book.roster.people[p].email.as_deref()?;
                Some((p, address, period))
            })
        })
        .collect();
    let emails: Vec<_> = jobs
        .par_iter()
        .map(|&(person, address, period)| {
            let id = &book.roster.people[person].id;
            let period_id = report.scores.periods[period];
            let pdf = pdfs.and_then(|site| site.get(&format!("pdf/{period_id}/{id}.pdf")));
            let mut found = Diagnostics::new();
            let email = email::review(r, sender, person, address, period, pdf, &mut found);
            (format!("email/{period_id}/{id}"), email, found)
        })
        .collect();
    let mut site = Site::new();
    let mut failed = false;
    for (stem, email, found) in emails {
        failed |= found.has_errors();
        diags.extend(found);
        if let Some(e) = email {
            site.add(format!("{stem}.eml"), e.eml);
            site.add(format!("{stem}.html"), e.preview);
        }
    }
    (!failed).then_some(site)
}

/// The data files of each of `periods`: `data/<period>.csv` (the KPIs),
/// `data/<period>-pulse.csv` (with a coaching log), `data/<period>-pipeline.csv`
/// (with a deals snapshot in the period) and, for the report period,
/// `data/<period>-plan.csv` (with a plan).
pub fn data_files(book: &Book, report: &Report, periods: &[usize]) -> Site {
    let mut site = Site::new();
    for &period in periods {
        let id = report.scores.periods[period];
        site.add(
            format!("data/{id}.csv"),
            data::kpi_csv(book, report, period),
        );
        if !book.coaching.is_empty() {
            site.add(
                format!("data/{id}-pulse.csv"),
                data::pulse_csv(book, report, period),
            );
        }
        if period == report.scores.report && !report.plan.rows.is_empty() {
            site.add(format!("data/{id}-plan.csv"), data::plan_csv(book, report));
        }
        if let Some(csv) = data::pipeline_csv(book, report, period) {
            site.add(format!("data/{id}-pipeline.csv"), csv);
        }
    }
    if !book.metrics.sources.is_empty() {
        site.add(
            "data/sources.csv".to_string(),
            crate::load::sources::report::csv(&book.metrics.sources),
        );
    }
    site
}

/// The book's assets (`assets/…`), as they are.
pub fn assets(book: &Book) -> Site {
    let mut site = Site::new();
    for (name, bytes) in &book.assets {
        site.add(format!("assets/{name}"), bytes.clone());
    }
    site
}
