//! The Typst engine: turns a theme's `.typ` templates plus per-document files into PDF
//! bytes, in-process and offline.
//!
//! Design: an [`Engine`] holds everything that is the same for all documents of a run —
//! the standard library, the embedded fonts and the parsed templates — and is shared by
//! reference across rayon threads. Each [`Engine::compile`] call wraps it in a small
//! per-document `World` that adds the document's own files (`/data.json`, charts,
//! chapters, assets). Nothing is ever read from disk, the network or the system fonts,
//! and the clock is the date the caller passes, so the same input gives the same bytes.
//!
//! Typst interns file ids globally and never frees them, so only fixed, repeating paths
//! are interned here: `/templates/<name>` once, and the `.typ` files of a document
//! (`/chapters/<slug>.typ`), whose names repeat from one document to the next.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use typst::diag::{
    FileError, FileResult, PackageError, Severity as TypstSeverity, SourceDiagnostic, Warned,
};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::package::PackageSpec;
use typst::syntax::{DiagSpan, DiagSpanKind, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::base::diag::{Diagnostic, Severity, did_you_mean, line_col};

/// One template file, for diagnostics: where it came from and its text.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The name templates import it by, e.g. `common.typ`.
    pub name: String,
    /// Shown in diagnostics, e.g. `templates/pdf/scorecard.typ` or
    /// `<built-in>/templates/pdf/scorecard.typ`.
    pub path: PathBuf,
    pub text: String,
}

/// A compiled PDF with the warnings Typst gave on the way.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub pdf: Vec<u8>,
    pub warnings: Vec<Diagnostic>,
}

/// Fonts and the standard library, built once per run and shared by all documents.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    templates: Vec<Template>,
    /// Compilations so far, to trim the cache every [`EVICT_EVERY`].
    compiled: std::sync::atomic::AtomicUsize,
}

struct Template {
    name: String,
    path: PathBuf,
    source: Source,
}

/// Stack for any thread that typesets: Typst lays out tables and nested content
/// recursively, and a long scorecard overflows the 2 MiB default of spawned threads
/// (and can overflow the 8 MiB main thread). Untouched stack is only reserved address
/// space, so this costs no memory.
pub const STACK: usize = 256 << 20;

/// Comemo's global cache is trimmed every `EVICT_EVERY` compilations, dropping results
/// unused for `CACHE_MAX_AGE` trims (16–32 documents), so a long `serve` session or a
/// team of hundreds does not grow it without bound. Trimming walks every cache under a
/// lock: after each document it cost 5 % of a scorecard batch (perf, issue 9).
const CACHE_MAX_AGE: usize = 1;
const EVICT_EVERY: usize = 16;

macro_rules! embedded_fonts {
    ($($file:literal),* $(,)?) => {
        [$(($file, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file)).as_slice())),*]
    };
}

/// The only fonts Typst sees (licences and sources in `fonts/README.md`).
pub(crate) const FONTS: [(&str, &[u8]); 10] = embedded_fonts![
    "Inter-Regular.otf",
    "Inter-Italic.otf",
    "Inter-SemiBold.otf",
    "Inter-Bold.otf",
    "Inter-BoldItalic.otf",
    "NotoSerif-Regular.ttf",
    "NotoSerif-Italic.ttf",
    "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf",
    "DejaVuSansMono.ttf",
];

