//! The fuzz corpus (`fuzz/corpus/`, the seeds and what cargo afl kept as new paths)
//! replayed through `check`, and inputs the properties or afl once failed on,
//! minimised: each a plain test.

use std::path::Path;

use super::*;

/// Reads a `book` target's archive: each file after a line `=== <path>` (as
/// `fuzz/src/lib.rs` does), unsafe paths left out.
fn from_archive(data: &[u8]) -> Files {
    let mut files: Files = Vec::new();
    let text_start = |i: usize| i == 0 || data[i - 1] == b'\n';
    let heads: Vec<usize> = (0..data.len())
        .filter(|&i| data[i..].starts_with(b"=== ") && text_start(i))
        .collect();
    for (k, &head) in heads.iter().enumerate() {
        let next = heads.get(k + 1).copied().unwrap_or(data.len());
        let line_end = data[head..next]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(next, |e| head + e);
        let path = String::from_utf8_lossy(&data[head + 4..line_end]).into_owned();
        let body = &data[(line_end + 1).min(next)..next];
        let safe = !path.is_empty()
            && path.len() < 120
            && path.split('/').count() <= 4
            && path
                .split('/')
                .all(|p| !p.is_empty() && p != "." && p != "..")
            && path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b));
        if safe && !files.iter().any(|(p, _)| *p == path) {
            files.push((path, body.to_vec()));
        }
    }
    files
}

/// The file each loader's target replaces (`fuzz/src/bin/*.rs`).
const TARGETS: [(&str, &str); 9] = [
    ("settings", "pulsebook.yaml"),
    ("team", "team.yaml"),
    ("metrics", "metrics/crm.csv"),
    ("kpis", "kpis.yaml"),
    ("coaching", "coaching/log.yaml"),
    ("plan", "plan.yaml"),
    ("content", "content/zasady.md"),
    ("targets", "targets/quotas.csv"),
    ("sources", "sources.yaml"),
];

/// The book a loader target's input stands for: its first byte picks a test book that
/// has the file, the rest replaces it.
fn loader_input(path: &str, data: &[u8]) -> Files {
    let having = books_with(path);
    let (pick, bytes) = match data.split_first() {
        Some((&b, rest)) => (b as usize, rest),
        None => (0, data),
    };
    let files = match having.get(pick % having.len().max(1)) {
        Some((_, files)) => files,
        None => files_of("tiny"),
    };
    with_file(files, path, bytes.to_vec())
}

/// Inputs of `fuzz/corpus` the suite replays: a spread of at most this many (every
/// one with `PULSEBOOK_FUZZ_CORPUS=all`).
const REPLAYED: usize = 120;

#[test]
fn corpus_is_checked() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut inputs = Vec::new();
    for target in std::fs::read_dir(&corpus).expect("fuzz/corpus") {
        let target = target.expect("a corpus folder").path();
        for input in std::fs::read_dir(&target).expect("a corpus folder") {
            let name = target.file_name().unwrap_or_default().to_string_lossy();
            inputs.push((name.into_owned(), input.expect("an input").path()));
        }
    }
    inputs.sort();
    let all = std::env::var("PULSEBOOK_FUZZ_CORPUS").is_ok_and(|v| v == "all");
    let step = if all {
        1
    } else {
        inputs.len().div_ceil(REPLAYED).max(1)
    };
    for (target, input) in inputs.iter().step_by(step) {
        let data = std::fs::read(input).expect("an input");
        let files = match TARGETS.iter().find(|(t, _)| t == target) {
            Some((_, path)) => loader_input(path, &data),
            None => from_archive(&data),
        };
        let outcome = check(&files);
        assert_sound(&files, &outcome);
    }
    assert!(
        inputs.len() > 50,
        "only {} inputs in fuzz/corpus",
        inputs.len()
    );
}

#[test]
fn archives_read_back() {
    let archive =
        b"=== pulsebook.yaml\ntitle: x\n=== ../etc/passwd\nroot\n=== metrics/a.csv\ndate\n";
    let files = from_archive(archive);
    assert_eq!(
        files,
        vec![
            ("pulsebook.yaml".to_string(), b"title: x\n".to_vec()),
            ("metrics/a.csv".to_string(), b"date\n".to_vec()),
        ]
    );
}

/// A metrics header followed by a million delimiters (a 1 MB line, as Excel leaves
/// trailing ones): for each unnamed column `name_columns` looked through all the
/// columns after it for a named one — O(n²), hours for this line. Found by the
/// whole-book property (a 937,672-byte line of `,` before a CSV's header).
#[test]
fn header_with_a_million_empty_columns_is_read_in_linear_time() {
    let mut crm = b"date,rep,leads,deals,revenue".to_vec();
    crm.extend(std::iter::repeat_n(b',', 1 << 20));
    crm.extend_from_slice(b"\n2026-10-01,ann,10,2,400\n");
    let start = std::time::Instant::now();
    check_sound(&with_file(files_of("tiny"), "metrics/crm.csv", crm));
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}

