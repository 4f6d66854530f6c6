//! The vocabulary every stage shares: diagnostics, periods and calendars' days,
//! locales and number formats, slugs, and the files embedded in the binary. Nothing
//! here imports a stage.

pub mod calendar;
pub mod diag;
pub mod embedded;
pub mod locale;
pub mod period;
pub mod slug;
