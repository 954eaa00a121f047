import pytest
from django.conf import global_settings
from django.core import signals
from django.db import close_old_connections

from mahalleh.core.roles import Role
from tests.factories import CountyFactory, ProvinceFactory, user_with_role


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_BACKEND = "mahalleh.core.notify.memory.InMemorySmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Every factory user's password is hashed; the default hasher's million rounds (about 0.3 s a user)
    # test nothing here. The sign-in tests that count password checks set their own hasher.
    # The others stay to read a hash made outside a test's settings (a module's data built before them).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]


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


@pytest.fixture
def keep_the_connection():
    """For a test that calls the WSGI handler itself: as Django's test client does, a request must not
    close the connection the test's transaction holds (PostgreSQL; SQLite's in-memory database ignores it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
