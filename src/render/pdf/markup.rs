//! Handbook chapters as Typst markup: the PDF counterpart of [`crate::load::content`]'s HTML.
//!
//! The emitter reads the same pulldown-cmark event stream, with the same options, as
//! the HTML side, so a chapter means the same thing in both outputs: headings carry the
//! ids the site gives them (as labels `<slug--id>`), links between chapters become
//! links to those labels, and footnotes are set at their references.
//!
//! Two rules keep author text from ever becoming Typst syntax. Every piece of text goes
//! through [`escape_text`]'s rules, and every construct is written as a function call
//! (`#emph[…]`, `#list(…)`, `#table(…)`) rather than Typst's shorthands (`_…_`, `- `),
//! so neither adjacency (`*` next to a word) nor indentation (a list item's second
//! line) can change the structure. The escaping rules follow Typst's lexer
//! (`typst-syntax`, `lexer.rs`, `Lexer::markup` and `Lexer::text`, 0.13–0.15).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::load::content::slugify;

/// Options for one chapter.
pub struct ChapterMarkup<'a> {
    /// The chapter's slug (labels are prefixed with it so ids are unique across the whole book).
    pub slug: &'a str,
    /// Slugs of all chapters, to turn `other.md#frag` links into internal references.
    pub chapters: &'a [String],
    /// Maps an image path as written in Markdown (e.g. `../assets/org.png`,
    /// `assets/org.png`, `org.png`) to the virtual path Typst should load (e.g.
    /// `/assets/org.png`), or None if not available (then the image is replaced by its
    /// alt text in italics).
    pub image: &'a dyn Fn(&str) -> Option<String>,
}

/// Converts a chapter body (Markdown, front matter already removed) to Typst markup.
///
/// The output starts with (or, when the body opens with its H1, follows that heading
/// with) an anchor labelled `<slug>`, the target of links to the chapter as a whole.
pub fn chapter_to_typst(markdown: &str, options: &ChapterMarkup) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, markdown_options()).collect();
    let mut emitter = Emitter {
        events: &events,
        scan: Scan::new(&events, options.slug),
        options,
        w: Writer {
            line_start: true,
            ..Writer::default()
        },
        footnote_numbers: BTreeMap::new(),
    };
    let anchor = format!("#metadata(none) <{}>", chapter_label(options.slug));
    // A level-1 heading starts a new page (the handbook template), so the anchor goes
    // after a leading title: before it, it would sit on the previous chapter's page.
    let title_end = match events.first() {
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })) => matching_end(&events, 0) + 1,
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

/// Escapes plain text for Typst markup mode.
///
/// The result is literal wherever markup may appear: at the start of a line (list,
/// enum, term and heading markers are escaped) and right after an embedded expression
/// such as `#emph[x]` (a leading `(`, `.`, `;` or `[` would continue the expression).
/// Line breaks become spaces, so the text stays on one line (a heading's text ends at
/// the line's end). `'` and `"` are escaped too: Typst would turn them into curly
/// quotes, and the site shows what the author typed (smart punctuation is off there).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut line_start = true;
    escape_into(&mut out, text, &mut line_start, true);
    out
}

/// A Typst string literal (`"..."`) with escapes, for use in code mode.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    // The escapes Typst strings know (`ast::Str::get`); other controls as `\u{…}`.
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The same extensions as the HTML side (`content::markdown_options`), so both read
/// a chapter the same way; the heading-id test compares the two.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Escapes `text` onto `out`. `line_start`: the output is at the start of a line (only
/// spaces since a newline or a `[`); updated. `after_code`: the output ends with an
/// embedded expression that a leading `(`, `[`, `.` or `;` would continue.
fn escape_into(out: &mut String, text: &str, line_start: &mut bool, after_code: bool) {
    // Typst's newlines (`is_newline`) would end a heading or, doubled, a paragraph.
    let chars: Vec<char> = text
        .chars()
        .map(|c| {
            let newline = matches!(
                c,
                '\n' | '\r' | '\x0b' | '\x0c' | '\u{85}' | '\u{2028}' | '\u{2029}'
            );
            if newline { ' ' } else { c }
        })
        .collect();
    let mut enum_dot = None;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        if *line_start && c.is_ascii_digit() {
            // `1. ` at the start of a line is an enum marker (`Lexer::numbering`).
            let end = chars[i..]
                .iter()
                .position(|c| !c.is_ascii_digit())
                .map_or(chars.len(), |n| i + n);
            let at_end = chars.get(end + 1).is_none_or(|c| c.is_whitespace());
            if chars.get(end) == Some(&'.') && at_end {
                enum_dot = Some(end);
            }
        }
        let escape = match c {
            // Always markup (`Lexer::markup`): `\` escapes, `#` code, `*` `_` strong and
            // emphasis, `$` math, `@` references, `<` labels, `[` `]` content, `` ` `` raw,
            // `~` a no-break space, `'` `"` smart quotes, `=` headings (at a line start;
            // escaped everywhere, as is `>`, `^` for symmetry with `<` and math).
            '\\' | '#' | '*' | '_' | '$' | '@' | '<' | '>' | '[' | ']' | '`' | '~' | '\'' | '"'
            | '^' | '=' => true,
            // `//` and `/*` open comments in every mode, so also `http://` is no auto
            // link; `/ ` at a line start is a term marker.
            '/' => *line_start || matches!(next, Some('/' | '*')),
            // Shorthands `--` (en dash), `---` (em dash), `-?` (soft hyphen), `-1`
            // (minus sign); `- ` at a line start is a list marker. Authors get the
            // hyphens they typed, as on the site.
            '-' => *line_start || matches!(next, Some(n) if n == '-' || n == '?' || n.is_numeric()),
            '+' => *line_start,
            // `...` is an ellipsis shorthand.
            '.' => enum_dot == Some(i) || (next == Some('.') && chars.get(i + 2) == Some(&'.')),
            _ => false,
        } || (i == 0 && after_code && continues_code(c, next));
        if escape {
            out.push('\\');
        }
        out.push(c);
        if !matches!(c, ' ' | '\t') {
            *line_start = false;
        }
    }
}

