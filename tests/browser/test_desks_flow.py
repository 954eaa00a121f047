"""Service desks end to end in Chromium (issue 11, «It must show»).

1. The year planned by the province secretariat (objective and bound shown), seen on the month
   calendar and the agency × neighborhood coverage matrix; a provincial agency invited to two desks
   confirms one from its inbox and sends a named deputy to the other; a desk held at phone width by
   the county's staff (announced, three problems through the desk's intake, two sign-ups, held); its
   summary PDF names the problems' category and the sign-ups' program; a re-plan leaves it as it was.
2. The desk's own intake through a dead network: three problems kept on the device, sent once each
   when the network returns, linked to the desk; a second sync makes nothing new.

A desk is held only on or after its day, and the coming year (1406 in 1405) lies wholly ahead. So the desk to
hold comes from a plan of the year we are in, made from the plan page with «از تاریخ» set six weeks
back: the planner itself puts desks on past Wednesdays, and the re-plan (the same year, the same start)
covers the held desk's date, so keeping it is the planner's doing, not a date outside its window.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from mahalleh.core.jalali import (
    format_jalali,
    format_jalali_long,
    from_jalali,
    jalali_month_length,
    to_jalali,
)
from mahalleh.core.roles import Role
from mahalleh.core.text import to_persian_digits
from mahalleh.desks import plans
from mahalleh.desks.models import Desk, DeskAgency, DeskPlan, NeighborhoodNeed, SignUp
from mahalleh.problems import codes
from mahalleh.problems.models import Category, Problem
from tests.browser.conftest import PHONE, login
from tests.desks.test_plans import world  # noqa: F401  (the province fixture)
from tests.factories import user_with_role
from tests.minutes.test_export import _pdf_text

pytestmark = pytest.mark.browser

YEAR = to_jalali(timezone.localdate()).year + 1  # the coming year, planned whole: 1406 while this is 1405
DEPUTY = "مهندس علی کریمی"
PROBLEMS = ["جای سرپوشیده برای والیبال ندارد", "زمین چمن مصنوعی خراب است", "استخر محله ساخته نشده است"]
PROGRAM = "ورزش بانوان و کودکان"
SIGNUPS = [("مریم رضایی", "۰۹۱۲۱۱۱۲۲۳۳", "adult"), ("سارا احمدی", "09351234567", "child")]


@pytest.fixture
def contexts(browser, live_server) -> Iterator:
    """``open(viewport)`` makes a fresh context and page that refuse every host but the live server."""
    allowed = urlsplit(live_server.url).netloc
    made: list = []
    foreign: list[str] = []

    def guard(route, req) -> None:  # type: ignore[no-untyped-def]
        parts = urlsplit(req.url)
        if parts.scheme in {"data", "blob", "about"} or parts.netloc == allowed:
            route.continue_()
        else:
            foreign.append(req.url)
            route.abort()

    def open_(viewport: dict[str, int]):  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="fa-IR", accept_downloads=True)
        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(20_000)
        made.append(context)
        return context, page

    yield open_
    for context in made:
        context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


def _fits_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _plan(page, year: int, start: datetime.date | None = None) -> DeskPlan:
    """Plan ``year`` from the plan page (the form's «ساخت برنامه»), as the secretariat."""
    before = DeskPlan.objects.count()
    page.goto("/desks/plan/")
    page.fill("#plan-year", to_persian_digits(str(year)))
    page.fill("#plan-from", to_persian_digits(format_jalali(start, persian_digits=False)) if start else "")
    with page.expect_navigation():
        page.click("[data-testid=plan-run]")
    assert "برنامه سالانه ساخته" in page.inner_text("body"), page.inner_text("main")[:500]
    assert DeskPlan.objects.count() == before + 1
    return DeskPlan.objects.order_by("-pk").first()


def _move(page, status: str, label: str) -> None:
    with page.expect_navigation():
        page.click(f"[data-testid=desk-move-{status}]")
    assert page.inner_text("[data-testid=desk-status]") == label


def test_plan_the_year_answer_hold_a_desk_and_replan(contexts, world, screenshot):  # noqa: F811
    started = time.monotonic()
    hoods, water = world["hoods"], world["water"]
    NeighborhoodNeed.objects.create(neighborhood=hoods[4], agency=water)  # the water company: two neighborhoods
    secretariat = user_with_role(Role.SECRETARIAT, province=world["province"])
    focal = user_with_role(Role.AGENCY, agency=water)
    _, office = contexts({"width": 1366, "height": 900})
    login(office, secretariat.username)

    # Plan the coming year: every desk of it, objective and bound shown.
    plan = _plan(office, YEAR)
    facts = office.inner_text("[data-testid=plan-facts]")
    assert plan.year == YEAR and plan.status in ("optimal", "feasible") and plan.bound <= plan.objective + 1e-6
    assert f"مقدار هدف {to_persian_digits(f'{plan.objective:.0f}')}" in facts
    assert f"کران {to_persian_digits(f'{plan.bound:.0f}')}" in facts
    directors = list(Desk.objects.filter(plan=plan, kind=Desk.Kind.DIRECTORS).order_by("date"))
    coming = Desk.objects.filter(plan=plan).count()
    assert {d.neighborhood_id for d in directors} == {h.pk for h in hoods}
    assert all(to_jalali(d.date).year == YEAR and d.date.weekday() == 2 for d in directors)
    screenshot(office, "desks-plan-coming-year")

    # The calendar on a month that has desks: each of them links to its page.
    first = directors[0]
    j = to_jalali(first.date)
    office.goto(f"/desks/?year={YEAR}&month={j.month}")
    month_start = from_jalali(YEAR, j.month, 1)
    month = Desk.objects.filter(date__gte=month_start,
                                date__lt=month_start + datetime.timedelta(days=jalali_month_length(YEAR, j.month)))
    links = office.eval_on_selector_all("[data-testid=calendar-desk]", "links => links.map(a => a.pathname)")
    assert sorted(links) == sorted(d.get_absolute_url() for d in month) and first.get_absolute_url() in links
    assert first.neighborhood.name in office.inner_text("[data-testid=desk-calendar]")

    # The coverage matrix: the planned cells of the agencies the problems call for.
    office.goto(f"/desks/coverage/?year={YEAR}")
    matrix = office.locator("[data-testid=coverage]")
    for agency in (world["sport"], water):
        row = matrix.locator("tbody tr", has=office.locator("th", has_text=agency.name))
        assert row.locator("td[data-state=planned]").count() >= (6 if agency == world["sport"] else 2)
    assert matrix.locator("td[data-state=planned]").count() >= 8

    # The water company's focal point: two invitations in the inbox; confirm one, a deputy to the other.
    invited = list(DeskAgency.objects.filter(agency=water, desk__plan=plan).order_by("desk__date"))
    assert len(invited) == 2
    _, agency = contexts({"width": 1366, "height": 900})
    login(agency, focal.username)
    agency.goto("/meetings/inbox/")
    section = agency.locator("[data-testid=inbox-section-desk_invitations]")
    rows = section.locator("[data-testid=inbox-desk]")
    assert "دعوت به میز خدمت" in agency.inner_text("main") and rows.count() == 2
    assert sorted(rows.evaluate_all("links => links.map(a => a.pathname)")) == sorted(
        i.desk.get_absolute_url() for i in invited)
    for invitation, answer, deputy in ((invited[0], "confirmed", ""), (invited[1], "deputy", DEPUTY)):
        agency.goto("/meetings/inbox/")
        with agency.expect_navigation():
            agency.click(f"[data-testid=inbox-desk][href='{invitation.desk.get_absolute_url()}']")
        mine = agency.locator("[data-testid=desk-agency]", has_text=water.name)
        form = mine.locator("[data-testid=answer-form]")
        form.locator("select[name=answer]").select_option(answer)
        if deputy:
            form.locator("[name=deputy_name]").fill(deputy)
        with agency.expect_navigation():
            form.locator("button[type=submit]").click()
        assert "پاسخ شما به دعوت میز ثبت شد" in agency.inner_text("body")
        invitation.refresh_from_db()
        assert (invitation.answer, invitation.deputy_name) == (answer, deputy)
    assert f"نماینده: {DEPUTY}" in agency.inner_text("[data-testid=desk-agencies]")
    agency.goto("/meetings/inbox/")
    answered = agency.inner_text("[data-testid=inbox-section-desk_invitations]")
    assert "حضور تأیید شد" in answered and DEPUTY in answered

    # The year we are in, planned from six weeks back: the planner puts desks on past Wednesdays.
    today = timezone.localdate()
    start = today - datetime.timedelta(days=42)
    now_year = to_jalali(start).year
    current = _plan(office, now_year, start)
    assert Desk.objects.filter(plan=plan).count() == coming > 0  # planning this year leaves the coming year's plan
    assert [(i.answer, i.deputy_name) for i in DeskAgency.objects.filter(pk__in=[i.pk for i in invited])
            .order_by("desk__date")] == [("confirmed", ""), ("deputy", DEPUTY)]
    past = list(Desk.objects.filter(plan=current, date__lte=today, neighborhood__isnull=False).order_by("-date"))
    assert past, "no neighborhood desk planned on a past Wednesday"
    desk = max(past, key=lambda d: (d.agencies.count(), d.kind == Desk.Kind.DIRECTORS, d.date))
    guests = sorted(desk.agencies.values_list("agency__name", flat=True))
    county_user = user_with_role(Role.COUNTY, county=desk.county)

    # Hold it at phone width as the county's staff.
    _, phone = contexts(PHONE)
    login(phone, county_user.username)
    phone.goto(desk.get_absolute_url())
    assert phone.inner_text("[data-testid=desk-status]") == "برنامه‌ریزی‌شده"
    _fits_phone(phone)
    _move(phone, "announced", "اعلام‌شده")
    hall = Category.objects.get(code="hall")
    phone.click("[data-testid=desk-intake]")
    for text in PROBLEMS:
        phone.wait_for_selector("[data-testid=intake-form]")
        assert phone.input_value("#id_neighborhood") == str(desk.neighborhood_id)  # the desk's, fixed
        _fits_phone(phone)
        phone.select_option("#id_category", str(hall.pk))
        phone.fill("#id_description", text)
        phone.click("[data-testid=intake-save]")
        phone.wait_for_selector("[data-testid=received]")
        phone.click("[data-testid=intake-next]")  # back to the same desk's intake
        phone.wait_for_url(f"**/desks/{desk.pk}/intake/")
    assert sorted(desk.problems.values_list("description", flat=True)) == sorted(PROBLEMS)
    phone.goto(desk.get_absolute_url())
    phone.click("[data-testid=desk-signup]")
    for name, mobile, age in SIGNUPS:
        phone.wait_for_selector("[data-testid=signup-form]")
        _fits_phone(phone)
        phone.fill("[name=program]", PROGRAM)
        phone.fill("[name=name]", name)
        phone.fill("[name=mobile]", mobile)
        phone.select_option("[name=age_group]", age)
        with phone.expect_navigation():
            phone.click("[data-testid=signup-form] button[type=submit]")
        assert "ثبت‌نام انجام شد" in phone.inner_text("body")
    assert sorted(SignUp.objects.filter(desk=desk).values_list("name", flat=True)) == sorted(n for n, _, _ in SIGNUPS)
    phone.goto(desk.get_absolute_url())
    _move(phone, "held", "برگزار شد")
    body = phone.inner_text("main")
    assert "مشکلات ثبت‌شده در میز (۳)" in body and f"{PROGRAM}: ۲" in body
    _fits_phone(phone)
    screenshot(phone, "desk-held-phone")

    # The summary PDF: the problems' category and the sign-ups' program in its text.
    with phone.expect_download() as download_info:
        phone.click("[data-testid=desk-summary-pdf]")
    download = download_info.value
    with open(download.path(), "rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF") and download.suggested_filename == f"desk-{desk.pk}-summary.pdf"
    text = _pdf_text(data).replace("\u200c", "")  # the extractors drop the zero-width non-joiner
    assert hall.name in text and PROGRAM in text, text[:1000]
    assert "مشکلات ثبتشده (۳)" in text and "ثبتنامها (۲)" in text, text[:1000]
    for problem in desk.problems.all():
        shown = to_persian_digits(codes.display(problem.tracking_code))  # an LTR run in RTL: either group order
        assert shown in text or "-".join(reversed(shown.split("-"))) in text, shown

    # Re-plan the same year from the same start: the held desk stays as it was.
    desk.refresh_from_db()
    kept = (desk.date, desk.kind, desk.neighborhood_id, desk.status, guests)
    again = _plan(office, now_year, start)
    assert again.pk != current.pk and not Desk.objects.filter(plan=current, status=Desk.Status.PLANNED).exists()
    desk.refresh_from_db()
    assert (desk.date, desk.kind, desk.neighborhood_id, desk.status,
            sorted(desk.agencies.values_list("agency__name", flat=True))) == kept
    assert Desk.objects.filter(neighborhood=desk.neighborhood, kind=desk.kind,
                               date__range=plans.year_bounds(now_year)).count() == 1  # no second visit planned
    phone.goto(desk.get_absolute_url())
    assert phone.inner_text("[data-testid=desk-status]") == "برگزار شد"
    assert format_jalali_long(desk.date) in phone.inner_text("[data-testid=desk-facts]")
    shown = phone.locator("[data-testid=desk-agency] > div > span:first-child").all_inner_texts()
    assert sorted(shown) == guests
    assert "مشکلات ثبت‌شده در میز (۳)" in phone.inner_text("main")
    assert time.monotonic() - started < 60


def _until(page, script: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out: {script}"
        page.wait_for_timeout(100)


def _wait_waiting(page, n: int) -> None:
    page.wait_for_selector(f"[data-testid=offline-queue][data-waiting='{n}']", state="attached")


def test_the_desk_day_offline(contexts, world):  # noqa: F811
    hood = world["hoods"][0]
    desk = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hood.county, neighborhood=hood,
                               status=Desk.Status.ANNOUNCED, date=timezone.localdate(), end_time=datetime.time(17, 5))
    county_user = user_with_role(Role.COUNTY, county=hood.county)
    hall = Category.objects.get(code="hall")
    before = Problem.objects.count()
    context, page = contexts(PHONE)
    login(page, county_user.username)
    intake = f"/desks/{desk.pk}/intake/"
    page.goto(intake)
    _until(page, "navigator.serviceWorker.controller !== null")
    _until(page, """async () => {
        for (const name of await caches.keys()) {
            if (name.startsWith('mahalleh-pages-') && await (await caches.open(name)).match(location.href)) return true;
        }
        return false;
    }""")  # the worker keeps this very page for a dead network

    context.set_offline(True)
    for i, text in enumerate(PROBLEMS):
        assert page.input_value("#id_neighborhood") == str(hood.pk)
        page.select_option("#id_category", str(hall.pk))
        page.fill("#id_description", text)
        page.click("[data-testid=intake-save]")
        _wait_waiting(page, i + 1)
    assert "۳ مشکل در انتظار ارسال" in page.inner_text("[data-testid=offline-count]")
    assert Problem.objects.count() == before and desk.problems.count() == 0
    _fits_phone(page)

    context.set_offline(False)  # the `online` event sends them
    _wait_waiting(page, 0)
    assert sorted(desk.problems.values_list("description", flat=True)) == sorted(PROBLEMS)
    assert Problem.objects.count() == before + 3
    assert "۳ مشکل نگه‌داشته فرستاده و ثبت شد" in page.inner_text("[data-testid=offline-queue]")

    page.reload()  # a second sync: nothing waits, nothing new
    page.wait_for_selector("[data-testid=intake-form]")
    _wait_waiting(page, 0)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(300)
    _wait_waiting(page, 0)
    assert desk.problems.count() == 3 and Problem.objects.count() == before + 3
