//! The Markdown front end: a chapter body is parsed here, once, into a [`Body`] that
//! every renderer walks — the chapter page and the single-page handbook
//! (`render::markdown`), the PDF's Typst (`render::pdf::markup`) and the search
//! index (`render::search`).
//!
//! What gives a chapter its meaning is decided here and nowhere else: each heading's id
//! (a custom `{#id}` first, wherever it stands, then a slug of the heading's text,
//! de-duplicated), which chapter a relative `.md` link goes to, and each footnote's
//! number, definition and references. Author mistakes become diagnostics pointing into
//! the chapter file.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};

/// The extensions chapters are read with. Smart punctuation stays off: authors write
/// the quotes and dashes they mean.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A chapter body, parsed once: what every renderer walks.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Body {
    /// pulldown-cmark's events in document order, footnote definitions where they are
    /// written. Every heading's start carries its final id. Shortcodes stand in the
    /// text as their tokens.
    pub(crate) events: Vec<Event<'static>>,
    /// Links to other chapters: index of the link's start event → where it goes.
    pub(crate) chapter_links: BTreeMap<usize, ChapterRef>,
    /// Every footnote, `footnotes[n - 1]` being number `n`: numbered in the order they
    /// are first cited, then the ones never cited in the order they are defined.
    pub(crate) footnotes: Vec<Footnote>,
}

/// A heading of a chapter, for the in-page table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 2 or 3 in `Chapter::headings`.
    pub(crate) level: u8,
    /// The heading's `id` attribute, the target of `#id` links.
    pub(crate) id: String,
    /// The heading as plain text (no markup).
    pub(crate) text: String,
}

/// Where a link to another chapter goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChapterRef {
    /// The chapter's slug.
    pub(crate) slug: String,
    /// What followed the file name as written: `#fragment`, `?query…` or nothing.
    pub(crate) suffix: String,
}

impl ChapterRef {
    /// The chapter's page with the suffix: `kpis.html#aht`.
    pub(crate) fn page(&self) -> String {
        format!("{}.html{}", self.slug, self.suffix)
    }

    /// The `#fragment` of the link, when it has a non-empty one.
    pub(crate) fn fragment(&self) -> Option<&str> {
        self.suffix
            .split_once('#')
            .map(|(_, fragment)| fragment)
            .filter(|fragment| !fragment.is_empty())
    }
}

/// One footnote of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Footnote {
    /// The label, lowercased: labels match case-insensitively, as on GitHub.
    pub(crate) key: String,
    /// Its number, from 1.
    pub(crate) number: usize,
    /// Event range of its (first) definition's body, without the definition's start
    /// and end events; `None` if it is cited but never defined.
    pub(crate) definition: Option<Range<usize>>,
    /// Event index of every reference to it, in document order.
    pub(crate) references: Vec<usize>,
}

impl Body {
    /// The footnote a reference or definition `label` means.
    pub(crate) fn footnote(&self, label: &str) -> Option<&Footnote> {
        let key = label_key(label);
        self.footnotes.iter().find(|f| f.key == key)
    }

