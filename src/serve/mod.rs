//! Local preview server for `pulsebook serve`.
//!
//! [`run`] builds the book once, serves the result from memory, rebuilds when
//! watched files change and live-reloads open pages. When a rebuild fails the
//! last good site stays online and open pages show the error in an overlay.
//!
//! Why these crates (no async runtime, few transitive dependencies):
//! - `tiny_http`: small, synchronous, long-lived HTTP/1.1 server with four
//!   light dependencies; routing on top of it is a `match` on the path.
//! - `notify` (v8): the standard cross-platform file watcher (inotify,
//!   FSEvents, ReadDirectoryChangesW). Debouncing is a `recv_timeout` loop
//!   here instead of `notify-debouncer-*`: we drop ignored paths before they
//!   can restart the quiet period and we keep the changed paths for the log.
//! - `percent-encoding`: servo's URL percent-decoder (already in pulsebook's tree).
//! - `serde_json`: JSON for the reload endpoint (already a pulsebook dependency).
//!
//! ANSI stripping is a dozen lines below; `strip-ansi-escapes` would pull in
//! `vte` and its dependencies for the same result.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::{fs, thread};

use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, Server};

/// What one build produced: the whole site in memory, keyed by path relative
/// to the site root with `/` separators (`"index.html"`,
/// `"static/style.css"`), or the formatted error text (may contain ANSI colours).
pub(crate) type BuildResult = Result<BTreeMap<String, Vec<u8>>, String>;

/// Settings for [`run`].
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Address to listen on (the CLI defaults to 127.0.0.1).
    pub(crate) host: IpAddr,
    /// Port to listen on; 0 picks a free one.
    pub(crate) port: u16,
    /// Folders or files watched recursively; they must exist.
    pub(crate) watch: Vec<PathBuf>,
    /// Paths whose changes never trigger a rebuild (e.g. the output folder).
    /// Hidden components (`.git`) and editor temp files are always ignored.
    pub(crate) ignore: Vec<PathBuf>,
}

/// Quiet period that ends a burst of file events. An editor's save is a burst of
/// events within a few milliseconds (write, rename, chmod); 20 ms catches it and keeps
/// edit → reload within 100 ms for a book that rebuilds in well under 80 ms.
const QUIET: Duration = Duration::from_millis(20);
/// Upper bound on debouncing, so a file that never stops changing still rebuilds.
const MAX_DEBOUNCE: Duration = Duration::from_secs(2);
/// How long `/__pulsebook/wait` holds a request when nothing changes.
const WAIT_TIMEOUT: Duration = Duration::from_secs(25);
const WAIT_PATH: &str = "/__pulsebook/wait";
const STATUS_PATH: &str = "/__pulsebook/status";

type Site = BTreeMap<String, Vec<u8>>;

/// Builds once, binds, prints `Serving <title> at http://HOST:PORT/` to stdout,
/// then serves and rebuilds on changes until the process ends.
///
/// `build` runs on the calling thread only, so it needs to be neither `Send`
/// nor `Sync`. HTTP requests are answered on their own threads. Returns only
/// on fatal errors: a path that cannot be watched, bind failure, or the HTTP
/// listener dying; a failed build is shown to the user and never returned.
pub(crate) fn run(options: Options, build: impl FnMut() -> BuildResult) -> io::Result<()> {
    run_with(options, build, |line| {
        let mut out = io::stdout().lock();
        // A closed stdout must not stop the server, so write errors are ignored.
        let _ = writeln!(out, "{line}").and_then(|()| out.flush());
    })
}

