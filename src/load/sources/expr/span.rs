//! Where things are in an expression's text: sqlparser's line/column locations as byte
//! offsets, and the tokens around a node for the parts its span leaves out (the
//! parentheses of `(a)`, the `-` of `-a`, the `IS NULL` of `a IS NULL`, …).

use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan};

/// A byte range in the expression's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Range {
    /// First byte.
    pub(super) start: usize,
    /// One past the last byte.
    pub(super) end: usize,
}

impl Range {
    /// The smallest range covering both.
    pub(super) fn to(self, other: Range) -> Range {
        Range {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Its length in bytes.
    pub(super) fn len(self) -> usize {
        self.end - self.start
    }
}

/// Walks the text forward, counting lines and columns as sqlparser does (characters
/// from 1), to turn locations into byte offsets.
pub(super) struct Cursor<'t> {
    /// The text.
    text: &'t str,
    /// The current line and column.
    at: (u64, u64),
    /// The current byte offset.
    byte: usize,
}

impl<'t> Cursor<'t> {
    /// At the start of `text`.
    pub(super) fn new(text: &'t str) -> Self {
        Cursor {
            text,
            at: (1, 1),
            byte: 0,
        }
    }

    /// The byte offset of `location`, moving forward to it (back to the start first if
    /// it is behind); None for the empty location sqlparser uses for "nowhere".
    pub(super) fn seek(&mut self, location: Location) -> Option<usize> {
        if location.line == 0 {
            return None;
        }
        let target = (location.line, location.column);
        if target < self.at {
            *self = Cursor::new(self.text);
        }
        while self.at < target {
            let Some(c) = self
                .text
                .get(self.byte..)
                .and_then(|rest| rest.chars().next())
            else {
                break;
            };
            self.byte += c.len_utf8();
            self.at = if c == '\n' {
                (self.at.0 + 1, 1)
            } else {
                (self.at.0, self.at.1 + 1)
            };
        }
        Some(self.byte)
    }
}

/// A token of the text (white space and comments left out).
pub(super) struct Tok {
    /// Where it is.
    pub(super) range: Range,
    /// What it is.
    pub(super) token: Token,
}

/// The text with its tokens, to turn spans into ranges and find tokens around them.
pub(super) struct Source<'t> {
    /// The expression's text.
    pub(super) text: &'t str,
    /// The byte offset of each token's start and end location, in order.
    marks: Vec<((u64, u64), usize)>,
    /// Its tokens in order.
    tokens: Vec<Tok>,
}

impl<'t> Source<'t> {
    /// Indexes `text` and its tokens (in the tokenizer's order).
    pub(super) fn new(text: &'t str, tokens: &[TokenWithSpan]) -> Self {
        let mut cursor = Cursor::new(text);
        let mut marks = Vec::with_capacity(tokens.len() * 2);
        let mut kept = Vec::with_capacity(tokens.len());
        for t in tokens {
            let (Some(start), Some(end)) = (cursor.seek(t.span.start), cursor.seek(t.span.end))
            else {
                continue;
            };
            marks.push(((t.span.start.line, t.span.start.column), start));
            marks.push(((t.span.end.line, t.span.end.column), end));
            if !matches!(t.token, Token::Whitespace(_) | Token::EOF) {
                let range = Range { start, end };
                kept.push(Tok {
                    range,
                    token: t.token.clone(),
                });
            }
        }
        Source {
            text,
            marks,
            tokens: kept,
        }
    }

    /// The byte offset of a location.
    pub(super) fn offset(&self, location: Location) -> Option<usize> {
        if location.line == 0 {
            return None;
        }
        let key = (location.line, location.column);
        match self.marks.binary_search_by_key(&key, |&(at, _)| at) {
            Ok(i) => Some(self.marks[i].1),
            Err(_) => Cursor::new(self.text).seek(location),
        }
    }

    /// The range of a span; None for an empty span.
    pub(super) fn range(&self, span: Span) -> Option<Range> {
        let start = self.offset(span.start)?;
        let end = self.offset(span.end)?.max(start);
        Some(Range { start, end })
    }

    /// How many tokens the text has.
    pub(super) fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// The whole text without the white space around it.
    pub(super) fn whole(&self) -> Range {
        match (self.tokens.first(), self.tokens.last()) {
            (Some(first), Some(last)) => first.range.to(last.range),
            _ => Range {
                start: 0,
                end: self.text.len(),
            },
        }
    }

    /// The token starting at `offset`.
    pub(super) fn token_at(&self, offset: usize) -> Option<&Tok> {
        self.next_token(offset).filter(|t| t.range.start == offset)
    }

    /// The first token starting at or after `offset`.
    pub(super) fn next_token(&self, offset: usize) -> Option<&Tok> {
        let i = self.tokens.partition_point(|t| t.range.start < offset);
        self.tokens.get(i)
    }

    /// The last token ending at or before `offset`.
    pub(super) fn prev_token(&self, offset: usize) -> Option<&Tok> {
        let i = self.tokens.partition_point(|t| t.range.end <= offset);
        self.tokens.get(i.checked_sub(1)?)
    }

    /// `range` with the `n` tokens before it (`-` of `-a`, `trim(` of `trim(a)`).
    pub(super) fn lead_in(&self, range: Range, n: usize) -> Range {
        (0..n).fold(range, |r, _| match self.prev_token(r.start) {
            Some(t) => t.range.to(r),
            None => r,
        })
    }

    /// `range` with the `n` tokens after it (`IS NULL` of `a IS NULL`).
    pub(super) fn trail(&self, range: Range, n: usize) -> Range {
        (0..n).fold(range, |r, _| match self.next_token(r.end) {
            Some(t) => r.to(t.range),
            None => r,
        })
    }

    /// `range` with the parentheses around it, when there are.
    pub(super) fn in_parens(&self, range: Range) -> Range {
        match (self.prev_token(range.start), self.next_token(range.end)) {
            (Some(open), Some(close))
                if open.token == Token::LParen && close.token == Token::RParen =>
            {
                open.range.to(close.range)
            }
            _ => range,
        }
    }

    /// `range` extended to the `)` that closes the first unclosed `(` at or after
    /// `from` (the end of `f(a, b)`, of `x IN (1, 2)`); `range` when there is none.
    pub(super) fn to_close_paren(&self, range: Range, from: usize) -> Range {
        let mut depth = 0usize;
        let first = self.tokens.partition_point(|t| t.range.start < from);
        for t in self.tokens.get(first..).unwrap_or_default() {
            match t.token {
                Token::LParen => depth += 1,
                Token::RParen if depth <= 1 => return range.to(t.range),
                Token::RParen => depth -= 1,
                _ => {}
            }
        }
        range
    }

    /// The text of a range, shortened to about 40 characters for messages.
    pub(super) fn snippet(&self, range: Range) -> String {
        let s = self.text.get(range.start..range.end).unwrap_or("");
        let mut chars = s.chars();
        let head: String = chars.by_ref().take(40).collect();
        if chars.next().is_some() {
            format!("{head}…")
        } else {
            head
        }
    }
}
