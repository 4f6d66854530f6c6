//! The end-to-end suite: one test binary that runs the real `pulsebook` binary on small
//! books. One module per area; the helpers they share are in [`common`].
//!
//! - `cargo test --test e2e` runs it all; `cargo test --test e2e plan::` one area.
//! - [`fixtures`] builds every book under `tests/books/` and compares the output,
//!   file by file and byte by byte, with the book's `expected/` folder;
//!   `PULSEBOOK_BLESS=1 cargo test --test e2e fixtures::` rewrites those folders after
//!   a deliberate change of the output (review the diff before committing it).
//! - The PDF tests need poppler-utils and the send tests python3-aiosmtpd
//!   (`.ci/run` installs both).

mod common;

mod build;
mod charts;
mod coaching;
mod diagnostics;
mod email;
#[cfg(unix)]
mod faults;
mod fixtures;
mod handbook;
mod hostile;
mod incremental;
mod pdf;
mod perf;
mod pg_server;
mod pipeline;
mod plan;
mod send;
mod serve;
mod sources;
mod targets;
