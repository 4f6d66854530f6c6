//! The handbook on one page (`handbook/print.html`): every chapter's HTML with its ids
//! prefixed by the chapter (`feedback--sbi`, the same labels the PDF uses), and links
//! between chapters turned into links within the page.

/// Rewrites the `id` and `href` attributes of one chapter's HTML for the single page.
/// The HTML is pulldown-cmark's and ours, so attributes are always `name="value"`
/// with `"` escaped inside values.
pub fn chapter(slug: &str, html: &str, slugs: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = next_attribute(rest) {
        let (before, after) = rest.split_at(at.start);
        out.push_str(before);
        let value_start = at.name_len + 2; // name="
        let Some(value_len) = after[value_start..].find('"') else {
            out.push_str(after);
            return out;
        };
        let value = &after[value_start..value_start + value_len];
        out.push_str(&after[..value_start]);
        if at.is_id {
            out.push_str(&format!("{slug}--{value}"));
        } else {
            out.push_str(&rewrite_href(slug, value, slugs));
        }
        out.push('"');
        rest = &after[value_start + value_len + 1..];
    }
    out.push_str(rest);
    out
}

struct Attribute {
    start: usize,
    name_len: usize,
    is_id: bool,
}

/// The next ` id="` or ` href="` inside a tag.
fn next_attribute(text: &str) -> Option<Attribute> {
    let id = text.find(" id=\"").map(|i| (i + 1, 2, true));
    let href = text.find(" href=\"").map(|i| (i + 1, 4, false));
    let (start, name_len, is_id) = match (id, href) {
        (Some(a), Some(b)) => {
            if a.0 < b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some(Attribute {
        start,
        name_len,
        is_id,
    })
}

fn rewrite_href(slug: &str, href: &str, slugs: &[String]) -> String {
    if let Some(fragment) = href.strip_prefix('#') {
        return format!("#{slug}--{fragment}");
    }
    let (page, fragment) = href.split_once('#').unwrap_or((href, ""));
    match page.strip_suffix(".html") {
        Some(other) if slugs.iter().any(|s| s == other) => {
            if fragment.is_empty() {
                format!("#{other}")
            } else {
                format!("#{other}--{fragment}")
            }
        }
        _ => href.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_become_page_local() {
        let slugs = vec!["kpis".to_string(), "feedback".to_string()];
        let html = concat!(
            r##"<h2 id="sbi">SBI <a class="anchor" href="#sbi" aria-hidden="true">#</a></h2>"##,
            r##"<p>See <a href="kpis.html#aht">AHT</a>, <a href="kpis.html">KPIs</a>, "##,
            r##"<a href="https://example.com/x.html#y">out</a>, <a href="../index.html">home</a>"##,
            r##"<sup class="footnote-reference"><a href="#fn-1" id="fnref-1">1</a></sup></p>"##,
        );
        assert_eq!(
            chapter("feedback", html, &slugs),
            concat!(
                r##"<h2 id="feedback--sbi">SBI <a class="anchor" href="#feedback--sbi" aria-hidden="true">#</a></h2>"##,
                r##"<p>See <a href="#kpis--aht">AHT</a>, <a href="#kpis">KPIs</a>, "##,
                r##"<a href="https://example.com/x.html#y">out</a>, <a href="../index.html">home</a>"##,
                r##"<sup class="footnote-reference"><a href="#feedback--fn-1" id="feedback--fnref-1">1</a></sup></p>"##,
            )
        );
    }

    #[test]
    fn text_that_looks_like_an_attribute_outside_tags_is_rare_but_harmless() {
        // Text is escaped by pulldown-cmark (`"` becomes `&quot;`), so ` id="` cannot
        // appear outside a tag.
        let html = "<p>write id=&quot;x&quot;</p>";
        assert_eq!(chapter("a", html, &[]), html);
    }
}
