#!/usr/bin/env python3
"""Generate the `acme` example book for pulsebook.

Acme Channel Sp. z o.o. is a fictional Polish IT distributor: it sells hardware,
software licences and cloud subscriptions through resellers. Two partner-channel
sales teams and one inside-sales contact centre report to a sales director.

This script writes every data file of the book into its own folder:

    pulsebook.yaml              book settings
    team.yaml                   teams, people (start, end, days off), targets (by
                                period from the mid-year review, bands, ramp)
    targets/quotas.csv          Kanał Północ's revenue quotas per rep and period
    kpis.yaml                   one custom KPI (revenue per CRM interaction)
    metrics/crm-export.csv      daily CRM export: `,` delimiter, `.` decimals, LF
    metrics/contact-center.csv  daily telephony export as saved by Polish Excel:
                                UTF-8 BOM, `;` delimiter, decimal comma, CRLF,
                                quoted header
    metrics/lejek-2026-10-16.csv, metrics/lejek-2026-11-13.csv
                                the CRM's open deals (the pipeline) on two days four
                                weeks apart, as saved by Polish Excel
    sources.yaml                maps the open-deals export: a deals source without
                                measures (crm-export.csv has the deals and revenue)
    coaching/rhythm.yaml        the planned coaching rhythm
    coaching/<team>.yaml        each team's coaching log, May 2026 – 13 November 2026:
                                1:1s, coaching, call reviews, team meetings, training
    coaching/mentoring.yaml     two mentoring relationships, goals and meetings
    plan.yaml                   the sales plan for 2026 per team (revenue, deals) in
                                three scenarios, and the working-day calendar

The metrics run from May 2025 to Friday 13 November 2026: November is in progress.
The November rows (and the November coaching entries) are drawn from their own seeded
generators after everything up to October, so the 18 full months stay the same
whether or not the partial month is generated.

The targets the coaching log judges people against are worked out here as pulsebook
does (class Targets): the value in force per month, × share of active working days and
the ramp for additive KPIs, bands with their own status rule.

Standard library only, fixed seeds: every run writes byte-identical files.
Run it with `python3 examples/acme/generate.py`.
"""

import json
import math
import os
import random
import re
from collections import namedtuple
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261031
FIRST_DAY = date(2025, 5, 1)
LAST_DAY = date(2026, 10, 31)  # the last full month of data
# November 2026 is in progress: daily rows up to Friday 13 November.
PARTIAL_FIRST = date(2026, 11, 1)
PARTIAL_LAST = date(2026, 11, 13)
PARTIAL = f"{PARTIAL_FIRST:%Y-%m}"  # seeds the partial month's own generators
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

# Company days off (plan.yaml, calendar.holidays): the bridge before 11 November and
# New Year's Eve. Nobody works; the metrics have no rows on them.
COMPANY_DAYS_OFF = {date(2026, 11, 10), date(2026, 12, 31)}

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
    ("kanal-polnoc", "Joanna Szymańska",
     {"days_off": ["2026-07-23..2026-08-06", "2026-11-04", "2026-11-13"]},
     58, 0.62, 0.43, 30000, 33, 10.5, 0.52, 0.12, (1.0, 1.0)),
    ("kanal-polnoc", "Michał Woźniak", {}, 60, 0.63, 0.43, 28500, 34, 10.0, 0.50, 0.14, (1.2, 0.7)),
    ("kanal-polnoc", "Ewa Krawczyk", {}, 56, 0.64, 0.44, 29500, 31, 12.0, 0.64, 0.07, (1.0, 1.0)),
    ("kanal-polnoc", "Grzegorz Kamiński", {}, 58, 0.58, 0.34, 26000, 41, 8.5, 0.40, 0.22, (1.0, 1.0)),
    ("kanal-polnoc", "Anna Lewandowska", {}, 57, 0.62, 0.41, 27500, 35, 13.5, 0.50, 0.13, (1.0, 1.0)),
    ("kanal-polnoc", "Daniel Becker", {"locale": "en", "start": "2023-06-01"},
     50, 0.64, 0.45, 34000, 38, 9.5, 0.55, 0.10, (1.0, 1.0)),
    # Hired from a competitor in the middle of September: up to speed in three months,
    # but her pipeline starts empty (see NEW_PIPELINE).
    ("kanal-polnoc", "Zofia Pietrzak", {"start": "2026-09-14", "ramp_months": 3},
     56, 0.64, 0.44, 28000, 38, 10.5, 0.50, 0.12, (1.0, 1.0)),
    ("kanal-poludnie", "Marta Grabowska", {"days_off": ["2026-05-25", "2026-07-08..2026-07-21"]},
     60, 0.66, 0.48, 27000, 27, 11.0, 0.60, 0.08, (1.0, 1.0)),
    ("kanal-poludnie", "Krzysztof Mazur", {}, 55, 0.60, 0.41, 25500, 36, 10.0, 0.46, 0.15, (0.6, 1.3)),
    ("kanal-poludnie", "Piotr Kaczmarek", {}, 56, 0.63, 0.42, 27000, 32, 5.0, 0.50, 0.12, (1.0, 1.0)),
    # Leaves the company on Friday 16 October 2026 (her last day).
    ("kanal-poludnie", "Beata Górecka", {"end": "2026-10-16"},
     58, 0.62, 0.28, 28000, 52, 10.5, 0.42, 0.20, (1.0, 1.0)),
    ("kanal-poludnie", "Jakub Nowicki", {}, 54, 0.63, 0.44, 26000, 33, 10.0, 0.52, 0.11, (1.0, 1.0)),
    ("kanal-poludnie", "Natalia Jóźwiak", {"start": "2026-02-02"},
     55, 0.60, 0.38, 24000, 40, 11.0, 0.48, 0.12, (1.0, 1.0)),
]

# Contact-centre agents (inside sales). AHT (s), occupancy, CSAT mean (1-5), each as
# (first day, last day); leads a day, opportunity share, win rate, average deal (PLN).
CONTACT = [
    # name, extra, aht, occupancy, csat, leads, opp, win, deal
    ("Sebastian Wróbel", {}, (276, 272), (0.86, 0.87), (4.72, 4.74), 11.0, 0.42, 0.40, 2700),
    ("Dorota Michalska", {"days_off": ["2026-07-31..2026-08-13", "2026-11-03"]},
     (301, 298), (0.82, 0.82), (4.56, 4.58), 10.0, 0.40, 0.36, 2500),
    ("Kamil Żak", {}, (364, 368), (0.76, 0.75), (3.96, 3.94), 8.0, 0.36, 0.30, 2300),
    ("Aleksandra Pawłowska", {}, (309, 306), (0.84, 0.84), (4.50, 4.52), 10.0, 0.40, 0.35, 2600),
    ("Bartosz Chmielewski", {"start": "2025-04-14"}, (382, 294), (0.73, 0.84), (4.18, 4.56),
     8.5, 0.38, 0.34, 2400),
    ("Weronika Król", {}, (288, 322), (0.86, 0.78), (4.70, 4.28), 10.5, 0.41, 0.37, 2600),
]

# Targets: `default` for everyone, then per team, then per person. A value is a number
# (every month), a Band (a target with two sides), or a dict from the month it holds
# from to a number or a Band: an effective-dated target. In July 2026 the mid-year
# review raised revenue and deal quotas and gave the contact centre bands: occupancy
# between 75 % and 85 % (above it agents burn out) and a handle time between 4:30 and
# 5:30 (below it calls are rushed) instead of a 5-minute ceiling.
Band = namedtuple("Band", "min max")
MID_YEAR = "2026-07"  # the month the mid-year review's targets hold from

TARGETS_DEFAULT = [
    ("revenue", 350000), ("deals", {"2025-01": 15, MID_YEAR: 16}), ("leads", 55),
    ("conversion", 0.25), ("win_rate", 0.40), ("avg_deal", 25000), ("cycle_days", 35),
    ("crm_interactions", 200), ("revenue_per_interaction", 1750), ("nps", 40),
    ("aht", 330), ("asa", 30), ("abandonment", 0.08),
    ("occupancy", {"2025-01": 0.75, MID_YEAR: Band(0.75, 0.85)}), ("csat", 4.3),
]
TARGETS_TEAMS = [
    # Kanał Północ's personal revenue quotas from 2026 are in targets/quotas.csv.
    ("kanal-polnoc", [("revenue", 420000), ("deals", {"2025-01": 16, MID_YEAR: 17})]),
    ("kanal-poludnie", [("revenue", {"2025-01": 380000, MID_YEAR: 400000})]),
    ("contact-center", [
        ("revenue", {"2025-01": 65000, MID_YEAR: 70000}), ("deals", {"2025-01": 27, MID_YEAR: 29}),
        ("leads", 200), ("conversion", 0.14), ("win_rate", 0.35), ("avg_deal", 2500),
        ("cycle_days", 7), ("crm_interactions", 600), ("revenue_per_interaction", 110),
        ("aht", {"2025-01": 300, MID_YEAR: Band(270, 330)}), ("asa", 20), ("abandonment", 0.05),
        ("occupancy", {"2025-01": 0.80, MID_YEAR: Band(0.75, 0.85)}), ("csat", 4.5),
    ]),
]
TARGETS_PEOPLE = [
    # Paweł's 2025 quota; from 2026 his revenue quota is in targets/quotas.csv.
    ("Paweł Zieliński", [("revenue", {"2025-01": 550000}), ("deals", {"2025-01": 20, MID_YEAR: 22})]),
    ("Natalia Jóźwiak", [("revenue", 250000), ("deals", 11)]),
]
# New hires carry these fractions of their additive targets in their first months:
# the month of `start` is the first.
TARGET_RAMP = [0.25, 0.5, 0.75]

# targets/quotas.csv: Kanał Północ's personal revenue quotas as sales operations keeps
# them, one row per rep and month from which the quota holds: the 2026 quotas from
# January, the mid-year raise from July, the new hire's quota from her first month
# (ramped like any target).
QUOTAS = [  # person, quota from 2026-01, from 2026-07
    ("Paweł Zieliński", 550000, 600000),
    ("Joanna Szymańska", 420000, 460000),
    ("Michał Woźniak", 420000, 440000),
    ("Ewa Krawczyk", 420000, 460000),
    ("Grzegorz Kamiński", 420000, 440000),
    ("Anna Lewandowska", 420000, 440000),
    ("Daniel Becker", 420000, 480000),
]
QUOTAS_NEW = [("Zofia Pietrzak", "2026-09", 350000)]  # person, from, quota


# --- calendar -----------------------------------------------------------------------

def days(first=FIRST_DAY, last=LAST_DAY):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


def working_day(d):
    return d.weekday() < 5 and d not in HOLIDAYS and d not in COMPANY_DAYS_OFF


WORKDAYS = [d for d in days() if working_day(d)]  # the 18 full months
PARTIAL_DAYS = [d for d in days(PARTIAL_FIRST, PARTIAL_LAST) if working_day(d)]  # November so far
SPAN = (LAST_DAY - FIRST_DAY).days


def progress(d):
    """0.0 on the first day of data, 1.0 on the last day of October 2026; the partial
    November goes a little beyond 1.0, so a trend carries on."""
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


def november_absences(pid, start):
    """Working days away in the partial November, from a generator of its own: now and
    then a day of leave, rarely a short sick leave."""
    rng = random.Random(f"{SEED}:{pid}:{PARTIAL}:away")
    worked = [d for d in PARTIAL_DAYS if d >= start]
    away = set()
    if rng.random() < 0.2:
        away.add(worked[rng.randrange(len(worked))])
    if rng.random() < 0.08:
        i = rng.randrange(len(worked))
        away.update(worked[i:i + rng.randrange(1, 4)])
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


def employed(extra):
    """A person's first and last day (a long way back and ahead when not given)."""
    return (date.fromisoformat(extra.get("start", "2000-01-01")),
            date.fromisoformat(extra.get("end", "2100-12-31")))


def days_off(extra):
    """The days in a person's `days_off`: dates and inclusive ranges `A..B`."""
    out = set()
    for item in extra.get("days_off", []):
        first, _, last = item.partition("..")
        out.update(days(date.fromisoformat(first), date.fromisoformat(last or first)))
    return out


def check_days_off(pid, extra, away):
    """The days off written in team.yaml are leave the person really took: on each of
    their working days the metrics have no row for them."""
    missing = sorted(d for d in days_off(extra) if working_day(d) and d not in away)
    assert not missing, (pid, missing)


# People whose pipeline starts empty: their first deals take a sales cycle to close.
NEW_PIPELINE = {"zofia-pietrzak"}


def ramp(start, d, full=6):
    """A new hire's productivity: 35 % in the first month, full after `full` months
    (six; an experienced hire from a competitor gets there sooner)."""
    months = (d - start).days / 30.4
    return min(1.0, 0.35 + 0.65 * months / full)


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


def working_days(rng, key):
    """(day, generator) for the working days with data: the full months with `rng`,
    then the partial November with a generator of its own, seeded from `key`."""
    for workdays, r in ((WORKDAYS, rng), (PARTIAL_DAYS, random.Random(f"{key}:{PARTIAL}"))):
        for d in workdays:
            yield d, r


def queue_load(staffed):
    """Contact-centre queue pressure per working day, shared by all agents: call demand
    (weekday, season, month end) over the share of agents at work that day."""
    load = {}
    for d, rng in working_days(random.Random(f"{SEED}:queue"), f"{SEED}:queue"):
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
        start, end = employed(extra)
        away = absences(rng, max(start, FIRST_DAY)) | november_absences(pid, start)
        if pid in NEW_PIPELINE:  # no leave in the first weeks in a new job
            away = november_absences(pid, start)
        check_days_off(pid, extra, away)
        funnel = Funnel(rng)
        for d, rng in working_days(rng, f"{SEED}:{pid}"):
            funnel.rng = rng  # November draws from its own generator; the pipeline carries on
            if d < start or d > end or d in away:
                continue
            # A trend moves both pipeline volume and skill (win rate), so an improving
            # or declining rep shows it in conversion too, not only in revenue.
            skill = lerp(trend, d)
            level = skill ** 0.4 * SEASON[d.month] * noise(rng, 0.15)
            if start > FIRST_DAY:
                level *= ramp(start, d, extra.get("ramp_months", 6))
            won = win * skill ** 0.6
            if pid in NEW_PIPELINE:  # nothing in the pipeline yet: deals need a sales cycle
                won *= min(1.0, (d - start).days / cycle)
            row = crm_row(rng, funnel, d, leads / 21 * level, opp, won, deal, cycle,
                          inter, (prom, det))
            crm.append((d.isoformat(), pid, row))

    agents = []
    for name, extra, *params in CONTACT:
        pid = slug(name)
        rng = random.Random(f"{SEED}:{pid}")
        start, _ = employed(extra)
        away = absences(rng, max(start, FIRST_DAY)) | november_absences(pid, start)
        check_days_off(pid, extra, away)
        agents.append((pid, rng, start, away, params))
    staffed = {d: sum(1 for _, _, s, away, _ in agents if s <= d and d not in away) / len(agents)
               for d in WORKDAYS + PARTIAL_DAYS}
    load = queue_load(staffed)
    for pid, rng, start, away, (aht, occ, csat, leads, opp, win, deal) in agents:
        funnel = Funnel(rng)
        for d, rng in working_days(rng, f"{SEED}:{pid}"):
            funnel.rng = rng
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
    """A target value as team.yaml writes it: a number, a band, or a period map."""
    if isinstance(v, Band):
        return "{ " + ", ".join(f"{k}: {x}" for k, x in zip(("min", "max"), v) if x is not None) + " }"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k}: {number(x)}" for k, x in v.items()) + " }"
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
        for key in ("start", "end", "locale"):
            if extra and key in extra:
                lines.append(f"    {key}: {extra[key]}")
        if extra and "days_off" in extra:
            lines.append(f"    days_off: [{', '.join(extra['days_off'])}]")
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

    out += ["", "# Monthly targets per person: people, then teams, then default. `{ 2026-01: a,",
            "# 2026-07: b }` is a from January, b from July; `{ min: a, max: b }` is a band.",
            "# Kanał Północ's personal revenue quotas from 2026 are in targets/quotas.csv.",
            "targets:", "  default:"]
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
    out.append("  # New hires' first months: this share of their revenue, deals, leads and CRM")
    out.append("  # interactions targets (the month they start in is the first).")
    out.append(f"  ramp: [{', '.join(str(x) for x in TARGET_RAMP)}]")
    return "\n".join(out) + "\n"


def quotas_csv():
    """targets/quotas.csv: Kanał Północ's revenue quotas per rep and month."""
    lines = ["period,rep,kpi,target"]
    for i, period in enumerate(("2026-01", MID_YEAR)):
        lines += [f"{period},{slug(name)},revenue,{q[i]}" for name, *q in QUOTAS]
    lines += [f"{period},{slug(name)},revenue,{quota}" for name, period, quota in QUOTAS_NEW]
    return "\n".join(lines) + "\n"


PULSEBOOK_YAML = """\
# Book settings for the Acme Channel example. Generated by generate.py.
title: "Acme Channel — Podręcznik sprzedaży"
organisation: "Acme Channel Sp. z o.o."
locale: pl
currency: PLN
period: month
history: 12
outputs: [html, pdf, email]
privacy:
  leaderboard: true
  publish_scorecards: true
email:
  from: "Sprzedaż Acme Channel <sprzedaz@acme-channel.example>"
  reply_to: "Małgorzata Kołodziej <malgorzata.kolodziej@acme-channel.example>"
  smtp:
    host: smtp.acme-channel.example
    port: 587
    tls: starttls
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


# --- coaching log: KPIs as pulsebook computes them ---------------------------------

# KPI formulas of the book (built-in catalogue + kpis.yaml): id -> (measures, function, better).
KPI_DEFS = {
    "revenue": (("revenue",), lambda m: m["revenue"], "higher"),
    "deals": (("deals",), lambda m: m["deals"], "higher"),
    "leads": (("leads",), lambda m: m["leads"], "higher"),
    "conversion": (("deals", "leads"), lambda m: m["deals"] / m["leads"], "higher"),
    "win_rate": (("deals", "opportunities"), lambda m: m["deals"] / m["opportunities"], "higher"),
    "avg_deal": (("revenue", "deals"), lambda m: m["revenue"] / m["deals"], "higher"),
    "cycle_days": (("cycle_days_sum", "deals"), lambda m: m["cycle_days_sum"] / m["deals"], "lower"),
    "aht": (("handle_seconds", "calls"), lambda m: m["handle_seconds"] / m["calls"], "lower"),
    "asa": (("answer_seconds", "calls"), lambda m: m["answer_seconds"] / m["calls"], "lower"),
    "abandonment": (("abandoned", "calls"),
                    lambda m: m["abandoned"] / (m["calls"] + m["abandoned"]), "lower"),
    "occupancy": (("busy_seconds", "available_seconds"),
                  lambda m: m["busy_seconds"] / m["available_seconds"], "higher"),
    "csat": (("csat_sum", "csat_responses"), lambda m: m["csat_sum"] / m["csat_responses"], "higher"),
    "nps": (("nps_promoters", "nps_detractors", "nps_responses"),
            lambda m: (m["nps_promoters"] - m["nps_detractors"]) / m["nps_responses"] * 100, "higher"),
    "crm_interactions": (("crm_interactions",), lambda m: m["crm_interactions"], "higher"),
    "revenue_per_interaction": (("revenue", "crm_interactions"),
                                lambda m: m["revenue"] / m["crm_interactions"], "higher"),
}
KPI_AMBER = {"revenue_per_interaction": 0.85}


def monthly_kpis(crm, calls):
    """Each person's KPI values per month, computed as pulsebook does: sum the base
    measures over the month's rows (empty cells are no value), then the formula."""
    sums = {}
    for rows in (crm, calls):
        for d, pid, row in rows:
            acc = sums.setdefault((pid, d[:7]), {})
            for column, text in row.items():
                if text != "":
                    acc[column] = acc.get(column, 0.0) + float(text.replace(",", "."))
    values = {}
    for key, m in sums.items():
        out = values.setdefault(key, {})
        for kpi, (needs, f, _) in KPI_DEFS.items():
            if all(n in m for n in needs):
                try:
                    out[kpi] = f(m)
                except ZeroDivisionError:
                    pass
    return values


