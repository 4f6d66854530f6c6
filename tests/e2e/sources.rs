//! Exports as the tools write them: presets read with no configuration, hand mappings
//! in sources.yaml, people matching, dates and time zones, encodings, the sources
//! report and `inspect`. Every expected number below is worked out by hand from the
//! rows written in the test.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{assert_ok, assert_stderr_has, pulsebook, read, stderr, write};

const SETTINGS: &str =
    "title: Inside\nlocale: en\ncurrency: USD\nperiod: month\ntimezone: America/New_York\n";

const TEAM: &str = "teams:
  - id: desk
    name: Call Desk
people:
  - id: ann-lee
    name: Ann Lee
    email: ann@x.example
    team: desk
  - id: bob-ray
    name: Bob Ray
    email: bob@x.example
    team: desk
    aliases: [\"bray\", \"Ext.185\"]
  - id: chloe-martin
    name: Chloe Martin
    email: chloe@x.example
";

const KPIS: &str = "kpis:
  - id: dials
    formula: dials
    format: integer
  - id: calls
    formula: calls
    format: integer
  - id: handled
    formula: handle_seconds
    format: integer
  - id: answer
    formula: answer_seconds
    format: integer
  - id: abandoned
    formula: abandoned
    format: integer
";

/// A Five9 call log: local times (the account's zone is the book's), `[None]` for a
/// call abandoned in the queue.
const FIVE9: &str = "\"CALL ID\",\"TIMESTAMP\",\"CAMPAIGN\",\"CALL TYPE\",\"AGENT\",\"AGENT NAME\",\"QUEUE WAIT TIME\",\"TALK TIME\",\"HOLD TIME\",\"AFTER CALL WORK TIME\",\"ABANDONED\"
1,\"Fri, 02 Jan 2026 08:31:59\",Inbound Sales,Inbound,ann@x.example,Ann Lee,00:00:20,00:02:41,00:00:10,00:00:30,0
2,\"Fri, 02 Jan 2026 09:00:00\",Inbound Sales,Inbound,ann@x.example,Ann Lee,00:00:05,00:00:00,00:00:00,00:00:00,0
3,\"Fri, 02 Jan 2026 10:00:00\",Outbound,Outbound,bob@x.example,Bob Ray,00:00:00,00:05:00,00:01:00,00:01:00,0
4,\"Fri, 02 Jan 2026 10:05:00\",Inbound Sales,Inbound,[None],,00:01:10,00:00:00,00:00:00,00:00:00,1
5,\"Mon, 05 Jan 2026 11:00:00\",Inbound Sales,Inbound,bob@x.example,Bob Ray,00:00:40,00:04:00,00:00:00,00:00:20,0
6,\"Tue, 03 Feb 2026 12:00:00\",Inbound Sales,Inbound,ann@x.example,Ann Lee,00:00:15,00:01:40,00:00:00,00:00:00,0
";

/// The Five9 preset written out by hand.
const FIVE9_MAPPING: &str = r#"sources:
  - name: dialer
    files: metrics/five9-*.csv
    person: { column: AGENT, by: email, none: ["[None]"] }
    date: { column: TIMESTAMP, format: "%a, %d %b %Y %H:%M:%S" }
    measures:
      dials:          { count: true, where: "AGENT <> '[None]'" }
      calls:          { count: true, where: "\"TALK TIME\" > 0" }
      handle_seconds: { sum: "seconds(\"TALK TIME\") + seconds(\"HOLD TIME\") + \"AFTER CALL WORK TIME\"", where: "\"TALK TIME\" > 0" }
      answer_seconds: { sum: "\"QUEUE WAIT TIME\"", where: "\"CALL TYPE\" = 'Inbound' AND \"TALK TIME\" > 0" }
      abandoned:      { count: true, where: "ABANDONED = 1" }
"#;

/// A book in a temp dir: settings, team, KPIs and the given files.
fn book(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path().join("pulsebook.yaml"), SETTINGS);
    write(dir.path().join("team.yaml"), TEAM);
    write(dir.path().join("kpis.yaml"), KPIS);
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Builds the book (HTML, every period) into `<dir>/out`.
fn build(dir: &Path) -> std::process::Output {
    pulsebook()
        .arg("build")
        .arg(dir)
        .args(["--all-periods", "--format", "html", "--out"])
        .arg(dir.join("out"))
        .output()
        .unwrap()
}

/// `data/<period>.csv` as (scope id, kpi) → value.
fn values(dir: &Path, period: &str) -> BTreeMap<(String, String), String> {
    read(dir.join(format!("out/data/{period}.csv")))
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            ((f[1].to_string(), f[2].to_string()), f[3].to_string())
        })
        .collect()
}

