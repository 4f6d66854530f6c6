//! Tests of SQL sources: the conversions on their own, then [`run`] against a real
//! throw-away PostgreSQL cluster (the e2e suite's harness, included here by path).

use std::time::{Duration, Instant};

use jiff::civil::{Date, date};

use super::value::{self, numeric};
use super::{PgRows, PgValue, line_column, one_line, run};

#[path = "../../../../tests/e2e/pg_server.rs"]
mod pg_server;

use pg_server::PgServer;

/// The first day of the builds in these tests.
const FIRST_DAY: Date = date(2026, 1, 1);

/// The binary form of a NUMERIC: header words, then base-10000 digits.
fn numeric_bytes(weight: i16, sign: u16, scale: u16, digits: &[u16]) -> Vec<u8> {
    let count = u16::try_from(digits.len()).expect("few digits");
    [count, weight as u16, sign, scale]
        .iter()
        .chain(digits)
        .flat_map(|word| word.to_be_bytes())
        .collect()
}

#[test]
fn numeric_decodes_to_the_nearest_f64() {
    let cases: [(i16, u16, &[u16], f64); 8] = [
        (0, 0x0000, &[], 0.0),
        (0, 0x0000, &[91, 5000], 91.5),
        (0, 0x0000, &[1, 2340], 1.234),
        (-1, 0x0000, &[10], 0.001),
        (-2, 0x4000, &[5], -0.0000_0005),
        (1, 0x0000, &[12, 3456], 123_456.0),
        (2, 0x4000, &[1], -100_000_000.0),
        (
            0,
            0x0000,
            &[3, 1415, 9265, 3589, 7932, 3846],
            std::f64::consts::PI,
        ),
    ];
    for (weight, sign, digits, expected) in cases {
        let got = numeric(&numeric_bytes(weight, sign, 4, digits)).expect("a valid NUMERIC");
        assert_eq!(got, expected, "weight {weight}, digits {digits:?}");
    }
}

#[test]
fn numeric_special_values_and_bad_bytes() {
    assert!(
        numeric(&numeric_bytes(0, 0xC000, 0, &[]))
            .expect("NaN")
            .is_nan()
    );
    assert_eq!(
        numeric(&numeric_bytes(0, 0xD000, 0, &[])).expect("+inf"),
        f64::INFINITY
    );
    assert_eq!(
        numeric(&numeric_bytes(0, 0xF000, 0, &[])).expect("-inf"),
        f64::NEG_INFINITY
    );
    assert_eq!(
        numeric(&numeric_bytes(9000, 0, 0, &[1])).expect("huge"),
        f64::INFINITY
    );
    assert!(
        numeric(&numeric_bytes(0, 0x1234, 0, &[1])).is_err(),
        "unknown sign"
    );
    assert!(
        numeric(&numeric_bytes(0, 0, 0, &[10_000])).is_err(),
        "digit over 9999"
    );
    assert!(
        numeric(&[0, 2, 0, 0, 0, 0, 0, 0, 0, 1]).is_err(),
        "fewer digits than counted"
    );
    assert!(numeric(&[0, 0, 0]).is_err(), "short and odd");
}

#[test]
fn dates_and_times_count_from_2000() {
    assert_eq!(value::date(0).expect("epoch"), date(2000, 1, 1));
    assert_eq!(value::date(9497).expect("a day"), date(2026, 1, 1));
    assert_eq!(value::date(-1).expect("before"), date(1999, 12, 31));
    assert!(value::date(i32::MAX).is_err(), "infinity");
    assert!(value::date(4_000_000).is_err(), "year 12951");
    let micros = (9497 * 86_400 + 9 * 3600 + 30 * 60) * 1_000_000 + 7;
    assert_eq!(
        value::local(micros).expect("local"),
        date(2026, 1, 1).at(9, 30, 0, 7_000)
    );
    let exact = value::exact(micros).expect("exact");
    assert_eq!(exact.to_string(), "2026-01-01T09:30:00.000007Z");
    assert!(
        value::local(i64::MIN).is_err() && value::exact(i64::MAX).is_err(),
        "±infinity"
    );
}