# Additive KPIs: a single base measure. Their targets are cut to the days a person is
# active and ramped; ratio targets and bands are not.
ADDITIVE = {"revenue", "deals", "leads", "crm_interactions"}


def month_days(period):
    """The working days of a month "YYYY-MM" on the book's calendar."""
    year, month = int(period[:4]), int(period[5:])
    first = date(year, month, 1)
    return [d for d in days(first, date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
            if working_day(d)]


class Targets:
    """Each team member's monthly targets as pulsebook works them out: the value in
    force (person, then team, then default; team.yaml and targets/quotas.csv), and for
    additive KPIs × the share of the month's working days the person is active
    (between start and end, not on a day off) × their ramp fraction."""

    def __init__(self):
        def levels(pairs):
            return {kpi: v if isinstance(v, dict) else {"": v} for kpi, v in pairs}

        self.default = levels(TARGETS_DEFAULT)
        self.teams = {tid: levels(pairs) for tid, pairs in TARGETS_TEAMS}
        self.people = {slug(n): levels(pairs) for n, pairs in TARGETS_PEOPLE}
        for name, *quotas in QUOTAS:  # targets/quotas.csv
            self.people.setdefault(slug(name), {}).setdefault("revenue", {}).update(
                zip(("2026-01", MID_YEAR), quotas))
        for name, period, quota in QUOTAS_NEW:
            self.people.setdefault(slug(name), {}).setdefault("revenue", {})[period] = quota
        self.person = {}
        for team, name, extra, *_ in CHANNEL:
            self.person[slug(name)] = (team, extra)
        for name, extra, *_ in CONTACT:
            self.person[slug(name)] = ("contact-center", extra)

    @staticmethod
    def at(schedule, period):
        """The value in force in `period`: the last key not after it, if any."""
        keys = [k for k in sorted(schedule) if k <= period]
        return schedule[keys[-1]] if keys else None

    def written(self, pid, kpi, period):
        team = self.person[pid][0]
        for level in (self.people.get(pid, {}), self.teams.get(team, {}), self.default):
            if kpi in level:
                v = self.at(level[kpi], period)
                if v is not None:
                    return v
        return None

    def active(self, pid, period):
        """(active days, working days) of a person in a month."""
        start, end = employed(self.person[pid][1])
        off = days_off(self.person[pid][1])
        work = month_days(period)
        return sum(1 for d in work if start <= d <= end and d not in off), len(work)

    def factor(self, pid, period):
        """Share × ramp for additive targets; None without an active day."""
        active, working = self.active(pid, period)
        if not active:
            return None
        extra = self.person[pid][1]
        k = 0
        if "start" in extra:
            start = date.fromisoformat(extra["start"])
            k = (int(period[:4]) - start.year) * 12 + int(period[5:]) - start.month + 1
        fraction = TARGET_RAMP[k - 1] if 1 <= k <= len(TARGET_RAMP) else 1.0
        return active / working * fraction

    def __call__(self, pid, kpi, period):
        """The person's target for a KPI in a month "YYYY-MM": a number, a Band, or None."""
        factor = self.factor(pid, period)
        v = self.written(pid, kpi, period)
        if factor is None or v is None:
            return None
        return v * factor if kpi in ADDITIVE and not isinstance(v, Band) else v


def kpi_status(kpi, value, target):
    amber = KPI_AMBER.get(kpi, 0.9)
    if isinstance(target, Band):
        lo, hi = target
        if lo is not None and value < lo:
            return "amber" if value >= amber * lo else "red"
        if hi is not None and value > hi:
            return "amber" if value <= hi / amber else "red"
        return "green"
    if KPI_DEFS[kpi][2] == "higher":
        return "green" if value >= target else "amber" if value >= amber * target else "red"
    return "green" if value <= target else "amber" if value <= target / amber else "red"


def attainment(kpi, value, target):
    """How close to the target: ≥ 1 on target; against a band, 1 inside it, else the
    value against the nearer edge."""
    if isinstance(target, Band):
        lo, hi = target
        if lo is not None and value < lo:
            return value / lo
        if hi is not None and value > hi:
            return hi / value
        return 1.0
    return value / target if KPI_DEFS[kpi][2] == "higher" else target / value


def band_side(value, target):
    """"below" or "above" a band the value is outside of, else None."""
    if isinstance(target, Band):
        if target.min is not None and value < target.min:
            return "below"
        if target.max is not None and value > target.max:
            return "above"
    return None


# --- coaching log: texts ------------------------------------------------------------
#
# Feedback (SBI), actions and topics per KPI, in Polish, with the English ones for
# Daniel Becker (locale: en) and the sessions Oliver Grant leads. `{m|f}` picks the
# masculine or feminine form by the person's first name; `{partner}`, `{klient}`,
# `{produkt}`, `{dzien}`, `{miesiac}`, `{val}`, `{target}` and `{n}` are filled in per
# session, `{val}` with the person's value of the KPI in the month before it.

PARTNERS = {  # resellers, integrators and VAR partners per region: name, city, "z <city>"
    "kanal-polnoc": [
        ("NordIT", "Gdańsk", "z Gdańska"), ("Bałtyk Systemy", "Gdynia", "z Gdyni"),
        ("Warmia-Net", "Olsztyn", "z Olsztyna"), ("KujawIT", "Bydgoszcz", "z Bydgoszczy"),
        ("Podlasie Soft", "Białystok", "z Białegostoku"), ("Odra Data", "Szczecin", "ze Szczecina"),
        ("Elbit Serwis", "Elbląg", "z Elbląga"), ("Morskie Sieci", "Koszalin", "z Koszalina"),
        ("Kopernik Computers", "Toruń", "z Torunia"), ("Bryza IT", "Słupsk", "ze Słupska"),
    ],
    "kanal-poludnie": [
        ("Wawel Tech", "Kraków", "z Krakowa"), ("Silesia Systemy IT", "Katowice", "z Katowic"),
        ("Dolnośląskie Centrum IT", "Wrocław", "z Wrocławia"),
        ("Karpaty Computers", "Rzeszów", "z Rzeszowa"), ("Opolnet", "Opole", "z Opola"),
        ("Beskid Serwis", "Bielsko-Biała", "z Bielska-Białej"),
        ("Kielecka Informatyka", "Kielce", "z Kielc"), ("GliwIT", "Gliwice", "z Gliwic"),
        ("Dunajec Systemy", "Tarnów", "z Tarnowa"), ("Sudety IT", "Jelenia Góra", "z Jeleniej Góry"),
    ],
}
CUSTOMERS = [  # contact-centre callers, "(rozmowa) z kim"
    "z biurem rachunkowym z Łodzi", "ze sklepem komputerowym z Radomia",
    "ze szkołą podstawową z Piły", "z kancelarią prawną z Poznania",
    "z małym integratorem z Lublina", "z przychodnią z Kalisza", "z firmą transportową z Płocka",
    "z resellerem z Siedlec", "z drukarnią z Leszna", "z hurtownią budowlaną z Konina",
    "z gabinetem stomatologicznym z Zamościa", "z urzędem gminy pod Sieradzem",
]
PRODUCTS = [  # channel deals: "na co", "czego"
    ("serwery rackowe", "serwerów rackowych"), ("macierze dyskowe", "macierzy dyskowych"),
    ("notebooki dla szkół", "notebooków dla szkół"), ("licencje na backup", "licencji na backup"),
    ("subskrypcje pakietu biurowego w chmurze", "subskrypcji pakietu biurowego w chmurze"),
    ("firewalle UTM", "firewalli UTM"), ("switche zarządzalne", "switchy zarządzalnych"),
    ("stacje robocze CAD", "stacji roboczych CAD"), ("licencje wirtualizacji", "licencji wirtualizacji"),
    ("monitory interaktywne", "monitorów interaktywnych"),
]
PRODUCTS_EN = [
    "rack servers", "storage arrays", "school notebooks", "backup licences",
    "cloud office subscriptions", "UTM firewalls", "managed switches", "CAD workstations",
]
PRODUCTS_CC = [  # contact-centre orders, "o co"
    "notebooki", "drukarki wielofunkcyjne", "tonery", "monitory", "stacje dokujące",
    "dyski SSD", "licencje antywirusowe", "zasilacze UPS",
]

# kpi -> {"topics", "dev", "rein", "actions"}; dev/rein are (situation, behaviour,
# impact); actions are (text, owner) with owner "rep" or "mgr".
TEXTS_CHANNEL = {
    "conversion": {
        "topics": ["obsługa leadów", "kwalifikacja zapytań", "leady z kampanii producenta",
                   "czas reakcji na zapytania"],
        "dev": [
            ("Leady z kampanii producenta na {produkt} z ubiegłego tygodnia",
             "Do {n} z nich nie {zadzwoniłeś|zadzwoniłaś} przez trzy dni — czekały w CRM ze statusem „nowy”",
             "Dwóch partnerów zamówiło w tym czasie u innego dystrybutora; konwersja {miesiac} to {val} przy celu {target}"),
            ("Rozmowa z {partner} {dzien} o zapytaniu na {produkt}",
             "Od razu {wysłałeś|wysłałaś} cennik, bez pytania o klienta końcowego, budżet i termin",
             "Partner porównał nas wyłącznie ceną i od tygodnia nie odpowiada"),
            ("Przegląd leadów z portalu partnerskiego na spotkaniu zespołu",
             "{Zamknąłeś|Zamknęłaś} {n} z {n2} leadów jako „brak potrzeby”, bez notatki dlaczego",
             "Nie wiemy, czy problemem jest jakość leadów, czy nasza reakcja — a konwersja {miesiac} spadła do {val}"),
        ],
        "rein": [
            ("Zapytanie od {partner} {dzien}",
             "{Oddzwoniłeś|Oddzwoniłaś} w ciągu godziny i od razu {umówiłeś|umówiłaś} krótki call z presales",
             "Partner zamówił jeszcze w tym samym tygodniu, bez schodzenia z ceny"),
            ("Leady z webinaru producenta dla resellerów",
             "Każdy lead {opisałeś|opisałaś} w CRM z następnym krokiem i datą",
             "Widać, co się z nimi dzieje; {n5} z nich jest już na etapie oferty"),
        ],
        "actions": [
            ("Oddzwaniać do nowych leadów z portalu partnerskiego w ciągu 24 godzin; przegląd statusów w piątek", "rep"),
            ("Spisać 5 pytań kwalifikujących (klient końcowy, budżet, termin, konkurencja, decydent) i zadawać je w pierwszej rozmowie", "rep"),
            ("Ustalić z marketingiem kryteria leadów z kampanii producenta", "mgr"),
        ],
    },
    "win_rate": {
        "topics": ["rejestracja projektów", "przegrane szanse", "negocjacje rabatów",
                   "kwalifikacja szans"],
        "dev": [
            ("Przegrana oferta {partner} na {produkt} dla klienta z sektora publicznego",
             "Nie {zarejestrowałeś|zarejestrowałaś} projektu u producenta przed wysłaniem wyceny",
             "Konkurencyjny dystrybutor dostał rejestrację i rabat projektowy, a my przegraliśmy ceną"),
            ("Negocjacje z {partner} przy projekcie na {produkt}",
             "{Zgodziłeś|Zgodziłaś} się na kolejną rundę rabatu, zanim partner powiedział, co dostał od konkurencji",
             "Oddaliśmy 4 punkty marży i i tak przegraliśmy; win rate {miesiac} to {val} przy celu {target}"),
            ("Oferta dla integratora {partner} na wdrożenie {produkt_gen}",
             "Nie {zaangażowałeś|zaangażowałaś} presales, choć klient końcowy pytał o architekturę",
             "Wygrała konkurencja, która pokazała klientowi demo; straciliśmy szansę, którą mieliśmy na etapie oferty"),
        ],
        "rein": [
            ("Projekt {partner} na {produkt}",
             "{Zarejestrowałeś|Zarejestrowałaś} projekt u producenta w dniu pierwszej rozmowy i {uzgodniłeś|uzgodniłaś} rabat projektowy",
             "Partner miał najlepszą cenę na rynku i wygraliśmy bez schodzenia z marży"),
            ("Spotkanie u {partner} {dzien}",
             "Przed ofertą {zapytałeś|zapytałaś} o kryteria decyzji klienta końcowego i o to, kto jeszcze składa ofertę",
             "Wiedzieliśmy, że liczy się termin dostawy, a nie cena — i wygraliśmy krótszym terminem"),
        ],
        "actions": [
            ("Rejestrować u producenta każdy projekt powyżej 50 tys. zł przed wysłaniem wyceny", "rep"),
            ("Przejrzeć z presales trzy przegrane szanse z ostatniego miesiąca i spisać wnioski", "rep"),
            ("Ustalić z dyrektorem sprzedaży progi rabatu zatwierdzane bez eskalacji", "mgr"),
        ],
    },
    "avg_deal": {
        "topics": ["dosprzedaż usług", "pakiety z wdrożeniem", "wartość zamówień",
                   "odnowienia subskrypcji"],
        "dev": [
            ("Zamówienie {partner} na {produkt}",
             "{Wyceniłeś|Wyceniłaś} sam sprzęt, bez gwarancji rozszerzonej, wdrożenia i licencji na backup",
             "Partner dokupił usługi gdzie indziej; średnia transakcja {miesiac} to {val} przy celu {target}"),
            ("Odnowienie subskrypcji dla {partner}",
             "{Odnowiłeś|Odnowiłaś} subskrypcje w tej samej liczbie, nie pytając o nowe stanowiska i wyższy plan",
             "Dosprzedaż, którą partner i tak zrobi w ciągu roku, pójdzie kilkoma małymi zamówieniami albo do konkurencji"),
            ("Zapytanie {partner} na {produkt}",
             "{Podzieliłeś|Podzieliłaś} projekt na trzy osobne wyceny, żeby szybciej przeszły akceptację rabatu",
             "Klient widzi trzy małe zamówienia, które łatwo rozbić między dostawców"),
        ],
        "rein": [
            ("Projekt {partner} na {produkt}",
             "{Zaproponowałeś|Zaproponowałaś} pakiet z 5-letnim wsparciem producenta i wdrożeniem przez presales",
             "Wartość zamówienia wzrosła o około jedną trzecią, a partner zarobił na usługach"),
            ("Rozmowa z {partner} {dzien}",
             "{Zapytałeś|Zapytałaś} o plany klienta na cały rok, a nie tylko o bieżące zamówienie",
             "Mamy jedną ramową wycenę zamiast czterech małych"),
        ],
        "actions": [
            ("Do każdej wyceny sprzętu dodawać wariant z gwarancją rozszerzoną i wdrożeniem", "rep"),
            ("Przygotować z presales dwa gotowe pakiety (sprzęt + licencje + wdrożenie) dla integratorów", "rep"),
            ("Sprawdzić z product managerem pakiety promocyjne producenta na Q4", "mgr"),
        ],
    },
    "cycle_days": {
        "topics": ["szanse bez ruchu", "akceptacje rabatów", "przekazanie do presales",
                   "długość cyklu sprzedaży"],
        "dev": [
            ("Oferta dla {partner} wysłana trzy tygodnie temu",
             "Od wysłania nie było kontaktu ani zaplanowanego następnego kroku w CRM",
             "Szansa stoi w lejku, a średni cykl {miesiac} wydłużył się do {val}"),
            ("Wniosek o rabat dla {partner}",
             "{Złożyłeś|Złożyłaś} go w piątek po południu, bez marży i uzasadnienia",
             "Akceptacja trwała tydzień zamiast jednego dnia i partner przesunął zamówienie na kolejny miesiąc"),
            ("Przekazanie projektu {partner} do presales",
             "{Przekazałeś|Przekazałaś} je mailem, bez wymagań klienta i terminu",
             "Presales przez tydzień dopytywał o szczegóły, zanim zaczął konfigurację"),
        ],
        "rein": [
            ("Zamówienie {partner} na {produkt}",
             "Na pierwszym spotkaniu {ustaliłeś|ustaliłaś} z partnerem datę decyzji i rozpisane kroki do niej",
             "Od leada do zamówienia minęło {n2} dni"),
            ("Akceptacja rabatu dla {partner}",
             "{Przygotowałeś|Przygotowałaś} wniosek z marżą, ofertą konkurencji i wolumenem na cały rok",
             "Dyrektor zatwierdził go tego samego dnia, a partner zamówił przed końcem tygodnia"),
        ],
        "actions": [
            ("Każda szansa w lejku ma w CRM następny krok z datą; przegląd w piątek", "rep"),
            ("Szanse bez kontaktu od 14 dni: zadzwonić do partnera albo zamknąć jako przegrane", "rep"),
            ("Wprowadzić w zespole szablon wniosku rabatowego (marża, konkurencja, wolumen)", "mgr"),
            ("Uzgodnić z presales standard przekazania projektu: wymagania, termin, osoba kontaktowa", "mgr"),
        ],
    },
    "crm_interactions": {
        "topics": ["higiena CRM", "logowanie aktywności", "notatki ze spotkań"],
        "dev": [
            ("Przegląd aktywności w CRM za ostatni tydzień",
             "Z {n} spotkań u partnerów w Twoim kalendarzu tylko dwa {opisałeś|opisałaś} w CRM",
             "Zespół i presales nie widzą historii rozmów z partnerami; interakcji {miesiac} było {val} przy celu {target}"),
            ("Spotkanie u {partner} {dzien}",
             "Notatkę {wysłałeś|wysłałaś} tylko mailem do partnera, bez wpisu w CRM",
             "Gdy partner zadzwonił do contact center, konsultant nie wiedział o ustaleniach"),
        ],
        "rein": [
            ("Tydzień przed przeglądem lejka",
             "Każdą rozmowę z partnerami {wpisałeś|wpisałaś} do CRM tego samego dnia, z następnym krokiem",
             "Prognoza zespołu opiera się na Twoich danych bez poprawek"),
            ("Przejęcie partnera {partner} na czas urlopu kolegi",
             "Historia kontaktów w CRM była kompletna, z notatkami z każdej rozmowy",
             "Zastępstwo przebiegło bez jednego telefonu z pytaniem „o czym rozmawialiście?”"),
        ],
        "actions": [
            ("Wpisywać rozmowy i spotkania do CRM tego samego dnia — 15 minut na koniec dnia w kalendarzu", "rep"),
            ("Zainstalować aplikację mobilną CRM i logować rozmowy z telefonu", "rep"),
            ("Poprosić sales operations o tygodniowy raport aktywności zespołu", "mgr"),
        ],
    },
    "nps": {
        "topics": ["opinie partnerów", "ankiety NPS", "komunikacja o dostawach"],
        "dev": [
            ("Ankieta NPS od {partner} z ubiegłego tygodnia",
             "Partner napisał, że trzy dni czekał na potwierdzenie terminu dostawy, a Ty nie {oddzwoniłeś|oddzwoniłaś}",
             "To kolejna niska ocena w tym miesiącu; NPS {miesiac} to {val} przy celu {target}"),
            ("Reklamacja {partner} dotycząca opóźnionej dostawy {produkt_gen}",
             "{Przekazałeś|Przekazałaś} ją do logistyki, ale nie {poinformowałeś|poinformowałaś} partnera, co dalej",
             "Partner eskalował sprawę do dyrektora i w ankiecie ocenił nas na 3"),
        ],
        "rein": [
            ("Opóźniona dostawa dla {partner}",
             "{Sam|Sama} {zadzwoniłeś|zadzwoniłaś} z informacją o opóźnieniu i {zaproponowałeś|zaproponowałaś} zamiennik",
             "Partner dał nam 10 w ankiecie i dopisał, że to rzadkość u dystrybutora"),
            ("Uruchomienie nowego partnera {partner}",
             "Przez pierwszy miesiąc co tydzień {sprawdzałeś|sprawdzałaś}, czy zamówienia i faktury przechodzą bez problemów",
             "Partner poleca nas dwóm kolejnym firmom ze swojego regionu"),
        ],
        "actions": [
            ("Po każdej dostawie powyżej 100 tys. zł zadzwonić do partnera z pytaniem, czy wszystko dotarło", "rep"),
            ("Odpowiadać osobiście na każdą ankietę z oceną 0–6 w ciągu 48 godzin", "rep"),
            ("Ustalić z logistyką, kto informuje partnerów o opóźnionych dostawach", "mgr"),
        ],
    },
    "leads": {
        "topics": ["uśpieni partnerzy", "pozyskanie nowych resellerów", "plan kontaktów"],
        "dev": [
            ("Lista partnerów z Twojego regionu",
             "{n} partnerów, którzy w zeszłym roku kupowali co kwartał, nie miało od Ciebie kontaktu od trzech miesięcy",
             "Nowych zapytań {miesiac} było {val} przy celu {target}, a część tych partnerów kupuje już u konkurencji"),
            ("Webinar producenta dla resellerów {dzien}",
             "Nie {zaprosiłeś|zaprosiłaś} na niego żadnego ze swoich partnerów",
             "Z regionu nie było ani jednej rejestracji, więc nie dostaliśmy leadów z webinaru"),
        ],
        "rein": [
            ("Akcja telefoniczna do uśpionych partnerów",
             "W dwa dni {obdzwoniłeś|obdzwoniłaś} {n5} firm i z każdą {umówiłeś|umówiłaś} konkretny następny krok",
             "Mamy {n2} nowych zapytań, w tym dwa projekty dla samorządów"),
        ],
        "actions": [
            ("Zadzwonić do 10 uśpionych partnerów z listy i zaprosić ich na webinar producenta", "rep"),
            ("Przygotować listę partnerów bez zamówień od 90 dni dla każdego w zespole", "mgr"),
        ],
    },
    "revenue_per_interaction": {
        "topics": ["jakość kontaktów", "planowanie tygodnia"],
        "dev": [
            ("Przegląd Twojego tygodnia w CRM",
             "Większość rozmów to telefony do stałych partnerów bez konkretnego tematu",
             "Dużo aktywności, mało nowych projektów; przychód na interakcję {miesiac} to {val} przy celu {target}"),
        ],
        "rein": [
            ("Plan tygodnia przed końcem kwartału",
             "{Zaplanowałeś|Zaplanowałaś} rozmowy wokół pięciu największych szans i do każdej {przygotowałeś|przygotowałaś} cel",
             "Mniej telefonów, a trzy z pięciu szans zamknęły się w tym samym tygodniu"),
        ],
        "actions": [
            ("Planować tydzień tak, żeby co najmniej połowa rozmów dotyczyła konkretnej szansy albo projektu", "rep"),
        ],
    },
}

TEXTS_CC = {
    "aht": {
        "topics": ["czas obsługi", "szablony notatek", "struktura rozmowy", "wyszukiwanie w systemie"],
        "dev": [
            ("Nagranie rozmowy {klient} {dzien} (zmiana adresu dostawy)",
             "Przez dwie minuty {szukałeś|szukałaś} zamówienia w trzech zakładkach, zamiast wyszukać je po NIP",
             "Rozmowa trwała 9 minut; średni czas obsługi {miesiac} to {val} przy celu {target}"),
            ("Rozmowy o statusie zamówień w tym tygodniu",
             "Notatki {pisałeś|pisałaś} od zera, zamiast użyć szablonów z kodami rozmów",
             "Każde połączenie wydłuża się o około minutę, a w szczycie kolejka rośnie"),
            ("Rozmowa {klient} o konfiguracji sprzętu",
             "Przez 12 minut {próbowałeś|próbowałaś} samodzielnie dobrać konfigurację, zamiast przełączyć klienta do presales",
             "Kolejka urosła, a klient i tak dostał ofertę dopiero następnego dnia"),
        ],
        "rein": [
            ("Nagranie rozmowy {klient} {dzien}",
             "Na początku {potwierdziłeś|potwierdziłaś} numer zamówienia i cel rozmowy, a na końcu {podsumowałeś|podsumowałaś} ustalenia jednym zdaniem",
             "Rozmowa trwała 4 minuty i klient nie dzwonił ponownie"),
            ("Poniedziałkowy szczyt połączeń",
             "Proste pytania o status {obsługiwałeś|obsługiwałaś} według skryptu, a trudniejsze {umawiałeś|umawiałaś} na oddzwonienie",
             "Kolejka nie przekroczyła 20 sekund oczekiwania, a oddzwonienia zamknęły się przed 14:00"),
        ],
        "actions": [
            ("Używać szablonów notatek z kodami rozmów zamiast pisania od zera", "rep"),
            ("Przećwiczyć wyszukiwanie zamówień po NIP i numerze faktury ze starszym konsultantem", "rep"),
            ("Ustalić z presales szybką ścieżkę przełączania pytań o konfigurację", "mgr"),
        ],
        # Below the band's floor (from July 2026): calls too short, not too long.
        "topics_below": ["pośpiech w rozmowie", "rozmowy powtórne", "dosprzedaż w rozmowie"],
        "dev_below": [
            ("Nagrania krótkich rozmów z ubiegłego tygodnia",
             "Przy zamówieniach {zamykałeś|zamykałaś} rozmowę zaraz po numerze zamówienia, bez pytania o akcesoria i termin dostawy",
             "Rozmowy są krótkie, ale klienci dzwonią drugi raz, a dosprzedaż ucieka; średni czas obsługi {miesiac} to {val} przy celu {target}"),
            ("Rozmowa {klient} {dzien}",
             "{Podałeś|Podałaś} status zamówienia i {zakończyłeś|zakończyłaś} rozmowę, zanim klient zdążył zapytać o fakturę",
             "Klient zadzwonił ponownie po dziesięciu minutach i trafił do kogoś innego"),
        ],
        "actions_below": [
            ("Na koniec każdej rozmowy pytać „czy mogę pomóc w czymś jeszcze?” i proponować akcesoria", "rep"),
            ("Sprawdzić w raporcie telefonii, ilu klientów dzwoni ponownie w ciągu doby", "mgr"),
        ],
    },
    "csat": {
        "topics": ["satysfakcja klientów", "reklamacje", "empatia w rozmowie", "domykanie rozmowy"],
        "dev": [
            ("Rozmowa {klient} o opóźnionej przesyłce {dzien}",
             "{Powiedziałeś|Powiedziałaś} „nic nie mogę zrobić” i {zakończyłeś|zakończyłaś} rozmowę bez terminu kolejnego kontaktu",
             "Klient ocenił rozmowę na 2 i dzwonił jeszcze dwa razy; CSAT {miesiac} to {val} przy celu {target}"),
            ("Nagranie rozmowy reklamacyjnej {klient}",
             "{Przerwałeś|Przerwałaś} klientowi trzy razy, zanim opisał problem",
             "Klient się zdenerwował i poprosił o rozmowę z kierownikiem"),
        ],
        "rein": [
            ("Reklamacja zgłoszona w rozmowie {klient} {dzien}",
             "{Przeprosiłeś|Przeprosiłaś}, {podałeś|podałaś} konkretny termin oddzwonienia i {oddzwoniłeś|oddzwoniłaś} przed czasem",
             "Klient ocenił rozmowę na 5 i w tej samej rozmowie zamówił akcesoria"),
            ("Rozmowa {klient} w sprawie zwrotu — trzeci telefon klienta w tym tygodniu",
             "{Wysłuchałeś|Wysłuchałaś} do końca, {nazwałeś|nazwałaś} problem i {zaproponowałeś|zaproponowałaś} dwa rozwiązania do wyboru",
             "Klient sam wybrał wymianę zamiast zwrotu i podziękował za rozmowę"),
        ],
        "actions": [
            ("Przy każdej reklamacji podawać termin kolejnego kontaktu i wpisać go w CRM", "rep"),
            ("Odsłuchać dwie rozmowy z oceną 5 i spisać zwroty, które warto przejąć", "rep"),
            ("Dodać do skryptu ścieżkę dla opóźnionych dostaw z konkretnymi opcjami dla klienta", "mgr"),
        ],
    },
    "occupancy": {
        "topics": ["grafik i przerwy", "statusy w telefonii", "obłożenie"],
        "dev": [
            ("Raport statusów z ubiegłego tygodnia",
             "Po przerwach {logowałeś|logowałaś} się do kolejki średnio 6–8 minut później",
             "W godzinach szczytu brakowało jednej osoby na kolejce; obłożenie {miesiac} to {val} przy celu {target}"),
            ("Status „praca po rozmowie” w tym tygodniu",
             "Po prostych rozmowach {zostawałeś|zostawałaś} w tym statusie ponad dwie minuty",
             "Połączenia czekały w kolejce, choć formalnie {byłeś|byłaś} na zmianie"),
        ],
        "rein": [
            ("Szczyt połączeń {dzien} rano",
             "Bez proszenia {przesunąłeś|przesunęłaś} przerwę na po 11:00",
             "Kolejka ani razu nie przekroczyła 30 sekund oczekiwania"),
        ],
        "actions": [
            ("Logować się do kolejki punktualnie po przerwach; sprawdzimy raport statusów za dwa tygodnie", "rep"),
            ("Przejrzeć grafik przerw w godzinach szczytu (poniedziałek 9–12)", "mgr"),
        ],
        # Above the band's ceiling (from July 2026): too many calls back to back.
        "topics_above": ["obłożenie i przerwy", "tempo pracy", "grafik i przerwy"],
        "dev_above": [
            ("Raport statusów z ubiegłego tygodnia",
             "Przez cały tydzień {brałeś|brałaś} połączenia jedno po drugim i {przesuwałeś|przesuwałaś} przerwy, żeby kolejka nie rosła",
             "Na dłuższą metę to prosta droga do zmęczenia i błędów w notatkach; obłożenie {miesiac} to {val} przy celu {target}"),
            ("Poniedziałkowy szczyt połączeń",
             "{Zrezygnowałeś|Zrezygnowałaś} z przerwy o 11:00 i do 13:00 nie {wylogowałeś|wylogowałaś} się z kolejki",
             "Po południu notatki w CRM były krótsze i bez kodów rozmów"),
        ],
        "actions_above": [
            ("Robić przerwy zgodnie z grafikiem, także w godzinach szczytu", "rep"),
            ("Dołożyć do grafiku osobę na kolejkę w poniedziałki 9–12, żeby odciążyć najbardziej obłożonych", "mgr"),
        ],
    },
    "conversion": {
        "topics": ["zamykanie sprzedaży", "propozycja wyceny", "skrypt rozmowy"],
        "dev": [
            ("Rozmowa {klient} — zapytanie o {produkt_cc}",
             "{Odpowiedziałeś|Odpowiedziałaś} na pytanie o dostępność, ale nie {zaproponowałeś|zaproponowałaś} wyceny ani rezerwacji",
             "Klient zamówił gdzie indziej; konwersja zapytań {miesiac} to {val} przy celu {target}"),
            ("Nagrania trzech rozmów sprzedażowych z tego tygodnia",
             "W żadnej nie {zadałeś|zadałaś} pytania zamykającego o zamówienie",
             "Klienci kończyli rozmowę słowami „zastanowię się” i nie wracali"),
        ],
        "rein": [
            ("Rozmowa {klient} {dzien} — zapytanie o {produkt_cc}",
             "{Zaproponowałeś|Zaproponowałaś} rezerwację towaru na 48 godzin i od razu {wysłałeś|wysłałaś} wycenę",
             "Zamówienie przyszło tego samego dnia"),
        ],
        "actions": [
            ("Na koniec każdej rozmowy o dostępności proponować wycenę albo rezerwację", "rep"),
            ("Dodać do skryptu pytanie zamykające o rezerwację towaru", "mgr"),
        ],
    },
    "avg_deal": {
        "topics": ["dosprzedaż akcesoriów", "gwarancje", "wartość koszyka"],
        "dev": [
            ("Zamówienie na notebooki w rozmowie {klient}",
             "Nie {zaproponowałeś|zaproponowałaś} stacji dokujących, toreb ani gwarancji z naprawą na następny dzień",
             "Średnia wartość zamówienia {miesiac} to {val} przy celu {target}"),
        ],
        "rein": [
            ("Rozmowa {klient} {dzien}",
             "Do zamówienia na notebooki {dodałeś|dodałaś} stacje dokujące i przedłużoną gwarancję, pytając o stanowiska pracy",
             "Zamówienie było o 40% wyższe, a klient podziękował za podpowiedź"),
        ],
        "actions": [
            ("Przy każdym zamówieniu sprzętu proponować akcesoria i gwarancję — lista w skrypcie", "rep"),
            ("Przygotować ściągę z trzema najczęstszymi zestawami akcesoriów do notebooków", "mgr"),
        ],
    },
    "win_rate": {
        "topics": ["follow-up wycen", "wygasłe wyceny"],
        "dev": [
            ("Wyceny wysłane w ubiegłym tygodniu",
             "Do {n} wycen nie {zadzwoniłeś|zadzwoniłaś} z follow-upem",
             "Połowa z nich wygasła bez odpowiedzi; win rate {miesiac} to {val} przy celu {target}"),
        ],
        "rein": [
            ("Wyceny dla szkół przed rokiem szkolnym",
             "Dzień po wysłaniu każdej wyceny {dzwoniłeś|dzwoniłaś} z pytaniem o decyzję",
             "Z {n} wycen aż {n3} zakończyły się zamówieniem"),
        ],
        "actions": [
            ("Dzwonić z follow-upem dzień po wysłaniu wyceny; lista w CRM co rano", "rep"),
        ],
    },
    "crm_interactions": {
        "topics": ["kody rozmów w CRM", "karta klienta"],
        "dev": [
            ("Przegląd kart klientów w CRM",
             "Część rozmów z ostatniego tygodnia nie ma kodu rozmowy ani notatki",
             "Handlowcy z kanału nie widzą, że klient dzwonił; interakcji {miesiac} było {val} przy celu {target}"),
        ],
        "rein": [
            ("Karta klienta po rozmowie {klient}",
             "Notatka miała kod rozmowy, ustalenia i termin oddzwonienia",
             "Handlowiec z kanału przejął temat bez dopytywania"),
        ],
        "actions": [
            ("Zamykać każdą rozmowę kodem w CRM, także krótkie pytania o status", "rep"),
        ],
    },
}

TEXTS_EN = {  # Daniel Becker's sessions and Oliver Grant's
    "conversion": {
        "topics": ["lead follow-up", "qualifying requests"],
        "dev": [
            ("The vendor campaign leads on {produkt_en} from last week",
             "You left {n} of them in the CRM as “new” for three days before calling",
             "Two partners ordered elsewhere in the meantime; conversion {miesiac} was {val} against {target}"),
            ("Your call with {partner_en} {dzien} about {produkt_en}",
             "You sent the price list straight away without asking about the end customer, budget or timing",
             "They compared us on price alone and have not replied for a week"),
        ],
        "rein": [
            ("The request from {partner_en} {dzien}",
             "You called back within the hour and set up a short call with presales",
             "They ordered the same week without a discount request"),
            ("The leads from the vendor webinar for resellers",
             "You logged every lead in the CRM with a next step and a date",
             "We can see where each one stands; {n} of them are already at the quote stage"),
        ],
        "actions": [
            ("Call new partner-portal leads back within 24 hours; review statuses on Fridays", "rep"),
            ("Write down five qualifying questions and use them in every first call", "rep"),
        ],
    },
    "win_rate": {
        "topics": ["deal registration", "lost opportunities", "discount negotiation"],
        "dev": [
            ("The lost {partner_en} quote on {produkt_en} for a public-sector customer",
             "You did not register the project with the vendor before sending the quote",
             "Another distributor got the registration and the project discount; we lost on price"),
            ("The negotiation with {partner_en}",
             "You agreed to another round of discount before they told you what the competition offered",
             "We gave away four points of margin and still lost; win rate {miesiac} was {val} against {target}"),
        ],
        "rein": [
            ("The {partner_en} project on {produkt_en}",
             "You registered it with the vendor on the day of the first call and agreed the project discount",
             "The partner had the best price in the market and we won without cutting margin"),
            ("Your meeting at {partner_en} {dzien}",
             "Before quoting, you asked how the end customer decides and who else is bidding",
             "We knew delivery time mattered more than price, and won on a shorter lead time"),
        ],
        "actions": [
            ("Register every project above PLN 50k with the vendor before quoting", "rep"),
            ("Review the last three lost opportunities with presales and write down what we learn", "rep"),
        ],
    },
    "avg_deal": {
        "topics": ["services attach", "bundles"],
        "dev": [
            ("The {partner_en} order on {produkt_en}",
             "You quoted the hardware only, without extended warranty, deployment or backup licences",
             "The partner bought the services elsewhere; average deal {miesiac} was {val}"),
            ("The subscription renewal for {partner_en}",
             "You renewed the same number of seats without asking about new users or a higher plan",
             "The upsell they will make this year will come as small orders, or go to a competitor"),
        ],
        "rein": [
            ("The {partner_en} project on {produkt_en}",
             "You offered a bundle with five years of vendor support and a presales-led deployment",
             "The order grew by about a third and the partner earned on services"),
            ("Your meeting with {partner_en} {dzien}",
             "You asked about the customer's plans for the whole year, not just the current order",
             "We now quote one framework deal instead of four small orders"),
        ],
        "actions": [
            ("Add an option with extended warranty and deployment to every hardware quote", "rep"),
            ("Build two ready-made bundles (hardware, licences, deployment) with presales", "rep"),
        ],
    },
    "cycle_days": {
        "topics": ["stalled opportunities", "discount approvals", "presales hand-off"],
        "dev": [
            ("The quote to {partner_en} sent three weeks ago",
             "There has been no contact and no next step in the CRM since",
             "The deal sits in the pipeline and the average cycle {miesiac} grew to {val}"),
            ("The hand-off of the {partner_en} project to presales",
             "You handed it over by e-mail without the customer's requirements or a deadline",
             "Presales spent a week asking questions before starting the configuration"),
        ],
        "rein": [
            ("The discount approval for {partner_en}",
             "You prepared the request with margin, the competing offer and the yearly volume",
             "The director approved it the same day and the partner ordered that week"),
        ],
        "actions": [
            ("Every open opportunity has a dated next step in the CRM; review on Fridays", "rep"),
            ("Close or call every opportunity without contact for 14 days", "rep"),
        ],
    },
    "crm_interactions": {
        "topics": ["CRM hygiene", "activity logging"],
        "dev": [
            ("Last week's CRM activity",
             "Of the {n} partner meetings in your calendar, only two have notes in the CRM",
             "The team and presales cannot see the partner history; interactions {miesiac} were {val} against {target}"),
            ("Your visit to {partner_en} {dzien}",
             "You sent the notes to the partner by e-mail only, with nothing in the CRM",
             "When they called the contact centre, the agent did not know what had been agreed"),
        ],
        "rein": [
            ("The week before the pipeline review",
             "You logged every partner call in the CRM the same day, with a next step",
             "The team forecast uses your data without corrections"),
        ],
        "actions": [
            ("Log calls and meetings in the CRM the same day — 15 minutes blocked at the end of each day", "rep"),
            ("Install the CRM mobile app and log calls from the phone", "rep"),
        ],
    },
    "nps": {
        "topics": ["partner feedback", "delivery updates", "NPS follow-up"],
        "dev": [
            ("The NPS survey from {partner_en} last week",
             "They wrote that they waited three days for a delivery date and you did not call back",
             "Another low score this month; NPS {miesiac} was {val} against {target}"),
            ("The complaint from {partner_en} about a late delivery of {produkt_en}",
             "You passed it to logistics but did not tell the partner what happens next",
             "They escalated to the director and scored us 3 in the survey"),
            ("The credit-limit question from {partner_en} {dzien}",
             "You answered by e-mail two days later, after they had chased you twice",
             "The order was delayed by a week and the partner told us so in the survey"),
        ],
        "rein": [
            ("The delayed delivery for {partner_en}",
             "You called them yourself about the delay and offered a replacement model",
             "They gave us a 10 and wrote that this is rare for a distributor"),
            ("Onboarding the new partner {partner_en}",
             "For the first month you checked every week that orders and invoices went through",
             "They have recommended us to two other resellers in their region"),
        ],
        "actions": [
            ("Answer every survey scored 0–6 personally within 48 hours", "rep"),
            ("Call the partner after every delivery above PLN 100k to check everything arrived", "rep"),
            ("Agree with logistics who informs partners about delayed deliveries", "mgr"),
        ],
    },
    "leads": {
        "topics": ["dormant partners", "new resellers"],
        "dev": [
            ("Your partner list for the Pomerania region",
             "{n} partners who ordered every quarter last year have not heard from you for three months",
             "New leads {miesiac} were {val} against {target}, and some of those partners now buy elsewhere"),
            ("The vendor webinar for resellers {dzien}",
             "You did not invite any of your partners",
             "Nobody from the region registered, so we got no leads from it"),
        ],
        "rein": [
            ("The call round to dormant partners",
             "In two days you called {n} companies and agreed a concrete next step with each",
             "We have {n2} new requests, two of them municipal projects"),
        ],
        "actions": [
            ("Call ten dormant partners from the list and invite them to the vendor webinar", "rep"),
            ("Ask marketing for the list of resellers registered on the partner portal but never ordering", "rep"),
        ],
    },
    "revenue_per_interaction": {
        "topics": ["quality of contacts", "weekly planning"],
        "dev": [
            ("Your week in the CRM",
             "Most calls were check-ins with regular partners without a concrete topic",
             "Lots of activity, few new projects; revenue per interaction {miesiac} was {val} against {target}"),
        ],
        "rein": [
            ("Your plan for the week before quarter end",
             "You planned your calls around the five largest opportunities, each with a goal",
             "Fewer calls, and three of the five deals closed that week"),
        ],
        "actions": [
            ("Plan the week so that at least half the calls are about a specific opportunity", "rep"),
        ],
    },
}

# KPIs a session can work on, in order of preference when equally weak.
COACHABLE = {
    "channel": ["win_rate", "conversion", "avg_deal", "cycle_days", "crm_interactions", "nps",
                "leads", "revenue_per_interaction"],
    "contact-center": ["aht", "csat", "occupancy", "conversion", "avg_deal", "win_rate",
                       "crm_interactions"],
}
REVIEWABLE = {  # what a call review can work on
    "channel": ["conversion", "win_rate", "nps", "avg_deal", "cycle_days"],
    "contact-center": ["aht", "csat", "conversion", "avg_deal"],
}

ONE_ON_ONE_TOPICS = {
    "channel": ["pipeline", "prognoza na koniec miesiąca", "rabaty", "rejestracja projektów",
                "współpraca z presales", "plan kont kluczowych", "certyfikacja producenta",
                "obciążenie i samopoczucie", "rozwój"],
    "contact-center": ["grafik", "kolejka w poniedziałki", "skrypt rozmowy", "reklamacje",
                       "dosprzedaż", "obciążenie i samopoczucie", "rozwój", "szkolenia produktowe"],
    "en": ["pipeline", "forecast", "discounts", "deal registration", "working with presales",
           "key accounts", "vendor certification", "workload", "development"],
}
SEASON_TOPICS = {  # month -> extra 1:1 topics
    "channel": {
        5: ["długi weekend majowy a terminy dostaw", "zamknięcie Q2"],
        6: ["koniec kwartału", "rabaty producenta na koniec Q2"],
        7: ["plan urlopów i zastępstwa", "wakacyjne przetargi"],
        8: ["przetargi edukacyjne", "zastępstwa urlopowe"],
        9: ["koniec Q3", "budżety IT klientów na przyszły rok"],
        10: ["plan na Q4", "rejestracje projektów na koniec roku"],
        11: ["budżety klientów do wydania przed końcem roku", "rabaty producenta na koniec roku"],
    },
    "contact-center": {
        5: ["grafik na majówkę"], 6: ["szczyt przed końcem kwartału"],
        7: ["urlopy i zastępstwa"], 8: ["urlopy i zastępstwa", "sezon szkolny"],
        9: ["sezon szkolny"], 10: ["przygotowanie do szczytu Q4"],
        11: ["grafik na szczyt przed końcem roku", "Black Friday u resellerów"],
    },
}
SEASON_TOPICS_EN = {5: ["Q2 close"], 6: ["quarter end"], 7: ["holiday cover"],
                    8: ["education tenders"], 9: ["Q3 close"], 10: ["Q4 plan"],
                    11: ["year-end budgets"]}

ONE_ON_ONE_ACTIONS = {  # (text, owner)
    "channel": [
        ("Zaktualizować prognozę w CRM na koniec miesiąca", "rep"),
        ("Przygotować plan konta dla {partner}", "rep"),
        ("Umówić spotkanie u {partner} z udziałem presales", "rep"),
        ("Zgłosić się na certyfikację producenta w kolejnym terminie", "rep"),
        ("Sprawdzić w logistyce termin dostawy dla {partner}", "mgr"),
        ("Zatwierdzić wniosek rabatowy dla {partner} albo wrócić z pytaniami", "mgr"),
        ("Przesłać materiały ze szkolenia producenta", "mgr"),
    ],
    "contact-center": [
        ("Zgłosić w grafiku preferencje zmian na kolejny miesiąc", "rep"),
        ("Przeczytać nową procedurę zwrotów i zgłosić wątpliwości", "rep"),
        ("Zapisać się na szkolenie produktowe z drukarek", "rep"),
        ("Zgłosić do IT zawieszanie się softphone'a przy przełączaniu rozmów", "mgr"),
        ("Zgłosić do IT wolne ładowanie karty klienta w CRM", "mgr"),
    ],
    "en": [
        ("Update the month-end forecast in the CRM", "rep"),
        ("Prepare an account plan for {partner_en}", "rep"),
        ("Book a meeting at {partner_en} together with presales", "rep"),
        ("Check the delivery date for {partner_en} with logistics", "mgr"),
    ],
}

TEAM_MEETING_TOPICS = {
    "channel": {
        5: ["prognoza na maj", "terminy dostaw po majówce", "rejestracje projektów", "wyniki kwietnia"],
        6: ["zamknięcie Q2", "rabaty producenta", "szanse powyżej 100 tys. zł", "wyniki maja"],
        7: ["wyniki Q2", "plan urlopów", "przetargi wakacyjne", "lejek na Q3"],
        8: ["przetargi edukacyjne", "zastępstwa", "dostępność notebooków", "wyniki lipca"],
        9: ["budżety IT klientów", "koniec Q3", "nowe pakiety chmurowe", "wyniki sierpnia"],
        10: ["plan na Q4", "rejestracje na koniec roku", "prognoza Q4", "wyniki września"],
        11: ["prognoza na listopad", "budżety klientów na koniec roku", "rabaty producenta na Q4",
             "wyniki października"],
    },
    "contact-center": {
        5: ["grafik na majówkę", "nowy moduł zamówień", "wyniki kwietnia"],
        6: ["szczyt przed końcem kwartału", "reklamacje dostaw", "wyniki maja"],
        7: ["grafik urlopów", "kolejka w wakacje", "wyniki czerwca"],
        8: ["zastępstwa", "sezon szkolny", "wyniki lipca"],
        9: ["kolejka we wrześniu", "nowy skrypt powitania", "wyniki sierpnia"],
        10: ["przygotowanie do szczytu Q4", "dosprzedaż akcesoriów", "wyniki września"],
        11: ["grafik na szczyt przed końcem roku", "zamówienia hurtowe od resellerów",
             "wyniki października"],
    },
}


# --- coaching log -------------------------------------------------------------------
#
# coaching/*.yaml: the leadership pulse from May 2026 to 13 November 2026, the last
# day with data (November is in progress). Each team's manager holds weekly 1:1s, a
# monthly coaching session and call review (weekly in the contact centre), a weekly
# team meeting and quarterly training. Coaching sessions and call reviews work on the
# KPIs the person was red or amber on the month before, computed here from the same
# metric rows the CSVs are written from. The story:
# - August thins things out: reps' summer leave (the same days as in the metrics) and
#   two weeks of leave for each manager; the contact centre's senior agent stands in.
# - Łukasz Wójcik (Kanał Północ) is pulled into a large public tender in September and
#   October: 1:1s slip to every two to four weeks, coaching and call reviews are
#   skipped for several people, two team meetings are cancelled. The tender is handed
#   in during the first week of November (no 1:1s, the team meeting cancelled); from
#   9 November he is back to weekly 1:1s; the coaching sessions and call reviews
#   planned for the first week are missed, the later ones held.
# - Overdue at the end of October: two actions from Grzegorz Kamiński's 1:1s (one his,
#   one his manager's) and one from Kamil Żak's coaching.
# - Two mentoring pairs: Paweł Zieliński mentors the new hire Natalia Jóźwiak on deal
#   size (off track by October), Sebastian Wróbel mentors Bartosz Chmielewski on
#   handle time (on track).
# - Zofia Pietrzak joins Kanał Północ on 14 September, in the middle of the tender:
#   a 1:1 on her first day, then every two or three weeks; no coaching or call review
#   in her first month. Beata Górecka (Kanał Południe) leaves on 16 October: nothing
#   with her after that day, and actions agreed with her are due by then.
# - From October Katarzyna Ślęzak writes down the day an action was done
#   (DONE_DATED); two of them were done only in November, after their October due
#   dates.
# May – October are drawn first, as six closed months: their actions are done or not
# as of 31 October. The partial November follows from generators of its own, as of
# 13 November, so the earlier entries stay the same whether or not it is generated.
# A session planned for later in November has simply not happened yet.

COACH_FIRST = date(2026, 5, 1)
COACH_CLOSED = date(2026, 10, 31)  # the last day of the closed months
COACH_LAST = PARTIAL_LAST          # the last day of the log
COACH_MONTHS = list(range(5, 11))
WEEKS = [date(2026, 5, 4) + timedelta(weeks=i) for i in range(26)]  # Mondays, 4 May – 26 Oct
PARTIAL_WEEKS = [date(2026, 11, 2), date(2026, 11, 9)]

KPI_FORMAT = {
    "revenue": "currency", "deals": "integer", "leads": "integer", "conversion": "percent",
    "win_rate": "percent", "avg_deal": "currency", "cycle_days": "days", "aht": "duration",
    "asa": "duration", "abandonment": "percent", "occupancy": "percent", "csat": "score",
    "nps": "score", "crm_interactions": "integer", "revenue_per_interaction": "currency",
}

# Managers' days out of the office (reps' absences come from the metrics: no row, away).
MANAGER_AWAY = {
    "lukasz-wojcik": [(date(2026, 8, 3), date(2026, 8, 14))],
    "katarzyna-slezak": [(date(2026, 6, 16), date(2026, 6, 18)),  # vendor partner summit
                         (date(2026, 8, 10), date(2026, 8, 21))],
    "zaneta-dabrowska": [(date(2026, 8, 3), date(2026, 8, 14))],
}
DEPUTY = {"contact-center": "sebastian-wrobel"}  # runs the team meeting and call reviews

# Each person's usual 1:1 day (0 = Monday) and the manager's usual 1:1 lengths.
ONE_ON_ONE_DAY = {
    "pawel-zielinski": 0, "joanna-szymanska": 0, "michal-wozniak": 1, "ewa-krawczyk": 1,
    "grzegorz-kaminski": 2, "anna-lewandowska": 2, "daniel-becker": 3,
    "marta-grabowska": 1, "krzysztof-mazur": 1, "piotr-kaczmarek": 2, "beata-gorecka": 2,
    "jakub-nowicki": 3, "natalia-jozwiak": 3, "zofia-pietrzak": 0,
    "sebastian-wrobel": 1, "dorota-michalska": 1, "kamil-zak": 2, "aleksandra-pawlowska": 2,
    "bartosz-chmielewski": 3, "weronika-krol": 3,
}
ONE_ON_ONE_MINUTES = {
    "lukasz-wojcik": [30, 30, 30, 30, 45, 25],
    "katarzyna-slezak": [30, 30, 45, 45, 30, 40],
    "zaneta-dabrowska": [20, 25, 30, 30, 30],
}
TEAM_MEETING_DAY = {"kanal-polnoc": 0, "kanal-poludnie": 0, "contact-center": 2}

# The lapse: Kanał Północ from the week of 31 August until 9 November, 1:1s only on
# these days.
LAPSE_TEAM = "kanal-polnoc"
LAPSE_FROM = date(2026, 8, 31)
LAPSE_END = date(2026, 11, 9)  # weekly 1:1s again from this week
LAPSE_ONE_ON_ONES = {
    "pawel-zielinski": ["2026-09-07", "2026-09-21", "2026-10-05", "2026-10-19", "2026-10-27"],
    "joanna-szymanska": ["2026-09-08", "2026-09-29", "2026-10-13"],
    "michal-wozniak": ["2026-09-02", "2026-09-30", "2026-10-08"],
    "ewa-krawczyk": ["2026-09-08", "2026-09-22", "2026-10-06", "2026-10-20"],
    "grzegorz-kaminski": ["2026-09-02", "2026-09-23", "2026-10-05"],
    "anna-lewandowska": ["2026-09-03", "2026-09-16", "2026-10-01", "2026-10-22"],
    "daniel-becker": ["2026-09-10", "2026-09-24", "2026-10-14", "2026-10-26"],
    "zofia-pietrzak": ["2026-09-14", "2026-09-28", "2026-10-19"],  # the new hire: her first day
}
LAPSE_SKIPPED = {  # (kind, month) -> people who get none that month
    ("coaching", 9): ["michal-wozniak", "grzegorz-kaminski"],
    ("coaching", 10): ["joanna-szymanska", "michal-wozniak", "ewa-krawczyk", "grzegorz-kaminski"],
    ("call_review", 9): ["michal-wozniak", "grzegorz-kaminski", "anna-lewandowska"],
    ("call_review", 10): ["joanna-szymanska", "michal-wozniak", "grzegorz-kaminski",
                          "anna-lewandowska"],
}
LAPSE_TEAM_MEETINGS_CANCELLED = [date(2026, 9, 28), date(2026, 10, 19), date(2026, 11, 2)]
# Katarzyna Ślęzak (Kanał Południe) notes the day an action was done, from October:
# `done: <date>` instead of `done: true` for the actions of sessions she leads. One
# done late, in November, still counts as overdue in October's pulse.
DONE_DATED = ("katarzyna-slezak", date(2026, 10, 1))
JOINT_TEAM = "kanal-poludnie"  # one group coaching in July, see CoachingLog.joint_people

# Call reviews Oliver Grant (presales, English) leads instead of the manager.
OLIVER_REVIEWS = {("daniel-becker", 6), ("pawel-zielinski", 7), ("daniel-becker", 9)}

# Actions still open at the end of October although due: (person, touchpoint date or
# kind, text, owner, due).
OVERDUE = [
    ("grzegorz-kaminski", "2026-09-23",
     "Uzupełnić w CRM etapy i następne kroki dla 12 otwartych szans", "grzegorz-kaminski",
     "2026-10-02"),
    ("grzegorz-kaminski", "2026-10-05",
     "Wrócić z decyzją dyrektora w sprawie rabatu projektowego dla Warmia-Net",
     "lukasz-wojcik", "2026-10-12"),
    ("kamil-zak", "coaching",
     "Odsłuchać trzy rozmowy z oceną 5 i spisać zwroty do skryptu", "kamil-zak", "2026-10-23"),
]

TRAININGS = [  # date, team, led by, minutes, topics, kpis
    ("2026-05-20", "kanal-polnoc", "tomasz-jablonski", 180,
     ["szkolenie produktowe: serwery nowej generacji", "licencjonowanie wirtualizacji"], ["avg_deal"]),
    ("2026-05-21", "kanal-poludnie", "tomasz-jablonski", 180,
     ["szkolenie produktowe: serwery nowej generacji", "licencjonowanie wirtualizacji"], ["avg_deal"]),
    ("2026-07-08", "kanal-polnoc", "malgorzata-kolodziej", 240,
     ["warsztat: negocjacje rabatów i ochrona marży", "rejestracja projektów"], ["win_rate", "avg_deal"]),
    ("2026-07-09", "kanal-poludnie", "malgorzata-kolodziej", 240,
     ["warsztat: negocjacje rabatów i ochrona marży", "rejestracja projektów"], ["win_rate", "avg_deal"]),
    ("2026-10-07", "kanal-polnoc", "oliver-grant", 120,
     ["cloud security bundles", "positioning with VAR partners", "deal registration for cloud"],
     ["avg_deal"]),
    ("2026-10-08", "kanal-poludnie", "oliver-grant", 120,
     ["cloud security bundles", "positioning with VAR partners", "deal registration for cloud"],
     ["avg_deal"]),
    # The contact centre trains for an hour on the first Wednesday of every month (the
    # hour is missing from the agents' available time in the telephony export).
    ("2026-05-06", "contact-center", "agnieszka-baczek", 60,
     ["nowy moduł zamówień w CRM", "kody rozmów"], ["crm_interactions"]),
    ("2026-06-03", "contact-center", "zaneta-dabrowska", 60,
     ["skrypt rozmowy o statusie zamówienia"], ["aht"]),
    ("2026-07-01", "contact-center", "zaneta-dabrowska", 60,
     ["trudne rozmowy i reklamacje", "empatia w rozmowie"], ["csat"]),
    ("2026-08-05", "contact-center", "tomasz-jablonski", 60,
     ["sezon szkolny: notebooki i monitory interaktywne"], ["avg_deal"]),
    ("2026-09-02", "contact-center", "zaneta-dabrowska", 60,
     ["nowy skrypt powitania", "pytanie zamykające"], ["conversion"]),
    ("2026-10-07", "contact-center", "tomasz-jablonski", 60,
     ["konfiguracje na sezon Q4", "akcesoria i gwarancje"], ["avg_deal"]),
    ("2026-11-04", "contact-center", "zaneta-dabrowska", 60,
     ["szczyt przed końcem roku: zamówienia hurtowe od resellerów", "kolejka w godzinach szczytu"],
     ["asa"]),
]

MENTORING = [
    {
        "mentor": "pawel-zielinski", "mentee": "natalia-jozwiak", "team": "kanal-poludnie",
        "start": date(2026, 5, 11), "end": date(2026, 12, 31), "day": 2, "minutes": [60, 45, 60],
        "skip": [date(2026, 8, 17)],  # Paweł at a partner event in Gdańsk that week
        "goal": ("Większe projekty z integratorami: sprzęt, licencje i wdrożenie w jednej ofercie",
                 "avg_deal", 28000, date(2026, 12, 31)),
        "text_goal": "Samodzielnie prowadzić rejestrację projektów u producenta i wnioski rabatowe",
        "topics": [
            ["kontrakt mentoringowy: cele i zasady", "średnia wartość transakcji"],
            ["rozmowa z integratorem o całym projekcie"],
            ["przygotowanie do spotkania u {partner}"],
            ["pakiety: sprzęt, licencje i wdrożenie"],
            ["przegląd trzech największych szans"],
            ["rejestracja projektów u producenta krok po kroku"],
            ["wnioski rabatowe: marża, konkurencja, wolumen"],
            ["negocjacje z partnerem VAR"],
            ["przegląd postępów: średnia transakcja"],
            ["relacje z decydentami u integratora"],
            ["plan kont na Q4"],
            ["przegląd postępów i cele na listopad"],
        ],
        "actions": [
            "Przygotować ofertę pakietową dla {partner} i przejść ją z mentorem przed wysłaniem",
            "Zarejestrować samodzielnie dwa projekty u producenta",
            "Poprosić presales o wycenę wdrożenia do projektu {partner}",
            "Spisać trzy pytania o plany klienta na cały rok i zadać je na kolejnym spotkaniu",
        ],
        "feedback": [
            ("reinforcing", "Spotkanie u {partner}, na którym byłem z Tobą",
             "{Zapytałeś|Zapytałaś} o projekt klienta końcowego, zanim padło pytanie o cenę",
             "Partner sam zaproponował, żebyśmy wycenili także wdrożenie"),
            ("developmental", "Oferta dla {partner}, którą mi {pokazałeś|pokazałaś}",
             "Gwarancję i wdrożenie {dałeś|dałaś} jako osobne pozycje „opcjonalnie” na końcu",
             "Partner skreśla to, co wygląda na opcję; w pakiecie ta sama wartość przechodzi"),
            ("reinforcing", "Wniosek rabatowy dla {partner} z tego tygodnia",
             "{Dołączyłeś|Dołączyłaś} marżę, ofertę konkurencji i wolumen na cały rok, bez mojej pomocy",
             "Wniosek przeszedł akceptację tego samego dnia, bez dopytywania"),
        ],
    },
    {
        "mentor": "sebastian-wrobel", "mentee": "bartosz-chmielewski", "team": "contact-center",
        "start": date(2026, 5, 25), "end": None, "day": 3, "minutes": [30, 45, 30],
        "skip": [],
        "goal": ("Krótsze rozmowy bez utraty jakości: struktura rozmowy i szablony notatek",
                 "aht", 280, date(2026, 12, 31)),
        "text_goal": "Prowadzić odsłuchy rozmów dla nowych konsultantów",
        "topics": [
            ["kontrakt mentoringowy: cele i zasady", "czas obsługi"],
            ["odsłuch moich rozmów: struktura"],
            ["szablony notatek i kody rozmów"],
            ["skróty w systemie zamówień"],
            ["rozmowy reklamacyjne"],
            ["przegląd postępów: czas obsługi"],
            ["dosprzedaż akcesoriów bez wydłużania rozmowy"],
            ["jak prowadzić odsłuch dla innych"],
            ["pierwszy samodzielny odsłuch"],
            ["przygotowanie do szczytu Q4"],
            ["przegląd postępów i cele na listopad"],
        ],
        "actions": [
            "Odsłuchać dwie swoje najdłuższe rozmowy z tygodnia i zaznaczyć, gdzie ucieka czas",
            "Przez tydzień używać tylko szablonów notatek",
            "Przygotować arkusz odsłuchu dla nowych konsultantów",
            "Poprowadzić odsłuch rozmowy z Sebastianem jako obserwatorem",
        ],
        "feedback": [
            ("reinforcing", "Twoja rozmowa {klient}, której słuchaliśmy razem",
             "{Podsumowałeś|Podsumowałaś} ustalenia jednym zdaniem i {zamknąłeś|zamknęłaś} rozmowę",
             "Rozmowa trwała niecałe 4 minuty, a klient nie miał pytań"),
            ("developmental", "Rozmowy o statusie zamówień z tego tygodnia",
             "W co drugiej {szukałeś|szukałaś} zamówienia po nazwie firmy zamiast po NIP",
             "Każde takie wyszukiwanie to około 40 sekund ciszy na linii"),
            ("reinforcing", "Odsłuch rozmowy, który {poprowadziłeś|poprowadziłaś} dla nowej osoby",
             "{Zacząłeś|Zaczęłaś} od tego, co poszło dobrze, i {wskazałeś|wskazałaś} jedną rzecz do zmiany",
             "Nowa konsultantka sama poprosiła o kolejny odsłuch w przyszłym tygodniu",
             date(2026, 10, 15)),  # not before the first review he leads
        ],
    },
]
ENGLISH = {"daniel-becker", "oliver-grant"}  # sessions for or led by them are in English

MONTH_IN = {4: "w kwietniu", 5: "w maju", 6: "w czerwcu", 7: "w lipcu", 8: "w sierpniu",
            9: "we wrześniu", 10: "w październiku"}
MONTH_IN_EN = {4: "in April", 5: "in May", 6: "in June", 7: "in July", 8: "in August",
               9: "in September", 10: "in October"}
MONTH_NAME = {5: "maj", 6: "czerwiec", 7: "lipiec", 8: "sierpień", 9: "wrzesień", 10: "październik",
              11: "listopad"}
DAY_ON = ["w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek"]
DAY_LAST = ["w ubiegły poniedziałek", "w ubiegły wtorek", "w ubiegłą środę",
            "w ubiegły czwartek", "w ubiegły piątek"]
DAY_ON_EN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday"]
DAY_LAST_EN = ["last Monday", "last Tuesday", "last Wednesday", "last Thursday", "last Friday"]


def fmt_kpi(kpi, v, en=False):
    """A KPI value as a person would write it in a note (Polish or English)."""
    f = KPI_FORMAT[kpi]
    if f == "percent":
        text = f"{v * 100:.1f}%"
    elif f == "currency":
        n = round(v)
        text = f"PLN {n:,}" if en else (f"{n:,}".replace(",", " ") if n >= 10000 else str(n)) + " zł"
        return text
    elif f == "duration":
        s = round(v)
        return f"{s // 60} min {s % 60} s"
    elif f == "days":
        return f"{round(v)} days" if en else f"{round(v)} dni"
    elif f == "score":
        text = f"{v:.2f}" if kpi == "csat" else str(round(v))
    else:
        text = str(round(v))
    return text if en else text.replace(".", ",")


def fmt_target(kpi, t, en=False):
    """A target as a person would write it: a number, or a band "75–85%",
    "4 min 30 s – 5 min 30 s", "co najmniej 75%"."""
    if not isinstance(t, Band):
        return fmt_kpi(kpi, t, en)
    if KPI_FORMAT[kpi] == "percent":
        edge = [None if x is None else f"{x * 100:g}" for x in t]
        unit = "%"
    else:
        edge = [None if x is None else fmt_kpi(kpi, x, en) for x in t]
        unit = ""
    lo, hi = edge
    if lo is None:
        return ("at most " if en else "najwyżej ") + hi + unit
    if hi is None:
        return ("at least " if en else "co najmniej ") + lo + unit
    return f"{lo}–{hi}{unit}" if unit else f"{lo} – {hi}"


GENDER = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


def say(text, ctx):
    """Fill a text: `{m|f}` by the person's gender, then the `{name}` placeholders."""
    text = GENDER.sub(lambda m: m.group(2) if ctx["female"] else m.group(1), text)
    return text.format(**ctx)


class CoachingLog:
    def __init__(self, crm, calls):
        self.values = monthly_kpis(crm, calls)
        self.targets = Targets()
        self.present = {}
        for d, pid, _ in crm:
            self.present.setdefault(pid, set()).add(d)
        self.names = {slug(n): n for n, *_ in STAFF}
        self.names.update({slug(n): n for _, n, *_ in CHANNEL})
        self.names.update({slug(n): n for n, *_ in CONTACT})
        self.members = {tid: [slug(n) for t, n, *_ in CHANNEL if t == tid] for tid, *_ in TEAMS}
        self.members["contact-center"] = [slug(n) for n, *_ in CONTACT]
        self.manager = {tid: slug(m) for tid, _, m in TEAMS}
        self.team_of = {pid: tid for tid, ps in self.members.items() for pid in ps}
        self.touchpoints = []
        self.used = {}
        self.recent = {}
        self.one_on_one_days = {}
        self.mentoring_held = {}  # mentee -> (meetings held, feedback items given)
        self.asof = COACH_CLOSED  # the day the log is written up to: done flags, first_day
        self.in_progress = False  # drawing the partial month

    # --- people and calendar

    def rng(self, *key):
        """A generator per touchpoint kind and person; in the partial November one of
        its own, so the closed months draw the same numbers with or without it."""
        key = key + ((PARTIAL,) if self.in_progress else ())
        return random.Random(":".join([str(SEED), "coaching"] + [str(k) for k in key]))

    def at_work(self, pid, d):
        if not working_day(d):
            return False
        if pid in self.team_of:
            return d.isoformat() in self.present[pid]
        return not any(a <= d <= b for a, b in MANAGER_AWAY.get(pid, []))

    def first_day(self, candidates, people):
        for d in candidates:
            if COACH_FIRST <= d <= self.asof and all(self.at_work(p, d) for p in people):
                return d
        return None

    @staticmethod
    def week_days(monday, preferred):
        """The days of a week, the preferred one first, then later, then earlier ones."""
        order = list(range(preferred, 5)) + list(range(preferred - 1, -1, -1))
        return [monday + timedelta(days=i) for i in order]

    def started_in(self, pid, month):
        start = self.targets.person[pid][1].get("start", "")
        return start[:7] == f"2026-{month:02d}"

    def kind_of(self, pid):
        return "contact-center" if self.team_of[pid] == "contact-center" else "channel"

    # --- KPIs of the month before

    def rated(self, pid, month, pool):
        """(kpi, status, attainment, value, target) for the pool KPIs the person has a
        value and a target for in `month`."""
        key = (pid, f"2026-{month:02d}")
        out = []
        for kpi in pool:
            v, t = self.values.get(key, {}).get(kpi), self.targets(pid, kpi, key[1])
            if v is not None and t is not None and (v != 0 or KPI_DEFS[kpi][2] == "higher"):
                out.append((kpi, kpi_status(kpi, v, t), attainment(kpi, v, t), v, t))
        return out

    def weak(self, pid, month, pool):
        r = [x for x in self.rated(pid, month, pool) if x[1] != "green"]
        return [x[0] for x in sorted(r, key=lambda x: (x[1] != "red", x[2], pool.index(x[0])))]

    def strong(self, pid, month, pool):
        r = [x for x in self.rated(pid, month, pool) if x[1] == "green"]
        return [x[0] for x in sorted(r, key=lambda x: (-x[2], pool.index(x[0])))]

    # --- texts

    def context(self, rng, pid, d, kpi=None):
        en = pid in ENGLISH
        prev = d.month - 1
        partner, city, from_city = rng.choice(PARTNERS.get(self.team_of.get(pid), PARTNERS["kanal-polnoc"]))
        product, product_gen = rng.choice(PRODUCTS)
        back = d - timedelta(days=rng.randint(1, 3))
        while not working_day(back):
            back -= timedelta(days=1)
        same_week = back.isocalendar()[1] == d.isocalendar()[1]
        ctx = {
            "female": self.names[pid].split()[0].endswith("a"),
            "partner": f"{partner} {from_city}", "partner_en": f"{partner} ({city})",
            "partner_name": partner,
            "klient": rng.choice(CUSTOMERS), "produkt": product, "produkt_gen": product_gen,
            "produkt_en": rng.choice(PRODUCTS_EN), "produkt_cc": rng.choice(PRODUCTS_CC),
            "dzien": (DAY_ON_EN if en else DAY_ON)[back.weekday()] if same_week
            else (DAY_LAST_EN if en else DAY_LAST)[back.weekday()],
            "miesiac": (MONTH_IN_EN if en else MONTH_IN)[prev],
            # numbers with the same Polish plural form: 4-9 after "z"/"do", 5-9 and 12-21
            # after "było"/"minęło", 2-4 with a plural verb
            "n": rng.randint(4, 9), "n5": rng.randint(5, 9), "n2": rng.randint(12, 21),
            "n3": rng.randint(2, 4),
            "val": "", "target": "",
        }
        if kpi:
            v = self.values.get((pid, f"2026-{prev:02d}"), {}).get(kpi)
            t = self.targets(pid, kpi, f"2026-{prev:02d}")
            if v is not None:
                ctx["val"] = fmt_kpi(kpi, v, en)
            if t is not None:
                ctx["target"] = fmt_target(kpi, t, en)
        return ctx

    def texts(self, pid):
        if pid in ENGLISH:
            return TEXTS_EN
        return TEXTS_CC if self.kind_of(pid) == "contact-center" else TEXTS_CHANNEL

    def pick(self, rng, key, options):
        """Rotate through `options` per key, from a random first one, so a person does
        not hear the same sentence twice in a row."""
        if key not in self.used:
            self.used[key] = rng.randrange(len(options))
        i = self.used[key]
        self.used[key] += 1
        return options[i % len(options)]

    def side(self, pid, d, kpi):
        """"below" or "above" when the person was outside a band on the KPI in the
        month before `d`, else None."""
        period = f"2026-{d.month - 1:02d}"
        v = self.values.get((pid, period), {}).get(kpi)
        return None if v is None else band_side(v, self.targets(pid, kpi, period))

    def options(self, texts, pid, d, kpi, part):
        """(texts, side): a KPI's texts of one part ("dev", "actions", "topics"); when
        the person was outside a band, those for that side of it where there are any."""
        side = self.side(pid, d, kpi)
        if side and f"{part}_{side}" in texts[kpi]:
            return texts[kpi][f"{part}_{side}"], (side,)
        return texts[kpi][part], ()

    def feedback(self, rng, pid, d, kpi, kind):
        """An SBI item on a KPI, or None when every one was used in the last six weeks."""
        if kind == "reinforcing":
            options, side = self.texts(pid)[kpi]["rein"], ()
        else:
            options, side = self.options(self.texts(pid), pid, d, kpi, "dev")
        recent = self.recent.setdefault(pid, [])
        for _ in options:
            s, b, i = self.pick(rng, (pid, kpi, kind) + side, options)
            if not any(t == s and (d - when).days < 42 for when, t in recent):
                recent.append((d, s))
                ctx = self.context(rng, pid, d, kpi)
                return {"type": kind, "situation": say(s, ctx), "behaviour": say(b, ctx),
                        "impact": say(i, ctx)}
        return None

    def some_feedback(self, rng, pid, d, kpis, kind):
        """(kpi, item) for the first of `kpis` with an SBI item not used lately."""
        for kpi in kpis:
            item = self.feedback(rng, pid, d, kpi, kind)
            if item:
                return kpi, item
        return None, None

    def last_day(self, pid):
        """The last day of a person who leaves, else None."""
        if pid not in self.targets.person:
            return None
        end = employed(self.targets.person[pid][1])[1]
        return end if end < COACH_LAST else None

    def action(self, rng, pid, led_by, d, text, owner, ctx=None):
        due = d + timedelta(days=rng.choice([7, 7, 10, 14, 14, 21]))
        while not working_day(due):
            due += timedelta(days=1)
        last = self.last_day(pid)
        if last and due > last:  # agreed with someone who is leaving: due by their last day
            due = max(d, last)
        ctx = ctx or self.context(rng, pid, d)
        done = due < self.asof or rng.random() < 0.25
        text = say(text, ctx)
        owner = pid if owner == "rep" else led_by
        if done and led_by == DONE_DATED[0] and d >= DONE_DATED[1]:
            done = self.done_on(pid, owner, d, due, text)
        return {"text": text, "owner": owner, "due": due, "done": done}

    def done_on(self, pid, owner, d, due, text):
        """The day a done action was done (see DONE_DATED): mostly by its due date, now
        and then a few days late, never after the day the log is written up to or
        after the person's last day; True when no such day is left."""
        rng = random.Random(f"{SEED}:done:{pid}:{d}:{text}")
        last = min(COACH_LAST, self.last_day(pid) or COACH_LAST)
        if due < self.asof and rng.random() < 0.3:  # late: one to two weeks, perhaps in November
            late = [x for x in days(due + timedelta(days=rng.randint(5, 14)), last) if self.at_work(owner, x)]
            if late:
                return late[0]
        options = [x for x in days(d + timedelta(days=1), min(last, self.asof, due)) if self.at_work(owner, x)]
        return rng.choice(options) if options else True

    def kpi_action(self, rng, pid, led_by, d, kpi, texts=None):
        """An action on a KPI, or None when every one was agreed in the last five weeks."""
        options, side = self.options(texts or self.texts(pid), pid, d, kpi, "actions")
        recent = self.recent.setdefault(pid, [])
        for _ in options:
            text, owner = self.pick(rng, (pid, kpi, "action") + side, options)
            if not any(t == text and (d - when).days < 35 for when, t in recent):
                recent.append((d, text))
                return self.action(rng, pid, led_by, d, text, owner, self.context(rng, pid, d, kpi))
        return None

    def topic(self, rng, pid, d, kpi, texts=None):
        return rng.choice(self.options(texts or self.texts(pid), pid, d, kpi, "topics")[0])

    def add(self, file, d, kind, who, led_by, minutes, topics=(), kpis=(), feedback=(), actions=()):
        tp = {"file": file, "date": d, "kind": kind, "led_by": led_by, "minutes": minutes,
              "topics": list(dict.fromkeys(topics)), "kpis": list(dict.fromkeys(kpis)),
              "feedback": [f for f in feedback if f], "actions": [a for a in actions if a]}
        tp.update(who)
        self.touchpoints.append(tp)
        return tp

    # --- the touchpoints

    def one_on_ones(self, tid, weeks=WEEKS):
        mgr = self.manager[tid]
        for pid in self.members[tid]:
            rng = self.rng("1on1", pid)
            days = []
            for monday in weeks:
                if tid == LAPSE_TEAM and LAPSE_FROM <= monday < LAPSE_END:
                    continue
                if rng.random() < 0.03:  # a week that just did not happen
                    continue
                d = self.first_day(self.week_days(monday, ONE_ON_ONE_DAY[pid]), [pid, mgr])
                if d:
                    days.append(d)
            if tid == LAPSE_TEAM and not self.in_progress:
                for text in LAPSE_ONE_ON_ONES[pid]:
                    d = date.fromisoformat(text)
                    assert self.at_work(pid, d) and self.at_work(mgr, d), (pid, d)
                    days.append(d)
            self.one_on_one_days.setdefault(pid, []).extend(days)
            for d in days:
                self.one_on_one(rng, tid, pid, mgr, d)

    def one_on_one(self, rng, tid, pid, mgr, d):
        en = pid in ENGLISH
        kind = self.kind_of(pid)
        lapse = tid == LAPSE_TEAM and LAPSE_FROM <= d < LAPSE_END
        minutes = rng.choice([20, 25, 20, 30]) if lapse else rng.choice(ONE_ON_ONE_MINUTES[mgr])
        pool = ONE_ON_ONE_TOPICS["en" if en else kind]
        topics = rng.sample(pool, 2)
        if rng.random() < 0.4:
            season = SEASON_TOPICS_EN if en else SEASON_TOPICS[kind]
            topics.append(rng.choice(season[d.month]))
        if kind == "channel" and rng.random() < 0.3:
            ctx = self.context(rng, pid, d)
            topics.insert(0, f"{'project' if en else 'projekt'} {ctx['partner_name']}")
        if lapse and rng.random() < 0.35:
            topics.append("rescheduled twice" if en else "spotkanie przełożone")
        start = self.targets.person[pid][1].get("start")
        if start and (d - date.fromisoformat(start)).days < 28:
            topics.insert(0, "first weeks in the team" if en else "wdrożenie: pierwsze tygodnie w zespole")
        if tid == LAPSE_TEAM and LAPSE_END <= d < LAPSE_END + timedelta(days=7):
            topics.insert(0, "back to weekly 1:1s after the tender" if en
                          else "po przetargu: wracamy do cotygodniowych 1:1")
        weak = self.weak(pid, d.month - 1, COACHABLE[kind])
        strong = self.strong(pid, d.month - 1, COACHABLE[kind])
        kpis, feedback, actions = [], [], []
        if rng.random() < 0.3 and (weak or strong):
            if weak and (rng.random() < 0.55 or not strong):
                kpi, item = self.some_feedback(rng, pid, d, weak[:3], "developmental")
                if kpi and rng.random() < 0.8:
                    actions.append(self.kpi_action(rng, pid, mgr, d, kpi))
            else:
                kpi, item = self.some_feedback(rng, pid, d, strong[:3], "reinforcing")
            if kpi:
                kpis.append(kpi)
                feedback.append(item)
        elif weak and rng.random() < 0.2:
            kpis.append(weak[0])
            topics.append(self.topic(rng, pid, d, weak[0]))
        if not any(actions) and rng.random() < 0.25:
            text, owner = rng.choice(ONE_ON_ONE_ACTIONS["en" if en else kind])
            recent = self.recent.setdefault(pid, [])
            if not any(t == text and (d - when).days < 35 for when, t in recent):
                recent.append((d, text))
                actions.append(self.action(rng, pid, mgr, d, text, owner))
        self.add(tid, d, "one_on_one", {"person": pid}, mgr, minutes, topics, kpis, feedback, actions)

    def monthly(self, tid, kind, months=COACH_MONTHS):
        """Coaching sessions, and call reviews outside the contact centre: once a month
        per person, in the second or third week, on a day without a 1:1. In the month
        in progress only those due by the last day with data (none moved earlier)."""
        mgr = self.manager[tid]
        pk = "contact-center" if tid == "contact-center" else "channel"
        joint = self.joint_people() if tid == JOINT_TEAM else []
        for i, pid in enumerate(self.members[tid]):
            rng = self.rng(kind, pid)
            for month in months:
                if tid == LAPSE_TEAM and pid in LAPSE_SKIPPED.get((kind, month), []):
                    continue
                if self.started_in(pid, month):  # the first weeks in the job: onboarding
                    continue
                if kind == "coaching" and month == 7 and pid in joint:
                    continue
                if month == 8 and rng.random() < 0.35:  # holidays
                    continue
                led_by = "oliver-grant" if kind == "call_review" and (pid, month) in OLIVER_REVIEWS else mgr
                first = 6 + (3 * i + (7 if kind == "call_review" else 0)) % 15
                start = date(2026, month, first)
                days = [start + timedelta(days=k) for k in range(0, 40)]
                days = [x for x in days if x.month == month] + \
                       ([] if self.in_progress else [date(2026, month, k) for k in range(first - 1, 0, -1)])
                days = [x for x in days if x not in self.one_on_one_days.get(pid, [])]
                if tid == LAPSE_TEAM and month == LAPSE_END.month and start < LAPSE_END:
                    continue  # due in the week the tender was handed in: missed
                d = self.first_day(days, [pid, led_by])
                if d is None:
                    continue
                if kind == "coaching":
                    self.coaching(rng, tid, pid, mgr, d, pk)
                else:
                    self.call_review(rng, tid, pid, led_by, d, pk)

    def coaching(self, rng, tid, pid, mgr, d, pk):
        weak = self.weak(pid, d.month - 1, COACHABLE[pk])
        strong = self.strong(pid, d.month - 1, COACHABLE[pk])
        kpis = weak[:2] if weak else strong[:1]
        topics = [self.topic(rng, pid, d, k) for k in kpis]
        if not weak:
            topics.append("development plan" if pid in ENGLISH else "rozwój: kolejny krok")
        feedback, actions = [], []
        if weak and rng.random() < 0.6:
            feedback.append(self.some_feedback(rng, pid, d, weak[:2], "developmental")[1])
        if strong and (not weak or rng.random() < 0.35):
            feedback.append(self.some_feedback(rng, pid, d, strong[:1], "reinforcing")[1])
        for k in kpis[:2]:
            if k in weak and (k == kpis[0] or rng.random() < 0.5):
                actions.append(self.kpi_action(rng, pid, mgr, d, k))
        self.add(tid, d, "coaching", {"person": pid}, mgr, rng.choice([45, 60, 60, 50]),
                 topics, kpis, feedback, actions)

    def call_review(self, rng, tid, pid, led_by, d, pk):
        en = pid in ENGLISH or led_by in ENGLISH
        weak = self.weak(pid, d.month - 1, REVIEWABLE[pk])
        strong = self.strong(pid, d.month - 1, REVIEWABLE[pk])
        kpis = weak[:2] if weak else strong[:1]
        ctx = self.context(rng, pid, d)
        if pk == "contact-center":
            topics = [f"odsłuch {ctx['n3']} rozmów"]
            minutes = rng.choice([20, 25, 30, 30])
        elif en:
            topics = [rng.choice([f"recorded call with {ctx['partner_en']}",
                                  f"joint visit to {ctx['partner_en']}"])]
            minutes = rng.choice([30, 45])
        else:
            topics = [rng.choice([f"nagranie rozmowy z {ctx['partner_name']}",
                                  f"wspólna wizyta u {ctx['partner_name']}"])]
            minutes = rng.choice([30, 45, 45, 60])
        texts = TEXTS_EN if en else self.texts(pid)
        topics += [self.topic(rng, pid, d, k, texts) for k in kpis[:1]]
        feedback, actions = [], []
        if kpis and rng.random() < (0.4 if pk == "contact-center" else 0.55):
            k = kpis[0]
            kind = "developmental" if k in weak else "reinforcing"
            if en and pid not in ENGLISH:  # Oliver's notes for a Polish rep
                s, b, i = self.pick(rng, (pid, k, kind, "en"), TEXTS_EN[k]["dev" if kind == "developmental" else "rein"])
                c = self.context(rng, pid, d, k)
                c.update({"val": fmt_kpi(k, self.values[(pid, f"2026-{d.month - 1:02d}")][k], True),
                          "target": fmt_target(k, self.targets(pid, k, f"2026-{d.month - 1:02d}"), True),
                          "miesiac": MONTH_IN_EN[d.month - 1]})
                feedback.append({"type": kind, "situation": say(s, c), "behaviour": say(b, c),
                                 "impact": say(i, c)})
            else:
                feedback.append(self.feedback(rng, pid, d, k, kind))
        if weak and rng.random() < (0.3 if pk == "contact-center" else 0.45):
            actions.append(self.kpi_action(rng, pid, led_by, d, weak[0], TEXTS_EN if en else None))
        self.add(tid, d, "call_review", {"person": pid}, led_by, minutes, topics, kpis, feedback, actions)

    def weekly_call_reviews(self, tid, weeks=WEEKS):
        """The contact centre reviews calls weekly, on Thursday or Friday."""
        mgr = self.manager[tid]
        for i, pid in enumerate(self.members[tid]):
            rng = self.rng("call_review", pid)
            for monday in weeks:
                days = self.week_days(monday, 3 + i % 2)
                d = self.first_day(days, [pid, mgr])
                led_by = mgr
                if d is None and pid != DEPUTY[tid]:
                    d = self.first_day(days, [pid, DEPUTY[tid]])
                    led_by = DEPUTY[tid]
                if d is None or (monday.month == 8 and rng.random() < 0.2):
                    continue
                self.call_review(rng, tid, pid, led_by, d, "contact-center")

    def team_meetings(self, tid, weeks=WEEKS):
        mgr = self.manager[tid]
        rng = self.rng("team", tid)
        pk = "contact-center" if tid == "contact-center" else "channel"
        first_of_month = set()
        for monday in weeks:
            if tid == LAPSE_TEAM and monday + timedelta(days=TEAM_MEETING_DAY[tid]) in LAPSE_TEAM_MEETINGS_CANCELLED:
                continue
            days = self.week_days(monday, TEAM_MEETING_DAY[tid])
            d, led_by = self.first_day(days[:2], [mgr]), mgr
            if d is None and tid in DEPUTY:
                d, led_by = self.first_day(days[:2], [DEPUTY[tid]]), DEPUTY[tid]
            if d is None:
                continue
            monthly = d.month not in first_of_month
            first_of_month.add(d.month)
            topics = ["lejek tygodnia" if pk == "channel" else "kolejka tygodnia"]
            topics += rng.sample(TEAM_MEETING_TOPICS[pk][d.month], 2)
            if monthly:
                topics.insert(0, "przegląd wyników miesiąca")
            if tid == LAPSE_TEAM and LAPSE_FROM <= d < LAPSE_END:
                topics.append("przetarg na wyposażenie szkół w województwie pomorskim")
            elif tid == LAPSE_TEAM and LAPSE_END <= d:
                topics.append("przetarg na wyposażenie szkół: oferta złożona, czekamy na wynik")
            kpis = []
            if monthly:
                kpis = ["revenue", "deals", "win_rate"] if pk == "channel" else ["asa", "abandonment", "csat"]
            minutes = (60 if monthly else 45) if pk == "channel" else 30
            self.add(tid, d, "team_meeting", {"team": tid}, led_by, minutes, topics, kpis)

    def trainings(self, first, last):
        for d, tid, led_by, minutes, topics, kpis in TRAININGS:
            if first <= date.fromisoformat(d) <= last:
                self.add(tid, date.fromisoformat(d), "training", {"team": tid}, led_by, minutes, topics,
                         kpis)

    def joint_people(self):
        """The two people in Kanał Południe weakest on win rate in June: in July they
        get a group coaching on deal registration instead of their own session."""
        pool = [p for p in self.members[JOINT_TEAM] if "win_rate" in self.weak(p, 6, ["win_rate"])]
        return sorted(pool, key=lambda p: attainment("win_rate", self.values[(p, "2026-06")]["win_rate"],
                                                     self.targets(p, "win_rate", "2026-06")))[:2]

    def joint_session(self):
        people = self.joint_people()
        days = [date(2026, 7, 22) + timedelta(days=k) for k in range(10)]
        d = self.first_day(days, people + ["katarzyna-slezak"])
        rng = self.rng("joint")
        acts = [self.action(rng, p, "katarzyna-slezak", d,
                            "Zarejestrować u producenta wszystkie otwarte projekty powyżej 50 tys. zł", "rep")
                for p in people]
        self.add("kanal-poludnie", d, "coaching", {"people": people}, "katarzyna-slezak", 90,
                 ["warsztat: rejestracja projektów u producenta", "rabaty projektowe"], ["win_rate"],
                 [], acts)

    def mentoring(self, weeks=WEEKS):
        for m in MENTORING:
            rng = self.rng("mentoring", m["mentee"])
            n, given = self.mentoring_held.get(m["mentee"], (0, 0))
            for monday in weeks:
                if monday < m["start"] or monday.isocalendar()[1] % 2:
                    continue
                if monday in m["skip"]:
                    continue
                d = self.first_day(self.week_days(monday, m["day"]), [m["mentor"], m["mentee"]])
                if d is None:
                    continue
                topics = [say(t, self.context(rng, m["mentee"], d)) for t in m["topics"][n % len(m["topics"])]]
                kpis = [m["goal"][1]] if n == 0 or rng.random() < 0.5 else []
                feedback, actions = [], []
                if n > 0 and rng.random() < 0.3:
                    allowed = [f for f in m["feedback"] if len(f) == 4 or d >= f[4]]
                    kind, s, b, i = allowed[given % len(allowed)][:4]
                    given += 1
                    ctx = self.context(rng, m["mentee"], d)
                    feedback.append({"type": kind, "situation": say(s, ctx), "behaviour": say(b, ctx),
                                     "impact": say(i, ctx)})
                if n > 0 and rng.random() < 0.45:
                    actions.append(self.action(rng, m["mentee"], m["mentor"], d,
                                               m["actions"][n % len(m["actions"])], "rep"))
                self.add("mentoring", d, "mentoring", {"person": m["mentee"]}, m["mentor"],
                         rng.choice(m["minutes"]), topics, kpis, feedback, actions)
                n += 1
            self.mentoring_held[m["mentee"]] = (n, given)

    def overdue(self):
        for pid, when, text, owner, due in OVERDUE:
            tps = [t for t in self.touchpoints if t.get("person") == pid and
                   ((t["kind"] == "one_on_one" and t["date"].isoformat() == when) or
                    (t["kind"] == when and t["date"].month == 10))]
            assert len(tps) == 1, (pid, when)
            tps[0]["actions"].append({"text": text, "owner": owner, "due": date.fromisoformat(due),
                                      "done": False})

    def build(self):
        for tid, *_ in TEAMS:
            self.one_on_ones(tid)
            self.monthly(tid, "coaching")
            if tid == "contact-center":
                self.weekly_call_reviews(tid)
            else:
                self.monthly(tid, "call_review")
            self.team_meetings(tid)
        self.trainings(COACH_FIRST, COACH_CLOSED)
        self.joint_session()
        self.mentoring()
        self.overdue()
        self.november()
        kinds = ["team_meeting", "training", "one_on_one", "coaching", "call_review", "mentoring"]
        order = {pid: i for i, pid in enumerate(self.names)}
        self.touchpoints.sort(key=lambda t: (t["date"], kinds.index(t["kind"]),
                                             order.get(t.get("person"), -1), t["led_by"]))

    def november(self):
        """The first two weeks of November, the month in progress, after the closed
        months: every kind of touchpoint from generators of its own, up to the last day
        with data. The rotation of texts and the recently used ones carry on."""
        self.asof, self.in_progress = COACH_LAST, True
        for tid, *_ in TEAMS:
            self.one_on_ones(tid, PARTIAL_WEEKS)
            self.monthly(tid, "coaching", [PARTIAL_FIRST.month])
            if tid == "contact-center":
                self.weekly_call_reviews(tid, PARTIAL_WEEKS)
            else:
                self.monthly(tid, "call_review", [PARTIAL_FIRST.month])
            self.team_meetings(tid, PARTIAL_WEEKS)
        self.trainings(PARTIAL_FIRST, COACH_LAST)
        self.mentoring(PARTIAL_WEEKS)

    def goals(self, m):
        text, kpi, target, by = m["goal"]
        v = self.values[(m["mentee"], f"{m['start']:%Y-%m}")][kpi]
        baseline = round(v) if KPI_FORMAT[kpi] in ("currency", "duration", "integer") else round(v, 3)
        return [{"text": text, "kpi": kpi, "baseline": baseline, "target": target, "by": by},
                {"text": m["text_goal"]}]


# --- coaching log: YAML -------------------------------------------------------------

PLAIN = re.compile(r"[A-Za-ząćęłńóśźżĄĆĘŁŃÓŚŹŻ][\w ąćęłńóśźżĄĆĘŁŃÓŚŹŻ/-]*")


def q(text):
    return json.dumps(text, ensure_ascii=False)


def flow(items):
    out = []
    for t in items:
        plain = PLAIN.fullmatch(t) and t.lower() not in ("yes", "no", "on", "off", "true", "false", "null") \
            and not t.endswith(" ")
        out.append(t if plain else q(t))
    return "[" + ", ".join(out) + "]"


def touchpoint_yaml(t):
    lines = [f"  - date: {t['date'].isoformat()}", f"    kind: {t['kind']}"]
    if "person" in t:
        lines.append(f"    person: {t['person']}")
    elif "people" in t:
        lines.append(f"    people: {flow(t['people'])}")
    else:
        lines.append(f"    team: {t['team']}")
    lines.append(f"    led_by: {t['led_by']}")
    lines.append(f"    minutes: {t['minutes']}")
    if t["topics"]:
        lines.append(f"    topics: {flow(t['topics'])}")
    if t["kpis"]:
        lines.append(f"    kpis: {flow(t['kpis'])}")
    if t["feedback"]:
        lines.append("    feedback:")
        for f in t["feedback"]:
            lines += [f"      - type: {f['type']}", f"        situation: {q(f['situation'])}",
                      f"        behaviour: {q(f['behaviour'])}", f"        impact: {q(f['impact'])}"]
    if t["actions"]:
        lines.append("    actions:")
        for a in t["actions"]:
            done = a["done"].isoformat() if isinstance(a["done"], date) else str(a["done"]).lower()
            lines += [f"      - text: {q(a['text'])}", f"        owner: {a['owner']}",
                      f"        due: {a['due'].isoformat()}", f"        done: {done}"]
    return lines


def touchpoints_yaml(header, tps):
    out = header + ["", "touchpoints:"]
    month = None
    for t in tps:
        if t["date"].month != month:
            month = t["date"].month
            out += ([""] if out[-1] != "touchpoints:" else []) + [f"  # --- {MONTH_NAME[month]} 2026 ---"]
        out += touchpoint_yaml(t)
    return "\n".join(out) + "\n"


RHYTHM_YAML = """\
# Acme Channel — the planned coaching rhythm for every team member (managers excluded).
# Generated by generate.py; edit the script, not this file.
rhythm:
  one_on_one: weekly
  coaching: monthly
  call_review: monthly
  team_meeting: weekly
  training: quarterly
  teams:
    contact-center:
      call_review: weekly      # a weekly listen to recorded calls
"""


def mentoring_yaml(log, tps):
    out = ["# Acme Channel — mentoring relationships, their goals, and the mentoring meetings.",
           "# A goal on a KPI starts from the mentee's value in the month the mentoring began.",
           "# Generated by generate.py; edit the script, not this file.", "", "mentoring:"]
    for m in MENTORING:
        out += [f"  - mentor: {m['mentor']}", f"    mentee: {m['mentee']}",
                f"    start: {m['start'].isoformat()}"]
        if m["end"]:
            out.append(f"    end: {m['end'].isoformat()}")
        out += ["    frequency: biweekly", "    goals:"]
        for g in log.goals(m):
            out.append(f"      - text: {q(g['text'])}")
            if "kpi" in g:
                out += [f"        kpi: {g['kpi']}", f"        baseline: {g['baseline']}",
                        f"        target: {g['target']}", f"        by: {g['by'].isoformat()}"]
    return "\n".join(out) + "\n" + touchpoints_yaml([], tps)


def write_coaching(crm, calls):
    log = CoachingLog(crm, calls)
    log.build()
    folder = os.path.join(HERE, "coaching")
    write(os.path.join(folder, "rhythm.yaml"), RHYTHM_YAML.encode("utf-8"))
    for tid, tname, manager in TEAMS:
        header = [f"# Acme Channel — {tname}: the coaching log, May 2026 – 13 November 2026",
                  "# (November in progress): 1:1s, coaching, call reviews, team meetings, training.",
                  f"# Team manager: {manager}.",
                  "# Generated by generate.py; edit the script, not this file."]
        tps = [t for t in log.touchpoints if t["file"] == tid]
        write(os.path.join(folder, f"{tid}.yaml"), touchpoints_yaml(header, tps).encode("utf-8"))
    tps = [t for t in log.touchpoints if t["file"] == "mentoring"]
    write(os.path.join(folder, "mentoring.yaml"), mentoring_yaml(log, tps).encode("utf-8"))
    return len(log.touchpoints)


# --- plan.yaml ----------------------------------------------------------------------
#
# The sales plan for 2026, set at the start of the year from the 2025 actuals: each
# team's revenue and deals of the same month last year, grown by 5 % in January rising
# to 10 % in December, the year-end push. The data starts in May 2025, so January –
# April are planned from the 2025 average per working day, times the month's working
# days and the seasonal profile (flatter in the contact centre, whose demand swings
# less). Kanał Południe also plans the new hire's ramped
# quota from February. The contact centre plans Q4 in three explicit scenarios, with
# more room up than down; everything else takes the book's multipliers.

PLAN_YEAR = 2026
PLAN_SCENARIOS = (0.85, 1.15)
PLAN_SEASON_EXPONENT = {"kanal-polnoc": 1.0, "kanal-poludnie": 1.0, "contact-center": 0.5}
PLAN_EXPLICIT = {"contact-center": ({10, 11, 12}, 0.88, 1.2)}  # team: (months, min, max)
PLAN_NEW_HIRES = {"kanal-poludnie": ["Natalia Jóźwiak"]}


def working_days_in(year, month):
    """Monday to Friday minus Polish public holidays minus the company days off."""
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return sum(1 for d in days(first, last) if working_day(d))


def team_months(crm):
    """Revenue and deals per (team, "YYYY-MM") from the CRM rows."""
    team_of = {slug(n): t for t, n, *_ in CHANNEL}
    team_of.update({slug(n): "contact-center" for n, *_ in CONTACT})
    sums = {}
    for d, pid, row in crm:
        acc = sums.setdefault((team_of[pid], d[:7]), [0.0, 0])
        acc[0] += float(row["revenue"])
        acc[1] += int(row["deals"])
    return sums


def plan(crm):
    """{(team, month): (revenue, deals, explicit)}: the standard plan, and for explicit
    scenarios (min, max) multipliers, else None."""
    actual = team_months(crm)
    targets = Targets()
    out = {}
    for tid, *_ in TEAMS:
        season = {m: SEASON[m] ** PLAN_SEASON_EXPONENT[tid] for m in range(1, 13)}
        known = [m for m in range(1, 13) if (tid, f"{PLAN_YEAR - 1}-{m:02d}") in actual]
        per_day = [sum(actual[(tid, f"{PLAN_YEAR - 1}-{m:02d}")][i] for m in known) /
                   sum(season[m] * working_days_in(PLAN_YEAR - 1, m) for m in known) for i in (0, 1)]
        for m in range(1, 13):
            growth = 1.05 + 0.05 * (m - 1) / 11
            days_now = working_days_in(PLAN_YEAR, m)
            if m in known:
                base = actual[(tid, f"{PLAN_YEAR - 1}-{m:02d}")]
            else:
                base = [v * season[m] * days_now for v in per_day]
            revenue, deals = (v * growth for v in base)
            for name in PLAN_NEW_HIRES.get(tid, []):
                pid = slug(name)
                start = date.fromisoformat(next(x for t, n, x, *_ in CHANNEL if n == name)["start"])
                mid = date(PLAN_YEAR, m, 15)
                if mid >= start:  # the quota as written in January, ramped as she ramps up
                    revenue += targets.written(pid, "revenue", f"{PLAN_YEAR}-01") * ramp(start, mid)
                    deals += targets.written(pid, "deals", f"{PLAN_YEAR}-01") * ramp(start, mid)
            step = 1000 if tid == "contact-center" else 10000
            months, lo, hi = PLAN_EXPLICIT.get(tid, (set(), None, None))
            out[(tid, m)] = (round(revenue / step) * step, round(deals),
                             (lo, hi) if m in months else None)
    return out, actual


def plan_yaml(crm):
    plans, actual = plan(crm)
    out = [
        "# Acme Channel — the sales plan for 2026 per team, in three scenarios, and the",
        "# working-day calendar. Generated by generate.py; edit the script, not this file.",
        "#",
        "# Standard plan: the same month of 2025 +5 % in January, rising to +10 % in December",
        "# (the year-end push); January – April (no 2025 data) from the 2025 average per",
        "# working day, the month's working days and the seasonal profile. Kanał Południe",
        "# adds the ramped quota of the February new hire. Minimum and maximum are the",
        "# multipliers below, except the contact centre's Q4, planned in explicit scenarios.",
        "",
        "scenarios:",
        f"  min: {PLAN_SCENARIOS[0]}",
        f"  max: {PLAN_SCENARIOS[1]}",
        "",
        "calendar:",
        "  public_holidays: true   # Polish public holidays (locale: pl)",
        "  holidays:               # company days off",
    ]
    notes = {date(2026, 11, 10): "bridge day before Independence Day (11 November)",
             date(2026, 12, 31): "New Year's Eve"}
    out += [f"    - {d.isoformat()}   # {notes[d]}" for d in sorted(COMPANY_DAYS_OFF)]
    out += ["", "plans:"]
    for m in range(1, 13):
        period = f"{PLAN_YEAR}-{m:02d}"
        out.append(f"  # {period}: {working_days_in(PLAN_YEAR, m)} working days")
        for tid, *_ in TEAMS:
            revenue, deals, explicit = plans[(tid, m)]
            last = actual.get((tid, f"{PLAN_YEAR - 1}-{m:02d}"))
            note = (f"{PLAN_YEAR - 1}-{m:02d}: {round(last[0])} PLN, {last[1]} deals" if last
                    else f"no {PLAN_YEAR - 1}-{m:02d} data: estimated")
            out += [f"  - period: {period}   # {note}", f"    team: {tid}"]
            if explicit:
                lo, hi = explicit
                step = 1000
                out.append(f"    revenue: {{ min: {round(revenue * lo / step) * step}, standard: {revenue}, "
                           f"max: {round(revenue * hi / step) * step} }}")
                out.append(f"    deals: {{ min: {math.floor(deals * lo)}, standard: {deals}, "
                           f"max: {math.ceil(deals * hi)} }}")
            else:
                out += [f"    revenue: {revenue}", f"    deals: {deals}"]
    return "\n".join(out) + "\n"


# --- the pipeline: the CRM's export of open deals (lejek) ----------------------------
#
# Besides the daily figures of crm-export.csv, sales operations exports the CRM's open
# deals — the sales funnel, "lejek sprzedaży" — every four weeks, as Polish Excel saves
# it (UTF-8 BOM, `;`, CRLF, decimal comma, amounts grouped with a no-break space, dates
# DD.MM.YYYY): metrics/lejek-2026-10-16.csv and metrics/lejek-2026-11-13.csv. Only open
# deals: what was won or lost is in crm-export.csv already, so sources.yaml maps the
# export as a deals source without measures — it adds no revenue and no deals, only the
# pipeline. Both files are one export; pulsebook compares them by `ID szansy`.
#
# Each person's pipeline on 13 November is drawn per month of expected close: what is
# left of November (against the rest of the month's target), December (filled up to a
# coverage of December's revenue target that differs per person: `LEJEK`), January
# and the first quarter. The 16 October file holds the deals open then: those still
# open on 13 November (some due in an earlier month then: slipped) and those won or
# lost since, about as many as crm-export.csv closed in those four weeks. Beata Górecka
# leaves on 16 October: her deals are in the older file only under her name; in the
# newer one some were lost and the rest were handed to Jakub Nowicki, Natalia Jóźwiak
# and Piotr Kaczmarek. A few deals are months old (stale): created in the spring or
# summer, long past the team's sales cycle of about 34 days.

LEJEK_OLD = date(2026, 10, 16)   # Friday: the older export (Beata Górecka's last day)
LEJEK_NEW = PARTIAL_LAST         # Friday 13 November: the export day
LEJEK_DAYS = [LEJEK_OLD, LEJEK_NEW]
LEJEK_COLUMNS = ["ID szansy", "Nazwa szansy", "Partner", "Klient końcowy", "Kategoria produktu",
                 "Opiekun", "Etap", "Prawdopodobieństwo (%)", "Kategoria prognozy",
                 "Wartość netto", "Waluta", "Planowana data zamknięcia", "Data utworzenia"]
# The CRM's open stages and their probabilities (%); won and lost deals are not exported.
# (Its closed stages, `Wygrana` and `Przegrana`, are named in sources.yaml.)
LEJEK_STAGES = [("Kwalifikacja", 10), ("Analiza potrzeb", 25), ("Oferta", 50),
                ("Negocjacje", 75), ("Oczekiwanie na zamówienie", 90)]
# The forecast category a rep gives a deal, by stage (the CRM's picklist is in English).
LEJEK_CATEGORY = [[("Pipeline", 1.0)], [("Pipeline", 0.9), ("Best Case", 0.1)],
                  [("Pipeline", 0.55), ("Best Case", 0.45)],
                  [("Best Case", 0.6), ("Commit", 0.4)], [("Commit", 0.9), ("Best Case", 0.1)]]
LEJEK_PRODUCTS = [  # what the channel sells, its category, a multiple of the average deal
    ("Serwery rackowe", "Sprzęt", 1.4), ("Macierz dyskowa", "Sprzęt", 1.6),
    ("Notebooki dla szkół", "Sprzęt", 1.1), ("Stacje robocze CAD", "Sprzęt", 1.2),
    ("Firewalle UTM", "Sprzęt", 0.7), ("Switche zarządzalne", "Sprzęt", 0.8),
    ("Monitory interaktywne", "Sprzęt", 0.9), ("Licencje na backup", "Licencje", 0.6),
    ("Licencje wirtualizacji", "Licencje", 0.9), ("Odnowienie licencji antywirusowych", "Licencje", 0.4),
    ("Microsoft 365 – subskrypcja roczna", "Chmura", 0.7), ("Kopie zapasowe w chmurze", "Chmura", 0.5),
    ("Migracja poczty do chmury", "Chmura", 0.6),
]
LEJEK_PRODUCTS_CC = [  # contact-centre quotes
    ("Notebooki", "Sprzęt"), ("Drukarki wielofunkcyjne", "Sprzęt"), ("Tonery", "Sprzęt"),
    ("Monitory", "Sprzęt"), ("Stacje dokujące", "Sprzęt"), ("Dyski SSD", "Sprzęt"),
    ("Licencje antywirusowe", "Licencje"), ("Zasilacze UPS", "Sprzęt"),
    ("Microsoft 365 Business", "Chmura"),
]
LEJEK_CUSTOMERS = {  # end customers per region
    "kanal-polnoc": ["Urząd Miasta Gdańska", "Szpital Wojewódzki w Olsztynie", "Politechnika Gdańska",
                     "Zespół Szkół nr 3 w Elblągu", "Port Gdynia", "Starostwo Powiatowe w Słupsku",
                     "Uniwersytet Mikołaja Kopernika", "Bydgoskie Zakłady Mięsne", "Stocznia Remontowa",
                     "Centrum Medyczne w Koszalinie", "Urząd Gminy Kolbudy", "Kancelaria Notarialna w Toruniu",
                     "Hotel Nad Zatoką", "Browar Północny", "Liceum Ogólnokształcące w Białymstoku"],
    "kanal-poludnie": ["Urząd Marszałkowski w Krakowie", "Szpital Uniwersytecki w Katowicach",
                       "Politechnika Wrocławska", "Zespół Szkół Technicznych w Rzeszowie",
                       "Miejskie Wodociągi w Opolu", "Starostwo Powiatowe w Bielsku-Białej",
                       "Huta Stali w Gliwicach", "Centrum Logistyczne Tarnów", "Urząd Gminy Zabierzów",
                       "Przychodnia Zdrowie w Kielcach", "Fabryka Mebli Sudety", "Kopalnia Wapienia",
                       "Hotel Pod Wawelem", "Uniwersytet Śląski", "Teatr Polski we Wrocławiu"],
    "contact-center": ["Biuro Rachunkowe Nowak (Łódź)", "Sklep Komputerowy Bajt (Radom)",
                       "Szkoła Podstawowa nr 2 w Pile", "Kancelaria Prawna Wiśniewski (Poznań)",
                       "Przychodnia Rodzinna (Kalisz)", "Trans-Pol Spedycja (Płock)",
                       "Drukarnia Leszczyńska", "Hurtownia Budowlana Konin",
                       "Gabinet Stomatologiczny Uśmiech (Zamość)", "Urząd Gminy Sieradz",
                       "Apteka Pod Lipami (Lublin)", "Pracownia Architektoniczna Forma (Łódź)"],
}
# Per person: December coverage the pipeline is filled up to (December's open amount ÷
# December's revenue target), the share of November's rest of target still open, the
# share of January's target already in the pipeline, deals that slipped to a later
# month between the two exports, and stale deals created in the spring or summer.
LEJEK = {
    "pawel-zielinski": (3.4, 1.3, 1.0, 1, 0),
    "joanna-szymanska": (3.1, 1.2, 0.8, 0, 0),
    "michal-wozniak": (1.4, 0.9, 0.5, 2, 2),
    "ewa-krawczyk": (2.7, 1.2, 0.8, 0, 0),
    "grzegorz-kaminski": (1.4, 0.7, 0.4, 2, 4),
    "anna-lewandowska": (2.4, 1.1, 0.7, 1, 1),
    "daniel-becker": (3.2, 1.3, 1.1, 0, 0),
    "zofia-pietrzak": (0.8, 0.8, 0.3, 0, 0),
    "marta-grabowska": (3.3, 1.3, 1.0, 0, 0),
    "krzysztof-mazur": (3.1, 1.4, 1.1, 1, 0),
    "piotr-kaczmarek": (2.2, 1.1, 0.7, 0, 1),
    "jakub-nowicki": (2.6, 1.1, 0.8, 0, 0),
    "natalia-jozwiak": (1.4, 1.0, 0.5, 0, 0),
}
LEAVER = "beata-gorecka"
# Her deals still open on 13 November, handed over to (in turn):
HANDOVER = ["jakub-nowicki", "natalia-jozwiak", "jakub-nowicki", "piotr-kaczmarek",
            "natalia-jozwiak", "jakub-nowicki", "natalia-jozwiak", "piotr-kaczmarek"]
# Contact-centre agents: stale quotes (one of Kamil Żak's slipped as well).
LEJEK_CC_STALE = {"kamil-zak": 2, "bartosz-chmielewski": 1}


def weighted(rng, pairs):
    """One of `pairs` (item, weight), drawn by weight."""
    x, acc = rng.random() * sum(w for _, w in pairs), 0.0
    for item, w in pairs:
        acc += w
        if x < acc:
            return item
    return pairs[-1][0]


class Opp:
    """One deal of the export: owner, stage index and close date per export (None: not
    in that file), and what does not change."""

    def __init__(self, team, created, product, category, customer, partner, amount):
        self.team, self.created, self.product, self.category = team, created, product, category
        self.customer, self.partner, self.amount = customer, partner, amount
        self.owner = [None, None]
        self.stage = [None, None]
        self.close = [None, None]
        self.forecast = [None, None]
        self.amounts = [amount, amount]
        self.id = self.created_text = None


def lejek_workdays(first, last):
    return [d for d in days(first, last) if working_day(d)]


def lejek_amount(rng, mean, category, sigma=0.5):
    """A deal's net value: hardware to 10 zł, licences and cloud to the grosz."""
    value = lognormal(rng, mean, sigma)
    if category == "Sprzęt":
        return round(value / 10) * 10.0
    return round(value, 2)


def pl_money(x):
    """`125 400,00`: Polish Excel's number format with a no-break space between
    thousands."""
    whole, cents = f"{x:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return "\u00a0".join(groups) + "," + cents


def stage_at(rng, created, close, at):
    """The stage of a deal at `at`: how far it has come from creation to its close."""
    span = max(1, (close - created).days)
    done = (at - created).days / span
    i = int(done * len(LEJEK_STAGES)) + rng.randrange(-1, 2)
    return max(0, min(len(LEJEK_STAGES) - 1, i))


def channel_info(pid):
    for team, name, extra, leads, opp, win, deal, cycle, *_ in CHANNEL:
        if slug(name) == pid:
            return team, extra, win, deal, cycle
    return None


LEJEK_NAMES = set()  # (person, product, customer) of the deals drawn so far


def new_opp(rng, pid, created, close, mean, at_new=True):
    """A deal of a channel rep (or the leaver), open on 13 November when `at_new`."""
    team, *_ = channel_info(pid)
    for _ in range(20):  # one deal per product and customer in a person's pipeline
        product, category, size = rng.choice(LEJEK_PRODUCTS)
        customer = rng.choice(LEJEK_CUSTOMERS[team])
        if (pid, product, customer) not in LEJEK_NAMES:
            break
    LEJEK_NAMES.add((pid, product, customer))
    if close.month in (12, 1) and rng.random() < 0.18:
        size *= 2.5  # a year-end project or a tender
    partner, city, _ = rng.choice(PARTNERS[team])
    o = Opp(team, created, product, category, customer,
            f"{partner} ({city})", lejek_amount(rng, mean * size, category))
    if at_new:
        o.owner[1], o.close[1] = pid, close
        o.stage[1] = stage_at(rng, created, close, LEJEK_NEW)
    return o


def created_before(rng, close, cycle, first, last):
    """A create day a sales cycle before `close`, between `first` and `last`."""
    d = close - timedelta(days=max(5, round(rng.gammavariate(3.0, cycle / 3.0))))
    if d > last:  # due later than a cycle from now: created in the last weeks
        d = last - timedelta(days=rng.randrange(0, 40))
    if d < first:
        d = first + timedelta(days=rng.randrange(0, 10))
    d = min(max(d, first), last)
    while not working_day(d) and d > first:
        d -= timedelta(days=1)
    while not working_day(d):
        d += timedelta(days=1)
    return d


def months_sum(opps, pid, months):
    """The open amount of a person on 13 November due in these (year, month)s."""
    return sum(o.amount for o in opps if o.owner[1] == pid and
               (o.close[1].year, o.close[1].month) in months)


def lejek_channel(pid, revenue, won, targets, handed):
    """Every deal of one channel rep in the two exports."""
    team, extra, win, deal, cycle = channel_info(pid)
    coverage, nov_share, jan_share, slipped, stale = LEJEK[pid]
    rng = random.Random(f"{SEED}:lejek:{pid}")
    start = date.fromisoformat(extra.get("start", "2000-01-01"))
    fresh = max(start + timedelta(days=5), LEJEK_NEW - timedelta(days=60))  # not stale
    opps = list(handed)
    # Stale: created in May – August; due in November in both files, or slipped.
    spring = lejek_workdays(max(start, date(2026, 5, 4)), date(2026, 8, 28))
    patterns = [(date(2026, 11, 27), date(2026, 11, 27)), (date(2026, 10, 29), date(2026, 12, 15)),
                (date(2026, 12, 11), date(2026, 12, 11)), (date(2026, 11, 20), date(2027, 1, 22))]
    for i in range(stale):
        created = rng.choice(spring)
        old, new = patterns[i % len(patterns)]
        o = new_opp(rng, pid, created, new, deal * 1.3)
        o.stage[1] = rng.choice([2, 3])
        o.owner[0], o.stage[0], o.close[0] = pid, o.stage[1], old
        opps.append(o)
    # Slipped: created mid-September – mid-October, due by the end of November in the
    # older file, in December or January in the newer one.
    for _ in range(slipped):
        created = rng.choice(lejek_workdays(max(start, date(2026, 9, 14)), date(2026, 10, 14)))
        old = rng.choice(lejek_workdays(date(2026, 10, 26), date(2026, 11, 27)))
        new = rng.choice(lejek_workdays(date(2026, 12, 1), date(2026, 12, 18)) +
                         lejek_workdays(date(2027, 1, 11), date(2027, 1, 29))[:4])
        o = new_opp(rng, pid, created, new, deal * 1.2)
        o.owner[0], o.stage[0], o.close[0] = pid, max(0, o.stage[1] - 1), old
        opps.append(o)
    # The rest, per month of expected close, up to each month's goal.
    won_so_far = sum(v for (p, d), v in revenue.items() if p == pid and d >= PARTIAL_FIRST)
    november = targets(pid, "revenue", "2026-11") or 0
    december = targets(pid, "revenue", "2026-12") or 0
    january = targets.written(pid, "revenue", "2027-01") or 0
    overdue = deal * 1.2  # a deal or two whose close date has passed, not updated yet
    buckets = [  # (months, window of close dates, open amount to reach)
        ({(2026, 11)}, lejek_workdays(date(2026, 11, 2), date(2026, 11, 12)), overdue),
        ({(2026, 11)}, lejek_workdays(date(2026, 11, 16), date(2026, 11, 30)),
         overdue + max(0.0, november - won_so_far) * nov_share),
        ({(2026, 12)}, lejek_workdays(date(2026, 12, 1), date(2026, 12, 23)), december * coverage),
        ({(2027, 1)}, lejek_workdays(date(2027, 1, 4), date(2027, 1, 29)), january * jan_share),
        ({(2027, 2), (2027, 3)}, lejek_workdays(date(2027, 2, 1), date(2027, 3, 31)),
         january * jan_share * 0.4),
    ]
    for months, window, goal in buckets:
        while months_sum(opps, pid, months) < goal:
            close = rng.choice(window)
            created = created_before(rng, close, cycle, fresh, LEJEK_NEW - timedelta(days=1))
            opps.append(new_opp(rng, pid, created, close, deal * 1.15))
    # The older file: the deals open then and still open now ...
    for o in opps:
        if o.created > LEJEK_OLD or o.close[0] is not None or o.owner[1] != pid:
            continue
        o.owner[0] = pid
        o.stage[0] = max(0, o.stage[1] - rng.randrange(0, 2))
        r = rng.random()
        if r < 0.6 or o.close[1] <= LEJEK_OLD:
            o.close[0] = o.close[1]
        elif r < 0.9:  # another day of the same month
            first = o.close[1].replace(day=1)
            o.close[0] = rng.choice(lejek_workdays(max(first, LEJEK_OLD + timedelta(days=3)),
                                                   month_last(first)) or [o.close[1]])
        else:  # pulled in since: due a month later then
            later = month_last(o.close[1]) + timedelta(days=rng.randrange(3, 20))
            o.close[0] = next(d for d in days(later, later + timedelta(days=7)) if working_day(d))
        if rng.random() < 0.15:
            o.amounts[0] = lejek_amount(rng, o.amount, o.category, 0.1)
    # ... and those won or lost since, about as many as the CRM closed in those weeks.
    won_since = sum(n for (p, d), n in won.items() if p == pid and LEJEK_OLD < d <= LEJEK_NEW)
    for _ in range(round(won_since / win * 0.8)):
        close = rng.choice(lejek_workdays(date(2026, 10, 19), date(2026, 11, 20)))
        created = created_before(rng, close, cycle, max(start + timedelta(days=3), date(2026, 7, 1)),
                                 LEJEK_OLD)
        o = new_opp(rng, pid, created, close, deal, at_new=False)
        o.owner[0], o.close[0] = pid, close
        o.stage[0] = stage_at(rng, created, close, LEJEK_OLD)
        opps.append(o)
    return opps[len(handed):]  # the handed-over deals are the leaver's


def month_last(d):
    return date(d.year + d.month // 12, d.month % 12 + 1, 1) - timedelta(days=1)


def lejek_leaver(rng):
    """Beata Górecka's deals on her last day, and who has them on 13 November."""
    team, extra, win, deal, cycle = channel_info(LEAVER)
    opps, handed = [], {}
    turn = 0
    for i in range(16):
        close = rng.choice(lejek_workdays(date(2026, 10, 20), date(2026, 12, 18)))
        created = created_before(rng, close, cycle, date(2026, 6, 1), date(2026, 10, 9))
        o = new_opp(rng, LEAVER, created, close, deal * 1.1, at_new=False)
        o.owner[0], o.close[0] = LEAVER, close
        o.stage[0] = stage_at(rng, created, close, LEJEK_OLD)
        opps.append(o)
        if i % 3 == 2:
            continue  # lost since (a partner who followed her to her new employer)
        heir = HANDOVER[turn % len(HANDOVER)]
        turn += 1
        o.owner[1], o.stage[1] = heir, o.stage[0]
        if turn % 2 == 1 and close < date(2026, 12, 1):  # the new owner re-plans it
            o.close[1] = rng.choice(lejek_workdays(date(2026, 12, 7), date(2026, 12, 22)))
        elif close <= LEJEK_NEW:
            o.close[1] = rng.choice(lejek_workdays(date(2026, 11, 23), date(2026, 11, 30)))
        else:
            o.close[1] = close
        handed.setdefault(heir, []).append(o)
    return opps, handed


def lejek_contact(pid, deal):
    """A contact-centre agent's quotes: a few days old, due within weeks."""
    rng = random.Random(f"{SEED}:lejek:{pid}")
    opps = []

    def quote(created):
        product, category = rng.choice(LEJEK_PRODUCTS_CC)
        o = Opp("contact-center", created, product, category,
                rng.choice(LEJEK_CUSTOMERS["contact-center"]), "",
                lejek_amount(rng, deal * 1.3, "Licencje", 0.6))
        opps.append(o)
        return o

    for at, first, n in ((LEJEK_NEW, date(2026, 11, 4), rng.randrange(4, 10)),
                         (LEJEK_OLD, date(2026, 10, 8), rng.randrange(5, 9))):
        k = LEJEK_DAYS.index(at)
        for _ in range(n):
            created = rng.choice(lejek_workdays(first, at))
            late = rng.random() < (0.3 if k == 1 else 0.1)
            window = (lejek_workdays(date(2026, 12, 1), date(2026, 12, 18)) if late else
                      lejek_workdays(at + timedelta(days=3), at + timedelta(days=17)))
            o = quote(created)
            o.owner[k], o.close[k] = pid, rng.choice(window)
            o.stage[k] = rng.choice([2, 2, 3])
    for i in range(LEJEK_CC_STALE.get(pid, 0)):
        if i == 0 and pid == "kamil-zak":  # due 27 October then, 4 December now
            o = quote(date(2026, 10, 12))
            o.owner = [pid, pid]
            o.close = [date(2026, 10, 27), date(2026, 12, 4)]
            o.stage = [2, 2]
        else:
            o = quote(rng.choice(lejek_workdays(date(2026, 10, 26), date(2026, 10, 30))))
            o.owner[1], o.stage[1] = pid, 2
            o.close[1] = rng.choice(lejek_workdays(date(2026, 11, 16), date(2026, 11, 20)))
    return opps


def lejek_files(crm):
    """{file name: bytes} of the two exports."""
    revenue, won = {}, {}
    for d, pid, row in crm:
        day = date.fromisoformat(d)
        revenue[(pid, day)] = float(row["revenue"])
        won[(pid, day)] = int(row["deals"])
    targets = Targets()
    LEJEK_NAMES.clear()
    opps, handed = lejek_leaver(random.Random(f"{SEED}:lejek:{LEAVER}"))
    for team, name, *_ in CHANNEL:
        pid = slug(name)
        if pid != LEAVER:
            opps += lejek_channel(pid, revenue, won, targets, handed.get(pid, []))
    for name, extra, *params in CONTACT:
        opps += lejek_contact(slug(name), params[-1])
    # Record ids grow with the create day, as the CRM numbers them.
    rng = random.Random(f"{SEED}:lejek:ids")
    number = 48_200
    for o in sorted(opps, key=lambda o: (o.created, o.team, o.customer, o.product, o.amount)):
        number += rng.randrange(1, 12)
        o.id = f"SZ-{number}"
        o.created_text = datetime_text(rng, o.created)
    names = {slug(n): n for _, n, *_ in CHANNEL}
    names.update({slug(n): n for n, *_ in CONTACT})
    forecast = random.Random(f"{SEED}:lejek:forecast")
    files = {}
    for k, day in enumerate(LEJEK_DAYS):
        rows = []
        for o in sorted((o for o in opps if o.owner[k]), key=lambda o: o.id):
            stage, probability = LEJEK_STAGES[o.stage[k]]
            stale = (day - o.created).days > 80
            category = "Omitted" if stale and forecast.random() < 0.5 else \
                weighted(forecast, LEJEK_CATEGORY[o.stage[k]])
            rows.append((names[o.owner[k]], o.close[k], o.id, [
                o.id, f"{o.product} – {o.customer}", o.partner, o.customer, o.category,
                names[o.owner[k]], stage, str(probability), category, pl_money(o.amounts[k]),
                "PLN", f"{o.close[k]:%d.%m.%Y}", o.created_text]))
        rows.sort(key=lambda r: (r[0].translate(TRANSLIT), r[1], r[2]))
        lines = [";".join(f'"{c}"' for c in LEJEK_COLUMNS)]
        lines += [";".join(csv_cell(c) for c in fields) for *_, fields in rows]
        text = "\r\n".join(lines) + "\r\n"
        files[f"lejek-{day.isoformat()}.csv"] = b"\xef\xbb\xbf" + text.encode("utf-8")
    return files


def datetime_text(rng, d):
    """A create time as Polish Excel writes it: `03.09.2026 10:15`."""
    minutes = rng.randrange(8 * 60, 17 * 60)
    return f"{d:%d.%m.%Y} {minutes // 60:02d}:{minutes % 60:02d}"


def csv_cell(text):
    """A `;` CSV cell, quoted only when it must be."""
    if any(c in text for c in ';"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


SOURCES_YAML = """\
# Acme Channel — exports that need a mapping. Generated by generate.py.
#
# crm-export.csv and contact-center.csv are native metrics files (they have a `rep`
# column) and need no entry. The CRM's export of open deals (lejek sprzedaży) is a
# deals source: its files are snapshots of one export, on the date in their names.
# It has no measures: the deals won and the revenue are in crm-export.csv already, so
# this export adds only the pipeline (open deals, coverage, slipped and stale deals).
sources:
  - name: lejek
    files: metrics/lejek-*.csv
    kind: deals
    person: { column: Opiekun }
    won: Wygrana       # the CRM's closed stages; the export holds open deals only
    lost: Przegrana
    deal:
      id: ID szansy
      name: Nazwa szansy
      stage: Etap
      amount: Wartość netto
      close: Planowana data zamknięcia
      created: Data utworzenia
      probability: "Prawdopodobieństwo (%)"
      category: Kategoria prognozy
"""


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    write(os.path.join(HERE, "pulsebook.yaml"), PULSEBOOK_YAML.encode("utf-8"))
    write(os.path.join(HERE, "kpis.yaml"), KPIS_YAML.encode("utf-8"))
    write(os.path.join(HERE, "team.yaml"), team_yaml().encode("utf-8"))
    write(os.path.join(HERE, "targets", "quotas.csv"), quotas_csv().encode("utf-8"))
    crm, calls = generate_metrics()
    write_crm(os.path.join(HERE, "metrics", "crm-export.csv"), crm)
    write_contact_center(os.path.join(HERE, "metrics", "contact-center.csv"), calls)
    write(os.path.join(HERE, "plan.yaml"), plan_yaml(crm).encode("utf-8"))
    touchpoints = write_coaching(crm, calls)
    for name, data in lejek_files(crm).items():
        write(os.path.join(HERE, "metrics", name), data)
    write(os.path.join(HERE, "sources.yaml"), SOURCES_YAML.encode("utf-8"))
    print(f"wrote {len(crm)} CRM rows, {len(calls)} contact-centre rows and {touchpoints} "
          f"coaching touchpoints to {HERE}")


if __name__ == "__main__":
    main()
