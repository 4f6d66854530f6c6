//! Evaluation of a compiled tree against one record (the typing rules are in the
//! module doc of `expr`).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::{self, Write as _};

use super::node::{Lit, Node};
use super::{Env, EvalError, like};
use crate::load::sources::cell::Cell;

/// Evaluation's result type.
type Result<T> = std::result::Result<T, EvalError>;

/// A value met while evaluating.
#[derive(Debug, Clone)]
pub(super) enum Val<'a> {
    /// SQL NULL (also an empty cell).
    Null,
    /// A condition's value.
    Bool(bool),
    /// A number.
    Num(f64),
    /// Text: a literal, or what `lower`/`trim` made of a value.
    Text(Text<'a>),
    /// A column's non-empty cell, read by how it is used.
    Cell(usize, Cell<'a>),
}

/// Text, lower-cased lazily so that `lower(x) = 'y'` needs no allocation.
#[derive(Debug, Clone)]
pub(super) struct Text<'a> {
    /// The text (before lower-casing).
    s: Cow<'a, str>,
    /// Whether it reads lower-cased.
    lower: bool,
    /// The column it comes from, for messages and date formats.
    column: Option<usize>,
}

impl<'a> Text<'a> {
    /// Borrowed text, not lower-cased.
    fn new(s: impl Into<Cow<'a, str>>, column: Option<usize>) -> Self {
        Text {
            s: s.into(),
            lower: false,
            column,
        }
    }

    /// Its characters, lower-cased when `lower`.
    fn chars(&self) -> TextChars<'_> {
        if self.lower {
            TextChars::Lower(self.s.chars(), None)
        } else {
            TextChars::Plain(self.s.chars())
        }
    }

    /// The same text without white space at its ends.
    fn trimmed(self) -> Self {
        let s = match self.s {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_owned()),
        };
        Text { s, ..self }
    }

    /// The text as it reads (lower-cased when `lower`), owned.
    pub(super) fn into_string(self) -> String {
        if self.lower {
            self.chars().collect()
        } else {
            self.s.into_owned()
        }
    }
}

/// The characters of a [`Text`].
#[derive(Clone)]
enum TextChars<'s> {
    /// As written.
    Plain(std::str::Chars<'s>),
    /// Lower-cased: the characters left, and what remains of the current one.
    Lower(std::str::Chars<'s>, Option<std::char::ToLowercase>),
}

impl Iterator for TextChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            TextChars::Plain(chars) => chars.next(),
            TextChars::Lower(chars, pending) => loop {
                if let Some(c) = pending.as_mut().and_then(Iterator::next) {
                    return Some(c);
                }
                *pending = Some(chars.next()?.to_lowercase());
            },
        }
    }
}

/// An evaluation error about `column`.
#[cold]
fn error(column: Option<usize>, message: String) -> EvalError {
    EvalError { column, message }
}

/// Evaluates `node` for the record behind `env`. Numbers and conditions are computed
/// by [`eval_number`] and [`eval_bool`], which pass small values instead of [`Val`]s.
pub(super) fn eval<'a>(node: &'a Node, env: &'a dyn Env) -> Result<Val<'a>> {
    Ok(match node {
        Node::Lit(lit) => literal(lit),
        Node::Column(column) => match env.cell(*column) {
            Cell::Empty => Val::Null,
            cell => Val::Cell(*column, cell),
        },
        Node::Neg(..) | Node::Arith(..) | Node::Seconds(_) | Node::DaysBetween(..) => {
            number_val(eval_number(node, env)?)
        }
        Node::Cmp(..)
        | Node::And(..)
        | Node::Or(..)
        | Node::Not(_)
        | Node::IsNull { .. }
        | Node::In { .. }
        | Node::Like { .. } => bool_val(eval_bool(node, env)?),
        Node::Case {
            operand,
            arms,
            otherwise,
        } => case(operand.as_deref(), arms, otherwise.as_deref(), env)?,
        Node::Lower(a) => text_val(text_of(eval(a, env)?).map(|t| Text { lower: true, ..t })),
        Node::Trim(a) => text_val(text_of(eval(a, env)?).map(Text::trimmed)),
        Node::Coalesce(args) => {
            for arg in args {
                let value = eval(arg, env)?;
                if !matches!(value, Val::Null) {
                    return Ok(value);
                }
            }
            Val::Null
        }
    })
}

