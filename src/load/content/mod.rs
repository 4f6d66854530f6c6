//! Handbook chapters: Markdown files with optional YAML front matter, each parsed once
//! into a [`Body`] that the renderers walk (the page and single-page HTML, the PDF's
//! Typst, the search index).
//!
//! A chapter's page name (its slug) comes from its file name, so every chapter is known
//! before any is parsed: links between chapters (`feedback.md#sbi`) are resolved to the
//! chapters they name while parsing ([`markdown`]).
//!
//! Every author mistake becomes a [`Diagnostic`] pointing into the chapter file; a
//! chapter with an error is left out, and the rest still load.

mod markdown;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::{MessageFormatter as _, UserMessageFormatter};

pub(crate) use markdown::has_scheme;
pub(crate) use markdown::{Body, Footnote, Heading};

use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};

/// One Markdown file to load.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Name relative to the content root, with `/`, e.g. `kpis.md` or `guides/feedback.md`.
    pub(crate) name: String,
    /// Path shown in diagnostics, e.g. `content/kpis.md` (book) or `<built-in>/content/pl/kpis.md`.
    pub(crate) path: PathBuf,
    /// The file's contents (a leading byte-order mark is ignored).
    pub(crate) text: String,
}

/// One chapter: becomes `handbook/<slug>.html`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chapter {
    /// File-name slug: `guides/feedback.md` → `guides-feedback`; becomes `handbook/<slug>.html`.
    pub(crate) slug: String,
    /// Front matter `title`, else the first `# H1`, else the file stem.
    pub(crate) title: String,
    /// Order in the contents (front matter `weight`, default 0); ties go by slug.
    pub(crate) weight: i64,
    /// Front matter `description`, for the contents page and `<meta>`.
    pub(crate) description: Option<String>,
    /// The Markdown body after the front matter, parsed.
    pub(crate) body: Body,
    /// h2/h3 headings for an in-page table of contents (h1 excluded).
    pub(crate) headings: Vec<Heading>,
    /// The body has a level-1 heading of its own, so the page template must not add one.
    pub(crate) has_h1: bool,
    /// The file, as shown in diagnostics.
    pub(crate) path: PathBuf,
    /// The shortcodes of the body, in order: token `i` stands for `shortcodes[i]`.
    pub(crate) shortcodes: Vec<crate::load::shortcode::Call>,
    /// The shortcodes checked against the book (filled in when the book is loaded).
    pub(crate) live: Vec<crate::load::shortcode::Kind>,
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

/// Parses front matter and Markdown, orders by (weight, slug). Errors go to `diags`;
/// a chapter with an error is left out.
pub(crate) fn load(sources: &[Source], diags: &mut Diagnostics) -> Vec<Chapter> {
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
        let Some(slug) = page_slug(source, diags) else {
            pages.entry(&source.name).or_insert(None);
            continue;
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

/// "guides/feedback.md" → "guides-feedback", checked to be a valid page name; `None`
/// when it is not (the error is pushed).
fn page_slug(source: &Source, diags: &mut Diagnostics) -> Option<String> {
    let name = &source.name;
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let slug = stem.replace('/', "-");
    if slug == RESERVED_SLUG {
        diags.push(
            Diagnostic::error(
                &source.path,
                format!(
                    "`{name}` is reserved: `handbook/index.html` is the handbook contents page"
                ),
            )
            .with_hint("rename it, e.g. to `introduction.md`"),
        );
        return None;
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
        diags.push(
            Diagnostic::error(
                &source.path,
                format!("chapter file name `{name}` does not make a valid page name"),
            )
            .with_hint(format!(
                "use lowercase letters, digits, `-` and `_`, e.g. `{}.md`",
                suggestion.join("/")
            )),
        );
        return None;
    }
    Some(slug)
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
    let parsed = markdown::parse(
        &body,
        &markdown::Context {
            name: &source.name,
            path: &source.path,
            text,
            body_start: split.body_start,
            pages,
        },
        diags,
    );
    let stem = source.name.rsplit('/').next().unwrap_or(&source.name);
    let stem = stem.strip_suffix(".md").unwrap_or(stem);
    let title = non_empty(front.title)
        .or_else(|| parsed.h1.clone().filter(|t| !t.is_empty()))
        .unwrap_or_else(|| stem.to_string());
    Some(Chapter {
        slug,
        title,
        weight: front.weight,
        description: non_empty(front.description),
        body: parsed.body,
        headings: parsed.headings,
        has_h1: parsed.h1.is_some(),
        path: source.path.clone(),
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
    path: &Path,
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
