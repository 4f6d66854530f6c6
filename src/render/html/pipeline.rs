//! The pipeline on the site, read from [`crate::compute::pipeline`]: `pipeline.html`
//! (the organisation, each team and its people, the slipped and stale deals), the
//! pipeline block of the overview and team pages, a person's open deals (the same
//! view on the scorecard page, in the PDF and in the e-mail) and the deal items of the
//! 1:1 agenda. Every number reaches the templates formatted in the page's locale.
//!
//! Coverage is judged by the usual rule of thumb of sales planning: open pipeline of
//! about three times the target is healthy ([`HEALTHY_COVERAGE`]), two to three is
//! thin, under two ([`THIN_COVERAGE`]) is short.

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::base::locale::fill;
use crate::compute::pipeline::{Deal, Measures, PeriodPipeline, STALE_CYCLES};
use crate::load::sources::aggregate::Owner;
use crate::load::sources::deals::Category;
use crate::render::context::Renderer;
use crate::render::view::Presenter;

/// Coverage from which a pipeline is healthy: the ~3× rule of thumb.
pub(crate) const HEALTHY_COVERAGE: f64 = 3.0;
/// Coverage under which a pipeline is short; between this and healthy it is thin.
pub(crate) const THIN_COVERAGE: f64 = 2.0;
/// The coverage a full gauge shows (the healthy mark then stands at three quarters).
const GAUGE_MAX: f64 = 4.0;
/// A person's open deals shown on their scorecard, PDF and e-mail: the largest.
pub(crate) const SCORECARD_DEALS: usize = 10;
/// Deals in each of the slipped and stale lists of `pipeline.html`.
const LIST_DEALS: usize = 50;
/// Deal items of a 1:1 agenda.
const AGENDA_DEALS: usize = 6;

/// healthy | thin | short, by the rule of thumb.
pub(crate) fn coverage_band(coverage: f64) -> &'static str {
    if coverage >= HEALTHY_COVERAGE {
        "healthy"
    } else if coverage >= THIN_COVERAGE {
        "thin"
    } else {
        "short"
    }
}

/// An amount of money: whole units from a thousand up or when it has no cents.
pub(crate) fn money(p: &Presenter, v: f64) -> String {
    let whole = v.abs() >= 1000.0 || v.fract() == 0.0;
    p.format.currency(v, if whole { 0 } else { 2 })
}

/// A coverage ratio: `2.4×`, `2,4×`.
fn times(p: &Presenter, v: f64) -> String {
    format!("{}×", p.format.number(v, 1))
}

/// A multiple of the rule of thumb: `3×`, `2.5×`.
fn rule_times(p: &Presenter, v: f64) -> String {
    format!("{}×", p.format.number(v, usize::from(v.fract() != 0.0)))
}

/// A coverage figure with its band, ready to show as a gauge.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Coverage {
    /// `2.4×`
    pub(crate) value: String,
    /// healthy | thin | short
    pub(crate) band: &'static str,
    pub(crate) label: String,
    /// The gauge's fill, in % of [`GAUGE_MAX`] (a CSS width, `.` decimals).
    pub(crate) width: String,
    /// Where the gauge marks the thin and the healthy coverage, in %.
    pub(crate) thin_mark: String,
    pub(crate) healthy_mark: String,
}

/// A coverage as a CSS width in % of the full gauge.
fn gauge(v: f64) -> String {
    format!("{:.1}", (v / GAUGE_MAX).clamp(0.0, 1.0) * 100.0)
}

fn coverage(p: &Presenter, v: Option<f64>) -> Option<Coverage> {
    let v = v?;
    let band = coverage_band(v);
    Some(Coverage {
        value: times(p, v),
        band,
        label: p.t(&format!("pipeline.band.{band}")).to_string(),
        width: gauge(v),
        thin_mark: gauge(THIN_COVERAGE),
        healthy_mark: gauge(HEALTHY_COVERAGE),
    })
}

