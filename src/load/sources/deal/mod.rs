//! The open deals of a deals source, row by row: its deal columns resolved against a
//! file's header ([`DealPlan`]), the open test, and an open deal read from its cells.
//!
//! The open test is the hot path of a 200,000-deal export: for a closed deal it is
//! one compare of the status cell with the few closed stages, and nothing is
//! allocated. Only open deals are read further (`snapshots` gathers them per file).

pub(super) mod snapshots;
#[cfg(test)]
mod tests;

use std::path::Path;

use super::Context;
use super::cell::Cell;
use super::columns::{column_index, find_column};
use super::config::{DealSpec, Text};
use super::expr::Env;
use crate::base::diag::Diagnostics;
use crate::load::sources::aggregate::Owner;
use crate::load::sources::deals::{Category, OpenDeal};

/// A file's open deals (sorted by id, then line, once merged), the ids of all its
/// deals when an earlier snapshot is read after it, and which deal columns it has.
#[derive(Default)]
pub(super) struct FileDeals {
    pub(super) deals: Vec<OpenDeal>,
    pub(super) ids: Vec<Box<str>>,
    /// Rows whose deal is in a later snapshot: their measures were left out.
    pub(super) repeated: usize,
    pub(super) has_id: bool,
    pub(super) has_probability: bool,
    pub(super) has_category: bool,
}

/// A deals source's columns in one file.
#[derive(Debug)]
pub(super) struct DealPlan {
    /// The column whose value says won or lost.
    pub(super) status: usize,
    /// Its closed values (lower-cased when `fold_case`).
    closed: Vec<String>,
    fold_case: bool,
    pub(super) id: Option<usize>,
    name: Option<usize>,
    stage: usize,
    amount: usize,
    pub(super) close: Option<usize>,
    pub(super) created: Option<usize>,
    pub(super) probability: Option<usize>,
    pub(super) category: Option<usize>,
}

/// A column of a candidate list: one written in sources.yaml must be in the header
/// (else an error at it); a preset's optional ones may be missing.
fn optional(
    ctx: &Context,
    rel: &Path,
    columns: &[String],
    candidates: &[Text],
    what: &str,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some(written) = candidates.iter().find(|c| c.at.is_some()) {
        return find_column(ctx, rel, columns, written, what, diags);
    }
    candidates
        .iter()
        .find_map(|c| column_index(columns, &c.value))
}

impl DealPlan {
    /// Resolves a deals source's columns against a file's header; `None` after an
    /// error (pushed).
    pub(super) fn compile(
        ctx: &Context,
        spec: &DealSpec,
        rel: &Path,
        columns: &[String],
        diags: &mut Diagnostics,
    ) -> Option<DealPlan> {
        let before = diags.error_count();
        let mut column = |list: &[Text], what: &str| optional(ctx, rel, columns, list, what, diags);
        let id = column(&spec.id, "deal id");
        let name = column(&spec.name, "deal name");
        let stage = column(&spec.stage, "deal stage");
        let close = column(&spec.close, "close date");
        let created = column(&spec.created, "create date");
        let probability = column(&spec.probability, "probability");
        let category = column(&spec.category, "forecast category");
        let status = find_column(ctx, rel, columns, &spec.status, "deal stage", diags);
        let amount = find_column(ctx, rel, columns, &spec.amount, "amount", diags);
        if diags.error_count() > before {
            return None;
        }
        let status = status?;
        Some(DealPlan {
            status,
            closed: spec.closed.clone(),
            fold_case: spec.fold_case,
            id,
            name,
            stage: stage.unwrap_or(status),
            amount: amount?,
            close,
            created,
            probability,
            category,
        })
    }

    /// Whether a record with this status cell is an open deal: its status is none
    /// of the closed stages (compared as written, as a `where` compares them).
    #[inline]
    pub(super) fn is_open(&self, status: Cell) -> bool {
        let Cell::Text(text) = status else {
            // An empty or non-text status names no closed stage.
            return true;
        };
        if self.fold_case {
            !self
                .closed
                .iter()
                .any(|c| text.chars().flat_map(char::to_lowercase).eq(c.chars()))
        } else {
            !self.closed.iter().any(|c| c == text)
        }
    }

