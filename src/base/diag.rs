//! Diagnostics: every mistake in a book becomes a [`Diagnostic`] that names the file,
//! line and column and quotes the offending line, like rustc or Zola.
//!
//! One convention for every stage (load, compute, render, write):
//!
//! - A problem the user should see is a [`Diagnostic`] — never a `String` error.
//! - A function that can find problems takes the run's collector,
//!   `diags: &mut Diagnostics`, pushes every problem it finds (errors and warnings),
//!   and returns `Option<T>`: `None` exactly when it pushed at least one error.
//! - Work that runs in parallel gives each task its own [`Diagnostics`] and merges
//!   them with [`Diagnostics::extend`].
//! - A small helper that cannot know the file or position (parsing one date, one
//!   number) returns `Result<T, Diagnostic>` built with [`Diagnostic::problem`]; its
//!   caller places it with [`Diagnostic::in_file`] and [`Diagnostic::at`].
//! - [`Diagnostics::summary`] is the one "the book has N errors" line.
//!
//! A run reports all problems together and fails once. A diagnostic carries its own
//! one-line snippet, so printing never re-reads input files (a metrics export can be
//! tens of megabytes).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    Error,
    Warning,
    /// Information about what the tool did (`read as a HubSpot deals export`).
    Note,
}

/// One problem in the book, with its location when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    /// The file, relative to the book folder (as the user sees it).
    pub(crate) file: PathBuf,
    /// 1-based line; 0 when the problem is about the whole file.
    pub(crate) line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub(crate) col: usize,
    /// How many characters to underline from `col` (at least one is shown).
    pub(crate) len: usize,
    /// What went wrong, as the user reads it.
    pub message: String,
    /// The source line the location points into, without its line end: on a long
    /// line a window of it around the column, `…` marking what was cut.
    pub(crate) snippet: Option<String>,
    /// How many characters of the line come before the window's first one shown
    /// (the leading `…` stands for one of them).
    pub(crate) skipped: usize,
    /// A suggestion ("did you mean `x`?", "expected one of …").
    pub hint: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            col: 0,
            len: 0,
            message: tame(message.into()),
            snippet: None,
            skipped: 0,
            hint: None,
        }
    }

    pub(crate) fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// A note: what the tool did, for the user's information.
    pub(crate) fn note(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, message)
        }
    }

    /// An error whose file and position the caller adds ([`Diagnostic::in_file`],
    /// [`Diagnostic::at`]): what a helper returns that sees only a value.
    pub(crate) fn problem(message: impl Into<String>) -> Self {
        Diagnostic::error(PathBuf::new(), message)
    }

    /// Sets the file the diagnostic is about (relative to the book folder).
    pub(crate) fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = file.into();
        self
    }

    /// Points the diagnostic at `line:col` (1-based), taking the snippet from `source`.
    pub(crate) fn at(self, source: &str, line: usize, col: usize) -> Self {
        match line.checked_sub(1).and_then(|i| source.lines().nth(i)) {
            Some(text) => self.at_line(line, col, text.trim_end_matches('\r')),
            None => Diagnostic {
                line,
                col,
                snippet: None,
                ..self
            },
        }
    }

    /// Points the diagnostic at `line:col` with an already extracted source line.
    /// Only a window of a long line is kept, so a thousand problems on a 1 MB line
    /// hold a few hundred kilobytes, not a gigabyte.
    pub(crate) fn at_line(mut self, line: usize, col: usize, snippet: impl AsRef<str>) -> Self {
        let shown = shorten(snippet.as_ref(), col);
        self.line = line;
        self.col = col;
        self.snippet = Some(shown.text);
        self.skipped = shown.skipped;
        self
    }

    /// Points the diagnostic at a byte offset in `source`.
    pub(crate) fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.at(source, line, col)
    }

    /// Underlines `len` characters from the column.
    pub(crate) fn with_len(mut self, len: usize) -> Self {
        self.len = len;
        self
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(tame(hint.into()));
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether this is a note (information, not a problem).
    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }
}

/// Longest quoted value (in characters) a message shows whole.
const QUOTED: usize = 60;
/// Longest message or hint (in characters) shown whole.
const MESSAGE: usize = 1000;

