//! The pipeline, one direction: load → compute → render → write. `check` stops after
//! compiling the theme and writes nothing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::base::period::Period;
use crate::compute::{self, Report};
use crate::load::book::{self, Book};
use crate::load::settings::{EmailSettings, OutputFormat};
use crate::output::{self, Previous, Site, WriteError, WriteSummary};
use crate::render::pdf::engine::Engine;
use crate::render::{self, Renderer};

/// Resolved flags of `build` and `check`.
#[derive(Debug, Clone)]
pub struct Options {
    pub(crate) book: PathBuf,
    /// Output folder; default `BOOK/public`.
    pub(crate) out: Option<PathBuf>,
    /// Overrides `report_period`.
    pub(crate) period: Option<Period>,
    pub(crate) all_periods: bool,
    /// Overrides `outputs`.
    pub(crate) formats: Option<Vec<OutputFormat>>,
    /// Renders every output, reusing none of the last build's (`build --force`).
    pub(crate) force: bool,
}

/// Wall time spent per stage of a build (`--timings`). The render stages run one
/// after the other, each in parallel over people.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub(crate) load: Duration,
    pub(crate) compute: Duration,
    /// Drawing every chart of the build (once, shared by all outputs).
    pub(crate) charts: Duration,
    pub(crate) html: Duration,
    pub(crate) pdf: Duration,
    pub(crate) email: Duration,
    pub(crate) write: Duration,
    pub(crate) total: Duration,
}

