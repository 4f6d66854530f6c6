//! The built-in presets: how pulsebook reads the exports of the tools our users have,
//! with no configuration. Each preset is a mapping written in the same terms as a
//! `sources.yaml` entry (person and date columns, measures as SQL expressions), so a
//! user can copy one, change a part and get the same numbers for the same file.
//!
//! A preset is recognised from its header: the columns it `needs`, in any order
//! (names compared ignoring case), extra columns allowed. Stage names are parameters
//! (`{won}`, `{lost}` in an expression become a list of SQL strings), since CRM admins
//! rename stages. docs/format.md documents every preset; keep the two in step.
//!
//! A deals preset also names its deal columns ([`PresetDeal`]): the open deals of
//! every file are kept for the pipeline ([`deals`](super::deals)).

/// One measure of a preset: `count` rows, or `sum` an expression, over the rows where
/// `filter` holds; `date` names another column for the measure's day.
#[derive(Debug)]
pub(crate) struct PresetMeasure {
    pub(crate) name: &'static str,
    /// `None`: count the rows.
    pub(crate) sum: Option<&'static str>,
    pub(crate) filter: Option<&'static str>,
    pub(crate) date: Option<&'static str>,
}

/// A built-in mapping of one tool's export.
#[derive(Debug)]
pub(crate) struct Preset {
    pub(crate) id: &'static str,
    /// "a HubSpot deals export": how `check` names what it read.
    pub(crate) tool: &'static str,
    /// The columns that identify the export (and that its measures read).
    pub(crate) needs: &'static [&'static str],
    /// The person column; the first present wins.
    pub(crate) person: &'static [&'static str],
    /// Person cells that mean "no person".
    pub(crate) none: &'static [&'static str],
    pub(crate) date: &'static str,
    pub(crate) measures: &'static [PresetMeasure],
    /// Parameters and their defaults (stage names).
    pub(crate) params: &'static [(&'static str, &'static [&'static str])],
    /// Trailing rows the tool adds under the data.
    pub(crate) footer: &'static [&'static str],
    /// A column that must hold the book's currency when it is present.
    pub(crate) currency: Option<&'static str>,
    /// The deal columns of a deals export (its open deals are the pipeline).
    pub(crate) deal: Option<PresetDeal>,
}

/// The deal columns of a deals preset. Lists are candidates, the first in the
/// header wins, names compared ignoring case; an optional column may be missing.
#[derive(Debug)]
pub(crate) struct PresetDeal {
    /// The record or opportunity id; missing: the deal's `file:line`.
    pub(crate) id: &'static [&'static str],
    pub(crate) name: &'static [&'static str],
    /// The column whose value says won or lost (else the deal is open).
    pub(crate) status: &'static str,
    /// Status values of closed deals besides the `won` and `lost` parameters.
    pub(crate) also_closed: &'static [&'static str],
    /// Whether status values compare ignoring case (as the measures' `lower(…)`).
    pub(crate) fold_case: bool,
    /// The column shown as the deal's stage.
    pub(crate) stage: &'static [&'static str],
    /// Needed (one of `needs`).
    pub(crate) amount: &'static str,
    pub(crate) close: &'static [&'static str],
    pub(crate) created: &'static [&'static str],
    pub(crate) probability: &'static [&'static str],
    pub(crate) category: &'static [&'static str],
}

/// The probability columns the CRMs write (0–100).
const PROBABILITY: &[&str] = &["Probability (%)", "Deal probability"];
/// The forecast category columns (names compare ignoring case).
const CATEGORY: &[&str] = &["Forecast category"];

const fn count(name: &'static str, filter: Option<&'static str>) -> PresetMeasure {
    PresetMeasure {
        name,
        sum: None,
        filter,
        date: None,
    }
}

const fn sum(
    name: &'static str,
    expr: &'static str,
    filter: Option<&'static str>,
) -> PresetMeasure {
    PresetMeasure {
        name,
        sum: Some(expr),
        filter,
        date: None,
    }
}

const fn dated(mut m: PresetMeasure, column: &'static str) -> PresetMeasure {
    m.date = Some(column);
    m
}

const STAGES: &[(&str, &[&str])] = &[("won", &["Closed Won"]), ("lost", &["Closed Lost"])];

