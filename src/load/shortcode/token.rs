//! Tokens: each valid call is replaced in the chapter by a private-use token of the
//! same byte length, which the renderers swap for the rendered data.

use std::ops::Range;

/// First character of a token: a private-use code point no author types.
pub(crate) const TOKEN_START: char = '\u{E000}';
/// Last character of a token.
pub(crate) const TOKEN_END: char = '\u{E001}';

/// The token that stands for call `index` in a text of `len` bytes, if one fits.
pub(super) fn token(index: usize, len: usize) -> Option<String> {
    let width = len.checked_sub(TOKEN_START.len_utf8() + TOKEN_END.len_utf8())?;
    let digits = format!("{index:0width$}");
    (digits.len() == width).then(|| format!("{TOKEN_START}{digits}{TOKEN_END}"))
}

/// Every token in `text`: (byte range, call index), in order.
pub(crate) fn tokens(text: &str) -> Vec<(Range<usize>, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find(TOKEN_START).map(|i| at + i) {
        let digits_start = start + TOKEN_START.len_utf8();
        let Some(end) = text[digits_start..]
            .find(TOKEN_END)
            .map(|i| digits_start + i)
        else {
            break;
        };
        match text[digits_start..end].parse::<usize>() {
            Ok(index) => {
                found.push((start..end + TOKEN_END.len_utf8(), index));
                at = end + TOKEN_END.len_utf8();
            }
            Err(_) => at = digits_start,
        }
    }
    found
}

/// Replaces every token in `text` with what `render` gives for its call.
pub(crate) fn replace_tokens(text: &str, mut render: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, index) in tokens(text) {
        out.push_str(&text[last..range.start]);
        out.push_str(&render(index));
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}
