//! YAML input: parsing with serde-saphyr into typed structs, and turning its errors
//! and value locations into [`Diagnostic`]s that point into the user's file.
//!
//! serde-saphyr keeps a location for every value (`Spanned<T>`) and limits depth and
//! size, so hostile input cannot exhaust memory. Its error text embeds its own
//! snippet; we keep only the message and render the snippet our way, so every input
//! file reports alike.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use jiff::civil::Date;
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
pub(crate) use serde_saphyr::Spanned;

use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::base::locale::Locale;

/// A parsed YAML file, kept with its text so later checks can quote lines.
pub(crate) struct Source<'a> {
    pub(crate) path: &'a Path,
    pub(crate) text: &'a str,
}

impl Source<'_> {
    /// An error pointing at a spanned value.
    pub(crate) fn error_at<T>(&self, value: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        self.place(Diagnostic::problem(message), value)
    }

    /// Places a problem (a [`Diagnostic::problem`] from a helper that saw only the
    /// value) in this file, at a spanned value.
    pub(crate) fn place<T>(&self, problem: Diagnostic, value: &Spanned<T>) -> Diagnostic {
        let line = value.referenced.line() as usize;
        let text = line.checked_sub(1).and_then(|i| self.text.lines().nth(i));
        place_in_line(problem.in_file(self.path), value, text)
    }

    /// [`Source::error_at`] in O(1) with the file's [`LineStarts`]: for places kept by
    /// the thousand (every target key), where rescanning the text would be quadratic.
    pub(crate) fn error_at_indexed<T>(
        &self,
        lines: &LineStarts,
        value: &Spanned<T>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let text = lines.line(self.text, value.referenced.line() as usize);
        place_in_line(Diagnostic::problem(message).in_file(self.path), value, text)
    }

    /// The day a `YYYY-MM-DD` (or `DD.MM.YYYY`) value names; else an error at it whose
    /// hint shows `example`.
    pub(crate) fn date(
        &self,
        text: &Spanned<String>,
        example: &str,
        diags: &mut Diagnostics,
    ) -> Option<Date> {
        let day = crate::base::period::parse_day(&text.value);
        if day.is_none() {
            let message = crate::base::period::not_a_day(&text.value);
            let hint = if message.contains("outside the years") {
                crate::base::period::OUTSIDE_YEARS_HINT.to_string()
            } else {
                format!("write dates as YYYY-MM-DD, e.g. {example}")
            };
            diags.push(self.error_at(text, message).with_hint(hint));
        }
        day
    }

    /// The locale a code names (`pl`, `en-GB`); else an error at it.
    pub(crate) fn locale(&self, code: &Spanned<String>, diags: &mut Diagnostics) -> Option<Locale> {
        let locale = Locale::parse(&code.value);
        if locale.is_none() {
            diags.push(
                self.error_at(code, format!("unknown locale `{}`", code.value))
                    .with_hint("expected one of en, pl, nb"),
            );
        }
        locale
    }
}

/// Where each line of a text starts.
pub(crate) struct LineStarts(Vec<usize>);

impl LineStarts {
    pub(crate) fn new(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts(starts)
    }

    /// Line `line` (1-based) of `text`, without its line end.
    fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = *self.0.get(line.checked_sub(1)?)?;
        let end = self.0.get(line).map_or(text.len(), |&next| next - 1);
        (start <= text.len()).then(|| text[start..end.max(start)].trim_end_matches('\r'))
    }
}

/// `d` pointed at `value`, whose line reads `text`.
fn place_in_line<T>(d: Diagnostic, value: &Spanned<T>, text: Option<&str>) -> Diagnostic {
    let (line, col) = (
        value.referenced.line() as usize,
        value.referenced.column() as usize,
    );
    let d = match text {
        Some(t) => d.at_line(line, col, t.trim_end_matches('\r')),
        None => d.at("", line, col),
    };
    d.with_len(text.map_or(1, |t| value_len_in(t, col)))
}

/// Length of the plain scalar starting at `line:col`, for the underline.
fn value_len(text: &str, line: usize, col: usize) -> usize {
    line.checked_sub(1)
        .and_then(|i| text.lines().nth(i))
        .map_or(1, |l| value_len_in(l, col))
}

