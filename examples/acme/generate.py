#!/usr/bin/env python3
"""Generate the `acme` example book for pulsebook.

Acme Channel Sp. z o.o. is a fictional Polish IT distributor: it sells hardware,
software licences and cloud subscriptions through resellers. Two partner-channel
sales teams and one inside-sales contact centre report to a sales director.

This script writes every data file of the book into its own folder:

    pulsebook.yaml              book settings
    team.yaml                   teams, people, targets
    kpis.yaml                   one custom KPI (revenue per CRM interaction)
    metrics/crm-export.csv      daily CRM export: `,` delimiter, `.` decimals, LF
    metrics/contact-center.csv  daily telephony export as saved by Polish Excel:
                                UTF-8 BOM, `;` delimiter, decimal comma, CRLF,
                                quoted header

Standard library only, fixed seeds: every run writes byte-identical files.
Run it with `python3 examples/acme/generate.py`.
"""

import math
import os
import random
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261031
FIRST_DAY = date(2025, 5, 1)
LAST_DAY = date(2026, 10, 31)
DOMAIN = "acme-channel.example"

# Polish public holidays (Dz.U. 1951 nr 4 poz. 28, with 24 December added from 2025)
# for the years the data covers. Those falling on a weekend are listed anyway.
HOLIDAYS = {
    date(2025, 1, 1), date(2025, 1, 6), date(2025, 4, 20), date(2025, 4, 21),
    date(2025, 5, 1), date(2025, 5, 3), date(2025, 6, 8), date(2025, 6, 19),
    date(2025, 8, 15), date(2025, 11, 1), date(2025, 11, 11), date(2025, 12, 24),
    date(2025, 12, 25), date(2025, 12, 26),
    date(2026, 1, 1), date(2026, 1, 6), date(2026, 4, 5), date(2026, 4, 6),
    date(2026, 5, 1), date(2026, 5, 3), date(2026, 5, 24), date(2026, 6, 4),
    date(2026, 8, 15), date(2026, 11, 1), date(2026, 11, 11), date(2026, 12, 24),
    date(2026, 12, 25), date(2026, 12, 26),
}

# Demand by calendar month: summer dip, year-end push (budgets, vendor rebates),
# a quarter-end bump in March and June.
SEASON = {1: 0.86, 2: 0.93, 3: 1.06, 4: 0.97, 5: 0.98, 6: 1.05,
          7: 0.84, 8: 0.78, 9: 1.02, 10: 1.06, 11: 1.12, 12: 1.22}

# A CRM activity-sync outage: interactions for that day never reached the export.
CRM_SYNC_OUTAGE = {date(2026, 3, 17)}

TRANSLIT = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def slug(name):
    return "-".join(name.translate(TRANSLIT).lower().replace("'", "").split())


def email(name):
    return ".".join(name.translate(TRANSLIT).lower().replace("'", "").split()) + "@" + DOMAIN


# --- people -------------------------------------------------------------------------

TEAMS = [
    ("kanal-polnoc", "Kanał Północ", "Łukasz Wójcik"),
    ("kanal-poludnie", "Kanał Południe", "Katarzyna Ślęzak"),
    ("contact-center", "Contact Center", "Żaneta Dąbrowska"),
]
DIRECTOR = "Małgorzata Kołodziej"

# People without a team: the director, the three team managers (as in the contract's
# example, a manager leads a team without being one of its quota-carrying members),
# the shared presales pool and sales operations.
STAFF = [
    # name, role, manager, extra keys
    (DIRECTOR, "director", None, {}),
    ("Łukasz Wójcik", "manager", DIRECTOR, {"start": "2014-02-03"}),
    ("Katarzyna Ślęzak", "manager", DIRECTOR, {}),
    ("Żaneta Dąbrowska", "manager", DIRECTOR, {}),
    ("Tomasz Jabłoński", "presales", DIRECTOR, {}),
    ("Oliver Grant", "presales", DIRECTOR, {"locale": "en"}),
    ("Agnieszka Bączek", "support", DIRECTOR, {}),
]