/// Evaluates `node` as a number (None for NULL): the path of `sum` terms and
/// arithmetic, without building [`Val`]s for columns and literals.
pub(super) fn eval_number(node: &Node, env: &dyn Env) -> Result<Option<f64>> {
    match node {
        Node::Lit(Lit::Num(n)) => Ok(Some(*n)),
        Node::Lit(Lit::Null) => Ok(None),
        Node::Column(column) => cell_number(*column, env.cell(*column), env),
        Node::Neg(a) => Ok(eval_number(a, env)?.map(|n| -n)),
        Node::Arith(op, a, b) => {
            let a = eval_number(a, env)?;
            let b = eval_number(b, env)?;
            Ok(a.zip(b).and_then(|(a, b)| op.apply(a, b)))
        }
        _ => number_other(node, env),
    }
}

/// [`eval_number`] of the other parts, kept out of its hot loop.
#[inline(never)]
fn number_other(node: &Node, env: &dyn Env) -> Result<Option<f64>> {
    match node {
        Node::Seconds(a) => seconds(&eval(a, env)?, env),
        Node::DaysBetween(a, b) => {
            let a = day(&eval(a, env)?, env)?;
            let b = day(&eval(b, env)?, env)?;
            Ok(a.zip(b).map(|(a, b)| days_between(a, b)))
        }
        _ => numeric(&eval(node, env)?, env),
    }
}

/// Evaluates `node` as a condition (None for NULL): the path of `where`.
pub(super) fn eval_bool(node: &Node, env: &dyn Env) -> Result<Option<bool>> {
    match node {
        Node::Lit(Lit::Bool(b)) => Ok(Some(*b)),
        Node::Lit(Lit::Null) => Ok(None),
        Node::Cmp(op, a, b) => Ok(compare_nodes(a, b, env)?.map(|o| op.holds(o))),
        Node::And(a, b) => Ok(match eval_bool(a, env)? {
            Some(false) => Some(false),
            a => match eval_bool(b, env)? {
                Some(false) => Some(false),
                b => a.zip(b).map(|_| true),
            },
        }),
        Node::Or(a, b) => Ok(match eval_bool(a, env)? {
            Some(true) => Some(true),
            a => match eval_bool(b, env)? {
                Some(true) => Some(true),
                b => a.zip(b).map(|_| false),
            },
        }),
        Node::Not(a) => Ok(eval_bool(a, env)?.map(|b| !b)),
        Node::IsNull { expr, negated } => {
            Ok(Some(matches!(eval(expr, env)?, Val::Null) != *negated))
        }
        Node::In {
            expr,
            list,
            negated,
        } => in_list(expr, list, *negated, env),
        Node::Like {
            expr,
            pattern,
            escape,
            negated,
        } => {
            let subject = text_of(eval(expr, env)?);
            let pattern = text_of(eval(pattern, env)?);
            Ok(subject
                .zip(pattern)
                .map(|(s, p)| like::matches(s.chars(), p.chars(), *escape) != *negated))
        }
        _ => truth(&eval(node, env)?),
    }
}

/// Compares two parts; against a number literal the other is read as a number
/// directly (`"TALK TIME" > 0`).
fn compare_nodes(a: &Node, b: &Node, env: &dyn Env) -> Result<Option<Ordering>> {
    match (a, b) {
        (_, Node::Lit(Lit::Num(y))) => Ok(eval_number(a, env)?.and_then(|x| x.partial_cmp(y))),
        (Node::Lit(Lit::Num(x)), _) => Ok(eval_number(b, env)?.and_then(|y| x.partial_cmp(&y))),
        _ => compare(&eval(a, env)?, &eval(b, env)?, env),
    }
}

/// A literal's value.
fn literal(lit: &Lit) -> Val<'_> {
    match lit {
        Lit::Null => Val::Null,
        Lit::Bool(b) => Val::Bool(*b),
        Lit::Num(n) => Val::Num(*n),
        Lit::Str(s) => Val::Text(Text::new(&**s, None)),
    }
}

