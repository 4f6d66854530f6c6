//! `pulse.html`, the manager's pulse page: people × weeks against the coaching
//! rhythm, who needs a 1:1, overdue actions and goals off track — counts, dates and
//! statuses only (no feedback, no action or goal texts: those stay on each person's
//! own scorecard).

use jiff::civil::Date;
use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::base::locale::fill;
use crate::compute::pulse::{GoalStatus, PersonPulse};
use crate::load::coaching::{Frequency, Kind, Touchpoint};
use crate::render::context::Renderer;
use crate::render::html::development::{PulseView, kind_label, pulse_view, short_label};
use crate::render::view::Presenter;

#[derive(Serialize)]
struct WeekColumn {
    label: String,
    date: String,
}

#[derive(Serialize)]
struct WeekCell {
    /// Short labels of the touchpoints held that week (`1:1`, `C`…).
    held: Vec<String>,
    /// The same in words, for the cell's tooltip.
    title: String,
    /// A planned weekly 1:1 that did not happen.
    missed: bool,
}

#[derive(Serialize)]
struct PulseRow {
    name: String,
    url: String,
    weeks: Vec<WeekCell>,
    pulse: PulseView,
}

#[derive(Serialize)]
struct PulseGroup {
    name: String,
    rows: Vec<PulseRow>,
}

#[derive(Serialize)]
struct Named {
    name: String,
    url: String,
    detail: String,
}

/// Weeks shown on the pulse page.
const PULSE_WEEKS: usize = 8;

/// The pulse page of the report period.
pub(crate) fn page(r: &Renderer, diags: &mut Diagnostics) -> Option<String> {
    let report = r.report;
    let locale = r.book.settings.locale;
    let p = r.presenter(locale);
    let period = report.scores.report;
    let end = report
        .pulse
        .as_of(period, report.scores.periods[period].end());
    let mondays = mondays(end);
    let columns: Vec<WeekColumn> = mondays
        .iter()
        .map(|m| WeekColumn {
            label: fill(
                p.t("pulse.week"),
                &[("n", &m.iso_week_date().week().to_string())],
            ),
            date: p.format.date(*m),
        })
        .collect();
    let (needs_one_on_one, overdue) = attention(r, &p, period);

    let period_label = p.format.period(report.scores.periods[period]);
    let mut ctx = r.context(locale, period, 0, p.t("pulse.title"), "pulse");
    ctx.insert(
        "intro",
        &fill(p.t("pulse.intro"), &[("period", &period_label)]),
    );
    ctx.insert("period_label", &period_label);
    ctx.insert("weeks", &columns);
    let legend: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|&k| (short_label(&p, k), kind_label(&p, k)))
        .collect();
    ctx.insert("legend", &legend);
    ctx.insert("groups", &groups(r, &p, period, end, &mondays));
    ctx.insert("needs_one_on_one", &needs_one_on_one);
    ctx.insert("overdue", &overdue);
    ctx.insert("goals_off", &goals_off(r, &p, period));
    r.theme.render("pulse.html", &ctx, diags)
}

/// Mondays of the last weeks up to the one holding `end`, oldest first.
fn mondays(end: Date) -> Vec<Date> {
    let last_monday = end
        .checked_sub(jiff::Span::new().days(i64::from(end.weekday().to_monday_zero_offset())))
        .unwrap_or(end);
    (0..PULSE_WEEKS as i64)
        .rev()
        .filter_map(|w| last_monday.checked_sub(jiff::Span::new().weeks(w)).ok())
        .collect()
}

/// The URL of a person's scorecard from the pulse page.
fn url(r: &Renderer, person: usize, period: usize) -> String {
    r.scorecard_url(person, r.report.scores.periods[period], 0)
}

/// A row per person the rhythm covers: a group per team, then the people outside
/// every team.
fn groups(
    r: &Renderer,
    p: &Presenter,
    period: usize,
    end: Date,
    mondays: &[Date],
) -> Vec<PulseGroup> {
    let book = r.book;
    let pulse = &r.report.pulse;
    let row = |person: usize, pl: &PersonPulse| PulseRow {
        name: book.roster.people[person].name.clone(),
        url: url(r, person, period),
        weeks: weeks(r, p, person, end, mondays),
        pulse: pulse_view(p, pl),
    };
    let mut groups = Vec::new();
    let mut seen = vec![false; book.roster.people.len()];
    for team in &book.roster.teams {
        let rows: Vec<PulseRow> = team
            .members
            .iter()
            .filter_map(|&m| {
                let pl = pulse.person(m, period)?;
                seen[m] = true;
                Some(row(m, pl))
            })
            .collect();
        if !rows.is_empty() {
            groups.push(PulseGroup {
                name: team.name.clone(),
                rows,
            });
        }
    }
    let others: Vec<PulseRow> = (0..book.roster.people.len())
        .filter(|&i| !seen[i])
        .filter_map(|i| Some(row(i, pulse.person(i, period)?)))
        .collect();
    if !others.is_empty() {
        groups.push(PulseGroup {
            name: p.t("no_team").to_string(),
            rows: others,
        });
    }
    groups
}

