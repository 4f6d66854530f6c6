//! pulsebook: a sales team's handbook and monthly scorecards built from YAML, CSV and
//! Markdown into a static site.
//!
//! The pipeline runs one way: load → compute → render → write.

pub mod diag;
pub mod period;
