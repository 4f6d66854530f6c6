//! Unit tests for the pure helpers and end-to-end tests of a live server on
//! 127.0.0.1. End-to-end tests poll with deadlines; they never sleep for a
//! fixed time to wait for something to happen.

use super::*;
use std::io::Read;
use std::net::TcpStream;

#[test]
fn resolves_request_paths_to_site_keys() {
    assert_eq!(resolve("/").as_deref(), Some("index.html"));
    assert_eq!(
        resolve("/handbook/").as_deref(),
        Some("handbook/index.html")
    );
    assert_eq!(resolve("/handbook").as_deref(), Some("handbook"));
    assert_eq!(
        resolve("/static/style.css").as_deref(),
        Some("static/style.css")
    );
    assert_eq!(resolve("//a//./b.html").as_deref(), Some("a/b.html"));
    assert_eq!(
        resolve("/caf%C3%A9/r%C3%A9sum%C3%A9.html").as_deref(),
        Some("café/résumé.html")
    );
    assert_eq!(resolve("/a%20b.txt").as_deref(), Some("a b.txt"));
    for bad in [
        "/../etc/passwd",
        "/a/../../b",
        "/a/%2e%2e/b",
        "/a%2F..%2Fb",
        "/%FF",
        "/a\\b",
        "relative",
        "",
    ] {
        assert_eq!(resolve(bad), None, "{bad}");
    }
}

#[test]
fn content_types_follow_extensions() {
    let cases = [
        ("index.html", HTML),
        ("static/style.css", "text/css; charset=utf-8"),
        ("static/app.js", "text/javascript; charset=utf-8"),
        ("charts/a.svg", "image/svg+xml"),
        ("IMG.PNG", "image/png"),
        ("photo.jpeg", "image/jpeg"),
        ("book.pdf", "application/pdf"),
        ("data/sales.csv", "text/csv; charset=utf-8"),
        ("search.json", "application/json"),
        ("fonts/x.woff2", "font/woff2"),
        ("robots.txt", TEXT),
        ("mail/welcome.eml", "message/rfc822"),
        ("no-extension", "application/octet-stream"),
        ("v1.2/file", "application/octet-stream"),
    ];
    for (key, expected) in cases {
        assert_eq!(content_type(key), expected, "{key}");
    }
}

