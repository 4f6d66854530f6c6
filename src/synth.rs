//! `pulsebook synth`: a synthetic book of any size, for benchmarks and load tests.
//!
//! `--people N --months M --seed S` writes a valid book: a director, teams of ten (a
//! manager and nine reps; every fourth team a contact centre), targets at three
//! levels, a coaching rhythm with six months of 1:1s, team meetings, feedback, actions
//! and mentoring, and one metrics row per person with data per working day (Monday to
//! Friday) for `M` months ending with the report period, 2026-10. Everyone but the
//! director has rows, so 1,000 people × 36 months is about 780,000 rows.
//!
//! The same arguments give the same bytes on every machine: all randomness comes from
//! [`Rng`], seeded by `--seed`.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::PathBuf;

use jiff::civil::{Date, Weekday};

use crate::base::calendar::weekdays;
use crate::base::period::{Period, PeriodKind};

/// The last month with data and the book's report period.
pub(crate) const REPORT_PERIOD: &str = "2026-10";

/// Team size: a manager and nine reps.
const TEAM_SIZE: usize = 10;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder to create.
    pub out: PathBuf,
    /// Number of people.
    pub people: usize,
    /// Months of metrics.
    pub months: usize,
    /// Seed of the random generator.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// People written.
    pub people: usize,
    /// Teams written.
    pub teams: usize,
    /// Metric rows written.
    pub rows: usize,
    /// Coaching touchpoints written.
    pub touchpoints: usize,
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and its output is fixed by the
/// algorithm, so a seed means the same book forever (a crate's generator may change
/// its stream between versions).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A count with mean `mean` (Poisson by inversion for small means, normal above).
    fn count(&mut self, mean: f64) -> u64 {
        if mean <= 0.0 {
            return 0;
        }
        if mean > 30.0 {
            let n = (0..12).map(|_| self.unit()).sum::<f64>() - 6.0;
            return (mean + n * mean.sqrt()).round().max(0.0) as u64;
        }
        let limit = (-mean).exp();
        let mut product = self.unit();
        let mut k = 0;
        while product > limit {
            product *= self.unit();
            k += 1;
        }
        k
    }
}

const FIRST: &[&str] = &[
    "Anna",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Magdalena",
    "Paweł",
    "Agnieszka",
    "Michał",
    "Joanna",
    "Łukasz",
    "Ewa",
    "Krzysztof",
    "Zofia",
    "Marcin",
    "Natalia",
    "Jakub",
    "Ingrid",
    "Lars",
    "Kari",
    "Øystein",
    "Sofie",
    "Henrik",
    "Ragnhild",
    "Bjørn",
    "Emma",
    "Oliver",
    "Grace",
    "Daniel",
    "Żaneta",
    "Bartosz",
    "Małgorzata",
    "Sebastian",
];

const LAST: &[&str] = &[
    "Nowak",
    "Kowalski",
    "Wiśniewska",
    "Wójcik",
    "Kamińska",
    "Lewandowski",
    "Zielińska",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowska",
    "Jankowski",
    "Mazur",
    "Krawczyk",
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Berg",
    "Haugen",
    "Smith",
    "Taylor",
    "Brown",
    "Walker",
    "Clarke",
    "Chmielewski",
    "Jabłońska",
];

const TOPICS: &[&str] = &[
    "pipeline review",
    "month-end forecast",
    "key accounts",
    "call quality",
    "objection handling",
    "CRM hygiene",
    "cross-selling",
    "workload",
    "development plan",
    "new product line",
];

const SITUATIONS: &[(&str, &str, &str, &str)] = &[
    (
        "reinforcing",
        "Tuesday's call with a new reseller",
        "You asked about their project pipeline before quoting",
        "They asked for a second quote the same day",
    ),
    (
        "developmental",
        "Three recorded calls from this week",
        "None of them ended with a clear next step",
        "Two customers went quiet after the call",
    ),
    (
        "reinforcing",
        "The quarterly review with your largest partner",
        "You brought last quarter's numbers and a plan",
        "They committed to a joint campaign",
    ),
];

