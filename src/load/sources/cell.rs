//! The shared vocabulary of the sources loaders (owned by the lead).

/// One cell of a record as read from a file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    /// An empty cell (CSV "" or an empty XLSX cell): SQL NULL.
    Empty,
    /// Text as written (every CSV cell; XLSX strings).
    Text(&'a str),
    /// A number stored as a number (XLSX).
    Number(f64),
    /// A date/time stored as such (XLSX serial dates, already converted), local time.
    DateTime(jiff::civil::DateTime),
    /// A boolean (XLSX).
    Bool(bool),
}
