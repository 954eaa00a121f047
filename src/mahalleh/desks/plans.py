"""The year's plan from and to the database: ``build_input`` reads a province (its target
neighborhoods, the agencies their prioritized open problems call for, working Wednesdays, unavailable
dates, the desks already held or announced) into ``planning.inputs``; ``save_plan`` writes what the
solver gave back as «planned» desks, replacing the last plan's planned desks from the start date to the
year's end (another year's plan stays)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from mahalleh.agencies.models import Agency, AgencyLevel
from mahalleh.core.actors import Actor
from mahalleh.core.audit import record_event
from mahalleh.core.jalali import from_jalali
from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of
from mahalleh.core.services import DomainError, NotAllowed, acts, idempotent
from mahalleh.core.workdays import WorkCalendar
from mahalleh.desks import services
from mahalleh.desks.models import (
    DESK_START,
    AgencyUnavailability,
    Desk,
    DeskAgency,
    DeskPlan,
    NeighborhoodNeed,
    PlanSettings,
)
from mahalleh.desks.planning import inputs as plan_inputs
from mahalleh.desks.planning.solver import plan as solve
from mahalleh.desks.services import provincial
from mahalleh.places.models import County, Neighborhood, Province
from mahalleh.problems.selectors import prioritized_open_by_neighborhood

WEDNESDAY, FRIDAY = 2, 4


@dataclass
class Prepared:
    """A plan's input and the rows its keys stand for (keys are primary keys as strings)."""

    input: plan_inputs.PlanInput
    province: Province
    start: datetime.date
    end: datetime.date
    neighborhoods: dict[str, Neighborhood]
    counties: dict[str, County]  # by name: a county's key in the plan is its name (the reasons name it)
    agencies: dict[str, Agency]


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the Jalali year."""
    return from_jalali(year, 1, 1), from_jalali(year + 1, 1, 1) - datetime.timedelta(days=1)


def planning_start(year: int, *, from_date: datetime.date | None = None, today: datetime.date | None = None) -> datetime.date:
    """From tomorrow during the year (``from_date`` sets another day); a coming year from its first day."""
    first, last = year_bounds(year)
    start = from_date or (today or timezone.localdate()) + datetime.timedelta(days=1)
    if start > last:
        raise DomainError("سال برنامه گذشته است؛ سال جاری یا آینده را انتخاب کنید.")
    return max(first, start)


def _settings(province: Province) -> plan_inputs.Settings:
    row = PlanSettings.objects.filter(province=province).first()
    if row is None:
        return plan_inputs.Settings()
    return plan_inputs.Settings(
        desks_per_wednesday=row.desks_per_wednesday, desks_per_wednesday_per_county=row.desks_per_wednesday_per_county,
        directors_per_desk=row.directors_per_desk, min_weeks_between_visits=row.min_weeks_between_visits,
        desks_per_agency_per_month=row.desks_per_agency_per_month,
    )


def build_input(province: Province, year: int, *, from_date: datetime.date | None = None,
                today: datetime.date | None = None, time_limit_s: float | None = None) -> Prepared:
    start = planning_start(year, from_date=from_date, today=today)
    _, end = year_bounds(year)
    calendar = WorkCalendar(start, end)
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    wednesdays = tuple(d for d in days if d.weekday() == WEDNESDAY and calendar.is_working_day(d))
    fridays = tuple(d for d in days if d.weekday() == FRIDAY and calendar.holiday_name(d) is None)

    hoods = list(Neighborhood.objects.filter(county__province=province, is_target=True).select_related("county")
                 .order_by("county__name", "name"))
    problems = prioritized_open_by_neighborhood(hoods)
    by_hand: dict[int, list[Agency]] = {}
    for need in NeighborhoodNeed.objects.filter(neighborhood__in=hoods).select_related("agency").order_by("pk"):
        by_hand.setdefault(need.neighborhood_id, []).append(need.agency)
    branches: dict[tuple[int | None, int | None], Agency] = {  # (county, provincial parent) → the county branch
        (a.county_id, a.parent_id): a for a in Agency.objects.filter(
            province=province, level=AgencyLevel.COUNTY, is_active=True, parent__isnull=False, county__isnull=False)
    }
    agencies: dict[str, Agency] = {}

    def ranked(hood: Neighborhood) -> tuple[int, int, str]:
        ranks = [p.priority_rank for p in problems[hood.pk] if p.priority_rank is not None]
        return (min(ranks) if ranks else 10**6, -len(problems[hood.pk]), hood.name)

    people = []
    for priority, hood in enumerate(sorted(hoods, key=ranked), start=1):
        needs: list[Agency] = []
        county_needs: list[Agency] = []
        agency_rows = [p.agency for p in problems[hood.pk] if p.agency is not None]
        for agency in agency_rows + by_hand.get(hood.pk, []):
            top = provincial(agency) if agency.level != AgencyLevel.PROVINCE else agency
            if top is not None and top not in needs:
                needs.append(top)
            branch = agency if agency.level == AgencyLevel.COUNTY and agency.county_id == hood.county_id else (
                branches.get((hood.county_id, top.pk)) if top is not None else None)
            if branch is not None and branch not in county_needs:
                county_needs.append(branch)
        for a in needs + county_needs:
            agencies[str(a.pk)] = a
        people.append(plan_inputs.Neighborhood(
            key=str(hood.pk), name=hood.name, county=hood.county.name, priority=priority,
            needs=tuple(str(a.pk) for a in needs), county_needs=tuple(str(a.pk) for a in county_needs)))

    fixed = []
    for desk in (Desk.objects.filter(county__province=province, date__range=(year_bounds(year)[0], end),
                                     status__in=[Desk.Status.HELD, Desk.Status.ANNOUNCED],
                                     kind__in=[Desk.Kind.DIRECTORS, Desk.Kind.COUNTY])
                 .select_related("county").prefetch_related("agencies__agency")):
        guests = [i.agency for i in desk.agencies.all()]
        for a in guests:
            agencies[str(a.pk)] = a
        fixed.append(plan_inputs.FixedDesk(
            kind=desk.kind, neighborhood=str(desk.neighborhood_id), county=desk.county.name, date=desk.date,  # type: ignore[arg-type]
            agencies=tuple(str(a.pk) for a in guests), status=desk.status))  # type: ignore[arg-type]
    away: dict[int, set[datetime.date]] = {}
    for row in AgencyUnavailability.objects.filter(agency_id__in=[a.pk for a in agencies.values()], date__range=(start, end)):
        away.setdefault(row.agency_id, set()).add(row.date)
    counties = {c.name: c for c in County.objects.filter(province=province)}  # names are unique in a province
    settings = _settings(province)
    if time_limit_s is not None:
        settings = plan_inputs.Settings(**{**settings.__dict__, "time_limit_s": time_limit_s})
    inp = plan_inputs.PlanInput(
        province=province.name, year=year, wednesdays=wednesdays, neighborhoods=tuple(people),
        agencies=tuple(plan_inputs.Agency(key=k, name=a.name, unavailable=frozenset(away.get(a.pk, ())))
                       for k, a in sorted(agencies.items())),
        fixed=tuple(fixed), settings=settings, fridays={key: fridays for key in counties},
    )
    return Prepared(input=inp, province=province, start=start, end=end,
                    neighborhoods={str(h.pk): h for h in hoods}, counties=counties, agencies=agencies)


def run(province: Province, year: int, **kwargs: Any) -> tuple[Prepared, plan_inputs.PlanResult]:
    prepared = build_input(province, year, **kwargs)
    return prepared, solve(prepared.input)


def _hhmm(t: datetime.time) -> str:
    return t.strftime("%H:%M")


def as_json(prepared: Prepared, result: plan_inputs.PlanResult) -> dict[str, Any]:
    """The ``plan-visits --json`` object: names as stored, Jalali dates ``YYYY/MM/DD`` in Latin digits."""
    from mahalleh.core.jalali import format_jalali

    desks = []
    for d in result.desks:
        hood = prepared.neighborhoods.get(d.neighborhood) if d.neighborhood else None
        county = prepared.counties[d.county]
        try:
            end, _ = services.end_time(county=county, neighborhood=hood, date=d.date)
            finish = _hhmm(end)
        except DomainError:
            finish = ""
        desks.append({
            "kind": d.kind, "status": d.status, "neighborhood": hood.name if hood else None, "county": county.name,
            "date_jalali": format_jalali(d.date, persian_digits=False), "start": _hhmm(DESK_START), "end": finish,
            "agencies": [prepared.agencies[a].name for a in d.agencies if a in prepared.agencies],
        })
    unplanned = [{
        "kind": u.kind, "neighborhood": prepared.neighborhoods[u.neighborhood].name if u.neighborhood else None,
        "agency": prepared.agencies[u.agency].name if u.agency and u.agency in prepared.agencies else None,
        "reason": u.reason,
    } for u in result.unplanned]
    return {"province": prepared.province.name, "year": result.year, "status": result.status,
            "objective": result.objective, "bound": result.bound, "desks": desks, "unplanned": unplanned}


@transaction.atomic
def save_plan(prepared: Prepared, result: plan_inputs.PlanResult, *, actor: Actor | None) -> DeskPlan:
    """Keep the plan and put its desks on the calendar as «planned»; the previous plan's planned desks
    from the start date to the year's end go (held and announced desks, desks put in by hand, and the
    desks of another year's plan stay)."""
    plan = DeskPlan.objects.create(
        province=prepared.province, year=result.year, from_date=prepared.start, status=result.status,
        objective=result.objective, bound=result.bound, seconds=result.seconds,
        options=dict(prepared.input.settings.__dict__), created_by_id=getattr(actor, "pk", None),
        unplanned=[{"kind": u.kind, "neighborhood": u.neighborhood, "agency": u.agency, "reason": u.reason}
                   for u in result.unplanned],
    )
    replaced = Desk.objects.filter(county__province=prepared.province, date__range=(prepared.start, prepared.end),
                                   status=Desk.Status.PLANNED, plan__isnull=False)  # this year's only
    # An agency's answer to a planned desk is kept when the new plan puts the same desk on the same day.
    answers = {(i.desk.kind, i.desk.neighborhood_id, i.desk.county_id, i.desk.date, i.agency_id): i
               for i in DeskAgency.objects.filter(desk__in=replaced).exclude(answer=DeskAgency.Answer.INVITED)
               .select_related("desk")}
    replaced.delete()
    made = 0
    for d in result.desks:
        if d.status != "planned":
            continue
        hood = prepared.neighborhoods.get(d.neighborhood) if d.neighborhood else None
        county = prepared.counties[d.county]
        end, by_hand = services.end_time(county=county, neighborhood=hood, date=d.date)
        desk = Desk.objects.create(
            kind=d.kind, county=county, neighborhood=hood, date=d.date, end_time=end, end_is_override=by_hand,
            place=services.default_place(hood, county, d.kind), host=services.host_of(county), plan=plan,
            created_by_id=getattr(actor, "pk", None))
        for key in d.agencies:  # one by one: each invitation is audited
            if key in prepared.agencies:
                agency = prepared.agencies[key]
                kept = answers.get((desk.kind, desk.neighborhood_id, desk.county_id, desk.date, agency.pk))
                DeskAgency.objects.create(
                    desk=desk, agency=agency, **({} if kept is None else {
                        "answer": kept.answer, "deputy_name": kept.deputy_name, "answered_by_id": kept.answered_by_id,
                        "answered_at": kept.answered_at}))
        made += 1
    record_event(plan, "desk_plan_saved", desks=made, unplanned=len(result.unplanned))
    return plan


@acts
@idempotent
def plan_year(*, actor: Actor, province: Province, year: int, from_date: datetime.date | None = None,
              idempotency_key: uuid.UUID | None = None) -> DeskPlan:
    """Solve the year and save it (the plan page's one call): the same form twice makes one plan."""
    from mahalleh.desks.permissions import may_plan

    if not may_plan(actor) or province.pk not in scope_of(actor).provinces_with(Role.SECRETARIAT):
        raise NotAllowed("برنامه سالانه میزها با دبیرخانه قرارگاه استان است.")
    prepared, result = run(province, year, from_date=from_date)
    return save_plan(prepared, result, actor=actor)


def agencies_named(keys: Iterable[str], prepared: Prepared) -> list[str]:
    return [prepared.agencies[k].name for k in keys if k in prepared.agencies]