const ACTIONS: &[&str] = &[
    "Update the next steps of every open opportunity",
    "Listen to two recorded calls with the team lead",
    "Prepare the account plan for the top three partners",
    "Shadow a senior colleague on two customer visits",
];

struct Person {
    id: String,
    name: String,
    role: &'static str,
    team: Option<usize>,
    manager: Option<usize>,
    /// Relative performance, around 1.0.
    skill: f64,
    /// Growth per month, around 0.
    trend: f64,
    /// First day with data (a joiner starts later than the book).
    start: Date,
}

struct Team {
    id: String,
    name: String,
    manager: usize,
    contact_centre: bool,
}

fn ascii_slug(text: &str) -> String {
    crate::base::slug::slug_text(text, false)
}

/// Writes the book. Refuses a non-empty `out` (it never overwrites or deletes files).
pub fn synth(options: &Options) -> io::Result<Summary> {
    check(options)?;
    let mut rng = Rng(options.seed);
    let last = Period::parse(REPORT_PERIOD).expect("invariant: a valid period");
    let mut first = last;
    for _ in 1..options.months {
        first = first.pred();
    }
    let (start, end) = (first.start(), last.end());
    let (people, teams) = roster(&mut rng, options, start);

    let write = |name: &str, text: &str| -> io::Result<()> {
        let path = options.out.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)
    };
    write("pulsebook.yaml", &settings(options))?;
    write("team.yaml", &team_yaml(&people, &teams))?;
    let days = weekdays(start, end);
    let (crm, calls, rows) = metrics(&mut rng, &people, &teams, &days, first);
    write("metrics/crm.csv", &crm)?;
    write("metrics/calls.csv", &calls)?;
    write("coaching/rhythm.yaml", RHYTHM)?;
    let mut touchpoints = 0;
    for (t, team) in teams.iter().enumerate() {
        let (text, n) = coaching(&mut rng, &people, t, team, end);
        touchpoints += n;
        write(&format!("coaching/{}.yaml", team.id), &text)?;
    }
    write("coaching/mentoring.yaml", &mentoring(&people, &teams, end))?;
    Ok(Summary {
        people: people.len(),
        teams: teams.len(),
        rows,
        touchpoints,
    })
}

/// Sizes the book can have, and an `out` that holds nothing yet.
fn check(options: &Options) -> io::Result<()> {
    if options.people < 2 || options.months == 0 || options.months > 240 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--people must be at least 2 and --months between 1 and 240",
        ));
    }
    if fs::read_dir(&options.out).is_ok_and(|mut d| d.next().is_some()) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "`{}` is not empty; choose a new folder",
                crate::base::diag::display_path(&options.out)
            ),
        ));
    }
    Ok(())
}

/// The people: the director, then teams of a manager and nine reps (every fourth
/// team a contact centre) until there are `options.people`.
fn roster(rng: &mut Rng, options: &Options, start: Date) -> (Vec<Person>, Vec<Team>) {
    let mut people = Vec::with_capacity(options.people);
    let mut teams = Vec::new();
    let add = |rng: &mut Rng, role, team, manager, people: &mut Vec<Person>| {
        let n = people.len();
        let name = format!(
            "{} {}",
            FIRST[rng.below(FIRST.len())],
            LAST[rng.below(LAST.len())]
        );
        let joiner = role == "rep" && rng.chance(0.06);
        let offset = if joiner {
            rng.below(options.months * 30) as i64
        } else {
            0
        };
        people.push(Person {
            id: format!("{}-{n:04}", ascii_slug(&name)),
            name,
            role,
            team,
            manager,
            skill: rng.range(0.7, 1.3),
            trend: rng.range(-0.01, 0.015),
            start: start
                .checked_add(jiff::Span::new().days(offset))
                .unwrap_or(start),
        });
    };
    add(rng, "director", None, None, &mut people);
    while people.len() < options.people {
        let t = teams.len();
        let manager = people.len();
        let contact_centre = t % 4 == 3;
        teams.push(Team {
            id: format!("team-{:03}", t + 1),
            name: format!(
                "{} {}",
                if contact_centre {
                    "Contact Centre"
                } else {
                    "Channel"
                },
                t + 1
            ),
            manager,
            contact_centre,
        });
        add(rng, "manager", Some(t), Some(0), &mut people);
        for _ in 1..TEAM_SIZE {
            if people.len() == options.people {
                break;
            }
            add(rng, "rep", Some(t), Some(manager), &mut people);
        }
    }
    (people, teams)
}

