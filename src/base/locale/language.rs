//! The supported locales: their codes and their CLDR plural rules.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A language the labels and formats are available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    En,
    Pl,
    Nb,
}

impl Locale {
    /// Every supported locale, in the order they are documented.
    pub(crate) const ALL: [Locale; 3] = [Locale::En, Locale::Pl, Locale::Nb];

    /// The code used in settings and file names: `en`, `pl`, `nb`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Pl => "pl",
            Locale::Nb => "nb",
        }
    }

    /// Parses a locale code, case-insensitively, ignoring a region: `pl`, `pl-PL`,
    /// `en-GB`, `en_US`, `nb`, `nb-NO`; `no` (Norwegian) means Bokmål.
    pub(crate) fn parse(s: &str) -> Option<Locale> {
        let language = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match language.as_str() {
            "en" => Some(Locale::En),
            "pl" => Some(Locale::Pl),
            "nb" | "no" => Some(Locale::Nb),
            _ => None,
        }
    }

    /// The value of the HTML `lang` attribute.
    pub(crate) fn html_lang(self) -> &'static str {
        self.as_str()
    }

    /// The CLDR plural category of a whole count (`1 osoba`, `3 osoby`, `5 osób`).
    pub(crate) fn plural(self, count: u64) -> Plural {
        match self {
            Locale::En | Locale::Nb if count == 1 => Plural::One,
            Locale::En | Locale::Nb => Plural::Other,
            Locale::Pl => polish_plural(count),
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// CLDR plural categories; English and Bokmål use only `One` and `Other` for whole
/// numbers, Polish uses `One`, `Few` and `Many` for whole numbers and `Other` for
/// fractions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plural {
    One,
    Few,
    Many,
    Other,
}

/// CLDR `pl`: one = 1; few = ends in 2–4 but not 12–14; many = every other whole number.
fn polish_plural(n: u64) -> Plural {
    if n == 1 {
        Plural::One
    } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        Plural::Few
    } else {
        Plural::Many
    }
}
