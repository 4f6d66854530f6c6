//! Finding, checking and tokenising shortcodes.

use std::path::Path;

use super::*;
use crate::base::diag::{Diagnostic, Diagnostics};

fn run(body: &str) -> (String, Vec<Call>, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new();
    let (out, calls) = extract(body, 0, Path::new("content/x.md"), &mut diags);
    (out, calls, diags.sorted())
}

#[test]
fn tokens_keep_the_byte_length_and_round_trip() {
    let body = "Intro.\n\n{{ kpis() }}\n\nTarget: {{ target(kpi=\"conversion\") }}.\n";
    let (out, calls, diags) = run(body);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(out.len(), body.len());
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].name, "kpis");
    assert_eq!((calls[0].line, calls[0].col), (3, 1));
    assert_eq!((calls[1].line, calls[1].col), (5, 9));
    assert_eq!(calls[1].args[0].value, Value::Text("conversion".into()));
    let back = replace_tokens(&out, |i| format!("[{i}]"));
    assert_eq!(back, "Intro.\n\n[0]\n\nTarget: [1].\n");
}

#[test]
fn code_and_plain_braces_are_left_alone() {
    let body = "Write `{{ kpis() }}` in a chapter.\n\n```\n{{ roster() }}\n```\n\nA {{ thing }} and {{ 5 }}.\n";
    let (out, calls, diags) = run(body);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(calls.is_empty());
    assert_eq!(out, body);
}

#[test]
fn unknown_name_suggests_the_nearest() {
    let (_, calls, diags) = run("Text\n\n{{ kpi_table() }}\n{{ rooster() }}\n");
    assert!(calls.is_empty());
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0].message, "unknown shortcode `kpi_table`");
    assert_eq!((diags[0].line, diags[0].col), (3, 4));
    assert_eq!(diags[1].message, "unknown shortcode `rooster`");
    assert_eq!(diags[1].hint.as_deref(), Some("did you mean `roster`?"));
}

#[test]
fn argument_mistakes_point_at_the_argument() {
    let (_, _, diags) = run("{{ chart(kpii=\"revenue\") }}\n");
    assert_eq!(diags[0].message, "`chart` has no argument `kpii`");
    assert_eq!((diags[0].line, diags[0].col, diags[0].len), (1, 10, 4));
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean `kpi`?"));

    let (_, _, diags) = run("{{ chart(kpi=revenue) }}\n");
    assert_eq!(diags[0].message, "`revenue` is not a value");
    assert_eq!(diags[0].col, 14);
    assert_eq!(
        diags[0].hint.as_deref(),
        Some("put text in quotes: `kpi=\"revenue\"`")
    );

    let (_, _, diags) = run("{{ chart(periods=0) }}\n");
    assert_eq!(
        diags[0].message,
        "`periods` must be a whole number from 1 to 1000"
    );

    let (_, _, diags) = run("Our target is {{ target() }}.\n");
    assert_eq!(diags[0].message, "`target` needs the argument `kpi`");
    assert_eq!(diags[0].col, 15);

    let (_, _, diags) = run("{{ roster(team=\"a\" }}\n");
    assert_eq!(
        diags[0].message,
        "expected `,` or `)` in the shortcode's arguments"
    );

    let (_, _, diags) = run("{{ roster(team=\"a\")\nmore\n");
    assert_eq!(diags[0].message, "expected `}}` to close the shortcode");

    let (_, _, diags) = run("{{ kpis }}\n");
    assert_eq!(diags[0].message, "shortcode `kpis` needs parentheses");
}

#[test]
fn blocks_must_stand_alone() {
    let (_, calls, diags) = run("See {{ kpis() }} here.\n");
    assert!(calls.is_empty());
    assert_eq!(
        diags[0].message,
        "`kpis` renders a block, so it must stand on a line of its own"
    );
    let (_, calls, diags) = run("- item\n\n  {{ roster() }}\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(calls.len(), 1);
}

#[test]
fn many_calls_get_distinct_tokens() {
    let body: String = (0..30).map(|_| "{{ value(kpi=\"deals\") }} ").collect();
    let (out, calls, diags) = run(&body);
    assert!(diags.is_empty());
    assert_eq!(calls.len(), 30);
    let indexes: Vec<usize> = tokens(&out).into_iter().map(|(_, i)| i).collect();
    assert_eq!(indexes, (0..30).collect::<Vec<_>>());
}
