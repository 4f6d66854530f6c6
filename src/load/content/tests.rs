use pulldown_cmark::{Event, Tag};

use super::markdown::{ChapterRef, slugify};
use super::*;

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.to_string(),
        path: PathBuf::from(format!("content/{name}")),
        text: text.to_string(),
    }
}

/// Loads `content/<name>` files (name, text); the chapters and the diagnostics, sorted.
/// Shared with the renderers' tests.
pub(crate) fn load_all(files: &[(&str, &str)]) -> (Vec<Chapter>, Vec<Diagnostic>) {
    let sources: Vec<Source> = files.iter().map(|(n, t)| source(n, t)).collect();
    let mut diags = Diagnostics::new();
    let chapters = load(&sources, &mut diags);
    (chapters, diags.sorted())
}

/// Three chapters linking each other every way a link can be written (the second).
pub(crate) const LINKED: [(&str, &str); 3] = [
    ("kpis.md", "---\nweight: 1\n---\n"),
    (
        "guides/feedback.md",
        "---\nweight: 2\n---\n[a](../kpis.md) [b](coaching.md#sbi) [c](./coaching.md?x=1)\n\
         [d](https://example.com/x.md) [e](#local) [f](../notes.txt) <https://a.md>\n[g][ref]\n\n\
         [ref]: ../kpis.md#aht\n",
    ),
    (
        "guides/coaching.md",
        "---\nweight: 3\n---\n[back](feedback.md)\n",
    ),
];

/// The built-in handbook of `lang`, loaded.
pub(crate) fn builtin(lang: &str) -> (Vec<Chapter>, Vec<Diagnostic>) {
    let files: Vec<(String, String)> = crate::base::embedded::under(&format!("content/{lang}"))
        .filter(|(name, _)| name.ends_with(".md"))
        .map(|(name, bytes)| {
            (
                name.to_string(),
                String::from_utf8_lossy(bytes).into_owned(),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    load_all(&files)
}

fn one(text: &str) -> Chapter {
    let (chapters, diags) = load_all(&[("chapter.md", text)]);
    assert!(diags.is_empty(), "unexpected diagnostics: {diags:?}");
    chapters.into_iter().next().expect("one chapter")
}

/// The body's text as a reader sees it, with `---` for a thematic break.
fn plain(chapter: &Chapter) -> String {
    chapter
        .body
        .events
        .iter()
        .filter_map(|event| match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                Some(t.as_ref())
            }
            Event::Rule => Some("---"),
            _ => None,
        })
        .collect()
}

/// Every heading's level and id, in order.
fn heading_ids(chapter: &Chapter) -> Vec<(u8, String)> {
    chapter
        .body
        .events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                Some((*level as u8, id.as_deref().unwrap_or_default().to_string()))
            }
            _ => None,
        })
        .collect()
}

