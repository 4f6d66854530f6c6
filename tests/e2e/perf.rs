//! The regression guard of the benchmark (issue 9) and the end-to-end checks of the
//! synthetic book and `--timings`.
//!
//! The guard builds a small synthetic book with HTML and PDF and compares each
//! stage's time with `bench/guard.json`, as a *ratio* to the time the same binary
//! takes to write the book (`pulsebook synth`), so a slower CI machine moves both
//! sides alike. It fails when a stage is an order of magnitude (10×) slower than
//! recorded. Record anew after a deliberate change with
//! `PULSEBOOK_RECORD_GUARD=1 cargo test --test e2e perf::guard` (it writes the file).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use crate::common::{assert_ok, files, pulsebook, stderr};

const GUARD: &str = "bench/guard.json";
/// A stage may be this many times slower (relative to the calibration) than recorded.
const TOLERANCE: f64 = 10.0;
/// Stages faster than this are noise, not a regression.
const FLOOR_MS: f64 = 50.0;
const STAGES: [&str; 8] = [
    "load", "compute", "charts", "html", "pdf", "email", "write", "total",
];

fn synth(dir: &Path, people: &str, months: &str) -> f64 {
    let start = Instant::now();
    let out = pulsebook()
        .args([
            "synth", "--people", people, "--months", months, "--seed", "1",
        ])
        .arg(dir)
        .output()
        .unwrap();
    assert_ok(&out);
    start.elapsed().as_secs_f64() * 1e3
}

fn timings(book: &Path, out: &Path, formats: &str) -> BTreeMap<String, f64> {
    let run = pulsebook()
        .arg("build")
        .arg(book)
        .args(["--format", formats, "--timings", "json", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert_ok(&run);
    let stdout = String::from_utf8(run.stdout).unwrap();
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn synthetic_book_builds_and_timings_name_every_stage() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    synth(&book, "23", "3");
    // A director, two teams of ten and a third of two: the roster in team.yaml.
    let team = std::fs::read_to_string(book.join("team.yaml")).unwrap();
    assert_eq!(team.matches("\n  - id: team-").count(), 3);
    assert_eq!(team.matches("    role: ").count(), 23);
    let check = pulsebook().arg("check").arg(&book).output().unwrap();
    assert_ok(&check);

    let out = dir.path().join("out");
    let t = timings(&book, &out, "html");
    assert_eq!(t.keys().map(String::as_str).collect::<Vec<_>>(), {
        let mut names = STAGES.to_vec();
        names.sort_unstable();
        names
    });
    assert!(
        t["charts"] > 0.0 && t["html"] > 0.0 && t["pdf"] == 0.0,
        "{t:?}"
    );
    let parts: f64 = STAGES[..7].iter().map(|s| t[*s]).sum();
    assert!(
        parts <= t["total"] + 1.0,
        "stages add up to at most the total: {t:?}"
    );
    // 22 people with data: a scorecard (and its index) each.
    let reps = std::fs::read_dir(out.join("reps")).unwrap().count();
    assert_eq!(reps, 22);

    // The same book again: nothing is rewritten, the manifest included.
    let before = mtimes(&out);
    let again = pulsebook()
        .arg("build")
        .arg(&book)
        .args(["--format", "html", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_ok(&again);
    assert!(stderr(&again).contains("(0 written,"), "{}", stderr(&again));
    assert_eq!(before, mtimes(&out), "an unchanged rebuild touches no file");
}

/// Every file under `dir` with its modification time.
fn mtimes(dir: &Path) -> BTreeMap<String, std::time::SystemTime> {
    files(dir)
        .into_iter()
        .map(|name| {
            let modified = std::fs::metadata(dir.join(&name)).unwrap().modified();
            (name, modified.unwrap())
        })
        .collect()
}

#[test]
fn guard_no_stage_is_an_order_of_magnitude_slower_than_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let calibration = synth(&book, "30", "12");
    // The best of two builds: the first may pay for a cold disk cache.
    let mut best: BTreeMap<String, f64> = BTreeMap::new();
    for run in 0..2 {
        let t = timings(&book, &dir.path().join(format!("out{run}")), "html,pdf");
        for (stage, ms) in t {
            let e = best.entry(stage).or_insert(f64::INFINITY);
            *e = e.min(ms);
        }
    }
    let ratios: BTreeMap<String, f64> = best
        .iter()
        .map(|(s, ms)| (s.clone(), ms / calibration))
        .collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(GUARD);
    if std::env::var_os("PULSEBOOK_RECORD_GUARD").is_some() {
        let record = serde_json::json!({
            "about": "Written by `PULSEBOOK_RECORD_GUARD=1 cargo test --test e2e perf::guard`: stage time / synth time, debug build, 30 people x 12 months, HTML + PDF.",
            "calibration_ms": calibration,
            "stages_ms": best,
            "ratios": ratios,
        });
        std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap() + "\n").unwrap();
        return;
    }
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut slower = Vec::new();
    for stage in STAGES {
        let Some(was) = recorded["ratios"][stage].as_f64() else {
            continue;
        };
        let now = ratios[stage];
        if best[stage] >= FLOOR_MS && now > TOLERANCE * was.max(FLOOR_MS / calibration) {
            slower.push(format!(
                "{stage}: {:.0} ms = {now:.2}× the calibration, recorded {was:.2}×",
                best[stage]
            ));
        }
    }
    assert!(
        slower.is_empty(),
        "stages over {TOLERANCE}× slower than recorded (calibration {calibration:.0} ms):\n{}",
        slower.join("\n")
    );
}

/// An unchanged rebuild with PDFs reuses every PDF (issue 20): its PDF stage costs a
/// small fraction of a clean one's. The bound is a ratio of two runs on the same
/// machine (about 0.05 measured), not a time.
#[test]
fn guard_an_unchanged_rebuild_typesets_nothing() {
    const MAX_RATIO: f64 = 0.25;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    synth(&book, "30", "12");
    let out = dir.path().join("out");
    let clean = timings(&book, &out, "html,pdf");
    let again = pulsebook()
        .arg("build")
        .arg(&book)
        .args(["--format", "html,pdf", "--timings", "json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_ok(&again);
    let err = stderr(&again);
    let line = err.lines().find(|l| l.starts_with("built ")).unwrap();
    assert!(line.contains("(0 written,"), "{line}");
    let reused = line
        .split("; ")
        .nth(1)
        .unwrap_or_else(|| panic!("no PDFs reused: {line}"));
    let (n, of) = reused
        .split_once(" of ")
        .map(|(n, rest)| (n.to_string(), rest.split(' ').next().unwrap().to_string()))
        .unwrap();
    assert_eq!(n, of, "every PDF reused: {line}");
    let stdout = String::from_utf8(again.stdout).unwrap();
    let rebuild: BTreeMap<String, f64> = serde_json::from_str(stdout.trim()).unwrap();
    let ratio = rebuild["pdf"] / clean["pdf"];
    assert!(
        ratio <= MAX_RATIO,
        "the unchanged rebuild's PDF stage took {:.0} ms, {ratio:.2}× the clean build's {:.0} ms",
        rebuild["pdf"],
        clean["pdf"]
    );
}
