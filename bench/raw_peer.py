#!/usr/bin/env python3
"""The Python peer of the raw-exports benchmark: what a user writes with pandas to turn
a Five9 call log and a HubSpot deals export into base measures per person and day.

    raw_peer.py --calls five9-call-log.csv --deals hubspot-deals.csv --people people.json \
                --out-calls calls.csv --out-deals deals.csv

`read_csv` with the columns it needs, the same filters and definitions as pulsebook's
presets (five9-call-log, hubspot-deals), people by e-mail (AGENT) and by name (Deal
owner), and `groupby([person, day]).agg(...)`. Prints its timings as JSON on stdout;
writing the aggregates for the sanity check is not timed. Run by bench/run.py.
"""
import argparse
import json
import time

STARTED = time.perf_counter()
import pandas as pd  # noqa: E402  (the import is part of the peer's time)

IMPORTED = time.perf_counter()

CALL_COLUMNS = ["TIMESTAMP", "CALL TYPE", "AGENT", "QUEUE WAIT TIME", "TALK TIME", "HOLD TIME",
                "AFTER CALL WORK TIME", "ABANDONED"]
DURATIONS = ["QUEUE WAIT TIME", "TALK TIME", "HOLD TIME", "AFTER CALL WORK TIME"]
DEAL_COLUMNS = ["Deal Stage", "Close Date", "Deal owner", "Amount", "Create Date"]


def calls(path, emails):
    """Per (person, day): dials, calls, handle_seconds, answer_seconds, abandoned."""
    t0 = time.perf_counter()
    df = pd.read_csv(path, usecols=CALL_COLUMNS, dtype={"AGENT": "string", "CALL TYPE": "string"})
    t1 = time.perf_counter()
    df["day"] = pd.to_datetime(df["TIMESTAMP"], format="%a, %d %b %Y %H:%M:%S").dt.normalize()
    for column in DURATIONS:
        df[column] = pd.to_timedelta(df[column]).dt.total_seconds().astype("int64")
    df["person"] = df["AGENT"].str.lower().map(emails)  # "[None]" matches nobody: no person
    talked = df["TALK TIME"] > 0
    measures = pd.DataFrame({
        "person": df["person"], "day": df["day"],
        "dials": df["person"].notna().astype("int64"),
        "calls": talked.astype("int64"),
        "handle_seconds": (df["TALK TIME"] + df["HOLD TIME"]
                           + df["AFTER CALL WORK TIME"]).where(talked, 0),
        "answer_seconds": df["QUEUE WAIT TIME"].where(talked & (df["CALL TYPE"] == "Inbound"), 0),
        "abandoned": (df["ABANDONED"] == 1).astype("int64"),
    })
    t2 = time.perf_counter()
    out = measures.groupby(["person", "day"], dropna=False).agg(
        dials=("dials", "sum"), calls=("calls", "sum"), handle_seconds=("handle_seconds", "sum"),
        answer_seconds=("answer_seconds", "sum"), abandoned=("abandoned", "sum"))
    t3 = time.perf_counter()
    return out, {"rows": len(df), "groups": len(out), "read_s": t1 - t0, "transform_s": t2 - t1,
                 "groupby_s": t3 - t2, "total_s": t3 - t0}


def deals(path, names):
    """Per (person, day): opportunities, deals, revenue_cents, deals_lost, cycle_days_sum."""
    t0 = time.perf_counter()
    df = pd.read_csv(path, usecols=DEAL_COLUMNS, encoding="utf-8-sig",
                     dtype={"Deal owner": "string", "Deal Stage": "string"})
    t1 = time.perf_counter()
    created = pd.to_datetime(df["Create Date"], format="%Y-%m-%d %H:%M").dt.normalize()
    closed = pd.to_datetime(df["Close Date"], format="%Y-%m-%d %H:%M").dt.normalize()
    person = df["Deal owner"].map(names)
    won, lost = df["Deal Stage"] == "Closed Won", df["Deal Stage"] == "Closed Lost"
    cents = (df["Amount"].fillna(0) * 100).round().astype("int64")
    t2 = time.perf_counter()
    parts = [
        pd.DataFrame({"person": person, "day": created, "opportunities": 1}),
        pd.DataFrame({"person": person[won], "day": closed[won], "deals": 1,
                      "revenue_cents": cents[won],
                      "cycle_days_sum": (closed[won] - created[won]).dt.days}),
        pd.DataFrame({"person": person[lost], "day": closed[lost], "deals_lost": 1}),
    ]
    measures = pd.concat(parts).fillna({"opportunities": 0, "deals": 0, "revenue_cents": 0,
                                        "deals_lost": 0, "cycle_days_sum": 0})
    out = measures.groupby(["person", "day"], dropna=False).agg(
        opportunities=("opportunities", "sum"), deals=("deals", "sum"),
        revenue_cents=("revenue_cents", "sum"), deals_lost=("deals_lost", "sum"),
        cycle_days_sum=("cycle_days_sum", "sum")).astype("int64")
    t3 = time.perf_counter()
    return out, {"rows": len(df), "groups": len(out), "read_s": t1 - t0, "transform_s": t2 - t1,
                 "groupby_s": t3 - t2, "total_s": t3 - t0}


def save(frame, path):
    frame = frame.reset_index()
    frame["person"] = frame["person"].fillna("")
    frame["day"] = frame["day"].dt.strftime("%Y-%m-%d")
    frame.to_csv(path, index=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in ("--calls", "--deals", "--people", "--out-calls", "--out-deals"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    with open(args.people, encoding="utf-8") as file:
        people = json.load(file)
    call_sums, call_times = calls(args.calls, {k.lower(): v for k, v in people["emails"].items()})
    deal_sums, deal_times = deals(args.deals, people["names"])
    finished = time.perf_counter()
    save(call_sums, args.out_calls)
    save(deal_sums, args.out_deals)
    print(json.dumps({"pandas": pd.__version__, "import_s": IMPORTED - STARTED,
                      "calls": call_times, "deals": deal_times, "total_s": finished - STARTED}))


if __name__ == "__main__":
    main()
