//! The KPI catalogue: the built-in KPIs of the contract plus a book's `kpis.yaml`,
//! each a formula over base measures compiled once with `exmex`.
//!
//! A KPI is evaluated on *sums* of base measures (a team's conversion is Σdeals /
//! Σleads, never a mean of ratios). A zero or missing denominator, or any non-finite
//! result, is "no data". Status against a target is decided here too, so every
//! renderer agrees.

use std::collections::BTreeMap;
use std::path::Path;

use exmex::prelude::*;
use serde::{Deserialize, Serialize};

use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::base::locale::Locale;
use crate::load::targets::Goal;
use crate::load::yaml::{self, Source, Spanned};

/// How a KPI's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum KpiFormat {
    Currency,
    Integer,
    Number,
    Percent,
    Duration,
    Days,
    Score,
}

/// Which direction is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Better {
    Higher,
    Lower,
}

/// Green, amber or red against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    Green,
    Amber,
    Red,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
        }
    }
}

/// The default amber factor: within 10 % of the target is amber.
pub(crate) const DEFAULT_AMBER: f64 = 0.9;

/// Base measures the built-in catalogue knows; a custom formula may use these or any
/// measure present in the data.
pub(crate) const BASE_MEASURES: &[&str] = &[
    "leads",
    "opportunities",
    "deals",
    "deals_lost",
    "revenue",
    "cycle_days_sum",
    "dials",
    "calls",
    "handle_seconds",
    "answer_seconds",
    "abandoned",
    "available_seconds",
    "busy_seconds",
    "csat_responses",
    "csat_sum",
    "nps_promoters",
    "nps_detractors",
    "nps_responses",
    "crm_interactions",
    "new_customers",
    "lost_customers",
    "customers_start",
    "acquisition_cost",
];

const BUILTIN: &[(&str, &str, KpiFormat, Better)] = &[
    ("revenue", "revenue", KpiFormat::Currency, Better::Higher),
    ("deals", "deals", KpiFormat::Integer, Better::Higher),
    ("leads", "leads", KpiFormat::Integer, Better::Higher),
    (
        "conversion",
        "deals / leads",
        KpiFormat::Percent,
        Better::Higher,
    ),
    (
        "win_rate",
        "deals / opportunities",
        KpiFormat::Percent,
        Better::Higher,
    ),
    (
        "close_rate",
        "deals / (deals + deals_lost)",
        KpiFormat::Percent,
        Better::Higher,
    ),
    (
        "avg_deal",
        "revenue / deals",
        KpiFormat::Currency,
        Better::Higher,
    ),
    (
        "cycle_days",
        "cycle_days_sum / deals",
        KpiFormat::Days,
        Better::Lower,
    ),
    (
        "velocity",
        "opportunities * (deals / opportunities) * (revenue / deals) / (cycle_days_sum / deals)",
        KpiFormat::Currency,
        Better::Higher,
    ),
    (
        "aht",
        "handle_seconds / calls",
        KpiFormat::Duration,
        Better::Lower,
    ),
    (
        "connect_rate",
        "calls / dials",
        KpiFormat::Percent,
        Better::Higher,
    ),
    (
        "asa",
        "answer_seconds / calls",
        KpiFormat::Duration,
        Better::Lower,
    ),
    (
        "abandonment",
        "abandoned / (calls + abandoned)",
        KpiFormat::Percent,
        Better::Lower,
    ),
    (
        "occupancy",
        "busy_seconds / available_seconds",
        KpiFormat::Percent,
        Better::Higher,
    ),
    (
        "csat",
        "csat_sum / csat_responses",
        KpiFormat::Score,
        Better::Higher,
    ),
    (
        "nps",
        "(nps_promoters - nps_detractors) / nps_responses * 100",
        KpiFormat::Score,
        Better::Higher,
    ),
    (
        "crm_interactions",
        "crm_interactions",
        KpiFormat::Integer,
        Better::Higher,
    ),
    (
        "churn",
        "lost_customers / customers_start",
        KpiFormat::Percent,
        Better::Lower,
    ),
    (
        "cac",
        "acquisition_cost / new_customers",
        KpiFormat::Currency,
        Better::Lower,
    ),
];