#[test]
fn positions_count_characters_by_line() {
    let query = "select x\nfrom żółw\nwhere y";
    assert_eq!(line_column(query, 1), (1, 1));
    assert_eq!(line_column(query, 8), (1, 8));
    assert_eq!(line_column(query, 10), (2, 1));
    assert_eq!(line_column(query, 15), (2, 6));
    assert_eq!(line_column(query, 20), (3, 1));
    assert_eq!(one_line("ERROR: x\n  DETAIL: y\n"), "ERROR: x DETAIL: y");
}

/// The rows of `query` on `server`, panicking with the error.
fn rows(server: &PgServer, query: &str) -> PgRows {
    run(&server.url, query, FIRST_DAY).unwrap_or_else(|err| panic!("{err}\n{query}"))
}

/// The error of `query` on `server`, panicking when it succeeds.
fn error(server: &PgServer, query: &str) -> String {
    match run(&server.url, query, FIRST_DAY) {
        Ok(rows) => panic!("expected an error, got {rows:?}\n{query}"),
        Err(err) => err,
    }
}

/// `Number(x)` for a table of expected rows.
fn n(x: f64) -> PgValue {
    PgValue::Number(x)
}

/// `Text(s)` for a table of expected rows.
fn t(s: &str) -> PgValue {
    PgValue::Text(s.to_string())
}

#[test]
fn the_spec_example_counts_and_sums_per_person_and_day() {
    let Some(server) = PgServer::start() else {
        return;
    };
    server.execute(
        "create table calls(agent_email text, call_day date, handle_ms bigint);
         insert into calls values
           ('ana@tiny.example', '2026-01-05', 61000),
           ('ana@tiny.example', '2026-01-05', 30500),
           ('ana@tiny.example', '2026-01-06', 1234),
           ('bo@tiny.example', '2026-01-05', 45000),
           ('bo@tiny.example', '2025-12-31', 99999),
           ('bo@tiny.example', '2026-01-07', 1),
           ('bo@tiny.example', '2026-01-07', null);",
    );
    let query = "select agent_email as person, call_day as date,
                   count(*) as calls, sum(handle_ms) / 1000.0 as handle_seconds
                 from calls where call_day >= $1 group by 1, 2 order by 1, 2";
    let got = rows(&server, query);
    assert_eq!(got.columns, ["person", "date", "calls", "handle_seconds"]);
    let day = |d| PgValue::Date(date(2026, 1, d));
    // By hand: (61000 + 30500) / 1000 = 91.5; 1234 / 1000 = 1.234; the 2025-12-31 call is
    // before $1; a null handle_ms counts as a call and adds nothing.
    let expected = vec![
        vec![t("ana@tiny.example"), day(5), n(2.0), n(91.5)],
        vec![t("ana@tiny.example"), day(6), n(1.0), n(1.234)],
        vec![t("bo@tiny.example"), day(5), n(1.0), n(45.0)],
        vec![t("bo@tiny.example"), day(7), n(2.0), n(0.001)],
    ];
    assert_eq!(got.rows, expected);
    // An empty result is columns without rows.
    let none = rows(
        &server,
        "select agent_email as person from calls where call_day > $1::date + 365",
    );
    assert_eq!(
        (none.columns, none.rows),
        (vec!["person".to_string()], vec![])
    );
}

