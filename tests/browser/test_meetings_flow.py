"""The meetings follow-up, end to end in Chromium through the real pages.

The secretariat schedules a meeting, records its resolutions and attendance; an agency reports on its
part; the secretariat accepts one report and returns another; the next meeting's review of previous
resolutions shows where each one stands, and the minutes download as PDF and Word holding every
resolution. Also: overdue is derived when asked (no job runs) and shows on every page and in the API,
and two people saving the same resolution cannot overwrite each other.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import jdatetime
import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text
from pypdf import PdfReader

from mahalleh.core.roles import Role
from mahalleh.core.text import normalize, to_persian_digits
from mahalleh.meetings.models import (
    Attendance,
    DeadlineKind,
    Meeting,
    ProgressReport,
    ReminderSent,
    Resolution,
    ResolutionStatus,
)
from mahalleh.meetings.services._common import CONFLICT_RESOLUTION
from tests.browser.conftest import DESKTOP
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    BodyMembershipFactory,
    MeetingFactory,
    ProvinceFactory,
    ResolutionFactory,
    user_with_role,
)

pytestmark = pytest.mark.browser

TEXTS = [
    "مقرر گردید اداره کل راه و شهرسازی نسبت به آسفالت معابر محله حصار اقدام نماید.",
    "مقرر گردید اداره کل راه و شهرسازی طرح ساماندهی پیاده‌روهای محله را ارائه کند.",
    "مقرر گردید اداره کل بهزیستی گزارش ماهانه خدمات مشاوره خانواده را ارسال نماید.",
]
DEADLINES = ["یک هفته", "دو هفته", "بطور مستمر"]
RETURN_REASON = "مستندات تصویری پیوست نشده است."


# ---- helpers --------------------------------------------------------------------------------------


def _jalali_fa(date: datetime.date) -> str:
    """The date as a secretary types it: Jalali, Persian digits («۱۴۰۵/۰۹/۰۲»)."""
    return to_persian_digits(jdatetime.date.fromgregorian(date=date).strftime("%Y/%m/%d"))


def _words(text: str) -> set[str]:
    """Comparison words: presentation forms folded, letters normalized, ZWNJ dropped (PDFs lose it)."""
    t = normalize(unicodedata.normalize("NFKC", text).replace("\u200c", ""))
    return set(re.findall(r"\w+", t))


_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_DIGIT_RUN = re.compile(r"[0-9۰-۹][0-9۰-۹/:.]*[0-9۰-۹]")


def _pdf_text(data: bytes) -> str:
    """pypdf's logical reading plus pdfminer's visual lines put back in logical order (as in
    tests/minutes/test_export.py): neither extractor alone gets every Persian word right."""
    logical = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    lines = []
    for line in unicodedata.normalize("NFKC", extract_text(io.BytesIO(data))).splitlines():
        if _ARABIC_LETTER.search(line):
            line = _DIGIT_RUN.sub(lambda m: m.group()[::-1], line[::-1])
        lines.append(line)
    return logical + "\n" + "\n".join(lines)


def _docx_text(data: bytes) -> str:
    """The text of word/document.xml, paragraph by paragraph, runs joined."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL)
    return "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)


@pytest.fixture
def new_page(browser, live_server, transactional_db) -> Iterator[Callable[[], object]]:
    """Open further browser contexts (another user, no shared cookies) with the same no-internet guard."""
    allowed = urlsplit(live_server.url).netloc
    contexts, foreign = [], []

    def guard(route, req) -> None:  # type: ignore[no-untyped-def]
        parts = urlsplit(req.url)
        if parts.scheme in {"data", "blob", "about"} or parts.netloc == allowed:
            route.continue_()
        else:
            foreign.append(req.url)
            route.abort()

    def make():  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="fa-IR")
        context.route("**/*", guard)
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        return pg

    yield make
    for context in contexts:
        context.close()
    assert not foreign, f"requests to hosts other than {allowed}: {foreign}"