/// Length of the plain scalar at `col` of the line `l`.
fn value_len_in(l: &str, col: usize) -> usize {
    let rest: String = l.chars().skip(col.saturating_sub(1)).collect();
    let rest = rest.trim_end();
    let end = if rest.starts_with(['"', '\'']) {
        let quote = rest.chars().next().unwrap_or('"');
        rest[1..].find(quote).map_or(rest.len(), |i| i + 2)
    } else {
        let end = rest.find([',', '}', ']', '#']).unwrap_or(rest.len());
        rest[..end].find(": ").unwrap_or(end)
    };
    let value = rest[..end].trim_end();
    let value = value.strip_suffix(':').unwrap_or(value);
    value.chars().count().max(1)
}

/// Parses `text` as `T`; on failure pushes a diagnostic and returns `None`.
pub(crate) fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    match serde_saphyr::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(err) => {
            diags.push(error_to_diagnostic(path, text, &err));
            None
        }
    }
}

fn error_to_diagnostic(path: &Path, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let raw = err.to_string();
    let (message, hint) = clean_message(&raw);
    let mut d = Diagnostic::error(path, message);
    if let Some(loc) = err.location() {
        d = d.at(text, loc.line() as usize, loc.column() as usize);
        if d.snippet.is_some() {
            d = d.with_len(value_len(text, loc.line() as usize, loc.column() as usize));
        }
    }
    if let Some(hint) = hint {
        d = d.with_hint(hint);
    }
    d
}

