//! The coaching side of the site: a person's development section and 1:1 agenda (on
//! their own scorecard only — feedback and actions are private) and the manager's
//! pulse page, which shows counts, dates and statuses only.

use serde::Serialize;

use crate::base::locale::fill;
use crate::compute::pulse::{GoalStatus, PersonPulse};
use crate::load::coaching::Kind;
use crate::load::kpi::Status;
use crate::render::Renderer;
use crate::render::view::{Presenter, StatusView, status_view};

#[derive(Serialize, Clone)]
pub struct PulseView {
    pub status: StatusView,
    pub held: u32,
    pub planned: u32,
    pub coverage: String,
    pub days_since: String,
    pub overdue: u32,
    pub open: u32,
}

#[derive(Serialize)]
pub struct FeedbackView {
    pub reinforcing: bool,
    pub label: String,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
}

#[derive(Serialize)]
pub struct TouchView {
    pub date: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub led_by: String,
    pub minutes: String,
    pub topics: String,
    pub kpis: String,
    pub feedback: Vec<FeedbackView>,
}

#[derive(Serialize, Clone)]
pub struct ActionView {
    pub text: String,
    pub owner: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Serialize)]
pub struct GoalView {
    pub text: String,
    pub mentor: String,
    pub has_kpi: bool,
    pub kpi: String,
    pub baseline: String,
    pub current: String,
    pub target: String,
    pub by: String,
    /// 0–100, for the progress bar.
    pub progress: u32,
    pub expected: u32,
    pub status: &'static str,
    pub status_label: String,
}

#[derive(Serialize)]
pub struct EffectView {
    pub date: String,
    pub kind_label: String,
    pub kpi: String,
    pub before: String,
    pub after: String,
    /// good | bad | neutral
    pub tone: &'static str,
}

#[derive(Serialize)]
pub struct AgendaKpi {
    pub label: String,
    pub value: String,
    pub status: StatusView,
}

#[derive(Serialize)]
pub struct AgendaView {
    pub actions: Vec<ActionView>,
    pub kpis: Vec<AgendaKpi>,
    pub goals: Vec<String>,
    pub focus: &'static str,
    pub focus_title: String,
    pub questions: Vec<String>,
}

#[derive(Serialize)]
pub struct DevelopmentView {
    pub pulse: Option<PulseView>,
    pub touchpoints: Vec<TouchView>,
    pub actions: Vec<ActionView>,
    pub goals: Vec<GoalView>,
    pub effects: Vec<EffectView>,
    pub agenda: AgendaView,
}

pub fn kind_label(p: &Presenter, kind: Kind) -> String {
    p.t(&format!("touch.{}", kind.as_str())).to_string()
}

fn short_label(p: &Presenter, kind: Kind) -> String {
    p.t(&format!("touch_short.{}", kind.as_str())).to_string()
}

pub fn pulse_view(p: &Presenter, pulse: &PersonPulse) -> PulseView {
    let mut status = status_view(p, pulse.status);
    // Rhythm words, not target words: "Slipping" rather than "Close".
    status.label = p.t(&format!("pulse.{}", status.class)).to_string();
    PulseView {
        status,
        held: pulse.held,
        planned: pulse.planned,
        coverage: pulse
            .coverage
            .map_or_else(String::new, |c| p.format.percent(c, 0)),
        days_since: pulse
            .days_since_one_on_one
            .map_or_else(|| "—".to_string(), |d| p.count("days_count", d as usize)),
        overdue: pulse.overdue_actions,
        open: pulse.open_actions,
    }
}

