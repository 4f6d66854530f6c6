//! Finding a chapter's calls outside code, checking each against the shortcodes'
//! table, and replacing the valid ones by their tokens.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use super::call::{ArgType, Call, Placement, SPECS, Spec, Value, names};
use super::syntax::{LineAt, Parsed, parse_call};
use super::token::{TOKEN_END, TOKEN_START, token};
use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};

/// Byte ranges of code (spans and blocks) in a Markdown body: no shortcodes there.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS;
    Parser::new_ext(body, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// Finds the shortcodes of a chapter body (`text[body_start..]`), reports syntax errors
/// and unknown names, and returns the body with each valid call replaced by its token.
pub(crate) fn extract(
    text: &str,
    body_start: usize,
    path: &Path,
    diags: &mut Diagnostics,
) -> (String, Vec<Call>) {
    let body = &text[body_start..];
    if !body.contains("{{") {
        return (body.to_string(), Vec::new());
    }
    let code = code_ranges(body);
    let mut out = String::with_capacity(body.len());
    let mut calls = Vec::new();
    let mut last = 0;
    let mut at = 0;
    // Calls are met in order: the code range and the line of each are found from
    // where the previous one's search stopped, so a long line full of `{{` (or many
    // code spans) costs its length, not its length squared.
    let mut next_code = 0;
    let mut lines = Lines::new(body, text[..body_start].matches('\n').count() + 1);
    while let Some(start) = body[at..].find("{{").map(|i| at + i) {
        at = start + 2;
        while code.get(next_code).is_some_and(|r| r.end <= start) {
            next_code += 1;
        }
        if let Some(range) = code.get(next_code).filter(|r| r.contains(&start)) {
            at = at.max(range.end);
            continue;
        }
        let line = lines.seek(start);
        let parsed = match parse_call(body, start, line) {
            None => continue,
            Some(Err(problem)) => {
                diags.push(problem.in_file(path));
                continue;
            }
            Some(Ok(parsed)) => parsed,
        };
        at = parsed.end;
        let Some(call) = check_call(body, start, line, parsed, path, diags) else {
            continue;
        };
        let token = token(calls.len(), at - start)
            .unwrap_or_else(|| format!("{TOKEN_START}{}{TOKEN_END}", calls.len()));
        out.push_str(&body[last..start]);
        out.push_str(&token);
        last = at;
        calls.push(call);
    }
    out.push_str(&body[last..]);
    (out, calls)
}

/// The lines of a body, visited in order.
struct Lines<'a> {
    body: &'a str,
    at: LineAt,
}

