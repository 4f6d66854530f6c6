//! Handbook chapters: Markdown files with optional YAML front matter, rendered to HTML
//! fragments that the page templates wrap.
//!
//! A chapter's page name (its slug) comes from its file name, so every chapter is known
//! before any is rendered: links between chapters (`feedback.md#sbi`) are rewritten to
//! the pages they become (`feedback.html#sbi`). Rendering works on pulldown-cmark's event
//! stream, never on the HTML text: heading ids and self-links, chapter links, scrolling
//! table wrappers and end-of-page footnotes are all event rewrites.
//!
//! Every author mistake becomes a [`Diagnostic`] pointing into the chapter file; a
//! chapter with an error is left out, and the rest still render.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use serde_saphyr::{MessageFormatter as _, UserMessageFormatter};

use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};

/// One Markdown file to load.
#[derive(Debug, Clone)]
pub struct Source {
    /// Name relative to the content root, with `/`, e.g. `kpis.md` or `guides/feedback.md`.
    pub name: String,
    /// Path shown in diagnostics, e.g. `content/kpis.md` (book) or `<built-in>/content/pl/kpis.md`.
    pub path: PathBuf,
    /// The file's contents (a leading byte-order mark is ignored).
    pub text: String,
}

/// A heading of a chapter, for the in-page table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 2 or 3 in [`Chapter::headings`].
    pub level: u8,
    /// The heading's `id` attribute, the target of `#id` links.
    pub id: String,
    /// The heading as plain text (no markup).
    pub text: String,
}

/// One rendered chapter: becomes `handbook/<slug>.html`.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// File-name slug: `guides/feedback.md` → `guides-feedback`; becomes `handbook/<slug>.html`.
    pub slug: String,
    /// Front matter `title`, else the first `# H1`, else the file stem.
    pub title: String,
    /// Order in the contents (front matter `weight`, default 0); ties go by slug.
    pub weight: i64,
    /// Front matter `description`, for the contents page and `<meta>`.
    pub description: Option<String>,
    /// Rendered body HTML (no `<html>` wrapper).
    pub html: String,
    /// h2/h3 headings for an in-page table of contents (h1 excluded).
    pub headings: Vec<Heading>,
    /// The body has a level-1 heading of its own, so the page template must not add one.
    pub has_h1: bool,
    /// The file, as shown in diagnostics.
    pub path: PathBuf,
    /// The Markdown body after the front matter, for other renderers (the PDF), with
    /// shortcodes replaced by their tokens.
    pub markdown: String,
    /// The shortcodes of the body, in order: token `i` stands for `shortcodes[i]`.
    pub shortcodes: Vec<crate::load::shortcode::Call>,
    /// The shortcodes checked against the book (filled in by [`crate::load::book::load`]).
    pub live: Vec<crate::load::shortcode::Kind>,
}

/// The keys front matter accepts, for "did you mean" hints.
const FRONT_MATTER_KEYS: [&str; 3] = ["title", "weight", "description"];

/// Page name of the handbook contents page, so no chapter may take it.
const RESERVED_SLUG: &str = "index";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    #[serde(default)]
    weight: i64,
    description: Option<String>,
}

/// Parses front matter, renders Markdown, orders by (weight, slug). Errors go to `diags`;
/// a chapter with an error is left out.
pub fn load(sources: &[Source], diags: &mut Diagnostics) -> Vec<Chapter> {
    // Sorted first, so which of two clashing files gets the error does not depend on
    // the order the caller walked the folder in.
    let mut sorted: Vec<&Source> = sources.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));

    // Every name maps to its page, or to None when the name itself is in error: links to
    // such a file are not "unknown", its own diagnostic already says what is wrong.
    let mut pages: BTreeMap<&str, Option<String>> = BTreeMap::new();
    let mut owners: BTreeMap<String, &Source> = BTreeMap::new();
    let mut valid: Vec<(&Source, String)> = Vec::new();
    for source in sorted {
        let slug = match page_slug(&source.name) {
            Ok(slug) => slug,
            Err(diagnostic) => {
                diags.push(diagnostic.located(&source.path));
                pages.entry(&source.name).or_insert(None);
                continue;
            }
        };
        if let Some(first) = owners.get(&slug) {
            diags.push(
                Diagnostic::error(
                    &source.path,
                    format!(
                        "chapters `{}` and `{}` would both be `handbook/{slug}.html`",
                        first.name, source.name
                    ),
                )
                .with_hint("rename one of them"),
            );
            pages.entry(&source.name).or_insert(None);
            continue;
        }
        owners.insert(slug.clone(), source);
        pages.insert(&source.name, Some(slug.clone()));
        valid.push((source, slug));
    }

    let mut chapters: Vec<Chapter> = valid
        .into_iter()
        .filter_map(|(source, slug)| load_one(source, slug, &pages, diags))
        .collect();
    chapters.sort_by(|a, b| (a.weight, &a.slug).cmp(&(b.weight, &b.slug)));
    chapters
}