/// The development section of `person`'s scorecard for `period`; `None` when the
/// coaching log has nothing for them.
pub fn development(
    r: &Renderer,
    p: &Presenter,
    person: usize,
    period: usize,
) -> Option<DevelopmentView> {
    let book = r.book;
    let report = r.report;
    let coaching = &book.coaching;
    let end = report
        .pulse
        .as_of(period, report.scores.periods[period].end());
    let pulse = report.pulse.person(person, period);
    let name = |i: usize| book.roster.people[i].name.clone();
    let kpi_label = |id: &str| {
        book.catalogue
            .iter()
            .find(|k| k.id == id)
            .map_or_else(|| id.to_string(), |k| p.kpi_label(k))
    };
    let mine: Vec<usize> = report
        .pulse
        .touchpoints_of(person)
        .iter()
        .copied()
        .filter(|&i| coaching.touchpoints[i].date <= end)
        .collect();
    let mentoring: Vec<usize> = (0..coaching.mentoring.len())
        .filter(|&m| coaching.mentoring[m].mentee == person && coaching.mentoring[m].start <= end)
        .collect();
    if pulse.is_none() && mine.is_empty() && mentoring.is_empty() {
        return None;
    }

    let touchpoints = mine
        .iter()
        .rev()
        .take(5)
        .map(|&i| {
            let t = &coaching.touchpoints[i];
            TouchView {
                date: p.format.date(t.date),
                kind: t.kind.as_str(),
                kind_label: kind_label(p, t.kind),
                led_by: name(t.led_by),
                minutes: t.minutes.map_or_else(String::new, |m| {
                    fill(p.t("minutes"), &[("n", &m.to_string())])
                }),
                topics: t.topics.join(", "),
                kpis: t
                    .kpis
                    .iter()
                    .map(|k| kpi_label(k))
                    .collect::<Vec<_>>()
                    .join(", "),
                feedback: t
                    .feedback
                    .iter()
                    .map(|f| FeedbackView {
                        reinforcing: f.reinforcing,
                        label: p
                            .t(if f.reinforcing {
                                "feedback.reinforcing"
                            } else {
                                "feedback.developmental"
                            })
                            .to_string(),
                        situation: f.situation.clone(),
                        behaviour: f.behaviour.clone(),
                        impact: f.impact.clone(),
                    })
                    .collect(),
            }
        })
        .collect();

    let mut actions: Vec<(jiff::civil::Date, ActionView)> = mine
        .iter()
        .flat_map(|&i| coaching.touchpoints[i].actions.iter())
        .filter(|a| !a.done)
        .map(|a| {
            (
                a.due,
                ActionView {
                    text: a.text.clone(),
                    owner: name(a.owner),
                    due: p.format.date(a.due),
                    overdue: a.due < end,
                },
            )
        })
        .collect();
    actions.sort_by_key(|(due, _)| *due);
    let actions: Vec<ActionView> = actions.into_iter().map(|(_, a)| a).collect();

    let mut goals = Vec::new();
    let mut goals_off = Vec::new();
    for &m in &mentoring {
        let rel = &coaching.mentoring[m];
        for (g, goal) in rel.goals.iter().enumerate() {
            let progress = report.pulse.goals[m][g][period].as_ref();
            let kpi = goal.kpi.as_ref();
            let catalogue_kpi = kpi.and_then(|k| book.catalogue.iter().find(|c| c.id == k.kpi));
            let value = |v: f64| catalogue_kpi.map_or_else(|| v.to_string(), |k| p.value(k, v));
            let status = progress.map_or(GoalStatus::NoData, |g| g.status);
            if status == GoalStatus::OffTrack {
                goals_off.push(goal.text.clone());
            }
            goals.push(GoalView {
                text: goal.text.clone(),
                mentor: name(rel.mentor),
                has_kpi: kpi.is_some(),
                kpi: kpi.map_or_else(String::new, |k| kpi_label(&k.kpi)),
                baseline: kpi.map_or_else(String::new, |k| value(k.baseline)),
                current: progress
                    .and_then(|g| g.current)
                    .map_or_else(|| "—".to_string(), value),
                target: kpi.map_or_else(String::new, |k| value(k.target)),
                by: kpi.map_or_else(String::new, |k| p.format.date(k.by)),
                progress: progress
                    .and_then(|g| g.progress)
                    .map_or(0, |v| (v * 100.0).round() as u32),
                expected: progress.map_or(0, |g| (g.expected * 100.0).round() as u32),
                status: if kpi.is_some() { status.as_str() } else { "" },
                status_label: if kpi.is_some() {
                    p.t(&format!("goal.{}", status.as_str())).to_string()
                } else {
                    String::new()
                },
            });
        }
    }

    let effects: Vec<EffectView> = report
        .pulse
        .effects
        .iter()
        // Finished pairs only (the period after the touchpoint is this one or earlier),
        // newest first, one row per KPI and period.
        .filter(|e| e.person == person && e.period < period)
        .rev()
        .filter({
            let mut seen = std::collections::BTreeSet::new();
            move |e| seen.insert((e.period, e.kpi))
        })
        .take(6)
        .map(|e| {
            let t = &coaching.touchpoints[e.touchpoint];
            let kpi = &report.scores.kpis[e.kpi];
            let show = |v: Option<f64>| p.value_or_dash(kpi, v);
            let after = e.after;
            let tone = match (e.before, after) {
                (Some(b), Some(a)) if a != b => {
                    let up = a > b;
                    if up == (kpi.better == crate::load::kpi::Better::Higher) {
                        "good"
                    } else {
                        "bad"
                    }
                }
                _ => "neutral",
            };
            EffectView {
                date: p.format.date(t.date),
                kind_label: kind_label(p, t.kind),
                kpi: p.kpi_label(kpi),
                before: show(e.before),
                after: show(after),
                tone,
            }
        })
        .collect();

    let cells = report.scores.people[person].period_cells(period);
    let mut agenda_kpis: Vec<(u8, AgendaKpi)> = cells
        .iter()
        .enumerate()
        .filter_map(|(k, c)| {
            let rank = match c.status? {
                Status::Red => 0,
                Status::Amber => 1,
                Status::Green => return None,
            };
            Some((
                rank,
                AgendaKpi {
                    label: p.kpi_label(&report.scores.kpis[k]),
                    value: p.value_or_dash(&report.scores.kpis[k], c.value),
                    status: status_view(p, c.status),
                },
            ))
        })
        .collect();
    agenda_kpis.sort_by_key(|(rank, _)| *rank);
    let focus = pulse.map_or("strengths", |pl| pl.focus);
    let group = book.questions.group(focus);
    let questions = group.map_or_else(Vec::new, |g| {
        crate::load::questions::pick(g, &book.roster.people[person].id, period)
            .into_iter()
            .map(str::to_string)
            .collect()
    });
    let agenda = AgendaView {
        actions: actions.clone(),
        kpis: agenda_kpis.into_iter().map(|(_, k)| k).collect(),
        goals: goals_off,
        focus,
        focus_title: group.map_or_else(String::new, |g| g.title.clone()),
        questions,
    };
    Some(DevelopmentView {
        pulse: pulse.map(|pl| pulse_view(p, pl)),
        touchpoints,
        actions,
        goals,
        effects,
        agenda,
    })
}

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

