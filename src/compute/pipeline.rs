//! The pipeline: open deals of the deals exports → measures per person, team and
//! organisation for each report period that has a snapshot (see docs/format.md,
//! "The pipeline").
//!
//! A period shows the latest snapshot of each export taken within it (the book's last
//! period also takes snapshots taken after it); slipped deals compare that snapshot
//! with the export's one before it.

use jiff::civil::Date;

use crate::base::calendar::Calendar;
use crate::base::period::Period;
use crate::compute::Scores;
use crate::compute::active::{self, Days};
use crate::load::metrics::Metrics;
use crate::load::sources::aggregate::Owner;
use crate::load::sources::deals::{Category, DealExport, OpenDeal, Snapshot};
use crate::load::targets::Goal;
use crate::load::team::Roster;

/// The pipeline measures of one scope at a period's snapshots.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Measures {
    pub(crate) open_deals: usize,
    pub(crate) open_amount: f64,
    /// Σ amount × probability; `None` when no export of the scope's deals has
    /// probabilities.
    pub(crate) weighted_amount: Option<f64>,
    /// Open amount with a close date in the period after the report period.
    pub(crate) next_amount: f64,
    /// The revenue target of the next period (person: after share and ramp).
    pub(crate) next_target: Option<f64>,
    /// `next_amount ÷ next_target`; `None` without a (positive) target.
    pub(crate) coverage_next: Option<f64>,
    /// Open amount with a close date by the report period's end (overdue included).
    pub(crate) closing_amount: f64,
    /// In a period in progress with a revenue target: target − revenue won so far.
    pub(crate) remaining: Option<f64>,
    /// In a period in progress: `closing_amount ÷ remaining` (`None` when the target
    /// is already met or there is none).
    pub(crate) coverage: Option<f64>,
    /// `None` when no export has two snapshots to compare.
    pub(crate) slipped_deals: Option<usize>,
    pub(crate) slipped_amount: Option<f64>,
    /// `None` when no average sales cycle is known for the scope's deals.
    pub(crate) stale_deals: Option<usize>,
    /// Open amount per forecast category, in [`Category::ALL`] order, then the
    /// amount without a category.
    pub(crate) by_category: [f64; 5],
}

/// One open deal at a period's snapshot, with what compute found about it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Deal {
    /// The export's source name.
    pub(crate) source: String,
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) owner: Owner,
    pub(crate) amount: f64,
    pub(crate) close: Option<Date>,
    pub(crate) stage: String,
    pub(crate) created: Option<Date>,
    pub(crate) probability: Option<f64>,
    pub(crate) category: Option<Category>,
    /// Days from creation to the snapshot.
    pub(crate) age_days: Option<i64>,
    /// Slipped: the close date in the export's previous snapshot.
    pub(crate) previous_close: Option<Date>,
    pub(crate) slipped: bool,
    /// Older than twice the average sales cycle of the owner's team.
    pub(crate) stale: bool,
    /// Closes in the period after the report period.
    pub(crate) closes_next: bool,
}

/// The pipeline of one report period.
#[derive(Debug, Clone)]
pub(crate) struct PeriodPipeline {
    /// Index into `Scores::periods`.
    pub(crate) period: usize,
    /// The latest snapshot day of the exports shown.
    pub(crate) snapshot: Date,
    /// The previous snapshot day slipped deals are measured against (the latest of
    /// the exports that have one).
    pub(crate) previous: Option<Date>,
    /// The period after the report period.
    pub(crate) next: Period,
    /// The report period is in progress on its last day with data.
    pub(crate) in_progress: bool,
    /// Every open deal, sorted by owner, close date (none last), amount (largest
    /// first) and id.
    pub(crate) deals: Vec<Deal>,
    /// Per person: `None` when they have no open deal and no revenue target in the
    /// period or the next (people who carry no quota and sell nothing).
    pub(crate) people: Vec<Option<Measures>>,
    /// Per team: its members' deals and the deals a source gave the team; `None` on
    /// the same rule as people.
    pub(crate) teams: Vec<Option<Measures>>,
    /// Every deal.
    pub(crate) organisation: Measures,
    /// Per team, then the organisation: the average sales cycle (days) stale deals
    /// are judged by; `None` without won deals to measure it.
    pub(crate) team_cycle: Vec<Option<f64>>,
    pub(crate) organisation_cycle: Option<f64>,
}

