//! Locale-aware formatting and label catalogues for English, Polish and Norwegian
//! Bokmål.
//!
//! Three locales do not justify ICU4X: [`Format`] is a small pattern table per locale,
//! and the CLDR facts it relies on (separators, minimum grouping digits, minus sign,
//! currency placement and symbols, plural rules, month names) are pinned in the tests
//! at the bottom of this file. Adding a locale means adding a row to each table and to
//! those tests.
//!
//! Rounding works on the decimal digits of the shortest representation of an `f64`
//! (what `{}` prints), half away from zero, so `2.675` becomes `2.68` as a person
//! expects, not `2.67` as its binary value would give. A result that rounds to zero is
//! never shown with a sign.
//!
//! A [`Catalogue`] maps label keys (`kpi.revenue`, `site.overview`) to text. The
//! built-in ones live in `templates/i18n/<locale>.yaml` and are embedded in the binary;
//! a book can override single labels. Texts may hold `{name}` placeholders, which
//! [`fill`] substitutes.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::base::period::{Period, PeriodKind};

/// U+00A0 NO-BREAK SPACE: the group separator in pl and nb, and the space between a
/// number and its unit, symbol or `%`, so the two never wrap apart.
const NBSP: &str = "\u{a0}";

/// Shown for a value that is not a finite number. Callers should show "no data"
/// instead; this only keeps a bug from printing `NaN` into a report.
const NOT_A_NUMBER: &str = "—";

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
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Pl, Locale::Nb];

    /// The code used in settings and file names: `en`, `pl`, `nb`.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Pl => "pl",
            Locale::Nb => "nb",
        }
    }

    /// Parses a locale code, case-insensitively, ignoring a region: `pl`, `pl-PL`,
    /// `en-GB`, `en_US`, `nb`, `nb-NO`; `no` (Norwegian) means Bokmål.
    pub fn parse(s: &str) -> Option<Locale> {
        let language = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match language.as_str() {
            "en" => Some(Locale::En),
            "pl" => Some(Locale::Pl),
            "nb" | "no" => Some(Locale::Nb),
            _ => None,
        }
    }

    /// The value of the HTML `lang` attribute.
    pub fn html_lang(self) -> &'static str {
        self.as_str()
    }

    /// The CLDR plural category of a whole count (`1 osoba`, `3 osoby`, `5 osób`).
    pub fn plural(self, count: u64) -> Plural {
        match self {
            Locale::En | Locale::Nb if count == 1 => Plural::One,
            Locale::En | Locale::Nb => Plural::Other,
            Locale::Pl => polish_plural(count),
        }
    }

    fn symbols(self) -> &'static Symbols {
        match self {
            Locale::En => &EN,
            Locale::Pl => &PL,
            Locale::Nb => &NB,
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
pub enum Plural {
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

/// The per-locale pattern table.
struct Symbols {
    group: &'static str,
    decimal: &'static str,
    minus: &'static str,
    /// Digits an integer part needs before it is grouped (CLDR minimumGroupingDigits + 3).
    group_from: usize,
    percent: &'static str,
    points: &'static str,
    hour: &'static str,
    day_one: &'static str,
    day_many: &'static str,
    /// Polish uses a third form for fractions (`2,5 dnia`).
    day_fraction: &'static str,
    month_long: [&'static str; 12],
    /// Months inside a date: the genitive in Polish (`1 października`).
    month_in_date: [&'static str; 12],
    month_short: [&'static str; 12],
}

#[rustfmt::skip]
const EN_MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
];
#[rustfmt::skip]
const NB_MONTHS: [&str; 12] = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
];

static EN: Symbols = Symbols {
    group: ",",
    decimal: ".",
    minus: "-",
    group_from: 4,
    percent: "%",
    points: "\u{a0}pp",
    hour: "h",
    day_one: "day",
    day_many: "days",
    day_fraction: "days",
    month_long: EN_MONTHS,
    month_in_date: EN_MONTHS,
    month_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
};

#[rustfmt::skip]
static PL: Symbols = Symbols {
    group: NBSP,
    decimal: ",",
    // CLDR `pl` minusSign is U+002D HYPHEN-MINUS (unlike `nb`).
    minus: "-",
    group_from: 5,
    percent: "%",
    points: "\u{a0}p.p.",
    hour: "godz.",
    day_one: "dzień",
    day_many: "dni",
    day_fraction: "dnia",
    // Stand-alone (nominative) for `październik 2026`.
    month_long: [
        "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec",
        "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień",
    ],
    // Format (genitive) for `1 października 2026`.
    month_in_date: [
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
        "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
    ],
    month_short: [
        "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
    ],
};

static NB: Symbols = Symbols {
    group: NBSP,
    decimal: ",",
    minus: "\u{2212}",
    group_from: 4,
    percent: "\u{a0}%",
    points: "\u{a0}pp",
    hour: "t",
    day_one: "dag",
    day_many: "dager",
    day_fraction: "dager",
    month_long: NB_MONTHS,
    month_in_date: NB_MONTHS,
    // CLDR format-abbreviated months, as in the `MMM y` pattern (`okt. 2026`).
    month_short: [
        "jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
        "des.",
    ],
};

/// The currency symbol CLDR gives for `code` in `locale`; the ISO code where it has
/// none. Scandinavian crowns other than NOK keep their code in `nb` (`1 000,00 SEK`),
/// so they cannot be mistaken for Norwegian kroner.
fn currency_symbol(locale: Locale, code: &str) -> String {
    let symbol = match (code, locale) {
        ("EUR", _) => "€",
        ("USD", Locale::En) => "$",
        ("GBP", Locale::En | Locale::Nb) => "£",
        ("PLN", Locale::Pl) => "zł",
        ("NOK", Locale::Nb) => "kr",
        _ => code,
    };
    symbol.to_string()
}

/// A number rounded to a fixed count of decimals, as decimal digits.
struct Rounded {
    negative: bool,
    int: String,
    frac: String,
}

impl Rounded {
    /// Rounds `v × 10^shift` half away from zero to `decimals` places; `None` for
    /// NaN and infinities. The shift is done on the digits, so `0.145` as a percentage
    /// is exactly `14.5`.
    fn new(v: f64, shift: usize, decimals: usize) -> Option<Rounded> {
        if !v.is_finite() {
            return None;
        }
        // `Display` for f64 prints the shortest round-trip digits, never an exponent.
        let text = v.abs().to_string();
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        let mut point = int.len() + shift;
        let keep = point + decimals;
        if digits.len() <= keep {
            digits.resize(keep + 1, 0);
        }
        let round_up = digits[keep] >= 5;
        digits.truncate(keep);
        if round_up {
            let mut i = keep;
            loop {
                if i == 0 {
                    digits.insert(0, 1);
                    point += 1;
                    break;
                }
                i -= 1;
                if digits[i] == 9 {
                    digits[i] = 0;
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
        let to_text = |d: &[u8]| d.iter().map(|d| char::from(b'0' + d)).collect::<String>();
        let int = to_text(&digits[..point]);
        let int = int.trim_start_matches('0');
        Some(Rounded {
            negative: v < 0.0 && digits.iter().any(|&d| d != 0),
            int: if int.is_empty() { "0" } else { int }.to_string(),
            frac: to_text(&digits[point..]),
        })
    }

    fn is_zero(&self) -> bool {
        self.int == "0" && self.frac.bytes().all(|b| b == b'0')
    }
}

/// Formats numbers, money, percentages, durations, days, dates and periods for one
/// locale.
#[derive(Clone, Debug)]
pub struct Format {
    locale: Locale,
    currency: String,
    symbol: String,
}

impl Format {
    /// A formatter for `locale` showing money in `currency` (an ISO 4217 code such as
    /// `PLN`; case and surrounding spaces are ignored).
    pub fn new(locale: Locale, currency: &str) -> Format {
        let currency = currency.trim().to_ascii_uppercase();
        Format {
            locale,
            symbol: currency_symbol(locale, &currency),
            currency,
        }
    }

    /// The locale this formatter writes for.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The ISO 4217 code of the currency, upper-case.
    pub fn currency_code(&self) -> &str {
        &self.currency
    }

    /// The symbol money is shown with (`zł`, `kr`, `€`, or the ISO code).
    pub fn currency_symbol(&self) -> &str {
        &self.symbol
    }

    fn sym(&self) -> &'static Symbols {
        self.locale.symbols()
    }

    /// The digits of `r` without sign: grouped integer part, decimal separator, fraction.
    fn digits(&self, r: &Rounded) -> String {
        let s = self.sym();
        let mut out = String::with_capacity(r.int.len() * 2 + r.frac.len() + 1);
        if r.int.len() < s.group_from {
            out.push_str(&r.int);
        } else {
            for (i, c) in r.int.chars().enumerate() {
                if i > 0 && (r.int.len() - i).is_multiple_of(3) {
                    out.push_str(s.group);
                }
                out.push(c);
            }
        }
        if !r.frac.is_empty() {
            out.push_str(s.decimal);
            out.push_str(&r.frac);
        }
        out
    }

    /// The sign shown before a number: the locale's minus, `+` when `plus` is asked for,
    /// nothing for zero.
    fn sign(&self, r: &Rounded, plus: bool) -> &'static str {
        if r.negative {
            self.sym().minus
        } else if plus && !r.is_zero() {
            "+"
        } else {
            ""
        }
    }

    /// `1,234,567.89` / `1 234 567,89` / `1234,5` (Polish groups from five digits).
    pub fn number(&self, v: f64, decimals: usize) -> String {
        match Rounded::new(v, 0, decimals) {
            Some(r) => format!("{}{}", self.sign(&r, false), self.digits(&r)),
            None => NOT_A_NUMBER.to_string(),
        }
    }

    /// A whole number, rounded half away from zero.
    pub fn integer(&self, v: f64) -> String {
        self.number(v, 0)
    }

    /// Money: `€1,234.50` and `PLN 1,234.50` in English, `1 234,50 zł` in Polish,
    /// `1 234,50 kr` in Bokmål.
    pub fn currency(&self, v: f64, decimals: usize) -> String {
        let Some(r) = Rounded::new(v, 0, decimals) else {
            return NOT_A_NUMBER.to_string();
        };
        let (sign, digits, symbol) = (self.sign(&r, false), self.digits(&r), &self.symbol);
        if symbol.is_empty() {
            return format!("{sign}{digits}");
        }
        match self.locale {
            Locale::En => {
                // CLDR currency spacing: a letter next to a digit gets a space.
                let gap = if symbol.ends_with(char::is_alphabetic) {
                    NBSP
                } else {
                    ""
                };
                format!("{sign}{symbol}{gap}{digits}")
            }
            Locale::Pl | Locale::Nb => format!("{sign}{digits}{NBSP}{symbol}"),
        }
    }

    /// A ratio as a percentage: 0.123 → `12.3%` (en), `12,3%` (pl), `12,3 %` (nb).
    pub fn percent(&self, ratio: f64, decimals: usize) -> String {
        self.scaled(ratio, decimals, false, self.sym().percent)
    }

    /// A change of a percentage in percentage points, signed: 0.025 → `+2,5 p.p.` (pl),
    /// `+2,5 pp` (nb), `+2.5 pp` (en). A change that rounds to zero has no sign.
    pub fn points(&self, delta_ratio: f64, decimals: usize) -> String {
        self.scaled(delta_ratio, decimals, true, self.sym().points)
    }

    /// A relative change, signed: `+12%`, `-3%` (en, pl), `−3 %` (nb). A change that
    /// rounds to zero has no sign.
    pub fn signed_percent(&self, ratio: f64, decimals: usize) -> String {
        self.scaled(ratio, decimals, true, self.sym().percent)
    }

    fn scaled(&self, ratio: f64, decimals: usize, plus: bool, unit: &str) -> String {
        match Rounded::new(ratio, 2, decimals) {
            Some(r) => format!("{}{}{unit}", self.sign(&r, plus), self.digits(&r)),
            None => NOT_A_NUMBER.to_string(),
        }
    }

    /// A duration from seconds, with CLDR short units: `45 s`, `5 min 12 s`,
    /// `1 h 05 min` (pl `1 godz. 05 min`, nb `1 t 05 min`). Under an hour it is exact
    /// to the second; from an hour on, to the minute. A zero second part is left out.
    pub fn duration(&self, seconds: f64) -> String {
        if !seconds.is_finite() {
            return NOT_A_NUMBER.to_string();
        }
        let total = seconds.abs().round() as u64;
        let text = if total < 60 {
            format!("{total}{NBSP}s")
        } else if total < 3600 {
            let (m, s) = (total / 60, total % 60);
            if s == 0 {
                format!("{m}{NBSP}min")
            } else {
                format!("{m}{NBSP}min {s:02}{NBSP}s")
            }
        } else {
            let minutes = (seconds.abs() / 60.0).round() as u64;
            let (h, m) = (minutes / 60, minutes % 60);
            let hour = self.sym().hour;
            if m == 0 {
                format!("{h}{NBSP}{hour}")
            } else {
                format!("{h}{NBSP}{hour} {m:02}{NBSP}min")
            }
        };
        if seconds < 0.0 && total > 0 {
            format!("{}{text}", self.sym().minus)
        } else {
            text
        }
    }

    /// A count of days to one decimal, with the plural the number needs: `1 day`,
    /// `12.5 days`; `1 dzień`, `2 dni`, `5 dni`, `2,5 dnia`; `1 dag`, `2 dager`.
    pub fn days(&self, v: f64) -> String {
        let Some(mut r) = Rounded::new(v, 0, 1) else {
            return NOT_A_NUMBER.to_string();
        };
        if r.frac == "0" {
            r.frac.clear();
        }
        let s = self.sym();
        // CLDR plurals for "day": en and nb one/other; pl one (`dzień`), few and many
        // (both `dni`), and other for fractions (`dnia`).
        let word = if !r.frac.is_empty() {
            s.day_fraction
        } else if r.int == "1" {
            s.day_one
        } else {
            s.day_many
        };
        format!("{}{}{NBSP}{word}", self.sign(&r, false), self.digits(&r))
    }

    /// A calendar day: `1 October 2026`, `1 października 2026`, `1. oktober 2026`.
    pub fn date(&self, d: Date) -> String {
        let month = self.sym().month_in_date[d.month() as usize - 1];
        let (day, year) = (d.day(), d.year());
        match self.locale {
            Locale::Nb => format!("{day}. {month} {year}"),
            Locale::En | Locale::Pl => format!("{day} {month} {year}"),
        }
    }

    /// A period as it reads inside a sentence: `October 2026`, `październik 2026`,
    /// `oktober 2026`; `Week 42, 2026`, `tydzień 42, 2026`, `uke 42, 2026`; `Q4 2026`,
    /// `IV kw. 2026`, `4. kvartal 2026`. Use [`Format::period_title`] for headings.
    pub fn period(&self, p: Period) -> String {
        let (i, year) = (p.index, p.year);
        match (p.kind, self.locale) {
            (PeriodKind::Month, _) => {
                format!("{} {year}", self.sym().month_long[month_index(i)])
            }
            (PeriodKind::Week, Locale::En) => format!("Week {i}, {year}"),
            (PeriodKind::Week, Locale::Pl) => format!("tydzień {i}, {year}"),
            (PeriodKind::Week, Locale::Nb) => format!("uke {i}, {year}"),
            (PeriodKind::Quarter, Locale::En) => format!("Q{i} {year}"),
            (PeriodKind::Quarter, Locale::Pl) => format!("{} kw. {year}", roman(i)),
            (PeriodKind::Quarter, Locale::Nb) => format!("{i}. kvartal {year}"),
        }
    }

    /// [`Format::period`] with a capital first letter, for headings and titles:
    /// `Październik 2026`, `Uke 42, 2026`.
    pub fn period_title(&self, p: Period) -> String {
        capitalise(&self.period(p))
    }

    /// A compact period for chart axes: `Oct 26`, `paź 26`, `okt. 26`; weeks `W42`;
    /// quarters `Q4 26`, `IV kw. 26`, `K4 26`.
    pub fn period_short(&self, p: Period) -> String {
        let (i, yy) = (p.index, p.year.rem_euclid(100));
        match (p.kind, self.locale) {
            (PeriodKind::Month, _) => {
                format!("{} {yy:02}", self.sym().month_short[month_index(i)])
            }
            (PeriodKind::Week, _) => format!("W{i:02}"),
            (PeriodKind::Quarter, Locale::En) => format!("Q{i} {yy:02}"),
            (PeriodKind::Quarter, Locale::Pl) => format!("{} kw. {yy:02}", roman(i)),
            (PeriodKind::Quarter, Locale::Nb) => format!("K{i} {yy:02}"),
        }
    }
}

fn month_index(month: u8) -> usize {
    usize::from(month.clamp(1, 12)) - 1
}

/// Quarters in Polish are written with Roman numerals (`IV kw.`).
fn roman(quarter: u8) -> &'static str {
    match quarter {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// Upper-cases the first character (`ł` → `Ł` too).
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Substitutes `{name}` placeholders in a catalogue text. Placeholders with no value
/// in `args` are left as they are, so a missing argument shows up instead of
/// vanishing; values are not scanned again.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
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
pub fn builtin_yaml(locale: Locale) -> &'static str {
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
pub struct Catalogue {
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
    /// Parses a flat `key: text` YAML map. On error returns the message and the
    /// 1-based line and column (0, 0 when the parser gives none).
    pub fn from_yaml(text: &str) -> Result<Catalogue, (String, usize, usize)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let parsed: Option<Entries> = serde_saphyr::from_str(text).map_err(|e| {
            let (line, col) = e
                .location()
                .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            let message = e.without_snippet().to_string();
            // The parser appends the location, which the caller prints on its own.
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
            (message, line, col)
        })?;
        let mut entries = BTreeMap::new();
        for (key, value) in parsed.map(|p| p.0).unwrap_or_default() {
            let at = |s: &serde_saphyr::Location| (s.line() as usize, s.column() as usize);
            if !valid_key(&key.value) {
                let (line, col) = at(&key.referenced);
                return Err((
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
                    let (line, col) = at(&key.referenced);
                    return Err((format!("label `{}` has no text", key.value), line, col));
                }
            }
        }
        Ok(Catalogue { entries })
    }

    /// The built-in catalogue of `locale`.
    pub fn builtin(locale: Locale) -> Catalogue {
        Catalogue::from_yaml(builtin_yaml(locale))
            .expect("invariant: built-in catalogues parse (tested)")
    }

    /// The text of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// The text of `key` for a count in plural category `plural`: `key.one`,
    /// `key.few` or `key.many` when the catalogue has it, else `key` itself.
    pub fn counted(&self, key: &str, plural: Plural) -> Option<&str> {
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
    pub fn merge(&mut self, other: Catalogue) -> Vec<String> {
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
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const A: &str = "\u{a0}"; // NBSP, spelled out so the expectations are unambiguous
    const M: &str = "\u{2212}"; // MINUS SIGN

    fn f(locale: Locale) -> Format {
        Format::new(locale, "PLN")
    }

    /// Replaces the marker `_` with NBSP and `~` with U+2212 in expected strings.
    fn x(s: &str) -> String {
        s.replace('_', A).replace('~', M)
    }

    #[test]
    fn parses_locale_codes_with_regions() {
        for (text, want) in [
            ("en", Some(Locale::En)),
            ("en-GB", Some(Locale::En)),
            ("en_US", Some(Locale::En)),
            ("PL", Some(Locale::Pl)),
            ("pl-PL", Some(Locale::Pl)),
            ("nb", Some(Locale::Nb)),
            ("nb-NO", Some(Locale::Nb)),
            ("no", Some(Locale::Nb)),
            (" no_NO ", Some(Locale::Nb)),
            ("nn", None),
            ("de", None),
            ("", None),
        ] {
            assert_eq!(Locale::parse(text), want, "{text}");
        }
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.as_str()), Some(l));
            assert_eq!(l.html_lang(), l.as_str());
        }
    }

    #[test]
    fn polish_groups_from_five_digits_and_bokmal_from_four() {
        // CLDR minimumGroupingDigits: pl 2, nb and en 1.
        for (v, en, pl, nb) in [
            (999.0, "999", "999", "999"),
            (1234.5, "1,234.5", "1234,5", "1_234,5"),
            (9999.0, "9,999.0", "9999,0", "9_999,0"),
            (12345.5, "12,345.5", "12_345,5", "12_345,5"),
            (123456.0, "123,456.0", "123_456,0", "123_456,0"),
            (1234567.89, "1,234,567.9", "1_234_567,9", "1_234_567,9"),
        ] {
            let d = if v == 999.0 { 0 } else { 1 };
            assert_eq!(f(Locale::En).number(v, d), en, "{v}");
            assert_eq!(f(Locale::Pl).number(v, d), x(pl), "{v}");
            assert_eq!(f(Locale::Nb).number(v, d), x(nb), "{v}");
        }
        // The separator really is U+00A0, not a plain or narrow space.
        assert_eq!(f(Locale::Pl).number(12345.0, 0), "12\u{a0}345");
        assert_eq!(f(Locale::Nb).number(1234.0, 0), "1\u{a0}234");
        assert_eq!(f(Locale::En).number(1234567.891, 2), "1,234,567.89");
    }

    #[test]
    fn negatives_use_the_locale_minus_sign() {
        // CLDR minusSign: en and pl U+002D, nb U+2212.
        assert_eq!(f(Locale::En).number(-1234.5, 1), "-1,234.5");
        assert_eq!(f(Locale::Pl).number(-1234.5, 1), "-1234,5");
        assert_eq!(f(Locale::Pl).number(-12345.0, 0), x("-12_345"));
        assert_eq!(f(Locale::Nb).number(-1234.5, 1), x("~1_234,5"));
        assert_eq!(f(Locale::Nb).integer(-7.0), "\u{2212}7");
    }

    #[test]
    fn rounds_half_away_from_zero_on_decimal_digits() {
        let en = f(Locale::En);
        for (v, d, want) in [
            (0.5, 0, "1"),
            (1.5, 0, "2"),
            (2.5, 0, "3"),
            (-2.5, 0, "-3"),
            (2.675, 2, "2.68"), // 2.67499999… in binary
            (1.005, 2, "1.01"),
            (-1.005, 2, "-1.01"),
            (0.125, 2, "0.13"),
            (9.995, 2, "10.00"),
            (999.5, 0, "1,000"),
            (99999.96, 1, "100,000.0"),
            (0.0001, 2, "0.00"),
            (3.0, 2, "3.00"),
            (1e-7, 7, "0.0000001"),
            (1e21, 0, "1,000,000,000,000,000,000,000"),
        ] {
            assert_eq!(en.number(v, d), want, "{v} to {d}");
        }
        assert_eq!(en.integer(12.5), "13");
        assert_eq!(en.integer(-0.5), "-1");
    }

    #[test]
    fn never_shows_minus_zero() {
        for l in Locale::ALL {
            let fm = f(l);
            assert_eq!(fm.number(-0.0, 0), "0");
            assert_eq!(
                fm.number(-0.004, 2),
                x(if l == Locale::En { "0.00" } else { "0,00" })
            );
            assert_eq!(fm.integer(-0.4), "0");
            assert!(!fm.currency(-0.001, 2).contains(['-', '\u{2212}']), "{l}");
            assert!(!fm.percent(-0.00001, 1).contains(['-', '\u{2212}']), "{l}");
            assert!(
                !fm.signed_percent(-0.00001, 0)
                    .contains(['-', '\u{2212}', '+'])
            );
            assert!(!fm.points(0.00001, 1).contains(['-', '\u{2212}', '+']));
            assert!(!fm.days(-0.01).contains(['-', '\u{2212}']));
        }
    }

    #[test]
    fn non_finite_values_show_a_dash_not_nan() {
        let fm = f(Locale::Pl);
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(fm.number(v, 1), "—");
            assert_eq!(fm.currency(v, 2), "—");
            assert_eq!(fm.percent(v, 1), "—");
            assert_eq!(fm.duration(v), "—");
            assert_eq!(fm.days(v), "—");
        }
    }

    #[test]
    fn currency_placement_and_symbols_per_locale() {
        let v = 1234567.891;
        for (locale, code, want) in [
            (Locale::Pl, "PLN", "1_234_567,89_zł"),
            (Locale::Nb, "NOK", "1_234_567,89_kr"),
            (Locale::En, "PLN", "PLN_1,234,567.89"),
            (Locale::En, "NOK", "NOK_1,234,567.89"),
            (Locale::En, "EUR", "€1,234,567.89"),
            (Locale::En, "USD", "$1,234,567.89"),
            (Locale::En, "GBP", "£1,234,567.89"),
            (Locale::Pl, "EUR", "1_234_567,89_€"),
            (Locale::Nb, "EUR", "1_234_567,89_€"),
            (Locale::Pl, "USD", "1_234_567,89_USD"),
            (Locale::Nb, "USD", "1_234_567,89_USD"),
            (Locale::Pl, "GBP", "1_234_567,89_GBP"),
            (Locale::Nb, "GBP", "1_234_567,89_£"),
            (Locale::Nb, "SEK", "1_234_567,89_SEK"),
            (Locale::Nb, "DKK", "1_234_567,89_DKK"),
            (Locale::Pl, "NOK", "1_234_567,89_NOK"),
            (Locale::Nb, "PLN", "1_234_567,89_PLN"),
            (Locale::En, "CHF", "CHF_1,234,567.89"),
            (Locale::Pl, " pln ", "1_234_567,89_zł"),
        ] {
            assert_eq!(
                Format::new(locale, code).currency(v, 2),
                x(want),
                "{locale} {code}"
            );
        }
        assert_eq!(
            Format::new(Locale::En, "EUR").currency(1234.5, 2),
            "€1,234.50"
        );
        assert_eq!(
            Format::new(Locale::Pl, "PLN").currency(1234.0, 0),
            x("1234_zł")
        );
        assert_eq!(
            Format::new(Locale::En, "EUR").currency(-1234.5, 2),
            "-€1,234.50"
        );
        assert_eq!(
            Format::new(Locale::En, "PLN").currency(-5.0, 0),
            x("-PLN_5")
        );
        assert_eq!(
            Format::new(Locale::Pl, "PLN").currency(-12345.0, 0),
            x("-12_345_zł")
        );
        assert_eq!(
            Format::new(Locale::Nb, "NOK").currency(-1234.5, 2),
            x("~1_234,50_kr")
        );
        assert_eq!(
            Format::new(Locale::Nb, "").currency(1234.5, 2),
            x("1_234,50")
        );
        let fm = Format::new(Locale::Pl, "pln");
        assert_eq!((fm.currency_code(), fm.currency_symbol()), ("PLN", "zł"));
    }

    #[test]
    fn percent_spacing_per_locale() {
        for (ratio, d, en, pl, nb) in [
            (0.12, 0, "12%", "12%", "12_%"),
            (0.123, 1, "12.3%", "12,3%", "12,3_%"),
            (0.145, 0, "15%", "15%", "15_%"), // 14.5 exactly, half away from zero
            (1.0, 0, "100%", "100%", "100_%"),
            (12.345, 0, "1,235%", "1235%", "1_235_%"),
            (-0.03, 0, "-3%", "-3%", "~3_%"),
        ] {
            assert_eq!(f(Locale::En).percent(ratio, d), en);
            assert_eq!(f(Locale::Pl).percent(ratio, d), x(pl));
            assert_eq!(f(Locale::Nb).percent(ratio, d), x(nb));
        }
    }

    #[test]
    fn changes_are_signed() {
        for (l, up, down, pts) in [
            (Locale::En, "+12%", "-3%", "+2.5_pp"),
            (Locale::Pl, "+12%", "-3%", "+2,5_p.p."),
            (Locale::Nb, "+12_%", "~3_%", "+2,5_pp"),
        ] {
            let fm = f(l);
            assert_eq!(fm.signed_percent(0.12, 0), x(up));
            assert_eq!(fm.signed_percent(-0.03, 0), x(down));
            assert_eq!(fm.points(0.025, 1), x(pts));
        }
        assert_eq!(f(Locale::Pl).points(-0.1, 0), x("-10_p.p."));
        assert_eq!(f(Locale::Nb).points(-0.004, 1), x("~0,4_pp"));
        assert_eq!(f(Locale::En).signed_percent(0.0, 0), "0%");
        assert_eq!(f(Locale::En).points(0.0, 1), x("0.0_pp"));
    }

    #[test]
    fn durations_use_short_units() {
        for (s, en, pl, nb) in [
            (0.0, "0_s", "0_s", "0_s"),
            (45.0, "45_s", "45_s", "45_s"),
            (59.0, "59_s", "59_s", "59_s"),
            (59.6, "1_min", "1_min", "1_min"),
            (60.0, "1_min", "1_min", "1_min"),
            (62.0, "1_min 02_s", "1_min 02_s", "1_min 02_s"),
            (312.0, "5_min 12_s", "5_min 12_s", "5_min 12_s"),
            (3599.0, "59_min 59_s", "59_min 59_s", "59_min 59_s"),
            (3600.0, "1_h", "1_godz.", "1_t"),
            (3725.0, "1_h 02_min", "1_godz. 02_min", "1_t 02_min"),
            (3900.0, "1_h 05_min", "1_godz. 05_min", "1_t 05_min"),
            (36000.0, "10_h", "10_godz.", "10_t"),
        ] {
            assert_eq!(f(Locale::En).duration(s), x(en), "{s}");
            assert_eq!(f(Locale::Pl).duration(s), x(pl), "{s}");
            assert_eq!(f(Locale::Nb).duration(s), x(nb), "{s}");
        }
        assert_eq!(f(Locale::Nb).duration(-90.0), x("~1_min 30_s"));
        assert_eq!(f(Locale::Pl).duration(-0.2), x("0_s"));
    }

    #[test]
    fn days_follow_cldr_plurals() {
        for (v, en, pl, nb) in [
            (0.0, "0_days", "0_dni", "0_dager"),
            (1.0, "1_day", "1_dzień", "1_dag"),
            (1.04, "1_day", "1_dzień", "1_dag"),
            (2.0, "2_days", "2_dni", "2_dager"),
            (4.0, "4_days", "4_dni", "4_dager"),
            (5.0, "5_days", "5_dni", "5_dager"),
            (12.0, "12_days", "12_dni", "12_dager"),
            (21.0, "21_days", "21_dni", "21_dager"),
            (22.0, "22_days", "22_dni", "22_dager"),
            (25.0, "25_days", "25_dni", "25_dager"),
            (2.5, "2.5_days", "2,5_dnia", "2,5_dager"),
            (1.5, "1.5_days", "1,5_dnia", "1,5_dager"),
            (12.46, "12.5_days", "12,5_dnia", "12,5_dager"),
            (1234.0, "1,234_days", "1234_dni", "1_234_dager"),
        ] {
            assert_eq!(f(Locale::En).days(v), x(en), "{v}");
            assert_eq!(f(Locale::Pl).days(v), x(pl), "{v}");
            assert_eq!(f(Locale::Nb).days(v), x(nb), "{v}");
        }
    }

    #[test]
    fn plural_categories_for_counts() {
        use Plural::*;
        let pl: Vec<Plural> = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 24, 25, 102, 112, 1001]
            .iter()
            .map(|&n| Locale::Pl.plural(n))
            .collect();
        assert_eq!(
            pl,
            [
                Many, One, Few, Few, Many, Many, Many, Many, Many, Few, Few, Many, Few, Many, Many
            ]
        );
        assert_eq!(Locale::En.plural(1), One);
        assert_eq!(Locale::Nb.plural(2), Other);
        assert_eq!(Locale::En.plural(0), Other);
    }

    #[test]
    fn dates_in_all_locales() {
        let d = date(2026, 10, 1);
        assert_eq!(f(Locale::En).date(d), "1 October 2026");
        assert_eq!(f(Locale::Pl).date(d), "1 października 2026");
        assert_eq!(f(Locale::Nb).date(d), "1. oktober 2026");
        assert_eq!(f(Locale::Nb).date(date(2027, 3, 24)), "24. mars 2027");
    }

    /// All twelve Polish months, checked by hand: nominative for periods, genitive in
    /// dates, CLDR abbreviations on axes.
    #[test]
    fn polish_months_in_both_cases() {
        let pl = f(Locale::Pl);
        let months = [
            ("styczeń", "stycznia", "sty"),
            ("luty", "lutego", "lut"),
            ("marzec", "marca", "mar"),
            ("kwiecień", "kwietnia", "kwi"),
            ("maj", "maja", "maj"),
            ("czerwiec", "czerwca", "cze"),
            ("lipiec", "lipca", "lip"),
            ("sierpień", "sierpnia", "sie"),
            ("wrzesień", "września", "wrz"),
            ("październik", "października", "paź"),
            ("listopad", "listopada", "lis"),
            ("grudzień", "grudnia", "gru"),
        ];
        for (i, (nominative, genitive, short)) in months.iter().enumerate() {
            let m = i as i8 + 1;
            let p = Period::parse(&format!("2026-{m:02}")).unwrap();
            assert_eq!(pl.period(p), format!("{nominative} 2026"));
            assert_eq!(pl.date(date(2026, m, 15)), format!("15 {genitive} 2026"));
            assert_eq!(pl.period_short(p), format!("{short} 26"));
        }
    }

    #[test]
    fn period_names_in_all_locales() {
        let p = |s| Period::parse(s).unwrap();
        for (period, en, pl, nb) in [
            (
                "2026-10",
                "October 2026",
                "październik 2026",
                "oktober 2026",
            ),
            (
                "2026-W42",
                "Week 42, 2026",
                "tydzień 42, 2026",
                "uke 42, 2026",
            ),
            ("2026-W01", "Week 1, 2026", "tydzień 1, 2026", "uke 1, 2026"),
            ("2026-Q4", "Q4 2026", "IV kw. 2026", "4. kvartal 2026"),
            ("2026-Q1", "Q1 2026", "I kw. 2026", "1. kvartal 2026"),
        ] {
            assert_eq!(f(Locale::En).period(p(period)), en);
            assert_eq!(f(Locale::Pl).period(p(period)), pl);
            assert_eq!(f(Locale::Nb).period(p(period)), nb);
        }
        assert_eq!(f(Locale::Pl).period_title(p("2026-10")), "Październik 2026");
        assert_eq!(
            f(Locale::Pl).period_title(p("2026-W42")),
            "Tydzień 42, 2026"
        );
        assert_eq!(f(Locale::Nb).period_title(p("2026-W42")), "Uke 42, 2026");
        assert_eq!(f(Locale::En).period_title(p("2026-Q4")), "Q4 2026");
    }

    #[test]
    fn short_period_labels_for_axes() {
        let p = |s| Period::parse(s).unwrap();
        for (period, en, pl, nb) in [
            ("2026-10", "Oct 26", "paź 26", "okt. 26"),
            ("2026-03", "Mar 26", "mar 26", "mars 26"),
            ("2009-05", "May 09", "maj 09", "mai 09"),
            ("2026-W42", "W42", "W42", "W42"),
            ("2026-W03", "W03", "W03", "W03"),
            ("2026-Q4", "Q4 26", "IV kw. 26", "K4 26"),
        ] {
            assert_eq!(f(Locale::En).period_short(p(period)), en);
            assert_eq!(f(Locale::Pl).period_short(p(period)), pl);
            assert_eq!(f(Locale::Nb).period_short(p(period)), nb);
        }
    }

    #[test]
    fn fill_substitutes_known_placeholders_only() {
        let args = [("rank", "2"), ("count", "8"), ("team", "North {x}")];
        for (template, want) in [
            ("{rank} of {count} in {team}", "2 of 8 in North {x}"),
            ("{rank}{rank}", "22"),
            ("{unknown} {rank}", "{unknown} 2"),
            ("no placeholders", "no placeholders"),
            ("{ {rank} }", "{ 2 }"),
            ("open { only", "open { only"),
            ("trailing {", "trailing {"),
            ("{}", "{}"),
            ("zł {count} ąę", "zł 8 ąę"),
        ] {
            assert_eq!(fill(template, &args), want, "{template}");
        }
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn builtin_catalogues_agree_on_keys_and_placeholders() {
        let en = Catalogue::builtin(Locale::En);
        let keys: Vec<&str> = en.iter().map(|(k, _)| k).collect();
        for l in Locale::ALL {
            let cat = Catalogue::builtin(l);
            let these: Vec<&str> = cat.iter().map(|(k, _)| k).collect();
            assert_eq!(these, keys, "{l} has other keys than en");
            for (key, text) in cat.iter() {
                assert!(!text.trim().is_empty(), "{l}: {key} is empty");
                assert_eq!(text.trim(), text, "{l}: {key} has outer spaces");
                let want = placeholders(en.get(key).unwrap());
                assert_eq!(placeholders(text), want, "{l}: {key}");
            }
        }
    }

    #[test]
    fn builtin_catalogues_cover_every_kpi_and_ui_label() {
        let ids = [
            "revenue",
            "deals",
            "leads",
            "conversion",
            "win_rate",
            "avg_deal",
            "cycle_days",
            "aht",
            "asa",
            "abandonment",
            "occupancy",
            "csat",
            "nps",
            "crm_interactions",
            "churn",
            "cac",
        ];
        let mut keys: Vec<String> = ids
            .iter()
            .flat_map(|id| [format!("kpi.{id}"), format!("kpi.{id}.help")])
            .collect();
        let ui = "status.green status.amber status.red status.none site.overview site.teams \
            site.team site.people site.person site.handbook site.contents site.scorecard \
            site.scorecards site.data site.previous site.next site.skip_to_content site.menu \
            site.generated_from site.print kpi value target attainment status change trend \
            vs_previous no_data rank place_in_team manager team_members headline heatmap \
            heatmap_help period report_period all_periods latest target_line actual_line \
            chart_alt people_count role email start_date better_higher better_lower \
            quota_attainment no_team summary_green summary_amber summary_red scorecard_intro \
            legend";
        keys.extend(ui.split_whitespace().map(String::from));
        let en = Catalogue::builtin(Locale::En);
        for key in &keys {
            assert!(en.get(key).is_some(), "missing {key}");
        }
        assert_eq!(en.get("kpi.aht"), Some("Average handle time"));
        assert_eq!(
            Catalogue::builtin(Locale::Pl).get("kpi.aht"),
            Some("Średni czas obsługi (AHT)")
        );
        assert_eq!(
            Catalogue::builtin(Locale::Nb).get("kpi.aht"),
            Some("Gjennomsnittlig behandlingstid (AHT)")
        );
    }

    #[test]
    fn counted_labels_pick_the_plural_form() {
        let people = |l: Locale, n: u64| {
            let cat = Catalogue::builtin(l);
            let text = cat.counted("people_count", l.plural(n)).unwrap();
            fill(text, &[("n", &n.to_string())])
        };
        assert_eq!(people(Locale::En, 1), "1 person");
        assert_eq!(people(Locale::En, 8), "8 people");
        assert_eq!(people(Locale::Pl, 1), "1 osoba");
        assert_eq!(people(Locale::Pl, 3), "3 osoby");
        assert_eq!(people(Locale::Pl, 5), "5 osób");
        assert_eq!(people(Locale::Pl, 12), "12 osób");
        assert_eq!(people(Locale::Pl, 22), "22 osoby");
        assert_eq!(people(Locale::Nb, 1), "1 person");
        assert_eq!(people(Locale::Nb, 4), "4 personer");
        let cat = Catalogue::builtin(Locale::En);
        assert_eq!(cat.counted("legend", Plural::Few), Some("Legend"));
    }

    #[test]
    fn override_wins_and_unknown_keys_are_returned() {
        let mut cat = Catalogue::builtin(Locale::Pl);
        let book =
            Catalogue::from_yaml("kpi.revenue: Sprzedaż netto\nkpi.revnue: x\nzzz.extra: \"y\"\n")
                .unwrap();
        let unknown = cat.merge(book);
        assert_eq!(unknown, ["kpi.revnue", "zzz.extra"]);
        assert_eq!(cat.get("kpi.revenue"), Some("Sprzedaż netto"));
        assert_eq!(cat.get("kpi.revnue"), None);
        assert_eq!(cat.get("site.menu"), Some("Menu"));
    }

    #[test]
    fn catalogue_yaml_edge_cases_parse() {
        assert_eq!(Catalogue::from_yaml("").unwrap(), Catalogue::default());
        assert_eq!(
            Catalogue::from_yaml("# nothing\n").unwrap().iter().count(),
            0
        );
        let cat = Catalogue::from_yaml("\u{feff}a.b: \"{n} x\"\r\nc: 12\r\nd: yes\n").unwrap();
        let pairs: Vec<(&str, &str)> = cat.iter().collect();
        assert_eq!(pairs, [("a.b", "{n} x"), ("c", "12"), ("d", "yes")]);
    }

    #[test]
    fn catalogue_errors_point_at_line_and_column() {
        for (text, line, col, needle) in [
            ("a: b\na: c\n", 2, 1, "duplicate"),
            ("a: b\nc:\n", 2, 1, "`c` has no text"),
            ("a: b\nc: \"  \"\n", 2, 1, "`c` has no text"),
            ("a: b\nKpi.Revenue: x\n", 2, 1, "not a label key"),
            ("a: b\nkpi..x: y\n", 2, 1, "not a label key"),
            ("kpi:\n  revenue: x\n", 2, 3, "flat map"),
            ("- a\n", 1, 1, ""),
            ("a: \"open\n", 1, 4, ""),
        ] {
            let (message, l, c) = Catalogue::from_yaml(text).unwrap_err();
            assert_eq!((l, c), (line, col), "{text:?}: {message}");
            assert!(message.contains(needle), "{text:?}: {message}");
            assert!(!message.contains("at line"), "{message}");
        }
    }
}