#[test]
fn script_goes_before_the_last_body_close_tag() {
    let html = b"<html><body><p>x</p></BODY></html>";
    let out = String::from_utf8(inject(html, r#"{"version":7,"error":null}"#)).unwrap();
    let script = out.find("<script>").unwrap();
    assert!(out[..script].ends_with("<p>x</p>"), "{out}");
    assert!(out.ends_with("</script></BODY></html>"), "{out}");
    assert!(out.contains(r#"const state = {"version":7,"error":null};"#));
    assert!(out.contains(WAIT_PATH));

    let bare = String::from_utf8(inject(b"<p>fragment</p>", "{}")).unwrap();
    assert!(bare.starts_with("<p>fragment</p><script>") && bare.ends_with("</script>"));
}

#[test]
fn error_text_cannot_close_the_script_element() {
    let state = State {
        version: 3,
        site: None,
        error: Some("bad </script><b>".into()),
    };
    let json = status_json(&state);
    assert!(!json.contains('<'), "{json}");
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["error"], "bad </script><b>");
    let page = String::from_utf8(inject(b"<body></body>", &json)).unwrap();
    assert_eq!(page.matches("</script>").count(), 1);
}

#[test]
fn strips_ansi_escape_sequences() {
    assert_eq!(
        strip_ansi("\x1b[1;31merror\x1b[0m: bad «día»"),
        "error: bad «día»"
    );
    assert_eq!(
        strip_ansi("\x1b]8;;file:///a.md\x1b\\a.md\x1b]8;;\x1b\\:3"),
        "a.md:3"
    );
    assert_eq!(strip_ansi("\x1b]0;title\x07ok\x1b(B\x1b[K"), "ok");
    assert_eq!(strip_ansi("plain\n  text"), "plain\n  text");
    assert_eq!(strip_ansi("cut\x1b["), "cut");
}

#[test]
fn reads_page_titles() {
    assert_eq!(
        page_title(b"<head><TITLE>\n Sales &amp; Co\n</TITLE>").as_deref(),
        Some("Sales & Co")
    );
    assert_eq!(
        page_title(b"<title lang=\"en\">Hi</title>").as_deref(),
        Some("Hi")
    );
    assert_eq!(page_title(b"<title> </title>"), None);
    assert_eq!(page_title(b"<p>no title</p>"), None);
}

#[test]
fn filters_ignored_and_temporary_paths() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    fs::create_dir(&book).unwrap();
    let options = Options {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 0,
        watch: vec![book.clone()],
        ignore: vec![book.join("public")], // does not exist yet
    };
    let filter = Filter::new(&options).unwrap();
    let root = &filter.roots[0];
    assert_eq!(
        filter.label(&root.join("content/feedback.md")).as_deref(),
        Some("content/feedback.md")
    );
    assert_eq!(
        filter.label(&root.join("book.yaml")).as_deref(),
        Some("book.yaml")
    );
    for ignored in [
        "public/index.html",
        ".git/index",
        "content/.hidden/a.md",
        "content/a.md~",
        "content/.a.md.swp",
        "content/4913",
        "content/.#a.md",
    ] {
        assert_eq!(filter.label(&root.join(ignored)), None, "{ignored}");
    }
    let missing = Options {
        watch: vec![dir.path().join("nope")],
        ..options
    };
    assert!(Filter::new(&missing).is_err());
}

#[test]
fn describes_changed_paths() {
    let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(describe(&set(&["a.md"])), "a.md");
    assert_eq!(
        describe(&set(&["a", "b", "c", "d", "e"])),
        "a, b, c and 2 more"
    );
}

/// Shared state as after a first build with the given outcome.
fn shared_after(outcome: BuildResult) -> Shared {
    let shared = Shared::new(10);
    shared.publish(outcome);
    shared
}

fn site(files: &[(&str, &str)]) -> BuildResult {
    Ok(files
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect())
}

#[test]
fn routes_requests() {
    let shared = shared_after(site(&[
        ("index.html", "<body>home</body>"),
        ("handbook/index.html", "<body>hb</body>"),
        ("static/style.css", "body{}"),
    ]));
    let home = route("/?x=1", &shared);
    assert_eq!(home.status, 200);
    assert!(String::from_utf8_lossy(&home.body).contains("home<script>"));
    let css = route("/static/style.css", &shared);
    assert_eq!((css.status, css.body.as_slice()), (200, &b"body{}"[..]));
    assert!(
        css.headers
            .contains(&("Content-Type", "text/css; charset=utf-8".into()))
    );
    let redirect = route("/handbook?a=b", &shared);
    assert_eq!(redirect.status, 301);
    assert!(
        redirect
            .headers
            .contains(&("Location", "/handbook/?a=b".into()))
    );
    assert_eq!(route("/missing.html", &shared).status, 404);
    assert_eq!(route("/../secret", &shared).status, 400);
    let json = |url: &str| serde_json::from_slice::<serde_json::Value>(&route(url, &shared).body);
    let expected = serde_json::json!({ "version": 11, "error": null });
    assert_eq!(json(STATUS_PATH).unwrap(), expected);
    // A stale version answers at once.
    assert_eq!(json(&format!("{WAIT_PATH}?v=3")).unwrap(), expected);
}

#[test]
fn first_build_failure_serves_an_error_page() {
    let shared = shared_after(Err("\x1b[31merror\x1b[0m: <bad> yaml".into()));
    let page = route("/handbook/", &shared);
    assert_eq!(page.status, 500);
    let body = String::from_utf8(page.body).unwrap();
    assert!(
        body.contains("<pre>error: &lt;bad&gt; yaml</pre>"),
        "{body}"
    );
    assert!(
        body.contains(r#""error":"error: \u003cbad> yaml""#),
        "{body}"
    );
    assert_eq!(route("/static/style.css", &shared).status, 503);
}

// ---- end-to-end ----------------------------------------------------------

const DEADLINE: Duration = Duration::from_secs(10);

/// Starts `run_with` on a thread watching `dir`; returns the address parsed
/// from the "Serving … at http://HOST:PORT/" line.
fn start(dir: &Path, build: impl FnMut() -> BuildResult + Send + 'static) -> SocketAddr {
    let (tx, rx) = mpsc::channel();
    let options = Options {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 0,
        watch: vec![dir.to_path_buf()],
        ignore: vec![dir.join("public")],
    };
    thread::spawn(move || {
        let result = run_with(options, build, |line| tx.send(line.to_owned()).unwrap());
        panic!("run returned: {result:?}");
    });
    let line = rx.recv_timeout(DEADLINE).expect("no Serving line");
    assert!(line.starts_with("Serving "), "{line}");
    let url = line.rsplit_once(" at http://").expect("no URL").1;
    url.trim_end_matches('/').parse().expect("bad address")
}

/// A plain HTTP/1.1 GET; returns status and body.
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect_timeout(&addr, DEADLINE).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").expect("no header end");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("no status");
    (status, body.to_owned())
}

/// Polls `path` until `done` accepts the response; panics after [`DEADLINE`].
fn poll_until(addr: SocketAddr, path: &str, done: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(addr, path);
        if done(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "timed out on {path}: {status} {body}"
        );
        thread::sleep(Duration::from_millis(25));
    }
}

fn status(addr: SocketAddr) -> serde_json::Value {
    serde_json::from_str(&get(addr, STATUS_PATH).1).unwrap()
}

/// Site = `index.html` wrapping the text of `page.txt`; text starting with
/// "FAIL" makes the build fail with a coloured message.
fn page_builder(dir: &Path) -> impl FnMut() -> BuildResult + Send + 'static {
    let file = dir.join("page.txt");
    move || {
        // The temp folder is deleted when a test ends, while its server lives on.
        let Ok(text) = fs::read_to_string(&file) else {
            return Ok(BTreeMap::new());
        };
        if text.starts_with("FAIL") {
            return Err(format!("\x1b[1;31merror\x1b[0m: page.txt: {}", text.trim()));
        }
        let html = format!(
            "<html><head><title>Test Book</title></head><body><p>{}</p></body></html>",
            text.trim()
        );
        Ok(BTreeMap::from([(
            "index.html".to_owned(),
            html.into_bytes(),
        )]))
    }
}