/// Unnamed columns before a named one in a 1 MB header: one error per column, each
/// holding the whole header line as its snippet — 180,000 × 365 KB took `check`
/// past 6 GiB (killed; found by the whole-book property: `{a: …}` inserted into a
/// 365,774-byte line of `,` at the top of polski's `metrics/crm.csv`). Here 20,000
/// columns: 400 MB of snippets before a fix.
#[test]
fn unnamed_columns_of_a_long_header_are_reported_in_bounded_memory() {
    let mut crm = ",".repeat(20_000).into_bytes();
    crm.extend_from_slice(b"date,rep,leads,deals,revenue\n2026-10-01,ann,10,2,400\n");
    let outcome = check(&with_file(files_of("tiny"), "metrics/crm.csv", crm));
    let snippets: usize = outcome
        .diags
        .iter()
        .filter_map(|d| d.snippet.as_ref().map(String::len))
        .sum();
    assert!(
        outcome.diags.len() < 100,
        "{} diagnostics",
        outcome.diags.len()
    );
    assert!(snippets < 1 << 20, "{snippets} bytes of snippets");
}

/// A chapter line of a million `{` (the 1 MB line): for each `{{` the shortcode
/// parser searched back and forth for the ends of its line — O(n²): 32 s for a
/// 740 KB line in a debug build (found by the whole-book property: a line of `{`
/// in a copy of the built-in `how-we-work.md`). Fixed in `shortcode::extract`: the
/// lines are walked once.
#[test]
fn chapter_line_of_a_million_braces_is_read_in_linear_time() {
    for line in [
        "{".repeat(1 << 20),
        "{{ ".repeat(1 << 18),
        "`x` {{ ".repeat(1 << 17),
    ] {
        let text = format!("# Braces\n\n{line}\n");
        let start = std::time::Instant::now();
        check_sound(&with_file(
            files_of("tiny"),
            "content/braces.md",
            text.into_bytes(),
        ));
        assert!(start.elapsed() < std::time::Duration::from_secs(60));
    }
}

/// Metrics that name no measure (`date,rep` only) in a book of one metrics file:
/// `Sums::round` took chunks of 0 columns (`chunks_mut` panics), and with no KPI at
/// all a handbook `chart()` read KPI 0 of none. Found by the whole-book property.
#[test]
fn metrics_without_measures_are_checked() {
    let crm = b"date,rep\n2026-10-01,ann\n".to_vec();
    check_sound(&with_file(files_of("targets"), "metrics/crm.csv", crm));
}

/// A metrics file of only its header in a book with a plan: no period has data, and
/// `compute::plan` read the report period of an empty list before `check` could say
/// so. Found by the whole-book property (the targets book, `metrics/crm.csv` cut
/// after its header).
#[test]
fn metrics_without_rows_are_an_error_not_a_panic() {
    let crm = b"date,rep,leads,deals,revenue\n".to_vec();
    let files = with_file(files_of("targets"), "metrics/crm.csv", crm);
    let outcome = check(&files);
    assert!(outcome.failure.is_some(), "{:?}", outcome.diags);
    assert_sound(&files, &outcome);
}

/// A HubSpot deal of 1.7976931348623157e308 (f64::MAX, as a broken export writes
/// it): the pipeline's fixed-point sum saturated to i128::MAX and the next amount
/// overflowed it (a panic in debug builds, a wrapped negative total in release).
/// Found by the whole-book property; the sums now saturate.
#[test]
fn a_deal_of_f64_max_does_not_overflow_the_pipeline_sums() {
    let path = "metrics/hubspot-deals-2026-10-20.csv";
    let files = files_of("pipeline");
    let export = String::from_utf8_lossy(file(files, path))
        .replace("Dan Drake,8000,", "Dan Drake,1.7976931348623157e308,");
    check_sound(&with_file(files, path, export.into_bytes()));
}

/// A call of 1.7976931348623157e308 seconds in the Kraków PBX export (its
/// `Czas rozmowy` of 0:08:24): the sources' fixed-point sums overflowed i128 (a
/// panic in debug builds, a wrapped total in release). Found by the sources
/// property; `load::sources::aggregate` now saturates.
#[test]
fn a_call_of_f64_max_seconds_does_not_overflow_the_source_sums() {
    let path = "metrics/centrala-krakow.csv";
    let files = files_of("exports");
    let export = file(files, path);
    let at = export
        .windows(9)
        .position(|w| w == b";0:08:24;")
        .expect("the 0:08:24 call");
    let mut bytes = export[..at + 1].to_vec();
    bytes.extend_from_slice(b"1.7976931348623157e308");
    bytes.extend_from_slice(&export[at + 8..]);
    check_sound(&with_file(files, path, bytes));
}
