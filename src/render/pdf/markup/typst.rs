//! Typst syntax for the chapter emitter: author text escaped so it can never become
//! markup ([`escape_text`]), string literals, labels, and the [`Writer`] that keeps the
//! state escaping depends on. The escaping rules follow Typst's lexer (`typst-syntax`,
//! `lexer.rs`, `Lexer::markup` and `Lexer::text`, 0.13–0.15).

use std::fmt::Write as _;

/// Escapes plain text for Typst markup mode.
///
/// The result is literal wherever markup may appear: at the start of a line (list,
/// enum, term and heading markers are escaped) and right after an embedded expression
/// such as `#emph[x]` (a leading `(`, `.`, `;` or `[` would continue the expression).
/// Line breaks become spaces, so the text stays on one line (a heading's text ends at
/// the line's end). `'` and `"` are escaped too: Typst would turn them into curly
/// quotes, and the site shows what the author typed (smart punctuation is off there).
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut line_start = true;
    escape_into(&mut out, text, &mut line_start, true);
    out
}

/// A Typst string literal (`"..."`) with escapes, for use in code mode.
pub(crate) fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    // The escapes Typst strings know (`ast::Str::get`); other controls as `\u{…}`.
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes `text` onto `out`. `line_start`: the output is at the start of a line (only
/// spaces since a newline or a `[`); updated. `after_code`: the output ends with an
/// embedded expression that a leading `(`, `[`, `.` or `;` would continue.
fn escape_into(out: &mut String, text: &str, line_start: &mut bool, after_code: bool) {
    // Typst's newlines (`is_newline`) would end a heading or, doubled, a paragraph.
    let chars: Vec<char> = text
        .chars()
        .map(|c| {
            let newline = matches!(
                c,
                '\n' | '\r' | '\x0b' | '\x0c' | '\u{85}' | '\u{2028}' | '\u{2029}'
            );
            if newline { ' ' } else { c }
        })
        .collect();
    let mut enum_dot = None;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        if *line_start && c.is_ascii_digit() {
            // `1. ` at the start of a line is an enum marker (`Lexer::numbering`).
            let end = chars[i..]
                .iter()
                .position(|c| !c.is_ascii_digit())
                .map_or(chars.len(), |n| i + n);
            let at_end = chars.get(end + 1).is_none_or(|c| c.is_whitespace());
            if chars.get(end) == Some(&'.') && at_end {
                enum_dot = Some(end);
            }
        }
        let escape = match c {
            // Always markup (`Lexer::markup`): `\` escapes, `#` code, `*` `_` strong and
            // emphasis, `$` math, `@` references, `<` labels, `[` `]` content, `` ` `` raw,
            // `~` a no-break space, `'` `"` smart quotes, `=` headings (at a line start;
            // escaped everywhere, as is `>`, `^` for symmetry with `<` and math).
            '\\' | '#' | '*' | '_' | '$' | '@' | '<' | '>' | '[' | ']' | '`' | '~' | '\'' | '"'
            | '^' | '=' => true,
            // `//` and `/*` open comments in every mode, so also `http://` is no auto
            // link; `/ ` at a line start is a term marker.
            '/' => *line_start || matches!(next, Some('/' | '*')),
            // Shorthands `--` (en dash), `---` (em dash), `-?` (soft hyphen), `-1`
            // (minus sign); `- ` at a line start is a list marker. Authors get the
            // hyphens they typed, as on the site.
            '-' => *line_start || matches!(next, Some(n) if n == '-' || n == '?' || n.is_numeric()),
            '+' => *line_start,
            // `...` is an ellipsis shorthand.
            '.' => enum_dot == Some(i) || (next == Some('.') && chars.get(i + 2) == Some(&'.')),
            _ => false,
        } || (i == 0 && after_code && continues_code(c, next));
        if escape {
            out.push('\\');
        }
        out.push(c);
        if !matches!(c, ' ' | '\t') {
            *line_start = false;
        }
    }
}

/// Whether `c` (then `next`) right after an embedded expression would continue it
/// (`parser.rs`, `code_expr_prec`): `(` adds arguments, `.` and an identifier access a
/// field or method, and `embedded_code_expr` swallows a `;`.
fn continues_code(c: char, next: Option<char>) -> bool {
    let ident = |n: char| !(n.is_whitespace() || n.is_ascii_punctuation() || n.is_ascii_digit());
    match c {
        '(' | ';' => true,
        '.' => next.is_some_and(ident),
        _ => false,
    }
}

