"""Screenshots of the neighborhood's profile at phone and desktop widths, and its print version."""

from __future__ import annotations

import pytest

from mahalleh.core.roles import Role
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CountyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role
from tests.reports.world import fill

pytestmark = pytest.mark.browser

SIZES = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.fixture
def hesar(transactional_db):
    province = ProvinceFactory(name="البرز", code="alborz")
    county = CountyFactory(province=province, name="کرج")
    hood = NeighborhoodFactory(county=county, name="حصار خروجی ملک‌آباد", population=21700, households=5974, is_target=True,
                               house_name="خانه محله حصار", house_address="کرج، خیابان اصلی حصار")
    fill(hood, 3)
    return {"user": user_with_role(Role.SECRETARIAT, province=province), "hood": hood}


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
def test_the_profile_at_phone_and_desktop_widths(page, hesar, login, screenshot, size, request):
    page.set_viewport_size(size)
    login(page, hesar["user"].username)
    page.goto(f"/places/neighborhoods/{hesar['hood'].pk}/")
    page.get_by_test_id("neighborhood-profile").click()
    page.wait_for_url(f"**/reports/neighborhoods/{hesar['hood'].pk}/")
    page.evaluate("document.fonts.ready")
    assert page.locator("h1").inner_text().strip() == "شناسنامه محله حصار خروجی ملک‌آباد"
    assert page.get_by_text("شاخص‌ها به تفکیک محور").is_visible()
    assert page.locator("svg.indicator-chart").count() == 3
    assert page.get_by_text("۲۱٬۷۰۰", exact=False).first.is_visible()
    assert no_horizontal_overflow(page), page.evaluate("""[...document.querySelectorAll('body *')].filter(e => {
        const r = e.getBoundingClientRect(); return r.left < -1 || r.right > window.innerWidth + 1;
    }).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().left) + '/' + Math.round(e.getBoundingClientRect().right))""")
    screenshot(page, f"profile-{request.node.callspec.id}")


def test_the_print_version_has_no_menu_and_prints_every_part(page, hesar, login, screenshot):
    login(page, hesar["user"].username)
    page.goto(f"/reports/neighborhoods/{hesar['hood'].pk}/?print=1")
    page.evaluate("document.fonts.ready")
    assert page.locator("nav.navbar").count() == 0
    page.emulate_media(media="print")
    assert page.get_by_text("مصوباتی که این محله را نام برده‌اند").is_visible()
    screenshot(page, "profile-print")


@pytest.mark.parametrize("size", SIZES)
def test_an_excel_import_reports_the_bad_rows_then_keeps_the_good_ones(page, hesar, login, screenshot, size, request):
    from tests.places.test_lists import workbook

    page.set_viewport_size(size)
    login(page, hesar["user"].username)
    hood = hesar["hood"]
    page.goto(f"/places/neighborhoods/{hood.pk}/lists/active_woman/import/")
    data = workbook([["مریم کاظمی", "۰۹۱۲۱۲۳۴۵۶۷", "", "", "", "1403/02/15", ""],
                     ["فاطمه صادقی", "0912", "", "", "", "1403/02/31", ""]],
                    headers=["نام و نام خانوادگی", "تلفن همراه", "کد ملی", "گروه سنی", "رشته / مهارت", "تاریخ ثبت", "توضیح"])
    page.set_input_files("input[name=file]", files=[{"name": "women.xlsx", "mimeType": "application/octet-stream", "buffer": data}])
    page.get_by_role("button", name="بررسی و ثبت").click()
    report = page.get_by_test_id("import-report")
    assert "ردیف ۳، ستون تلفن همراه" in report.inner_text()
    assert page.get_by_test_id("import-rejected").is_visible()
    screenshot(page, f"list-import-report-{request.node.callspec.id}")
    page.set_input_files("input[name=file]", files=[{"name": "women.xlsx", "mimeType": "application/octet-stream", "buffer": data}])
    page.get_by_label("فقط ردیف‌های درست ثبت شوند و ردیف‌های نادرست گزارش شوند").check()
    page.get_by_role("button", name="بررسی و ثبت").click()
    assert "ردیف ۳، ستون تلفن همراه" in page.get_by_test_id("import-skipped").inner_text()
    assert hood.people.filter(kind="active_woman").count() == 1