/// A message with its long quoted values cut (`` `xxxx…` ``): one quoting a 1 MB
/// cell would print it, once per row.
fn tame(message: String) -> String {
    if message.len() <= QUOTED {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(MESSAGE * 4));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are between backticks.
        if i % 2 == 1 && part.chars().nth(QUOTED).is_some() {
            out.extend(part.chars().take(QUOTED - 10));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    match out.char_indices().nth(MESSAGE) {
        Some((at, _)) => {
            out.truncate(at);
            out.push('…');
            out
        }
        None => out,
    }
}

/// 1-based line and character column of a byte offset in `source`.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

impl fmt::Display for Diagnostic {
    /// Renders the diagnostic the way rustc does:
    ///
    /// ```text
    /// error: unknown person `jan-nowk`
    ///   --> metrics/crm.csv:14:12
    ///    |
    /// 14 | 2026-10-01,jan-nowk,3,1
    ///    |            ^^^^^^^^
    ///    = help: did you mean `jan-nowak`?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let file = display_path(&self.file);
        let gutter = if self.line > 0 {
            self.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(gutter);
        match (self.line, self.col) {
            // A note about a whole file names it in its message.
            (0, _) if self.severity == Severity::Note => {}
            (0, _) => writeln!(f, "{pad}--> {file}")?,
            (line, 0) => writeln!(f, "{pad}--> {file}:{line}")?,
            (line, col) => writeln!(f, "{pad}--> {file}:{line}:{col}")?,
        }
        if let (Some(snippet), true) = (&self.snippet, self.line > 0) {
            // Tabs would break the caret alignment; show them as one space.
            let shown: String = snippet
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {shown}", self.line)?;
            if self.col > 0 {
                let width = shown.chars().count();
                let start = self.col.saturating_sub(1 + self.skipped).min(width);
                // The underline ends with the window (at least one mark).
                let len = self.len.clamp(1, (width - start).max(1));
                writeln!(f, "{pad} | {}{}", " ".repeat(start), "^".repeat(len))?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{pad} = help: {hint}")?;
        }
        Ok(())
    }
}

struct Shortened {
    text: String,
    skipped: usize,
}

/// Keeps very long lines (a CSV row with 40 columns) readable around the column.
fn shorten(line: &str, col: usize) -> Shortened {
    const WIDTH: usize = 100;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return Shortened {
            text: line.to_string(),
            skipped: 0,
        };
    }
    let start = col.saturating_sub(WIDTH / 3).min(chars.len() - WIDTH);
    let mut text = String::new();
    let mut skipped = start;
    if start > 0 {
        text.push('…');
        skipped = start.saturating_sub(1);
    }
    text.extend(&chars[start..start + WIDTH]);
    if start + WIDTH < chars.len() {
        text.push('…');
    }
    Shortened { text, skipped }
}

/// Paths print with `/` on every platform, so messages and tests agree.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// All diagnostics of one run.
///
/// At most [`PER_FILE`] are kept for one file: an export with a wrong column
/// mapping fails on every row, and the first screenful says what the rest would.
/// The others are counted (errors still fail the run) and reported as one note.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Per file: how many were kept, and how many errors and others were not.
    per_file: BTreeMap<PathBuf, Kept>,
}

/// Diagnostics kept for one file in one run.
pub(crate) const PER_FILE: usize = 100;

#[derive(Debug, Default, Clone, Copy)]
struct Kept {
    shown: usize,
    hidden_errors: usize,
    hidden_others: usize,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        let kept = self.per_file.entry(diagnostic.file.clone()).or_default();
        if kept.shown < PER_FILE || diagnostic.is_note() {
            kept.shown += 1;
            self.items.push(diagnostic);
        } else if diagnostic.is_error() {
            kept.hidden_errors += 1;
        } else {
            kept.hidden_others += 1;
        }
    }

    /// Moves every diagnostic of `other` into this one.
    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
        for (file, theirs) in other.per_file {
            let ours = self.per_file.entry(file).or_default();
            ours.hidden_errors += theirs.hidden_errors;
            ours.hidden_others += theirs.hidden_others;
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Errors, counting those not kept.
    pub(crate) fn error_count(&self) -> usize {
        let hidden: usize = self.per_file.values().map(|k| k.hidden_errors).sum();
        self.items.iter().filter(|d| d.is_error()).count() + hidden
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics in the order they were pushed.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The closing line of a failed run: "the book has 3 errors".
    pub(crate) fn summary(&self) -> String {
        let n = self.error_count();
        let s = if n == 1 { "" } else { "s" };
        format!("the book has {n} error{s}")
    }

    /// Diagnostics in a stable order: by file, then position, errors first; for a
    /// file with more than [`PER_FILE`], a closing note with the count not shown.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
        let mut notes: Vec<Diagnostic> = self
            .per_file
            .iter()
            .filter_map(|(file, kept)| not_shown(file, *kept))
            .collect();
        if notes.is_empty() {
            return self.items;
        }
        // Each note goes after the last diagnostic of its file.
        let mut out = Vec::with_capacity(self.items.len() + notes.len());
        notes.reverse();
        for d in self.items {
            while notes.last().is_some_and(|n| n.file < d.file) {
                out.extend(notes.pop());
            }
            out.push(d);
        }
        out.extend(notes.into_iter().rev());
        out
    }
}

/// The note closing a file's diagnostics when some were not kept.
fn not_shown(file: &Path, kept: Kept) -> Option<Diagnostic> {
    let what = match (kept.hidden_errors, kept.hidden_others) {
        (0, 0) => return None,
        (1, 0) => "1 more error".to_string(),
        (e, 0) => format!("{e} more errors"),
        (0, 1) => "1 more warning".to_string(),
        (0, w) => format!("{w} more warnings"),
        (e, 1) => format!("{e} more errors and 1 warning"),
        (e, w) => format!("{e} more errors and {w} warnings"),
    };
    let message = format!("{what} not shown (the first {PER_FILE} are above)");
    Some(match display_path(file) {
        name if name.is_empty() => Diagnostic::note(file, message),
        name => Diagnostic::note(file, format!("{name}: {message}")),
    })
}

