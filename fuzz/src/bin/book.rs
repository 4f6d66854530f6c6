//! A whole book as an archive (`=== path` lines, see the crate's docs): `check` on
//! any files with any paths of the book.

fn main() {
    afl::fuzz!(|data: &[u8]| pulsebook_fuzz::check(&pulsebook_fuzz::from_archive(data)));
}