impl Engine {
    /// `templates`: every .typ file of the theme, importable from each other by name
    /// (`#import "common.typ": *`), mounted at `/templates/<name>`.
    pub fn new(templates: Vec<TemplateFile>) -> Engine {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|(file, data)| {
                let faces: Vec<Font> = Font::iter(Bytes::new(*data)).collect();
                debug_assert!(!faces.is_empty(), "invariant: fonts/{file} parses");
                faces
            })
            .collect();
        let templates = templates
            .into_iter()
            .filter_map(|t| {
                // A name that is not a plain relative path cannot be imported anyway.
                let id = project_id(&format!("/templates/{}", t.name))?;
                Some(Template {
                    name: t.name,
                    path: t.path,
                    source: Source::new(id, t.text),
                })
            })
            .collect();
        Engine {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            templates,
            compiled: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Family names of the embedded fonts, in embedding order: `["Inter", "Noto Serif",
    /// "DejaVu Sans Mono"]`.
    pub fn families(&self) -> Vec<String> {
        let mut families: Vec<String> = Vec::new();
        for font in &self.fonts {
            if !families.contains(&font.info().family) {
                families.push(font.info().family.clone());
            }
        }
        families
    }

    /// Compiles `/templates/<main>` with extra virtual files (`/data.json`,
    /// `/charts/revenue.svg`, `/assets/logo.png`, `/chapters/kpis.typ` …) and returns
    /// the PDF bytes. `date` is what `datetime.today()` returns and the PDF's creation
    /// date; without it the PDF has no date.
    pub fn compile(
        &self,
        main: &str,
        files: &[(String, Vec<u8>)],
        date: Option<(i32, u8, u8)>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        self.compile_with_warnings(main, files, date)
            .map(|compiled| compiled.pdf)
    }

    /// [`Engine::compile`], also returning Typst's warnings (unknown font family, …).
    pub fn compile_with_warnings(
        &self,
        main: &str,
        files: &[(String, Vec<u8>)],
        date: Option<(i32, u8, u8)>,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let Some(main_template) = self.templates.iter().find(|t| t.name == main) else {
            let names = self.templates.iter().map(|t| t.name.as_str());
            let mut d = Diagnostic::error(main, format!("there is no PDF template `{main}`"));
            if let Some(hint) = did_you_mean(main, names) {
                d = d.with_hint(hint);
            }
            return Err(vec![d]);
        };
        let today = match date {
            None => None,
            Some((y, m, d)) => match Datetime::from_ymd(y, m, d) {
                Some(datetime) => Some(datetime),
                None => {
                    let message = format!("invalid document date {y:04}-{m:02}-{d:02}");
                    return Err(vec![Diagnostic::error(&main_template.path, message)]);
                }
            },
        };
        let world = DocumentWorld::new(self, main_template.source.id(), files, today)?;

        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let warnings = world.diagnostics(&warnings);
        let document = output.map_err(|errors| world.diagnostics(&errors))?;
        let options = PdfOptions {
            timestamp: today.map(Timestamp::new_utc),
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|e| world.diagnostics(&e))?;
        let n = self
            .compiled
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n % EVICT_EVERY == EVICT_EVERY - 1 {
            typst::comemo::evict(CACHE_MAX_AGE);
        }
        Ok(Compiled { pdf, warnings })
    }

    fn template(&self, id: FileId) -> Option<&Template> {
        self.templates.iter().find(|t| t.source.id() == id)
    }
}

/// The file id of an absolute path in the project root, if the path is valid.
fn project_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One document's view: the shared engine plus this document's files.
struct DocumentWorld<'a> {
    engine: &'a Engine,
    main: FileId,
    /// By normalised virtual path (`/data.json`): looked up by path, so data files
    /// never intern a file id.
    files: HashMap<String, Bytes>,
    /// The document's own `.typ` files, parsed once.
    sources: HashMap<FileId, FileResult<Source>>,
    today: Option<Datetime>,
    /// Packages the document asked for, to explain the failure in plain words.
    packages: Mutex<Vec<PackageSpec>>,
}

impl<'a> DocumentWorld<'a> {
    fn new(
        engine: &'a Engine,
        main: FileId,
        files: &[(String, Vec<u8>)],
        today: Option<Datetime>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut world = DocumentWorld {
            engine,
            main,
            files: HashMap::with_capacity(files.len()),
            sources: HashMap::new(),
            today,
            packages: Mutex::new(Vec::new()),
        };
        for (path, data) in files {
            let Ok(vpath) = VirtualPath::new(path) else {
                let message = format!("invalid virtual path `{path}` for a PDF input");
                return Err(vec![Diagnostic::error(path, message)]);
            };
            let key = vpath.get_with_slash().to_string();
            if key.ends_with(".typ") {
                let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
                let source = String::from_utf8(data.clone())
                    .map(|text| Source::new(id, text))
                    .map_err(FileError::from);
                world.sources.insert(id, source);
            }
            world.files.insert(key, Bytes::new(data.clone()));
        }
        Ok(world)
    }

