"""Browser-test harness: Debian's chromium driven by Playwright's sync API against pytest-django's live_server.

Every page records the URLs it requests; a request to any host but the live server's is aborted and
fails the test, because the app must work on an intranet with no internet (no CDN, no web fonts).
Without /usr/bin/chromium the tests are skipped, except on CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM refuses to run while
# a loop is running ("async unsafe") even though the tests' own ORM calls are plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    """Logging in through the form hashes the password; PBKDF2 would cost about a second per login."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One chromium for the whole session (starting it costs about a second)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests must run on CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, transactional_db, request) -> Iterator:
    """A fresh browser context (no cookies) at desktop size whose relative URLs go to the live server.

    ``page.requested`` lists every URL requested; ``page.foreign_requests`` those to another host,
    which are aborted and fail the test at teardown.
    """
    allowed = urlsplit(live_server.url).netloc
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="fa-IR")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.requested = []
    pg.foreign_requests = []

    def guard(route, req) -> None:  # type: ignore[no-untyped-def]
        parts = urlsplit(req.url)
        pg.requested.append(req.url)
        if parts.scheme in LOCAL_SCHEMES or parts.netloc == allowed:
            route.continue_()
        else:
            pg.foreign_requests.append(req.url)
            route.abort()

    context.route("**/*", guard)
    yield pg
    context.close()
    if pg.foreign_requests:
        pytest.fail(f"requests to hosts other than {allowed}: {pg.foreign_requests}")


def login(page, username: str, password: str = "pass-1234") -> None:
    """Sign in through the login form and wait until the app has redirected away from it."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under test-artifacts/screenshots/ (gitignored) and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(name="login")
def login_fixture() -> Callable[..., None]:
    return login


@pytest.fixture(name="screenshot")
def screenshot_fixture() -> Callable[..., Path]:
    return screenshot
