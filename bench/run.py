#!/usr/bin/env python3
"""Benchmark pulsebook against its Python peer and write docs/performance.md.

For each book size (people × months of daily rows, made by `pulsebook synth`) this
measures the wall time and peak memory (RSS) of `check`, `build --format html` and
`build --format html,pdf`, the per-stage split from `--timings json`, a rebuild where
nothing changed (which must rewrite no file), and the same book built by the Python
peer in ../shared/peers/python/. Once per run it also measures how fast `serve`
rebuilds and reloads after a one-chapter edit of the example book, and how fast `check`
reads raw exports (a Five9 call log of 5 million calls and a HubSpot export of 200,000
deals, see raw.py) against the same aggregation in pandas.

The numbers are measured, never typed in: the Markdown report (and bench/results.json
for machines) is written from this run's measurements only. Standard library only;
the peer runs in its own virtual environment at bench/.venv, made on first use.

    python3 bench/run.py                                   # full run
    python3 bench/run.py --sizes 100 --skip-peer --no-build  # quick
    python3 bench/run.py --raw-only --no-build               # the raw exports only
"""
import argparse
import csv
import datetime
import json
import os
import platform
import queue
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import raw

REPO = Path(__file__).resolve().parent.parent
PEER_SCRIPT = REPO.parent / "shared" / "peers" / "python" / "build.py"
PEER_VENV = REPO / "bench" / ".venv"
PEER_PACKAGES = ["pandas", "jinja2", "matplotlib", "pyyaml", "weasyprint"]
PANGO_APT_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
EXAMPLE_BOOK = REPO / "examples" / "acme"
EDITED_CHAPTER = "feedback.md"
REPORT_PERIOD = "2026-10"
SERVE_EDITS = 7
STAGES = ["load", "compute", "charts", "html", "pdf", "email", "write", "total"]
FORMATS = {"html": "html", "pdf": "html,pdf"}  # result key -> value of --format
MIB = 1024  # ru_maxrss is in KiB on Linux
STARTED = time.perf_counter()

TARGETS = {"check_s": 0.5, "html_s": 2.0, "pdf_s": 15.0, "rss_mib": 1024.0,
           "linear_slack": 1.3, "serve_ms": 100.0}


def log(message):
    """Progress on stderr, with the time since the start."""
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


# --- running and measuring commands -------------------------------------------------

@dataclass
class Run:
    """One finished command: wall time, peak resident memory and its output."""
    wall_s: float
    rss_kib: int
    stdout: str
    stderr: str


def run_measured(cmd, cwd=None):
    """Runs `cmd` to completion; wall time from perf_counter, peak RSS from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(part) for part in cmd], cwd=cwd, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{shlex.join(map(str, cmd))} exited with {proc.returncode}:\n"
                           f"{stderr[-2000:]}")
    return Run(wall, usage.ru_maxrss, stdout, stderr)


def summarise(runs):
    """Median wall time and max peak RSS over repeated runs of one command."""
    return {"wall_s": statistics.median(r.wall_s for r in runs),
            "walls_s": [r.wall_s for r in runs],
            "rss_mib": max(r.rss_kib for r in runs) / MIB}


def fresh_dir(path):
    """An empty folder at `path` (a folder this script made before is removed first)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# --- the books ------------------------------------------------------------------------

def synth_book(binary, book, people, months, seed):
    """Writes a synthetic book; returns its facts from synth's stderr and the time taken."""
    shutil.rmtree(book, ignore_errors=True)
    run = run_measured([binary, "synth", book, "--people", people, "--months", months,
                        "--seed", seed])
    found = re.search(r"(\d+) people in (\d+) teams, (\d+) metrics rows, (\d+) touchpoints",
                      run.stderr)
    if not found:
        raise RuntimeError(f"unexpected synth output: {run.stderr!r}")
    return {"people": int(found[1]), "teams": int(found[2]), "rows": int(found[3]),
            "touchpoints": int(found[4]), "synth_s": run.wall_s}


def team_roles(book):
    """{id: role} of everyone in a synthetic book's team.yaml (its fixed layout)."""
    roles, person, in_people = {}, None, False
    for line in (book / "team.yaml").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            in_people = line.startswith("people:")
        elif in_people and (found := re.match(r"\s*- id:\s*(\S+)", line)):
            person = found[1].strip("\"'")
            roles[person] = None
        elif in_people and person and (found := re.match(r"\s+role:\s*(\S+)", line)):
            roles[person] = found[1].strip("\"'")
    return roles


