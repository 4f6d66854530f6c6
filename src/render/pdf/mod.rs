//! PDF documents: the handbook and a scorecard per person and period, typeset in
//! process by Typst from the same view values as the site (same numbers, same
//! locale formatting, the same plotters charts).
//!
//! Everything a template shows reaches it as `/data.json`, read with `json()`; only
//! handbook chapters are markup, converted from Markdown with every text escaped.

pub mod engine;
pub mod markup;

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::{KpiView, Presenter, StatusCounts};
use super::{Renderer, scorecard_view};
use crate::base::diag::Diagnostic;
use crate::base::locale::Locale;
use crate::load::book::Book;
use engine::{Engine, TemplateFile};
use markup::ChapterMarkup;

/// The book's PDF templates (`templates/pdf/*.typ`), built-in ones replaced by name.
pub fn templates(book: &Book) -> Vec<TemplateFile> {
    book.templates
        .iter()
        .filter_map(|(name, t)| {
            let rest = name.strip_prefix("pdf/")?;
            rest.ends_with(".typ").then(|| TemplateFile {
                name: rest.to_string(),
                path: t.path.clone(),
                text: String::from_utf8_lossy(&t.bytes).into_owned(),
            })
        })
        .collect()
}

/// The creation date written into PDFs: from `SOURCE_DATE_EPOCH` when set (the
/// reproducible-builds convention), else none — never the clock.
pub fn creation_date() -> Option<(i32, u8, u8)> {
    date_from_epoch(&std::env::var("SOURCE_DATE_EPOCH").ok()?)
}

/// The UTC calendar day of a Unix timestamp given as text.
fn date_from_epoch(text: &str) -> Option<(i32, u8, u8)> {
    let seconds: i64 = text.trim().parse().ok()?;
    let days = seconds.div_euclid(86_400);
    let date = jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(days))
        .ok()?;
    Some((i32::from(date.year()), date.month() as u8, date.day() as u8))
}

/// Labels for templates, keys with `.` written as `_`.
fn labels<'r>(r: &'r Renderer, locale: Locale) -> &'r BTreeMap<String, String> {
    &r.labels[&locale]
}

#[derive(Serialize)]
struct PersonData<'a> {
    name: &'a str,
    /// "rep · Contact Center · Manager: Żaneta Dąbrowska"
    details: String,
}

#[derive(Serialize)]
struct ScorecardData<'a> {
    lang: &'a str,
    title: &'a str,
    organisation: &'a str,
    data_through: String,
    period_label: &'a str,
    labels: &'a BTreeMap<String, String>,
    person: PersonData<'a>,
    place: &'a str,
    counts: &'a StatusCounts,
    kpis: &'a [KpiView],
    development: &'a Option<super::development::DevelopmentView>,
    funnel: &'a Option<super::plan::FunnelView>,
}

fn scorecard_pdf(
    r: &Renderer,
    engine: &Engine,
    person: usize,
    period: usize,
    date: Option<(i32, u8, u8)>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let book = r.book;
    let who = &book.roster.people[person];
    let locale = who.locale.unwrap_or(book.settings.locale);
    let p = r.presenter(locale);
    let mut view = scorecard_view(r, &p, person, period);

    // Charts travel as files; the view points at them by virtual path.
    let mut files = Vec::with_capacity(view.kpis.len() + 1);
    for kpi in &mut view.kpis {
        if !kpi.chart.is_empty() {
            let path = format!("/charts/{}.svg", kpi.id);
            files.push((path.clone(), std::mem::take(&mut kpi.chart).into_bytes()));
            kpi.chart = path;
        }
    }
    let mut details = vec![view.role.clone()];
    if !view.team_name.is_empty() {
        details.push(view.team_name.clone());
    }
    if !view.manager.is_empty() {
        details.push(format!("{}: {}", p.t("manager"), view.manager));
    }
    let data = ScorecardData {
        lang: locale.html_lang(),
        title: &book.settings.title,
        organisation: book.settings.organisation.as_deref().unwrap_or(""),
        data_through: data_through(r, &p),
        period_label: &view.period_label,
        labels: labels(r, locale),
        person: PersonData {
            name: &who.name,
            details: details.join(" · "),
        },
        place: &view.place,
        counts: &view.counts,
        kpis: &view.kpis,
        development: &view.development,
        funnel: &view.funnel,
    };
    files.push((
        "/data.json".to_string(),
        serde_json::to_vec(&data).expect("invariant: view values serialise"),
    ));
    engine.compile("scorecard.typ", &files, date)
}

fn data_through(r: &Renderer, p: &Presenter) -> String {
    r.book
        .metrics
        .last_day()
        .map_or_else(String::new, |d| p.format.date(d))
}

#[derive(Serialize)]
struct ChapterData<'a> {
    slug: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct HandbookData<'a> {
    lang: &'a str,
    title: &'a str,
    organisation: &'a str,
    description: &'a str,
    period_label: String,
    logo: String,
    labels: &'a BTreeMap<String, String>,
    chapters: Vec<ChapterData<'a>>,
}

