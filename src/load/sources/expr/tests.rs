use super::node::{Lit, Node};
use super::*;
use jiff::civil::{Date, date};

/// A record for tests: its cells, read by simple rules.
struct Row<'a> {
    /// The cells by column.
    cells: Vec<Cell<'a>>,
}

/// Test number reading: `$`, `,` and spaces ignored, `H:MM:SS`/`MM:SS` as seconds.
fn parse_number(s: &str) -> Result<f64, String> {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | ' '))
        .collect();
    if cleaned.contains(':') {
        return parse_seconds(&cleaned);
    }
    cleaned
        .parse()
        .map_err(|_| format!("cannot read `{s}` as a number"))
}

/// Test duration reading: `H:MM:SS`, `MM:SS` or seconds.
fn parse_seconds(s: &str) -> Result<f64, String> {
    let mut total = 0.0;
    for part in s.trim().split(':') {
        let n: f64 = part
            .parse()
            .map_err(|_| format!("cannot read `{s}` as a duration"))?;
        total = total * 60.0 + n;
    }
    Ok(total)
}

impl Env for Row<'_> {
    fn cell(&self, column: usize) -> Cell<'_> {
        self.cells.get(column).copied().unwrap_or(Cell::Empty)
    }
    fn number(&self, cell: Cell<'_>) -> Result<f64, String> {
        match cell {
            Cell::Text(s) => parse_number(s),
            Cell::Number(n) => Ok(n),
            other => Err(format!("cannot read {other:?} as a number")),
        }
    }
    fn seconds(&self, cell: Cell<'_>) -> Result<f64, String> {
        match cell {
            Cell::Text(s) => parse_seconds(s),
            Cell::Number(n) => Ok(n),
            other => Err(format!("cannot read {other:?} as a duration")),
        }
    }
    fn day(&self, _: Option<usize>, cell: Cell<'_>) -> Result<Date, String> {
        match cell {
            Cell::Text(s) => s
                .get(..10)
                .and_then(|d| d.parse().ok())
                .ok_or_else(|| format!("cannot read `{s}` as a date")),
            Cell::DateTime(dt) => Ok(dt.date()),
            other => Err(format!("cannot read {other:?} as a date")),
        }
    }
}

/// Text cells; "" is an empty cell.
fn row<'a>(values: &[&'a str]) -> Row<'a> {
    let cells = values
        .iter()
        .map(|v| {
            if v.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(v)
            }
        })
        .collect();
    Row { cells }
}