def people_with_data(book):
    """Ids found in the `rep` column of the book's metrics CSVs."""
    ids = set()
    for path in sorted((book / "metrics").glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as file:
            rows = csv.reader(file)
            column = next(rows).index("rep")
            ids.update(row[column] for row in rows if len(row) > column)
    return ids


def scorecard_counts(book):
    """Who gets a scorecard: pulsebook builds everyone with data, the peer only reps."""
    roles = team_roles(book)
    with_data = people_with_data(book) & roles.keys()
    reps = {person for person, role in roles.items() if role == "rep"}
    return {"people_with_data": len(with_data), "reps": len(reps),
            "reps_with_data": len(reps & with_data)}


# --- pulsebook --------------------------------------------------------------------------

def build_command(binary, book, fmt, out):
    return [binary, "build", book, "--period", REPORT_PERIOD, "--format", fmt, "--out", out,
            "--timings", "json"]


def written_counts(stderr):
    """(written, unchanged, removed) from build's `built …` line."""
    found = re.search(r"\((\d+) written, (\d+) unchanged, (\d+) removed\)", stderr)
    if not found:
        raise RuntimeError(f"no `built …` line in build's stderr: {stderr[-500:]!r}")
    return tuple(int(n) for n in found.groups())


def measure_check(binary, book, runs):
    log(f"check {book.name} × {runs}")
    return summarise([run_measured([binary, "check", book]) for _ in range(runs)])


def measure_build(binary, book, fmt, out, runs):
    """`runs` builds, each into a fresh `out`; the last build's output stays in `out`."""
    log(f"build --format {fmt} {book.name} × {runs}")
    results = []
    for _ in range(runs):
        fresh_dir(out)
        results.append(run_measured(build_command(binary, book, fmt, out)))
        log(f"  {results[-1].wall_s:.3f} s, {results[-1].rss_kib / MIB:.0f} MiB")
    stages = [json.loads(r.stdout) for r in results]
    written, _, _ = written_counts(results[-1].stderr)
    return {**summarise(results), "files_written": written,
            "pdf_files": sum(1 for _ in out.rglob("*.pdf")),
            "stages_ms": {stage: statistics.median(s.get(stage, 0.0) for s in stages)
                          for stage in STAGES}}


def snapshot(folder):
    """{relative path: (size, mtime_ns)} of every file under `folder`."""
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


def measure_rebuild(binary, book, fmt, out):
    """Builds again into an up-to-date `out`: nothing should be written or touched."""
    log(f"rebuild with nothing changed, --format {fmt} {book.name}")
    before = snapshot(out)
    run = run_measured(build_command(binary, book, fmt, out))
    after = snapshot(out)
    written, unchanged, removed = written_counts(run.stderr)
    touched = [path for path in before.keys() & after.keys() if before[path] != after[path]]
    return {"wall_s": run.wall_s, "rss_mib": run.rss_kib / MIB, "files": len(after),
            "written": written, "unchanged": unchanged, "removed": removed,
            "files_touched": len(touched), "touched": sorted(touched)[:10],
            "files_added": len(after.keys() - before.keys()),
            "files_deleted": len(before.keys() - after.keys())}


def rebuild_summary(rebuild):
    """What an unchanged rebuild wrote, by its own count and by the files' mtimes."""
    touched = ", ".join(f"`{path}`" for path in rebuild["touched"])
    return (f"{rebuild['written']} of {rebuild['files']} files written, "
            f"{rebuild['files_touched']} mtimes changed" + (f" ({touched})" if touched else ""))


def rewrote_nothing(rebuild):
    return not (rebuild["written"] or rebuild["removed"] or rebuild["files_touched"]
                or rebuild["files_added"] or rebuild["files_deleted"])


# --- serve: edit → reload ---------------------------------------------------------------

def http_get(url, timeout=60):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def serve_book(work):
    """The example book with one built-in chapter overridden in content/; returns both."""
    book = work / "serve-book"
    shutil.rmtree(book, ignore_errors=True)
    shutil.copytree(EXAMPLE_BOOK, book, ignore=shutil.ignore_patterns("public", "__pycache__"))
    settings = (book / "pulsebook.yaml").read_text(encoding="utf-8")
    locale = re.search(r"^locale:\s*(\w+)", settings, re.MULTILINE)
    chapter = book / "content" / EDITED_CHAPTER
    chapter.parent.mkdir(exist_ok=True)
    shutil.copyfile(REPO / "content" / (locale[1] if locale else "en") / EDITED_CHAPTER, chapter)
    return book, chapter


def start_reader(stream):
    """A queue fed with the lines of `stream` by a daemon thread."""
    lines = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_for_url(lines, timeout=300):
    """The address from serve's `Serving … at http://…/` line."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            raise RuntimeError("serve exited before it printed `Serving …`")
        if found := re.search(r"Serving .*at (http://\S+/)", line):
            return found[1]
    raise RuntimeError("serve printed no `Serving …` line in time")


def long_poll(base, seen, result):
    """Waits (in a thread) until the server's version differs from `seen`."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = json.loads(http_get(f"{base}__pulsebook/wait?v={seen}"))
        if status["version"] != seen:
            result["reloaded_at"] = time.perf_counter()
            result["status"] = status
            return


def timed_edit(base, chapter, page_url, number):
    """Appends a line to the chapter; ms until the long poll returns, and if it shows."""
    seen = json.loads(http_get(f"{base}__pulsebook/status"))["version"]
    marker = f"pulsebook-bench-edit-{number}-{time.time_ns()}"
    result = {}
    waiter = threading.Thread(target=long_poll, args=(base, seen, result))
    waiter.start()
    edited_at = time.perf_counter()
    with chapter.open("a", encoding="utf-8") as file:
        file.write(f"\n\nBenchmark edit {marker}.\n")
        file.flush()
    waiter.join()
    if "reloaded_at" not in result:
        raise RuntimeError(f"edit {number}: no rebuild within 60 s")
    return {"ms": (result["reloaded_at"] - edited_at) * 1000,
            "build_error": result["status"].get("error"),
            "text_shown": marker in http_get(page_url)}


def measure_serve(binary, work):
    """Edit → rebuild → reload latency of `serve` on the example book."""
    book, chapter = serve_book(work)
    log(f"serve {book} and edit content/{EDITED_CHAPTER} {SERVE_EDITS} times")
    with tempfile.TemporaryFile() as err:
        server = subprocess.Popen([str(binary), "serve", str(book), "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL,
                                  text=True)
        try:
            base = wait_for_url(start_reader(server.stdout))
            page_url = f"{base}handbook/{chapter.stem}.html"
            http_get(page_url)  # fails loudly when the page is not where it is expected
            edits = []
            for number in range(SERVE_EDITS):
                edits.append(timed_edit(base, chapter, page_url, number))
                log(f"  edit {number}: {edits[-1]['ms']:.0f} ms")
                time.sleep(0.5)  # let any trailing file event settle before the next edit
        except Exception:
            err.seek(0)
            log("serve's stderr:\n" + err.read().decode("utf-8", "replace")[-2000:])
            raise
        finally:
            server.terminate()
            _, _, usage = os.wait4(server.pid, 0)
            server.returncode = 0
    timed = [edit["ms"] for edit in edits[1:]]  # the first edit is a warm-up
    return {"book": EXAMPLE_BOOK.name, "chapter": f"content/{EDITED_CHAPTER}",
            "page": f"handbook/{chapter.stem}.html", "edits": edits,
            "median_ms": statistics.median(timed), "max_ms": max(timed),
            "all_shown": all(edit["text_shown"] and not edit["build_error"] for edit in edits),
            "rss_mib": usage.ru_maxrss / MIB}


# --- the Python peer --------------------------------------------------------------------

def peer_python(need_pdf):
    """The peer venv's python, made and filled on first use; checks the imports work."""
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        log(f"creating the peer's virtual environment {PEER_VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    modules = "jinja2, matplotlib.pyplot, pandas, yaml"
    if subprocess.run([str(python), "-c", f"import {modules}"], capture_output=True).returncode:
        log(f"installing {' '.join(PEER_PACKAGES)} into {PEER_VENV}")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES],
                       check=True)
    # The first matplotlib import builds its font cache: done here, not in a timed run.
    subprocess.run([str(python), "-c", f"import {modules}"], check=True)
    if need_pdf:
        tried = subprocess.run([str(python), "-c", "import weasyprint"], capture_output=True,
                               text=True)
        if tried.returncode:
            sys.exit(f"WeasyPrint cannot load (it needs the system's Pango):\n"
                     f"{tried.stderr.strip().splitlines()[-1]}\n"
                     f"Install it with: apt-get install -y {PANGO_APT_PACKAGES}\n"
                     f"or run the benchmark with --skip-pdf.")
    return python


def peer_versions(python):
    """Versions of the peer's Python, pandas and WeasyPrint (None if it cannot load)."""
    script = ("import json, platform, pandas\n"
              "try:\n    import weasyprint; w = weasyprint.__version__\n"
              "except Exception:\n    w = None\n"
              "print(json.dumps({'python': platform.python_version(),"
              " 'pandas': pandas.__version__, 'weasyprint': w}))")
    return json.loads(subprocess.run([str(python), "-c", script], capture_output=True,
                                     text=True, check=True).stdout)


def measure_peer(python, book, out, pdf, reps, counts):
    """One peer run on the first `reps` reps; its own split projected to every rep."""
    label = "HTML + PDF" if pdf else "HTML"
    log(f"peer {label} on {book.name}, {reps or 'all'} reps")
    cmd = [python, PEER_SCRIPT, "--book", book, "--period", REPORT_PERIOD, "--out",
           fresh_dir(out), "--reps", reps] + (["--pdf"] if pdf else [])
    try:
        run = run_measured(cmd)
    except RuntimeError as error:
        log(f"  the peer failed: {error}")
        return {"error": str(error).strip().splitlines()[-1]}
    found = re.search(r"(\d+) scorecards: imports ([\d.]+)s, load\+aggregate ([\d.]+)s, "
                      r"per report ([\d.]+)s, total ([\d.]+)s", run.stderr)
    if not found:
        return {"error": f"no timing line on the peer's stderr: {run.stderr[-300:]!r}"}
    sample, imports, load, per_report, total = int(found[1]), *map(float, found.groups()[1:])
    scorecards = counts["reps_with_data"]
    projected = imports + load + per_report * scorecards
    log(f"  {run.wall_s:.1f} s for {sample}; projected {projected:.1f} s for {scorecards}")
    return {"reps_run": sample, "imports_s": imports, "load_aggregate_s": load,
            "per_report_s": per_report, "total_s": total, "wall_s": run.wall_s,
            "rss_mib": run.rss_kib / MIB, "scorecards": scorecards,
            "projected": sample < scorecards, "projected_total_s": projected}


# --- one size ---------------------------------------------------------------------------

def measure_size(args, binary, python, people):
    """Everything measured on one synthetic book of `people` people."""
    book = args.work / f"book-{people}"
    log(f"synth {people} people × {args.months} months")
    size = synth_book(binary, book, people, args.months, args.seed)
    size.update(scorecard_counts(book))
    log(f"  {size['rows']} rows; {size['people_with_data']} people with data, "
        f"{size['reps']} reps")
    size["commands"] = {"check": measure_check(binary, book, args.runs)}
    size["rebuild"] = {}
    for key, fmt in FORMATS.items():
        if key == "pdf" and args.skip_pdf:
            continue
        out = args.work / f"out-{people}-{key}"
        size["commands"][key] = measure_build(binary, book, fmt, out, args.runs)
        size["rebuild"][key] = measure_rebuild(binary, book, fmt, out)
        shutil.rmtree(out)
    if python:
        size["peer"] = {key: measure_peer(python, book, args.work / f"peer-{people}-{key}",
                                          key == "pdf", args.peer_reps, size)
                        for key in FORMATS if not (key == "pdf" and args.skip_pdf)}
    return size


# --- analysis ---------------------------------------------------------------------------

def linearity(sizes):
    """Growth of each command's time from the smallest to the largest book."""
    small, large = sizes[0], sizes[-1]
    rows_ratio = large["rows"] / small["rows"]
    growth = {}
    for key in large["commands"]:
        time_ratio = large["commands"][key]["wall_s"] / small["commands"][key]["wall_s"]
        growth[key] = {"time_ratio": time_ratio, "rows_ratio": rows_ratio,
                       "people_ratio": large["people"] / small["people"],
                       "linear": time_ratio <= TARGETS["linear_slack"] * rows_ratio}
    return growth


def per_unit(size, wall_s):
    """ms per person and per 1,000 rows."""
    return wall_s * 1000 / size["people"], wall_s * 1000 / (size["rows"] / 1000)


def peak_rss(size):
    return max([c["rss_mib"] for c in size["commands"].values()]
               + [r["rss_mib"] for r in size["rebuild"].values()])


def targets(results):
    """(target, measured, met) rows for the largest size and the raw exports; met is None
    if not measured."""
    rows = size_targets(results) if results["sizes"] else []
    if results.get("raw"):
        rows += raw.targets(results["raw"])
    return rows


def size_targets(results):
    """(target, measured, met) rows for the largest size."""
    size = results["sizes"][-1]
    commands = size["commands"]
    rows = [(f"`check` ≤ {TARGETS['check_s']} s", seconds(commands["check"]["wall_s"]),
             commands["check"]["wall_s"] <= TARGETS["check_s"]),
            (f"`build` HTML only ≤ {TARGETS['html_s']:.0f} s",
             seconds(commands["html"]["wall_s"]),
             commands["html"]["wall_s"] <= TARGETS["html_s"])]
    if "pdf" in commands:
        pdf = commands["pdf"]
        rows.append((f"`build` HTML + PDF ≤ {TARGETS['pdf_s']:.0f} s",
                     f"{seconds(pdf['wall_s'])} ({pdf['pdf_files']} PDFs)",
                     pdf["wall_s"] <= TARGETS["pdf_s"]))
    else:
        rows.append((f"`build` HTML + PDF ≤ {TARGETS['pdf_s']:.0f} s",
                     "not measured (--skip-pdf)", None))
    rss = peak_rss(size)
    rows.append(("peak memory ≤ 1 GiB", f"{rss:.0f} MiB (max over the commands)",
                 rss <= TARGETS["rss_mib"]))
    growth = results.get("linearity")
    if growth:
        rows_ratio = next(iter(growth.values()))["rows_ratio"]
        rows.append(("time grows linearly with people and rows",
                     "time × " + ", ".join(f"{g['time_ratio']:.1f} ({command_name(k)})"
                                           for k, g in growth.items())
                     + f" for rows × {rows_ratio:.1f}",
                     all(g["linear"] for g in growth.values())))
    else:
        rows.append(("time grows linearly with people and rows", "needs two sizes", None))
    rebuilds = size["rebuild"].values()
    rows.append(("an unchanged rebuild rewrites no file",
                 "; ".join(f"{command_name(key)}: {rebuild_summary(r)}"
                           for key, r in size["rebuild"].items()),
                 all(rewrote_nothing(r) for r in rebuilds)))
    serve = results.get("serve")
    if serve:
        rows.append((f"`serve`: one-chapter edit → reload ≤ {TARGETS['serve_ms']:.0f} ms",
                     f"median {serve['median_ms']:.0f} ms, max {serve['max_ms']:.0f} ms",
                     serve["median_ms"] <= TARGETS["serve_ms"] and serve["all_shown"]))
    return rows


# --- the machine ------------------------------------------------------------------------

def output_of(cmd, cwd=None):
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def proc_field(path, name):
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def git_commit():
    commit = output_of(["git", "rev-parse", "--short", "HEAD"], cwd=REPO)
    dirty = output_of(["git", "status", "--porcelain"], cwd=REPO)
    return f"{commit}-dirty" if commit and dirty else commit


def machine(binary):
    memory = proc_field("/proc/meminfo", "MemTotal")
    uname = os.uname()
    return {"cpu": proc_field("/proc/cpuinfo", "model name") or platform.processor(),
            "cpu_count": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)),
            "memory_gib": int(memory.split()[0]) / 1024**2 if memory else None,
            "kernel": f"{uname.sysname} {uname.release} {uname.machine}",
            "rustc": output_of(["rustc", "--version"]),
            "commit": git_commit(), "binary": shown_path(binary),
            "binary_version": output_of([str(binary), "--version"]),
            "load_average_at_start": os.getloadavg()}


