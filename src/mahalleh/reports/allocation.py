"""The suggested allocation of agencies' capacities to neighborhoods' needs, as a CP-SAT model (issue 12).

Pure Python over plain data: no Django model is read here (``reports.matching`` builds the inputs and
reads the result), so the solver is tested on hand-made cases.

Variables: ``x[c, n]``, the whole number of units capacity ``c`` gives need ``n``, only where ``c`` is of
``n``'s service and covers ``n``'s county. Hard: no capacity gives more than it has over the plan's
period; no need gets more than it asks. Objective (maximized): met need weighted by the neighborhood's
priority (rank 1 weighs most), and, below one unit of that, spread: the number of needs that get
something, so among equally good allocations the one reaching more neighborhoods is taken.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class CapacityIn:
    key: int  # AgencyService pk
    agency: str  # the agency's name, for the reasons
    service: int
    counties: frozenset[int]
    amount: int  # over the plan's period


@dataclass(frozen=True)
class NeedIn:
    neighborhood: int
    name: str
    county: int
    county_name: str
    service: int
    service_name: str
    amount: int
    priority_rank: int | None  # Neighborhood.priority_rank: 1 is the most urgent; None unranked


@dataclass
class AllocationOut:
    capacity: int
    neighborhood: int
    service: int
    quantity: int


@dataclass
class Unmet:
    neighborhood: int
    service: int
    missing: int
    reason: str  # Persian
    kind: Literal["uncovered", "exhausted"]


@dataclass
class AllocationResult:
    rows: list[AllocationOut] = field(default_factory=list)
    unmet: list[Unmet] = field(default_factory=list)
    status: Literal["optimal", "feasible", "empty"] = "empty"
    objective: float = 0.0
    bound: float = 0.0
    met: int = 0
    asked: int = 0
    seconds: float = 0.0


def weight(rank: int | None, worst: int) -> int:
    """A need's weight per unit: rank 1 weighs ``worst + 1``, rank ``worst`` 2, an unranked one 1."""
    return 1 if rank is None else worst + 2 - rank


def _fa(n: int) -> str:
    from persiantools.digits import en_to_fa

    return en_to_fa(f"{n:,}").replace(",", "٬")


def suggest(capacities: list[CapacityIn], needs: list[NeedIn], *, time_limit_s: float = 10.0) -> AllocationResult:
    started = time.perf_counter()
    result = AllocationResult(asked=sum(n.amount for n in needs))
    needs = [n for n in needs if n.amount > 0]
    caps = [c for c in capacities if c.amount > 0]
    arcs = [(ci, ni) for ci, c in enumerate(caps) for ni, n in enumerate(needs)
            if c.service == n.service and n.county in c.counties]
    got: dict[int, int] = defaultdict(int)
    worst = max((n.priority_rank or 0 for n in needs), default=0)
    scale = len(needs) + 1  # the spread term, at most len(needs), never outweighs one unit of need
    by_service: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for ci, ni in arcs:
        by_service[caps[ci].service].append((ci, ni))
    statuses: list[str] = []
    budget = time_limit_s
    for service in sorted(by_service):  # services share nothing: one small model each
        t0 = time.perf_counter()
        status, objective, bound, chosen = _solve(by_service[service], caps, needs, worst, scale, max(0.5, budget))
        budget -= time.perf_counter() - t0
        statuses.append(status)
        result.objective += objective
        result.bound += bound
        for (ci, ni), q in chosen:
            result.rows.append(AllocationOut(caps[ci].key, needs[ni].neighborhood, needs[ni].service, q))
            got[ni] += q
    if statuses:
        result.status = "optimal" if all(s == "optimal" for s in statuses) else "feasible"
    result.met = sum(got.values())
    left = {ci: caps[ci].amount - sum(r.quantity for r in result.rows if r.capacity == caps[ci].key)
            for ci in range(len(caps))}
    for ni, n in enumerate(needs):
        missing = n.amount - got[ni]
        if missing <= 0:
            continue
        covering = [ci for ci, c in enumerate(caps) if c.service == n.service and n.county in c.counties]
        declared = [c for c in capacities if c.service == n.service and n.county in c.counties]
        if not covering:
            why = (f"هیچ دستگاهی خدمت «{n.service_name}» را در شهرستان {n.county_name} ارائه نمی‌کند"
                   + ("" if not declared else " (ظرفیت اعلام‌شده در این دوره صفر است)"))
            result.unmet.append(Unmet(n.neighborhood, n.service, missing, why + ".", "uncovered"))
        else:
            names = "، ".join(sorted({caps[ci].agency for ci in covering}))
            why = (f"ظرفیت {names} در این دوره تمام شد؛ {_fa(missing)} واحد از نیاز {_fa(n.amount)} واحدی "
                   f"«{n.service_name}» محله {n.name} بی‌پاسخ ماند")
            if any(left[ci] > 0 for ci in covering):  # only with a time-out: capacity left, not given
                why += " (حل در مهلت به پایان نرسید)"
            result.unmet.append(Unmet(n.neighborhood, n.service, missing, why + ".", "exhausted"))
    # Uncovered first (no capacity at all), then by the neighborhood's priority.
    rank = {n.neighborhood: (n.priority_rank or 10**6) for n in needs}
    result.unmet.sort(key=lambda u: (u.kind != "uncovered", rank[u.neighborhood], u.neighborhood, u.service))
    result.seconds = time.perf_counter() - started
    return result


def _solve(arcs: list[tuple[int, int]], caps: list[CapacityIn], needs: list[NeedIn], worst: int, scale: int,
           time_limit_s: float) -> tuple[str, float, float, list[tuple[tuple[int, int], int]]]:
    m = cp_model.CpModel()
    x = {(ci, ni): m.new_int_var(0, min(caps[ci].amount, needs[ni].amount), "") for ci, ni in arcs}
    by_cap: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_need: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (ci, ni), var in x.items():
        by_cap[ci].append(var)
        by_need[ni].append(var)
    for ci, group in by_cap.items():
        m.add(sum(group) <= caps[ci].amount)
    terms: list[cp_model.LinearExprT] = []
    for ni, group in by_need.items():
        met = sum(group)
        m.add(met <= needs[ni].amount)
        # Reached at all: at most 1 and at most what it got, so the maximum sets it to min(1, met) and
        # the LP relaxation is already exact (no fixed charge to branch on).
        reached = m.new_bool_var("")
        m.add(reached <= met)
        terms.append(scale * weight(needs[ni].priority_rank, worst) * met + reached)
    m.maximize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_search_workers = 1  # the same answer each time it is asked
    solver.parameters.random_seed = 0
    code = solver.solve(m)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible", 0.0, float(solver.best_objective_bound), []  # a time-out before any solution
    chosen = [(arc, solver.value(var)) for arc, var in sorted(x.items()) if solver.value(var) > 0]
    status = "optimal" if code == cp_model.OPTIMAL else "feasible"
    return status, float(solver.objective_value), float(solver.best_objective_bound), chosen