/// A chapter's label: its slug, mapped like an id.
pub(super) fn chapter_label(slug: &str) -> String {
    label_part(slug)
}

/// The label of heading `id` in chapter `slug`.
pub(super) fn heading_label(slug: &str, id: &str) -> String {
    format!("{}--{}", label_part(slug), label_part(id))
}

/// The label of footnote `number` in chapter `slug`, for its second reference.
pub(super) fn footnote_label(slug: &str, number: usize) -> String {
    format!("{}--fn:{number}", label_part(slug))
}

/// Maps any string to characters a label literal accepts (`is_valid_in_label_literal`:
/// identifier characters, `-`, `.`, `:`), one to one. ASCII letters, digits and `_`
/// stay; `-` stays unless it starts or ends the text or follows a `-`; every other
/// character becomes `.` + hex code + `.` (`.` itself included). So a part never holds
/// `--` nor starts or ends with `-`, never holds `:`, and `a--b` splits one way only:
/// chapter, heading and footnote labels (`slug`, `slug--id`, `slug--fn:1`) never clash.
pub(super) fn label_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let count = text.chars().count();
    for (i, c) in text.chars().enumerate() {
        let keep = c.is_ascii_alphanumeric()
            || c == '_'
            || (c == '-' && i > 0 && i + 1 < count && !out.ends_with('-'));
        if keep {
            out.push(c);
        } else {
            let _ = write!(out, ".{:x}.", u32::from(c));
        }
    }
    out
}

/// Output with the state escaping depends on. Text is held back and escaped as one
/// piece when markup follows, so `a/` `<b>` `/c` (a tag dropped between) still sees
/// the `//` it becomes.
#[derive(Default)]
pub(super) struct Writer {
    out: String,
    pending: String,
    /// Only spaces since a newline or a `[` (or nothing written yet).
    line_start: bool,
    /// The output ends with an embedded expression (`…]` or `…)`).
    after_code: bool,
}

impl Writer {
    /// An empty output, at the start of a line.
    pub(super) fn new() -> Writer {
        Writer {
            line_start: true,
            ..Writer::default()
        }
    }

    pub(super) fn text(&mut self, text: &str) {
        self.pending.push_str(text);
    }

    pub(super) fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        escape_into(&mut self.out, &text, &mut self.line_start, self.after_code);
        self.after_code = false;
    }

    /// Writes markup as is. Every markup string of this module that ends with `]` or
    /// `)` ends an embedded expression.
    pub(super) fn markup(&mut self, markup: &str) {
        self.flush();
        if markup.is_empty() {
            return;
        }
        self.out.push_str(markup);
        match markup.trim_end_matches([' ', '\t']).chars().last() {
            Some('\n' | '[') => self.line_start = true,
            Some(_) => self.line_start = false,
            None => {}
        }
        self.after_code = markup.ends_with([']', ')']);
    }

    /// Starts a new line unless at the start of one (before a block).
    pub(super) fn line(&mut self) {
        self.flush();
        if !self.line_start && !self.out.is_empty() {
            self.markup("\n");
        }
    }

    /// Ends a block: a blank line follows, unless a content block just opened.
    pub(super) fn block_end(&mut self) {
        self.flush();
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        if self.out.is_empty() || self.out.ends_with('[') {
            return;
        }
        let newlines = self.out.len() - self.out.trim_end_matches('\n').len();
        for _ in newlines..2 {
            self.out.push('\n');
        }
        self.line_start = true;
        self.after_code = false;
    }

    /// Drops trailing whitespace and a dangling line break before a content block closes
    /// (a `\` left before `]` would escape it).
    pub(super) fn trim_end(&mut self) {
        self.flush();
        loop {
            let trimmed = self.out.trim_end_matches([' ', '\t', '\n']).len();
            self.out.truncate(trimmed);
            let backslashes = self.out.len() - self.out.trim_end_matches('\\').len();
            if backslashes.is_multiple_of(2) {
                break;
            }
            self.out.pop();
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.trim_end();
        self.out
    }
}