# Channel reps. Monthly base rates for a full month of ~21 working days:
# leads, share of leads that become opportunities, win rate, average deal (PLN),
# cycle days, CRM interactions a day, NPS promoter / detractor shares,
# and a trend (multiplier at the first and at the last day of the data).
CHANNEL = [
    # team, name, extra, leads, opp, win, deal, cycle, inter, prom, det, trend
    ("kanal-polnoc", "Paweł Zieliński", {"start": "2016-09-01"},
     62, 0.66, 0.50, 30000, 28, 11.5, 0.62, 0.08, (1.0, 1.0)),
    ("kanal-polnoc", "Joanna Szymańska", {}, 58, 0.62, 0.43, 30000, 33, 10.5, 0.52, 0.12, (1.0, 1.0)),
    ("kanal-polnoc", "Michał Woźniak", {}, 60, 0.63, 0.43, 28500, 34, 10.0, 0.50, 0.14, (1.2, 0.7)),
    ("kanal-polnoc", "Ewa Krawczyk", {}, 56, 0.64, 0.44, 29500, 31, 12.0, 0.64, 0.07, (1.0, 1.0)),
    ("kanal-polnoc", "Grzegorz Kamiński", {}, 58, 0.58, 0.34, 26000, 41, 8.5, 0.40, 0.22, (1.0, 1.0)),
    ("kanal-polnoc", "Anna Lewandowska", {}, 57, 0.62, 0.41, 27500, 35, 13.5, 0.50, 0.13, (1.0, 1.0)),
    ("kanal-polnoc", "Daniel Becker", {"locale": "en", "start": "2023-06-01"},
     50, 0.64, 0.45, 34000, 38, 9.5, 0.55, 0.10, (1.0, 1.0)),
    ("kanal-poludnie", "Marta Grabowska", {}, 60, 0.66, 0.48, 27000, 27, 11.0, 0.60, 0.08, (1.0, 1.0)),
    ("kanal-poludnie", "Krzysztof Mazur", {}, 55, 0.60, 0.41, 25500, 36, 10.0, 0.46, 0.15, (0.6, 1.3)),
    ("kanal-poludnie", "Piotr Kaczmarek", {}, 56, 0.63, 0.42, 27000, 32, 5.0, 0.50, 0.12, (1.0, 1.0)),
    ("kanal-poludnie", "Beata Górecka", {}, 58, 0.62, 0.28, 28000, 52, 10.5, 0.42, 0.20, (1.0, 1.0)),
    ("kanal-poludnie", "Jakub Nowicki", {}, 54, 0.63, 0.44, 26000, 33, 10.0, 0.52, 0.11, (1.0, 1.0)),
    ("kanal-poludnie", "Natalia Jóźwiak", {"start": "2026-02-02"},
     55, 0.60, 0.38, 24000, 40, 11.0, 0.48, 0.12, (1.0, 1.0)),
]

# Contact-centre agents (inside sales). AHT (s), occupancy, CSAT mean (1-5), each as
# (first day, last day); leads a day, opportunity share, win rate, average deal (PLN).
CONTACT = [
    # name, extra, aht, occupancy, csat, leads, opp, win, deal
    ("Sebastian Wróbel", {}, (276, 272), (0.86, 0.87), (4.72, 4.74), 11.0, 0.42, 0.40, 2700),
    ("Dorota Michalska", {}, (301, 298), (0.82, 0.82), (4.56, 4.58), 10.0, 0.40, 0.36, 2500),
    ("Kamil Żak", {}, (364, 368), (0.76, 0.75), (3.96, 3.94), 8.0, 0.36, 0.30, 2300),
    ("Aleksandra Pawłowska", {}, (309, 306), (0.84, 0.84), (4.50, 4.52), 10.0, 0.40, 0.35, 2600),
    ("Bartosz Chmielewski", {"start": "2025-04-14"}, (382, 294), (0.73, 0.84), (4.18, 4.56),
     8.5, 0.38, 0.34, 2400),
    ("Weronika Król", {}, (288, 322), (0.86, 0.78), (4.70, 4.28), 10.5, 0.41, 0.37, 2600),
]

