//! Shortcodes: live data in handbook chapters, written `{{ name(key="value") }}`.
//!
//! A chapter that says "our conversion target is 15 %" goes stale the day someone edits
//! `team.yaml`; `{{ target(kpi="conversion") }}` cannot. Shortcodes are found in the
//! Markdown source before it is parsed (never inside code, so a chapter can show the
//! syntax), checked against the book's KPIs, teams and people at load time with
//! file/line/column diagnostics, and replaced by a *token* of the same byte length so
//! every other offset in the chapter stays right. The renderers swap each token for
//! the rendered data: HTML through the `shortcodes/*.html` templates, Typst through
//! `pdf/shortcodes.typ`.
//!
//! | shortcode | renders | arguments |
//! |---|---|---|
//! | `kpis()` | the KPI table: formulas, direction, targets | `team` |
//! | `roster()` | teams, managers and members | `team` |
//! | `chart()` | a KPI's trend card | `kpi`, `team` or `person`, `periods` |
//! | `target(kpi=…)` | a personal target as set in `team.yaml`, inline | `team` or `person` |
//! | `value(kpi=…)` | a KPI's value in the report period, inline | `team` or `person` |
//! | `questions()` | the question bank, or one group of it | `group` |

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean, line_col};
use crate::load::kpi::Kpi;
use crate::load::team::Roster;

/// First character of a token: a private-use code point no author types.
pub const TOKEN_START: char = '\u{E000}';
/// Last character of a token.
pub const TOKEN_END: char = '\u{E001}';

/// Whether a shortcode renders a block (alone on its line) or inline text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Block,
    Inline,
}

/// The kind of value an argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArgType {
    Text,
    Count,
}

struct Spec {
    name: &'static str,
    placement: Placement,
    /// Arguments and whether each is required.
    args: &'static [(&'static str, ArgType, bool)],
}

const SPECS: [Spec; 6] = [
    Spec {
        name: "kpis",
        placement: Placement::Block,
        args: &[("team", ArgType::Text, false)],
    },
    Spec {
        name: "roster",
        placement: Placement::Block,
        args: &[("team", ArgType::Text, false)],
    },
    Spec {
        name: "chart",
        placement: Placement::Block,
        args: &[
            ("kpi", ArgType::Text, false),
            ("team", ArgType::Text, false),
            ("person", ArgType::Text, false),
            ("periods", ArgType::Count, false),
        ],
    },
    Spec {
        name: "questions",
        placement: Placement::Block,
        args: &[("group", ArgType::Text, false)],
    },
    Spec {
        name: "target",
        placement: Placement::Inline,
        args: &[
            ("kpi", ArgType::Text, true),
            ("team", ArgType::Text, false),
            ("person", ArgType::Text, false),
        ],
    },
    Spec {
        name: "value",
        placement: Placement::Inline,
        args: &[
            ("kpi", ArgType::Text, true),
            ("team", ArgType::Text, false),
            ("person", ArgType::Text, false),
        ],
    },
];

/// The shortcode names, for hints and docs.
pub fn names() -> impl Iterator<Item = &'static str> {
    SPECS.iter().map(|s| s.name)
}

/// An argument value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// One `key=value` argument, with where it stands on its line (1-based columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub key: String,
    pub value: Value,
    pub key_col: usize,
    pub value_col: usize,
    pub value_len: usize,
}

/// One shortcode as written, with its place in the chapter file.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<Arg>,
    pub placement: Placement,
    pub line: usize,
    pub col: usize,
    /// Characters from `{{` to `}}`.
    pub len: usize,
    /// The source line, for diagnostics raised after loading.
    pub snippet: String,
}

impl Call {
    fn arg(&self, key: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.key == key)
    }
}

/// The token that stands for call `index` in a text of `len` bytes, if one fits.
fn token(index: usize, len: usize) -> Option<String> {
    let width = len.checked_sub(TOKEN_START.len_utf8() + TOKEN_END.len_utf8())?;
    let digits = format!("{index:0width$}");
    (digits.len() == width).then(|| format!("{TOKEN_START}{digits}{TOKEN_END}"))
}