/// A literal for a value known at compile time (None for a cell).
pub(super) fn to_literal(value: Val<'_>) -> Option<Lit> {
    Some(match value {
        Val::Null => Lit::Null,
        Val::Bool(b) => Lit::Bool(b),
        Val::Num(n) => Lit::Num(n),
        Val::Text(t) => Lit::Str(t.into_string().into()),
        Val::Cell(..) => return None,
    })
}

/// A number or NULL.
fn number_val(n: Option<f64>) -> Val<'static> {
    n.map_or(Val::Null, Val::Num)
}

/// A truth value or NULL.
fn bool_val(b: Option<bool>) -> Val<'static> {
    b.map_or(Val::Null, Val::Bool)
}

/// Text or NULL.
fn text_val(t: Option<Text<'_>>) -> Val<'_> {
    t.map_or(Val::Null, Val::Text)
}

/// `x IN (…)` with SQL's NULL rules.
fn in_list(expr: &Node, list: &[Node], negated: bool, env: &dyn Env) -> Result<Option<bool>> {
    let x = eval(expr, env)?;
    if matches!(x, Val::Null) {
        return Ok(None);
    }
    let mut saw_null = false;
    for item in list {
        match compare(&x, &eval(item, env)?, env)? {
            Some(Ordering::Equal) => return Ok(Some(!negated)),
            None => saw_null = true,
            Some(_) => {}
        }
    }
    Ok(if saw_null { None } else { Some(negated) })
}

/// `CASE`: the first arm whose condition is true (or whose value equals the operand).
fn case<'a>(
    operand: Option<&'a Node>,
    arms: &'a [(Node, Node)],
    otherwise: Option<&'a Node>,
    env: &'a dyn Env,
) -> Result<Val<'a>> {
    let operand = operand.map(|o| eval(o, env)).transpose()?;
    for (when, then) in arms {
        let when = eval(when, env)?;
        let taken = match &operand {
            Some(x) => compare(x, &when, env)? == Some(Ordering::Equal),
            None => truth(&when)? == Some(true),
        };
        if taken {
            return eval(then, env);
        }
    }
    otherwise.map_or(Ok(Val::Null), |e| eval(e, env))
}

/// A value as a condition: None for NULL.
pub(super) fn truth(value: &Val<'_>) -> Result<Option<bool>> {
    match value {
        Val::Null => Ok(None),
        Val::Bool(b) => Ok(Some(*b)),
        Val::Num(n) => Ok(Some(*n != 0.0)),
        Val::Text(t) => truth_word(&t.s)
            .map(Some)
            .ok_or_else(|| error(t.column, format!("`{}` is not true or false", t.s))),
        Val::Cell(column, cell) => cell_truth(*column, *cell),
    }
}

/// A cell as a condition.
fn cell_truth(column: usize, cell: Cell<'_>) -> Result<Option<bool>> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Bool(b) => Ok(Some(b)),
        Cell::Number(n) => Ok(Some(n != 0.0)),
        Cell::Text(s) => truth_word(s)
            .map(Some)
            .ok_or_else(|| error(Some(column), format!("`{s}` is not true or false"))),
        Cell::DateTime(dt) => Err(error(
            Some(column),
            format!("`{dt}` is a date, not true or false"),
        )),
    }
}

/// `true t yes y 1` or `false f no n 0`, ignoring case and surrounding space.
fn truth_word(s: &str) -> Option<bool> {
    let s = s.trim();
    let is = |words: &[&str]| words.iter().any(|w| s.eq_ignore_ascii_case(w));
    if is(&["true", "t", "yes", "y", "1"]) {
        Some(true)
    } else if is(&["false", "f", "no", "n", "0"]) {
        Some(false)
    } else {
        None
    }
}