# Targets: `default` for everyone, then per team, then per person.
TARGETS_DEFAULT = [
    ("revenue", 350000), ("deals", 15), ("leads", 55), ("conversion", 0.25),
    ("win_rate", 0.40), ("avg_deal", 25000), ("cycle_days", 35), ("crm_interactions", 200),
    ("revenue_per_interaction", 1750), ("nps", 40),
    ("aht", 330), ("asa", 30), ("abandonment", 0.08), ("occupancy", 0.75), ("csat", 4.3),
]
TARGETS_TEAMS = [
    ("kanal-polnoc", [("revenue", 420000), ("deals", 16)]),
    ("kanal-poludnie", [("revenue", 380000)]),
    ("contact-center", [
        ("revenue", 65000), ("deals", 27), ("leads", 200), ("conversion", 0.14),
        ("win_rate", 0.35), ("avg_deal", 2500), ("cycle_days", 7), ("crm_interactions", 600),
        ("revenue_per_interaction", 110),
        ("aht", 300), ("asa", 20), ("abandonment", 0.05), ("occupancy", 0.80), ("csat", 4.5),
    ]),
]
TARGETS_PEOPLE = [
    ("Paweł Zieliński", [("revenue", 550000), ("deals", 20)]),
    ("Natalia Jóźwiak", [("revenue", 250000), ("deals", 11)]),
]


# --- calendar -----------------------------------------------------------------------

def days():
    d = FIRST_DAY
    while d <= LAST_DAY:
        yield d
        d += timedelta(days=1)


WORKDAYS = [d for d in days() if d.weekday() < 5 and d not in HOLIDAYS]
SPAN = (LAST_DAY - FIRST_DAY).days


def progress(d):
    """0.0 on the first day of data, 1.0 on the last."""
    return (d - FIRST_DAY).days / SPAN


def lerp(pair, d):
    a, b = pair
    return a + (b - a) * progress(d)


def absences(rng, start):
    """Working days a person is away: summer leave, Christmas, odd days, sick leave."""
    away = set()
    worked = [d for d in WORKDAYS if d >= start]
    for year in (2025, 2026):
        summer = [d for d in worked if d.year == year and (d.month == 7 or (d.month == 8 and d.day <= 14))]
        if summer:
            i = rng.randrange(len(summer))
            away.update(summer[i:i + 10])
        xmas = [d for d in worked if d.year == year and d.month == 12 and d.day >= 27]
        if xmas and rng.random() < 0.65:
            away.update(xmas)
    for _ in range(int(len(worked) / 250 * 8)):  # single days of leave
        away.add(worked[rng.randrange(len(worked))])
    for _ in range(rng.randrange(1, 4)):  # sick leave, 1-4 days
        i = rng.randrange(len(worked))
        away.update(worked[i:i + rng.randrange(1, 5)])
    return away


# --- random helpers -----------------------------------------------------------------

def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.normalvariate(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def binomial(rng, n, p):
    return sum(1 for _ in range(n) if rng.random() < p)


def noise(rng, sigma):
    """A multiplicative day-to-day factor with mean 1."""
    return rng.lognormvariate(-sigma * sigma / 2, sigma)


def lognormal(rng, mean, sigma):
    return rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)


def score_weights(mean):
    """Weights of scores 1..5 ~ exp(b * k), with b chosen so the mean is `mean`."""
    lo, hi = -5.0, 5.0
    for _ in range(60):
        b = (lo + hi) / 2
        w = [math.exp(b * k) for k in range(1, 6)]
        m = sum(k * x for k, x in zip(range(1, 6), w)) / sum(w)
        lo, hi = (b, hi) if m < mean else (lo, b)
    return w


def ramp(start, d):
    """A new hire's productivity: 35 % in the first month, full after six."""
    months = (d - start).days / 30.4
    return min(1.0, 0.35 + 0.65 * months / 6)


