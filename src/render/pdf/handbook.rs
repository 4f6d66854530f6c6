//! `pdf/handbook.pdf`: every chapter as Typst markup ([`markup::chapter_to_typst`]),
//! its shortcodes rendered from the same views as the site's
//! ([`shortcodes::view`]), the book's assets and the title page's data.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::load::book::Book;
use crate::load::content::Chapter;
use crate::load::shortcode::replace_tokens;
use crate::render::context::Renderer;
use crate::render::html::shortcodes::{self, Block, Rendered};
use crate::render::pdf::PdfJob;

use crate::render::pdf::markup::{self, ChapterMarkup};

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

/// What the handbook is typeset from.
pub(crate) fn handbook_job(r: &Renderer) -> PdfJob {
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
        let (text, live) = chapter_typst(r, chapter, &text);
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
        labels: &r.labels[&locale],
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
    PdfJob {
        main: "handbook.typ",
        files,
    }
}

/// The chapter's Typst markup with every shortcode rendered, and the files it reads:
/// `/shortcodes/<slug>.json` (the block views) and the chart SVGs.
fn chapter_typst(
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
        code.push(match shortcodes::view(r, &p, kind) {
            Rendered::Inline(text) => markup::escape_text(&text),
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
        markup::string_literal(&json_path)
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