    /// Asking for a package file fails: pulsebook builds offline.
    fn refuse_package(&self, spec: &PackageSpec) -> FileError {
        let mut packages = self.packages.lock().unwrap_or_else(|e| e.into_inner());
        if !packages.contains(spec) {
            packages.push(spec.clone());
        }
        FileError::Package(PackageError::NotFound(spec.clone()))
    }

    fn diagnostics(&self, diagnostics: &[SourceDiagnostic]) -> Vec<Diagnostic> {
        diagnostics.iter().map(|d| self.diagnostic(d)).collect()
    }

    fn diagnostic(&self, source: &SourceDiagnostic) -> Diagnostic {
        let mut message = source.message.to_string();
        let packages = self
            .packages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for spec in packages {
            if message == PackageError::NotFound(spec.clone()).to_string() {
                message = format!(
                    "package @{}/{} is not available: pulsebook builds offline; \
                     copy what you need into templates/pdf/",
                    spec.namespace, spec.name
                );
            }
        }
        // Errors from deep inside Typst can be detached; the innermost call site with
        // a location is then the best place to point at.
        let span = if source.span.is_detached() {
            source
                .trace
                .iter()
                .map(|point| DiagSpan::from(point.span))
                .find(|span| !span.is_detached())
                .unwrap_or(source.span)
        } else {
            source.span
        };
        let mut d = match self.locate(span) {
            Some(at) => Diagnostic::error(at.file, message)
                .at_offset(&at.text, at.range.start)
                .with_len(at.len),
            None => Diagnostic::error(self.display_path(self.main), message),
        };
        if source.severity == TypstSeverity::Warning {
            d.severity = Severity::Warning;
        }
        let mut hints: Vec<String> = source.hints.iter().map(|h| h.v.to_string()).collect();
        if source.message.starts_with("unknown font family") {
            let families = self.engine.families().join(", ");
            hints.push(format!("the PDF fonts are embedded: {families}"));
        }
        // Where the failing code was reached from, when that is another place.
        for point in source.trace.iter().take(3) {
            if let Some(at) = self.locate(point.span.into()) {
                let (line, col) = line_col(&at.text, at.range.start);
                let file = crate::base::diag::display_path(&at.file);
                hints.push(format!("{} at {file}:{line}:{col}", point.v));
            }
        }
        if !hints.is_empty() {
            d = d.with_hint(hints.join("; "));
        }
        d
    }

    /// The file, text and byte range a span points at.
    fn locate(&self, span: DiagSpan) -> Option<Located<'_>> {
        let id = span.id()?;
        let range = self.range(span)?;
        let text: Cow<'_, str> = match self.source(id) {
            Ok(source) => Cow::Owned(source.text().to_string()),
            Err(_) => match &span.get() {
                DiagSpanKind::Range { .. } => {
                    let bytes = self.file(id).ok()?;
                    Cow::Owned(String::from_utf8_lossy(bytes.as_slice()).into_owned())
                }
                _ => return None,
            },
        };
        let start = range.start.min(text.len());
        let end = range.end.clamp(start, text.len());
        // Underline up to the end of the first line of the range.
        let first_line = text
            .get(start..end)
            .map_or("", |s| s.split('\n').next().unwrap_or(""));
        let len = first_line.chars().count().max(1);
        Some(Located {
            file: self.display_path(id),
            text,
            range: start..end,
            len,
        })
    }

    /// Templates by their own path; every other file by its virtual path.
    fn display_path(&self, id: FileId) -> PathBuf {
        if let Some(template) = self.engine.template(id) {
            return template.path.clone();
        }
        let vpath = id.vpath().get_with_slash();
        match id.root() {
            VirtualRoot::Project => PathBuf::from(vpath),
            VirtualRoot::Package(spec) => PathBuf::from(format!("{spec}{vpath}")),
        }
    }
}

struct Located<'a> {
    file: PathBuf,
    text: Cow<'a, str>,
    range: std::ops::Range<usize>,
    len: usize,
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(self.refuse_package(spec));
        }
        if let Some(template) = self.engine.template(id) {
            return Ok(template.source.clone());
        }
        if let Some(source) = self.sources.get(&id) {
            return source.clone();
        }
        match self.files.contains_key(id.vpath().get_with_slash()) {
            true => Err(FileError::NotSource),
            false => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(self.refuse_package(spec));
        }
        if let Some(template) = self.engine.template(id) {
            return Ok(Bytes::from_string(template.source.clone()));
        }
        self.files
            .get(id.vpath().get_with_slash())
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}

