use super::*;

fn tag(name: &str, end: bool, attrs: &[(&str, &str)]) -> Token<'static> {
    let mut tag = if end {
        Tag::end(name)
    } else {
        Tag::start(name, &[])
    };
    tag.attrs = attrs
        .iter()
        .map(|(name, value)| Attr {
            name: name.to_string(),
            value: value.to_string(),
            span: None,
        })
        .collect();
    Token::Tag(tag)
}

fn text(text: &str) -> Token<'static> {
    Token::Text(Cow::Owned(text.to_string()))
}

/// The tokens, attribute spans left out.
fn read(html: &str) -> Vec<Token<'_>> {
    let mut tokens = tokens(html);
    for token in &mut tokens {
        if let Token::Tag(tag) = token {
            for attr in &mut tag.attrs {
                attr.span = None;
            }
        }
    }
    tokens
}

#[test]
fn tags_attributes_and_text_are_read() {
    assert_eq!(
        read("<P Class=\"a b\" data-x='1 > 2' hidden id=plain>x &amp; y</p><br/><img src=a>"),
        [
            tag(
                "p",
                false,
                &[
                    ("class", "a b"),
                    ("data-x", "1 > 2"),
                    ("hidden", ""),
                    ("id", "plain")
                ]
            ),
            text("x & y"),
            tag("p", true, &[]),
            tag("br", false, &[]),
            tag("img", false, &[("src", "a")]),
        ]
    );
    let Token::Tag(br) = &read("<br/>")[0] else {
        panic!("a tag");
    };
    assert!(br.self_closing && !br.end);
    let Token::Tag(p) = &tokens("<p class=\"x  y\">")[0] else {
        panic!("a tag");
    };
    assert!(p.has_class("y") && !p.has_class("x  y"));
    assert_eq!(p.attr("class"), Some("x  y"));
    assert_eq!(p.attrs[0].span, Some(10..14));
}

#[test]
fn comments_declarations_and_raw_text_are_skipped() {
    assert_eq!(
        read(
            "a<!-- <p>x</p> -->b<!DOCTYPE html><?pi?>c<script>if (a < b) { x = \"</p>\"; }</SCRIPT>d"
        ),
        [
            text("a"),
            text("b"),
            text("c"),
            tag("script", false, &[]),
            tag("script", true, &[]),
            text("d"),
        ]
    );
    // A lone `<` is text; an unclosed comment or raw element runs to the end.
    assert_eq!(
        read("1 < 2 <3"),
        [text("1 "), text("<"), text(" 2 "), text("<"), text("3")]
    );
    assert_eq!(read("a<!-- b"), [text("a")]);
    assert_eq!(read("<style>p {}"), [tag("style", false, &[])]);
}

#[test]
fn decodes_entities() {
    assert_eq!(
        decode_entities(
            "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x142;&#243;d&#X17A; f&nbsp;g \
             &mdash; &unknown; & &amp &#xD800; &#0; &#99999999999;"
        ),
        "a & b <c> \"d\" 'e' łódź f\u{a0}g — &unknown; & &amp \u{fffd} \u{fffd} &#99999999999;"
    );
    assert!(matches!(decode_entities("no references"), Cow::Borrowed(_)));
}

#[test]
fn attributes_are_rewritten_in_place() {
    let html = "<a href=\"#x\" title=\"id=&quot;y&quot;\">id=\"z\"</a><span id='s' ID=t data-id=\"u\">\
                <!-- <b id=\"c\"> --><input disabled id=\"\">";
    let rewritten = rewrite_attributes(html, |name, value| match name {
        "id" => Some(format!("p--{value}")),
        "href" => Some(value.replace('#', "#p--")),
        _ => None,
    });
    assert_eq!(
        rewritten,
        "<a href=\"#p--x\" title=\"id=&quot;y&quot;\">id=\"z\"</a><span id='p--s' ID=p--t data-id=\"u\">\
         <!-- <b id=\"c\"> --><input disabled id=\"p--\">"
    );
    assert_eq!(
        rewrite_attributes("plain <b>text</b>", |_, _| None),
        "plain <b>text</b>"
    );
}

/// Malformed HTML as a whole is read by the search tests (`render::search`); these are
/// the cases for attribute values.
#[test]
fn malformed_attributes_do_not_panic() {
    let inputs = [
        "<a href=\"x",
        "<a href='x'",
        "<p =x>y</p>",
        "<p a=>z</p>",
        "<h2 id=ą>ę</h2>",
        "<a b=",
        "<a id",
        "<a id=\"ż\" id='ó'>",
        "<script id=x>",
    ];
    for input in inputs {
        let _ = tokens(input);
        let _ = rewrite_attributes(input, |_, v| Some(format!("{v}!")));
    }
}