/// One scope's pipeline measures, formatted; empty strings where not applicable.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct MeasuresView {
    /// "Closing in November 2026", "Rest of October 2026": the captions of the
    /// next-period and rest-of-period figures.
    pub(crate) closing_label: String,
    pub(crate) rest_label: String,
    /// "12 open deals"
    pub(crate) open_deals: String,
    pub(crate) open_count: usize,
    pub(crate) open_amount: String,
    pub(crate) weighted_amount: String,
    pub(crate) next_amount: String,
    pub(crate) next_target: String,
    pub(crate) coverage_next: Option<Coverage>,
    /// A period in progress: open amount closing by its end, what is still to win,
    /// and their ratio.
    pub(crate) closing_amount: String,
    pub(crate) remaining: String,
    pub(crate) coverage: Option<Coverage>,
    /// `None` without two snapshots to compare.
    pub(crate) has_slipped: bool,
    pub(crate) slipped_deals: String,
    pub(crate) slipped_amount: String,
    pub(crate) has_stale: bool,
    pub(crate) stale_deals: String,
    /// The open amount per forecast category.
    pub(crate) categories: CategoryBar,
}

/// `m` at the snapshot of `pp`, its category bar in % of `scale`.
fn measures_view(
    r: &Renderer,
    p: &Presenter,
    pp: &PeriodPipeline,
    m: &Measures,
    scale: f64,
) -> MeasuresView {
    let opt = |v: Option<f64>| v.map_or_else(String::new, |v| money(p, v));
    let in_progress = pp.in_progress;
    let period = p.format.period(r.report.scores.periods[pp.period]);
    MeasuresView {
        closing_label: fill(
            p.t("pipeline.closing_in"),
            &[("period", &p.format.period(pp.next))],
        ),
        rest_label: fill(p.t("pipeline.rest_of"), &[("period", &period)]),
        open_deals: p.count("pipeline.open_deals_count", m.open_deals),
        open_count: m.open_deals,
        open_amount: money(p, m.open_amount),
        weighted_amount: opt(m.weighted_amount),
        next_amount: money(p, m.next_amount),
        next_target: opt(m.next_target),
        coverage_next: coverage(p, m.coverage_next),
        closing_amount: if in_progress {
            money(p, m.closing_amount)
        } else {
            String::new()
        },
        remaining: opt(m.remaining.filter(|_| in_progress)),
        coverage: coverage(p, m.coverage.filter(|_| in_progress)),
        has_slipped: m.slipped_deals.is_some(),
        slipped_deals: m.slipped_deals.map_or_else(String::new, |n| n.to_string()),
        slipped_amount: opt(m.slipped_amount),
        has_stale: m.stale_deals.is_some(),
        stale_deals: m.stale_deals.map_or_else(String::new, |n| n.to_string()),
        categories: category_bar(p, m, scale),
    }
}

/// The keys of [`Measures::by_category`]'s slots: the categories, then none.
fn category_keys() -> [&'static str; 5] {
    let [a, b, c, d] = Category::ALL.map(Category::key);
    [a, b, c, d, "none"]
}

/// One part of a stacked bar.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Segment {
    pub(crate) key: &'static str,
    pub(crate) label: String,
    pub(crate) amount: String,
    /// % of the bar's scale (a CSS width).
    pub(crate) width: String,
}

/// Open amount by forecast category as a stacked horizontal bar.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct CategoryBar {
    pub(crate) segments: Vec<Segment>,
    /// "Commit €10,000, Best case €5,000": the bar in words.
    pub(crate) alt: String,
}

/// The bar of `m`, its lengths in % of `scale` (the largest amount the bars beside
/// it show, so they compare).
fn category_bar(p: &Presenter, m: &Measures, scale: f64) -> CategoryBar {
    let segments: Vec<Segment> = category_keys()
        .into_iter()
        .zip(m.by_category)
        .filter(|&(_, amount)| amount > 0.0)
        .map(|(key, amount)| Segment {
            key,
            label: p.t(&format!("pipeline.category.{key}")).to_string(),
            amount: money(p, amount),
            width: if scale > 0.0 {
                format!("{:.2}", (amount / scale * 100.0).min(100.0))
            } else {
                "0".to_string()
            },
        })
        .collect();
    let alt = segments
        .iter()
        .map(|s| format!("{} {}", s.label, s.amount))
        .collect::<Vec<_>>()
        .join(", ");
    CategoryBar { segments, alt }
}

