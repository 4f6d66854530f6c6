"""The raw-exports book of the benchmark: a Five9 call log and a HubSpot deals export
for a book of a few hundred people, with the totals they must give.

`make(folder, people, calls, deals, seed)` writes, once per set of parameters (a second
call finds `done.json` and returns at once):

    team.yaml, pulsebook.yaml, kpis.yaml    the book: teams of 20 (a manager, 19 agents),
                                            every person with an e-mail, time zone
                                            America/New_York, no sources.yaml
    five9-call-log.csv                      the Five9 Call Log report, exactly `calls` rows
    hubspot-deals.csv                       the HubSpot deals export, exactly `deals` rows
    expected-calls.csv                      person,day,dials,calls,handle_seconds,
                                            answer_seconds,abandoned (person empty: rows
                                            without a person)
    expected-deals.csv                      person,day,opportunities,deals,revenue_cents,
                                            deals_lost,cycle_days_sum
    people.json                             {"emails": {e-mail: id}, "names": {name: id}}
    calls-book/, all-book/                  two books sharing those files (hard links):
                                            the call log alone, and both exports

The expected totals are summed while the rows are drawn, not read back. The columns,
formats and measure definitions are those of examples/inside-sales (see its README).
Rows are drawn from a few thousand precomputed call outcomes and written a day at a
time, so 5 million calls (about 1.4 GB) take well under a minute. Standard library only.
"""

import json
import os
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

VERSION = 1  # bump when the files change, so cached copies are made anew
FIRST_DAY = date(2025, 1, 2)
DOMAIN = "bench.example"
FIRST_NAMES = ["Ava", "Ben", "Chloe", "Diego", "Emily", "Farah", "Grace", "Hannah", "Ivan",
               "Jamal", "Kara", "Liam", "Maya", "Noah", "Olivia", "Priya", "Quinn", "Rosa",
               "Sam", "Tyler", "Uma", "Victor", "Wendy", "Xavier", "Yara", "Zoe"]
LAST_NAMES = ["Adams", "Baker", "Carter", "Diaz", "Evans", "Foster", "Garcia", "Hughes",
              "Ito", "Jensen", "Kim", "Lopez", "Martin", "Nguyen", "Okafor", "Patel", "Quinn",
              "Rossi", "Singh", "Turner", "Usman", "Vega", "Weiss", "Young"]
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FIVE9_COLUMNS = ["CALL ID", "TIMESTAMP", "CAMPAIGN", "CALL TYPE", "AGENT", "AGENT NAME",
                 "DISPOSITION", "ANI", "DNIS", "CALL TIME", "IVR TIME", "QUEUE WAIT TIME",
                 "RING TIME", "TALK TIME", "HOLD TIME", "PARK TIME", "AFTER CALL WORK TIME",
                 "TRANSFERS", "CONFERENCES", "HOLDS", "ABANDONED"]
HUBSPOT_COLUMNS = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount",
                   "Create Date", "Pipeline", "Deal Type", "Associated Company"]
HUBSPOT_OPEN = ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled",
                "Decision Maker Bought-In", "Contract Sent"]
HMS = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(24 * 3600)]
CLOCK = HMS  # a time of day is written like a duration: 08:31:59


def slug(name):
    return "-".join(name.lower().split())


def team_of_people(count):
    """[(id, name, email, team or None, role)] in teams of 20: a manager and 19 agents."""
    names = [f"{f} {l}" for l in LAST_NAMES for f in FIRST_NAMES]
    rng = random.Random("pulsebook-bench-people")
    rng.shuffle(names)
    people = []
    for i, name in enumerate(names[:count]):
        team = f"team-{i // 20 + 1:02d}"
        role = "manager" if i % 20 == 0 else "rep"
        people.append((slug(name), name, ".".join(name.lower().split()) + "@" + DOMAIN, team, role))
    return people


def working_days():
    d = FIRST_DAY
    while True:
        if d.weekday() < 5:
            yield d
        d += timedelta(days=1)


