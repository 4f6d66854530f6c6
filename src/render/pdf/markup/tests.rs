use std::path::PathBuf;

use super::typst::label_part;
use super::*;
use crate::base::diag::Diagnostics;
use crate::load::content::tests::load_all;
use crate::load::content::{self, Chapter, Source};
use crate::render::markdown::chapter_html;

/// The chapters of the book the tests convert in: (file name, slug).
const CHAPTERS: [(&str, &str); 5] = [
    ("ch.md", "ch"),
    ("kpis.md", "kpis"),
    ("feedback.md", "feedback"),
    ("guides/feedback.md", "guides-feedback"),
    ("guides/coaching.md", "guides-coaching"),
];

/// Chapter `slug` of [`CHAPTERS`] with `markdown` as its text, the others empty.
fn load_as(slug: &str, markdown: &str) -> Chapter {
    let files: Vec<(&str, &str)> = CHAPTERS
        .iter()
        .map(|(name, s)| (*name, if *s == slug { markdown } else { "" }))
        .collect();
    load_all(&files)
        .0
        .into_iter()
        .find(|c| c.slug == slug)
        .expect("chapter loads")
}

fn convert_as(slug: &str, markdown: &str) -> String {
    let image = |src: &str| {
        let name = src.rsplit('/').next().unwrap_or(src);
        (name == "org.png").then(|| format!("/assets/{name}"))
    };
    chapter_to_typst(
        &load_as(slug, markdown).body,
        &ChapterMarkup {
            slug,
            image: &image,
        },
    )
}

/// The markup of chapter `ch` after its anchor, without the final newline.
fn convert(markdown: &str) -> String {
    let out = convert_as("ch", markdown);
    let body = out.strip_prefix("#metadata(none) <ch>").unwrap_or(&out);
    body.trim().to_string()
}

/// Brackets outside escapes and string literals pair up (the markup parses).
fn check_brackets(markup: &str) -> Result<(), String> {
    let mut depth = 0i64;
    let mut in_string = false;
    let mut chars = markup.chars();
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (_, '\\') => {
                chars.next();
            }
            (true, '"') => in_string = false,
            (true, _) => {}
            // Author text has its quotes escaped: a bare `"` opens a code string.
            (false, '"') => in_string = true,
            (false, '[') => depth += 1,
            (false, ']') => {
                depth -= 1;
                if depth < 0 {
                    return Err("`]` without `[`".into());
                }
            }
            (false, _) => {}
        }
    }
    match (depth, in_string) {
        (0, false) => Ok(()),
        (_, true) => Err("unclosed string".into()),
        _ => Err(format!("{depth} unclosed `[`")),
    }
}

#[test]
fn escape_text_makes_every_special_character_literal() {
    // Each rule is Typst's lexer (typst-syntax `Lexer::markup`, `Lexer::text`):
    // a `\` before any non-space character is an escape for that character.
    let cases = [
        // Always markup: strong, emph, code, math, reference, label, content, raw.
        ("*_#$@<>[]\\`", "\\*\\_\\#\\$\\@\\<\\>\\[\\]\\\\\\`"),
        ("#let x = 1", "\\#let x \\= 1"),
        ("#import \"x\"", "\\#import \\\"x\\\""),
        ("$ math $", "\\$ math \\$"),
        ("<label>", "\\<label\\>"),
        ("see @ref", "see \\@ref"),
        ("a@b.com", "a\\@b.com"),
        ("C# and x^2", "C\\# and x\\^2"),
        // `~` is a no-break space, `'` and `"` smart quotes.
        ("a ~ b", "a \\~ b"),
        ("don't \"quote\"", "don\\'t \\\"quote\\\""),
        // `//` and `/*` open comments (so `http://` is no auto link), `*/` is an error.
        ("http://x", "http:\\//x"),
        ("https://example.com/a_b", "https:\\//example.com/a\\_b"),
        ("a//b", "a\\//b"),
        ("a/*b*/c", "a\\/\\*b\\*/c"),
        ("and/or", "and/or"),
        // Shorthands: `--`, `---`, `-?`, `-1`, `...`; `=` (headings) everywhere.
        ("a -- b", "a \\-- b"),
        ("a---b", "a\\-\\--b"),
        ("soft-?hyphen", "soft\\-?hyphen"),
        ("from -5 to 10-20", "from \\-5 to 10\\-20"),
        ("well-known", "well-known"),
        ("wait...", "wait\\..."),
        ("....", "\\.\\..."),
        ("a == b", "a \\=\\= b"),
        // Markers at the start of a line: list, enum, term, heading.
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("/ Term: x", "\\/ Term: x"),
        ("= Title", "\\= Title"),
        ("1. First", "1\\. First"),
        ("  12. x", "  12\\. x"),
        ("1.5 m", "1.5 m"),
        ("1.", "1\\."),
        ("x 1. y", "x 1. y"),
        // After an embedded expression `(`, `.` and `;` would continue it.
        ("(aside)", "\\(aside)"),
        ("...", "\\..."),
        (". end", ". end"),
        (".5", ".5"),
        (".method", "\\.method"),
        ("; rest", "\\; rest"),
        // A `\u{…}` in the text stays text: its backslash is escaped.
        ("\\u{41}", "\\\\u{41}"),
        // Line ends become spaces: a heading's text must stay on its line.
        ("two\nlines\r\nend", "two lines  end"),
        ("  spaced  ", "  spaced  "),
        ("100% a:b {c} (d) & | !", "100% a:b {c} (d) & | !"),
        ("Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ", "Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ"),
    ];
    for (text, expected) in cases {
        assert_eq!(escape_text(text), expected, "{text:?}");
    }
}