/// A person's weeks: the kinds of touchpoint held in each, and whether a weekly 1:1
/// of their team's rhythm was missed.
fn weeks(r: &Renderer, p: &Presenter, person: usize, end: Date, mondays: &[Date]) -> Vec<WeekCell> {
    let coaching = &r.book.coaching;
    let first_day = coaching.first_day();
    let weekly = r.book.roster.people[person]
        .team
        .map(|t| coaching.rhythm.for_team(t))
        .is_some_and(|plan| plan[Kind::OneOnOne.index()] == Some(Frequency::Weekly));
    mondays
        .iter()
        .map(|&monday| {
            let sunday = monday
                .checked_add(jiff::Span::new().days(6))
                .unwrap_or(monday);
            let held: Vec<&Touchpoint> = r
                .report
                .pulse
                .touchpoints_of(person)
                .iter()
                .map(|&i| &coaching.touchpoints[i])
                .filter(|t| monday <= t.date && t.date <= sunday)
                .collect();
            let mut kinds: Vec<Kind> = held.iter().map(|t| t.kind).collect();
            kinds.sort();
            kinds.dedup();
            WeekCell {
                missed: weekly
                    && first_day.is_some_and(|f| f <= monday)
                    && monday <= end
                    && !kinds.contains(&Kind::OneOnOne),
                title: kinds
                    .iter()
                    .map(|&k| kind_label(p, k))
                    .collect::<Vec<_>>()
                    .join(", "),
                held: kinds.into_iter().map(|k| short_label(p, k)).collect(),
            }
        })
        .collect()
}

/// Who needs a 1:1 (with the days since the last) and who has overdue actions (with
/// how many), in roster order.
fn attention(r: &Renderer, p: &Presenter, period: usize) -> (Vec<Named>, Vec<Named>) {
    let mut needs_one_on_one = Vec::new();
    let mut overdue = Vec::new();
    for (i, person) in r.book.roster.people.iter().enumerate() {
        let Some(pulse) = r.report.pulse.person(i, period) else {
            continue;
        };
        if pulse.one_on_one_due {
            needs_one_on_one.push(Named {
                name: person.name.clone(),
                url: url(r, i, period),
                detail: pulse
                    .days_since_one_on_one
                    .map_or_else(|| "—".to_string(), |d| p.count("days_count", d as usize)),
            });
        }
        if pulse.overdue_actions > 0 {
            overdue.push(Named {
                name: person.name.clone(),
                url: url(r, i, period),
                detail: pulse.overdue_actions.to_string(),
            });
        }
    }
    (needs_one_on_one, overdue)
}

/// Mentoring goals with a KPI that are off track: whose, and progress against the
/// expected.
fn goals_off(r: &Renderer, p: &Presenter, period: usize) -> Vec<Named> {
    let book = r.book;
    let mut goals_off = Vec::new();
    for (m, rel) in book.coaching.mentoring.iter().enumerate() {
        for (g, goal) in rel.goals.iter().enumerate() {
            let (Some(kpi), Some(progress)) =
                (&goal.kpi, r.report.pulse.goals[m][g][period].as_ref())
            else {
                continue;
            };
            if progress.status != GoalStatus::OffTrack {
                continue;
            }
            let label = book
                .catalogue
                .iter()
                .find(|k| k.id == kpi.kpi)
                .map_or_else(|| kpi.kpi.clone(), |k| p.kpi_label(k));
            goals_off.push(Named {
                name: book.roster.people[rel.mentee].name.clone(),
                url: url(r, rel.mentee, period),
                detail: format!(
                    "{label}: {} / {} {}",
                    p.format.percent(progress.progress.unwrap_or(0.0), 0),
                    p.t("expected"),
                    p.format.percent(progress.expected, 0)
                ),
            });
        }
    }
    goals_off
}
