//! Chapter HTML: walks a chapter's parsed [`Body`] into the body of its page, or — with
//! a [`Prefix`] — into its part of the single-page handbook, where every id and link is
//! rewritten as it is written.
//!
//! pulldown-cmark's HTML writer writes the events; the walk adds what the site shows
//! besides: a self-link in each heading, a scrolling wrapper around each table, links to
//! chapter pages, footnotes at the end of the page with links back to every citation (as
//! on GitHub), and each shortcode's HTML in place of its token.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::load::content::{Body, Chapter, Footnote};
use crate::load::shortcode::{Kind, tokens};
use crate::render::reader;

/// How ids and links are rewritten for a page that holds more than one chapter.
pub(crate) trait Prefix {
    /// The id an element of the chapter gets, for its id on the chapter's own page.
    fn id(&self, id: &str) -> String;
    /// Where a link goes, for where it goes on the chapter's own page.
    fn href(&self, href: &str) -> String;
}

/// The chapter's body HTML (no `<html>` wrapper), with `live` — each shortcode's HTML,
/// in token order — in place of the tokens. With `prefix`, ids and links are rewritten
/// (the chapter's own ones as they are written, raw and shortcode HTML by its
/// attributes).
pub(crate) fn chapter_html(
    chapter: &Chapter,
    live: &[String],
    prefix: Option<&dyn Prefix>,
) -> String {
    let walk = Walk {
        body: &chapter.body,
        prefix,
    };
    let mut html = String::with_capacity(chapter.body.events.len() * 24);
    let main = walk.flow(0..chapter.body.events.len());
    pulldown_cmark::html::push_html(&mut html, main.into_iter());
    walk.footnotes(&mut html);
    let live: Vec<Cow<'_, str>> = live.iter().map(|h| walk.raw(h)).collect();
    with_shortcodes(&html, &live, &chapter.live)
}

/// Escapes text for HTML, attribute values included.
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

/// One walk over a chapter body.
struct Walk<'b> {
    body: &'b Body,
    prefix: Option<&'b dyn Prefix>,
}