/// Whether `c` (then `next`) right after an embedded expression would continue it
/// (`parser.rs`, `code_expr_prec`): `(` adds arguments, `.` and an identifier access a
/// field or method, and `embedded_code_expr` swallows a `;`.
fn continues_code(c: char, next: Option<char>) -> bool {
    let ident = |n: char| !(n.is_whitespace() || n.is_ascii_punctuation() || n.is_ascii_digit());
    match c {
        '(' | ';' => true,
        '.' => next.is_some_and(ident),
        _ => false,
    }
}

/// A chapter's label: its slug, mapped like an id.
fn chapter_label(slug: &str) -> String {
    label_part(slug)
}

/// The label of heading `id` in chapter `slug`.
fn heading_label(slug: &str, id: &str) -> String {
    format!("{}--{}", label_part(slug), label_part(id))
}

/// The label of footnote `number` in chapter `slug`, for its second reference.
fn footnote_label(slug: &str, number: usize) -> String {
    format!("{}--fn:{number}", label_part(slug))
}

/// Maps any string to characters a label literal accepts (`is_valid_in_label_literal`:
/// identifier characters, `-`, `.`, `:`), one to one. ASCII letters, digits and `_`
/// stay; `-` stays unless it starts or ends the text or follows a `-`; every other
/// character becomes `.` + hex code + `.` (`.` itself included). So a part never holds
/// `--` nor starts or ends with `-`, never holds `:`, and `a--b` splits one way only:
/// chapter, heading and footnote labels (`slug`, `slug--id`, `slug--fn:1`) never clash.
fn label_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let count = text.chars().count();
    for (i, c) in text.chars().enumerate() {
        let keep = c.is_ascii_alphanumeric()
            || c == '_'
            || (c == '-' && i > 0 && i + 1 < count && !out.ends_with('-'));
        if keep {
            out.push(c);
        } else {
            let _ = write!(out, ".{:x}.", u32::from(c));
        }
    }
    out
}

/// What the first pass learns about a chapter.
struct Scan {
    /// Event index of a heading's start → its label. Only the first heading with a
    /// given id is labelled (a label must be unique to be linked to), and none inside
    /// footnotes.
    heading_labels: BTreeMap<usize, String>,
    /// Ids of the labelled headings: the `#id` links that can be followed.
    ids: BTreeSet<String>,
    /// Footnote label key → event range of its definition's body; the first wins.
    footnotes: BTreeMap<String, Range<usize>>,
    /// Footnote label key → how many references there are.
    references: BTreeMap<String, usize>,
}

