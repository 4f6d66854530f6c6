//! The compiled tree: what [`super::compile()`] makes of the text and
//! [`super::eval::eval()`] runs per record.

use std::cmp::Ordering;

/// A literal value, folded at compile time.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Lit {
    /// `NULL`.
    Null,
    /// `TRUE` / `FALSE`, or a folded condition.
    Bool(bool),
    /// A number.
    Num(f64),
    /// Text (a string literal, or folded `lower`/`trim` of one).
    Str(Box<str>),
}

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arith {
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/` (by zero: NULL).
    Div,
}

impl Arith {
    /// Applies the operator; None for a division by zero.
    pub(super) fn apply(self, a: f64, b: f64) -> Option<f64> {
        match self {
            Arith::Add => Some(a + b),
            Arith::Sub => Some(a - b),
            Arith::Mul => Some(a * b),
            Arith::Div if b == 0.0 => None,
            Arith::Div => Some(a / b),
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmp {
    /// `=`.
    Eq,
    /// `<>` or `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl Cmp {
    /// Whether `ordering` (left against right) satisfies the operator.
    pub(super) fn holds(self, ordering: Ordering) -> bool {
        match self {
            Cmp::Eq => ordering.is_eq(),
            Cmp::Ne => ordering.is_ne(),
            Cmp::Lt => ordering.is_lt(),
            Cmp::Le => ordering.is_le(),
            Cmp::Gt => ordering.is_gt(),
            Cmp::Ge => ordering.is_ge(),
        }
    }
}

/// One node of a compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    /// A literal.
    Lit(Lit),
    /// The cell of a column (by index in the header).
    Column(usize),
    /// Unary minus.
    Neg(Box<Node>),
    /// `a + b`, `a - b`, `a * b`, `a / b`.
    Arith(Arith, Box<Node>, Box<Node>),
    /// `a = b`, `a < b`, ….
    Cmp(Cmp, Box<Node>, Box<Node>),
    /// `a AND b`.
    And(Box<Node>, Box<Node>),
    /// `a OR b`.
    Or(Box<Node>, Box<Node>),
    /// `NOT a`.
    Not(Box<Node>),
    /// `x IS NULL`, or `x IS NOT NULL` when `negated`.
    IsNull {
        /// The tested value.
        expr: Box<Node>,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `x IN (…)`, or `x NOT IN (…)` when `negated`.
    In {
        /// The tested value.
        expr: Box<Node>,
        /// The list.
        list: Vec<Node>,
        /// `NOT IN`.
        negated: bool,
    },
    /// `x LIKE pattern`, or `NOT LIKE` when `negated`.
    Like {
        /// The tested text.
        expr: Box<Node>,
        /// The pattern (`%`, `_`).
        pattern: Box<Node>,
        /// The escape character (`\` unless `ESCAPE` says otherwise; None for `ESCAPE ''`).
        escape: Option<char>,
        /// `NOT LIKE`.
        negated: bool,
    },
    /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
    Case {
        /// The value compared with each `WHEN` (None: each `WHEN` is a condition).
        operand: Option<Box<Node>>,
        /// `WHEN` and `THEN` pairs.
        arms: Vec<(Node, Node)>,
        /// `ELSE` (None: NULL).
        otherwise: Option<Box<Node>>,
    },
    /// `lower(x)`.
    Lower(Box<Node>),
    /// `trim(x)`.
    Trim(Box<Node>),
    /// `coalesce(x, …)`.
    Coalesce(Vec<Node>),
    /// `seconds(x)`.
    Seconds(Box<Node>),
    /// `days_between(a, b)`: `b − a` in days.
    DaysBetween(Box<Node>, Box<Node>),
}

impl Node {
    /// Whether the node can be evaluated once at compile time: every child is a
    /// literal and evaluating it needs nothing of the source's reading rules.
    pub(super) fn is_foldable(&self) -> bool {
        let lit = |node: &Node| matches!(node, Node::Lit(_));
        match self {
            Node::Lit(_) | Node::Column(_) | Node::Seconds(_) | Node::DaysBetween(..) => false,
            Node::Neg(a) | Node::Not(a) | Node::Lower(a) | Node::Trim(a) => lit(a),
            Node::IsNull { expr, .. } => lit(expr),
            Node::Arith(_, a, b) | Node::Cmp(_, a, b) | Node::And(a, b) | Node::Or(a, b) => {
                lit(a) && lit(b)
            }
            Node::In { expr, list, .. } => lit(expr) && list.iter().all(lit),
            Node::Like { expr, pattern, .. } => lit(expr) && lit(pattern),
            Node::Coalesce(args) => args.iter().all(lit),
            Node::Case {
                operand,
                arms,
                otherwise,
            } => {
                operand.as_deref().is_none_or(lit)
                    && arms.iter().all(|(w, t)| lit(w) && lit(t))
                    && otherwise.as_deref().is_none_or(lit)
            }
        }
    }
}

/// What an expression gives, as far as its text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    /// Only NULL.
    Null,
    /// A condition.
    Bool,
    /// A number.
    Num,
    /// Text.
    Text,
    /// Decided per record (a column's cell, or a mix of a cell and something else).
    Any,
}

impl Ty {
    /// A name for messages.
    pub(super) fn name(self) -> &'static str {
        match self {
            Ty::Null => "NULL",
            Ty::Bool => "a condition (true/false)",
            Ty::Num => "a number",
            Ty::Text => "text",
            Ty::Any => "a value",
        }
    }

    /// The type of a value that is one of `self` or `other` (CASE branches, coalesce
    /// arguments); None when they cannot mix.
    pub(super) fn unify(self, other: Ty) -> Option<Ty> {
        match (self, other) {
            (Ty::Null, t) | (t, Ty::Null) => Some(t),
            (a, b) if a == b => Some(a),
            (Ty::Any, _) | (_, Ty::Any) => Some(Ty::Any),
            _ => None,
        }
    }
}
