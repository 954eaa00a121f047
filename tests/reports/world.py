"""A neighborhood with some of everything its profile reads, ``n`` of each, for the reports' tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.text import to_persian_digits
from mahalleh.desks.models import Campaign, CampaignVisit, Desk, DeskAgency
from mahalleh.places.models import NeighborhoodDocument, NeighborhoodNeed, NeighborhoodPerson
from mahalleh.problems.codes import generate as generate_code
from mahalleh.problems.models import Category, Problem
from mahalleh.reports.models import Indicator, IndicatorValue
from tests.factories import AgencyFactory, BodyFactory, ContactFactory, MeetingFactory, ResolutionFactory


def axis(code: str = "sports_youth", name: str = "ورزش و جوانان", order: int = 5) -> ServiceAxis:
    return ServiceAxis.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0]


def indicator(code: str = "sports-space", name: str = "سرانه فضای ورزشی", **kw) -> Indicator:
    return Indicator.objects.get_or_create(code=code, defaults={"axis": kw.pop("axis", None) or axis(), "name": name,
                                                                "unit": "متر مربع", **kw})[0]


def fill(hood, n: int, *, tag: str = "") -> None:
    """``n`` of every part of the profile in ``hood`` (call again with another ``tag`` to add more)."""
    province = hood.county.province
    today = timezone.localdate()
    agency = AgencyFactory(province=province, name=f"اداره کل ورزش {tag}")
    body = BodyFactory(province=province, name=f"قرارگاه {tag}")
    category, _ = Category.objects.get_or_create(code="sewage", defaults={"axis": axis("construction_housing", "عمران", 3),
                                                                        "name": "فاضلاب"})
    campaign = Campaign.objects.create(province=province, name=f"پویش لبخند {tag}", lead=agency, services="ویزیت",
                                       start=datetime.date(2025, 3, 21), end=datetime.date(2027, 3, 20))
    for k in range(n):
        i = to_persian_digits(k)  # names as a person writes them: no Latin digit on the pages
        ContactFactory(neighborhood=hood, full_name=f"مدیر {tag}{i}")
        Problem.objects.create(neighborhood=hood, category=category, agency=agency, description=f"فاضلاب {tag}{i}",
                               tracking_code=generate_code())
        meeting = MeetingFactory(body=body, date=datetime.date(2025, 7, 1) + datetime.timedelta(days=k))
        ResolutionFactory(meeting=meeting, text=f"مقرر شد {tag}{i} در محله انجام شود.").neighborhoods.add(hood)
        held = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hood.county, neighborhood=hood,
                                   date=today - datetime.timedelta(days=30 + 7 * k + 100 * len(tag)),
                                   end_time=datetime.time(18), status=Desk.Status.HELD)
        DeskAgency.objects.create(desk=held, agency=agency)
        Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hood.county, neighborhood=hood,
                            date=today + datetime.timedelta(days=7 + 7 * k + 100 * len(tag)), end_time=datetime.time(18),
                            status=Desk.Status.ANNOUNCED)
        NeighborhoodPerson.objects.create(neighborhood=hood, kind="elite", full_name=f"نخبه {tag}{i}", mobile="09120000000")
        NeighborhoodNeed.objects.create(neighborhood=hood, kind="sports_space", title=f"زمین {tag}{i}", quantity=Decimal(800))
        NeighborhoodDocument.objects.create(neighborhood=hood, title=f"سند {tag}{i}", date=datetime.date(2025, 1, 1) + datetime.timedelta(days=k))
        ind = indicator(f"ind-{tag}{k}", f"شاخص {tag}{i}")
        IndicatorValue.objects.create(indicator=ind, neighborhood=hood, kind="baseline", date=datetime.date(2025, 4, 9), value=10)
        IndicatorValue.objects.create(indicator=ind, neighborhood=hood, kind="measured", date=datetime.date(2025, 9, 23), value=14)
        IndicatorValue.objects.create(indicator=ind, neighborhood=hood, kind="measured", date=datetime.date(2026, 4, 9), value=16)
        IndicatorValue.objects.create(indicator=ind, neighborhood=hood, kind="target", date=datetime.date(2027, 3, 20), value=20)
    CampaignVisit.objects.create(campaign=campaign, neighborhood=hood, date=datetime.date(2025, 6, 1),
                                 delivered_on=datetime.date(2025, 6, 1), service=f"ویزیت {tag}", people_served=40)