fn value(v: &BTreeMap<(String, String), String>, id: &str, kpi: &str) -> String {
    v.get(&(id.to_string(), kpi.to_string()))
        .cloned()
        .unwrap_or_else(|| panic!("no {id} {kpi} in {v:?}"))
}

/// The per-person values of the Five9 log above, worked out by hand.
fn assert_five9_values(dir: &Path) {
    let jan = values(dir, "2026-01");
    // Ann: rows 1 and 2 dialled, row 1 talked: 161 + 10 + 30 s handled, 20 s queued.
    assert_eq!(value(&jan, "ann-lee", "dials"), "2");
    assert_eq!(value(&jan, "ann-lee", "calls"), "1");
    assert_eq!(value(&jan, "ann-lee", "handled"), "201");
    assert_eq!(value(&jan, "ann-lee", "answer"), "20");
    assert_eq!(value(&jan, "ann-lee", "aht"), "201");
    // Bob: rows 3 (outbound) and 5: 300 + 60 + 60 + 240 + 20 s; only row 5 queued.
    assert_eq!(value(&jan, "bob-ray", "calls"), "2");
    assert_eq!(value(&jan, "bob-ray", "handled"), "680");
    assert_eq!(value(&jan, "bob-ray", "answer"), "40");
    assert_eq!(value(&jan, "bob-ray", "connect_rate"), "1");
    // The desk and the organisation: row 4 has no person; it is abandoned.
    assert_eq!(value(&jan, "desk", "dials"), "4");
    assert_eq!(value(&jan, "organisation", "abandoned"), "1");
    assert_eq!(value(&jan, "organisation", "calls"), "3");
    assert_eq!(value(&jan, "organisation", "abandonment"), "0.25");
    assert_eq!(value(&jan, "ann-lee", "abandoned"), "0");
    let feb = values(dir, "2026-02");
    assert_eq!(value(&feb, "ann-lee", "handled"), "100");
    assert_eq!(value(&feb, "ann-lee", "answer"), "15");
}

#[test]
fn five9_log_reads_with_no_configuration() {
    let dir = book(&[("metrics/five9-calls.csv", FIVE9.as_bytes())]);
    let out = build(dir.path());
    assert_ok(&out);
    assert_stderr_has(
        &out,
        &["note: metrics/five9-calls.csv: read as a Five9 call log (preset five9-call-log)"],
    );
    assert_five9_values(dir.path());
    // The report adds up: 6 rows = 5 used + 0 filtered + 1 without a person + 0 unmatched.
    assert_eq!(
        read(dir.path().join("out/data/sources.csv")),
        "source,file,rows,used,filtered,no_person,unmatched,first_day,last_day\n\
         five9-call-log,metrics/five9-calls.csv,6,5,0,1,0,2026-01-02,2026-02-03\n"
    );
    assert_stderr_has(&out, &["sources:", "five9-call-log"]);
}

