#!/usr/bin/env python3
"""Generate the `exports` test book: raw exports of the presets the inside-sales example
does not use, and a custom export in the encoding Polish Excel writes.

Hurtownia Nord sp. z o.o. is a fictional Polish wholesaler (`locale: pl`, PLN, no
`timezone:` key, so the locale's default Europe/Warsaw). August – October 2026:

    metrics/pipedrive-deals.csv        Pipedrive deals export (team `sprzedaz`), UTF-8
    metrics/genesys-interactions.csv   Genesys Cloud interactions export (team
                                       `bok-warszawa`), UTF-8, durations in ms
    metrics/centrala-krakow.csv        the Kraków office's old PBX report saved by Excel
                                       in Polish: Windows-1250, `;`, CRLF, a title above
                                       the header and a total line below the rows,
                                       `DD.MM.YYYY HH:MM`, `H:MM:SS`, `1 234,50 zł`
                                       (no-break spaces); read through sources.yaml
    sources.yaml                       the hand mapping of centrala-krakow.csv (SQL)

and, outside the book, the values pulsebook must compute from each file:

    ../exports-expected.csv            file,period,person,measure,value

The expected values are summed while the records are drawn, never read back from the
files. Standard library only, fixed seeds, byte-identical on every run:
`python3 tests/books/exports/generate.py`.
"""

import csv
import io
import os
import random
from datetime import date, datetime, time, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(os.path.dirname(HERE), "exports-expected.csv")
SEED = 20261031
FIRST_DAY = date(2026, 8, 3)
LAST_DAY = date(2026, 10, 30)
DOMAIN = "hurtownia-nord.example"
HOLIDAYS = {date(2026, 8, 15)}  # Polish public holidays in the window (15 August is a Saturday)
NBSP = "\u00a0"

TEAMS = [("sprzedaz", "Sprzedaż", "Anna Kowal"), ("bok-warszawa", "BOK Warszawa", "Anna Kowal"),
         ("bok-krakow", "BOK Kraków", "Anna Kowal")]
# name in team.yaml, team, aliases, the name the export shows
PIPEDRIVE = [("Łukasz Wójcik", "sprzedaz", [], "Łukasz Wójcik"),
             ("Zofia Kamińska", "sprzedaz", [], "Zofia Kaminska"),
             ("Marek Nowak", "sprzedaz", [], "marek nowak")]
GENESYS = [("Agnieszka Dąbrowska", "bok-warszawa", ["A. Dąbrowska"], "A. Dąbrowska"),
           ("Piotr Zieliński", "bok-warszawa", [], "Piotr Zielinski"),
           ("Karolina Wrona", "bok-warszawa", [], "Karolina Wrona")]
KRAKOW = [("Ewa Szymańska", "bok-krakow", [], "Ewa Szymańska"),
          ("Grzegorz Łęcki", "bok-krakow", ["Łęcki Grzegorz"], "Łęcki Grzegorz"),
          ("Piotr Zieliński", "bok-krakow", [], "Piotr Zieliński")]
# Piotr Zieliński moves from Kraków to Warsaw: his last Kraków day and first Genesys day
# overlap on 14–15 September, so his September adds up from two files.
PIOTR_KRAKOW_LAST, PIOTR_WARSAW_FIRST = date(2026, 9, 15), date(2026, 9, 14)

TRANSLIT = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def slug(name):
    return "-".join(name.translate(TRANSLIT).lower().split())


def email(name):
    return ".".join(name.translate(TRANSLIT).lower().split()) + "@" + DOMAIN


def working_days():
    d = FIRST_DAY
    while d <= LAST_DAY:
        if d.weekday() < 5 and d not in HOLIDAYS:
            yield d
        d += timedelta(days=1)


def at(rng, d, first=8.0, last=17.5):
    return datetime.combine(d, time()) + timedelta(seconds=rng.randrange(int(first * 3600), int(last * 3600)))


class Expected:
    """Running totals per (file, month, person or None, measure); exact integers
    (grosze for revenue, milliseconds for Genesys handle time, seconds otherwise)."""

    def __init__(self):
        self.sums = {}

    def add(self, file, day, who, measure, value=1):
        if value:
            for key in ((file, f"{day:%Y-%m}", who, measure), (file, f"{day:%Y-%m}", "organisation", measure)):
                if key[2] is not None:
                    self.sums[key] = self.sums.get(key, 0) + value

    def text(self, units):
        lines = ["file,period,person,measure,value"]
        for (file, period, who, measure), value in sorted(self.sums.items()):
            lines.append(f"{file},{period},{who},{measure},{units(file, measure, value)}")
        return "\n".join(lines) + "\n"