    /// The deal id of a record, when the file has an id column and the cell is not
    /// empty (an XLSX number as written).
    pub(super) fn id_of<'c>(&self, cell: Cell<'c>) -> Option<std::borrow::Cow<'c, str>> {
        match cell {
            Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().into()),
            Cell::Number(n) => Some(crate::base::csv::plain_number(n).into()),
            _ => None,
        }
    }

    /// Reads an open deal from the current record of `env`. Err: the column whose
    /// cell cannot be read, the message and a hint.
    pub(super) fn read(
        &self,
        env: &dyn Env,
        owner: Owner,
        line: usize,
        file: &str,
    ) -> Result<Read, CellError> {
        let id = match self.id.and_then(|c| self.id_of(env.cell(c))) {
            Some(id) => id.into_owned(),
            None => format!("{file}:{line}"),
        };
        let amount = amount(env, self.amount)?;
        let close = self.day(env, self.close, "close date")?;
        let created = self.day(env, self.created, "create date")?;
        let probability = match self.probability {
            Some(c) => probability(env, c)?,
            None => None,
        };
        let (category, unknown_category) = match self.category.map(|c| (c, env.cell(c))) {
            Some((c, Cell::Text(t))) if !t.trim().is_empty() => match Category::parse(t.trim()) {
                Some(category) => (Some(category), None),
                None => (None, Some(c)),
            },
            _ => (None, None),
        };
        Ok(Read {
            deal: OpenDeal {
                id,
                name: self.name.and_then(|c| text(env.cell(c))),
                owner,
                amount,
                close,
                stage: text(env.cell(self.stage)).unwrap_or_default(),
                created,
                probability,
                category,
                line: line as u64,
            },
            unknown_category,
        })
    }

    /// A day column's local day; `None` for a missing column or an empty cell.
    fn day(
        &self,
        env: &dyn Env,
        column: Option<usize>,
        what: &str,
    ) -> Result<Option<jiff::civil::Date>, CellError> {
        let Some(c) = column else { return Ok(None) };
        let cell = env.cell(c);
        if is_empty(cell) {
            return Ok(None);
        }
        env.day(Some(c), cell).map(Some).map_err(|message| CellError {
            column: c,
            message: format!("cannot read the {what} of this open deal: {message}"),
            hint: Some(format!(
                "leave the {what} empty when the deal has none, or give this source `date: {{ format: … }}` for how its dates are written"
            )),
        })
    }
}

/// An open deal read from a record, and the column of a forecast category value
/// pulsebook does not know (the deal is kept without a category; warned once per
/// value).
pub(super) struct Read {
    pub(super) deal: OpenDeal,
    pub(super) unknown_category: Option<usize>,
}

/// A cell of an open deal that cannot be read.
#[derive(Debug)]
pub(super) struct CellError {
    pub(super) column: usize,
    pub(super) message: String,
    pub(super) hint: Option<String>,
}

fn is_empty(cell: Cell) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Text(t) => t.trim().is_empty(),
        _ => false,
    }
}

/// A cell as trimmed text; `None` when empty.
fn text(cell: Cell) -> Option<String> {
    match cell {
        Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        Cell::Number(n) => Some(crate::base::csv::plain_number(n)),
        Cell::DateTime(dt) => Some(dt.to_string()),
        Cell::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An open deal's amount: empty = 0; never negative.
fn amount(env: &dyn Env, column: usize) -> Result<f64, CellError> {
    let cell = env.cell(column);
    if is_empty(cell) {
        return Ok(0.0);
    }
    let value = env.number(cell).map_err(|message| CellError {
        column,
        message: format!("cannot read the amount of this open deal: {message}"),
        hint: Some("leave the amount empty when the deal has none (it counts as 0)".into()),
    })?;
    if value < 0.0 {
        return Err(CellError {
            column,
            message: format!("the amount of this open deal is negative ({})", shown(cell)),
            hint: Some(
                "an open deal's amount is what it would bring: correct it in the CRM, or leave it empty (0)"
                    .into(),
            ),
        });
    }
    Ok(value)
}

/// An open deal's probability in percent (0–100): `35`, `35%`, `35 %`; empty: none.
/// A fraction (`0.35`) is an error, never read as 35 %.
fn probability(env: &dyn Env, column: usize) -> Result<Option<f64>, CellError> {
    let cell = env.cell(column);
    if is_empty(cell) {
        return Ok(None);
    }
    let unpercent = match cell {
        Cell::Text(t) => Cell::Text(t.trim().trim_end_matches('%').trim_end()),
        other => other,
    };
    let value = env.number(unpercent).map_err(|message| CellError {
        column,
        message: format!("cannot read the probability of this open deal: {message}"),
        hint: Some("a probability is a percentage from 0 to 100, e.g. 35".into()),
    })?;
    let error = |message: String, hint: &str| CellError {
        column,
        message,
        hint: Some(hint.to_string()),
    };
    if !(0.0..=100.0).contains(&value) {
        return Err(error(
            format!("probability {} is outside 0–100", shown(cell)),
            "a probability is a percentage from 0 to 100, e.g. 35",
        ));
    }
    if value > 0.0 && value < 1.0 {
        return Err(error(
            format!(
                "probability {} looks like a fraction: probabilities are read as percentages (0–100)",
                shown(cell)
            ),
            "export the probability as a percentage (0.35 → 35); pulsebook does not guess which cells are fractions",
        ));
    }
    Ok(Some(value))
}

/// A cell as the user wrote it, for messages.
fn shown(cell: Cell) -> String {
    match cell {
        Cell::Text(t) => format!("`{}`", t.trim()),
        Cell::Number(n) => crate::base::csv::plain_number(n),
        other => format!("{other:?}"),
    }
}
