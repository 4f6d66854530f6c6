//! PDF documents: the handbook and a scorecard per person and period, typeset in
//! process by Typst from the same view values as the site (same numbers, same
//! locale formatting, the same plotters charts).
//!
//! Everything a template shows reaches it as `/data.json`, read with `json()`; only
//! handbook chapters are markup, converted from Markdown with every text escaped.

pub mod engine;
mod handbook;
pub(crate) mod markup;
mod scorecard;

use crate::base::diag::Diagnostics;
use crate::load::book::Book;
use crate::output::{Inputs, Previous, Site};
use crate::render::context::Renderer;
use engine::{Engine, TemplateFile};

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
pub(crate) fn creation_date() -> Option<(i32, u8, u8)> {
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

/// A document to typeset: its main template and the files it reads (`/data.json`,
/// charts, chapters, assets). The engine reads nothing else, so these, the templates
/// and the date are everything the PDF is made from ([`PdfJob::inputs`]).
pub(crate) struct PdfJob {
    pub(crate) main: &'static str,
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

impl PdfJob {
    /// The fingerprint of everything the PDF is made from: the templates (`engine`),
    /// the date and the job's own files.
    fn inputs(&self, engine: &Engine, date: Option<(i32, u8, u8)>) -> Inputs {
        let mut hasher = engine.hasher().clone();
        hasher.add(self.main.as_bytes());
        hasher.add(format!("{date:?}").as_bytes());
        for (path, bytes) in &self.files {
            hasher.add(path.as_bytes()).add(bytes);
        }
        hasher.finish()
    }
}

/// Typesets the handbook and every scorecard of `periods` (`people`: those with
/// data), each at its output path with its inputs; errors are pushed to `diags`, each
/// once (the same template error repeats for every person). A document made from
/// the same inputs by the last build is taken from `previous`, not typeset again.
pub(crate) fn documents(
    r: &Renderer,
    engine: &Engine,
    periods: &[usize],
    people: &[usize],
    previous: &Previous,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let date = creation_date();
    let report = r.report;
    // The handbook is the longest document: first, so it runs beside the scorecards.
    let mut jobs: Vec<Option<(usize, usize)>> = Vec::new();
    if !r.book.chapters.is_empty() {
        jobs.push(None);
    }
    jobs.extend(periods.iter().flat_map(|&period| {
        people
            .iter()
            .filter(move |&&person| r.has_scorecard(person, period))
            .map(move |&person| Some((person, period)))
    }));
    let results = on_typesetting_threads(&jobs, |job| {
        let mut found = Diagnostics::new();
        let (path, job) = match *job {
            None => ("pdf/handbook.pdf".to_string(), handbook::handbook_job(r)),
            Some((person, period)) => {
                let id = &r.book.roster.people[person].id;
                (
                    format!("pdf/{}/{id}.pdf", report.scores.periods[period]),
                    scorecard::scorecard_job(r, person, period),
                )
            }
        };
        let inputs = job.inputs(engine, date);
        let pdf = match previous.reuse(&path, inputs) {
            Some(pdf) => Some((pdf, true)),
            None => engine
                .compile(job.main, &job.files, date, &mut found)
                .map(|pdf| (pdf, false)),
        };
        (pdf.map(|(pdf, reused)| (path, pdf, inputs, reused)), found)
    });
    let mut site = Site::new();
    let mut errors = Diagnostics::new();
    for (file, found) in results {
        if let Some((path, pdf, inputs, reused)) = file {
            site.add_made(path, pdf, inputs, reused);
        }
        for d in found.iter() {
            if !errors.iter().any(|e| e == d) {
                errors.push(d.clone());
            }
        }
    }
    if errors.has_errors() {
        diags.extend(errors);
        return None;
    }
    Some(site)
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
