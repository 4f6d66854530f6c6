//! Unit tests of the cells module; every expected value is worked out by hand.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, date};

use super::date::{excel_seconds, excel_serial_1904};
use super::kind::Kind;
use super::tzdb::bundled;
use super::*;

/// A number in a style, panicking with the text on failure.
fn num(text: &str, style: NumberStyle) -> f64 {
    number(text, style).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// A local date-time.
fn dt(y: i16, mo: i8, d: i8, h: i8, mi: i8, s: i8) -> DateTime {
    date(y, mo, d).at(h, mi, s, 0)
}

/// An instant from its RFC 3339 text.
fn ts(text: &str) -> Timestamp {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A stamp in a format, panicking with the text on failure.
fn stamp(text: &str, format: &DateFormat) -> Stamp {
    parse_stamp(text, format).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// Detects a format from values.
fn detect(values: &[&str]) -> Result<DateFormat, String> {
    let mut detector = DateDetector::new();
    for value in values {
        detector.feed(value)?;
    }
    detector.finish()
}

#[test]
fn durations_read_as_seconds() {
    let cases = [
        ("00:02:41", 161.0),
        ("1:02:03", 3723.0),
        ("02:41", 161.0),
        ("75", 75.0),
        ("75.5", 75.5),
    ];
    for (text, want) in cases {
        assert_eq!(seconds(text), Ok(want), "{text}");
        assert_eq!(
            number(text, NumberStyle::Pl),
            Ok(want),
            "{text} as a number"
        );
    }
    assert_eq!(seconds("100:00:00"), Ok(360_000.0));
    assert_eq!(seconds("00:00:01.250"), Ok(1.25));
    assert_eq!(seconds(" -00:01:00 "), Ok(-60.0));
    for bad in [
        "",
        "1:2:3",
        "00:60:00",
        "00:02:41:00",
        "ab:cd",
        "$5",
        "00:02:4x",
        "1:",
    ] {
        assert!(seconds(bad).is_err(), "{bad:?} should not read");
    }
}

#[test]
fn numbers_with_grouping_and_currency() {
    use NumberStyle::*;
    let cases = [
        ("$12,400.00", En, 12_400.0),
        ("12400", En, 12_400.0),
        ("1234.5", Pl, 1234.5),
        ("-3", En, -3.0),
        ("1,234.50", Pl, 1234.5),
        ("1.234,50", En, 1234.5),
        ("1 234,50 zł", En, 1234.5),
        ("1\u{a0}234,50\u{a0}zł", Pl, 1234.5),
        ("1\u{202f}234,50 zł", Pl, 1234.5),
        ("-1 234,50", Pl, -1234.5),
        ("PLN 1 234,50", Pl, 1234.5),
        ("1 234,50 PLN", En, 1234.5),
        ("12 400,00 kr", Nb, 12_400.0),
        ("kr 12 400,00", Nb, 12_400.0),
        ("kr -12 400,00", Nb, -12_400.0),
        ("€1.234,50", En, 1234.5),
        ("1.234,50 €", En, 1234.5),
        ("-$1,234.00", En, -1234.0),
        ("$-1,234.00", En, -1234.0),
        ("(1,234.00)", En, -1234.0),
        ("($1,234.00)", En, -1234.0),
        ("US$ 99.95", En, 99.95),
        ("1'234.50", En, 1234.5),
        ("1’234.50", En, 1234.5),
        ("1,234,567.89", Pl, 1_234_567.89),
        ("1.234.567", En, 1_234_567.0),
        ("0.125", Pl, 0.125),
        ("0,125", En, 0.125),
        ("1234,567", En, 1234.567),
        (".5", Pl, 0.5),
        ("+7", En, 7.0),
        ("1.5E+3", En, 1500.0),
        ("2e-2", Pl, 0.02),
        ("12345678901234567890123", En, 1.234_567_890_123_456_8e22),
        ("  42  ", En, 42.0),
    ];
    for (text, style, want) in cases {
        assert_eq!(num(text, style), want, "{text:?} in {style:?}");
    }
}

#[test]
fn a_lone_separator_before_three_digits_follows_the_style() {
    use NumberStyle::*;
    assert_eq!(num("1,234", En), 1234.0);
    assert_eq!(num("1,234", Pl), 1.234);
    assert_eq!(num("1,234", Nb), 1.234);
    assert_eq!(num("1.234", Pl), 1234.0);
    assert_eq!(num("1.234", Nb), 1234.0);
    assert_eq!(num("1.234", En), 1.234);
    for style in [En, Pl, Nb] {
        assert_eq!(num("12,5", style), 12.5, "{style:?}");
        assert_eq!(num("12.5", style), 12.5, "{style:?}");
        assert_eq!(num("1,2345", style), 1.2345, "{style:?}");
    }
}

#[test]
fn numbers_that_do_not_read() {
    for bad in [
        "abc",
        "1,2,3.4.5",
        "",
        "   ",
        "12 apples",
        "1,,234",
        "1,234,",
        "12,34,567",
        "1 234,567.8",
        "$",
        "PLN",
        "--5",
        "(-5)",
        "1.2e",
        "1,234e5",
        "e5",
        "1-2",
        "ft 12",
    ] {
        let got = number(bad, NumberStyle::En);
        assert!(got.is_err(), "{bad:?} read as {got:?}");
        assert!(got.unwrap_err().starts_with("expected a"), "{bad:?}");
    }
}

#[test]
fn iso_dates_local_and_exact() {
    let iso = DateFormat::Iso;
    assert_eq!(
        stamp("2026-03-02", &iso),
        Stamp::Local(dt(2026, 3, 2, 0, 0, 0))
    );
    assert_eq!(
        stamp("2026-03-02 14:05", &iso),
        Stamp::Local(dt(2026, 3, 2, 14, 5, 0))
    );
    assert_eq!(
        stamp("2026/03/02T14:05:09", &iso),
        Stamp::Local(dt(2026, 3, 2, 14, 5, 9))
    );
    assert_eq!(
        stamp("2026-03-02T14:05:00Z", &iso),
        Stamp::Exact(ts("2026-03-02T14:05:00Z"))
    );
    assert_eq!(
        stamp("2026-03-02T14:05:00+01:00", &iso),
        Stamp::Exact(ts("2026-03-02T13:05:00Z"))
    );
    assert_eq!(
        stamp("2026-03-02T14:05:00.123-05:00", &iso),
        Stamp::Exact(ts("2026-03-02T19:05:00.123Z"))
    );
    assert_eq!(
        stamp("2026-03-02 14:05:00+01", &iso),
        Stamp::Exact(ts("2026-03-02T13:05:00Z"))
    );
    assert_eq!(
        stamp("2026-03-02 14:05:00 +0530", &iso),
        Stamp::Exact(ts("2026-03-02T08:35:00Z"))
    );
    assert_eq!(
        stamp("2026-03-02 14:05:00 UTC", &iso),
        Stamp::Exact(ts("2026-03-02T14:05:00Z"))
    );
    for bad in [
        "2026-02-30",
        "2026-13-01",
        "2026-03-02T24:00",
        "2026-03-02T14:05:00+1",
        "2026-03-02x",
        "26-03-02",
    ] {
        assert!(parse_stamp(bad, &iso).is_err(), "{bad}");
    }
}

#[test]
fn dotted_rfc_and_slash_dates() {
    assert_eq!(
        stamp("02.03.2026", &DateFormat::Dotted),
        Stamp::Local(dt(2026, 3, 2, 0, 0, 0))
    );
    assert_eq!(
        stamp("02.03.2026 14:05", &DateFormat::Dotted),
        Stamp::Local(dt(2026, 3, 2, 14, 5, 0))
    );
    assert_eq!(
        stamp("2.3.2026 14:05:59", &DateFormat::Dotted),
        Stamp::Local(dt(2026, 3, 2, 14, 5, 59))
    );
    let rfc = DateFormat::Rfc2822;
    assert_eq!(
        stamp("Fri, 02 Jan 2026 08:31:59", &rfc),
        Stamp::Local(dt(2026, 1, 2, 8, 31, 59))
    );
    assert_eq!(
        stamp("Fri, 02 Jan 2026 08:31:59 +0000", &rfc),
        Stamp::Exact(ts("2026-01-02T08:31:59Z"))
    );
    assert_eq!(
        stamp("Fri, 2 Jan 2026 08:31:59 GMT", &rfc),
        Stamp::Exact(ts("2026-01-02T08:31:59Z"))
    );
    assert_eq!(
        stamp("2 Jan 2026 08:31 EST", &rfc),
        Stamp::Exact(ts("2026-01-02T13:31:00Z"))
    );
    assert!(
        parse_stamp("Sat, 02 Jan 2026 08:31:59", &rfc).is_err(),
        "wrong weekday"
    );
    assert!(parse_stamp("Fri, 02 Foo 2026 08:31:59", &rfc).is_err());
    assert_eq!(
        stamp("1/16/2026", &DateFormat::MonthFirst),
        Stamp::Local(dt(2026, 1, 16, 0, 0, 0))
    );
    assert_eq!(
        stamp("16/1/2026", &DateFormat::DayFirst),
        Stamp::Local(dt(2026, 1, 16, 0, 0, 0))
    );
    let pm = DateFormat::MonthFirst;
    assert_eq!(
        stamp("3/4/2026 2:05:00 PM", &pm),
        Stamp::Local(dt(2026, 3, 4, 14, 5, 0))
    );
    assert_eq!(
        stamp("3/4/2026 12:05 am", &pm),
        Stamp::Local(dt(2026, 3, 4, 0, 5, 0))
    );
    assert_eq!(
        stamp("3/4/2026, 12:05 PM", &pm),
        Stamp::Local(dt(2026, 3, 4, 12, 5, 0))
    );
    assert_eq!(
        stamp("3/4/2026 2:05:00 PM", &DateFormat::DayFirst),
        Stamp::Local(dt(2026, 4, 3, 14, 5, 0))
    );
    assert!(parse_stamp("3/4/2026 13:05 PM", &pm).is_err());
    assert!(parse_stamp("16/1/2026", &pm).is_err());
}

#[test]
fn detection_picks_the_family_and_slash_order() {
    assert_eq!(
        detect(&["2026-03-02", "", "2026-03-02T14:05:00Z"]),
        Ok(DateFormat::Iso)
    );
    assert_eq!(
        detect(&["02.03.2026 14:05", "2.3.2026"]),
        Ok(DateFormat::Dotted)
    );
    assert_eq!(
        detect(&["Fri, 02 Jan 2026 08:31:59"]),
        Ok(DateFormat::Rfc2822)
    );
    assert_eq!(
        detect(&["1/2/2026", "1/16/2026", "3/4/2026"]),
        Ok(DateFormat::MonthFirst)
    );
    assert_eq!(detect(&["1/2/2026", "16/1/2026"]), Ok(DateFormat::DayFirst));
    let undecided = detect(&["1/2/2026", "3/4/2026"]).unwrap_err();
    assert!(
        undecided.contains("date.format") && undecided.contains("%m/%d/%Y"),
        "{undecided}"
    );
    let with_time = detect(&["1/2/2026 2:05:00 PM"]).unwrap_err();
    assert!(with_time.contains("%m/%d/%Y %I:%M:%S %p"), "{with_time}");
    let mixed = detect(&["2026-03-02", "2026-03-03", "02.03.2026", "x"]).unwrap_err();
    assert!(
        mixed.contains("`02.03.2026`") && mixed.contains("`2026-03-02`"),
        "{mixed}"
    );
    let conflict = detect(&["1/16/2026", "16/1/2026"]).unwrap_err();
    assert!(
        conflict.contains("`16/1/2026`") && conflict.contains("`1/16/2026`"),
        "{conflict}"
    );
    let unknown = detect(&["March 2nd"]).unwrap_err();
    assert!(unknown.contains("date.format"), "{unknown}");
    assert!(detect(&["2026-02-30"]).is_err());
    assert!(detect(&[]).is_err());
}

#[test]
fn a_day_that_does_not_exist_is_left_to_its_row() {
    // Its shape is the column's: the format stands and the row reports the cell.
    let mut detector = DateDetector::new();
    detector.feed("2026-12-18 17:00").unwrap();
    detector.feed("2026-12-32 17:00").unwrap();
    assert_eq!(detector.clone().finish().unwrap(), DateFormat::Iso);
    // Another shape still breaks the column.
    let e = detector.feed("18.12.2026").unwrap_err();
    assert!(e.contains("one format"), "{e}");
    // A first value that is no day is not taken as the column's format.
    assert!(DateDetector::new().feed("2026-02-30").is_err());
}

#[test]
fn detector_reports_when_decided() {
    let mut detector = DateDetector::new();
    assert!(!detector.decided());
    detector.feed("1/2/2026").unwrap();
    assert!(!detector.decided() && detector.ambiguous());
    detector.feed("13/2/2026").unwrap();
    assert!(detector.decided());
    let mut iso = DateDetector::new();
    iso.feed("2026-01-01").unwrap();
    assert!(iso.decided());
}

#[test]
fn patterns_read_and_validate() {
    let format = pattern("%d-%m-%Y %H:%M").unwrap();
    assert_eq!(
        stamp("02-03-2026 14:05", &format),
        Stamp::Local(dt(2026, 3, 2, 14, 5, 0))
    );
    let five9 = pattern("%a, %d %b %Y %H:%M:%S").unwrap();
    assert_eq!(
        stamp("Fri, 02 Jan 2026 08:31:59", &five9),
        Stamp::Local(dt(2026, 1, 2, 8, 31, 59))
    );
    let offset = pattern("%Y-%m-%d %H:%M %z").unwrap();
    assert_eq!(
        stamp("2026-03-02 14:05 +0100", &offset),
        Stamp::Exact(ts("2026-03-02T13:05:00Z"))
    );
    let day_only = pattern("%d/%m/%y").unwrap();
    assert_eq!(
        stamp("02/03/26", &day_only),
        Stamp::Local(dt(2026, 3, 2, 0, 0, 0))
    );
    assert!(parse_stamp("2026-03-02", &format).is_err());
    for bad in ["", "%H:%M", "%m/%d", "%Q%Q%Q%", "%K"] {
        let err = pattern(bad).unwrap_err();
        assert!(err.contains("%d-%m-%Y"), "{bad:?}: {err}");
    }
}

#[test]
fn local_days_in_the_books_zone() {
    let new_york = zone("America/New_York").unwrap();
    let warsaw = zone("Europe/Warsaw").unwrap();
    let utc = zone("UTC").unwrap();
    let early = Stamp::Exact(ts("2026-01-02T03:00:00Z"));
    assert_eq!(local_day(&early, &new_york), date(2026, 1, 1));
    assert_eq!(local_day(&early, &warsaw), date(2026, 1, 2));
    assert_eq!(local_day(&early, &utc), date(2026, 1, 2));
    // Warsaw moves from +01:00 to +02:00 at 01:00Z on 2026-03-29.
    let dst = Stamp::Exact(ts("2026-03-29T00:30:00Z"));
    assert_eq!(local_day(&dst, &warsaw), date(2026, 3, 29));
    assert_eq!(
        local_day(&Stamp::Exact(ts("2026-03-28T22:59:59Z")), &warsaw),
        date(2026, 3, 28)
    );
    assert_eq!(
        local_day(&Stamp::Exact(ts("2026-03-28T23:00:00Z")), &warsaw),
        date(2026, 3, 29)
    );
    // Summer: +02:00, so 22:00Z is already the next day.
    assert_eq!(
        local_day(&Stamp::Exact(ts("2026-07-01T22:00:00Z")), &warsaw),
        date(2026, 7, 2)
    );
    assert_eq!(
        local_day(&Stamp::Local(dt(2026, 1, 2, 23, 59, 0)), &new_york),
        date(2026, 1, 2)
    );
}

#[test]
fn cached_local_days_agree_with_jiff_across_transitions() {
    for name in [
        "Europe/Warsaw",
        "America/New_York",
        "UTC",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
    ] {
        let zone = zone(name).unwrap();
        let mut days = LocalDays::new(zone.clone());
        // Every 20 minutes through 2025-2026, forwards then a jump back.
        let start = ts("2025-01-01T00:00:00Z").as_second();
        for step in (0..2 * 365 * 72).chain(0..100) {
            let t = Timestamp::from_second(start + step * 1200 + 7).unwrap();
            let want: Date = t.to_zoned_datetime(zone.clone()).date();
            assert_eq!(days.day(&Stamp::Exact(t)), want, "{name} {t}");
            assert_eq!(local_day(&Stamp::Exact(t), &zone), want, "{name} {t}");
        }
    }
}

#[test]
fn zones_from_the_embedded_database() {
    assert_eq!(
        zone("europe/warsaw").unwrap().iana_name(),
        Some("Europe/Warsaw")
    );
    let err = zone("Europe/Warsw").unwrap_err();
    assert!(err.contains("did you mean `Europe/Warsaw`"), "{err}");
    let err = zone("Oslo").unwrap_err();
    assert!(err.contains("`Europe/Oslo`"), "{err}");
    let err = zone("Nowhere/Atlantis").unwrap_err();
    assert!(
        err.contains("unknown time zone `Nowhere/Atlantis`"),
        "{err}"
    );
    assert_eq!(default_zone("pl"), "Europe/Warsaw");
    assert_eq!(default_zone("nb-NO"), "Europe/Oslo");
    assert_eq!(default_zone("en"), "UTC");
    assert_eq!(default_zone("de"), "UTC");
    assert_eq!(NumberStyle::of_locale("pl_PL"), NumberStyle::Pl);
}

#[test]
fn zones_do_not_need_system_tzdata() {
    // The bundled database answers even with TZDIR pointing nowhere, and it
    // is not the system database (jiff would name that ZoneInfo).
    let db = format!("{:?}", bundled());
    assert!(db.contains("Bundled"), "{db}");
    assert!(bundled().available().count() > 300);
}

#[test]
fn excel_serials() {
    assert_eq!(excel_serial(46023.0), Some(dt(2026, 1, 1, 0, 0, 0)));
    assert_eq!(excel_serial(45000.5), Some(dt(2023, 3, 15, 12, 0, 0)));
    assert_eq!(excel_serial(1.0), Some(dt(1900, 1, 1, 0, 0, 0)));
    assert_eq!(excel_serial(59.0), Some(dt(1900, 2, 28, 0, 0, 0)));
    assert_eq!(excel_serial(60.0), None, "Excel's 1900-02-29");
    assert_eq!(excel_serial(61.0), Some(dt(1900, 3, 1, 0, 0, 0)));
    assert_eq!(excel_serial(25569.0), Some(dt(1970, 1, 1, 0, 0, 0)));
    // 14:05:06 is 50706/86400 of a day; float noise rounds to the second.
    assert_eq!(
        excel_serial(46023.0 + 50706.0 / 86400.0),
        Some(dt(2026, 1, 1, 14, 5, 6))
    );
    assert_eq!(excel_serial(0.5), None);
    assert_eq!(excel_serial(f64::NAN), None);
    assert_eq!(excel_serial_1904(0.0), Some(dt(1904, 1, 1, 0, 0, 0)));
    assert_eq!(excel_seconds(161.0 / 86400.0), 161.0);
}

#[test]
fn column_kinds() {
    use NumberStyle::En;
    assert_eq!(classify(&[], En), Kind::Empty);
    assert_eq!(classify(&["", " "], En), Kind::Empty);
    assert_eq!(classify(&["12", "1,234.5", ""], En), Kind::Number);
    assert_eq!(classify(&["$12,400.00", "0"], En), Kind::Money);
    assert_eq!(classify(&["00:02:41", "1:02:03"], En), Kind::Duration);
    assert_eq!(classify(&["00:02:41", "75"], En), Kind::Number);
    assert_eq!(classify(&["Yes", "no"], En), Kind::Boolean);
    assert_eq!(
        classify(&["2026-03-02", "2026-03-03T10:00:00Z"], En),
        Kind::Date(DateFormat::Iso)
    );
    assert_eq!(
        classify(&["1/16/2026"], En),
        Kind::Date(DateFormat::MonthFirst)
    );
    assert_eq!(classify(&["1/2/2026", "3/4/2026"], En), Kind::AmbiguousDate);
    assert_eq!(classify(&["Closed Won", "12"], En), Kind::Text);
    assert_eq!(classify(&["2026-03-02", "02.03.2026"], En), Kind::Text);
    assert_eq!(
        Kind::Date(DateFormat::Rfc2822).describe(),
        "date, RFC 2822 (Fri, 02 Jan 2026 08:31:59)"
    );
}

#[test]
fn no_input_panics() {
    // Random strings over the characters the parsers care about.
    let alphabet: Vec<char> =
        "0123456789012345.,:;/-+ ()$€zł kr PLN USD TZ:Fri Jan AM PM e E \u{a0}\u{202f}’'%"
            .chars()
            .collect();
    let formats = [
        DateFormat::Iso,
        DateFormat::Dotted,
        DateFormat::Rfc2822,
        DateFormat::MonthFirst,
        DateFormat::DayFirst,
        DateFormat::Pattern("%d.%m.%Y %H:%M".to_string()),
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut detector = DateDetector::new();
    for round in 0..30_000 {
        let len = round % 29;
        let text: String = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                alphabet[(seed % alphabet.len() as u64) as usize]
            })
            .collect();
        for style in [NumberStyle::En, NumberStyle::Pl] {
            let _ = number(&text, style);
        }
        let _ = seconds(&text);
        for format in &formats {
            let _ = parse_stamp(&text, format);
        }
        let _ = detector.feed(&text);
        if round % 100 == 0 {
            let _ = classify(&[text.as_str(), "1"], NumberStyle::Nb);
            let _ = pattern(&text);
            let _ = zone(&text);
        }
    }
    for serial in [
        -1.0,
        0.0,
        59.999_999_9,
        60.5,
        2_958_465.999_999_9,
        1e300,
        f64::INFINITY,
    ] {
        let _ = excel_serial(serial);
        let _ = excel_serial_1904(serial);
    }
    let _ = local_day(
        &Stamp::Exact(Timestamp::MAX),
        &zone("Pacific/Kiritimati").unwrap(),
    );
    let _ = LocalDays::new(zone("America/New_York").unwrap()).day(&Stamp::Exact(Timestamp::MIN));
    let _ = LocalDays::new(zone("Pacific/Kiritimati").unwrap()).day(&Stamp::Exact(Timestamp::MAX));
}

/// Nanoseconds this thread has spent on a CPU (from /proc, so that other
/// processes on the shared machine do not count).
fn cpu_nanos() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Runs `f` over `items` repeatedly for about `rounds` values and prints the
/// rate per CPU second (and per wall second).
fn rate<T>(label: &str, items: &[T], rounds: usize, mut f: impl FnMut(&T) -> u64) {
    // PERF_ONLY=label runs one case, e.g. under `perf stat`.
    if std::env::var("PERF_ONLY").is_ok_and(|only| !label.starts_with(&only)) {
        return;
    }
    let (start, cpu) = (std::time::Instant::now(), cpu_nanos());
    let mut sink = 0u64;
    for _ in 0..rounds / items.len() {
        for item in items {
            sink = sink.wrapping_add(f(std::hint::black_box(item)));
        }
    }
    let (wall, cpu) = (start.elapsed().as_secs_f64(), (cpu_nanos() - cpu) / 1e9);
    let done = (rounds / items.len() * items.len()) as f64;
    println!(
        "{label:<40} {:>6.1} M/s cpu {:>6.1} M/s wall  ({sink})",
        done / cpu / 1e6,
        done / wall / 1e6
    );
}

/// Rates of the hot paths; run with
/// `cargo test --release -- --ignored --nocapture perf`.
#[test]
#[ignore]
fn perf() {
    let n = std::env::var("PERF_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000_000);
    let rfc: Vec<String> = (0..1000)
        .map(|i| {
            let t = Timestamp::from_second(1_767_225_600 + i * 2_591).unwrap();
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .strftime("%a, %d %b %Y %H:%M:%S")
                .to_string()
        })
        .collect();
    let iso: Vec<String> = (0..1000)
        .map(|i| {
            Timestamp::from_second(1_767_225_600 + i * 2_591)
                .unwrap()
                .to_string()
        })
        .collect();
    let warsaw = zone("Europe/Warsaw").unwrap();
    let day = |s: Stamp| local_day(&s, &warsaw).day() as u64;
    rate("parse_stamp RFC 2822 + local_day", &rfc, n, |t| {
        parse_stamp(t, &DateFormat::Rfc2822).map_or(0, day)
    });
    rate("parse_stamp ISO Z + local_day", &iso, n, |t| {
        parse_stamp(t, &DateFormat::Iso).map_or(0, day)
    });
    let mut days = LocalDays::new(warsaw.clone());
    rate("parse_stamp ISO Z + LocalDays", &iso, n, |t| {
        parse_stamp(t, &DateFormat::Iso).map_or(0, |s| days.day(&s).day() as u64)
    });
    rate("parse_stamp ISO Z only", &iso, n, |t| {
        parse_stamp(t, &DateFormat::Iso).map_or(0, |_| 1)
    });
    rate("number 00:02:41", &["00:02:41"], n, |t| {
        number(t, NumberStyle::En).map_or(0, |v| v as u64)
    });
    rate("number 1,234.50", &["1,234.50"], n, |t| {
        number(t, NumberStyle::En).map_or(0, |v| v as u64)
    });
    rate("number $12,400.00", &["$12,400.00"], n, |t| {
        number(t, NumberStyle::En).map_or(0, |v| v as u64)
    });
    rate("number 1 234,50 zł", &["1\u{a0}234,50 zł"], n, |t| {
        number(t, NumberStyle::Pl).map_or(0, |v| v as u64)
    });
    let mut detector = DateDetector::new();
    rate("DateDetector::feed RFC 2822", &rfc, n, |t| {
        u64::from(detector.feed(t).is_ok())
    });
    let pattern = pattern("%a, %d %b %Y %H:%M:%S").unwrap();
    rate("parse_stamp Pattern (jiff strtime)", &rfc, n / 10, |t| {
        parse_stamp(t, &pattern).map_or(0, day)
    });
    let bytes: usize = rfc.iter().map(|s| s.len() + 1).sum();
    println!("RFC 2822 values average {} bytes", bytes / rfc.len());
}