fn only_diagnostic(name: &str, text: &str) -> Diagnostic {
    let (_, diags) = load_all(&[(name, text)]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    diags.into_iter().next().expect("one diagnostic")
}

#[test]
fn front_matter_is_parsed() {
    let cases: &[(&str, &str, i64, Option<&str>)] = &[
        (
            "---\ntitle: KPIs\nweight: 2\ndescription: What we measure\n---\nBody\n",
            "KPIs",
            2,
            Some("What we measure"),
        ),
        ("---\ntitle: \"Quoted: yes\"\n---\n", "Quoted: yes", 0, None),
        (
            "---\r\nweight: -3\r\n---\r\n# Heading\r\n",
            "Heading",
            -3,
            None,
        ),
        ("---\n---\nBody\n", "chapter", 0, None),
        ("\u{feff}---\nweight: 1\n---\n", "chapter", 1, None),
    ];
    for &(text, title, weight, description) in cases {
        let chapter = one(text);
        assert_eq!(chapter.title, title, "{text:?}");
        assert_eq!(chapter.weight, weight, "{text:?}");
        assert_eq!(chapter.description.as_deref(), description, "{text:?}");
        let plain = plain(&chapter);
        assert!(!plain.contains("---"), "{text:?}: {plain}");
        assert!(!plain.contains("title"), "{text:?}: {plain}");
    }
}

#[test]
fn unknown_front_matter_key_points_into_the_chapter_with_a_hint() {
    let d = only_diagnostic("kpis.md", "---\ntitle: KPIs\nwieght: 2\n---\n# KPIs\n");
    assert!(d.is_error());
    assert_eq!(d.message, "unknown front matter key `wieght`");
    assert_eq!((d.line, d.col, d.len), (3, 1, 6));
    assert_eq!(d.snippet.as_deref(), Some("wieght: 2"));
    assert_eq!(d.hint.as_deref(), Some("did you mean `weight`?"));
    assert_eq!(d.file, PathBuf::from("content/kpis.md"));
}

#[test]
fn front_matter_type_errors_point_at_the_value() {
    let cases = [
        (
            "---\ntitle: KPIs\nweight: \"abc\"\n---\n",
            "`weight` must be a whole number",
            (3, 9, 5),
        ),
        (
            "---\nweight: 1.5\n---\n",
            "`weight` must be a whole number",
            (2, 9, 3),
        ),
        (
            "---\ntitle: [a, b]\n---\n",
            "`title` must be text",
            (2, 8, 6),
        ),
        (
            "---\ndescription: {a: 1}\n---\n",
            "`description` must be text",
            (2, 14, 6),
        ),
        (
            "---\njust text\n---\n",
            "front matter must be `key: value` lines",
            (2, 1, 1),
        ),
    ];
    for (text, message, position) in cases {
        let d = only_diagnostic("kpis.md", text);
        assert_eq!(d.message, message, "{text:?}");
        assert_eq!((d.line, d.col, d.len), position, "{text:?}");
    }
}

#[test]
fn yaml_syntax_errors_are_shifted_to_the_chapter_line() {
    let d = only_diagnostic("a.md", "---\ntitle: A\ntitle: B\n---\n");
    assert_eq!(
        d.message,
        "invalid front matter: duplicate mapping key `title` is not allowed here"
    );
    assert_eq!((d.line, d.col), (3, 1));

    let d = only_diagnostic("a.md", "---\nweight: 1\ntitle: Zażółć: gęślą\n---\n");
    assert_eq!(
        d.message,
        "invalid front matter: mapping values are not allowed in this context"
    );
    assert_eq!((d.line, d.col), (3, 14), "columns count characters");
    assert!(d.hint.is_some_and(|h| h.contains("in quotes")));
}

#[test]
fn unclosed_front_matter_is_an_error_at_line_one() {
    let d = only_diagnostic("a.md", "---\ntitle: A\n\n# Body\n");
    assert_eq!(d.message, "front matter is not closed");
    assert_eq!((d.line, d.col), (1, 1));
    assert_eq!(d.snippet.as_deref(), Some("---"));
}

#[test]
fn chapter_with_an_error_is_left_out_and_others_load() {
    let (chapters, diags) = load_all(&[("a.md", "---\nwieght: 1\n---\n"), ("b.md", "B\n")]);
    assert_eq!(diags.len(), 1);
    let slugs: Vec<&str> = chapters.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, ["b"]);
}

#[test]
fn chapters_are_ordered_by_weight_then_slug() {
    let (chapters, diags) = load_all(&[
        ("zeta.md", "---\nweight: 1\n---\n"),
        ("beta.md", "---\nweight: 2\n---\n"),
        ("alpha.md", "---\nweight: 2\n---\n"),
        ("guides/intro.md", "no front matter\n"),
        ("minus.md", "---\nweight: -1\n---\n"),
    ]);
    assert!(diags.is_empty());
    let slugs: Vec<&str> = chapters.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, ["minus", "guides-intro", "zeta", "alpha", "beta"]);
}

