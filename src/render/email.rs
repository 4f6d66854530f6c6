//! The monthly review e-mail: one MIME message per person with an address, built with
//! lettre (not hand-written MIME): multipart/mixed [ multipart/related [ alternative
//! [ text, html ], chart PNGs by `cid:` ], the scorecard PDF ]. The HTML is e-mail
//! safe (tables, inline CSS, ≤ 640 px, no SVG, no scripts, no remote images); charts
//! are the scorecard's SVGs rasterised with resvg and the embedded Inter font.
//!
//! Everything is deterministic: Date, Message-ID and MIME boundaries derive from the
//! book, person and period. Every value from the book reaches the headers only
//! through lettre's typed headers (which encode non-ASCII per RFC 2047) after control
//! characters are removed, so a name with a line break cannot add a header.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use lettre::message::header::{ContentDisposition, ContentId, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use serde::Serialize;
use tera::Context;

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::base::locale::fill;
use crate::load::settings::EmailSettings;
use crate::load::team::Person;
use crate::render::context::Renderer;
use crate::render::html::development::ActionView;
use crate::render::html::pipeline::PersonPipelineView;
use crate::render::html::scorecard::scorecard_view;
use crate::render::view::{KpiView, Presenter, StatusCounts};

/// One rendered e-mail: the message and its browser preview.
pub(crate) struct Email {
    pub(crate) eml: Vec<u8>,
    pub(crate) preview: String,
}

#[derive(Serialize)]
struct ChartRef {
    label: String,
    src: String,
    alt: String,
}

#[derive(Serialize)]
struct EmailView<'a> {
    subject: String,
    greeting: String,
    intro: String,
    period_label: &'a str,
    kpis: &'a [KpiView],
    /// Charts two to a row.
    charts: Vec<Vec<ChartRef>>,
    counts: &'a StatusCounts,
    actions: Vec<ActionView>,
    /// The person's open deals, when the period has a pipeline.
    pipeline: &'a Option<PersonPipelineView>,
    has_pdf: bool,
    title: &'a str,
    organisation: &'a str,
    data_through: String,
    /// What "on pace" means, for a period in progress; else empty.
    pace_note: &'a str,
    /// Active days and ramp, when they cut the targets; else empty.
    active: &'a str,
    ramp: &'a str,
}

fn pairs(charts: Vec<ChartRef>) -> Vec<Vec<ChartRef>> {
    let mut rows: Vec<Vec<ChartRef>> = Vec::new();
    for chart in charts {
        match rows.last_mut() {
            Some(row) if row.len() < 2 => row.push(chart),
            _ => rows.push(vec![chart]),
        }
    }
    rows
}

/// Removes control characters (line breaks included) from a header value.
fn header_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// FNV-1a of the parts, as 16 hex digits: stable across machines and releases.
fn stable_hash(parts: &[&str]) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for part in parts {
        for b in part.bytes().chain([0]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The fonts resvg draws chart text with: the embedded Inter.
fn fontdb() -> &'static std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        for (_, bytes) in crate::render::pdf::engine::FONTS {
            db.load_font_data(bytes.to_vec());
        }
        db.set_sans_serif_family("Inter");
        std::sync::Arc::new(db)
    })
}

/// An SVG chart as a PNG at twice its size (sharp on high-density screens).
pub(crate) fn png(svg: &str) -> Option<Vec<u8>> {
    let options = resvg::usvg::Options {
        fontdb: fontdb().clone(),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options).ok()?;
    let size = tree.size();
    let scale = 640.0 / size.width().max(1.0);
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w.max(1), h.max(1))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().ok()
}

/// What Date-independent identifiers of a review derive from: book, person, period.
fn message_key(
    book: &crate::load::book::Book,
    person: usize,
    period: crate::base::period::Period,
) -> String {
    stable_hash(&[
        &book.settings.title,
        &book.roster.people[person].id,
        &period.to_string(),
    ])
}

fn message_id(from: &Mailbox, key: &str) -> String {
    format!("<review.{key}@{}>", from.email.domain())
}

/// The Message-ID of a person's review for `period`, as written into the message.
pub(crate) fn review_message_id(
    book: &crate::load::book::Book,
    person: usize,
    period: crate::base::period::Period,
) -> Option<String> {
    let from: Mailbox = book.settings.email.as_ref()?.from.parse().ok()?;
    Some(message_id(&from, &message_key(book, person, period)))
}

/// Who is copied on a person's review: their manager, else their team's manager.
fn manager_of(book: &crate::load::book::Book, person: usize) -> Option<usize> {
    let who = &book.roster.people[person];
    who.manager.or_else(|| {
        who.team
            .and_then(|t| book.roster.teams[t].manager)
            .filter(|&m| m != person)
    })
}

