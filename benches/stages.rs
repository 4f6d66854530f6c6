//! Micro-benchmarks of the hot stages on a synthetic book (`pulsebook synth`):
//! `cargo bench --bench stages`. The whole-build figures against the targets are
//! `bench/run.py`'s; these isolate one stage to compare before and after a change.

use std::path::PathBuf;
use std::sync::OnceLock;

use pulsebook::base::diag::Diagnostics;
use pulsebook::compute;
use pulsebook::load::book::{self, Book};
use pulsebook::output::Previous;
use pulsebook::render::{self, Renderer};

fn main() {
    divan::main();
}

/// A synthetic book of `people` people and 12 months, written once per run.
fn book_dir(people: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pulsebook-bench-{}-{people}", std::process::id()));
    if !dir.exists() {
        pulsebook::synth::synth(&pulsebook::synth::Options {
            out: dir.clone(),
            people,
            months: 12,
            seed: 1,
        })
        .expect("the synthetic book is written");
    }
    dir
}

fn load_book(people: usize) -> Book {
    let mut diags = Diagnostics::new();
    book::load(&book_dir(people), &mut diags).expect("the synthetic book loads")
}

/// The 100-person book, loaded once.
fn loaded() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| load_book(100))
}

/// Settings, team, metrics (~25,000 rows), coaching log, chapters, templates.
#[divan::bench(sample_count = 20)]
fn load() -> Book {
    load_book(100)
}

/// KPIs for every person, team and period, the pulse and the plan.
#[divan::bench(sample_count = 20)]
fn compute() -> pulsebook::compute::Report {
    compute::compute(loaded(), None)
}

/// Every chart and page of the HTML site (no PDF), in memory.
#[divan::bench(sample_count = 10)]
fn render_html(bencher: divan::Bencher) {
    let book = loaded();
    let report = compute::compute(book, None);
    let periods = [report.scores.report];
    bencher.bench(|| {
        let mut diags = Diagnostics::new();
        let r = Renderer::new(book, &report, false, &mut diags).expect("the theme compiles");
        let charts = render::draw_charts(&r, &periods, true);
        let r = r.with_charts(charts);
        let mut site =
            render::html_pages(&r, &periods, false, &mut diags).expect("the site renders");
        site.extend(render::data_files(book, &report, &periods));
        site.extend(render::assets(book));
        site
    });
}

/// The scorecard PDFs of a 10-person book (9 people with data) and its handbook,
/// typeset by Typst with one shared engine.
#[divan::bench(sample_count = 5)]
fn pdfs_of_ten_people(bencher: divan::Bencher) {
    static BOOK: OnceLock<Book> = OnceLock::new();
    let book = BOOK.get_or_init(|| load_book(10));
    let report = compute::compute(book, None);
    let engine = pulsebook::render::pdf::engine::Engine::new(render::pdf::templates(book));
    let periods = [report.scores.report];
    bencher.bench(|| {
        let mut diags = Diagnostics::new();
        let r = Renderer::new(book, &report, true, &mut diags).expect("the theme compiles");
        let charts = render::draw_charts(&r, &periods, false);
        let r = r.with_charts(charts);
        render::pdf_documents(&r, &engine, &periods, &Previous::none(), &mut diags)
            .expect("the PDFs render")
    });
}