impl Timings {
    fn stages(&self) -> [(&'static str, Duration); 8] {
        [
            ("load", self.load),
            ("compute", self.compute),
            ("charts", self.charts),
            ("html", self.html),
            ("pdf", self.pdf),
            ("email", self.email),
            ("write", self.write),
            ("total", self.total),
        ]
    }

    /// A table for the terminal.
    pub fn table(&self) -> String {
        let mut text = String::from("timings:\n");
        for (name, d) in self.stages() {
            text.push_str(&format!("  {name:<8} {:>9.1} ms\n", d.as_secs_f64() * 1e3));
        }
        text
    }

    /// One JSON object, milliseconds per stage: `{"load": 12.5, …}`.
    pub fn json(&self) -> String {
        let fields: Vec<String> = self
            .stages()
            .iter()
            .map(|(name, d)| format!("\"{name}\": {:.3}", d.as_secs_f64() * 1e3))
            .collect();
        format!("{{{}}}", fields.join(", "))
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct Built {
    /// The output folder.
    pub out: PathBuf,
    /// What the writer did.
    pub write: WriteSummary,
    /// The report period that was built.
    pub report_period: Period,
    /// How long each stage took.
    pub timings: Timings,
    /// The sources report (empty for a book of native metrics only).
    pub sources: String,
    /// PDFs made, and how many of them were reused from the last build.
    pub pdfs: (usize, usize),
}

/// What `check` found in a valid book.
#[derive(Debug)]
pub struct Checked {
    /// The report period.
    pub period: Period,
    /// The sources report (empty for a book of native metrics only).
    pub sources: String,
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// The book has errors (already in the diagnostics).
    Book,
    /// Writing the output failed; nothing of the old output was lost.
    Write(WriteError),
    /// A flag does not fit the book (exit status 2).
    Usage(String),
}

fn load_and_compute(
    options: &Options,
    diags: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<(Book, Report), Failure> {
    let start = Instant::now();
    let book = book::load(&options.book, diags).ok_or(Failure::Book)?;
    timings.load = start.elapsed();
    if let Some(p) = options.period
        && p.kind != book.settings.period
    {
        return Err(Failure::Usage(format!(
            "--period {p} is a {} but the book reports by {}",
            p.kind.as_str(),
            book.settings.period.as_str()
        )));
    }
    let start = Instant::now();
    let report = compute::compute(&book, options.period);
    timings.compute = start.elapsed();
    if report.scores.periods.is_empty() {
        diags.push(
            Diagnostic::error("metrics/", "the metrics hold no rows for known people")
                .with_hint("check the `rep` column against the ids in team.yaml"),
        );
        return Err(Failure::Book);
    }
    Ok((book, report))
}

/// Earlier periods' scorecards and data files: a normal monthly build writes only the
/// report period, and must not break links to last month's pages.
fn is_period_archive(path: &str) -> bool {
    let period_file = |name: &str, ext: &str| {
        name.strip_suffix(ext)
            .is_some_and(|p| Period::parse(p).is_ok())
    };
    match path.split('/').collect::<Vec<_>>().as_slice() {
        ["reps", _, name] => period_file(name, ".html"),
        ["data", name] => {
            period_file(name, ".csv")
                || period_file(name, "-pulse.csv")
                || period_file(name, "-plan.csv")
        }
        ["pdf" | "email", period, _] => Period::parse(period).is_ok(),
        _ => false,
    }
}

/// The sources report: what every export gave.
fn sources_report(book: &Book) -> String {
    if book.metrics.sources.is_empty() {
        return String::new();
    }
    crate::load::sources::report::table(&book.metrics.sources)
}

/// Validates the book: the same diagnostics as a build, and nothing written.
pub fn check(options: &Options, diags: &mut Diagnostics) -> Result<Checked, Failure> {
    let mut timings = Timings::default();
    let (book, report) = load_and_compute(options, diags, &mut timings)?;
    let r = Renderer::new(&book, &report, false, diags).ok_or(Failure::Book)?;
    // One page of each kind, charts drawn as they come.
    render::html_pages(&r, &[report.scores.report], true, diags).ok_or(Failure::Book)?;
    Ok(Checked {
        period: report.scores.periods[report.scores.report],
        sources: sources_report(&book),
    })
}

/// The sender of review e-mails, which `build --format email` and `send` need.
fn sender<'b>(book: &'b Book, diags: &mut Diagnostics) -> Result<&'b EmailSettings, Failure> {
    book.settings.email.as_ref().ok_or_else(|| {
        diags.push(
            Diagnostic::error("pulsebook.yaml", "the `email` output needs a sender")
                .with_hint("add `email: { from: \"Sales Ops <sales-ops@example.com>\" }`"),
        );
        Failure::Book
    })
}

/// Runs `stage`, adding its wall time to `time`.
fn timed<T>(time: &mut Duration, stage: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = stage();
    *time += start.elapsed();
    value
}

/// The renderer of a build with the charts its outputs share drawn (`html`: the
/// pages are built; `pdf`: PDFs are, so pages link to them).
fn renderer<'a>(
    book: &'a Book,
    report: &'a Report,
    periods: &[usize],
    (html, pdf): (bool, bool),
    diags: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Renderer<'a>, Failure> {
    let r = Renderer::new(book, report, pdf, diags).ok_or(Failure::Book)?;
    let charts = timed(&mut timings.charts, || {
        render::draw_charts(&r, periods, html)
    });
    Ok(r.with_charts(charts))
}

/// Renders the whole site in memory: what `build` writes and `serve` serves. Every
/// output runs even when an earlier one failed, so a run reports all its problems.
fn render_site(
    options: &Options,
    previous: &Previous,
    diags: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<(Book, Period, Site), Failure> {
    let (book, report) = load_and_compute(options, diags, timings)?;
    let formats = options
        .formats
        .clone()
        .unwrap_or_else(|| book.settings.outputs.clone());
    let html = formats.contains(&OutputFormat::Html);
    let sender = match formats.contains(&OutputFormat::Email) {
        true => Some(sender(&book, diags)?),
        false => None,
    };
    // E-mails attach the scorecard PDF, so they need the engine too.
    let engine = (formats.contains(&OutputFormat::Pdf) || sender.is_some())
        .then(|| Engine::new(render::pdf::templates(&book)));
    let periods: Vec<usize> = if options.all_periods {
        (0..report.scores.periods.len()).collect()
    } else {
        vec![report.scores.report]
    };
    let r = renderer(
        &book,
        &report,
        &periods,
        (html, engine.is_some()),
        diags,
        timings,
    )?;
    // A stage that does not run takes no time (`--timings` shows 0 for it).
    let pages = match html {
        true => timed(&mut timings.html, || {
            render::html_pages(&r, &periods, false, diags)
        }),
        false => Some(Site::new()),
    };
    let pdfs = match &engine {
        Some(engine) => timed(&mut timings.pdf, || {
            render::pdf_documents(&r, engine, &periods, previous, diags)
        }),
        None => Some(Site::new()),
    };
    let emails = match sender {
        Some(sender) => timed(&mut timings.email, || {
            render::email_reviews(&r, sender, &periods, pdfs.as_ref(), diags)
        }),
        None => Some(Site::new()),
    };
    let (Some(mut site), Some(pdfs), Some(emails)) = (pages, pdfs, emails) else {
        return Err(Failure::Book);
    };
    site.extend(pdfs);
    site.extend(emails);
    site.extend(render::data_files(&book, &report, &periods));
    site.extend(render::assets(&book));
    let report_period = report.scores.periods[report.scores.report];
    Ok((book, report_period, site))
}

/// Builds the book into its output folder.
pub fn build(options: &Options, diags: &mut Diagnostics) -> Result<Built, Failure> {
    let begin = Instant::now();
    let mut timings = Timings::default();
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.book.join("public"));
    // A build stopped while writing is finished first: the folder holds a whole site
    // even when this build fails.
    output::recover(&out).map_err(Failure::Write)?;
    let previous = match options.force {
        true => Previous::none(),
        false => Previous::read(&out),
    };
    let (book, report_period, mut site) = render_site(options, &previous, diags, &mut timings)?;
    site.add_inputs_file(&previous);
    let pdfs = site.made_and_reused();
    let sources = sources_report(&book);
    let start = Instant::now();
    let write = output::write(&site, &out, &is_period_archive).map_err(Failure::Write)?;
    timings.write = start.elapsed();
    timings.total = begin.elapsed();
    Ok(Built {
        out,
        write,
        report_period,
        timings,
        sources,
        pdfs,
    })
}

/// Where `serve` listens.
#[derive(Debug, Clone, Copy)]
pub struct Listen {
    pub(crate) host: std::net::IpAddr,
    pub(crate) port: u16,
}

/// Where a failed run is shown: the terminal adds that nothing was written (the
/// preview's overlay need not: serving never writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// For the terminal.
    Terminal,
    /// For the preview's error overlay.
    Overlay,
}

