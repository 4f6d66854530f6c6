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

use std::fmt::{self, Write as _};
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
    /// The source line the location points into, without its line end.
    pub(crate) snippet: Option<String>,
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
            message: message.into(),
            snippet: None,
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
    pub(crate) fn at(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self.snippet = line
            .checked_sub(1)
            .and_then(|i| source.lines().nth(i))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Points the diagnostic at `line:col` with an already extracted source line.
    pub(crate) fn at_line(mut self, line: usize, col: usize, snippet: impl Into<String>) -> Self {
        self.line = line;
        self.col = col;
        self.snippet = Some(snippet.into());
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
        self.hint = Some(hint.into());
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
            let shown = shorten(&shown, self.col);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, shown.text)?;
            if self.col > 0 {
                let mut marks = String::new();
                let start = self.col.saturating_sub(1 + shown.skipped);
                let _ = write!(marks, "{}", " ".repeat(start));
                marks.push_str(&"^".repeat(self.len.max(1)));
                writeln!(f, "{pad} | {marks}")?;
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
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Moves every diagnostic of `other` into this one.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub(crate) fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
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

    /// Diagnostics in a stable order: by file, then position, errors first.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
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
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("jan-nowk", ["jan-nowak", "anna-kowalska"]),
            Some("did you mean `jan-nowak`?".into())
        );
        assert_eq!(did_you_mean("zzz", ["jan-nowak"]), None);
    }
}