impl PeriodPipeline {
    /// A person's own open deals.
    pub(crate) fn deals_of(&self, person: usize) -> impl Iterator<Item = &Deal> {
        self.deals
            .iter()
            .filter(move |d| d.owner == Owner::Person(person as u32))
    }
}

/// The pipeline of every report period that has a snapshot.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pipeline {
    /// Ascending by period.
    pub(crate) periods: Vec<PeriodPipeline>,
}

impl Pipeline {
    /// The pipeline of a period (an index into `Scores::periods`).
    pub(crate) fn at(&self, period: usize) -> Option<&PeriodPipeline> {
        self.periods.iter().find(|p| p.period == period)
    }
}

/// A deal is stale when it is older than this many average sales cycles.
pub(crate) const STALE_CYCLES: f64 = 2.0;

/// The pipeline of every report period with a snapshot.
pub(crate) fn compute(
    roster: &Roster,
    metrics: &Metrics,
    calendar: &Calendar,
    scores: &Scores,
) -> Pipeline {
    let book = Parts {
        roster,
        metrics,
        calendar,
    };
    let deals = &metrics.deals;
    if deals.is_empty() || scores.periods.is_empty() {
        return Pipeline::default();
    }
    let last = scores.periods.len() - 1;
    // The last period takes later snapshots only when it holds the last day with data.
    let last_takes_later = scores
        .last_day
        .is_some_and(|d| d <= scores.periods[last].end());
    let periods = (0..scores.periods.len())
        .filter_map(|i| {
            let period = scores.periods[i];
            let picks: Vec<Pick> = deals
                .exports
                .iter()
                .filter_map(|export| pick(export, period, i == last && last_takes_later))
                .collect();
            (!picks.is_empty()).then(|| period_pipeline(&book, scores, i, &picks))
        })
        .collect();
    Pipeline { periods }
}

/// What compute reads of the book.
struct Parts<'a> {
    roster: &'a Roster,
    metrics: &'a Metrics,
    calendar: &'a Calendar,
}

/// The snapshot of an export a period shows, and the one before it.
struct Pick<'a> {
    export: &'a DealExport,
    now: &'a Snapshot,
    before: Option<&'a Snapshot>,
}

fn pick(export: &DealExport, period: Period, takes_later: bool) -> Option<Pick<'_>> {
    let at = export
        .snapshots
        .iter()
        .rposition(|s| s.day >= period.start() && (s.day <= period.end() || takes_later))?;
    Some(Pick {
        export,
        now: &export.snapshots[at],
        before: at.checked_sub(1).map(|b| &export.snapshots[b]),
    })
}

/// Exact sums of amounts: fixed point at six decimals, so the order of adding never
/// shows and `0.1 + 0.2` is written `0.3`.
#[derive(Clone, Copy, Default)]
struct Money(i128);

impl Money {
    /// Adds `v`; an amount past what the fixed point holds (an export's 1e308)
    /// saturates rather than overflowing.
    fn add(&mut self, v: f64) {
        self.0 = self.0.saturating_add((v * 1e6).round() as i128);
    }

    fn value(self) -> f64 {
        self.0 as f64 / 1e6
    }
}

/// Running sums of one scope.
#[derive(Clone, Default)]
struct Tally {
    open: usize,
    amount: Money,
    weighted: Money,
    has_weights: bool,
    next: Money,
    closing: Money,
    slipped: usize,
    slipped_amount: Money,
    can_slip: bool,
    stale: usize,
    can_stale: bool,
    categories: [Money; 5],
    any: bool,
}

impl Tally {
    fn add(&mut self, d: &Deal, probabilities: bool, can_slip: bool, can_stale: bool) {
        self.any = true;
        self.open += 1;
        self.amount.add(d.amount);
        self.has_weights |= probabilities;
        if let Some(p) = d.probability {
            self.weighted.add(d.amount * p / 100.0);
        }
        if d.closes_next {
            self.next.add(d.amount);
        }
        self.can_slip |= can_slip;
        if d.slipped {
            self.slipped += 1;
            self.slipped_amount.add(d.amount);
        }
        self.can_stale |= can_stale;
        if d.stale {
            self.stale += 1;
        }
        let slot = d
            .category
            .and_then(|c| Category::ALL.iter().position(|&k| k == c))
            .unwrap_or(4);
        self.categories[slot].add(d.amount);
    }

    fn close_by_end(&mut self, amount: f64) {
        self.closing.add(amount);
    }

