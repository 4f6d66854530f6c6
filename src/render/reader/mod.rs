//! The one place that reads an HTML string: the raw HTML an author writes in a chapter
//! and the HTML a shortcode renders to (Markdown itself is never turned into HTML and
//! read back). [`tokens`] splits such a fragment into tags and text with its character
//! references decoded ([`decode_entities`], the one entity decoder);
//! [`rewrite_attributes`] rewrites attribute values in place (the single-page handbook's
//! ids and links).
//!
//! The reader is deliberately small and never panics: all slicing happens at ASCII
//! delimiters, so byte offsets always fall on `char` boundaries. Comments, doctypes and
//! processing instructions are skipped; the content of `<script>` and `<style>` is raw
//! text and skipped too (a `<` there starts no tag).

use std::borrow::Cow;
use std::ops::Range;

/// Elements whose content is raw text: `<` inside them does not start a tag.
const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style"];
/// Elements that never have an end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// A piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    Tag(Tag),
    /// Text between tags, character references decoded.
    Text(Cow<'a, str>),
}

/// A tag as read from the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    /// Lowercased element name.
    pub(crate) name: String,
    /// `</name>`.
    pub(crate) end: bool,
    /// `<name/>` (or a void element).
    pub(crate) self_closing: bool,
    /// In source order.
    pub(crate) attrs: Vec<Attr>,
}

/// One attribute of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attr {
    /// Lowercased name.
    pub(crate) name: String,
    /// The value, character references decoded; empty when there is none.
    pub(crate) value: String,
    /// Where the value stands in the source, without its quotes; `None` when the
    /// attribute has no value (or the tag was not read from a source).
    pub(crate) span: Option<Range<usize>>,
}

impl Tag {
    /// A start tag with these attributes, as a renderer writes it.
    pub(crate) fn start(name: &str, attrs: &[(&str, &str)]) -> Tag {
        Tag {
            name: name.to_string(),
            end: false,
            self_closing: VOID_ELEMENTS.contains(&name),
            attrs: attrs
                .iter()
                .map(|(name, value)| Attr {
                    name: name.to_string(),
                    value: value.to_string(),
                    span: None,
                })
                .collect(),
        }
    }

    /// The end tag of element `name`.
    pub(crate) fn end(name: &str) -> Tag {
        Tag {
            name: name.to_string(),
            end: true,
            self_closing: false,
            attrs: Vec::new(),
        }
    }

    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    pub(crate) fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// Splits `html` into tags and text, in order.
pub(crate) fn tokens(html: &str) -> Vec<Token<'_>> {
    // Same byte offsets as `html`, for case-insensitive searches.
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < html.len() {
        let Some(lt) = html[pos..].find('<').map(|i| pos + i) else {
            text(&mut out, &html[pos..]);
            break;
        };
        text(&mut out, &html[pos..lt]);
        let next = bytes.get(lt + 1).copied();
        pos = if html[lt..].starts_with("<!--") {
            // Comment: skip to its end (or to the end of the input).
            lower[lt + 4..]
                .find("-->")
                .map_or(html.len(), |i| lt + 4 + i + 3)
        } else if matches!(next, Some(b'!' | b'?')) {
            // Doctype, CDATA, processing instruction: skip.
            html[lt..].find('>').map_or(html.len(), |i| lt + i + 1)
        } else if next.is_some_and(|b| b.is_ascii_alphabetic())
            || (next == Some(b'/') && bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic))
        {
            let (tag, after) = parse_tag(html, lt);
            let raw =
                !tag.end && !tag.self_closing && RAW_TEXT_ELEMENTS.contains(&tag.name.as_str());
            let close = format!("</{}", tag.name);
            out.push(Token::Tag(tag));
            if raw {
                // Skip the raw text up to the matching end tag.
                match lower[after..].find(&close) {
                    Some(i) => {
                        let (end_tag, after_end) = parse_tag(html, after + i);
                        out.push(Token::Tag(end_tag));
                        after_end
                    }
                    None => html.len(),
                }
            } else {
                after
            }
        } else {
            // A lone `<` is text.
            text(&mut out, "<");
            lt + 1
        };
    }
    out
}

