//! End-to-end: `pulsebook send` against a real SMTP server on localhost (aiosmtpd,
//! started by tests/smtp_server.py; `.ci/run` installs it): one message per person,
//! a second run sends nothing, a refused recipient is reported while the rest go
//! through.

mod common;

use common::{copy_dir, fixture};

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

struct Server {
    child: Child,
    port: u16,
    out: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = dir.join("inbox");
    fs::create_dir_all(&out).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_server.py");
    let mut child = Command::new(python())
        .arg(script)
        .arg(port.to_string())
        .arg(&out)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd (installed by .ci/run)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "ready", "the SMTP server did not start");
    Server { child, port, out }
}

fn book(dir: &Path, port: u16) -> PathBuf {
    let root = dir.join("book");
    copy_dir(&fixture("tiny"), &root);
    let settings = fs::read_to_string(root.join("pulsebook.yaml")).unwrap()
        + &format!(
            "email:\n  from: \"Sales Ops <sales-ops@tiny.example>\"\n  smtp:\n    host: 127.0.0.1\n    port: {port}\n    tls: none\n"
        );
    fs::write(root.join("pulsebook.yaml"), settings).unwrap();
    let team = fs::read_to_string(root.join("team.yaml"))
        .unwrap()
        .replace(
            "  - id: bob\n    name: Bob Baker\n",
            "  - id: bob\n    name: Bob Baker\n    email: bob@tiny.example\n",
        )
        .replace(
            "  - id: cid\n    name: Cid Caller\n",
            "  - id: cid\n    name: Cid Caller\n    email: refuse-cid@tiny.example\n",
        );
    fs::write(root.join("team.yaml"), team).unwrap();
    root
}

fn send(root: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pulsebook"))
        .arg("send")
        .arg(root)
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
    let root = book(dir.path(), server.port);

    // A dry run lists and sends nothing.
    let out = send(&root, &["--dry-run"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("would send 2026-10 review to ann"), "{err}");
    assert!(inbox(&server).is_empty());
    assert!(!root.join("sent.log").exists());

    // ann and bob go through; cid's address is refused: reported, exit 1.
    let out = send(&root, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
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
    let log = fs::read_to_string(root.join("sent.log")).unwrap();
    assert!(log.starts_with("period,person,message_id,recipients,sent_at\n"));
    assert_eq!(log.lines().count(), 3, "{log}");
    assert!(log.contains("\n2026-10,ann,<review."));

    // A second run sends nothing new; cid still fails.
    let out = send(&root, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0 sent, 2 already sent, 1 failed"), "{err}");
    assert_eq!(inbox(&server).len(), 2);

    // --resend with --only sends exactly one more.
    let out = send(&root, &["--resend", "--only", "ann"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1 sent"), "{err}");
    assert_eq!(inbox(&server).len(), 3);

    // An unknown person is a usage error.
    let out = send(&root, &["--only", "anne"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `ann`?"));
}
