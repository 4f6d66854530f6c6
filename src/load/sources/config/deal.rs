//! The deal columns of a deals source: a deals preset's [`PresetDeal`], or a mapping
//! with `kind: deals` and a `deal:` map naming the columns, with `won` and `lost`
//! (the stages of closed deals; every other stage is open).

use serde::Deserialize;

use super::{Input, RawSource, Spec, Text};
use crate::base::diag::Diagnostics;
use crate::load::sources::presets::PresetDeal;
use crate::load::yaml::{Source, Spanned};

/// The deal columns of a deals source. Each field lists candidate columns: the first
/// in the header is used. A column written in sources.yaml (with a location) must be
/// in the header; a preset's optional ones may be missing.
#[derive(Debug, Clone)]
pub(crate) struct DealSpec {
    /// The record or opportunity id; none: the deal's `file:line`.
    pub(crate) id: Vec<Text>,
    pub(crate) name: Vec<Text>,
    /// The column whose value says won or lost (Pipedrive's `Deal - Status`).
    pub(crate) status: Text,
    /// The column shown as the deal's stage.
    pub(crate) stage: Vec<Text>,
    pub(crate) amount: Text,
    pub(crate) close: Vec<Text>,
    pub(crate) created: Vec<Text>,
    pub(crate) probability: Vec<Text>,
    pub(crate) category: Vec<Text>,
    /// Status values of closed deals (won, lost, and e.g. Pipedrive's `deleted`);
    /// lower-cased when `fold_case`.
    pub(crate) closed: Vec<String>,
    /// Whether status values compare ignoring case.
    pub(crate) fold_case: bool,
}

impl DealSpec {
    /// A preset's deal columns, its `won` and `lost` parameters given.
    pub(crate) fn of_preset(deal: &PresetDeal, params: &[(&str, Vec<String>)]) -> DealSpec {
        let fixed = |names: &[&str]| names.iter().map(|n| Text::fixed(n)).collect::<Vec<_>>();
        let mut closed: Vec<String> = params
            .iter()
            .filter(|(name, _)| matches!(*name, "won" | "lost"))
            .flat_map(|(_, values)| values.iter().cloned())
            .chain(deal.also_closed.iter().map(|s| s.to_string()))
            .collect();
        if deal.fold_case {
            closed = closed.iter().map(|s| s.to_lowercase()).collect();
        }
        DealSpec {
            id: fixed(deal.id),
            name: fixed(deal.name),
            status: Text::fixed(deal.status),
            stage: fixed(deal.stage),
            amount: Text::fixed(deal.amount),
            close: fixed(deal.close),
            created: fixed(deal.created),
            probability: fixed(deal.probability),
            category: fixed(deal.category),
            closed,
            fold_case: deal.fold_case,
        }
    }
}

/// `deal:` in sources.yaml: the columns of a deals source, each optional here (a
/// mapping without a preset needs `stage` and `amount`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeal {
    id: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    stage: Option<Spanned<String>>,
    amount: Option<Spanned<String>>,
    close: Option<Spanned<String>>,
    created: Option<Spanned<String>>,
    probability: Option<Spanned<String>>,
    category: Option<Spanned<String>>,
}

/// Whether a source says `kind: deals`.
pub(super) fn is_deals(raw: &RawSource) -> bool {
    raw.kind.as_ref().is_some_and(|k| k.value == "deals")
}