/// Text between tags, if there is any.
fn text<'a>(out: &mut Vec<Token<'a>>, raw: &'a str) {
    if !raw.is_empty() {
        out.push(Token::Text(decode_entities(raw)));
    }
}

/// `html` with the value of every attribute `rewrite` gives a new value for (it gets
/// the lowercased name and the value as written) replaced, quotes kept.
pub(crate) fn rewrite_attributes(
    html: &str,
    mut rewrite: impl FnMut(&str, &str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut last = 0;
    for token in tokens(html) {
        let Token::Tag(tag) = token else {
            continue;
        };
        for attr in &tag.attrs {
            let Some(span) = attr.span.clone().filter(|span| span.start >= last) else {
                continue;
            };
            if let Some(value) = rewrite(&attr.name, &html[span.clone()]) {
                out.push_str(&html[last..span.start]);
                out.push_str(&value);
                last = span.end;
            }
        }
    }
    out.push_str(&html[last..]);
    out
}

/// Reads the tag starting at `html[lt] == '<'`; returns it and the offset just
/// after its `>` (or the end of the input if it never closes).
fn parse_tag(html: &str, lt: usize) -> (Tag, usize) {
    let bytes = html.as_bytes();
    let mut i = lt + 1;
    let end = bytes.get(i) == Some(&b'/');
    if end {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && !is_tag_delimiter(bytes[i]) {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => break,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') => {
                i += 1;
                if bytes.get(i) == Some(&b'>') {
                    self_closing = true;
                }
                continue;
            }
            _ => {}
        }
        let attr_start = i;
        while i < bytes.len() && !is_tag_delimiter(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        if i == attr_start {
            // A stray `=`: step over it.
            i += 1;
            continue;
        }
        let name = html[attr_start..i].to_ascii_lowercase();
        let (span, after) = attribute_value(html, i);
        i = after;
        attrs.push(Attr {
            name,
            value: span.clone().map_or_else(String::new, |span| {
                decode_entities(&html[span]).into_owned()
            }),
            span,
        });
    }
    let self_closing = self_closing || (!end && VOID_ELEMENTS.contains(&name.as_str()));
    (
        Tag {
            name,
            end,
            self_closing,
            attrs,
        },
        i,
    )
}

/// The value of the attribute whose name ends at `i`: its span (quotes excluded; `None`
/// when it has none) and the offset after it.
fn attribute_value(html: &str, mut i: usize) -> (Option<Range<usize>>, usize) {
    let bytes = html.as_bytes();
    let skip_spaces = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    i = skip_spaces(i);
    if bytes.get(i) != Some(&b'=') {
        return (None, i);
    }
    i = skip_spaces(i + 1);
    match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let start = i + 1;
            let end = html[start..]
                .find(q as char)
                .map_or(html.len(), |j| start + j);
            (Some(start..end), (end + 1).min(html.len()))
        }
        _ => {
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                i += 1;
            }
            (Some(start..i), i)
        }
    }
}

fn is_tag_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'>' || b == b'/'
}

/// Decodes HTML character references: the named ones renderers and authors use, and
/// all numeric ones. Anything else stays as it is.
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // References are short; look for `;` within a few bytes only.
        let decoded = rest
            .char_indices()
            .take(34)
            .find(|&(_, c)| c == ';')
            .and_then(|(semi, _)| decode_entity(&rest[1..semi]).map(|c| (c, semi + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One reference without `&` and `;`: `amp`, `#39`, `#x2014`.
fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // NUL, surrogates and out-of-range values become U+FFFD, as in browsers.
        return Some(match code {
            0 => '\u{fffd}',
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        });
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "minus" => '−',
        "euro" => '€',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
