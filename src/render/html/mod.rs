//! The HTML pages' parts: a scorecard's development section, the plan page and blocks,
//! chapter HTML, the single-page handbook and the shortcodes of chapters, and the one
//! reader of HTML strings.

pub(super) mod development;
pub(super) mod markdown;
pub(super) mod plan;
pub(super) mod print;
pub(super) mod reader;
pub(super) mod shortcodes;