/// One KPI of the catalogue.
#[derive(Debug, Clone)]
pub(crate) struct Kpi {
    pub(crate) id: String,
    /// Labels from `kpis.yaml`; built-in KPIs take theirs from the locale catalogue.
    pub(crate) labels: BTreeMap<Locale, String>,
    pub(crate) formula: String,
    pub(crate) format: KpiFormat,
    pub(crate) better: Better,
    pub(crate) amber: f64,
    /// One base measure or a sum of them: team targets are sums of personal ones.
    pub(crate) additive: bool,
    /// The base measures the formula reads, in the order `eval` expects them.
    pub(crate) measures: Vec<String>,
    pub(crate) builtin: bool,
    expr: FlatEx<f64>,
}

impl Kpi {
    /// Compiles `formula`; a formula that does not parse is a problem for the caller
    /// to place.
    #[allow(clippy::result_large_err)] // A problem is one Diagnostic (see base::diag).
    fn new(id: &str, formula: &str, format: KpiFormat, better: Better) -> Result<Kpi, Diagnostic> {
        let expr = exmex::parse::<f64>(formula)
            .map_err(|e| Diagnostic::problem(format!("formula does not parse: {e}")))?;
        let measures = expr.var_names().to_vec();
        Ok(Kpi {
            id: id.to_string(),
            labels: BTreeMap::new(),
            formula: formula.to_string(),
            format,
            better,
            amber: DEFAULT_AMBER,
            additive: is_sum_of_measures(formula),
            measures,
            builtin: false,
            expr,
        })
    }

    /// Evaluates on summed base measures given in `self.measures` order. NaN inputs
    /// (missing data) and non-finite results give `None`.
    pub(crate) fn eval(&self, inputs: &[f64]) -> Option<f64> {
        if inputs.iter().any(|v| v.is_nan()) {
            return None;
        }
        let value = self.expr.eval(inputs).ok()?;
        value.is_finite().then_some(value)
    }

    /// Green/amber/red for `actual` against `target` (contract: "Status against target").
    pub(crate) fn status(&self, actual: Option<f64>, target: Option<f64>) -> Option<Status> {
        let (actual, target) = (actual?, target?);
        Some(match self.better {
            Better::Higher if actual >= target => Status::Green,
            Better::Higher if actual >= self.amber * target => Status::Amber,
            Better::Lower if actual <= target => Status::Green,
            Better::Lower if actual <= target / self.amber => Status::Amber,
            _ => Status::Red,
        })
    }

    /// Attainment as a ratio where above 1 is good in both directions: actual/target
    /// for higher-is-better, target/actual for lower-is-better.
    pub(crate) fn attainment(&self, actual: Option<f64>, target: Option<f64>) -> Option<f64> {
        let (actual, target) = (actual?, target?);
        let ratio = match self.better {
            Better::Higher => actual / target,
            Better::Lower => target / actual,
        };
        (ratio.is_finite() && target != 0.0).then_some(ratio)
    }

    /// Status against a goal: a number as [`Kpi::status`]; a band is green inside,
    /// amber within the amber tolerance of the nearer edge (below: ≥ amber × min;
    /// above: ≤ max ÷ amber), red beyond.
    pub(crate) fn status_for(&self, actual: Option<f64>, goal: Option<Goal>) -> Option<Status> {
        match goal? {
            Goal::Value(target) => self.status(actual, Some(target)),
            Goal::Band { min, max } => {
                let actual = actual?;
                Some(match (min, max) {
                    (Some(lo), _) if actual < lo => {
                        if actual >= self.amber * lo {
                            Status::Amber
                        } else {
                            Status::Red
                        }
                    }
                    (_, Some(hi)) if actual > hi => {
                        if actual <= hi / self.amber {
                            Status::Amber
                        } else {
                            Status::Red
                        }
                    }
                    _ => Status::Green,
                })
            }
        }
    }

    /// Attainment against a goal: a number as [`Kpi::attainment`]; a band 1 inside,
    /// value ÷ min below it, max ÷ value above it.
    pub(crate) fn attainment_for(&self, actual: Option<f64>, goal: Option<Goal>) -> Option<f64> {
        match goal? {
            Goal::Value(target) => self.attainment(actual, Some(target)),
            Goal::Band { min, max } => {
                let actual = actual?;
                let ratio = match (min, max) {
                    (Some(lo), _) if actual < lo => actual / lo,
                    (_, Some(hi)) if actual > hi => hi / actual,
                    _ => 1.0,
                };
                ratio.is_finite().then_some(ratio)
            }
        }
    }

    /// The book's own label for exactly `locale`.
    pub(crate) fn custom_label(&self, locale: Locale) -> Option<&str> {
        self.labels.get(&locale).map(String::as_str)
    }