/// A file-level problem whose file is filled in by the caller.
struct NameProblem {
    message: String,
    hint: String,
}

impl NameProblem {
    fn located(self, path: &std::path::Path) -> Diagnostic {
        Diagnostic::error(path, self.message).with_hint(self.hint)
    }
}

/// "guides/feedback.md" → "guides-feedback", checked to be a valid page name.
fn page_slug(name: &str) -> Result<String, NameProblem> {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let slug = stem.replace('/', "-");
    if slug == RESERVED_SLUG {
        return Err(NameProblem {
            message: format!(
                "`{name}` is reserved: `handbook/index.html` is the handbook contents page"
            ),
            hint: "rename it, e.g. to `introduction.md`".into(),
        });
    }
    if !crate::base::slug::is_slug(&slug) {
        let suggestion: Vec<String> = stem
            .split('/')
            .map(|part| {
                let part = crate::base::slug::slug_text(part, false);
                if part.is_empty() {
                    "chapter".to_string()
                } else {
                    part
                }
            })
            .collect();
        return Err(NameProblem {
            message: format!("chapter file name `{name}` does not make a valid page name"),
            hint: format!(
                "use lowercase letters, digits, `-` and `_`, e.g. `{}.md`",
                suggestion.join("/")
            ),
        });
    }
    Ok(slug)
}

fn load_one(
    source: &Source,
    slug: String,
    pages: &BTreeMap<&str, Option<String>>,
    diags: &mut Diagnostics,
) -> Option<Chapter> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let Some(split) = split_front_matter(text) else {
        diags.push(
            Diagnostic::error(&source.path, "front matter is not closed")
                .at(text, 1, 1)
                .with_len(3)
                .with_hint("end the front matter with a line `---`"),
        );
        return None;
    };
    let front = match split.yaml {
        None => FrontMatter::default(),
        Some(yaml) => match serde_saphyr::from_str::<FrontMatter>(yaml) {
            Ok(front) => front,
            Err(error) => {
                diags.push(yaml_diagnostic(&error, text, split.yaml_line, &source.path));
                return None;
            }
        },
    };

    let (body, shortcodes) =
        crate::load::shortcode::extract(text, split.body_start, &source.path, diags);
    let rendered = render(text, &body, split.body_start, source, pages, diags);
    let stem = source.name.rsplit('/').next().unwrap_or(&source.name);
    let stem = stem.strip_suffix(".md").unwrap_or(stem);
    let title = non_empty(front.title)
        .or_else(|| rendered.h1.clone().filter(|t| !t.is_empty()))
        .unwrap_or_else(|| stem.to_string());
    Some(Chapter {
        slug,
        title,
        weight: front.weight,
        description: non_empty(front.description),
        html: rendered.html,
        headings: rendered.headings,
        has_h1: rendered.h1.is_some(),
        path: source.path.clone(),
        markdown: body,
        shortcodes,
        live: Vec::new(),
    })
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// Where front matter and body lie in a chapter file.
struct Split<'a> {
    /// The YAML between the `---` lines, if the file has front matter.
    yaml: Option<&'a str>,
    /// 1-based line of the file on which the YAML starts.
    yaml_line: usize,
    /// Byte offset of the Markdown body.
    body_start: usize,
}