/// The legend of the category bars: the slots any bar of the page uses.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct LegendItem {
    key: &'static str,
    label: String,
}

fn legend(p: &Presenter, m: &Measures) -> Vec<LegendItem> {
    category_keys()
        .into_iter()
        .zip(m.by_category)
        .filter(|&(_, amount)| amount > 0.0)
        .map(|(key, _)| LegendItem {
            key,
            label: p.t(&format!("pipeline.category.{key}")).to_string(),
        })
        .collect()
}

/// One open deal, formatted.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct DealView {
    pub(crate) name: String,
    pub(crate) owner: String,
    /// The owner's scorecard, when published; else empty.
    pub(crate) owner_url: String,
    pub(crate) stage: String,
    pub(crate) category: String,
    pub(crate) close: String,
    /// The close date as YYYY-MM-DD, for sorting the table (static/sort.js).
    pub(crate) close_iso: String,
    /// Slipped: the close date of the snapshot before.
    pub(crate) previous_close: String,
    pub(crate) amount: String,
    /// "190 days" since creation; empty without a create date.
    pub(crate) age: String,
    /// Twice the sales cycle it is judged by ("90 days"); empty without one.
    pub(crate) limit: String,
    pub(crate) slipped: bool,
    pub(crate) stale: bool,
    /// The close date is before the snapshot, and the deal is still open.
    pub(crate) overdue: bool,
}

/// Who owns a deal, by name.
fn owner_name(r: &Renderer, owner: Owner) -> String {
    let roster = &r.book.roster;
    match owner {
        Owner::Person(p) => roster.people[p as usize].name.clone(),
        Owner::Team(t) => roster.teams[t as usize].name.clone(),
        Owner::Organisation => r.organisation_name(),
    }
}

/// The average sales cycle a deal of `owner` is judged by: their team's, else the
/// organisation's.
fn cycle_of(r: &Renderer, pp: &PeriodPipeline, owner: Owner) -> Option<f64> {
    let team = match owner {
        Owner::Person(p) => r.book.roster.people[p as usize].team,
        Owner::Team(t) => Some(t as usize),
        Owner::Organisation => None,
    };
    team.and_then(|t| pp.team_cycle.get(t).copied().flatten())
        .or(pp.organisation_cycle)
}

/// A deal as a page `depth` deep shows it.
pub(crate) fn deal_view(
    r: &Renderer,
    p: &Presenter,
    pp: &PeriodPipeline,
    d: &Deal,
    depth: usize,
) -> DealView {
    let period = r.report.scores.periods[pp.period];
    let date = |d: Option<jiff::civil::Date>| d.map_or_else(String::new, |d| p.format.date(d));
    DealView {
        name: d.name.clone().unwrap_or_else(|| d.id.clone()),
        owner: owner_name(r, d.owner),
        owner_url: match d.owner {
            Owner::Person(i) => r.scorecard_url(i as usize, period, depth),
            _ => String::new(),
        },
        stage: d.stage.clone(),
        category: d.category.map_or_else(String::new, |c| {
            p.t(&format!("pipeline.category.{}", c.key())).to_string()
        }),
        close: date(d.close),
        close_iso: d.close.map_or_else(String::new, |d| d.to_string()),
        previous_close: date(d.previous_close),
        amount: money(p, d.amount),
        age: d
            .age_days
            .map_or_else(String::new, |a| p.format.days(a.max(0) as f64)),
        limit: cycle_of(r, pp, d.owner)
            .map_or_else(String::new, |c| p.format.days(STALE_CYCLES * c)),
        slipped: d.slipped,
        stale: d.stale,
        overdue: d.close.is_some_and(|c| c < pp.snapshot),
    }
}