const RHYTHM: &str = "\
# The planned coaching rhythm for every team member (managers excluded).
rhythm:
  one_on_one: biweekly
  team_meeting: weekly
  coaching: monthly
";

fn settings(options: &Options) -> String {
    format!(
        "# A synthetic book: pulsebook synth --people {} --months {} --seed {}
title: \"Synthetic Sales — {} people\"
organisation: \"Synthetic Sales Ltd\"
locale: en
currency: PLN
period: month
report_period: {REPORT_PERIOD}
history: 12
outputs: [html, pdf]
privacy:
  leaderboard: true
  publish_scorecards: true
",
        options.people, options.months, options.seed, options.people
    )
}

fn team_yaml(people: &[Person], teams: &[Team]) -> String {
    let mut s = String::from("teams:\n");
    for t in teams {
        let _ = writeln!(
            s,
            "  - id: {}\n    name: \"{}\"\n    manager: {}",
            t.id, t.name, people[t.manager].id
        );
    }
    s.push_str("\npeople:\n");
    for p in people {
        let _ = writeln!(
            s,
            "  - id: {}\n    name: \"{}\"\n    email: {}@synthetic.example\n    role: {}",
            p.id, p.name, p.id, p.role
        );
        if let Some(t) = p.team {
            let _ = writeln!(s, "    team: {}", teams[t].id);
        }
        if let Some(m) = p.manager {
            let _ = writeln!(s, "    manager: {}", people[m].id);
        }
        if p.start != people[0].start {
            let _ = writeln!(s, "    start: {}", p.start);
        }
    }
    s.push_str(
        "
# Monthly targets per person: people, then teams, then default.
targets:
  default:
    revenue: 300000
    deals: 14
    leads: 55
    conversion: 0.25
    win_rate: 0.4
    avg_deal: 21000
    cycle_days: 35
    crm_interactions: 200
    nps: 40
",
    );
    let centres: Vec<&Team> = teams.iter().filter(|t| t.contact_centre).collect();
    s.push_str(if centres.is_empty() {
        "  teams: {}\n"
    } else {
        "  teams:\n"
    });
    for t in centres {
        let _ = writeln!(
            s,
            "    {}:\n      revenue: 60000\n      deals: 25\n      leads: 180\n      conversion: 0.14\n      aht: 330\n      asa: 30\n      abandonment: 0.08\n      occupancy: 0.75\n      csat: 4.3",
            t.id
        );
    }
    s.push_str("  people:\n");
    for p in people.iter().filter(|p| p.role == "manager") {
        let _ = writeln!(
            s,
            "    {}: {{ revenue: 150000, deals: 7, leads: 28 }}",
            p.id
        );
    }
    s
}

