//! SQL expressions of a source mapping: the `where` conditions and `sum` terms of
//! `sources.yaml` and the presets.
//!
//! An expression's text is parsed by `sqlparser` (PostgreSQL dialect), then compiled
//! into a small tree of our own ([`Node`]) with column names resolved to indices,
//! types checked where they are known and literal parts folded; that tree is what runs
//! once per record. Nothing of `sqlparser` is kept after [`compile()`].
//!
//! # The language
//! Column names as bare words (`ABANDONED`, `answered`), matched ignoring ASCII case
//! (an exact match wins), or in double quotes (`"TALK TIME"`: exact, else ignoring case
//! if that is unique; a quoted name that matches no column but looks like text gets the
//! hint to use single quotes). Words that are keywords or functions elsewhere
//! (`user`, `date`, `time`) are columns here; `a.b` names the column `a.b`. Text in
//! single quotes (`'it''s'`), numbers, `TRUE`,
//! `FALSE`, `NULL`; `+ - * /` and unary minus; `= <> != < <= > >=`; `AND OR NOT`;
//! `IN (…)`, `NOT IN (…)`; `IS [NOT] NULL`; `[NOT] LIKE` (`%`, `_`, backslash escapes,
//! `ESCAPE 'c'`; case-sensitive); parentheses; `CASE WHEN … THEN … [ELSE …] END` and
//! `CASE x WHEN v THEN … END`; `lower(x)`, `trim(x)` (Unicode white space, both ends),
//! `coalesce(x, …)`, `seconds(x)`, `days_between(a, b)` (`b − a` in days). Anything
//! else is a compile error at the offending part, with the supported list as a hint;
//! so are texts of over 2,000 tokens or nested over 100 levels (a sum of over 100
//! terms counts as that deep).
//!
//! # Types
//! Checked at compile time where the type is known from the text alone: arithmetic on
//! text or on a condition, `AND`/`OR`/`NOT`/`WHEN` on a number or text, comparing a
//! number with text (`x + 1 = 'a'`), `lower`/`trim`/`LIKE` on a number or condition,
//! `days_between` of a number, `CASE`/`coalesce` mixing numbers and text. A column's
//! type is decided per record by how it is used:
//! - compared with a number, or used in arithmetic or `sum`: read with [`Env::number`]
//!   (the source's number style; `H:MM:SS` durations as seconds). `Cell::Number` is
//!   taken as is, `Cell::Bool` as 1 or 0, `Cell::DateTime` is an error.
//! - compared with text (a string literal, `lower`, `trim`): text as written, exact and
//!   case-sensitive as in SQL; `Cell::Number` as its plain decimal form (`1234.5`),
//!   `Cell::Bool` against a truth word (below), `Cell::DateTime` as days (both sides
//!   read with [`Env::day`]).
//! - compared with another column: as numbers when both read as numbers, as days when
//!   one is a `Cell::DateTime`, as truth values when one is a `Cell::Bool`, else text.
//! - as a condition (`where: answered`, `NOT x`, `AND`): `Cell::Bool` as is, a number
//!   is true when not 0, text must be a truth word: `true t yes y 1` / `false f no n 0`
//!   (ignoring case and surrounding space).
//! - `seconds(x)`: [`Env::seconds`] (`Cell::Number` is already seconds);
//!   `days_between(a, b)`: both read with [`Env::day`].
//!
//! A cell that cannot be read as what is needed is an [`EvalError`] naming its column.
//! `AND` does not evaluate its right side when its left is false, nor `OR` when it is
//! true (so a bad cell there goes unnoticed on such records); everything else reads
//! all its parts.
//!
//! # NULL
//! An empty cell is NULL (a cell of spaces is text), and so is the `NULL` literal. Comparisons, arithmetic,
//! `LIKE`, `IN`, `lower`, `trim`, `seconds` and `days_between` of NULL are NULL;
//! `AND`/`OR`/`NOT` use SQL's three-valued logic; `x IN (…)` with no match and a NULL
//! in the list is NULL; `coalesce` returns its first argument that is not NULL; a
//! `CASE` branch is taken only when its condition is true. Division by zero is NULL.
//! In [`Expr::test`] NULL counts as false; in [`Expr::number`] it is `None` (the caller
//! adds 0), and a condition there is 1 or 0 ([`compile_number`] refuses one).
//!
//! # Cost
//! Numbers and conditions are evaluated by paths that pass `f64`s and `bool`s
//! (`eval_number`, `eval_bool`), a comparison with a number literal reads the other
//! side as a number directly, and evaluation allocates nothing on the common paths
//! (columns against literals, `IN` lists, arithmetic, `seconds`, `coalesce`, `CASE`,
//! `lower(x) = '…'`, `trim`, `LIKE`; checked under valgrind with the `eval_rate`
//! test). It allocates only to turn a `Cell::Number`/`Cell::DateTime` into text for
//! `lower`/`trim`/`LIKE`, for the decimal form of a number longer than 64 bytes, and
//! whenever [`Env`] returns an error message (also when two text columns are compared,
//! since each is first tried as a number).

mod compile;
mod eval;
mod like;
mod names;
mod node;
mod parse;
mod span;
#[cfg(test)]
mod tests;

