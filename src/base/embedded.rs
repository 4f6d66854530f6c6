//! The default theme and handbook compiled into the binary (see `build.rs`): a book
//! overrides any of these files by placing one with the same name in its own folder.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The embedded file at `path` (e.g. `templates/index.html`).
pub(crate) fn get(path: &str) -> Option<&'static [u8]> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| *bytes)
}

/// Embedded files under `dir/`, as (path relative to `dir`, bytes), sorted.
pub(crate) fn under(dir: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    FILES.iter().filter_map(move |(p, bytes)| {
        p.strip_prefix(dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .map(|rest| (rest, *bytes))
    })
}
