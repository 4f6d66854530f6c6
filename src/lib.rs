//! pulsebook: a sales team's handbook and monthly scorecards built from YAML, CSV and
//! Markdown into a static site.
//!
//! The pipeline runs one way — [`book`] (load) → [`compute`] → [`render`] →
//! [`output`] (write) — orchestrated by [`pipeline`]; [`cli`] resolves flags.

pub mod book;
pub mod charts;
pub mod cli;
pub mod coaching;
pub mod compute;
pub mod content;
pub mod diag;
pub mod embedded;
pub mod init;
pub mod kpi;
pub mod locale;
pub mod metrics;
pub mod output;
pub mod pdf;
pub mod period;
pub mod pipeline;
pub mod plan;
pub mod pulse;
pub mod questions;
pub mod render;
pub mod search;
pub mod send;
pub mod serve;
pub mod settings;
pub mod shortcode;
pub mod slug;
pub mod synth;
pub mod team;
pub mod yaml;
