//! The vocabulary every stage shares: diagnostics, periods and calendars' days,
//! locales and number formats, slugs, and the files embedded in the binary. Nothing
//! here imports a stage.

pub(crate) mod calendar;
pub(crate) mod csv;
pub mod diag;
pub(crate) mod embedded;
pub(crate) mod locale;
pub(crate) mod period;
pub(crate) mod slug;
