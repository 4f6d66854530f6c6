//! The engine's tests: fonts, determinism, dates, diagnostics pointing into templates,
//! chapters and data files, offline packages, literal user text, parallel documents.

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

/// A compiled PDF with the warnings Typst gave on the way.
struct Compiled {
    pdf: Vec<u8>,
    warnings: Vec<Diagnostic>,
}

/// The engine's results as values, for assertions.
trait CompileResult {
    /// The PDF, or the errors pushed.
    fn compile_result(
        &self,
        main: &str,
        files: &[(String, Vec<u8>)],
        date: Option<(i32, u8, u8)>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>>;

    /// The PDF and its warnings, or the errors and warnings pushed.
    fn compile_warned(
        &self,
        main: &str,
        files: &[(String, Vec<u8>)],
        date: Option<(i32, u8, u8)>,
    ) -> Result<Compiled, Vec<Diagnostic>>;
}

impl CompileResult for Engine {
    fn compile_result(
        &self,
        main: &str,
        files: &[(String, Vec<u8>)],
        date: Option<(i32, u8, u8)>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let mut diags = Diagnostics::new();
        let pdf = self.compile(main, files, date, &mut diags);
        let found: Vec<Diagnostic> = diags.iter().cloned().collect();
        assert_eq!(pdf.is_none(), !found.is_empty(), "None exactly with errors");
        pdf.ok_or(found)
    }

    fn compile_warned(
        &self,
        main: &str,
        files: &[(String, Vec<u8>)],
        date: Option<(i32, u8, u8)>,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let mut diags = Diagnostics::new();
        let pdf = self.compile_with_warnings(main, files, date, &mut diags);
        let found: Vec<Diagnostic> = diags.iter().cloned().collect();
        match pdf {
            Some(pdf) => Ok(Compiled {
                pdf,
                warnings: found,
            }),
            None => Err(found),
        }
    }
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
    let first = engine.compile_result("doc.typ", &files, None).unwrap();
    let second = engine.compile_result("doc.typ", &files, None).unwrap();
    assert!(first.starts_with(b"%PDF-"));
    assert!(first == second, "PDFs are byte-identical");
    let other = engine
        .compile_result("doc.typ", &[file("/data.json", data("x"))], None)
        .unwrap();
    assert!(first != other, "the data reaches the document");
}

#[test]
fn creation_date_comes_only_from_the_given_date() {
    let engine = engine(DOC);
    let files = [file("/data.json", data("x"))];
    let undated = engine.compile_result("doc.typ", &files, None).unwrap();
    let dated = engine
        .compile_result("doc.typ", &files, Some((2026, 10, 31)))
        .unwrap();
    let contains = |pdf: &[u8], needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(&undated, b"CreationDate"));
    assert!(contains(&dated, b"D:20261031"));
    assert_eq!(
        dated,
        engine
            .compile_result("doc.typ", &files, Some((2026, 10, 31)))
            .unwrap()
    );
}

#[test]
fn today_is_the_given_date_never_the_clock() {
    let doc = "#datetime.today().display(\"[year]-[month]-[day]\")";
    let engine = engine(doc);
    let pdf = engine.compile_result("doc.typ", &[], Some((2026, 2, 28)));
    assert!(pdf.is_ok(), "{pdf:?}");
    let error = only_error(engine.compile_result("doc.typ", &[], None));
    assert_eq!(error.file, PathBuf::from("templates/pdf/doc.typ"));
    assert_eq!((error.line, error.col), (1, 2));
}

#[test]
fn syntax_error_points_at_template_line_and_column() {
    let doc = "= Title\n\n#let x = (1, 2\nText\n";
    let errors = engine(doc)
        .compile_result("doc.typ", &[], None)
        .unwrap_err();
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
    let error = only_error(engine(doc).compile_result("doc.typ", &[], None));
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
    let errors = engine.compile_result("doc.typ", &[], None).unwrap_err();
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
    let error = only_error(engine(doc).compile_result("doc.typ", &files, None));
    assert_eq!(error.file, PathBuf::from("templates/pdf/doc.typ"));
    assert_eq!((error.line, error.col), (3, 20), "{error}");
    assert_eq!(error.snippet.as_deref(), Some("Hello #data.person.nme"));
    assert!(error.message.contains("nme"), "{error}");
}

#[test]
fn missing_file_is_named_by_its_virtual_path() {
    let doc = "#image(\"/charts/revenue.svg\")\n";
    let error = only_error(engine(doc).compile_result("doc.typ", &[], None));
    assert_eq!(error.file, PathBuf::from("templates/pdf/doc.typ"));
    assert_eq!(error.line, 1);
    assert!(error.message.contains("/charts/revenue.svg"), "{error}");
}

#[test]
fn malformed_json_points_into_the_data_file() {
    let files = [file("/data.json", "{\n  \"person\": {\"name\": }\n}\n")];
    let error = only_error(engine(DOC).compile_result("doc.typ", &files, None));
    assert_eq!(error.file, PathBuf::from("/data.json"), "{error}");
    assert_eq!(error.line, 2, "{error}");
    assert_eq!(error.snippet.as_deref(), Some("  \"person\": {\"name\": }"));
}

#[test]
fn error_in_chapter_file_points_into_the_chapter() {
    let doc = "#include \"/chapters/kpis.typ\"\n";
    let chapter = "= KPIs\n\nSome text #undefined-thing here.\n";
    let files = [file("/chapters/kpis.typ", chapter)];
    let error = only_error(engine(doc).compile_result("doc.typ", &files, None));
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
    let result = engine(doc).compile_warned("doc.typ", &files, None);
    let compiled = result.unwrap();
    assert!(compiled.warnings.is_empty(), "{:#?}", compiled.warnings);
}

#[test]
fn package_import_fails_with_offline_message() {
    let doc = "#import \"@preview/cetz:0.3.4\": canvas\n";
    let error = only_error(engine(doc).compile_result("doc.typ", &[], None));
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
    let error = only_error(engine(DOC).compile_result("dco.typ", &[], None));
    assert_eq!(error.hint.as_deref(), Some("did you mean `doc.typ`?"));
}

const MARKUP_CHARS: &str =
    "#let x = 1 $a$ [link] *bold* _u_ <label> @ref // not a comment \\ `raw` ~";

#[test]
fn user_text_from_json_is_not_markup() {
    let result =
        engine(DOC).compile_warned("doc.typ", &[file("/data.json", data(MARKUP_CHARS))], None);
    let compiled = result.unwrap();
    assert!(compiled.warnings.is_empty(), "{:#?}", compiled.warnings);
}

#[test]
#[ignore = "needs pdftotext from poppler-utils"]
fn user_text_from_json_renders_literally() {
    let files = [file("/data.json", data(MARKUP_CHARS))];
    let pdf = engine(DOC).compile_result("doc.typ", &files, None).unwrap();
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
    let pdf = engine(doc).compile_result("doc.typ", &files, None).unwrap();
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
    let compiled = engine(doc).compile_warned("doc.typ", &files, None).unwrap();
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
            engine.compile_result("doc.typ", &files, None).unwrap()
        })
        .collect();
    let parallel: Vec<Vec<u8>> = notes
        .par_iter()
        .map(|n| {
            let files = [file("/data.json", data(n))];
            engine.compile_result("doc.typ", &files, None).unwrap()
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
        let pdf = engine.compile_result("doc.typ", &files, None).unwrap();
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
            .compile_result("doc.typ", &scorecard_files(i), None)
            .unwrap();
    });
    println!(
        "64 documents on {} threads: {:?}",
        rayon::current_num_threads(),
        start.elapsed()
    );
}
