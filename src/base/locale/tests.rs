//! The CLDR facts the formats rely on, per locale, and the catalogues' rules.

use jiff::civil::date;

use super::language::Plural;
use super::*;
use crate::base::period::Period;

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
            team_line chart_alt people_count role email start_date better_higher better_lower \
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
        let d = Catalogue::from_yaml(text).unwrap_err();
        let message = &d.message;
        assert_eq!((d.line, d.col), (line, col), "{text:?}: {message}");
        assert!(message.contains(needle), "{text:?}: {message}");
        assert!(!message.contains("at line"), "{message}");
        assert_eq!(
            d.snippet.as_deref(),
            text.lines().nth(line - 1),
            "{message}"
        );
    }
}
