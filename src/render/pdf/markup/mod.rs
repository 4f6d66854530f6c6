//! Handbook chapters as Typst markup: the PDF counterpart of the chapter HTML
//! (`render::markdown`).
//!
//! The emitter walks the chapter's parsed [`Body`], the one the HTML side walks, so a
//! chapter means the same thing in both outputs: headings carry the ids the site gives
//! them (as labels `<slug--id>`), links between chapters go where the site's go (as
//! links to those labels), and footnotes, set at their references, have the site's
//! numbers.
//!
//! Two rules keep author text from ever becoming Typst syntax. Every piece of text goes
//! through [`escape_text`]'s rules, and every construct is written as a function call
//! (`#emph[…]`, `#list(…)`, `#table(…)`) rather than Typst's shorthands (`_…_`, `- `),
//! so neither adjacency (`*` next to a word) nor indentation (a list item's second
//! line) can change the structure. Raw HTML keeps its text, line breaks and block
//! boundaries (read by `render::reader`).

#[cfg(test)]
mod tests;
mod typst;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Tag, TagEnd};

use typst::{Writer, chapter_label, footnote_label, heading_label};
pub(crate) use typst::{escape_text, string_literal};

use crate::load::content::{Body, has_scheme};
use crate::render::reader::{self, Token};

/// Options for one chapter.
pub(crate) struct ChapterMarkup<'a> {
    /// The chapter's slug (labels are prefixed with it so ids are unique across the whole book).
    pub(crate) slug: &'a str,
    /// Maps an image path as written in Markdown (e.g. `../assets/org.png`,
    /// `assets/org.png`, `org.png`) to the virtual path Typst should load (e.g.
    /// `/assets/org.png`), or None if not available (then the image is replaced by its
    /// alt text in italics).
    pub(crate) image: &'a dyn Fn(&str) -> Option<String>,
}

/// Converts a chapter body to Typst markup.
///
/// The output starts with (or, when the body opens with its H1, follows that heading
/// with) an anchor labelled `<slug>`, the target of links to the chapter as a whole.
pub(crate) fn chapter_to_typst(body: &Body, options: &ChapterMarkup) -> String {
    let events = &body.events;
    let (labels, ids) = heading_labels(body, options.slug);
    let mut emitter = Emitter {
        body,
        labels,
        ids,
        options,
        w: Writer::new(),
        emitted: BTreeSet::new(),
    };
    let anchor = format!("#metadata(none) <{}>", chapter_label(options.slug));
    // A level-1 heading starts a new page (the handbook template), so the anchor goes
    // after a leading title: before it, it would sit on the previous chapter's page.
    let title_end = match events.first() {
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })) => body.matching_end(0) + 1,
        _ => 0,
    };
    emitter.emit_range(0..title_end);
    emitter.w.markup(&anchor);
    emitter.w.block_end();
    emitter.emit_range(title_end..events.len());
    let mut out = emitter.w.finish();
    out.push('\n');
    out
}

/// The labels of the headings (by start event) and the ids they label: the first
/// heading with a given id, outside footnotes.
fn heading_labels(body: &Body, slug: &str) -> (BTreeMap<usize, String>, BTreeSet<String>) {
    let mut labels = BTreeMap::new();
    let mut ids = BTreeSet::new();
    let mut in_footnote = false;
    for (i, event) in body.events.iter().enumerate() {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_footnote = true,
            Event::End(TagEnd::FootnoteDefinition) => in_footnote = false,
            Event::Start(Tag::Heading { id: Some(id), .. })
                if !in_footnote && ids.insert(id.to_string()) =>
            {
                labels.insert(i, heading_label(slug, id));
            }
            _ => {}
        }
    }
    (labels, ids)
}

