//! From text to a compiled tree: parsing with `sqlparser`, resolving column names,
//! checking the types the text shows, folding literal parts.

use sqlparser::ast::{
    BinaryOperator, CaseWhen, CastKind, Expr as Sql, Function, FunctionArg, FunctionArgExpr,
    FunctionArguments, Ident, InTarget, ObjectNamePart, UnaryOperator, Value, ValueWithSpan,
};

use super::eval::{eval, to_literal};
use super::names::{closest, resolve};
use super::node::{Arith, Cmp, Lit, Node, Ty};
use super::parse::{error, parse};
use super::span::{Range, Source};
use super::{CompileResult as Result, Env, ExprError, SUPPORTED};
use crate::load::sources::cell::Cell;

/// Deeper nesting than this (operators, parentheses, calls) is refused.
const MAX_DEPTH: usize = 100;

/// The functions, for hints.
pub(super) const FUNCTIONS: [&str; 5] = ["lower", "trim", "coalesce", "seconds", "days_between"];

/// A compiled expression's parts.
pub(super) struct Compiled {
    /// The tree.
    pub(super) node: Node,
    /// Its type, as far as the text tells.
    pub(super) ty: Ty,
    /// The columns it reads (sorted, unique).
    pub(super) columns: Vec<usize>,
}

/// A compiled part with its type and place.
struct Typed {
    /// The tree.
    node: Node,
    /// Its type.
    ty: Ty,
    /// Where it is in the text.
    range: Range,
}

/// Compiles `text` against the header `columns`.
pub(super) fn compile(text: &str, columns: &[&str]) -> Result<Compiled> {
    let (sql, src) = parse(text)?;
    let mut compiler = Compiler {
        src: &src,
        header: columns,
        used: Vec::new(),
        depth: 0,
    };
    let typed = compiler.expr(&sql)?;
    let mut used = compiler.used;
    used.sort_unstable();
    used.dedup();
    Ok(Compiled {
        node: typed.node,
        ty: typed.ty,
        columns: used,
    })
}

/// An environment for folding literal parts: it has no record and reads nothing.
struct NoEnv;

impl Env for NoEnv {
    fn cell(&self, _: usize) -> Cell<'_> {
        Cell::Empty
    }
    fn number(&self, _: Cell<'_>) -> std::result::Result<f64, String> {
        Err(String::new())
    }
    fn seconds(&self, _: Cell<'_>) -> std::result::Result<f64, String> {
        Err(String::new())
    }
    fn day(&self, _: Option<usize>, _: Cell<'_>) -> std::result::Result<jiff::civil::Date, String> {
        Err(String::new())
    }
}

/// Replaces a part whose children are all literals by its value.
fn fold(typed: Typed) -> Typed {
    if !typed.node.is_foldable() {
        return typed;
    }
    let literal = eval(&typed.node, &NoEnv).ok().and_then(to_literal);
    match literal {
        Some(lit) => Typed {
            node: Node::Lit(lit),
            ..typed
        },
        None => typed,
    }
}

/// The type of CASE branches or coalesce arguments: what those known from the text
/// give, and whether a column's cell (typed per record) is among them.
struct Mix {
    /// The type of the known ones.
    known: Ty,
    /// Whether a cell is among them.
    cell: bool,
}

impl Mix {
    /// No branch yet.
    fn new() -> Self {
        Mix {
            known: Ty::Null,
            cell: false,
        }
    }

    /// The type of the whole.
    fn ty(&self) -> Ty {
        if self.cell { Ty::Any } else { self.known }
    }
}

/// The state of one compilation.
struct Compiler<'s, 't> {
    /// The text and its tokens.
    src: &'s Source<'t>,
    /// The header's column names.
    header: &'s [&'s str],
    /// The columns read so far.
    used: Vec<usize>,
    /// How deep the current part is.
    depth: usize,
}