# --- the report -------------------------------------------------------------------------

def seconds(value):
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def times(ratio):
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"


def command_name(key):
    return {"check": "check", "html": "build HTML", "pdf": "build HTML + PDF"}[key]


def table(header, rows):
    """A Markdown table; a header cell ending in ':' is right-aligned."""
    names = [cell.rstrip(":") for cell in header]
    rules = ["--:" if cell.endswith(":") else "---" for cell in header]
    return "\n".join("| " + " | ".join(map(str, row)) + " |"
                     for row in [names, rules, *rows])


def machine_section(results):
    m, peer = results["machine"], results.get("peer_versions")
    rows = [("CPU", m["cpu"]),
            ("Cores", f"{m['cpu_count']} (usable by this process: {m['cpus_usable']})"),
            ("Memory", f"{m['memory_gib']:.1f} GiB" if m["memory_gib"] else "unknown"),
            ("Kernel", m["kernel"]), ("rustc", m["rustc"] or "not found"),
            ("Load average", f"{m['load_average_at_start'][0]:.2f} at the start, "
                             f"{results['load_average_at_end'][0]:.2f} at the end (1 minute; "
                             "other work on the machine slows every figure)"),
            ("pulsebook", f"commit `{m['commit']}`, binary `{m['binary']}` "
                          f"({m['binary_version']})")]
    if peer:
        rows.append(("Python peer", f"Python {peer['python']}, pandas {peer['pandas']}, "
                                    f"WeasyPrint {peer['weasyprint'] or 'not loadable'}"))
    return "## Machine\n\n" + table(["", ""], rows)


