"""Screenshots of the neighborhood pages at phone and desktop widths, as a secretariat user."""

from __future__ import annotations

import pytest

from mahalleh.core.roles import Role
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    ContactFactory,
    CountyFactory,
    NeighborhoodFactory,
    ProvinceFactory,
    user_with_role,
)

pytestmark = pytest.mark.browser

SIZES = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.fixture
def neighborhoods(transactional_db):
    province = ProvinceFactory(name="البرز", code="alborz")
    county = CountyFactory(province=province, name="کرج")
    hesar = NeighborhoodFactory(county=county, name="حصار خروجی ملک‌آباد", population=23500, households=6100)
    NeighborhoodFactory(county=county, name="اسلام‌آباد کرج")
    ContactFactory(neighborhood=hesar, full_name="زهرا احمدی")
    user = user_with_role(Role.SECRETARIAT, province=province)
    return {"user": user, "hesar": hesar}


def assert_no_horizontal_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )


@pytest.mark.parametrize("size", SIZES)
def test_neighborhood_list(page, neighborhoods, login, screenshot, size, request):
    page.set_viewport_size(size)
    login(page, neighborhoods["user"].username)
    response = page.goto("/places/neighborhoods/")
    assert response is not None and response.status == 200
    page.evaluate("document.fonts.ready")
    assert page.get_by_role("link", name="حصار خروجی ملک‌آباد").is_visible()
    assert page.get_by_role("link", name="اسلام‌آباد کرج").is_visible()
    assert_no_horizontal_overflow(page)
    screenshot(page, f"neighborhood_list-{request.node.callspec.id}")


@pytest.mark.parametrize("size", SIZES)
def test_neighborhood_detail(page, neighborhoods, login, screenshot, size, request):
    page.set_viewport_size(size)
    login(page, neighborhoods["user"].username)
    response = page.goto(f"/places/neighborhoods/{neighborhoods['hesar'].pk}/")
    assert response is not None and response.status == 200
    page.evaluate("document.fonts.ready")
    assert page.locator("h1").inner_text().strip() == "محله حصار خروجی ملک‌آباد"
    assert page.get_by_text("۲۳٬۵۰۰").first.is_visible()
    # The secretariat's role needs the neighborhood's contacts, so the manager is listed.
    assert page.get_by_text("زهرا احمدی").is_visible()
    assert_no_horizontal_overflow(page)
    screenshot(page, f"neighborhood_detail-{request.node.callspec.id}")