#[test]
fn a_hand_mapping_gives_the_presets_numbers() {
    let preset = book(&[("metrics/five9-calls.csv", FIVE9.as_bytes())]);
    let mapped = book(&[
        ("metrics/five9-calls.csv", FIVE9.as_bytes()),
        ("sources.yaml", FIVE9_MAPPING.as_bytes()),
    ]);
    assert_ok(&build(preset.path()));
    assert_ok(&build(mapped.path()));
    assert_five9_values(mapped.path());
    for period in ["2026-01", "2026-02"] {
        assert_eq!(values(preset.path(), period), values(mapped.path(), period));
    }
}

#[test]
fn a_misspelled_column_points_into_sources_yaml() {
    let mapping = FIVE9_MAPPING.replace(
        r#"sum: "\"QUEUE WAIT TIME\"""#,
        r#"sum: "\"QUEUE WAIT TIM\"""#,
    );
    let dir = book(&[
        ("metrics/five9-calls.csv", FIVE9.as_bytes()),
        ("sources.yaml", mapping.as_bytes()),
    ]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Line 10 of sources.yaml; the quoted name starts at its escaped quote.
    assert_stderr_has(
        &out,
        &[
            "--> sources.yaml:10:31",
            "                              ^^^^^^^^^^^^^^^^^^\n",
            "QUEUE WAIT TIM",
            "did you mean `QUEUE WAIT TIME`?",
        ],
    );
    assert!(!dir.path().join("out").exists());
}

/// A HubSpot deals export: owners by name in other spellings, stages, amounts.
const HUBSPOT: &str =
    "Record ID,Deal Name,Deal Stage,Close Date,Create Date,Deal owner,Amount,Pipeline
101,Acme renewal,Closed Won,2026-01-16 14:03,2025-12-17 09:00,ANN LEE,\"12,400.00\",Sales Pipeline
102,Beta upsell,Closed Lost,2026-01-20 10:00,2026-01-05 09:00,Bob Ray,5000,Sales Pipeline
103,Gamma new,Closed Won,2026-01-31 23:00,2026-01-21 08:00,Chloé MARTIN,,Sales Pipeline
104,Delta,Appointment Scheduled,2026-02-28 12:00,2026-01-30 12:00,bray,9000,Sales Pipeline
105,Epsilon,Closed Won,2026-02-02 09:00,2026-01-02 09:00,ann@x.example,1000.50,Sales Pipeline
";

#[test]
fn hubspot_deals_match_people_by_name_email_and_alias() {
    let dir = book(&[("metrics/hubspot-deals.csv", HUBSPOT.as_bytes())]);
    write(
        dir.path().join("kpis.yaml"),
        "kpis:\n  - id: lost\n    formula: deals_lost\n    format: integer\n  - id: opps\n    formula: opportunities\n    format: integer\n  - id: cycle\n    formula: cycle_days_sum\n    format: integer\n",
    );
    let out = build(dir.path());
    assert_ok(&out);
    let jan = values(dir.path(), "2026-01");
    // Ann (`ANN LEE`): deal 101 won in January, 30 days after it was created.
    assert_eq!(value(&jan, "ann-lee", "deals"), "1");
    assert_eq!(value(&jan, "ann-lee", "revenue"), "12400");
    assert_eq!(value(&jan, "ann-lee", "cycle"), "30");
    // Ann's deal 105 was created in January (an opportunity) and won in February.
    assert_eq!(value(&jan, "ann-lee", "opps"), "1");
    // Bob lost 102; his alias `bray` created 104 in January.
    assert_eq!(value(&jan, "bob-ray", "lost"), "1");
    assert_eq!(value(&jan, "bob-ray", "opps"), "2");
    assert_eq!(value(&jan, "bob-ray", "close_rate"), "0");
    // Chloé: won with no amount (revenue 0), 10 days.
    assert_eq!(value(&jan, "chloe-martin", "revenue"), "0");
    assert_eq!(value(&jan, "chloe-martin", "cycle"), "10");
    let feb = values(dir.path(), "2026-02");
    assert_eq!(value(&feb, "ann-lee", "revenue"), "1000.5");
    assert_eq!(value(&feb, "ann-lee", "cycle"), "31");
    assert_eq!(value(&feb, "organisation", "revenue"), "1000.5");
}

#[test]
fn an_unknown_person_names_file_line_rows_and_the_closest_person() {
    let text = HUBSPOT.replace("Bob Ray,5000", "Bobby Rey,5000")
        + "106,Zeta,Closed Lost,2026-01-22 10:00,2026-01-05 09:00,Bobby Rey,1,Sales Pipeline\n";
    let dir = book(&[("metrics/hubspot-deals.csv", text.as_bytes())]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_has(
        &out,
        &[
            "error: unknown person \"Bobby Rey\" (2 rows)",
            "--> metrics/hubspot-deals.csv:3:",
            "the closest person is Bob Ray (`bob-ray`)",
        ],
    );
    // With `unmatched: skip` the rows are left out with a warning, and counted.
    write(
        dir.path().join("sources.yaml"),
        "sources:\n  - name: crm\n    files: metrics/hubspot-deals.csv\n    preset: hubspot-deals\n    unmatched: skip\n",
    );
    let out = build(dir.path());
    assert_ok(&out);
    assert_stderr_has(
        &out,
        &["warning: unknown person \"Bobby Rey\" (2 rows skipped)"],
    );
    assert_eq!(
        read(dir.path().join("out/data/sources.csv")),
        "source,file,rows,used,filtered,no_person,unmatched,first_day,last_day\n\
         crm,metrics/hubspot-deals.csv,6,4,0,0,2,2025-12-17,2026-02-02\n"
    );
}

/// Aircall writes times with their offset: late evening in New York is the next day
/// in UTC, and the other way round.
const AIRCALL: &str = "id,direction,date (TZ offset incl.),answered,user,duration (total),duration (in call),missed_call_reason
1,inbound,2026-01-31T23:30:00-05:00,Yes,Ann Lee,200,170,
2,inbound,2026-02-01T03:00:00Z,Yes,Ann Lee,100,90,
3,inbound,2026-02-01T05:30:00Z,No,,40,0,abandoned_in_ivr
4,outbound,2026-02-01T14:00:00Z,No,Ext.185,30,0,no_answer
";

#[test]
fn aircall_times_become_new_york_days() {
    let dir = book(&[("metrics/aircall.csv", AIRCALL.as_bytes())]);
    let out = build(dir.path());
    assert_ok(&out);
    let jan = values(dir.path(), "2026-01");
    // Rows 1 and 2 are both 31 January in New York (03:00Z = 22:00 the day before).
    assert_eq!(value(&jan, "ann-lee", "calls"), "2");
    assert_eq!(value(&jan, "ann-lee", "handled"), "260");
    assert_eq!(value(&jan, "ann-lee", "answer"), "40");
    let feb = values(dir.path(), "2026-02");
    // Row 3 (00:30 in New York) is abandoned, for the organisation only.
    assert_eq!(value(&feb, "organisation", "abandoned"), "1");
    // Row 4: Bob's extension, an outbound dial nobody answered.
    assert_eq!(value(&feb, "bob-ray", "dials"), "1");
    assert_eq!(value(&feb, "bob-ray", "calls"), "0");
}

#[test]
fn windows_1250_and_a_custom_team_mapping() {
    // What Polish Excel writes as "CSV": Windows-1250, `;`, decimal commas.
    let text = "Data;Handlowiec;Kampania;Rozmowy;Czas\r\n02.01.2026;Łukasz Wójcik;Infolinia;3;1 234,5\r\n02.01.2026;;Infolinia;2;10\r\n05.01.2026;lukasz wojcik;Infolinia;1;0,5\r\n";
    let (bytes, _, bad) = encoding_rs::WINDOWS_1250.encode(text);
    assert!(!bad);
    let dir = book(&[("metrics/pl/rozmowy.csv", &bytes)]);
    write(
        dir.path().join("team.yaml"),
        &TEAM.replace(
            "  - id: chloe-martin\n    name: Chloe Martin",
            "  - id: lukasz-wojcik\n    name: Łukasz Wójcik",
        ),
    );
    write(
        dir.path().join("sources.yaml"),
        "sources:\n  - name: centrala\n    files: metrics/pl/*.csv\n    encoding: windows-1250\n    number_style: pl\n    person: { column: Handlowiec }\n    date: { column: Data }\n    team: { column: Kampania, map: { Infolinia: desk } }\n    measures:\n      calls: { sum: Rozmowy }\n      handle_seconds: { sum: Czas }\n",
    );
    // Native metrics beside it are still read.
    write(
        dir.path().join("metrics/native.csv"),
        "date,rep,dials\n2026-01-02,ann-lee,4\n",
    );
    let out = build(dir.path());
    assert_ok(&out);
    let jan = values(dir.path(), "2026-01");
    assert_eq!(value(&jan, "lukasz-wojcik", "calls"), "4");
    assert_eq!(value(&jan, "lukasz-wojcik", "handled"), "1235");
    // The row without a person counts for the desk (via `team.map`), not for a person.
    assert_eq!(value(&jan, "desk", "calls"), "2");
    assert_eq!(value(&jan, "organisation", "calls"), "6");
    assert_eq!(value(&jan, "ann-lee", "dials"), "4");
}

#[test]
fn inspect_recognises_each_preset() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("hubspot.csv", HUBSPOT, "hubspot-deals"),
        ("five9.csv", FIVE9, "five9-call-log"),
        ("aircall.csv", AIRCALL, "aircall-calls"),
        (
            "sf.csv",
            "\"Opportunity Owner\",\"Stage\",\"Amount\",\"Amount Currency\",\"Close Date\",\"Created Date\"\n\"Ann Lee\",\"Closed Won\",\"1200\",\"USD\",\"1/16/2026\",\"12/1/2025\"\n\n\"Grand Totals (1 records)\"\n\n\"Confidential Information - Do Not Distribute\"\n",
            "salesforce-opportunities",
        ),
        (
            "pipedrive.csv",
            "Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Status,Deal - Won time,Deal - Lost time,Deal - Deal created\nX,Ann Lee,100,USD,won,2026-01-16 14:03:11,,2026-01-02 09:00:00\n",
            "pipedrive-deals",
        ),
        (
            "genesys.csv",
            "Date,Users - Interacted,Media Type,Direction,Total Handle,Abandoned\n2026-01-16 14:03,Ann Lee,voice,Inbound,183000,NO\n",
            "genesys-interactions",
        ),
    ];
    for (name, text, preset) in cases {
        let path = dir.path().join(name);
        write(&path, text);
        let out = pulsebook().arg("inspect").arg(&path).output().unwrap();
        assert_ok(&out);
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            shown.contains(&format!("preset: {preset}")),
            "{name}:\n{shown}"
        );
        assert!(
            shown.contains(&format!("    preset: {preset}")),
            "{name}:\n{shown}"
        );
    }
    // A file no preset reads gets a mapping to fill in, with its date column found.
    let path = dir.path().join("other.csv");
    write(
        &path,
        "When,Seller,Total\n16.01.2026,Ann Lee,\"$1,200.00\"\n",
    );
    let out = pulsebook().arg("inspect").arg(&path).output().unwrap();
    assert_ok(&out);
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    for part in [
        "date, DD.MM.YYYY",
        "money",
        "date: { column: When }",
        "measures:",
    ] {
        assert!(shown.contains(part), "missing {part}:\n{shown}");
    }
}