def targets_section(results):
    rows = [(target, measured, "—" if met is None else "yes" if met else "**no**")
            for target, measured, met in targets(results)]
    if not results["sizes"]:
        return "## Targets\n\n" + table(["Target", "Measured", "Met"], rows)
    size = results["sizes"][-1]
    title = (f"{size['people']:,} people × {size['months']} months, {size['rows']:,} rows"
             + ("; raw exports" if results.get("raw") else ""))
    return (f"## Targets ({title})\n\n" + table(["Target", "Measured", "Met"], rows) +
            f"\n\nTimes are the median of {plural(results['runs'], 'run')}, wall clock, "
            "process start included. Linear growth is met when the time ratio between the "
            f"largest and the smallest book is at most {TARGETS['linear_slack']} × their rows "
            "ratio. The serve latency is from appending a line to the chapter file until the "
            "page's long poll (`/__pulsebook/wait`) returns; the first of "
            f"{SERVE_EDITS} edits is a warm-up and not counted.")


def growth_section(results):
    sizes = results["sizes"]
    small, large = sizes[0], sizes[-1]
    rows = []
    for key, growth in results["linearity"].items():
        small_s, large_s = small["commands"][key]["wall_s"], large["commands"][key]["wall_s"]
        rows.append((command_name(key), seconds(small_s), seconds(large_s),
                     f"{growth['time_ratio']:.2f}", f"{growth['rows_ratio']:.2f}",
                     f"{per_unit(small, small_s)[0]:.2f} / {per_unit(large, large_s)[0]:.2f}",
                     f"{per_unit(small, small_s)[1]:.2f} / {per_unit(large, large_s)[1]:.2f}",
                     "yes" if growth["linear"] else "**no**"))
    return (f"## Growth from {small['people']:,} to {large['people']:,} people\n\n" +
            table(["Command", f"{small['people']:,} people:", f"{large['people']:,} people:",
                   "Time ratio:", "Rows ratio:", "ms per person:", "ms per 1,000 rows:",
                   "Linear"], rows) +
            f"\n\nThe people ratio is {large['people'] / small['people']:.2f}. A time ratio "
            "below the rows ratio means fixed costs (process start, the handbook, assets) "
            "still weigh on the small book; above it, the cost per row grows with the book.")