/// A failed run as the user reads it: every diagnostic, then one closing line —
/// for a book with errors, [`Diagnostics::summary`].
pub fn failure_text(diags: Diagnostics, failure: &Failure, shown: Shown) -> String {
    use std::fmt::Write as _;
    let closing = match failure {
        Failure::Book if shown == Shown::Terminal => {
            format!("{}; nothing was written", diags.summary())
        }
        Failure::Book => diags.summary(),
        Failure::Write(e) => e.to_string(),
        Failure::Usage(message) => message.clone(),
    };
    let mut text = String::new();
    for d in diags.sorted() {
        let _ = writeln!(text, "{d}");
    }
    let _ = writeln!(text, "error: {closing}");
    text
}

/// Serves the book on localhost and rebuilds it whenever a file of the book changes.
/// Pages are built in memory (HTML only unless `--format` says otherwise), so the
/// book's output folder is never touched. Returns only when the server cannot run.
pub fn serve(options: &Options, listen: Listen) -> std::io::Result<()> {
    let mut options = options.clone();
    if options.formats.is_none() {
        options.formats = Some(vec![OutputFormat::Html]);
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.book.join("public"));
    let serve_options = crate::serve::Options {
        host: listen.host,
        port: listen.port,
        watch: vec![options.book.clone()],
        ignore: vec![out],
    };
    crate::serve::run(serve_options, move || {
        let mut diags = Diagnostics::new();
        let mut timings = Timings::default();
        let result = render_site(&options, &Previous::none(), &mut diags, &mut timings);
        match result {
            Ok((_, _, site)) => {
                for d in diags.sorted() {
                    eprintln!("{d}");
                }
                Ok(site.into_files())
            }
            Err(failure) => Err(failure_text(diags, &failure, Shown::Overlay)),
        }
    })
}

/// The report period's review e-mails, built in memory for `send`: the book, the
/// period and (person, message) pairs.
pub(crate) struct Emails {
    pub(crate) book: Book,
    pub(crate) period: Period,
    pub(crate) messages: Vec<(usize, Vec<u8>)>,
}

pub(crate) fn emails(options: &Options, diags: &mut Diagnostics) -> Result<Emails, Failure> {
    let mut timings = Timings::default();
    let (book, report) = load_and_compute(options, diags, &mut timings)?;
    let sender = sender(&book, diags)?;
    let engine = Engine::new(render::pdf::templates(&book));
    let periods = [report.scores.report];
    let r = renderer(&book, &report, &periods, (false, true), diags, &mut timings)?;
    // The scorecards the last build wrote are attached as they are, when still current.
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.book.join("public"));
    let previous = Previous::read(&out);
    let pdfs = render::pdf_documents(&r, &engine, &periods, &previous, diags);
    let emails = render::email_reviews(&r, sender, &periods, pdfs.as_ref(), diags);
    let (Some(_), Some(site)) = (pdfs, emails) else {
        return Err(Failure::Book);
    };
    let period = report.scores.periods[report.scores.report];
    let messages = (0..book.roster.people.len())
        .filter_map(|i| {
            let path = format!("email/{period}/{}.eml", book.roster.people[i].id);
            site.get(&path).map(|bytes| (i, bytes.to_vec()))
        })
        .collect();
    Ok(Emails {
        book,
        period,
        messages,
    })
}