# --- metrics ------------------------------------------------------------------------

class Funnel:
    """Daily counts of leads, opportunities and deals for one person.

    Each stage accumulates its expected daily count and emits whole units with a
    random jitter, so days are lumpy but a month stays close to the person's rates
    (independent draws would make monthly figures swing far more than a real pipeline
    does). A day never shows more deals than opportunities or more opportunities than
    leads: a shortfall is borrowed from the stage's future.
    """

    def __init__(self, rng):
        self.rng = rng
        self.acc = {stage: rng.random() for stage in ("leads", "opportunities", "deals")}

    def emit(self, stage, expected, floor=0):
        self.acc[stage] += expected
        n = max(0, math.floor(self.acc[stage] + self.rng.uniform(-0.5, 0.5)))
        n = max(n, floor)
        self.acc[stage] -= n
        return n

    def day(self, leads_expected, opp, win):
        deals = self.emit("deals", leads_expected * opp * win * noise(self.rng, 0.3))
        opportunities = self.emit("opportunities", leads_expected * opp * noise(self.rng, 0.3), deals)
        leads = self.emit("leads", leads_expected * noise(self.rng, 0.2), opportunities)
        return leads, opportunities, deals


def crm_row(rng, funnel, d, leads_lam, opp, win, deal, cycle, inter, nps=None):
    """One day of CRM figures; returns a dict of column -> text."""
    q4 = 1.08 if d.month in (11, 12) else 1.0
    leads, opportunities, deals = funnel.day(leads_lam, opp, min(0.95, win * q4))
    revenue = sum(lognormal(rng, deal * (1.05 if d.month == 12 else 1.0), 0.35) for _ in range(deals))
    cycle_sum = sum(max(1, round(rng.gammavariate(3.0, cycle / 3.0))) for _ in range(deals))
    new_customers = binomial(rng, deals, 0.15)
    row = {
        "leads": str(leads), "opportunities": str(opportunities), "deals": str(deals),
        "revenue": f"{revenue:.2f}", "cycle_days_sum": str(cycle_sum),
        "crm_interactions": "" if d in CRM_SYNC_OUTAGE else str(poisson(rng, inter * noise(rng, 0.2))),
        "new_customers": str(new_customers),
        "nps_promoters": "", "nps_detractors": "", "nps_responses": "",
    }
    if nps is not None:
        prom, det = nps
        responses = poisson(rng, 0.7)
        if responses:  # no survey answers that day: the cells stay empty
            draws = [rng.random() for _ in range(responses)]
            row["nps_responses"] = str(responses)
            row["nps_promoters"] = str(sum(1 for x in draws if x < prom))
            row["nps_detractors"] = str(sum(1 for x in draws if x >= 1 - det))
    return row


def queue_load(staffed):
    """Contact-centre queue pressure per working day, shared by all agents: call demand
    (weekday, season, month end) over the share of agents at work that day."""
    rng = random.Random(f"{SEED}:queue")
    load = {}
    for d in WORKDAYS:
        f = {0: 1.12, 1: 1.03, 2: 1.0, 3: 0.97, 4: 0.9}[d.weekday()]
        f *= SEASON[d.month] ** 0.6
        nxt = d + timedelta(days=1)
        if nxt.month != d.month or (nxt + timedelta(days=2)).month != d.month:
            f *= 1.08  # month-end orders
        f /= max(0.6, staffed[d]) ** 0.5
        load[d] = f * noise(rng, 0.08) * 0.95
    return load