def peer_cell(peer, wall_s):
    """Peer time and the ratio to pulsebook for one row of a size's command table."""
    if not peer:
        return "—", "—"
    if "error" in peer:
        return f"failed: {peer['error']}", "—"
    kind = (f"projected from {peer['reps_run']} of {peer['scorecards']} reps"
            if peer["projected"] else f"{peer['scorecards']} reps, measured")
    return (f"{seconds(peer['projected_total_s'])} ({kind})",
            times(peer["projected_total_s"] / wall_s))


def commands_table(size):
    peers = size.get("peer", {})
    rows = []
    for key, command in size["commands"].items():
        peer_time, ratio = peer_cell(peers.get(key), command["wall_s"])
        rows.append((command_name(key), seconds(command["wall_s"]), f"{command['rss_mib']:.0f}",
                     f"{per_unit(size, command['wall_s'])[0]:.2f}", peer_time, ratio))
    return table(["Command", "Wall time:", "Peak RSS MiB:", "ms per person:",
                  "Python peer", "Peer / pulsebook:"], rows)


def rebuild_table(size):
    rows = [(command_name(key), seconds(rebuild["wall_s"]), f"{rebuild['rss_mib']:.0f}",
             rebuild_summary(rebuild), "yes" if rewrote_nothing(rebuild) else "**no**")
            for key, rebuild in size["rebuild"].items()]
    return table(["Same build again, nothing changed", "Wall time:", "Peak RSS MiB:",
                  "Files", "Rewrote nothing"], rows)


