//! Reusing the outputs of the last build whose inputs did not change.
//!
//! An expensive output (a PDF) gets an [`Inputs`] fingerprint of everything it is
//! made from: the exact files its renderer is given (the view data, the charts, the
//! templates), the date, and the build of pulsebook ([`BUILD`]: its version and a hash
//! of its sources). The fingerprints of a build are written to [`INPUTS`] beside the
//! manifest. The next build computes the fingerprint before rendering; when the last
//! build recorded the same one for that path and the file on disk still holds the
//! bytes the manifest lists, its bytes are taken as they are and the rendering is
//! skipped. So a reused output is byte for byte what rendering would give, and
//! anything unexpected — no, a foreign or a damaged inputs file, a file changed or
//! deleted since — only means rendering again.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{MANIFEST, fingerprint, read_manifest};

/// The fingerprints of the outputs, in the output folder beside the manifest.
pub(crate) const INPUTS: &str = ".pulsebook-inputs";

/// The build of pulsebook: its version and a hash of the sources it was built from
/// (build.rs), so a changed renderer never reuses what an older one made.
pub(crate) const BUILD: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "+",
    env!("PULSEBOOK_SOURCE_HASH")
);

const HEADER: &str =
    "# What each output was made from (pulsebook reuses outputs whose inputs did not change).\n";

/// A fingerprint of everything one output is made from (128 bits of SHA-256).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inputs([u8; 16]);

impl Inputs {
    fn hex(self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn parse(hex: &str) -> Option<Inputs> {
        if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = [0; 16];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Inputs(bytes))
    }
}

/// Builds an [`Inputs`] from parts, each length-prefixed so that no two different
/// sequences of parts hash alike by shifting bytes from one part to the next.
#[derive(Clone)]
pub(crate) struct InputsHasher(Sha256);

impl InputsHasher {
    /// A hasher for outputs of `kind` (e.g. `"scorecard-pdf"`), seeded with [`BUILD`].
    pub(crate) fn new(kind: &str) -> InputsHasher {
        let mut hasher = InputsHasher(Sha256::new());
        hasher.add(BUILD.as_bytes());
        hasher.add(kind.as_bytes());
        hasher
    }

    pub(crate) fn add(&mut self, part: &[u8]) -> &mut InputsHasher {
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part);
        self
    }

    pub(crate) fn finish(self) -> Inputs {
        let digest = self.0.finalize();
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&digest[..16]);
        Inputs(bytes)
    }
}

/// What the last build into an output folder made, for [`Previous::reuse`].
#[derive(Debug, Default)]
pub struct Previous {
    out: PathBuf,
    /// The manifest: path → fingerprint of the bytes written.
    written: BTreeMap<String, u64>,
    /// The inputs file: path → what it was made from.
    inputs: BTreeMap<String, Inputs>,
}

impl Previous {
    /// Nothing to reuse (`--force`, `serve`, a first build).
    pub fn none() -> Previous {
        Previous::default()
    }

    /// The last build into `out`, as its manifest and inputs file say; empty when
    /// either is missing.
    pub(crate) fn read(out: &Path) -> Previous {
        let written = read_manifest(&out.join(MANIFEST));
        let inputs = match fs::read_to_string(out.join(INPUTS)) {
            Ok(text) if !written.is_empty() => parse(&text),
            _ => BTreeMap::new(),
        };
        Previous {
            out: out.to_path_buf(),
            written,
            inputs,
        }
    }

    /// Whether the last build recorded any inputs.
    pub(crate) fn has_inputs(&self) -> bool {
        !self.inputs.is_empty()
    }

    /// The bytes of `path` from the last build when it was made from `inputs` and the
    /// file still holds what was written; else None (render it).
    pub(crate) fn reuse(&self, path: &str, inputs: Inputs) -> Option<Vec<u8>> {
        if self.inputs.get(path) != Some(&inputs) {
            return None;
        }
        let written = *self.written.get(path)?;
        let bytes = fs::read(self.out.join(path)).ok()?;
        (fingerprint(&bytes) == written).then_some(bytes)
    }