/// Whether the list starting at `start` is loose: its items hold paragraphs.
fn is_loose(events: &[Event<'_>], start: usize) -> bool {
    let mut depth = 0usize;
    for event in &events[start + 1..] {
        match event {
            Event::Start(Tag::Paragraph) if depth == 1 => return true,
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return false,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    false
}

/// An open element whose end needs more than a fixed string.
enum Frame {
    Other,
    Heading { label: Option<String> },
    Link { close: &'static str },
    Table { columns: usize },
    Row { cells: usize, columns: usize },
}

/// Where a link goes in the PDF.
enum Target {
    Url(String),
    Label(String),
    /// A heading in another chapter: the chapter start when the heading is not there
    /// (the site's fragment links are not checked; a missing label would fail the PDF).
    Guarded {
        label: String,
        chapter: String,
    },
    /// Nowhere the PDF can go (relative files, unknown chapters): plain text.
    None,
}

/// Writes one chapter's Typst.
struct Emitter<'e, 'a> {
    body: &'e Body,
    /// Event index of a heading's start → its label. Only the first heading with a
    /// given id is labelled (a label must be unique to be linked to), and none inside
    /// footnotes.
    labels: BTreeMap<usize, String>,
    /// Ids of the labelled headings: the `#id` links that can be followed.
    ids: BTreeSet<String>,
    options: &'e ChapterMarkup<'a>,
    w: Writer,
    /// Numbers of the footnotes set so far (at their first reference).
    emitted: BTreeSet<usize>,
}

impl Emitter<'_, '_> {
    /// Writes the events of `range`; footnote definitions are written at their first
    /// reference ([`Emitter::footnote`]).
    fn emit_range(&mut self, range: Range<usize>) {
        let events = &self.body.events;
        let mut stack: Vec<Frame> = Vec::new();
        let mut i = range.start;
        while i < range.end {
            let in_heading = stack.iter().any(|f| matches!(f, Frame::Heading { .. }));
            match &events[i] {
                Event::Start(tag) => {
                    if let Some(next) = self.start(tag, i, &mut stack) {
                        i = next;
                        continue;
                    }
                }
                Event::End(end) => self.end(*end, stack.pop().unwrap_or(Frame::Other)),
                Event::Text(text) => self.w.text(text),
                Event::Code(code) => self.w.markup(&format!("#raw({})", string_literal(code))),
                Event::InlineMath(math) => self.w.text(&format!("${math}$")),
                Event::DisplayMath(math) => self.w.text(&format!("$${math}$$")),
                Event::Html(html) | Event::InlineHtml(html) => {
                    for piece in pieces(html) {
                        match piece {
                            Piece::Text(text) => self.w.text(&text),
                            Piece::Break => self.line_break(in_heading),
                            Piece::Block => self.w.text(" "),
                        }
                    }
                }
                Event::FootnoteReference(label) => {
                    let direct = matches!(stack.last(), Some(Frame::Heading { .. }));
                    self.footnote(label, direct);
                }
                Event::SoftBreak if in_heading => self.w.text(" "),
                Event::SoftBreak => self.w.markup("\n"),
                Event::HardBreak => self.line_break(in_heading),
                Event::Rule => {
                    self.w.line();
                    self.w.markup("#line(length: 100%)");
                    self.w.block_end();
                }
                Event::TaskListMarker(checked) => {
                    self.w.markup(if *checked { CHECKED } else { UNCHECKED });
                    self.w.text(" ");
                }
            }
            i += 1;
        }
    }

    /// Opens `tag` (event `i`). Returns the next event index when it consumed the
    /// element whole (code, HTML blocks, images, footnote definitions).
    fn start(&mut self, tag: &Tag<'_>, i: usize, stack: &mut Vec<Frame>) -> Option<usize> {
        let w = &mut self.w;
        let frame = match tag {
            Tag::Paragraph | Tag::DefinitionList => Frame::Other,
            Tag::Heading { level, .. } => {
                w.line();
                w.markup(&format!("{} ", "=".repeat(*level as usize)));
                Frame::Heading {
                    label: self.labels.get(&i).cloned(),
                }
            }
            Tag::BlockQuote(_) => block(w, "#quote(block: true)["),
            Tag::CodeBlock(kind) => return Some(self.code_block(kind, i)),
            Tag::HtmlBlock => return Some(self.html_block(i)),
            Tag::List(start) => self.list(*start, i),
            Tag::Item => inline(w, "  ["),
            Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => {
                return Some(self.body.matching_end(i) + 1);
            }
            Tag::DefinitionListTitle => block(w, "#strong["),
            Tag::DefinitionListDefinition => block(w, "#pad(left: 1.5em)["),
            Tag::Table(alignments) => table(w, alignments),
            Tag::TableHead | Tag::TableRow => {
                let columns = match stack.last() {
                    Some(Frame::Table { columns }) => *columns,
                    _ => 0,
                };
                let open = if matches!(tag, Tag::TableHead) {
                    "  table.header("
                } else {
                    "  "
                };
                w.markup(open);
                Frame::Row { cells: 0, columns }
            }
            Tag::TableCell => {
                if let Some(Frame::Row { cells, .. }) = stack.last_mut() {
                    if *cells > 0 {
                        w.markup(", ");
                    }
                    *cells += 1;
                }
                inline(w, "[")
            }
            Tag::Emphasis => inline(w, "#emph["),
            Tag::Strong => inline(w, "#strong["),
            Tag::Strikethrough => inline(w, "#strike["),
            Tag::Superscript => inline(w, "#super["),
            Tag::Subscript => inline(w, "#sub["),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.link(i, *link_type, dest_url),
            Tag::Image { dest_url, .. } => {
                let end = self.body.matching_end(i);
                let alt: String = self.body.events[i + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        Event::SoftBreak | Event::HardBreak => Some(" "),
                        _ => None,
                    })
                    .collect();
                self.image(dest_url, alt.trim());
                return Some(end + 1);
            }
        };
        stack.push(frame);
        None
    }

    /// A code block (starting at event `i`) as a raw block; returns the next event.
    fn code_block(&mut self, kind: &CodeBlockKind<'_>, i: usize) -> usize {
        let end = self.body.matching_end(i);
        let code: String = self.body.events[i + 1..end]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let code = code.replace("\r\n", "\n");
        let code = code.strip_suffix('\n').unwrap_or(&code);
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .unwrap_or_default(),
            CodeBlockKind::Indented => "",
        };
        let lang = if lang.is_empty() {
            String::new()
        } else {
            format!("lang: {}, ", string_literal(lang))
        };
        self.w.line();
        self.w.markup(&format!(
            "#raw(block: true, {lang}{})",
            string_literal(code)
        ));
        self.w.block_end();
        end + 1
    }

    /// An HTML block (starting at event `i`) as its text, line breaks and
    /// paragraphs; returns the next event.
    fn html_block(&mut self, i: usize) -> usize {
        let end = self.body.matching_end(i);
        let html: String = self.body.events[i + 1..end]
            .iter()
            .filter_map(|e| match e {
                Event::Html(t) | Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let w = &mut self.w;
        w.line();
        for piece in pieces(&html) {
            match piece {
                Piece::Text(text) => w.text(&collapse_whitespace(&text)),
                Piece::Break => w.markup("\\\n"),
                Piece::Block => w.block_end(),
            }
        }
        w.block_end();
        end + 1
    }

    /// Opens a list (event `i`): numbered from `start`, or bulleted.
    fn list(&mut self, start: Option<u64>, i: usize) -> Frame {
        let mut call = String::from(if start.is_some() {
            "#enum(\n"
        } else {
            "#list(\n"
        });
        if let Some(n) = start.filter(|&n| n != 1) {
            let _ = writeln!(call, "  start: {n},");
        }
        if is_loose(&self.body.events, i) {
            call.push_str("  tight: false,\n");
        }
        block(&mut self.w, &call)
    }

    /// Opens the link starting at event `i`.
    fn link(&mut self, i: usize, link_type: LinkType, dest: &str) -> Frame {
        let close = match self.link_target(i, link_type, dest) {
            Target::Url(url) => {
                self.w.markup(&format!("#link({})[", string_literal(&url)));
                "]"
            }
            Target::Label(label) => {
                self.w.markup(&format!("#link(<{label}>)["));
                "]"
            }
            Target::Guarded { label, chapter } => {
                self.w.markup(&format!(
                    "#context link(if query(<{label}>).len() > 0 {{ <{label}> }} \
                     else {{ <{chapter}> }})["
                ));
                "]"
            }
            Target::None => "",
        };
        Frame::Link { close }
    }

    fn end(&mut self, end: TagEnd, frame: Frame) {
        let w = &mut self.w;
        match (end, frame) {
            (TagEnd::Heading(_), Frame::Heading { label }) => {
                w.flush();
                if let Some(label) = label {
                    w.markup(&format!(" <{label}>"));
                }
                w.block_end();
            }
            (TagEnd::Link, Frame::Link { close }) => w.markup(close),
            (TagEnd::TableHead | TagEnd::TableRow, Frame::Row { cells, columns }) => {
                // pulldown-cmark pads rows already; this keeps the grid whole regardless.
                for n in cells..columns {
                    w.markup(if n == 0 { "[]" } else { ", []" });
                }
                w.markup(if end == TagEnd::TableHead {
                    "),\n"
                } else {
                    ",\n"
                });
            }
            (TagEnd::Table, _) | (TagEnd::List(_), _) => {
                w.markup(")");
                w.block_end();
            }
            (TagEnd::Item, _) => {
                w.trim_end();
                w.markup("],\n");
            }
            (TagEnd::TableCell, _) => {
                w.trim_end();
                w.markup("]");
            }
            (
                TagEnd::BlockQuote(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
                _,
            ) => {
                w.trim_end();
                w.markup("]");
                w.block_end();
            }
            (
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript,
                _,
            ) => w.markup("]"),
            _ => w.block_end(),
        }
    }

    fn line_break(&mut self, in_heading: bool) {
        if in_heading {
            // A heading ends at the end of its line.
            self.w.text(" ");
        } else {
            self.w.markup("\\\n");
        }
    }

    /// Where the link starting at event `i` goes.
    fn link_target(&self, i: usize, link_type: LinkType, dest: &str) -> Target {
        let slug = self.options.slug;
        match link_type {
            LinkType::Email => return Target::Url(format!("mailto:{dest}")),
            LinkType::Autolink => return Target::Url(dest.to_string()),
            _ => {}
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return if fragment.is_empty() {
                Target::Label(chapter_label(slug))
            } else if self.ids.contains(fragment) {
                Target::Label(heading_label(slug, fragment))
            } else {
                Target::None
            };
        }
        if has_scheme(dest) {
            return Target::Url(dest.to_string());
        }
        // Relative files, site paths and `.md` links to no chapter: nowhere to go.
        let Some(target) = self.body.chapter_links.get(&i) else {
            return Target::None;
        };
        let other = target.slug.as_str();
        match target.fragment() {
            Some(f) if other == slug && self.ids.contains(f) => {
                Target::Label(heading_label(slug, f))
            }
            Some(f) if other != slug => Target::Guarded {
                label: heading_label(other, f),
                chapter: chapter_label(other),
            },
            _ => Target::Label(chapter_label(other)),
        }
    }

    fn image(&mut self, src: &str, alt: &str) {
        match (self.options.image)(src) {
            Some(path) => {
                let alt_arg = if alt.is_empty() {
                    String::new()
                } else {
                    format!(", alt: {}", string_literal(alt))
                };
                self.w.markup(&format!(
                    "#figure(image({}, width: 80%{alt_arg})",
                    string_literal(&path)
                ));
                if !alt.is_empty() {
                    self.w.markup(", caption: [");
                    self.w.text(alt);
                    self.w.markup("]");
                }
                self.w.markup(")");
            }
            None if alt.is_empty() => {}
            None => {
                self.w.markup("#emph[");
                self.w.text(alt);
                self.w.markup("]");
            }
        }
    }

    /// A footnote at its reference. A footnote cited again is labelled at its first
    /// reference and shown as `#footnote(<label>)` (same number) after that. `direct`:
    /// the reference is directly in a heading's text, which a `<label>` would end.
    fn footnote(&mut self, label: &str, direct: bool) {
        let body = self.body;
        let Some((note, range)) = body
            .footnote(label)
            .and_then(|note| Some((note, note.definition.clone()?)))
        else {
            // pulldown-cmark only reports defined footnotes; kept for safety.
            self.w.text(&format!("[^{label}]"));
            return;
        };
        let label = footnote_label(self.options.slug, note.number);
        if !self.emitted.insert(note.number) {
            self.w.markup(&format!("#footnote(<{label}>)"));
            return;
        }
        self.w.markup("#footnote[");
        self.emit_range(range);
        self.w.trim_end();
        self.w.markup("]");
        if note.references.len() > 1 {
            if direct {
                self.w.markup(&format!("#label(\"{label}\")"));
            } else {
                self.w.markup(&format!("<{label}>"));
            }
        }
    }
}

fn inline(w: &mut Writer, open: &str) -> Frame {
    w.markup(open);
    Frame::Other
}

/// Opens a block on a line of its own.
fn block(w: &mut Writer, open: &str) -> Frame {
    w.line();
    w.markup(open);
    Frame::Other
}

/// Opens a table with the columns' alignments.
fn table(w: &mut Writer, alignments: &[Alignment]) -> Frame {
    w.line();
    let columns = alignments.len();
    let mut call = format!("#table(\n  columns: {columns},\n");
    if alignments.iter().any(|a| *a != Alignment::None) {
        let names: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                Alignment::None => "auto",
                Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        // `(x)` is just `x` in parentheses: one item needs its comma.
        let comma = if columns == 1 { "," } else { "" };
        let _ = writeln!(call, "  align: ({}{comma}),", names.join(", "));
    }
    w.markup(&call);
    Frame::Table { columns }
}

/// A checkbox drawn with lines: none of the embedded fonts has ☐ (U+2610) or ☑ (U+2611).
const UNCHECKED: &str = "#box(width: 0.8em, height: 0.8em, stroke: 0.06em, baseline: 0.1em)";
const CHECKED: &str = "#box(width: 0.8em, height: 0.8em, stroke: 0.06em, baseline: 0.1em, \
    place(line(start: (18%, 50%), end: (42%, 75%), stroke: 0.1em)) \
    + place(line(start: (42%, 75%), end: (82%, 22%), stroke: 0.1em)))";

/// A piece of raw HTML once its tags are dropped.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    /// `<br>`.
    Break,
    /// A block-level tag: words on either side must not run together.
    Block,
}

/// Elements that start or end a block of text.
const BLOCKS: [&str; 34] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Raw HTML as the PDF shows it: its text (merged across the tags dropped), line
/// breaks and block boundaries. Comments and `<script>`/`<style>` contents are dropped.
fn pieces(html: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    for token in reader::tokens(html) {
        let piece = match token {
            Token::Text(t) => {
                text.push_str(&t);
                continue;
            }
            Token::Tag(tag) if tag.name == "br" => Piece::Break,
            Token::Tag(tag) if BLOCKS.contains(&tag.name.as_str()) => Piece::Block,
            Token::Tag(_) => continue,
        };
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
        }
        pieces.push(piece);
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

/// Whitespace runs (line ends included) as single spaces, as HTML shows them.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}
