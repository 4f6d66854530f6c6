//! Values between pulsebook and the server: the first day bound to `$1`, and result
//! columns read into [`PgValue`] from the binary format, by column type.
//!
//! NUMERIC (what `sum(…)`, `avg(…)` and `/ 1000.0` return) is decoded here from its
//! binary form (base-10000 digits) into a decimal string that Rust parses to the nearest
//! f64, so no decimal crate and no `::float8` casts in the user's query are needed.
//! Dates and timestamps count days or microseconds from 2000-01-01; `infinity` and values
//! outside jiff's years -9999..=9999 are errors naming the column and row.

use std::error::Error;

use ::postgres::Row;
use ::postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use bytes::BytesMut;
use jiff::SignedDuration;
use jiff::civil::{Date, DateTime};

use super::PgValue;

/// An error of a `FromSql`/`ToSql` conversion, as the `postgres` crate wants it.
type BoxError = Box<dyn Error + Sync + Send>;

/// Seconds from 1970-01-01 (Unix) to 2000-01-01 (PostgreSQL's epoch).
const PG_EPOCH_UNIX_SECONDS: i64 = 946_684_800;

/// PostgreSQL's epoch as a civil date and time.
const PG_EPOCH: DateTime = DateTime::constant(2000, 1, 1, 0, 0, 0, 0);

/// The first day of the build, bound to `$1` in text format so that the server reads it as
/// whatever type it inferred for `$1`.
#[derive(Debug)]
pub(super) struct FirstDay(String);

impl FirstDay {
    /// The day as `YYYY-MM-DD`, which every one of the accepted types reads.
    pub(super) fn new(day: Date) -> FirstDay {
        FirstDay(day.to_string())
    }

    /// Whether `$1` of type `ty` can take the first day.
    pub(super) fn binds(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::DATE
                | Type::TIMESTAMP
                | Type::TIMESTAMPTZ
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
        )
    }
}

impl ToSql for FirstDay {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.extend_from_slice(self.0.as_bytes());
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        FirstDay::binds(ty)
    }

    fn encode_format(&self, _: &Type) -> ::postgres::types::Format {
        ::postgres::types::Format::Text
    }

    to_sql_checked!();
}

/// The kinds of column pulsebook reads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// int2, int4, int8.
    Integer,
    /// float4, float8.
    Float,
    /// numeric.
    Numeric,
    /// text, varchar, name, citext.
    Text,
    /// char(n): text padded with spaces, which PostgreSQL ignores (as `::text` does).
    Padded,
    /// bool.
    Bool,
    /// date.
    Date,
    /// timestamp.
    Local,
    /// timestamptz.
    Exact,
}

/// The kind of a column of type `ty`, if pulsebook reads it.
fn kind(ty: &Type) -> Option<Kind> {
    Some(match *ty {
        Type::INT2 | Type::INT4 | Type::INT8 => Kind::Integer,
        Type::FLOAT4 | Type::FLOAT8 => Kind::Float,
        Type::NUMERIC => Kind::Numeric,
        Type::TEXT | Type::VARCHAR | Type::NAME => Kind::Text,
        Type::BPCHAR => Kind::Padded,
        Type::BOOL => Kind::Bool,
        Type::DATE => Kind::Date,
        Type::TIMESTAMP => Kind::Local,
        Type::TIMESTAMPTZ => Kind::Exact,
        // An extension's type: its OID differs from database to database.
        _ if ty.name() == "citext" => Kind::Text,
        _ => return None,
    })
}

/// Ok when pulsebook reads a column of type `ty`; else an error naming the column and a
/// cast that makes it readable.
pub(super) fn check_type(column: &str, ty: &Type) -> Result<(), String> {
    if kind(ty).is_some() {
        return Ok(());
    }
    let cast = match *ty {
        Type::INTERVAL => format!("`extract(epoch from {column})` for seconds"),
        Type::MONEY => format!("`{column}::numeric`"),
        _ => format!("`{column}::text` or `{column}::numeric`"),
    };
    Err(format!(
        "the query's column `{column}` is of type {}, which pulsebook does not read: cast it in \
         the query, e.g. {cast}",
        ty.name()
    ))
}

/// One row as values; `number` (from 1) names the row in errors.
pub(super) fn read_row(
    row: &Row,
    columns: &[String],
    number: usize,
) -> Result<Vec<PgValue>, String> {
    (0..row.len())
        .map(|i| {
            row.try_get::<_, PgValue>(i).map_err(|err| {
                let name = columns.get(i).map_or("?", String::as_str);
                let cause = Error::source(&err).map_or(err.to_string(), ToString::to_string);
                format!("the query's column `{name}`, row {number}: {cause}")
            })
        })
        .collect()
}

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<PgValue, BoxError> {
        let Some(kind) = kind(ty) else {
            return Err(format!("type {} is not read", ty.name()).into());
        };
        Ok(match kind {
            Kind::Integer => PgValue::Number(integer(ty, raw)?),
            Kind::Float => PgValue::Number(finite(float(ty, raw)?)?),
            Kind::Numeric => PgValue::Number(finite(numeric(raw)?)?),
            Kind::Text => PgValue::Text(<&str>::from_sql(ty, raw)?.to_string()),
            Kind::Padded => {
                PgValue::Text(<&str>::from_sql(ty, raw)?.trim_end_matches(' ').to_string())
            }
            Kind::Bool => PgValue::Text(bool::from_sql(ty, raw)?.to_string()),
            Kind::Date => PgValue::Date(date(i32::from_sql(ty, raw)?)?),
            Kind::Local => PgValue::Local(local(i64::from_sql(ty, raw)?)?),
            Kind::Exact => PgValue::Exact(exact(i64::from_sql(ty, raw)?)?),
        })
    }

    fn from_sql_null(_: &Type) -> Result<PgValue, BoxError> {
        Ok(PgValue::Null)
    }

    fn accepts(ty: &Type) -> bool {
        kind(ty).is_some()
    }
}

