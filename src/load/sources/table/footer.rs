//! Footer rows: a bounded lookahead that holds back the rows that may turn out to
//! be a footer (the last `footer_lines` rows, and a trailing run of rows that start
//! with a footer prefix) and releases them, in order, once a later row shows they
//! are not.

use std::collections::VecDeque;

/// The longest run of prefix rows still taken for a footer: past it the earlier ones
/// are records (a footer is a few lines, and the lookahead must stay small).
const MAX_RUN: usize = 100;

/// Rows held back until it is known whether they are a footer.
pub(super) struct Footer<T> {
    /// The last `lines` non-blank rows are a footer.
    lines: usize,
    /// Prefixes of a footer row's first cell.
    prefixes: Vec<String>,
    queue: VecDeque<T>,
    /// How many rows at the back of the queue are prefix rows.
    run: usize,
    /// The end was reached: the footer is dropped, the rest released.
    finished: bool,
    dropped: usize,
}

impl<T> Footer<T> {
    /// A footer of the last `lines` rows, or of trailing rows starting with one of
    /// `prefixes`, whichever is longer.
    pub(super) fn new(lines: usize, prefixes: &[String]) -> Self {
        Footer {
            lines,
            prefixes: prefixes
                .iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            queue: VecDeque::new(),
            run: 0,
            finished: false,
            dropped: 0,
        }
    }

    /// Whether there is no footer to look for (rows can skip the queue).
    pub(super) fn is_off(&self) -> bool {
        self.lines == 0 && self.prefixes.is_empty()
    }

    /// Whether a row of these cells may be a footer row: its first cell starts with
    /// a prefix (ASCII case ignored) and the others are empty.
    pub(super) fn is_candidate<'a>(&self, mut cells: impl Iterator<Item = &'a str>) -> bool {
        if self.prefixes.is_empty() {
            return false;
        }
        let first = cells.next().unwrap_or("").trim_start().as_bytes();
        cells.all(|c| c.trim().is_empty())
            && self.prefixes.iter().any(|p| {
                first
                    .get(..p.len())
                    .is_some_and(|f| f.eq_ignore_ascii_case(p.as_bytes()))
            })
    }

    /// Holds back the next non-blank row.
    pub(super) fn push(&mut self, row: T, candidate: bool) {
        self.queue.push_back(row);
        self.run = if candidate {
            (self.run + 1).min(MAX_RUN)
        } else {
            0
        };
    }

    /// The next row known not to be a footer row.
    pub(super) fn pop(&mut self) -> Option<T> {
        if self.finished || self.queue.len() > self.lines.max(self.run) {
            self.queue.pop_front()
        } else {
            None
        }
    }

    /// At the end: drops the footer, so the rows before it can be popped.
    pub(super) fn finish(&mut self) {
        if self.finished {
            return;
        }
        let footer = self.queue.len().min(self.lines.max(self.run));
        self.queue.truncate(self.queue.len() - footer);
        self.dropped = footer;
        self.finished = true;
    }

    /// Footer rows dropped (known at the end).
    pub(super) fn dropped(&self) -> usize {
        self.dropped
    }
}