    /// The measures, with the scope's revenue target of the next period and, in a
    /// period in progress, its target and revenue so far.
    fn measures(
        &self,
        next_target: Option<f64>,
        now: Option<(Option<f64>, Option<f64>)>,
    ) -> Measures {
        let ratio = |a: f64, b: Option<f64>| b.filter(|&b| b > 0.0).map(|b| a / b);
        let next_amount = self.next.value();
        let closing_amount = self.closing.value();
        let remaining = now.and_then(|(target, won)| target.map(|t| t - won.unwrap_or(0.0)));
        Measures {
            open_deals: self.open,
            open_amount: self.amount.value(),
            weighted_amount: self.has_weights.then(|| self.weighted.value()),
            next_amount,
            next_target,
            coverage_next: ratio(next_amount, next_target),
            closing_amount,
            remaining,
            coverage: ratio(closing_amount, remaining),
            slipped_deals: self.can_slip.then_some(self.slipped),
            slipped_amount: self.can_slip.then(|| self.slipped_amount.value()),
            stale_deals: self.can_stale.then_some(self.stale),
            by_category: self.categories.map(Money::value),
        }
    }
}

fn period_pipeline(book: &Parts, scores: &Scores, i: usize, picks: &[Pick]) -> PeriodPipeline {
    let roster = &book.roster;
    let kind = scores.periods[i].kind;
    let period = scores.periods[i];
    let next = period.succ();
    let (team_cycle, organisation_cycle) = cycles(roster, book.metrics, period.end());
    let cycle_of = |owner: Owner| -> Option<f64> {
        let team = match owner {
            Owner::Person(p) => roster.people[p as usize].team,
            Owner::Team(t) => Some(t as usize),
            Owner::Organisation => None,
        };
        team.and_then(|t| team_cycle[t]).or(organisation_cycle)
    };

    let mut deals: Vec<(Deal, bool, bool, bool)> = Vec::new();
    for pick in picks {
        let before: std::collections::HashMap<&str, &OpenDeal> = pick
            .before
            .map(|b| b.deals.iter().map(|d| (d.id.as_str(), d)).collect())
            .unwrap_or_default();
        for d in &pick.now.deals {
            let age_days = d.created.map(|c| (pick.now.day - c).get_days() as i64);
            let previous_close =
                before
                    .get(d.id.as_str())
                    .and_then(|old| old.close)
                    .filter(|&old| {
                        d.close.is_some_and(|new| {
                            Period::containing(kind, new) > Period::containing(kind, old)
                        })
                    });
            let cycle = cycle_of(d.owner);
            let stale = match (age_days, cycle) {
                (Some(age), Some(cycle)) => age as f64 > STALE_CYCLES * cycle,
                _ => false,
            };
            let deal = Deal {
                source: pick.export.source.clone(),
                id: d.id.clone(),
                name: d.name.clone(),
                owner: d.owner,
                amount: d.amount,
                close: d.close,
                stage: d.stage.clone(),
                created: d.created,
                probability: d.probability,
                category: d.category,
                age_days,
                previous_close,
                slipped: previous_close.is_some(),
                stale,
                closes_next: d.close.is_some_and(|c| Period::containing(kind, c) == next),
            };
            deals.push((
                deal,
                pick.export.has_probability,
                pick.before.is_some(),
                cycle.is_some(),
            ));
        }
    }
    deals.sort_by(|(a, ..), (b, ..)| {
        a.owner
            .cmp(&b.owner)
            .then_with(|| match (a.close, b.close) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| b.amount.total_cmp(&a.amount))
            .then_with(|| a.source.cmp(&b.source))
            .then_with(|| a.id.cmp(&b.id))
    });

    let people_n = roster.people.len();
    let mut people = vec![Tally::default(); people_n];
    let mut teams = vec![Tally::default(); roster.teams.len()];
    let mut organisation = Tally::default();
    let end = period.end();
    for (d, probabilities, can_slip, can_stale) in &deals {
        let closing = d.close.is_some_and(|c| c <= end);
        let mut scopes: Vec<&mut Tally> = Vec::with_capacity(3);
        let team = match d.owner {
            Owner::Person(p) => roster.people[p as usize].team,
            Owner::Team(t) => Some(t as usize),
            Owner::Organisation => None,
        };
        // Three distinct tallies: the owner, their team, the organisation.
        let (person_tally, team_tally) = match d.owner {
            Owner::Person(p) => (Some(p as usize), team),
            _ => (None, team),
        };
        if let Some(p) = person_tally {
            scopes.push(&mut people[p]);
        }
        if let Some(t) = team_tally {
            scopes.push(&mut teams[t]);
        }
        scopes.push(&mut organisation);
        for tally in scopes {
            tally.add(d, *probabilities, *can_slip, *can_stale);
            if closing {
                tally.close_by_end(d.amount);
            }
        }
    }

    // Revenue targets: this period's (from the scores) and the next one's.
    let revenue = scores.kpi_index("revenue");
    let in_progress = scores.in_progress.get(i).copied().unwrap_or(false);
    let now_of = |scope: &crate::compute::scores::Scope| {
        revenue.filter(|_| in_progress).map(|k| {
            let cell = scope.cell(i, k);
            (cell.target_value(), cell.value)
        })
    };
    let next_targets = next_revenue_targets(book, scores, next);
    let target_of = |scope: &crate::compute::scores::Scope| {
        revenue.and_then(|k| scope.cell(i, k).target_value())
    };
    let quota = |t: Option<f64>| t.is_some_and(|t| t > 0.0);
    let sum_targets = |members: &mut dyn Iterator<Item = usize>| {
        members.fold(None, |acc: Option<f64>, p| match next_targets[p] {
            Some(t) => Some(acc.unwrap_or(0.0) + t),
            None => acc,
        })
    };
    // Without an open deal now, a scope with a quota is shown (an empty pipeline is
    // news) when an export of this snapshot has its deals at other times: people who
    // never sell, and periods an export does not cover, show no false zero.
    let covered = covered(picks, people_n);
    let people: Vec<Option<Measures>> = people
        .iter()
        .enumerate()
        .map(|(p, tally)| {
            let scope = &scores.people[p];
            let carries = covered[p] && (quota(target_of(scope)) || quota(next_targets[p]));
            (tally.any || carries).then(|| tally.measures(next_targets[p], now_of(scope)))
        })
        .collect();
    let teams: Vec<Option<Measures>> = teams
        .iter()
        .enumerate()
        .map(|(t, tally)| {
            let scope = &scores.teams[t];
            let next_target = sum_targets(&mut roster.teams[t].members.iter().copied());
            let sells = roster.teams[t].members.iter().any(|&p| covered[p]);
            let carries = sells && (quota(target_of(scope)) || quota(next_target));
            (tally.any || carries).then(|| tally.measures(next_target, now_of(scope)))
        })
        .collect();
    let organisation = organisation.measures(
        sum_targets(&mut roster.teams.iter().flat_map(|t| t.members.iter().copied())),
        now_of(&scores.organisation),
    );
    let snapshot = picks
        .iter()
        .map(|p| p.now.day)
        .max()
        .expect("invariant: a pick");
    let previous = picks.iter().filter_map(|p| p.before.map(|b| b.day)).max();
    PeriodPipeline {
        period: i,
        snapshot,
        previous,
        next,
        in_progress,
        deals: deals.into_iter().map(|(d, ..)| d).collect(),
        people,
        teams,
        organisation,
        team_cycle,
        organisation_cycle,
    }
}

