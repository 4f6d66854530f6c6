//! The site's pages, one file each: the overview, a team, a person's scorecard, the
//! handbook, the pulse, the plan and the pipeline; with the parts they share — the
//! development section of a scorecard, the heat-map cells, the single-page handbook
//! and the shortcodes of chapters.

pub(super) mod development;
pub(super) mod handbook;
mod heat;
pub(super) mod overview;
pub(super) mod pipeline;
#[cfg(test)]
mod pipeline_tests;
pub(super) mod plan;
mod print;
pub(super) mod pulse;
pub(super) mod scorecard;
pub(super) mod shortcodes;
pub(super) mod team;
#[cfg(test)]
mod tests;