impl Scan {
    /// Computes heading ids exactly as `content::render` does: custom ids first,
    /// wherever they are, then `slugify` of the heading's text, de-duplicated.
    fn new(events: &[Event<'_>], slug: &str) -> Scan {
        let mut taken: BTreeSet<String> = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                _ => None,
            })
            .collect();
        let mut scan = Scan {
            heading_labels: BTreeMap::new(),
            ids: BTreeSet::new(),
            footnotes: BTreeMap::new(),
            references: BTreeMap::new(),
        };
        let mut open: Option<(usize, Option<String>, String)> = None;
        let mut definition: Option<(String, usize)> = None;
        for (i, event) in events.iter().enumerate() {
            if let Some((_, _, text)) = &mut open {
                match event {
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    Event::SoftBreak | Event::HardBreak => text.push(' '),
                    _ => {}
                }
            }
            match event {
                Event::Start(Tag::Heading { id, .. }) => {
                    open = Some((i, id.as_ref().map(|id| id.to_string()), String::new()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((start, custom, text)) = open.take() {
                        let id =
                            custom.unwrap_or_else(|| unique_id(&slugify(text.trim()), &mut taken));
                        if definition.is_none() && scan.ids.insert(id.clone()) {
                            scan.heading_labels.insert(start, heading_label(slug, &id));
                        }
                    }
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    definition = Some((label.to_lowercase(), i + 1));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((key, start)) = definition.take() {
                        scan.footnotes.entry(key).or_insert(start..i);
                    }
                }
                Event::FootnoteReference(label) => {
                    *scan.references.entry(label.to_lowercase()).or_default() += 1;
                }
                _ => {}
            }
        }
        scan
    }
}

/// `base`, or `base-1`, `base-2`… when taken (as `content::unique_id`).
fn unique_id(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 0;
    while taken.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    taken.insert(id.clone());
    id
}

/// Index of the `End` event matching the `Start` at `start`.
fn matching_end(events: &[Event<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
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

/// Output with the state escaping depends on. Text is held back and escaped as one
/// piece when markup follows, so `a/` `<b>` `/c` (a tag dropped between) still sees
/// the `//` it becomes.
#[derive(Default)]
struct Writer {
    out: String,
    pending: String,
    /// Only spaces since a newline or a `[` (or nothing written yet).
    line_start: bool,
    /// The output ends with an embedded expression (`…]` or `…)`).
    after_code: bool,
}

impl Writer {
    fn text(&mut self, text: &str) {
        self.pending.push_str(text);
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        escape_into(&mut self.out, &text, &mut self.line_start, self.after_code);
        self.after_code = false;
    }

    /// Writes markup as is. Every markup string of this module that ends with `]` or
    /// `)` ends an embedded expression.
    fn markup(&mut self, markup: &str) {
        self.flush();
        if markup.is_empty() {
            return;
        }
        self.out.push_str(markup);
        match markup.trim_end_matches([' ', '\t']).chars().last() {
            Some('\n' | '[') => self.line_start = true,
            Some(_) => self.line_start = false,
            None => {}
        }
        self.after_code = markup.ends_with([']', ')']);
    }

    /// Starts a new line unless at the start of one (before a block).
    fn line(&mut self) {
        self.flush();
        if !self.line_start && !self.out.is_empty() {
            self.markup("\n");
        }
    }

    /// Ends a block: a blank line follows, unless a content block just opened.
    fn block_end(&mut self) {
        self.flush();
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        if self.out.is_empty() || self.out.ends_with('[') {
            return;
        }
        let newlines = self.out.len() - self.out.trim_end_matches('\n').len();
        for _ in newlines..2 {
            self.out.push('\n');
        }
        self.line_start = true;
        self.after_code = false;
    }

    /// Drops trailing whitespace and a dangling line break before a content block closes
    /// (a `\` left before `]` would escape it).
    fn trim_end(&mut self) {
        self.flush();
        loop {
            let trimmed = self.out.trim_end_matches([' ', '\t', '\n']).len();
            self.out.truncate(trimmed);
            let backslashes = self.out.len() - self.out.trim_end_matches('\\').len();
            if backslashes.is_multiple_of(2) {
                break;
            }
            self.out.pop();
        }
    }

    fn finish(mut self) -> String {
        self.trim_end();
        self.out
    }
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

struct Emitter<'e, 'a> {
    events: &'e [Event<'e>],
    scan: Scan,
    options: &'e ChapterMarkup<'a>,
    w: Writer,
    /// Footnote key → number, from its first reference on.
    footnote_numbers: BTreeMap<String, usize>,
}

impl Emitter<'_, '_> {
    fn emit_range(&mut self, range: Range<usize>) {
        let events = self.events;
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
                    for piece in strip_html(html) {
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
                    label: self.scan.heading_labels.get(&i).cloned(),
                }
            }
            Tag::BlockQuote(_) => {
                w.line();
                w.markup("#quote(block: true)[");
                Frame::Other
            }
            Tag::CodeBlock(kind) => {
                let end = matching_end(self.events, i);
                let code: String = self.events[i + 1..end]
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
                w.line();
                w.markup(&format!(
                    "#raw(block: true, {lang}{})",
                    string_literal(code)
                ));
                w.block_end();
                return Some(end + 1);
            }
            Tag::HtmlBlock => {
                let end = matching_end(self.events, i);
                let html: String = self.events[i + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Html(t) | Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                w.line();
                for piece in strip_html(&html) {
                    match piece {
                        Piece::Text(text) => w.text(&collapse_whitespace(&decode_entities(&text))),
                        Piece::Break => w.markup("\\\n"),
                        Piece::Block => w.block_end(),
                    }
                }
                w.block_end();
                return Some(end + 1);
            }
            Tag::List(start) => {
                w.line();
                let mut call = String::from(if start.is_some() {
                    "#enum(\n"
                } else {
                    "#list(\n"
                });
                if let Some(n) = start.filter(|&n| n != 1) {
                    let _ = writeln!(call, "  start: {n},");
                }
                if is_loose(self.events, i) {
                    call.push_str("  tight: false,\n");
                }
                w.markup(&call);
                Frame::Other
            }
            Tag::Item => {
                w.markup("  [");
                Frame::Other
            }
            Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => {
                return Some(matching_end(self.events, i) + 1);
            }
            Tag::DefinitionListTitle => {
                w.line();
                w.markup("#strong[");
                Frame::Other
            }
            Tag::DefinitionListDefinition => {
                w.line();
                w.markup("#pad(left: 1.5em)[");
                Frame::Other
            }
            Tag::Table(alignments) => {
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
                w.markup("[");
                Frame::Other
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
            } => {
                let close = match self.link_target(*link_type, dest_url) {
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
            Tag::Image { dest_url, .. } => {
                let end = matching_end(self.events, i);
                let alt: String = self.events[i + 1..end]
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

    fn link_target(&self, link_type: LinkType, dest: &str) -> Target {
        let slug = self.options.slug;
        match link_type {
            LinkType::Email => return Target::Url(format!("mailto:{dest}")),
            LinkType::Autolink => return Target::Url(dest.to_string()),
            _ => {}
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return if fragment.is_empty() {
                Target::Label(chapter_label(slug))
            } else if self.scan.ids.contains(fragment) {
                Target::Label(heading_label(slug, fragment))
            } else {
                Target::None
            };
        }
        if has_scheme(dest) {
            return Target::Url(dest.to_string());
        }
        let (path, suffix) = dest.split_at(dest.find(['#', '?']).unwrap_or(dest.len()));
        if dest.starts_with('/') || !path.ends_with(".md") {
            return Target::None;
        }
        let Some(target) = resolve_chapter(slug, path, self.options.chapters) else {
            return Target::None;
        };
        let fragment = suffix
            .split_once('#')
            .map(|(_, f)| f)
            .filter(|f| !f.is_empty());
        match fragment {
            Some(f) if target == slug && self.scan.ids.contains(f) => {
                Target::Label(heading_label(slug, f))
            }
            Some(f) if target != slug => Target::Guarded {
                label: heading_label(target, f),
                chapter: chapter_label(target),
            },
            _ => Target::Label(chapter_label(target)),
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
        let key = label.to_lowercase();
        let Some(range) = self.scan.footnotes.get(&key).cloned() else {
            // pulldown-cmark only reports defined footnotes; kept for safety.
            self.w.text(&format!("[^{label}]"));
            return;
        };
        let slug = self.options.slug;
        if let Some(&number) = self.footnote_numbers.get(&key) {
            let label = footnote_label(slug, number);
            self.w.markup(&format!("#footnote(<{label}>)"));
            return;
        }
        let number = self.footnote_numbers.len() + 1;
        self.footnote_numbers.insert(key.clone(), number);
        self.w.markup("#footnote[");
        self.emit_range(range);
        self.w.trim_end();
        self.w.markup("]");
        if self.scan.references.get(&key).copied().unwrap_or(0) > 1 {
            let label = footnote_label(slug, number);
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

/// A checkbox drawn with lines: none of the embedded fonts has ☐ (U+2610) or ☑ (U+2611).
const UNCHECKED: &str = "#box(width: 0.8em, height: 0.8em, stroke: 0.06em, baseline: 0.1em)";
const CHECKED: &str = "#box(width: 0.8em, height: 0.8em, stroke: 0.06em, baseline: 0.1em, \
    place(line(start: (18%, 50%), end: (42%, 75%), stroke: 0.1em)) \
    + place(line(start: (42%, 75%), end: (82%, 22%), stroke: 0.1em)))";

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`), as `content.rs` decides.
fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The chapter a relative `.md` link from chapter `from` points to.
///
/// Slugs are file names with `/` as `-`, so the folder of `from` is one of the
/// `-`-separated prefixes of its slug: each is tried, the deepest first (a chapter in
/// `guides/` linking `coaching.md` means `guides-coaching` before `coaching`).
fn resolve_chapter<'c>(from: &str, path: &str, chapters: &'c [String]) -> Option<&'c str> {
    let path = path.strip_suffix(".md")?;
    let from: Vec<&str> = from.split('-').collect();
    (0..from.len()).rev().find_map(|depth| {
        let mut target: Vec<&str> = from[..depth].to_vec();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    target.pop()?;
                }
                part => target.push(part),
            }
        }
        let slug = target.join("-");
        chapters.iter().find(|c| **c == slug).map(String::as_str)
    })
}

/// A piece of raw HTML once its tags are dropped.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    /// `<br>`.
    Break,
    /// A block-level tag: words on either side must not run together.
    Block,
}

/// Drops tags, comments and `<script>`/`<style>` contents, keeping text and breaks.
fn strip_html(html: &str) -> Vec<Piece> {
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
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let tag = &rest[lt..];
        if let Some(comment) = tag.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let is_tag = tag[1..].starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c));
        let Some(end) = is_tag.then(|| tag_end(tag)).flatten() else {
            text.push('<');
            rest = &tag[1..];
            continue;
        };
        let inner = &tag[1..end];
        let closing = inner.starts_with('/');
        let name = inner
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        rest = &tag[end + 1..];
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            rest = rest
                .to_ascii_lowercase()
                .find(&close)
                .and_then(|at| rest[at..].find('>').map(|gt| &rest[at + gt + 1..]))
                .unwrap_or("");
            continue;
        }
        let piece = if name == "br" {
            Piece::Break
        } else if BLOCKS.contains(&name.as_str()) {
            Piece::Block
        } else {
            continue;
        };
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
        }
        pieces.push(piece);
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

/// Index of the `>` closing the tag that `tag` starts with, skipping quoted values.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, _) => {}
        }
    }
    None
}

/// Decodes the character references an HTML block's text may hold (pulldown-cmark
/// decodes them in Markdown text, not in raw HTML).
fn decode_entities(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let code = match name.strip_prefix('#') {
                        Some(hex) if hex.starts_with(['x', 'X']) => {
                            u32::from_str_radix(&hex[1..], 16).ok()
                        }
                        Some(dec) => dec.parse().ok(),
                        None => None,
                    };
                    char::from_u32(code?)?
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::base::diag::Diagnostics;
    use crate::load::content::{self, Source};

    const CHAPTERS: [&str; 5] = [
        "ch",
        "kpis",
        "feedback",
        "guides-feedback",
        "guides-coaching",
    ];

    fn convert_as(slug: &str, markdown: &str) -> String {
        let chapters: Vec<String> = CHAPTERS.iter().map(|s| s.to_string()).collect();
        let image = |src: &str| {
            let name = src.rsplit('/').next().unwrap_or(src);
            (name == "org.png").then(|| format!("/assets/{name}"))
        };
        chapter_to_typst(
            markdown,
            &ChapterMarkup {
                slug,
                chapters: &chapters,
                image: &image,
            },
        )
    }

    /// The markup of chapter `ch` after its anchor, without the final newline.
    fn convert(markdown: &str) -> String {
        let out = convert_as("ch", markdown);
        let body = out.strip_prefix("#metadata(none) <ch>").unwrap_or(&out);
        body.trim().to_string()
    }

    /// Brackets outside escapes and string literals pair up (the markup parses).
    fn check_brackets(markup: &str) -> Result<(), String> {
        let mut depth = 0i64;
        let mut in_string = false;
        let mut chars = markup.chars();
        while let Some(c) = chars.next() {
            match (in_string, c) {
                (_, '\\') => {
                    chars.next();
                }
                (true, '"') => in_string = false,
                (true, _) => {}
                // Author text has its quotes escaped: a bare `"` opens a code string.
                (false, '"') => in_string = true,
                (false, '[') => depth += 1,
                (false, ']') => {
                    depth -= 1;
                    if depth < 0 {
                        return Err("`]` without `[`".into());
                    }
                }
                (false, _) => {}
            }
        }
        match (depth, in_string) {
            (0, false) => Ok(()),
            (_, true) => Err("unclosed string".into()),
            _ => Err(format!("{depth} unclosed `[`")),
        }
    }

    #[test]
    fn escape_text_makes_every_special_character_literal() {
        // Each rule is Typst's lexer (typst-syntax `Lexer::markup`, `Lexer::text`):
        // a `\` before any non-space character is an escape for that character.
        let cases = [
            // Always markup: strong, emph, code, math, reference, label, content, raw.
            ("*_#$@<>[]\\`", "\\*\\_\\#\\$\\@\\<\\>\\[\\]\\\\\\`"),
            ("#let x = 1", "\\#let x \\= 1"),
            ("#import \"x\"", "\\#import \\\"x\\\""),
            ("$ math $", "\\$ math \\$"),
            ("<label>", "\\<label\\>"),
            ("see @ref", "see \\@ref"),
            ("a@b.com", "a\\@b.com"),
            ("C# and x^2", "C\\# and x\\^2"),
            // `~` is a no-break space, `'` and `"` smart quotes.
            ("a ~ b", "a \\~ b"),
            ("don't \"quote\"", "don\\'t \\\"quote\\\""),
            // `//` and `/*` open comments (so `http://` is no auto link), `*/` is an error.
            ("http://x", "http:\\//x"),
            ("https://example.com/a_b", "https:\\//example.com/a\\_b"),
            ("a//b", "a\\//b"),
            ("a/*b*/c", "a\\/\\*b\\*/c"),
            ("and/or", "and/or"),
            // Shorthands: `--`, `---`, `-?`, `-1`, `...`; `=` (headings) everywhere.
            ("a -- b", "a \\-- b"),
            ("a---b", "a\\-\\--b"),
            ("soft-?hyphen", "soft\\-?hyphen"),
            ("from -5 to 10-20", "from \\-5 to 10\\-20"),
            ("well-known", "well-known"),
            ("wait...", "wait\\..."),
            ("....", "\\.\\..."),
            ("a == b", "a \\=\\= b"),
            // Markers at the start of a line: list, enum, term, heading.
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("/ Term: x", "\\/ Term: x"),
            ("= Title", "\\= Title"),
            ("1. First", "1\\. First"),
            ("  12. x", "  12\\. x"),
            ("1.5 m", "1.5 m"),
            ("1.", "1\\."),
            ("x 1. y", "x 1. y"),
            // After an embedded expression `(`, `.` and `;` would continue it.
            ("(aside)", "\\(aside)"),
            ("...", "\\..."),
            (". end", ". end"),
            (".5", ".5"),
            (".method", "\\.method"),
            ("; rest", "\\; rest"),
            // A `\u{…}` in the text stays text: its backslash is escaped.
            ("\\u{41}", "\\\\u{41}"),
            // Line ends become spaces: a heading's text must stay on its line.
            ("two\nlines\r\nend", "two lines  end"),
            ("  spaced  ", "  spaced  "),
            ("100% a:b {c} (d) & | !", "100% a:b {c} (d) & | !"),
            ("Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ", "Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ"),
        ];
        for (text, expected) in cases {
            assert_eq!(escape_text(text), expected, "{text:?}");
        }
    }

    #[test]
    fn markers_are_escaped_only_where_a_line_starts() {
        let cases = [
            // A `\-` from Markdown is a literal `-` starting the paragraph.
            ("\\- not a list", "\\- not a list"),
            ("1\\. not a list", "1\\. not a list"),
            ("a\n\\+ b\n\\= c", "a\n\\+ b\n\\= c"),
            ("a - b + c / d 1. e", "a - b + c / d 1. e"),
            // A list item's content block starts a line too.
            ("- \\- dash", "#list(\n  [\\- dash],\n)"),
            // `#emph[x](y)` would call the result, `.y` read a field, `;` end the code.
            (
                "*x*(y) *x*.y *x*;y *x*[y] *x*. *x*.5 *x*.ż",
                "#emph[x]\\(y) #emph[x]\\.y #emph[x]\\;y #emph[x]\\[y\\] #emph[x]. #emph[x].5 #emph[x]\\.ż",
            ),
            ("`a`(b)", "#raw(\"a\")\\(b)"),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn string_literals_escape_quotes_backslashes_and_controls() {
        let cases = [
            ("plain", "\"plain\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""),
            ("C:\\path\\", "\"C:\\\\path\\\\\""),
            ("a\nb\tc\r", "\"a\\nb\\tc\\r\""),
            ("bell\u{7}", "\"bell\\u{7}\""),
            ("ą #[]$", "\"ą #[]$\""),
        ];
        for (text, expected) in cases {
            assert_eq!(string_literal(text), expected, "{text:?}");
        }
    }

    #[test]
    fn label_parts_are_valid_and_one_to_one() {
        let cases = [
            ("average-handle-time", "average-handle-time"),
            ("my_id", "my_id"),
            ("a.b", "a.2e.b"),
            ("a:b", "a.3a.b"),
            ("-x", ".2d.x"),
            ("x-", "x.2d."),
            ("a--b", "a-.2d.b"),
            ("a b", "a.20.b"),
            ("привет", ".43f..440..438..432..435..442."),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(label_part(text), expected, "{text:?}");
        }
        // The ways a heading label could be confused with another.
        assert_ne!(heading_label("a", "b--c"), heading_label("a-b", "c"));
        assert_ne!(heading_label("a-", "b"), heading_label("a", "-b"));
        assert_ne!(heading_label("a", "fn:1"), footnote_label("a", 1));
        assert_ne!(chapter_label("a--b"), heading_label("a", "b"));
    }

    #[test]
    fn headings_get_levels_and_labels() {
        let cases = [
            (
                "## Two\n\n### Three\n\n#### Four",
                "== Two <ch--two>\n\n=== Three <ch--three>\n\n==== Four <ch--four>",
            ),
            ("## Own id {#my.id}", "== Own id <ch--my.2e.id>"),
            (
                "## *Rich* `code`",
                "== #emph[Rich] #raw(\"code\") <ch--rich-code>",
            ),
            (
                "Setext\nheading\n---",
                "== Setext heading <ch--setext-heading>",
            ),
            (
                "## = not *nested* \\<x> @y",
                "== \\= not #emph[nested] \\<x\\> \\@y <ch--not-nested-x-y>",
            ),
            // A heading's line break is a space: the heading ends with its line.
            ("Hard  \nbreak\n---", "== Hard break <ch--hard-break>"),
            // Only the first of two headings with one custom id is labelled.
            ("## A {#x}\n\n## B {#x}", "== A <ch--x>\n\n== B"),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn chapter_anchor_follows_a_leading_title_else_starts_the_chapter() {
        assert_eq!(
            convert_as("kpis", "# Our KPIs\n\nText.\n"),
            "= Our KPIs <kpis--our-kpis>\n\n#metadata(none) <kpis>\n\nText.\n"
        );
        assert_eq!(
            convert_as("kpis", "Intro.\n\n# Late title\n"),
            "#metadata(none) <kpis>\n\nIntro.\n\n= Late title <kpis--late-title>\n"
        );
        assert_eq!(convert_as("kpis", ""), "#metadata(none) <kpis>\n");
    }

    /// Heading ids (and so link targets) are the ones the site gives, for the same text.
    #[test]
    fn heading_labels_use_the_html_ids() {
        let markdown = "# Zażółć gęślą jaźń\n\n## Æble, smørbrød & Straße\n\n\
            ### Señor Müller's NPS?\n\n## Duplicate\n\n## Duplicate\n\n## Own {#my-id}\n\n\
            ## My id\n\n#### Deep `code` *em*\n\n## !!!\n\n## Średni czas (AHT)\n\n## Привет\n";
        let chapter = load_one("ch.md", markdown);
        let html_ids = html_heading_ids(&chapter.html);
        assert_eq!(html_ids.len(), 11);
        let markup = convert(&chapter.markdown);
        let expected: Vec<String> = html_ids.iter().map(|id| heading_label("ch", id)).collect();
        assert_eq!(markup_heading_labels(&markup), expected, "{markup}");
        assert!(markup.contains("== Duplicate <ch--duplicate-1>"));
        assert!(markup.contains("== Średni czas (AHT) <ch--sredni-czas-aht>"));
    }

    fn load_one(name: &str, text: &str) -> content::Chapter {
        let source = Source {
            name: name.to_string(),
            path: PathBuf::from(name),
            text: text.to_string(),
        };
        let mut diags = Diagnostics::new();
        let mut chapters = content::load(&[source], &mut diags);
        chapters.pop().expect("chapter loads")
    }

    /// Every `<hN id="…">` of the site's HTML, in order.
    fn html_heading_ids(html: &str) -> Vec<String> {
        html.split("<h")
            .skip(1)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            .filter_map(|rest| rest[1..].strip_prefix(" id=\""))
            .map(|rest| rest[..rest.find('"').unwrap_or(0)].to_string())
            .collect()
    }

    /// The label at the end of every heading line of `markup`.
    fn markup_heading_labels(markup: &str) -> Vec<String> {
        markup
            .lines()
            .filter(|line| line.starts_with('='))
            .filter_map(|line| line.rsplit_once(" <")?.1.strip_suffix('>'))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn inline_styles_and_code_are_function_calls() {
        let cases = [
            (
                "_em_ **strong** ~~gone~~",
                "#emph[em] #strong[strong] #strike[gone]",
            ),
            ("**bold*in*word**x", "#strong[bold#emph[in]word]x"),
            ("`say \"hi\" \\ [x]`", "#raw(\"say \\\"hi\\\" \\\\ [x]\")"),
            (
                "```rust\nlet s = \"a\\\\b\";\n\n```",
                "#raw(block: true, lang: \"rust\", \"let s = \\\"a\\\\\\\\b\\\";\\n\")",
            ),
            ("```\nplain\n```", "#raw(block: true, \"plain\")"),
            (
                "```js {linenos}\nx\n```",
                "#raw(block: true, lang: \"js\", \"x\")",
            ),
            (
                "    indented\n    code",
                "#raw(block: true, \"indented\\ncode\")",
            ),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn lists_nest_keep_start_and_tightness() {
        let cases = [
            ("- a\n- b", "#list(\n  [a],\n  [b],\n)"),
            ("3. c\n4. d", "#enum(\n  start: 3,\n  [c],\n  [d],\n)"),
            ("1. one", "#enum(\n  [one],\n)"),
            ("- a\n\n- b", "#list(\n  tight: false,\n  [a],\n  [b],\n)"),
            (
                "- a\n  - a1\n    1. deep\n- b",
                "#list(\n  [a\n#list(\n  [a1\n#enum(\n  [deep],\n)],\n)],\n  [b],\n)",
            ),
            (
                "- para one\n\n  para two\n- next",
                "#list(\n  tight: false,\n  [para one\n\npara two],\n  [next],\n)",
            ),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn task_list_items_get_drawn_checkboxes() {
        let markup = convert("- [ ] todo\n- [x] done\n- plain");
        assert_eq!(
            markup,
            format!("#list(\n  [{UNCHECKED} todo],\n  [{CHECKED} done],\n  [plain],\n)")
        );
        let loose = convert("- [x] done\n\n- [ ] todo");
        assert!(loose.contains(&format!("[{CHECKED} done]")), "{loose}");
        assert!(check_brackets(&markup).is_ok());
    }

    #[test]
    fn tables_keep_columns_and_alignment() {
        let cases = [
            (
                "| KPI | Target | Note |\n|:--|--:|:-:|\n| AHT | 5 | *low* |\n| CSAT |",
                "#table(\n  columns: 3,\n  align: (left, right, center),\n  \
                 table.header([KPI], [Target], [Note]),\n  [AHT], [5], [#emph[low]],\n  \
                 [CSAT], [], [],\n)",
            ),
            (
                "| a | b |\n|---|---|\n| [x] | 1 \\| 2 |",
                "#table(\n  columns: 2,\n  table.header([a], [b]),\n  [\\[x\\]], [1 | 2],\n)",
            ),
            (
                "| only |\n|:-:|\n| one |",
                "#table(\n  columns: 1,\n  align: (center,),\n  table.header([only]),\n  [one],\n)",
            ),
            (
                "| a | b |\n|---|--:|\n| x<br>y | z |",
                "#table(\n  columns: 2,\n  align: (auto, right),\n  table.header([a], [b]),\n  \
                 [x\\\ny], [z],\n)",
            ),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn links_go_to_urls_labels_or_plain_text() {
        let guarded = |label: &str, chapter: &str| {
            format!(
                "#context link(if query(<{label}>).len() > 0 {{ <{label}> }} else {{ <{chapter}> }})[t]"
            )
        };
        let cases = [
            (
                "[t](https://example.com/a?b=\"c\")",
                "#link(\"https://example.com/a?b=\\\"c\\\"\")[t]".to_string(),
            ),
            (
                "[t](mailto:a@b.pl)",
                "#link(\"mailto:a@b.pl\")[t]".to_string(),
            ),
            ("<a@b.pl>", "#link(\"mailto:a@b.pl\")[a\\@b.pl]".to_string()),
            (
                "<https://x.pl/a_b>",
                "#link(\"https://x.pl/a_b\")[https:\\//x.pl/a\\_b]".to_string(),
            ),
            ("[t](kpis.md)", "#link(<kpis>)[t]".to_string()),
            ("[t](./kpis.md?x=1)", "#link(<kpis>)[t]".to_string()),
            ("[t](kpis.md#aht)", guarded("kpis--aht", "kpis")),
            (
                "[t](guides/coaching.md#sbi)",
                guarded("guides-coaching--sbi", "guides-coaching"),
            ),
            (
                "[t][r]\n\n[r]: feedback.md",
                "#link(<feedback>)[t]".to_string(),
            ),
            // Own chapter: headings are known, so an unknown one is the chapter start.
            (
                "## Goal\n\n[t](#goal) [u](#nope) [v](ch.md#goal) [w](ch.md#nope)",
                "== Goal <ch--goal>\n\n#link(<ch--goal>)[t] u #link(<ch--goal>)[v] #link(<ch>)[w]"
                    .to_string(),
            ),
            // Nowhere to go in a PDF: unknown chapter, other files, site paths.
            (
                "[t](kpi.md) [u](../notes.txt) [v](/handbook/) [w]()",
                "t u v w".to_string(),
            ),
            (
                "[*t*](https://x.pl)",
                "#link(\"https://x.pl\")[#emph[t]]".to_string(),
            ),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn chapter_links_resolve_from_the_chapters_folder() {
        let chapters: Vec<String> = CHAPTERS.iter().map(|s| s.to_string()).collect();
        let cases = [
            ("guides-feedback", "coaching.md", Some("guides-coaching")),
            ("guides-feedback", "../kpis.md", Some("kpis")),
            (
                "guides-feedback",
                "./../guides/coaching.md",
                Some("guides-coaching"),
            ),
            // A top-level chapter links its sibling.
            ("kpis", "feedback.md", Some("feedback")),
            ("kpis", "guides/feedback.md", Some("guides-feedback")),
            ("kpis", "../feedback.md", None),
            ("kpis", "missing.md", None),
        ];
        for (from, path, expected) in cases {
            assert_eq!(
                resolve_chapter(from, path, &chapters),
                expected,
                "{from} {path}"
            );
        }
        assert_eq!(
            convert_as("guides-feedback", "[a](coaching.md) [b](../kpis.md)"),
            "#metadata(none) <guides-feedback>\n\n#link(<guides-coaching>)[a] #link(<kpis>)[b]\n"
        );
    }

    #[test]
    fn images_become_figures_or_their_alt_text() {
        let cases = [
            (
                "![Our *org* chart](../assets/org.png)",
                "#figure(image(\"/assets/org.png\", width: 80%, alt: \"Our org chart\"), \
                 caption: [Our org chart])",
            ),
            (
                "![](org.png)",
                "#figure(image(\"/assets/org.png\", width: 80%))",
            ),
            ("![Missing \"one\"](gone.png)", "#emph[Missing \\\"one\\\"]"),
            ("a ![](gone.png) b", "a  b"),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn footnotes_are_set_at_their_references_in_order() {
        let markup = convert(
            "First[^b] then[^a] and[^B] again.\n\n[^a]: Note *A*.\n\n[^b]: Note B,\n    \
             two lines.\n\n    Second paragraph.\n\n[^unused]: Never cited.\n",
        );
        assert_eq!(
            markup,
            "First#footnote[Note B,\ntwo lines.\n\nSecond paragraph.]<ch--fn:1> \
             then#footnote[Note #emph[A].] and#footnote(<ch--fn:1>) again."
        );
    }

    #[test]
    fn footnotes_in_headings_and_cycles_stay_valid() {
        let markup =
            convert("## Title[^n]\n\nText[^n] and[^self].\n\n[^n]: N.\n\n[^self]: Me[^self].\n");
        assert_eq!(
            markup,
            "== Title#footnote[N.]#label(\"ch--fn:1\") <ch--title>\n\n\
             Text#footnote(<ch--fn:1>) and#footnote[Me#footnote(<ch--fn:2>).]<ch--fn:2>."
        );
    }

    #[test]
    fn blocks_quotes_rules_and_breaks() {
        let cases = [
            (
                "> Quoted\n> text.\n>\n> > Nested",
                "#quote(block: true)[Quoted\ntext.\n\n#quote(block: true)[Nested]]",
            ),
            (
                "Above\n\n---\n\nBelow",
                "Above\n\n#line(length: 100%)\n\nBelow",
            ),
            (
                "hard  \nbreak\\\nagain\nsoft",
                "hard\\\nbreak\\\nagain\nsoft",
            ),
            ("## Hard\\\nnext", "== Hard\\\\ <ch--hard>\n\nnext"),
            ("x\n\n# A\nB\n===", "x\n\n= A <ch--a>\n\n= B <ch--b>"),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn raw_html_keeps_its_text_only() {
        let cases = [
            ("Press <kbd>Ctrl</kbd>+<kbd>#</kbd>", "Press Ctrl+\\#"),
            ("one<br>two<br/>three", "one\\\ntwo\\\nthree"),
            ("a <!-- hidden --> b", "a  b"),
            ("a/<b>/c", "a\\//c"),
            (
                "<div class=\"x > y\">\n<p>First &amp; <em>one</em></p><p>Second &lt;b&gt;</p>\n</div>",
                "First & one\n\nSecond \\<b\\>",
            ),
            ("<script>\nalert(\"[\")\n</script>", ""),
            ("<table><tr><td>a</td><td>b</td></tr></table>", "a\n\nb"),
        ];
        for (markdown, expected) in cases {
            assert_eq!(convert(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn polish_text_is_untouched() {
        let text = "Zażółć gęślą jaźń. ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż — „cytat”, 1 234,5 zł.";
        assert_eq!(convert(text), text);
    }

    /// Outside escapes and string literals, nothing that Typst would read as syntax
    /// other than this module's own calls: no `//` comment, no markup character (a bare
    /// `*` also rules out `/*` and `*/`).
    fn check_no_stray_syntax(markup: &str) -> Result<(), String> {
        let mut in_string = false;
        let mut previous = ' ';
        let mut chars = markup.chars();
        while let Some(c) = chars.next() {
            match (in_string, c) {
                (_, '\\') => {
                    chars.next();
                    previous = ' ';
                    continue;
                }
                (true, '"') => in_string = false,
                (true, _) => {}
                (false, '"') => in_string = true,
                (false, '$' | '@' | '`' | '~' | '\'' | '^' | '*' | '_') => {
                    return Err(format!("bare `{c}`"));
                }
                (false, '/') if previous == '/' => return Err("bare `//`".into()),
                (false, _) => {}
            }
            previous = c;
        }
        Ok(())
    }

    #[test]
    fn special_characters_stay_literal_in_every_construct() {
        let text = r#"\*\_\#$@\<\>\[\]\\\`~'"^= a//b /\*c\*/ -- --- -? -1 ... http://x.pl 1. + ;("#;
        let constructs = [
            "X",
            "## X",
            "*X* **X** ~~X~~",
            "[X](https://x.pl) [X](kpis.md#a) [X](#nowhere) [X](other.txt)",
            "- X\n- [ ] X\n  1. X",
            "> X\n>\n> X",
            "| X | X |\n|---|:-:|\n| X | X |",
            "X[^n] X[^n]\n\n[^n]: X",
            "![X](org.png) ![X](gone.png)",
            "<span>X</span><br>X",
            "X\\\nX\nX",
        ];
        for construct in constructs {
            let markdown = construct.replace('X', text);
            let markup = convert(&markdown);
            let checks = check_brackets(&markup).and_then(|()| check_no_stray_syntax(&markup));
            checks.unwrap_or_else(|e| panic!("{construct:?}: {e}\n{markup}"));
        }
        // The text itself, escaped once, is all there.
        assert_eq!(
            convert(text),
            "\\*\\_\\#\\$\\@\\<\\>\\[\\]\\\\\\`\\~\\'\\\"\\^\\= a\\//b \\/\\*c\\*/ \\-- \\-\\-- \
             \\-? \\-1 \\... http:\\//x.pl 1. + ;("
        );
    }

    #[test]
    fn balanced_brackets_check_sees_escapes_and_strings() {
        assert!(check_brackets("#emph[a \\] b] #raw(\"]\")").is_ok());
        assert!(check_brackets("#emph[a").is_err());
        assert!(check_brackets("a]").is_err());
        assert!(check_brackets("#raw(\"a)").is_err());
    }

    /// The handbook's own chapters, read the way `content::load` reads them.
    #[test]
    fn real_chapters_convert_with_balanced_brackets() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
        for lang in ["en", "pl"] {
            let dir = root.join(lang);
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|entry| entry.expect("directory entry").path())
                .filter(|path| path.extension().is_some_and(|e| e == "md"))
                .collect();
            paths.sort();
            let sources: Vec<Source> = paths
                .iter()
                .map(|path| Source {
                    name: path.file_name().unwrap().to_string_lossy().into_owned(),
                    path: path.clone(),
                    text: std::fs::read_to_string(path).expect("chapter reads"),
                })
                .collect();
            let mut diags = Diagnostics::new();
            let chapters = content::load(&sources, &mut diags);
            assert_eq!(chapters.len(), sources.len(), "{lang}");
            let slugs: Vec<String> = chapters.iter().map(|c| c.slug.clone()).collect();
            for chapter in &chapters {
                let options = ChapterMarkup {
                    slug: &chapter.slug,
                    chapters: &slugs,
                    image: &|src| Some(format!("/assets/{src}")),
                };
                let markup = chapter_to_typst(&chapter.markdown, &options);
                let name = format!("{lang}/{}", chapter.slug);
                check_brackets(&markup).unwrap_or_else(|e| panic!("{name}: {e}\n{markup}"));
                assert_eq!(
                    markup,
                    chapter_to_typst(&chapter.markdown, &options),
                    "{name}"
                );
                let ids = html_heading_ids(&chapter.html);
                let labels: Vec<String> = ids
                    .iter()
                    .map(|id| heading_label(&chapter.slug, id))
                    .collect();
                assert_eq!(markup_heading_labels(&markup), labels, "{name}");
                assert!(markup.contains(&format!("#metadata(none) <{}>", chapter.slug)));
            }
        }
    }
}
