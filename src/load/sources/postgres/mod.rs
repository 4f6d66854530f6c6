//! SQL sources on PostgreSQL: connect with a connection string from the environment, run
//! the source's query with `$1` bound to the first day the build shows, and return its rows
//! as plain values for the loader.
//!
//! - The synchronous `postgres` client (its own small tokio runtime inside); no libpq.
//! - The query runs in a read-only transaction: a book can read the warehouse, never
//!   change it.
//! - `$1`'s type is whatever the server infers (date, timestamp, timestamptz or text);
//!   the day goes as text (`2026-01-01`) and the server reads it as that type, so a
//!   timestamptz is midnight in the session's time zone, as in `psql`.
//! - Result columns are read by type (see [`value`]); a type pulsebook does not read is
//!   an error before any row is fetched, naming the column and a cast that fixes it.
//! - TLS as libpq does it (see [`tls`]); connecting gives up after 10 s unless the
//!   connection string says otherwise (`connect_timeout`).
//!
//! Errors are one line, and never show the password: connect errors name the hosts,
//! ports, user and database; query errors give the server's message and, when the server
//! points at a character, its line and column in the query.

mod tls;
mod value;

#[cfg(test)]
mod tests;

use std::str::FromStr;
use std::time::Duration;

use ::postgres::config::{Host, SslMode};
use ::postgres::fallible_iterator::FallibleIterator;
use ::postgres::types::ToSql;
use ::postgres::{Client, Config, Statement};

/// A value of a result row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PgValue {
    /// SQL NULL.
    Null,
    /// Any integer, floating-point or NUMERIC value (NUMERIC rounded to the nearest f64).
    Number(f64),
    /// text, varchar, char(n) (without its padding), name, citext; booleans as
    /// `true`/`false`.
    Text(String),
    /// A `date`.
    Date(jiff::civil::Date),
    /// A `timestamp` (without time zone): a local date and time.
    Local(jiff::civil::DateTime),
    /// A `timestamptz`: an instant.
    Exact(jiff::Timestamp),
}

/// A query's result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PgRows {
    /// The column names, in order, as the server names them (the `as` aliases).
    pub(crate) columns: Vec<String>,
    /// The rows, each with one value per column.
    pub(crate) rows: Vec<Vec<PgValue>>,
}

/// How long connecting may take when the connection string does not say.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where libpq looks for a server's Unix socket when the connection string names no host.
const SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// Connects with `url` (a libpq connection string or postgres:// URL, from the environment),
/// runs `query` with `$1` bound to `first_day` when the query has a parameter (the server
/// infers its type: date, timestamp, timestamptz or text; zero parameters → bind none; more
/// than one → error), and returns all rows. Err: a one-line message naming what failed
/// (connect: hosts and ports without the password; query: the server's message, with its
/// position in the query when the server gives one).
pub(crate) fn run(url: &str, query: &str, first_day: jiff::civil::Date) -> Result<PgRows, String> {
    let config = config(url)?;
    let mut client = connect(&config)?;
    let mut transaction = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|err| query_error(&err, query))?;
    let statement = transaction
        .prepare(query)
        .map_err(|err| query_error(&err, query))?;
    let first_day = value::FirstDay::new(first_day);
    let params = params(&statement, &first_day)?;
    let columns = columns(&statement)?;
    let mut rows = Vec::new();
    let mut iter = transaction
        .query_raw(&statement, params)
        .map_err(|err| query_error(&err, query))?;
    while let Some(row) = iter.next().map_err(|err| query_error(&err, query))? {
        rows.push(value::read_row(&row, &columns, rows.len() + 1)?);
    }
    Ok(PgRows { columns, rows })
}

/// Parses the connection string and fills in what pulsebook needs that it leaves out:
/// libpq's socket folders when it names no host, a connect timeout, an application name.
fn config(url: &str) -> Result<Config, String> {
    let mut config = Config::from_str(url).map_err(|err| {
        // The parser's messages name an option, never its value (so no password).
        // Skip the client's "invalid connection string": say which option is wrong.
        let why = std::error::Error::source(&err).map_or_else(|| chain(&err), chain);
        let mut message = format!("the PostgreSQL connection string is not valid: {why}");
        if message.contains("sslmode") {
            message.push_str(" (pulsebook knows sslmode disable, prefer and require)");
        }
        message
    })?;
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        for dir in SOCKET_DIRS
            .iter()
            .filter(|dir| std::path::Path::new(dir).is_dir())
        {
            config.host_path(dir);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("pulsebook");
    }
    Ok(config)
}