impl<'b> Walk<'b> {
    fn id<'s>(&self, id: &'s str) -> Cow<'s, str> {
        match self.prefix {
            Some(prefix) => Cow::Owned(prefix.id(id)),
            None => Cow::Borrowed(id),
        }
    }

    /// Raw HTML (the author's, a shortcode's) with its ids and links rewritten.
    fn raw<'s>(&self, html: &'s str) -> Cow<'s, str> {
        match self.prefix {
            None => Cow::Borrowed(html),
            Some(prefix) => {
                Cow::Owned(reader::rewrite_attributes(html, |name, value| match name {
                    "id" => Some(prefix.id(value)),
                    "href" => Some(prefix.href(value)),
                    _ => None,
                }))
            }
        }
    }

    /// The events to write for `range` of the body. Footnote definitions are left out:
    /// they are written at the end ([`Walk::footnotes`]).
    fn flow(&self, range: Range<usize>) -> Vec<Event<'b>> {
        let events = &self.body.events;
        let mut out: Vec<Event<'b>> = Vec::with_capacity(range.len() + 8);
        let mut heading_id = String::new();
        // A task item's text labels its checkbox: `<label>` from the marker to the end
        // of the item's own text (its paragraph, or where a nested list starts).
        let mut task_label = false;
        let mut i = range.start;
        while i < range.end {
            if task_label
                && matches!(
                    &events[i],
                    Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_))
                )
            {
                out.push(Event::InlineHtml("</label>".into()));
                task_label = false;
            }
            match &events[i] {
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    i = self.body.matching_end(i);
                }
                Event::Start(Tag::HtmlBlock) if self.prefix.is_some() => {
                    let end = self.body.matching_end(i);
                    out.push(Event::Start(Tag::HtmlBlock));
                    out.push(Event::Html(self.html_block(i + 1..end).into()));
                    out.push(Event::End(TagEnd::HtmlBlock));
                    i = end;
                }
                Event::Html(html) if self.prefix.is_some() => {
                    out.push(Event::Html(self.raw(html).into_owned().into()));
                }
                Event::InlineHtml(html) if self.prefix.is_some() => {
                    out.push(Event::InlineHtml(self.raw(html).into_owned().into()));
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    heading_id = self.id(id.as_deref().unwrap_or_default()).into_owned();
                    out.push(Event::Start(Tag::Heading {
                        level: *level,
                        id: Some(CowStr::from(heading_id.clone())),
                        classes: classes.clone(),
                        attrs: attrs
                            .iter()
                            .map(|(key, value)| (key.clone(), self.attribute(key, value)))
                            .collect(),
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    out.push(Event::InlineHtml(
                        format!(
                            // Out of the tab order: a mouse convenience, hidden from
                            // screen readers (a focusable hidden element is an error).
                            " <a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" \
                             tabindex=\"-1\">#</a>",
                            escape_html(&heading_id)
                        )
                        .into(),
                    ));
                    out.push(Event::End(TagEnd::Heading(*level)));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: self.link(i, *link_type, dest_url),
                    title: title.clone(),
                    id: id.clone(),
                })),
                Event::Start(Tag::Table(alignments)) => {
                    // A wide table scrolls on its own on a phone instead of the whole page.
                    // Focusable, so that a keyboard can scroll it too.
                    out.push(Event::Html(
                        "<div class=\"table-wrap\" tabindex=\"0\">\n".into(),
                    ));
                    out.push(Event::Start(Tag::Table(alignments.clone())));
                }
                Event::End(TagEnd::Table) => {
                    out.push(Event::End(TagEnd::Table));
                    out.push(Event::Html("</div>\n".into()));
                }
                Event::TaskListMarker(done) => {
                    let checked = if *done { " checked" } else { "" };
                    out.push(Event::InlineHtml(
                        format!(
                            "<label class=\"task\"><input type=\"checkbox\" disabled{checked}> "
                        )
                        .into(),
                    ));
                    task_label = true;
                }
                Event::FootnoteReference(label) => match self.body.footnote(label) {
                    Some(note) => out.push(Event::InlineHtml(self.reference(note, i).into())),
                    None => out.push(events[i].clone()),
                },
                event => out.push(event.clone()),
            }
            i += 1;
        }
        out
    }

    /// The HTML of an HTML block (events `range`), rewritten as one piece.
    fn html_block(&self, range: Range<usize>) -> String {
        let html: String = self.body.events[range]
            .iter()
            .filter_map(|e| match e {
                Event::Html(t) | Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        self.raw(&html).into_owned()
    }

    /// A heading's own `id` or `href` attribute (`{id=…}`) is rewritten like the rest.
    fn attribute(&self, key: &str, value: &Option<CowStr<'b>>) -> Option<CowStr<'b>> {
        let given = value.as_deref().unwrap_or_default();
        match (self.prefix, key) {
            (Some(prefix), "id") => Some(prefix.id(given).into()),
            (Some(prefix), "href") => Some(prefix.href(given).into()),
            _ => value.clone(),
        }
    }

    /// Where the link starting at event `i` goes: a chapter link to its page.
    fn link(&self, i: usize, link_type: LinkType, dest: &CowStr<'b>) -> CowStr<'b> {
        let dest = match self.body.chapter_links.get(&i) {
            Some(target) => CowStr::from(target.page()),
            None => dest.clone(),
        };
        match self.prefix {
            // An e-mail link is written `mailto:…`: no page of the book.
            Some(prefix) if link_type != LinkType::Email => prefix.href(&dest).into(),
            _ => dest,
        }
    }

    /// A citation of footnote `note` (event `i`): its number, linking to the note.
    fn reference(&self, note: &Footnote, i: usize) -> String {
        let number = note.number;
        let nth = note
            .references
            .iter()
            .position(|&r| r == i)
            .map_or(1, |n| n + 1);
        format!(
            "<sup class=\"footnote-reference\"><a href=\"#{}\" id=\"{}\">{number}</a></sup>",
            self.id(&format!("fn-{number}")),
            self.id(&reference_id(number, nth))
        )
    }

    /// Appends the footnotes section: every defined footnote in order of number, each
    /// with links back to its citations.
    fn footnotes(&self, html: &mut String) {
        let notes: Vec<(&Footnote, Range<usize>)> = self
            .body
            .footnotes
            .iter()
            .filter_map(|note| Some((note, note.definition.clone()?)))
            .collect();
        if notes.is_empty() {
            return;
        }
        html.push_str("<section class=\"footnotes\">\n<ol>\n");
        for (note, range) in notes {
            let mut body = self.flow(range);
            let backrefs: Vec<String> = (1..=note.references.len())
                .map(|n| {
                    let mark = if n == 1 {
                        String::new()
                    } else {
                        format!("<sup>{n}</sup>")
                    };
                    format!(
                        "<a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\">↩{mark}</a>",
                        self.id(&reference_id(note.number, n))
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
            let id = self.id(&format!("fn-{}", note.number)).into_owned();
            html.push_str(&format!("<li id=\"{id}\">\n"));
            pulldown_cmark::html::push_html(html, body.into_iter());
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
    }
}

/// The id of the `nth` citation of footnote `number`.
fn reference_id(number: usize, nth: usize) -> String {
    if nth <= 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{nth}")
    }
}

/// `html` with each shortcode token replaced by its HTML in `live` (a token without
/// stays). A block of `kinds` alone in its paragraph replaces the paragraph.
pub(crate) fn with_shortcodes<S: AsRef<str>>(html: &str, live: &[S], kinds: &[Kind]) -> String {
    let extra: usize = live.iter().map(|h| h.as_ref().len()).sum();
    let mut out = String::with_capacity(html.len() + extra);
    let mut last = 0;
    for (mut range, i) in tokens(html) {
        let Some(text) = live.get(i) else {
            continue;
        };
        if kinds.get(i).is_some_and(|kind| {
            matches!(
                kind,
                Kind::Kpis { .. }
                    | Kind::Roster { .. }
                    | Kind::Chart { .. }
                    | Kind::Pipeline { .. }
            )
        }) && html[..range.start].ends_with("<p>")
            && html[range.end..].starts_with("</p>")
        {
            range = range.start - 3..range.end + 4;
        }
        out.push_str(&html[last..range.start]);
        out.push_str(text.as_ref());
        last = range.end;
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests;
