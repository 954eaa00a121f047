"""From an assignment to a ``PlanResult``: the year's desks (fixed, planned, Friday) and what is missing, why."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Literal

import jdatetime
from persiantools.digits import en_to_fa

from mahalleh.desks.planning.inputs import PlannedDesk, PlanResult, Unplanned, VisitKind
from mahalleh.desks.planning.precheck import Shortfall, fa, precheck_prepared
from mahalleh.desks.planning.prepared import Assignment, Prepared, Visit

KIND_NAMES = {"directors": "میز مدیران کل", "county": "میز مدیران شهرستان"}
FIXED_NAMES = {"held": "برگزار شده", "announced": "اعلام شده"}
FORTNIGHT = datetime.timedelta(days=14)


def jalali_fa(d: datetime.date) -> str:
    return en_to_fa(jdatetime.date.fromgregorian(date=d).strftime("%Y/%m/%d"))


def friday_rota(fridays: Mapping[str, tuple[datetime.date, ...]]) -> list[PlannedDesk]:
    """Each county's Friday desk every two weeks: the first candidate, then the first one 14 days on or more."""
    desks: list[PlannedDesk] = []
    for county in sorted(fridays):
        last: datetime.date | None = None
        for d in sorted(set(fridays[county])):
            if d.weekday() != 4:
                continue
            if last is None or d - last >= FORTNIGHT:
                desks.append(PlannedDesk("friday", None, county, d, (), "planned"))
                last = d
    return desks


class _Reasons:
    """Hands out the pre-check's reasons, each at most as many times as it counted visits short."""

    def __init__(self, shortfalls: list[Shortfall]) -> None:
        self.left = {id(s): s.missing for s in shortfalls}
        self.shortfalls = shortfalls

    def take(self, kind: str, **match: str) -> str | None:
        for s in self.shortfalls:
            if s.kind == kind and all(getattr(s, k) == v for k, v in match.items()) and self.left[id(s)] > 0:
                self.left[id(s)] -= 1
                return f"{s.reason}؛ پیشنهاد: {s.offer}"
        return None


def build_result(
    p: Prepared,
    assignment: Assignment,
    *,
    status: Literal["optimal", "feasible"],
    objective: float,
    bound: float,
) -> PlanResult:
    inp = p.inp
    reasons = _Reasons(precheck_prepared(p))
    desks: list[PlannedDesk] = []
    unplanned: list[Unplanned] = []
    where: dict[tuple[str, datetime.date], str] = {}  # (agency, date) -> neighborhood it attends
    for f in inp.fixed:
        desks.append(PlannedDesk(f.kind, f.neighborhood, f.county, f.date, tuple(f.agencies), f.status))
        for a in f.agencies:
            where[(a, f.date)] = f.neighborhood
    for v in p.visits:
        if v in assignment:
            day, agencies = assignment[v]
            hood = p.hood[v[1]]
            desks.append(PlannedDesk(v[0], v[1], hood.county, p.days[day], agencies, "planned"))
            for a in agencies:
                where[(a, p.days[day])] = v[1]
    month_count: dict[tuple[str, str], int] = {}
    for d in desks:
        for a in d.agencies:
            key = (a, inp.month_of(d.date))
            month_count[key] = month_count.get(key, 0) + 1

    for visit, f in p.fixed.items():
        if f.neighborhood not in p.hood:
            continue
        for a in p.demand(visit):
            if a not in f.agencies:
                reason = (
                    f"{KIND_NAMES[f.kind]} این محله {FIXED_NAMES[f.status]} است "
                    f"({jalali_fa(f.date)}) و {p.agency_names.get(a, a)} در آن نیست"
                )
                unplanned.append(Unplanned(f.kind, f.neighborhood, a, reason))

    # Lower priorities first, so the pre-check's reasons go where the solver chose to leave things out.
    for v in reversed(p.visits):
        kind: VisitKind = v[0]
        hood = p.hood[v[1]]
        if v not in assignment:
            reason = reasons.take("county", county=hood.county) or reasons.take("province") or (
                f"برای {KIND_NAMES[kind]} محله {hood.name} با محدودیت‌های تعیین‌شده (ظرفیت چهارشنبه‌ها، "
                f"فاصله {fa(inp.settings.min_weeks_between_visits)} هفته میان دو بازدید) روزی نماند"
            )
            unplanned.append(Unplanned(kind, v[1], None, reason))
            continue
        day, agencies = assignment[v]
        for a in p.demand(v):
            if a in agencies:
                continue
            reason = (
                reasons.take("agency", agency=a)
                or _why_not(p, v, a, p.days[day], agencies, where, month_count)
                or reasons.take("desk_size", neighborhood=v[1])
                or f"{p.agency_names.get(a, a)} در برنامه به این میز نرسید"
            )
            unplanned.append(Unplanned(kind, v[1], a, reason))
    unplanned.reverse()
    desks.extend(friday_rota(inp.fridays))
    desks.sort(key=lambda d: (d.date, d.kind, d.county, d.neighborhood or ""))
    return PlanResult(inp.province, inp.year, status, float(objective), float(bound), desks, unplanned)


def _why_not(
    p: Prepared,
    v: Visit,
    agency: str,
    d: datetime.date,
    agencies: tuple[str, ...],
    where: dict[tuple[str, datetime.date], str],
    month_count: dict[tuple[str, str], int],
) -> str | None:
    name = p.agency_names.get(agency, agency)
    unavailable = {a.key: a.unavailable for a in p.inp.agencies}.get(agency, frozenset())
    if d in unavailable:
        return f"{name} در روز این میز ({jalali_fa(d)}) در دسترس نیست"
    if (agency, d) in where:
        other = p.hood.get(where[(agency, d)])
        return f"{name} همان روز ({jalali_fa(d)}) در میز محله {other.name if other else where[(agency, d)]} است"
    limit = p.inp.settings.desks_per_agency_per_month
    if month_count.get((agency, p.inp.month_of(d)), 0) >= limit:
        return f"سهمیه {name} ({fa(limit)} میز در ماه) در ماه این میز پر است"
    if len(agencies) >= p.cap(v):
        return f"این میز به سقف {fa(p.cap(v))} مدیر کل رسیده است و دستگاه‌های مهم‌تر محله در آن‌اند"
    return None
