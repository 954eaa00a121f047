"""A campaign's timetable («پویش لبخند»): every target neighborhood served once, on a working day of the
campaign, by the lead agency with at least one partner, solved with CP-SAT like the year's desk plan.

Hard: a neighborhood on at most one day; the lead at most ``lead_per_day`` neighborhoods a day; a partner
at most its ``capacity`` neighborhoods a day, never on its unavailable dates, and only in its counties
when it has any (a county governorate). Soft: every neighborhood served (a neighborhood left out costs
more than anything else); higher priority earlier; no more partners than needed. What cannot be served
is reported with a Persian reason from a counting pre-check (lead days, partner places).
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from ortools.sat.python import cp_model

from mahalleh.desks.planning.precheck import fa

SKIP_COST = 1_000_000


@dataclass(frozen=True)
class CampaignNeighborhood:
    key: str
    name: str
    county: str
    priority: int = 1  # 1 = highest


@dataclass(frozen=True)
class Partner:
    key: str
    name: str
    capacity: int = 1  # neighborhoods a day
    unavailable: frozenset[datetime.date] = frozenset()
    counties: frozenset[str] = frozenset()  # empty: the whole province


@dataclass(frozen=True)
class CampaignInput:
    campaign: str
    lead: str
    days: tuple[datetime.date, ...]  # the period's working days
    neighborhoods: tuple[CampaignNeighborhood, ...]
    partners: tuple[Partner, ...]
    lead_per_day: int = 2
    partners_per_neighborhood: int = 1  # at least
    time_limit_s: float = 4.0
    workers: int = 2


@dataclass(frozen=True)
class CampaignVisit:
    neighborhood: str
    county: str
    date: datetime.date
    partners: tuple[str, ...]


@dataclass(frozen=True)
class CampaignUnplanned:
    neighborhood: str
    reason: str


@dataclass
class CampaignResult:
    campaign: str
    status: Literal["optimal", "feasible"]
    objective: float
    bound: float
    visits: list[CampaignVisit] = field(default_factory=list)
    unplanned: list[CampaignUnplanned] = field(default_factory=list)
    seconds: float = 0.0


def _serves(partner: Partner, county: str) -> bool:
    return not partner.counties or county in partner.counties


def campaign_precheck(inp: CampaignInput) -> list[str]:
    """Persian reasons why some neighborhoods cannot be served at all, by counting."""
    reasons = []
    n = len(inp.neighborhoods)
    lead_places = len(inp.days) * inp.lead_per_day
    if n > lead_places:
        reasons.append(
            f"مجری پویش در {fa(len(inp.days))} روز کاری دوره تنها {fa(lead_places)} محله را می‌رسد و "
            f"{fa(n)} محله هدف است؛ پیشنهاد: تمدید دوره یا افزایش محلات هر روز"
        )
    places = sum(p.capacity * sum(1 for d in inp.days if d not in p.unavailable) for p in inp.partners)
    need = n * inp.partners_per_neighborhood
    if need > places:
        reasons.append(
            f"ظرفیت شرکای پویش ({fa(places)} محله‌روز) از {fa(need)} حضور لازم کمتر است؛ "
            "پیشنهاد: شریک دیگر یا ظرفیت بیشتر"
        )
    for h in inp.neighborhoods:
        if sum(1 for p in inp.partners if _serves(p, h.county)) < inp.partners_per_neighborhood:
            reasons.append(f"برای شهرستان {h.county} شریک کافی در پویش نیست")
            break
    return reasons


def greedy_campaign(inp: CampaignInput) -> dict[str, tuple[int, tuple[str, ...]]]:
    """A first timetable by hand's rule: higher priority first, each on the earliest day the lead and enough
    serving partners still have room. It is CP-SAT's starting hint, and the timetable itself when CP-SAT
    finds nothing better in its time (a loaded machine): the plan is always made."""
    lead_used: dict[int, int] = defaultdict(int)
    partner_used: dict[tuple[str, int], int] = defaultdict(int)
    chosen: dict[str, tuple[int, tuple[str, ...]]] = {}
    for h in sorted(inp.neighborhoods, key=lambda h: (h.priority, h.key)):
        for d, date in enumerate(inp.days):
            if lead_used[d] >= inp.lead_per_day:
                continue
            free = [p.key for p in inp.partners if _serves(p, h.county) and date not in p.unavailable
                    and partner_used[(p.key, d)] < p.capacity]
            if len(free) < inp.partners_per_neighborhood:
                continue
            partners = tuple(free[: inp.partners_per_neighborhood])
            lead_used[d] += 1
            for key in partners:
                partner_used[(key, d)] += 1
            chosen[h.key] = (d, partners)
            break
    return chosen


def plan_campaign(inp: CampaignInput) -> CampaignResult:
    started = time.perf_counter()
    m = cp_model.CpModel()
    ranks = sorted({h.priority for h in inp.neighborhoods})
    weight = {r: 10 - 9 * i // max(1, len(ranks) - 1) for i, r in enumerate(ranks)}
    x: dict[str, dict[int, cp_model.IntVar]] = {}
    y: dict[tuple[str, str], dict[int, cp_model.IntVar]] = {}
    skip: dict[str, cp_model.IntVar] = {}
    lead_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    partner_day: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    costs: list[cp_model.LinearExprT] = []
    for h in inp.neighborhoods:
        x[h.key] = {d: m.new_bool_var("") for d in range(len(inp.days))}
        skip[h.key] = m.new_bool_var("")
        m.add_exactly_one([*x[h.key].values(), skip[h.key]])
        costs.append((SKIP_COST + 1000 * weight[h.priority]) * skip[h.key])
        at: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for d, var in x[h.key].items():
            lead_day[d].append(var)
            costs.append(weight[h.priority] * d * var)
        for p in inp.partners:
            if not _serves(p, h.county):
                continue
            days: dict[int, cp_model.IntVar] = {}
            for d, date in enumerate(inp.days):
                if date not in p.unavailable:
                    var = m.new_bool_var("")
                    m.add_implication(var, x[h.key][d])
                    days[d] = var
                    at[d].append(var)
                    partner_day[(p.key, d)].append(var)
                    costs.append(var)  # no partner more than needed
            y[(h.key, p.key)] = days
        for d, var in x[h.key].items():
            m.add(sum(at[d]) >= inp.partners_per_neighborhood * var)
    for group in lead_day.values():
        m.add(sum(group) <= inp.lead_per_day)
    capacity = {p.key: p.capacity for p in inp.partners}
    for (key, _d), group in partner_day.items():
        m.add(sum(group) <= capacity[key])
    m.minimize(sum(costs))
    start = greedy_campaign(inp)
    for h in inp.neighborhoods:
        hinted = start.get(h.key)
        m.add_hint(skip[h.key], hinted is None)
        for d, var in x[h.key].items():
            m.add_hint(var, hinted is not None and hinted[0] == d)
        for p in inp.partners:
            for d, var in y.get((h.key, p.key), {}).items():
                m.add_hint(var, hinted is not None and hinted[0] == d and p.key in hinted[1])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = inp.time_limit_s
    solver.parameters.num_search_workers = max(1, inp.workers)
    code = solver.solve(m)
    reasons = campaign_precheck(inp)
    result = CampaignResult(inp.campaign, "feasible", 0.0, 0.0)
    by_priority = sorted(inp.neighborhoods, key=lambda h: (h.priority, h.key), reverse=True)
    solved = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if solved:
        result.objective, result.bound = solver.objective_value, solver.best_objective_bound
        result.status = "optimal" if code == cp_model.OPTIMAL and result.objective - result.bound < 0.5 else "feasible"
    generic = "با ظرفیت روزانه مجری و شرکا روزی برای این محله در دوره پویش نماند"
    for h in by_priority:
        day: int | None
        if solved:
            day = next((d for d, var in x[h.key].items() if solver.boolean_value(var)), None)
            partners = tuple(
                p.key for p in inp.partners
                if day is not None and day in y.get((h.key, p.key), {}) and solver.boolean_value(y[(h.key, p.key)][day])
            )
        else:  # nothing from CP-SAT in its time: the greedy timetable stands
            day, partners = start.get(h.key, (None, ()))
        if day is None:
            result.unplanned.append(CampaignUnplanned(h.key, reasons[0] if reasons else generic))
            continue
        result.visits.append(CampaignVisit(h.key, h.county, inp.days[day], partners))
    result.visits.sort(key=lambda v: (v.date, v.neighborhood))
    result.unplanned.reverse()
    result.seconds = time.perf_counter() - started
    return result