#[test]
fn a_query_without_parameters_reads_every_kind_of_value() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let got = rows(
        &server,
        "select 7::int2 as a, -8 as b, 9007199254740993::int8 as c, 0.5::float4 as d,
                1e300::float8 as e, -12.25::numeric(10, 4) as f, 'żółw'::varchar(9) as g,
                'ab'::char(4) as h, 'pg_class'::name as i, true as j, null::int as k,
                null::text as l, date '2026-02-28' as m,
                timestamp '2026-01-05 09:30:00.25' as o,
                timestamptz '2026-01-05 09:30:00+01' as p",
    );
    let expected = vec![
        n(7.0),
        n(-8.0),
        n(9_007_199_254_740_992.0),
        n(0.5),
        n(1e300),
        n(-12.25),
        t("żółw"),
        t("ab"),
        t("pg_class"),
        t("true"),
        PgValue::Null,
        PgValue::Null,
        PgValue::Date(date(2026, 2, 28)),
        PgValue::Local(date(2026, 1, 5).at(9, 30, 0, 250_000_000)),
        PgValue::Exact("2026-01-05T08:30:00Z".parse().expect("a timestamp")),
    ];
    assert_eq!(got.rows, vec![expected]);
}

#[test]
fn the_first_day_binds_as_the_type_the_server_infers() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let got = rows(
        &server,
        "select $1::date as a, $1::timestamp as b, $1::text as c",
    );
    let local = date(2026, 1, 1).at(0, 0, 0, 0);
    assert_eq!(
        got.rows,
        vec![vec![
            PgValue::Date(FIRST_DAY),
            PgValue::Local(local),
            t("2026-01-01")
        ]]
    );
    // timestamptz: midnight in the session's time zone, as psql would read '2026-01-01'.
    let warsaw = format!("{}?options=-c%20TimeZone%3DEurope%2FWarsaw", server.url);
    let got = run(&warsaw, "select $1::timestamptz as at", FIRST_DAY).expect("timestamptz");
    let at = "2025-12-31T23:00:00Z".parse().expect("a timestamp");
    assert_eq!(got.rows, vec![vec![PgValue::Exact(at)]]);
    // Compared with a timestamptz column, $1 is inferred as one.
    server.execute(
        "create table events(at timestamptz);
         insert into events values ('2025-12-31 23:59:59+00'), ('2026-01-01 00:00:00+00');",
    );
    let got = rows(&server, "select at from events where at >= $1");
    let midnight = "2026-01-01T00:00:00Z".parse().expect("a timestamp");
    assert_eq!(got.rows, vec![vec![PgValue::Exact(midnight)]]);
}

#[test]
fn parameters_pulsebook_cannot_bind_are_errors() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let err = error(&server, "select $1::date as a, $2::date as b");
    assert!(
        err.contains("2 parameters") && err.contains("only $1"),
        "{err}"
    );
    let err = error(&server, "select $1 + 1 as x");
    assert!(
        err.contains("$1 is of type int4") && err.contains("$1::date"),
        "{err}"
    );
}

#[test]
fn query_errors_give_the_servers_message_and_position() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let err = error(&server, "select person,\n  count(*) from nowhere");
    assert_eq!(
        err,
        "the query failed: relation \"nowhere\" does not exist (line 2, column 17 of the query)"
    );
    let err = error(&server, "select 1 as x form calls");
    assert!(
        err.ends_with("syntax error at or near \"form\" (line 1, column 15 of the query)"),
        "{err}"
    );
    server.execute("create table calls(call_day date)");
    let err = error(&server, "select call_dya from calls");
    assert!(
        err.contains("column \"call_dya\" does not exist") && err.contains("hint: Perhaps"),
        "{err}"
    );
    // The query runs read-only: a book never changes the warehouse.
    let err = error(&server, "delete from calls returning call_day");
    assert!(err.contains("read-only transaction"), "{err}");
    let err = error(&server, "select 1 as a; select 2 as b");
    assert!(err.contains("multiple commands"), "{err}");
}