/// `kind`, `deal`, `won` and `lost` of a source, over its preset's deal columns.
pub(super) fn apply(src: &Source, raw: &RawSource, spec: &mut Spec, diags: &mut Diagnostics) {
    if let Some(kind) = &raw.kind
        && kind.value != "deals"
    {
        diags.push(
            src.error_at(kind, format!("unknown kind `{}`", kind.value))
                .with_hint("the one kind is `deals` (a deals export whose open deals are the pipeline); leave `kind` out for other exports"),
        );
        return;
    }
    // A query's keys are checked as a whole (`check_complete`); an unknown preset is
    // the one mistake to show.
    if matches!(spec.input, Input::Postgres { .. })
        || (raw.preset.is_some() && spec.preset.is_none())
    {
        return;
    }
    let deals = is_deals(raw);
    if let (true, Some(preset), None) = (deals, spec.preset, &spec.deal) {
        let kind = raw.kind.as_ref().expect("invariant: kind: deals");
        diags.push(
            src.error_at(
                kind,
                format!("preset `{}` is not a deals export", preset.id),
            )
            .with_hint("the deals presets are hubspot-deals, salesforce-opportunities and pipedrive-deals; leave out `preset` to map the columns yourself"),
        );
        return;
    }
    match (&mut spec.deal, &raw.deal) {
        // A deals preset: `deal:` keys override its columns.
        (Some(spec_deal), Some(map)) => override_columns(spec_deal, &map.value),
        (Some(_), None) => {}
        (None, Some(map)) if !deals => diags.push(
            src.error_at(map, "`deal` maps the columns of a deals source")
                .with_hint("add `kind: deals` to this source (or use a deals preset)"),
        ),
        (None, map) => {
            if let Some(kind) = raw.kind.as_ref().filter(|_| deals) {
                spec.deal = mapped(src, raw, kind, map.as_ref(), diags);
            }
        }
    }
}

/// The deal columns of a mapping with `kind: deals` and no preset.
fn mapped(
    src: &Source,
    raw: &RawSource,
    kind: &Spanned<String>,
    map: Option<&Spanned<RawDeal>>,
    diags: &mut Diagnostics,
) -> Option<DealSpec> {
    let Some(map) = map else {
        diags.push(
            src.error_at(kind, "a `kind: deals` source needs `deal:` naming its columns")
                .with_hint("e.g. `deal: { id: \"Deal ID\", stage: Stage, amount: Amount, close: \"Close date\" }`"),
        );
        return None;
    };
    let d = &map.value;
    let missing: Vec<&str> = [("stage", d.stage.is_none()), ("amount", d.amount.is_none())]
        .into_iter()
        .filter_map(|(k, m)| m.then_some(k))
        .collect();
    if !missing.is_empty() {
        diags.push(
            src.error_at(map, format!("`deal` needs {}", missing.join(" and ")))
                .with_hint("name the column of the deal's stage and of its amount, e.g. `deal: { stage: Stage, amount: Amount }`"),
        );
    }
    let missing: Vec<&str> = [("won", raw.won.is_none()), ("lost", raw.lost.is_none())]
        .into_iter()
        .filter_map(|(k, m)| m.then_some(k))
        .collect();
    if !missing.is_empty() {
        diags.push(
            src.error_at(kind, format!("a `kind: deals` source needs {}", missing.join(" and ")))
                .with_hint("list the stages of closed deals, e.g. `won: [\"Closed Won\"]` and `lost: [\"Closed Lost\"]`: every other stage is open"),
        );
    }
    let (Some(stage), Some(amount), Some(won), Some(lost)) =
        (&d.stage, &d.amount, &raw.won, &raw.lost)
    else {
        return None;
    };
    let one = |t: &Option<Spanned<String>>| t.iter().map(Text::of).collect::<Vec<_>>();
    Some(DealSpec {
        id: one(&d.id),
        name: one(&d.name),
        status: Text::of(stage),
        stage: vec![Text::of(stage)],
        amount: Text::of(amount),
        close: one(&d.close),
        created: one(&d.created),
        probability: one(&d.probability),
        category: one(&d.category),
        closed: won.value.0.iter().chain(&lost.value.0).cloned().collect(),
        fold_case: false,
    })
}

/// A deals preset's columns with the ones `deal:` names instead.
fn override_columns(spec: &mut DealSpec, map: &RawDeal) {
    let fields = [
        (&mut spec.id, &map.id),
        (&mut spec.name, &map.name),
        (&mut spec.close, &map.close),
        (&mut spec.created, &map.created),
        (&mut spec.probability, &map.probability),
        (&mut spec.category, &map.category),
    ];
    for (field, given) in fields {
        if let Some(column) = given {
            *field = vec![Text::of(column)];
        }
    }
    if let Some(stage) = &map.stage {
        spec.status = Text::of(stage);
        spec.stage = vec![Text::of(stage)];
    }
    if let Some(amount) = &map.amount {
        spec.amount = Text::of(amount);
    }
}