/// A person's pipeline on their scorecard, PDF and e-mail.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct PersonPipelineView {
    /// "At the snapshot of 31 October 2026"
    pub(crate) snapshot: String,
    /// The period after, in a sentence: "November 2026".
    pub(crate) next: String,
    /// The measures in one line: "8 open deals · €120,000 · …".
    pub(crate) summary: String,
    pub(crate) measures: MeasuresView,
    /// The largest open deals (at most [`SCORECARD_DEALS`]), by close date.
    pub(crate) deals: Vec<DealView>,
    /// "and 4 more" when some are left out; else empty.
    pub(crate) more: String,
}

/// The measures of a scope in one line of text, for the scorecard, PDF and e-mail.
fn summary(p: &Presenter, m: &MeasuresView, next: &str) -> String {
    let mut parts = vec![format!("{}: {}", m.open_deals, m.open_amount)];
    if !m.weighted_amount.is_empty() {
        parts.push(fill(
            p.t("pipeline.weighted_line"),
            &[("amount", &m.weighted_amount)],
        ));
    }
    parts.push(match &m.coverage_next {
        Some(c) => fill(
            p.t("pipeline.next_coverage_line"),
            &[
                ("period", next),
                ("amount", &m.next_amount),
                ("coverage", &c.value),
                ("band", &c.label.to_lowercase()),
            ],
        ),
        None => fill(
            p.t("pipeline.next_line"),
            &[("period", next), ("amount", &m.next_amount)],
        ),
    });
    if let Some(c) = &m.coverage {
        parts.push(fill(
            p.t("pipeline.rest_line"),
            &[
                ("amount", &m.closing_amount),
                ("remaining", &m.remaining),
                ("coverage", &c.value),
            ],
        ));
    }
    if m.has_slipped {
        parts.push(fill(
            p.t("pipeline.slipped_line"),
            &[("n", &m.slipped_deals), ("amount", &m.slipped_amount)],
        ));
    }
    if m.has_stale {
        parts.push(fill(p.t("pipeline.stale_line"), &[("n", &m.stale_deals)]));
    }
    parts.join(" · ")
}

/// `person`'s pipeline in `period`; `None` without one (no snapshot in the period,
/// or no open deal and no revenue target).
pub(crate) fn person_view(
    r: &Renderer,
    p: &Presenter,
    person: usize,
    period: usize,
    depth: usize,
) -> Option<PersonPipelineView> {
    let pp = r.report.pipeline.at(period)?;
    let m = pp.people.get(person)?.as_ref()?;
    let mine: Vec<&Deal> = pp.deals_of(person).collect();
    let mut largest: Vec<usize> = (0..mine.len()).collect();
    largest.sort_by(|&a, &b| mine[b].amount.total_cmp(&mine[a].amount).then(a.cmp(&b)));
    largest.truncate(SCORECARD_DEALS);
    // Shown in the order compute gives them: by close date.
    largest.sort_unstable();
    let scale = m.open_amount;
    let measures = measures_view(r, p, pp, m, scale);
    let next = p.format.period(pp.next);
    Some(PersonPipelineView {
        snapshot: fill(
            p.t("pipeline.at_snapshot"),
            &[("date", &p.format.date(pp.snapshot))],
        ),
        summary: summary(p, &measures, &next),
        next,
        measures,
        deals: largest
            .iter()
            .map(|&i| deal_view(r, p, pp, mine[i], depth))
            .collect(),
        more: if mine.len() > SCORECARD_DEALS {
            fill(
                p.t("pipeline.more"),
                &[("n", &(mine.len() - SCORECARD_DEALS).to_string())],
            )
        } else {
            String::new()
        },
    })
}

