//! The shortcodes and their arguments, and a call as a chapter wrote it.

/// Whether a shortcode renders a block (alone on its line) or inline text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    Block,
    Inline,
}

/// The kind of value an argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ArgType {
    Text,
    Count,
}

pub(super) struct Spec {
    pub(super) name: &'static str,
    pub(super) placement: Placement,
    /// Arguments and whether each is required.
    pub(super) args: &'static [(&'static str, ArgType, bool)],
}

pub(super) const SPECS: [Spec; 7] = [
    Spec {
        name: "kpis",
        placement: Placement::Block,
        args: &[("team", ArgType::Text, false)],
    },
    Spec {
        name: "roster",
        placement: Placement::Block,
        args: &[("team", ArgType::Text, false)],
    },
    Spec {
        name: "chart",
        placement: Placement::Block,
        args: &[
            ("kpi", ArgType::Text, false),
            ("team", ArgType::Text, false),
            ("person", ArgType::Text, false),
            ("periods", ArgType::Count, false),
        ],
    },
    Spec {
        name: "pipeline",
        placement: Placement::Block,
        args: &[("team", ArgType::Text, false)],
    },
    Spec {
        name: "questions",
        placement: Placement::Block,
        args: &[("group", ArgType::Text, false)],
    },
    Spec {
        name: "target",
        placement: Placement::Inline,
        args: &[
            ("kpi", ArgType::Text, true),
            ("team", ArgType::Text, false),
            ("person", ArgType::Text, false),
        ],
    },
    Spec {
        name: "value",
        placement: Placement::Inline,
        args: &[
            ("kpi", ArgType::Text, true),
            ("team", ArgType::Text, false),
            ("person", ArgType::Text, false),
        ],
    },
];

/// The shortcode names, for hints and docs.
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    SPECS.iter().map(|s| s.name)
}

/// An argument value as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// One `key=value` argument, with where it stands on its line (1-based columns).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arg {
    pub(crate) key: String,
    pub(crate) value: Value,
    pub(crate) key_col: usize,
    pub(crate) value_col: usize,
    pub(crate) value_len: usize,
}

/// One shortcode as written, with its place in the chapter file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    pub(crate) name: String,
    pub(crate) args: Vec<Arg>,
    pub(crate) placement: Placement,
    pub(crate) line: usize,
    pub(crate) col: usize,
    /// Characters from `{{` to `}}`.
    pub(crate) len: usize,
    /// The source line, for diagnostics raised after loading.
    pub(crate) snippet: String,
}

impl Call {
    pub(super) fn arg(&self, key: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.key == key)
    }
}
