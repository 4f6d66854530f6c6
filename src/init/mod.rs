//! `pulsebook init`: a complete starter book that builds with no edits — settings, a
//! small sample team with targets at every level, six months of sample metrics and
//! the handbook chapters as editable files.
//!
//! The sample data comes from a fixed seed and fixed dates, so two runs write the same
//! bytes. Nothing is ever overwritten: if any file the starter would write exists, the
//! command stops before writing anything. Its problems are [`Diagnostic`]s about the
//! folder or a file; `main` prints their message and hint.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::base::diag::{Diagnostic, Diagnostics, display_path};
use crate::base::locale::Locale;

/// Words of the starter book in one language.
struct Words {
    title: &'static str,
    organisation: &'static str,
    description: &'static str,
    currency: &'static str,
    teams: [(&'static str, &'static str); 2],
    /// (id, name, role, team index or none)
    people: [(&'static str, &'static str, &'static str, Option<usize>); 7],
    email_domain: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::Pl => Words {
            title: "Podręcznik sprzedaży",
            organisation: "Przykładowa Firma Sp. z o.o.",
            description: "Jak pracujemy, co mierzymy i jak się rozwijamy.",
            currency: "PLN",
            teams: [("handlowcy", "Handlowcy"), ("infolinia", "Infolinia")],
            people: [
                ("ewa-nowak", "Ewa Nowak", "director", None),
                ("piotr-lis", "Piotr Lis", "manager", Some(0)),
                ("anna-wrobel", "Anna Wróbel", "rep", Some(0)),
                ("marek-zajac", "Marek Zając", "rep", Some(0)),
                ("olga-mazur", "Olga Mazur", "manager", Some(1)),
                ("jan-kowal", "Jan Kowal", "agent", Some(1)),
                ("zofia-krol", "Zofia Król", "agent", Some(1)),
            ],
            email_domain: "przyklad.example",
        },
        Locale::Nb => Words {
            title: "Salgshåndbok",
            organisation: "Eksempel AS",
            description: "Hvordan vi jobber, hva vi måler og hvordan vi utvikler oss.",
            currency: "NOK",
            teams: [("salg", "Salg"), ("kundesenter", "Kundesenter")],
            people: [
                ("ingrid-berg", "Ingrid Berg", "director", None),
                ("lars-haugen", "Lars Haugen", "manager", Some(0)),
                ("kari-dahl", "Kari Dahl", "rep", Some(0)),
                ("ole-bakke", "Ole Bakke", "rep", Some(0)),
                ("sigrid-lie", "Sigrid Lie", "manager", Some(1)),
                ("jonas-moe", "Jonas Moe", "agent", Some(1)),
                ("nora-strand", "Nora Strand", "agent", Some(1)),
            ],
            email_domain: "eksempel.example",
        },
        Locale::En => Words {
            title: "Sales Handbook",
            organisation: "Example Ltd",
            description: "How we work, what we measure and how we grow.",
            currency: "EUR",
            teams: [("field", "Field Sales"), ("contact", "Contact Centre")],
            people: [
                ("emma-hart", "Emma Hart", "director", None),
                ("liam-price", "Liam Price", "manager", Some(0)),
                ("ava-brooks", "Ava Brooks", "rep", Some(0)),
                ("noah-ellis", "Noah Ellis", "rep", Some(0)),
                ("mia-fox", "Mia Fox", "manager", Some(1)),
                ("leo-grant", "Leo Grant", "agent", Some(1)),
                ("zoe-lane", "Zoe Lane", "agent", Some(1)),
            ],
            email_domain: "example.com",
        },
    }
}

fn settings_yaml(locale: Locale, w: &Words) -> String {
    format!(
        r#"# Book settings. Every key is described in the pulsebook book format docs.
title: "{title}"
organisation: "{organisation}"
description: "{description}"
locale: {locale}          # en | pl | nb: handbook language, labels, number and date formats
currency: {currency}
period: month          # month | week | quarter
history: 6             # periods shown in trend charts
outputs: [html]        # add pdf for the handbook and scorecards as PDF files
privacy:
  leaderboard: false        # true shows each person's place in their team
  publish_scorecards: true  # false keeps personal pages out of the site
"#,
        title = w.title,
        organisation = w.organisation,
        description = w.description,
        locale = locale.as_str(),
        currency = w.currency,
    )
}

fn team_yaml(w: &Words) -> String {
    let mut out = String::from(
        "# Teams, people and targets. Targets are per person and per period; a\n\
         # percentage is a fraction (0.25 = 25 %) and a duration is in seconds.\n\nteams:\n",
    );
    for (t, (id, name)) in w.teams.iter().enumerate() {
        let manager = w
            .people
            .iter()
            .find(|p| p.3 == Some(t) && p.2 == "manager")
            .map_or("", |p| p.0);
        let _ = write!(
            out,
            "  - id: {id}\n    name: {name}\n    manager: {manager}\n"
        );
    }
    out.push_str("\npeople:\n");
    let director = w.people[0].0;
    for (id, name, role, team) in &w.people {
        let email = id.replace('-', ".");
        let _ = write!(
            out,
            "  - id: {id}\n    name: {name}\n    email: {email}@{}\n    role: {role}\n",
            w.email_domain
        );
        // Managers lead their team (`teams[].manager`) without being one of its
        // sellers, so the team's targets are the sum of the people who sell.
        match team {
            Some(t) if *role != "manager" => {
                let _ = writeln!(out, "    team: {}", w.teams[*t].0);
            }
            Some(_) => {
                let _ = writeln!(out, "    manager: {director}");
            }
            None => {}
        }
    }
    let contact = w.teams[1].0;
    let rep = w.people[3].0;
    let _ = write!(
        out,
        r#"
targets:
  default:
    revenue: 55000
    deals: 12
    conversion: 0.18
    win_rate: 0.35
    crm_interactions: 150
  teams:
    {contact}:
      revenue: 14000
      deals: 32
      conversion: 0.26
      crm_interactions: 90
      aht: 300
      asa: 25
      abandonment: 0.05
      csat: 4.5
  people:
    {rep}:
      revenue: 45000     # joined this year: a lower target while ramping up
"#
    );
    out
}

/// A small deterministic generator (xorshift64*): the same sample data on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A whole number near `mean` (±`spread` share).
    fn around(&mut self, mean: f64, spread: f64) -> u64 {
        (mean * (1.0 + spread * (2.0 * self.next() - 1.0)))
            .round()
            .max(0.0) as u64
    }
}

