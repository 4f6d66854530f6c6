//! The handbook on the site: contents, one page per chapter, the whole handbook on
//! one page (`handbook/print.html`) and the search index (`static/search-index.js`).
//! Every chapter's shortcodes are rendered once ([`shortcodes::live_html`]) and shared
//! by its page, the single page and the search index, which each walk the chapter's
//! parsed Markdown.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::load::content::Chapter;
use crate::render::context::{Link, Renderer};
use crate::render::html::{print, shortcodes};
use crate::render::markdown;
use crate::render::search;
use crate::render::view::Presenter;

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

/// The handbook's pages and search index, each with its path; nothing without
/// chapters. A chapter that fails to render stops the handbook there.
pub(crate) fn pages(r: &Renderer, diags: &mut Diagnostics) -> Vec<(String, String)> {
    let book = r.book;
    if book.chapters.is_empty() {
        return Vec::new();
    }
    let mut live = Vec::with_capacity(book.chapters.len());
    for chapter in &book.chapters {
        let Some(html) = shortcodes::live_html(r, chapter, diags) else {
            return Vec::new();
        };
        live.push(html);
    }
    let p = r.presenter(book.settings.locale);
    let mut pages = Vec::new();
    pages.extend(contents(r, &p, diags));
    for (i, chapter) in book.chapters.iter().enumerate() {
        let body = markdown::chapter_html(chapter, &live[i], None);
        pages.extend(chapter_page(r, i, chapter, &body, diags));
    }
    pages.extend(single_page(r, &p, &live, diags));
    pages.push((
        "static/search-index.js".to_string(),
        search_index(r, &p, &live),
    ));
    pages
}

/// The list of chapters, `current` marked.
fn chapter_links(r: &Renderer, current: Option<usize>) -> Vec<ChapterLink> {
    r.book
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| ChapterLink {
            title: c.title.clone(),
            description: c.description.clone().unwrap_or_default(),
            url: format!("{}.html", c.slug),
            current: Some(i) == current,
        })
        .collect()
}

/// `handbook/index.html`: the contents, and the PDF when there is one.
fn contents(r: &Renderer, p: &Presenter, diags: &mut Diagnostics) -> Option<(String, String)> {
    let period = r.report.scores.report;
    let mut ctx = r.context(p.locale, period, 1, p.t("site.handbook"), "handbook");
    ctx.insert("chapters", &chapter_links(r, None));
    ctx.insert("pdf_url", if r.pdf { "../pdf/handbook.pdf" } else { "" });
    let html = r.theme.render("handbook_index.html", &ctx, diags)?;
    Some(("handbook/index.html".to_string(), html))
}

/// `handbook/<slug>.html`: chapter `i` with its headings and the previous and next
/// chapters.
fn chapter_page(
    r: &Renderer,
    i: usize,
    chapter: &Chapter,
    body: &str,
    diags: &mut Diagnostics,
) -> Option<(String, String)> {
    let book = r.book;
    let period = r.report.scores.report;
    let mut ctx = r.context(book.settings.locale, period, 1, &chapter.title, "chapter");
    ctx.insert("chapters", &chapter_links(r, Some(i)));
    ctx.insert("title", &chapter.title);
    ctx.insert("has_h1", &chapter.has_h1);
    ctx.insert("body", body);
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
    let link = |c: &Chapter| Link {
        label: c.title.clone(),
        url: format!("{}.html", c.slug),
        current: false,
    };
    ctx.insert("prev", &prev.map(link));
    ctx.insert("next", &next.map(link));
    let html = r.theme.render("chapter.html", &ctx, diags)?;
    Some((format!("handbook/{}.html", chapter.slug), html))
}

/// `handbook/print.html`: every chapter on one page, ids and links made page-local.
fn single_page(
    r: &Renderer,
    p: &Presenter,
    live: &[Vec<String>],
    diags: &mut Diagnostics,
) -> Option<(String, String)> {
    let chapters = &r.book.chapters;
    let slugs: Vec<String> = chapters.iter().map(|c| c.slug.clone()).collect();
    let single: Vec<PrintChapter> = chapters
        .iter()
        .zip(live)
        .map(|(c, live)| PrintChapter {
            slug: &c.slug,
            title: &c.title,
            has_h1: c.has_h1,
            body: print::chapter(c, live, &slugs),
        })
        .collect();
    let period = r.report.scores.report;
    let mut ctx = r.context(p.locale, period, 1, p.t("site.handbook"), "print");
    ctx.insert("chapters", &single);
    let html = r.theme.render("print.html", &ctx, diags)?;
    Some(("handbook/print.html".to_string(), html))
}

/// `static/search-index.js`: the chapters' sections and the search box's labels.
fn search_index(r: &Renderer, p: &Presenter, live: &[Vec<String>]) -> String {
    let docs: Vec<search::SearchDoc> = r
        .book
        .chapters
        .iter()
        .zip(live)
        .flat_map(|(c, live)| search::sections(c, live))
        .collect();
    let labels: BTreeMap<String, String> = [
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
    search::index_js(&docs, &labels)
}
