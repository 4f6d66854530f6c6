//! Throughput on a generated Five9-like call log (24 columns, quoted header,
//! unquoted body), every cell read as `&str`. Ignored by default; run in release:
//!
//! ```text
//! TABLE_BENCH_MB=200 cargo test --release --lib -- --ignored --nocapture bench
//! ```
//!
//! The file is written once to `$TABLE_BENCH_FILE` (default
//! `target/five9-<MB>mb.csv`) and reused; `$TABLE_BENCH_ENCODING` names an encoding
//! to read it with (e.g. `windows-1250`, to measure the transcoding path).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::load::sources::cell::Cell;
use crate::load::sources::table::{Batch, ReadOptions, open};

/// The columns of a Five9 call log report.
const COLUMNS: [&str; 24] = [
    "TIMESTAMP",
    "CALL ID",
    "CALL TYPE",
    "CAMPAIGN",
    "AGENT",
    "AGENT NAME",
    "SKILL",
    "DNIS",
    "ANI",
    "DISPOSITION",
    "TALK TIME",
    "HOLD TIME",
    "AFTER CALL WORK TIME",
    "QUEUE WAIT TIME",
    "RING TIME",
    "ABANDONED",
    "TRANSFERS",
    "CONFERENCES",
    "HANDLE TIME",
    "IVR TIME",
    "LIST NAME",
    "CUSTOMER NAME",
    "STATE",
    "NOTES",
];

/// Writes a call log of about `mb` megabytes.
fn generate(path: &Path, mb: usize) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let header: Vec<String> = COLUMNS.iter().map(|c| format!("\"{c}\"")).collect();
    writeln!(out, "{}", header.join(","))?;
    let agents = [
        "ben.okafor",
        "chloe.martin",
        "liam.oconnor",
        "[None]",
        "ada.nowak",
    ];
    let types = ["Inbound", "Outbound", "Manual", "Queue Callback"];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut written = 0usize;
    let mut call = 0u64;
    while written < mb * 1_000_000 {
        call += 1;
        let agent = agents[next(5) as usize];
        let talk = next(900);
        let line = format!(
            "2026/01/{:02} {:02}:{:02}:{:02},{call},{},Field Sales Inbound,{agent}@acme.com,{agent},Sales EN,8005550{:03},+1617555{:04},{},00:{:02}:{:02},00:00:{:02},00:01:{:02},00:00:{:02},00:00:{:02},{},0,0,00:{:02}:{:02},00:00:{:02},Q1 leads,Customer {},MA,callback requested on {}",
            1 + next(28),
            next(24),
            next(60),
            next(60),
            types[next(4) as usize],
            next(1000),
            next(10000),
            if talk > 0 { "Sale" } else { "No Answer" },
            talk / 60 % 60,
            talk % 60,
            next(60),
            next(60),
            next(60),
            next(30),
            u8::from(talk == 0),
            talk / 60 % 60,
            talk % 60,
            next(60),
            next(100_000),
            next(28),
        );
        writeln!(out, "{line}")?;
        written += line.len() + 1;
    }
    out.flush()
}

/// The process's peak resident memory, from /proc (Linux), in KiB.
fn peak_rss_kib() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
#[ignore = "a benchmark: run in release with --ignored"]
fn bench_reads_a_five9_call_log() {
    let mb: usize = std::env::var("TABLE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let path = std::env::var_os("TABLE_BENCH_FILE").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/five9-{mb}mb.csv")),
        PathBuf::from,
    );
    if !path.exists() {
        generate(&path, mb).expect("generate the call log");
    }
    let size = std::fs::metadata(&path).expect("call log").len() as f64;
    let rss_before = peak_rss_kib();
    let started = Instant::now();
    let options = ReadOptions {
        encoding: std::env::var("TABLE_BENCH_ENCODING").ok(),
        ..ReadOptions::default()
    };
    let mut table = open(&path, &options).expect("opens");
    assert_eq!(table.columns().len(), 24);
    let mut batch = Batch::with_capacity(8192);
    let (mut records, mut bytes) = (0usize, 0usize);
    while table.next_batch(&mut batch).expect("reads") {
        for r in 0..batch.len() {
            for c in 0..24 {
                if let Cell::Text(text) = batch.cell(r, c) {
                    bytes += text.len();
                }
            }
        }
        records += batch.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{records} records, {:.0} MB in {seconds:.3} s: {:.0} MB/s ({:.0} MiB/s); cell bytes {bytes}; peak RSS {:?} KiB (before reading {:?} KiB)",
        size / 1e6,
        size / 1e6 / seconds,
        size / 1048576.0 / seconds,
        peak_rss_kib(),
        rss_before,
    );
    assert!(records > 0);
}
