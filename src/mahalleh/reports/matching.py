"""Capacities matched to needs (issue 12, item 5; seed 002, resolution 4): the needs as counted, the
gap table and the suggested allocation of a province for a plan period.

A neighborhood's need for a service is its baseline and entered rows (``agencies.ServiceNeed``) plus
one unit for each of its open problems whose category maps to that service (``Category.service``),
counted when asked, never stored. Counts are aggregates of the neighborhoods the reader sees (no
problem is shown by them), so every role reads the same numbers for the same neighborhood.

A plan period is a Jalali year, one of its seasons (1–4) or one of its months (1–12); each capacity is
taken over it at its own rate (``AgencyService.in_months``). The allocated numbers are those of the
allocation adopted for that period (``agencies.Allocation``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.urls import reverse

from mahalleh.agencies.models import (
    MONTHS_IN,
    PARTS,
    AgencyService,
    Allocation,
    Period,
    Service,
    ServiceAxis,
    ServiceNeed,
)
from mahalleh.agencies.services import AllocationRow
from mahalleh.core.actors import AnyUser
from mahalleh.core.jalali import today_jalali_year
from mahalleh.core.scoping import VIEW
from mahalleh.places.models import Neighborhood, Province
from mahalleh.problems.models import Category, Problem
from mahalleh.reports.allocation import AllocationResult, CapacityIn, NeedIn, suggest

SEASONS = {1: "بهار", 2: "تابستان", 3: "پاییز", 4: "زمستان"}
MONTHS = {1: "فروردین", 2: "اردیبهشت", 3: "خرداد", 4: "تیر", 5: "مرداد", 6: "شهریور", 7: "مهر", 8: "آبان",
          9: "آذر", 10: "دی", 11: "بهمن", 12: "اسفند"}


@dataclass(frozen=True)
class PlanPeriod:
    year: int
    horizon: str = Period.YEAR
    part: int = 0

    @property
    def months(self) -> int:
        return MONTHS_IN[Period(self.horizon)]

    @property
    def label(self) -> str:
        from mahalleh.core.text import to_persian_digits

        year = to_persian_digits(str(self.year))
        if self.horizon == Period.SEASON:
            return f"{SEASONS[self.part]} {year}"
        if self.horizon == Period.MONTH:
            return f"{MONTHS[self.part]} {year}"
        return f"سال {year}"

    def query(self) -> str:
        return f"year={self.year}&horizon={self.horizon}&part={self.part}"

    @classmethod
    def from_query(cls, data: Any) -> PlanPeriod:
        """The period a page's query names; anything it cannot read falls back to this Jalali year."""
        from mahalleh.core.text import to_latin_digits

        try:
            year = int(to_latin_digits(str(data.get("year") or today_jalali_year())))
        except ValueError:
            year = today_jalali_year()
        if not 1300 <= year <= 1500:
            year = today_jalali_year()
        horizon = str(Period(data.get("horizon"))) if data.get("horizon") in MONTHS_IN else str(Period.YEAR)
        try:
            part = int(data.get("part") or 0)
        except ValueError:
            part = 0
        parts = PARTS[Period(horizon)]
        return cls(year, horizon, part if part in parts else parts[0])


def provinces_of(user: AnyUser) -> QuerySet[Province]:
    return Province.objects.restrict(user, VIEW).order_by("name")


def province_for(user: AnyUser, wanted: Any = None) -> Province | None:
    provinces = provinces_of(user)
    if wanted:
        try:
            chosen = provinces.filter(pk=int(wanted)).first()
        except (TypeError, ValueError):
            chosen = None
        if chosen is not None:
            return chosen
    return provinces.first()


# ---- needs


@dataclass
class NeedCell:
    baseline: int = 0
    entered: int = 0
    counted: int = 0

    @property
    def total(self) -> int:
        return self.baseline + self.entered + self.counted


def counted_needs(hoods: QuerySet[Neighborhood]) -> dict[tuple[int, int], int]:
    """(neighborhood, service) → the number of its open problems whose category maps to the service."""
    rows = (Problem.objects.open().filter(neighborhood__in=hoods.values("pk"), category__service__isnull=False)
            .values_list("neighborhood_id", "category__service_id").annotate(n=Count("pk")).order_by())
    return {(hood, service): n for hood, service, n in rows}


def needs_of(hoods: QuerySet[Neighborhood]) -> dict[tuple[int, int], NeedCell]:
    cells: dict[tuple[int, int], NeedCell] = defaultdict(NeedCell)
    stored = (ServiceNeed.objects.filter(neighborhood__in=hoods.values("pk"))
              .values_list("neighborhood_id", "service_id", "source").annotate(q=Sum("quantity")).order_by())
    for hood, service, source, q in stored:
        if source == ServiceNeed.Source.BASELINE:
            cells[(hood, service)].baseline += q
        else:
            cells[(hood, service)].entered += q
    for key, n in counted_needs(hoods).items():
        cells[key].counted += n
    return dict(cells)


def allocated(province: Province, period: PlanPeriod, hoods: QuerySet[Neighborhood]) -> dict[tuple[int, int], int]:
    rows = (Allocation.objects.filter(province=province, year=period.year, horizon=period.horizon, part=period.part,
                                      neighborhood__in=hoods.values("pk"))
            .values_list("neighborhood_id", "service_id").annotate(q=Sum("quantity")).order_by())
    return {(hood, service): q for hood, service, q in rows}


