//! `pulsebook send` against a real SMTP server on localhost (aiosmtpd,
//! started by tests/smtp_server.py; `.ci/run` installs it): one message per person,
//! a second run sends nothing, a refused recipient is reported while the rest go
//! through.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{Book, Running, pulsebook, start, stderr};

/// The SMTP server of tests/smtp_server.py, storing what it accepts in `out`.
struct Server {
    _process: Running,
    port: u16,
    out: PathBuf,
}

/// A Python that has aiosmtpd: Debian's package installs it for /usr/bin/python3,
/// which need not be the first `python3` on the PATH (pyenv, venvs).
fn python() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|py| {
            Command::new(py)
                .args(["-c", "import aiosmtpd"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("python3 with aiosmtpd: .ci/run installs python3-aiosmtpd")
}

fn smtp_server(dir: &Path) -> Server {
    smtp_server_taking(dir, 0.0)
}

/// The server, taking `delay` seconds to accept each message.
fn smtp_server_taking(dir: &Path, delay: f64) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = dir.join("inbox");
    fs::create_dir_all(&out).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_server.py");
    let mut command = Command::new(python());
    command
        .arg(script)
        .arg(port.to_string())
        .arg(&out)
        .arg(delay.to_string());
    let (process, line) = start(command);
    assert_eq!(line.trim(), "ready", "the SMTP server did not start");
    Server {
        _process: process,
        port,
        out,
    }
}

/// The tiny book sending through the server on `port`; bob has an address, cid's is
/// one the server refuses.
fn book(port: u16) -> Book {
    let book = Book::tiny();
    book.append(
        "pulsebook.yaml",
        &format!(
            "email:\n  from: \"Sales Ops <sales-ops@tiny.example>\"\n  smtp:\n    host: 127.0.0.1\n    port: {port}\n    tls: none\n"
        ),
    );
    book.edit(
        "team.yaml",
        "  - id: bob\n    name: Bob Baker\n",
        "  - id: bob\n    name: Bob Baker\n    email: bob@tiny.example\n",
    );
    book.edit(
        "team.yaml",
        "  - id: cid\n    name: Cid Caller\n",
        "  - id: cid\n    name: Cid Caller\n    email: refuse-cid@tiny.example\n",
    );
    book
}

fn send(book: &Book, extra: &[&str]) -> Output {
    pulsebook()
        .arg("send")
        .arg(&book.root)
        .args(extra)
        .env_remove("PULSEBOOK_SMTP_USER")
        .env_remove("PULSEBOOK_SMTP_PASSWORD")
        .output()
        .unwrap()
}

fn inbox(server: &Server) -> Vec<(String, String)> {
    let mut names: Vec<PathBuf> = fs::read_dir(&server.out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            (
                fs::read_to_string(p.with_extension("rcpt")).unwrap(),
                fs::read_to_string(p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn sends_each_review_once_and_reports_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let server = smtp_server(dir.path());
    let book = book(server.port);

    // A dry run lists and sends nothing.
    let out = send(&book, &["--dry-run"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("would send 2026-10 review to ann"), "{err}");
    assert!(inbox(&server).is_empty());
    assert!(!book.path("sent.log").exists());

    // ann and bob go through; cid's address is refused: reported, exit 1.
    let out = send(&book, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error: cid:"), "{err}");
    assert!(err.contains("2 sent, 0 already sent, 1 failed"), "{err}");
    let received = inbox(&server);
    assert_eq!(received.len(), 2);
    let recipients: Vec<&str> = received.iter().map(|(r, _)| r.as_str()).collect();
    assert!(recipients.contains(&"ann@example.com"));
    assert!(recipients.contains(&"bob@tiny.example"));
    assert!(
        received
            .iter()
            .any(|(_, m)| m.contains("Subject: Your review for October 2026"))
    );
    let log = book.read("sent.log");
    assert!(log.starts_with("period,person,message_id,recipients,sent_at\n"));
    assert_eq!(log.lines().count(), 3, "{log}");
    assert!(log.contains("\n2026-10,ann,<review."));

    // A second run sends nothing new; cid still fails.
    let out = send(&book, &[]);
    let err = stderr(&out);
    assert!(err.contains("0 sent, 2 already sent, 1 failed"), "{err}");
    assert_eq!(inbox(&server).len(), 2);

    // --resend with --only sends exactly one more.
    let out = send(&book, &["--resend", "--only", "ann"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1 sent"), "{err}");
    assert_eq!(inbox(&server).len(), 3);

    // An unknown person is a usage error.
    let out = send(&book, &["--only", "anne"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `ann`?"));
}

#[test]
fn sends_started_together_send_each_review_once() {
    let dir = tempfile::tempdir().unwrap();
    // A relay slow enough that every run has read the log before the first is done.
    let server = smtp_server_taking(dir.path(), 0.5);
    let book = book(server.port);
    // Three runs at once (a cron job and two impatient clicks): each reads the log,
    // so without a lock all three would send every review.
    let outs: Vec<Output> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..3).map(|_| s.spawn(|| send(&book, &[]))).collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for out in &outs {
        assert!(!stderr(out).contains("panicked"), "{}", stderr(out));
    }
    assert_eq!(inbox(&server).len(), 2, "ann and bob, once each");
    let log = book.read("sent.log");
    assert_eq!(log.lines().count(), 3, "{log}");
    assert_eq!(log.matches("period,person").count(), 1, "{log}");
}

#[test]
fn a_send_log_linked_out_of_the_book_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = smtp_server(dir.path());
    let book = book(server.port);
    let outside = dir.path().join("elsewhere.log");
    fs::write(&outside, "").unwrap();
    std::os::unix::fs::symlink(&outside, book.path("sent.log")).unwrap();
    let out = send(&book, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("sent.log") && err.contains("it is a link"),
        "{err}"
    );
    assert!(inbox(&server).is_empty());
    assert_eq!(fs::read_to_string(&outside).unwrap(), "");
}