impl<'a> Lines<'a> {
    /// The lines of `body`, whose first line is line `first` of the file.
    fn new(body: &'a str, first: usize) -> Lines<'a> {
        let end = body.find('\n').unwrap_or(body.len());
        Lines {
            body,
            at: LineAt {
                start: 0,
                end,
                number: first,
            },
        }
    }

    /// The line holding byte `offset`, at or after the last one asked for.
    fn seek(&mut self, offset: usize) -> LineAt {
        while offset > self.at.end && self.at.end < self.body.len() {
            let start = self.at.end + 1;
            self.at = LineAt {
                start,
                end: self.body[start..]
                    .find('\n')
                    .map_or(self.body.len(), |i| start + i),
                number: self.at.number + 1,
            };
        }
        self.at
    }
}

/// The call that `parsed` (at `start` of the body, on `at`) makes, when its name is a
/// shortcode, a block stands on its own line and its arguments fit.
fn check_call(
    body: &str,
    start: usize,
    at: LineAt,
    parsed: Parsed,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Call> {
    let line = at.number;
    let col = body[at.start..start].chars().count() + 1;
    let snippet = body[at.start..at.end].trim_end_matches('\r').to_string();
    let len = body[start..parsed.end].chars().count();
    let Some(spec) = SPECS.iter().find(|s| s.name == parsed.name) else {
        let hint = did_you_mean(&parsed.name, names()).unwrap_or_else(|| {
            format!(
                "the shortcodes are {}",
                names()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        diags.push(
            Diagnostic::error(path, format!("unknown shortcode `{}`", parsed.name))
                .at_line(line, col + parsed.name_col, snippet)
                .with_len(parsed.name.chars().count())
                .with_hint(hint),
        );
        return None;
    };
    if spec.placement == Placement::Block
        && !(body[at.start..start].trim().is_empty() && body[parsed.end..at.end].trim().is_empty())
    {
        diags.push(
            Diagnostic::error(
                path,
                format!(
                    "`{}` renders a block, so it must stand on a line of its own",
                    spec.name
                ),
            )
            .at_line(line, col, snippet)
            .with_len(len)
            .with_hint("put it on its own line with an empty line before and after"),
        );
        return None;
    }
    let call = Call {
        name: spec.name.to_string(),
        placement: spec.placement,
        args: parsed.args,
        line,
        col,
        len,
        snippet,
    };
    check_args(spec, &call, path, diags).then_some(call)
}

/// Checks argument names, types and the required ones.
fn check_args(spec: &Spec, call: &Call, path: &Path, diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    let arg_names = || spec.args.iter().map(|(n, _, _)| *n);
    for (i, arg) in call.args.iter().enumerate() {
        let at_key =
            || Diagnostic::error(path, "").at_line(call.line, arg.key_col, call.snippet.clone());
        let Some((_, kind, _)) = spec.args.iter().find(|(n, _, _)| *n == arg.key) else {
            let hint = did_you_mean(&arg.key, arg_names()).unwrap_or_else(|| {
                if spec.args.is_empty() {
                    format!("`{}` takes no arguments", spec.name)
                } else {
                    format!(
                        "`{}` takes {}",
                        spec.name,
                        arg_names()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            });
            let mut d = at_key().with_len(arg.key.chars().count()).with_hint(hint);
            d.message = format!("`{}` has no argument `{}`", spec.name, arg.key);
            diags.push(d);
            ok = false;
            continue;
        };
        if call.args[..i].iter().any(|a| a.key == arg.key) {
            let mut d = at_key().with_len(arg.key.chars().count());
            d.message = format!("argument `{}` is given twice", arg.key);
            diags.push(d);
            ok = false;
            continue;
        }
        let fits = match (kind, &arg.value) {
            (ArgType::Text, Value::Text(_)) => true,
            (ArgType::Count, Value::Number(n)) => *n >= 1.0 && n.fract() == 0.0 && *n <= 1000.0,
            _ => false,
        };
        if !fits {
            let (message, hint) = match kind {
                ArgType::Text => (
                    format!("`{}` must be text in quotes", arg.key),
                    format!("e.g. `{}=\"…\"`", arg.key),
                ),
                ArgType::Count => (
                    format!("`{}` must be a whole number from 1 to 1000", arg.key),
                    format!("e.g. `{}=12`", arg.key),
                ),
            };
            diags.push(
                Diagnostic::error(path, message)
                    .at_line(call.line, arg.value_col, call.snippet.clone())
                    .with_len(arg.value_len)
                    .with_hint(hint),
            );
            ok = false;
        }
    }
    for (name, _, required) in spec.args {
        if *required && call.arg(name).is_none() {
            diags.push(
                Diagnostic::error(path, format!("`{}` needs the argument `{name}`", spec.name))
                    .at_line(call.line, call.col, call.snippet.clone())
                    .with_len(call.len)
                    .with_hint(format!(
                        "e.g. `{{{{ {}({name}=\"{}\") }}}}`",
                        spec.name,
                        if *name == "kpi" { "revenue" } else { "…" }
                    )),
            );
            ok = false;
        }
    }
    if call.arg("team").is_some() && call.arg("person").is_some() {
        let arg = call.arg("person").expect("checked above");
        diags.push(
            Diagnostic::error(path, "give `team` or `person`, not both")
                .at_line(call.line, arg.key_col, call.snippet.clone())
                .with_len(arg.key.chars().count()),
        );
        ok = false;
    }
    ok
}