# ---- the gap table


@dataclass
class GapLine:
    service: Service
    need: NeedCell
    allocated: int
    links: dict[str, str]

    @property
    def gap(self) -> int:
        return max(0, self.need.total - self.allocated)


@dataclass
class GapRow:
    neighborhood: Neighborhood
    axis: ServiceAxis
    lines: list[GapLine] = field(default_factory=list)

    @property
    def gap_lines(self) -> int:
        return sum(1 for line in self.lines if line.gap)


def _links(hood: Neighborhood, service: Service, period: PlanPeriod, categories: dict[int, list[int]]) -> dict[str, str]:
    needs = f"{reverse('reports:needs')}?neighborhood={hood.pk}&service={service.pk}"
    cats = categories.get(service.pk, [])
    problems = f"{reverse('problems:problems')}?status=open&neighborhood={hood.pk}"
    problems += f"&category={cats[0]}" if len(cats) == 1 else f"&axis={service.axis_id}"
    allocations = (f"{reverse('reports:allocations')}?neighborhood={hood.pk}&service={service.pk}&"
                   f"{period.query()}")
    return {"need": needs, "counted": problems, "allocated": allocations}


def gap_table(user: AnyUser, province: Province, period: PlanPeriod, *, county: Any = None) -> list[GapRow]:
    """Neighborhood × axis, with a line for each service the neighborhood needs or was allocated."""
    hoods = Neighborhood.objects.restrict(user, VIEW).filter(county__province=province)
    if county:
        hoods = hoods.filter(county_id=county)
    cells = needs_of(hoods)
    given = allocated(province, period, hoods)
    keys = set(cells) | set(given)
    services = Service.objects.select_related("axis").in_bulk({s for _, s in keys})
    by_hood = hoods.select_related("county").in_bulk({h for h, _ in keys})
    categories: dict[int, list[int]] = defaultdict(list)
    for cat_id, service_id in Category.objects.filter(service__in=services).values_list("pk", "service_id"):
        categories[service_id].append(cat_id)
    rows: dict[tuple[int, int], GapRow] = {}
    for hood_id, service_id in keys:
        hood, service = by_hood[hood_id], services[service_id]
        row = rows.setdefault((hood_id, service.axis_id), GapRow(hood, service.axis))
        row.lines.append(GapLine(service, cells.get((hood_id, service_id), NeedCell()), given.get((hood_id, service_id), 0),
                                 _links(hood, service, period, categories)))
    out = sorted(rows.values(), key=lambda r: (r.neighborhood.priority_rank or 10**6, r.neighborhood.county.name,
                                               r.neighborhood.name, r.axis.order))
    for row in out:
        row.lines.sort(key=lambda line: (line.service.order, line.service.name))
    return out


# ---- the suggested allocation


@dataclass
class Suggestion:
    province: Province
    period: PlanPeriod
    result: AllocationResult
    capacities: dict[int, AgencyService]
    hoods: dict[int, Neighborhood]
    services: dict[int, Service]

    @property
    def rows(self) -> list[AllocationRow]:
        return [AllocationRow(r.capacity, r.neighborhood, r.quantity) for r in self.result.rows]

    @property
    def fingerprint(self) -> str:
        """What the page showed, so an adoption adopts exactly that (or is refused when it has changed)."""
        text = ";".join(f"{r.capacity_id}:{r.neighborhood_id}:{r.quantity}" for r in self.rows)
        return hashlib.sha256(f"{self.province.pk}|{self.period.query()}|{text}".encode()).hexdigest()[:32]

    def lines(self) -> list[dict[str, Any]]:
        return [{"capacity": self.capacities[r.capacity], "neighborhood": self.hoods[r.neighborhood],
                 "service": self.services[r.service], "quantity": r.quantity} for r in self.result.rows]

    def unmet(self) -> list[dict[str, Any]]:
        return [{"neighborhood": self.hoods[u.neighborhood], "service": self.services[u.service],
                 "missing": u.missing, "reason": u.reason, "kind": u.kind} for u in self.result.unmet]


def suggest_for(province: Province, period: PlanPeriod, *, time_limit_s: float = 10.0) -> Suggestion:
    """Solve the province's allocation for the period over every neighborhood's need (all of the
    province: the suggestion is the secretariat's, whoever reads it sees only its own rows)."""
    hoods_qs = Neighborhood.objects.filter(county__province=province)
    hoods = hoods_qs.select_related("county").in_bulk()
    cells = needs_of(hoods_qs)
    services = Service.objects.select_related("axis").in_bulk({s for _, s in cells})
    capacities = {c.pk: c for c in AgencyService.objects.filter(agency__province=province, is_active=True,
                                                                agency__is_active=True)
                  .select_related("agency", "service").prefetch_related("counties")}
    services.update({c.service_id: c.service for c in capacities.values() if c.service_id not in services})
    caps_in = [CapacityIn(c.pk, c.agency.name, c.service_id, frozenset(x.pk for x in c.counties.all()),
                          c.in_months(period.months)) for c in capacities.values()]
    needs_in = [NeedIn(h, hoods[h].name, hoods[h].county_id, hoods[h].county.name, s, services[s].name, cell.total,
                       hoods[h].priority_rank)
                for (h, s), cell in sorted(cells.items()) if cell.total > 0]
    result = suggest(caps_in, needs_in, time_limit_s=time_limit_s)
    return Suggestion(province, period, result, capacities, hoods, services)