/// Working days of the sample: January to June 2026.
fn sample_days() -> Vec<jiff::civil::Date> {
    crate::base::calendar::weekdays(
        jiff::civil::date(2026, 1, 1),
        jiff::civil::date(2026, 6, 30),
    )
}

/// CRM export: one row per rep and working day.
fn crm_csv(w: &Words) -> String {
    let mut rng = Rng(0x5EED_0001);
    let mut out = String::from(
        "date,rep,leads,opportunities,deals,revenue,cycle_days_sum,crm_interactions\n",
    );
    let days = sample_days();
    let sellers: Vec<(usize, &str)> = w
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.3.is_some() && p.2 != "manager")
        .map(|(i, p)| (i, p.0))
        .collect();
    for (n, day) in days.iter().enumerate() {
        // A gentle upward drift over the half-year.
        let growth = 1.0 + 0.25 * n as f64 / days.len() as f64;
        for &(i, id) in &sellers {
            let contact = w.people[i].3 == Some(1);
            let (leads, rate, size) = if contact {
                (5.0, 0.25, 420.0)
            } else {
                (2.6, 0.18, 4300.0)
            };
            let leads = rng.around(leads * growth, 0.6);
            let opportunities = rng.around(leads as f64 * 0.5, 0.5).min(leads);
            let deals = (0..leads).filter(|_| rng.next() < rate).count() as u64;
            let revenue = deals as f64 * size * (0.6 + 0.8 * rng.next());
            let cycle = deals * rng.around(if contact { 6.0 } else { 28.0 }, 0.4);
            let interactions = rng.around(if contact { 4.0 } else { 7.0 }, 0.5);
            let _ = writeln!(
                out,
                "{day},{id},{leads},{opportunities},{deals},{revenue:.2},{cycle},{interactions}"
            );
        }
    }
    out
}

/// Contact-centre export: calls, handle and answer times, satisfaction surveys.
fn calls_csv(w: &Words) -> String {
    let mut rng = Rng(0x5EED_0002);
    let mut out = String::from(
        "date,rep,calls,handle_seconds,answer_seconds,abandoned,csat_sum,csat_responses\n",
    );
    let agents: Vec<&str> = w
        .people
        .iter()
        .filter(|p| p.3 == Some(1) && p.2 != "manager")
        .map(|p| p.0)
        .collect();
    for day in sample_days() {
        for id in &agents {
            let calls = rng.around(38.0, 0.25);
            let handle = calls * rng.around(305.0, 0.12);
            let answer = calls * rng.around(24.0, 0.4);
            let abandoned = rng.around(2.0, 1.0);
            let responses = rng.around(6.0, 0.5);
            let csat: u64 = (0..responses)
                .map(|_| if rng.next() < 0.6 { 5 } else { 4 })
                .sum();
            let _ = writeln!(
                out,
                "{day},{id},{calls},{handle},{answer},{abandoned},{csat},{responses}"
            );
        }
    }
    out
}

