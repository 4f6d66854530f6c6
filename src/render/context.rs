//! What every output of a build shares: the [`Renderer`] (book, report, compiled
//! theme, labels and the charts drawn once) and the context every HTML page gets.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::base::diag::Diagnostics;
use crate::base::locale::{Format, Locale, fill};
use crate::base::period::Period;
use crate::compute::Report;
use crate::compute::scores::Scope;
use crate::load::book::Book;
use crate::render::charts::ChartSize;
use crate::render::theme::Theme;
use crate::render::view::{ChartCache, KpiContext, KpiView, Presenter, ScopeId, kpi_view};

/// The book and its report, ready to render: every output function takes one.
pub struct Renderer<'a> {
    pub(crate) book: &'a Book,
    pub(crate) report: &'a Report,
    pub(crate) theme: Theme,
    /// Labels for templates per locale, keys with `.` written as `_` (`site_overview`).
    pub(crate) labels: BTreeMap<Locale, BTreeMap<String, String>>,
    /// Whether PDFs are built, so pages link to them.
    pub(crate) pdf: bool,
    /// The charts drawn before any output (`render::draw_charts`); a chart
    /// that is not here is drawn when a page needs it.
    pub(crate) charts: ChartCache,
}

impl<'a> Renderer<'a> {
    /// Compiles the theme; its errors are pushed to `diags`. `pdf`: whether PDFs are
    /// built, so pages link to them.
    pub fn new(
        book: &'a Book,
        report: &'a Report,
        pdf: bool,
        diags: &mut Diagnostics,
    ) -> Option<Renderer<'a>> {
        // The theme reports into its own list: a template that is not UTF-8 is left
        // out and reported, but when the other templates compile the build has always
        // gone on without a word about it, so its report counts only when the theme
        // fails (then sorted and once each, as ever).
        let mut theme_diags = Diagnostics::new();
        let Some(theme) = Theme::new(&book.templates, &mut theme_diags) else {
            for d in theme_diags.sorted() {
                diags.push(d);
            }
            return None;
        };
        let labels = book
            .labels
            .iter()
            .map(|(&l, c)| {
                (
                    l,
                    c.iter()
                        .map(|(k, v)| (k.replace('.', "_"), v.to_string()))
                        .collect(),
                )
            })
            .collect();
        Some(Renderer {
            book,
            report,
            theme,
            labels,
            pdf,
            charts: ChartCache::default(),
        })
    }

    /// The renderer with the charts every output shares.
    pub fn with_charts(self, charts: ChartCache) -> Self {
        Renderer { charts, ..self }
    }

    pub(crate) fn presenter(&self, locale: Locale) -> Presenter<'_> {
        Presenter {
            format: Format::new(locale, &self.book.settings.currency),
            labels: &self.book.labels[&locale],
            locale,
        }
    }

    /// "Data through 23 Nov 2026": the last day of the metrics, empty without rows.
    pub(crate) fn data_through(&self, p: &Presenter) -> String {
        self.book
            .metrics
            .last_day()
            .map_or_else(String::new, |d| p.format.date(d))
    }

    /// For a period in progress: what it means that totals are judged on pace.
    pub(crate) fn pace_note(&self, p: &Presenter, period: usize) -> String {
        let scores = &self.report.scores;
        match (scores.in_progress.get(period), scores.last_day) {
            (Some(true), Some(day)) => fill(
                p.t("pace_note"),
                &[
                    ("period", &p.format.period_title(scores.periods[period])),
                    ("date", &p.format.day_month(day)),
                ],
            ),
            _ => String::new(),
        }
    }

    fn site_view(&self, p: &Presenter, period: usize, depth: usize) -> SiteView {
        let settings = &self.book.settings;
        let root = rel_root(depth);
        SiteView {
            title: settings.title.clone(),
            description: settings.description.clone().unwrap_or_default(),
            organisation: settings.organisation.clone().unwrap_or_default(),
            logo: settings
                .logo
                .as_ref()
                .map_or_else(String::new, |l| format!("{root}assets/{l}")),
            period_label: p.format.period(self.report.scores.periods[period]),
            report_period: self.report.scores.periods[period].to_string(),
            data_through: self.data_through(p),
            pace_note: self.pace_note(p, period),
            teams: self
                .book
                .roster
                .teams
                .iter()
                .map(|t| Link {
                    label: t.name.clone(),
                    url: format!("{root}teams/{}.html", t.id),
                    current: false,
                })
                .collect(),
            has_handbook: !self.book.chapters.is_empty(),
            has_pulse: !self.book.coaching.is_empty(),
            has_plan: !self.report.plan.rows.is_empty(),
            has_pipeline: self.report.pipeline.at(self.report.scores.report).is_some(),
            publish_scorecards: settings.publish_scorecards,
        }
    }

    /// What every page template gets: the way up to the site's top (`depth` folders
    /// deep), the language, the labels and the site-wide values.
    pub(crate) fn context(
        &self,
        locale: Locale,
        period: usize,
        depth: usize,
        title: &str,
        kind: &str,
    ) -> Context {
        let p = self.presenter(locale);
        let mut ctx = Context::new();
        ctx.insert("root", &rel_root(depth));
        ctx.insert("lang", locale.html_lang());
        ctx.insert("t", &self.labels[&locale]);
        ctx.insert("site", &self.site_view(&p, period, depth));
        ctx.insert("page_title", title);
        ctx.insert("page_kind", kind);
        ctx
    }

    /// The URL of a person's scorecard from a page `depth` deep, when published.
    pub(crate) fn scorecard_url(&self, person: usize, period: Period, depth: usize) -> String {
        let written = self
            .report
            .scores
            .period_index(period)
            .is_some_and(|i| self.has_scorecard(person, i));
        if !self.book.settings.publish_scorecards || !written {
            return String::new();
        }
        format!(
            "{}reps/{}/{period}.html",
            rel_root(depth),
            self.book.roster.people[person].id
        )
    }

    /// Whether the person has data in any period (people without get no scorecard).
    pub(crate) fn has_data(&self, person: usize) -> bool {
        self.report.scores.people[person]
            .has_data
            .iter()
            .any(|&d| d)
    }

    /// Whether the person gets a scorecard for `period`: they have data, and an
    /// active day in it (none before they start, after they leave).
    pub(crate) fn has_scorecard(&self, person: usize, period: usize) -> bool {
        self.has_data(person) && self.report.scores.active(person, period)
    }

    /// How many of a team's members have an active day in `period`.
    pub(crate) fn active_members(&self, team: usize, period: usize) -> usize {
        self.book.roster.teams[team]
            .members
            .iter()
            .filter(|&&m| self.report.scores.active(m, period))
            .count()
    }

    /// The people with data, in roster order.
    pub(crate) fn people_with_data(&self) -> Vec<usize> {
        (0..self.book.roster.people.len())
            .filter(|&p| self.has_data(p))
            .collect()
    }

    /// The KPIs a scope has, in catalogue order.
    pub(crate) fn kpis_of(&self, scope: &Scope) -> Vec<usize> {
        (0..self.report.scores.kpis.len())
            .filter(|&k| scope.has_kpi[k])
            .collect()
    }

    /// The scores of the organisation, a team or a person.
    pub(crate) fn scope(&self, id: ScopeId) -> &'a Scope {
        let scores = &self.report.scores;
        match id {
            ScopeId::Organisation => &scores.organisation,
            ScopeId::Team(t) => &scores.teams[t],
            ScopeId::Person(p) => &scores.people[p],
        }
    }

    /// Every KPI the scope has in `period`, ready to show with its small chart (taken
    /// from the charts drawn for the build when they hold it). `who` names the scope
    /// in the charts' text alternative.
    pub(crate) fn kpi_views(
        &self,
        p: &Presenter,
        id: ScopeId,
        period: usize,
        who: &str,
    ) -> Vec<KpiView> {
        let scope = self.scope(id);
        let ctx = KpiContext {
            report: self.report,
            scope,
            period,
            history: self.book.settings.history,
            who,
            team: self.team_of(id),
            chart: Some(ChartSize::Small),
            cached: Some((&self.charts, id)),
        };
        self.kpis_of(scope)
            .into_iter()
            .map(|k| kpi_view(p, &ctx, k))
            .collect()
    }

    /// The team whose line a scope's charts show: a person's own team; none for a
    /// team or the organisation (their charts are the team's value itself).
    pub(crate) fn team_of(&self, id: ScopeId) -> Option<usize> {
        match id {
            ScopeId::Person(p) => self.book.roster.people[p].team,
            ScopeId::Organisation | ScopeId::Team(_) => None,
        }
    }

    /// The organisation's name on the overview and in its charts.
    pub(crate) fn organisation_name(&self) -> String {
        let settings = &self.book.settings;
        settings
            .organisation
            .clone()
            .unwrap_or_else(|| settings.title.clone())
    }
}

/// The way up from a page `depth` folders deep to the site's top: every link is
/// relative, so the site works from `file://`, any sub-path and inside a zip.
pub(crate) fn rel_root(depth: usize) -> String {
    "../".repeat(depth)
}

/// Site-wide values every page template gets.
#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    organisation: String,
    logo: String,
    period_label: String,
    report_period: String,
    data_through: String,
    /// "November 2026 is in progress: …" when the page's period is; else empty.
    pace_note: String,
    teams: Vec<Link>,
    has_handbook: bool,
    has_pulse: bool,
    has_plan: bool,
    /// The report period has a pipeline (`pipeline.html` is written).
    has_pipeline: bool,
    publish_scorecards: bool,
}

/// A link of a page's navigation.
#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) current: bool,
}
