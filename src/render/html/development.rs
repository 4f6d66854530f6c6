//! A person's development section and 1:1 agenda, on their own scorecard only
//! (feedback and actions are private; the pulse page shows counts, dates and statuses
//! only): coaching touchpoints, open actions, mentoring goals, what changed after a
//! touchpoint, and the agenda of the next 1:1 (with the person's slipped and stale
//! deals).

use serde::Serialize;

use crate::base::locale::fill;
use crate::compute::pulse::{GoalStatus, PersonPulse};
use crate::load::coaching::Kind;
use crate::load::kpi::Status;
use crate::render::context::Renderer;
use crate::render::html::pipeline;
use crate::render::view::{Presenter, StatusView, cell_status, status_view};

#[derive(Serialize, Clone)]
pub(crate) struct PulseView {
    pub(crate) status: StatusView,
    pub(crate) held: u32,
    pub(crate) planned: u32,
    pub(crate) coverage: String,
    pub(crate) days_since: String,
    pub(crate) overdue: u32,
    pub(crate) open: u32,
}

#[derive(Serialize)]
pub(crate) struct FeedbackView {
    pub(crate) reinforcing: bool,
    pub(crate) label: String,
    pub(crate) situation: String,
    pub(crate) behaviour: String,
    pub(crate) impact: String,
}

#[derive(Serialize)]
pub(crate) struct TouchView {
    pub(crate) date: String,
    pub(crate) kind: &'static str,
    pub(crate) kind_label: String,
    pub(crate) led_by: String,
    pub(crate) minutes: String,
    pub(crate) topics: String,
    pub(crate) kpis: String,
    pub(crate) feedback: Vec<FeedbackView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct ActionView {
    pub(crate) text: String,
    pub(crate) owner: String,
    pub(crate) due: String,
    pub(crate) overdue: bool,
}

#[derive(Serialize)]
pub(crate) struct GoalView {
    pub(crate) text: String,
    pub(crate) mentor: String,
    pub(crate) has_kpi: bool,
    pub(crate) kpi: String,
    pub(crate) baseline: String,
    pub(crate) current: String,
    pub(crate) target: String,
    pub(crate) by: String,
    /// 0–100, for the progress bar.
    pub(crate) progress: u32,
    pub(crate) expected: u32,
    pub(crate) status: &'static str,
    pub(crate) status_label: String,
}

#[derive(Serialize)]
pub(crate) struct EffectView {
    pub(crate) date: String,
    pub(crate) kind_label: String,
    pub(crate) kpi: String,
    pub(crate) before: String,
    pub(crate) after: String,
    /// good | bad | neutral
    pub(crate) tone: &'static str,
}

#[derive(Serialize)]
pub(crate) struct AgendaKpi {
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) status: StatusView,
}