def units(file, measure, value):
    if measure == "revenue":
        return f"{value // 100}.{value % 100:02d}"
    if file == "genesys-interactions.csv" and measure == "handle_seconds":
        return f"{value // 1000}.{value % 1000:03d}"
    return str(value)


def csv_text(rows, delimiter=",", quoting=csv.QUOTE_MINIMAL, newline="\n"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=newline).writerows(rows)
    return buffer.getvalue()


# --- Pipedrive ---------------------------------------------------------------------------

PIPEDRIVE_COLUMNS = ["Deal - ID", "Deal - Title", "Deal - Owner", "Deal - Value", "Deal - Currency",
                     "Deal - Organization", "Deal - Pipeline", "Deal - Stage", "Deal - Status",
                     "Deal - Deal created", "Deal - Won time", "Deal - Lost time",
                     "Deal - Expected close date", "Deal - Lost reason"]
CLIENTS = ["Sklep Pod Lipami", "Market Jagódka", "Delikatesy Kłos", "Hurtownia Żak",
           "Piekarnia Ziarenko", "Sieć Kropka", "Bar Mleczny Złota", "Hotel Wisła",
           "Stacja Orlik", "Kawiarnia Ćma"]
LOST_REASONS = ["Cena", "Wybrał konkurencję", "Brak budżetu", "Brak odpowiedzi"]