#[test]
fn title_falls_back_to_first_h1_then_file_stem() {
    let cases = [
        (
            "---\ntitle: From front matter\n---\n# From H1\n",
            "From front matter",
            true,
        ),
        (
            "Intro.\n\n# From *H1* `code`\n\n# Second\n",
            "From H1 code",
            true,
        ),
        ("## Only an h2\n", "feedback", false),
        ("---\ntitle: \"  \"\n---\nNo heading\n", "feedback", false),
    ];
    for (text, title, has_h1) in cases {
        let (chapters, diags) = load_all(&[("guides/feedback.md", text)]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(chapters[0].title, title, "{text:?}");
        assert_eq!(chapters[0].has_h1, has_h1, "{text:?}");
    }
}

#[test]
fn headings_get_ids_and_self_links() {
    let chapter = one(
        "# Zażółć gęślą jaźń\n\n## Æble, smørbrød & Straße\n\n### Señor Müller's NPS?\n\n\
         ## Duplicate\n\n## Duplicate\n\n## Duplicate\n\n## Own {#my-id}\n\n## My id\n\n\
         #### Deep\n\n## !!!\n",
    );
    let ids: Vec<(u8, &str)> = chapter
        .headings
        .iter()
        .map(|h| (h.level, h.id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            (2, "aeble-smorbrod-strasse"),
            (3, "senor-muller-s-nps"),
            (2, "duplicate"),
            (2, "duplicate-1"),
            (2, "duplicate-2"),
            (2, "my-id"),
            (2, "my-id-1"),
            (2, "section"),
        ]
    );
    // Every heading's start carries its id, the h1 and h4 too.
    let all = heading_ids(&chapter);
    assert_eq!(all[0], (1, "zazolc-gesla-jazn".to_string()));
    assert!(all.contains(&(4, "deep".to_string())), "{all:?}");
    assert_eq!(all.len(), ids.len() + 2);
    assert_eq!(chapter.headings[1].text, "Señor Müller's NPS?");
    assert_eq!(chapter.headings[5].text, "Own");
}

#[test]
fn duplicate_custom_heading_id_is_a_warning() {
    let (chapters, diags) = load_all(&[("a.md", "## One {#x}\n\n## Two {#x}\n\n## X\n")]);
    let ids: Vec<&str> = chapters[0].headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["x", "x", "x-1"]);
    assert_eq!(diags.len(), 1);
    assert!(!diags[0].is_error());
    assert_eq!(diags[0].message, "duplicate heading id `x`");
    assert_eq!(diags[0].line, 3);
}

#[test]
fn slugify_folds_diacritics_and_collapses_separators() {
    let cases = [
        ("Średni czas obsługi (AHT)", "sredni-czas-obslugi-aht"),
        ("  --Łódź__Kraków--  ", "lodz-krakow"),
        ("Åpen ærlig øving", "apen-aerlig-oving"),
        ("Привет мир", "привет-мир"),
        ("?!", "section"),
    ];
    for (text, slug) in cases {
        assert_eq!(slugify(text), slug, "{text:?}");
    }
}

#[test]
fn footnotes_are_numbered_in_citation_order() {
    let (chapters, diags) = load_all(&[(
        "chapter.md",
        "| KPI | Better |\n|---|---|\n| AHT | lower |\n\n\
         Use SBI[^sbi] and ~~blame~~ facts[^Sbi].\n\n- [ ] before\n- [x] after\n\n\
         [^sbi]: Situation, Behaviour, Impact.\n\n[^lonely]: Never cited.\n",
    )]);
    let body = &chapters[0].body;
    let notes: Vec<(&str, usize, usize, bool)> = body
        .footnotes
        .iter()
        .map(|f| {
            (
                f.key.as_str(),
                f.number,
                f.references.len(),
                f.definition.is_some(),
            )
        })
        .collect();
    assert_eq!(notes, [("sbi", 1, 2, true), ("lonely", 2, 0, true)]);
    assert_eq!(body.footnote("SBI").map(|f| f.number), Some(1));
    let definition = body.footnotes[0].definition.clone().unwrap();
    assert!(matches!(
        body.events[definition.start],
        Event::Start(Tag::Paragraph)
    ));
    assert!(matches!(
        body.events[definition.end],
        Event::End(pulldown_cmark::TagEnd::FootnoteDefinition)
    ));
    for &at in &body.footnotes[0].references {
        assert!(matches!(&body.events[at], Event::FootnoteReference(_)));
    }
    // The unreferenced footnote is still kept, with a warning.
    assert_eq!(diags.len(), 1);
    assert!(!diags[0].is_error());
    assert_eq!(diags[0].message, "footnote `lonely` is never referenced");
    assert_eq!(diags[0].line, 12);
}

