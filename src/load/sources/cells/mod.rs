//! Reading values out of cells: numbers in a style (`1234.5`, `1,234.50`,
//! `$12,400.00`, `1 234,50 zł`), clock durations, dates (the formats exports
//! use, detection over a column, strftime patterns), time zones from the
//! embedded database, local days, Excel serial dates, and the kind of a
//! column for `pulsebook inspect`.
//!
//! Everything here is pure and allocation-free on the hot paths (one value
//! per call, errors aside): a source of millions of rows reads each cell
//! with these functions.

mod date;
mod detect;
mod kind;
mod number;
mod tzdb;
mod zone;

#[cfg(test)]
mod tests;

pub(crate) use date::{DateFormat, Stamp, excel_serial, parse_stamp, pattern};
pub(crate) use detect::DateDetector;
pub(crate) use kind::classify;
pub(crate) use number::{NumberStyle, number, seconds};
pub(crate) use tzdb::zone;
#[cfg(test)]
pub(crate) use zone::local_day;
pub(crate) use zone::{LocalDays, default_zone};
