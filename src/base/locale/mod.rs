//! Locale-aware formatting and label catalogues for English, Polish and Norwegian
//! Bokmål.
//!
//! Three locales do not justify ICU4X: [`Format`] is a small pattern table per locale,
//! and the CLDR facts it relies on (separators, minimum grouping digits, minus sign,
//! currency placement and symbols, plural rules, month names) are pinned in the tests
//! (`tests.rs`). Adding a locale means adding a row to each table and to
//! those tests.
//!
//! Rounding works on the decimal digits of the shortest representation of an `f64`
//! (what `{}` prints), half away from zero, so `2.675` becomes `2.68` as a person
//! expects, not `2.67` as its binary value would give. A result that rounds to zero is
//! never shown with a sign.
//!
//! A [`Catalogue`] maps label keys (`kpi.revenue`, `site.overview`) to text. The
//! built-in ones live in `templates/i18n/<locale>.yaml` and are embedded in the binary;
//! a book can override single labels. Texts may hold `{name}` placeholders, which
//! [`fill`] substitutes.
//!
//! `language` names the locales and their plural rules, `symbols` holds the per-locale
//! pattern table, `format` turns values into text, `labels` reads catalogues.

mod format;
mod labels;
mod language;
mod symbols;
#[cfg(test)]
mod tests;

pub(crate) use format::Format;
pub(crate) use labels::{Catalogue, fill};
pub(crate) use language::Locale;
