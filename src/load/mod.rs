//! Load: the book's files (settings, team, metrics, KPIs, chapters, coaching log,
//! plan) → one validated [`Book`], with every mistake reported at file:line:col.

pub mod book;
pub(crate) mod coaching;
pub(crate) mod content;
pub(crate) mod files;
pub(crate) mod kpi;
pub(crate) mod metrics;
pub(crate) mod plan;
pub(crate) mod questions;
pub(crate) mod series;
pub(crate) mod settings;
pub(crate) mod shortcode;
pub(crate) mod sources;
pub(crate) mod targets;
pub(crate) mod team;
pub(crate) mod yaml;

pub(crate) use book::Book;
