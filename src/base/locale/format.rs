//! Values as text for one locale: numbers, money, percentages, durations, days,
//! dates and periods, rounded on their decimal digits.

use jiff::civil::Date;

use super::language::Locale;
use super::symbols::{NBSP, Symbols, currency_symbol};
use crate::base::period::{Period, PeriodKind};

/// Shown for a value that is not a finite number. Callers should show "no data"
/// instead; this only keeps a bug from printing `NaN` into a report.
const NOT_A_NUMBER: &str = "—";

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
pub(crate) struct Format {
    locale: Locale,
    #[cfg(test)]
    currency: String,
    symbol: String,
}

impl Format {
    /// A formatter for `locale` showing money in `currency` (an ISO 4217 code such as
    /// `PLN`; case and surrounding spaces are ignored).
    pub(crate) fn new(locale: Locale, currency: &str) -> Format {
        let currency = currency.trim().to_ascii_uppercase();
        Format {
            locale,
            symbol: currency_symbol(locale, &currency),
            #[cfg(test)]
            currency,
        }
    }

    /// The ISO 4217 code of the currency, upper-case.
    #[cfg(test)]
    pub(crate) fn currency_code(&self) -> &str {
        &self.currency
    }

    /// The symbol money is shown with (`zł`, `kr`, `€`, or the ISO code).
    #[cfg(test)]
    pub(crate) fn currency_symbol(&self) -> &str {
        &self.symbol
    }

    fn sym(&self) -> &'static Symbols {
        Symbols::of(self.locale)
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
    pub(crate) fn number(&self, v: f64, decimals: usize) -> String {
        match Rounded::new(v, 0, decimals) {
            Some(r) => format!("{}{}", self.sign(&r, false), self.digits(&r)),
            None => NOT_A_NUMBER.to_string(),
        }
    }

    /// A whole number, rounded half away from zero.
    pub(crate) fn integer(&self, v: f64) -> String {
        self.number(v, 0)
    }

    /// Money: `€1,234.50` and `PLN 1,234.50` in English, `1 234,50 zł` in Polish,
    /// `1 234,50 kr` in Bokmål.
    pub(crate) fn currency(&self, v: f64, decimals: usize) -> String {
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
    pub(crate) fn percent(&self, ratio: f64, decimals: usize) -> String {
        self.scaled(ratio, decimals, false, self.sym().percent)
    }

    /// A change of a percentage in percentage points, signed: 0.025 → `+2,5 p.p.` (pl),
    /// `+2,5 pp` (nb), `+2.5 pp` (en). A change that rounds to zero has no sign.
    pub(crate) fn points(&self, delta_ratio: f64, decimals: usize) -> String {
        self.scaled(delta_ratio, decimals, true, self.sym().points)
    }

    /// A relative change, signed: `+12%`, `-3%` (en, pl), `−3 %` (nb). A change that
    /// rounds to zero has no sign.
    pub(crate) fn signed_percent(&self, ratio: f64, decimals: usize) -> String {
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
    pub(crate) fn duration(&self, seconds: f64) -> String {
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
    pub(crate) fn days(&self, v: f64) -> String {
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
    pub(crate) fn date(&self, d: Date) -> String {
        let month = self.sym().month_in_date[d.month() as usize - 1];
        let (day, year) = (d.day(), d.year());
        match self.locale {
            Locale::Nb => format!("{day}. {month} {year}"),
            Locale::En | Locale::Pl => format!("{day} {month} {year}"),
        }
    }

    /// A day and month without the year, as in "expected by 13 November":
    /// `13 November`, `13 listopada`, `13. november`.
    pub(crate) fn day_month(&self, d: Date) -> String {
        let month = self.sym().month_in_date[d.month() as usize - 1];
        match self.locale {
            Locale::Nb => format!("{}. {month}", d.day()),
            Locale::En | Locale::Pl => format!("{} {month}", d.day()),
        }
    }

    /// A period as it reads inside a sentence: `October 2026`, `październik 2026`,
    /// `oktober 2026`; `Week 42, 2026`, `tydzień 42, 2026`, `uke 42, 2026`; `Q4 2026`,
    /// `IV kw. 2026`, `4. kvartal 2026`. Use [`Format::period_title`] for headings.
    pub(crate) fn period(&self, p: Period) -> String {
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
    pub(crate) fn period_title(&self, p: Period) -> String {
        capitalise(&self.period(p))
    }

    /// A compact period for chart axes: `Oct 26`, `paź 26`, `okt. 26`; weeks `W42`;
    /// quarters `Q4 26`, `IV kw. 26`, `K4 26`.
    pub(crate) fn period_short(&self, p: Period) -> String {
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
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
