//! Local days: a stamp as a day of the book's zone (zones come from [`super::tzdb`]).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};

use super::date::Stamp;
use super::number::language;

/// The default zone name of a book locale: `pl` Europe/Warsaw, `nb` (and
/// `nn`, `no`) Europe/Oslo, anything else UTC. Region tags are ignored
/// (`pl-PL` is `pl`).
pub(crate) fn default_zone(locale: &str) -> &'static str {
    match language(locale).as_str() {
        "pl" => "Europe/Warsaw",
        "nb" | "nn" | "no" => "Europe/Oslo",
        _ => "UTC",
    }
}

/// The local day of a stamp in the book's zone (Local: its own date; Exact:
/// converted). One zone lookup per call (jiff's `to_datetime`, about 170
/// instructions); a loop over a column should own a [`LocalDays`], which
/// caches the offset range and the day (about 25 instructions per value).
/// A hidden per-thread cache was tried and dropped: comparing two
/// `TimeZone`s costs more than the lookup it saves.
#[cfg(test)]
pub(crate) fn local_day(stamp: &Stamp, zone: &TimeZone) -> Date {
    match *stamp {
        Stamp::Local(datetime) => datetime.date(),
        Stamp::Exact(ts) => zone.to_datetime(ts).date(),
    }
}

/// Local days of many stamps in one zone: the offset in force and the span
/// of seconds it holds for (from one transition to the next) are cached, so
/// a column sorted or clustered in time costs one comparison per value.
#[derive(Debug, Clone)]
pub(crate) struct LocalDays {
    /// The book's zone.
    zone: TimeZone,
    /// First second the cached offset holds for.
    from: i64,
    /// First second it no longer holds for.
    until: i64,
    /// The cached offset.
    offset: Offset,
    /// Local second (epoch-based) at which the cached day starts.
    day_start: i64,
    /// The cached day.
    day: Date,
}

impl LocalDays {
    /// A cache for `zone` (empty until the first value).
    pub(crate) fn new(zone: TimeZone) -> Self {
        LocalDays {
            zone,
            from: 0,
            until: 0,
            offset: Offset::UTC,
            day_start: i64::MIN,
            day: Date::MIN,
        }
    }

    /// The zone the days are local to.
    pub(crate) fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// The local day of a stamp, as [`local_day`].
    pub(crate) fn day(&mut self, stamp: &Stamp) -> Date {
        match *stamp {
            Stamp::Local(datetime) => datetime.date(),
            Stamp::Exact(ts) => {
                let second = ts.as_second();
                if !(self.from..self.until).contains(&second) {
                    self.refill(ts);
                }
                let local = second + i64::from(self.offset.seconds());
                if !(self.day_start..self.day_start.saturating_add(86_400)).contains(&local) {
                    self.day = self.offset.to_datetime(ts).date();
                    self.day_start = local - local.rem_euclid(86_400);
                }
                self.day
            }
        }
    }

    /// Looks up the offset at `ts` and the transitions around it.
    #[cold]
    fn refill(&mut self, ts: Timestamp) {
        let second = ts.as_second();
        self.offset = self.zone.to_offset(ts);
        // Transitions fall on whole seconds: the last one at or before
        // `second` is the last one strictly before `second + 1`.
        let next_second =
            Timestamp::from_second(second.saturating_add(1)).unwrap_or(Timestamp::MAX);
        self.from = self
            .zone
            .preceding(next_second)
            .next()
            .map_or(i64::MIN, |t| t.timestamp().as_second());
        self.until = self
            .zone
            .following(ts)
            .next()
            .map_or(i64::MAX, |t| t.timestamp().as_second());
        if !(self.from..self.until).contains(&second) {
            // Not expected; keep correctness by caching this second alone.
            (self.from, self.until) = (second, second + 1);
        }
    }
}