#[test]
fn footnotes_cited_inside_footnotes_are_numbered_in_document_order() {
    let chapter = one("A[^a] B[^b].\n\n[^a]: See[^c].\n\n[^b]: B.\n\n[^c]: C[^b].\n");
    let notes: Vec<(&str, usize, usize)> = chapter
        .body
        .footnotes
        .iter()
        .map(|f| (f.key.as_str(), f.number, f.references.len()))
        .collect();
    assert_eq!(notes, [("a", 1, 1), ("b", 2, 2), ("c", 3, 1)]);
}

#[test]
fn smart_punctuation_is_off_and_raw_html_passes() {
    let chapter = one("\"Quotes\" -- and <kbd>Ctrl</kbd>\n");
    assert_eq!(plain(&chapter), "\"Quotes\" -- and <kbd>Ctrl</kbd>");
}

#[test]
fn links_to_chapters_are_resolved() {
    let (chapters, diags) = load_all(&LINKED);
    assert!(diags.is_empty(), "{diags:?}");
    let pages = |chapter: &Chapter| -> Vec<String> {
        chapter
            .body
            .chapter_links
            .values()
            .map(ChapterRef::page)
            .collect()
    };
    assert_eq!(
        pages(&chapters[1]),
        [
            "kpis.html",
            "guides-coaching.html#sbi",
            "guides-coaching.html?x=1",
            "kpis.html#aht"
        ]
    );
    let fragments: Vec<Option<&str>> = chapters[1]
        .body
        .chapter_links
        .values()
        .map(ChapterRef::fragment)
        .collect();
    assert_eq!(fragments, [None, Some("sbi"), None, Some("aht")]);
    for &at in chapters[1].body.chapter_links.keys() {
        assert!(matches!(
            &chapters[1].body.events[at],
            Event::Start(Tag::Link { .. })
        ));
    }
    assert_eq!(pages(&chapters[2]), ["guides-feedback.html"]);
}

#[test]
fn link_to_unknown_chapter_is_a_warning_at_its_line() {
    let (chapters, diags) = load_all(&[
        (
            "guides/feedback.md",
            "Intro.\n\nSee the [KPIs](../kpi.md#aht).\n",
        ),
        ("kpis.md", ""),
    ]);
    assert_eq!(chapters.len(), 2, "a warning keeps the chapter");
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert!(!d.is_error());
    assert_eq!(d.message, "link to unknown chapter `../kpi.md#aht`");
    assert_eq!((d.line, d.col, d.len), (3, 16, 13));
    assert_eq!(d.hint.as_deref(), Some("did you mean `../kpis.md`?"));
}

#[test]
fn bad_chapter_names_are_errors() {
    let cases = [
        (
            vec!["index.md"],
            "`index.md` is reserved: `handbook/index.html` is the handbook contents page",
            "rename it, e.g. to `introduction.md`",
        ),
        (
            vec!["Sales Tips.md"],
            "chapter file name `Sales Tips.md` does not make a valid page name",
            "use lowercase letters, digits, `-` and `_`, e.g. `sales-tips.md`",
        ),
        (
            vec!["Przewodnik/Żółw.md"],
            "chapter file name `Przewodnik/Żółw.md` does not make a valid page name",
            "use lowercase letters, digits, `-` and `_`, e.g. `przewodnik/zolw.md`",
        ),
        (
            vec!["guides/feedback.md", "guides-feedback.md"],
            "chapters `guides-feedback.md` and `guides/feedback.md` would both be \
             `handbook/guides-feedback.html`",
            "rename one of them",
        ),
    ];
    for (names, message, hint) in cases {
        let files: Vec<(&str, &str)> = names.iter().map(|n| (*n, "Text\n")).collect();
        let (chapters, diags) = load_all(&files);
        assert_eq!(chapters.len(), names.len() - 1, "{names:?}");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].message, message);
        assert_eq!(diags[0].hint.as_deref(), Some(hint));
    }
}

