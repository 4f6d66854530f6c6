//! Shortcodes: live data in handbook chapters, written `{{ name(key="value") }}`.
//!
//! A chapter that says "our conversion target is 15 %" goes stale the day someone edits
//! `team.yaml`; `{{ target(kpi="conversion") }}` cannot. Shortcodes are found in the
//! Markdown source before it is parsed (never inside code, so a chapter can show the
//! syntax), checked against the book's KPIs, teams and people at load time with
//! file/line/column diagnostics, and replaced by a *token* of the same byte length so
//! every other offset in the chapter stays right. The renderers swap each token for
//! the rendered data: HTML through the `shortcodes/*.html` templates, Typst through
//! `pdf/shortcodes.typ`.
//!
//! | shortcode | renders | arguments |
//! |---|---|---|
//! | `kpis()` | the KPI table: formulas, direction, targets | `team` |
//! | `roster()` | teams, managers and members | `team` |
//! | `chart()` | a KPI's trend card | `kpi`, `team` or `person`, `periods` |
//! | `pipeline()` | open deals, coverage, slipped and stale deals | `team` |
//! | `target(kpi=…)` | a personal target as set in `team.yaml`, inline | `team` or `person` |
//! | `value(kpi=…)` | a KPI's value in the report period, inline | `team` or `person` |
//!
//! `call` holds the shortcodes' table and what a chapter wrote, `syntax` reads one
//! call, `extract` finds and checks a chapter's calls, `token` swaps them for tokens,
//! `resolve` checks them against the book.

mod call;
mod extract;
mod resolve;
mod syntax;
#[cfg(test)]
mod tests;
mod token;

pub(crate) use call::Call;
#[cfg(test)]
pub(crate) use call::Value;
pub(crate) use extract::extract;
pub(crate) use resolve::{Kind, Scope, resolve};
pub(crate) use token::{TOKEN_START, replace_tokens, tokens};
