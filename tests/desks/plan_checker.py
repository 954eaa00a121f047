"""An independent checker of a year's desk plan: every hard rule of issue 11 §3, recomputed from the
input alone (no helper of ``desks.planning`` is imported; holidays and Jalali months are looked up here).

``violations(inp, result)`` lists what is wrong, in plain words; ``assert_valid`` fails a test with them.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

import holidays
import jdatetime

WEDNESDAY, FRIDAY = 2, 4
KINDS = ("directors", "county")


def _iran_holidays(dates: list[datetime.date]) -> set[datetime.date]:
    years = {d.year for d in dates}
    return set(holidays.country_holidays("IR", years=sorted(years))) if years else set()


def _month(d: datetime.date) -> tuple[int, int]:
    j = jdatetime.date.fromgregorian(date=d)
    return (j.year, j.month)


def _persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def violations(inp: Any, result: Any) -> list[str]:
    s = inp.settings
    out: list[str] = []
    hoods = {h.key: h for h in inp.neighborhoods}
    unavailable = {a.key: set(a.unavailable) for a in inp.agencies}
    fixed = {(f.kind, f.neighborhood): f for f in inp.fixed}
    working = set(inp.wednesdays)
    desks = list(result.desks)
    neighborhood_desks = [d for d in desks if d.kind in KINDS]
    planned = [d for d in neighborhood_desks if d.status == "planned"]
    off = _iran_holidays([d.date for d in desks])

    if result.status not in ("optimal", "feasible"):
        out.append(f"status {result.status!r}")
    if result.bound > result.objective + 1e-6:
        out.append(f"bound {result.bound} above objective {result.objective}")
    for d in desks:
        if d.kind not in (*KINDS, "friday"):
            out.append(f"unknown kind {d.kind!r}")
        if d.status not in ("planned", "held", "announced"):
            out.append(f"unknown status {d.status!r}")
    for d in planned:
        where = f"{d.kind} desk of {d.neighborhood} on {d.date}"
        if d.date.weekday() != WEDNESDAY:
            out.append(f"{where}: not a Wednesday")
        if d.date not in working:
            out.append(f"{where}: not one of the working Wednesdays")
        if d.date in off:
            out.append(f"{where}: an official holiday")
        if d.neighborhood not in hoods:
            out.append(f"{where}: unknown neighborhood")
            continue
        hood = hoods[d.neighborhood]
        if d.county != hood.county:
            out.append(f"{where}: county {d.county} is not {hood.county}")
        wanted = set(hood.needs if d.kind == "directors" else hood.county_needs)
        if not set(d.agencies) <= wanted:
            out.append(f"{where}: agencies not needed there {sorted(set(d.agencies) - wanted)}")
        if len(set(d.agencies)) != len(d.agencies):
            out.append(f"{where}: an agency listed twice")
        if d.kind == "directors" and len(d.agencies) > s.directors_per_desk:
            out.append(f"{where}: {len(d.agencies)} directors-general, more than {s.directors_per_desk}")
        for a in d.agencies:
            if d.date in unavailable.get(a, set()):
                out.append(f"{where}: {a} is unavailable that day")

    # Fixed desks: kept exactly, and never doubled by a planned one.
    for (kind, key), f in fixed.items():
        same = [
            d for d in neighborhood_desks
            if d.kind == kind and d.neighborhood == key and d.date == f.date
            and tuple(d.agencies) == tuple(f.agencies) and d.status == f.status and d.county == f.county
        ]
        if len(same) != 1:
            out.append(f"fixed {kind} desk of {key} on {f.date} not kept exactly")

    unplanned_visit = {(u.kind, u.neighborhood) for u in result.unplanned if u.agency is None}
    unplanned_need = {(u.kind, u.neighborhood, u.agency) for u in result.unplanned if u.agency is not None}
    for u in result.unplanned:
        if u.kind not in KINDS:
            out.append(f"unplanned of unknown kind {u.kind!r}")
        if not u.reason or not _persian(u.reason):
            out.append(f"unplanned {u.kind} {u.neighborhood} {u.agency}: no Persian reason")
    count = Counter((d.kind, d.neighborhood) for d in neighborhood_desks)
    for key, hood in hoods.items():
        for kind in KINDS:
            n = count[(kind, key)]
            if n > 1:
                out.append(f"{key}: {n} {kind} desks")
            if n == 1 and (kind, key) in unplanned_visit:
                out.append(f"{key}: a {kind} desk and also reported unplanned")
            if n == 0 and (kind, key) not in unplanned_visit:
                out.append(f"{key}: no {kind} desk and no unplanned entry")
            desk = next((d for d in neighborhood_desks if d.kind == kind and d.neighborhood == key), None)
            for a in dict.fromkeys(hood.needs if kind == "directors" else hood.county_needs):
                present = desk is not None and a in desk.agencies
                reported = (kind, key, a) in unplanned_need or (kind, key) in unplanned_visit
                if not present and not reported:
                    out.append(f"{key}: {a} missing from its {kind} desk with no unplanned entry")
                if present and (kind, key, a) in unplanned_need:
                    out.append(f"{key}: {a} at its {kind} desk but reported missing")

    # No agency twice a day; the agency's Jalali month; desks per Wednesday, province and county.
    per_day = Counter((a, d.date) for d in neighborhood_desks for a in d.agencies)
    for (a, day), n in per_day.items():
        if n > 1:
            out.append(f"{a} at {n} desks on {day}")
    per_month = Counter((a, _month(d.date)) for d in neighborhood_desks for a in d.agencies)
    for (a, month), n in per_month.items():
        if n > s.desks_per_agency_per_month:
            out.append(f"{a}: {n} desks in Jalali month {month}, limit {s.desks_per_agency_per_month}")
    by_day = Counter(d.date for d in neighborhood_desks)
    for day, n in by_day.items():
        if n > s.desks_per_wednesday:
            out.append(f"{n} desks on {day}, limit {s.desks_per_wednesday}")
    by_county = Counter((d.county, d.date) for d in neighborhood_desks)
    for (county, day), n in by_county.items():
        if n > s.desks_per_wednesday_per_county:
            out.append(f"{n} desks in {county} on {day}, limit {s.desks_per_wednesday_per_county}")

    # The weeks between a neighborhood's two visits (where one of them is the plan's to choose).
    dates: dict[str, dict[str, Any]] = defaultdict(dict)
    for d in neighborhood_desks:
        dates[d.neighborhood][d.kind] = d
    for key, both in dates.items():
        if len(both) == 2 and "planned" in (both["directors"].status, both["county"].status):
            days = abs((both["directors"].date - both["county"].date).days)
            if days < 7 * s.min_weeks_between_visits:
                out.append(f"{key}: visits {days} days apart, fewer than {s.min_weeks_between_visits} weeks")

    # Friday desks: Fridays, from the county's candidates, the first one and then every two weeks.
    fridays: dict[str, list[datetime.date]] = defaultdict(list)
    for d in desks:
        if d.kind == "friday":
            if d.date.weekday() != FRIDAY:
                out.append(f"friday desk of {d.county} on {d.date}: not a Friday")
            fridays[d.county].append(d.date)
    for county in set(fridays) | set(inp.fridays):
        candidates = sorted(c for c in set(inp.fridays.get(county, ())) if c.weekday() == FRIDAY)
        got = sorted(fridays.get(county, []))
        want: list[datetime.date] = []
        for c in candidates:
            if not want or (c - want[-1]).days >= 14:
                want.append(c)
        if got != want:
            out.append(f"friday rota of {county}: {len(got)} desks, expected a fortnightly {len(want)}")
    return out


def assert_valid(inp: Any, result: Any) -> None:
    found = violations(inp, result)
    assert not found, "\n".join(found[:30])
