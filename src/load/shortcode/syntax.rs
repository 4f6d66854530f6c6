//! Reading one call, `{{ name(key="value", …) }}`, on its line of the chapter.

// Every step returns its problem as one Diagnostic (see base::diag).
#![allow(clippy::result_large_err)]

use super::call::{Arg, SPECS, Value};
use crate::base::diag::Diagnostic;

/// A call that reads well; its name and arguments are checked by the caller.
pub(super) struct Parsed {
    pub(super) name: String,
    /// Column offset of the name from the `{{` (0-based, in characters).
    pub(super) name_col: usize,
    pub(super) args: Vec<Arg>,
    /// Byte offset just past the closing `}}`.
    pub(super) end: usize,
}

/// The line of the body a call stands on: its bytes (without the `\n`) and its
/// 1-based number in the chapter file. The caller finds it once per line: a chapter
/// may be one long line full of `{{`.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineAt {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) number: usize,
}

/// Parses the shortcode starting at `body[start..]` (which begins with `{{`) on the
/// line `at`. `None` when the text is not meant as a shortcode (`{{` followed by no
/// name and `(`); a mistake is a problem located on that line, for the caller to put
/// in its file.
pub(super) fn parse_call(
    body: &str,
    start: usize,
    at: LineAt,
) -> Option<Result<Parsed, Diagnostic>> {
    let line = Line { body, at };
    let mut p = Cursor {
        text: &body[..at.end],
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
            Err(line
                .problem(name_start, format!("shortcode `{name}` needs parentheses"))
                .with_len(name.chars().count())
                .with_hint(format!("write `{{{{ {name}() }}}}`")))
        });
    }
    let args = match line.args(&mut p, start) {
        Ok(args) => args,
        Err(problem) => return Some(Err(problem)),
    };
    p.skip_space();
    if !p.eat("}}") {
        return Some(Err(line
            .problem(p.at, "expected `}}` to close the shortcode")
            .with_hint(format!("write `{{{{ {name}(…) }}}}`"))));
    }
    Some(Ok(Parsed {
        name: name.to_string(),
        name_col,
        args,
        end: p.at,
    }))
}

/// The line a call stands on, for columns and problems.
struct Line<'a> {
    body: &'a str,
    at: LineAt,
}

impl Line<'_> {
    /// A problem at byte `offset` of the body, one character long.
    fn problem(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        self.place(Diagnostic::problem(message), offset).with_len(1)
    }

    /// `d` placed at byte `offset` of the body, on this line.
    fn place(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        let snippet = self.body[self.at.start..self.at.end].trim_end_matches('\r');
        d.at_line(self.at.number, self.col(offset), snippet)
    }

    /// The 1-based column of byte `offset` of the body.
    fn col(&self, offset: usize) -> usize {
        self.body[self.at.start..offset].chars().count() + 1
    }

    /// The arguments up to and with the closing `)`.
    fn args(&self, p: &mut Cursor, start: usize) -> Result<Vec<Arg>, Diagnostic> {
        let mut args = Vec::new();
        loop {
            p.skip_space();
            if p.eat(")") {
                return Ok(args);
            }
            if !args.is_empty() {
                if !p.eat(",") {
                    return Err(self
                        .problem(p.at, "expected `,` or `)` in the shortcode's arguments")
                        .with_hint(
                            "separate arguments with commas: `kpi=\"revenue\", team=\"north\"`",
                        ));
                }
                p.skip_space();
            }
            args.push(self.arg(p, start)?);
        }
    }

    /// One `key=value` argument.
    fn arg(&self, p: &mut Cursor, start: usize) -> Result<Arg, Diagnostic> {
        let key_at = p.at;
        let Some(key) = p.ident() else {
            if p.at >= p.text.len() {
                return Err(self
                    .problem(start, "the shortcode is not closed on its line")
                    .with_hint("end it with `) }}` on the same line"));
            }
            return Err(self
                .problem(p.at, "expected an argument name")
                .with_hint("arguments are written `name=\"value\"`"));
        };
        p.skip_space();
        if !p.eat("=") {
            return Err(self
                .problem(p.at, format!("expected `=` after `{key}`"))
                .with_hint(format!("write `{key}=\"…\"`")));
        }
        p.skip_space();
        let value_at = p.at;
        let value = match p.value() {
            Ok(value) => value,
            Err(problem) => {
                let bare = p.rest().split([',', ')', ' ']).next().unwrap_or_default();
                let hint = if bare.is_empty() {
                    format!("write `{key}=\"…\"`")
                } else {
                    format!("put text in quotes: `{key}=\"{bare}\"`")
                };
                return Err(self
                    .place(problem, value_at)
                    .with_len(bare.chars().count().max(1))
                    .with_hint(hint));
            }
        };
        Ok(Arg {
            key: key.to_string(),
            value,
            key_col: self.col(key_at),
            value_col: self.col(value_at),
            value_len: self.body[value_at..p.at].chars().count(),
        })
    }
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

    /// A quoted text, a number or `true`/`false`; else a problem for the caller to
    /// place.
    fn value(&mut self) -> Result<Value, Diagnostic> {
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
            return Err(Diagnostic::problem("the text is not closed with `\"`"));
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
                _ if word.is_empty() => return Err(Diagnostic::problem("expected a value")),
                _ => return Err(Diagnostic::problem(format!("`{word}` is not a value"))),
            },
        };
        self.at += len;
        Ok(value)
    }
}