/// Finds front matter: a first line `---` and the next line `---`. `None` when it is
/// opened and never closed.
fn split_front_matter(text: &str) -> Option<Split<'_>> {
    let no_front = Split {
        yaml: None,
        yaml_line: 0,
        body_start: 0,
    };
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_fence(&text[..first_end]) {
        return Some(no_front);
    }
    let mut at = first_end;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        if is_fence(&text[at..end]) {
            return Some(Split {
                yaml: Some(&text[first_end..at]),
                yaml_line: 2,
                body_start: end,
            });
        }
        at = end;
    }
    None
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Turns a serde-saphyr error into a diagnostic at the right place of the chapter file.
fn yaml_diagnostic(
    error: &serde_saphyr::Error,
    text: &str,
    yaml_line: usize,
    path: &std::path::Path,
) -> Diagnostic {
    // The formatter gives the bare message; Display would add its own snippet.
    let raw = UserMessageFormatter.format_message(error.without_snippet());
    let raw: String = raw
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let (line, col) = match error.location() {
        Some(loc) if loc.line() > 0 => (
            usize::try_from(loc.line())
                .unwrap_or(usize::MAX)
                .saturating_add(yaml_line - 1),
            usize::try_from(loc.column()).unwrap_or(0),
        ),
        // No position: point at the opening `---`.
        _ => (1, 1),
    };
    let line_text = text.lines().nth(line - 1).unwrap_or_default();
    let key = key_on_line(line_text)
        .filter(|(_, end)| col > *end)
        .map(|(k, _)| k);
    let rest: String = line_text.chars().skip(col.saturating_sub(1)).collect();
    let value_len = rest
        .split(" #")
        .next()
        .unwrap_or_default()
        .trim_end()
        .chars()
        .count();

    let (message, hint, len) = if let Some(name) = raw
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        let hint = did_you_mean(name, FRONT_MATTER_KEYS).unwrap_or_else(|| {
            "front matter keys are `title`, `weight` and `description`".to_string()
        });
        (
            format!("unknown front matter key `{name}`"),
            Some(hint),
            name.chars().count(),
        )
    } else if raw.contains("i64") {
        (
            format!("`{}` must be a whole number", key.unwrap_or("weight")),
            Some("chapters are ordered by weight, lowest first, e.g. `weight: 2`".to_string()),
            value_len,
        )
    } else if raw == "expected string scalar" {
        let (message, example) = match key {
            Some(key) => (format!("`{key}` must be text"), key),
            None => ("expected text".to_string(), "title"),
        };
        (
            message,
            Some(format!("put the text in quotes, e.g. `{example}: \"…\"`")),
            value_len,
        )
    } else if raw == "expected mapping start" {
        (
            "front matter must be `key: value` lines".to_string(),
            Some("front matter keys are `title`, `weight` and `description`".to_string()),
            1,
        )
    } else if raw.starts_with("mapping values are not allowed") {
        (
            format!("invalid front matter: {raw}"),
            Some(
                "a value that contains `: ` must be in quotes, e.g. `title: \"KPIs: the basics\"`"
                    .to_string(),
            ),
            1,
        )
    } else {
        (format!("invalid front matter: {raw}"), None, 1)
    };
    let diagnostic = Diagnostic::error(path, message)
        .at(text, line, col)
        .with_len(len);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// The `key` of a `key: value` line and the column where the key ends.
fn key_on_line(line: &str) -> Option<(&str, usize)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let end = rest.find(':')?;
    let key = rest[..end].trim_end();
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then(|| (key, line[..indent].chars().count() + key.chars().count()))
}