impl Compiler<'_, '_> {
    /// Compiles one part (and folds it when it is made of literals only).
    fn expr(&mut self, e: &Sql) -> Result<Typed> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let message = "the expression is nested too deeply".to_owned();
            return Err(error(self.src.whole(), message, None));
        }
        let result = self.expr_inner(e);
        self.depth -= 1;
        result.map(fold)
    }

    /// Compiles one part: the dispatch over sqlparser's expression kinds.
    fn expr_inner(&mut self, e: &Sql) -> Result<Typed> {
        match e {
            Sql::Identifier(ident) => self.column(std::slice::from_ref(ident)),
            Sql::CompoundIdentifier(parts) => self.column(parts),
            Sql::Value(value) => self.value(value),
            Sql::Nested(inner) => {
                let inner = self.expr(inner)?;
                let range = self.src.in_parens(inner.range);
                Ok(Typed { range, ..inner })
            }
            Sql::UnaryOp { op, expr } => self.unary(*op, expr),
            Sql::BinaryOp { left, op, right } => self.binary(left, op, right),
            Sql::IsNull(x) => self.is_null(x, false),
            Sql::IsNotNull(x) => self.is_null(x, true),
            Sql::In {
                expr,
                target: InTarget::List(list),
                negated,
                global: false,
            } => self.in_list(expr, list, *negated),
            Sql::Like {
                negated,
                any: false,
                expr,
                pattern,
                escape_char,
            } => self.like(expr, pattern, escape_char.as_deref(), *negated),
            Sql::Case {
                case_token,
                end_token,
                operand,
                conditions,
                else_result,
            } => {
                let start = self.src.range(case_token.0.span);
                let end = self.src.range(end_token.0.span);
                let range = match (start, end) {
                    (Some(s), Some(e)) => s.to(e),
                    _ => self.src.whole(),
                };
                self.case(
                    range,
                    operand.as_deref(),
                    conditions,
                    else_result.as_deref(),
                )
            }
            Sql::Function(f) => self.function(e, f),
            Sql::Trim {
                expr,
                trim_where: None,
                trim_what: None,
                trim_characters: None,
            } => {
                let arg = self.expr(expr)?;
                let head = self.src.lead_in(arg.range, 2);
                let range = self.src.to_close_paren(head, arg.range.end);
                self.text_function("trim", range, arg)
            }
            _ => Err(self.unsupported(e)),
        }
    }

    /// A column by name: bare (`ABANDONED`), quoted (`"TALK TIME"`) or dotted.
    fn column(&mut self, parts: &[Ident]) -> Result<Typed> {
        let mut range: Option<Range> = None;
        for part in parts {
            if let Some(r) = self.src.range(part.span) {
                range = Some(range.map_or(r, |range| range.to(r)));
            }
        }
        let range = range.unwrap_or(self.src.whole());
        let name: Vec<&str> = parts.iter().map(|p| p.value.as_str()).collect();
        let quoted = parts.iter().any(|p| p.quote_style.is_some());
        let index = resolve(self.header, &name.join("."), quoted, range)?;
        self.used.push(index);
        Ok(Typed {
            node: Node::Column(index),
            ty: Ty::Any,
            range,
        })
    }

    /// A literal: a number, 'text', TRUE, FALSE or NULL.
    fn value(&self, value: &ValueWithSpan) -> Result<Typed> {
        let range = self.src.range(value.span).unwrap_or(self.src.whole());
        let (lit, ty) = match &value.value {
            Value::Number(n, _) => match n.parse::<f64>() {
                Ok(n) if n.is_finite() => (Lit::Num(n), Ty::Num),
                _ => return Err(error(range, format!("`{n}` is not a number"), None)),
            },
            Value::SingleQuotedString(s) => (Lit::Str(s.as_str().into()), Ty::Text),
            Value::Boolean(b) => (Lit::Bool(*b), Ty::Bool),
            Value::Null => (Lit::Null, Ty::Null),
            Value::Placeholder(p) => {
                let message = format!("parameters like `{p}` are not supported here");
                return Err(error(range, message, Some(SUPPORTED.to_owned())));
            }
            _ => {
                let message = format!("`{}` is not supported", self.src.snippet(range));
                let hint = "write text in single quotes: 'like this'".to_owned();
                return Err(error(range, message, Some(hint)));
            }
        };
        Ok(Typed {
            node: Node::Lit(lit),
            ty,
            range,
        })
    }

    /// `-x`, `+x`, `NOT x`.
    fn unary(&mut self, op: UnaryOperator, x: &Sql) -> Result<Typed> {
        let x = self.expr(x)?;
        let range = self.src.lead_in(x.range, 1);
        let (node, ty) = match op {
            UnaryOperator::Minus => (Node::Neg(Box::new(self.number(x)?)), Ty::Num),
            UnaryOperator::Plus => (self.number(x)?, Ty::Num),
            UnaryOperator::Not => (Node::Not(Box::new(self.condition(x)?)), Ty::Bool),
            _ => {
                let at = Range {
                    end: x.range.start,
                    ..range
                };
                let message = format!("the operator `{op}` is not supported");
                return Err(error(at, message, Some(SUPPORTED.to_owned())));
            }
        };
        Ok(Typed { node, ty, range })
    }

    /// `a op b` for arithmetic, comparisons, AND and OR.
    fn binary(&mut self, left: &Sql, op: &BinaryOperator, right: &Sql) -> Result<Typed> {
        let a = self.expr(left)?;
        let b = self.expr(right)?;
        let range = a.range.to(b.range);
        let op_range = self.src.next_token(a.range.end).map_or(range, |t| t.range);
        let arith = |op| Some((op, Ty::Num));
        let (node, ty) = if let Some((op, ty)) = match op {
            BinaryOperator::Plus => arith(Arith::Add),
            BinaryOperator::Minus => arith(Arith::Sub),
            BinaryOperator::Multiply => arith(Arith::Mul),
            BinaryOperator::Divide => arith(Arith::Div),
            _ => None,
        } {
            let (a, b) = (self.number(a)?, self.number(b)?);
            (Node::Arith(op, Box::new(a), Box::new(b)), ty)
        } else if let Some(cmp) = comparison(op) {
            self.comparable(&a, &b, op_range)?;
            (Node::Cmp(cmp, Box::new(a.node), Box::new(b.node)), Ty::Bool)
        } else if matches!(op, BinaryOperator::And | BinaryOperator::Or) {
            let (a, b) = (Box::new(self.condition(a)?), Box::new(self.condition(b)?));
            let node = if *op == BinaryOperator::And {
                Node::And(a, b)
            } else {
                Node::Or(a, b)
            };
            (node, Ty::Bool)
        } else {
            let message = format!("the operator `{op}` is not supported");
            return Err(error(op_range, message, Some(SUPPORTED.to_owned())));
        };
        Ok(Typed { node, ty, range })
    }

    /// `x IS [NOT] NULL`.
    fn is_null(&mut self, x: &Sql, negated: bool) -> Result<Typed> {
        let x = self.expr(x)?;
        let range = self.src.trail(x.range, if negated { 3 } else { 2 });
        let node = Node::IsNull {
            expr: Box::new(x.node),
            negated,
        };
        Ok(Typed {
            node,
            ty: Ty::Bool,
            range,
        })
    }

    /// `x [NOT] IN (a, b, …)`.
    fn in_list(&mut self, x: &Sql, list: &[Sql], negated: bool) -> Result<Typed> {
        let x = self.expr(x)?;
        let mut items = Vec::with_capacity(list.len());
        for item in list {
            let item = self.expr(item)?;
            self.comparable(&x, &item, item.range)?;
            items.push(item.node);
        }
        let range = self.src.to_close_paren(x.range, x.range.end);
        let node = Node::In {
            expr: Box::new(x.node),
            list: items,
            negated,
        };
        Ok(Typed {
            node,
            ty: Ty::Bool,
            range,
        })
    }

    /// `x [NOT] LIKE pattern [ESCAPE 'c']`.
    fn like(
        &mut self,
        x: &Sql,
        pattern: &Sql,
        escape: Option<&Sql>,
        negated: bool,
    ) -> Result<Typed> {
        let x = self.expr(x)?;
        let x = self.text(x, "LIKE")?;
        let pattern = self.expr(pattern)?;
        let mut range = x.range.to(pattern.range);
        let pattern = self.text(pattern, "LIKE")?;
        let escape = match escape {
            None => Some('\\'),
            Some(e) => {
                let e = self.expr(e)?;
                range = range.to(e.range);
                let mut chars = match &e.node {
                    Node::Lit(Lit::Str(s)) => s.chars(),
                    _ => "..".chars(),
                };
                match (chars.next(), chars.next()) {
                    (c, None) => c,
                    _ => {
                        let message = "ESCAPE takes one character in single quotes".to_owned();
                        return Err(error(e.range, message, None));
                    }
                }
            }
        };
        let node = Node::Like {
            expr: Box::new(x.node),
            pattern: Box::new(pattern.node),
            escape,
            negated,
        };
        Ok(Typed {
            node,
            ty: Ty::Bool,
            range,
        })
    }

    /// `CASE [x] WHEN … THEN … [ELSE …] END`.
    fn case(
        &mut self,
        range: Range,
        operand: Option<&Sql>,
        conditions: &[CaseWhen],
        otherwise: Option<&Sql>,
    ) -> Result<Typed> {
        let operand = operand.map(|o| self.expr(o)).transpose()?;
        let mut mix = Mix::new();
        let mut arms = Vec::with_capacity(conditions.len());
        for arm in conditions {
            let when = self.expr(&arm.condition)?;
            let when = match &operand {
                Some(x) => {
                    self.comparable(x, &when, when.range)?;
                    when.node
                }
                None => self.condition(when)?,
            };
            let then = self.expr(&arm.result)?;
            self.unify(&mut mix, &then, "CASE")?;
            arms.push((when, then.node));
        }
        let otherwise = match otherwise {
            Some(e) => {
                let e = self.expr(e)?;
                self.unify(&mut mix, &e, "CASE")?;
                Some(Box::new(e.node))
            }
            None => None,
        };
        let node = Node::Case {
            operand: operand.map(|o| Box::new(o.node)),
            arms,
            otherwise,
        };
        Ok(Typed {
            node,
            ty: mix.ty(),
            range,
        })
    }

    /// A function call: one of [`FUNCTIONS`]; a name without parentheses (`user`) is
    /// a column.
    fn function(&mut self, e: &Sql, f: &Function) -> Result<Typed> {
        let ident = match f.name.0.as_slice() {
            [ObjectNamePart::Identifier(ident)] => ident,
            _ => return Err(self.unsupported(e)),
        };
        let plain = f.parameters == FunctionArguments::None
            && f.filter.is_none()
            && f.over.is_none()
            && f.within_group.is_empty()
            && f.null_treatment.is_none()
            && !f.uses_odbc_syntax;
        if plain && f.args == FunctionArguments::None {
            return self.column(std::slice::from_ref(ident));
        }
        let name_range = self.src.range(ident.span).unwrap_or(self.src.whole());
        let name = ident.value.to_lowercase();
        if !FUNCTIONS.contains(&name.as_str()) {
            let message = format!("unknown function `{}`", ident.value);
            let hint = match closest(&name, FUNCTIONS) {
                Some(close) => format!(
                    "did you mean `{close}`? The functions are {}",
                    FUNCTIONS.join(", ")
                ),
                None => format!("the functions are {}", FUNCTIONS.join(", ")),
            };
            return Err(error(name_range, message, Some(hint)));
        }
        let range = self.src.to_close_paren(name_range, name_range.end);
        let args = match &f.args {
            FunctionArguments::List(list)
                if plain && list.duplicate_treatment.is_none() && list.clauses.is_empty() =>
            {
                &list.args
            }
            _ => return Err(self.unsupported_at(range)),
        };
        let mut typed = Vec::with_capacity(args.len());
        for arg in args {
            match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(a)) => typed.push(self.expr(a)?),
                _ => return Err(self.unsupported_at(range)),
            }
        }
        self.call(&name, range, typed)
    }

    /// Checks a known function's arguments and builds its node.
    fn call(&mut self, name: &str, range: Range, args: Vec<Typed>) -> Result<Typed> {
        let wanted = match name {
            "coalesce" => None,
            "days_between" => Some(2),
            _ => Some(1),
        };
        let count_ok = wanted.map_or(!args.is_empty(), |n| args.len() == n);
        if !count_ok {
            let wanted = match wanted {
                Some(1) => "one argument".to_owned(),
                Some(n) => format!("{n} arguments"),
                None => "at least one argument".to_owned(),
            };
            let message = format!("`{name}` takes {wanted}, not {}", args.len());
            return Err(error(range, message, None));
        }
        if name == "coalesce" {
            let mut mix = Mix::new();
            for arg in &args {
                self.unify(&mut mix, arg, "coalesce")?;
            }
            let node = Node::Coalesce(args.into_iter().map(|a| a.node).collect());
            let ty = mix.ty();
            return Ok(Typed { node, ty, range });
        }
        let mut args = args.into_iter();
        match (name, args.next(), args.next()) {
            ("seconds", Some(x), None) => {
                if x.ty == Ty::Bool {
                    return Err(self.mistyped(&x, "a duration"));
                }
                let node = Node::Seconds(Box::new(x.node));
                Ok(Typed {
                    node,
                    ty: Ty::Num,
                    range,
                })
            }
            ("days_between", Some(a), Some(b)) => {
                for x in [&a, &b] {
                    if matches!(x.ty, Ty::Bool | Ty::Num) {
                        return Err(self.mistyped(x, "a date"));
                    }
                }
                let node = Node::DaysBetween(Box::new(a.node), Box::new(b.node));
                Ok(Typed {
                    node,
                    ty: Ty::Num,
                    range,
                })
            }
            (name, Some(x), None) => self.text_function(name, range, x),
            _ => Err(self.unsupported_at(range)),
        }
    }

    /// `lower(x)` or `trim(x)`.
    fn text_function(&self, name: &str, range: Range, x: Typed) -> Result<Typed> {
        let x = Box::new(self.text(x, name)?.node);
        let node = if name == "lower" {
            Node::Lower(x)
        } else {
            Node::Trim(x)
        };
        Ok(Typed {
            node,
            ty: Ty::Text,
            range,
        })
    }

    /// A part used as a number (arithmetic, unary minus).
    fn number(&self, x: Typed) -> Result<Node> {
        match x.ty {
            Ty::Bool | Ty::Text => Err(self.mistyped(&x, "a number")),
            _ => Ok(x.node),
        }
    }

    /// A part used as a condition (AND, OR, NOT, WHEN).
    fn condition(&self, x: Typed) -> Result<Node> {
        match x.ty {
            Ty::Num | Ty::Text => Err(self.mistyped(&x, "a condition")),
            _ => Ok(x.node),
        }
    }

    /// A part used as text (`lower`, `trim`, `LIKE`).
    fn text(&self, x: Typed, user: &str) -> Result<Typed> {
        match x.ty {
            Ty::Num | Ty::Bool => Err(self.mistyped(&x, &format!("text (for {user})"))),
            _ => Ok(x),
        }
    }

    /// "`x` is a number, not a condition", with how to fix it.
    fn mistyped(&self, x: &Typed, wanted: &str) -> ExprError {
        let snippet = self.src.snippet(x.range);
        let message = format!(
            "`{snippet}` is {}, but {wanted} is needed here",
            x.ty.name()
        );
        let hint = match (x.ty, wanted) {
            (Ty::Num, "a condition") => Some(format!("compare it, e.g. `{snippet} > 0`")),
            (Ty::Text, "a condition") => Some("compare it, e.g. `x = 'Won'`".to_owned()),
            (Ty::Text, "a number") => Some("write numbers without quotes".to_owned()),
            (Ty::Bool, "a number") => Some("use `CASE WHEN … THEN 1 ELSE 0 END`".to_owned()),
            _ => None,
        };
        error(x.range, message, hint)
    }

    /// Checks that `a` and `b` can be compared (not a number with text, nor a
    /// condition with either).
    fn comparable(&self, a: &Typed, b: &Typed, at: Range) -> Result<()> {
        let clash =
            |x: Ty, y: Ty| matches!((x, y), (Ty::Bool, Ty::Num | Ty::Text) | (Ty::Num, Ty::Text));
        if clash(a.ty, b.ty) || clash(b.ty, a.ty) {
            let message = format!(
                "cannot compare {} (`{}`) with {} (`{}`)",
                a.ty.name(),
                self.src.snippet(a.range),
                b.ty.name(),
                self.src.snippet(b.range)
            );
            let hint = "write numbers without quotes, text in single quotes".to_owned();
            return Err(error(at, message, Some(hint)));
        }
        Ok(())
    }

    /// Adds `x` to the CASE branches or coalesce arguments seen so far: an error when
    /// it cannot mix with them (a number and text).
    fn unify(&self, mix: &mut Mix, x: &Typed, what: &str) -> Result<()> {
        if x.ty == Ty::Any {
            mix.cell = true;
            return Ok(());
        }
        mix.known = mix.known.unify(x.ty).ok_or_else(|| {
            let message = format!(
                "{what} mixes {} and {} (`{}`)",
                mix.known.name(),
                x.ty.name(),
                self.src.snippet(x.range)
            );
            error(x.range, message, None)
        })?;
        Ok(())
    }

    /// "… is not supported", at the part.
    fn unsupported(&self, e: &Sql) -> ExprError {
        use sqlparser::ast::Spanned;
        let range = self.src.range(e.span()).unwrap_or(self.src.whole());
        let (range, message, hint) = match e {
            Sql::Cast { kind, .. } => (
                if *kind == CastKind::DoubleColon {
                    self.src.trail(range, 2)
                } else {
                    self.src
                        .to_close_paren(self.src.lead_in(range, 2), range.end)
                },
                "casts are not supported".to_owned(),
                "a column is read as a number or as text by how it is used; seconds(x) \
                 reads durations, days_between(a, b) dates",
            ),
            Sql::ILike { .. } => (
                range,
                "ILIKE is not supported".to_owned(),
                "use lower(x) LIKE '…'",
            ),
            Sql::Between { .. } => (
                range,
                "BETWEEN is not supported".to_owned(),
                "write `x >= a AND x <= b`",
            ),
            Sql::In { expr, .. } => {
                let from = self.src.range(expr.span()).map_or(range.start, |r| r.end);
                let range = self.src.to_close_paren(range, from);
                (range, "subqueries are not supported".to_owned(), SUPPORTED)
            }
            Sql::Subquery(_) | Sql::Exists { .. } => {
                (range, "subqueries are not supported".to_owned(), SUPPORTED)
            }
            _ => return self.unsupported_at(range),
        };
        error(range, message, Some(hint.to_owned()))
    }

    /// "`…` is not supported" for a range.
    fn unsupported_at(&self, range: Range) -> ExprError {
        let message = format!("`{}` is not supported", self.src.snippet(range));
        error(range, message, Some(SUPPORTED.to_owned()))
    }
}

/// The comparison an operator stands for.
fn comparison(op: &BinaryOperator) -> Option<Cmp> {
    Some(match op {
        BinaryOperator::Eq => Cmp::Eq,
        BinaryOperator::NotEq => Cmp::Ne,
        BinaryOperator::Lt => Cmp::Lt,
        BinaryOperator::LtEq => Cmp::Le,
        BinaryOperator::Gt => Cmp::Gt,
        BinaryOperator::GtEq => Cmp::Ge,
        _ => return None,
    })
}
