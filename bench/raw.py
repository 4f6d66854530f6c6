"""The raw-exports scenario of bench/run.py: a Five9 call log of millions of calls and a
HubSpot deals export, read by `pulsebook check` with its presets (no sources.yaml),
against the same aggregation in pandas.

run.py calls `measure(args, binary, run)` and `section(raw, run)`, passing itself as
`run` for its helpers (run_measured, summarise, log, table, seconds, times). The books
and files come from rawgen.py and are cached in `--raw-cache` (default
bench/.work/raw-cache), since making them takes a minute. Standard library only; the
peer needs pandas (`apt-get install -y python3-pandas`, or the peer's bench/.venv).
"""
import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import rawgen

HERE = Path(__file__).resolve().parent
PEER = HERE / "raw_peer.py"
TARGET_MIB_S, TARGET_RSS_MIB = 100.0, 300.0
CALL_MEASURES = ["dials", "calls", "handle_seconds", "answer_seconds", "abandoned"]
DEAL_MEASURES = ["opportunities", "deals", "revenue_cents", "deals_lost", "cycle_days_sum"]
MIB = 1024 * 1024


# --- pandas ------------------------------------------------------------------------------

def pandas_python(args, run):
    """A Python that imports pandas: --pandas-python, the peer's venv, this Python, or
    Debian's; None (said loudly) when none does."""
    candidates = [args.pandas_python] if args.pandas_python else [
        run.PEER_VENV / "bin" / "python", Path(sys.executable), Path("/usr/bin/python3")]
    for python in candidates:
        if python and Path(python).exists() and subprocess.run(
                [str(python), "-c", "import pandas"], capture_output=True).returncode == 0:
            return Path(python)
    run.log("pandas is missing: the raw-exports peer is NOT measured. Install it with "
            "`apt-get install -y python3-pandas` (or run the full benchmark, whose peer venv "
            "has it), or pass --pandas-python PATH.")
    return None


def measure_peer(python, facts, work, run):
    """One pandas run over both exports; its own split, wall time and peak RSS."""
    folder = Path(facts["folder"])
    out_calls, out_deals = work / "peer-calls.csv", work / "peer-deals.csv"
    run.log(f"pandas peer on the raw exports ({python})")
    try:
        result = run.run_measured([python, PEER, "--calls", folder / "five9-call-log.csv",
                                   "--deals", folder / "hubspot-deals.csv", "--people",
                                   folder / "people.json", "--out-calls", out_calls,
                                   "--out-deals", out_deals])
    except RuntimeError as error:
        return {"error": str(error).strip().splitlines()[-1]}
    peer = json.loads(result.stdout)
    peer.update(wall_s=result.wall_s, rss_mib=result.rss_kib / 1024, python=str(python),
                days_calls=compare_days(folder / "expected-calls.csv", out_calls),
                days_deals=compare_days(folder / "expected-deals.csv", out_deals))
    run.log(f"  {peer['total_s']:.1f} s (calls {peer['calls']['total_s']:.1f} s, deals "
            f"{peer['deals']['total_s']:.1f} s), {peer['rss_mib']:.0f} MiB; per person and day "
            f"{peer['days_calls']['equal']} of {peer['days_calls']['expected']} equal")
    return peer


