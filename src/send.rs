//! `pulsebook send`: the period's review e-mails over SMTP, each at most once.
//!
//! The messages are built exactly as `build --format email` writes them. Every message
//! that the server accepts is appended to the book's send log, `sent.log` (a CSV the
//! team commits to git), before the next one goes out; a re-run skips what the log
//! holds unless `--resend`. A refused message does not stop the others: failures are
//! listed at the end and the exit status is 1. Credentials come only from the
//! environment (`PULSEBOOK_SMTP_USER`, `PULSEBOOK_SMTP_PASSWORD`), never the book.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::Path;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, SmtpTransport, Transport};

use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::base::period::Period;
use crate::load::book::Book;
use crate::load::settings::{Smtp, TlsMode};
use crate::output::WriteError;
use crate::pipeline::{self, Failure, Options};

/// The send log's file name, in the book folder.
pub const LOG: &str = "sent.log";
const LOG_HEADER: &str = "period,person,message_id,recipients,sent_at\n";

/// What to send and how.
pub struct SendOptions {
    pub(crate) pipeline: Options,
    /// Only these people (ids); all with an address when empty.
    pub(crate) only: Vec<String>,
    pub(crate) dry_run: bool,
    pub(crate) resend: bool,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// The report period, as written in the send log.
    pub period: String,
    /// The people the review went to.
    pub sent: Vec<String>,
    /// Already in the send log.
    pub skipped: Vec<String>,
    /// Would be sent (dry run).
    pub planned: Vec<String>,
    /// (person, why).
    pub failed: Vec<(String, String)>,
}

/// (period, person) pairs already sent.
fn read_log(root: &Path) -> BTreeSet<(String, String)> {
    let Ok(text) = fs::read_to_string(root.join(LOG)) else {
        return BTreeSet::new();
    };
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect()
}

/// Opens the send log (with its header when new) and locks it for this run, waiting
/// for another run of `send` on the book to finish. A link in its place is refused:
/// the log is written, and nothing outside the book is.
fn lock_log(root: &Path) -> Result<fs::File, WriteError> {
    let path = root.join(LOG);
    let fail = |action: &'static str| {
        let path = path.clone();
        move |source: std::io::Error| WriteError {
            path,
            action,
            source,
        }
    };
    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(fail("write")(std::io::Error::other(
            "it is a link; the send log must be a file in the book",
        )));
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(fail("open"))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another `pulsebook send` of this book to finish…");
            file.lock().map_err(fail("lock"))?;
        }
        Err(fs::TryLockError::Error(e)) => return Err(fail("lock")(e)),
    }
    if file.metadata().map_err(fail("read"))?.len() == 0 {
        file.write_all(LOG_HEADER.as_bytes())
            .map_err(fail("write"))?;
    }
    Ok(file)
}

/// The SMTP connection of the settings, with the credentials of the environment;
/// half of them set is a usage error.
fn transport(smtp: &Smtp) -> Result<SmtpTransport, Failure> {
    let usage = |e: lettre::transport::smtp::Error| Failure::Usage(e.to_string());
    let builder = match smtp.tls {
        TlsMode::None => SmtpTransport::builder_dangerous(&smtp.host),
        TlsMode::Starttls => SmtpTransport::starttls_relay(&smtp.host).map_err(usage)?,
        TlsMode::Tls => SmtpTransport::relay(&smtp.host).map_err(usage)?,
    };
    let mut builder = builder.port(smtp.port);
    match (
        std::env::var("PULSEBOOK_SMTP_USER"),
        std::env::var("PULSEBOOK_SMTP_PASSWORD"),
    ) {
        (Ok(user), Ok(password)) => {
            builder = builder.credentials(Credentials::new(user, password));
        }
        (Err(_), Err(_)) => {}
        _ => {
            return Err(Failure::Usage(
                "set both PULSEBOOK_SMTP_USER and PULSEBOOK_SMTP_PASSWORD, or neither".into(),
            ));
        }
    }
    Ok(builder.build())
}

