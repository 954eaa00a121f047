import pytest

from mahalleh.core.roles import Role
from tests.factories import AgencyFactory, CountyFactory, ProvinceFactory, user_with_role


@pytest.fixture
def far_province(db):
    return ProvinceFactory(name="قم", code="qom")


@pytest.fixture
def agency(province):
    return AgencyFactory(province=province, name="اداره کل ورزش و جوانان استان البرز")


@pytest.fixture
def focal(agency):
    return user_with_role(Role.AGENCY, agency=agency)


@pytest.fixture
def far_focal(far_province):
    return user_with_role(Role.AGENCY, agency=AgencyFactory(province=far_province))


@pytest.fixture
def far_county(far_province):
    return CountyFactory(province=far_province, name="قم")
