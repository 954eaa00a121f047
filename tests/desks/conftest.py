import datetime

import pytest

from mahalleh.agencies.models import AgencyKind, AgencyLevel
from mahalleh.core.roles import Role
from tests.factories import AgencyFactory, NeighborhoodFactory, user_with_role

WEDNESDAY = datetime.date(2026, 12, 9)  # 1405/09/18, a working Wednesday
LAST_WEDNESDAY = datetime.date(2026, 12, 2)  # the day before «today» in these tests
HOLIDAY_WEDNESDAY = datetime.date(2026, 6, 24)  # an official holiday on a Wednesday
FRIDAY = datetime.date(2026, 12, 4)


@pytest.fixture
def hesar(county):
    county.latitude, county.longitude = 35.84, 50.94
    county.save()
    return NeighborhoodFactory(county=county, name="حصار", latitude=35.83, longitude=50.97)


@pytest.fixture
def governorate(county, province):
    return AgencyFactory(province=province, county=county, level=AgencyLevel.COUNTY, kind=AgencyKind.GOVERNORATE,
                         name="فرمانداری کرج")


@pytest.fixture
def sport(province):
    return AgencyFactory(province=province, name="اداره کل ورزش و جوانان")


@pytest.fixture
def welfare(province):
    return AgencyFactory(province=province, name="اداره کل بهزیستی")


@pytest.fixture
def sport_focal(sport):
    return user_with_role(Role.AGENCY, agency=sport)


@pytest.fixture
def hesar_manager(hesar):
    return user_with_role(Role.NEIGHBORHOOD, neighborhood=hesar)