/// Every built-in preset, in the order they are tried.
pub(crate) const PRESETS: &[Preset] = &[
    Preset {
        id: "hubspot-deals",
        tool: "a HubSpot deals export",
        needs: &[
            "Deal owner",
            "Deal Stage",
            "Close Date",
            "Create Date",
            "Amount",
        ],
        person: &["Deal owner"],
        none: &[],
        date: "Close Date",
        measures: &[
            count("deals", Some(r#""Deal Stage" IN ({won})"#)),
            sum("revenue", r#""Amount""#, Some(r#""Deal Stage" IN ({won})"#)),
            count("deals_lost", Some(r#""Deal Stage" IN ({lost})"#)),
            dated(count("opportunities", None), "Create Date"),
            sum(
                "cycle_days_sum",
                r#"days_between("Create Date", "Close Date")"#,
                Some(r#""Deal Stage" IN ({won})"#),
            ),
        ],
        params: STAGES,
        footer: &[],
        currency: None,
        deal: Some(PresetDeal {
            id: &["Record ID"],
            name: &["Deal Name"],
            status: "Deal Stage",
            also_closed: &[],
            fold_case: false,
            stage: &["Deal Stage"],
            amount: "Amount",
            close: &["Close Date"],
            created: &["Create Date"],
            probability: PROBABILITY,
            category: CATEGORY,
        }),
    },
    Preset {
        id: "salesforce-opportunities",
        tool: "a Salesforce opportunity report",
        needs: &[
            "Opportunity Owner",
            "Stage",
            "Close Date",
            "Created Date",
            "Amount",
        ],
        person: &["Opportunity Owner"],
        none: &[],
        date: "Close Date",
        measures: &[
            count("deals", Some(r#""Stage" IN ({won})"#)),
            sum("revenue", r#""Amount""#, Some(r#""Stage" IN ({won})"#)),
            count("deals_lost", Some(r#""Stage" IN ({lost})"#)),
            dated(count("opportunities", None), "Created Date"),
            sum(
                "cycle_days_sum",
                r#"days_between("Created Date", "Close Date")"#,
                Some(r#""Stage" IN ({won})"#),
            ),
        ],
        params: STAGES,
        footer: &["Grand Totals", "Confidential Information", "Copyright"],
        currency: Some("Amount Currency"),
        deal: Some(PresetDeal {
            id: &["Opportunity ID"],
            name: &["Opportunity Name"],
            status: "Stage",
            also_closed: &[],
            fold_case: false,
            stage: &["Stage"],
            amount: "Amount",
            close: &["Close Date"],
            created: &["Created Date"],
            probability: PROBABILITY,
            category: CATEGORY,
        }),
    },
    Preset {
        id: "pipedrive-deals",
        tool: "a Pipedrive deals export",
        needs: &[
            "Deal - Owner",
            "Deal - Status",
            "Deal - Value",
            "Deal - Won time",
            "Deal - Lost time",
            "Deal - Deal created",
        ],
        person: &["Deal - Owner"],
        none: &[],
        date: "Deal - Won time",
        measures: &[
            count("deals", Some(r#"lower("Deal - Status") IN ({won})"#)),
            sum(
                "revenue",
                r#""Deal - Value""#,
                Some(r#"lower("Deal - Status") IN ({won})"#),
            ),
            dated(
                count("deals_lost", Some(r#"lower("Deal - Status") IN ({lost})"#)),
                "Deal - Lost time",
            ),
            dated(count("opportunities", None), "Deal - Deal created"),
        ],
        params: &[("won", &["won"]), ("lost", &["lost"])],
        footer: &[],
        currency: Some("Deal - Currency"),
        deal: Some(PresetDeal {
            id: &["Deal - ID"],
            name: &["Deal - Title"],
            status: "Deal - Status",
            also_closed: &["deleted"],
            fold_case: true,
            stage: &["Deal - Stage", "Deal - Status"],
            amount: "Deal - Value",
            close: &["Deal - Expected close date"],
            created: &["Deal - Deal created"],
            probability: &["Deal - Probability", "Probability (%)", "Deal probability"],
            category: &["Deal - Forecast category", "Forecast category"],
        }),
    },
    Preset {
        id: "five9-call-log",
        tool: "a Five9 call log",
        needs: &[
            "TIMESTAMP",
            "AGENT",
            "CALL TYPE",
            "QUEUE WAIT TIME",
            "TALK TIME",
            "HOLD TIME",
            "AFTER CALL WORK TIME",
            "ABANDONED",
        ],
        person: &["AGENT", "AGENT NAME"],
        none: &["[None]"],
        date: "TIMESTAMP",
        measures: &[
            count("dials", Some(r#"AGENT IS NOT NULL AND AGENT <> '[None]'"#)),
            count("calls", Some(r#""TALK TIME" > 0"#)),
            sum(
                "handle_seconds",
                r#""TALK TIME" + "HOLD TIME" + "AFTER CALL WORK TIME""#,
                Some(r#""TALK TIME" > 0"#),
            ),
            sum(
                "answer_seconds",
                r#""QUEUE WAIT TIME""#,
                Some(r#""CALL TYPE" = 'Inbound' AND "TALK TIME" > 0"#),
            ),
            count("abandoned", Some("ABANDONED = 1")),
        ],
        params: &[],
        footer: &[],
        currency: None,
        deal: None,
    },
    Preset {
        id: "aircall-calls",
        tool: "an Aircall calls export",
        needs: &[
            "direction",
            "date (TZ offset incl.)",
            "answered",
            "user",
            "duration (total)",
            "duration (in call)",
        ],
        person: &["user"],
        none: &[],
        date: "date (TZ offset incl.)",
        measures: &[
            count("dials", Some("user IS NOT NULL")),
            count("calls", Some("answered = 'Yes'")),
            sum(
                "handle_seconds",
                r#""duration (in call)""#,
                Some("answered = 'Yes'"),
            ),
            sum(
                "answer_seconds",
                r#""duration (total)" - "duration (in call)""#,
                Some("direction = 'inbound' AND answered = 'Yes'"),
            ),
            count(
                "abandoned",
                Some("direction = 'inbound' AND answered = 'No' AND user IS NULL"),
            ),
        ],
        params: &[],
        footer: &[],
        currency: None,
        deal: None,
    },
    Preset {
        id: "genesys-interactions",
        tool: "a Genesys Cloud interactions export",
        needs: &["Users - Interacted", "Date", "Total Handle", "Abandoned"],
        person: &["Users - Interacted"],
        none: &[],
        date: "Date",
        measures: &[
            count(
                "calls",
                Some(r#"coalesce(lower("Abandoned"), 'no') <> 'yes'"#),
            ),
            sum(
                "handle_seconds",
                r#""Total Handle" / 1000"#,
                Some(r#"coalesce(lower("Abandoned"), 'no') <> 'yes'"#),
            ),
            count("abandoned", Some(r#"lower("Abandoned") = 'yes'"#)),
        ],
        params: &[],
        footer: &[],
        currency: None,
        deal: None,
    },
];

/// The preset called `id`.
pub(crate) fn by_id(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// Whether `columns` holds `name`, ignoring case and surrounding spaces.
pub(crate) fn has_column(columns: &[String], name: &str) -> bool {
    columns.iter().any(|c| c.trim().eq_ignore_ascii_case(name))
}

/// The preset whose needed columns are all in the header.
pub(crate) fn recognise(columns: &[String]) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.needs.iter().all(|n| has_column(columns, n)))
}

/// For a file no preset reads: the preset sharing most of its needed columns (at least
/// half of them), with the ones missing.
pub(crate) fn closest(columns: &[String]) -> Option<(&'static Preset, Vec<&'static str>)> {
    PRESETS
        .iter()
        .map(|p| {
            let missing: Vec<&str> = p
                .needs
                .iter()
                .copied()
                .filter(|n| !has_column(columns, n))
                .collect();
            (p, missing)
        })
        .filter(|(p, missing)| missing.len() * 2 <= p.needs.len())
        .min_by_key(|(_, missing)| missing.len())
}

/// `{won}` and the like replaced by the parameter's values as SQL strings.
pub(crate) fn substitute(expr: &str, params: &[(&str, Vec<String>)]) -> String {
    let mut out = expr.to_string();
    for (name, values) in params {
        let list: Vec<String> = values
            .iter()
            .map(|v| format!("'{}'", v.replace('\'', "''")))
            .collect();
        out = out.replace(&format!("{{{name}}}"), &list.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognised_by_needed_columns_in_any_order_and_case() {
        let cols = header(&[
            "Record ID",
            "amount",
            "Deal Stage",
            "Create Date",
            "Close Date",
            "Deal Owner",
        ]);
        assert_eq!(recognise(&cols).map(|p| p.id), Some("hubspot-deals"));
        let cols = header(&["date", "rep", "deals"]);
        assert!(recognise(&cols).is_none());
    }

    #[test]
    fn closest_names_the_missing_columns() {
        let cols = header(&["TIMESTAMP", "AGENT", "CALL TYPE", "TALK TIME", "HOLD TIME"]);
        let (p, missing) = closest(&cols).unwrap();
        assert_eq!(p.id, "five9-call-log");
        assert_eq!(
            missing,
            ["QUEUE WAIT TIME", "AFTER CALL WORK TIME", "ABANDONED"]
        );
    }

    #[test]
    fn stage_parameters_become_sql_strings() {
        let params = vec![("won", vec!["Won".to_string(), "Gagné d'avance".to_string()])];
        assert_eq!(
            substitute(r#""Stage" IN ({won})"#, &params),
            r#""Stage" IN ('Won', 'Gagné d''avance')"#
        );
    }

    #[test]
    fn every_preset_measure_is_a_base_measure() {
        for p in PRESETS {
            for m in p.measures {
                assert!(
                    crate::load::kpi::BASE_MEASURES.contains(&m.name),
                    "{}: {}",
                    p.id,
                    m.name
                );
            }
        }
    }
}