def _submit(page, label: str = "ذخیره") -> None:
    """Click a form's submit button by its Persian label and wait for the next page."""
    with page.expect_navigation():
        page.locator("form.card button:not([type=button])").filter(has_text=label).first.click()


def _flash(page) -> str:
    return " ".join(page.locator(".alert").all_inner_texts())


def _resolution_url(resolution: Resolution) -> str:
    return f"/meetings/resolutions/{resolution.pk}/"


@pytest.fixture
def registry(transactional_db):
    """A province, its headquarters with two member agencies, a secretariat user and a user of each agency."""
    province = ProvinceFactory(name="البرز", code="alborz")
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان البرز")
    roads = AgencyFactory(province=province, name="اداره کل راه و شهرسازی")
    welfare = AgencyFactory(province=province, name="اداره کل بهزیستی")
    BodyMembershipFactory(body=body, agency=roads)
    BodyMembershipFactory(body=body, agency=welfare)
    return {
        "province": province,
        "body": body,
        "roads": roads,
        "welfare": welfare,
        "secretariat": user_with_role(Role.SECRETARIAT, province=province),
        "roads_user": user_with_role(Role.AGENCY, agency=roads),
        "welfare_user": user_with_role(Role.AGENCY, agency=welfare),
    }


def _schedule(page, body, date: datetime.date, place: str, agenda: str) -> Meeting:
    page.goto("/meetings/new/")
    page.select_option("select[name=body]", str(body.pk))
    page.fill("input[name=date]", _jalali_fa(date))
    page.keyboard.press("Escape")  # close the date picker that opened on focus
    page.fill("input[name=start_time]", "۹:۳۰")
    page.fill("input[name=place]", place)
    page.fill("textarea[name=agenda]", agenda)
    _submit(page)
    match = re.search(r"/meetings/(\d+)/$", page.url)
    assert match, (page.url, _flash(page))
    meeting = Meeting.objects.get(pk=int(match.group(1)))
    assert meeting.date == date
    return meeting


# ---- the whole follow-up -------------------------------------------------------------------------