/// The two exports: CRM rows for channel teams, call-centre rows for contact centres.
fn metrics(
    rng: &mut Rng,
    people: &[Person],
    teams: &[Team],
    days: &[Date],
    first: Period,
) -> (String, String, usize) {
    let mut crm = String::from(
        "date,rep,leads,opportunities,deals,revenue,cycle_days_sum,crm_interactions,nps_promoters,nps_detractors,nps_responses\n",
    );
    let mut calls = String::from(
        "date,rep,calls,handle_seconds,answer_seconds,abandoned,available_seconds,busy_seconds,csat_responses,csat_sum,leads,deals,revenue\n",
    );
    let mut rows = 0;
    for &day in days {
        let month = Period::containing(PeriodKind::Month, day);
        let mut age = 0.0;
        let mut m = first;
        while m < month {
            m = m.succ();
            age += 1.0;
        }
        // Quiet summers, a strong December.
        let season = [
            0.9, 0.95, 1.05, 1.0, 1.0, 0.95, 0.8, 0.8, 1.05, 1.1, 1.1, 1.25,
        ][usize::from(day.month() as u8) - 1];
        for p in people.iter().skip(1).filter(|p| p.start <= day) {
            let Some(team) = p.team else { continue };
            let scale = if p.role == "manager" { 0.5 } else { 1.0 };
            let level = (p.skill * (1.0 + p.trend * age) * season * scale).max(0.1);
            rows += 1;
            if teams[team].contact_centre {
                let n = rng.count(45.0 * level.sqrt());
                let handle = n as f64 * rng.range(290.0, 360.0) / p.skill.sqrt();
                let answer = n as f64 * rng.range(15.0, 40.0);
                let abandoned = rng.count(n as f64 * 0.06);
                let available = 27_000 + rng.below(1800) as u64;
                let busy = (available as f64 * rng.range(0.65, 0.85)).round() as u64;
                let responses = rng.count(5.0);
                let csat: u64 = (0..responses).map(|_| 3 + rng.below(3) as u64).sum();
                let leads = rng.count(8.0 * level);
                let deals = rng.count(1.2 * level);
                let revenue = deals as f64 * rng.range(1500.0, 3500.0);
                let _ = writeln!(
                    calls,
                    "{day},{},{n},{handle:.1},{answer:.1},{abandoned},{available},{busy},{responses},{csat},{leads},{deals},{revenue:.2}",
                    p.id
                );
            } else {
                let leads = rng.count(2.6 * level);
                let opportunities = rng.count(1.1 * level);
                let deals = rng.count(0.65 * level);
                let revenue = deals as f64 * rng.range(12_000.0, 30_000.0);
                let cycle: u64 = (0..deals).map(|_| 10 + rng.below(50) as u64).sum();
                let interactions = rng.count(9.0 * level);
                let nps = if rng.chance(0.15) {
                    let promoters = rng.below(3);
                    let detractors = usize::from(rng.chance(0.2));
                    format!(
                        "{promoters},{detractors},{}",
                        promoters + detractors + rng.below(2)
                    )
                } else {
                    ",,".into()
                };
                let _ = writeln!(
                    crm,
                    "{day},{},{leads},{opportunities},{deals},{revenue:.2},{cycle},{interactions},{nps}",
                    p.id
                );
            }
        }
    }
    (crm, calls, rows)
}

/// One team's coaching log: the last six months of the book.
fn coaching(rng: &mut Rng, people: &[Person], t: usize, team: &Team, end: Date) -> (String, usize) {
    let manager = &people[team.manager];
    let members: Vec<&Person> = people
        .iter()
        .filter(|p| p.team == Some(t) && p.role == "rep")
        .collect();
    let from = end
        .checked_sub(jiff::Span::new().months(6))
        .expect("invariant: dates stay within 1990–2100 (period::YEARS)");
    let mut s = format!("# {}: the coaching log.\ntouchpoints:\n", team.name);
    let mut n = 0;
    for day in weekdays(from, end) {
        if day.weekday() == Weekday::Monday {
            n += 1;
            let _ = writeln!(
                s,
                "  - date: {day}\n    kind: team_meeting\n    team: {}\n    led_by: {}\n    minutes: 30\n    topics: [{}]",
                team.id,
                manager.id,
                TOPICS[rng.below(TOPICS.len())]
            );
        }
        for (i, p) in members.iter().enumerate() {
            // Each rep's 1:1 falls on a fixed weekday every other week; some are missed.
            let week = day.iso_week_date().week();
            let slot = i % 5;
            if day.weekday().to_monday_zero_offset() as usize != slot
                || !(week as usize + i).is_multiple_of(2)
                || p.start > day
                || rng.chance(0.12)
            {
                continue;
            }
            n += 1;
            let _ = writeln!(
                s,
                "  - date: {day}\n    kind: one_on_one\n    person: {}\n    led_by: {}\n    minutes: {}\n    topics: [{}, {}]",
                p.id,
                manager.id,
                [20, 25, 30, 45][rng.below(4)],
                TOPICS[rng.below(TOPICS.len())],
                TOPICS[rng.below(TOPICS.len())]
            );
            if rng.chance(0.3) {
                let (kind, situation, behaviour, impact) = SITUATIONS[rng.below(SITUATIONS.len())];
                let _ = writeln!(
                    s,
                    "    feedback:\n      - type: {kind}\n        situation: \"{situation}\"\n        behaviour: \"{behaviour}\"\n        impact: \"{impact}\""
                );
            }
            if rng.chance(0.25) {
                let due = day
                    .checked_add(jiff::Span::new().days(14))
                    .expect("invariant: dates stay within 1990–2100 (period::YEARS)");
                let done = due < end && rng.chance(0.8);
                let _ = writeln!(
                    s,
                    "    actions:\n      - text: \"{}\"\n        owner: {}\n        due: {due}\n        done: {done}",
                    ACTIONS[rng.below(ACTIONS.len())],
                    p.id
                );
            }
        }
    }
    (s, n)
}