/// A value as a number: None for NULL; a condition is 1 or 0.
pub(super) fn numeric(value: &Val<'_>, env: &dyn Env) -> Result<Option<f64>> {
    match value {
        Val::Null => Ok(None),
        Val::Num(n) => Ok(Some(*n)),
        Val::Bool(b) => Ok(Some(f64::from(u8::from(*b)))),
        Val::Text(t) => env
            .number(Cell::Text(&t.s))
            .map(Some)
            .map_err(|m| error(t.column, m)),
        Val::Cell(column, cell) => cell_number(*column, *cell, env),
    }
}

/// A column's cell as a number: None when empty.
fn cell_number(column: usize, cell: Cell<'_>, env: &dyn Env) -> Result<Option<f64>> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Ok(Some(n)),
        Cell::Bool(b) => Ok(Some(f64::from(u8::from(b)))),
        Cell::Text(_) => match env.number(cell) {
            Ok(n) => Ok(Some(n)),
            Err(m) => Err(error(Some(column), m)),
        },
        Cell::DateTime(dt) => Err(not_a_number(column, dt)),
    }
}

/// "`…` is a date, not a number".
#[cold]
fn not_a_number(column: usize, dt: jiff::civil::DateTime) -> EvalError {
    error(Some(column), format!("`{dt}` is a date, not a number"))
}

/// `seconds(x)`: None for NULL.
fn seconds(value: &Val<'_>, env: &dyn Env) -> Result<Option<f64>> {
    match value {
        Val::Null => Ok(None),
        Val::Num(n) | Val::Cell(_, Cell::Number(n)) => Ok(Some(*n)),
        Val::Bool(_) => Err(error(None, "a condition is not a duration".to_owned())),
        Val::Text(t) => env
            .seconds(Cell::Text(&t.s))
            .map(Some)
            .map_err(|m| error(t.column, m)),
        Val::Cell(column, cell) => env
            .seconds(*cell)
            .map(Some)
            .map_err(|m| error(Some(*column), m)),
    }
}

/// A value as a day: None for NULL.
fn day(value: &Val<'_>, env: &dyn Env) -> Result<Option<jiff::civil::Date>> {
    let (column, result) = match value {
        Val::Null => return Ok(None),
        Val::Bool(_) => return Err(error(None, "a condition is not a date".to_owned())),
        Val::Num(n) => (None, env.day(None, Cell::Number(*n))),
        Val::Text(t) => (t.column, env.day(t.column, Cell::Text(&t.s))),
        Val::Cell(column, cell) => (Some(*column), env.day(Some(*column), *cell)),
    };
    result.map(Some).map_err(|m| error(column, m))
}

/// `b − a` in days.
fn days_between(a: jiff::civil::Date, b: jiff::civil::Date) -> f64 {
    (b.duration_since(a).as_secs() / 86_400) as f64
}

