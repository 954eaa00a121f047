import pytest

from mahalleh.core.roles import Role
from tests.factories import CountyFactory, ProvinceFactory, user_with_role


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_BACKEND = "mahalleh.core.notify.memory.InMemorySmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def province(db):
    return ProvinceFactory(name="البرز", code="alborz")


@pytest.fixture
def county(province):
    return CountyFactory(province=province, name="کرج")


@pytest.fixture
def other_county(province):
    return CountyFactory(province=province, name="نظرآباد")


@pytest.fixture
def secretariat(province):
    return user_with_role(Role.SECRETARIAT, province=province)


@pytest.fixture
def county_user(county):
    return user_with_role(Role.COUNTY, county=county)
