import pytest


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Sign-in tests check many passwords; the slow default hasher adds nothing to what they test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_axes_handler():
    """Axes memoizes its handler instance; each test gets a fresh one."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.get_implementation(force=True)
