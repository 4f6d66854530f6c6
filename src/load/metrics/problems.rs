//! Bad rows: collected per chunk while parsing (capped, unknown people once with a
//! row count), then turned into each file's diagnostics.

use std::collections::HashMap;

use super::header::Source;
use super::locate::At;
use crate::base::diag::{self, Diagnostic, Diagnostics, Severity};

/// Problems reported per file; the rest are only counted, so a broken 800k-row export
/// does not flood the terminal.
pub(super) const MAX_REPORTS: usize = 50;

/// A bad row, located lazily: `pos`/`line` is where the row starts.
pub(super) struct Problem {
    pos: usize,
    pub(super) line: usize,
    at: At,
    message: String,
    hint: Option<String>,
    /// For an unknown person: the id, so later rows of the same id are only counted.
    person: Option<String>,
    count: usize,
}

/// A chunk's problems: the first [`MAX_REPORTS`] kept, the rest counted.
#[derive(Default)]
pub(super) struct Problems {
    pub(super) list: Vec<Problem>,
    more: usize,
    /// Unknown person id → its problem, so later rows of that id are only counted.
    unknown: HashMap<Vec<u8>, usize>,
}

impl Problems {
    pub(super) fn add(
        &mut self,
        pos: usize,
        line: usize,
        at: At,
        message: String,
        hint: Option<String>,
    ) {
        if self.list.len() < MAX_REPORTS {
            self.list.push(Problem {
                pos,
                line,
                at,
                message,
                hint,
                person: None,
                count: 1,
            });
        } else {
            self.more += 1;
        }
    }

    /// An unknown (or empty) person id, reported once per chunk with a row count.
    #[cold]
    pub(super) fn person(
        &mut self,
        rep: &[u8],
        pos: usize,
        line: usize,
        field: usize,
        people: &[&str],
    ) {
        if rep.is_empty() {
            self.add(
                pos,
                line,
                At::Field(field),
                "missing person id".into(),
                None,
            );
            return;
        }
        if let Some(&i) = self.unknown.get(rep) {
            self.list[i].count += 1;
            return;
        }
        if self.list.len() >= MAX_REPORTS {
            self.more += 1;
            return;
        }
        let id = String::from_utf8_lossy(rep).into_owned();
        let hint = diag::did_you_mean(&id, people.iter().copied())
            .unwrap_or_else(|| "people are listed in team.yaml".to_string());
        let message = format!("unknown person `{id}`");
        self.add(pos, line, At::Field(field), message, Some(hint));
        self.unknown.insert(rep.to_vec(), self.list.len() - 1);
        if let Some(p) = self.list.last_mut() {
            p.person = Some(id);
        }
    }
}

/// Turns a file's problems (its chunks', in file order) into diagnostics: the first
/// [`MAX_REPORTS`], unknown people once with their row count, then a count of the
/// rest; and a warning when the file has no data rows (`records` is 0).
pub(super) fn report_rows(
    source: &Source,
    chunks: &[&Problems],
    records: usize,
    severity: Severity,
    diags: &mut Diagnostics,
) {
    let mut kept: Vec<&Problem> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut people: HashMap<&str, usize> = HashMap::new();
    let mut more = 0;
    for chunk in chunks {
        for problem in &chunk.list {
            if let Some(&i) = problem.person.as_deref().and_then(|p| people.get(p)) {
                counts[i] += problem.count;
            } else if kept.len() < MAX_REPORTS {
                if let Some(person) = &problem.person {
                    people.insert(person, kept.len());
                }
                kept.push(problem);
                counts.push(problem.count);
            } else {
                more += problem.count;
            }
        }
        more += chunk.more;
    }
    for (problem, count) in kept.into_iter().zip(counts) {
        let mut message = problem.message.clone();
        if count > 1 {
            message.push_str(&format!(" ({count} rows)"));
        }
        let mut d = source.diagnostic(severity, problem.pos, problem.line, problem.at, message);
        d.hint = problem.hint.clone();
        diags.push(d);
    }
    if more > 0 {
        let kind = match severity {
            Severity::Error => "errors",
            Severity::Warning | Severity::Note => "skipped rows",
        };
        diags.push(Diagnostic {
            severity,
            ..Diagnostic::error(
                source.path,
                format!("… and {more} more {kind} in this file"),
            )
        });
    }
    if records == 0 {
        diags.push(Diagnostic::warning(
            source.path,
            "no data rows: the file has only a header",
        ));
    }
}
