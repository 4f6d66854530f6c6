//! The HTML pages' parts: a scorecard's development section, the plan page and blocks,
//! the single-page handbook and the shortcodes of chapters.

pub(super) mod development;
pub(super) mod plan;
pub(super) mod print;
pub(super) mod shortcodes;