    /// Any of the book's own labels, English first: the fallback for a new KPI in a
    /// locale it has no label for.
    pub(crate) fn any_custom_label(&self) -> Option<&str> {
        self.labels
            .get(&Locale::En)
            .or_else(|| self.labels.values().next())
            .map(String::as_str)
    }
}

/// `revenue`, `deals + deals_partner`: one measure or a sum of measures.
fn is_sum_of_measures(formula: &str) -> bool {
    formula.split('+').all(|term| {
        let term = term.trim();
        !term.is_empty()
            && term.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && term
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
    })
}

/// The built-in catalogue, in the contract's order.
pub(crate) fn builtin() -> Vec<Kpi> {
    BUILTIN
        .iter()
        .map(|&(id, formula, format, better)| {
            let mut kpi =
                Kpi::new(id, formula, format, better).expect("invariant: built-in formulas parse");
            kpi.builtin = true;
            kpi
        })
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KpisFile {
    #[serde(default)]
    kpis: Vec<KpiEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KpiEntry {
    id: Spanned<String>,
    #[serde(default)]
    label: Option<LabelEntry>,
    formula: Option<Spanned<String>>,
    format: Option<KpiFormat>,
    better: Option<Better>,
    amber: Option<Spanned<f64>>,
}

/// `label: "Text"` or `label: { en: "Text", pl: "Tekst" }`. Deserialized by hand:
/// serde's untagged enums buffer values and would lose the key locations.
#[derive(Debug)]
enum LabelEntry {
    One(String),
    PerLocale(yaml::SpannedMap<String>),
}

impl<'de> Deserialize<'de> for LabelEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LabelVisitor;
        impl<'de> serde::de::Visitor<'de> for LabelVisitor {
            type Value = LabelEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a label, or a mapping of locale to label")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LabelEntry, E> {
                Ok(LabelEntry::One(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<LabelEntry, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, String>()? {
                    entries.push(entry);
                }
                Ok(LabelEntry::PerLocale(yaml::SpannedMap(entries)))
            }
        }
        deserializer.deserialize_any(LabelVisitor)
    }
}

/// Builds the catalogue: built-ins, then `kpis.yaml` (if any) adding KPIs or overriding
/// built-in ones by id. `known_measures` are the names a formula may use.
pub(crate) fn load(
    file: Option<(&Path, &str)>,
    known_measures: &[&str],
    diags: &mut Diagnostics,
) -> Vec<Kpi> {
    let mut catalogue = builtin();
    let Some((path, text)) = file else {
        return catalogue;
    };
    let Some(parsed) = yaml::parse::<KpisFile>(path, text, diags) else {
        return catalogue;
    };
    let src = Source { path, text };
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    for entry in parsed.kpis {
        let id = &entry.id;
        if !yaml::check_slug(&src, id, "KPI", diags) {
            continue;
        }
        if seen.insert(id.value.clone(), ()).is_some() {
            diags.push(src.error_at(id, format!("KPI `{}` is defined twice", id.value)));
            continue;
        }
        let existing = catalogue.iter().position(|k| k.id == id.value);
        let mut kpi = match (existing, &entry.formula) {
            (_, Some(formula)) => {
                let Some(kpi) = compile(&src, id, formula, &entry, known_measures, diags) else {
                    continue;
                };
                kpi
            }
            (Some(i), None) => {
                let mut kpi = catalogue[i].clone();
                if let Some(format) = entry.format {
                    kpi.format = format;
                }
                if let Some(better) = entry.better {
                    kpi.better = better;
                }
                kpi
            }
            (None, None) => {
                diags.push(
                    src.error_at(id, format!("new KPI `{}` needs a `formula`", id.value))
                        .with_hint("built-in KPIs can be overridden without one; new ones need e.g. `formula: revenue / deals`"),
                );
                continue;
            }
        };
        if let Some(amber) = &entry.amber {
            if amber.value > 0.0 && amber.value <= 1.0 {
                kpi.amber = amber.value;
            } else {
                diags.push(
                    src.error_at(amber, "`amber` must be a factor between 0 and 1")
                        .with_hint("0.9 makes values within 10 % of the target amber"),
                );
            }
        }
        match &entry.label {
            Some(LabelEntry::One(text)) => {
                kpi.labels = Locale::ALL.iter().map(|&l| (l, text.clone())).collect();
            }
            Some(LabelEntry::PerLocale(map)) => {
                kpi.labels.clear();
                for (locale, text) in &map.0 {
                    if let Some(l) = src.locale(locale, diags) {
                        kpi.labels.insert(l, text.clone());
                    }
                }
            }
            None => {}
        }
        match existing {
            Some(i) => catalogue[i] = kpi,
            None => catalogue.push(kpi),
        }
    }
    catalogue
}

fn compile(
    src: &Source,
    id: &Spanned<String>,
    formula: &Spanned<String>,
    entry: &KpiEntry,
    known_measures: &[&str],
    diags: &mut Diagnostics,
) -> Option<Kpi> {
    let builtin = builtin().into_iter().find(|k| k.id == id.value);
    let format = entry.format.or(builtin.as_ref().map(|k| k.format));
    let better = entry.better.or(builtin.as_ref().map(|k| k.better));
    let mut kpi = match Kpi::new(
        &id.value,
        &formula.value,
        format.unwrap_or(KpiFormat::Number),
        better.unwrap_or(Better::Higher),
    ) {
        Ok(kpi) => kpi,
        Err(problem) => {
            diags.push(src.place(problem, formula));
            return None;
        }
    };
    let mut ok = true;
    for measure in &kpi.measures {
        if !known_measures.contains(&measure.as_str()) {
            let mut d = src.error_at(
                formula,
                format!("formula uses `{measure}`, which is not a base measure"),
            );
            d = d.with_hint(
                did_you_mean(measure, known_measures.iter().copied()).unwrap_or_else(|| {
                    "use a column of the metrics files or a built-in base measure".into()
                }),
            );
            diags.push(d);
            ok = false;
        }
    }
    if kpi.measures.is_empty() {
        diags.push(src.error_at(formula, "formula uses no base measure"));
        ok = false;
    }
    if format.is_none() {
        diags.push(
            src.error_at(id, format!("KPI `{}` needs a `format`", id.value))
                .with_hint("one of currency, integer, number, percent, duration, days, score"),
        );
        ok = false;
    }
    if let Some(b) = builtin {
        kpi.labels = b.labels;
    }
    ok.then_some(kpi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi(id: &str) -> Kpi {
        builtin().into_iter().find(|k| k.id == id).unwrap()
    }

    #[test]
    fn ratios_are_no_data_without_denominator() {
        let conversion = kpi("conversion");
        assert_eq!(conversion.measures, ["deals", "leads"]);
        assert_eq!(conversion.eval(&[3.0, 12.0]), Some(0.25));
        assert_eq!(conversion.eval(&[0.0, 0.0]), None);
        assert_eq!(conversion.eval(&[3.0, 0.0]), None);
        assert_eq!(conversion.eval(&[3.0, f64::NAN]), None);
    }

    #[test]
    fn nps_and_abandonment_formulas() {
        // nps measures in alphabetical order: detractors, promoters, responses.
        let nps = kpi("nps");
        assert_eq!(
            nps.measures,
            ["nps_detractors", "nps_promoters", "nps_responses"]
        );
        assert_eq!(nps.eval(&[10.0, 50.0, 80.0]), Some(50.0));
        let abandonment = kpi("abandonment");
        assert_eq!(abandonment.eval(&[5.0, 95.0]), Some(0.05));
    }

    #[test]
    fn additive_kpis_are_sums_of_measures() {
        let additive: Vec<_> = builtin()
            .into_iter()
            .filter(|k| k.additive)
            .map(|k| k.id)
            .collect();
        assert_eq!(additive, ["revenue", "deals", "leads", "crm_interactions"]);
        assert!(is_sum_of_measures("deals + partner_deals"));
        assert!(!is_sum_of_measures("deals * 2"));
    }

    #[test]
    fn bands_are_green_inside_amber_near_an_edge_red_beyond() {
        let occupancy = builtin()
            .into_iter()
            .find(|k| k.id == "conversion")
            .unwrap();
        let band = Some(Goal::Band {
            min: Some(0.75),
            max: Some(0.85),
        });
        let status = |v: f64| occupancy.status_for(Some(v), band).unwrap();
        // amber 0.9: below down to 0.675, above up to 0.85 / 0.9 = 0.9444…
        assert_eq!(status(0.80), Status::Green);
        assert_eq!(status(0.75), Status::Green);
        assert_eq!(status(0.85), Status::Green);
        assert_eq!(status(0.70), Status::Amber);
        assert_eq!(status(0.675), Status::Amber);
        assert_eq!(status(0.67), Status::Red);
        assert_eq!(status(0.94), Status::Amber);
        assert_eq!(status(0.95), Status::Red);
        let floor = Some(Goal::Band {
            min: Some(240.0),
            max: None,
        });
        assert_eq!(
            occupancy.status_for(Some(900.0), floor),
            Some(Status::Green)
        );
        assert_eq!(occupancy.status_for(Some(200.0), floor), Some(Status::Red));
        assert_eq!(occupancy.attainment_for(Some(120.0), floor), Some(0.5));
        assert_eq!(occupancy.attainment_for(Some(0.8), band), Some(1.0));
    }

    #[test]
    fn status_follows_the_contract() {
        let revenue = kpi("revenue");
        let s = |a, t| revenue.status(Some(a), Some(t));
        assert_eq!(s(100.0, 100.0), Some(Status::Green));
        assert_eq!(s(90.0, 100.0), Some(Status::Amber));
        assert_eq!(s(89.99, 100.0), Some(Status::Red));
        assert_eq!(revenue.status(Some(1.0), None), None);
        let aht = kpi("aht");
        let s = |a, t| aht.status(Some(a), Some(t));
        assert_eq!(s(300.0, 300.0), Some(Status::Green));
        assert_eq!(s(333.0, 300.0), Some(Status::Amber)); // 300 / 0.9 = 333.33
        assert_eq!(s(334.0, 300.0), Some(Status::Red));
        assert_eq!(aht.attainment(Some(250.0), Some(300.0)), Some(1.2));
    }

    fn load_str(text: &str) -> (Vec<Kpi>, Vec<crate::base::diag::Diagnostic>) {
        let mut diags = Diagnostics::new();
        let measures = [BASE_MEASURES, &["partner_deals"]].concat();
        let kpis = load(Some((Path::new("kpis.yaml"), text)), &measures, &mut diags);
        (kpis, diags.sorted())
    }

    #[test]
    fn kpis_yaml_adds_and_overrides() {
        let (kpis, diags) = load_str(
            "kpis:\n  - id: rev_per_call\n    label: { en: Revenue per call, pl: Przychód na rozmowę }\n    formula: revenue / calls\n    format: currency\n  - id: aht\n    amber: 0.8\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let custom = kpis.iter().find(|k| k.id == "rev_per_call").unwrap();
        assert_eq!(custom.custom_label(Locale::Pl), Some("Przychód na rozmowę"));
        assert_eq!(custom.custom_label(Locale::Nb), None);
        assert_eq!(custom.any_custom_label(), Some("Revenue per call"));
        // Measures in alphabetical order: calls, revenue.
        assert_eq!(custom.eval(&[4.0, 100.0]), Some(25.0));
        let aht = kpis.iter().find(|k| k.id == "aht").unwrap();
        assert_eq!(
            (aht.amber, aht.formula.as_str()),
            (0.8, "handle_seconds / calls")
        );
        assert_eq!(kpis.len(), builtin().len() + 1);
    }

    #[test]
    fn unknown_measure_in_formula_is_located() {
        let (_, diags) =
            load_str("kpis:\n  - id: x\n    formula: revenue / deels\n    format: currency\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "formula uses `deels`, which is not a base measure"
        );
        assert_eq!((diags[0].line, diags[0].col), (3, 14));
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `deals`?"));
    }

    #[test]
    fn bad_entries_are_reported() {
        let (_, diags) = load_str(
            "kpis:\n  - id: Bad Id\n    formula: deals\n    format: integer\n  - id: y\n    formula: deals\n  - id: z\n    formula: deals\n    format: integer\n    amber: 2\n  - id: w\n    formula: deals +\n    format: integer\n",
        );
        let messages: Vec<_> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            messages[0],
            (2, "invalid KPI id `Bad Id`: ids become file names")
        );
        assert_eq!(messages[1], (5, "KPI `y` needs a `format`"));
        assert_eq!(
            messages[2],
            (10, "`amber` must be a factor between 0 and 1")
        );
        assert!(
            messages[3].1.starts_with("formula does not parse"),
            "{messages:?}"
        );
    }

    #[test]
    fn unknown_format_suggests() {
        let (_, diags) = load_str("kpis:\n  - id: x\n    formula: deals\n    format: procent\n");
        assert_eq!(diags[0].message, "unknown value `procent`");
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `percent`?"));
    }
}