#[test]
fn an_unknown_export_gets_the_closest_preset_and_inspect() {
    let five9 = FIVE9.replace("\"ABANDONED\"", "\"DROPPED\"");
    let dir = book(&[("metrics/five9-calls.csv", five9.as_bytes())]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_has(
        &out,
        &[
            "preset five9-call-log) but lacks `ABANDONED`",
            "pulsebook inspect metrics/five9-calls.csv",
        ],
    );
}

/// The contract's example query, with `$1` and a person nobody has.
const WAREHOUSE: &str = "sources:
  - name: warehouse
    postgres: { url_env: PULSEBOOK_TEST_PG_URL }
    unmatched: skip
    query: |
      select agent_email as person, call_day as date,
             count(*) as calls, sum(handle_ms) / 1000.0 as handle_seconds
      from calls where call_day >= $1 group by 1, 2
";

#[test]
fn a_postgres_query_is_a_source() {
    let Some(server) = crate::pg_server::PgServer::start() else {
        eprintln!("skipped: no PostgreSQL here (.ci/run installs it)");
        return;
    };
    server.execute(
        "create table calls (agent_email text, call_day date, handle_ms bigint);
         insert into calls values
           ('ann@x.example', '2026-01-02', 161000), ('ann@x.example', '2026-01-02', 39000),
           ('bob@x.example', '2026-01-05', 300500), ('ghost@x.example', '2026-01-05', 1000),
           (null, '2026-01-06', 2000), ('ann@x.example', '2025-11-28', 5000),
           ('ann@x.example', '2025-12-01', 7000);",
    );
    let dir = book(&[("sources.yaml", WAREHOUSE.as_bytes())]);
    // `$1` is the first day of the earliest period shown: history 2 before 2026-01.
    write(
        dir.path().join("pulsebook.yaml"),
        &format!("{SETTINGS}report_period: 2026-01\nhistory: 2\n"),
    );
    let out = pulsebook()
        .arg("build")
        .arg(dir.path())
        .args(["--all-periods", "--format", "html", "--out"])
        .arg(dir.path().join("out"))
        .env("PULSEBOOK_TEST_PG_URL", &server.url)
        .output()
        .unwrap();
    assert_ok(&out);
    assert_stderr_has(
        &out,
        &["warning: unknown person \"ghost@x.example\" (1 row skipped)"],
    );
    let jan = values(dir.path(), "2026-01");
    assert_eq!(value(&jan, "ann-lee", "calls"), "2");
    assert_eq!(value(&jan, "ann-lee", "handled"), "200");
    assert_eq!(value(&jan, "bob-ray", "handled"), "300.5");
    // The row without a person counts for the organisation: 2 + 1 + 1 calls.
    assert_eq!(value(&jan, "organisation", "calls"), "4");
    // December is read (from $1 = 2025-12-01), November is not.
    let dec = values(dir.path(), "2025-12");
    assert_eq!(value(&dec, "ann-lee", "handled"), "7");
    assert!(!dir.path().join("out/data/2025-11.csv").exists());
    // Groups: ann×2 days, bob, ghost, the NULL person = 5 rows.
    assert_eq!(
        read(dir.path().join("out/data/sources.csv")),
        "source,file,rows,used,filtered,no_person,unmatched,first_day,last_day\n\
         warehouse,postgres,5,3,0,1,1,2025-12-01,2026-01-06\n"
    );

    // A failed connection names the source; nothing is written.
    let out = pulsebook()
        .arg("check")
        .arg(dir.path())
        .env(
            "PULSEBOOK_TEST_PG_URL",
            "postgres://nobody@127.0.0.1:1/none?connect_timeout=2",
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_has(
        &out,
        &[
            "source `warehouse`: cannot connect to PostgreSQL at 127.0.0.1:1",
            "--> sources.yaml:",
        ],
    );
}

/// Every base measure the expected files list, as a KPI of its own (`m_<measure>`).
const MEASURE_KPIS: [&str; 10] = [
    "opportunities",
    "deals",
    "deals_lost",
    "revenue",
    "cycle_days_sum",
    "dials",
    "calls",
    "handle_seconds",
    "answer_seconds",
    "abandoned",
];

/// Builds a copy of `book` with one KPI per base measure and compares every person's
/// (and the organisation's) monthly value with `expected` rows
/// `(period, person, measure, value)`, which the book's generator summed while it
/// wrote the records (never by reading the files back). Missing rows are zeros.
fn assert_matches_generator(book: &Path, expected: &[(String, String, String, f64)]) {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(book, dir.path(), &["expected", "public"]);
    let mut kpis =
        std::fs::read_to_string(dir.path().join("kpis.yaml")).unwrap_or_else(|_| "kpis:\n".into());
    for m in MEASURE_KPIS {
        kpis.push_str(&format!(
            "  - id: m_{m}\n    formula: {m}\n    format: number\n"
        ));
    }
    write(dir.path().join("kpis.yaml"), &kpis);
    let out = build(dir.path());
    assert_ok(&out);
    let mut periods: BTreeMap<String, BTreeMap<(String, String), String>> = BTreeMap::new();
    let mut checked = 0;
    for (period, person, measure, want) in expected {
        let got = periods
            .entry(period.clone())
            .or_insert_with(|| values(dir.path(), period))
            .get(&(person.clone(), format!("m_{measure}")))
            .cloned()
            .unwrap_or_default();
        let got: f64 = if got.is_empty() {
            0.0
        } else {
            got.parse().unwrap()
        };
        assert!(
            (got - want).abs() < 1e-6,
            "{period} {person} {measure}: pulsebook {got}, generator {want}"
        );
        checked += 1;
    }
    // And nothing the generator did not count: every non-zero value is expected.
    let listed: std::collections::BTreeSet<(&str, &str, &str)> = expected
        .iter()
        .map(|(p, who, m, _)| (p.as_str(), who.as_str(), m.as_str()))
        .collect();
    for (period, values) in &periods {
        for ((who, kpi), v) in values {
            let Some(m) = kpi.strip_prefix("m_") else {
                continue;
            };
            let zero = v.is_empty() || v.parse::<f64>().unwrap() == 0.0;
            let team = !listed.iter().any(|(_, w, _)| w == who);
            assert!(
                zero || team || listed.contains(&(period.as_str(), who.as_str(), m)),
                "{period} {who} {m} = {v}: the generator counted nothing there"
            );
        }
    }
    assert!(checked > 100, "only {checked} values checked");
    // Every row of every export is accounted for in the report.
    for line in read(dir.path().join("out/data/sources.csv"))
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = line.split(',').collect();
        let n = |i: usize| f[i].parse::<usize>().unwrap();
        assert_eq!(n(2), n(3) + n(4) + n(5) + n(6), "{line}");
    }
}

fn expected_rows(text: &str, skip_file: bool) -> Vec<(String, String, String, f64)> {
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let f = if skip_file { &f[1..] } else { &f[..] };
            (f[0].into(), f[1].into(), f[2].into(), f[3].parse().unwrap())
        })
        .collect()
}

