use super::*;
use crate::load::content::tests::load_all;

/// Chapter `<slug>.md` titled `title`, with `markdown` as its body.
fn chapter(slug: &str, title: &str, markdown: &str) -> Chapter {
    let text = format!("---\ntitle: {title}\n---\n{markdown}");
    let (chapters, diags) = load_all(&[(&format!("{slug}.md"), &text)]);
    assert!(diags.is_empty(), "{diags:?}");
    chapters.into_iter().next().expect("the chapter loads")
}

/// Each section as (url, heading, text).
fn parts(docs: &[SearchDoc]) -> Vec<(&str, &str, &str)> {
    docs.iter()
        .map(|d| (d.url.as_str(), d.heading.as_str(), d.text.as_str()))
        .collect()
}

/// The sections of a chapter whose body is one shortcode rendering to `html`: how raw
/// HTML (a shortcode's, an author's) is read.
fn sections_of_html(slug: &str, title: &str, html: &str) -> Vec<SearchDoc> {
    sections(&chapter(slug, title, "{{ kpis() }}\n"), &[html.to_string()])
}

fn doc(url: &str, heading: &str, text: &str) -> SearchDoc {
    doc_in("Feedback", url, heading, text)
}

fn doc_in(title: &str, url: &str, heading: &str, text: &str) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        title: title.into(),
        heading: heading.into(),
        text: text.into(),
    }
}

/// A chapter with an h1, entities, lists, tables, footnotes.
#[test]
fn splits_chapter_at_h2_and_h3() {
    let markdown = "# Feedback\n\nText with **bold** &amp; entities.\n\n## Przed rozmową\n\n\
        - Pierwszy\n- Drugi\n\n| KPI | Better |\n|---|---|\n| AHT | lower |\n\n### SBI\n\n\
        Use SBI[^1].\n\n[^1]: Situation, Behaviour, Impact.\n";
    assert_eq!(
        sections(&chapter("feedback", "Feedback", markdown), &[]),
        vec![
            doc("feedback.html", "", "Text with bold & entities."),
            doc(
                "feedback.html#przed-rozmowa",
                "Przed rozmową",
                "Pierwszy Drugi KPI Better AHT lower"
            ),
            doc(
                "feedback.html#sbi",
                "SBI",
                "Use SBI. Situation, Behaviour, Impact."
            ),
        ]
    );
}

#[test]
fn markdown_text_joins_inline_markup_and_leaves_decoration_out() {
    let markdown = "bo**ld** it*al*ic `co`de ![alt text](x.png) [link](#a)\n\
        soft\\\nhard\n\n- [x] done\n\n---\n\n```\ncode block\n```\n\n\
        > quoted\n\nSee[^n] and {{ value(kpi=\"aht\") }} now.\n\n[^n]: The *note*.\n";
    let live = ["<b>4</b> &amp; <span aria-hidden=\"true\">↑</span>min".to_string()];
    let docs = sections(&chapter("x", "X", markdown), &live);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0].text,
        "bold italic code link soft hard done code block quoted See and 4 & min now. The note."
    );
}

#[test]
fn raw_html_around_markdown_keeps_its_effect() {
    let markdown = "<div aria-hidden=\"true\">\n\nhidden *text*\n\n</div>\n\nshown \
        <span class=\"anchor\">not</span>here\n\n<h2 id=\"raw\">Raw</h2>\n\nunder it\n";
    let docs = sections(&chapter("x", "X", markdown), &[]);
    assert_eq!(
        parts(&docs),
        [
            ("x.html", "", "shown here"),
            ("x.html#raw", "Raw", "under it")
        ]
    );
}

#[test]
fn decodes_entities() {
    let html = "<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x142;&#243;d&#X17A; f&nbsp;g \
                &mdash; &unknown; & &amp &#xD800; &#0; &#99999999999;</p>";
    let docs = sections_of_html("x", "X", html);
    assert_eq!(
        docs[0].text,
        "a & b <c> \"d\" 'e' łódź f g — &unknown; & &amp \u{fffd} \u{fffd} &#99999999999;"
    );
}

#[test]
fn inline_tags_join_words_and_block_tags_separate_them() {
    let html = "<p>bo<strong>ld</strong> it<em>al</em>ic</p><p>next</p>line<br>break";
    assert_eq!(
        sections_of_html("x", "X", html)[0].text,
        "bold italic next line break"
    );
}