def read_days(path):
    with open(path, newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        next(rows)
        return {(row[0], row[1]): tuple(int(v) for v in row[2:]) for row in rows}


def compare_days(expected_path, peer_path):
    """Per (person, day) rows of the generator's totals against the peer's."""
    expected, peer = read_days(expected_path), read_days(peer_path)
    return {"expected": len(expected), "peer": len(peer),
            "equal": sum(1 for key, value in expected.items() if peer.get(key) == value)}


# --- pulsebook ---------------------------------------------------------------------------

def first_error(message):
    """The first `error:` line of a failed command's message, else its last line."""
    lines = str(message).strip().splitlines()
    return next((line for line in lines if line.startswith("error")), lines[-1])


def measure_check(binary, book, runs, input_bytes, run):
    run.log(f"check {book.name} × {runs} ({input_bytes / MIB:,.0f} MiB of raw exports)")
    try:
        results = [run.run_measured([binary, "check", book]) for _ in range(runs)]
    except RuntimeError as error:
        run.log(f"  failed: {first_error(error)}")
        return {"error": first_error(error)}
    summary = run.summarise(results)
    summary["mib_s"] = input_bytes / MIB / summary["wall_s"]
    run.log(f"  {summary['wall_s']:.2f} s, {summary['mib_s']:.0f} MiB/s, "
            f"{summary['rss_mib']:.0f} MiB")
    return summary


def read_csv_rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def measure_build(binary, book, out, period, input_bytes, run):
    """One HTML build; its sources report and the KPIs of the report period."""
    run.log(f"build --format html {book.name} --period {period}")
    shutil.rmtree(out, ignore_errors=True)
    try:
        result = run.run_measured([binary, "build", book, "--period", period, "--format", "html",
                                   "--out", out])
    except RuntimeError as error:
        run.log(f"  failed: {first_error(error)}")
        return {"error": first_error(error)}
    build = {"wall_s": result.wall_s, "rss_mib": result.rss_kib / 1024,
             "mib_s": input_bytes / MIB / result.wall_s}
    sources, kpis = out / "data" / "sources.csv", out / "data" / f"{period}.csv"
    build["sources"] = read_csv_rows(sources) if sources.exists() else None
    build["kpis"] = read_csv_rows(kpis) if kpis.exists() else None
    return build


# --- the sanity check ----------------------------------------------------------------------

def monthly(path, period, measures):
    """{person: {measure: total}} of a generator totals file for one month; the key ""
    holds the rows without a person, "organisation" everything."""
    out = {}
    for (person, day), values in read_days(path).items():
        if day.startswith(period):
            for who in (person, "organisation"):
                acc = out.setdefault(who, dict.fromkeys(measures, 0))
                for measure, value in zip(measures, values):
                    acc[measure] += value
    return out


def kpi_values(sums):
    """The KPIs pulsebook shows, from one scope's generator totals."""
    out = {"dials": sums["dials"], "calls": sums["calls"], "deals": sums["deals"],
           "revenue": sums["revenue_cents"] / 100}
    if sums["calls"]:
        out["aht"] = sums["handle_seconds"] / sums["calls"]
    return out


def sanity(facts, build, peer):
    """The report period per person and for the organisation: the generator's totals,
    pulsebook's KPIs and the peer's per-day rows; and the rows each read."""
    folder, period = Path(facts["folder"]), facts["report_period"]
    calls = monthly(folder / "expected-calls.csv", period, CALL_MEASURES)
    deals = monthly(folder / "expected-deals.csv", period, DEAL_MEASURES)
    generator = {who: kpi_values({**calls.get(who, dict.fromkeys(CALL_MEASURES, 0)),
                                  **deals.get(who, dict.fromkeys(DEAL_MEASURES, 0))})
                 for who in set(calls) | set(deals) if who}
    everything_calls = read_days(folder / "expected-calls.csv")
    everything_deals = read_days(folder / "expected-deals.csv")
    out = {"period": period, "generator": generator["organisation"],
           "no_person_calls": sum(v[4] for (who, _), v in everything_calls.items() if not who),
           "no_person_deals": sum(v[0] for (who, _), v in everything_deals.items() if not who)}
    if build and "error" not in build and build.get("kpis"):
        shown = {}
        for row in build["kpis"]:
            if row["value"] and row["kpi"] in ("dials", "calls", "deals", "revenue", "aht"):
                shown.setdefault(row["id"], {})[row["kpi"]] = float(row["value"])
        people = [who for who in generator if who != "organisation"]
        out["pulsebook"] = shown.get("organisation", {})
        out["people_equal"] = sum(1 for who in people if close(shown.get(who, {}), generator[who]))
        out["people"] = len(people)
    if build and build.get("sources"):
        out["sources"] = build["sources"]
    if peer and "error" not in peer:
        out["peer_days"] = {"calls": peer["days_calls"], "deals": peer["days_deals"]}
    return out


def close(shown, expected):
    """Every expected KPI shown with the same value (a zero may be shown as no value)."""
    return all(abs(shown.get(k, 0.0 if v == 0 else float("nan")) - v) <= 1e-9 * max(1.0, abs(v))
               for k, v in expected.items())


# --- the scenario --------------------------------------------------------------------------

def measure(args, binary, run):
    """Everything measured on the raw exports."""
    run.log(f"raw exports: {args.raw_calls:,} Five9 calls, {args.raw_deals:,} HubSpot deals, "
            f"{args.raw_people} people (cache {args.raw_cache})")
    started = time.perf_counter()
    facts = rawgen.make(args.raw_cache, args.raw_people, args.raw_calls, args.raw_deals, args.seed)
    facts["made_s"] = None if facts["cached"] else time.perf_counter() - started
    folder = Path(facts["folder"])
    run.log(f"  {'found' if facts['cached'] else 'written'}: {facts['calls_bytes'] / MIB:,.0f} MiB "
            f"call log, {facts['deals_bytes'] / MIB:,.0f} MiB deals, {facts['first_day']} – "
            f"{facts['last_day']}")
    both = facts["calls_bytes"] + facts["deals_bytes"]
    raw = {"facts": facts,
           "check_calls": measure_check(binary, folder / "calls-book", args.runs,
                                        facts["calls_bytes"], run),
           "check_all": measure_check(binary, folder / "all-book", args.runs, both, run)}
    raw["build"] = measure_build(binary, folder / "all-book", args.work / "raw-out",
                                 facts["report_period"], both, run)
    shutil.rmtree(args.work / "raw-out", ignore_errors=True)
    python = None if args.skip_peer else pandas_python(args, run)
    if args.skip_peer:
        raw["peer"] = {"error": "not run (--skip-peer)"}
    elif python is None:
        raw["peer"] = {"error": "pandas is missing (apt-get install -y python3-pandas)"}
    else:
        raw["peer"] = measure_peer(python, facts, args.work, run)
    raw["sanity"] = sanity(facts, raw["build"], raw["peer"])
    return raw


# --- the report ------------------------------------------------------------------------------

def targets(raw):
    """(target, measured, met) rows for the first table of the report."""
    rows = []
    for key, label in (("check_calls", "call log"), ("check_all", "call log + deals")):
        check = raw[key]
        if "error" in check:
            rows.append((f"raw exports ({label}): `check` ≥ {TARGET_MIB_S:.0f} MiB/s",
                         f"failed: {check['error']}", False))
            continue
        rows.append((f"raw exports ({label}): `check` ≥ {TARGET_MIB_S:.0f} MiB/s",
                     f"{check['mib_s']:.0f} MiB/s", check["mib_s"] >= TARGET_MIB_S))
    check, label = raw["check_calls"], f"raw call log: peak memory ≤ {TARGET_RSS_MIB:.0f} MiB"
    if "error" in check:
        rows.append((label, f"failed: {check['error']}", False))
    else:
        rows.append((label, f"{check['rss_mib']:.0f} MiB", check["rss_mib"] <= TARGET_RSS_MIB))
    return rows


def peer_cells(peer, part, wall_s, run):
    """The peer's time for one row and its ratio to pulsebook's."""
    if "error" in peer:
        return peer["error"], "—"
    seconds = peer["import_s"] + (peer[part]["total_s"] if part else
                                  peer["calls"]["total_s"] + peer["deals"]["total_s"])
    return run.seconds(seconds), run.times(seconds / wall_s) if wall_s else "—"


def commands_table(raw, run):
    facts, peer = raw["facts"], raw["peer"]
    rows = []
    both = facts["calls_bytes"] + facts["deals_bytes"]
    for key, label, part, size in (
            ("check_calls", "check, call log", "calls", facts["calls_bytes"]),
            ("check_all", "check, call log + deals", None, both),
            ("build", "build HTML, call log + deals", None, both)):
        result = raw[key]
        if "error" in result:
            rows.append((label, f"{size / MIB:,.0f}", f"failed: {result['error']}", "", "", "", ""))
            continue
        peer_time, ratio = ("—", "—") if key == "build" else peer_cells(peer, part,
                                                                         result["wall_s"], run)
        rows.append((label, f"{size / MIB:,.0f}", run.seconds(result["wall_s"]),
                     f"{result['mib_s']:.0f}", f"{result['rss_mib']:.0f}", peer_time, ratio))
    return run.table(["Command", "Input MiB:", "Wall time:", "MiB/s:", "Peak RSS MiB:",
                      "pandas peer", "Peer / pulsebook:"], rows)


def peer_paragraph(peer, run):
    if "error" in peer:
        return f"The pandas peer was not measured: {peer['error']}."
    c, d = peer["calls"], peer["deals"]
    return (f"The pandas peer (pandas {peer['pandas']}, `{peer['python']}`): importing pandas "
            f"{peer['import_s']:.2f} s; call log `read_csv` {c['read_s']:.1f} s, parsing "
            f"timestamps and durations, matching people and filtering {c['transform_s']:.1f} s, "
            f"`groupby` {c['groupby_s']:.2f} s; deals `read_csv` {d['read_s']:.2f} s, the rest "
            f"{d['transform_s'] + d['groupby_s']:.2f} s. Its process ran "
            f"{run.seconds(peer['wall_s'])} "
            f"(writing its {c['groups'] + d['groups']:,} per-person-day rows for the check below "
            f"included, not counted above) with a peak RSS of {peer['rss_mib']:.0f} MiB. "
            "Its times are compared with `check`, which reads, matches and aggregates the "
            "same rows (the call-log row with the peer's call-log part, plus the import).")


def sanity_paragraph(raw, run):
    s, facts = raw["sanity"], raw["facts"]
    g = s["generator"]
    parts = [f"Sanity check, {s['period']} (organisation): the generator counted "
             f"{g['dials']:,} dials, {g['calls']:,} calls, AHT {g.get('aht', 0):.2f} s, "
             f"{g['deals']:,} deals, revenue {g['revenue']:,.2f} while writing the files"]
    if "pulsebook" in s:
        p = s["pulsebook"]
        shown = ", ".join(f"{k} {v:,.2f}" if k in ("aht", "revenue") else f"{k} {v:,.0f}"
                          for k, v in sorted(p.items()))
        parts.append(f"pulsebook's `data/{s['period']}.csv` shows {shown}; "
                     f"{s['people_equal']} of {s['people']} people have the same dials, calls, "
                     "AHT, deals and revenue as the generator")
    else:
        parts.append("pulsebook's KPIs were not compared (the build failed)")
    if "peer_days" in s:
        c, d = s["peer_days"]["calls"], s["peer_days"]["deals"]
        parts.append(f"per person and day, the pandas peer equals the generator on {c['equal']:,} "
                     f"of {c['expected']:,} call-log rows ({c['peer']:,} from the peer) and "
                     f"{d['equal']:,} of {d['expected']:,} deal rows ({d['peer']:,})")
    if s.get("sources"):
        read = ", ".join(f"`{row.get('file', '?')}` {int(row.get('rows', 0)):,} rows read, "
                         f"{int(row.get('no_person', 0)):,} without a person"
                         for row in s["sources"])
        parts.append(f"pulsebook's sources report: {read} (the generator wrote "
                     f"{facts['calls']:,} calls, {s['no_person_calls']:,} without a person, "
                     f"and {facts['deals']:,} deals, {s['no_person_deals']:,} without an owner)")
    return "; ".join(parts) + "."


def section(raw, run):
    facts = raw["facts"]
    made = ("found in the cache" if facts["cached"] else
            f"written in {run.seconds(facts['made_s'])}")
    return "\n\n".join([
        f"## Raw exports: {facts['calls']:,} calls (Five9) and {facts['deals']:,} deals (HubSpot)",
        f"A book of {facts['people']} people ({facts['agents']} agents) with e-mails, time zone "
        f"America/New_York and no `sources.yaml`: pulsebook reads the exports with its presets "
        f"`five9-call-log` (matching `AGENT` by e-mail) and `hubspot-deals` (matching "
        f"`Deal owner` by name). The Five9 Call Log covers {facts['first_day']} – "
        f"{facts['last_day']} ({facts['calls_bytes'] / MIB:,.0f} MiB); the HubSpot export "
        f"{facts['deals_bytes'] / MIB:,.0f} MiB. Files made by `bench/rawgen.py`, {made}. "
        f"Times are the median of the runs, MiB/s is the raw exports' size over the wall time, "
        "process start included.",
        commands_table(raw, run), peer_paragraph(raw["peer"], run), sanity_paragraph(raw, run)])