/// The envelope of a person's review: sender and every recipient (the person and,
/// when they have an address, their manager), as `send` hands them to the server.
pub(crate) fn envelope(
    book: &crate::load::book::Book,
    person: usize,
) -> Option<(String, Vec<String>)> {
    let from: Mailbox = book.settings.email.as_ref()?.from.parse().ok()?;
    let who = &book.roster.people[person];
    let mut to = vec![who.email.as_deref()?.trim().to_string()];
    if let Some(m) = manager_of(book, person)
        && let Some(addr) = book.roster.people[m].email.as_deref()
    {
        to.push(addr.trim().to_string());
    }
    Some((from.email.to_string(), to))
}

/// The review of `person` for `period`, from `sender` to the person's `address`
/// (their manager copied), with the scorecard `pdf` attached when there is one; a
/// problem is pushed to `diags`.
pub(crate) fn review(
    r: &Renderer,
    sender: &EmailSettings,
    person: usize,
    address: &str,
    period: usize,
    pdf: Option<&[u8]>,
    diags: &mut Diagnostics,
) -> Option<Email> {
    let book = r.book;
    let who = &book.roster.people[person];
    let (to, from) = mailboxes(who, address, sender, diags)?;
    let locale = who.locale.unwrap_or(book.settings.locale);
    let p: Presenter = r.presenter(locale);
    let view = scorecard_view(r, &p, person, period);
    let subject = header_safe(&fill(
        p.t("email.subject"),
        &[
            ("period", &view.period_label),
            ("title", &book.settings.title),
        ],
    ));
    let key = message_key(book, person, r.report.scores.periods[period]);
    let charts = ChartParts::of(&view.kpis, &key);
    let mut kpis = view.kpis.clone();
    for k in &mut kpis {
        k.chart.clear();
    }
    let first_name = who.name.split_whitespace().next().unwrap_or(&who.name);
    let mut email_view = EmailView {
        subject: subject.clone(),
        greeting: fill(p.t("email.greeting"), &[("name", first_name)]),
        intro: fill(p.t("email.intro"), &[("period", &view.period_label)]),
        period_label: &view.period_label,
        kpis: &kpis,
        charts: pairs(charts.in_message),
        counts: &view.counts,
        actions: view
            .development
            .as_ref()
            .map_or_else(Vec::new, |d| d.actions.clone()),
        pipeline: &view.pipeline,
        has_pdf: pdf.is_some(),
        title: &book.settings.title,
        organisation: book.settings.organisation.as_deref().unwrap_or(""),
        data_through: r.data_through(&p),
        pace_note: &view.pace_note,
        active: &view.active,
        ramp: &view.ramp,
    };
    let mut ctx = Context::new();
    ctx.insert("t", &r.labels[&locale]);
    ctx.insert("lang", locale.html_lang());
    ctx.insert("e", &email_view);
    let html = r.theme.render("email/review.html", &ctx, diags)?;
    let text = r.theme.render("email/review.txt", &ctx, diags)?;
    email_view.charts = pairs(charts.in_preview);
    ctx.insert("e", &email_view);
    let preview = r.theme.render("email/review.html", &ctx, diags)?;

    let id = message_id(&from, &key);
    let body = Body {
        key: &key,
        text,
        html,
        images: charts.images,
        pdf: pdf.map(|pdf| {
            let name = format!("{}-{}.pdf", who.id, r.report.scores.periods[period]);
            (name, pdf)
        }),
    };
    let headers = Headers {
        from,
        to,
        subject,
        date: sent_at(r, period),
        id,
    };
    let eml = message(r, sender, person, headers, body, diags)?;
    Some(Email { eml, preview })
}

/// "the address `x` of `ann` is not an e-mail address", pointing at team.yaml.
fn not_an_address(who: &Person, what: &str, value: &str) -> Diagnostic {
    Diagnostic::error(
        "team.yaml",
        format!("{what} `{value}` of `{}` is not an e-mail address", who.id),
    )
    .with_hint("fix the address in team.yaml, or remove it to send this person nothing")
}

/// The recipient (named, header-safe) and the sender; the first that is not an
/// address is pushed to `diags`.
fn mailboxes(
    who: &Person,
    address: &str,
    sender: &EmailSettings,
    diags: &mut Diagnostics,
) -> Option<(Mailbox, Mailbox)> {
    let Ok(to) = address.trim().parse() else {
        diags.push(not_an_address(who, "the address", address));
        return None;
    };
    let Ok(from) = sender.from.parse() else {
        diags.push(not_an_address(who, "the sender", &sender.from));
        return None;
    };
    Some((Mailbox::new(Some(header_safe(&who.name)), to), from))
}

/// The scorecard's charts as PNG parts referenced by `cid:`, and how the message and
/// its preview (where they are data URLs) refer to them.
struct ChartParts {
    /// (content id, PNG).
    images: Vec<(String, Vec<u8>)>,
    in_message: Vec<ChartRef>,
    in_preview: Vec<ChartRef>,
}

