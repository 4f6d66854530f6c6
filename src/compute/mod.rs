//! Compute: the loaded book → the [`Report`] every renderer reads: KPIs, targets,
//! status and trends per person, team and organisation ([`scores`]), what a person's
//! charts compare them with ([`team_line`]), the leadership pulse ([`pulse`]) and
//! plan vs actual ([`plan`]).

pub(crate) mod active;
pub(crate) mod pipeline;
pub(crate) mod plan;
pub(crate) mod pulse;
pub(crate) mod scores;
pub(crate) mod team_line;

use crate::base::period::Period;
use crate::load::Book;

pub(crate) use scores::Scores;

/// The computed model every renderer reads: nothing in it is filled in later.
#[derive(Debug)]
pub struct Report {
    /// KPIs, targets, status, trends and ranks per person, team and organisation.
    pub scores: Scores,
    /// Per team, period and KPI: the value its members' charts compare them with.
    pub(crate) team_lines: team_line::TeamLines,
    /// The leadership pulse from the coaching log.
    pub(crate) pulse: pulse::Pulse,
    /// Plan vs actual, forecasts and funnels.
    pub(crate) plan: plan::PlanReport,
    /// Open deals, coverage, slipped and stale deals per period with a snapshot.
    pub(crate) pipeline: pipeline::Pipeline,
}

/// The compute stage: KPIs, targets, status and trends, the coaching pulse and the
/// plan, for the report period `period` (the book's own when `None`).
pub fn compute(book: &Book, period: Option<Period>) -> Report {
    let scores = scores::compute(
        &book.roster,
        &book.metrics,
        &book.catalogue,
        &scores::Frame {
            kind: book.settings.period,
            report_period: period.or(book.settings.report_period),
            calendar: &book.plan.calendar,
        },
    );
    let team_lines = team_line::compute(&book.roster, &scores);
    let pulse = pulse::compute(
        &book.coaching,
        &book.roster,
        &scores,
        book.metrics.last_day(),
    );
    let plan = plan::compute(&book.plan, &book.roster, &book.metrics, &scores);
    let pipeline = pipeline::compute(&book.roster, &book.metrics, &book.plan.calendar, &scores);
    Report {
        scores,
        team_lines,
        pulse,
        plan,
        pipeline,
    }
}
