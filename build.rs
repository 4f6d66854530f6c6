//! Embeds the default theme (`templates/`) and handbook (`content/`) into the binary:
//! writes a table of `(path, bytes)` with `include_bytes!` for every file, and tells
//! cargo to rebuild when any of them changes. Also hashes the sources of this build
//! (`PULSEBOOK_SOURCE_HASH`, for output::inputs).

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = Vec::new();
    for dir in ["templates", "content"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root.join(dir), &mut files);
    }
    files.sort();
    let mut code = String::from(
        "/// Embedded default files: (path relative to the repo, bytes).\npub(crate) static FILES: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .expect("collected under the root")
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            file.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("embedded.rs");
    fs::write(out, code).expect("OUT_DIR is writable");

    // What this build of pulsebook is made from, so outputs reused from an earlier
    // build (output::inputs) are never those of a different renderer.
    let mut sources = files;
    for dir in ["src", "fonts"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root.join(dir), &mut sources);
    }
    sources.push(root.join("Cargo.lock"));
    println!("cargo:rerun-if-changed=Cargo.lock");
    sources.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &sources {
        let name = file.strip_prefix(&root).unwrap_or(file).to_string_lossy();
        let bytes = fs::read(file).unwrap_or_default();
        for b in name.bytes().chain([0]).chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=PULSEBOOK_SOURCE_HASH={hash:016x}");
}
