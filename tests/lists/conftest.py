import datetime

import pytest

from mahalleh.agencies.models import ServiceAxis
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ResolutionFactory,
)


def add_rows(province, county, n: int) -> None:
    """``n`` rows on every list page, each with the related rows its table shows."""
    axis, _ = ServiceAxis.objects.get_or_create(code="health", defaults={"name": "سلامت"})
    body = BodyFactory(province=province)
    for i in range(n):
        NeighborhoodFactory(county=county, population=1000 + i, target_since=datetime.date(2022, 3, 21))
        agency = AgencyFactory(province=province, county=county if i % 2 else None)
        agency.axes.add(axis)
        meeting = MeetingFactory(body=body, date=datetime.date(2022, 7, 14) + datetime.timedelta(days=i))
        resolution = ResolutionFactory(meeting=meeting, due_date=datetime.date(2022, 8, 1))
        AssignmentFactory(resolution=resolution, agency=agency)
        AssignmentFactory(resolution=resolution, agency=AgencyFactory(province=province), is_lead=False)


@pytest.fixture
def rows(province, county):
    return lambda n: add_rows(province, county, n)