/// Per person: whether they own an open deal in any snapshot of the exports picked.
fn covered(picks: &[Pick], people: usize) -> Vec<bool> {
    let mut covered = vec![false; people];
    let deals = picks
        .iter()
        .flat_map(|p| &p.export.snapshots)
        .flat_map(|s| &s.deals);
    for d in deals {
        if let Owner::Person(p) = d.owner {
            covered[p as usize] = true;
        }
    }
    covered
}

/// Each person's revenue target of `next` (× share of active days × ramp), `None`
/// without one or without an active day.
fn next_revenue_targets(book: &Parts, scores: &Scores, next: Period) -> Vec<Option<f64>> {
    let roster = &book.roster;
    let days = Days::new(book.calendar, &[next], None);
    let revenue_shown = scores.kpi_index("revenue").is_some();
    roster
        .people
        .iter()
        .enumerate()
        .map(|(p, person)| {
            if !revenue_shown {
                return None;
            }
            let presence = active::presence(person, &roster.targets, &[next], &days)[0]?;
            match roster
                .targets
                .person_chain(p, person.team, "revenue")
                .at(next)?
            {
                Goal::Value(v) => Some(((v * presence.factor()) * 1e4).round() / 1e4),
                Goal::Band { .. } => None,
            }
        })
        .collect()
}