/// A mentoring pair per team: the team's first rep mentors its last.
fn mentoring(people: &[Person], teams: &[Team], end: Date) -> String {
    let start = end
        .checked_sub(jiff::Span::new().months(4))
        .expect("invariant: dates stay within 1990–2100 (period::YEARS)");
    let mut s = String::from("mentoring:\n");
    let mut any = false;
    for (t, _) in teams.iter().enumerate() {
        let reps: Vec<&Person> = people
            .iter()
            .filter(|p| p.team == Some(t) && p.role == "rep" && p.start <= start)
            .collect();
        let (Some(mentor), Some(mentee)) = (reps.first(), reps.last()) else {
            continue;
        };
        if mentor.id == mentee.id {
            continue;
        }
        any = true;
        let _ = writeln!(
            s,
            "  - mentor: {}\n    mentee: {}\n    start: {start}\n    frequency: monthly\n    goals:\n      - text: \"Run the quarterly review with a key partner alone\"",
            mentor.id, mentee.id
        );
    }
    if any { s } else { "mentoring: []\n".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_stream() {
        // First outputs for seed 1234567 from the reference implementation.
        let mut rng = Rng(1_234_567);
        assert_eq!(rng.next(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn same_seed_same_book_and_rows_per_working_day() {
        let dir = tempfile::tempdir().unwrap();
        let opts = |out: PathBuf| Options {
            out,
            people: 25,
            months: 2,
            seed: 7,
        };
        let a = synth(&opts(dir.path().join("a"))).unwrap();
        synth(&opts(dir.path().join("b"))).unwrap();
        for f in [
            "team.yaml",
            "metrics/crm.csv",
            "metrics/calls.csv",
            "coaching/team-001.yaml",
        ] {
            assert_eq!(
                fs::read(dir.path().join("a").join(f)).unwrap(),
                fs::read(dir.path().join("b").join(f)).unwrap(),
                "{f}"
            );
        }
        // September + October 2026: 22 + 22 working days; 24 people with rows
        // (everyone but the director), less joiners' days before their start.
        assert_eq!((a.people, a.teams), (25, 3));
        assert!(a.rows <= 44 * 24 && a.rows > 40 * 24, "{}", a.rows);
        let mut diags = crate::base::diag::Diagnostics::new();
        let book = crate::load::book::load(&dir.path().join("a"), &mut diags);
        assert!(
            book.is_some() && !diags.has_errors(),
            "{:?}",
            diags.sorted()
        );
        let crm = fs::read_to_string(dir.path().join("a/metrics/crm.csv")).unwrap();
        let calls = fs::read_to_string(dir.path().join("a/metrics/calls.csv")).unwrap();
        assert_eq!(crm.lines().count() + calls.lines().count() - 2, a.rows);
    }

    #[test]
    fn refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        let err = synth(&Options {
            out: dir.path().to_path_buf(),
            people: 5,
            months: 1,
            seed: 1,
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(
            fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
            "mine"
        );
    }
}