fn markdown_options() -> Options {
    // Smart punctuation stays off: authors write the quotes and dashes they mean.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

struct Rendered {
    html: String,
    headings: Vec<Heading>,
    /// Text of the first level-1 heading.
    h1: Option<String>,
}

/// A heading being read: its start event is patched with the id at its end.
struct OpenHeading {
    index: usize,
    level: HeadingLevel,
    custom_id: Option<String>,
    text: String,
}

/// Renders `body`, the Markdown of `text` from `body_start` with shortcodes replaced
/// by tokens of the same length, to HTML. Diagnostics quote `text`.
fn render(
    text: &str,
    body: &str,
    body_start: usize,
    source: &Source,
    pages: &BTreeMap<&str, Option<String>>,
    diags: &mut Diagnostics,
) -> Rendered {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .collect();
    let warn_at = |message: String, offset: usize, len: usize| {
        Diagnostic::warning(&source.path, message)
            .at_offset(text, body_start + offset)
            .with_len(len)
    };

    // Custom ids are taken before any generated one, wherever they appear.
    let mut ids = BTreeSet::new();
    for (event, range) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event
            && !ids.insert(id.to_string())
        {
            diags.push(warn_at(
                format!("duplicate heading id `{id}`"),
                range.start,
                1,
            ));
        }
    }

    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    let mut open: Option<OpenHeading> = None;
    let mut headings = Vec::new();
    let mut h1 = None;
    let mut footnotes = Footnotes::default();
    for (event, range) in events {
        if let Some(heading) = &mut open {
            match &event {
                Event::Text(t) | Event::Code(t) => heading.text.push_str(t),
                Event::SoftBreak | Event::HardBreak => heading.text.push(' '),
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                if body[range.clone()].contains(crate::load::shortcode::TOKEN_START) {
                    diags.push(
                        Diagnostic::error(&source.path, "shortcodes cannot be used in headings")
                            .at_offset(text, body_start + range.start)
                            .with_len(body[range.clone()].lines().next().unwrap_or("").chars().count())
                            .with_hint("write the heading as text and put the shortcode in the paragraph below"),
                    );
                }
                open = Some(OpenHeading {
                    index: out.len(),
                    level,
                    custom_id: id.map(|id| id.to_string()),
                    text: String::new(),
                });
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(heading) = open.take() {
                    let text = heading.text.trim().to_string();
                    let id = heading
                        .custom_id
                        .unwrap_or_else(|| unique_id(&slugify(&text), &mut ids));
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut out[heading.index] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    out.push(Event::InlineHtml(
                        format!(
                            " <a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\">#</a>",
                            escape_html(&id)
                        )
                        .into(),
                    ));
                    match heading.level {
                        HeadingLevel::H1 => {
                            h1.get_or_insert(text);
                        }
                        HeadingLevel::H2 | HeadingLevel::H3 => headings.push(Heading {
                            level: heading.level as u8,
                            id,
                            text,
                        }),
                        _ => {}
                    }
                }
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match link_type {
                    LinkType::Autolink | LinkType::Email => dest_url,
                    _ => match chapter_link(&source.name, &dest_url, pages) {
                        ChapterLink::NotChapter => dest_url,
                        ChapterLink::Page(page) => page.into(),
                        ChapterLink::Unknown { hint } => {
                            // Point at the destination itself when it is written inline.
                            let (offset, len) = body[range.clone()]
                                .find(dest_url.as_ref())
                                .map_or((range.start, 1), |at| {
                                    (range.start + at, dest_url.chars().count())
                                });
                            let warning = warn_at(
                                format!("link to unknown chapter `{dest_url}`"),
                                offset,
                                len,
                            );
                            diags.push(match hint {
                                Some(hint) => warning.with_hint(hint),
                                None => warning,
                            });
                            dest_url
                        }
                    },
                };
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Table(alignments)) => {
                // A wide table scrolls on its own on a phone instead of the whole page.
                out.push(Event::Html("<div class=\"table-wrap\">\n".into()));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>\n".into()));
            }
            Event::FootnoteReference(label) => {
                out.push(Event::InlineHtml(footnotes.reference(&label).into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                footnotes.definitions.push((label_key(&label), range.start));
                out.push(Event::Start(Tag::FootnoteDefinition(label)));
            }
            other => out.push(other),
        }
    }

    let (main, definitions) = take_footnote_definitions(out);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, main.into_iter());
    footnotes.render(definitions, &mut html, |label, offset| {
        diags.push(warn_at(
            format!("footnote `{label}` is never referenced"),
            offset,
            1,
        ));
    });
    Rendered { html, headings, h1 }
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

/// A heading's id from its text: lowercase, diacritics folded to ASCII, every run of
/// other characters one `-`. Letters with no ASCII form (Cyrillic, CJK) are kept.
pub fn slugify(text: &str) -> String {
    let slug = crate::base::slug::slug_text(text, true);
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

enum ChapterLink {
    /// External, absolute, in-page or not Markdown: left as written.
    NotChapter,
    /// The chapter page the link now points to.
    Page(String),
    /// A `.md` link to no chapter, with a suggestion.
    Unknown { hint: Option<String> },
}

/// Resolves a link written in chapter `from` against the chapter names.
fn chapter_link(from: &str, dest: &str, pages: &BTreeMap<&str, Option<String>>) -> ChapterLink {
    let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || dest.starts_with('/') || dest.starts_with('#') {
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
        Some(Some(slug)) if !escapes => ChapterLink::Page(format!("{slug}.html{suffix}")),
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

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Footnote labels match case-insensitively, as in GitHub Markdown.
fn label_key(label: &str) -> String {
    label.to_lowercase()
}

/// Footnotes are numbered in the order they are first referenced and listed at the
/// end of the page, each with links back to its references (as on GitHub). Ids use the
/// number, so any label makes a valid, unique id.
#[derive(Default)]
struct Footnotes {
    /// Label key → (number, how many references so far).
    numbers: BTreeMap<String, (usize, usize)>,
    /// Label key and byte offset of each definition, in document order.
    definitions: Vec<(String, usize)>,
}

impl Footnotes {
    fn reference(&mut self, label: &str) -> String {
        let next = self.numbers.len() + 1;
        let entry = self.numbers.entry(label_key(label)).or_insert((next, 0));
        entry.1 += 1;
        let (number, count) = *entry;
        format!(
            "<sup class=\"footnote-reference\"><a href=\"#fn-{number}\" id=\"{}\">{number}</a></sup>",
            reference_id(number, count)
        )
    }

    /// Appends the footnotes section; `unreferenced` reports a definition no one cites.
    fn render(
        mut self,
        bodies: Vec<Vec<Event<'_>>>,
        html: &mut String,
        mut unreferenced: impl FnMut(&str, usize),
    ) {
        let mut items: BTreeMap<usize, (usize, Vec<Event<'_>>)> = BTreeMap::new();
        for ((key, offset), body) in self.definitions.iter().zip(bodies) {
            let number = match self.numbers.get(key) {
                Some(&(number, _)) => number,
                None => {
                    unreferenced(key, *offset);
                    let number = self.numbers.len() + 1;
                    self.numbers.insert(key.clone(), (number, 0));
                    number
                }
            };
            // A label defined twice keeps its first definition, as pulldown-cmark does.
            items.entry(number).or_insert((self.refs(key), body));
        }
        if items.is_empty() {
            return;
        }
        html.push_str("<section class=\"footnotes\">\n<ol>\n");
        for (number, (refs, mut body)) in items {
            let backrefs: Vec<String> = (1..=refs)
                .map(|n| {
                    let mark = if n == 1 {
                        String::new()
                    } else {
                        format!("<sup>{n}</sup>")
                    };
                    format!(
                        "<a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\">↩{mark}</a>",
                        reference_id(number, n)
                    )
                })
                .collect();
            if !backrefs.is_empty() {
                let backrefs = format!(" {}", backrefs.join(" "));
                if matches!(body.last(), Some(Event::End(TagEnd::Paragraph))) {
                    body.insert(body.len() - 1, Event::InlineHtml(backrefs.into()));
                } else {
                    body.push(Event::Html(format!("<p>{}</p>\n", backrefs.trim()).into()));
                }
            }
            html.push_str(&format!("<li id=\"fn-{number}\">\n"));
            pulldown_cmark::html::push_html(html, body.into_iter());
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
    }

    fn refs(&self, key: &str) -> usize {
        self.numbers.get(key).map_or(0, |&(_, count)| count)
    }
}

fn reference_id(number: usize, nth: usize) -> String {
    if nth <= 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{nth}")
    }
}

/// Splits footnote definitions (without their start and end tags) out of the page.
fn take_footnote_definitions(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<Vec<Event<'_>>>) {
    let mut main = Vec::with_capacity(events.len());
    let mut definitions = Vec::new();
    let mut current: Option<Vec<Event<'_>>> = None;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => current = Some(Vec::new()),
            Event::End(TagEnd::FootnoteDefinition) => {
                definitions.extend(current.take());
            }
            event => match &mut current {
                Some(body) => body.push(event),
                None => main.push(event),
            },
        }
    }
    (main, definitions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> Source {
        Source {
            name: name.to_string(),
            path: PathBuf::from(format!("content/{name}")),
            text: text.to_string(),
        }
    }

    fn load_all(files: &[(&str, &str)]) -> (Vec<Chapter>, Vec<Diagnostic>) {
        let sources: Vec<Source> = files.iter().map(|(n, t)| source(n, t)).collect();
        let mut diags = Diagnostics::new();
        let chapters = load(&sources, &mut diags);
        (chapters, diags.sorted())
    }

    fn one(text: &str) -> Chapter {
        let (chapters, diags) = load_all(&[("chapter.md", text)]);
        assert!(diags.is_empty(), "unexpected diagnostics: {diags:?}");
        chapters.into_iter().next().expect("one chapter")
    }

    fn only_diagnostic(name: &str, text: &str) -> Diagnostic {
        let (_, diags) = load_all(&[(name, text)]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        diags.into_iter().next().expect("one diagnostic")
    }

    #[test]
    fn front_matter_is_parsed() {
        let cases: &[(&str, &str, i64, Option<&str>)] = &[
            (
                "---\ntitle: KPIs\nweight: 2\ndescription: What we measure\n---\nBody\n",
                "KPIs",
                2,
                Some("What we measure"),
            ),
            ("---\ntitle: \"Quoted: yes\"\n---\n", "Quoted: yes", 0, None),
            (
                "---\r\nweight: -3\r\n---\r\n# Heading\r\n",
                "Heading",
                -3,
                None,
            ),
            ("---\n---\nBody\n", "chapter", 0, None),
            ("\u{feff}---\nweight: 1\n---\n", "chapter", 1, None),
        ];
        for &(text, title, weight, description) in cases {
            let chapter = one(text);
            assert_eq!(chapter.title, title, "{text:?}");
            assert_eq!(chapter.weight, weight, "{text:?}");
            assert_eq!(chapter.description.as_deref(), description, "{text:?}");
            assert!(!chapter.html.contains("---"), "{text:?}: {}", chapter.html);
        }
    }

    #[test]
    fn unknown_front_matter_key_points_into_the_chapter_with_a_hint() {
        let d = only_diagnostic("kpis.md", "---\ntitle: KPIs\nwieght: 2\n---\n# KPIs\n");
        assert!(d.is_error());
        assert_eq!(d.message, "unknown front matter key `wieght`");
        assert_eq!((d.line, d.col, d.len), (3, 1, 6));
        assert_eq!(d.snippet.as_deref(), Some("wieght: 2"));
        assert_eq!(d.hint.as_deref(), Some("did you mean `weight`?"));
        assert_eq!(d.file, PathBuf::from("content/kpis.md"));
    }

    #[test]
    fn front_matter_type_errors_point_at_the_value() {
        let cases = [
            (
                "---\ntitle: KPIs\nweight: \"abc\"\n---\n",
                "`weight` must be a whole number",
                (3, 9, 5),
            ),
            (
                "---\nweight: 1.5\n---\n",
                "`weight` must be a whole number",
                (2, 9, 3),
            ),
            (
                "---\ntitle: [a, b]\n---\n",
                "`title` must be text",
                (2, 8, 6),
            ),
            (
                "---\ndescription: {a: 1}\n---\n",
                "`description` must be text",
                (2, 14, 6),
            ),
            (
                "---\njust text\n---\n",
                "front matter must be `key: value` lines",
                (2, 1, 1),
            ),
        ];
        for (text, message, position) in cases {
            let d = only_diagnostic("kpis.md", text);
            assert_eq!(d.message, message, "{text:?}");
            assert_eq!((d.line, d.col, d.len), position, "{text:?}");
        }
    }

    #[test]
    fn yaml_syntax_errors_are_shifted_to_the_chapter_line() {
        let d = only_diagnostic("a.md", "---\ntitle: A\ntitle: B\n---\n");
        assert_eq!(
            d.message,
            "invalid front matter: duplicate mapping key `title` is not allowed here"
        );
        assert_eq!((d.line, d.col), (3, 1));

        let d = only_diagnostic("a.md", "---\nweight: 1\ntitle: Zażółć: gęślą\n---\n");
        assert_eq!(
            d.message,
            "invalid front matter: mapping values are not allowed in this context"
        );
        assert_eq!((d.line, d.col), (3, 14), "columns count characters");
        assert!(d.hint.is_some_and(|h| h.contains("in quotes")));
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_one() {
        let d = only_diagnostic("a.md", "---\ntitle: A\n\n# Body\n");
        assert_eq!(d.message, "front matter is not closed");
        assert_eq!((d.line, d.col), (1, 1));
        assert_eq!(d.snippet.as_deref(), Some("---"));
    }

    #[test]
    fn chapter_with_an_error_is_left_out_and_others_load() {
        let (chapters, diags) = load_all(&[("a.md", "---\nwieght: 1\n---\n"), ("b.md", "B\n")]);
        assert_eq!(diags.len(), 1);
        let slugs: Vec<&str> = chapters.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs, ["b"]);
    }

    #[test]
    fn chapters_are_ordered_by_weight_then_slug() {
        let (chapters, diags) = load_all(&[
            ("zeta.md", "---\nweight: 1\n---\n"),
            ("beta.md", "---\nweight: 2\n---\n"),
            ("alpha.md", "---\nweight: 2\n---\n"),
            ("guides/intro.md", "no front matter\n"),
            ("minus.md", "---\nweight: -1\n---\n"),
        ]);
        assert!(diags.is_empty());
        let slugs: Vec<&str> = chapters.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs, ["minus", "guides-intro", "zeta", "alpha", "beta"]);
    }

    #[test]
    fn title_falls_back_to_first_h1_then_file_stem() {
        let cases = [
            (
                "---\ntitle: From front matter\n---\n# From H1\n",
                "From front matter",
                true,
            ),
            (
                "Intro.\n\n# From *H1* `code`\n\n# Second\n",
                "From H1 code",
                true,
            ),
            ("## Only an h2\n", "feedback", false),
            ("---\ntitle: \"  \"\n---\nNo heading\n", "feedback", false),
        ];
        for (text, title, has_h1) in cases {
            let (chapters, diags) = load_all(&[("guides/feedback.md", text)]);
            assert!(diags.is_empty(), "{diags:?}");
            assert_eq!(chapters[0].title, title, "{text:?}");
            assert_eq!(chapters[0].has_h1, has_h1, "{text:?}");
        }
    }

    #[test]
    fn headings_get_ids_and_self_links() {
        let chapter = one(
            "# Zażółć gęślą jaźń\n\n## Æble, smørbrød & Straße\n\n### Señor Müller's NPS?\n\n\
             ## Duplicate\n\n## Duplicate\n\n## Duplicate\n\n## Own {#my-id}\n\n## My id\n\n\
             #### Deep\n\n## !!!\n",
        );
        let ids: Vec<(u8, &str)> = chapter
            .headings
            .iter()
            .map(|h| (h.level, h.id.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (2, "aeble-smorbrod-strasse"),
                (3, "senor-muller-s-nps"),
                (2, "duplicate"),
                (2, "duplicate-1"),
                (2, "duplicate-2"),
                (2, "my-id"),
                (2, "my-id-1"),
                (2, "section"),
            ]
        );
        assert!(chapter.html.contains(
            "<h1 id=\"zazolc-gesla-jazn\">Zażółć gęślą jaźń \
             <a class=\"anchor\" href=\"#zazolc-gesla-jazn\" aria-hidden=\"true\">#</a></h1>"
        ));
        assert!(chapter.html.contains("<h4 id=\"deep\">"));
        assert_eq!(chapter.headings[1].text, "Señor Müller's NPS?");
        assert_eq!(chapter.headings[5].text, "Own");
    }

    #[test]
    fn duplicate_custom_heading_id_is_a_warning() {
        let (chapters, diags) = load_all(&[("a.md", "## One {#x}\n\n## Two {#x}\n\n## X\n")]);
        let ids: Vec<&str> = chapters[0].headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["x", "x", "x-1"]);
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error());
        assert_eq!(diags[0].message, "duplicate heading id `x`");
        assert_eq!(diags[0].line, 3);
    }

    #[test]
    fn slugify_folds_diacritics_and_collapses_separators() {
        let cases = [
            ("Średni czas obsługi (AHT)", "sredni-czas-obslugi-aht"),
            ("  --Łódź__Kraków--  ", "lodz-krakow"),
            ("Åpen ærlig øving", "apen-aerlig-oving"),
            ("Привет мир", "привет-мир"),
            ("?!", "section"),
        ];
        for (text, slug) in cases {
            assert_eq!(slugify(text), slug, "{text:?}");
        }
    }

    #[test]
    fn tables_footnotes_and_task_lists_render() {
        let (chapters, diags) = load_all(&[(
            "chapter.md",
            "| KPI | Better |\n|---|---|\n| AHT | lower |\n\n\
             Use SBI[^sbi] and ~~blame~~ facts[^Sbi].\n\n- [ ] before\n- [x] after\n\n\
             [^sbi]: Situation, Behaviour, Impact.\n\n[^lonely]: Never cited.\n",
        )]);
        let html = &chapters[0].html;
        assert!(
            html.starts_with("<div class=\"table-wrap\">\n<table>"),
            "{html}"
        );
        assert!(html.contains("</table>\n</div>\n"), "{html}");
        assert!(html.contains("<del>blame</del>"));
        assert!(html.contains("<input disabled=\"\" type=\"checkbox\"/>"));
        assert!(html.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>"));
        assert!(html.contains(
            "SBI<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>"
        ));
        assert!(html.contains("id=\"fnref-1-2\">1</a>"), "{html}");
        assert!(html.contains(
            "<section class=\"footnotes\">\n<ol>\n<li id=\"fn-1\">\n<p>Situation, Behaviour, Impact. \
             <a href=\"#fnref-1\" class=\"footnote-backref\" role=\"doc-backlink\">↩</a> \
             <a href=\"#fnref-1-2\" class=\"footnote-backref\" role=\"doc-backlink\">↩<sup>2</sup></a></p>\n</li>\n\
             <li id=\"fn-2\">\n<p>Never cited.</p>\n</li>\n</ol>\n</section>\n"
        ), "{html}");
        // The unreferenced footnote is still shown, with a warning.
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error());
        assert_eq!(diags[0].message, "footnote `lonely` is never referenced");
        assert_eq!(diags[0].line, 12);
    }

    #[test]
    fn smart_punctuation_is_off_and_raw_html_passes() {
        let chapter = one("\"Quotes\" -- and <kbd>Ctrl</kbd>\n");
        assert_eq!(chapter.html, "<p>\"Quotes\" -- and <kbd>Ctrl</kbd></p>\n");
    }

    #[test]
    fn links_to_chapters_are_rewritten() {
        let (chapters, diags) = load_all(&[
            ("kpis.md", "---\nweight: 1\n---\n"),
            (
                "guides/feedback.md",
                "---\nweight: 2\n---\n[a](../kpis.md) [b](coaching.md#sbi) [c](./coaching.md?x=1)\n\
                 [d](https://example.com/x.md) [e](#local) [f](../notes.txt) <https://a.md>\n[g][ref]\n\n\
                 [ref]: ../kpis.md#aht\n",
            ),
            (
                "guides/coaching.md",
                "---\nweight: 3\n---\n[back](feedback.md)\n",
            ),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        let html = &chapters[1].html;
        for expected in [
            "href=\"kpis.html\"",
            "href=\"guides-coaching.html#sbi\"",
            "href=\"guides-coaching.html?x=1\"",
            "href=\"https://example.com/x.md\"",
            "href=\"#local\"",
            "href=\"../notes.txt\"",
            "href=\"https://a.md\"",
            "href=\"kpis.html#aht\"",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        assert!(chapters[2].html.contains("href=\"guides-feedback.html\""));
    }

    #[test]
    fn link_to_unknown_chapter_is_a_warning_at_its_line() {
        let (chapters, diags) = load_all(&[
            (
                "guides/feedback.md",
                "Intro.\n\nSee the [KPIs](../kpi.md#aht).\n",
            ),
            ("kpis.md", ""),
        ]);
        assert_eq!(chapters.len(), 2, "a warning keeps the chapter");
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert!(!d.is_error());
        assert_eq!(d.message, "link to unknown chapter `../kpi.md#aht`");
        assert_eq!((d.line, d.col, d.len), (3, 16, 13));
        assert_eq!(d.hint.as_deref(), Some("did you mean `../kpis.md`?"));
    }

    #[test]
    fn bad_chapter_names_are_errors() {
        let cases = [
            (
                vec!["index.md"],
                "`index.md` is reserved: `handbook/index.html` is the handbook contents page",
                "rename it, e.g. to `introduction.md`",
            ),
            (
                vec!["Sales Tips.md"],
                "chapter file name `Sales Tips.md` does not make a valid page name",
                "use lowercase letters, digits, `-` and `_`, e.g. `sales-tips.md`",
            ),
            (
                vec!["Przewodnik/Żółw.md"],
                "chapter file name `Przewodnik/Żółw.md` does not make a valid page name",
                "use lowercase letters, digits, `-` and `_`, e.g. `przewodnik/zolw.md`",
            ),
            (
                vec!["guides/feedback.md", "guides-feedback.md"],
                "chapters `guides-feedback.md` and `guides/feedback.md` would both be \
                 `handbook/guides-feedback.html`",
                "rename one of them",
            ),
        ];
        for (names, message, hint) in cases {
            let files: Vec<(&str, &str)> = names.iter().map(|n| (*n, "Text\n")).collect();
            let (chapters, diags) = load_all(&files);
            assert_eq!(chapters.len(), names.len() - 1, "{names:?}");
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert_eq!(diags[0].message, message);
            assert_eq!(diags[0].hint.as_deref(), Some(hint));
        }
    }

    #[test]
    fn output_is_deterministic_whatever_the_source_order() {
        let files = [
            ("b.md", "[x](a.md)\n\n## H\n\n## H\n"),
            ("a.md", "---\nweight: 1\n---\n# A\n"),
            ("guides-x.md", ""),
            ("guides/x.md", ""),
        ];
        let mut reversed = files;
        reversed.reverse();
        let (first, first_diags) = load_all(&files);
        let (second, second_diags) = load_all(&reversed);
        assert_eq!(first, second);
        assert_eq!(first_diags, second_diags);
    }

    #[test]
    fn builtin_handbooks_load_without_diagnostics_in_the_same_order() {
        let mut orders = Vec::new();
        for lang in ["en", "pl"] {
            let files: Vec<(String, String)> =
                crate::base::embedded::under(&format!("content/{lang}"))
                    .filter(|(name, _)| name.ends_with(".md"))
                    .map(|(name, bytes)| {
                        (
                            name.to_string(),
                            String::from_utf8_lossy(bytes).into_owned(),
                        )
                    })
                    .collect();
            let files: Vec<(&str, &str)> = files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            // Links between chapters must resolve against the whole set.
            let (chapters, diags) = load_all(&files);
            assert!(diags.is_empty(), "{lang}: {diags:?}");
            assert!(chapters.len() >= 10, "{lang}: {} chapters", chapters.len());
            assert_eq!(chapters[0].slug, "welcome");
            for chapter in &chapters {
                assert!(chapter.description.is_some(), "{lang}/{}", chapter.slug);
                assert!(!chapter.headings.is_empty(), "{lang}/{}", chapter.slug);
                assert!(
                    !chapter.has_h1,
                    "{lang}/{}: the title comes from front matter",
                    chapter.slug
                );
            }
            let feedback = chapters
                .iter()
                .find(|c| c.slug == "feedback")
                .expect("a feedback chapter");
            assert!(feedback.html.contains("type=\"checkbox\""));
            assert!(feedback.html.contains("class=\"footnotes\""));
            orders.push(
                chapters
                    .iter()
                    .map(|c| (c.slug.clone(), c.weight))
                    .collect::<Vec<_>>(),
            );
        }
        assert_eq!(
            orders[0], orders[1],
            "English and Polish have the same chapters in the same order"
        );
    }
}