def excel_pl(x, decimals):
    """A number as Polish Excel writes it in a CSV: decimal comma, no trailing zeros."""
    text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def generate_metrics():
    crm, calls = [], []
    for team, name, extra, leads, opp, win, deal, cycle, inter, prom, det, trend in CHANNEL:
        pid = slug(name)
        rng = random.Random(f"{SEED}:{pid}")
        start = date.fromisoformat(extra.get("start", "2000-01-01"))
        away = absences(rng, max(start, FIRST_DAY))
        funnel = Funnel(rng)
        for d in WORKDAYS:
            if d < start or d in away:
                continue
            # A trend moves both pipeline volume and skill (win rate), so an improving
            # or declining rep shows it in conversion too, not only in revenue.
            skill = lerp(trend, d)
            level = skill ** 0.4 * SEASON[d.month] * noise(rng, 0.15)
            if start > FIRST_DAY:
                level *= ramp(start, d)
            row = crm_row(rng, funnel, d, leads / 21 * level, opp, win * skill ** 0.6, deal, cycle,
                          inter, (prom, det))
            crm.append((d.isoformat(), pid, row))

    agents = []
    for name, extra, *params in CONTACT:
        pid = slug(name)
        rng = random.Random(f"{SEED}:{pid}")
        start = date.fromisoformat(extra.get("start", "2000-01-01"))
        agents.append((pid, rng, start, absences(rng, max(start, FIRST_DAY)), params))
    staffed = {d: sum(1 for _, _, s, away, _ in agents if s <= d and d not in away) / len(agents)
               for d in WORKDAYS}
    load = queue_load(staffed)
    for pid, rng, start, away, (aht, occ, csat, leads, opp, win, deal) in agents:
        funnel = Funnel(rng)
        for d in WORKDAYS:
            if d < start or d in away:
                continue
            q = load[d]
            available = 27000 - (3600 if d.day <= 7 and d.weekday() == 2 else 0)  # monthly training
            # a few half days (doctor, training); never more than the 8-hour shift
            available = available * (0.5 if rng.random() < 0.03 else 1.0) * noise(rng, 0.03)
            available = min(28500, round(available))
            occupancy = min(0.95, lerp(occ, d) * (0.9 + 0.1 * q) * noise(rng, 0.03))
            busy = round(available * occupancy)
            handle = busy * rng.uniform(0.93, 0.985)
            aht_day = lerp(aht, d) * noise(rng, 0.07)
            n_calls = max(1, round(handle / aht_day))
            asa = 18.0 * q ** 2.2 * noise(rng, 0.12)
            answer = n_calls * asa
            ab_rate = min(0.25, 0.044 * (asa / 18.0) ** 1.3)
            abandoned = poisson(rng, n_calls * ab_rate / (1 - ab_rate))
            responses = binomial(rng, n_calls, 0.075)
            weights = score_weights(lerp(csat, d))
            scores = rng.choices(range(1, 6), weights=weights, k=responses)
            calls.append((d.isoformat(), pid, {
                "calls": str(n_calls),
                "handle_seconds": excel_pl(handle, 1),
                "answer_seconds": excel_pl(answer, 1),
                "abandoned": str(abandoned),
                "available_seconds": str(available),
                "busy_seconds": str(busy),
                "csat_responses": str(responses) if responses else "",
                "csat_sum": str(sum(scores)) if responses else "",
            }))
            # Inside sales, logged in the CRM: leads come from the calls.
            level = q * noise(rng, 0.25) * SEASON[d.month] ** 0.5
            row = crm_row(rng, funnel, d, leads * level, opp, win, deal, 5, n_calls * 0.5)
            crm.append((d.isoformat(), pid, row))
    crm.sort(key=lambda r: (r[0], r[1]))
    calls.sort(key=lambda r: (r[0], r[1]))
    return crm, calls


CRM_COLUMNS = ["leads", "opportunities", "deals", "revenue", "cycle_days_sum", "crm_interactions",
               "new_customers", "nps_promoters", "nps_detractors", "nps_responses"]
CALL_COLUMNS = ["calls", "handle_seconds", "answer_seconds", "abandoned", "available_seconds",
                "busy_seconds", "csat_responses", "csat_sum"]


def write_crm(path, rows):
    lines = [",".join(["date", "rep"] + CRM_COLUMNS)]
    lines += [",".join([d, rep] + [row[c] for c in CRM_COLUMNS]) for d, rep, row in rows]
    write(path, ("\n".join(lines) + "\n").encode("utf-8"))