/// The average sales cycle (days from creation to a won close) of each team and of
/// the organisation, over every day with data up to `until`.
fn cycles(roster: &Roster, metrics: &Metrics, until: Date) -> (Vec<Option<f64>>, Option<f64>) {
    let (Some(cycle), Some(deals)) = (
        metrics.measure_index("cycle_days_sum"),
        metrics.measure_index("deals"),
    ) else {
        return (vec![None; roster.teams.len()], None);
    };
    let width = metrics.measures.len();
    let sums = |series: &crate::load::series::Series| -> (f64, f64) {
        let mut totals = (0.0, 0.0);
        for (row, day) in series.days.iter().enumerate() {
            if *day > until {
                break;
            }
            let values = &series.values[row * width..(row + 1) * width];
            let (c, d) = (values[cycle], values[deals]);
            // Only deals whose cycle is known (a source without create dates has none).
            if !c.is_nan() && !d.is_nan() {
                totals.0 += c;
                totals.1 += d;
            }
        }
        totals
    };
    let average = |(c, d): (f64, f64)| (d > 0.0).then(|| c / d);
    let mut organisation = sums(&metrics.organisation);
    let teams = roster
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let mut total = metrics.teams.get(t).map(sums).unwrap_or((0.0, 0.0));
            for &p in &team.members {
                let (c, d) = sums(&metrics.people[p]);
                total.0 += c;
                total.1 += d;
            }
            organisation.0 += total.0;
            organisation.1 += total.1;
            average(total)
        })
        .collect();
    for (p, person) in roster.people.iter().enumerate() {
        if person.team.is_none() {
            let (c, d) = sums(&metrics.people[p]);
            organisation.0 += c;
            organisation.1 += d;
        }
    }
    (teams, average(organisation))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use jiff::civil::date;

    use super::*;
    use crate::base::locale::Locale;
    use crate::base::period::PeriodKind;
    use crate::compute::scores::{self, Frame};
    use crate::load::series::Series;
    use crate::load::sources::deals::{Deals, Snapshot};
    use crate::load::team;

    const TEAM: &str = "\
teams:
  - { id: north, name: North }
  - { id: south, name: South }
people:
  - { id: a, name: A, team: north }
  - { id: b, name: B, team: north }
  - { id: c, name: C, team: south }
  - { id: d, name: D }
  - { id: e, name: E }
targets:
  default: { revenue: 1000 }
  people: { c: { revenue: 2000 }, d: { revenue: 0 } }