/// [`run`] with the "Serving …" line handed to `announce` (tests read it there).
fn run_with(
    options: Options,
    mut build: impl FnMut() -> BuildResult,
    announce: impl FnOnce(&str),
) -> io::Result<()> {
    let filter = Filter::new(&options)?;
    let (tx, rx) = mpsc::channel::<Msg>();
    let fs_tx = tx.clone();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = fs_tx.send(Msg::Fs(event));
    })
    .map_err(|e| io::Error::other(format!("cannot start the file watcher: {e}")))?;
    for root in &filter.roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| io::Error::other(format!("cannot watch {}: {e}", root.display())))?;
    }

    let wanted = SocketAddr::new(options.host, options.port);
    let server = Server::http(wanted).map_err(|e| {
        let kind = e
            .downcast_ref::<io::Error>()
            .map_or(io::ErrorKind::Other, io::Error::kind);
        io::Error::new(kind, format!("cannot listen on {wanted}: {e}"))
    })?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io::Error::other("the HTTP server has no IP address"))?;

    let shared = Arc::new(Shared::new(first_version()));
    let outcome = build_once(&mut build);
    let title = outcome
        .as_ref()
        .ok()
        .and_then(|site| page_title(site.get("index.html")?));
    if let Err(text) = &outcome {
        log(text);
    }
    shared.publish(outcome);
    announce(&match title {
        Some(title) => format!("Serving {title} at http://{addr}/"),
        None => format!("Serving at http://{addr}/"),
    });

    let http_shared = Arc::clone(&shared);
    thread::Builder::new()
        .name("pulsebook-accept".into())
        .spawn(move || {
            loop {
                match server.recv() {
                    Ok(request) => {
                        let shared = Arc::clone(&http_shared);
                        // If no thread can be started, the request is dropped and
                        // tiny_http answers it with a 500.
                        let _ = thread::Builder::new()
                            .name("pulsebook-http".into())
                            .spawn(move || handle(request, &shared));
                    }
                    // tiny_http's accept loop has stopped: nothing more will arrive.
                    Err(e) => {
                        let _ = tx.send(Msg::Fatal(e));
                        return;
                    }
                }
            }
        })?;

    let closed = || io::Error::other("the file watcher stopped");
    loop {
        let mut changed = BTreeSet::new();
        collect(rx.recv().map_err(|_| closed())?, &filter, &mut changed)?;
        if changed.is_empty() {
            continue;
        }
        let burst = Instant::now();
        while burst.elapsed() < MAX_DEBOUNCE {
            match rx.recv_timeout(QUIET) {
                Ok(msg) => collect(msg, &filter, &mut changed)?,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(closed()),
            }
        }
        let started = Instant::now();
        let outcome = build_once(&mut build);
        match &outcome {
            Ok(_) => log(&format!(
                "Rebuilt in {} ms (changed: {})",
                started.elapsed().as_millis(),
                describe(&changed)
            )),
            Err(text) => log(text),
        }
        shared.publish(outcome);
    }
}

/// Messages to the rebuild loop.
enum Msg {
    Fs(notify::Result<notify::Event>),
    /// The HTTP listener died; `run` returns this error.
    Fatal(io::Error),
}

/// Adds the relevant paths of `msg` to `changed`; fails on [`Msg::Fatal`].
fn collect(msg: Msg, filter: &Filter, changed: &mut BTreeSet<String>) -> io::Result<()> {
    match msg {
        Msg::Fatal(e) => return Err(e),
        Msg::Fs(Err(e)) => log(&format!("warning: file watcher: {e}")),
        Msg::Fs(Ok(event)) => {
            if event.need_rescan() {
                changed.insert("(watcher rescan)".into());
            }
            // Reads (including the build's own) are not changes.
            let read = matches!(
                event.kind,
                EventKind::Access(_)
                    | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
            );
            if !read {
                changed.extend(event.paths.iter().filter_map(|p| filter.label(p)));
            }
        }
    }
    Ok(())
}

/// "a.md, b.md and 3 more"
fn describe(changed: &BTreeSet<String>) -> String {
    let shown: Vec<&str> = changed.iter().take(3).map(String::as_str).collect();
    match changed.len().saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Runs `build`, turning a panic into an error so the server keeps running.
fn build_once(build: &mut impl FnMut() -> BuildResult) -> BuildResult {
    panic::catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("the build panicked: {message}"))
    })
}

