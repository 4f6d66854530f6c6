#!/usr/bin/env python3
"""Generate the `inside-sales` example book for pulsebook.

Lumen Ledger, Inc. is a fictional US company in Boston that sells accounting software
to small and mid-sized businesses. Its inside-sales floor has two teams: *SMB Inside
Sales*, who work their deals in HubSpot and call from Aircall, and *Mid-Market*, who
work in Salesforce and call from Five9. Every metrics file is a raw export exactly as
the tool writes it; the book has no `sources.yaml` and no native `date,rep,…` file:
pulsebook recognises each export from its header (its built-in presets).

This script writes every data file of the book into its own folder:

    pulsebook.yaml                         book settings (time zone America/New_York)
    team.yaml                              teams, people (with aliases), targets
    kpis.yaml                              dials, calls, connect rate, new opportunities
    metrics/hubspot-deals-2026-10-20.csv   HubSpot deals export (SMB team), 20 October
    metrics/hubspot-deals-2026-11-20.csv   the same export on 20 November
    metrics/salesforce-opportunities.csv   Salesforce "Details Only" report (Mid-Market)
    metrics/five9-call-log.csv             Five9 Call Log report (Mid-Market)
    metrics/aircall-calls.csv              Aircall calls export (SMB team)

and, outside the book, the values pulsebook must compute from them:

    ../../tests/books/inside-sales-expected.csv   period,person,measure,value

The expected values are summed while the records are drawn, from the same numbers
that are then written as text: they never come from reading the files back. Sums are
exact (integer cents and seconds).

Deals run from 2 January 2025 to Friday 20 November 2026 (November in progress); the
call logs are this year's exports, 2 January – 20 November 2026. The HubSpot export is
kept in two snapshots a month apart (20 October and 20 November): the older one holds
the deals as they stood that day, and a deal in both counts once. Their open deals are
the pipeline (coverage of December's targets, slipped and stale deals; see "HubSpot:
two snapshots" below).

Standard library only, fixed seeds: every run writes byte-identical files (no system
time-zone data is used: the US daylight-saving rules are written out below).
Run it with `python3 examples/inside-sales/generate.py` (`--days FILE` also writes the
expected values per person and local day, for debugging).
"""

import csv
import io
import math
import os
import random
import sys
from datetime import date, datetime, time, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXPECTED = os.path.join(REPO, "tests", "books", "inside-sales-expected.csv")
SEED = 20261120
FIRST_DAY = date(2025, 1, 2)    # the first deal is created on this day
LAST_DAY = date(2026, 11, 20)   # Friday: the day of the exports, November in progress
EXPORTED_AT = datetime(2026, 11, 20, 18, 30)  # local time the exports were pulled
CALLS_FIRST = date(2026, 1, 2)  # the call logs are this year's exports
DOMAIN = "lumenledger.example"

# US federal holidays the company observes, plus the day after Thanksgiving and
# Christmas Eve. Nobody works: no calls, no deals closed by hand.
HOLIDAYS = {
    date(2025, 1, 1), date(2025, 1, 20), date(2025, 2, 17), date(2025, 5, 26),
    date(2025, 6, 19), date(2025, 7, 4), date(2025, 9, 1), date(2025, 11, 27),
    date(2025, 11, 28), date(2025, 12, 24), date(2025, 12, 25),
    date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 16), date(2026, 5, 25),
    date(2026, 6, 19), date(2026, 7, 3), date(2026, 9, 7), date(2026, 11, 26),
    date(2026, 11, 27), date(2026, 12, 24), date(2026, 12, 25),
}

# Demand by calendar month: a slow January and summer, a strong Q4 (year-end budgets).
SEASON = {1: 0.88, 2: 0.95, 3: 1.05, 4: 1.0, 5: 1.0, 6: 1.04,
          7: 0.88, 8: 0.86, 9: 1.02, 10: 1.06, 11: 1.08, 12: 1.1}

DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# --- calendar and time zones ----------------------------------------------------------

def days(first, last):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