#[test]
fn anchors_are_removed_and_ids_become_fragments() {
    let docs = sections(&chapter("s", "S", "## A &amp; B\n\nx\n"), &[]);
    assert_eq!(
        docs,
        vec![SearchDoc {
            url: "s.html#a-b".into(),
            title: "S".into(),
            heading: "A & B".into(),
            text: "x".into(),
        }]
    );
    // A heading without an id links to the page itself.
    let docs = sections_of_html("s", "S", "<h3>Plain</h3><p>y</p>");
    assert_eq!(docs[0].url, "s.html");
    assert_eq!(docs[0].heading, "Plain");
    // Odd characters in ids are percent-encoded.
    let docs = sections_of_html("s", "S", "<h2 id=\"a b&quot;ą\">T</h2><p>z</p>");
    assert_eq!(docs[0].url, "s.html#a%20b%22%C4%85");
}

#[test]
fn svg_script_and_style_are_dropped() {
    let html = "<p>before</p>\
        <figure><svg viewBox=\"0 0 10 10\"><g><text>Axis</text><svg><text>Inner</text></svg><text>Tail</text></g></svg>\
        <figcaption>Caption</figcaption></figure>\
        <script>if (a < b && c > d) { x = \"</p>\"; }</script>\
        <style>p > a { color: red }</style>\
        <svg/><p>after</p><!-- a <p>comment</p> -->";
    assert_eq!(
        sections_of_html("x", "X", html)[0].text,
        "before Caption after"
    );
}

#[test]
fn empty_sections_are_skipped() {
    // The h1 equals the title and nothing precedes the first h2: no intro.
    // The h2 has no text of its own but is kept (its heading is findable);
    // the h3 whose content is only an svg chart is kept for its heading too.
    let html = "<h1 id=\"t\">Title <a class=\"anchor\" href=\"#t\" aria-hidden=\"true\">#</a></h1>\n\
        <h2 id=\"a\">A</h2>\n<h3 id=\"b\">B</h3><p>text</p><h3 id=\"c\">C</h3><svg><text>1</text></svg>";
    let docs = sections_of_html("x", "Title", html);
    assert_eq!(
        parts(&docs),
        [
            ("x.html#a", "A", ""),
            ("x.html#b", "B", "text"),
            ("x.html#c", "C", "")
        ]
    );
    // A page of nothing but whitespace, comments and hidden parts.
    assert!(sections_of_html("x", "X", " \n<!-- c --><svg><text>9</text></svg>").is_empty());
    assert!(sections_of_html("x", "X", "").is_empty());
    assert!(sections(&chapter("x", "X", ""), &[]).is_empty());
    // An empty heading with no text is an empty section.
    assert!(sections_of_html("x", "X", "<h2 id=\"e\"> <a class=\"anchor\">#</a></h2>").is_empty());
    // The h1 that is the title and an h2 with nothing under it.
    let docs = sections(&chapter("x", "Title", "# Title\n\n## A\n"), &[]);
    assert_eq!(docs, [doc_in("Title", "x.html#a", "A", "")]);
}

#[test]
fn h1_different_from_title_is_kept_as_intro_text() {
    let docs = sections(
        &chapter("x", "Short title", "# A longer heading\n\nBody\n"),
        &[],
    );
    assert_eq!(
        docs,
        vec![SearchDoc {
            url: "x.html".into(),
            title: "Short title".into(),
            heading: "".into(),
            text: "A longer heading Body".into(),
        }]
    );
}

#[test]
fn malformed_input_does_not_panic() {
    let inputs = [
        "<",
        "<<",
        "</",
        "<a",
        "<a href=\"x",
        "<a href='x'",
        "<p>&",
        "&#",
        "&#x;",
        "&;",
        "<h2 id=\"x\">unterminated",
        "</h2></h3></svg>",
        "<svg><svg>",
        "<script>never closed",
        "<!--",
        "<!",
        "<p =x>y</p>",
        "<p a=>z</p>",
        "ż<ó>ł&ć;",
        "<h2 id=ą>ę</h2>",
        "<style",
        "<a class=anchor>#",
        "\u{2028}<p>\u{0}x</p>",
    ];
    let wrapper = chapter("s", "T", "{{ kpis() }}\n");
    let sections_of = |html: &str| sections(&wrapper, &[html.to_string()]);
    for input in inputs {
        let _ = sections_of(input);
    }
    // Every prefix of a real chapter, cut at every char boundary.
    let html = "<h1 id=\"z\">Zażółć <a class=\"anchor\" href=\"#z\">#</a></h1><p>a&amp;b &#x142;</p>\
                <h2 id='ø'>Søk</h2><svg><text>x</text></svg><script>1<2</script>";
    for (i, _) in html.char_indices() {
        let _ = sections_of(&html[..i]);
    }
    assert_eq!(
        sections_of("<h2 id=\"x\">unterminated")[0].heading,
        "unterminated"
    );
}

