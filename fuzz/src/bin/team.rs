//! `team.yaml` of a test book replaced by the input (its first byte picks the book).

fn main() {
    afl::fuzz!(|data: &[u8]| pulsebook_fuzz::check_file("team.yaml", data));
}