/// The 1:1 agenda's deal items for `person` in `period`: their slipped and stale
/// deals, slipped first, the largest first, each saying what happened.
pub(crate) fn agenda_items(
    r: &Renderer,
    p: &Presenter,
    person: usize,
    period: usize,
) -> Vec<String> {
    let Some(pp) = r.report.pipeline.at(period) else {
        return Vec::new();
    };
    let mut flagged: Vec<&Deal> = pp
        .deals_of(person)
        .filter(|d| d.slipped || d.stale)
        .collect();
    flagged.sort_by(|a, b| {
        b.slipped
            .cmp(&a.slipped)
            .then(b.amount.total_cmp(&a.amount))
    });
    let total = flagged.len();
    let mut items: Vec<String> = flagged
        .into_iter()
        .take(AGENDA_DEALS)
        .map(|d| {
            let v = deal_view(r, p, pp, d, 0);
            let mut what = Vec::new();
            if d.slipped {
                what.push(fill(
                    p.t("pipeline.moved"),
                    &[("from", &v.previous_close), ("to", &v.close)],
                ));
            }
            if d.stale {
                what.push(fill(
                    p.t("pipeline.aged"),
                    &[("age", &v.age), ("limit", &v.limit)],
                ));
            }
            format!("{} ({}): {}", v.name, v.amount, what.join("; "))
        })
        .collect();
    if total > AGENDA_DEALS {
        items.push(fill(
            p.t("pipeline.more_deals"),
            &[("n", &(total - AGENDA_DEALS).to_string())],
        ));
    }
    items
}

/// The pipeline block of the overview (`team: None`) or a team page.
#[derive(Serialize, Debug)]
pub(crate) struct BlockView {
    /// "At the snapshot of 31 October 2026"
    pub(crate) snapshot: String,
    pub(crate) m: MeasuresView,
    /// `pipeline.html`, at the team's section for a team.
    pub(crate) url: String,
}

/// The block of the report period, from a page `depth` deep; `None` without a
/// pipeline for the scope.
pub(crate) fn block(
    r: &Renderer,
    p: &Presenter,
    team: Option<usize>,
    depth: usize,
) -> Option<BlockView> {
    let pp = r.report.pipeline.at(r.report.scores.report)?;
    let m = match team {
        Some(t) => pp.teams.get(t)?.as_ref()?,
        None => &pp.organisation,
    };
    let root = crate::render::context::rel_root(depth);
    Some(BlockView {
        snapshot: fill(
            p.t("pipeline.at_snapshot"),
            &[("date", &p.format.date(pp.snapshot))],
        ),
        m: measures_view(r, p, pp, m, m.open_amount),
        url: match team {
            Some(t) => format!("{root}pipeline.html#team-{}", r.book.roster.teams[t].id),
            None => format!("{root}pipeline.html"),
        },
    })
}

/// "October 2026 is in progress" for the rest-of-period coverage; else empty.
fn in_progress(r: &Renderer, p: &Presenter, pp: &PeriodPipeline) -> String {
    if pp.in_progress {
        p.format.period(r.report.scores.periods[pp.period])
    } else {
        String::new()
    }
}

/// A person's row in a team's table on `pipeline.html`.
#[derive(Serialize, Debug)]
struct PersonRow {
    name: String,
    url: String,
    role: String,
    m: MeasuresView,
}

/// A team's section on `pipeline.html`.
#[derive(Serialize, Debug)]
struct TeamSection {
    id: String,
    name: String,
    url: String,
    m: MeasuresView,
    people: Vec<PersonRow>,
}

/// A row of the organisation's bars: a team and its categories.
#[derive(Serialize, Debug)]
struct TeamBar {
    name: String,
    anchor: String,
    total: String,
    bar: CategoryBar,
}

/// The people of `members` with a pipeline, a row each, their bars scaled to the
/// largest of them.
fn people_rows(
    r: &Renderer,
    p: &Presenter,
    pp: &PeriodPipeline,
    members: &[usize],
) -> Vec<PersonRow> {
    let period = r.report.scores.periods[pp.period];
    let with: Vec<(usize, &Measures)> = members
        .iter()
        .filter_map(|&i| Some((i, pp.people.get(i)?.as_ref()?)))
        .collect();
    let scale = with.iter().map(|(_, m)| m.open_amount).fold(0.0, f64::max);
    with.into_iter()
        .map(|(i, m)| {
            let person = &r.book.roster.people[i];
            PersonRow {
                name: person.name.clone(),
                url: r.scorecard_url(i, period, 0),
                role: person.role.clone(),
                m: measures_view(r, p, pp, m, scale),
            }
        })
        .collect()
}