/// Random soup of HTML-ish pieces (a fixed-seed xorshift, so the test is
/// reproducible): nothing panics, and outputs are clean text.
#[test]
fn random_markup_does_not_panic() {
    const PIECES: &[&str] = &[
        "<",
        ">",
        "</",
        "/>",
        "<h2 id=\"a\">",
        "</h2>",
        "<h1>",
        "</h1>",
        "<h3 id='ø'>",
        "</h3>",
        "<svg>",
        "</svg>",
        "<script>",
        "</script>",
        "<style>",
        "<a class=\"anchor\">",
        "</a>",
        "<sup class=\"footnote-reference\">",
        "</sup>",
        "<p>",
        "</p>",
        "<!--",
        "-->",
        "&amp;",
        "&#x142;",
        "&#",
        ";",
        "&",
        "\"",
        "'",
        "=",
        " ",
        "\n",
        "ż",
        "ółć",
        "x",
        "😀",
        "<br/>",
        "<div aria-hidden=\"true\">",
        "</div>",
        "<template>",
        "<!DOCTYPE html>",
        "\u{2028}",
    ];
    let wrapper = chapter("s", "T", "{{ kpis() }}\n");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        let mut html = String::new();
        for _ in 0..40 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            html.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        for doc in sections(&wrapper, &[html]) {
            assert!(doc.url.starts_with("s.html"));
            for s in [&doc.heading, &doc.text] {
                assert_eq!(s.trim(), s.as_str());
                assert!(!s.contains("  ") && !s.contains('\n'), "{s:?}");
            }
        }
    }
}

#[test]
fn whitespace_is_collapsed_and_invisible_characters_dropped() {
    let html = "<p>  a \n\t b&nbsp;&nbsp;c  </p>\n\n<p>wsp\u{ad}ół\u{200b}praca</p>";
    assert_eq!(sections_of_html("x", "X", html)[0].text, "a b c współpraca");
}

fn labels() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("placeholder".to_string(), "Szukaj…".to_string()),
        ("no_results".to_string(), "Brak wyników".to_string()),
    ])
}

#[test]
fn index_js_is_deterministic_and_shaped() {
    let docs = sections(
        &chapter("feedback", "Feedback", "Hello\n\n## A\n\nWorld\n"),
        &[],
    );
    let a = index_js(&docs, &labels());
    let b = index_js(&docs.clone(), &labels().into_iter().rev().collect());
    assert_eq!(a, b);
    assert_eq!(
        a,
        "/* Generated by pulsebook: handbook search index. */\n\
         window.pulsebookSearch = {\"docs\":[\
         {\"id\":0,\"url\":\"feedback.html\",\"title\":\"Feedback\",\"heading\":\"\",\"text\":\"Hello\"},\
         {\"id\":1,\"url\":\"feedback.html#a\",\"title\":\"Feedback\",\"heading\":\"A\",\"text\":\"World\"}],\
         \"labels\":{\"no_results\":\"Brak wyników\",\"placeholder\":\"Szukaj…\"}};\n"
    );
}

#[test]
fn index_js_escapes_script_breakers() {
    let docs = [SearchDoc {
        url: "x.html".into(),
        title: "</script><script>alert(1)</script>".into(),
        heading: "<!-- \u{2028}\u{2029}".into(),
        text: "a \"quote\" \\ back\nslash".into(),
    }];
    let js = index_js(&docs, &BTreeMap::new());
    assert!(!js.contains('<'), "{js}");
    assert!(!js.contains('>'), "{js}");
    assert!(!js.contains('\u{2028}') && !js.contains('\u{2029}'));
    assert!(js.contains(r"\u003c/script\u003e"));
    assert!(js.contains(r"\u2028\u2029"));
    // The payload is still JSON and round-trips to the same strings.
    let json = js
        .split_once("window.pulsebookSearch = ")
        .and_then(|(_, rest)| rest.strip_suffix(";\n"))
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(value["docs"][0]["title"], docs[0].title.as_str());
    assert_eq!(value["docs"][0]["heading"], docs[0].heading.as_str());
    assert_eq!(value["docs"][0]["text"], docs[0].text.as_str());
    assert_eq!(value["labels"], serde_json::json!({}));
}
