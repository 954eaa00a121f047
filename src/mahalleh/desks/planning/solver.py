"""The year's desk plan as a CP-SAT model.

Variables: ``x[v, d]`` visit ``v`` (a neighborhood's directors or county desk) is on day ``d``;
``y[v, a, d]`` agency ``a`` attends it (only for the agencies the visit needs, on the days the agency is
free). Hard: a visit on at most one day; an agency at most once a day, within its Jalali month's limit;
desks per Wednesday (province, county); directors per desk; the weeks between a neighborhood's two
visits. Fixed desks are not variables: they use up the places, days and months they take (``prepared``).
Soft, in order of weight: every visit made; every needed agency present; higher priority earlier; the
busiest Wednesday as light as possible. The greedy plan is the hint, so a first solution is at hand.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from typing import Literal

from ortools.sat.python import cp_model

from mahalleh.desks.planning.greedy import greedy, greedy_assign
from mahalleh.desks.planning.inputs import PlanInput, PlanResult
from mahalleh.desks.planning.precheck import agency_capacity
from mahalleh.desks.planning.prepared import LOAD_COST, VISIT_COST, Assignment, Prepared, Visit, prepare
from mahalleh.desks.planning.result import build_result

__all__ = ["greedy", "plan"]


def plan(inp: PlanInput) -> PlanResult:
    started = time.perf_counter()
    p = prepare(inp)
    hint = greedy_assign(p)
    assignment, status, objective, bound = _solve(p, hint)
    result = build_result(p, assignment, status=status, objective=objective, bound=bound)
    result.seconds = time.perf_counter() - started
    return result


def _solve(p: Prepared, hint: Assignment) -> tuple[Assignment, Literal["optimal", "feasible"], float, float]:
    s = p.inp.settings
    m = cp_model.CpModel()
    x: dict[Visit, dict[int, cp_model.IntVar]] = {}
    y: dict[tuple[Visit, str], dict[int, cp_model.IntVar]] = {}
    skip: dict[Visit, cp_model.IntVar] = {}
    miss: dict[tuple[Visit, str], cp_model.IntVar] = {}
    costs: list[cp_model.LinearExprT] = []
    by_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_county_day: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    by_agency_day: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    by_agency_month: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)

    for v in p.visits:
        county = p.hood[v[1]].county
        days = [d for d in p.domain[v] if p.day_left[d] > 0 and p.county_day_left[(county, d)] > 0]
        x[v] = {d: m.new_bool_var("") for d in days}
        skip[v] = m.new_bool_var("")
        m.add_exactly_one([*x[v].values(), skip[v]])
        for d, var in x[v].items():
            by_day[d].append(var)
            by_county_day[(county, d)].append(var)
            costs.append(p.lateness(v, d) * var)
        costs.append((VISIT_COST + 1000 * p.weight(v[1])) * skip[v])
        attend: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for i, a in enumerate(p.demand(v)):
            vars_a: dict[int, cp_model.IntVar] = {}
            for d in days:
                if d in p.free[a] and p.month_left[(a, p.month[d])] > 0:
                    var = m.new_bool_var("")
                    m.add_implication(var, x[v][d])
                    vars_a[d] = var
                    attend[d].append(var)
                    by_agency_day[(a, d)].append(var)
                    by_agency_month[(a, p.month[d])].append(var)
            y[(v, a)] = vars_a
            # Every cost is a positive term (a missing agency, a skipped visit), so the LP bound is tight.
            missing = m.new_bool_var("")
            miss[(v, a)] = missing
            m.add(sum(vars_a.values()) + missing == 1)
            costs.append(p.need_cost(v, i) * missing)
        cap = p.cap(v)
        if cap < len(p.demand(v)):
            for d, group in attend.items():
                m.add(sum(group) <= cap * x[v][d])

    # The pre-check's counts as cuts: the LP bound sees at once what no plan can give.
    misses: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for (_v, a), var in miss.items():
        misses[a].append(var)
    for a, group in misses.items():
        short = len(group) - agency_capacity(p, a)
        if short > 0:
            m.add(sum(group) >= short)
    skips: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for v, var in skip.items():
        skips[p.hood[v[1]].county].append(var)
    for county, group in skips.items():
        places = sum(min(max(0, p.county_day_left[(county, d)]), max(0, p.day_left[d])) for d in range(len(p.days)))
        if len(group) > places:
            m.add(sum(group) >= len(group) - places)
    if len(skip) > sum(max(0, left) for left in p.day_left):
        m.add(sum(skip.values()) >= len(skip) - sum(max(0, left) for left in p.day_left))

    for d, group in by_day.items():
        m.add(sum(group) <= p.day_left[d])
    for (county, d), group in by_county_day.items():
        m.add(sum(group) <= p.county_day_left[(county, d)])
    for group in by_agency_day.values():
        if len(group) > 1:
            m.add_at_most_one(group)
    for key, group in by_agency_month.items():
        if len(group) > p.month_left[key]:
            m.add(sum(group) <= p.month_left[key])

    gap = datetime.timedelta(weeks=s.min_weeks_between_visits)
    if gap.days:
        for v in p.visits:
            if v[0] != "directors" or ("county", v[1]) not in x:
                continue
            other = x[("county", v[1])]
            for d, var in x[v].items():
                close = [w for e, w in other.items() if abs(p.days[e] - p.days[d]) < gap]
                if close:
                    m.add_at_most_one([var, *close])

    if p.days and by_day:
        fixed_load = [s.desks_per_wednesday - left for left in p.day_left]
        peak = m.new_int_var(max(fixed_load), s.desks_per_wednesday, "peak")
        for d, group in by_day.items():
            m.add(peak >= sum(group) + fixed_load[d])
        costs.append(LOAD_COST * peak)
        m.add_hint(peak, max(
            fixed_load[d] + sum(1 for day, _ in hint.values() if day == d) for d in range(len(p.days))
        ))

    m.minimize(sum(costs))
    for v, day_vars in x.items():
        chosen = hint.get(v)
        for d, var in day_vars.items():
            m.add_hint(var, chosen is not None and chosen[0] == d)
    for v, var in skip.items():
        m.add_hint(var, v not in hint)
    for (v, a), var in miss.items():
        m.add_hint(var, v not in hint or a not in hint[v][1])
    for (v, a), agency_vars in y.items():
        chosen = hint.get(v)
        for d, var in agency_vars.items():
            m.add_hint(var, chosen is not None and chosen[0] == d and a in chosen[1])

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = s.time_limit_s
    solver.parameters.num_search_workers = max(1, s.workers)
    solver.parameters.relative_gap_limit = s.relative_gap
    # Probing a model this size costs seconds and buys little: the LP and the hint do the work.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    code = solver.solve(m)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Every constraint is satisfiable by planning nothing, so this is a time-out before the hint was
        # repaired: keep the greedy plan, which obeys the same rules.
        from mahalleh.desks.planning.prepared import objective

        return hint, "feasible", float(objective(p, hint)), 0.0
    assignment: Assignment = {}
    for v, day_vars in x.items():
        for d, var in day_vars.items():
            if solver.boolean_value(var):
                agencies = tuple(a for a in p.demand(v) if d in y[(v, a)] and solver.boolean_value(y[(v, a)][d]))
                assignment[v] = (d, agencies)
    # CP-SAT says OPTIMAL once within relative_gap; the plan says so only when the bound is met.
    value, bound = solver.objective_value, solver.best_objective_bound
    status: Literal["optimal", "feasible"] = "optimal" if code == cp_model.OPTIMAL and value - bound < 0.5 else "feasible"
    return assignment, status, value, bound