/// An int2, int4 or int8 as f64 (exact up to 2^53).
fn integer(ty: &Type, raw: &[u8]) -> Result<f64, BoxError> {
    Ok(match *ty {
        Type::INT2 => f64::from(i16::from_sql(ty, raw)?),
        Type::INT4 => f64::from(i32::from_sql(ty, raw)?),
        // Beyond 2^53 the nearest f64: counts and sums of milliseconds stay far below.
        _ => i64::from_sql(ty, raw)? as f64,
    })
}

/// A float4 or float8 as f64.
fn float(ty: &Type, raw: &[u8]) -> Result<f64, BoxError> {
    Ok(match *ty {
        Type::FLOAT4 => f64::from(f32::from_sql(ty, raw)?),
        _ => f64::from_sql(ty, raw)?,
    })
}

/// `x` if it is a finite number: NaN and infinities are errors, not measures.
fn finite(x: f64) -> Result<f64, BoxError> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(format!("{x} is not a number pulsebook can use").into())
    }
}

/// A NUMERIC in binary form to the nearest f64 (infinity when it is beyond f64's range).
///
/// The form (PostgreSQL's `numeric_send`): digit count, weight (the power of 10000 of the
/// first digit), sign (0x0000, 0x4000 negative, 0xC000 NaN, 0xD000/0xF000 ±infinity),
/// display scale, then the base-10000 digits, all big-endian 16-bit.
pub(super) fn numeric(raw: &[u8]) -> Result<f64, BoxError> {
    let words: Vec<u16> = raw
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => Ok(u16::from_be_bytes([*hi, *lo])),
            _ => Err("odd length"),
        })
        .collect::<Result<_, _>>()?;
    let [count, weight, sign, _scale, digits @ ..] = words.as_slice() else {
        return Err("a NUMERIC shorter than its header".into());
    };
    if digits.len() != usize::from(*count) {
        return Err("a NUMERIC whose length does not match its digit count".into());
    }
    let negative = match sign {
        0x0000 => false,
        0x4000 => true,
        0xC000 => return Ok(f64::NAN),
        0xD000 => return Ok(f64::INFINITY),
        0xF000 => return Ok(f64::NEG_INFINITY),
        _ => return Err(format!("a NUMERIC with an unknown sign {sign:#06x}").into()),
    };
    if digits.is_empty() {
        return Ok(0.0);
    }
    // The digits as one decimal integer, scaled by a power of ten: parsing that string
    // rounds once, to the nearest f64.
    let weight = i64::from(*weight as i16);
    let exponent = 4 * (weight + 1 - digits.len() as i64);
    let mut text = String::with_capacity(digits.len() * 4 + 8);
    if negative {
        text.push('-');
    }
    for digit in digits {
        if *digit > 9999 {
            return Err(format!("a NUMERIC with a digit {digit} over 9999").into());
        }
        text.push_str(&format!("{digit:04}"));
    }
    text.push_str(&format!("e{exponent}"));
    Ok(text.parse::<f64>()?)
}

/// A `date` (days since 2000-01-01) as a civil date.
pub(super) fn date(days: i32) -> Result<Date, BoxError> {
    PG_EPOCH
        .checked_add(SignedDuration::from_hours(i64::from(days) * 24))
        .map(|at| at.date())
        .map_err(|_| out_of_range(days == i32::MAX || days == i32::MIN))
}

/// A `timestamp` (microseconds since 2000-01-01 00:00) as a civil date and time.
pub(super) fn local(micros: i64) -> Result<DateTime, BoxError> {
    PG_EPOCH
        .checked_add(SignedDuration::from_micros(micros))
        .map_err(|_| out_of_range(micros == i64::MAX || micros == i64::MIN))
}

/// A `timestamptz` (microseconds since 2000-01-01 00:00 UTC) as an instant.
pub(super) fn exact(micros: i64) -> Result<jiff::Timestamp, BoxError> {
    micros
        .checked_add(PG_EPOCH_UNIX_SECONDS * 1_000_000)
        .and_then(|unix| jiff::Timestamp::from_microsecond(unix).ok())
        .ok_or_else(|| out_of_range(micros == i64::MAX || micros == i64::MIN))
}

/// The error of a date or time that jiff cannot hold.
fn out_of_range(infinite: bool) -> BoxError {
    if infinite {
        "an infinite date or time, which is not a day".into()
    } else {
        "a date or time outside the years -9999 to 9999".into()
    }
}