#[derive(Serialize)]
pub(crate) struct AgendaView {
    pub(crate) actions: Vec<ActionView>,
    pub(crate) kpis: Vec<AgendaKpi>,
    pub(crate) goals: Vec<String>,
    /// The person's slipped and stale deals, each saying what happened.
    pub(crate) deals: Vec<String>,
    pub(crate) focus: &'static str,
    pub(crate) focus_title: String,
    pub(crate) questions: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct DevelopmentView {
    pub(crate) pulse: Option<PulseView>,
    pub(crate) touchpoints: Vec<TouchView>,
    pub(crate) actions: Vec<ActionView>,
    pub(crate) goals: Vec<GoalView>,
    pub(crate) effects: Vec<EffectView>,
    pub(crate) agenda: AgendaView,
}

pub(crate) fn kind_label(p: &Presenter, kind: Kind) -> String {
    p.t(&format!("touch.{}", kind.as_str())).to_string()
}

pub(crate) fn short_label(p: &Presenter, kind: Kind) -> String {
    p.t(&format!("touch_short.{}", kind.as_str())).to_string()
}

pub(crate) fn pulse_view(p: &Presenter, pulse: &PersonPulse) -> PulseView {
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
pub(crate) fn development(
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
    let actions = open_actions(r, p, &mine, end);
    let (goals, goals_off) = goals(r, p, &mentoring, period);
    let agenda = agenda(r, p, person, period, pulse, actions.clone(), goals_off);
    Some(DevelopmentView {
        pulse: pulse.map(|pl| pulse_view(p, pl)),
        touchpoints: touchpoints(r, p, &mine),
        actions,
        goals,
        effects: effects(r, p, person, period),
        agenda,
    })
}

/// A person's name by roster index.
fn name(r: &Renderer, person: usize) -> String {
    r.book.roster.people[person].name.clone()
}

/// A KPI's label by id, the id itself when the catalogue does not have it.
fn kpi_label(r: &Renderer, p: &Presenter, id: &str) -> String {
    r.book
        .catalogue
        .iter()
        .find(|k| k.id == id)
        .map_or_else(|| id.to_string(), |k| p.kpi_label(k))
}

/// The last five of the person's touchpoints (`mine`, oldest first), newest first.
fn touchpoints(r: &Renderer, p: &Presenter, mine: &[usize]) -> Vec<TouchView> {
    let coaching = &r.book.coaching;
    mine.iter()
        .rev()
        .take(5)
        .map(|&i| {
            let t = &coaching.touchpoints[i];
            TouchView {
                date: p.format.date(t.date),
                kind: t.kind.as_str(),
                kind_label: kind_label(p, t.kind),
                led_by: name(r, t.led_by),
                minutes: t.minutes.map_or_else(String::new, |m| {
                    fill(p.t("minutes"), &[("n", &m.to_string())])
                }),
                topics: t.topics.join(", "),
                kpis: t
                    .kpis
                    .iter()
                    .map(|k| kpi_label(r, p, k))
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
        .collect()
}

/// The open actions of the person's touchpoints, soonest due first; overdue when due
/// before `end`.
fn open_actions(
    r: &Renderer,
    p: &Presenter,
    mine: &[usize],
    end: jiff::civil::Date,
) -> Vec<ActionView> {
    let coaching = &r.book.coaching;
    let mut actions: Vec<(jiff::civil::Date, ActionView)> = mine
        .iter()
        .flat_map(|&i| coaching.touchpoints[i].actions.iter())
        .filter(|a| a.open_on(end))
        .map(|a| {
            (
                a.due,
                ActionView {
                    text: a.text.clone(),
                    owner: name(r, a.owner),
                    due: p.format.date(a.due),
                    overdue: a.due < end,
                },
            )
        })
        .collect();
    actions.sort_by_key(|(due, _)| *due);
    actions.into_iter().map(|(_, a)| a).collect()
}

/// The goals of the person's `mentoring` relations with their progress in `period`,
/// and the texts of those off track (for the agenda).
fn goals(
    r: &Renderer,
    p: &Presenter,
    mentoring: &[usize],
    period: usize,
) -> (Vec<GoalView>, Vec<String>) {
    let book = r.book;
    let coaching = &book.coaching;
    let mut goals = Vec::new();
    let mut goals_off = Vec::new();
    for &m in mentoring {
        let rel = &coaching.mentoring[m];
        for (g, goal) in rel.goals.iter().enumerate() {
            let progress = r.report.pulse.goals[m][g][period].as_ref();
            let kpi = goal.kpi.as_ref();
            let catalogue_kpi = kpi.and_then(|k| book.catalogue.iter().find(|c| c.id == k.kpi));
            let value = |v: f64| catalogue_kpi.map_or_else(|| v.to_string(), |k| p.value(k, v));
            let status = progress.map_or(GoalStatus::NoData, |g| g.status);
            if status == GoalStatus::OffTrack {
                goals_off.push(goal.text.clone());
            }
            goals.push(GoalView {
                text: goal.text.clone(),
                mentor: name(r, rel.mentor),
                has_kpi: kpi.is_some(),
                kpi: kpi.map_or_else(String::new, |k| kpi_label(r, p, &k.kpi)),
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
    (goals, goals_off)
}

/// What changed after the person's touchpoints: finished pairs only (the period after
/// the touchpoint is this one or earlier), newest first, one row per KPI and period,
/// at most six.
fn effects(r: &Renderer, p: &Presenter, person: usize, period: usize) -> Vec<EffectView> {
    let report = r.report;
    let coaching = &r.book.coaching;
    report
        .pulse
        .effects
        .iter()
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
        .collect()
}

/// The next 1:1's agenda: open actions, the red then amber KPIs, goals off track, the
/// slipped and stale deals and the questions of the person's focus.
fn agenda(
    r: &Renderer,
    p: &Presenter,
    person: usize,
    period: usize,
    pulse: Option<&PersonPulse>,
    actions: Vec<ActionView>,
    goals_off: Vec<String>,
) -> AgendaView {
    let book = r.book;
    let report = r.report;
    let cells = report.scores.people[person].period_cells(period);
    let mut kpis: Vec<(u8, AgendaKpi)> = cells
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
                    status: cell_status(p, c),
                },
            ))
        })
        .collect();
    kpis.sort_by_key(|(rank, _)| *rank);
    let focus = pulse.map_or("strengths", |pl| pl.focus);
    let group = book.questions.group(focus);
    let questions = group.map_or_else(Vec::new, |g| {
        crate::load::questions::pick(g, &book.roster.people[person].id, period)
            .into_iter()
            .map(str::to_string)
            .collect()
    });
    AgendaView {
        actions,
        kpis: kpis.into_iter().map(|(_, k)| k).collect(),
        goals: goals_off,
        deals: pipeline::agenda_items(r, p, person, period),
        focus,
        focus_title: group.map_or_else(String::new, |g| g.title.clone()),
        questions,
    }
}
