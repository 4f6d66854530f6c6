//! pulsebook: a sales team's handbook and monthly scorecards built from YAML, CSV and
//! Markdown into a static site.
//!
//! The pipeline runs one way — [`load`] → [`compute`] → [`render`] → [`output`]
//! (write) — orchestrated by [`pipeline`]; [`cli`] resolves flags. [`base`] holds
//! what every stage shares. See docs/architecture.md.

pub mod base;
pub mod cli;
pub mod compute;
pub mod init;
pub mod inspect;
pub mod load;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod send;
pub mod serve;
pub mod synth;

#[cfg(test)]
mod fuzz_tests;
