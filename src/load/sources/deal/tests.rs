use std::path::PathBuf;

use jiff::civil::date;

use super::snapshots::{fill_days, order};
use super::*;
use crate::load::sources::deals::{DealExport, Deals, Snapshot};

/// A record for tests: text cells ("" is empty), numbers with `,` thousands.
struct Row<'a>(Vec<&'a str>);

impl Env for Row<'_> {
    fn cell(&self, column: usize) -> Cell<'_> {
        match self.0.get(column) {
            Some(v) if !v.is_empty() => Cell::Text(v),
            _ => Cell::Empty,
        }
    }
    fn number(&self, cell: Cell<'_>) -> Result<f64, String> {
        match cell {
            Cell::Text(s) => s
                .replace(',', "")
                .parse()
                .map_err(|_| format!("cannot read `{s}` as a number")),
            Cell::Number(n) => Ok(n),
            other => Err(format!("cannot read {other:?} as a number")),
        }
    }
    fn seconds(&self, cell: Cell<'_>) -> Result<f64, String> {
        self.number(cell)
    }
    fn day(&self, _: Option<usize>, cell: Cell<'_>) -> Result<jiff::civil::Date, String> {
        match cell {
            Cell::Text(s) => s
                .get(..10)
                .and_then(|d| d.parse().ok())
                .ok_or_else(|| format!("cannot read `{s}` as a date")),
            other => Err(format!("cannot read {other:?} as a date")),
        }
    }
}

/// Columns: 0 id, 1 name, 2 stage, 3 amount, 4 close, 5 created, 6 probability,
/// 7 category.
fn plan(fold_case: bool, closed: &[&str]) -> DealPlan {
    DealPlan {
        status: 2,
        closed: closed.iter().map(|s| s.to_string()).collect(),
        fold_case,
        id: Some(0),
        name: Some(1),
        stage: 2,
        amount: 3,
        close: Some(4),
        created: Some(5),
        probability: Some(6),
        category: Some(7),
    }
}

fn read(cells: &[&str]) -> Result<Read, CellError> {
    plan(false, &["Closed Won", "Closed Lost"]).read(
        &Row(cells.to_vec()),
        Owner::Person(3),
        12,
        "metrics/deals.csv",
    )
}

#[test]
fn open_means_no_closed_stage() {
    let hubspot = plan(false, &["Closed Won", "Closed Lost"]);
    assert!(!hubspot.is_open(Cell::Text("Closed Won")));
    assert!(!hubspot.is_open(Cell::Text("Closed Lost")));
    assert!(hubspot.is_open(Cell::Text("Contract Sent")));
    // Compared as written, as a `where` compares stages.
    assert!(hubspot.is_open(Cell::Text("closed won")));
    assert!(hubspot.is_open(Cell::Empty));
    // Pipedrive's statuses compare ignoring case.
    let pipedrive = plan(true, &["won", "lost", "deleted"]);
    assert!(!pipedrive.is_open(Cell::Text("Won")));
    assert!(!pipedrive.is_open(Cell::Text("DELETED")));
    assert!(pipedrive.is_open(Cell::Text("Open")));
}

#[test]
fn an_open_deal_with_every_column() {
    let r = read(&[
        "1801",
        "Birch Dental - Pro annual",
        "Contract Sent",
        "12,500",
        "2026-11-27 10:00",
        "2026-06-02",
        "60",
        "Best Case",
    ])
    .unwrap();
    let d = r.deal;
    assert_eq!(d.id, "1801");
    assert_eq!(d.name.as_deref(), Some("Birch Dental - Pro annual"));
    assert_eq!(d.stage, "Contract Sent");
    assert_eq!(d.amount, 12_500.0);
    assert_eq!(d.close, Some(date(2026, 11, 27)));
    assert_eq!(d.created, Some(date(2026, 6, 2)));
    assert_eq!(d.probability, Some(60.0));
    assert_eq!(d.category, Some(Category::BestCase));
    assert_eq!(d.owner, Owner::Person(3));
    assert_eq!(d.line, 12);
    assert!(r.unknown_category.is_none());
}

#[test]
fn empty_cells_and_a_missing_id() {
    let r = read(&["", "", "Qualified", "", "", "", "", ""]).unwrap();
    let d = r.deal;
    // No id: the deal is its file and line.
    assert_eq!(d.id, "metrics/deals.csv:12");
    assert_eq!(d.name, None);
    // No amount counts as 0.
    assert_eq!(d.amount, 0.0);
    assert_eq!(
        (d.close, d.created, d.probability, d.category),
        (None, None, None, None)
    );
}