impl ChartParts {
    fn of(kpis: &[KpiView], key: &str) -> ChartParts {
        let mut parts = ChartParts {
            images: Vec::new(),
            in_message: Vec::new(),
            in_preview: Vec::new(),
        };
        for kpi in kpis.iter().filter(|k| !k.chart.is_empty()) {
            let Some(png) = png(&kpi.chart) else { continue };
            let cid = format!("{}.{key}@pulsebook", kpi.id);
            let data = base64::engine::general_purpose::STANDARD.encode(&png);
            parts.in_message.push(ChartRef {
                label: kpi.label.clone(),
                src: format!("cid:{cid}"),
                alt: kpi.chart_alt.clone(),
            });
            parts.in_preview.push(ChartRef {
                label: kpi.label.clone(),
                src: format!("data:image/png;base64,{data}"),
                alt: kpi.chart_alt.clone(),
            });
            parts.images.push((cid, png));
        }
        parts
    }
}

/// The Date of a review: 08:00 UTC the day after the period (or its last day with
/// data).
fn sent_at(r: &Renderer, period: usize) -> SystemTime {
    let end = r.report.scores.periods[period].end();
    let day = r.book.metrics.last_day().map_or(end, |last| end.min(last));
    let days = i64::from((day - jiff::civil::date(1970, 1, 1)).get_days()) + 1;
    SystemTime::UNIX_EPOCH + Duration::from_secs((days * 86_400 + 8 * 3600) as u64)
}

/// A review's headers that do not depend on the roster.
struct Headers {
    from: Mailbox,
    to: Mailbox,
    subject: String,
    date: SystemTime,
    id: String,
}

/// A review's parts: text and HTML, the chart PNGs they show and the PDF (file
/// name, bytes); `key` makes the MIME boundaries.
struct Body<'a> {
    key: &'a str,
    text: String,
    html: String,
    images: Vec<(String, Vec<u8>)>,
    pdf: Option<(String, &'a [u8])>,
}

/// multipart/mixed [ multipart/related [ alternative [ text, html ], PNGs ], PDF ].
fn multipart(body: Body) -> MultiPart {
    let key = body.key;
    let alternative = MultiPart::alternative()
        .boundary(format!("pb-alt-{key}"))
        .singlepart(SinglePart::plain(body.text))
        .singlepart(SinglePart::html(body.html));
    let mut related = MultiPart::related()
        .boundary(format!("pb-rel-{key}"))
        .multipart(alternative);
    for (cid, png) in body.images {
        related = related.singlepart(
            SinglePart::builder()
                .header(ContentType::parse("image/png").expect("invariant: valid MIME type"))
                .header(ContentDisposition::inline())
                .header(ContentId::from(format!("<{cid}>")))
                .body(png),
        );
    }
    let mut mixed = MultiPart::mixed()
        .boundary(format!("pb-mix-{key}"))
        .multipart(related);
    if let Some((name, pdf)) = body.pdf {
        mixed = mixed.singlepart(lettre::message::Attachment::new(name).body(
            pdf.to_vec(),
            ContentType::parse("application/pdf").expect("invariant"),
        ));
    }
    mixed
}

/// The formatted message: `headers`, the reply-to of the settings, the manager
/// copied (when they have a valid address), and the body; a problem is pushed to
/// `diags`.
fn message(
    r: &Renderer,
    sender: &EmailSettings,
    person: usize,
    headers: Headers,
    body: Body,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let book = r.book;
    let who = &book.roster.people[person];
    let mut builder = lettre::Message::builder()
        .from(headers.from)
        .to(headers.to)
        .subject(headers.subject)
        .date(headers.date)
        .message_id(Some(headers.id));
    if let Some(reply) = &sender.reply_to {
        let Ok(mailbox) = reply.parse() else {
            diags.push(not_an_address(who, "the reply-to", reply));
            return None;
        };
        builder = builder.reply_to(mailbox);
    }
    if let Some(m) = manager_of(book, person) {
        let manager = &book.roster.people[m];
        if let Some(addr) = manager.email.as_deref()
            && let Ok(addr) = addr.trim().parse()
        {
            builder = builder.cc(Mailbox::new(Some(header_safe(&manager.name)), addr));
        }
    }
    match builder.multipart(multipart(body)) {
        Ok(message) => Some(message.formatted()),
        Err(e) => {
            diags.push(Diagnostic::error(
                "team.yaml",
                format!("cannot build the e-mail of `{}`: {e}", who.id),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_lose_line_breaks() {
        assert_eq!(
            header_safe("Ann\r\nBcc: x@evil.example"),
            "Ann  Bcc: x@evil.example"
        );
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab", ""]), stable_hash(&["a", "b"]));
    }

    #[test]
    fn charts_become_pngs() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 280"><text x="10" y="20" font-family="Inter">Łódź 12%</text></svg>"#;
        let png = png(svg).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        assert_eq!(png, super::png(svg).unwrap(), "deterministic");
    }
}
