"""The plain data a plan is made from and what it gives back (frozen dataclasses, no Django).

Dates are Gregorian ``datetime.date``; the Jalali month of a date (for the per-month limit) comes from
``PlanInput.months`` when the caller gives it, else from jdatetime.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import jdatetime

VisitKind = Literal["directors", "county"]
DeskKind = Literal["directors", "county", "friday"]
FixedStatus = Literal["held", "announced"]
DeskStatus = Literal["planned", "held", "announced"]
VISIT_KINDS: tuple[VisitKind, VisitKind] = ("directors", "county")


@dataclass(frozen=True)
class Neighborhood:
    key: str
    name: str
    county: str
    priority: int  # 1 = highest
    # Provincial agency keys its prioritized open problems call for, most important first, plus those
    # the secretariat added by hand: they are wanted at the directors-general's desk.
    needs: tuple[str, ...] = ()
    # County branch keys wanted at the county managers' desk.
    county_needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agency:
    key: str
    name: str
    unavailable: frozenset[datetime.date] = frozenset()


@dataclass(frozen=True)
class FixedDesk:
    """A desk already held or announced: never moved, and it is that neighborhood's visit of its kind."""

    kind: VisitKind
    neighborhood: str
    county: str
    date: datetime.date
    agencies: tuple[str, ...]
    status: FixedStatus


@dataclass(frozen=True)
class Settings:
    desks_per_wednesday: int = 4  # both neighborhood kinds together, province-wide
    desks_per_wednesday_per_county: int = 2
    directors_per_desk: int = 6  # the most directors-general at one desk
    min_weeks_between_visits: int = 4  # between a neighborhood's directors and county desks
    desks_per_agency_per_month: int = 4  # Jalali months
    time_limit_s: float = 4.0
    workers: int = 2
    relative_gap: float = 0.01  # CP-SAT stops once this close to its bound


@dataclass(frozen=True)
class PlanInput:
    province: str
    year: int  # Jalali
    wednesdays: tuple[datetime.date, ...]  # working Wednesdays from the planning start (holidays removed)
    neighborhoods: tuple[Neighborhood, ...]
    agencies: tuple[Agency, ...]
    fixed: tuple[FixedDesk, ...] = ()
    settings: Settings = field(default_factory=Settings)
    fridays: Mapping[str, tuple[datetime.date, ...]] = field(default_factory=dict)  # county -> candidates
    months: Mapping[datetime.date, str] | None = None  # date -> Jalali month key; jdatetime otherwise

    def month_of(self, d: datetime.date) -> str:
        if self.months is not None and d in self.months:
            return self.months[d]
        return jalali_month_key(d)


def jalali_month_key(d: datetime.date) -> str:
    j = jdatetime.date.fromgregorian(date=d)
    return f"{j.year:04d}/{j.month:02d}"


@dataclass(frozen=True)
class PlannedDesk:
    kind: DeskKind
    neighborhood: str | None  # None for a county's Friday desk
    county: str
    date: datetime.date
    agencies: tuple[str, ...]
    status: DeskStatus


@dataclass(frozen=True)
class Unplanned:
    """A visit (``agency`` None) or one agency at a visit that the plan could not give, and why (Persian)."""

    kind: VisitKind
    neighborhood: str | None
    agency: str | None
    reason: str


@dataclass
class PlanResult:
    province: str
    year: int
    status: Literal["optimal", "feasible"]
    objective: float
    bound: float
    desks: list[PlannedDesk]
    unplanned: list[Unplanned]
    seconds: float = 0.0

    @property
    def gap(self) -> float:
        """Relative distance to CP-SAT's bound (0 when optimal)."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / self.objective)