/// Writes a line (or several) to stderr. Unlike `eprintln!`, this does not
/// panic when stderr is closed: the server outlives its terminal.
fn log(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", text.trim_end());
}

/// Starting version: the Unix time in ms, so that a page left open across a
/// server restart sees a different version and reloads.
fn first_version() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_millis()).ok())
        .unwrap_or(1)
}

/// The text of the first `<title>` of a page, whitespace collapsed.
fn page_title(html: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(html);
    // ASCII lowercasing keeps byte offsets, so indices found in `lower` fit `text`.
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let start = start + lower[start..].find('>')? + 1;
    let end = start + lower[start..].find("</title>")?;
    let title = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let title = [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(title, |t, (from, to)| t.replace(from, to));
    (!title.is_empty()).then_some(title)
}

/// Decides which changed paths matter and how they are named in the log.
struct Filter {
    /// Canonical watched paths.
    roots: Vec<PathBuf>,
    /// Ignored paths, both as given (made absolute) and canonical.
    ignore: Vec<PathBuf>,
}

impl Filter {
    fn new(options: &Options) -> io::Result<Self> {
        let roots = options
            .watch
            .iter()
            .map(|p| {
                fs::canonicalize(p).map_err(|e| {
                    io::Error::new(e.kind(), format!("cannot watch {}: {e}", p.display()))
                })
            })
            .collect::<io::Result<_>>()?;
        let ignore = options
            .ignore
            .iter()
            .flat_map(|p| [std::path::absolute(p).ok(), canonical_lenient(p)])
            .flatten()
            .collect();
        Ok(Self { roots, ignore })
    }

    /// The path relative to its watched root (`content/feedback.md`), or
    /// `None` when changes to it are ignored.
    fn label(&self, path: &Path) -> Option<String> {
        if self.ignore.iter().any(|ignored| path.starts_with(ignored)) {
            return None;
        }
        let name = path.file_name()?.to_string_lossy();
        let temp = name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.starts_with(".#")
            || name == "4913";
        if temp {
            return None;
        }
        let relative = self
            .roots
            .iter()
            .find_map(|root| path.strip_prefix(root).ok());
        let parts: Vec<String> = relative
            .unwrap_or(path)
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if parts.iter().any(|part| part.starts_with('.')) {
            return None;
        }
        // A watched file is its own root: name it by its file name.
        Some(if parts.is_empty() {
            name.into_owned()
        } else {
            parts.join("/")
        })
    }
}

/// Canonical form of a path that may not exist yet (e.g. the output folder):
/// its canonical parent joined with its name.
fn canonical_lenient(path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok().or_else(|| {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(fs::canonicalize(parent).ok()?.join(path.file_name()?))
    })
}

/// What the HTTP threads see.
struct State {
    /// Bumped after every build, good or bad.
    version: u64,
    /// The last good site; `None` until a build succeeds.
    site: Option<Arc<Site>>,
    /// The latest build's error, ANSI codes stripped; `None` if it succeeded.
    error: Option<String>,
}

/// State shared between the rebuild loop and the HTTP threads.
struct Shared {
    state: Mutex<State>,
    /// Signalled after every build; long-poll requests wait on it.
    changed: Condvar,
}

impl Shared {
    /// No site and no error yet.
    fn new(version: u64) -> Self {
        let state = State {
            version,
            site: None,
            error: None,
        };
        Self {
            state: Mutex::new(state),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a build's outcome and wakes the long-polls.
    fn publish(&self, outcome: BuildResult) {
        let mut state = self.lock();
        state.version += 1;
        match outcome {
            Ok(site) => {
                state.site = Some(Arc::new(site));
                state.error = None;
            }
            Err(text) => state.error = Some(strip_ansi(&text)),
        }
        drop(state);
        self.changed.notify_all();
    }

    /// Waits until the version differs from `seen` or [`WAIT_TIMEOUT`] passes,
    /// then returns the state as JSON.
    fn wait(&self, seen: Option<u64>) -> String {
        let state = self.lock();
        let Some(seen) = seen else {
            return status_json(&state);
        };
        let (state, _) = self
            .changed
            .wait_timeout_while(state, WAIT_TIMEOUT, |state| state.version == seen)
            .unwrap_or_else(PoisonError::into_inner);
        status_json(&state)
    }
}

/// `{"version":N,"error":null|"text"}`, with `<` escaped so that it can be
/// embedded in a `<script>` element.
fn status_json(state: &State) -> String {
    serde_json::json!({ "version": state.version, "error": state.error })
        .to_string()
        .replace('<', "\\u003c")
}

/// A response before it is handed to tiny_http.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        let headers = vec![
            ("Content-Type", content_type.to_owned()),
            ("Cache-Control", "no-store".into()),
        ];
        Self {
            status,
            headers,
            body: body.into(),
        }
    }

    fn into_response(self) -> Response<io::Cursor<Vec<u8>>> {
        // Known lengths are always sent with Content-Length, never chunked.
        let mut response = Response::from_data(self.body)
            .with_status_code(self.status)
            .with_chunked_threshold(usize::MAX);
        for (name, value) in self.headers {
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        response
    }
}

/// Answers one request (runs on its own thread).
fn handle(request: Request, shared: &Shared) {
    let reply = match request.method() {
        Method::Get | Method::Head => route(request.url(), shared),
        _ => {
            let mut reply = Reply::new(405, TEXT, "Method Not Allowed\n");
            reply.headers.push(("Allow", "GET, HEAD".into()));
            reply
        }
    };
    // tiny_http drops the body for HEAD. A client that went away is not an error.
    let _ = request.respond(reply.into_response());
}

const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// Maps a request target to a reply.
fn route(url: &str, shared: &Shared) -> Reply {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == STATUS_PATH {
        return Reply::new(200, "application/json", status_json(&shared.lock()));
    }
    if path == WAIT_PATH {
        let seen = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("v=")?.parse().ok());
        return Reply::new(200, "application/json", shared.wait(seen));
    }
    let Some(key) = resolve(path) else {
        return Reply::new(
            400,
            HTML,
            page("Bad request", "<p>This path is not allowed.</p>"),
        );
    };
    let (site, error, state_json) = {
        let state = shared.lock();
        (state.site.clone(), state.error.clone(), status_json(&state))
    };
    let Some(site) = site else {
        // No build has succeeded yet: pages show the error, and reload when fixed.
        if content_type(&key) != HTML
            && key
                .rsplit('/')
                .next()
                .is_some_and(|name| name.contains('.'))
        {
            return Reply::new(503, TEXT, "The build failed: nothing to serve yet.\n");
        }
        let text = escape_html(error.as_deref().unwrap_or_default());
        let body = format!(
            "<p>The build failed. Fix the error and save: this page reloads.</p><pre>{text}</pre>"
        );
        return Reply::new(
            500,
            HTML,
            inject(page("Build failed", &body).as_bytes(), &state_json),
        );
    };
    if let Some(bytes) = site.get(&key) {
        let kind = content_type(&key);
        let body = if kind == HTML {
            inject(bytes, &state_json)
        } else {
            bytes.clone()
        };
        return Reply::new(200, kind, body);
    }
    if site.contains_key(&format!("{key}/index.html")) {
        // Folder without trailing slash: redirect so that relative links work.
        let mut reply = Reply::new(301, TEXT, "");
        let location = if query.is_empty() {
            format!("{path}/")
        } else {
            format!("{path}/?{query}")
        };
        reply.headers.push(("Location", location));
        return reply;
    }
    let body = format!(
        "<p>No page at <code>/{}</code>.</p><p><a href=\"/\">Home</a></p>",
        escape_html(&key)
    );
    Reply::new(
        404,
        HTML,
        inject(page("Not found", &body).as_bytes(), &state_json),
    )
}

