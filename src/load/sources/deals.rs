//! Open deals: the pipeline a deals export holds beside the deals that closed.
//!
//! Every deals source (a deal preset, or a mapped source with `kind: deals`) keeps
//! its open deals — stage neither won nor lost — per file. A file is one **snapshot**
//! of the export, on the ISO date in its file name (`hubspot-deals-2026-03-31.csv`),
//! else on the last day with data in the book. Compute reads them
//! (`compute::pipeline`); nothing here is aggregated.

use std::path::PathBuf;

use jiff::civil::Date;

use super::aggregate::Owner;

/// A deal's forecast category, as Salesforce and HubSpot name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Category {
    Commit,
    BestCase,
    Pipeline,
    Omitted,
}

impl Category {
    /// Every category, in the order pages stack them.
    pub(crate) const ALL: [Category; 4] = [
        Category::Commit,
        Category::BestCase,
        Category::Pipeline,
        Category::Omitted,
    ];

    /// Reads an export's cell: `Commit`, `Best Case`, `best_case`, `BestCase`,
    /// `Pipeline`, `Omitted`, and HubSpot's `Not forecasted` for omitted (case, spaces,
    /// `_` and `-` ignored).
    pub(crate) fn parse(text: &str) -> Option<Category> {
        let key: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "commit" => Some(Category::Commit),
            "bestcase" => Some(Category::BestCase),
            "pipeline" => Some(Category::Pipeline),
            "omitted" | "notforecasted" => Some(Category::Omitted),
            _ => None,
        }
    }

    /// The stable key of data files, CSS classes and label catalogues.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Category::Commit => "commit",
            Category::BestCase => "best_case",
            Category::Pipeline => "pipeline",
            Category::Omitted => "omitted",
        }
    }
}

/// One open deal of a snapshot.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OpenDeal {
    /// The export's record or opportunity id, else `file:line`.
    pub(crate) id: String,
    /// The deal's name (`Deal Name`, `Opportunity Name`, `Deal - Title`), when the
    /// export has one.
    pub(crate) name: Option<String>,
    /// A person, else the team a source gives rows without a person, else the
    /// organisation.
    pub(crate) owner: Owner,
    /// Empty amount = 0.
    pub(crate) amount: f64,
    /// The expected close date (local day); `None` when the export leaves it empty.
    pub(crate) close: Option<Date>,
    pub(crate) stage: String,
    pub(crate) created: Option<Date>,
    /// 0–100, where the export has a probability column and the cell is not empty.
    pub(crate) probability: Option<f64>,
    pub(crate) category: Option<Category>,
    /// The record's line in its file (1-based, as messages count).
    pub(crate) line: u64,
}

/// The open deals of one file of a deals export, on its snapshot day.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub(crate) day: Date,
    /// Book-relative.
    pub(crate) file: PathBuf,
    /// Whether the day comes from the file name (else: the book's last day with data).
    pub(crate) dated: bool,
    /// Sorted by id.
    pub(crate) deals: Vec<OpenDeal>,
}

/// One deals export (a source): its snapshots, oldest first, no two on one day.
#[derive(Debug, Clone)]
pub(crate) struct DealExport {
    /// The source's name (a preset's id when the book has no sources.yaml entry).
    pub(crate) source: String,
    /// Whether the export has a probability column (weighted amounts need one).
    pub(crate) has_probability: bool,
    /// Whether the export has a forecast category column.
    pub(crate) has_category: bool,
    pub(crate) snapshots: Vec<Snapshot>,
}

/// Every deals export of the book, sorted by source name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Deals {
    pub(crate) exports: Vec<DealExport>,
}

impl Deals {
    pub(crate) fn is_empty(&self) -> bool {
        self.exports.iter().all(|e| e.snapshots.is_empty())
    }
}

/// The ISO date (`YYYY-MM-DD`) in a file name, the last one when there are several:
/// the snapshot day of an export written by a scheduled job.
pub(crate) fn day_in_name(file: &std::path::Path) -> Option<Date> {
    let name = file.file_name()?.to_str()?;
    let bytes = name.as_bytes();
    let mut found = None;
    for start in 0..bytes.len().saturating_sub(9) {
        let part = &bytes[start..start + 10];
        let shape = part.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        let bounded = (start == 0 || !bytes[start - 1].is_ascii_digit())
            && bytes.get(start + 10).is_none_or(|b| !b.is_ascii_digit());
        if shape && bounded {
            let text = std::str::from_utf8(part).ok()?;
            if let Some(day) = crate::base::period::parse_day(text) {
                found = Some(day);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn snapshot_day_comes_from_the_file_name() {
        let day = |s: &str| day_in_name(Path::new(s));
        assert_eq!(
            day("metrics/hubspot-deals-2026-03-31.csv"),
            Some(jiff::civil::date(2026, 3, 31))
        );
        assert_eq!(
            day("deals_2026-10-01_2026-10-31.xlsx"),
            Some(jiff::civil::date(2026, 10, 31))
        );
        assert_eq!(day("hubspot-deals.csv"), None);
        assert_eq!(day("deals-2026-13-01.csv"), None);
        assert_eq!(day("deals-12026-01-01.csv"), None);
    }

    #[test]
    fn categories_read_as_tools_write_them() {
        assert_eq!(Category::parse("Best Case"), Some(Category::BestCase));
        assert_eq!(Category::parse("best_case"), Some(Category::BestCase));
        assert_eq!(Category::parse("COMMIT"), Some(Category::Commit));
        assert_eq!(Category::parse("Omitted"), Some(Category::Omitted));
        assert_eq!(Category::parse("Not forecasted"), Some(Category::Omitted));
        assert_eq!(Category::parse("Closed"), None);
    }
}
