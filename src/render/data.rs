//! `data/<period>.csv`: the computed KPIs of one period, exactly as the contract
//! defines — `scope,id,kpi,value,target,status,expected`, plain numbers with a `.` decimal
//! point and no rounding beyond what the data holds, rows sorted by scope, id and
//! kpi so the file diffs cleanly in git. Beside it: the pulse, the plan and the
//! pipeline (`data/<period>-pipeline.csv`) of the period.

use crate::base::csv::field;
pub(crate) use crate::base::csv::plain_number;
use crate::compute::Report;
use crate::compute::pipeline::Measures;
use crate::compute::scores::Scope;
use crate::load::book::Book;
use crate::load::targets::Goal;

/// The id of the organisation row.
pub(crate) const ORGANISATION_ID: &str = "organisation";

pub(crate) fn kpi_csv(book: &Book, report: &Report, period: usize) -> String {
    let push = |scope_name: &'static str,
                id: &str,
                scope: &Scope,
                rows: &mut Vec<(String, String, String, String)>| {
        for (k, kpi) in report.scores.kpis.iter().enumerate() {
            if !scope.has_kpi[k] {
                continue;
            }
            let cell = scope.cell(period, k);
            let value = cell.value.map_or_else(String::new, plain_number);
            let target = cell.target.map_or_else(String::new, Goal::plain);
            let status = cell.status.map_or("", |s| s.as_str());
            let expected = cell.expected.map_or_else(String::new, plain_number);
            rows.push((
                scope_name.to_string(),
                id.to_string(),
                kpi.id.clone(),
                format!("{value},{target},{status},{expected}"),
            ));
        }
    };
    let mut all: Vec<(String, String, String, String)> = Vec::new();
    push(
        "organisation",
        ORGANISATION_ID,
        &report.scores.organisation,
        &mut all,
    );
    for (t, team) in book.roster.teams.iter().enumerate() {
        push("team", &team.id, &report.scores.teams[t], &mut all);
    }
    for (i, person) in book.roster.people.iter().enumerate() {
        push("person", &person.id, &report.scores.people[i], &mut all);
    }
    all.sort();

    let mut out = String::from("scope,id,kpi,value,target,status,expected\n");
    for (scope, id, kpi, rest) in all {
        out.push_str(&format!("{scope},{},{},{rest}\n", field(&id), field(&kpi)));
    }
    out
}

/// `data/<period>-pulse.csv`: `person,held,planned,days_since_one_on_one,
/// overdue_actions,status` for everyone the rhythm covers in the period, sorted by
/// person id. Empty fields where there is no value (never a 1:1, no status).
pub(crate) fn pulse_csv(book: &Book, report: &Report, period: usize) -> String {
    let mut rows: Vec<(String, String)> = book
        .roster
        .people
        .iter()
        .enumerate()
        .filter_map(|(i, person)| {
            let p = report.pulse.person(i, period)?;
            let days = p
                .days_since_one_on_one
                .map_or_else(String::new, |d| d.to_string());
            let status = p.status.map_or("", |s| s.as_str());
            Some((
                person.id.clone(),
                format!(
                    "{},{},{days},{},{status}",
                    p.held, p.planned, p.overdue_actions
                ),
            ))
        })
        .collect();
    rows.sort();
    let mut out =
        String::from("person,held,planned,days_since_one_on_one,overdue_actions,status\n");
    for (id, rest) in rows {
        out.push_str(&field(&id));
        out.push(',');
        out.push_str(&rest);
        out.push('\n');
    }
    out
}

/// `data/<period>-plan.csv`: `scope,id,kpi,plan_min,plan_standard,plan_max,actual,
/// forecast,deviation` for the report period, rows sorted by scope, id and KPI.
pub(crate) fn plan_csv(book: &Book, report: &Report) -> String {
    let num = |v: Option<f64>| v.map_or_else(String::new, plain_number);
    let mut rows: Vec<String> = report
        .plan
        .rows
        .iter()
        .map(|row| {
            let (scope, id) = match row.team {
                Some(t) => ("team", book.roster.teams[t].id.as_str()),
                None => ("organisation", ORGANISATION_ID),
            };
            let plan = row.plan;
            format!(
                "{scope},{},{},{},{},{},{},{},{}",
                field(id),
                field(&report.scores.kpis[row.kpi].id),
                num(plan.map(|p| p.min)),
                num(plan.map(|p| p.standard)),
                num(plan.map(|p| p.max)),
                num(row.actual),
                num(row.run_rate),
                num(row.deviation()),
            )
        })
        .collect();
    rows.sort();
    let mut out =
        String::from("scope,id,kpi,plan_min,plan_standard,plan_max,actual,forecast,deviation\n");
    for row in rows {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// `data/<period>-pipeline.csv`: `scope,id,open_deals,open_amount,weighted_amount,
/// next_amount,coverage_next,slipped_deals,slipped_amount,stale_deals` for the
/// organisation and every team and person with a pipeline in `period`, sorted by
/// scope and id; empty fields where a measure does not apply. `None` without a
/// pipeline in the period.
pub(crate) fn pipeline_csv(book: &Book, report: &Report, period: usize) -> Option<String> {
    let pp = report.pipeline.at(period)?;
    let num = |v: Option<f64>| v.map_or_else(String::new, plain_number);
    let count = |v: Option<usize>| v.map_or_else(String::new, |n| n.to_string());
    let row = |scope: &str, id: &str, m: &Measures| {
        (
            scope.to_string(),
            id.to_string(),
            format!(
                "{},{},{},{},{},{},{},{}",
                m.open_deals,
                plain_number(m.open_amount),
                num(m.weighted_amount),
                plain_number(m.next_amount),
                num(m.coverage_next),
                count(m.slipped_deals),
                num(m.slipped_amount),
                count(m.stale_deals),
            ),
        )
    };
    let mut rows = vec![row("organisation", ORGANISATION_ID, &pp.organisation)];
    for (t, team) in book.roster.teams.iter().enumerate() {
        if let Some(m) = pp.teams.get(t).and_then(Option::as_ref) {
            rows.push(row("team", &team.id, m));
        }
    }
    for (i, person) in book.roster.people.iter().enumerate() {
        if let Some(m) = pp.people.get(i).and_then(Option::as_ref) {
            rows.push(row("person", &person.id, m));
        }
    }
    rows.sort();
    let mut out = String::from(
        "scope,id,open_deals,open_amount,weighted_amount,next_amount,coverage_next,\
         slipped_deals,slipped_amount,stale_deals\n",
    );
    for (scope, id, rest) in rows {
        out.push_str(&format!("{scope},{},{rest}\n", field(&id)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_and_exact() {
        assert_eq!(plain_number(0.25), "0.25");
        assert_eq!(plain_number(12.0), "12");
        assert_eq!(plain_number(-0.0), "0");
        assert_eq!(plain_number(1234567.89), "1234567.89");
        assert_eq!(plain_number(7.0 / 30.0), "0.23333333333333334");
        assert_eq!(plain_number(1e21), "1000000000000000000000");
    }
}