# --- the call log ---------------------------------------------------------------------------

def outcomes(rng, count):
    """Precomputed call outcomes: (kind, text of CAMPAIGN … ABANDONED without agent and
    numbers, and the measures: talked, handle, answer (inbound answered), abandoned).
    kind is "out" (an agent's outbound call), "in" (inbound to an agent) or "none"
    (abandoned in the queue or the IVR: no person)."""
    out = []
    for i in range(count):
        kind = "none" if i % 50 == 0 else "in" if i % 4 == 1 else "out"
        ivr = queue = ring = talk = hold = acw = holds = abandoned = 0
        if kind == "out":
            campaign, call_type = "Outbound Sales", "Manual" if rng.random() < 0.7 else "Outbound"
            r = rng.random()
            if r < 0.42:
                disposition, ring, acw = "No Answer", rng.randrange(14, 36), rng.randrange(2, 9)
            else:
                disposition = "Left Voicemail" if r < 0.62 else "Follow-up Scheduled"
                talk = rng.randrange(12, 60) if r < 0.62 else int(rng.lognormvariate(5.3, 0.7)) + 20
                ring, acw = rng.randrange(4, 22), rng.randrange(5, 120)
                if talk > 120 and rng.random() < 0.2:
                    hold, holds = rng.randrange(10, 150), 1
        elif kind == "in":
            campaign, call_type = "Inbound Sales", "Inbound"
            ivr, queue = rng.randrange(8, 26), int(rng.lognormvariate(2.9, 0.7)) + 2
            ring = rng.randrange(2, 10)
            if rng.random() < 0.03:
                disposition, abandoned = "Abandon", 1
            else:
                disposition, talk = "Interested", int(rng.lognormvariate(5.9, 0.6)) + 40
                acw = rng.randrange(5, 240)
                if rng.random() < 0.25:
                    hold, holds = rng.randrange(15, 200), 1
        else:
            campaign, call_type, disposition, abandoned = "Inbound Sales", "Inbound", "Abandon", 1
            ivr, queue = rng.randrange(3, 26), int(rng.lognormvariate(3.8, 0.8)) + 5
        talk = min(talk, 5 * 3600)
        text = (f'"{campaign}","{call_type}"', f'"{disposition}"',
                f'"{HMS[ivr + queue + ring + talk + hold]}","{HMS[ivr]}","{HMS[queue]}",'
                f'"{HMS[ring]}","{HMS[talk]}","{HMS[hold]}","00:00:00","{HMS[acw]}",'
                f'"0","0","{holds}","{abandoned}"')
        talked = talk > 0
        out.append((kind, text, talked, talk + hold + acw if talked else 0,
                    queue if talked and kind == "in" else 0, abandoned))
    return out


