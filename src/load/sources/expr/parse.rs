//! Tokenizing and parsing with `sqlparser` (PostgreSQL dialect), and its errors turned
//! into ours, placed at the offending token.

use sqlparser::ast::Expr as Sql;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, Tokenizer, TokenizerError};

use super::ExprError;
use super::span::{Cursor, Range, Source};
use super::{CompileResult as Result, SUPPORTED};

/// More tokens than this is surely not a mapping's expression (and could exhaust the
/// stack of the parser's recursive types).
const MAX_TOKENS: usize = 2_000;

/// An error at `range`.
pub(super) fn error(range: Range, message: String, hint: Option<String>) -> ExprError {
    ExprError {
        message,
        hint,
        offset: range.start,
        len: range.len(),
    }
}

/// Parses `text` as one SQL expression, with the text's tokens for placing messages.
pub(super) fn parse(text: &str) -> Result<(Sql, Source<'_>)> {
    let dialect = PostgreSqlDialect {};
    let tokens = Tokenizer::new(&dialect, text)
        .tokenize_with_location()
        .map_err(|e| tokenizer_error(text, &e))?;
    let count = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .count();
    if count > MAX_TOKENS {
        let message = format!("the expression is too long (over {MAX_TOKENS} parts)");
        let range = Range {
            start: 0,
            end: text.len(),
        };
        return Err(error(range, message, None));
    }
    let src = Source::new(text, &tokens);
    if src.token_count() == 0 {
        let message = "the expression is empty".to_owned();
        return Err(error(src.whole(), message, Some(SUPPORTED.to_owned())));
    }
    let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens);
    let sql = parser.parse_expr().map_err(|e| parser_error(&src, e))?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        let range = src.range(next.span).unwrap_or(src.whole());
        let message = format!("unexpected `{}` after the expression", next.token);
        let hint = "join conditions with AND or OR".to_owned();
        return Err(error(range, message, Some(hint)));
    }
    Ok((sql, src))
}

/// A tokenizer error (an unterminated string, a stray character) at its place.
fn tokenizer_error(text: &str, e: &TokenizerError) -> ExprError {
    let start = Cursor::new(text).seek(e.location).unwrap_or(text.len());
    // An unterminated string or quoted name runs to the end of the text.
    let end = if e.message.starts_with("Unterminated") {
        text.len()
    } else {
        text.get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(start, |c| start + c.len_utf8())
    };
    let range = Range { start, end };
    error(range, sentence(&e.message), Some(SUPPORTED.to_owned()))
}

/// A parser error at the token it names (the end of the text when it names none).
fn parser_error(src: &Source<'_>, e: ParserError) -> ExprError {
    let raw = match e {
        ParserError::RecursionLimitExceeded => {
            let message = "the expression is nested too deeply".to_owned();
            return error(src.whole(), message, None);
        }
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
    };
    let (message, offset) = match raw.rsplit_once(" at Line: ") {
        Some((message, place)) => (message, place_offset(src, place)),
        None => (raw.as_str(), None),
    };
    let start = offset.unwrap_or(src.text.len());
    let end = src.token_at(start).map_or(start, |t| t.range.end);
    let message = match message.strip_prefix("Expected: ") {
        Some(rest) => match rest.split_once(", found: ") {
            Some((expected, "EOF")) => format!("expected {expected} at the end"),
            Some((expected, found)) => format!("expected {expected}, found `{found}`"),
            None => format!("expected {rest}"),
        },
        None => sentence(message),
    };
    error(Range { start, end }, message, Some(SUPPORTED.to_owned()))
}

/// The offset of sqlparser's "L, Column: C" (what follows " at Line: ").
fn place_offset(src: &Source<'_>, place: &str) -> Option<usize> {
    let (line, column) = place.split_once(", Column: ")?;
    let location = sqlparser::tokenizer::Location {
        line: line.trim().parse().ok()?,
        column: column.trim().parse().ok()?,
    };
    src.offset(location)
}

/// A message starting in lower case, as ours do.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