/// `pipeline.html` for the report period; `None` (and nothing written) without a
/// pipeline in it.
pub(crate) fn page(r: &Renderer, diags: &mut Diagnostics) -> Option<String> {
    let report = r.report;
    let book = r.book;
    let period = report.scores.report;
    let pp = report.pipeline.at(period)?;
    let locale = book.settings.locale;
    let p = r.presenter(locale);
    let period_label = p.format.period(report.scores.periods[period]);
    let next = p.format.period(pp.next);
    let org = &pp.organisation;

    let team_scale = pp
        .teams
        .iter()
        .flatten()
        .map(|m| m.open_amount)
        .fold(0.0, f64::max);
    let mut teams: Vec<TeamSection> = Vec::new();
    let mut bars: Vec<TeamBar> = Vec::new();
    for (t, team) in book.roster.teams.iter().enumerate() {
        let Some(m) = pp.teams.get(t).and_then(Option::as_ref) else {
            continue;
        };
        let view = measures_view(r, &p, pp, m, m.open_amount);
        bars.push(TeamBar {
            name: team.name.clone(),
            anchor: format!("team-{}", team.id),
            total: view.open_amount.clone(),
            bar: category_bar(&p, m, team_scale),
        });
        teams.push(TeamSection {
            id: team.id.clone(),
            name: team.name.clone(),
            url: format!("teams/{}.html", team.id),
            m: view,
            people: people_rows(r, &p, pp, &team.members),
        });
    }
    // People outside every team who carry a pipeline (a director who sells).
    let loners: Vec<usize> = (0..book.roster.people.len())
        .filter(|&i| book.roster.people[i].team.is_none())
        .collect();
    let loners = people_rows(r, &p, pp, &loners);

    let mut slipped: Vec<&Deal> = pp.deals.iter().filter(|d| d.slipped).collect();
    slipped.sort_by(|a, b| b.amount.total_cmp(&a.amount));
    let mut stale: Vec<&Deal> = pp.deals.iter().filter(|d| d.stale).collect();
    stale.sort_by(|a, b| {
        b.age_days
            .cmp(&a.age_days)
            .then(b.amount.total_cmp(&a.amount))
    });
    let list = |deals: &[&Deal]| -> (Vec<DealView>, String) {
        let shown = deals
            .iter()
            .take(LIST_DEALS)
            .map(|d| deal_view(r, &p, pp, d, 0))
            .collect();
        let more = if deals.len() > LIST_DEALS {
            fill(
                p.t("pipeline.more"),
                &[("n", &(deals.len() - LIST_DEALS).to_string())],
            )
        } else {
            String::new()
        };
        (shown, more)
    };
    let (slipped_view, slipped_more) = list(&slipped);
    let (stale_view, stale_more) = list(&stale);

    let intro = match pp.previous {
        Some(before) => fill(
            p.t("pipeline.intro_compared"),
            &[
                ("date", &p.format.date(pp.snapshot)),
                ("previous", &p.format.date(before)),
            ],
        ),
        None => fill(
            p.t("pipeline.intro"),
            &[("date", &p.format.date(pp.snapshot))],
        ),
    };
    let rule = fill(
        p.t("pipeline.rule"),
        &[
            ("healthy", &rule_times(&p, HEALTHY_COVERAGE)),
            ("thin", &rule_times(&p, THIN_COVERAGE)),
        ],
    );
    let stale_rule = fill(
        p.t("pipeline.stale_rule"),
        &[("n", &p.format.number(STALE_CYCLES, 0))],
    );

    let mut ctx = r.context(locale, period, 0, p.t("pipeline.title"), "pipeline");
    ctx.insert("period_label", &period_label);
    ctx.insert("next", &next);
    ctx.insert("intro", &intro);
    ctx.insert("rule", &rule);
    ctx.insert("stale_rule", &stale_rule);
    ctx.insert("in_progress", &in_progress(r, &p, pp));
    ctx.insert("organisation_name", &r.organisation_name());
    ctx.insert("org", &measures_view(r, &p, pp, org, org.open_amount));
    ctx.insert("legend", &legend(&p, org));
    ctx.insert(
        "has_categories",
        &org.by_category[..4].iter().any(|&a| a > 0.0),
    );
    ctx.insert("bars", &bars);
    ctx.insert("teams", &teams);
    ctx.insert("loners", &loners);
    ctx.insert("can_slip", &pp.previous.is_some());
    ctx.insert("slipped", &slipped_view);
    ctx.insert("slipped_more", &slipped_more);
    ctx.insert("can_stale", &org.stale_deals.is_some());
    ctx.insert("stale", &stale_view);
    ctx.insert("stale_more", &stale_more);
    r.theme.render("pipeline.html", &ctx, diags)
}

