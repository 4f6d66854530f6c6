//! `content/*.md`: chapters with front matter, Markdown of any depth and shortcodes
//! (`{{ name(key="value") }}`), and `content/questions.yaml`.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::base::embedded;
use crate::load::{content, questions};

/// A shortcode call as an author might write it, or nearly.
fn shortcode() -> impl Strategy<Value = String> {
    let name = proptest::sample::select(
        &[
            "kpis",
            "roster",
            "chart",
            "pipeline",
            "target",
            "value",
            "questions",
            "nope",
            "",
            "kpis()",
        ][..],
    );
    let key = proptest::sample::select(&["kpi", "team", "person", "periods", "group", "x", ""][..]);
    let value = prop_oneof![
        proptest::sample::select(
            &[
                "\"conversion\"",
                "\"revenue\"",
                "\"aht\"",
                "\"north\"",
                "\"ann\"",
                "\"poludnie\"",
                "\"zofia-wojcik\"",
                "\"nope\"",
                "6",
                "0",
                "-1",
                "1e308",
                "NaN",
                "inf",
                "true",
                "\"\"",
                "\"\\\"",
                "\"unclosed",
                "\"a\\\"b\"",
                "[1]",
                "\"\u{202e}\"",
            ][..]
        )
        .prop_map(str::to_string),
        any::<String>().prop_map(|s| format!("{s:?}")),
    ];
    let arg = (key, value).prop_map(|(k, v)| format!("{k}={v}"));
    (
        name,
        proptest::collection::vec(arg, 0..4),
        proptest::sample::select(&[", ", ",", " ", ",,"][..]),
        proptest::sample::select(&["{{ ", "{{", "{{{ ", "{% "][..]),
        proptest::sample::select(&[" }}", "}}", " }", ""][..]),
    )
        .prop_map(|(name, args, sep, open, close)| {
            format!("{open}{name}({}){close}", args.join(sep))
        })
}

/// A chapter: front matter (perhaps broken) and Markdown with shortcodes.
fn chapter() -> impl Strategy<Value = String> {
    let front = prop_oneof![
        Just(String::new()),
        Just("---\ntitle: Fuzz\nweight: 3\n---\n".to_string()),
        Just("---\ntitle: [1, 2]\nweight: 1e400\n---\n".to_string()),
        Just("---\ntitle: x\n".to_string()),
        Just("+++\ntitle = \"x\"\n+++\n".to_string()),
        Just("---\nweight: -9223372036854775809\ndescription: *a\n---\n".to_string()),
        any::<String>().prop_map(|s| format!("---\n{s}\n---\n")),
    ];
    let block = prop_oneof![
        3 => shortcode(),
        1 => Just("# Title\n\n## Section {#id}\n".to_string()),
        1 => Just(
            "[link](kpis.md#x) [up](../../x.md) ![img](../assets/none.png) <a href=\"javascript:\">"
                .to_string()
        ),
        1 => Just("```\n{{ kpis() }}\n```\n".to_string()),
        1 => Just("| a | b |\n|---|---|\n| {{ value(kpi=\"revenue\") }} | x |\n".to_string()),
        1 => Just("[^1]\n\n[^1]: a note [^1]\n".to_string()),
        1 => Just("<script>alert(1)</script><!-- {{ kpis() }} -->".to_string()),
        1 => (0usize..9, 1usize..5000).prop_map(|(k, d)| super::mutate::nested_text(k, d)),
        1 => any::<String>(),
    ];
    (front, proptest::collection::vec(block, 0..6))
        .prop_map(|(front, blocks)| format!("{front}{}\n", blocks.join("\n\n")))
}

fn load_direct(texts: &[String]) {
    on_stack(|| {
        let sources: Vec<content::Source> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| content::Source {
                name: format!("c{i}.md"),
                path: PathBuf::from(format!("content/c{i}.md")),
                text: text.clone(),
            })
            .collect();
        let mut diags = Diagnostics::new();
        let _ = content::load(&sources, &mut diags);
    });
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn chapter_text_never_panics(text in any::<String>()) {
        load_direct(&[text]);
    }

    #[test]
    fn generated_chapters_never_panic(texts in proptest::collection::vec(chapter(), 1..3)) {
        load_direct(&texts);
    }

    #[test]
    fn questions_never_panic(m in mutate::mutations(3)) {
        let builtin = embedded::get("content/en/questions.yaml").expect("built-in questions");
        let text = mutate::apply_all(builtin, &m);
        on_stack(|| {
            let mut diags = Diagnostics::new();
            let text = String::from_utf8_lossy(&text);
            let bank = questions::load(Path::new("content/questions.yaml"), &text, &mut diags);
            assert_eq!(bank.is_none(), diags.has_errors());
        });
    }
}

proptest! {
    #![proptest_config(config(6))]

    #[test]
    fn book_with_generated_chapter_is_checked(
        name in proptest::sample::select(&["tiny", "polski", "pipeline"][..]),
        text in chapter(),
    ) {
        check_replaced(name, "content/fuzz.md", text.as_bytes());
    }

    #[test]
    fn book_with_mutated_chapter_is_checked((name, m) in mutated("content/zasady.md", 3)) {
        check_mutated(name, "content/zasady.md", &m);
    }

    #[test]
    fn book_with_mutated_questions_is_checked(m in mutate::mutations(3)) {
        let builtin = embedded::get("content/pl/questions.yaml").expect("built-in questions");
        check_replaced("polski", "content/questions.yaml", &mutate::apply_all(builtin, &m));
    }
}