/// A value as text (for `lower`, `trim`, `LIKE`): None for NULL.
fn text_of(value: Val<'_>) -> Option<Text<'_>> {
    Some(match value {
        Val::Null | Val::Cell(_, Cell::Empty) => return None,
        Val::Text(t) => t,
        Val::Num(n) | Val::Cell(_, Cell::Number(n)) => Text::new(n.to_string(), None),
        Val::Bool(b) | Val::Cell(_, Cell::Bool(b)) => Text::new(bool_text(b), None),
        Val::Cell(column, Cell::Text(s)) => Text::new(s, Some(column)),
        Val::Cell(column, Cell::DateTime(dt)) => Text::new(dt.to_string(), Some(column)),
    })
}

/// The text form of a truth value (as PostgreSQL writes `bool::text`).
fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// Compares two values by the typing rules; None when either is NULL.
pub(super) fn compare(a: &Val<'_>, b: &Val<'_>, env: &dyn Env) -> Result<Option<Ordering>> {
    let flip = |o: Result<Option<Ordering>>| o.map(|o| o.map(Ordering::reverse));
    match (a, b) {
        (Val::Null, _) | (_, Val::Null) => Ok(None),
        (Val::Num(x), _) => Ok(numeric(b, env)?.and_then(|y| x.partial_cmp(&y))),
        (_, Val::Num(_)) => flip(compare(b, a, env)),
        (Val::Bool(x), _) => Ok(truth(b)?.map(|y| x.cmp(&y))),
        (_, Val::Bool(_)) => flip(compare(b, a, env)),
        (Val::Text(x), Val::Text(y)) => Ok(Some(text_cmp(x, y))),
        (Val::Text(x), Val::Cell(column, cell)) => text_vs_cell(x, *column, *cell, env),
        (Val::Cell(..), Val::Text(_)) => flip(compare(b, a, env)),
        (Val::Cell(c, x), Val::Cell(d, y)) => cells(*c, *x, *d, *y, env),
    }
}

/// Orders two texts by their characters (as written, or lower-cased).
fn text_cmp(a: &Text<'_>, b: &Text<'_>) -> Ordering {
    if a.lower || b.lower {
        a.chars().cmp(b.chars())
    } else {
        a.s.as_ref().cmp(b.s.as_ref())
    }
}

/// Orders text against a column's cell.
fn text_vs_cell(
    x: &Text<'_>,
    column: usize,
    cell: Cell<'_>,
    env: &dyn Env,
) -> Result<Option<Ordering>> {
    Ok(match cell {
        Cell::Empty => None,
        Cell::Text(s) => Some(text_cmp(x, &Text::new(s, Some(column)))),
        Cell::Number(n) => Some(with_decimal(n, |d| text_cmp(x, &Text::new(d, None)))),
        Cell::Bool(b) => Some(match truth_word(&x.s) {
            Some(t) => t.cmp(&b),
            None => text_cmp(x, &Text::new(bool_text(b), None)),
        }),
        Cell::DateTime(_) => {
            let theirs = env
                .day(Some(column), cell)
                .map_err(|m| error(Some(column), m))?;
            let ours = env
                .day(x.column, Cell::Text(&x.s))
                .map_err(|m| error(x.column, m))?;
            Some(ours.cmp(&theirs))
        }
    })
}

/// Orders two columns' cells: as truth values, days, numbers or text, in that order of
/// preference.
fn cells(c: usize, x: Cell<'_>, d: usize, y: Cell<'_>, env: &dyn Env) -> Result<Option<Ordering>> {
    if matches!(x, Cell::Bool(_)) || matches!(y, Cell::Bool(_)) {
        let (a, b) = (cell_truth(c, x)?, cell_truth(d, y)?);
        return Ok(a.zip(b).map(|(a, b)| a.cmp(&b)));
    }
    if matches!(x, Cell::DateTime(_)) || matches!(y, Cell::DateTime(_)) {
        let a = env.day(Some(c), x).map_err(|m| error(Some(c), m))?;
        let b = env.day(Some(d), y).map_err(|m| error(Some(d), m))?;
        return Ok(Some(a.cmp(&b)));
    }
    let as_number = |cell: Cell<'_>| match cell {
        Cell::Number(n) => Some(n),
        Cell::Text(_) => env.number(cell).ok(),
        _ => None,
    };
    if let (Some(a), Some(b)) = (as_number(x), as_number(y)) {
        return Ok(a.partial_cmp(&b));
    }
    Ok(Some(with_cell_text(x, |a| with_cell_text(y, |b| a.cmp(b)))))
}

/// Calls `f` with a (text or number) cell as text.
fn with_cell_text<R>(cell: Cell<'_>, f: impl FnOnce(&str) -> R) -> R {
    match cell {
        Cell::Text(s) => f(s),
        Cell::Number(n) => with_decimal(n, f),
        Cell::Bool(b) => f(bool_text(b)),
        Cell::DateTime(dt) => f(&dt.to_string()),
        Cell::Empty => f(""),
    }
}

/// A small buffer on the stack to format a number into.
struct StackText {
    /// The bytes written.
    bytes: [u8; 64],
    /// How many.
    len: usize,
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Calls `f` with the plain decimal form of `n` (`1234.5`, `42`), formatted on the
/// stack unless it is very long.
fn with_decimal<R>(n: f64, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = StackText {
        bytes: [0; 64],
        len: 0,
    };
    let written = write!(buf, "{n}").is_ok();
    match std::str::from_utf8(&buf.bytes[..buf.len]) {
        Ok(s) if written => f(s),
        _ => f(&n.to_string()),
    }
}