/// The pipeline shortcode of a chapter: the organisation's (or a team's) coverage,
/// open amount, slipped and stale deals in a sentence and a few figures; a sentence
/// saying there is nothing to show without a deals export.
#[derive(Serialize, Debug)]
pub(crate) struct ShortcodeView {
    pub(crate) has_pipeline: bool,
    pub(crate) who: String,
    pub(crate) text: String,
    pub(crate) m: Option<MeasuresView>,
    pub(crate) next: String,
}

pub(crate) fn shortcode_view(r: &Renderer, p: &Presenter, team: Option<usize>) -> ShortcodeView {
    let who = match team {
        Some(t) => r.book.roster.teams[t].name.clone(),
        None => r.organisation_name(),
    };
    let pp = r.report.pipeline.at(r.report.scores.report);
    let m = pp.and_then(|pp| match team {
        Some(t) => pp.teams.get(t)?.as_ref(),
        None => Some(&pp.organisation),
    });
    let (Some(pp), Some(m)) = (pp, m) else {
        // An export without a snapshot in this period (or without this team's deals)
        // is not "no export".
        let text = if r.book.metrics.deals.is_empty() {
            fill(p.t("pipeline.shortcode_none"), &[("who", &who)])
        } else {
            let period = p
                .format
                .period(r.report.scores.periods[r.report.scores.report]);
            fill(
                p.t("pipeline.shortcode_no_snapshot"),
                &[("who", &who), ("period", &period)],
            )
        };
        return ShortcodeView {
            has_pipeline: false,
            text,
            who,
            m: None,
            next: String::new(),
        };
    };
    let view = measures_view(r, p, pp, m, m.open_amount);
    let next = p.format.period(pp.next);
    let mut text = fill(
        p.t("pipeline.shortcode_open"),
        &[
            ("date", &p.format.date(pp.snapshot)),
            ("who", &who),
            ("deals", &view.open_deals),
            ("amount", &view.open_amount),
        ],
    );
    text.push(' ');
    text.push_str(&match &view.coverage_next {
        Some(c) => fill(
            p.t("pipeline.shortcode_coverage"),
            &[
                ("amount", &view.next_amount),
                ("period", &next),
                ("coverage", &c.value),
                ("target", &view.next_target),
                ("band", &c.label.to_lowercase()),
            ],
        ),
        None => fill(
            p.t("pipeline.shortcode_next"),
            &[("amount", &view.next_amount), ("period", &next)],
        ),
    });
    if view.has_slipped {
        text.push(' ');
        text.push_str(&fill(
            p.t("pipeline.shortcode_slipped"),
            &[("n", &view.slipped_deals), ("amount", &view.slipped_amount)],
        ));
    }
    if view.has_stale {
        text.push(' ');
        text.push_str(&fill(
            p.t("pipeline.shortcode_stale"),
            &[("n", &view.stale_deals)],
        ));
    }
    ShortcodeView {
        has_pipeline: true,
        who,
        text,
        m: Some(view),
        next,
    }
}