";

    #[allow(clippy::too_many_arguments)]
    fn deal(
        id: &str,
        owner: Owner,
        amount: f64,
        close: Option<Date>,
        created: Date,
        probability: Option<f64>,
        category: Option<Category>,
    ) -> OpenDeal {
        OpenDeal {
            id: id.into(),
            name: Some(format!("Deal {id}")),
            owner,
            amount,
            close,
            stage: "Proposal".into(),
            created: Some(created),
            probability,
            category,
            line: 2,
        }
    }

    /// Two snapshots (20 Oct, 20 Nov) and won deals that make North's sales cycle
    /// (20 + 40 + 20) / 3 = 26.67 days, South's 10 / 2 = 5, the organisation's
    /// 90 / 5 = 18. November is in progress on 20 Nov.
    fn fixture() -> (Roster, Scores, Pipeline) {
        let mut diags = crate::base::diag::Diagnostics::new();
        let roster = team::load(
            Path::new("team.yaml"),
            TEAM,
            Some(PeriodKind::Month),
            &mut diags,
        )
        .unwrap();
        // Measures (sorted): cycle_days_sum, deals, revenue.
        let mut people = vec![Series::default(); roster.people.len()];
        let mut row = |p: usize, day: Date, v: [f64; 3]| {
            people[p].days.push(day);
            people[p].values.extend(v);
        };
        row(0, date(2026, 10, 5), [20.0, 1.0, 500.0]);
        row(0, date(2026, 11, 20), [20.0, 1.0, 200.0]);
        row(1, date(2026, 11, 10), [40.0, 1.0, 300.0]);
        row(2, date(2026, 10, 1), [10.0, 2.0, 900.0]);
        let a = Owner::Person(0);
        let b = Owner::Person(1);
        let c = Owner::Person(2);
        let (commit, best, pipe) = (
            Some(Category::Commit),
            Some(Category::BestCase),
            Some(Category::Pipeline),
        );
        let october = vec![
            deal(
                "2",
                a,
                600.0,
                Some(date(2026, 11, 15)),
                date(2026, 11, 1),
                Some(20.0),
                best,
            ),
            deal(
                "6",
                a,
                900.0,
                Some(date(2026, 10, 30)),
                date(2026, 9, 1),
                Some(80.0),
                None,
            ),
        ];
        let november = vec![
            deal(
                "1",
                a,
                400.0,
                Some(date(2026, 11, 25)),
                date(2026, 10, 1),
                Some(50.0),
                commit,
            ),
            deal(
                "2",
                a,
                600.0,
                Some(date(2026, 12, 10)),
                date(2026, 11, 1),
                Some(20.0),
                best,
            ),
            deal(
                "3",
                b,
                0.0,
                Some(date(2026, 12, 5)),
                date(2026, 8, 1),
                None,
                None,
            ),
            deal(
                "4",
                c,
                1000.0,
                Some(date(2026, 11, 10)),
                date(2026, 11, 10),
                Some(30.0),
                pipe,
            ),
            deal(
                "5",
                Owner::Organisation,
                250.0,
                Some(date(2026, 12, 31)),
                date(2026, 11, 19),
                None,
                None,
            ),
        ];
        let snapshot = |day: Date, deals: Vec<OpenDeal>| Snapshot {
            day,
            file: PathBuf::from(format!("metrics/hubspot-deals-{day}.csv")),
            dated: true,
            deals,
        };
        let metrics = Metrics {
            measures: vec!["cycle_days_sum".into(), "deals".into(), "revenue".into()],
            people,
            files: Vec::new(),
            deals: Deals {
                exports: vec![DealExport {
                    source: "hubspot-deals".into(),
                    has_probability: true,
                    has_category: true,
                    snapshots: vec![
                        snapshot(date(2026, 10, 20), october),
                        snapshot(date(2026, 11, 20), november),
                    ],
                }],
            },
            ..Metrics::default()
        };
        let calendar = Calendar::new(Locale::En);
        let scores = scores::compute(
            &roster,
            &metrics,
            &crate::load::kpi::builtin(),
            &Frame {
                kind: PeriodKind::Month,
                report_period: None,
                calendar: &calendar,
            },
        );
        let pipeline = compute(&roster, &metrics, &calendar, &scores);
        (roster, scores, pipeline)
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn each_period_shows_the_snapshot_taken_in_it() {
        let (_, scores, pipeline) = fixture();
        assert_eq!(pipeline.periods.len(), 2);
        let oct = &pipeline.periods[0];
        assert_eq!(scores.periods[oct.period].to_string(), "2026-10");
        assert_eq!(oct.snapshot, date(2026, 10, 20));
        assert_eq!(oct.previous, None);
        assert!(!oct.in_progress);
        // Without an earlier snapshot nothing can have slipped.
        assert_eq!(oct.organisation.slipped_deals, None);
        let nov = &pipeline.periods[1];
        assert_eq!(scores.periods[nov.period].to_string(), "2026-11");
        assert_eq!(nov.snapshot, date(2026, 11, 20));
        assert_eq!(nov.previous, Some(date(2026, 10, 20)));
        assert!(nov.in_progress);
        assert_eq!(nov.next.to_string(), "2026-12");
    }

    #[test]
    fn measures_of_people_teams_and_the_organisation() {
        let (_, _, pipeline) = fixture();
        let nov = &pipeline.periods[1];
        // A: deals 1 (400, closes 25 Nov, 50 %, commit) and 2 (600, slipped from
        // 15 Nov to 10 Dec, 20 %, best case); target 1,000, won 200 so far.
        let a = nov.people[0].clone().unwrap();
        assert_eq!(a.open_deals, 2);
        assert_eq!(a.open_amount, 1000.0);
        assert!(close(a.weighted_amount, 400.0 * 0.5 + 600.0 * 0.2));
        assert_eq!(a.next_amount, 600.0);
        assert_eq!(a.next_target, Some(1000.0));
        assert!(close(a.coverage_next, 0.6));
        assert_eq!(a.closing_amount, 400.0);
        assert_eq!(a.remaining, Some(800.0));
        assert!(close(a.coverage, 0.5));
        assert_eq!(a.slipped_deals, Some(1));
        assert_eq!(a.slipped_amount, Some(600.0));
        // Deal 1 is 50 days old: under 2 × 26.67.
        assert_eq!(a.stale_deals, Some(0));
        assert_eq!(a.by_category, [400.0, 600.0, 0.0, 0.0, 0.0]);
        // B: deal 3, no amount, 111 days old (> 53.3): stale; target 1,000, won 300.
        let b = nov.people[1].clone().unwrap();
        assert_eq!((b.open_deals, b.open_amount), (1, 0.0));
        assert_eq!(b.weighted_amount, Some(0.0));
        assert_eq!(b.stale_deals, Some(1));
        assert!(close(b.coverage_next, 0.0));
        assert!(close(b.coverage, 0.0));
        assert_eq!(b.remaining, Some(700.0));
        // C: deal 4 closed on 10 Nov by the export but still open: it counts as
        // closing this period; 10 days old is not over 2 × 5.
        let c = nov.people[2].clone().unwrap();
        assert_eq!(c.closing_amount, 1000.0);
        assert!(close(c.coverage, 0.5));
        assert!(close(c.coverage_next, 0.0));
        assert_eq!(c.stale_deals, Some(0));
        // D carries no quota and has no deal.
        assert!(nov.people[3].is_none());

        let north = nov.teams[0].clone().unwrap();
        assert_eq!((north.open_deals, north.open_amount), (3, 1000.0));
        assert!(close(north.weighted_amount, 320.0));
        assert_eq!(north.next_amount, 600.0);
        assert!(close(north.coverage_next, 600.0 / 2000.0));
        assert!(close(north.coverage, 400.0 / 1500.0));
        assert_eq!((north.slipped_deals, north.stale_deals), (Some(1), Some(1)));
        let south = nov.teams[1].clone().unwrap();
        assert_eq!((south.open_deals, south.open_amount), (1, 1000.0));
        assert!(close(south.coverage, 0.5));

        // The organisation adds deal 5 (no owner, 250, December).
        let org = &nov.organisation;
        assert_eq!((org.open_deals, org.open_amount), (5, 2250.0));
        assert!(close(org.weighted_amount, 620.0));
        assert_eq!(org.next_amount, 850.0);
        assert!(close(org.coverage_next, 850.0 / 4000.0));
        assert!(close(org.coverage, 1400.0 / 3500.0));
        assert_eq!(org.slipped_amount, Some(600.0));
        assert_eq!(org.stale_deals, Some(1));
        assert_eq!(org.by_category, [400.0, 600.0, 1000.0, 0.0, 250.0]);
    }

    #[test]
    fn a_scope_without_deals_shows_where_its_export_has_its_deals() {
        let (_, _, pipeline) = fixture();
        let oct = &pipeline.periods[0];
        // B has no open deal on 20 October but one in the export a month later: an
        // empty pipeline against a quota, shown.
        let b = oct.people[1].clone().unwrap();
        assert_eq!((b.open_deals, b.open_amount, b.next_amount), (0, 0.0, 0.0));
        assert!(close(b.coverage_next, 0.0));
        // E carries the default quota but owns no deal in any snapshot: never shown.
        assert!(pipeline.periods.iter().all(|p| p.people[4].is_none()));
    }

    #[test]
    fn deals_carry_what_compute_found() {
        let (_, _, pipeline) = fixture();
        let nov = &pipeline.periods[1];
        let slipped: Vec<&Deal> = nov.deals.iter().filter(|d| d.slipped).collect();
        assert_eq!(slipped.len(), 1);
        assert_eq!(slipped[0].id, "2");
        assert_eq!(slipped[0].previous_close, Some(date(2026, 11, 15)));
        let ids: Vec<&str> = nov.deals_of(0).map(|d| d.id.as_str()).collect();
        // Sorted by close date.
        assert_eq!(ids, ["1", "2"]);
        let stale = nov.deals.iter().find(|d| d.stale).unwrap();
        assert_eq!((stale.id.as_str(), stale.age_days), ("3", Some(111)));
        assert!(close(nov.team_cycle[0], 80.0 / 3.0));
        assert!(close(nov.team_cycle[1], 5.0));
        assert!(close(nov.organisation_cycle, 90.0 / 5.0));
        // October's pipeline is before the 20 Nov snapshot: deal 6 is still in it.
        assert!(pipeline.periods[0].deals.iter().any(|d| d.id == "6"));
    }
}