def write_contact_center(path, rows):
    lines = [";".join(f'"{c}"' for c in ["date", "rep"] + CALL_COLUMNS)]
    lines += [";".join([d, rep] + [row[c] for c in CALL_COLUMNS]) for d, rep, row in rows]
    write(path, b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))


# --- YAML ---------------------------------------------------------------------------

def number(v):
    return str(v)


def team_yaml():
    out = [
        "# Acme Channel Sp. z o.o. — teams, people and monthly targets.",
        "# Generated by generate.py; edit the script, not this file.",
        "",
        "teams:",
    ]
    for tid, tname, manager in TEAMS:
        out += [f"  - id: {tid}", f"    name: {tname}", f"    manager: {slug(manager)}"]
    out += ["", "people:", "  # Sales leadership, the shared presales pool and sales operations: no team."]

    def person(name, role, team=None, manager=None, extra=None):
        lines = [f"  - id: {slug(name)}", f"    name: {name}", f"    email: {email(name)}",
                 f"    role: {role}"]
        if team:
            lines.append(f"    team: {team}")
        if manager:
            lines.append(f"    manager: {slug(manager)}")
        for key in ("start", "locale"):
            if extra and key in extra:
                lines.append(f"    {key}: {extra[key]}")
        return lines

    for name, role, manager, extra in STAFF:
        out += person(name, role, manager=manager, extra=extra)
    for tid, tname, _ in TEAMS:
        out.append(f"  # {tname} (manager: the team's manager)")
        if tid == "contact-center":
            for name, extra, *_ in CONTACT:
                out += person(name, "rep", team=tid, extra=extra)
        else:
            for team, name, extra, *_ in CHANNEL:
                if team == tid:
                    out += person(name, "rep", team=tid, extra=extra)

    def mapping(pairs):
        return "{ " + ", ".join(f"{k}: {number(v)}" for k, v in pairs) + " }"

    out += ["", "# Monthly targets per person: people, then teams, then default.", "targets:",
            "  default:"]
    out += [f"    {k}: {number(v)}" for k, v in TARGETS_DEFAULT]
    out.append("  teams:")
    for tid, pairs in TARGETS_TEAMS:
        if len(pairs) <= 2:
            out.append(f"    {tid}: {mapping(pairs)}")
        else:
            out.append(f"    {tid}:")
            out += [f"      {k}: {number(v)}" for k, v in pairs]
    out.append("  people:")
    for name, pairs in TARGETS_PEOPLE:
        out.append(f"    {slug(name)}: {mapping(pairs)}")
    return "\n".join(out) + "\n"


PULSEBOOK_YAML = """\
# Book settings for the Acme Channel example. Generated by generate.py.
title: "Acme Channel — Podręcznik sprzedaży"
organisation: "Acme Channel Sp. z o.o."
locale: pl
currency: PLN
period: month
history: 12
outputs: [html, pdf]
privacy:
  leaderboard: true
  publish_scorecards: true
"""

KPIS_YAML = """\
# KPIs added to the built-in catalogue. Generated by generate.py.
kpis:
  - id: revenue_per_interaction
    label:
      en: "Revenue per CRM interaction"
      pl: "Przychód na interakcję w CRM"
      nb: "Omsetning per CRM-aktivitet"
    formula: revenue / crm_interactions
    format: currency
    better: higher
    amber: 0.85
"""


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    write(os.path.join(HERE, "pulsebook.yaml"), PULSEBOOK_YAML.encode("utf-8"))
    write(os.path.join(HERE, "kpis.yaml"), KPIS_YAML.encode("utf-8"))
    write(os.path.join(HERE, "team.yaml"), team_yaml().encode("utf-8"))
    crm, calls = generate_metrics()
    write_crm(os.path.join(HERE, "metrics", "crm-export.csv"), crm)
    write_contact_center(os.path.join(HERE, "metrics", "contact-center.csv"), calls)
    print(f"wrote {len(crm)} CRM rows and {len(calls)} contact-centre rows to {HERE}")


if __name__ == "__main__":
    main()
