//! Encodings: a byte-order mark found, a label resolved (with a did-you-mean), the
//! file decoded to UTF-8 as a stream, and a hint for text that is not UTF-8.
//!
//! UTF-8 is read as it is (validated record by record); any other encoding goes
//! through `encoding_rs_io`, which transcodes in 64 KiB chunks.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::TableError;

/// How much the decoder transcodes at a time.
const DECODE_BUFFER: usize = 64 * 1024;

/// A file as UTF-8 bytes, and what it was written in.
pub(super) struct Decoded {
    /// UTF-8 (unchecked when the file is UTF-8: records are checked as read).
    pub(super) reader: Box<dyn Read + Send>,
    pub(super) encoding: &'static Encoding,
    pub(super) bom: bool,
}

/// The file from its first byte after a byte-order mark, decoded to UTF-8: a BOM
/// wins over `label`, which wins over the UTF-8 default.
pub(super) fn decode(mut file: File, label: Option<&str>) -> Result<Decoded, TableError> {
    let declared = label.map(for_label).transpose()?;
    let mut head = [0u8; 3];
    let got = read_up_to(&mut file, &mut head).map_err(|e| TableError::io(&e))?;
    let bom = Encoding::for_bom(&head[..got]);
    let skip = bom.map_or(0, |(_, len)| len);
    file.seek(SeekFrom::Start(skip as u64))
        .map_err(|e| TableError::io(&e))?;
    let encoding = bom.map(|(e, _)| e).or(declared).unwrap_or(UTF_8);
    let reader: Box<dyn Read + Send> = if encoding == UTF_8 {
        Box::new(file)
    } else {
        let decoder = DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .build_with_buffer(file, vec![0; DECODE_BUFFER])
            .map_err(|e| TableError::io(&e))?;
        Box::new(decoder)
    };
    Ok(Decoded {
        reader,
        encoding,
        bom: bom.is_some(),
    })
}

/// Reads until `buf` is full or the file ends.
fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Labels to suggest for a label encoding_rs does not know: the names users write.
const LABELS: &[&str] = &[
    "utf-8",
    "utf-16",
    "utf-16le",
    "utf-16be",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "iso-8859-1",
    "iso-8859-2",
    "iso-8859-3",
    "iso-8859-4",
    "iso-8859-5",
    "iso-8859-6",
    "iso-8859-7",
    "iso-8859-8",
    "iso-8859-10",
    "iso-8859-13",
    "iso-8859-14",
    "iso-8859-15",
    "iso-8859-16",
    "koi8-r",
    "koi8-u",
    "ibm866",
    "macintosh",
    "shift_jis",
    "euc-jp",
    "euc-kr",
    "gbk",
    "gb18030",
    "big5",
];

/// The encoding a label names (case and surrounding spaces ignored), or an error
/// with the closest label users write.
pub(super) fn for_label(label: &str) -> Result<&'static Encoding, TableError> {
    if let Some(encoding) = Encoding::for_label(label.trim().as_bytes()) {
        return Ok(encoding);
    }
    let error = TableError::new(format!("unknown encoding `{label}`"));
    Err(match closest_label(label) {
        Some(close) => error.with_hint(format!("did you mean `{close}`?")),
        None => error.with_hint(
            "use an encoding label such as `utf-8`, `windows-1250`, `windows-1252`, \
             `iso-8859-2` or `utf-16`",
        ),
    })
}

/// The label closest to `label`: the same letters and digits (`windows1250`,
/// `Win-1250` aside), else within a small edit distance.
fn closest_label(label: &str) -> Option<&'static str> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
            .replace("windows", "win")
            .replace("cp", "win")
    };
    let wanted = key(label);
    let mut best: Option<(usize, &'static str)> = None;
    for &candidate in LABELS {
        let distance = strsim::levenshtein(&wanted, &key(candidate));
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.filter(|&(d, _)| d <= 3.max(wanted.len() / 4))
        .map(|(_, c)| c)
}

/// The error for bytes that are not UTF-8 in a file read as UTF-8: at `line` and
/// `column`, with a hint naming the encoding the line seems to be in.
pub(super) fn not_utf8(line_text: &[u8], line: usize, column: usize) -> TableError {
    TableError::at("invalid UTF-8: the file is not UTF-8", line, column)
        .with_hint(guess_hint(line_text))
}

/// Letters of Polish that Windows-1250 has and Windows-1252 has not.
const POLISH: &str = "ąćęłńśźżĄĆĘŁŃŚŹŻ";
/// Letters of Western European languages (Norwegian æ ø å, French, German…).
const WESTERN: &str = "æøåÆØÅéèêëàâäçîïôöûüùÿœßñíóúáÉÈÀÇÖÜÄÑ";

/// A hint for a line that is not UTF-8: Windows-1250 when it reads as Polish there,
/// Windows-1252 when it reads as Western European, else both to try.
fn guess_hint(line_text: &[u8]) -> String {
    let sample = |encoding: &'static Encoding| -> String {
        let (text, _) = encoding.decode_without_bom_handling(line_text);
        let text: String = text.trim().chars().take(60).collect();
        text
    };
    let central = sample(encoding_rs::WINDOWS_1250);
    if central.chars().any(|c| POLISH.contains(c)) {
        return format!(
            "it reads as Windows-1250 (what Polish Excel saves as \"CSV\"): `{central}`; \
             add `encoding: windows-1250` to the source, or save the file as \"CSV UTF-8\""
        );
    }
    let western = sample(encoding_rs::WINDOWS_1252);
    if western.chars().any(|c| WESTERN.contains(c)) {
        return format!(
            "it reads as Windows-1252: `{western}`; add `encoding: windows-1252` to the \
             source, or save the file as \"CSV UTF-8\""
        );
    }
    "name its encoding in the source, e.g. `encoding: windows-1250` (Polish Excel) or \
     `encoding: windows-1252`, or save the file as \"CSV UTF-8\""
        .to_string()
}