#[test]
fn unsupported_types_and_values_name_the_column() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let err = error(&server, "select 1 as ok, '{}'::jsonb as x");
    assert_eq!(
        err,
        "the query's column `x` is of type jsonb, which pulsebook does not read: cast it in the \
         query, e.g. `x::text` or `x::numeric`"
    );
    let err = error(&server, "select interval '90 seconds' as handle_time");
    assert!(err.contains("`extract(epoch from handle_time)`"), "{err}");
    let err = error(
        &server,
        "select x as n from (values (1.5::numeric), ('NaN')) v(x)",
    );
    assert_eq!(
        err,
        "the query's column `n`, row 2: NaN is not a number pulsebook can use"
    );
    let err = error(&server, "select 'infinity'::date as d");
    assert!(
        err.starts_with("the query's column `d`, row 1: an infinite date"),
        "{err}"
    );
}

#[test]
fn connection_errors_name_the_server_not_the_password() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let started = Instant::now();
    let url = format!("postgres://ana:s3cret@127.0.0.1:{port}/warehouse");
    let err = run(&url, "select 1", FIRST_DAY).expect_err("nothing listens there");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        err.starts_with(&format!(
            "cannot connect to PostgreSQL at 127.0.0.1:{port} (user ana, database warehouse): "
        )),
        "{err}"
    );
    assert!(err.contains("refused") && !err.contains("s3cret"), "{err}");
    let key_value = format!("host=localhost,127.0.0.1 port={port} password=s3cret");
    let err = run(&key_value, "select 1", FIRST_DAY).expect_err("nothing listens there");
    let at = format!("cannot connect to PostgreSQL at localhost:{port}, 127.0.0.1:{port}: ");
    assert!(err.starts_with(&at) && !err.contains("s3cret"), "{err}");
    let err = run(
        "postgres://a:s3cret@h/d?sslmode=verify-full",
        "select 1",
        FIRST_DAY,
    )
    .expect_err("sslmode");
    assert_eq!(
        err,
        "the PostgreSQL connection string is not valid: invalid value for option `sslmode` \
         (pulsebook knows sslmode disable, prefer and require)"
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    // Connections to this listener open (the kernel accepts them) but nothing answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let started = Instant::now();
    let url = format!("postgres://ana@127.0.0.1:{port}/warehouse?connect_timeout=1");
    let err = run(&url, "select 1", FIRST_DAY).expect_err("no answer");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert_eq!(
        err,
        format!(
            "cannot connect to PostgreSQL at 127.0.0.1:{port} (user ana, database warehouse): \
             no answer within 1 s"
        )
    );
}

#[test]
fn sockets_and_tls_connect_as_libpq_would() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let query = "select ssl as tls from pg_stat_ssl where pid = pg_backend_pid()";
    let socket = format!(
        "host={} port={} user=pulsebook dbname=postgres",
        server.dir.display(),
        server.port
    );
    assert_eq!(
        rows(&server, query).rows,
        vec![vec![t("false")]],
        "prefer, TLS off: plain"
    );
    assert_eq!(
        run(&socket, query, FIRST_DAY).map(|r| r.rows),
        Ok(vec![vec![t("false")]])
    );
    let no_host = format!("port={} user=pulsebook dbname=postgres", server.port);
    let err = run(&no_host, query, FIRST_DAY).expect_err("not in the default socket folders");
    assert!(
        err.contains(&format!(
            "/.s.PGSQL.{} (user pulsebook, database postgres)",
            server.port
        )),
        "{err}"
    );
    let require = format!("{}?sslmode=require", server.url);
    let err = run(&require, query, FIRST_DAY).expect_err("TLS is off");
    assert!(err.contains("server does not support TLS"), "{err}");
    server.enable_tls();
    assert_eq!(
        run(&require, query, FIRST_DAY).map(|r| r.rows),
        Ok(vec![vec![t("true")]])
    );
    assert_eq!(
        rows(&server, query).rows,
        vec![vec![t("true")]],
        "prefer, TLS on: TLS"
    );
    let disable = format!("{}?sslmode=disable", server.url);
    assert_eq!(
        run(&disable, query, FIRST_DAY).map(|r| r.rows),
        Ok(vec![vec![t("false")]])
    );
}
