"""The base layout in a real browser: RTL Persian page, vendored assets only, Jalali date in the footer."""

from __future__ import annotations

import re
from pathlib import Path

import jdatetime
import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.factories import CountyFactory, NeighborhoodFactory

pytestmark = pytest.mark.browser

VERSIONS = Path(__file__).resolve().parents[2] / "src/mahalleh/static/vendor/VERSIONS.txt"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def pinned_version(package: str) -> str:
    """The version VERSIONS.txt records for a vendored npm package."""
    for line in VERSIONS.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if fields and fields[0] == package:
            return fields[1]
    raise AssertionError(f"{package} is not listed in {VERSIONS}")


def test_login_page_is_rtl_persian_with_vendored_assets_only(page):
    response = page.goto("/accounts/login/")
    assert response is not None and response.status == 200
    page.evaluate("document.fonts.ready")

    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["fa", "rtl"]

    # Vazirmatn: a face of that family is registered and loaded, and the body uses it.
    vazirmatn_loaded = page.evaluate(
        """() => [...document.fonts].some(
               f => f.family.replace(/["']/g, '') === 'Vazirmatn' && f.status === 'loaded')"""
    )
    assert vazirmatn_loaded
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body_font.split(",")[0].strip().strip("\"'") == "Vazirmatn"

    # Bootstrap's RTL build: its `.text-start` aligns to the right (the LTR build aligns left).
    text_start_align = page.evaluate(
        """() => { const el = document.createElement('div'); el.className = 'text-start';
                   document.body.append(el); const a = getComputedStyle(el).textAlign; el.remove(); return a; }"""
    )
    assert text_start_align == "right"
    assert page.evaluate("typeof window.bootstrap?.Collapse") == "function"

    assert page.evaluate("window.htmx && window.htmx.version") == pinned_version("htmx.org")
    assert page.evaluate("typeof window.jalaliDatepicker?.startWatch") == "function"

    # The footer shows today in Tehran as a Jalali date in Persian digits.
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    expected = f"{today.year:04d}/{today.month:02d}/{today.day:02d}".translate(PERSIAN_DIGITS)
    footer_date = page.inner_text("footer .today-jalali").strip()
    assert footer_date == expected
    assert re.fullmatch(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", footer_date)

    # Everything came from the live server: the font file, Bootstrap, htmx, our script.
    assert page.foreign_requests == []
    requested = " ".join(page.requested)
    for asset in ("Vazirmatn-Regular.woff2", "bootstrap.rtl.min.css", "htmx.min.js", "js/app.js"):
        assert asset in requested, f"{asset} was not requested"


def test_wrong_password_shows_persian_error_and_keeps_form(page, secretariat):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", secretariat.username)
    page.fill("input[name=password]", "not-the-password")
    page.click("form button[type=submit]")
    page.wait_for_selector(".alert-danger")
    assert "نام کاربری یا گذرواژه نادرست است" in page.inner_text(".alert-danger")
    assert page.input_value("input[name=username]") == secretariat.username


def test_navbar_collapses_on_a_phone_and_logout_posts(page, secretariat, login, screenshot):
    page.set_viewport_size(PHONE)
    login(page, secretariat.username)
    links = page.locator("#main-nav")
    assert not links.is_visible()
    page.click(".navbar-toggler")
    page.locator("#main-nav.show").wait_for()  # Bootstrap adds .show when the opening animation ends
    assert page.locator("#main-nav a[href='/places/neighborhoods/']").is_visible()
    assert page.locator("#main-nav").get_by_text(secretariat.username).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "home_menu_open-phone")

    page.click("#main-nav form button[type=submit]")
    page.wait_for_url("**/accounts/login/**")
    assert page.locator("input[name=password]").is_visible()


def test_double_submit_guard_disables_submit_buttons(page):
    page.goto("/accounts/login/")
    # Count submissions and keep the page where it is (a listener on window runs after app.js's
    # listener on document, which has then already seen a normal, not-prevented submit).
    page.evaluate(
        """() => { window.submits = 0;
                   window.addEventListener('submit', e => { window.submits += 1; e.preventDefault(); }); }"""
    )
    page.evaluate("document.querySelector('form button[type=submit]').click()")
    page.wait_for_function("document.querySelector('form button[type=submit]').disabled")
    # The second tap of an impatient user does not submit again.
    page.evaluate("document.querySelector('form button[type=submit]').click()")
    assert page.evaluate("window.submits") == 1


def shown_value(page):
    """The text in the date box as a person sees it (its ``value`` property is the picker's, in Latin digits)."""
    return page.evaluate(
        "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').get"
        ".call(document.querySelector('input[data-jdp]'))"
    )


def test_jalali_date_picker_fills_a_date_input_with_persian_digits(page, secretariat, login, screenshot):
    hood = NeighborhoodFactory(county=CountyFactory(province=secretariat.role_assignments.get().province))
    login(page, secretariat.username)
    response = page.goto(f"/places/neighborhoods/{hood.pk}/edit/")
    assert response is not None and response.status == 200
    # A date typed (or rendered) in Persian digits opens the picker on that month.
    page.fill("input[data-jdp]", "۱۴۰۱/۰۴/۲۳")
    page.click("h1")
    page.click("input[data-jdp]")
    page.locator("jdp-container").wait_for(state="visible")
    assert page.input_value("jdp-container .jdp-year select") == "1401"
    assert page.input_value("jdp-container .jdp-month select") == "4"
    screenshot(page, "date_picker-desktop")
    # What the box shows stays Persian while it has focus (issue 9, point 18: digits do not flip)
    assert shown_value(page) == "۱۴۰۱/۰۴/۲۳"
    page.locator("jdp-container .jdp-btn-today").click()
    value = shown_value(page)
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    assert value == f"{today.year:04d}/{today.month:02d}/{today.day:02d}".translate(PERSIAN_DIGITS)