/// Maps a request path to a site key: `/` → `index.html`, `/handbook/` →
/// `handbook/index.html`, `/caf%C3%A9.html` → `café.html`. `None` for `..`
/// segments, backslashes, NUL, or bytes that are not UTF-8 once decoded.
fn resolve(path: &str) -> Option<String> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            segment => parts.push(segment),
        }
    }
    if decoded.ends_with('/') {
        parts.push("index.html");
    }
    Some(parts.join("/"))
}

/// Content-Type for a site key, from its extension.
fn content_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => TEXT,
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}

/// A minimal standalone HTML page; `body` is already HTML.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title} · pulsebook</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:50em;margin:3em auto;padding:0 1em}}\
         pre{{white-space:pre-wrap}}</style></head>\n<body><h1>{title}</h1>{body}</body></html>\n"
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Inserts the live-reload script, carrying `state_json`, before the last
/// `</body>` (any case), or at the end when there is none.
fn inject(html: &[u8], state_json: &str) -> Vec<u8> {
    let script = RELOAD_SCRIPT.replace("__STATE__", state_json);
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Removes ANSI escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL`
/// or `ESC ] … ESC \`, e.g. hyperlinks), nF (`ESC ( B`) and `ESC x`.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            // nF escapes such as `ESC ( B`: intermediates, then one final character.
            Some(' '..='/') => {
                for c in chars.by_ref() {
                    if !(' '..='/').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Live reload, injected into every HTML response. `__STATE__` is replaced
/// by the state JSON at serve time. Long-polls the server; reloads (keeping
/// the scroll position) on a new good build, shows an overlay on a failed
/// one, and retries with backoff (1 s to 5 s) while the server is away.
const RELOAD_SCRIPT: &str = r#"<script>(() => {
  const state = __STATE__;
  let version = state.version, delay = 1000, host = null;
  const key = "pulsebook-scroll:" + location.pathname;
  let store = null;
  try { store = window.sessionStorage; } catch { /* storage disabled */ }
  const saved = store && store.getItem(key);
  if (saved) {
    store.removeItem(key);
    const [x, y] = saved.split(",").map(Number);
    addEventListener("load", () => scrollTo(x, y));
  }
  const show = (text) => {
    if (!host) {
      host = document.createElement("pulsebook-overlay");
      const root = host.attachShadow({ mode: "open" });
      root.innerHTML = `<style>
        :host { all: initial }
        div { position: fixed; top: 0; left: 0; right: 0; max-height: 100vh; overflow: auto;
              z-index: 2147483647; background: #1d1d21; color: #eee; border-top: 4px solid #e5484d;
              box-shadow: 0 8px 32px #0008; font: 14px/1.5 system-ui, sans-serif }
        header { display: flex; gap: 1em; align-items: center; padding: .6em 1em; background: #3b1f22 }
        header span { flex: 1; opacity: .8 }
        button { font: 20px/1 system-ui, sans-serif; background: none; border: 0; color: inherit; cursor: pointer }
        pre { margin: 0; padding: 1em; white-space: pre-wrap; overflow-wrap: anywhere;
              font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace }
      </style><div role="alertdialog" aria-label="Build failed"><header><b>Build failed</b>
      <span>Fix the error and save: the page reloads by itself.</span>
      <button type="button" aria-label="Close" title="Close">&#x2715;</button></header><pre></pre></div>`;
      root.querySelector("button").onclick = () => host.remove();
    }
    host.shadowRoot.querySelector("pre").textContent = text;
    (document.body || document.documentElement).append(host);
  };
  const apply = (s) => {
    if (s.error !== null) {
      version = s.version;
      show(s.error);
    } else if (s.version !== version) {
      if (store) store.setItem(key, scrollX + "," + scrollY);
      location.reload();
      return true;
    }
    return false;
  };
  if (apply(state)) return;
  (async () => {
    for (;;) {
      try {
        const r = await fetch("/__pulsebook/wait?v=" + version, { cache: "no-store" });
        if (!r.ok) throw new Error("HTTP " + r.status);
        if (apply(await r.json())) return;
        delay = 1000;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  })();
})();</script>"#;

#[cfg(test)]
mod tests;
