//! Book settings: `pulsebook.yaml` validated into [`Settings`].
//!
//! Unknown keys are errors with a "did you mean"; every value is checked here once, so
//! the rest of the pipeline works with typed, valid settings.

use std::path::Path;

use serde::Deserialize;

use crate::base::diag::{Diagnostics, did_you_mean};
use crate::base::locale::Locale;
use crate::base::period::{Period, PeriodKind};
use crate::load::yaml::{self, Source, Spanned};

/// An output format of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum OutputFormat {
    Html,
    Pdf,
    Email,
}

impl OutputFormat {
    pub(crate) const ALL: [(&'static str, OutputFormat); 3] = [
        ("html", OutputFormat::Html),
        ("pdf", OutputFormat::Pdf),
        ("email", OutputFormat::Email),
    ];

    pub(crate) fn parse(text: &str) -> Option<OutputFormat> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == text.trim())
            .map(|&(_, f)| f)
    }
}

/// Validated `pulsebook.yaml`.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) title: String,
    pub(crate) organisation: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) locale: Locale,
    /// ISO 4217 code, upper case.
    pub(crate) currency: String,
    /// The IANA time zone whose local days the book counts (default by locale).
    pub(crate) timezone: jiff::tz::TimeZone,
    pub(crate) period: PeriodKind,
    pub(crate) report_period: Option<Period>,
    /// Periods shown in trend charts (≥ 2).
    pub(crate) history: usize,
    pub(crate) outputs: Vec<OutputFormat>,
    pub(crate) leaderboard: bool,
    pub(crate) publish_scorecards: bool,
    /// Skip bad metric rows with a warning instead of failing the build.
    pub(crate) skip_bad_rows: bool,
    /// A logo image under `assets/`, shown in the header.
    pub(crate) logo: Option<String>,
    /// Include the built-in handbook chapters (a book's own replace them by name).
    pub(crate) builtin_handbook: bool,
    /// Sender and SMTP server of the review e-mails.
    pub(crate) email: Option<EmailSettings>,
}

/// How `pulsebook send` connects: STARTTLS, TLS from the first byte, or plain (only to
/// this machine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TlsMode {
    Starttls,
    Tls,
    None,
}

#[derive(Debug, Clone)]
pub(crate) struct Smtp {
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) tls: TlsMode,
}