def test_meeting_follow_up_end_to_end(page, new_page, registry, login, screenshot):
    today = timezone.localdate()
    first_date = today - datetime.timedelta(days=2)
    secretariat, roads, welfare = registry["secretariat"], registry["roads"], registry["welfare"]

    # The secretariat schedules the meeting (Jalali date in Persian digits).
    login(page, secretariat.username)
    meeting = _schedule(page, registry["body"], first_date, "سالن جلسات استانداری", "بررسی وضعیت محلات هدف")
    assert page.locator("h1").inner_text().strip().startswith("اولین جلسه")
    assert _jalali_fa(first_date) in page.locator("main table").first.inner_text()

    # Three resolutions for the two agencies, with deadlines as the minutes write them.
    leads = [roads, roads, welfare]
    for i, (text, deadline, lead) in enumerate(zip(TEXTS, DEADLINES, leads, strict=True)):
        page.goto(f"/meetings/{meeting.pk}/resolutions/new/")
        page.fill("textarea[name=text]", text)
        page.select_option("select[name=lead_agency]", str(lead.pk))
        page.fill("input[name=deadline_raw]", deadline)
        _submit(page, "ذخیره و مصوبه بعدی" if i < 2 else "ذخیره")
        assert "مصوبه ثبت شد" in _flash(page), _flash(page)
    resolutions = list(meeting.resolutions.order_by("number"))
    assert [r.text for r in resolutions] == TEXTS
    assert [r.number for r in resolutions] == [1, 2, 3]
    assert resolutions[0].due_date == first_date + datetime.timedelta(days=7)
    assert resolutions[1].due_date == first_date + datetime.timedelta(days=14)
    assert resolutions[2].deadline_kind == DeadlineKind.CONTINUOUS
    assert page.locator("[data-testid=resolution-row]").count() == 3

    # Attendance: roads present, welfare absent.
    page.goto(f"/meetings/{meeting.pk}/attendance/")
    page.select_option(f"select[name=s{roads.pk}]", Attendance.Status.PRESENT)
    page.fill(f"input[name=r{roads.pk}]", "مهندس کریمی")
    page.select_option(f"select[name=s{welfare.pk}]", Attendance.Status.ABSENT)
    _submit(page, "ثبت")
    assert "حضور و غیاب ثبت شد" in _flash(page)
    absentees = page.locator(".card", has_text="اسامی غایبین")
    assert absentees.inner_text().count("اداره کل") == 1 and "بهزیستی" in absentees.inner_text()
    statuses = dict(meeting.attendances.values_list("agency_id", "status"))
    assert statuses == {roads.pk: Attendance.Status.PRESENT, welfare.pk: Attendance.Status.ABSENT}
    screenshot(page, "meetings_flow-meeting_detail")

    # The roads agency sees its two resolutions (not welfare's) and reports 100% on both.
    agency = new_page()
    login(agency, registry["roads_user"].username)
    agency.goto("/meetings/inbox/")
    rows = agency.locator("[data-testid=inbox-row]")
    assert rows.count() == 2
    inbox_text = rows.all_inner_texts()
    assert any(TEXTS[0][:40] in t for t in inbox_text) and any(TEXTS[1][:40] in t for t in inbox_text)
    assert not any(TEXTS[2][:40] in t for t in inbox_text)
    assert agency.locator("[data-testid=overdue]").count() == 0
    screenshot(agency, "meetings_flow-inbox")
    for resolution in resolutions[:2]:
        agency.goto("/meetings/inbox/")
        agency.locator("[data-testid=inbox-row]", has_text=resolution.text[:40]).get_by_role(
            "link", name="ثبت گزارش"
        ).click()
        agency.wait_for_url(re.compile(r"/report/$"))
        agency.fill("textarea[name=text]", f"اقدام مصوبه {to_persian_digits(resolution.number)} انجام شد.")
        agency.fill("input[name=percent]", "۱۰۰")
        _submit(agency, "ارسال گزارش")
        assert "گزارش ارسال شد" in _flash(agency), _flash(agency)
    reports = {r.assignment.resolution_id: r for r in ProgressReport.objects.select_related("assignment")}
    assert set(reports) == {resolutions[0].pk, resolutions[1].pk}
    assert all(r.percent == 100 and r.status == ProgressReport.Status.SUBMITTED for r in reports.values())

    # The secretariat accepts the first report and returns the second with a reason.
    page.goto(_resolution_url(resolutions[0]))
    with page.expect_navigation():
        page.get_by_role("button", name="پذیرش").click()
    assert "گزارش پذیرفته شد" in _flash(page)
    page.goto(_resolution_url(resolutions[1]))
    page.fill("input[name=reason]", RETURN_REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="برگشت").click()
    assert "برگشت داده شد" in _flash(page)
    assert RETURN_REASON in page.locator("[data-testid=report]").inner_text()
    screenshot(page, "meetings_flow-resolution_returned")
    for r in resolutions:
        r.refresh_from_db()
    assert [r.status for r in resolutions] == [
        ResolutionStatus.DONE,
        ResolutionStatus.RETURNED,
        ResolutionStatus.OPEN,
    ]

    # The agency sees the returned one with its reason; the accepted one left its inbox.
    agency.goto("/meetings/inbox/")
    assert agency.locator("[data-testid=inbox-row]").count() == 1
    returned_row = agency.locator("[data-testid=inbox-row]", has_text=TEXTS[1][:40])
    assert RETURN_REASON in returned_row.inner_text()

    # The next meeting: its review lists what was closed since, what was returned and what is open.
    next_date = today + datetime.timedelta(days=3)
    following = _schedule(page, registry["body"], next_date, "سالن جلسات استانداری", "گزارش محلات")
    assert following.number == 2
    review_link = page.locator("main").get_by_role("link", name="بررسی مصوبات گذشته").first
    with page.expect_navigation():
        review_link.click()
    assert page.url.endswith(f"/meetings/{following.pk}/review/")
    review_rows = page.locator("[data-testid=review-row]")
    assert review_rows.count() == 3
    by_text = {t: review_rows.filter(has_text=t[:40]) for t in TEXTS}
    assert by_text[TEXTS[0]].get_attribute("data-status") == ResolutionStatus.DONE
    assert "انجام‌شده" in by_text[TEXTS[0]].inner_text()
    assert by_text[TEXTS[1]].get_attribute("data-status") == ResolutionStatus.RETURNED
    assert "برگشت‌خورده" in by_text[TEXTS[1]].inner_text()
    assert by_text[TEXTS[2]].get_attribute("data-status") == ResolutionStatus.OPEN
    summary = page.locator("main p.small").first.inner_text()
    assert "انجام‌شده از جلسه قبل: ۱" in summary, summary
    # Overdue as of the new meeting's date: the returned one is not due yet; the continuous one is
    # overdue only if the first meeting's Jalali month has ended by then with no monthly report.
    for r in resolutions:
        r.refresh_from_db()
        expected = 1 if r.is_overdue(next_date) else 0
        assert by_text[r.text].locator("[data-testid=overdue]").count() == expected, r.number
    assert resolutions[1].due_date > next_date
    screenshot(page, "meetings_flow-review")

    # The first meeting's minutes download as PDF and Word and hold every resolution.
    page.goto(f"/meetings/{meeting.pk}/")
    downloads: dict[str, bytes] = {}
    for kind in ("pdf", "docx"):
        with page.expect_download() as info:
            page.click(f"[data-testid={kind}]")
        download = info.value
        assert download.suggested_filename == f"minutes-{meeting.pk}.{kind}"
        downloads[kind] = Path(download.path()).read_bytes()
    assert downloads["pdf"].startswith(b"%PDF")
    pdf_words = _words(_pdf_text(downloads["pdf"]))
    docx = _docx_text(downloads["docx"])
    docx_words = _words(docx)
    for text in TEXTS:
        assert _words(text) <= pdf_words, text
        assert _words(text) <= docx_words, text
    for deadline in DEADLINES:
        assert _words(deadline) <= pdf_words and _words(deadline) <= docx_words, deadline
    # The absent agency is named among the absentees of both files.
    assert _words("اسامی غایبین بهزیستی") <= pdf_words
    assert "بهزیستی" in docx and "غایبین" in docx


