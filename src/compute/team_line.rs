//! The team line: what a person's trend charts compare them with, per team, period
//! and KPI. For a total — a KPI that doubles when every measure doubles: the additive
//! ones (revenue, calls) and formulas such as velocity — it is the team's value per
//! person, the mean of the values of the members active in the period; the team's
//! own value would grow with its size. For a ratio — a KPI that stays the same when
//! every measure doubles (conversion, handle time) — it is the team's own value,
//! already per unit. A formula that is neither (a book's `revenue - 1000`) has no
//! team line: there is no fair comparison to draw.
//!
//! A member without an active day in the period is left out (their rows, if any,
//! would count a person the team did not have), and so is an active member without a
//! value: no data is not 0. The line compares a person with others, so a period
//! with fewer than two active members (for a total: fewer than two with a value) has
//! no value — a team of one draws no line over the person's own — and the line has a
//! gap there.

use crate::compute::scores::Scores;
use crate::load::kpi::Kpi;
use crate::load::team::Roster;

/// How a KPI relates to the size of the group it is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Doubles when every measure doubles: compared per person.
    Total,
    /// Unchanged when every measure doubles: compared with the team's value.
    Ratio,
    /// Neither: not compared.
    Other,
}

impl Kind {
    fn of(kpi: &Kpi) -> Kind {
        if kpi.additive {
            return Kind::Total;
        }
        Kind::by_scaling(kpi.measures.len(), |inputs| kpi.eval(inputs))
    }

    /// Evaluates the formula on distinct positive measures and on twice them, and
    /// compares.
    fn by_scaling(measures: usize, eval: impl Fn(&[f64]) -> Option<f64>) -> Kind {
        let once: Vec<f64> = (0..measures).map(|i| 2.0 + 1.7 * i as f64).collect();
        let twice: Vec<f64> = once.iter().map(|v| 2.0 * v).collect();
        let (Some(a), Some(b)) = (eval(&once), eval(&twice)) else {
            return Kind::Other;
        };
        let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * y.abs().max(1.0);
        if a == 0.0 {
            Kind::Other
        } else if close(b / a, 2.0) {
            Kind::Total
        } else if close(b / a, 1.0) {
            Kind::Ratio
        } else {
            Kind::Other
        }
    }
}

/// Per team, `periods × kpis` values, row-major by period (`None` = no value).
#[derive(Debug, Default)]
pub(crate) struct TeamLines {
    teams: Vec<Vec<Option<f64>>>,
    kpis: usize,
}

impl TeamLines {
    /// The value `team`'s members are compared with for `kpi` in `period`.
    pub(crate) fn at(&self, team: usize, period: usize, kpi: usize) -> Option<f64> {
        self.teams
            .get(team)?
            .get(period * self.kpis + kpi)
            .copied()
            .flatten()
    }
}

/// The team lines of every team of `roster`, from the computed scores.
pub(crate) fn compute(roster: &Roster, scores: &Scores) -> TeamLines {
    let kpis = scores.kpis.len();
    let periods = scores.periods.len();
    let kinds: Vec<Kind> = scores.kpis.iter().map(Kind::of).collect();
    let teams = roster
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let mut line = Vec::with_capacity(periods * kpis);
            for p in 0..periods {
                let active: Vec<usize> = team
                    .members
                    .iter()
                    .copied()
                    .filter(|&m| scores.active(m, p))
                    .collect();
                for (k, kind) in kinds.iter().enumerate() {
                    line.push(match kind {
                        _ if active.len() < 2 => None,
                        Kind::Total => mean(
                            active
                                .iter()
                                .filter_map(|&m| scores.people[m].cell(p, k).value),
                        ),
                        Kind::Ratio => scores.teams[t].cell(p, k).value,
                        Kind::Other => None,
                    });
                }
            }
            line
        })
        .collect();
    TeamLines { teams, kpis }
}

/// The mean of `values`, none when there are fewer than two.
fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n >= 2).then(|| sum / f64::from(n))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::civil::{Date, date};

    use super::*;
    use crate::base::calendar::Calendar;
    use crate::base::diag::Diagnostics;
    use crate::base::locale::Locale;
    use crate::base::period::{Period, PeriodKind};
    use crate::compute::scores::{self, Frame};
    use crate::load::metrics::{Metrics, Series};
    use crate::load::team;

    /// b starts on 15 October: inactive in September. d has no team.
    const TEAM: &str = "\
teams:
  - { id: t, name: T }
  - { id: u, name: U }
people:
  - { id: a, name: A, team: t }
  - { id: b, name: B, team: t, start: 2026-10-15 }
  - { id: c, name: C, team: t }
  - { id: d, name: D }
  - { id: e, name: E, team: u }