/// Builds the period's messages and sends those not in the log.
pub fn send(options: &SendOptions, diags: &mut Diagnostics) -> Result<Report, Failure> {
    let pipeline::Emails {
        book,
        period,
        messages,
    } = pipeline::emails(&options.pipeline, diags)?;
    let people: Vec<&str> = book.roster.people.iter().map(|p| p.id.as_str()).collect();
    for id in &options.only {
        if !people.contains(&id.as_str()) {
            let hint = did_you_mean(id, people.iter().copied())
                .map_or_else(String::new, |h| format!(" ({h})"));
            return Err(Failure::Usage(format!("--only {id}: no such person{hint}")));
        }
    }
    let mut report = Report {
        period: period.to_string(),
        ..Report::default()
    };
    if options.dry_run {
        report.planned = to_send(&book, options, messages, &mut report)
            .iter()
            .map(|(p, _)| book.roster.people[*p].id.clone())
            .collect();
        return Ok(report);
    }
    // Held until the run ends: a second `send` of the book waits, then reads the log
    // this one wrote, so no review goes out twice.
    let mut log = lock_log(&book.root).map_err(Failure::Write)?;
    let todo = to_send(&book, options, messages, &mut report);
    if todo.is_empty() {
        return Ok(report);
    }
    let Some(smtp) = book.settings.email.as_ref().and_then(|e| e.smtp.as_ref()) else {
        diags.push(
            Diagnostic::error("pulsebook.yaml", "sending needs an SMTP server").with_hint(
                "add `email: { smtp: { host: smtp.example.com, port: 587, tls: starttls } }`",
            ),
        );
        return Err(Failure::Book);
    };
    let transport = transport(smtp)?;
    deliver(&book, period, &transport, todo, &mut report, &mut log);
    Ok(report)
}

/// The messages of the people `--only` names (everyone without it) that the send log
/// does not hold yet, or all with `--resend`; those skipped are listed in `report`.
fn to_send(
    book: &Book,
    options: &SendOptions,
    messages: Vec<(usize, Vec<u8>)>,
    report: &mut Report,
) -> Vec<(usize, Vec<u8>)> {
    let log = read_log(&book.root);
    messages
        .into_iter()
        .filter(|(person, _)| {
            options.only.is_empty() || options.only.contains(&book.roster.people[*person].id)
        })
        .filter(|(person, _)| {
            let id = &book.roster.people[*person].id;
            let done = log.contains(&(report.period.clone(), id.clone()));
            if done && !options.resend {
                report.skipped.push(id.clone());
            }
            !done || options.resend
        })
        .collect()
}

/// Sends each message, recording each accepted one in the send log before the next
/// goes out; a refused message is listed in `report` and the others still go.
fn deliver(
    book: &Book,
    period: Period,
    transport: &SmtpTransport,
    todo: Vec<(usize, Vec<u8>)>,
    report: &mut Report,
    log: &mut fs::File,
) {
    let bar = indicatif::ProgressBar::new(todo.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    for (person, eml) in todo {
        let id = book.roster.people[person].id.clone();
        bar.set_message(id.clone());
        match send_one(book, person, transport, &eml) {
            Ok(recipients) => {
                let sent_at = jiff::Timestamp::now().to_string();
                let line = format!(
                    "{},{id},{},{recipients},{sent_at}\n",
                    report.period,
                    crate::render::review_message_id(book, person, period).unwrap_or_default()
                );
                if let Err(e) = log
                    .write_all(line.as_bytes())
                    .and_then(|()| log.sync_data())
                {
                    // The message went out: say so loudly, the log must be fixed by hand.
                    report
                        .failed
                        .push((id.clone(), format!("sent, but not recorded in {LOG}: {e}")));
                }
                report.sent.push(id);
            }
            Err(why) => report.failed.push((id, why)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
}

/// Hands one message to the server; the recipients it accepted (space-separated), or
/// why not — the server's own words, listed at the end of the run.
fn send_one(
    book: &Book,
    person: usize,
    transport: &SmtpTransport,
    eml: &[u8],
) -> Result<String, String> {
    let (from, to) = crate::render::envelope(book, person)
        .ok_or_else(|| "no sender or recipient address".to_string())?;
    let parse = |a: &str| a.parse::<Address>().map_err(|e| format!("{a}: {e}"));
    let to: Vec<Address> = to.iter().map(|a| parse(a)).collect::<Result<_, _>>()?;
    let envelope = Envelope::new(Some(parse(&from)?), to.clone()).map_err(|e| e.to_string())?;
    transport
        .send_raw(&envelope, eml)
        .map_err(|e| e.to_string())?;
    Ok(to
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" "))
}
