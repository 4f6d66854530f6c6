//! The theme: tera templates compiled once per build (built-in ones, replaced by the
//! book's by file name), with template errors turned into file/line/column
//! diagnostics.

use std::collections::BTreeMap;

use tera::{Context, ErrorKind, Tera};

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::load::book::Template;

pub(crate) struct Theme {
    tera: Tera,
    /// Template name → file shown in diagnostics.
    paths: BTreeMap<String, (std::path::PathBuf, String)>,
}

impl Theme {
    /// Compiles every `*.html` template; errors are pushed to `diags`.
    pub(crate) fn new(
        templates: &BTreeMap<String, Template>,
        diags: &mut Diagnostics,
    ) -> Option<Theme> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        let mut paths = BTreeMap::new();
        let mut sources = Vec::new();
        for (name, template) in templates {
            let text_template = name.starts_with("email/") && name.ends_with(".txt");
            if !(name.ends_with(".html") || text_template) || name.starts_with("static/") {
                continue;
            }
            let text = match String::from_utf8(template.bytes.clone()) {
                Ok(text) => text,
                Err(_) => {
                    diags.push(Diagnostic::error(
                        &template.path,
                        "the template is not valid UTF-8",
                    ));
                    continue;
                }
            };
            paths.insert(name.clone(), (template.path.clone(), text.clone()));
            sources.push((name.clone(), text));
        }
        if let Err(err) = tera.add_raw_templates(sources) {
            match err.kind() {
                // Unknown filters, functions and includes come as pre-rendered reports.
                ErrorKind::Msg(text) if text.contains(" --> ") => {
                    for d in parse_reports(&paths, text) {
                        diags.push(d);
                    }
                }
                _ => diags.push(to_diagnostic(&paths, &err)),
            }
            return None;
        }
        Some(Theme { tera, paths })
    }

    /// Renders `name`; a failure (say, an unknown variable in a user's template) is a
    /// diagnostic pointing into that template, pushed to `diags`.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &Context,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        match self.tera.render(name, context) {
            Ok(text) => Some(text),
            Err(err) => {
                diags.push(to_diagnostic(&self.paths, &err));
                None
            }
        }
    }
}

fn to_diagnostic(
    paths: &BTreeMap<String, (std::path::PathBuf, String)>,
    err: &tera::Error,
) -> Diagnostic {
    let report = match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => Some(report),
        _ => None,
    };
    let Some(report) = report else {
        let mut message = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        return Diagnostic::error("templates/", message);
    };
    let (path, text) = paths
        .get(report.filename())
        .cloned()
        .unwrap_or_else(|| (report.filename().into(), String::new()));
    let span = report.span();
    let mut d = Diagnostic::error(path, format!("template error: {}", report.message()));
    if span.start_line > 0 {
        d = d.at(&text, span.start_line, span.start_col + 1);
        if span.end_line == span.start_line && span.end_col > span.start_col {
            d = d.with_len(span.end_col - span.start_col);
        }
    }
    d
}

/// Parses tera's rendered reports (`error: msg` then ` --> name:line:col`).
fn parse_reports(
    paths: &BTreeMap<String, (std::path::PathBuf, String)>,
    text: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let location = lines
            .peek()
            .and_then(|l| l.trim_start().strip_prefix("--> "));
        let Some(location) = location else {
            out.push(Diagnostic::error(
                "templates/",
                format!("template error: {message}"),
            ));
            continue;
        };
        let mut parts = location.rsplitn(3, ':');
        let col = parts
            .next()
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(0);
        let line_no = parts
            .next()
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(0);
        let name = parts.next().unwrap_or_default();
        let (path, source) = paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| (name.into(), String::new()));
        out.push(
            Diagnostic::error(path, format!("template error: {message}")).at(&source, line_no, col),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&str, &str)]) -> (Option<Theme>, Vec<Diagnostic>) {
        let templates = files
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    Template {
                        path: format!("templates/{n}").into(),
                        bytes: t.as_bytes().to_vec(),
                    },
                )
            })
            .collect();
        let mut diags = Diagnostics::new();
        let theme = Theme::new(&templates, &mut diags);
        (theme, diags.sorted())
    }

    #[test]
    fn syntax_errors_point_into_the_template() {
        let (theme, d) = theme(&[("index.html", "<p>\n{% if x %}\n")]);
        assert!(theme.is_none());
        assert_eq!(d[0].file, std::path::Path::new("templates/index.html"));
        assert!(d[0].line >= 2, "{:?}", d[0]);
    }

    #[test]
    fn unknown_filters_point_into_the_template() {
        let (theme, d) = theme(&[("a.html", "ok\n{{ x | nope }}\n")]);
        assert!(theme.is_none());
        assert_eq!(d[0].message, "template error: Unknown filter `nope`");
        assert_eq!(
            (d[0].file.to_str().unwrap(), d[0].line, d[0].col),
            ("templates/a.html", 2, 8)
        );
    }

    #[test]
    fn values_are_escaped_and_never_evaluated() {
        let (theme, _) = theme(&[("a.html", "<b>{{ name }}</b>")]);
        let mut ctx = Context::new();
        ctx.insert("name", "<script>alert(1)</script> {{ x }}");
        let html = theme
            .unwrap()
            .render("a.html", &ctx, &mut Diagnostics::new())
            .unwrap();
        assert_eq!(html, "<b>&lt;script&gt;alert(1)&lt;/script&gt; {{ x }}</b>");
    }

    #[test]
    fn render_errors_name_the_template_line() {
        let (theme, _) = theme(&[("a.html", "ok\n{{ missing.value }}\n")]);
        let mut diags = Diagnostics::new();
        let html = theme.unwrap().render("a.html", &Context::new(), &mut diags);
        assert_eq!(html, None);
        let err = &diags.sorted()[0];
        assert_eq!(err.file, std::path::Path::new("templates/a.html"));
        assert_eq!(err.line, 2);
    }
}