# ---- overdue is derived, not stored ---------------------------------------------------------------


def test_overdue_shows_everywhere_without_a_job(page, new_page, registry, login, screenshot):
    today = timezone.localdate()
    body, roads = registry["body"], registry["roads"]
    old = MeetingFactory(body=body, number=1, date=today - datetime.timedelta(days=400))
    late = ResolutionFactory(
        meeting=old,
        number=1,
        text="مقرر گردید مسیل محله اسلام‌آباد لایروبی شود.",
        deadline_raw="یک ماه",
        deadline_kind=DeadlineKind.DURATION,
        deadline_amount=1,
        deadline_unit="month",
        due_date=old.date + datetime.timedelta(days=30),
        status=ResolutionStatus.REPORTED,
    )
    assignment = AssignmentFactory(resolution=late, agency=roads, is_lead=True)
    # A report exists but nobody accepted it: still overdue.
    ProgressReport.objects.create(assignment=assignment, text="در دست اقدام", percent=60)
    on_time = ResolutionFactory(
        meeting=old,
        number=2,
        text="مقرر گردید کلاس‌های مهارت‌آموزی ادامه یابد.",
        deadline_raw="بطور مستمر",
        deadline_kind=DeadlineKind.CONTINUOUS,
        due_date=today + datetime.timedelta(days=20),
    )
    AssignmentFactory(resolution=on_time, agency=roads, is_lead=True)
    current = MeetingFactory(body=body, number=2, date=today, status=Meeting.Status.PLANNED)
    days = (today - late.due_date).days

    # The agency's inbox.
    agency = new_page()
    login(agency, registry["roads_user"].username)
    agency.goto("/meetings/inbox/")
    late_row = agency.locator("[data-testid=inbox-row]", has_text="لایروبی")
    assert (
        late_row.locator("[data-testid=overdue]").inner_text().strip()
        == f"{to_persian_digits(days)} روز تأخیر"
    )
    assert (
        agency.locator("[data-testid=inbox-row]", has_text="مهارت‌آموزی")
        .locator("[data-testid=overdue]")
        .count()
        == 0
    )
    screenshot(agency, "meetings_flow-inbox_overdue")

    login(page, registry["secretariat"].username)
    # The review read out at today's meeting.
    page.goto(f"/meetings/{current.pk}/review/")
    review_late = page.locator("[data-testid=review-row]", has_text="لایروبی")
    assert review_late.locator("[data-testid=overdue]").count() == 1
    assert f"{to_persian_digits(days)} روز" in review_late.inner_text()
    review_on_time = page.locator("[data-testid=review-row]", has_text="مهارت‌آموزی")
    assert review_on_time.locator("[data-testid=overdue]").count() == 0
    screenshot(page, "meetings_flow-review_overdue")

    # The scorecards of the year the meeting was held in.
    page.goto("/meetings/scorecards/")
    page.fill("input[name=year]", to_persian_digits(jdatetime.date.fromgregorian(date=old.date).year))
    with page.expect_navigation():
        page.get_by_role("button", name="نمایش").click()
    row = page.locator("[data-testid=scorecard-row]", has_text=roads.name)
    assert row.locator("[data-testid=overdue]").inner_text().strip() == "۱"

    # The API, with the browser's session.
    response = page.request.get("/api/meetings/resolutions/?status=overdue")
    assert response.status == 200, response.text()
    payload = json.loads(response.text())
    items = payload["items"] if isinstance(payload, dict) else payload
    assert [item["id"] for item in items] == [late.pk]
    assert items[0]["is_overdue"] is True and items[0]["days_overdue"] == days

    # Nothing was written to make it so: no reminder job ran and the stored status is still «reported».
    assert not ReminderSent.objects.exists()
    late.refresh_from_db()
    assert late.status == ResolutionStatus.REPORTED


