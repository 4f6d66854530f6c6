//! The per-locale pattern table: CLDR separators, signs, units, month names and
//! currency symbols.

use super::language::Locale;

/// U+00A0 NO-BREAK SPACE: the group separator in pl and nb, and the space between a
/// number and its unit, symbol or `%`, so the two never wrap apart.
pub(super) const NBSP: &str = "\u{a0}";

/// The per-locale pattern table.
pub(super) struct Symbols {
    pub(super) group: &'static str,
    pub(super) decimal: &'static str,
    pub(super) minus: &'static str,
    /// Digits an integer part needs before it is grouped (CLDR minimumGroupingDigits + 3).
    pub(super) group_from: usize,
    pub(super) percent: &'static str,
    pub(super) points: &'static str,
    pub(super) hour: &'static str,
    pub(super) day_one: &'static str,
    pub(super) day_many: &'static str,
    /// Polish uses a third form for fractions (`2,5 dnia`).
    pub(super) day_fraction: &'static str,
    pub(super) month_long: [&'static str; 12],
    /// Months inside a date: the genitive in Polish (`1 października`).
    pub(super) month_in_date: [&'static str; 12],
    pub(super) month_short: [&'static str; 12],
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

impl Symbols {
    /// The table of `locale`.
    pub(super) fn of(locale: Locale) -> &'static Symbols {
        match locale {
            Locale::En => &EN,
            Locale::Pl => &PL,
            Locale::Nb => &NB,
        }
    }
}

/// The currency symbol CLDR gives for `code` in `locale`; the ISO code where it has
/// none. Scandinavian crowns other than NOK keep their code in `nb` (`1 000,00 SEK`),
/// so they cannot be mistaken for Norwegian kroner.
pub(super) fn currency_symbol(locale: Locale, code: &str) -> String {
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