#[test]
fn the_inside_sales_example_equals_its_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(!root.join("examples/inside-sales/sources.yaml").exists());
    let expected = expected_rows(
        &read(root.join("tests/books/inside-sales-expected.csv")),
        false,
    );
    assert_matches_generator(&root.join("examples/inside-sales"), &expected);
}

#[test]
fn pipedrive_genesys_and_a_polish_excel_csv_equal_their_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Per file in the expected list; the book sums them per person and month.
    let mut sums: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    for (period, person, measure, v) in
        expected_rows(&read(root.join("tests/books/exports-expected.csv")), true)
    {
        *sums.entry((period, person, measure)).or_default() += v;
    }
    let expected: Vec<_> = sums
        .into_iter()
        .map(|((p, w, m), v)| (p, w, m, v))
        .collect();
    assert_matches_generator(&root.join("tests/books/exports"), &expected);
}

#[test]
fn an_xlsx_sheet_with_typed_cells() {
    // The table module's test workbook: sheet `Deals` has a title, a blank row, the
    // header on row 3, typed cells (numbers, dates, booleans) and two footer rows.
    let workbook = include_bytes!("../../src/load/sources/table/tests/book.xlsx");
    let dir = book(&[("metrics/deals.xlsx", workbook)]);
    write(
        dir.path().join("team.yaml"),
        &TEAM.replace(
            "aliases: [\"bray\", \"Ext.185\"]",
            "aliases: [\"Ben Okafor\"]",
        ),
    );
    write(
        dir.path().join("kpis.yaml"),
        "kpis:\n  - id: lost\n    formula: deals_lost\n    format: integer\n",
    );
    write(
        dir.path().join("sources.yaml"),
        "sources:\n  - name: crm\n    files: metrics/*.xlsx\n    sheet: Deals\n    skip: { header_row: 3, footer_lines: 2 }\n    person: { column: Owner }\n    date: { column: Close Date }\n    measures:\n      deals: { count: true, where: Won }\n      revenue: { sum: Amount, where: Won }\n      deals_lost: { count: true, where: NOT Won }\n",
    );
    let out = build(dir.path());
    assert_ok(&out);
    // Chloé's deal (16 January, Won = FALSE) is lost; Ben's (2 March, TRUE) is won.
    let jan = values(dir.path(), "2026-01");
    assert_eq!(value(&jan, "chloe-martin", "lost"), "1");
    let mar = values(dir.path(), "2026-03");
    assert_eq!(value(&mar, "bob-ray", "revenue"), "12400.5");
    assert_eq!(value(&mar, "bob-ray", "deals"), "1");
    assert_eq!(
        read(dir.path().join("out/data/sources.csv")),
        "source,file,rows,used,filtered,no_person,unmatched,first_day,last_day\n\
         crm,metrics/deals.xlsx,2,2,0,0,0,2026-01-16,2026-03-02\n"
    );
}