/// `pulse.html`: people × weeks against the rhythm, who needs a 1:1, overdue actions
/// and goals off track — counts, dates and statuses only (no feedback, no action or
/// goal texts: those stay on each person's own scorecard).
pub fn pulse_page(r: &Renderer) -> Result<String, Box<crate::base::diag::Diagnostic>> {
    let book = r.book;
    let report = r.report;
    let coaching = &book.coaching;
    let locale = book.settings.locale;
    let p = r.presenter(locale);
    let period = report.scores.report;
    let end = report
        .pulse
        .as_of(period, report.scores.periods[period].end());
    // Mondays of the last weeks up to the one holding the period's last day.
    let last_monday = end
        .checked_sub(jiff::Span::new().days(i64::from(end.weekday().to_monday_zero_offset())))
        .unwrap_or(end);
    let mondays: Vec<jiff::civil::Date> = (0..PULSE_WEEKS as i64)
        .rev()
        .filter_map(|w| last_monday.checked_sub(jiff::Span::new().weeks(w)).ok())
        .collect();
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
    let first_day = coaching.first_day();
    let url = |person: usize| r.scorecard_url(person, report.scores.periods[period], 0);
    let row = |person: usize, pulse: &PersonPulse| {
        let team_plan = book.roster.people[person]
            .team
            .map(|t| coaching.rhythm.for_team(t));
        let weekly = team_plan.is_some_and(|plan| {
            plan[Kind::OneOnOne.index()] == Some(crate::load::coaching::Frequency::Weekly)
        });
        let weeks = mondays
            .iter()
            .map(|&monday| {
                let sunday = monday
                    .checked_add(jiff::Span::new().days(6))
                    .unwrap_or(monday);
                let held: Vec<&crate::load::coaching::Touchpoint> = report
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
                        .map(|&k| kind_label(&p, k))
                        .collect::<Vec<_>>()
                        .join(", "),
                    held: kinds.into_iter().map(|k| short_label(&p, k)).collect(),
                }
            })
            .collect();
        PulseRow {
            name: book.roster.people[person].name.clone(),
            url: url(person),
            weeks,
            pulse: pulse_view(&p, pulse),
        }
    };
    let mut groups = Vec::new();
    let mut seen = vec![false; book.roster.people.len()];
    for team in &book.roster.teams {
        let rows: Vec<PulseRow> = team
            .members
            .iter()
            .filter_map(|&m| {
                let pulse = report.pulse.person(m, period)?;
                seen[m] = true;
                Some(row(m, pulse))
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
        .filter_map(|i| Some(row(i, report.pulse.person(i, period)?)))
        .collect();
    if !others.is_empty() {
        groups.push(PulseGroup {
            name: p.t("no_team").to_string(),
            rows: others,
        });
    }

    let mut needs_one_on_one = Vec::new();
    let mut overdue = Vec::new();
    for (i, person) in book.roster.people.iter().enumerate() {
        let Some(pulse) = report.pulse.person(i, period) else {
            continue;
        };
        if pulse.one_on_one_due {
            needs_one_on_one.push(Named {
                name: person.name.clone(),
                url: url(i),
                detail: pulse
                    .days_since_one_on_one
                    .map_or_else(|| "—".to_string(), |d| p.count("days_count", d as usize)),
            });
        }
        if pulse.overdue_actions > 0 {
            overdue.push(Named {
                name: person.name.clone(),
                url: url(i),
                detail: pulse.overdue_actions.to_string(),
            });
        }
    }
    let mut goals_off = Vec::new();
    for (m, rel) in coaching.mentoring.iter().enumerate() {
        for (g, goal) in rel.goals.iter().enumerate() {
            let (Some(kpi), Some(progress)) =
                (&goal.kpi, report.pulse.goals[m][g][period].as_ref())
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
                url: url(rel.mentee),
                detail: format!(
                    "{label}: {} / {} {}",
                    p.format.percent(progress.progress.unwrap_or(0.0), 0),
                    p.t("expected"),
                    p.format.percent(progress.expected, 0)
                ),
            });
        }
    }

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
    ctx.insert("groups", &groups);
    ctx.insert("needs_one_on_one", &needs_one_on_one);
    ctx.insert("overdue", &overdue);
    ctx.insert("goals_off", &goals_off);
    r.theme.render("pulse.html", &ctx)
}