#[test]
fn probabilities_are_percentages() {
    let p = |cell: &str| read(&["1", "", "Open", "10", "", "", cell, ""]);
    assert_eq!(p("35").unwrap().deal.probability, Some(35.0));
    assert_eq!(p("35 %").unwrap().deal.probability, Some(35.0));
    assert_eq!(p("100%").unwrap().deal.probability, Some(100.0));
    assert_eq!(p("0").unwrap().deal.probability, Some(0.0));
    let e = p("140").err().unwrap();
    assert_eq!(e.column, 6);
    assert!(e.message.contains("outside 0–100"), "{}", e.message);
    let e = p("-5").err().unwrap();
    assert!(e.message.contains("outside 0–100"), "{}", e.message);
    // A fraction is never read as a percentage.
    let e = p("0.35").err().unwrap();
    assert!(e.message.contains("looks like a fraction"), "{}", e.message);
    let e = p("high").err().unwrap();
    assert!(
        e.message.contains("cannot read the probability"),
        "{}",
        e.message
    );
}

#[test]
fn bad_amounts_and_dates_name_their_column() {
    let e = read(&["1", "", "Open", "-200", "", "", "", ""])
        .err()
        .unwrap();
    assert_eq!(e.column, 3);
    assert!(e.message.contains("negative (`-200`)"), "{}", e.message);
    let e = read(&["1", "", "Open", "lots", "", "", "", ""])
        .err()
        .unwrap();
    assert_eq!(e.column, 3);
    assert!(
        e.message.contains("cannot read the amount"),
        "{}",
        e.message
    );
    let e = read(&["1", "", "Open", "10", "next week", "", "", ""])
        .err()
        .unwrap();
    assert_eq!(e.column, 4);
    assert!(e.message.contains("close date"), "{}", e.message);
}

#[test]
fn unknown_categories_are_kept_without_one() {
    let r = read(&["1", "", "Open", "10", "", "", "", "Maybe"]).unwrap();
    assert_eq!(r.deal.category, None);
    assert_eq!(r.unknown_category, Some(7));
    for (text, want) in [
        ("Commit", Category::Commit),
        ("best case", Category::BestCase),
        ("Pipeline", Category::Pipeline),
        ("Omitted", Category::Omitted),
    ] {
        let r = read(&["1", "", "Open", "10", "", "", "", text]).unwrap();
        assert_eq!(r.deal.category, Some(want), "{text}");
    }
}

#[test]
fn snapshots_are_read_newest_first_and_one_day_twice_is_an_error() {
    let files: Vec<PathBuf> = [
        "metrics/hubspot-deals-2026-10-20.csv",
        "metrics/hubspot-deals.csv",
        "metrics/hubspot-deals-2026-11-20.csv",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let mut diags = Diagnostics::new();
    let read_order = order("hubspot-deals", &files, &mut diags);
    let names: Vec<&str> = read_order
        .iter()
        .map(|(f, _)| f.to_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "metrics/hubspot-deals.csv",
            "metrics/hubspot-deals-2026-11-20.csv",
            "metrics/hubspot-deals-2026-10-20.csv"
        ]
    );
    assert_eq!(read_order[1].1, Some(date(2026, 11, 20)));
    assert_eq!(diags.error_count(), 0);

    let twice: Vec<PathBuf> = ["a/deals-2026-10-20.csv", "b/deals-2026-10-20.csv"]
        .iter()
        .map(PathBuf::from)
        .collect();
    let mut diags = Diagnostics::new();
    let twice_order = order("deals", &twice, &mut diags);
    assert_eq!(diags.error_count(), 1);
    // The second is read for its measures but is no snapshot.
    assert_eq!(twice_order[1].1, None);
}

fn snapshot(day: jiff::civil::Date, dated: bool, file: &str) -> Snapshot {
    Snapshot {
        day,
        file: PathBuf::from(file),
        dated,
        deals: Vec::new(),
    }
}

#[test]
fn an_undated_snapshot_takes_the_last_day_with_data() {
    let export = |snapshots| DealExport {
        source: "hubspot-deals".into(),
        has_probability: false,
        has_category: false,
        snapshots,
    };
    let mut deals = Deals {
        exports: vec![export(vec![
            snapshot(date(2026, 10, 20), true, "d-2026-10-20.csv"),
            snapshot(jiff::civil::Date::MAX, false, "d.csv"),
        ])],
    };
    let mut diags = Diagnostics::new();
    fill_days(&mut deals, Some(date(2026, 11, 13)), &mut diags);
    assert_eq!(diags.error_count(), 0);
    let days: Vec<_> = deals.exports[0].snapshots.iter().map(|s| s.day).collect();
    assert_eq!(days, [date(2026, 10, 20), date(2026, 11, 13)]);

    // Not newer than a dated snapshot: an error, and the file is no snapshot.
    let mut deals = Deals {
        exports: vec![export(vec![
            snapshot(date(2026, 11, 20), true, "d-2026-11-20.csv"),
            snapshot(jiff::civil::Date::MAX, false, "d.csv"),
        ])],
    };
    let mut diags = Diagnostics::new();
    fill_days(&mut deals, Some(date(2026, 11, 13)), &mut diags);
    assert_eq!(diags.error_count(), 1);
    assert_eq!(deals.exports[0].snapshots.len(), 1);
}