/// serde-saphyr's first line is `error: line L column C: <message>`; keep the message
/// and make the terse ones say what is expected.
fn clean_message(raw: &str) -> (String, Option<String>) {
    let first = raw.lines().next().unwrap_or(raw);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = match first.split_once(": ") {
        Some((prefix, rest)) if prefix.starts_with("line ") => rest,
        _ => first,
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // "unknown field `histroy`, expected one of title, history"
        if let Some((field, expected)) = rest.split_once("`, expected one of ") {
            let known: Vec<&str> = expected.split(", ").collect();
            let hint = did_you_mean(field, known.iter().copied())
                .unwrap_or_else(|| format!("expected one of {}", known.join(", ")));
            return (format!("unknown key `{field}`"), Some(hint));
        }
        if let Some((field, _)) = rest.split_once('`') {
            return (format!("unknown key `{field}`"), None);
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((variant, expected)) = rest.split_once("`, expected one of ")
    {
        let known: Vec<&str> = expected.split(", ").map(|s| s.trim_matches('`')).collect();
        let hint = did_you_mean(variant, known.iter().copied())
            .unwrap_or_else(|| format!("expected one of {}", known.join(", ")));
        return (format!("unknown value `{variant}`"), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (format!("duplicate key `{key}`"), None);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return (format!("missing required key `{field}`"), None);
    }
    let friendly = match message {
        "invalid u8" | "invalid u16" | "invalid u32" | "invalid u64" | "invalid usize" => {
            "expected a whole number (0 or more)"
        }
        "invalid i8" | "invalid i16" | "invalid i32" | "invalid i64" | "invalid isize" => {
            "expected a whole number"
        }
        "invalid floating point" | "invalid f64" | "invalid f32" => "expected a number",
        "invalid boolean" | "invalid bool" => "expected `true` or `false`",
        "expected mapping start" => "expected a mapping (`key: value` lines)",
        "expected sequence start" => "expected a list (`- item` lines or `[a, b]`)",
        other => other,
    };
    (friendly.to_string(), None)
}

/// A YAML mapping kept as a list of entries with the location of every key, in file
/// order. Used where keys are ids the loader must check (KPI ids, person ids).
#[derive(Debug, Clone)]
pub(crate) struct SpannedMap<V>(pub(crate) Vec<(Spanned<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(SpannedMap::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, V>()? {
                    entries.push(entry);
                }
                Ok(SpannedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

pub(crate) use crate::base::slug::{is_slug, suggest_slug};

/// Checks an id and reports an invalid one with a suggestion.
pub(crate) fn check_slug(
    src: &Source,
    id: &Spanned<String>,
    what: &str,
    diags: &mut Diagnostics,
) -> bool {
    if is_slug(&id.value) {
        return true;
    }
    let suggestion = suggest_slug(&id.value);
    let mut d = src.error_at(
        id,
        format!("invalid {what} id `{}`: ids become file names", id.value),
    );
    d = if is_slug(&suggestion) {
        d.with_hint(format!(
            "use lowercase letters, digits, `-` and `_`, e.g. `{suggestion}`"
        ))
    } else {
        d.with_hint("use lowercase letters, digits, `-` and `_`")
    };
    diags.push(d);
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        history: Option<u32>,
        #[serde(default)]
        targets: SpannedMap<f64>,
    }

    fn parse_err(text: &str) -> Diagnostic {
        let mut diags = Diagnostics::new();
        assert!(parse::<Doc>(Path::new("x.yaml"), text, &mut diags).is_none());
        diags.sorted().remove(0)
    }

    #[test]
    fn unknown_key_suggests_the_close_one() {
        let d = parse_err("title: x\nhistroy: 3\n");
        assert_eq!(d.message, "unknown key `histroy`");
        assert_eq!((d.line, d.col, d.len), (2, 1, 7));
        assert_eq!(d.hint.as_deref(), Some("did you mean `history`?"));
    }

    #[test]
    fn type_errors_say_what_is_expected() {
        let d = parse_err("title: x\nhistory: -3\n");
        assert_eq!(d.message, "expected a whole number (0 or more)");
        assert_eq!((d.line, d.col, d.len), (2, 10, 2));
        let d = parse_err("title: x\ntargets:\n  revenue: lots\n");
        assert_eq!(d.message, "expected a number");
        assert_eq!((d.line, d.col), (3, 12));
    }

    #[test]
    fn syntax_and_missing_keys() {
        let d = parse_err("title: [x\n");
        assert_eq!(d.line, 1);
        let d = parse_err("history: 3\n");
        assert_eq!(d.message, "missing required key `title`");
        let d = parse_err("title: a\ntitle: b\n");
        assert_eq!((d.message.as_str(), d.line), ("duplicate key `title`", 2));
    }

    #[test]
    fn spanned_map_keeps_key_locations_in_order() {
        let mut diags = Diagnostics::new();
        let doc: Doc = parse(
            Path::new("x.yaml"),
            "title: x\ntargets:\n  revenue: 10\n  aht: 300\n",
            &mut diags,
        )
        .unwrap();
        let keys: Vec<_> = doc
            .targets
            .0
            .iter()
            .map(|(k, v)| (k.value.as_str(), k.referenced.line(), *v))
            .collect();
        assert_eq!(keys, [("revenue", 3, 10.0), ("aht", 4, 300.0)]);
    }

    #[test]
    fn indexed_places_equal_scanned_ones() {
        let text = "title: x\r\ntargets:\r\n  revenue: 10\r\n  \"aht\": 300\r\n";
        let doc: Doc = parse(Path::new("x.yaml"), text, &mut Diagnostics::new()).unwrap();
        let src = Source {
            path: Path::new("x.yaml"),
            text,
        };
        let lines = LineStarts::new(text);
        for (key, _) in &doc.targets.0 {
            let scanned = src.error_at(key, "m");
            assert_eq!(src.error_at_indexed(&lines, key, "m"), scanned);
            assert!(
                scanned
                    .snippet
                    .as_deref()
                    .is_some_and(|s| !s.ends_with('\r'))
            );
        }
        assert_eq!(lines.line(text, 4), Some("  \"aht\": 300"));
        assert_eq!(lines.line(text, 5), Some(""));
        assert_eq!(lines.line(text, 6), None);
    }

    #[test]
    fn slugs() {
        for ok in ["jan-nowak", "a", "team_1", "9lives"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "Jan", "-x", "jan nowak", "łukasz", "a/b", "../x"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(suggest_slug("Łukasz Wójcik"), "lukasz-wojcik");
        assert_eq!(suggest_slug("Jan  Nowak!"), "jan-nowak");
    }
}