#[test]
fn serves_rebuilds_and_reports_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("page.txt"), "first").unwrap();
    let addr = start(dir.path(), page_builder(dir.path()));

    let (code, body) = get(addr, "/");
    assert_eq!(code, 200);
    assert!(body.contains("<p>first</p><script>"), "{body}");
    assert_eq!(get(addr, "/nothing-here.html").0, 404);
    let v1 = status(addr)["version"].as_u64().unwrap();

    // A long-poll waits for the next build while other requests go through.
    let waiter = thread::spawn(move || get(addr, &format!("{WAIT_PATH}?v={v1}")));
    assert_eq!(get(addr, "/").0, 200);
    // Changes in ignored places do not matter; the next real change does.
    fs::create_dir_all(dir.path().join("public")).unwrap();
    fs::write(dir.path().join("public/index.html"), "out").unwrap();
    fs::write(dir.path().join("page.txt"), "second").unwrap();
    poll_until(addr, "/", |code, body| {
        code == 200 && body.contains("<p>second</p>")
    });
    let (code, woke) = waiter.join().unwrap();
    assert_eq!(code, 200);
    let woke: serde_json::Value = serde_json::from_str(&woke).unwrap();
    assert!(woke["version"].as_u64().unwrap() > v1, "{woke}");

    // A failing build: the error shows in the status, the last good page stays.
    fs::write(dir.path().join("page.txt"), "FAIL broken <tag>").unwrap();
    let failed = poll_until(addr, STATUS_PATH, |_, body| body.contains("broken"));
    let failed: serde_json::Value = serde_json::from_str(&failed).unwrap();
    assert_eq!(failed["error"], "error: page.txt: FAIL broken <tag>");
    let (code, body) = get(addr, "/");
    assert_eq!(code, 200);
    assert!(body.contains("<p>second</p>"), "{body}");
    assert!(
        body.contains("FAIL broken \\u003ctag>"),
        "state carries the error: {body}"
    );

    // Fixed again: the error clears and the new page is served.
    fs::write(dir.path().join("page.txt"), "third").unwrap();
    poll_until(addr, "/", |_, body| body.contains("<p>third</p>"));
    assert!(status(addr)["error"].is_null());
}

#[test]
fn first_build_failure_recovers() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("page.txt"), "FAIL from the start").unwrap();
    let addr = start(dir.path(), page_builder(dir.path()));

    let (code, body) = get(addr, "/");
    assert_eq!(code, 500);
    assert!(
        body.contains("FAIL from the start") && body.contains(WAIT_PATH),
        "{body}"
    );

    fs::write(dir.path().join("page.txt"), "fixed").unwrap();
    poll_until(addr, "/", |code, body| {
        code == 200 && body.contains("<p>fixed</p>")
    });
}
