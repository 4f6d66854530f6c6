//! The handbook on one page (`handbook/print.html`): every chapter's HTML with its ids
//! prefixed by the chapter (`feedback--sbi`, the same labels the PDF uses), and links
//! between chapters turned into links within the page. The ids and links are written
//! that way as the chapter is walked ([`markdown::chapter_html`] with a [`Prefix`]).

use crate::load::content::Chapter;
use crate::render::markdown::{self, Prefix};

/// One chapter's part of the single page: its HTML with `live` (each shortcode's HTML,
/// in token order) in place, ids prefixed and links to `slugs` made page-local.
pub(crate) fn chapter(chapter: &Chapter, live: &[String], slugs: &[String]) -> String {
    let prefix = OnePage {
        slug: &chapter.slug,
        slugs,
    };
    markdown::chapter_html(chapter, live, Some(&prefix))
}

/// The rules of the single page, for one chapter.
struct OnePage<'a> {
    slug: &'a str,
    slugs: &'a [String],
}

impl Prefix for OnePage<'_> {
    fn id(&self, id: &str) -> String {
        format!("{}--{id}", self.slug)
    }

    /// `#x` is `#slug--x`; a chapter page (`kpis.html`, `kpis.html#aht`) is that
    /// chapter's place on the page (`#kpis`, `#kpis--aht`); anything else stays.
    fn href(&self, href: &str) -> String {
        if let Some(fragment) = href.strip_prefix('#') {
            return format!("#{}--{fragment}", self.slug);
        }
        let (page, fragment) = href.split_once('#').unwrap_or((href, ""));
        match page.strip_suffix(".html") {
            Some(other) if self.slugs.iter().any(|s| s == other) => {
                if fragment.is_empty() {
                    format!("#{other}")
                } else {
                    format!("#{other}--{fragment}")
                }
            }
            _ => href.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::content::tests::load_all;

    fn chapters(files: &[(&str, &str)]) -> Vec<Chapter> {
        load_all(files).0
    }

    #[test]
    fn ids_and_links_become_page_local() {
        let chapters = chapters(&[
            ("kpis.md", "---\nweight: 1\n---\n## AHT\n"),
            (
                "feedback.md",
                "---\nweight: 2\n---\n## SBI\n\nSee [AHT](kpis.md#aht), [KPIs](kpis.md), \
                 [out](https://example.com/x.html#y), [home](../index.html)[^1] [me](#sbi)\n\n\
                 [^1]: Note.\n",
            ),
        ]);
        let slugs: Vec<String> = chapters.iter().map(|c| c.slug.clone()).collect();
        let html = chapter(&chapters[1], &[], &slugs);
        assert_eq!(
            html,
            concat!(
                r##"<h2 id="feedback--sbi">SBI <a class="anchor" href="#feedback--sbi" aria-hidden="true" tabindex="-1">#</a></h2>"##,
                "\n",
                r##"<p>See <a href="#kpis--aht">AHT</a>, <a href="#kpis">KPIs</a>, "##,
                r##"<a href="https://example.com/x.html#y">out</a>, <a href="../index.html">home</a>"##,
                r##"<sup class="footnote-reference"><a href="#feedback--fn-1" id="feedback--fnref-1">1</a></sup> "##,
                r##"<a href="#feedback--sbi">me</a></p>"##,
                "\n",
                r##"<section class="footnotes">"##,
                "\n<ol>\n",
                r##"<li id="feedback--fn-1">"##,
                "\n",
                r##"<p>Note. <a href="#feedback--fnref-1" class="footnote-backref" role="doc-backlink">↩</a></p>"##,
                "\n</li>\n</ol>\n</section>\n",
            )
        );
    }

    #[test]
    fn raw_and_shortcode_html_get_the_same_rewrite() {
        let chapters = chapters(&[
            ("kpis.md", ""),
            (
                "a.md",
                "<div id=\"box\"><a href=\"kpis.html#x\">K</a></div>\n\n\
                 Inline <span id='s'>x</span> {{ value(kpi=\"aht\") }}\n",
            ),
        ]);
        let slugs: Vec<String> = chapters.iter().map(|c| c.slug.clone()).collect();
        let live = ["<tr id=\"kpi-aht\"><a href=\"../teams/x.html\">t</a></tr>".to_string()];
        let html = chapter(&chapters[0], &live, &slugs);
        assert_eq!(
            html,
            "<div id=\"a--box\"><a href=\"#kpis--x\">K</a></div>\n\
             <p>Inline <span id='a--s'>x</span> \
             <tr id=\"a--kpi-aht\"><a href=\"../teams/x.html\">t</a></tr></p>\n"
        );
    }

    #[test]
    fn text_that_looks_like_an_attribute_stays_text() {
        // Text is never rewritten: only the ids and links of elements are.
        let chapters = chapters(&[("a.md", "write id=\"x\" and `href=\"#y\"`\n")]);
        assert_eq!(
            chapter(&chapters[0], &[], &[]),
            "<p>write id=\"x\" and <code>href=\"#y\"</code></p>\n"
        );
    }
}
