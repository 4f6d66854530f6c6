use super::*;
use crate::load::content::tests::{LINKED, builtin, load_all};

/// The HTML of a chapter `chapter.md` with `text`, no shortcodes rendered.
fn html(text: &str) -> String {
    let (chapters, _) = load_all(&[("chapter.md", text)]);
    chapter_html(&chapters[0], &[], None)
}

#[test]
fn headings_get_ids_and_self_links() {
    let html = html(
        "# Zażółć gęślą jaźń\n\n## Æble, smørbrød & Straße\n\n#### Deep\n\n## Own {#my-id .wide}\n",
    );
    assert_eq!(
        html,
        "<h1 id=\"zazolc-gesla-jazn\">Zażółć gęślą jaźń \
         <a class=\"anchor\" href=\"#zazolc-gesla-jazn\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h1>\n\
         <h2 id=\"aeble-smorbrod-strasse\">Æble, smørbrød &amp; Straße \
         <a class=\"anchor\" href=\"#aeble-smorbrod-strasse\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n\
         <h4 id=\"deep\">Deep <a class=\"anchor\" href=\"#deep\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h4>\n\
         <h2 id=\"my-id\" class=\"wide\">Own \
         <a class=\"anchor\" href=\"#my-id\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
    );
}

#[test]
fn tables_footnotes_and_task_lists_render() {
    let html = html(
        "| KPI | Better |\n|---|---|\n| AHT | lower |\n\n\
         Use SBI[^sbi] and ~~blame~~ facts[^Sbi].\n\n- [ ] before\n- [x] after\n\n\
         [^sbi]: Situation, Behaviour, Impact.\n\n[^lonely]: Never cited.\n",
    );
    assert!(
        html.starts_with("<div class=\"table-wrap\" tabindex=\"0\">\n<table>"),
        "{html}"
    );
    assert!(html.contains("</table>\n</div>\n"), "{html}");
    assert!(html.contains("<del>blame</del>"));
    // The item's text labels its checkbox.
    assert!(
        html.contains(
            "<li><label class=\"task\"><input type=\"checkbox\" disabled> before</label></li>\n\
             <li><label class=\"task\"><input type=\"checkbox\" disabled checked> after</label></li>"
        ),
        "{html}"
    );
    assert!(html.contains(
        "SBI<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>"
    ));
    assert!(html.contains("id=\"fnref-1-2\">1</a>"), "{html}");
    assert!(
        html.contains(
            "<section class=\"footnotes\">\n<ol>\n<li id=\"fn-1\">\n<p>Situation, Behaviour, Impact. \
             <a href=\"#fnref-1\" class=\"footnote-backref\" role=\"doc-backlink\">↩</a> \
             <a href=\"#fnref-1-2\" class=\"footnote-backref\" role=\"doc-backlink\">↩<sup>2</sup></a></p>\n</li>\n\
             <li id=\"fn-2\">\n<p>Never cited.</p>\n</li>\n</ol>\n</section>\n"
        ),
        "{html}"
    );
}

#[test]
fn a_task_label_ends_with_the_items_own_text() {
    let html = html("- [x] loose\n\n  more\n");
    assert!(
        html.contains(
            "<p><label class=\"task\"><input type=\"checkbox\" disabled checked> loose</label></p>\n<p>more</p>"
        ),
        "{html}"
    );
    let html = self::html("- [ ] parent\n  - [ ] child\n");
    assert!(
        html.contains(
            "<label class=\"task\"><input type=\"checkbox\" disabled> parent</label>\n<ul>\n\
             <li><label class=\"task\"><input type=\"checkbox\" disabled> child</label></li>"
        ),
        "{html}"
    );
}

#[test]
fn footnote_citations_are_counted_in_document_order() {
    // The definition of `a` cites `b` before the text does: that citation is the first.
    let html = html("[^a]: A cites[^b].\n\nText[^b] and[^a].\n\n[^b]: B.\n");
    assert!(
        html.starts_with(
            "<p>Text<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1-2\">1</a></sup> \
             and<sup class=\"footnote-reference\"><a href=\"#fn-2\" id=\"fnref-2\">2</a></sup>.</p>\n"
        ),
        "{html}"
    );
    assert!(html.contains("<li id=\"fn-2\">\n<p>A cites<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>."), "{html}");
    // A definition with no paragraph at its end gets its back-links in one of its own.
    let html = self::html("X[^c]\n\n[^c]:\n    ```\n    code\n    ```\n");
    assert!(
        html.contains(
            "</code></pre>\n<p><a href=\"#fnref-1\" class=\"footnote-backref\" role=\"doc-backlink\">↩</a></p>\n</li>"
        ),
        "{html}"
    );
}

#[test]
fn smart_punctuation_is_off_and_raw_html_passes() {
    assert_eq!(
        html("\"Quotes\" -- and <kbd>Ctrl</kbd>\n"),
        "<p>\"Quotes\" -- and <kbd>Ctrl</kbd></p>\n"
    );
}

#[test]
fn links_to_chapters_go_to_their_pages() {
    let (chapters, _) = load_all(&LINKED);
    let html = chapter_html(&chapters[1], &[], None);
    for expected in [
        "href=\"kpis.html\"",
        "href=\"guides-coaching.html#sbi\"",
        "href=\"guides-coaching.html?x=1\"",
        "href=\"https://example.com/x.md\"",
        "href=\"#local\"",
        "href=\"../notes.txt\"",
        "href=\"https://a.md\"",
        "href=\"kpis.html#aht\"",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    assert!(chapter_html(&chapters[2], &[], None).contains("href=\"guides-feedback.html\""));
}

#[test]
fn shortcodes_take_their_tokens_place() {
    let text = "Target: {{ target(kpi=\"aht\") }}.\n\n{{ kpis() }}\n\n{{ questions() }}\n";
    let (mut chapters, _) = load_all(&[("chapter.md", text)]);
    let chapter = &mut chapters[0];
    chapter.live = vec![
        Kind::Target {
            kpi: "aht".into(),
            scope: crate::load::shortcode::Scope::Organisation,
        },
        Kind::Kpis { team: None },
        Kind::Questions { group: None },
    ];
    let live = ["5 min".to_string(), "<table/>\n".into(), "<div/>\n".into()];
    // A block alone in its paragraph replaces it, except the question bank's.
    assert_eq!(
        chapter_html(chapter, &live, None),
        "<p>Target: 5 min.</p>\n<table/>\n\n<p><div/>\n</p>\n"
    );
    // Without their HTML the tokens stay (a chapter renders before its shortcodes do).
    let html = chapter_html(chapter, &[], None);
    assert_eq!(crate::load::shortcode::tokens(&html).len(), 3);
}

#[test]
fn escape_html_escapes_attribute_characters() {
    assert_eq!(
        escape_html("a & b <c> \"d\" 'e' ż"),
        "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; ż"
    );
}

#[test]
fn builtin_feedback_chapter_has_task_lists_and_footnotes() {
    let (chapters, _) = builtin("en");
    let feedback = chapters
        .iter()
        .find(|c| c.slug == "feedback")
        .expect("a feedback chapter");
    let html = chapter_html(feedback, &[], None);
    assert!(html.contains("type=\"checkbox\""));
    assert!(html.contains("class=\"footnotes\""));
}
