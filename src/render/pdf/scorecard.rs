//! `pdf/<period>/<person>.pdf`: a person's scorecard as PDF, typeset from the same
//! view as the page ([`scorecard_view`]); charts travel as SVG files.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::render::context::Renderer;
use crate::render::html::development::DevelopmentView;
use crate::render::html::pipeline::PersonPipelineView;
use crate::render::html::plan::FunnelView;
use crate::render::html::scorecard::scorecard_view;
use crate::render::pdf::PdfJob;

use crate::render::view::{KpiView, StatusCounts};

#[derive(Serialize)]
struct PersonData<'a> {
    name: &'a str,
    /// "rep · Contact Center · Manager: Żaneta Dąbrowska"
    details: String,
}

#[derive(Serialize)]
struct ScorecardData<'a> {
    lang: &'a str,
    title: &'a str,
    organisation: &'a str,
    data_through: String,
    period_label: &'a str,
    labels: &'a BTreeMap<String, String>,
    person: PersonData<'a>,
    place: &'a str,
    /// Active days and ramp when they cut the targets, and the pace note; else "".
    active: &'a str,
    ramp: &'a str,
    pace_note: &'a str,
    counts: &'a StatusCounts,
    kpis: &'a [KpiView],
    development: &'a Option<DevelopmentView>,
    funnel: &'a Option<FunnelView>,
    pipeline: &'a Option<PersonPipelineView>,
}

/// What the scorecard of `person` for `period` is typeset from.
pub(crate) fn scorecard_job(r: &Renderer, person: usize, period: usize) -> PdfJob {
    let book = r.book;
    let who = &book.roster.people[person];
    let locale = who.locale.unwrap_or(book.settings.locale);
    let p = r.presenter(locale);
    let mut view = scorecard_view(r, &p, person, period);

    // Charts travel as files; the view points at them by virtual path.
    let mut files = Vec::with_capacity(view.kpis.len() + 1);
    for kpi in &mut view.kpis {
        if !kpi.chart.is_empty() {
            let path = format!("/charts/{}.svg", kpi.id);
            files.push((path.clone(), std::mem::take(&mut kpi.chart).into_bytes()));
            kpi.chart = path;
        }
    }
    let mut details = vec![view.role.clone()];
    if !view.team_name.is_empty() {
        details.push(view.team_name.clone());
    }
    if !view.manager.is_empty() {
        details.push(format!("{}: {}", p.t("manager"), view.manager));
    }
    let data = ScorecardData {
        lang: locale.html_lang(),
        title: &book.settings.title,
        organisation: book.settings.organisation.as_deref().unwrap_or(""),
        data_through: r.data_through(&p),
        period_label: &view.period_label,
        labels: &r.labels[&locale],
        person: PersonData {
            name: &who.name,
            details: details.join(" · "),
        },
        place: &view.place,
        active: &view.active,
        ramp: &view.ramp,
        pace_note: &view.pace_note,
        counts: &view.counts,
        kpis: &view.kpis,
        development: &view.development,
        funnel: &view.funnel,
        pipeline: &view.pipeline,
    };
    files.push((
        "/data.json".to_string(),
        serde_json::to_vec(&data).expect("invariant: view values serialise"),
    ));
    PdfJob {
        main: "scorecard.typ",
        files,
    }
}