# ---- two people editing one resolution -----------------------------------------------------------


def test_second_save_of_the_same_resolution_is_refused(page, new_page, registry, login, screenshot):
    body, roads = registry["body"], registry["roads"]
    meeting = MeetingFactory(body=body, number=1, date=timezone.localdate())
    resolution = ResolutionFactory(meeting=meeting, number=1, text="مقرر گردید زمین ورزشی محله تجهیز شود.")
    AssignmentFactory(resolution=resolution, agency=roads, is_lead=True)
    other = user_with_role(Role.SECRETARIAT, province=registry["province"])

    login(page, registry["secretariat"].username)
    second = new_page()
    login(second, other.username)
    edit = f"/meetings/resolutions/{resolution.pk}/edit/"
    page.goto(edit)
    second.goto(edit)

    first_text = "مقرر گردید زمین ورزشی محله حصار تا پایان شهریور تجهیز شود."
    page.fill("textarea[name=text]", first_text)
    _submit(page)
    assert "مصوبه ذخیره شد" in _flash(page)

    second.fill("textarea[name=text]", "مقرر گردید زمین ورزشی محله تعطیل شود.")
    with second.expect_navigation() as nav:
        second.locator("form.card button[type=submit]").filter(has_text="ذخیره").click()
    assert nav.value is not None and nav.value.status == 409
    assert CONFLICT_RESOLUTION in second.locator(".alert-danger").inner_text()
    screenshot(second, "meetings_flow-conflict")

    resolution.refresh_from_db()
    assert resolution.text == first_text
    page.goto(_resolution_url(resolution))
    assert page.locator("[data-testid=resolution-text]").inner_text().strip() == first_text