/// Every token in `text`: (byte range, call index), in order.
pub fn tokens(text: &str) -> Vec<(Range<usize>, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find(TOKEN_START).map(|i| at + i) {
        let digits_start = start + TOKEN_START.len_utf8();
        let Some(end) = text[digits_start..]
            .find(TOKEN_END)
            .map(|i| digits_start + i)
        else {
            break;
        };
        match text[digits_start..end].parse::<usize>() {
            Ok(index) => {
                found.push((start..end + TOKEN_END.len_utf8(), index));
                at = end + TOKEN_END.len_utf8();
            }
            Err(_) => at = digits_start,
        }
    }
    found
}

/// Replaces every token in `text` with what `render` gives for its call.
pub fn replace_tokens(text: &str, mut render: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, index) in tokens(text) {
        out.push_str(&text[last..range.start]);
        out.push_str(&render(index));
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

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

/// A syntax error at a byte offset of the body.
struct SyntaxError {
    offset: usize,
    len: usize,
    message: String,
    hint: Option<String>,
}

/// Finds the shortcodes of a chapter body (`text[body_start..]`), reports syntax errors
/// and unknown names, and returns the body with each valid call replaced by its token.
pub fn extract(
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
    while let Some(start) = body[at..].find("{{").map(|i| at + i) {
        at = start + 2;
        if let Some(range) = code.iter().find(|r| r.contains(&start)) {
            at = at.max(range.end);
            continue;
        }
        let parsed = match parse_call(body, start) {
            None => continue,
            Some(Err(e)) => {
                let (line, col) = line_col(text, body_start + e.offset);
                let d = Diagnostic::error(path, e.message)
                    .at(text, line, col)
                    .with_len(e.len.max(1));
                diags.push(match e.hint {
                    Some(hint) => d.with_hint(hint),
                    None => d,
                });
                continue;
            }
            Some(Ok(parsed)) => parsed,
        };
        let (line, col) = line_col(text, body_start + start);
        let snippet = text.lines().nth(line - 1).unwrap_or_default().to_string();
        let len = body[start..parsed.end].chars().count();
        let at_call = |message: String| {
            Diagnostic::error(path, message)
                .at_line(line, col, snippet.clone())
                .with_len(len)
        };
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
                    .at(text, line, col + parsed.name_col)
                    .with_len(parsed.name.chars().count())
                    .with_hint(hint),
            );
            at = parsed.end;
            continue;
        };
        let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[parsed.end..]
            .find('\n')
            .map_or(body.len(), |i| parsed.end + i);
        if spec.placement == Placement::Block
            && !(body[line_start..start].trim().is_empty()
                && body[parsed.end..line_end].trim().is_empty())
        {
            diags.push(
                at_call(format!(
                    "`{}` renders a block, so it must stand on a line of its own",
                    spec.name
                ))
                .with_hint("put it on its own line with an empty line before and after"),
            );
            at = parsed.end;
            continue;
        }
        let call = Call {
            name: spec.name.to_string(),
            placement: spec.placement,
            args: parsed.args,
            line,
            col,
            len,
            snippet: snippet.clone(),
        };
        at = parsed.end;
        if !check_args(spec, &call, path, diags) {
            continue;
        }
        let token = token(calls.len(), parsed.end - start)
            .unwrap_or_else(|| format!("{TOKEN_START}{}{TOKEN_END}", calls.len()));
        out.push_str(&body[last..start]);
        out.push_str(&token);
        last = parsed.end;
        calls.push(call);
    }
    out.push_str(&body[last..]);
    (out, calls)
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

struct Parsed {
    name: String,
    /// Column offset of the name from the `{{` (0-based, in characters).
    name_col: usize,
    args: Vec<Arg>,
    /// Byte offset just past the closing `}}`.
    end: usize,
}