#[derive(Debug, Clone)]
pub(crate) struct EmailSettings {
    /// `Name <address>` or an address, checked to parse as a mailbox.
    pub(crate) from: String,
    pub(crate) reply_to: Option<String>,
    pub(crate) smtp: Option<Smtp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    title: Spanned<String>,
    organisation: Option<String>,
    description: Option<String>,
    locale: Option<Spanned<String>>,
    currency: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    period: Option<PeriodKind>,
    report_period: Option<Spanned<String>>,
    history: Option<Spanned<u32>>,
    outputs: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    metrics: RawMetrics,
    #[serde(default)]
    handbook: RawHandbook,
    logo: Option<Spanned<String>>,
    email: Option<RawEmail>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    from: Spanned<String>,
    reply_to: Option<Spanned<String>>,
    smtp: Option<RawSmtp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
    host: Spanned<String>,
    port: Option<u16>,
    tls: Option<TlsMode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHandbook {
    builtin: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    leaderboard: Option<bool>,
    publish_scorecards: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetrics {
    skip_bad_rows: Option<bool>,
}

fn default_currency(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "EUR",
        Locale::Pl => "PLN",
        Locale::Nb => "NOK",
    }
}

/// Parses and validates `pulsebook.yaml`; `None` when it has errors (already pushed).
pub(crate) fn load(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Settings> {
    let raw: RawSettings = yaml::parse(path, text, diags)?;
    let src = Source { path, text };
    let before = diags.error_count();

    if raw.title.value.trim().is_empty() {
        diags.push(src.error_at(&raw.title, "`title` must not be empty"));
    }
    let locale = match &raw.locale {
        None => Locale::En,
        Some(l) => locale(&src, l, diags),
    };
    let currency = match &raw.currency {
        None => default_currency(locale).to_string(),
        Some(c) => currency(&src, c, diags),
    };
    let timezone = timezone(&src, raw.timezone.as_ref(), locale, diags);
    let period = raw.period.unwrap_or(PeriodKind::Month);
    let report_period = raw
        .report_period
        .as_ref()
        .and_then(|p| report_period(&src, p, period, diags));
    let history = match &raw.history {
        None => 12,
        Some(h) if (2..=120).contains(&h.value) => h.value as usize,
        Some(h) => {
            diags.push(src.error_at(h, "`history` must be between 2 and 120 periods"));
            12
        }
    };
    let outputs = outputs(&src, raw.outputs.as_deref(), diags);
    let logo = raw.logo.as_ref().map(|logo| {
        let rel = logo.value.trim_start_matches("assets/");
        if rel.is_empty() || rel.contains("..") || Path::new(rel).is_absolute() {
            diags.push(
                src.error_at(logo, "`logo` must be a file inside `assets/`")
                    .with_hint("e.g. `logo: logo.svg` for assets/logo.svg"),
            );
        }
        rel.to_string()
    });
    let email = raw.email.as_ref().map(|e| email(&src, e, diags));
    (diags.error_count() == before).then(|| Settings {
        title: raw.title.value.trim().to_string(),
        organisation: raw.organisation,
        description: raw.description,
        locale,
        currency,
        timezone,
        period,
        report_period,
        history,
        outputs,
        leaderboard: raw.privacy.leaderboard.unwrap_or(false),
        publish_scorecards: raw.privacy.publish_scorecards.unwrap_or(true),
        skip_bad_rows: raw.metrics.skip_bad_rows.unwrap_or(false),
        logo,
        builtin_handbook: raw.handbook.builtin.unwrap_or(true),
        email,
    })
}

/// The book's time zone: `timezone`, else the locale's (UTC after an error).
fn timezone(
    src: &Source,
    name: Option<&Spanned<String>>,
    locale: Locale,
    diags: &mut Diagnostics,
) -> jiff::tz::TimeZone {
    use crate::load::sources::cells;
    let Some(name) = name else {
        return cells::zone(cells::default_zone(locale.as_str()))
            .unwrap_or(jiff::tz::TimeZone::UTC);
    };
    cells::zone(name.value.trim()).unwrap_or_else(|message| {
        diags.push(src.error_at(name, message));
        jiff::tz::TimeZone::UTC
    })
}

/// The book's locale; English after an error.
fn locale(src: &Source, l: &Spanned<String>, diags: &mut Diagnostics) -> Locale {
    Locale::parse(&l.value).unwrap_or_else(|| {
        let names = Locale::ALL.map(Locale::as_str);
        let hint = did_you_mean(&l.value, names)
            .unwrap_or_else(|| "expected one of en, pl, nb".to_string());
        diags.push(
            src.error_at(l, format!("unknown locale `{}`", l.value))
                .with_hint(hint),
        );
        Locale::En
    })
}

/// The currency code, upper-case; it must be three letters.
fn currency(src: &Source, c: &Spanned<String>, diags: &mut Diagnostics) -> String {
    let code = c.value.trim().to_ascii_uppercase();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        diags.push(
            src.error_at(c, format!("`{}` is not an ISO 4217 currency code", c.value))
                .with_hint("three letters, e.g. PLN, NOK, EUR"),
        );
    }
    code
}

/// The fixed report period, which must be of the book's kind.
fn report_period(
    src: &Source,
    p: &Spanned<String>,
    period: PeriodKind,
    diags: &mut Diagnostics,
) -> Option<Period> {
    match Period::parse(&p.value) {
        Ok(parsed) if parsed.kind == period => Some(parsed),
        Ok(parsed) => {
            diags.push(src.error_at(
                p,
                format!(
                    "`report_period` is a {} but the book reports by {}",
                    parsed.kind.as_str(),
                    period.as_str()
                ),
            ));
            None
        }
        Err(problem) => {
            diags.push(src.place(problem, p));
            None
        }
    }
}

/// The outputs, without repeats and in a fixed order; HTML when the key is absent.
fn outputs(
    src: &Source,
    raw: Option<&[Spanned<String>]>,
    diags: &mut Diagnostics,
) -> Vec<OutputFormat> {
    let mut outputs = Vec::new();
    for output in raw.into_iter().flatten() {
        match OutputFormat::parse(&output.value) {
            Some(f) if !outputs.contains(&f) => outputs.push(f),
            Some(_) => {}
            None => {
                let names = OutputFormat::ALL.map(|(n, _)| n);
                let hint = did_you_mean(&output.value, names)
                    .unwrap_or_else(|| "expected html, pdf or email".into());
                diags.push(
                    src.error_at(output, format!("unknown output `{}`", output.value))
                        .with_hint(hint),
                );
            }
        }
    }
    if raw.is_none() {
        outputs.push(OutputFormat::Html);
    }
    outputs.sort();
    outputs
}

/// The e-mail settings: sender and reply-to must be mailboxes, and plain SMTP is only
/// allowed to this machine.
fn email(src: &Source, e: &RawEmail, diags: &mut Diagnostics) -> EmailSettings {
    let mailbox = |m: &Spanned<String>, diags: &mut Diagnostics| {
        let ok = m.value.parse::<lettre::message::Mailbox>().is_ok();
        if !ok {
            diags.push(
                src.error_at(m, format!("`{}` is not an e-mail address", m.value))
                    .with_hint(
                        "e.g. `Sales Ops <sales-ops@example.com>` or `sales-ops@example.com`",
                    ),
            );
        }
        m.value.trim().to_string()
    };
    EmailSettings {
        from: mailbox(&e.from, diags),
        reply_to: e.reply_to.as_ref().map(|r| mailbox(r, diags)),
        smtp: e.smtp.as_ref().map(|s| {
            let tls = s.tls.unwrap_or(TlsMode::Starttls);
            let host = s.host.value.trim().to_string();
            let local = matches!(host.as_str(), "localhost" | "127.0.0.1" | "::1");
            if tls == TlsMode::None && !local {
                diags.push(
                    src.error_at(&s.host, "`tls: none` is only allowed to localhost")
                        .with_hint("use `tls: starttls` (port 587) or `tls: tls` (port 465)"),
                );
            }
            Smtp {
                port: s.port.unwrap_or(match tls {
                    TlsMode::Starttls => 587,
                    TlsMode::Tls => 465,
                    TlsMode::None => 25,
                }),
                host,
                tls,
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> (Option<Settings>, Vec<crate::base::diag::Diagnostic>) {
        let mut diags = Diagnostics::new();
        let s = load(Path::new("pulsebook.yaml"), text, &mut diags);
        (s, diags.sorted())
    }

    #[test]
    fn defaults_for_a_minimal_book() {
        let (s, d) = load_str("title: Handbook\n");
        assert!(d.is_empty());
        let s = s.unwrap();
        assert_eq!(
            (s.locale, s.currency.as_str(), s.period),
            (Locale::En, "EUR", PeriodKind::Month)
        );
        assert_eq!(
            (s.history, s.outputs.as_slice()),
            (12, &[OutputFormat::Html][..])
        );
        assert!(!s.leaderboard && s.publish_scorecards);
    }

    #[test]
    fn full_settings_from_the_contract() {
        let (s, d) = load_str(
            "title: \"Acme\"\norganisation: Acme Sp. z o.o.\nlocale: pl\ncurrency: PLN\nperiod: month\nreport_period: 2026-10\nhistory: 12\noutputs: [html, pdf]\nprivacy:\n  leaderboard: true\n  publish_scorecards: false\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let s = s.unwrap();
        assert_eq!(s.report_period.unwrap().to_string(), "2026-10");
        assert_eq!(s.outputs, [OutputFormat::Html, OutputFormat::Pdf]);
        assert!(s.leaderboard && !s.publish_scorecards);
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let (s, d) = load_str(
            "title: x\nlocale: xx\ncurrency: złoty\nreport_period: 2026-W42\nhistory: 500\noutputs: [htm]\n",
        );
        assert!(s.is_none());
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.line, d.col, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (2, 9, "unknown locale `xx`"),
                (3, 11, "`złoty` is not an ISO 4217 currency code"),
                (
                    4,
                    16,
                    "`report_period` is a week but the book reports by month"
                ),
                (5, 10, "`history` must be between 2 and 120 periods"),
                (6, 11, "unknown output `htm`"),
            ]
        );
        assert_eq!(d[4].hint.as_deref(), Some("did you mean `html`?"));
    }

    #[test]
    fn bad_period_kind_suggests() {
        let (_, d) = load_str("title: x\nperiod: monthly\n");
        assert_eq!(d[0].message, "unknown value `monthly`");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `month`?"));
        assert_eq!((d[0].line, d[0].col), (2, 9));
    }
}
