//! Heat-map cells: one KPI of one scope in one period as a status colour, icon and
//! value, on the overview's heat map and the team page's table.

use serde::Serialize;

use crate::compute::Report;
use crate::compute::scores::Scope;
use crate::render::view::{Presenter, cell_status};

#[derive(Serialize)]
pub(crate) struct HeatCell {
    class: &'static str,
    icon: &'static str,
    label: String,
    value: String,
    /// The exact value for sorting the table (static/sort.js), empty without one.
    sort: String,
}

/// The cells of `kpis` for `scope` in `period`.
pub(crate) fn heat_cells(
    p: &Presenter,
    report: &Report,
    scope: &Scope,
    period: usize,
    kpis: &[usize],
) -> Vec<HeatCell> {
    kpis.iter()
        .map(|&k| {
            let cell = scope.cell(period, k);
            let status = cell_status(p, &cell);
            HeatCell {
                class: status.class,
                icon: status.icon,
                label: status.label,
                value: cell
                    .value
                    .map_or_else(String::new, |v| p.value(&report.scores.kpis[k], v)),
                sort: cell.value.map_or_else(String::new, |v| v.to_string()),
            }
        })
        .collect()
}
