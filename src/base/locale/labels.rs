//! Label catalogues: `key: text` maps, built in per locale and overridable by a book,
//! and the `{name}` placeholders their texts hold.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

#[cfg(test)]
use super::language::Locale;
use super::language::Plural;
use crate::base::diag::Diagnostic;

/// Substitutes `{name}` placeholders in a catalogue text. Placeholders with no value
/// in `args` are left as they are, so a missing argument shows up instead of
/// vanishing; values are not scanned again.
pub(crate) fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = args.iter().find(|(k, _)| *k == name)?.1;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The built-in catalogue text of a locale (`templates/i18n/<locale>.yaml`).
#[cfg(test)]
fn builtin_yaml(locale: Locale) -> &'static str {
    match locale {
        Locale::En => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/i18n/en.yaml"
        )),
        Locale::Pl => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/i18n/pl.yaml"
        )),
        Locale::Nb => include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/i18n/nb.yaml"
        )),
    }
}

/// A label catalogue: key → text, loaded from the embedded YAML for a locale,
/// optionally merged with a book's override file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Catalogue {
    entries: BTreeMap<String, String>,
}

/// The raw `key: text` pairs of a catalogue file, with locations for messages.
struct Entries(Vec<(Spanned<String>, Spanned<Option<String>>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of `key: text` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// A key is dot-separated segments of `a-z`, `0-9`, `_` and `-`: `kpi.win_rate.help`.
fn valid_key(key: &str) -> bool {
    key.split('.').all(|segment| {
        !segment.is_empty()
            && segment
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    })
}

impl Catalogue {
    /// Parses a flat `key: text` YAML map. A mistake is a [`Diagnostic`] at its line
    /// and column of `source` (none when the parser gives none), for the caller to
    /// place in its file ([`Diagnostic::in_file`]).
    #[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
    pub(crate) fn from_yaml(source: &str) -> Result<Catalogue, Diagnostic> {
        let problem =
            |message: String, line, col| Diagnostic::problem(message).at(source, line, col);
        let text = source.strip_prefix('\u{feff}').unwrap_or(source);
        let parsed: Option<Entries> = serde_saphyr::from_str(text).map_err(|e| {
            let (line, col) = e
                .location()
                .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            let message = e.without_snippet().to_string();
            // The parser appends the location, which the diagnostic shows on its own.
            let message = message
                .strip_suffix(&format!(" at line {line}, column {col}"))
                .unwrap_or(&message);
            let message = if message.contains("expected string scalar") {
                "expected text after the key: a catalogue is a flat map of `key: text` lines \
                 (write `kpi.revenue: …`, not a nested `kpi:` block)"
                    .to_string()
            } else {
                message.to_string()
            };
            problem(message, line, col)
        })?;
        let mut entries = BTreeMap::new();
        for (key, value) in parsed.map(|p| p.0).unwrap_or_default() {
            let (line, col) = (
                key.referenced.line() as usize,
                key.referenced.column() as usize,
            );
            if !valid_key(&key.value) {
                return Err(problem(
                    format!(
                        "`{}` is not a label key: use lower-case snake_case segments \
                         joined by dots, like `kpi.win_rate`",
                        key.value
                    ),
                    line,
                    col,
                ));
            }
            match value.value {
                Some(text) if !text.trim().is_empty() => {
                    entries.insert(key.value, text);
                }
                _ => {
                    return Err(problem(
                        format!("label `{}` has no text", key.value),
                        line,
                        col,
                    ));
                }
            }
        }
        Ok(Catalogue { entries })
    }

    /// The built-in catalogue of `locale`.
    #[cfg(test)]
    pub(crate) fn builtin(locale: Locale) -> Catalogue {
        Catalogue::from_yaml(builtin_yaml(locale))
            .expect("invariant: built-in catalogues parse (tested)")
    }

    /// The text of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// The text of `key` for a count in plural category `plural`: `key.one`,
    /// `key.few` or `key.many` when the catalogue has it, else `key` itself.
    pub(crate) fn counted(&self, key: &str, plural: Plural) -> Option<&str> {
        let suffix = match plural {
            Plural::One => "one",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => return self.get(key),
        };
        self.get(&format!("{key}.{suffix}"))
            .or_else(|| self.get(key))
    }

    /// Overrides texts with those of `other`. Keys `self` does not have are not added
    /// but returned, sorted, for the caller to report.
    pub(crate) fn merge(&mut self, other: Catalogue) -> Vec<String> {
        let mut unknown = Vec::new();
        for (key, text) in other.entries {
            match self.entries.get_mut(&key) {
                Some(slot) => *slot = text,
                None => unknown.push(key),
            }
        }
        unknown
    }

    /// All `(key, text)` pairs in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