fn readme(w: &Words) -> String {
    format!(
        "# {title}\n\n\
         A pulsebook book: the team handbook and monthly scorecards, built from\n\
         plain files.\n\n\
         - `pulsebook.yaml`: title, language, currency, outputs\n\
         - `team.yaml`: teams, people and targets\n\
         - `metrics/*.csv`: daily exports from the CRM and the contact centre\n\
         - `content/*.md`: the handbook chapters; edit them, add your own\n\n\
         Preview while you edit (the page reloads on every save):\n\n\
         ```\npulsebook serve\n```\n\n\
         Build the site into `public/`:\n\n\
         ```\npulsebook build\n```\n\n\
         The sample people and metrics are made up: replace them with your team and\n\
         your exports.\n",
        title = w.title
    )
}

/// The files of the starter book, relative to its folder.
pub(crate) fn starter(locale: Locale) -> Vec<(String, Vec<u8>)> {
    let w = words(locale);
    let mut files = vec![
        (
            "pulsebook.yaml".to_string(),
            settings_yaml(locale, &w).into_bytes(),
        ),
        ("team.yaml".to_string(), team_yaml(&w).into_bytes()),
        ("metrics/crm.csv".to_string(), crm_csv(&w).into_bytes()),
        ("metrics/calls.csv".to_string(), calls_csv(&w).into_bytes()),
        ("README.md".to_string(), readme(&w).into_bytes()),
        (".gitignore".to_string(), b"/public/\n".to_vec()),
    ];
    let content = crate::load::book::content_language(locale);
    for (name, bytes) in crate::base::embedded::under(&format!("content/{content}")) {
        files.push((format!("content/{name}"), bytes.to_vec()));
    }
    files
}

/// Writes the starter book into `dir`, creating it if needed. Refuses, writing
/// nothing, when any of its files exists. Returns the files written; `None` after a
/// problem (in `diags`: the folder holds a book, or a file cannot be written).
pub fn init(dir: &Path, locale: Locale, diags: &mut Diagnostics) -> Option<Vec<PathBuf>> {
    let files = starter(locale);
    let mut taken: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists())
        .collect();
    if dir.join("pulsebook.yaml").exists() && taken.is_empty() {
        taken.push(dir.join("pulsebook.yaml"));
    }
    if !taken.is_empty() {
        diags.push(exists(dir, &taken));
        return None;
    }
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent()
            && let Err(e) = fs::create_dir_all(parent)
        {
            diags.push(cannot_write(parent, &e));
            return None;
        }
        // create_new: a file that appeared since the check is still never overwritten.
        let result = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| io::Write::write_all(&mut f, &bytes));
        if let Err(e) = result {
            diags.push(cannot_write(&path, &e));
            return None;
        }
        written.push(path);
    }
    Some(written)
}

/// The folder already holds a book, or files the starter would write: the first
/// five are named.
fn exists(dir: &Path, paths: &[PathBuf]) -> Diagnostic {
    let list: Vec<String> = paths
        .iter()
        .take(5)
        .map(|p| format!("`{}`", display_path(p)))
        .collect();
    let more = paths.len().saturating_sub(5);
    let message = format!(
        "{} already exist{}{}: init never overwrites files",
        list.join(", "),
        if paths.len() == 1 { "s" } else { "" },
        if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        }
    );
    Diagnostic::error(dir, message).with_hint("choose a new folder, or edit the book that is there")
}

fn cannot_write(path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot write `{}`: {e}", display_path(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_is_deterministic_and_complete() {
        for locale in [Locale::En, Locale::Pl, Locale::Nb] {
            let a = starter(locale);
            assert_eq!(a, starter(locale));
            let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
            for needed in [
                "pulsebook.yaml",
                "team.yaml",
                "metrics/crm.csv",
                "content/kpis.md",
            ] {
                assert!(names.contains(&needed), "{locale:?} misses {needed}");
            }
            assert!(names.iter().filter(|n| n.starts_with("content/")).count() >= 10);
        }
    }

    #[test]
    fn sample_calendar_is_the_first_half_of_2026_on_weekdays() {
        let days = sample_days();
        assert_eq!(days.first().unwrap().to_string(), "2026-01-01");
        assert_eq!(days.last().unwrap().to_string(), "2026-06-30");
        // Weekdays by hand from a 2026 calendar: Jan 22, Feb 20, Mar 22, Apr 22,
        // May 21, Jun 22.
        assert_eq!(days.len(), 22 + 20 + 22 + 22 + 21 + 22);
    }
}
