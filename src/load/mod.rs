//! Load: the book's files (settings, team, metrics, KPIs, chapters, coaching log,
//! plan) → one validated [`Book`], with every mistake reported at file:line:col.

pub mod book;
pub mod coaching;
pub mod content;
pub mod files;
pub mod kpi;
pub mod metrics;
pub mod plan;
pub mod questions;
pub mod settings;
pub mod shortcode;
pub mod team;
pub mod yaml;

pub use book::{Book, load};
