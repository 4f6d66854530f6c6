//! `pulsebook serve` on a free port — serves the book, rebuilds when a file
//! changes, and reports a broken input without dying.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Book, Running, pulsebook, start};

/// `pulsebook serve` on a free port, stopped when the test ends.
struct Server {
    _process: Running,
    base: String,
}

fn serve(book: &Path) -> Server {
    let mut command = pulsebook();
    command
        .arg("serve")
        .arg(book)
        .args(["--port", "0"])
        .stderr(Stdio::null());
    let (process, line) = start(command);
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in `{line}`"))
        .trim_end_matches('/')
        .to_string();
    Server {
        _process: process,
        base,
    }
}

/// GET `path`: (status code, body).
fn get(base: &str, path: &str) -> (u16, String) {
    let host = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

/// Polls until `check` holds for the page, or fails after ten seconds.
fn wait_for(base: &str, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, body) = get(base, path);
        if check(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_rebuilds_on_change_and_shows_errors_without_stopping() {
    let book = Book::tiny();
    let chapter = "content/notes.md";
    book.write(chapter, "# Notes\n\nFirst version.\n");

    let server = serve(&book.root);
    let (status, page) = get(&server.base, "/handbook/notes.html");
    assert_eq!(status, 200);
    assert!(page.contains("First version."));
    // Served pages carry the live-reload script; the built site on disk is untouched.
    assert!(page.contains("/__pulsebook/"));
    assert!(!book.path("public").exists());
    let (status, _) = get(&server.base, "/");
    assert_eq!(status, 200);

    // Edit a chapter: the page changes.
    book.write(chapter, "# Notes\n\nSecond version.\n");
    wait_for(&server.base, "/handbook/notes.html", "the edit", |b| {
        b.contains("Second version.")
    });

    // Edit a target: the handbook's KPI table follows.
    book.edit("team.yaml", "conversion: 0.25", "conversion: 0.3");
    wait_for(&server.base, "/handbook/kpis.html", "the new target", |b| {
        b.contains("30.0%")
    });

    // A broken shortcode: the error is reported, the last good page still served.
    book.write(chapter, "# Notes\n\n{{ rostr() }}\n");
    let status = wait_for(&server.base, "/__pulsebook/status", "the error", |b| {
        b.contains("unknown shortcode")
    });
    assert!(status.contains("content/notes.md:3:4"), "{status}");
    let (code, page) = get(&server.base, "/handbook/notes.html");
    assert_eq!(code, 200);
    assert!(page.contains("Second version."));

    // Fixed again: the error clears and the new text is served.
    book.write(chapter, "# Notes\n\nThird version.\n");
    wait_for(&server.base, "/handbook/notes.html", "the fix", |b| {
        b.contains("Third version.")
    });
    let (_, status) = get(&server.base, "/__pulsebook/status");
    assert!(status.contains("\"error\":null"), "{status}");
}

#[test]
fn serve_listens_on_localhost_and_serves_only_the_built_site() {
    let book = Book::tiny();
    let server = serve(&book.root);
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "{}",
        server.base
    );
    // Out of the site: `..`, also percent-encoded, backslashes, NUL.
    for path in [
        "/../pulsebook.yaml",
        "/reps/../../team.yaml",
        "/%2e%2e/team.yaml",
        "/reps/..%2f..%2fteam.yaml",
        "/..%5cteam.yaml",
        "/index.html%00.yaml",
    ] {
        let (status, _) = get(&server.base, path);
        assert_eq!(status, 400, "{path}");
    }
    // The book's own files are no pages of the site.
    for path in ["/pulsebook.yaml", "/team.yaml", "/metrics/crm.csv"] {
        let (status, _) = get(&server.base, path);
        assert_eq!(status, 404, "{path}");
    }
}