    /// Index of the `End` event matching the `Start` at `start`.
    pub(crate) fn matching_end(&self, start: usize) -> usize {
        let mut depth = 0usize;
        for (i, event) in self.events.iter().enumerate().skip(start) {
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
        self.events.len().saturating_sub(1)
    }
}

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`).
pub(crate) fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// A heading's id from its text: lowercase, diacritics folded to ASCII, every run of
/// other characters one `-`. Letters with no ASCII form (Cyrillic, CJK) are kept.
pub(super) fn slugify(text: &str) -> String {
    let slug = crate::base::slug::slug_text(text, true);
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Footnote labels match case-insensitively, as in GitHub Markdown.
fn label_key(label: &str) -> String {
    label.to_lowercase()
}

/// The chapter being parsed: its name among the chapters (`guides/feedback.md`), its
/// file (diagnostics quote `text`), where its body starts in it, and every chapter's
/// page by name (`None` for a name in error).
pub(super) struct Context<'a> {
    pub(super) name: &'a str,
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    pub(super) body_start: usize,
    pub(super) pages: &'a BTreeMap<&'a str, Option<String>>,
}

impl Context<'_> {
    /// A warning at byte `offset` of the body, `len` characters long.
    fn warning(&self, message: String, offset: usize, len: usize) -> Diagnostic {
        Diagnostic::warning(self.path, message)
            .at_offset(self.text, self.body_start + offset)
            .with_len(len)
    }
}

/// A parsed chapter body and what the chapter's page needs from it.
pub(super) struct Parsed {
    pub(super) body: Body,
    /// h2/h3 headings, for the in-page table of contents.
    pub(super) headings: Vec<Heading>,
    /// Text of the first level-1 heading.
    pub(super) h1: Option<String>,
}

/// Parses `markdown`, the chapter's body with shortcodes replaced by tokens of the same
/// length, so offsets into it are offsets into the file from `cx.body_start`.
pub(super) fn parse(markdown: &str, cx: &Context<'_>, diags: &mut Diagnostics) -> Parsed {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let mut builder = Builder {
        cx,
        markdown,
        ids: custom_ids(&events, cx, diags),
        events: Vec::with_capacity(events.len()),
        chapter_links: BTreeMap::new(),
        open: None,
        headings: Vec::new(),
        h1: None,
        footnotes: Footnotes::default(),
    };
    for (event, range) in events {
        builder.event(event, range, diags);
    }
    let footnotes = builder.footnotes.finish(|key, offset| {
        diags.push(cx.warning(format!("footnote `{key}` is never referenced"), offset, 1));
    });
    Parsed {
        body: Body {
            events: builder.events,
            chapter_links: builder.chapter_links,
            footnotes,
        },
        headings: builder.headings,
        h1: builder.h1,
    }
}

/// Custom heading ids, taken before any generated one; a repeated one is a warning.
fn custom_ids(
    events: &[(Event<'_>, Range<usize>)],
    cx: &Context<'_>,
    diags: &mut Diagnostics,
) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (event, range) in events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event
            && !ids.insert(id.to_string())
        {
            diags.push(cx.warning(format!("duplicate heading id `{id}`"), range.start, 1));
        }
    }
    ids
}

/// A heading being read: its start event gets the id at its end.
struct OpenHeading {
    index: usize,
    level: HeadingLevel,
    custom_id: Option<String>,
    text: String,
}

/// Builds the [`Body`] event by event.
struct Builder<'c, 'a> {
    cx: &'c Context<'a>,
    markdown: &'c str,
    /// Every heading id given so far, custom ones from the start.
    ids: BTreeSet<String>,
    events: Vec<Event<'static>>,
    chapter_links: BTreeMap<usize, ChapterRef>,
    open: Option<OpenHeading>,
    headings: Vec<Heading>,
    h1: Option<String>,
    footnotes: Footnotes,
}

impl Builder<'_, '_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>, diags: &mut Diagnostics) {
        if let Some(heading) = &mut self.open {
            match &event {
                Event::Text(t) | Event::Code(t) => heading.text.push_str(t),
                Event::SoftBreak | Event::HardBreak => heading.text.push(' '),
                _ => {}
            }
        }
        let index = self.events.len();
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.check_heading(&range, diags);
                self.open = Some(OpenHeading {
                    index,
                    level: *level,
                    custom_id: id.as_ref().map(|id| id.to_string()),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, LinkType::Autolink | LinkType::Email) => {
                self.link(index, dest_url, &range, diags);
            }
            Event::FootnoteReference(label) => self.footnotes.reference(label, index),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.footnotes.open(label, index + 1, range.start);
            }
            Event::End(TagEnd::FootnoteDefinition) => self.footnotes.close(index),
            _ => {}
        }
        self.events.push(event.into_static());
    }

    /// Shortcodes render blocks or values, neither of which fits a heading.
    fn check_heading(&self, range: &Range<usize>, diags: &mut Diagnostics) {
        let source = &self.markdown[range.clone()];
        if source.contains(crate::load::shortcode::TOKEN_START) {
            let cx = self.cx;
            diags.push(
                Diagnostic::error(cx.path, "shortcodes cannot be used in headings")
                    .at_offset(cx.text, cx.body_start + range.start)
                    .with_len(source.lines().next().unwrap_or("").chars().count())
                    .with_hint(
                        "write the heading as text and put the shortcode in the paragraph below",
                    ),
            );
        }
    }

    /// Gives the open heading its id and records it for the contents and the title.
    fn close_heading(&mut self) {
        let Some(heading) = self.open.take() else {
            return;
        };
        let text = heading.text.trim().to_string();
        let id = heading
            .custom_id
            .unwrap_or_else(|| unique_id(&slugify(&text), &mut self.ids));
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[heading.index] {
            *slot = Some(CowStr::from(id.clone()));
        }
        match heading.level {
            HeadingLevel::H1 => {
                self.h1.get_or_insert(text);
            }
            HeadingLevel::H2 | HeadingLevel::H3 => self.headings.push(Heading {
                level: heading.level as u8,
                id,
                text,
            }),
            _ => {}
        }
    }

    /// Resolves a link against the chapters; a `.md` link to none is a warning.
    fn link(&mut self, index: usize, dest: &str, range: &Range<usize>, diags: &mut Diagnostics) {
        match chapter_link(self.cx.name, dest, self.cx.pages) {
            ChapterLink::NotChapter => {}
            ChapterLink::Chapter(target) => {
                self.chapter_links.insert(index, target);
            }
            ChapterLink::Unknown { hint } => {
                // Point at the destination itself when it is written inline.
                let (offset, len) = self.markdown[range.clone()]
                    .find(dest)
                    .map_or((range.start, 1), |at| {
                        (range.start + at, dest.chars().count())
                    });
                let warning =
                    self.cx
                        .warning(format!("link to unknown chapter `{dest}`"), offset, len);
                diags.push(match hint {
                    Some(hint) => warning.with_hint(hint),
                    None => warning,
                });
            }
        }
    }
}

/// `base`, or `base-1`, `base-2`… when taken.
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

enum ChapterLink {
    /// External, absolute, in-page or not Markdown: left as written.
    NotChapter,
    /// The chapter the link goes to.
    Chapter(ChapterRef),
    /// A `.md` link to no chapter, with a suggestion.
    Unknown { hint: Option<String> },
}

/// Resolves a link written in chapter `from` against the chapter names.
fn chapter_link(from: &str, dest: &str, pages: &BTreeMap<&str, Option<String>>) -> ChapterLink {
    if has_scheme(dest) || dest.starts_with('/') || dest.starts_with('#') {
        return ChapterLink::NotChapter;
    }
    let split = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(split);
    if !path.ends_with(".md") {
        return ChapterLink::NotChapter;
    }
    let dir: Vec<&str> = from.split('/').collect();
    let dir = &dir[..dir.len() - 1];
    let mut target: Vec<&str> = dir.to_vec();
    let mut escapes = false;
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => escapes |= target.pop().is_none(),
            part => target.push(part),
        }
    }
    let target = target.join("/");
    match pages.get(target.as_str()) {
        Some(Some(slug)) if !escapes => ChapterLink::Chapter(ChapterRef {
            slug: slug.clone(),
            suffix: suffix.to_string(),
        }),
        // The target's own name is in error and reported there.
        Some(None) if !escapes => ChapterLink::NotChapter,
        _ => ChapterLink::Unknown {
            hint: did_you_mean(
                path,
                pages
                    .keys()
                    .map(|name| relative_path(dir, name))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            ),
        },
    }
}

/// How chapter `target` is reached by a relative link from folder `dir`.
fn relative_path(dir: &[&str], target: &str) -> String {
    let target: Vec<&str> = target.split('/').collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; dir.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

/// Footnotes as they are read: numbered in the order they are first cited (as on
/// GitHub); the ones never cited get the next numbers at the end.
#[derive(Default)]
struct Footnotes {
    /// In order of number.
    notes: Vec<Footnote>,
    /// Label key, body range and byte offset of each definition, in document order.
    definitions: Vec<(String, Range<usize>, usize)>,
    /// The definition being read: label key, first body event, byte offset.
    open: Option<(String, usize, usize)>,
}

impl Footnotes {
    fn reference(&mut self, label: &str, index: usize) {
        let key = label_key(label);
        match self.notes.iter_mut().find(|f| f.key == key) {
            Some(note) => note.references.push(index),
            None => {
                let number = self.notes.len() + 1;
                self.notes.push(Footnote {
                    key,
                    number,
                    definition: None,
                    references: vec![index],
                });
            }
        }
    }

    fn open(&mut self, label: &str, body_start: usize, offset: usize) {
        self.open = Some((label_key(label), body_start, offset));
    }

    fn close(&mut self, end: usize) {
        if let Some((key, start, offset)) = self.open.take() {
            self.definitions.push((key, start..end, offset));
        }
    }

    /// Gives each footnote its first definition; `unreferenced` reports a footnote
    /// no one cites (at its first definition).
    fn finish(mut self, mut unreferenced: impl FnMut(&str, usize)) -> Vec<Footnote> {
        for (key, range, offset) in self.definitions {
            let at = match self.notes.iter().position(|f| f.key == key) {
                Some(at) => at,
                None => {
                    unreferenced(&key, offset);
                    self.notes.push(Footnote {
                        key,
                        number: self.notes.len() + 1,
                        definition: None,
                        references: Vec::new(),
                    });
                    self.notes.len() - 1
                }
            };
            // A label defined twice keeps its first definition, as pulldown-cmark does.
            self.notes[at].definition.get_or_insert(range);
        }
        self.notes
    }
}
