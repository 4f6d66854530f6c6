//! Column names: finding the header column an expression names, and the closest one
//! for a "did you mean" when none matches.

use super::CompileResult as Result;
use super::ExprError;
use super::parse::error;
use super::span::Range;

/// Finds a column: the exact name, else the one name equal ignoring ASCII case.
pub(super) fn resolve(header: &[&str], name: &str, quoted: bool, range: Range) -> Result<usize> {
    let find = |same: &dyn Fn(&str) -> bool| -> Vec<usize> {
        (0..header.len()).filter(|&i| same(header[i])).collect()
    };
    let mut found = find(&|c| c == name);
    if found.is_empty() {
        found = find(&|c| c.eq_ignore_ascii_case(name));
    }
    match found.as_slice() {
        [index] => Ok(*index),
        [] => Err(unknown_column(header, name, quoted, range)),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|&i| format!("`{}` (column {})", header[i], i + 1))
                .collect();
            let message = format!("`{name}` matches several columns: {}", list.join(", "));
            let hint = if many.iter().all(|&i| header[i] == name) {
                "the file's header repeats this name; rename one of the columns"
            } else {
                "write the name exactly as in the header, in double quotes"
            };
            Err(error(range, message, Some(hint.to_owned())))
        }
    }
}

/// "unknown column", with the closest header name, or what else may be meant.
fn unknown_column(header: &[&str], name: &str, quoted: bool, range: Range) -> ExprError {
    let hint = if let Some(close) = closest(name, header.iter().copied()) {
        format!("did you mean `{close}`?")
    } else if quoted {
        format!("text goes in single quotes ('{name}'); double quotes name a column")
    } else {
        let shown: Vec<String> = header.iter().take(12).map(|c| format!("`{c}`")).collect();
        let more = header.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("the columns are {}{more}", shown.join(", "))
    };
    error(range, format!("unknown column `{name}`"), Some(hint))
}

/// The closest of `candidates` to `input`, ignoring case, when close enough: within a
/// few edits or sharing most characters (the tool's `did_you_mean` rule).
pub(super) fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = input.to_lowercase();
    let max_edits = (input.chars().count() / 3).max(1);
    let mut best: Option<((usize, u64), &str)> = None;
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let edits = strsim::osa_distance(&input, &lower);
        let similarity = strsim::jaro_winkler(&input, &lower);
        if edits > max_edits && similarity < 0.85 {
            continue;
        }
        // Fewer edits first, then the more similar; ties keep the first candidate.
        let key = (edits, ((1.0 - similarity) * 1e6) as u64);
        if best.is_none_or(|(b, _)| key < b) {
            best = Some((key, candidate));
        }
    }
    best.map(|(_, c)| c)
}