def money(grosze):
    """Pipedrive writes plain numbers: 12400, 12400.5."""
    if grosze % 100 == 0:
        return str(grosze // 100)
    return f"{grosze // 100}.{grosze % 100:02d}".rstrip("0")


def pipedrive(expected):
    name = "pipedrive-deals.csv"
    rng = random.Random(f"{SEED}:pipedrive")
    rows, deal_id, won_without_value = [PIPEDRIVE_COLUMNS], 4100, 0
    for d in working_days():
        for person, _, _, shown in PIPEDRIVE:
            if rng.random() > 0.55:
                continue
            deal_id += rng.randrange(1, 9)
            created = at(rng, d)
            grosze = rng.randrange(2000, 60000) * 100 + rng.choice([0, 0, 0, 50, 99])
            closed = at(rng, d + timedelta(days=rng.randrange(0, 30)))
            if closed < created:
                closed = created + timedelta(minutes=rng.randrange(10, 300))
            status = "open" if closed.date() > LAST_DAY or rng.random() < 0.15 else \
                "won" if rng.random() < 0.45 else "lost"
            value = money(grosze)
            if status == "won" and won_without_value < 1 and rng.random() < 0.05:
                value, grosze = "", 0  # a won deal without a value counts 0
                won_without_value += 1
            who = slug(person)
            expected.add(name, created.date(), who, "opportunities")
            if status == "won":
                expected.add(name, closed.date(), who, "deals")
                expected.add(name, closed.date(), who, "revenue", grosze)
            elif status == "lost":
                expected.add(name, closed.date(), who, "deals_lost")
            stage = {"won": "Wygrana", "lost": "Negocjacje"}.get(status, rng.choice(["Kontakt", "Oferta", "Negocjacje"]))
            client = rng.choice(CLIENTS)
            rows.append([str(deal_id), f"{client} – dostawa {rng.randrange(1, 40)}", shown, value, "PLN",
                         client, "Sprzedaż hurtowa", stage, status, f"{created:%Y-%m-%d %H:%M:%S}",
                         f"{closed:%Y-%m-%d %H:%M:%S}" if status == "won" else "",
                         f"{closed:%Y-%m-%d %H:%M:%S}" if status == "lost" else "",
                         f"{closed:%Y-%m-%d}" if status == "open" else "",
                         rng.choice(LOST_REASONS) if status == "lost" else ""])
    return name, csv_text(rows).encode("utf-8")


# --- Genesys Cloud -----------------------------------------------------------------------

GENESYS_COLUMNS = ["Date", "Conversation ID", "Media Type", "Direction", "Users - Interacted",
                   "Queue", "ANI", "DNIS", "Wrap-up", "Abandoned", "Total Handle", "Total Talk",
                   "Total Hold", "Total ACW"]
WRAP_UPS = ["Zamówienie", "Reklamacja", "Informacja", "Oddzwonić"]


def us_short(local):
    """Genesys Cloud with an en-US user: `1/16/2026 2:03 PM`, local time, no offset."""
    hour = local.hour % 12 or 12
    return f"{local.month}/{local.day}/{local:%Y} {hour}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"


def conversation_id(rng):
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def genesys(expected):
    name = "genesys-interactions.csv"
    rng = random.Random(f"{SEED}:genesys")
    rows = []
    for d in working_days():
        present = [(p, shown) for p, _, _, shown in GENESYS
                   if not (p == "Piotr Zieliński" and d < PIOTR_WARSAW_FIRST) and rng.random() > 0.08]
        for _ in range(rng.randrange(12, 22)):
            local = at(rng, d, 7.5, 18.0)
            inbound = rng.random() < 0.8
            queue = "BOK Warszawa" if inbound else ""
            if inbound and rng.random() < 0.07 or not present:
                expected.add(name, d, None, "abandoned")
                rows.append((local, [us_short(local), conversation_id(rng), "voice", "Inbound", "",
                                     "BOK Warszawa", f"tel:+4822{rng.randrange(1000000, 9999999)}",
                                     "tel:+48221234567", "", "YES", "", "", "", ""]))
                continue
            person, shown = rng.choice(present)
            talk = rng.randrange(30_000, 900_000)
            hold = rng.choice([0, 0, 0, rng.randrange(5_000, 90_000)])
            acw = rng.randrange(3_000, 120_000)
            handle = talk + hold + acw
            expected.add(name, d, slug(person), "calls")
            expected.add(name, d, slug(person), "handle_seconds", handle)
            remote = f"tel:+48{rng.randrange(500000000, 899999999)}"
            ani, dnis = (remote, "tel:+48221234567") if inbound else ("tel:+48221234567", remote)
            rows.append((local, [us_short(local), conversation_id(rng), "voice",
                                 "Inbound" if inbound else "Outbound", shown, queue, ani, dnis,
                                 rng.choice(WRAP_UPS), "NO", str(handle), str(talk), str(hold), str(acw)]))
    rows.sort(key=lambda r: r[0])
    text = csv_text([GENESYS_COLUMNS] + [r[1] for r in rows], quoting=csv.QUOTE_ALL, newline="\r\n")
    return name, text.encode("utf-8")


# --- the Kraków PBX, saved by Excel in Polish ---------------------------------------------

KRAKOW_COLUMNS = ["Data i godzina", "Konsultant", "Kierunek", "Numer", "Czas oczekiwania",
                  "Czas rozmowy", "Czas obsługi po rozmowie", "Status", "Wartość zamówienia"]


def h_mm_ss(seconds):
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def zloty(grosze):
    """Excel's currency format in Polish: `1 234,50 zł`, no-break spaces."""
    whole, groups = str(grosze // 100), []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{NBSP.join(groups)},{grosze % 100:02d}{NBSP}zł"


def krakow(expected):
    name = "centrala-krakow.csv"
    rng = random.Random(f"{SEED}:krakow")
    rows, total = [], 0
    for d in working_days():
        present = [(p, shown) for p, _, _, shown in KRAKOW
                   if not (p == "Piotr Zieliński" and d > PIOTR_KRAKOW_LAST) and rng.random() > 0.08]
        for _ in range(rng.randrange(8, 16)):
            local = at(rng, d, 8.0, 16.0)
            inbound = rng.random() < 0.75
            number = f"+48 12 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
            wait = rng.randrange(3, 90) if inbound else 0
            if inbound and (rng.random() < 0.08 or not present):
                expected.add(name, d, None, "abandoned")
                rows.append((local, [f"{local:%d.%m.%Y %H:%M}", "", "Przychodzące", number,
                                     h_mm_ss(wait), h_mm_ss(0), h_mm_ss(0), "Porzucone", ""]))
                continue
            person, shown = rng.choice(present)
            who = slug(person)
            expected.add(name, d, who, "dials")
            if not inbound and rng.random() < 0.3:
                rows.append((local, [f"{local:%d.%m.%Y %H:%M}", shown, "Wychodzące", number,
                                     h_mm_ss(0), h_mm_ss(0), h_mm_ss(0), "Nieodebrane", ""]))
                continue
            talk, after = rng.randrange(20, 1200), rng.randrange(0, 180)
            expected.add(name, d, who, "calls")
            expected.add(name, d, who, "handle_seconds", talk + after)
            if inbound:
                expected.add(name, d, who, "answer_seconds", wait)
            order = ""
            if rng.random() < 0.3:
                grosze = rng.randrange(5000, 900000)
                order, total = zloty(grosze), total + grosze
                expected.add(name, d, who, "deals")
                expected.add(name, d, who, "revenue", grosze)
            rows.append((local, [f"{local:%d.%m.%Y %H:%M}", shown,
                                 "Przychodzące" if inbound else "Wychodzące", number,
                                 h_mm_ss(wait), h_mm_ss(talk), h_mm_ss(after), "Odebrane", order]))
    rows.sort(key=lambda r: r[0])
    pad = [""] * (len(KRAKOW_COLUMNS) - 1)  # Excel writes every column of the used range
    title = [["Raport połączeń – Oddział Kraków"] + pad,
             [f"Okres: {FIRST_DAY:%d.%m.%Y} – {LAST_DAY:%d.%m.%Y}"] + pad, [""] + pad]
    footer = [["Razem", "", "", "", "", "", "", "", zloty(total)]]
    text = csv_text(title + [KRAKOW_COLUMNS] + [r[1] for r in rows] + footer, delimiter=";",
                    newline="\r\n")
    return name, text.encode("windows-1250")


SOURCES_YAML = """\
# The Kraków office's old PBX report, opened and saved as "CSV" by Excel in Polish:
# Windows-1250, `;`, a title and a blank line above the header, a total line below.
# Generated by generate.py. The Pipedrive and Genesys files need no entry: their
# presets are recognised from the header.
sources:
  - name: centrala-krakow
    files: metrics/centrala-krakow.csv
    encoding: windows-1250
    number_style: pl
    skip: { header_row: 4, footer_lines: 1 }   # the header is the file's 4th line
    person: { column: Konsultant }
    date: { column: "Data i godzina", format: "%d.%m.%Y %H:%M" }
    measures:
      dials:          { count: true, where: "Konsultant IS NOT NULL" }
      calls:          { count: true, where: "Status = 'Odebrane'" }
      handle_seconds: { sum: "seconds(\\"Czas rozmowy\\") + seconds(\\"Czas obsługi po rozmowie\\")", where: "Status = 'Odebrane'" }
      answer_seconds: { sum: "seconds(\\"Czas oczekiwania\\")", where: "Status = 'Odebrane' AND Kierunek = 'Przychodzące'" }
      abandoned:      { count: true, where: "Status = 'Porzucone'" }
      deals:          { count: true, where: "\\"Wartość zamówienia\\" IS NOT NULL" }
      revenue:        { sum: "\\"Wartość zamówienia\\"" }
"""

PULSEBOOK_YAML = """\
# A test book of raw exports (Pipedrive, Genesys Cloud, a Windows-1250 CSV).
# Generated by generate.py. No `timezone:`: the default for `pl` is Europe/Warsaw.
title: "Hurtownia Nord — eksporty"
organisation: "Hurtownia Nord sp. z o.o."
locale: pl
currency: PLN
period: month
history: 6
"""

KPIS_YAML = """\
# Generated by generate.py.
kpis:
  - id: dials
    label: "Połączenia wychodzące i odebrane"
    formula: dials
    format: integer
    better: higher
"""


def team_yaml():
    out = ["# Hurtownia Nord — teams and people. Generated by generate.py.", "", "teams:"]
    for tid, tname, manager in TEAMS:
        out += [f"  - id: {tid}", f"    name: {tname}", f"    manager: {slug(manager)}"]
    out += ["", "people:", "  - id: anna-kowal", "    name: Anna Kowal",
            f"    email: {email('Anna Kowal')}", "    role: manager"]
    seen = set()
    for name, team, aliases, _ in PIPEDRIVE + GENESYS + KRAKOW:
        if name in seen:
            continue
        seen.add(name)
        out += [f"  - id: {slug(name)}", f"    name: {name}", f"    email: {email(name)}",
                f"    team: {team}"]
        if aliases:
            out.append("    aliases: [" + ", ".join(f'"{a}"' for a in aliases) + "]")
    out += ["", "targets:", "  default: { revenue: 60000, deals: 6 }"]
    return "\n".join(out) + "\n"


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    expected = Expected()
    files = [pipedrive(expected), genesys(expected), krakow(expected)]
    for name, data in files:
        write(os.path.join(HERE, "metrics", name), data)
    write(os.path.join(HERE, "pulsebook.yaml"), PULSEBOOK_YAML.encode("utf-8"))
    write(os.path.join(HERE, "team.yaml"), team_yaml().encode("utf-8"))
    write(os.path.join(HERE, "kpis.yaml"), KPIS_YAML.encode("utf-8"))
    write(os.path.join(HERE, "sources.yaml"), SOURCES_YAML.encode("utf-8"))
    write(EXPECTED, expected.text(units).encode("utf-8"))
    print("wrote " + ", ".join(f"{name} ({len(data):,} bytes)" for name, data in files)
          + f" and {os.path.basename(EXPECTED)}")


if __name__ == "__main__":
    main()