#[test]
fn output_is_deterministic_whatever_the_source_order() {
    let files = [
        ("b.md", "[x](a.md)\n\n## H\n\n## H\n"),
        ("a.md", "---\nweight: 1\n---\n# A\n"),
        ("guides-x.md", ""),
        ("guides/x.md", ""),
    ];
    let mut reversed = files;
    reversed.reverse();
    let (first, first_diags) = load_all(&files);
    let (second, second_diags) = load_all(&reversed);
    assert_eq!(first, second);
    assert_eq!(first_diags, second_diags);
}

#[test]
fn builtin_handbooks_load_without_diagnostics_in_the_same_order() {
    let mut orders = Vec::new();
    for lang in ["en", "pl", "nb"] {
        // Links between chapters must resolve against the whole set.
        let (chapters, diags) = builtin(lang);
        assert!(diags.is_empty(), "{lang}: {diags:?}");
        assert!(chapters.len() >= 10, "{lang}: {} chapters", chapters.len());
        assert_eq!(chapters[0].slug, "welcome");
        for chapter in &chapters {
            assert!(chapter.description.is_some(), "{lang}/{}", chapter.slug);
            assert!(!chapter.headings.is_empty(), "{lang}/{}", chapter.slug);
            assert!(
                !chapter.has_h1,
                "{lang}/{}: the title comes from front matter",
                chapter.slug
            );
        }
        let feedback = chapters
            .iter()
            .find(|c| c.slug == "feedback")
            .expect("a feedback chapter");
        let events = &feedback.body.events;
        assert!(events.iter().any(|e| matches!(e, Event::TaskListMarker(_))));
        assert!(!feedback.body.footnotes.is_empty());
        orders.push(
            chapters
                .iter()
                .map(|c| (c.slug.clone(), c.weight))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(
        orders[0], orders[1],
        "English and Polish have the same chapters in the same order"
    );
    assert_eq!(
        orders[0], orders[2],
        "English and Norwegian have the same chapters in the same order"
    );
}

/// The built-in languages, kept together (issue 21): each has every chapter, with
/// the same weight, the same section anchors (`## … {#id}`: links and the PDF's
/// contents use them) and the same shortcodes in the same order, and a question bank
/// that loads.
#[test]
fn builtin_languages_have_the_same_chapters_anchors_and_shortcodes() {
    type Shape = Vec<(String, i64, Vec<String>, Vec<String>)>;
    let shape = |lang: &str| -> Shape {
        let (chapters, diags) = builtin(lang);
        assert!(diags.is_empty(), "{lang}: {diags:?}");
        chapters
            .iter()
            .map(|c| {
                let anchors = heading_ids(c)
                    .into_iter()
                    .filter(|(level, _)| *level == 2)
                    .map(|(_, id)| id)
                    .collect();
                let shortcodes = c.shortcodes.iter().map(|s| s.name.clone()).collect();
                (c.slug.clone(), c.weight, anchors, shortcodes)
            })
            .collect()
    };
    let english = shape("en");
    assert!(english.len() >= 17, "{} English chapters", english.len());
    for lang in ["pl", "nb"] {
        let other = shape(lang);
        let slugs = |s: &Shape| s.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&other), slugs(&english), "{lang}: the chapters");
        for (theirs, ours) in other.iter().zip(&english) {
            assert_eq!(theirs.1, ours.1, "{lang}/{}: the weight", ours.0);
            assert_eq!(theirs.2, ours.2, "{lang}/{}: the section anchors", ours.0);
            assert_eq!(theirs.3, ours.3, "{lang}/{}: the shortcodes", ours.0);
        }
    }
    for lang in ["en", "pl", "nb"] {
        let rel = format!("content/{lang}/questions.yaml");
        let text = String::from_utf8_lossy(crate::base::embedded::get(&rel).expect("a bank"));
        let mut diags = Diagnostics::new();
        let bank = crate::load::questions::load(Path::new(&rel), &text, &mut diags);
        assert!(
            bank.is_some() && diags.is_empty(),
            "{lang}: {:?}",
            diags.sorted()
        );
    }
}
