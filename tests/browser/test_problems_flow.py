"""Problems at a service desk, end to end in Chromium at phone width (390 px).

A neighborhood manager records five problems at the desk; one save has its response cut (the server
received it, the answer never came back) and the page retries it with the same key: exactly one
problem is made. Each is routed to the agency its category names; the agency sees them in its inbox,
marks one «not responsible» (it returns to the county, which routes it again) and fixes another; the
resident's /track/ page shows the status and nothing personal.
"""

from __future__ import annotations

import pytest

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.roles import Role
from mahalleh.problems import codes
from mahalleh.problems.models import Category, Problem, RoutingRule, Status
from tests.browser.conftest import PHONE
from tests.factories import AgencyFactory, CountyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role

pytestmark = pytest.mark.browser

REPORTER = ("زهرا احمدی", "09123456789")
DESK = [  # (category code, description)
    ("sewage", "پس زدن فاضلاب در کوچه سوم"),
    ("lighting", "خاموشی چراغ‌های بلوار اصلی"),
    ("debris", "نخاله ساختمانی کنار مسجد"),
    ("sports", "نبود سالن ورزشی برای بانوان"),
    ("lighting", "تیر چراغ برق کوچه هفتم افتاده"),
]
CUT = 2  # the third save loses its answer


@pytest.fixture
def desk(transactional_db):
    province = ProvinceFactory(name="البرز", code="alborz")
    county = CountyFactory(province=province, name="کرج")
    hood = NeighborhoodFactory(county=county, name="حصار")
    axis = ServiceAxis.objects.create(code="construction_housing", name="عمران و مسکن", order=3)
    water = AgencyFactory(province=province, name="آبفای استان")
    city = AgencyFactory(province=province, name="شهرداری کرج")
    sport = AgencyFactory(province=province, name="اداره کل ورزش و جوانان")
    agencies = {"sewage": water, "lighting": city, "debris": city, "sports": sport}
    categories = {}
    for order, (code, name) in enumerate((("sewage", "فاضلاب"), ("lighting", "روشنایی معابر"),
                                          ("debris", "نخاله ساختمانی"), ("sports", "سالن ورزشی")), start=1):
        categories[code] = Category.objects.create(axis=axis, code=code, name=name, order=order, service_days=10)
        RoutingRule.objects.create(province=province, category=categories[code], agency=agencies[code])
    return {
        "hood": hood, "categories": categories, "agencies": agencies, "water": water, "city": city,
        "manager": user_with_role(Role.NEIGHBORHOOD, neighborhood=hood),
        "county": user_with_role(Role.COUNTY, county=county),
        "city_focal": user_with_role(Role.AGENCY, agency=city),
    }


def _phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="fa-IR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _record(page, desk, code: str, text: str, *, with_reporter: bool) -> None:
    page.select_option("#id_neighborhood", str(desk["hood"].pk))
    page.select_option("#id_category", str(desk["categories"][code].pk))
    page.fill("#id_description", text)
    if with_reporter:
        page.fill("#id_reporter_name", REPORTER[0])
        page.fill("#id_reporter_mobile", "۰۹۱۲۳۴۵۶۷۸۹")
        page.check("#id_sms_consent")
    page.click("[data-testid=intake-save]")
    page.wait_for_selector("[data-testid=received]")


def _act(page, summary: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None) -> None:
    page.click(f"summary:has-text('{summary}')")
    form = page.locator(f"details:has(summary:has-text('{summary}')) form")
    for name, value in (fill or {}).items():
        form.locator(f"[name={name}]").fill(value)
    for name, value in (select or {}).items():
        form.locator(f"select[name={name}]").select_option(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_a_desk_day_from_intake_to_track(browser, live_server, desk, login, screenshot):
    context, page = _phone(browser, live_server)
    login(page, desk["manager"].username)
    page.goto("/problems/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    cut = {"done": False}

    def cut_once(route, request):  # type: ignore[no-untyped-def]
        if request.method == "POST" and not cut["done"]:
            cut["done"] = True
            route.fetch()  # the server receives and saves it ...
            route.abort()  # ... and the answer is lost on the way back
        else:
            route.continue_()

    for i, (code, text) in enumerate(DESK):
        if i == CUT:
            page.route("**/problems/new/", cut_once)
        _record(page, desk, code, text, with_reporter=(i == 0))
        if i == CUT:
            page.unroute("**/problems/new/")
            assert cut["done"]
        if i == 0:
            screenshot(page, "problems-received-phone")
        page.click("[data-testid=intake-next]")
        page.wait_for_selector("[data-testid=intake-form]")
    problems = list(Problem.objects.order_by("pk"))
    assert [p.description for p in problems] == [text for _, text in DESK]  # the cut save made exactly one
    assert [p.agency for p in problems] == [desk["agencies"][code] for code, _ in DESK]
    assert problems[0].reporter_mobile == REPORTER[1]

    agency_context, agency = _phone(browser, live_server)
    login(agency, desk["city_focal"].username)
    agency.goto("/meetings/inbox/")
    inbox = agency.inner_text("[data-testid=inbox-section-problems_assigned]")
    assert all(p.description[:20] in inbox for p in problems if p.agency == desk["city"])
    refused, fixed = problems[1], problems[2]
    agency.goto(refused.get_absolute_url())
    _act(agency, "در حیطه این دستگاه نیست", fill={"reason": "تیرهای برق با شرکت توزیع برق است"})
    refused.refresh_from_db()
    assert (refused.status, refused.agency) == (Status.NEW, None)
    agency.goto(fixed.get_absolute_url())
    _act(agency, "تغییر وضعیت", select={"status": Status.FIXED}, fill={"text": "نخاله‌ها جمع‌آوری شد"})
    fixed.refresh_from_db()
    assert fixed.status == Status.FIXED
    screenshot(agency, "problems-agency-fixed-phone")

    county_context, county = _phone(browser, live_server)
    login(county, desk["county"].username)
    county.goto("/meetings/inbox/")
    assert refused.description[:20] in county.inner_text("[data-testid=inbox-section-problems_new]")
    county.goto(refused.get_absolute_url())
    _act(county, "پذیرش و ارجاع", select={"agency": str(desk["water"].pk)})
    refused.refresh_from_db()
    assert (refused.status, refused.agency) == (Status.ACCEPTED, desk["water"])

    resident_context, resident = _phone(browser, live_server)
    resident.goto("/track/")
    resident.fill("input[name=code]", codes.display(problems[0].tracking_code))
    resident.keyboard.press("Enter")
    resident.wait_for_load_state("networkidle")
    shown = resident.content()
    assert problems[0].get_status_display() in shown and desk["water"].name in shown
    for personal in (*REPORTER, "۰۹۱۲۳۴۵۶۷۸۹", problems[0].description):
        assert personal not in shown
    screenshot(resident, "problems-track-phone")
    for c in (context, agency_context, county_context, resident_context):
        c.close()