def stages_table(size):
    builds = {key: c for key, c in size["commands"].items() if "stages_ms" in c}
    rows = [(stage, *(f"{c['stages_ms'][stage]:.1f}" for c in builds.values()))
            for stage in STAGES]
    return table(["Stage (ms, median)", *(f"{command_name(k)}:" for k in builds)], rows)


def peer_table(size):
    rows = []
    for key, peer in size.get("peer", {}).items():
        if "error" in peer:
            rows.append((command_name(key), f"failed: {peer['error']}", "", "", "", "", "", ""))
            continue
        rows.append((command_name(key), peer["reps_run"], f"{peer['imports_s']:.2f}",
                     f"{peer['load_aggregate_s']:.2f}", f"{peer['per_report_s']:.3f}",
                     seconds(peer["wall_s"]), f"{peer['rss_mib']:.0f}",
                     f"{seconds(peer['projected_total_s'])} for {peer['scorecards']}"))
    return table(["Peer run", "Reps run:", "Imports s:", "Load + aggregate s:",
                  "Per report s:", "Measured wall:", "Peak RSS MiB:", "Total (projected)"], rows)


def peer_note(peers):
    if not any(peer.get("projected") for peer in peers.values()):
        return "The Python peer's own timing split; it built every rep's scorecard."
    return ("The Python peer's own timing split. It ran on the first reps only; its total is "
            "**projected** as imports + load and aggregate + per report × reps with data, so "
            "every peer time and ratio above is projected from this measured sample. Its "
            "measured wall time and peak RSS are the sample run's.")