def working_day(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def nth_sunday(year, month, n):
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def dst_change(d):
    """Whether `d` is a day the US clocks change (second Sunday of March, first of
    November): the generator puts no event between 01:00 and 03:00 local on those."""
    return d in (nth_sunday(d.year, 3, 2), nth_sunday(d.year, 11, 1))


def us_offset_local(local, standard):
    """UTC offset (hours) of a US zone at a local civil time outside the changed hours.
    Daylight time runs from 02:00 on the second Sunday of March to 02:00 on the first
    Sunday of November (US rules since 2007)."""
    start = datetime.combine(nth_sunday(local.year, 3, 2), time(2))
    end = datetime.combine(nth_sunday(local.year, 11, 1), time(1))
    return standard + 1 if start <= local < end else standard


def us_offset_utc(utc, standard):
    """UTC offset (hours) of a US zone at a UTC instant."""
    start = datetime.combine(nth_sunday(utc.year, 3, 2), time(2)) - timedelta(hours=standard)
    end = datetime.combine(nth_sunday(utc.year, 11, 1), time(2)) - timedelta(hours=standard + 1)
    return standard + 1 if start <= utc < end else standard


NEW_YORK, LOS_ANGELES = -5, -8  # standard offsets


def ny_to_utc(local):
    return local - timedelta(hours=us_offset_local(local, NEW_YORK))


def iso_with_offset(utc, zone):
    """`2026-01-16T14:03:11-05:00` in a US zone, `2026-01-16T19:03:11Z` in UTC."""
    if zone == "UTC":
        return f"{utc:%Y-%m-%dT%H:%M:%S}Z"
    hours = us_offset_utc(utc, zone)
    local = utc + timedelta(hours=hours)
    return f"{local:%Y-%m-%dT%H:%M:%S}-{-hours:02d}:00"


def rfc2822(local):
    """Five9's TIMESTAMP: `Fri, 02 Jan 2026 08:31:59`, local time, no offset."""
    return (f"{DAY_NAMES[local.weekday()]}, {local.day:02d} {MONTH_NAMES[local.month - 1]} "
            f"{local.year} {local:%H:%M:%S}")


def hms(seconds):
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def us_date(d):
    """Salesforce (en_US): `1/16/2026`."""
    return f"{d.month}/{d.day}/{d.year}"


def month_end(d):
    return date(d.year + d.month // 12, d.month % 12 + 1, 1) - timedelta(days=1)


def last_working_day(d):
    e = month_end(d)
    while not working_day(e):
        e -= timedelta(days=1)
    return e


def next_working_day(d):
    while not working_day(d):
        d += timedelta(days=1)
    return d


# --- people -----------------------------------------------------------------------------

TEAMS = [
    ("smb", "SMB Inside Sales", "Rachel Goldberg"),
    ("mid-market", "Mid-Market", "Marcus Bell"),
]
DIRECTOR = "Dana Whitfield"

# How each tool shows a person differs from team.yaml on purpose, to exercise people
# matching: accents, case, punctuation and repeated spaces are ignored; e-mails match;
# the rest is covered by `aliases` in team.yaml.
#   name in team.yaml, team, start, aliases,
#   name in the CRM (HubSpot or Salesforce), user in the phone system (Aircall user or
#   Five9 AGENT), Five9 AGENT NAME
SMB = [
    ("Chloe Martin", None, [], "Chloé Martin", "Chloe Martin"),
    ("Liam O'Connor", None, [], "Liam OConnor", "Liam O'Connor"),
    ("Diego Hernández", None, [], "Diego Hernandez", "Diego Hernández"),
    ("Priya Raman", None, ["Priya R."], "priya raman", "Priya R."),
    ("Hannah Weiss", None, ["Hannah Schmidt"], "Hannah Weiss", "Hannah Schmidt"),
    ("Tyler Brooks", "2026-03-02", ["Ty Brooks"], "Tyler  Brooks", "Ty Brooks"),
]
MID_MARKET = [
    ("Ben Okafor", None, ["bokafor", "Ext.185", "Benjamin Okafor"], "Ben OKAFOR", "bokafor"),
    ("Sofia Rossi", None, [], "Sofia Rossi", "Sofia.Rossi@" + DOMAIN),
    ("Jamal Carter", None, [], "Jamal Carter", "jamal.carter@" + DOMAIN),
    ("Emily Nguyen", None, [], "Emily Nguyen", "emily.nguyen@" + DOMAIN),
    ("Tomás Álvarez", None, [], "Tomas Alvarez", "tomas.alvarez@" + DOMAIN),
]
AGENT_NAMES = {"Ben Okafor": "Ben Okafor", "Sofia Rossi": "Sofia Rossi",
               "Jamal Carter": "Jamal Carter", "Emily Nguyen": "Emily Nguyen",
               "Tomás Álvarez": "Tomas Alvarez"}
MANAGER_AIRCALL_USER = "Rachel Goldberg"  # takes an overflow inbound call now and then

# Per person: (deals created a working day, win share, loss share, deal size factor,
# cycle days, dials a day, connect share). Deals are SMB subscriptions in HubSpot or
# mid-market contracts in Salesforce.
RATES = {
    "Chloe Martin": (1.25, 0.36, 0.44, 1.05, 10, 62, 0.27),
    "Liam O'Connor": (1.15, 0.31, 0.47, 1.0, 12, 55, 0.24),
    "Diego Hernández": (1.3, 0.27, 0.52, 0.95, 14, 70, 0.22),
    "Priya Raman": (1.1, 0.34, 0.43, 1.12, 9, 48, 0.28),
    "Hannah Weiss": (1.2, 0.32, 0.46, 1.0, 11, 58, 0.25),
    "Tyler Brooks": (0.95, 0.24, 0.52, 0.9, 15, 66, 0.2),
    "Ben Okafor": (0.42, 0.33, 0.42, 1.15, 42, 24, 0.5),
    "Sofia Rossi": (0.38, 0.3, 0.44, 1.0, 48, 21, 0.47),
    "Jamal Carter": (0.45, 0.24, 0.5, 0.92, 55, 26, 0.42),
    "Emily Nguyen": (0.36, 0.31, 0.45, 1.08, 46, 19, 0.5),
    "Tomás Álvarez": (0.4, 0.27, 0.47, 0.97, 51, 23, 0.45),
}

TRANSLIT = str.maketrans("áéíóúñÁÉÍÓÚÑ", "aeiounAEIOUN")


def slug(name):
    return "-".join(name.translate(TRANSLIT).lower().replace("'", "").split())


def email(name):
    return ".".join(name.translate(TRANSLIT).lower().replace("'", "").split()) + "@" + DOMAIN


def start_of(name):
    for row in SMB + MID_MARKET:
        if row[0] == name and row[1]:
            return date.fromisoformat(row[1])
    return FIRST_DAY


# Monthly targets: default, then per team, then per person.
TARGETS_DEFAULT = [
    ("revenue", 45000), ("deals", 10), ("close_rate", 0.42), ("avg_deal", 4500),
    ("cycle_days", 12), ("opportunities", 24), ("dials", 1150), ("calls", 300),
    ("connect_rate", 0.27), ("aht", 170),
]
TARGETS_TEAMS = [
    ("mid-market", [("revenue", 130000), ("deals", 3), ("close_rate", 0.4),
                    ("avg_deal", 45000), ("cycle_days", 45), ("opportunities", 8),
                    ("dials", 500), ("calls", 330), ("connect_rate", 0.62), ("aht", 300),
                    ("asa", 6)]),
]
TARGETS_PEOPLE = [
    ("Ben Okafor", [("revenue", 160000), ("deals", 4)]),
    ("Tyler Brooks", [("revenue", 30000), ("deals", 7)]),
]


# --- random helpers --------------------------------------------------------------------

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


def lognormal(rng, mean, sigma):
    return rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)


def seconds_between(rng, low, high, mean):
    """Whole seconds, lognormal around `mean`, clamped to [low, high]."""
    return max(low, min(high, round(lognormal(rng, mean, 0.6))))


def absences(rng, first, last):
    """Working days a person is away: two weeks of summer vacation a year, a week at
    the turn of the year, single days off and a few sick days."""
    worked = [d for d in days(first, last) if working_day(d)]
    away = set()
    for year in sorted({d.year for d in worked}):
        summer = [d for d in worked if d.year == year and d.month in (7, 8)]
        if summer:
            i = rng.randrange(len(summer))
            away.update(summer[i:i + 8])
        if rng.random() < 0.5:
            away.update(d for d in worked if d.year == year and d.month == 12 and d.day >= 26)
    for _ in range(len(worked) * 6 // 250):
        away.add(worked[rng.randrange(len(worked))])
    for _ in range(rng.randrange(1, 4)):
        i = rng.randrange(len(worked))
        away.update(worked[i:i + rng.randrange(1, 4)])
    return away


# --- expected values -------------------------------------------------------------------

MEASURES = ["opportunities", "deals", "deals_lost", "revenue", "cycle_days_sum",
            "dials", "calls", "handle_seconds", "answer_seconds", "abandoned"]


class Expected:
    """Running totals per (local day, person or None, measure), added as each record is
    drawn. Revenue is in cents, durations in whole seconds."""

    def __init__(self):
        self.sums = {}

    def add(self, day, who, measure, value=1):
        if value:
            key = (day, who, measure)
            self.sums[key] = self.sums.get(key, 0) + value

    def rows(self, period_of):
        """[(period, person, measure, value)] per person and for the organisation (every
        record, with or without a person); zero values are left out."""
        out = {}
        for (day, who, measure), value in self.sums.items():
            for key in ((period_of(day), who, measure), (period_of(day), "organisation", measure)):
                if key[1] is not None:
                    out[key] = out.get(key, 0) + value
        return sorted((period, who, measure, value) for (period, who, measure), value in out.items())


def show(measure, value):
    if measure == "revenue":
        return f"{value // 100}.{value % 100:02d}"
    return str(value)


def expected_csv(expected, period_of, first_column):
    lines = [f"{first_column},person,measure,value"]
    lines += [f"{p},{who},{m},{show(m, v)}" for p, who, m, v in expected.rows(period_of)]
    return "\n".join(lines) + "\n"


# --- deals -----------------------------------------------------------------------------

COMPANY_FIRST = ["Maple Street", "Blue Harbor", "Granite Peak", "Riverbend", "Oak & Ivy",
                 "Copper Kettle", "Northgate", "Bright Path", "Lakeside", "Summit",
                 "Red Barn", "Harborview", "Pine Ridge", "Silver Birch", "Cedar Lane",
                 "Golden Gate", "Evergreen", "Brookside", "Stonewall", "Highland",
                 "Café Olé", "Sunset", "Twin Rivers", "Bayside", "Foxglove", "Ironwood"]
COMPANY_SECOND = ["Bakery", "Dental", "Plumbing", "Logistics", "Design Co.", "Law Group",
                  "Auto Repair", "Veterinary", "Landscaping", "Fitness", "Realty",
                  "Roofing", "Pharmacy", "Brewing Co.", "Electric", "Cleaners",
                  "Physical Therapy", "Florist", "Consulting", "HVAC"]
MM_SECOND = ["Manufacturing", "Health Partners", "Distribution", "Holdings", "Group",
             "Industries", "Foods", "Logistics", "Medical Group", "Builders", "Hospitality",
             "Energy", "Labs", "Retail Group"]
SMB_PLANS = [  # name, cents per seat and month, seats range, weight
    ("Starter annual", 2900, (2, 6), 0.3), ("Growth annual", 4900, (3, 12), 0.4),
    ("Pro annual", 8900, (4, 15), 0.2), ("Payroll add-on", 1500, (5, 20), 0.1),
]
HUBSPOT_OPEN = ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled",
                "Decision Maker Bought-In", "Contract Sent"]
SALESFORCE_OPEN = [("Prospecting", 10), ("Qualification", 10), ("Needs Analysis", 20),
                   ("Value Proposition", 50), ("Id. Decision Makers", 60),
                   ("Perception Analysis", 70), ("Proposal/Price Quote", 75),
                   ("Negotiation/Review", 90)]
LEAD_SOURCES = [("Web", 0.4), ("Phone Inquiry", 0.2), ("Partner Referral", 0.15),
                ("Purchased List", 0.1), ("Other", 0.15)]
NEXT_STEPS = ["Send proposal", "Demo with CFO", "Security review", "Contract to legal",
              "Pricing call", "Follow up after trial", "", "", ""]


def weighted(rng, pairs):
    """One of `pairs`, drawn by the weight each holds last."""
    x, acc = rng.random() * sum(w for *_, w in pairs), 0.0
    for item in pairs:
        acc += item[-1]
        if x < acc:
            return item
    return pairs[-1]


def work_time(rng, d, first=8.5, last=18.0):
    """A local time on day `d` in working hours, busiest late morning and afternoon."""
    while True:
        hour = rng.uniform(first, last)
        weight = 0.6 if 12.0 <= hour < 13.0 else 1.0
        if rng.random() < weight:
            return datetime.combine(d, time()) + timedelta(seconds=round(hour * 3600))


class Deal:
    """One deal as drawn: local create and close times, outcome ("won", "lost", or
    "open" when it is decided after the export), what it sells, amount in cents."""

    def __init__(self, owner, created, outcome, closed, product, cents):
        self.owner, self.created, self.outcome = owner, created, outcome
        self.closed, self.product, self.cents = closed, product, cents
        self.amount_cents = cents  # what the export shows (a won deal may lack it)


def smb_product(rng, size=1.0):
    """An SMB subscription: (plan, cents), a year of seats at the plan's price."""
    plan, price, (low, high), _ = weighted(rng, SMB_PLANS)
    return plan, price * 12 * rng.randint(round(low * size), round(high * size))


def close_time(rng, created, cycle, outcome, mid_market):
    """When a deal closes: `cycle` days after creation, moved to a working day; won
    deals pile up at month end (quarter end for mid-market), some are e-signed just
    after midnight on the 1st or late on the last day."""
    d = next_working_day(created.date() + timedelta(days=cycle))
    if outcome == "won":
        end = last_working_day(d)
        quarter_end = d.month in (3, 6, 9, 12)
        push = 0.45 if (mid_market and quarter_end) else 0.25
        if (end - d).days <= (9 if mid_market else 4) and rng.random() < push:
            d = end
            if rng.random() < 0.15:  # signed late on the last day
                return datetime.combine(d, time(23, rng.randrange(0, 59), rng.randrange(60)))
        if d.day <= 2 and not mid_market and rng.random() < 0.3:
            # the e-signature closes the deal just after midnight on the 1st
            first = d.replace(day=1)
            return datetime.combine(first, time(0, rng.randrange(0, 40), rng.randrange(60)))
    return work_time(rng, d)


def draw_deals(name, rng, mid_market):
    """Every deal `name` creates between their start and the export."""
    per_day, win, loss, size, cycle, *_ = RATES[name]
    win_share = win / (win + loss)
    first = max(FIRST_DAY, start_of(name))
    out = []
    for d in days(first, LAST_DAY):
        if not working_day(d):
            continue
        for _ in range(poisson(rng, per_day * SEASON[d.month])):
            created = work_time(rng, d)
            outcome = "won" if rng.random() < win_share else "lost"
            mean = cycle if outcome == "won" else cycle * 1.3
            days_to_close = max(0, round(rng.gammavariate(2.0, mean / 2.0)))
            closed = close_time(rng, created, days_to_close, outcome, mid_market)
            if closed < created:
                closed = created + timedelta(minutes=rng.randrange(5, 120))
            if closed > EXPORTED_AT:
                outcome = "open"
            if mid_market:
                product = "Enterprise suite"
                cents = round(lognormal(rng, 42000 * size, 0.45) / 50) * 5000  # whole $50
            else:
                product, cents = smb_product(rng, size)
            out.append(Deal(name, created, outcome, closed, product, cents))
    return out


def unassigned_deals(rng):
    """Inbound HubSpot deals nobody was assigned to (an empty `Deal owner`): they count
    for the organisation only."""
    out = []
    for d in days(FIRST_DAY, LAST_DAY):
        if working_day(d) and rng.random() < 0.05:
            created = work_time(rng, d)
            outcome = "won" if rng.random() < 0.3 else "lost"
            closed = work_time(rng, next_working_day(d + timedelta(days=rng.randrange(1, 20))))
            if closed > EXPORTED_AT:
                outcome = "open"
            out.append(Deal(None, created, outcome, closed, *smb_product(rng)))
    return out


def count_deal(expected, who, deal):
    """A deal's measures, as the deal presets define them."""
    expected.add(deal.created.date(), who, "opportunities")
    if deal.outcome == "won":
        day = deal.closed.date()
        expected.add(day, who, "deals")
        expected.add(day, who, "revenue", deal.amount_cents)
        expected.add(day, who, "cycle_days_sum", (day - deal.created.date()).days)
    elif deal.outcome == "lost":
        expected.add(deal.closed.date(), who, "deals_lost")


def company(rng, second):
    return f"{rng.choice(COMPANY_FIRST)} {rng.choice(second)}"


def hubspot_amount(cents):
    """HubSpot writes amounts as plain numbers without trailing zeros: 4799.1, 5400."""
    if cents % 100 == 0:
        return str(cents // 100)
    return f"{cents // 100}.{cents % 100:02d}".rstrip("0")


def hubspot_time(local):
    return f"{local:%Y-%m-%d %H:%M}"


# --- HubSpot: two snapshots of the deals export -------------------------------------------
#
# The SMB team's HubSpot deals export is pulled on the 20th of every month; the book
# keeps the last two, a month apart: `hubspot-deals-2026-10-20.csv` (the deals as they
# stood on 20 October) and `hubspot-deals-2026-11-20.csv` (as they stand on the export
# day). Every deal of the older file is in the newer one: a deal closed by 20 October
# is in both, unchanged, and pulsebook counts it once (from the newer file). The open
# deals of the two files are the pipeline: compared by `Record ID`, a deal whose close
# date moved to a later month between them has slipped.
#
# Besides the deals drawn above (whose open ones are the next days' business), the
# newer file holds the pipeline the reps built for December: the year-end campaign's
# deals (businesses that start the new year on new accounting software), created in
# November. Each rep's December pipeline is filled up to a coverage of their December
# revenue target (`PIPELINE`): some healthy (3× or more), some thin (2–3×), some short.
# A few deals created in September and October were due in October or November in the
# older file and are due in December in the newer one (slipped), and a few "zombie"
# deals from the spring and summer are still open, months past the team's sales cycle
# (stale).

SNAPSHOT_OLD = datetime(2026, 10, 20, 18, 30)  # the older export: 20 October, 6:30 PM
SNAPSHOTS = [SNAPSHOT_OLD, EXPORTED_AT]
# HubSpot's default sales pipeline: each open stage's deal probability (%).
HUBSPOT_PROBABILITY = {"Appointment Scheduled": 20, "Qualified To Buy": 40,
                       "Presentation Scheduled": 60, "Decision Maker Bought-In": 80,
                       "Contract Sent": 90}
# The forecast category reps give an open deal, by stage: (category, weight).
HUBSPOT_CATEGORY = {
    "Appointment Scheduled": [("Pipeline", 1.0)],
    "Qualified To Buy": [("Pipeline", 0.9), ("Best case", 0.1)],
    "Presentation Scheduled": [("Pipeline", 0.6), ("Best case", 0.4)],
    "Decision Maker Bought-In": [("Best case", 0.6), ("Commit", 0.3), ("Pipeline", 0.1)],
    "Contract Sent": [("Commit", 0.8), ("Best case", 0.2)],
}
# Per SMB rep: the December coverage their pipeline is filled up to (December's open
# amount ÷ December's revenue target), deals that slipped from October or November to
# December between the snapshots, and stale deals created in the spring or summer.
PIPELINE = {
    "Chloe Martin": (3.4, 1, 0),
    "Liam O'Connor": (2.5, 2, 1),
    "Diego Hernández": (1.5, 2, 3),
    "Priya Raman": (3.1, 0, 1),
    "Hannah Weiss": (2.2, 2, 1),
    "Tyler Brooks": (1.1, 1, 2),
}
YEAR_END_FIRST = date(2026, 11, 2)  # the year-end campaign's deals: created from here on


def revenue_target(name):
    """A person's monthly revenue target in team.yaml (people, team, default)."""
    for who, pairs in TARGETS_PEOPLE:
        if who == name:
            return dict(pairs).get("revenue")
    team = "mid-market" if any(row[0] == name for row in MID_MARKET) else "smb"
    for tid, pairs in TARGETS_TEAMS:
        if tid == team and "revenue" in dict(pairs):
            return dict(pairs)["revenue"]
    return dict(TARGETS_DEFAULT)["revenue"]


class State:
    """A deal as one snapshot shows it: stage, close date (a `datetime` for a closed
    deal, a `date` or None for an open one), amount as HubSpot writes it, deal
    probability (%) and forecast category."""

    def __init__(self, stage, close, amount, probability="", category=""):
        self.stage, self.close, self.amount = stage, close, amount
        self.probability, self.category = probability, category

    def is_open(self):
        return self.stage in HUBSPOT_PROBABILITY

    def close_text(self):
        if self.close is None:
            return ""
        if isinstance(self.close, datetime):
            return hubspot_time(self.close)
        return f"{self.close:%Y-%m-%d} 17:00"  # an open deal's expected close date


class HubSpotDeal:
    """One row of the export, in every snapshot that has it: the fields that do not
    change, and its `State` per snapshot (index into SNAPSHOTS; None: not created yet)."""

    def __init__(self, deal, gap, name, product, owner, deal_type):
        self.deal, self.gap, self.name, self.product = deal, gap, name, product
        self.owner, self.deal_type = owner, deal_type
        self.states = [None, None]
        self.record_id = None


def forecast(rng, state):
    """Probability and forecast category of an open state (closed deals: HubSpot's
    100 / `Closed won` and 0 / `Not forecasted`)."""
    if state.stage == "Closed Won":
        state.probability, state.category = "100", "Closed won"
    elif state.stage == "Closed Lost":
        state.probability, state.category = "0", "Not forecasted"
    else:
        state.probability = str(HUBSPOT_PROBABILITY[state.stage])
        state.category = "" if rng.random() < 0.04 else weighted(rng, HUBSPOT_CATEGORY[state.stage])[0]


def open_stage(rng, created, at):
    """The stage of a deal open at `at`: further along the older it is."""
    age = (at - created).days
    return HUBSPOT_OPEN[min(len(HUBSPOT_OPEN) - 1, age // 4 + rng.randrange(0, 2))]


def hubspot_drawn(deals, crm_name, rng):
    """The drawn deals as the newer export shows them, in create order. The draws from
    `rng` are those of the export's columns, in the order the columns are written."""
    out = []
    empty_won_amounts = 0
    for deal in sorted(deals, key=lambda x: x.created):
        gap = rng.randrange(3, 400)
        amount = hubspot_amount(deal.cents)
        if deal.outcome == "won":
            stage, close = "Closed Won", deal.closed
            if empty_won_amounts < 3 and rng.random() < 0.004:
                amount, deal.amount_cents = "", 0  # a rep forgot the amount
                empty_won_amounts += 1
        elif deal.outcome == "lost":
            stage, close = "Closed Lost", deal.closed
            if rng.random() < 0.2:
                amount = ""
        else:
            stage = open_stage(rng, deal.created, EXPORTED_AT)
            expected_close = deal.closed.date() + timedelta(days=rng.randrange(-5, 10))
            close = None if rng.random() < 0.15 else expected_close
            if rng.random() < 0.35:
                amount = ""
        owner = crm_name.get(deal.owner, "") if deal.owner else ""
        name = company(rng, COMPANY_SECOND)
        deal_type = "New Business" if rng.random() < 0.85 else "Existing Business"
        h = HubSpotDeal(deal, gap, name, deal.product, owner, deal_type)
        h.states[1] = State(stage, close, amount)
        out.append(h)
    return out


def working_days_between(first, last):
    return [d for d in days(first, last) if working_day(d)]


def planted(name, crm_name, rng, december_amount):
    """The deals of one rep's pipeline beyond the drawn ones: stale deals from the spring
    and summer, deals that slipped to December between the snapshots, and the year-end
    campaign's deals until December's open amount (`december_amount`, in cents, of
    what the rep has already) reaches the rep's coverage goal."""
    goal, slipped, stale = PIPELINE[name]
    _, _, _, size, *_ = RATES[name]
    out = []

    def deal(created, plan, cents, suffix, deal_type="New Business"):
        d = Deal(name, created, "open", None, plan, cents)
        h = HubSpotDeal(d, rng.randrange(3, 400), company(rng, COMPANY_SECOND),
                        f"{plan}{suffix}", crm_name[name], deal_type)
        out.append(h)
        return h

    # Stale: created in April – August, stuck in a middle stage. The first is due in
    # October in the older file and in December in the newer one; the second is due in
    # November in both (stale, not slipped); the third never had a close date.
    spring = working_days_between(max(date(2026, 4, 6), start_of(name) + timedelta(days=30)),
                                  date(2026, 8, 28))
    for i in range(stale):
        created = work_time(rng, rng.choice(spring))
        plan, cents = smb_product(rng, size * 2.2)
        h = deal(created, plan, cents, " (multi-location)", "Existing Business")
        stage = rng.choice(["Presentation Scheduled", "Decision Maker Bought-In"])
        october = rng.choice(working_days_between(date(2026, 10, 22), date(2026, 10, 30)))
        december = rng.choice(working_days_between(date(2026, 12, 7), date(2026, 12, 18)))
        november = rng.choice(working_days_between(date(2026, 11, 23), date(2026, 11, 30)))
        old_close, new_close = [(october, december), (november, november), (None, None)][i % 3]
        amount = hubspot_amount(cents)
        h.states = [State(stage, old_close, amount), State(stage, new_close, amount)]
    # Slipped: created 21 September – 9 October, due 26 October – 13 November in the
    # older file, in December in the newer one.
    for _ in range(slipped):
        created = work_time(rng, rng.choice(working_days_between(date(2026, 9, 21), date(2026, 10, 9))))
        plan, cents = smb_product(rng, size * 1.4)
        h = deal(created, plan, cents, "")
        old_close = rng.choice(working_days_between(date(2026, 10, 26), date(2026, 11, 13)))
        new_close = rng.choice(working_days_between(date(2026, 12, 1), date(2026, 12, 18)))
        amount = hubspot_amount(cents)
        h.states = [State("Presentation Scheduled", old_close, amount),
                    State(rng.choice(["Presentation Scheduled", "Decision Maker Bought-In"]),
                          new_close, amount)]
    for h in out:
        if h.states[1].close and h.states[1].close.month == 12:
            december_amount += h.deal.cents
    # The year-end campaign: created in November, due in December, until the goal.
    campaign = working_days_between(YEAR_END_FIRST, EXPORTED_AT.date())
    due = working_days_between(date(2026, 12, 1), date(2026, 12, 23))
    while december_amount < goal * revenue_target(name) * 100:
        day = rng.choice(campaign)
        created = work_time(rng, day, last=17.5 if day == EXPORTED_AT.date() else 18.0)
        plan, cents = smb_product(rng, size * 1.6)
        h = deal(created, plan, cents, " (Jan 1 start)")
        age = (EXPORTED_AT - created).days  # a few weeks at most: not past the decision
        stage = HUBSPOT_OPEN[min(3, age // 7 + rng.randrange(0, 2))]
        amount = "" if rng.random() < 0.08 else hubspot_amount(cents)
        if amount:
            december_amount += cents
        h.states = [None, State(stage, rng.choice(due), amount)]
    return out


def older_state(rng, h):
    """A drawn deal as the older export showed it, if it had been created by then."""
    deal, new = h.deal, h.states[1]
    if deal.created > SNAPSHOT_OLD:
        return None
    if not new.is_open() and deal.closed <= SNAPSHOT_OLD:
        return State(new.stage, new.close, new.amount)  # closed by then: as it is now
    stage = open_stage(rng, deal.created, SNAPSHOT_OLD)
    per_day, win, loss, size, cycle, *_ = RATES.get(deal.owner, RATES["Chloe Martin"])
    if new.is_open():
        # Still open a month later: it was due after the rep's usual cycle, and has
        # slipped since (unless it never had a close date).
        stage = HUBSPOT_OPEN[min(HUBSPOT_OPEN.index(stage), HUBSPOT_OPEN.index(new.stage))]
        planned = deal.created.date() + timedelta(days=cycle + rng.randrange(-2, 6))
        close = None if new.close is None else next_working_day(planned)
        return State(stage, close, new.amount)
    # Closed since: it was due about when it closed; the amount came with the contract.
    close = None if rng.random() < 0.1 else \
        next_working_day(deal.closed.date() + timedelta(days=rng.randrange(-6, 4)))
    amount = new.amount
    if deal.outcome == "won" and rng.random() < 0.15:
        amount = ""
    return State(stage, close, amount)


def hubspot_snapshots(deals, crm_name, expected, who_of):
    """The rows of the two snapshots, oldest first; fills `expected` once per deal."""
    drawn = hubspot_drawn(deals, crm_name, random.Random(f"{SEED}:hubspot"))
    december = {}
    for h in drawn:
        s = h.states[1]
        if h.deal.owner and s.is_open() and s.amount and s.close and s.close.month == 12:
            december[h.deal.owner] = december.get(h.deal.owner, 0) + h.deal.cents
    extra = []
    for name, *_ in SMB:
        rng = random.Random(f"{SEED}:hubspot:pipeline:{name}")
        extra += planted(name, crm_name, rng, december.get(name, 0))
    older = random.Random(f"{SEED}:hubspot:{SNAPSHOT_OLD:%Y-%m-%d}")
    for h in drawn:
        h.states[0] = older_state(older, h)
    everything = sorted(drawn + extra, key=lambda h: h.deal.created)
    record_id = 18_240_331_000
    ratings = random.Random(f"{SEED}:hubspot:forecast")
    for h in everything:
        record_id += h.gap
        h.record_id = record_id
        for state in h.states:
            if state is not None:
                forecast(ratings, state)
        count_deal(expected, who_of(h.deal.owner), h.deal)
    snapshots = []
    for i in range(len(SNAPSHOTS)):
        rows = []
        for h in everything:
            s = h.states[i]
            if s is None:
                continue
            rows.append([str(h.record_id), f"{h.name} - {h.product}", s.stage, s.close_text(),
                         h.owner, s.amount, hubspot_time(h.deal.created), "Sales Pipeline",
                         h.deal_type, h.name, s.probability, s.category])
        snapshots.append(rows)
    return snapshots


def salesforce_category(rng, stage, probability, age):
    """An opportunity's forecast category: Salesforce's by stage (`Closed`, `Omitted`
    for a lost one, `Pipeline` for the open stages), which reps raise to `Best Case` or
    `Commit` as a deal firms up, or set to `Omitted` when it has gone quiet."""
    if stage == "Closed Won":
        return "Closed"
    if stage == "Closed Lost":
        return "Omitted"
    if age > 120 and rng.random() < 0.5:
        return "Omitted"
    if probability >= 90:
        return weighted(rng, [("Commit", 0.7), ("Best Case", 0.3)])[0]
    if probability >= 70:
        return weighted(rng, [("Best Case", 0.6), ("Commit", 0.15), ("Pipeline", 0.25)])[0]
    if probability >= 50:
        return weighted(rng, [("Pipeline", 0.7), ("Best Case", 0.3)])[0]
    return "Pipeline"


def salesforce_rows(deals, crm_name, rng, expected, who_of):
    """Salesforce "Details Only" rows, sorted by owner as the report groups them. The
    forecast categories come from a generator of their own."""
    categories = random.Random(f"{SEED}:salesforce:forecast")
    rows = []
    for deal in sorted(deals, key=lambda x: (crm_name[x.owner].lower(), x.created)):
        amount = f"{deal.cents // 100}.{deal.cents % 100:02d}"
        created = deal.created.date()
        if deal.outcome == "won":
            stage, probability, close = "Closed Won", 100, deal.closed.date()
        elif deal.outcome == "lost":
            stage, probability, close = "Closed Lost", 0, deal.closed.date()
        else:
            age = (LAST_DAY - created).days
            stage, probability = SALESFORCE_OPEN[min(len(SALESFORCE_OPEN) - 1, age // 8)]
            close = month_end(deal.closed.date())
            if rng.random() < 0.3:
                amount = ""
        age_days = (close if deal.outcome != "open" else LAST_DAY) - created
        account = company(rng, MM_SECOND)
        quarter = (close.month - 1) // 3 + 1
        rows.append([crm_name[deal.owner], account, f"{account} - Enterprise suite",
                     "New Customer" if rng.random() < 0.8 else "Existing Customer - Upgrade",
                     weighted(rng, LEAD_SOURCES)[0], stage, f"Q{quarter}-{close.year}",
                     "USD", amount, str(probability),
                     salesforce_category(categories, stage, probability, age_days.days),
                     str(age_days.days), us_date(close),
                     us_date(created), rng.choice(NEXT_STEPS) if deal.outcome == "open" else ""])
        count_deal(expected, who_of(deal.owner), deal)
    return rows


# --- calls -----------------------------------------------------------------------------

FIVE9_COLUMNS = ["CALL ID", "TIMESTAMP", "CAMPAIGN", "CALL TYPE", "AGENT", "AGENT NAME",
                 "DISPOSITION", "ANI", "DNIS", "CALL TIME", "IVR TIME", "QUEUE WAIT TIME",
                 "RING TIME", "TALK TIME", "HOLD TIME", "PARK TIME", "AFTER CALL WORK TIME",
                 "TRANSFERS", "CONFERENCES", "HOLDS", "ABANDONED"]
AIRCALL_COLUMNS = ["id", "direction", "date (TZ offset incl.)", "answered", "missed_call_reason",
                   "user", "line", "from", "to", "duration (total)", "duration (in call)", "tags"]
MAIN_NUMBER = "6175550100"       # the Boston office
TOLL_FREE = "8005550142"         # the mid-market sales line (Five9 DNIS)
AIRCALL_LINES = {  # line: (number, time zone the export writes its calls in)
    "US Sales Line": ("+16175550123", NEW_YORK),
    "West Coast Line": ("+14155550166", LOS_ANGELES),
    "Toll-Free Line": ("+18885550199", "UTC"),
}
AREA_CODES = ["212", "312", "404", "512", "617", "646", "702", "713", "718", "773", "801",
              "857", "919", "978", "303", "415", "503", "206", "310", "619"]


def phone(rng):
    return rng.choice(AREA_CODES) + "555" + f"{rng.randrange(100, 200):04d}"


def call_time_of_day(rng, d, first=8.5, last=18.25):
    return work_time(rng, d, first, last)


class Five9:
    """Draws the Mid-Market team's Five9 call log, one working day at a time."""

    OUT = [  # disposition, talk (low, high, mean) or None, share
        ("No Answer", None, 0.38), ("Busy", None, 0.04),
        ("Left Voicemail", (12, 60, 28), 0.2), ("Wrong Number", (4, 25, 9), 0.03),
        ("Not Interested", (20, 240, 70), 0.12), ("Follow-up Scheduled", (90, 900, 260), 0.15),
        ("Demo Booked", (240, 1500, 520), 0.08),
    ]
    IN = [("Demo Booked", 0.25), ("Interested", 0.3), ("Not Interested", 0.15),
          ("Pricing Question", 0.2), ("Transferred to Support", 0.1)]

    def __init__(self, rng, expected, person_of, ids):
        self.rng, self.expected = rng, expected
        self.person_of, self.ids = person_of, ids  # Five9 user -> name in team.yaml -> id
        self.call_id = 300_000_000_412_000_000

    def row(self, local, campaign, call_type, agent, disposition, ivr, queue, ring, talk,
            hold, acw, transfers, holds, abandoned, inbound):
        """One row, and its measures as the five9-call-log preset defines them."""
        who = self.ids[self.person_of[agent]] if agent else None
        day = local.date()
        if who is not None:
            self.expected.add(day, who, "dials")
        if talk > 0:
            self.expected.add(day, who, "calls")
            self.expected.add(day, who, "handle_seconds", talk + hold + acw)
            if inbound:
                self.expected.add(day, who, "answer_seconds", queue)
        if abandoned:
            self.expected.add(day, who, "abandoned")
        caller = phone(self.rng)
        ani, dnis = (caller, TOLL_FREE) if inbound else (MAIN_NUMBER, caller)
        return (local, [rfc2822(local), campaign, call_type,
                        agent or "[None]", AGENT_NAMES[self.person_of[agent]] if agent else "",
                        disposition, ani, dnis, hms(ivr + queue + ring + talk + hold),
                        hms(ivr), hms(queue), hms(ring), hms(talk), hms(hold), hms(0), hms(acw),
                        str(transfers), "0", str(holds), str(abandoned)])

    def outbound(self, agent, local):
        rng = self.rng
        disposition, talk_range, _ = weighted(rng, self.OUT)
        talk = seconds_between(rng, *talk_range) if talk_range else 0
        ring = rng.randrange(14, 36) if talk == 0 else rng.randrange(4, 22)
        hold, holds = (rng.randrange(10, 150), rng.randrange(1, 3)) if talk > 120 and rng.random() < 0.2 else (0, 0)
        acw = seconds_between(rng, 5, 240, 45) if talk else rng.randrange(2, 9)
        call_type = "Manual" if rng.random() < 0.7 else "Outbound"
        return self.row(local, "MM Outbound Follow-up", call_type, agent, disposition, 0, 0,
                        ring, talk, hold, acw, 0, holds, 0, False)

    def inbound(self, agent, local):
        """An inbound call on the sales line: answered by `agent`, dropped while ringing
        at `agent`, or (agent None) abandoned in the queue or the IVR."""
        rng = self.rng
        ivr = rng.randrange(8, 26)
        if agent is None:
            if rng.random() < 0.2:  # hung up in the IVR menu
                return self.row(local, "MM Inbound Sales", "Inbound", None, "Abandon",
                                rng.randrange(3, 20), 0, 0, 0, 0, 0, 0, 0, 1, True)
            queue = seconds_between(rng, 6, 420, 70)
            return self.row(local, "MM Inbound Sales", "Inbound", None, "Abandon", ivr, queue,
                            0, 0, 0, 0, 0, 0, 1, True)
        queue = seconds_between(rng, 2, 240, 22)
        if rng.random() < 0.03:  # the caller hung up while it rang at the agent
            return self.row(local, "MM Inbound Sales", "Inbound", agent, "Abandon", ivr, queue,
                            rng.randrange(2, 12), 0, 0, 0, 0, 0, 1, True)
        disposition = weighted(rng, self.IN)[0]
        talk = seconds_between(rng, 40, 2400, 420)
        hold, holds = (rng.randrange(15, 200), rng.randrange(1, 3)) if rng.random() < 0.25 else (0, 0)
        acw = seconds_between(rng, 5, 300, 60)
        transfers = 1 if disposition == "Transferred to Support" else 0
        return self.row(local, "MM Inbound Sales", "Inbound", agent, disposition, ivr, queue,
                        rng.randrange(2, 10), talk, hold, acw, transfers, holds, 0, True)

    def day(self, d, present):
        """Every row of one working day; `present` maps a Five9 user to its person."""
        rng, rows = self.rng, []
        for agent, person in present:
            lam = RATES[person][5] * SEASON[d.month]
            for _ in range(poisson(rng, lam)):
                rows.append(self.outbound(agent, call_time_of_day(rng, d)))
        for _ in range(poisson(rng, 26 * SEASON[d.month]) if present else 0):
            local = call_time_of_day(rng, d, 8.0, 18.5)
            r = rng.random()
            agent = None if r < 0.07 else rng.choice(present)[0]
            rows.append(self.inbound(agent, local))
        rows.sort(key=lambda r: r[0])
        out = []
        for _, fields in rows:  # Five9 call ids grow with time
            self.call_id += self.rng.randrange(40, 9000)
            out.append([str(self.call_id)] + fields)
        return out


class Aircall:
    """Draws the SMB team's Aircall calls, one calendar day at a time."""

    REASONS = ["short_abandoned", "abandoned_in_classic", "no_available_agent",
               "agents_did_not_answer"]
    TAGS = ["", "", "", "", "", "", "demo booked", "follow-up", "not interested", "voicemail"]

    def __init__(self, rng, expected, who_of):
        self.rng, self.expected, self.who_of = rng, expected, who_of
        self.call_id = 2_914_002_000

    def row(self, local, direction, user, line, answered, total, in_call, reason=""):
        """One call at NY local time `local`; its measures as the aircall-calls preset
        defines them, counted on the local day in America/New_York."""
        day = local.date()
        who = self.who_of(user) if user else None
        if who is not None:
            self.expected.add(day, who, "dials")
        if answered:
            self.expected.add(day, who, "calls")
            self.expected.add(day, who, "handle_seconds", in_call)
            if direction == "inbound":
                self.expected.add(day, who, "answer_seconds", total - in_call)
        elif direction == "inbound" and not user:
            self.expected.add(day, who, "abandoned")
        number, zone = AIRCALL_LINES[line]
        other = "+1" + phone(self.rng)
        source, target = (number, other) if direction == "outbound" else (other, number)
        utc = ny_to_utc(local)
        tag = self.rng.choice(self.TAGS) if answered else ""
        return (utc, [direction, iso_with_offset(utc, zone), "Yes" if answered else "No", reason,
                      user or "", line, source, target, str(total), str(in_call), tag])

    def outbound(self, user, local, line, connect):
        rng = self.rng
        if rng.random() < connect:
            in_call = seconds_between(rng, 6, 1800, 150)
            return self.row(local, "outbound", user, line, True, in_call + rng.randrange(4, 21), in_call)
        return self.row(local, "outbound", user, line, False, rng.randrange(12, 46), 0)

    def working(self, d, present):
        """A working day: outbound dials (West Coast Line in the afternoon, evening
        follow-ups on the Toll-Free Line, whose export time zone is UTC), inbound calls
        on the sales lines."""
        rng, rows = self.rng, []
        for user, person in present:
            lam, connect = RATES[person][5] * SEASON[d.month], RATES[person][6]
            for _ in range(poisson(rng, lam)):
                local = call_time_of_day(rng, d)
                west = local.hour >= 12 and rng.random() < 0.3
                rows.append(self.outbound(user, local, "West Coast Line" if west else "US Sales Line", connect))
            evening = rng.randrange(0, 3) + (2 if d == last_working_day(d) else 0)
            for _ in range(evening):  # 19:05-20:55 New York: the next day in UTC
                start = 20 * 3600 + 5 * 60 if d == last_working_day(d) else 19 * 3600 + 5 * 60
                local = datetime.combine(d, time()) + timedelta(seconds=rng.randrange(start, 20 * 3600 + 55 * 60))
                rows.append(self.outbound(user, local, "Toll-Free Line", connect))
        users = [u for u, _ in present]
        for _ in range(poisson(rng, 11 * SEASON[d.month]) if users else 0):
            local = call_time_of_day(rng, d, 8.0, 18.5)
            line = "West Coast Line" if local.hour >= 12 and rng.random() < 0.35 else "US Sales Line"
            wait = seconds_between(rng, 2, 120, 14)
            if rng.random() < 0.14:
                reason = "short_abandoned" if wait < 10 else rng.choice(self.REASONS[1:])
                rows.append(self.row(local, "inbound", None, line, False, wait, 0, reason))
            else:
                user = MANAGER_AIRCALL_USER if rng.random() < 0.04 else rng.choice(users)
                in_call = seconds_between(rng, 20, 2400, 300)
                rows.append(self.row(local, "inbound", user, line, True, wait + in_call, in_call))
        return rows

    def after_hours(self, d):
        """Calls outside opening hours, any day: missed, no user (`out_of_opening_hours`);
        some reach the West Coast Line late in the evening Pacific time, which is after
        midnight in New York."""
        rng, rows = self.rng, []
        for _ in range(poisson(rng, 1.3)):
            if rng.random() < 0.4:
                seconds = rng.randrange(0, 3 * 3600)  # 00:00-03:00 New York
                line = "West Coast Line"
            else:
                seconds = rng.choice([rng.randrange(19 * 3600, 24 * 3600), rng.randrange(5 * 3600, 8 * 3600)])
                line = "Toll-Free Line" if rng.random() < 0.5 else "US Sales Line"
            if dst_change(d) and 3600 <= seconds < 3 * 3600:
                continue
            local = datetime.combine(d, time()) + timedelta(seconds=seconds)
            rows.append(self.row(local, "inbound", None, line, False, rng.randrange(4, 40), 0,
                                 "out_of_opening_hours"))
        return rows

    def number(self, rows):
        """Sorted by time (UTC instant), with ids in that order."""
        out = []
        for _, fields in sorted(rows, key=lambda r: r[0]):
            self.call_id += self.rng.randrange(3, 60)
            out.append([str(self.call_id)] + fields)
        return out


# --- writing ---------------------------------------------------------------------------

def csv_text(header, rows, quoting=csv.QUOTE_MINIMAL, newline="\n"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=quoting, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


HUBSPOT_COLUMNS = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount",
                   "Create Date", "Pipeline", "Deal Type", "Associated Company",
                   "Deal probability", "Forecast category"]
SALESFORCE_COLUMNS = ["Opportunity Owner", "Account Name", "Opportunity Name", "Type",
                      "Lead Source", "Stage", "Fiscal Period", "Amount Currency", "Amount",
                      "Probability (%)", "Forecast Category", "Age", "Close Date", "Created Date", "Next Step"]


def salesforce_text(rows):
    """Every field quoted, LF line ends, and the report's footer."""
    body = csv_text(SALESFORCE_COLUMNS, rows, quoting=csv.QUOTE_ALL)
    footer = (f'\n"Grand Totals ({len(rows)} records)"\n\n'
              '"Confidential Information - Do Not Distribute"\n\n'
              '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n')
    return body + footer


def generate(expected):
    """Draws every record; returns {file name: bytes}."""
    by_name = {row[0]: row for row in SMB + MID_MARKET}
    ids = {name: slug(name) for name in by_name}
    ids[MANAGER_AIRCALL_USER] = slug(MANAGER_AIRCALL_USER)
    crm_name = {name: row[3] for name, row in by_name.items()}
    phone_user = {name: row[4] for name, row in by_name.items()}
    person_of_phone = {row[4]: name for name, row in by_name.items()}
    person_of_phone[MANAGER_AIRCALL_USER] = MANAGER_AIRCALL_USER

    deals_smb, deals_mm = [], []
    for name, *_ in SMB:
        deals_smb += draw_deals(name, random.Random(f"{SEED}:deals:{name}"), False)
    deals_smb += unassigned_deals(random.Random(f"{SEED}:deals:unassigned"))
    for name, *_ in MID_MARKET:
        deals_mm += draw_deals(name, random.Random(f"{SEED}:deals:{name}"), True)
    hubspot = hubspot_snapshots(deals_smb, crm_name, expected,
                                lambda owner: ids[owner] if owner else None)
    salesforce = salesforce_rows(deals_mm, crm_name, random.Random(f"{SEED}:salesforce"),
                                 expected, lambda owner: ids[owner])

    away = {name: absences(random.Random(f"{SEED}:away:{name}"), CALLS_FIRST, LAST_DAY)
            for name in by_name}
    five9 = Five9(random.Random(f"{SEED}:five9"), expected, person_of_phone, ids)
    aircall = Aircall(random.Random(f"{SEED}:aircall"), expected,
                      lambda user: ids[person_of_phone[user]])
    five9_rows, aircall_rows = [], []
    for d in days(CALLS_FIRST, LAST_DAY):
        if working_day(d):
            mm = [(phone_user[n], n) for n, *_ in MID_MARKET if d not in away[n] and d >= start_of(n)]
            smb = [(phone_user[n], n) for n, *_ in SMB if d not in away[n] and d >= start_of(n)]
            five9_rows += five9.day(d, mm)
            aircall_rows += aircall.working(d, smb)
        aircall_rows += aircall.after_hours(d)
    hubspot_files = {f"hubspot-deals-{at:%Y-%m-%d}.csv":
                     b"\xef\xbb\xbf" + csv_text(HUBSPOT_COLUMNS, rows).encode("utf-8")
                     for at, rows in zip(SNAPSHOTS, hubspot)}
    return {
        **hubspot_files,
        "salesforce-opportunities.csv": salesforce_text(salesforce).encode("utf-8"),
        "five9-call-log.csv": csv_text(FIVE9_COLUMNS, five9_rows, csv.QUOTE_ALL, "\r\n").encode("utf-8"),
        "aircall-calls.csv": csv_text(AIRCALL_COLUMNS, aircall.number(aircall_rows)).encode("utf-8"),
    }


# --- YAML ------------------------------------------------------------------------------

PULSEBOOK_YAML = """\
# Book settings for the Lumen Ledger inside-sales example. Generated by generate.py.
title: "Lumen Ledger — Inside Sales Handbook"
organisation: "Lumen Ledger, Inc."
locale: en
currency: USD
period: month
timezone: America/New_York   # the local day of every call and deal
history: 12
outputs: [html, pdf]
privacy:
  leaderboard: true
  publish_scorecards: true
"""

KPIS_YAML = """\
# KPIs added to the built-in catalogue for the raw call logs and CRM exports.
# Generated by generate.py.
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
  - id: opportunities
    label: "New opportunities"
    formula: opportunities
    format: integer
    better: higher
"""


def yaml_text(text):
    """A YAML scalar: quoted when it has a character YAML could misread."""
    if any(c in text for c in ":#'\"{}[],&*!|>%@`") or text != text.strip():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def team_yaml():
    out = ["# Lumen Ledger, Inc. — teams, people and monthly targets.",
           "# Generated by generate.py; edit the script, not this file.",
           "#",
           "# `aliases` are the other names a person has in the exports (a phone-system user",
           "# name, an old name, an extension): pulsebook matches them after the id, the",
           "# e-mail and the name.",
           "", "teams:"]
    for tid, tname, manager in TEAMS:
        out += [f"  - id: {tid}", f"    name: {tname}", f"    manager: {slug(manager)}"]
    out += ["", "people:", "  # Sales leadership: no team."]

    def person(name, role, team=None, manager=None, start=None, aliases=()):
        lines = [f"  - id: {slug(name)}", f"    name: {yaml_text(name)}",
                 f"    email: {email(name)}", f"    role: {role}"]
        if team:
            lines.append(f"    team: {team}")
        if manager:
            lines.append(f"    manager: {slug(manager)}")
        if start:
            lines.append(f"    start: {start}")
        if aliases:
            lines.append("    aliases: [" + ", ".join(f'"{a}"' for a in aliases) + "]")
        return lines

    out += person(DIRECTOR, "director")
    for _, _, manager in TEAMS:
        out += person(manager, "manager", manager=DIRECTOR)
    for (tid, tname, _), members in zip(TEAMS, (SMB, MID_MARKET)):
        out.append(f"  # {tname}")
        for name, start, aliases, *_ in members:
            out += person(name, "rep", team=tid, start=start, aliases=aliases)

    def mapping(pairs):
        return "{ " + ", ".join(f"{k}: {v}" for k, v in pairs) + " }"

    out += ["", "# Monthly targets per person: people, then teams, then default.", "targets:",
            "  default:"]
    out += [f"    {k}: {v}" for k, v in TARGETS_DEFAULT]
    out.append("  teams:")
    for tid, pairs in TARGETS_TEAMS:
        out.append(f"    {tid}:")
        out += [f"      {k}: {v}" for k, v in pairs]
    out.append("  people:")
    for name, pairs in TARGETS_PEOPLE:
        out.append(f"    {slug(name)}: {mapping(pairs)}")
    return "\n".join(out) + "\n"


def main():
    days_path = None
    if sys.argv[1:2] == ["--days"] and len(sys.argv) == 3:
        days_path = sys.argv[2]
    elif sys.argv[1:]:
        sys.exit("usage: generate.py [--days FILE]")
    expected = Expected()
    files = generate(expected)
    write(os.path.join(HERE, "pulsebook.yaml"), PULSEBOOK_YAML.encode("utf-8"))
    write(os.path.join(HERE, "kpis.yaml"), KPIS_YAML.encode("utf-8"))
    write(os.path.join(HERE, "team.yaml"), team_yaml().encode("utf-8"))
    for name, data in files.items():
        write(os.path.join(HERE, "metrics", name), data)
    # metrics/ holds only what this script writes: an export it no longer writes (the
    # single hubspot-deals.csv before the snapshots) would be read as data.
    for name in sorted(os.listdir(os.path.join(HERE, "metrics"))):
        if name not in files:
            os.remove(os.path.join(HERE, "metrics", name))
    write(EXPECTED, expected_csv(expected, lambda d: f"{d:%Y-%m}", "period").encode("utf-8"))
    if days_path:
        write(os.path.abspath(days_path), expected_csv(expected, lambda d: d.isoformat(), "date").encode("utf-8"))
    sizes = ", ".join(f"{name} {len(data) / 1e6:.1f} MB" for name, data in files.items())
    print(f"wrote {sizes} and {os.path.relpath(EXPECTED, REPO)}")


if __name__ == "__main__":
    main()