#[test]
fn a_broken_workbook_and_a_bad_date_are_located() {
    let five9 = FIVE9.replace("Mon, 05 Jan 2026 11:00:00", "Mon, 35 Jan 2026 11:00:00");
    let dir = book(&[
        ("metrics/five9-calls.csv", five9.as_bytes()),
        ("metrics/deals.xlsx", b"PK\x03\x04 not really a workbook"),
    ]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_stderr_has(
        &out,
        &[
            "error: cannot read the workbook",
            "--> metrics/deals.xlsx",
            "--> metrics/five9-calls.csv:6:4",
            "6 | 5,\"Mon, 35 Jan 2026 11:00:00\"",
            "error: the book has 2 errors; nothing was written",
        ],
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn slash_dates_no_value_decides_ask_for_a_format() {
    // 1/2 and 2/3 read as January or February either way: nothing tells M/D from D/M.
    let sf = "\"Opportunity Owner\",\"Stage\",\"Amount\",\"Close Date\",\"Created Date\"\n\"Ann Lee\",\"Closed Won\",\"100\",\"1/2/2026\",\"1/1/2026\"\n\"Ann Lee\",\"Closed Lost\",\"50\",\"2/3/2026\",\"1/1/2026\"\n";
    let dir = book(&[("metrics/sf.csv", sf.as_bytes())]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_stderr_has(
        &out,
        &["column `Close Date`:", "date.format", "--> metrics/sf.csv"],
    );
    // Saying which it is makes it build (for every date column of the export):
    // 2 January (won), 3 February (lost), both created 1 January.
    write(
        dir.path().join("sources.yaml"),
        "sources:\n  - name: sf\n    files: metrics/sf.csv\n    preset: salesforce-opportunities\n    date: { column: Close Date, format: \"%m/%d/%Y\" }\n",
    );
    let out = build(dir.path());
    assert_ok(&out);
    assert_eq!(
        value(&values(dir.path(), "2026-01"), "ann-lee", "revenue"),
        "100"
    );
    assert_eq!(
        value(&values(dir.path(), "2026-02"), "ann-lee", "close_rate"),
        "0"
    );
}