def size_section(size):
    parts = [f"## {size['people']:,} people × {size['months']} months "
             f"({size['rows']:,} rows)",
             f"Book: `pulsebook synth --people {size['people']} --months {size['months']} "
             f"--seed {size['seed']}` ({size['teams']} teams, {size['touchpoints']:,} "
             f"touchpoints), written in {seconds(size['synth_s'])}. pulsebook builds a "
             f"scorecard for everyone with data: {size['people_with_data']:,} people; the "
             f"peer builds one per rep (`role: rep`): {size['reps']:,} reps, "
             f"{size['reps_with_data']:,} of them with data.",
             commands_table(size), rebuild_table(size), stages_table(size)]
    if "pdf" in size["commands"]:
        parts.append(f"The HTML + PDF build wrote {size['commands']['pdf']['pdf_files']:,} PDFs.")
    if "peer" in size:
        parts += [peer_note(size["peer"]), peer_table(size)]
    return "\n\n".join(parts)


def serve_section(serve):
    edits = ", ".join(f"{e['ms']:.0f}" for e in serve["edits"])
    shown = "yes" if serve["all_shown"] else "**no**"
    return (f"## `serve`: edit → reload\n\nBook: `examples/{serve['book']}` with "
            f"`{serve['chapter']}` overriding the built-in chapter; each edit appends a line "
            f"to it. Edit to reload, ms: {edits} (first is a warm-up); median "
            f"{serve['median_ms']:.0f} ms, max {serve['max_ms']:.0f} ms. The new text was on "
            f"`{serve['page']}` after every reload, with no build error: {shown}. "
            f"Peak RSS of the server: {serve['rss_mib']:.0f} MiB.")


def report(results):
    parts = [f"<!-- Written by `{results['command']}`. Do not edit by hand: run the "
             "benchmark again (see bench/README.md). -->",
             "# Performance",
             f"Measured on {results['date']} by `bench/run.py`; every number below comes "
             f"from that run. Raw results: `{results['json']}`.",
             machine_section(results), targets_section(results)]
    if results.get("linearity"):
        parts.append(growth_section(results))
    parts += [size_section(size) for size in results["sizes"]]
    if results.get("serve"):
        parts.append(serve_section(results["serve"]))
    if results.get("raw"):
        parts.append(raw.section(results["raw"], sys.modules[__name__]))
    return "\n\n".join(parts) + "\n"