    /// The inputs file of a build that made `made` (path → inputs): those entries, and
    /// the last build's for the paths not made again (archived periods), so that a
    /// later `--all-periods` build can still reuse them.
    pub(crate) fn file_with(&self, made: &BTreeMap<String, Inputs>) -> Vec<u8> {
        let mut all: BTreeMap<&str, Inputs> = self
            .inputs
            .iter()
            .filter(|(p, _)| self.written.contains_key(*p))
            .map(|(p, i)| (p.as_str(), *i))
            .collect();
        all.extend(made.iter().map(|(p, i)| (p.as_str(), *i)));
        let mut text = String::from(HEADER);
        for (path, inputs) in all {
            text.push_str(&inputs.hex());
            text.push_str("  ");
            text.push_str(path);
            text.push('\n');
        }
        text.into_bytes()
    }
}

/// The entries of an inputs file; a line that is not one is skipped.
fn parse(text: &str) -> BTreeMap<String, Inputs> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (hex, path) = l.split_once("  ")?;
            Some((path.to_string(), Inputs::parse(hex)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(text: &str) -> Inputs {
        let mut h = InputsHasher::new("test");
        h.add(text.as_bytes());
        h.finish()
    }

    #[test]
    fn parts_are_length_prefixed() {
        let mut a = InputsHasher::new("test");
        a.add(b"ab").add(b"c");
        let mut b = InputsHasher::new("test");
        b.add(b"a").add(b"bc");
        assert_ne!(a.finish(), b.finish());
        assert_ne!(
            InputsHasher::new("x").finish(),
            InputsHasher::new("y").finish()
        );
    }

    #[test]
    fn fingerprints_round_trip_and_bad_lines_are_skipped() {
        let i = inputs("x");
        assert_eq!(Inputs::parse(&i.hex()), Some(i));
        let text = format!(
            "{HEADER}{}  a.pdf\nzz  b.pdf\n{}0  c.pdf\nnoise\n",
            i.hex(),
            i.hex()
        );
        let parsed = parse(&text);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed["a.pdf"], i);
    }

    #[test]
    fn reuses_only_the_same_inputs_and_the_bytes_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("a.pdf"), b"pdf a").unwrap();
        fs::write(out.join("b.pdf"), b"pdf b, edited").unwrap();
        let manifest = format!(
            "# manifest\n{:016x}  a.pdf\n{:016x}  b.pdf\n",
            fingerprint(b"pdf a"),
            fingerprint(b"pdf b")
        );
        fs::write(out.join(MANIFEST), manifest).unwrap();
        let (a, b) = (inputs("a"), inputs("b"));
        let record = format!("{HEADER}{}  a.pdf\n{}  b.pdf\n", a.hex(), b.hex());
        fs::write(out.join(INPUTS), record).unwrap();

        let previous = Previous::read(out);
        assert_eq!(previous.reuse("a.pdf", a), Some(b"pdf a".to_vec()));
        assert_eq!(previous.reuse("a.pdf", b), None, "other inputs");
        assert_eq!(
            previous.reuse("b.pdf", b),
            None,
            "changed since it was written"
        );
        assert_eq!(previous.reuse("c.pdf", a), None, "never made");
        assert_eq!(Previous::none().reuse("a.pdf", a), None);

        // Without a manifest nothing is ours to reuse.
        fs::remove_file(out.join(MANIFEST)).unwrap();
        assert_eq!(Previous::read(out).reuse("a.pdf", a), None);
    }

    #[test]
    fn the_record_keeps_entries_of_files_still_listed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let manifest = format!("{:016x}  old.pdf\n", fingerprint(b"old"));
        fs::write(out.join(MANIFEST), manifest).unwrap();
        let (old, gone, new) = (inputs("old"), inputs("gone"), inputs("new"));
        let record = format!("{}  old.pdf\n{}  gone.pdf\n", old.hex(), gone.hex());
        fs::write(out.join(INPUTS), record).unwrap();
        let made = BTreeMap::from([("new.pdf".to_string(), new)]);
        let text = String::from_utf8(Previous::read(out).file_with(&made)).unwrap();
        assert_eq!(
            text,
            format!("{HEADER}{}  new.pdf\n{}  old.pdf\n", new.hex(), old.hex())
        );
    }
}