/// "did you mean `x`?" for the closest of `candidates`, when one is close enough:
/// within a few edits (typos, swapped letters) or sharing most of its characters.
pub(crate) fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let max_edits = (input.chars().count() / 3).max(1);
    let mut best: Option<((usize, u64), &str)> = None;
    for candidate in candidates {
        let edits = strsim::osa_distance(input, candidate);
        let similarity = strsim::jaro_winkler(input, candidate);
        if edits > max_edits && similarity < 0.85 {
            continue;
        }
        // Fewer edits first, then the more similar; ties keep the first candidate.
        let key = (edits, ((1.0 - similarity) * 1e6) as u64);
        if best.is_none_or(|(b, _)| key < b) {
            best = Some((key, candidate));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_snippet_and_caret() {
        let source = "date,rep\n2026-10-01,jan-nowk\n";
        let d = Diagnostic::error("metrics/crm.csv", "unknown person `jan-nowk`")
            .at(source, 2, 12)
            .with_len(8)
            .with_hint("did you mean `jan-nowak`?");
        assert_eq!(
            d.to_string(),
            "error: unknown person `jan-nowk`\n \
             --> metrics/crm.csv:2:12\n  |\n\
             2 | 2026-10-01,jan-nowk\n  |            ^^^^^^^^\n  \
             = help: did you mean `jan-nowak`?\n"
        );
    }

    #[test]
    fn file_level_diagnostic_has_no_snippet() {
        let d = Diagnostic::error("team.yaml", "file not found");
        assert_eq!(d.to_string(), "error: file not found\n --> team.yaml\n");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let source = "a: 1\nimię: zła\n";
        let offset = source.find("zła").unwrap();
        assert_eq!(line_col(source, offset), (2, 7));
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let mut line = "x".repeat(300);
        line.replace_range(249..250, "Y");
        let d = Diagnostic::error("a.csv", "bad").at_line(1, 250, line);
        let text = d.to_string();
        let snippet: Vec<char> = text.lines().nth(3).unwrap().chars().collect();
        let caret: Vec<char> = text.lines().nth(4).unwrap().chars().collect();
        assert!(snippet.len() < 110, "the line is shortened");
        let at = caret.iter().position(|&c| c == '^').unwrap();
        assert_eq!(snippet[at], 'Y', "the caret still points at column 250");
    }

    #[test]
    fn a_long_line_keeps_only_a_window_and_the_underline_stays_in_it() {
        let line = format!("{}BAD{}", "a".repeat(500_000), "b".repeat(500_000));
        let d = Diagnostic::error("a.csv", "bad")
            .at_line(7, 500_001, &line)
            .with_len(900_000);
        let snippet = d.snippet.as_deref().unwrap();
        assert!(snippet.len() < 400, "{} bytes kept", snippet.len());
        let text = d.to_string();
        let shown: Vec<char> = text.lines().nth(3).unwrap().chars().collect();
        let marks = text.lines().nth(4).unwrap();
        let at = marks.find('^').unwrap();
        assert_eq!(shown[at..at + 3], ['B', 'A', 'D']);
        assert!(marks.len() < 120, "underline cut at the window: {marks}");
        assert!(marks.ends_with('^'));
    }

    #[test]
    fn long_quoted_values_and_long_messages_are_cut() {
        let cell = "x".repeat(100_000);
        let d = Diagnostic::error("a.csv", format!("`{cell}` is not a number"))
            .with_hint("y".repeat(5000));
        assert_eq!(d.message, format!("`{}…` is not a number", "x".repeat(50)));
        assert_eq!(d.hint.unwrap().chars().count(), MESSAGE + 1);
        let short = "unknown person `jan-nowk` (30 rows), quoted `in full` as it is";
        assert_eq!(Diagnostic::problem(short).message, short);
    }

    #[test]
    fn a_file_keeps_its_first_diagnostics_and_counts_the_rest() {
        let mut diags = Diagnostics::new();
        for row in 1..=1000 {
            diags.push(Diagnostic::error("metrics/crm.csv", "bad date").at("x", row, 1));
        }
        diags.push(Diagnostic::warning("metrics/crm.csv", "odd"));
        diags.push(Diagnostic::error("team.yaml", "unknown key"));
        assert_eq!(diags.error_count(), 1001);
        let sorted = diags.sorted();
        assert_eq!(sorted.len(), PER_FILE + 2);
        let note = &sorted[PER_FILE];
        assert!(note.is_note());
        assert_eq!(
            note.message,
            "metrics/crm.csv: 900 more errors and 1 warning not shown (the first 100 are above)"
        );
        assert_eq!(sorted[PER_FILE + 1].file, Path::new("team.yaml"));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("jan-nowk", ["jan-nowak", "anna-kowalska"]),
            Some("did you mean `jan-nowak`?".into())
        );
        assert_eq!(did_you_mean("zzz", ["jan-nowak"]), None);
    }
}
