//! The review e-mails parse with a standard MIME parser and carry the
//! parts the issue asks for; headers are safe and the bytes deterministic.

use std::fs;
use std::path::Path;
use std::process::Output;

use mail_parser::{MessageParser, MimeHeaders};

use crate::common::{Book, assert_ok as ok, stderr};

/// The `email` book (tests/books/email): the tiny book with a sender and a reply-to;
/// everyone has an address, bob's name tries to smuggle in a header and cid's name is
/// Polish.
fn book() -> Book {
    Book::copy("email")
}

/// Builds the site and the e-mails into `out`.
fn build(book: &Book, out: &Path) -> Output {
    let out = out.to_string_lossy();
    book.build(&["--format", "html,email", "--out", &out])
}

#[test]
fn review_messages_have_every_part() {
    let book = book();
    let out = book.tmp().join("public");
    ok(&build(&book, &out));
    let bytes = fs::read(out.join("email/2026-10/ann.eml")).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(message.subject(), Some("Your review for October 2026"));
    let first = |list: Option<&mail_parser::Address>| {
        let a = list.unwrap().first().unwrap();
        (
            a.name().map(str::to_string),
            a.address().unwrap().to_string(),
        )
    };
    assert_eq!(
        first(message.from()),
        (Some("Sales Ops".into()), "sales-ops@tiny.example".into())
    );
    assert_eq!(
        first(message.to()),
        (Some("Ann Able".into()), "ann@example.com".into())
    );
    // Cc: the team's manager.
    assert_eq!(first(message.cc()).1, "mia@tiny.example");
    assert_eq!(first(message.reply_to()).1, "mia@tiny.example");
    // Deterministic date: the day after the last day with data (6 October), 08:00 UTC.
    assert_eq!(message.date().unwrap().to_rfc3339(), "2026-10-07T08:00:00Z");
    assert!(message.message_id().unwrap().ends_with("@tiny.example"));

    let text = message.body_text(0).unwrap();
    assert!(text.contains("Hi Ann,"));
    assert!(
        text.contains("Revenue: On pace: €1,100 of €181.82 expected by 6 October, target €1,000"),
        "{text}"
    );
    let html = message.body_html(0).unwrap();
    assert!(html.contains("€1,100"));
    for banned in ["<svg", "<script", "http://", "https://", "<link"] {
        assert!(!html.contains(banned), "HTML has `{banned}`");
    }
    // Every chart is an inline PNG part referenced from the HTML by its Content-ID.
    let pngs: Vec<_> = message
        .parts
        .iter()
        .filter(|p| {
            p.content_type()
                .is_some_and(|c| c.ctype() == "image" && c.subtype() == Some("png"))
        })
        .collect();
    assert_eq!(
        pngs.len(),
        5,
        "revenue, deals, leads, conversion, average deal"
    );
    for part in &pngs {
        let cid = part.content_id().unwrap();
        assert!(html.contains(&format!("cid:{cid}")), "{cid} not referenced");
        assert!(part.contents().starts_with(b"\x89PNG"));
    }
    // The scorecard PDF is attached.
    let pdf = message
        .attachments()
        .find(|a| a.attachment_name() == Some("ann-2026-10.pdf"));
    assert!(pdf.unwrap().contents().starts_with(b"%PDF-"));
    // The preview beside it shows the same review with the charts inline.
    let preview = fs::read_to_string(out.join("email/2026-10/ann.html")).unwrap();
    assert!(preview.contains("data:image/png;base64,"));
}

#[test]
fn headers_are_encoded_and_cannot_be_injected() {
    let book = book();
    let out = book.tmp().join("public");
    ok(&build(&book, &out));
    let bob = fs::read(out.join("email/2026-10/bob.eml")).unwrap();
    let message = MessageParser::default().parse(&bob).unwrap();
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(to.address(), Some("bob@tiny.example"));
    assert!(message.bcc().is_none(), "no header added by a name");
    let raw = String::from_utf8_lossy(&bob);
    let head = &raw[..raw.find("\r\n\r\n").unwrap()];
    assert!(!head.lines().any(|l| l.starts_with("Bcc:")), "{head}");
    // cid reads Polish: the subject and his name are RFC 2047 encoded, and decode.
    let cid = fs::read(out.join("email/2026-10/cid.eml")).unwrap();
    let head =
        String::from_utf8_lossy(&cid[..cid.windows(4).position(|w| w == b"\r\n\r\n").unwrap()])
            .to_string();
    assert!(head.is_ascii(), "headers are 7-bit:\n{head}");
    let message = MessageParser::default().parse(&cid).unwrap();
    assert_eq!(
        message.subject(),
        Some("Twoje podsumowanie: październik 2026")
    );
    assert_eq!(
        message.to().unwrap().first().unwrap().name(),
        Some("Cid Żółć")
    );
    // No address, no message.
    assert!(
        !out.join("email/2026-10/mia-boss.eml").exists(),
        "no data, no review"
    );
}

#[test]
fn messages_are_byte_identical_on_rebuild() {
    let book = book();
    let dir = book.tmp();
    ok(&build(&book, &dir.join("a")));
    ok(&build(&book, &dir.join("b")));
    for file in ["ann.eml", "bob.eml", "cid.eml", "ann.html"] {
        let a = fs::read(dir.join("a/email/2026-10").join(file)).unwrap();
        let b = fs::read(dir.join("b/email/2026-10").join(file)).unwrap();
        assert!(a == b, "{file} differs");
    }
}

#[test]
fn email_output_needs_a_sender() {
    let book = Book::tiny();
    let out = build(&book, &book.tmp().join("public"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the `email` output needs a sender"));
}
