"""The greedy baseline (and the solver's starting hint): visits by priority, each on its cheapest day.

For each visit in priority order (the directors' desk, then the county managers'), every day still open
is tried with the agencies free that day (in the neighborhood's order of need, up to the desk's limit);
the day with the fewest missing agencies wins, ties going to the earlier day.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter

from mahalleh.desks.planning.inputs import PlanInput, PlanResult
from mahalleh.desks.planning.prepared import Assignment, Prepared, Visit, objective, prepare


def greedy_assign(p: Prepared) -> Assignment:
    day_left = list(p.day_left)
    county_left = dict(p.county_day_left)
    month_left: Counter[tuple[str, str]] = Counter(p.month_left)
    taken: set[tuple[str, int]] = set()
    gap = datetime.timedelta(weeks=p.inp.settings.min_weeks_between_visits)
    assignment: Assignment = {}
    for v in p.visits:
        kind, key = v
        county = p.hood[key].county
        other: Visit = ("county" if kind == "directors" else "directors", key)
        demand = p.demand(v)
        cap = p.cap(v)
        best: tuple[int, int, tuple[str, ...]] | None = None
        for day in p.domain[v]:
            if day_left[day] <= 0 or county_left[(county, day)] <= 0:
                continue
            if other in assignment and gap.days and abs(p.days[day] - p.days[assignment[other][0]]) < gap:
                continue
            chosen: list[str] = []
            missing = 0
            for i, a in enumerate(demand):
                ok = (
                    len(chosen) < cap
                    and day in p.free[a]
                    and (a, day) not in taken
                    and month_left[(a, p.month[day])] > 0
                )
                if ok:
                    chosen.append(a)
                else:
                    missing += p.need_cost(v, i)
            cost = missing + p.lateness(v, day)
            if best is None or cost < best[0]:
                best = (cost, day, tuple(chosen))
        if best is None:
            continue
        _, day, chosen_t = best
        assignment[v] = (day, chosen_t)
        day_left[day] -= 1
        county_left[(county, day)] -= 1
        for a in chosen_t:
            taken.add((a, day))
            month_left[(a, p.month[day])] -= 1
    return assignment


def greedy(inp: PlanInput) -> PlanResult:
    """The baseline plan: no solver, same rules, same objective (``bound`` is 0: greedy proves nothing)."""
    from mahalleh.desks.planning.result import build_result

    started = time.perf_counter()
    p = prepare(inp)
    assignment = greedy_assign(p)
    result = build_result(p, assignment, status="feasible", objective=objective(p, assignment), bound=0.0)
    result.seconds = time.perf_counter() - started
    return result