#[test]
fn markers_are_escaped_only_where_a_line_starts() {
    let cases = [
        // A `\-` from Markdown is a literal `-` starting the paragraph.
        ("\\- not a list", "\\- not a list"),
        ("1\\. not a list", "1\\. not a list"),
        ("a\n\\+ b\n\\= c", "a\n\\+ b\n\\= c"),
        ("a - b + c / d 1. e", "a - b + c / d 1. e"),
        // A list item's content block starts a line too.
        ("- \\- dash", "#list(\n  [\\- dash],\n)"),
        // `#emph[x](y)` would call the result, `.y` read a field, `;` end the code.
        (
            "*x*(y) *x*.y *x*;y *x*[y] *x*. *x*.5 *x*.ż",
            "#emph[x]\\(y) #emph[x]\\.y #emph[x]\\;y #emph[x]\\[y\\] #emph[x]. #emph[x].5 #emph[x]\\.ż",
        ),
        ("`a`(b)", "#raw(\"a\")\\(b)"),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn string_literals_escape_quotes_backslashes_and_controls() {
    let cases = [
        ("plain", "\"plain\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("C:\\path\\", "\"C:\\\\path\\\\\""),
        ("a\nb\tc\r", "\"a\\nb\\tc\\r\""),
        ("bell\u{7}", "\"bell\\u{7}\""),
        ("ą #[]$", "\"ą #[]$\""),
    ];
    for (text, expected) in cases {
        assert_eq!(string_literal(text), expected, "{text:?}");
    }
}

#[test]
fn label_parts_are_valid_and_one_to_one() {
    let cases = [
        ("average-handle-time", "average-handle-time"),
        ("my_id", "my_id"),
        ("a.b", "a.2e.b"),
        ("a:b", "a.3a.b"),
        ("-x", ".2d.x"),
        ("x-", "x.2d."),
        ("a--b", "a-.2d.b"),
        ("a b", "a.20.b"),
        ("привет", ".43f..440..438..432..435..442."),
        ("", ""),
    ];
    for (text, expected) in cases {
        assert_eq!(label_part(text), expected, "{text:?}");
    }
    // The ways a heading label could be confused with another.
    assert_ne!(heading_label("a", "b--c"), heading_label("a-b", "c"));
    assert_ne!(heading_label("a-", "b"), heading_label("a", "-b"));
    assert_ne!(heading_label("a", "fn:1"), footnote_label("a", 1));
    assert_ne!(chapter_label("a--b"), heading_label("a", "b"));
}

#[test]
fn headings_get_levels_and_labels() {
    let cases = [
        (
            "## Two\n\n### Three\n\n#### Four",
            "== Two <ch--two>\n\n=== Three <ch--three>\n\n==== Four <ch--four>",
        ),
        ("## Own id {#my.id}", "== Own id <ch--my.2e.id>"),
        (
            "## *Rich* `code`",
            "== #emph[Rich] #raw(\"code\") <ch--rich-code>",
        ),
        (
            "Setext\nheading\n---",
            "== Setext heading <ch--setext-heading>",
        ),
        (
            "## = not *nested* \\<x> @y",
            "== \\= not #emph[nested] \\<x\\> \\@y <ch--not-nested-x-y>",
        ),
        // A heading's line break is a space: the heading ends with its line.
        ("Hard  \nbreak\n---", "== Hard break <ch--hard-break>"),
        // Only the first of two headings with one custom id is labelled.
        ("## A {#x}\n\n## B {#x}", "== A <ch--x>\n\n== B"),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn chapter_anchor_follows_a_leading_title_else_starts_the_chapter() {
    assert_eq!(
        convert_as("kpis", "# Our KPIs\n\nText.\n"),
        "= Our KPIs <kpis--our-kpis>\n\n#metadata(none) <kpis>\n\nText.\n"
    );
    assert_eq!(
        convert_as("kpis", "Intro.\n\n# Late title\n"),
        "#metadata(none) <kpis>\n\nIntro.\n\n= Late title <kpis--late-title>\n"
    );
    assert_eq!(convert_as("kpis", ""), "#metadata(none) <kpis>\n");
}

/// Heading ids (and so link targets) are the ones the site gives, for the same text.
#[test]
fn heading_labels_use_the_html_ids() {
    let markdown = "# Zażółć gęślą jaźń\n\n## Æble, smørbrød & Straße\n\n\
        ### Señor Müller's NPS?\n\n## Duplicate\n\n## Duplicate\n\n## Own {#my-id}\n\n\
        ## My id\n\n#### Deep `code` *em*\n\n## !!!\n\n## Średni czas (AHT)\n\n## Привет\n";
    let chapter = load_as("ch", markdown);
    let html_ids = html_heading_ids(&chapter_html(&chapter, &[], None));
    assert_eq!(html_ids.len(), 11);
    let markup = convert(markdown);
    let expected: Vec<String> = html_ids.iter().map(|id| heading_label("ch", id)).collect();
    assert_eq!(markup_heading_labels(&markup), expected, "{markup}");
    assert!(markup.contains("== Duplicate <ch--duplicate-1>"));
    assert!(markup.contains("== Średni czas (AHT) <ch--sredni-czas-aht>"));
}

/// Every `<hN id="…">` of the site's HTML, in order.
fn html_heading_ids(html: &str) -> Vec<String> {
    html.split("<h")
        .skip(1)
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .filter_map(|rest| rest[1..].strip_prefix(" id=\""))
        .map(|rest| rest[..rest.find('"').unwrap_or(0)].to_string())
        .collect()
}

/// The label at the end of every heading line of `markup`.
fn markup_heading_labels(markup: &str) -> Vec<String> {
    markup
        .lines()
        .filter(|line| line.starts_with('='))
        .filter_map(|line| line.rsplit_once(" <")?.1.strip_suffix('>'))
        .map(str::to_string)
        .collect()
}

#[test]
fn inline_styles_and_code_are_function_calls() {
    let cases = [
        (
            "_em_ **strong** ~~gone~~",
            "#emph[em] #strong[strong] #strike[gone]",
        ),
        ("**bold*in*word**x", "#strong[bold#emph[in]word]x"),
        ("`say \"hi\" \\ [x]`", "#raw(\"say \\\"hi\\\" \\\\ [x]\")"),
        (
            "```rust\nlet s = \"a\\\\b\";\n\n```",
            "#raw(block: true, lang: \"rust\", \"let s = \\\"a\\\\\\\\b\\\";\\n\")",
        ),
        ("```\nplain\n```", "#raw(block: true, \"plain\")"),
        (
            "```js {linenos}\nx\n```",
            "#raw(block: true, lang: \"js\", \"x\")",
        ),
        (
            "    indented\n    code",
            "#raw(block: true, \"indented\\ncode\")",
        ),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn lists_nest_keep_start_and_tightness() {
    let cases = [
        ("- a\n- b", "#list(\n  [a],\n  [b],\n)"),
        ("3. c\n4. d", "#enum(\n  start: 3,\n  [c],\n  [d],\n)"),
        ("1. one", "#enum(\n  [one],\n)"),
        ("- a\n\n- b", "#list(\n  tight: false,\n  [a],\n  [b],\n)"),
        (
            "- a\n  - a1\n    1. deep\n- b",
            "#list(\n  [a\n#list(\n  [a1\n#enum(\n  [deep],\n)],\n)],\n  [b],\n)",
        ),
        (
            "- para one\n\n  para two\n- next",
            "#list(\n  tight: false,\n  [para one\n\npara two],\n  [next],\n)",
        ),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn task_list_items_get_drawn_checkboxes() {
    let markup = convert("- [ ] todo\n- [x] done\n- plain");
    assert_eq!(
        markup,
        format!("#list(\n  [{UNCHECKED} todo],\n  [{CHECKED} done],\n  [plain],\n)")
    );
    let loose = convert("- [x] done\n\n- [ ] todo");
    assert!(loose.contains(&format!("[{CHECKED} done]")), "{loose}");
    assert!(check_brackets(&markup).is_ok());
}

#[test]
fn tables_keep_columns_and_alignment() {
    let cases = [
        (
            "| KPI | Target | Note |\n|:--|--:|:-:|\n| AHT | 5 | *low* |\n| CSAT |",
            "#table(\n  columns: 3,\n  align: (left, right, center),\n  \
             table.header([KPI], [Target], [Note]),\n  [AHT], [5], [#emph[low]],\n  \
             [CSAT], [], [],\n)",
        ),
        (
            "| a | b |\n|---|---|\n| [x] | 1 \\| 2 |",
            "#table(\n  columns: 2,\n  table.header([a], [b]),\n  [\\[x\\]], [1 | 2],\n)",
        ),
        (
            "| only |\n|:-:|\n| one |",
            "#table(\n  columns: 1,\n  align: (center,),\n  table.header([only]),\n  [one],\n)",
        ),
        (
            "| a | b |\n|---|--:|\n| x<br>y | z |",
            "#table(\n  columns: 2,\n  align: (auto, right),\n  table.header([a], [b]),\n  \
             [x\\\ny], [z],\n)",
        ),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn links_go_to_urls_labels_or_plain_text() {
    let guarded = |label: &str, chapter: &str| {
        format!(
            "#context link(if query(<{label}>).len() > 0 {{ <{label}> }} else {{ <{chapter}> }})[t]"
        )
    };
    let cases = [
        (
            "[t](https://example.com/a?b=\"c\")",
            "#link(\"https://example.com/a?b=\\\"c\\\"\")[t]".to_string(),
        ),
        (
            "[t](mailto:a@b.pl)",
            "#link(\"mailto:a@b.pl\")[t]".to_string(),
        ),
        ("<a@b.pl>", "#link(\"mailto:a@b.pl\")[a\\@b.pl]".to_string()),
        (
            "<https://x.pl/a_b>",
            "#link(\"https://x.pl/a_b\")[https:\\//x.pl/a\\_b]".to_string(),
        ),
        ("[t](kpis.md)", "#link(<kpis>)[t]".to_string()),
        ("[t](./kpis.md?x=1)", "#link(<kpis>)[t]".to_string()),
        ("[t](kpis.md#aht)", guarded("kpis--aht", "kpis")),
        (
            "[t](guides/coaching.md#sbi)",
            guarded("guides-coaching--sbi", "guides-coaching"),
        ),
        (
            "[t][r]\n\n[r]: feedback.md",
            "#link(<feedback>)[t]".to_string(),
        ),
        // Own chapter: headings are known, so an unknown one is the chapter start.
        (
            "## Goal\n\n[t](#goal) [u](#nope) [v](ch.md#goal) [w](ch.md#nope)",
            "== Goal <ch--goal>\n\n#link(<ch--goal>)[t] u #link(<ch--goal>)[v] #link(<ch>)[w]"
                .to_string(),
        ),
        // Nowhere to go in a PDF: unknown chapter, other files, site paths.
        (
            "[t](kpi.md) [u](../notes.txt) [v](/handbook/) [w]()",
            "t u v w".to_string(),
        ),
        (
            "[*t*](https://x.pl)",
            "#link(\"https://x.pl\")[#emph[t]]".to_string(),
        ),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn chapter_links_resolve_from_the_chapters_folder() {
    let cases = [
        ("guides-feedback", "coaching.md", Some("guides-coaching")),
        ("guides-feedback", "../kpis.md", Some("kpis")),
        (
            "guides-feedback",
            "./../guides/coaching.md",
            Some("guides-coaching"),
        ),
        // A top-level chapter links its sibling.
        ("kpis", "feedback.md", Some("feedback")),
        ("kpis", "guides/feedback.md", Some("guides-feedback")),
        ("kpis", "../feedback.md", None),
        ("kpis", "missing.md", None),
    ];
    for (from, path, expected) in cases {
        let markup = convert_as(from, &format!("[t]({path})"));
        let markup = markup.lines().nth(2).unwrap_or_default();
        let expected = expected.map_or_else(|| "t".to_string(), |to| format!("#link(<{to}>)[t]"));
        assert_eq!(markup, expected, "{from} {path}");
    }
    assert_eq!(
        convert_as("guides-feedback", "[a](coaching.md) [b](../kpis.md)"),
        "#metadata(none) <guides-feedback>\n\n#link(<guides-coaching>)[a] #link(<kpis>)[b]\n"
    );
}

#[test]
fn images_become_figures_or_their_alt_text() {
    let cases = [
        (
            "![Our *org* chart](../assets/org.png)",
            "#figure(image(\"/assets/org.png\", width: 80%, alt: \"Our org chart\"), \
             caption: [Our org chart])",
        ),
        (
            "![](org.png)",
            "#figure(image(\"/assets/org.png\", width: 80%))",
        ),
        ("![Missing \"one\"](gone.png)", "#emph[Missing \\\"one\\\"]"),
        ("a ![](gone.png) b", "a  b"),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn footnotes_are_set_at_their_references_in_order() {
    let markup = convert(
        "First[^b] then[^a] and[^B] again.\n\n[^a]: Note *A*.\n\n[^b]: Note B,\n    \
         two lines.\n\n    Second paragraph.\n\n[^unused]: Never cited.\n",
    );
    assert_eq!(
        markup,
        "First#footnote[Note B,\ntwo lines.\n\nSecond paragraph.]<ch--fn:1> \
         then#footnote[Note #emph[A].] and#footnote(<ch--fn:1>) again."
    );
}

#[test]
fn footnotes_in_headings_and_cycles_stay_valid() {
    let markup =
        convert("## Title[^n]\n\nText[^n] and[^self].\n\n[^n]: N.\n\n[^self]: Me[^self].\n");
    assert_eq!(
        markup,
        "== Title#footnote[N.]#label(\"ch--fn:1\") <ch--title>\n\n\
         Text#footnote(<ch--fn:1>) and#footnote[Me#footnote(<ch--fn:2>).]<ch--fn:2>."
    );
}

/// A footnote's label carries the number the site gives it (first cited, in document
/// order), even when the PDF sets a note cited inside another note first.
#[test]
fn footnote_labels_use_the_site_numbers() {
    let markup = convert("A[^a] B[^b] C[^b].\n\n[^a]: See[^c].\n\n[^b]: B.\n\n[^c]: C.\n");
    assert_eq!(
        markup,
        "A#footnote[See#footnote[C.].] B#footnote[B.]<ch--fn:2> C#footnote(<ch--fn:2>)."
    );
}

#[test]
fn blocks_quotes_rules_and_breaks() {
    let cases = [
        (
            "> Quoted\n> text.\n>\n> > Nested",
            "#quote(block: true)[Quoted\ntext.\n\n#quote(block: true)[Nested]]",
        ),
        (
            "Above\n\n---\n\nBelow",
            "Above\n\n#line(length: 100%)\n\nBelow",
        ),
        (
            "hard  \nbreak\\\nagain\nsoft",
            "hard\\\nbreak\\\nagain\nsoft",
        ),
        ("## Hard\\\nnext", "== Hard\\\\ <ch--hard>\n\nnext"),
        ("x\n\n# A\nB\n===", "x\n\n= A <ch--a>\n\n= B <ch--b>"),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn raw_html_keeps_its_text_only() {
    let cases = [
        ("Press <kbd>Ctrl</kbd>+<kbd>#</kbd>", "Press Ctrl+\\#"),
        ("one<br>two<br/>three", "one\\\ntwo\\\nthree"),
        ("a <!-- hidden --> b", "a  b"),
        ("a/<b>/c", "a\\//c"),
        (
            "<div class=\"x > y\">\n<p>First &amp; <em>one</em></p><p>Second &lt;b&gt;</p>\n</div>",
            "First & one\n\nSecond \\<b\\>",
        ),
        ("<script>\nalert(\"[\")\n</script>", ""),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a\n\nb"),
    ];
    for (markdown, expected) in cases {
        assert_eq!(convert(markdown), expected, "{markdown:?}");
    }
}

#[test]
fn polish_text_is_untouched() {
    let text = "Zażółć gęślą jaźń. ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż — „cytat”, 1 234,5 zł.";
    assert_eq!(convert(text), text);
}

/// Outside escapes and string literals, nothing that Typst would read as syntax
/// other than this module's own calls: no `//` comment, no markup character (a bare
/// `*` also rules out `/*` and `*/`).
fn check_no_stray_syntax(markup: &str) -> Result<(), String> {
    let mut in_string = false;
    let mut previous = ' ';
    let mut chars = markup.chars();
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (_, '\\') => {
                chars.next();
                previous = ' ';
                continue;
            }
            (true, '"') => in_string = false,
            (true, _) => {}
            (false, '"') => in_string = true,
            (false, '$' | '@' | '`' | '~' | '\'' | '^' | '*' | '_') => {
                return Err(format!("bare `{c}`"));
            }
            (false, '/') if previous == '/' => return Err("bare `//`".into()),
            (false, _) => {}
        }
        previous = c;
    }
    Ok(())
}

#[test]
fn special_characters_stay_literal_in_every_construct() {
    let text = r#"\*\_\#$@\<\>\[\]\\\`~'"^= a//b /\*c\*/ -- --- -? -1 ... http://x.pl 1. + ;("#;
    let constructs = [
        "X",
        "## X",
        "*X* **X** ~~X~~",
        "[X](https://x.pl) [X](kpis.md#a) [X](#nowhere) [X](other.txt)",
        "- X\n- [ ] X\n  1. X",
        "> X\n>\n> X",
        "| X | X |\n|---|:-:|\n| X | X |",
        "X[^n] X[^n]\n\n[^n]: X",
        "![X](org.png) ![X](gone.png)",
        "<span>X</span><br>X",
        "X\\\nX\nX",
    ];
    for construct in constructs {
        let markdown = construct.replace('X', text);
        let markup = convert(&markdown);
        let checks = check_brackets(&markup).and_then(|()| check_no_stray_syntax(&markup));
        checks.unwrap_or_else(|e| panic!("{construct:?}: {e}\n{markup}"));
    }
    // The text itself, escaped once, is all there.
    assert_eq!(
        convert(text),
        "\\*\\_\\#\\$\\@\\<\\>\\[\\]\\\\\\`\\~\\'\\\"\\^\\= a\\//b \\/\\*c\\*/ \\-- \\-\\-- \
         \\-? \\-1 \\... http:\\//x.pl 1. + ;("
    );
}

#[test]
fn balanced_brackets_check_sees_escapes_and_strings() {
    assert!(check_brackets("#emph[a \\] b] #raw(\"]\")").is_ok());
    assert!(check_brackets("#emph[a").is_err());
    assert!(check_brackets("a]").is_err());
    assert!(check_brackets("#raw(\"a)").is_err());
}

/// The handbook's own chapters, read the way `content::load` reads them.
#[test]
fn real_chapters_convert_with_balanced_brackets() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    for lang in ["en", "pl"] {
        let dir = root.join(lang);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        let sources: Vec<Source> = paths
            .iter()
            .map(|path| Source {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                path: path.clone(),
                text: std::fs::read_to_string(path).expect("chapter reads"),
            })
            .collect();
        let mut diags = Diagnostics::new();
        let chapters = content::load(&sources, &mut diags);
        assert_eq!(chapters.len(), sources.len(), "{lang}");
        for chapter in &chapters {
            let options = ChapterMarkup {
                slug: &chapter.slug,
                image: &|src| Some(format!("/assets/{src}")),
            };
            let markup = chapter_to_typst(&chapter.body, &options);
            let name = format!("{lang}/{}", chapter.slug);
            check_brackets(&markup).unwrap_or_else(|e| panic!("{name}: {e}\n{markup}"));
            assert_eq!(markup, chapter_to_typst(&chapter.body, &options), "{name}");
            let ids = html_heading_ids(&chapter_html(chapter, &[], None));
            let labels: Vec<String> = ids
                .iter()
                .map(|id| heading_label(&chapter.slug, id))
                .collect();
            assert_eq!(markup_heading_labels(&markup), labels, "{name}");
            assert!(markup.contains(&format!("#metadata(none) <{}>", chapter.slug)));
        }
    }
}