def write_calls(folder, agents, total, rng):
    """Writes five9-call-log.csv and expected-calls.csv; returns (rows, last day)."""
    table = outcomes(rng, 4096)
    by_kind = {k: [o for o in table if o[0] == k] for k in ("out", "in", "none")}
    phones = [f"{rng.choice(['212', '312', '617', '415', '713'])}555{n:04d}" for n in range(2000)]
    day_seconds = list(range(8 * 3600, 18 * 3600 + 1800))
    written, call_id, last = 0, 300_000_000_000_000_000, None
    expected = {}
    with open(folder / "five9-call-log.csv", "w", encoding="utf-8", newline="") as out:
        out.write(",".join(f'"{c}"' for c in FIVE9_COLUMNS) + "\r\n")
        for d in working_days():
            if written >= total:
                break
            last = d
            prefix = f'{DAY_NAMES[d.weekday()]}, {d.day:02d} {MONTH_NAMES[d.month - 1]} {d.year} '
            rows = []
            for agent in agents:
                if rng.random() < 0.08:
                    continue  # away today
                n = rng.randint(45, 75)
                picks = (rng.choices(by_kind["out"], k=n * 3 // 4)
                         + rng.choices(by_kind["in"], k=n - n * 3 // 4))
                rows += zip(rng.choices(day_seconds, k=n), [agent] * n, picks)
            nones = rng.choices(by_kind["none"], k=len(rows) // 50)
            rows += zip(rng.choices(day_seconds, k=len(nones)), [None] * len(nones), nones)
            rows.sort(key=lambda r: r[0])
            rows = rows[:total - written]
            lines = []
            sums = {}
            for seconds, agent, (kind, text, talked, handle, answer, abandoned) in rows:
                call_id += 7 + (seconds & 63)
                phone = phones[(call_id >> 3) % 2000]
                if agent:
                    ani, dnis = (phone, "8005550142") if kind == "in" else ("6175550100", phone)
                    who, user, name = agent
                else:
                    ani, dnis, who, user, name = phone, "8005550142", "", "[None]", ""
                lines.append(f'"{call_id}","{prefix}{CLOCK[seconds]}",{text[0]},"{user}","{name}",'
                             f'{text[1]},"{ani}","{dnis}",{text[2]}\r\n')
                acc = sums.get(who)
                if acc is None:
                    acc = sums[who] = [0, 0, 0, 0, 0]
                acc[0] += 1 if agent else 0
                acc[1] += talked
                acc[2] += handle
                acc[3] += answer
                acc[4] += abandoned
            out.write("".join(lines))
            for who, acc in sums.items():
                expected[(who, d)] = acc
            written += len(rows)
    write_totals(folder / "expected-calls.csv",
                 "person,day,dials,calls,handle_seconds,answer_seconds,abandoned", expected)
    return written, last


def write_totals(path, header, totals):
    """{(person, day): [values]} as CSV, by day and person."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(header + "\n")
        out.writelines(f"{who},{d.isoformat()},{','.join(map(str, acc))}\n"
                       for (who, d), acc in sorted(totals.items(),
                                                   key=lambda item: (item[0][1], item[0][0])))


# --- the deals export --------------------------------------------------------------------------

def write_deals(folder, owners, total, last_day, rng):
    """Writes hubspot-deals.csv and expected-deals.csv (by local day); returns rows."""
    days = []
    for d in working_days():
        if d > last_day:
            break
        days.append(d)
    expected = {}

    def add(who, d, i, value=1):
        acc = expected.get((who, d))
        if acc is None:
            acc = expected[(who, d)] = [0, 0, 0, 0, 0]
        acc[i] += value

    lines = [",".join(HUBSPOT_COLUMNS) + "\n"]
    record_id = 18_000_000_000
    for _ in range(total):
        record_id += rng.randrange(3, 200)
        created_day = rng.choice(days)
        owner = rng.choice(owners) if rng.random() > 0.01 else None
        who, shown = (owner[0], owner[1]) if owner else ("", "")
        created = f"{created_day.isoformat()} {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}"
        closed_day = created_day + timedelta(days=int(rng.gammavariate(2.0, 6.0)))
        cents = rng.randrange(1200, 12000) * 100 + rng.choice([0, 0, 50, 99])
        amount = (f"{cents // 100}" if cents % 100 == 0
                  else f"{cents // 100}.{cents % 100:02d}".rstrip("0"))
        add(who, created_day, 0)
        if closed_day > last_day:
            stage, close = rng.choice(HUBSPOT_OPEN), ""
            if rng.random() < 0.3:
                amount = ""
        elif rng.random() < 0.4:
            stage, close = "Closed Won", clock(closed_day, rng)
            add(who, closed_day, 1)
            add(who, closed_day, 2, cents)
            add(who, closed_day, 4, (closed_day - created_day).days)
        else:
            stage, close = "Closed Lost", clock(closed_day, rng)
            add(who, closed_day, 3)
        company = f"Company {rng.randrange(1, 50000)}"
        lines.append(f"{record_id},{company} - Growth annual,{stage},{close},{shown},{amount},"
                     f"{created},Sales Pipeline,New Business,{company}\n")
    with open(folder / "hubspot-deals.csv", "w", encoding="utf-8-sig", newline="") as out:
        out.writelines(lines)
    write_totals(folder / "expected-deals.csv",
                 "person,day,opportunities,deals,revenue_cents,deals_lost,cycle_days_sum", expected)
    return total


def clock(day, rng):
    """HubSpot's `2026-01-16 14:03` at a random time of a working afternoon."""
    return f"{day.isoformat()} {rng.randrange(8, 20):02d}:{rng.randrange(60):02d}"


# --- the book -------------------------------------------------------------------------------

KPIS_YAML = """\
kpis:
  - id: dials
    label: "Dials"
    formula: dials
    format: integer
    better: higher
  - id: calls
    label: "Conversations"
    formula: calls
    format: integer
    better: higher
  - id: connect_rate
    label: "Connect rate"
    formula: calls / dials
    format: percent
    better: higher
"""


def team_yaml(people):
    teams = sorted({p[3] for p in people})
    managers = {p[3]: p[0] for p in people if p[4] == "manager"}
    out = ["teams:"]
    for team in teams:
        out += [f"  - id: {team}", f"    name: Team {team[5:]}"]
        if team in managers:
            out.append(f"    manager: {managers[team]}")
    out.append("people:")
    for pid, name, email, team, role in people:
        out += [f"  - id: {pid}", f"    name: {name}", f"    email: {email}", f"    role: {role}"]
        if role != "manager":
            out.append(f"    team: {team}")
    return "\n".join(out) + "\n"


def pulsebook_yaml(title):
    return (f'title: "{title}"\norganisation: "Bench Raw Exports Inc."\nlocale: en\ncurrency: USD\n'
            "period: month\ntimezone: America/New_York\nhistory: 12\noutputs: [html]\n")


def link(source, target):
    """A hard link (the books share the big files), else a copy."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def make(folder, people, calls, deals, seed):
    """Writes (or finds) the files and books; returns their facts (done.json)."""
    folder = Path(folder) / f"raw-v{VERSION}-p{people}-c{calls}-d{deals}-s{seed}"
    done = folder / "done.json"
    if done.exists():
        return {**json.loads(done.read_text()), "folder": str(folder), "cached": True}
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    everyone = team_of_people(people)
    agents = [(pid, email, name) for pid, name, email, _, role in everyone if role == "rep"]
    calls_written, last_day = write_calls(folder, agents, calls, random.Random(f"{seed}:five9"))
    owners = [(pid, name) for pid, name, _, _, role in everyone if role == "rep"]
    write_deals(folder, owners, deals, last_day, random.Random(f"{seed}:hubspot"))
    (folder / "people.json").write_text(json.dumps({
        "emails": {email: pid for pid, _, email, _, _ in everyone},
        "names": {name: pid for pid, name, _, _, _ in everyone}}))
    for book, files in (("calls-book", ["five9-call-log.csv"]),
                        ("all-book", ["five9-call-log.csv", "hubspot-deals.csv"])):
        (folder / book / "metrics").mkdir(parents=True)
        (folder / book / "team.yaml").write_text(team_yaml(everyone), encoding="utf-8")
        (folder / book / "kpis.yaml").write_text(KPIS_YAML, encoding="utf-8")
        (folder / book / "pulsebook.yaml").write_text(pulsebook_yaml(f"Bench {book}"),
                                                      encoding="utf-8")
        for name in files:
            link(folder / name, folder / book / "metrics" / name)
    report = last_day.replace(day=1) - timedelta(days=1)  # the last full month, if any
    if report < FIRST_DAY:
        report = last_day
    facts = {"people": len(everyone), "agents": len(agents), "calls": calls_written,
             "deals": deals, "first_day": FIRST_DAY.isoformat(), "last_day": last_day.isoformat(),
             "report_period": f"{report:%Y-%m}",
             "calls_bytes": (folder / "five9-call-log.csv").stat().st_size,
             "deals_bytes": (folder / "hubspot-deals.csv").stat().st_size}
    done.write_text(json.dumps(facts, indent=2))
    return {**facts, "folder": str(folder), "cached": False}