// `Engine` is shared by reference across rayon threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
};

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::Path;
    use std::time::Instant;

    fn template(name: &str, text: &str) -> TemplateFile {
        TemplateFile {
            name: name.into(),
            path: PathBuf::from(format!("templates/pdf/{name}")),
            text: text.into(),
        }
    }

    fn file(path: &str, data: impl Into<Vec<u8>>) -> (String, Vec<u8>) {
        (path.into(), data.into())
    }

    fn engine(main: &str) -> Engine {
        Engine::new(vec![
            template("doc.typ", main),
            template("common.typ", COMMON),
        ])
    }

    const COMMON: &str = "\
#let sans = (\"Inter\",)
#let headline(person) = text(weight: \"bold\")[#person.name]
#let broken(x) = x.missing-field
";

    const DOC: &str = "\
#import \"common.typ\": *
#let data = json(\"/data.json\")
#set text(font: sans, size: 10pt)
#set page(paper: \"a4\")
#headline(data.person)

#data.note
";

    fn data(note: &str) -> Vec<u8> {
        format!(
            "{{\"person\": {{\"name\": \"Anna Kowalska\"}}, \"note\": {}}}",
            json_string(note)
        )
        .into_bytes()
    }

    fn json_string(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn only_error(result: Result<Vec<u8>, Vec<Diagnostic>>) -> Diagnostic {
        let errors = result.expect_err("compilation fails");
        assert_eq!(errors.len(), 1, "{errors:#?}");
        errors.into_iter().next().unwrap()
    }

    /// Text of a PDF as `pdftotext` sees it (poppler-utils).
    fn pdftotext(pdf: &[u8]) -> String {
        let dir = std::env::temp_dir().join(format!("pulsebook-pdf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{:x}.pdf", typst::utils::hash128(&pdf)));
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn embedded_families_are_listed() {
        let engine = Engine::new(Vec::new());
        assert_eq!(
            engine.families(),
            ["Inter", "Noto Serif", "DejaVu Sans Mono"]
        );
        assert_eq!(engine.fonts.len(), FONTS.len(), "every font file parses");
    }

    #[test]
    fn text_fonts_cover_polish_and_norwegian_letters() {
        let engine = Engine::new(Vec::new());
        let letters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻæøåÆØÅ€–—…„”«»·";
        for font in &engine.fonts {
            let info = font.info();
            let missing: String = letters
                .chars()
                .filter(|&c| !info.coverage.contains(c as u32))
                .collect();
            assert_eq!(missing, "", "{} {:?}", info.family, info.variant);
        }
        // The status pills use these symbols in the sans family.
        let inter = engine.fonts.iter().filter(|f| f.info().family == "Inter");
        for font in inter {
            for c in "●▲■▼→✓".chars() {
                assert!(font.info().coverage.contains(c as u32), "Inter lacks {c}");
            }
        }
    }

    #[test]
    fn reads_data_passed_in_files_and_is_deterministic() {
        let engine = engine(DOC);
        let files = [file(
            "/data.json",
            data("Zażółć gęślą jaźń; blåbærsyltetøy"),
        )];
        let first = engine.compile("doc.typ", &files, None).unwrap();
        let second = engine.compile("doc.typ", &files, None).unwrap();
        assert!(first.starts_with(b"%PDF-"));
        assert!(first == second, "PDFs are byte-identical");
        let other = engine
            .compile("doc.typ", &[file("/data.json", data("x"))], None)
            .unwrap();
        assert!(first != other, "the data reaches the document");
    }

    #[test]
    fn creation_date_comes_only_from_the_given_date() {
        let engine = engine(DOC);
        let files = [file("/data.json", data("x"))];
        let undated = engine.compile("doc.typ", &files, None).unwrap();
        let dated = engine
            .compile("doc.typ", &files, Some((2026, 10, 31)))
            .unwrap();
        let contains = |pdf: &[u8], needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(!contains(&undated, b"CreationDate"));
        assert!(contains(&dated, b"D:20261031"));
        assert_eq!(
            dated,
            engine
                .compile("doc.typ", &files, Some((2026, 10, 31)))
                .unwrap()
        );
    }

    #[test]
    fn today_is_the_given_date_never_the_clock() {
        let doc = "#datetime.today().display(\"[year]-[month]-[day]\")";
        let engine = engine(doc);
        let pdf = engine.compile("doc.typ", &[], Some((2026, 2, 28)));
        assert!(pdf.is_ok(), "{pdf:?}");
        let error = only_error(engine.compile("doc.typ", &[], None));
        assert_eq!(error.file, PathBuf::from("templates/pdf/doc.typ"));
        assert_eq!((error.line, error.col), (1, 2));
    }

    #[test]
    fn syntax_error_points_at_template_line_and_column() {
        let doc = "= Title\n\n#let x = (1, 2\nText\n";
        let errors = engine(doc).compile("doc.typ", &[], None).unwrap_err();
        let error = &errors[0];
        assert_eq!(error.file, PathBuf::from("templates/pdf/doc.typ"));
        assert_eq!((error.line, error.col), (3, 10), "{error}");
        assert_eq!(error.snippet.as_deref(), Some("#let x = (1, 2"));
        assert_eq!(error.message, "unclosed delimiter");
        // Typst also says what it expected there; every error is located.
        assert!(errors.iter().all(|e| e.line == 3), "{errors:#?}");
    }

    #[test]
    fn error_in_imported_template_points_into_that_file() {
        let doc = "#import \"common.typ\": *\n#broken((a: 1))\n";
        let error = only_error(engine(doc).compile("doc.typ", &[], None));
        assert_eq!(error.file, PathBuf::from("templates/pdf/common.typ"));
        assert_eq!(error.line, 3, "{error}");
        assert_eq!(
            error.snippet.as_deref(),
            Some("#let broken(x) = x.missing-field")
        );
        let hint = error.hint.unwrap_or_default();
        assert!(hint.contains("templates/pdf/doc.typ:2:"), "{hint}");
    }

    #[test]
    fn syntax_error_in_imported_template_points_into_that_file() {
        let engine = Engine::new(vec![
            template("doc.typ", "#import \"common.typ\": *\nHello\n"),
            template("common.typ", "#let a = 1\n#let b = [unclosed\n"),
        ]);
        let errors = engine.compile("doc.typ", &[], None).unwrap_err();
        assert!(
            errors
                .iter()
                .all(|e| e.file == Path::new("templates/pdf/common.typ") && e.line == 2),
            "{errors:#?}"
        );
    }

    #[test]
    fn missing_data_field_points_into_the_template() {
        let doc = "#let data = json(\"/data.json\")\n\nHello #data.person.nme\n";
        let files = [file("/data.json", data("x"))];
        let error = only_error(engine(doc).compile("doc.typ", &files, None));
        assert_eq!(error.file, PathBuf::from("templates/pdf/doc.typ"));
        assert_eq!((error.line, error.col), (3, 20), "{error}");
        assert_eq!(error.snippet.as_deref(), Some("Hello #data.person.nme"));
        assert!(error.message.contains("nme"), "{error}");
    }

    #[test]
    fn missing_file_is_named_by_its_virtual_path() {
        let doc = "#image(\"/charts/revenue.svg\")\n";
        let error = only_error(engine(doc).compile("doc.typ", &[], None));
        assert_eq!(error.file, PathBuf::from("templates/pdf/doc.typ"));
        assert_eq!(error.line, 1);
        assert!(error.message.contains("/charts/revenue.svg"), "{error}");
    }

    #[test]
    fn malformed_json_points_into_the_data_file() {
        let files = [file("/data.json", "{\n  \"person\": {\"name\": }\n}\n")];
        let error = only_error(engine(DOC).compile("doc.typ", &files, None));
        assert_eq!(error.file, PathBuf::from("/data.json"), "{error}");
        assert_eq!(error.line, 2, "{error}");
        assert_eq!(error.snippet.as_deref(), Some("  \"person\": {\"name\": }"));
    }

    #[test]
    fn error_in_chapter_file_points_into_the_chapter() {
        let doc = "#include \"/chapters/kpis.typ\"\n";
        let chapter = "= KPIs\n\nSome text #undefined-thing here.\n";
        let files = [file("/chapters/kpis.typ", chapter)];
        let error = only_error(engine(doc).compile("doc.typ", &files, None));
        assert_eq!(error.file, PathBuf::from("/chapters/kpis.typ"));
        assert_eq!((error.line, error.col), (3, 12), "{error}");
        assert_eq!(error.len, "undefined-thing".len());
    }

    #[test]
    fn chapters_and_assets_are_included() {
        let doc = "#include \"/chapters/intro.typ\"\n#image(\"/charts/a.svg\", width: 4cm)\n";
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="teal"/></svg>"#;
        let files = [
            file("/chapters/intro.typ", "= Intro\n\nText _here_."),
            file("/charts/a.svg", svg),
        ];
        let result = engine(doc).compile_with_warnings("doc.typ", &files, None);
        let compiled = result.unwrap();
        assert!(compiled.warnings.is_empty(), "{:#?}", compiled.warnings);
    }

    #[test]
    fn package_import_fails_with_offline_message() {
        let doc = "#import \"@preview/cetz:0.3.4\": canvas\n";
        let error = only_error(engine(doc).compile("doc.typ", &[], None));
        assert_eq!(
            error.message,
            "package @preview/cetz is not available: pulsebook builds offline; \
             copy what you need into templates/pdf/"
        );
        assert_eq!(error.file, PathBuf::from("templates/pdf/doc.typ"));
        assert_eq!((error.line, error.col), (1, 9));
    }

    #[test]
    fn unknown_main_template_suggests_a_name() {
        let error = only_error(engine(DOC).compile("dco.typ", &[], None));
        assert_eq!(error.hint.as_deref(), Some("did you mean `doc.typ`?"));
    }

    const MARKUP_CHARS: &str =
        "#let x = 1 $a$ [link] *bold* _u_ <label> @ref // not a comment \\ `raw` ~";

    #[test]
    fn user_text_from_json_is_not_markup() {
        let result = engine(DOC).compile_with_warnings(
            "doc.typ",
            &[file("/data.json", data(MARKUP_CHARS))],
            None,
        );
        let compiled = result.unwrap();
        assert!(compiled.warnings.is_empty(), "{:#?}", compiled.warnings);
    }

    #[test]
    #[ignore = "needs pdftotext from poppler-utils"]
    fn user_text_from_json_renders_literally() {
        let files = [file("/data.json", data(MARKUP_CHARS))];
        let pdf = engine(DOC).compile("doc.typ", &files, None).unwrap();
        let text = pdftotext(&pdf);
        assert!(text.contains(MARKUP_CHARS), "{text}");
    }

    #[test]
    #[ignore = "needs pdftotext from poppler-utils"]
    fn polish_and_norwegian_letters_render_in_every_family() {
        let letters = "ą ć ę ł ń ó ś ź ż Ą Ł Ś Ż æ ø å Æ Ø Å";
        let doc = "#let data = json(\"/data.json\")\n\
                   #for font in (\"Inter\", \"Noto Serif\", \"DejaVu Sans Mono\") {\n\
                   for style in (\"normal\", \"italic\") { for weight in (\"regular\", \"bold\") {\n\
                   text(font: font, style: style, weight: weight, fallback: false, data.note)\n\
                   parbreak() } } }\n";
        let files = [file("/data.json", data(letters))];
        let pdf = engine(doc).compile("doc.typ", &files, None).unwrap();
        // pdftotext guesses word gaps, and between single letters it misses some.
        let text: String = pdftotext(&pdf).split_whitespace().collect();
        let letters: String = letters.split_whitespace().collect();
        assert_eq!(text.matches(&letters).count(), 12, "{text}");
    }

    #[test]
    fn svg_text_uses_the_embedded_inter() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">
  <style>text { font-family: Inter, 'Segoe UI', system-ui, sans-serif; }</style>
  <text x="4" y="28" font-family="Inter, 'Segoe UI', system-ui, sans-serif" font-size="16">Przychód łącznie: 12 345 zł</text>
</svg>"#;
        let doc = "#image(\"/charts/revenue.svg\", width: 8cm)\n";
        let files = [file("/charts/revenue.svg", svg)];
        let compiled = engine(doc)
            .compile_with_warnings("doc.typ", &files, None)
            .unwrap();
        assert!(compiled.warnings.is_empty(), "{:#?}", compiled.warnings);
        let pdf = &compiled.pdf;
        let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(has(b"Inter"), "the SVG text embeds Inter");
        assert!(!has(b"NotoSerif"), "and no other font");
    }

    #[test]
    fn compiles_documents_in_parallel() {
        use rayon::prelude::*;
        let engine = engine(DOC);
        let notes: Vec<String> = (0..8).map(|i| format!("Document {i}")).collect();
        let sequential: Vec<Vec<u8>> = notes
            .iter()
            .map(|n| {
                let files = [file("/data.json", data(n))];
                engine.compile("doc.typ", &files, None).unwrap()
            })
            .collect();
        let parallel: Vec<Vec<u8>> = notes
            .par_iter()
            .map(|n| {
                let files = [file("/data.json", data(n))];
                engine.compile("doc.typ", &files, None).unwrap()
            })
            .collect();
        assert!(sequential == parallel, "same bytes whatever the threading");
    }

    const SCORECARD: &str = r##"#import "common.typ": *
#let data = json("/data.json")
#set text(font: sans, size: 9pt)
#set page(paper: "a4", margin: 16mm)
#text(size: 20pt, weight: "bold")[#data.person.name]
#table(
  columns: (1fr, auto, auto, auto),
  table.header([KPI], [Value], [Target], [Status]),
  ..data.rows.map(r => (r.kpi, r.value, r.target, text(weight: "semibold", r.status))).flatten()
)
#grid(columns: (1fr, 1fr), gutter: 8pt,
  image("/charts/revenue.svg", width: 100%),
  image("/charts/deals.svg", width: 100%),
)
"##;

    fn scorecard_files(i: usize) -> Vec<(String, Vec<u8>)> {
        let rows: Vec<String> = (0..8)
            .map(|r| {
                format!(
                    "{{\"kpi\": \"KPI {r}\", \"value\": \"{} zł\", \"target\": \"1 000 zł\", \"status\": \"● OK\"}}",
                    i * 100 + r
                )
            })
            .collect();
        let data = format!(
            "{{\"person\": {{\"name\": \"Jan Nowak {i}\"}}, \"rows\": [{}]}}",
            rows.join(",")
        );
        let chart = |title: &str| {
            let mut svg = String::from(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">"#,
            );
            for m in 0..12 {
                let h = 20 + (m * 13 + i * 7) % 150;
                svg.push_str(&format!(
                    r##"<rect x="{}" y="{}" width="24" height="{h}" fill="#1e3a8a"/>"##,
                    10 + m * 32,
                    190 - h
                ));
            }
            svg.push_str(&format!(
                r#"<text x="10" y="16" font-family="Inter, sans-serif" font-size="12">{title}</text></svg>"#
            ));
            svg
        };
        vec![
            file("/data.json", data),
            file("/charts/revenue.svg", chart("Przychód")),
            file("/charts/deals.svg", chart("Umowy")),
        ]
    }

    #[test]
    #[ignore = "timing; run with --release --ignored --nocapture"]
    fn timing_engine_and_one_page_scorecard() {
        let start = Instant::now();
        let engine = engine(SCORECARD);
        let built = start.elapsed();
        let mut times = Vec::new();
        let mut size = 0;
        for i in 0..30 {
            let files = scorecard_files(i);
            let start = Instant::now();
            let pdf = engine.compile("doc.typ", &files, None).unwrap();
            times.push(start.elapsed());
            size = pdf.len();
        }
        let first = times[0];
        times.sort();
        println!(
            "engine: {built:?}; first document: {first:?}; median of 30: {:?}; min {:?}; {size} bytes",
            times[times.len() / 2],
            times[0]
        );
        use rayon::prelude::*;
        let start = Instant::now();
        (0..64).into_par_iter().for_each(|i| {
            engine
                .compile("doc.typ", &scorecard_files(i), None)
                .unwrap();
        });
        println!(
            "64 documents on {} threads: {:?}",
            rayon::current_num_threads(),
            start.elapsed()
        );
    }
}
