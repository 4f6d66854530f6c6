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

use crate::base::diag::{Diagnostic, Diagnostics, Severity, did_you_mean, line_col};
use crate::output::InputsHasher;

/// One template file, for diagnostics: where it came from and its text.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The name templates import it by, e.g. `common.typ`.
    pub(crate) name: String,
    /// Shown in diagnostics, e.g. `templates/pdf/scorecard.typ` or
    /// `<built-in>/templates/pdf/scorecard.typ`.
    pub(crate) path: PathBuf,
    pub(crate) text: String,
}

/// Fonts and the standard library, built once per run and shared by all documents.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    templates: Vec<Template>,
    /// Seeded with the templates, for the fingerprint of each document's inputs.
    hasher: InputsHasher,
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
        let mut hasher = InputsHasher::new("pdf");
        for t in &templates {
            hasher.add(t.name.as_bytes()).add(t.text.as_bytes());
        }
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
            hasher,
            compiled: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// A hasher seeded with this engine's templates (the fonts are part of the build).
    pub(crate) fn hasher(&self) -> &InputsHasher {
        &self.hasher
    }

    /// Family names of the embedded fonts, in embedding order: `["Inter", "Noto Serif",
    /// "DejaVu Sans Mono"]`.
    pub(crate) fn families(&self) -> Vec<String> {
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
    /// the PDF bytes; errors are pushed to `diags`. `date` is what `datetime.today()`
    /// returns and the PDF's creation date; without it the PDF has no date.
    ///
    /// Typst's warnings are not reported (a build never showed them): see
    /// [`Engine::compile_with_warnings`].
    pub(crate) fn compile(
        &self,
        main: &str,
        files: &[(String, Vec<u8>)],
        date: Option<(i32, u8, u8)>,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let mut found = Diagnostics::new();
        let pdf = self.compile_with_warnings(main, files, date, &mut found);
        for d in found.iter().filter(|d| d.is_error()) {
            diags.push(d.clone());
        }
        pdf
    }

    /// [`Engine::compile`], also pushing Typst's warnings (unknown font family, …).
    pub(crate) fn compile_with_warnings(
        &self,
        main: &str,
        files: &[(String, Vec<u8>)],
        date: Option<(i32, u8, u8)>,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let Some(main_template) = self.templates.iter().find(|t| t.name == main) else {
            let names = self.templates.iter().map(|t| t.name.as_str());
            let mut d = Diagnostic::error(main, format!("there is no PDF template `{main}`"));
            if let Some(hint) = did_you_mean(main, names) {
                d = d.with_hint(hint);
            }
            diags.push(d);
            return None;
        };
        let today = match date {
            None => None,
            Some((y, m, d)) => match Datetime::from_ymd(y, m, d) {
                Some(datetime) => Some(datetime),
                None => {
                    let message = format!("invalid document date {y:04}-{m:02}-{d:02}");
                    diags.push(Diagnostic::error(&main_template.path, message));
                    return None;
                }
            },
        };
        let world = DocumentWorld::new(self, main_template.source.id(), files, today, diags)?;

        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        world.report(&warnings, diags);
        let document = match output {
            Ok(document) => document,
            Err(errors) => {
                world.report(&errors, diags);
                return None;
            }
        };
        let options = PdfOptions {
            timestamp: today.map(Timestamp::new_utc),
            ..PdfOptions::default()
        };
        let pdf = match typst_pdf::pdf(&document, &options) {
            Ok(pdf) => pdf,
            Err(errors) => {
                world.report(&errors, diags);
                return None;
            }
        };
        let n = self
            .compiled
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n % EVICT_EVERY == EVICT_EVERY - 1 {
            typst::comemo::evict(CACHE_MAX_AGE);
        }
        Some(pdf)
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
        diags: &mut Diagnostics,
    ) -> Option<Self> {
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
                diags.push(Diagnostic::error(path, message));
                return None;
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
        Some(world)
    }

    /// Asking for a package file fails: pulsebook builds offline.
    fn refuse_package(&self, spec: &PackageSpec) -> FileError {
        let mut packages = self.packages.lock().unwrap_or_else(|e| e.into_inner());
        if !packages.contains(spec) {
            packages.push(spec.clone());
        }
        FileError::Package(PackageError::NotFound(spec.clone()))
    }

    /// Typst's diagnostics as ours, pushed to `diags`.
    fn report(&self, diagnostics: &[SourceDiagnostic], diags: &mut Diagnostics) {
        for d in diagnostics {
            diags.push(self.diagnostic(d));
        }
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
mod tests;