/// Where a Markdown image path points among the book's assets.
fn asset_path(book: &Book, src: &str) -> Option<String> {
    let rel = src
        .trim_start_matches("./")
        .trim_start_matches("../")
        .trim_start_matches("assets/");
    book.assets
        .contains_key(rel)
        .then(|| format!("/assets/{rel}"))
}

fn handbook_pdf(
    r: &Renderer,
    engine: &Engine,
    date: Option<(i32, u8, u8)>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let book = r.book;
    let locale = book.settings.locale;
    let p = r.presenter(locale);
    let image = |src: &str| asset_path(book, src);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for chapter in &book.chapters {
        let mut text = String::new();
        if !chapter.has_h1 {
            text.push_str(&format!("= {}\n\n", markup::escape_text(&chapter.title)));
        }
        text.push_str(&markup::chapter_to_typst(
            &chapter.body,
            &ChapterMarkup {
                slug: &chapter.slug,
                image: &image,
            },
        ));
        let (text, live) = super::shortcodes::chapter_typst(r, chapter, &text);
        files.extend(live);
        files.push((format!("/chapters/{}.typ", chapter.slug), text.into_bytes()));
    }
    for (name, bytes) in &book.assets {
        files.push((format!("/assets/{name}"), bytes.clone()));
    }
    let data = HandbookData {
        lang: locale.html_lang(),
        title: &book.settings.title,
        organisation: book.settings.organisation.as_deref().unwrap_or(""),
        description: book.settings.description.as_deref().unwrap_or(""),
        period_label: p
            .format
            .period_title(r.report.scores.periods[r.report.scores.report]),
        logo: book
            .settings
            .logo
            .as_ref()
            .map_or_else(String::new, |l| format!("/assets/{l}")),
        labels: labels(r, locale),
        chapters: book
            .chapters
            .iter()
            .map(|c| ChapterData {
                slug: &c.slug,
                title: &c.title,
            })
            .collect(),
    };
    files.push((
        "/data.json".to_string(),
        serde_json::to_vec(&data).expect("invariant: view values serialise"),
    ));
    engine.compile("handbook.typ", &files, date)
}

/// Runs `typeset` over `jobs` on one plain thread per core, in order of the jobs.
///
/// Not rayon: Typst and its PDF writer use rayon inside a document, and a rayon
/// worker that waits for that inner work steals the next *document*, then the next,
/// each holding its half-done layout on the same stack. Memory then grew with the
/// number of documents (2.4 GiB for 1,000 scorecards; heap profile by massif). From
/// plain threads, the inner work runs on the pool and each thread has one document
/// in flight.
fn on_typesetting_threads<J: Sync, R: Send>(
    jobs: &[J],
    typeset: impl Fn(&J) -> R + Sync,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, jobs.len().max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(crate::render::pdf::engine::STACK)
                    .spawn_scoped(scope, || {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(job) = jobs.get(i) else { break mine };
                            mine.push((i, typeset(job)));
                        }
                    })
                    .expect("invariant: the system can start a typesetting thread")
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// One typeset document at its output path, or what went wrong.
type DocumentResult = Result<(String, Vec<u8>), Vec<Diagnostic>>;

/// Renders the handbook and every scorecard of `periods` (people with data only).
pub(super) fn documents(
    r: &Renderer,
    engine: &Engine,
    periods: &[usize],
    people: &[usize],
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let date = creation_date();
    let report = r.report;
    // The handbook is the longest document: first, so it runs beside the scorecards.
    let mut jobs: Vec<Option<(usize, usize)>> = Vec::new();
    if !r.book.chapters.is_empty() {
        jobs.push(None);
    }
    jobs.extend(
        periods
            .iter()
            .flat_map(|&period| people.iter().map(move |&person| Some((person, period)))),
    );
    let results: Vec<DocumentResult> = on_typesetting_threads(&jobs, |job| match *job {
        None => handbook_pdf(r, engine, date).map(|pdf| ("pdf/handbook.pdf".to_string(), pdf)),
        Some((person, period)) => scorecard_pdf(r, engine, person, period, date).map(|pdf| {
            let id = &r.book.roster.people[person].id;
            (
                format!("pdf/{}/{id}.pdf", report.scores.periods[period]),
                pdf,
            )
        }),
    });
    let mut files = Vec::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            // The same template error repeats for every person: report it once.
            Err(diags) => {
                for d in diags {
                    if !errors.contains(&d) {
                        errors.push(d);
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::date_from_epoch;

    #[test]
    fn source_date_epoch_gives_the_utc_day() {
        assert_eq!(date_from_epoch("0"), Some((1970, 1, 1)));
        // 2026-11-23 12:00:00 UTC.
        assert_eq!(date_from_epoch("1795435200\n"), Some((2026, 11, 23)));
        assert_eq!(date_from_epoch("-1"), Some((1969, 12, 31)));
        assert_eq!(date_from_epoch("soon"), None);
    }
}