/// Parses the shortcode starting at `body[start..]` (which begins with `{{`).
/// `None` when the text is not meant as a shortcode (`{{` followed by no name and `(`).
fn parse_call(body: &str, start: usize) -> Option<Result<Parsed, SyntaxError>> {
    let line_end = body[start..].find('\n').map_or(body.len(), |i| start + i);
    let line = &body[..line_end];
    let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let col = |offset: usize| body[line_start..offset].chars().count() + 1;
    let mut p = Cursor {
        text: line,
        at: start + 2,
    };
    p.skip_space();
    let name_start = p.at;
    let name = p.ident()?;
    let name_col = body[start..name_start].chars().count();
    p.skip_space();
    if !p.eat("(") {
        // `{{ kpis }}` is a shortcode missing its parentheses; anything else is text.
        p.skip_space();
        return (p.rest().starts_with("}}") && SPECS.iter().any(|s| s.name == name)).then(|| {
            Err(SyntaxError {
                offset: name_start,
                len: name.chars().count(),
                message: format!("shortcode `{name}` needs parentheses"),
                hint: Some(format!("write `{{{{ {name}() }}}}`")),
            })
        });
    }
    let mut args = Vec::new();
    let error = |offset: usize, message: &str, hint: Option<String>| {
        Some(Err(SyntaxError {
            offset,
            len: 1,
            message: message.to_string(),
            hint,
        }))
    };
    loop {
        p.skip_space();
        if p.eat(")") {
            break;
        }
        if !args.is_empty() {
            if !p.eat(",") {
                return error(
                    p.at,
                    "expected `,` or `)` in the shortcode's arguments",
                    Some(
                        "separate arguments with commas: `kpi=\"revenue\", team=\"north\"`".into(),
                    ),
                );
            }
            p.skip_space();
        }
        let key_at = p.at;
        let Some(key) = p.ident() else {
            if p.at >= line.len() {
                return error(
                    start,
                    "the shortcode is not closed on its line",
                    Some("end it with `) }}` on the same line".into()),
                );
            }
            return error(
                p.at,
                "expected an argument name",
                Some("arguments are written `name=\"value\"`".into()),
            );
        };
        p.skip_space();
        if !p.eat("=") {
            return error(
                p.at,
                &format!("expected `=` after `{key}`"),
                Some(format!("write `{key}=\"…\"`")),
            );
        }
        p.skip_space();
        let value_at = p.at;
        let value = match p.value() {
            Ok(value) => value,
            Err(message) => {
                let bare = p.rest().split([',', ')', ' ']).next().unwrap_or_default();
                return Some(Err(SyntaxError {
                    offset: value_at,
                    len: bare.chars().count().max(1),
                    message,
                    hint: Some(if bare.is_empty() {
                        format!("write `{key}=\"…\"`")
                    } else {
                        format!("put text in quotes: `{key}=\"{bare}\"`")
                    }),
                }));
            }
        };
        args.push(Arg {
            key: key.to_string(),
            value,
            key_col: col(key_at),
            value_col: col(value_at),
            value_len: body[value_at..p.at].chars().count(),
        });
    }
    p.skip_space();
    if !p.eat("}}") {
        return error(
            p.at,
            "expected `}}` to close the shortcode",
            Some(format!("write `{{{{ {name}(…) }}}}`")),
        );
    }
    Some(Ok(Parsed {
        name: name.to_string(),
        name_col,
        args,
        end: p.at,
    }))
}

/// A tiny cursor over one line of the body.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at.min(self.text.len())..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.at += s.len();
        }
        found
    }

    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let ident = &rest[..len];
        (ident.starts_with(|c: char| c.is_ascii_alphabetic())).then(|| {
            self.at += len;
            ident
        })
    }

    fn value(&mut self) -> Result<Value, String> {
        let rest = self.rest();
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut text = String::new();
            let mut chars = quoted.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        self.at += 1 + i + 1;
                        return Ok(Value::Text(text));
                    }
                    '\\' => match chars.next() {
                        Some((_, c)) => text.push(c),
                        None => break,
                    },
                    c => text.push(c),
                }
            }
            return Err("the text is not closed with `\"`".to_string());
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let value = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => match word.parse::<f64>() {
                Ok(n) if n.is_finite() => Value::Number(n),
                _ if word.is_empty() => return Err("expected a value".to_string()),
                _ => return Err(format!("`{word}` is not a value")),
            },
        };
        self.at += len;
        Ok(value)
    }
}

/// Whose numbers a shortcode shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Organisation,
    Team(usize),
    Person(usize),
}