/// Connects, with TLS unless `sslmode=disable`, giving up after the connect timeout per
/// host. The client's own timeout covers only opening the socket, not a server that
/// accepts and then never answers; so the whole handshake runs on a thread that is left
/// behind if it hangs.
fn connect(config: &Config) -> Result<Client, String> {
    let per_host = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(CONNECT_TIMEOUT);
    let hosts = config
        .get_hosts()
        .len()
        .max(config.get_hostaddrs().len())
        .max(1);
    let limit = per_host.saturating_mul(u32::try_from(hosts).unwrap_or(u32::MAX));
    let (send, receive) = std::sync::mpsc::channel();
    let handshake = config.clone();
    std::thread::spawn(move || {
        let connected = match handshake.get_ssl_mode() {
            SslMode::Disable => handshake.connect(::postgres::NoTls),
            _ => handshake.connect(tls::connector()),
        };
        // The receiver is gone only after a timeout: nobody wants the client then.
        let _ = send.send(connected);
    });
    let failed = |cause: String| {
        format!(
            "cannot connect to PostgreSQL at {}: {cause}",
            server(config)
        )
    };
    match receive.recv_timeout(limit) {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(err)) => Err(failed(match err.as_db_error() {
            Some(db) => one_line(db.message()),
            None => chain(&err),
        })),
        Err(_) => Err(failed(format!(
            "no answer within {} s",
            limit.as_secs_f64()
        ))),
    }
}

/// Where `config` connects, for messages: `host:port` for each host (`host (address):port`
/// with a hostaddr, the socket file for a Unix socket), then the user and database if
/// given. Never the password.
fn server(config: &Config) -> String {
    let ports = config.get_ports();
    let port = |i: usize| ports.get(i).or(ports.first()).copied().unwrap_or(5432);
    let hosts = config.get_hosts();
    let addrs = config.get_hostaddrs();
    let mut places = Vec::new();
    for i in 0..hosts.len().max(addrs.len()) {
        let place = match (hosts.get(i), addrs.get(i)) {
            (Some(Host::Tcp(host)), Some(addr)) => format!("{host} ({addr}):{}", port(i)),
            (Some(Host::Tcp(host)), None) if host.contains(':') => format!("[{host}]:{}", port(i)),
            (Some(Host::Tcp(host)), None) => format!("{host}:{}", port(i)),
            (Some(Host::Unix(dir)), _) => format!("{}/.s.PGSQL.{}", dir.display(), port(i)),
            (None, Some(addr)) if addr.is_ipv6() => format!("[{addr}]:{}", port(i)),
            (None, Some(addr)) => format!("{addr}:{}", port(i)),
            (None, None) => continue,
        };
        places.push(place);
    }
    let mut server = if places.is_empty() {
        "(no host)".to_string()
    } else {
        places.join(", ")
    };
    let who: Vec<String> = [
        ("user", config.get_user()),
        ("database", config.get_dbname()),
    ]
    .into_iter()
    .filter_map(|(what, name)| name.map(|name| format!("{what} {name}")))
    .collect();
    if !who.is_empty() {
        server = format!("{server} ({})", who.join(", "));
    }
    server
}

/// The parameters to bind: none, or the first day when the query has `$1`.
fn params<'a>(
    statement: &Statement,
    first_day: &'a value::FirstDay,
) -> Result<Vec<&'a dyn ToSql>, String> {
    match statement.params() {
        [] => Ok(Vec::new()),
        [ty] if value::FirstDay::binds(ty) => Ok(vec![first_day as &dyn ToSql]),
        [ty] => Err(format!(
            "the query's $1 is of type {}, but it is the first day of the build: use it as a \
             date, timestamp, timestamptz or text (e.g. `$1::date`)",
            ty.name()
        )),
        many => Err(format!(
            "the query has {} parameters ($1 to ${}); pulsebook binds only $1, the first day \
             of the build",
            many.len(),
            many.len()
        )),
    }
}

/// The result's column names, once every column's type is one pulsebook reads.
fn columns(statement: &Statement) -> Result<Vec<String>, String> {
    statement
        .columns()
        .iter()
        .map(|column| {
            value::check_type(column.name(), column.type_())?;
            Ok(column.name().to_string())
        })
        .collect()
}

/// A failed query as one line: the server's message (with where in the query it points,
/// and its hint) or the client's.
fn query_error(err: &::postgres::Error, query: &str) -> String {
    let Some(db) = err.as_db_error() else {
        return format!("the query failed: {}", chain(err));
    };
    let mut message = format!("the query failed: {}", one_line(db.message()));
    if let Some(::postgres::error::ErrorPosition::Original(position)) = db.position() {
        let (line, column) = line_column(query, *position);
        message.push_str(&format!(" (line {line}, column {column} of the query)"));
    }
    if let Some(hint) = db.hint() {
        message.push_str(&format!("; hint: {}", one_line(hint)));
    }
    message
}

/// The 1-based line and column of the 1-based character `position` of `text`, as the
/// server counts (characters, not bytes).
fn line_column(text: &str, position: u32) -> (usize, usize) {
    let before: String = text
        .chars()
        .take((position as usize).saturating_sub(1))
        .collect();
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

/// An error and its causes on one line, `: `-separated (the client's errors say what
/// failed, their causes why).
fn chain(err: &dyn std::error::Error) -> String {
    let mut message = one_line(&err.to_string());
    let mut source = err.source();
    while let Some(cause) = source {
        message = format!("{message}: {}", one_line(&cause.to_string()));
        source = cause.source();
    }
    message
}

/// `text` on one line: line breaks and the spaces around them become one space.
fn one_line(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
