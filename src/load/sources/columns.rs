//! Finding a mapping's columns in a file's header: exact names first, else ignoring
//! case; a column the mapping names and the header lacks is an error at the name.

use std::path::Path;

use super::config::Text;
use super::{Context, placed};
use crate::base::diag::{Diagnostic, Diagnostics};

/// The index of `name` among the header's columns: exact, else ignoring case.
pub(super) fn column_index(columns: &[String], name: &str) -> Option<usize> {
    let name = name.trim();
    columns.iter().position(|c| c.trim() == name).or_else(|| {
        columns
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name))
    })
}

/// A column a mapping names, or an error at the name (in sources.yaml, or in the
/// data file's header for a preset).
pub(super) fn find_column(
    ctx: &Context,
    rel: &Path,
    columns: &[String],
    name: &Text,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some(i) = column_index(columns, &name.value) {
        return Some(i);
    }
    let hint = crate::base::diag::did_you_mean(&name.value, columns.iter().map(String::as_str))
        .unwrap_or_else(|| {
            format!(
                "the columns of {} are: {}",
                rel.display(),
                columns.join(", ")
            )
        });
    let message = format!("{what} column `{}` is not in {}", name.value, rel.display());
    diags.push(placed(ctx, name, Diagnostic::problem(message), rel).with_hint(hint));
    None
}