use crate::load::sources::cell::Cell;
use node::{Node, Ty};

/// What the language has, for hints.
const SUPPORTED: &str = "expressions may use column names, 'text', numbers, TRUE, FALSE, \
    NULL, + - * /, = <> != < <= > >=, AND, OR, NOT, IN (…), IS [NOT] NULL, [NOT] LIKE, \
    CASE … END, and the functions lower, trim, coalesce, seconds, days_between";

/// Compile-time result type.
type CompileResult<T> = std::result::Result<T, ExprError>;

/// A compiled expression.
#[derive(Debug, Clone)]
pub(crate) struct Expr {
    /// The tree evaluated per record.
    root: Node,
    /// What the expression gives, as far as the text alone tells.
    ty: Ty,
    /// The columns the expression reads (sorted, unique).
    columns: Vec<usize>,
}

/// A problem in an expression's text: byte offset and length inside the text given to
/// `compile`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExprError {
    /// What is wrong, e.g. "unknown column `TALK TIM`".
    pub(crate) message: String,
    /// How to fix it, e.g. "did you mean `TALK TIME`?".
    pub(crate) hint: Option<String>,
    /// Byte offset of the offending part in the text.
    pub(crate) offset: usize,
    /// Its length in bytes (0 at the end of the text).
    pub(crate) len: usize,
}

/// What evaluation needs of the record and the source's reading rules (implemented by
/// the lead).
pub(crate) trait Env {
    /// The cell of column `column` of the current record.
    fn cell(&self, column: usize) -> Cell<'_>;
    /// A cell read as a number in the source's style (money, grouped numbers, and
    /// H:MM:SS durations as seconds).
    fn number(&self, cell: Cell<'_>) -> Result<f64, String>;
    /// A cell read as seconds (`HH:MM:SS`, `H:MM:SS`, `MM:SS`, plain seconds).
    fn seconds(&self, cell: Cell<'_>) -> Result<f64, String>;
    /// A cell read as a local day; `column` is Some when the cell is a column's own
    /// value (its detected format applies).
    fn day(&self, column: Option<usize>, cell: Cell<'_>) -> Result<jiff::civil::Date, String>;
}

/// A problem met while evaluating a record: the column whose cell could not be read
/// (None when not one cell), and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EvalError {
    /// The column whose cell could not be read.
    pub(crate) column: Option<usize>,
    /// What went wrong, e.g. "cannot read `n/a` as a number".
    pub(crate) message: String,
}

/// Compiles `text` against the file's header `columns`.
pub(crate) fn compile(text: &str, columns: &[&str]) -> Result<Expr, ExprError> {
    let compiled = compile::compile(text, columns)?;
    Ok(Expr {
        root: compiled.node,
        ty: compiled.ty,
        columns: compiled.columns,
    })
}

/// Compiles a `where` condition: as [`compile()`], and an error when the text alone shows
/// a number or text rather than a condition (`"TALK TIME"` instead of `"TALK TIME" > 0`).
pub(crate) fn compile_condition(text: &str, columns: &[&str]) -> Result<Expr, ExprError> {
    let expr = compile(text, columns)?;
    let (what, example) = match expr.ty {
        Ty::Num => ("a number", "x > 0"),
        Ty::Text => ("text", "x = 'Won'"),
        _ => return Ok(expr),
    };
    Err(whole_text_error(
        text,
        format!("`where` needs a condition, but this is {what}"),
        format!("compare it, e.g. `{example}`"),
    ))
}

/// Compiles a `sum` term: as [`compile()`], and an error when the text alone shows a
/// condition or text rather than a number.
pub(crate) fn compile_number(text: &str, columns: &[&str]) -> Result<Expr, ExprError> {
    let expr = compile(text, columns)?;
    let what = match expr.ty {
        Ty::Bool => "a condition (true/false)",
        Ty::Text => "text",
        _ => return Ok(expr),
    };
    Err(whole_text_error(
        text,
        format!("`sum` needs a number, but this is {what}"),
        "to count rows where a condition holds, use `count: true` with `where:`".to_owned(),
    ))
}

/// An error covering the whole text, without its surrounding white space.
fn whole_text_error(text: &str, message: String, hint: String) -> ExprError {
    let trimmed = text.trim_start();
    ExprError {
        message,
        hint: Some(hint),
        offset: text.len() - trimmed.len(),
        len: trimmed.trim_end().len(),
    }
}

impl Expr {
    /// The columns the expression reads (sorted, unique).
    pub(crate) fn columns(&self) -> &[usize] {
        &self.columns
    }

    /// A `where` condition: true/false; NULL counts as false.
    pub(crate) fn test(&self, env: &dyn Env) -> Result<bool, EvalError> {
        Ok(eval::eval_bool(&self.root, env)?.unwrap_or(false))
    }

    /// A `sum` term: a number, or None for NULL (the caller adds 0). A condition gives
    /// 1 or 0.
    pub(crate) fn number(&self, env: &dyn Env) -> Result<Option<f64>, EvalError> {
        eval::eval_number(&self.root, env)
    }

    /// True when the text alone shows a condition (a comparison, `AND`, `IS NULL`, …).
    #[cfg(test)]
    pub(crate) fn is_condition(&self) -> bool {
        self.ty == Ty::Bool
    }
}