";

    /// Measures deals, leads, revenue; rows as (person, day, [deals, leads, revenue]).
    fn lines(rows: &[(usize, Date, [f64; 3])]) -> (Scores, TeamLines) {
        let mut diags = Diagnostics::new();
        let roster = team::load(
            Path::new("team.yaml"),
            TEAM,
            Some(PeriodKind::Month),
            &mut diags,
        )
        .expect("team.yaml");
        let mut people = vec![Series::default(); roster.people.len()];
        for &(p, day, values) in rows {
            people[p].days.push(day);
            people[p].values.extend(values);
        }
        let metrics = Metrics {
            measures: vec!["deals".into(), "leads".into(), "revenue".into()],
            people,
            ..Metrics::default()
        };
        let scores = scores::compute(
            &roster,
            &metrics,
            &crate::load::kpi::builtin(),
            &Frame {
                kind: PeriodKind::Month,
                report_period: None,
                calendar: &Calendar::new(Locale::En),
            },
        );
        let lines = compute(&roster, &scores);
        (scores, lines)
    }

    fn at(scores: &Scores, lines: &TeamLines, team: usize, period: &str, kpi: &str) -> Option<f64> {
        let p = scores
            .period_index(Period::parse(period).expect("period"))
            .expect("period in the report");
        lines.at(team, p, scores.kpi_index(kpi).expect("kpi"))
    }

    #[test]
    fn totals_average_the_active_members_and_ratios_take_the_team_value() {
        let nan = f64::NAN;
        let (scores, lines) = lines(&[
            // September: a 100, b 300 (before the start: inactive), c 200.
            (0, date(2026, 9, 1), [1.0, 4.0, 100.0]),
            (1, date(2026, 9, 2), [3.0, 4.0, 300.0]),
            (2, date(2026, 9, 3), [2.0, 2.0, 200.0]),
            // October: all three active; c has leads only (no revenue, not 0).
            (0, date(2026, 10, 1), [2.0, 5.0, 400.0]),
            (1, date(2026, 10, 16), [1.0, 5.0, 500.0]),
            (2, date(2026, 10, 2), [nan, 10.0, nan]),
            // d has no team and counts for none.
            (3, date(2026, 10, 2), [9.0, 9.0, 9000.0]),
            (3, date(2026, 10, 30), [0.0, 0.0, 0.0]),
            // e is alone in team u.
            (4, date(2026, 10, 5), [1.0, 2.0, 50.0]),
        ]);
        // September: (100 + 200) / 2 active = 150, not 600 / 3 = 200 nor 600 / 2.
        assert_eq!(at(&scores, &lines, 0, "2026-09", "revenue"), Some(150.0));
        // Deals: (1 + 2) / 2.
        assert_eq!(at(&scores, &lines, 0, "2026-09", "deals"), Some(1.5));
        // October: c has no revenue and is left out: (400 + 500) / 2 = 450.
        assert_eq!(at(&scores, &lines, 0, "2026-10", "revenue"), Some(450.0));
        // Leads: c counts with 10: (5 + 5 + 10) / 3.
        let leads = at(&scores, &lines, 0, "2026-10", "leads").expect("leads");
        assert!((leads - 20.0 / 3.0).abs() < 1e-12, "{leads}");
        // Conversion is a ratio: the team's own, on every member's sums (b's
        // September rows count for the team): September 6 / 10, October 3 / 20.
        assert_eq!(at(&scores, &lines, 0, "2026-09", "conversion"), Some(0.6));
        assert_eq!(at(&scores, &lines, 0, "2026-10", "conversion"), Some(0.15));
        // Team u is e alone: no one to compare e with, so no line. An unknown team
        // has none either.
        assert_eq!(at(&scores, &lines, 1, "2026-10", "revenue"), None);
        assert_eq!(at(&scores, &lines, 1, "2026-10", "conversion"), None);
        assert_eq!(at(&scores, &lines, 7, "2026-10", "revenue"), None);
    }

    #[test]
    fn totals_double_with_the_measures_and_ratios_do_not() {
        let builtin = crate::load::kpi::builtin();
        let kind = |id: &str| Kind::of(builtin.iter().find(|k| k.id == id).expect(id));
        // Velocity is no sum of measures, but a team's is the sum of its people's
        // pace: comparing a person with it would squash their line.
        for id in ["revenue", "deals", "crm_interactions", "velocity"] {
            assert_eq!(kind(id), Kind::Total, "{id}");
        }
        for id in [
            "conversion",
            "aht",
            "avg_deal",
            "nps",
            "close_rate",
            "cycle_days",
        ] {
            assert_eq!(kind(id), Kind::Ratio, "{id}");
        }
        // A book's formula with an offset, or one that fails, is not compared.
        assert_eq!(Kind::by_scaling(1, |x| Some(x[0] - 1000.0)), Kind::Other);
        assert_eq!(Kind::by_scaling(2, |x| Some(x[0] * x[1])), Kind::Other);
        assert_eq!(Kind::by_scaling(1, |_| None), Kind::Other);
        assert_eq!(
            Kind::by_scaling(2, |x| Some(x[0] / x[1] * 0.0)),
            Kind::Other
        );
    }

    #[test]
    fn a_total_needs_two_values_and_a_ratio_two_active_members() {
        // September: b is inactive, a and c active but only a has revenue.
        let (scores, lines) = lines(&[
            (0, date(2026, 9, 1), [1.0, 4.0, 100.0]),
            (1, date(2026, 9, 2), [3.0, 4.0, 300.0]),
            (2, date(2026, 9, 3), [f64::NAN, 4.0, f64::NAN]),
            (0, date(2026, 9, 30), [0.0, 0.0, 0.0]),
        ]);
        // The mean of a alone would be a's own 100.
        assert_eq!(at(&scores, &lines, 0, "2026-09", "revenue"), None);
        // Leads: a 4 + c 4 over two.
        assert_eq!(at(&scores, &lines, 0, "2026-09", "leads"), Some(4.0));
        // Conversion: two active members; the team's value (b's rows count for the
        // team's sums): 4 deals / 12 leads.
        let conversion = at(&scores, &lines, 0, "2026-09", "conversion").expect("value");
        assert!((conversion - 4.0 / 12.0).abs() < 1e-12, "{conversion}");
    }
}