/// A shortcode checked against the book, ready for the renderers.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// The KPI table; with a team, that team's targets.
    Kpis { team: Option<usize> },
    /// Teams with their managers and members; or one team.
    Roster { team: Option<usize> },
    /// A KPI's trend card; `kpi: None` takes the book's first KPI.
    Chart {
        kpi: Option<String>,
        scope: Scope,
        periods: Option<usize>,
    },
    /// The question bank, or one group of it.
    Questions { group: Option<&'static str> },
    /// A personal target from `team.yaml`.
    Target { kpi: String, scope: Scope },
    /// A KPI's value in the report period.
    Value { kpi: String, scope: Scope },
}

/// Checks the calls of a chapter against the book: KPI ids, team and person ids.
/// `shown` says whether a KPI's base measures are all in the metrics.
pub fn resolve(
    calls: &[Call],
    path: &Path,
    catalogue: &[Kpi],
    shown: &dyn Fn(&Kpi) -> bool,
    roster: &Roster,
    diags: &mut Diagnostics,
) -> Vec<Option<Kind>> {
    calls
        .iter()
        .map(|call| {
            let at_value = |arg: &Arg, message: String, hint: Option<String>| {
                let d = Diagnostic::error(path, message)
                    .at_line(call.line, arg.value_col, call.snippet.clone())
                    .with_len(arg.value_len);
                match hint {
                    Some(h) => d.with_hint(h),
                    None => d,
                }
            };
            let text = |key: &str| {
                call.arg(key).and_then(|a| match &a.value {
                    Value::Text(t) => Some((a, t.as_str())),
                    _ => None,
                })
            };
            let mut ok = true;
            let mut team = None;
            if let Some((arg, id)) = text("team") {
                team = roster.teams.iter().position(|t| t.id == id);
                if team.is_none() {
                    ok = false;
                    diags.push(at_value(
                        arg,
                        format!("unknown team `{id}`"),
                        did_you_mean(id, roster.teams.iter().map(|t| t.id.as_str())),
                    ));
                }
            }
            let mut person = None;
            if let Some((arg, id)) = text("person") {
                person = roster.person_index(id);
                if person.is_none() {
                    ok = false;
                    diags.push(at_value(
                        arg,
                        format!("unknown person `{id}`"),
                        did_you_mean(id, roster.people.iter().map(|p| p.id.as_str())),
                    ));
                }
            }
            let mut kpi = None;
            if let Some((arg, id)) = text("kpi") {
                match catalogue.iter().find(|k| k.id == id) {
                    None => {
                        ok = false;
                        diags.push(at_value(
                            arg,
                            format!("unknown KPI `{id}`"),
                            did_you_mean(id, catalogue.iter().map(|k| k.id.as_str())),
                        ));
                    }
                    Some(k) if !shown(k) && call.name != "target" => {
                        ok = false;
                        diags.push(at_value(
                            arg,
                            format!("KPI `{id}` has no data in this book"),
                            Some(format!(
                                "it needs the metrics columns {}",
                                k.measures
                                    .iter()
                                    .map(|m| format!("`{m}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        ));
                    }
                    Some(k) => kpi = Some(k.id.clone()),
                }
            }
            let mut group = None;
            if let Some((arg, key)) = text("group") {
                group = crate::load::questions::GROUPS
                    .iter()
                    .copied()
                    .find(|g| *g == key);
                if group.is_none() {
                    ok = false;
                    diags.push(at_value(
                        arg,
                        format!("unknown question group `{key}`"),
                        did_you_mean(key, crate::load::questions::GROUPS).or_else(|| {
                            Some(format!(
                                "the groups are {}",
                                crate::load::questions::GROUPS.join(", ")
                            ))
                        }),
                    ));
                }
            }
            if !ok {
                return None;
            }
            let scope = match (team, person) {
                (Some(t), _) => Scope::Team(t),
                (_, Some(p)) => Scope::Person(p),
                _ => Scope::Organisation,
            };
            let periods = call.arg("periods").and_then(|a| match a.value {
                Value::Number(n) => Some(n as usize),
                _ => None,
            });
            Some(match call.name.as_str() {
                "kpis" => Kind::Kpis { team },
                "roster" => Kind::Roster { team },
                "questions" => Kind::Questions { group },
                "chart" => Kind::Chart {
                    kpi,
                    scope,
                    periods,
                },
                "target" => Kind::Target {
                    kpi: kpi.expect("required, checked at extraction"),
                    scope,
                },
                _ => Kind::Value {
                    kpi: kpi.expect("required, checked at extraction"),
                    scope,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
