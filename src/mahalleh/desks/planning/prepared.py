"""What precheck, greedy and solver share: the input indexed once (days, free days, fixed desks' usage).

Visits are ``(kind, neighborhood key)``; days are indexes into the sorted working Wednesdays.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from mahalleh.desks.planning.inputs import VISIT_KINDS, FixedDesk, Neighborhood, PlanInput, VisitKind

Visit = tuple[VisitKind, str]

# Objective weights. An unplanned visit costs more than anything a desk can gain; a missing agency more
# than any lateness; lateness (priority × week) more than the load spread.
VISIT_COST = 1_000_000
NEED_COST = 1_000
PRIORITY_LEVELS = 10
LOAD_COST = 100


@dataclass
class Prepared:
    inp: PlanInput
    days: list[datetime.date]
    month: list[str]  # month key of each day
    months: list[str]  # distinct month keys, in order
    hood: dict[str, Neighborhood]
    fixed: dict[Visit, FixedDesk]
    visits: list[Visit]  # to be planned, by priority then kind
    domain: dict[Visit, list[int]]  # days a visit may take (min weeks from a fixed other visit)
    agency_names: dict[str, str]
    free: dict[str, set[int]]  # days an agency is neither unavailable nor at a fixed desk
    month_left: Counter[tuple[str, str]] = field(default_factory=Counter)  # (agency, month) -> desks left
    day_left: list[int] = field(default_factory=list)  # desks left per day, province-wide
    county_day_left: dict[tuple[str, int], int] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=dict)

    def demand(self, visit: Visit) -> tuple[str, ...]:
        kind, key = visit
        hood = self.hood[key]
        keys = hood.needs if kind == "directors" else hood.county_needs
        return tuple(dict.fromkeys(keys))

    def weight(self, key: str) -> int:
        """1..PRIORITY_LEVELS, the highest priority the largest."""
        return self.weights[key]

    def need_cost(self, visit: Visit, index: int) -> int:
        """The first need of a neighborhood and a higher priority neighborhood weigh more."""
        return NEED_COST + 20 * self.weight(visit[1]) + max(0, 10 - index) * 10

    def lateness(self, visit: Visit, day: int) -> int:
        return self.weight(visit[1]) * day

    def cap(self, visit: Visit) -> int:
        """The most agencies a visit's desk can take."""
        return self.inp.settings.directors_per_desk if visit[0] == "directors" else 10_000

    def month_limit(self, agency: str, day: int) -> int:
        return self.month_left[(agency, self.month[day])]


def prepare(inp: PlanInput) -> Prepared:
    s = inp.settings
    days = sorted(set(inp.wednesdays))
    month = [inp.month_of(d) for d in days]
    hood = {h.key: h for h in inp.neighborhoods}
    fixed: dict[Visit, FixedDesk] = {}
    for f in inp.fixed:
        fixed[(f.kind, f.neighborhood)] = f
    agency_names = {a.key: a.name for a in inp.agencies}
    unavailable = {a.key: a.unavailable for a in inp.agencies}
    keys = set(agency_names)
    for h in inp.neighborhoods:
        keys.update(h.needs, h.county_needs)
    for f in inp.fixed:
        keys.update(f.agencies)
    busy: dict[str, set[datetime.date]] = {k: set() for k in keys}
    used: Counter[tuple[str, str]] = Counter()
    day_of = {d: i for i, d in enumerate(days)}
    day_left = [s.desks_per_wednesday] * len(days)
    county_day_left: dict[tuple[str, int], int] = {}
    counties = {h.county for h in inp.neighborhoods} | {f.county for f in inp.fixed}
    for c in counties:
        for i in range(len(days)):
            county_day_left[(c, i)] = s.desks_per_wednesday_per_county
    for f in inp.fixed:
        for a in f.agencies:
            busy[a].add(f.date)
            used[(a, inp.month_of(f.date))] += 1
        if f.date in day_of:
            i = day_of[f.date]
            day_left[i] -= 1
            county_day_left[(f.county, i)] -= 1
    free = {
        k: {i for i, d in enumerate(days) if d not in busy[k] and d not in unavailable.get(k, frozenset())}
        for k in keys
    }
    month_left: Counter[tuple[str, str]] = Counter()
    for k in keys:
        for m in set(month):
            month_left[(k, m)] = max(0, s.desks_per_agency_per_month - used[(k, m)])
    gap = datetime.timedelta(weeks=s.min_weeks_between_visits)
    ordered = sorted(inp.neighborhoods, key=lambda h: (h.priority, h.key))
    visits: list[Visit] = []
    domain: dict[Visit, list[int]] = {}
    for h in ordered:
        for kind in VISIT_KINDS:
            v: Visit = (kind, h.key)
            if v in fixed:
                continue
            other = fixed.get(("county" if kind == "directors" else "directors", h.key))
            allowed = [
                i for i, d in enumerate(days) if other is None or gap.days == 0 or abs(d - other.date) >= gap
            ]
            visits.append(v)
            domain[v] = allowed
    ranks = sorted({h.priority for h in inp.neighborhoods})
    span = max(1, len(ranks) - 1)
    position = {r: i for i, r in enumerate(ranks)}
    weights = {
        h.key: PRIORITY_LEVELS - (PRIORITY_LEVELS - 1) * position[h.priority] // span for h in inp.neighborhoods
    }
    return Prepared(
        weights=weights,
        inp=inp,
        days=days,
        month=month,
        months=list(dict.fromkeys(month)),
        hood=hood,
        fixed=fixed,
        visits=visits,
        domain=domain,
        agency_names=agency_names,
        free=free,
        month_left=month_left,
        day_left=day_left,
        county_day_left=county_day_left,
    )


Assignment = dict[Visit, tuple[int, tuple[str, ...]]]  # visit -> (day, agencies)


def objective(p: Prepared, assignment: Assignment) -> int:
    """The plan's cost as the solver counts it, for the greedy baseline and for checks."""
    total = 0
    loads = Counter(day for day, _ in assignment.values())
    for v in p.visits:
        demand = p.demand(v)
        if v not in assignment:
            total += VISIT_COST + 1000 * p.weight(v[1])
            total += sum(p.need_cost(v, i) for i in range(len(demand)))
            continue
        day, agencies = assignment[v]
        total += p.lateness(v, day)
        total += sum(p.need_cost(v, i) for i, a in enumerate(demand) if a not in agencies)
    fixed_load = Counter(f.date for f in p.inp.fixed)
    if p.days:
        total += LOAD_COST * max(loads[i] + fixed_load[d] for i, d in enumerate(p.days))
    return total