/// Compiles or panics with the error.
fn expr(text: &str, header: &[&str]) -> Expr {
    compile(text, header).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// `where` over a row of text cells.
fn test(text: &str, header: &[&str], values: &[&str]) -> bool {
    expr(text, header)
        .test(&row(values))
        .unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// `sum` over a row of text cells.
fn number(text: &str, header: &[&str], values: &[&str]) -> Option<f64> {
    expr(text, header)
        .number(&row(values))
        .unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// A condition with no columns.
fn holds(text: &str) -> bool {
    test(text, &[], &[])
}

/// The error of a text that must not compile.
fn compile_error(text: &str, header: &[&str]) -> ExprError {
    match compile(text, header) {
        Ok(e) => panic!("{text} compiled: {e:?}"),
        Err(e) => e,
    }
}

/// The text an error points at.
fn pointed<'t>(text: &'t str, e: &ExprError) -> &'t str {
    &text[e.offset..e.offset + e.len]
}

const FIVE9: [&str; 6] = [
    "TALK TIME",
    "HOLD TIME",
    "AFTER CALL WORK TIME",
    "CALL TYPE",
    "ABANDONED",
    "QUEUE WAIT TIME",
];

#[test]
fn preset_deal_stage_in_won_stages() {
    let h = ["Deal Stage", "Amount"];
    let t = "\"Deal Stage\" IN ('Closed Won', 'Won')";
    assert!(test(t, &h, &["Closed Won", "1"]));
    assert!(test(t, &h, &["Won", "1"]));
    assert!(!test(t, &h, &["closed won", "1"]));
    assert!(!test(t, &h, &["Closed Lost", "1"]));
    assert!(!test(t, &h, &["", "1"]));
    assert_eq!(expr(t, &h).columns(), [0]);
}

#[test]
fn preset_talk_time_positive_reads_durations() {
    let t = "\"TALK TIME\" > 0";
    assert!(test(t, &FIVE9, &["00:02:41"]));
    assert!(!test(t, &FIVE9, &["00:00:00"]));
    assert!(!test(t, &FIVE9, &[""]));
    assert!(test(t, &FIVE9, &["12"]));
}

#[test]
fn preset_handle_seconds_sums_durations() {
    let t = "\"TALK TIME\" + \"HOLD TIME\" + \"AFTER CALL WORK TIME\"";
    let e = expr(t, &FIVE9);
    assert_eq!(e.columns(), [0, 1, 2]);
    let r = row(&["00:02:41", "0:00:10", "00:01:00"]);
    assert_eq!(e.number(&r), Ok(Some(161.0 + 10.0 + 60.0)));
    // An empty cell makes the sum NULL, which the caller counts as 0.
    assert_eq!(number(t, &FIVE9, &["00:02:41", "", "1"]), None);
}

#[test]
fn preset_call_type_inbound() {
    let t = "\"CALL TYPE\" = 'Inbound'";
    assert!(test(t, &FIVE9, &["", "", "", "Inbound"]));
    assert!(!test(t, &FIVE9, &["", "", "", "inbound"]));
    assert!(!test(t, &FIVE9, &["", "", "", "Outbound"]));
}

#[test]
fn preset_abandoned_is_one() {
    let t = "ABANDONED = 1";
    assert!(test(t, &FIVE9, &["", "", "", "", "1"]));
    assert!(!test(t, &FIVE9, &["", "", "", "", "0"]));
    assert!(!test(t, &FIVE9, &["", "", "", "", ""]));
    let xlsx = Row {
        cells: vec![
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Bool(true),
        ],
    };
    assert_eq!(expr(t, &FIVE9).test(&xlsx), Ok(true));
}

#[test]
fn preset_days_between_create_and_close() {
    let h = ["Create Date", "Close Date"];
    let t = "days_between(\"Create Date\", \"Close Date\")";
    assert_eq!(
        number(t, &h, &["2026-01-10", "2026-03-02 10:00"]),
        Some(51.0)
    );
    assert_eq!(number(t, &h, &["2026-03-02", "2026-03-01"]), Some(-1.0));
    assert_eq!(number(t, &h, &["2026-03-02", ""]), None);
    let xlsx = Row {
        cells: vec![
            Cell::DateTime(date(2026, 2, 27).at(23, 59, 0, 0)),
            Cell::DateTime(date(2026, 3, 1).at(0, 1, 0, 0)),
        ],
    };
    assert_eq!(expr(t, &h).number(&xlsx), Ok(Some(2.0)));
}

#[test]
fn preset_aircall_answered_inbound() {
    let h = ["answered", "direction", "user"];
    let t = "answered = 'Yes' AND direction = 'inbound'";
    assert!(test(t, &h, &["Yes", "inbound", "x"]));
    assert!(!test(t, &h, &["No", "inbound", "x"]));
    assert!(!test(t, &h, &["Yes", "outbound", "x"]));
    assert!(!test(t, &h, &["", "inbound", "x"]));
    assert_eq!(expr(t, &h).columns(), [0, 1]);
    // Words that are keywords or functions elsewhere are columns here.
    assert!(test(
        "user IS NULL AND direction = 'inbound'",
        &h,
        &["No", "inbound", ""]
    ));
}

#[test]
fn bare_names_ignore_case_and_exact_match_wins() {
    let h = ["Amount", "amount", "Stage"];
    assert_eq!(expr("Amount", &h).columns(), [0]);
    assert_eq!(expr("amount", &h).columns(), [1]);
    assert_eq!(expr("STAGE", &h).columns(), [2]);
    assert_eq!(expr("\"stage\"", &h).columns(), [2]);
    let e = compile_error("AMOUNT > 1", &h);
    assert!(e.message.contains("matches several columns"), "{e:?}");
    assert_eq!((e.offset, e.len), (0, 6));
    let e = compile_error("a = 1", &["a", "a"]);
    assert!(
        e.hint.as_deref().is_some_and(|h| h.contains("repeats")),
        "{e:?}"
    );
}

#[test]
fn dotted_names_are_one_column() {
    let h = ["owner.email"];
    assert!(test("owner.email = 'a@b.c'", &h, &["a@b.c"]));
}

#[test]
fn unknown_column_points_at_the_name_with_closest() {
    let text = "\"TALK TIM\" > 0";
    let e = compile_error(text, &FIVE9);
    assert_eq!(e.message, "unknown column `TALK TIM`");
    assert_eq!(e.hint.as_deref(), Some("did you mean `TALK TIME`?"));
    assert_eq!((e.offset, e.len), (0, 10));
    let text = "ABANDONED = 1 AND talk_time > 0";
    let e = compile_error(text, &FIVE9);
    assert_eq!(pointed(text, &e), "talk_time");
    assert_eq!(e.hint.as_deref(), Some("did you mean `TALK TIME`?"));
}

#[test]
fn unknown_column_without_a_close_name() {
    let text = "direction = \"inbound\"";
    let e = compile_error(text, &["direction", "user"]);
    assert_eq!(pointed(text, &e), "\"inbound\"");
    assert!(
        e.hint
            .as_deref()
            .is_some_and(|h| h.contains("single quotes")),
        "{e:?}"
    );
    let e = compile_error("zzz", &["direction", "user"]);
    assert_eq!(
        e.hint.as_deref(),
        Some("the columns are `direction`, `user`")
    );
}

#[test]
fn offsets_are_bytes_across_lines_and_accents() {
    let text = "\"Właściciel\" = 'Zoé'\n  AND \"Étap\" = 'x'";
    let e = compile_error(text, &["Właściciel", "Etap transakcji"]);
    assert_eq!(pointed(text, &e), "\"Étap\"");
}

#[test]
fn arithmetic_and_unary_minus() {
    let h = ["a", "b"];
    assert_eq!(number("a + b * 2", &h, &["1", "3"]), Some(7.0));
    assert_eq!(number("(a + b) * 2", &h, &["1", "3"]), Some(8.0));
    assert_eq!(number("a - b", &h, &["1", "3"]), Some(-2.0));
    assert_eq!(number("-a / 4", &h, &["$1,000", "3"]), Some(-250.0));
    assert_eq!(number("+a", &h, &["5", "3"]), Some(5.0));
    assert_eq!(number("a / b", &h, &["1", "0"]), None);
    assert_eq!(number("a / 0", &h, &["1", "0"]), None);
    assert_eq!(number("a * NULL", &h, &["1", "0"]), None);
}

#[test]
fn comparisons() {
    let h = ["n", "s"];
    let r = ["10", "b"];
    for (t, want) in [
        ("n = 10", true),
        ("n <> 10", false),
        ("n != 9", true),
        ("n < 9.5", false),
        ("n <= 10", true),
        ("n > -1", true),
        ("n >= 11", false),
        ("s > 'a'", true),
        ("s < 'B'", false),
        ("s = 'b'", true),
        ("n = '10'", true),
        ("n = '10.0'", false),
    ] {
        assert_eq!(test(t, &h, &r), want, "{t}");
    }
}

#[test]
fn logic_with_nulls() {
    for (t, want) in [
        ("TRUE AND NULL", false),
        ("NOT (TRUE AND NULL)", false),
        ("FALSE AND NULL", false),
        ("NOT (FALSE AND NULL)", true),
        ("TRUE OR NULL", true),
        ("NOT (FALSE OR NULL)", false),
        ("NOT NULL", false),
        ("NOT FALSE", true),
        ("NULL = NULL", false),
        ("NULL IS NULL", true),
        ("1 IS NOT NULL", true),
    ] {
        assert_eq!(holds(t), want, "{t}");
    }
    let h = ["a", "b"];
    assert!(!test("a = 1 OR b = 2", &h, &["", ""]));
    assert!(test("a = 1 OR b = 2", &h, &["", "2"]));
    assert!(test("NOT (a = 1) OR a IS NULL", &h, &["", ""]));
    assert!(test("a IS NULL AND b IS NOT NULL", &h, &["", "x"]));
}

#[test]
fn in_lists_with_nulls() {
    let h = ["s", "n"];
    assert!(test("s IN ('a', 'b')", &h, &["b", "1"]));
    assert!(!test("s IN ('a', 'b')", &h, &["c", "1"]));
    assert!(test("s NOT IN ('a', 'b')", &h, &["c", "1"]));
    assert!(!test("s NOT IN ('a', 'b')", &h, &["", "1"]));
    // No match and a NULL in the list: NULL, so NOT IN is not true either.
    assert!(!test("s NOT IN ('a', NULL)", &h, &["c", "1"]));
    assert!(test("s IN ('a', NULL, 'c')", &h, &["c", "1"]));
    assert!(test("n IN (1, 2, 3)", &h, &["c", "2.0"]));
    assert!(test("n IN (s, 2)", &h, &["c", "2"]));
}

#[test]
fn like_patterns() {
    let h = ["s"];
    for (t, s, want) in [
        ("s LIKE 'Closed%'", "Closed Won", true),
        ("s LIKE 'Closed%'", "closed won", false),
        ("s LIKE '%Won'", "Closed Won", true),
        ("s LIKE '%o%o%'", "Closed Won", true),
        ("s LIKE 'C_osed Won'", "Closed Won", true),
        ("s LIKE 'C_osed'", "Closed Won", false),
        ("s LIKE '%'", "x", true),
        ("s LIKE ''", "x", false),
        ("s LIKE '100\\%'", "100%", true),
        ("s LIKE '100\\%'", "1000", false),
        ("s LIKE '100!%' ESCAPE '!'", "100%", true),
        ("s NOT LIKE '%Lost%'", "Closed Won", true),
        ("lower(s) LIKE '%won'", "Closed WON", true),
        ("s LIKE '%ó_'", "Właściciel żół", true),
        ("s LIKE '%ł_'", "Właściciel żół", false),
        (
            "s LIKE 'a%a%a%a%a%b'",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            false,
        ),
    ] {
        assert_eq!(test(t, &h, &[s]), want, "{t} on {s}");
    }
    assert!(!test("s LIKE '%' OR s NOT LIKE '%'", &h, &[""]));
}

#[test]
fn case_expressions() {
    let h = ["stage", "amount"];
    let t = "CASE WHEN stage = 'Won' THEN amount WHEN stage = 'Lost' THEN 0 ELSE NULL END";
    assert_eq!(number(t, &h, &["Won", "12"]), Some(12.0));
    assert_eq!(number(t, &h, &["Lost", "12"]), Some(0.0));
    assert_eq!(number(t, &h, &["Open", "12"]), None);
    let t = "CASE stage WHEN 'Won' THEN 1 WHEN 'Lost' THEN -1 END";
    assert_eq!(number(t, &h, &["Lost", "12"]), Some(-1.0));
    assert_eq!(number(t, &h, &["", "12"]), None);
    let t = "CASE WHEN amount > 10 THEN 'big' ELSE 'small' END = 'big'";
    assert!(test(t, &h, &["", "12"]));
    // A NULL condition does not take its branch.
    assert_eq!(
        number("CASE WHEN amount > 1 THEN 1 ELSE 2 END", &h, &["", ""]),
        Some(2.0)
    );
}

#[test]
fn functions() {
    let h = ["s", "t", "d"];
    assert!(test("lower(s) = 'inbound'", &h, &["InBound", "", ""]));
    assert!(test("LOWER(s) = 'żółw'", &h, &["ŻÓŁW", "", ""]));
    assert!(test("trim(s) = 'x'", &h, &["  x \t", "", ""]));
    assert!(test("lower(trim(s)) = 'x y'", &h, &[" X Y ", "", ""]));
    assert!(test("coalesce(s, t) = 'b'", &h, &["", "b", ""]));
    assert_eq!(number("coalesce(s, t, 0)", &h, &["", "", ""]), Some(0.0));
    assert_eq!(number("coalesce(s, t, 0)", &h, &["", "7", ""]), Some(7.0));
    assert_eq!(number("seconds(d)", &h, &["", "", "1:02:03"]), Some(3723.0));
    assert_eq!(number("seconds(d)", &h, &["", "", "02:03"]), Some(123.0));
    assert_eq!(number("seconds(d)", &h, &["", "", "45"]), Some(45.0));
    assert_eq!(number("seconds(d)", &h, &["", "", ""]), None);
    assert_eq!(
        number("seconds('00:01:00') * 2", &h, &["", "", ""]),
        Some(120.0)
    );
    assert_eq!(
        number("days_between('2026-01-01', d)", &h, &["", "", "2026-02-01"]),
        Some(31.0)
    );
    assert!(test("lower(s) IS NULL", &h, &["", "", ""]));
}

#[test]
fn literals() {
    assert!(holds("TRUE"));
    assert!(!holds("FALSE"));
    assert!(!holds("NULL"));
    assert!(holds("'it''s' = 'it''s'"));
    assert!(holds("1.5e3 = 1500"));
    assert_eq!(number("NULL", &[], &[]), None);
}

#[test]
fn constant_parts_are_folded() {
    let root = |t: &str| expr(t, &["a"]).root;
    assert_eq!(root("1 + 2 * 3"), Node::Lit(Lit::Num(7.0)));
    assert_eq!(root("-5"), Node::Lit(Lit::Num(-5.0)));
    assert_eq!(root("lower('ABC')"), Node::Lit(Lit::Str("abc".into())));
    assert_eq!(root("'a' IN ('b', 'a')"), Node::Lit(Lit::Bool(true)));
    assert_eq!(
        root("a > 60 * 2"),
        Node::Cmp(
            super::node::Cmp::Gt,
            Box::new(Node::Column(0)),
            Box::new(Node::Lit(Lit::Num(120.0)))
        )
    );
}

#[test]
fn cells_stored_as_numbers_bools_and_dates() {
    let h = ["n", "b", "d", "s"];
    let dt = date(2026, 3, 2).at(8, 31, 59, 0);
    let r = Row {
        cells: vec![
            Cell::Number(1234.5),
            Cell::Bool(true),
            Cell::DateTime(dt),
            Cell::Text("1234.5"),
        ],
    };
    let check = |t: &str| {
        expr(t, &h)
            .test(&r)
            .unwrap_or_else(|e| panic!("{t}: {e:?}"))
    };
    assert!(check("n = 1234.5"));
    assert!(check("n = '1234.5'"));
    assert!(check("n LIKE '1234%'"));
    assert!(check("n = s"));
    assert!(check("b"));
    assert!(check("b = TRUE"));
    assert!(check("b = 'yes'"));
    assert!(check("b = 1"));
    assert!(check("NOT b = FALSE"));
    assert!(check("d = '2026-03-02'"));
    assert!(check("d < '2026-03-03'"));
    assert_eq!(expr("n + b", &h).number(&r), Ok(Some(1235.5)));
    let e = expr("d + 1", &h).number(&r).unwrap_err();
    assert_eq!(e.column, Some(2));
    // A date against a text cell reads both as days.
    let e = expr("d > s", &h).test(&r).unwrap_err();
    assert_eq!(e.column, Some(3));
}

#[test]
fn columns_compared_as_numbers_else_text() {
    let h = ["a", "b"];
    assert!(test("a < b", &h, &["9", "10"]));
    assert!(test("a = b", &h, &["$1,000", "1000"]));
    assert!(!test("a < b", &h, &["x9", "x10"]));
    assert!(test("a = b", &h, &["Won", "Won"]));
}

#[test]
fn unreadable_cells_name_their_column() {
    let h = ["a", "b"];
    let e = expr("a + b", &h).number(&row(&["1", "n/a"])).unwrap_err();
    assert_eq!(e.column, Some(1));
    assert_eq!(e.message, "cannot read `n/a` as a number");
    let e = expr("b > 0", &h).test(&row(&["1", "n/a"])).unwrap_err();
    assert_eq!(e.column, Some(1));
    let e = expr("seconds(a)", &h).number(&row(&["x", ""])).unwrap_err();
    assert_eq!(e.column, Some(0));
    let e = expr("days_between(a, b)", &h)
        .number(&row(&["x", "2026-01-01"]))
        .unwrap_err();
    assert_eq!(e.column, Some(0));
    let e = expr("a", &h).test(&row(&["maybe", ""])).unwrap_err();
    assert_eq!(
        (e.column, e.message.as_str()),
        (Some(0), "`maybe` is not true or false")
    );
}

#[test]
fn truth_words_as_conditions() {
    let h = ["a"];
    for (v, want) in [
        ("Yes", true),
        ("no", false),
        ("TRUE", true),
        ("0", false),
        ("", false),
    ] {
        assert_eq!(test("a", &h, &[v]), want, "{v}");
    }
}

#[test]
fn unsupported_syntax_points_at_the_part() {
    let h = ["a", "b"];
    for (text, at, says) in [
        ("a::int > 1", "a::int", "casts"),
        ("CAST(a AS int) > 1", "CAST(a AS int)", "casts"),
        ("b > a::int", "a::int", "casts"),
        ("a % 2 = 0", "%", "operator `%`"),
        ("a || b = 'x'", "||", "operator `||`"),
        ("a IN (SELECT 1)", "a IN (SELECT 1)", "subqueries"),
        ("upper(a) = 'X'", "upper", "unknown function `upper`"),
        ("a ILIKE 'x%'", "a ILIKE 'x%'", "ILIKE"),
        ("a BETWEEN 1 AND 2", "a BETWEEN 1 AND 2", "BETWEEN"),
        ("count(DISTINCT a) > 1", "count", "unknown function"),
        (
            "lower(DISTINCT a) = 'x'",
            "lower(DISTINCT a)",
            "is not supported",
        ),
        ("a = 1 b", "b", "unexpected `b`"),
        ("a = 'x", "'x", "unterminated"),
        ("a = $1", "$1", "parameters"),
        ("a = ", "", "expected an expression at the end"),
        ("a = (1", "", "expected"),
        ("", "", "empty"),
        ("a = E'x'", "E'x'", "not supported"),
    ] {
        let e = compile_error(text, &h);
        assert_eq!(pointed(text, &e), at, "{text}: {e:?}");
        assert!(e.message.contains(says), "{text}: {e:?}");
    }
}

#[test]
fn supported_list_is_the_hint() {
    let e = compile_error("a % 2 = 0", &["a"]);
    assert!(
        e.hint
            .as_deref()
            .is_some_and(|h| h.contains("days_between")),
        "{e:?}"
    );
    let e = compile_error("lowr(a) = 'x'", &["a"]);
    assert!(
        e.hint
            .as_deref()
            .is_some_and(|h| h.starts_with("did you mean `lower`?")),
        "{e:?}"
    );
}

#[test]
fn type_errors_at_compile_time() {
    let h = ["a"];
    for (text, at) in [
        ("lower(1) = 'x'", "1"),
        ("'x' + 1", "'x'"),
        ("a + (a > 1)", "(a > 1)"),
        ("a > 1 AND 5", "5"),
        ("NOT 'x'", "'x'"),
        ("a + 1 = 'x'", "="),
        ("days_between(1, a)", "1"),
        ("seconds(a = 1)", "a = 1"),
        ("a LIKE 1", "1"),
        ("CASE WHEN a = 1 THEN 1 ELSE 'x' END", "'x'"),
        ("coalesce(a, 1, 'x')", "'x'"),
        ("CASE WHEN a THEN 1 WHEN 2 THEN 2 END", "2"),
        ("lower(a, a)", "lower(a, a)"),
        ("coalesce()", "coalesce()"),
        ("days_between(a)", "days_between(a)"),
        ("-'x'", "'x'"),
        ("a IS NULL = 1", "="),
    ] {
        let e = compile_error(text, &h);
        assert_eq!(pointed(text, &e), at, "{text}: {e:?}");
    }
}

#[test]
fn where_and_sum_check_their_kind() {
    let h = ["TALK TIME", "s"];
    let e = compile_condition("\"TALK TIME\"  + 1 ", &h).unwrap_err();
    assert_eq!((e.offset, e.len), (0, 16));
    assert!(
        e.hint.as_deref().is_some_and(|h| h.contains("> 0")),
        "{e:?}"
    );
    let e = compile_number("s = 'x'", &h).unwrap_err();
    assert!(e.message.contains("condition"), "{e:?}");
    assert!(compile_condition("s", &h).is_ok());
    assert!(compile_number("s", &h).is_ok());
    assert!(expr("s = 'x'", &h).is_condition());
    assert!(!expr("s", &h).is_condition());
}

#[test]
fn deep_or_long_texts_are_errors_not_crashes() {
    let deep = format!("{}1{}", "(".repeat(500), ")".repeat(500));
    assert!(
        compile_error(&deep, &[])
            .message
            .contains("nested too deeply")
    );
    let chain = vec!["a"; 800].join(" + ");
    assert!(
        compile_error(&chain, &["a"])
            .message
            .contains("nested too deeply")
    );
    let long = vec!["a"; 5_000].join(" + ");
    assert!(compile_error(&long, &["a"]).message.contains("too long"));
    let ok = vec!["a"; 90].join(" + ");
    assert_eq!(number(&ok, &["a"], &["1"]), Some(90.0));
}

/// Evaluations per second (millions) of `f`, run `n` times.
fn rate(n: u32, mut f: impl FnMut() -> f64) -> (f64, f64) {
    let start = std::time::Instant::now();
    let mut total = 0.0;
    for _ in 0..n {
        total += f();
    }
    let per_second = f64::from(n) / start.elapsed().as_secs_f64() / 1e6;
    (per_second, total)
}

/// A trivial environment: fixed cells; text read as `HH:MM:SS` by a minimal parser.
struct Fixed(Vec<Cell<'static>>);

impl Env for Fixed {
    fn cell(&self, column: usize) -> Cell<'_> {
        self.0[column]
    }
    fn number(&self, cell: Cell<'_>) -> Result<f64, String> {
        match cell {
            Cell::Text(s) => {
                let b = s.as_bytes();
                let d = |i: usize| f64::from(b[i] - b'0');
                let (h, m, s) = (d(0) * 10.0 + d(1), d(3) * 10.0 + d(4), d(6) * 10.0 + d(7));
                Ok(h * 3600.0 + m * 60.0 + s)
            }
            Cell::Number(n) => Ok(n),
            _ => Err(String::new()),
        }
    }
    fn seconds(&self, cell: Cell<'_>) -> Result<f64, String> {
        self.number(cell)
    }
    fn day(&self, _: Option<usize>, _: Cell<'_>) -> Result<Date, String> {
        Err(String::new())
    }
}

/// `cargo test --release -- --ignored --nocapture eval_rate` prints evaluations per
/// second of the handle-time sum with a trivial environment, beside the same work
/// written by hand (for scale on a busy machine). `EXPR_BENCH_N` sets the count.
#[test]
#[ignore]
fn eval_rate() {
    let n: u32 = std::env::var("EXPR_BENCH_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000_000);
    let sum = expr(
        "\"TALK TIME\" + \"HOLD TIME\" + \"AFTER CALL WORK TIME\"",
        &FIVE9,
    );
    let cond = expr(
        "\"CALL TYPE\" IN ('Inbound', 'Outbound') AND \"TALK TIME\" > 0",
        &FIVE9,
    );
    let numbers = Fixed(vec![
        Cell::Number(161.0),
        Cell::Number(10.0),
        Cell::Number(60.0),
    ]);
    let texts = Fixed(vec![
        Cell::Text("00:02:41"),
        Cell::Text("00:00:10"),
        Cell::Text("00:01:00"),
        Cell::Text("Inbound"),
    ]);
    for (name, env) in [("number", &numbers), ("H:MM:SS text", &texts)] {
        let env: &dyn Env = std::hint::black_box(env);
        let (expr_rate, total) = rate(n, || {
            let e = std::hint::black_box(&sum);
            e.number(env).ok().flatten().unwrap_or(0.0)
        });
        assert_eq!(total, 231.0 * f64::from(n));
        let (hand_rate, total) = rate(n, || {
            let read = |c| env.number(env.cell(c)).unwrap_or(0.0);
            read(0) + read(1) + read(2)
        });
        assert_eq!(total, 231.0 * f64::from(n));
        println!("sum of three {name} cells: {expr_rate:.1} M/s (by hand {hand_rate:.1} M/s)");
    }
    let env: &dyn Env = std::hint::black_box(&texts);
    let (cond_rate, total) = rate(n, || {
        let c = std::hint::black_box(&cond);
        f64::from(u8::from(c.test(env).unwrap_or(false)))
    });
    assert_eq!(total, f64::from(n));
    println!("IN list AND duration > 0: {cond_rate:.1} M/s");
    // More of the common paths (run under valgrind: allocations must not grow with n).
    for text in [
        "\"CALL TYPE\" = 'Inbound'",
        "lower(\"CALL TYPE\") = 'inbound'",
        "trim(\"CALL TYPE\") = 'Inbound'",
        "\"CALL TYPE\" LIKE 'In%'",
        "\"CALL TYPE\" NOT IN ('Outbound', 'Manual')",
        "coalesce(\"TALK TIME\", 0) > 0",
        "seconds(\"TALK TIME\") + seconds(\"HOLD TIME\") > 60",
        "CASE WHEN \"CALL TYPE\" = 'Inbound' THEN \"TALK TIME\" ELSE 0 END > 1",
    ] {
        let e = expr(text, &FIVE9);
        let (r, total) = rate(n / 5, || f64::from(u8::from(e.test(env).unwrap_or(false))));
        assert_eq!(total, f64::from(n / 5), "{text}");
        println!("{text}: {r:.1} M/s");
    }
}
