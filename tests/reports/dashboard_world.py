"""A province with every kind of row the dashboards count, another province beside it, and a user of each
role (tests/reports/test_dashboards.py, tests/reports/test_map.py, tests/browser/test_dashboards.py)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from mahalleh.accounts.models import User
from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.roles import Role
from mahalleh.desks.models import Campaign, CampaignVisit, Desk, DeskAgency
from mahalleh.meetings.models import Attendance, ResolutionStatus
from mahalleh.places.models import County, Neighborhood, Province
from mahalleh.problems.models import Category, Problem, Status
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    CountyFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ProvinceFactory,
    ResolutionFactory,
    user_with_role,
)

_codes = itertools.count(10_000_000_000)
ROLES = ("national", "secretariat", "governor", "county", "agency", "neighborhood")


@dataclass
class World:
    province: Province
    far: Province
    counties: list[County]
    hoods: list[Neighborhood]
    agencies: list[Agency]
    users: dict[str, User]


def _axes() -> tuple[list[ServiceAxis], list[Category]]:
    axes, cats = [], []
    for i, (code, name) in enumerate([("health", "سلامت و درمان"), ("sports", "ورزش و جوانان")]):
        axis, _ = ServiceAxis.objects.get_or_create(code=f"t-{code}", defaults={"name": name, "order": 50 + i})
        axes.append(axis)
        for j in range(2):
            cat, _ = Category.objects.get_or_create(code=f"t-{code}-{j}", defaults={"axis": axis, "name": f"{name} {j}"})
            cats.append(cat)
    return axes, cats


def fill(province: Province, counties: list[County], hoods: list[Neighborhood], agencies: list[Agency]) -> None:
    """One round of rows of every kind in ``province`` (call it again for more rows of the same shape)."""
    today = timezone.localdate()
    now = timezone.now()
    axes, cats = _axes()
    statuses = [Status.NEW, Status.ACCEPTED, Status.IN_PROGRESS, Status.FIXED, Status.CLOSED]
    for i, (hood, cat, status) in enumerate(itertools.product(hoods, cats, statuses)):
        agency = agencies[i % len(agencies)]
        fixed = status in (Status.FIXED, Status.CLOSED)
        p = Problem.objects.create(
            neighborhood=hood, category=cat, description=f"مشکل {i}", tracking_code=str(next(_codes)), status=status,
            agency=agency, due_date=today - datetime.timedelta(days=3 if i % 2 else -5),
            acknowledged_at=now if status != Status.NEW else None, fixed_at=now if fixed else None)
        Problem.objects.filter(pk=p.pk).update(created_at=now - datetime.timedelta(days=2 + i % 7))
    body = BodyFactory(province=province)
    county_body = BodyFactory(province=province, county=counties[0], kind="county_hq")
    for b in (body, county_body):
        meeting = MeetingFactory(body=b, date=today - datetime.timedelta(days=20))
        for k, agency in enumerate(agencies):
            Attendance.objects.create(meeting=meeting, agency=agency,
                                      status=[Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.DEPUTY][k % 3])
        specs = [
            (ResolutionStatus.OPEN, today - datetime.timedelta(days=2), None),  # overdue
            (ResolutionStatus.IN_PROGRESS, today + datetime.timedelta(days=9), None),  # open, not due
            (ResolutionStatus.DONE, today - datetime.timedelta(days=5), today - datetime.timedelta(days=7)),  # on time
            (ResolutionStatus.DONE, today - datetime.timedelta(days=9), today - datetime.timedelta(days=4)),  # late
            (ResolutionStatus.CANCELLED, None, None),
        ]
        for k, (status, due, done) in enumerate(specs):
            r = ResolutionFactory(meeting=meeting, status=status, due_date=due, done_at=done)
            r.axes.add(axes[k % 2])
            r.neighborhoods.add(hoods[k % len(hoods)])
            AssignmentFactory(resolution=r, agency=agencies[k % len(agencies)])
            if len(agencies) > 1:
                AssignmentFactory(resolution=r, agency=agencies[(k + 1) % len(agencies)], is_lead=False)
    for k, (hood, status) in enumerate(itertools.product(hoods, list(Desk.Status))):
        desk = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hood.county, neighborhood=hood, status=status,
                                   date=today - datetime.timedelta(days=10 + k), end_time=datetime.time(19, 30))
        DeskAgency.objects.create(desk=desk, agency=agencies[k % len(agencies)])
    campaign = Campaign.objects.create(province=province, name=f"پویش لبخند {Campaign.objects.count() + 1}",
                                       lead=agencies[0], services="ویزیت", start=today - datetime.timedelta(days=30),
                                       end=today + datetime.timedelta(days=300))
    for k, hood in enumerate(hoods):
        CampaignVisit.objects.create(campaign=campaign, neighborhood=hood, date=today - datetime.timedelta(days=k),
                                     delivered_on=today if k % 2 == 0 else None)


def build(*, coords: bool = True) -> World:
    province = ProvinceFactory(code="alborz-t", name="البرز")
    far = ProvinceFactory(code="far-t", name="استان دور")
    counties = [CountyFactory(province=province, name=n) for n in ("کرج", "فردیس")]
    spots = [(counties[0], 35.83, 50.99), (counties[0], 35.84, 51.01), (counties[1], 35.73, 50.99)]
    hoods = [NeighborhoodFactory(county=c, name=f"محله {c.name} {i}", latitude=lat if coords else None,
                                 longitude=lng if coords else None) for i, (c, lat, lng) in enumerate(spots)]
    agencies = [AgencyFactory(province=province, name=f"اداره کل {n}") for n in ("ورزش", "بهزیستی", "آبفا")]
    fill(province, counties, hoods, agencies)
    far_county = CountyFactory(province=far, name="شهرستان دور")
    far_hood = NeighborhoodFactory(county=far_county, name="محله دور", latitude=35.6, longitude=51.4)
    fill(far, [far_county], [far_hood], [AgencyFactory(province=far, name="اداره دور")])
    users = {
        "national": user_with_role(Role.NATIONAL),
        "secretariat": user_with_role(Role.SECRETARIAT, province=province),
        "governor": user_with_role(Role.GOVERNOR, province=province),
        "county": user_with_role(Role.COUNTY, county=counties[0]),
        "agency": user_with_role(Role.AGENCY, agency=agencies[0]),
        "neighborhood": user_with_role(Role.NEIGHBORHOOD, neighborhood=hoods[0]),
    }
    return World(province, far, counties, hoods, agencies, users)


def more(world: World, times: int) -> None:
    """``times`` more rounds of rows, with new neighborhoods and agencies each round."""
    for _ in range(times):
        hood = NeighborhoodFactory(county=world.counties[1], latitude=35.72, longitude=50.98)
        agency = AgencyFactory(province=world.province)
        fill(world.province, world.counties, [*world.hoods, hood], [*world.agencies, agency])


def cells(groups: list[Any]) -> list[tuple[str, str, Any, str]]:
    """Every linked count of the dashboard: (group, row label, value, url)."""
    return [(g.key, row.label, cell.value, cell.url) for g in groups for row in g.rows for cell in row.cells
            if cell.url and isinstance(cell.value, int)]