# --- main -------------------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="people per book, comma-separated")
    parser.add_argument("--months", type=int, default=36, help="months of daily rows")
    parser.add_argument("--seed", type=int, default=1, help="seed of pulsebook synth")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per command (median wall time, max peak RSS)")
    parser.add_argument("--peer-reps", type=int, default=40,
                        help="reps the Python peer builds; the rest is projected (0 = all)")
    parser.add_argument("--skip-pdf", action="store_true", help="no HTML + PDF builds")
    parser.add_argument("--skip-peer", action="store_true", help="do not run the Python peer")
    parser.add_argument("--skip-serve", action="store_true", help="do not measure serve")
    parser.add_argument("--skip-raw", action="store_true", help="do not measure the raw exports")
    parser.add_argument("--raw-only", action="store_true",
                        help="measure the raw exports only (no synthetic books, no serve)")
    parser.add_argument("--raw-calls", type=int, default=5_000_000,
                        help="calls in the raw Five9 call log [default: 5,000,000]")
    parser.add_argument("--raw-deals", type=int, default=200_000,
                        help="deals in the raw HubSpot export [default: 200,000]")
    parser.add_argument("--raw-people", type=int, default=200,
                        help="people of the raw-exports book [default: 200]")
    parser.add_argument("--raw-cache", type=Path, default=REPO / "bench" / ".work" / "raw-cache",
                        help="where the raw exports are kept between runs "
                             "[default: bench/.work/raw-cache]")
    parser.add_argument("--pandas-python", type=Path,
                        help="a Python with pandas for the raw-exports peer [default: the "
                             "peer's venv, this Python or /usr/bin/python3, whichever has it]")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "performance.md",
                        help="the Markdown report [default: docs/performance.md]")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json",
                        help="raw results for machines [default: bench/results.json]")
    parser.add_argument("--bin", type=Path, default=REPO / "target" / "release" / "pulsebook",
                        help="the pulsebook binary [default: target/release/pulsebook]")
    parser.add_argument("--no-build", action="store_true",
                        help="use --bin as it is; do not run cargo build --release first")
    parser.add_argument("--work", type=Path,
                        help="folder for books and outputs [default: a temporary folder "
                             "under bench/.work, removed at the end]")
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    return args


def shown_path(path):
    """`path` relative to the repository when it is inside it."""
    path = path.resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def benchmark(args, binary):
    python = None if args.skip_peer or args.raw_only else peer_python(need_pdf=not args.skip_pdf)
    now = datetime.datetime.now(datetime.timezone.utc)
    results = {"command": shlex.join(["python3", "bench/run.py", *sys.argv[1:]]),
               "date": now.strftime("%Y-%m-%d %H:%M UTC"),
               "runs": args.runs, "json": shown_path(args.json), "machine": machine(binary),
               "sizes": []}
    if python:
        results["peer_versions"] = peer_versions(python)
    for people in [] if args.raw_only else args.sizes:
        size = measure_size(args, binary, python, people)
        results["sizes"].append({"months": args.months, "seed": args.seed, **size})
    if len(results["sizes"]) > 1:
        results["linearity"] = linearity(results["sizes"])
    if not (args.skip_serve or args.raw_only):
        results["serve"] = measure_serve(binary, args.work)
    if not args.skip_raw:
        results["raw"] = raw.measure(args, binary, sys.modules[__name__])
    results["load_average_at_end"] = os.getloadavg()
    return results


def main():
    args = parse_args()
    if not args.no_build:
        log("cargo build --release --locked")
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=REPO, check=True)
    binary = args.bin.resolve()
    if not binary.is_file():
        sys.exit(f"no pulsebook binary at {binary}")
    temporary = args.work is None
    if temporary:
        (REPO / "bench" / ".work").mkdir(parents=True, exist_ok=True)
        args.work = Path(tempfile.mkdtemp(prefix="run-", dir=REPO / "bench" / ".work"))
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    try:
        results = benchmark(args, binary)
    finally:
        if temporary:
            shutil.rmtree(args.work, ignore_errors=True)
    for path, text in [(args.out, report(results)),
                       (args.json, json.dumps(results, indent=2) + "\n")]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        log(f"wrote {path}")


if __name__ == "__main__":
    main()
