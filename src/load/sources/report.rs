//! The sources report: per source and file, what happened to every row. Printed by
//! `check` and `build`, and written to `data/sources.csv`. Its rows add up:
//! rows = used + filtered + no_person + unmatched (+ bad rows skipped, counted as
//! filtered: they are left out like rows a `where` drops, and each was warned about).

use jiff::civil::Date;

use crate::base::csv::field;

/// Row counts of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) rows: usize,
    pub(crate) used: usize,
    pub(crate) filtered: usize,
    pub(crate) no_person: usize,
    pub(crate) unmatched: usize,
    /// Rows with a cell that could not be read (an error, or skipped with a warning).
    pub(crate) bad: usize,
    pub(crate) first_day: Option<Date>,
    pub(crate) last_day: Option<Date>,
}

impl Counts {
    pub(crate) fn add(&mut self, other: &Counts) {
        self.rows += other.rows;
        self.used += other.used;
        self.filtered += other.filtered;
        self.no_person += other.no_person;
        self.unmatched += other.unmatched;
        self.bad += other.bad;
        if let Some(d) = other.first_day {
            self.days(d);
        }
        if let Some(d) = other.last_day {
            self.days(d);
        }
    }

    /// Widens the day range to `day`.
    pub(crate) fn days(&mut self, day: Date) {
        self.first_day = Some(self.first_day.map_or(day, |d| d.min(day)));
        self.last_day = Some(self.last_day.map_or(day, |d| d.max(day)));
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceRow {
    pub(crate) source: String,
    /// Book-relative file, or `postgres` for a query.
    pub(crate) file: String,
    pub(crate) counts: Counts,
}

fn day(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// `data/sources.csv`.
pub(crate) fn csv(rows: &[SourceRow]) -> String {
    let mut out =
        String::from("source,file,rows,used,filtered,no_person,unmatched,first_day,last_day\n");
    for r in rows {
        let c = &r.counts;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            field(&r.source),
            field(&r.file),
            c.rows,
            c.used,
            c.filtered + c.bad,
            c.no_person,
            c.unmatched,
            day(c.first_day),
            day(c.last_day)
        ));
    }
    out
}

/// The table `check` and `build` print (to stderr, with the other messages).
pub(crate) fn table(rows: &[SourceRow]) -> String {
    let header = [
        "source",
        "file",
        "rows",
        "used",
        "filtered",
        "no person",
        "unmatched",
        "days",
    ];
    let body: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            let c = &r.counts;
            let days = match (c.first_day, c.last_day) {
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => "–".to_string(),
            };
            [
                r.source.clone(),
                r.file.clone(),
                c.rows.to_string(),
                c.used.to_string(),
                (c.filtered + c.bad).to_string(),
                c.no_person.to_string(),
                c.unmatched.to_string(),
                days,
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::from("sources:\n");
    let line = |cells: &[String]| {
        let mut l = String::from(" ");
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w - cell.chars().count();
            // Text left, numbers right.
            if (2..7).contains(&i) {
                l.push_str(&format!(" {}{}", " ".repeat(pad), cell));
            } else {
                l.push_str(&format!(" {}{}", cell, " ".repeat(pad)));
            }
        }
        l.trim_end().to_string() + "\n"
    };
    out.push_str(&line(&header.map(str::to_string)));
    for row in &body {
        out.push_str(&line(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn row() -> SourceRow {
        let mut counts = Counts {
            rows: 10,
            used: 6,
            filtered: 1,
            no_person: 1,
            unmatched: 1,
            bad: 1,
            ..Counts::default()
        };
        counts.days(date(2026, 1, 5));
        counts.days(date(2026, 1, 2));
        SourceRow {
            source: "five9-call-log".into(),
            file: "metrics/five9.csv".into(),
            counts,
        }
    }

    #[test]
    fn csv_adds_up() {
        assert_eq!(
            csv(&[row()]),
            "source,file,rows,used,filtered,no_person,unmatched,first_day,last_day\n\
             five9-call-log,metrics/five9.csv,10,6,2,1,1,2026-01-02,2026-01-05\n"
        );
    }

    #[test]
    fn table_aligns_columns() {
        let t = table(&[row()]);
        assert_eq!(
            t,
            "sources:\n  source         file              rows used filtered no person unmatched days\n  five9-call-log metrics/five9.csv   10    6        2         1         1 2026-01-02 – 2026-01-05\n"
        );
    }
}
